# Sourced by scripts/test: make sure headless Chromium (Debian's chromium package, /usr/bin/chromium) is present for
# the HTML report tests. Installs it with apt-get when missing and possible (Debian/Ubuntu, root); otherwise prints a
# warning, and the browser tests skip (or fail when GPUSPECTRAL_REQUIRE_CHROMIUM=1).
have_chromium() {
  command -v chromium >/dev/null 2>&1 || [ -x /usr/bin/chromium ]
}

ensure_chromium() {
  have_chromium && return 0
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    echo "gpuspectral: installing Chromium for the HTML report tests (apt-get install chromium; a few minutes)..." >&2
    if ! DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null 2>&1; then
      apt-get update -qq >/dev/null 2>&1 || true
      DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null 2>&1 || true
    fi
  fi
  if ! have_chromium; then
    echo "gpuspectral: warning: chromium not found and not installable here; the HTML browser tests will skip" >&2
    echo "             (as root on Debian/Ubuntu: apt-get install chromium)" >&2
    return 1
  fi
}
