#!/usr/bin/env bash
# Copies the checkpoints that bench/gpu-validate.sh analyses from ../shared (or $GPUSPECTRAL_SHARED) into
# out/device-data/ (git-ignored), flat, so that the folder can be carried to the GPU box (the device machine takes
# the repository plus named ignored paths, 64 MiB in all; ../shared does not travel).
#
#   bench/stage-device-data.sh [fixtures|data|all]     (default: all)
#
# fixtures: the six WeightWatcher fixtures (~14 MB); data: the trained digits models and PP-OCR (~14 MB).
set -euo pipefail
cd "$(dirname "$0")/.."
shared=${GPUSPECTRAL_SHARED:-../shared}
what=${1:-all}
out=out/device-data
rm -rf "$out"
mkdir -p "$out"
if [ "$what" = fixtures ] || [ "$what" = all ]; then
  for f in conv2d.npz gaussian.npz heavy_tailed.npz mixed.safetensors spikes.npz; do cp "$shared/fixtures/$f" "$out/"; done
  cp -r "$shared/fixtures/tiny_llama" "$out/tiny_llama"
fi
if [ "$what" = data ] || [ "$what" = all ]; then
  cp "$shared/data/digits_lenet/digits_lenet.safetensors" "$shared/data/digits_mlp/digits_mlp.safetensors" \
     "$shared/data/digits_mlp/digits_mlp_bf16.pt" "$shared/data/ppocr/ch_PP-OCRv4_rec_infer.onnx" "$out/"
fi
# The WeightWatcher eigenvalues that some kernel tests read (GPUSPECTRAL_SHARED=out/device-shared on the box).
rm -rf out/device-shared && mkdir -p out/device-shared/fixtures
cp "$shared"/fixtures/expected_*_evals.npz out/device-shared/fixtures/
# LSA on FOLDOC (bench/lsa-device.sh with DATA=out/device-shared/lsa): the corpus, the reference's output and script.
mkdir -p out/device-shared/lsa/foldoc
cp "$shared/data/foldoc/docs.tsv.gz" "$shared/data/foldoc/expected_lsa.json" out/device-shared/lsa/foldoc/
cp "$shared/fixtures/make/lsa_reference.py" "$shared/reference/ks_scan_ref.py" out/device-shared/lsa/
du -sh "$out" out/device-shared
