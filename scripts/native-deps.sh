# Sourced by ./gpuspectral and scripts/test: make sure OpenBLAS + LAPACKE are present for the LAPACK backend.
# Installs them with apt-get when missing and possible (Debian/Ubuntu, root); otherwise prints a warning and the
# program falls back to the managed solver.
have_lapack() {
  ldconfig -p 2>/dev/null | grep -q 'liblapacke\.so' && ldconfig -p 2>/dev/null | grep -qE 'libopenblas|libcblas\.so|libblas\.so'
}

ensure_lapack() {
  have_lapack && return 0
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    echo "gpuspectral: installing OpenBLAS + LAPACKE (apt-get install libopenblas0-pthread liblapacke)..." >&2
    if ! DEBIAN_FRONTEND=noninteractive apt-get install -y -qq libopenblas0-pthread liblapacke >/dev/null 2>&1; then
      apt-get update -qq >/dev/null 2>&1 || true
      DEBIAN_FRONTEND=noninteractive apt-get install -y -qq libopenblas0-pthread liblapacke >/dev/null 2>&1 || true
    fi
  fi
  if ! have_lapack; then
    echo "gpuspectral: warning: OpenBLAS/LAPACKE not found and not installable here; using the slower managed solver" >&2
    echo "             (as root on Debian/Ubuntu: apt-get install libopenblas0-pthread liblapacke)" >&2
  fi
}
