#!/usr/bin/env bash
# Publishes the CLI (src/GpuSpectral.Cli → gpuspectral), the GPU benchmark (bench/GpuSpectral.GpuBench →
# gpuspectral-gpubench) and the in-process test runner (bench/GpuSpectral.DeviceTestRunner →
# gpuspectral-devicetests, with the GPU test assemblies) self-contained for linux-x64, for a GPU box that has the
# NVIDIA driver and the CUDA libraries but no .NET, into out/ (git-ignored), and prints the sizes.
#
#   bench/publish-gpu.sh [--single-file] [--no-archive] [--lapack]
#
# Default (shared): both programs in ONE self-contained folder, out/gpu-bundle/app/, so the .NET runtime is shipped
#   once, then packed as out/gpu-bundle.tar.xz (tar.gz when xz is missing) — the file to carry to the GPU box
#   (target < 60 MB for the device machine's 64 MiB carry limit). On the box:
#     tar -xf out/gpu-bundle.tar.xz -C /tmp && /tmp/app/gpuspectral-gpubench --out results.md
# --single-file: two compressed single-file executables instead (each carries its own runtime: ~2× the size).
# --no-archive:  leave the folder only.
# --lapack:      also copy this machine's LAPACKE + OpenBLAS shared libraries (and their gfortran/quadmath
#                dependencies) into app/lapack/, for the tests' LAPACK reference on a box without them (set
#                LD_LIBRARY_PATH=app/lapack there; bench/gpu-validate.sh does).
# Never trimmed: trimming breaks ILGPU (its context creation fails, "Not supported intrinsic type
#   PTXIntrinsic", measured with PublishTrimmed=true); see bench/README.md "GPU benchmark".
set -euo pipefail
cd "$(dirname "$0")/.."

single=false
archive=true
lapack=false
for a in "$@"; do
  case "$a" in
    --single-file) single=true ;;
    --no-archive) archive=false ;;
    --lapack) lapack=true ;;
    *) echo "usage: $0 [--single-file] [--no-archive] [--lapack]" >&2; exit 2 ;;
  esac
done

out=out/gpu-bundle
rm -rf "$out" out/gpu-bundle.tar.xz out/gpu-bundle.tar.gz
mkdir -p "$out"

common=(
  -c Release -r linux-x64 --self-contained true --nologo
  -p:PublishTrimmed=false
  -p:DebugType=none -p:GenerateDocumentationFile=false
  -p:InvariantGlobalization=true
  -p:SatelliteResourceLanguages=en
)
if $single; then
  common+=(-p:PublishSingleFile=true -p:IncludeNativeLibrariesForSelfExtract=true -p:EnableCompressionInSingleFile=true)
  dotnet publish src/GpuSpectral.Cli/GpuSpectral.Cli.csproj "${common[@]}" -o "$out/cli"
  dotnet publish bench/GpuSpectral.GpuBench/GpuSpectral.GpuBench.csproj "${common[@]}" -o "$out/gpubench"
  dirs=("$out/cli" "$out/gpubench")
else
  # Same solution, same dependency versions: the publishes agree on every shared file. The test runner goes first:
  # it references the benchmark executable through Kernels.Tests and drops framework-dependent copies of its
  # deps/runtimeconfig, which the real publishes below then overwrite.
  dotnet publish bench/GpuSpectral.DeviceTestRunner/GpuSpectral.DeviceTestRunner.csproj "${common[@]}" -o "$out/app"
  dotnet publish src/GpuSpectral.Cli/GpuSpectral.Cli.csproj "${common[@]}" -o "$out/app"
  dotnet publish bench/GpuSpectral.GpuBench/GpuSpectral.GpuBench.csproj "${common[@]}" -o "$out/app"
  dirs=("$out/app")
fi

if $lapack; then
  # The sonames LapackNative looks for, resolved through Debian's alternatives to the OpenBLAS builds.
  mkdir -p "$out/app/lapack"
  cache=$(ldconfig -p)   # read once: awk quitting early would SIGPIPE ldconfig under pipefail
  for lib in liblapacke.so.3 liblapack.so.3 libblas.so.3 libtmglib.so.3 libopenblas.so.0 libgfortran.so.5 libquadmath.so.0; do
    src=$(awk -v l="$lib" '$1 == l && /x86-64/ { print $NF; exit }' <<< "$cache")
    if [ -z "$src" ]; then echo "--lapack: $lib not found by ldconfig (install liblapacke and libopenblas0)" >&2; exit 2; fi
    cp -L "$src" "$out/app/lapack/$lib"
  done
fi

# The commit, for the benchmark header on a box without git (read from COMMIT next to the executable).
commit=$(git rev-parse --short HEAD 2>/dev/null || echo unknown)
if [ -n "$(git status --porcelain 2>/dev/null)" ]; then commit="$commit (working tree had uncommitted changes)"; fi
for d in "${dirs[@]}"; do echo "$commit" > "$d/COMMIT"; done

find "$out" -type f -size +1M -printf '%s\t%p\n' | sort -n | awk -F'\t' '{ printf "%10.1f MB  %s\n", $1/1e6, $2 }'
total=$(du -cb "$out" | tail -1 | cut -f1)
awk -v t="$total" 'BEGIN { printf "folder total: %.1f MB (%.1f MiB) in out/gpu-bundle\n", t/1e6, t/1048576 }'

if $archive; then
  if command -v xz > /dev/null; then
    file=out/gpu-bundle.tar.xz
    tar -C "$out" -cJf "$file" .
  else
    file=out/gpu-bundle.tar.gz
    tar -C "$out" -czf "$file" .
  fi
  size=$(stat -c %s "$file")
  awk -v t="$size" -v f="$file" 'BEGIN { printf "archive: %s %.1f MB (%.1f MiB)\n", f, t/1e6, t/1048576 }'
fi
