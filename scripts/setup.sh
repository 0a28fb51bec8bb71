#!/usr/bin/env bash
# Installs what building and testing Greffier needs on a Debian/Ubuntu machine, and only
# what is missing. Sourced by scripts/run and scripts/test; safe to run again.
set -euo pipefail

# Debian packages: a C toolchain, make and perl (SQLCipher and its vendored OpenSSL are
# built from source by cargo), pkg-config; WebKitGTK and the libraries Tauri 2 links on
# Linux (the desktop window); Node.js and npm (the UI is built with Vite).
GREFFIER_APT_PACKAGES=(build-essential make perl pkg-config ca-certificates file
  libwebkit2gtk-4.1-dev libgtk-3-dev librsvg2-dev libxdo-dev libssl-dev)
# What the tests need besides: the WebDriver of WebKitGTK, a virtual X display, poppler
# (pdftotext) to read exported PDFs back, python3 for small test helpers, xdotool to answer
# the native file dialogs, ImageMagick to grab screenshots of the window, and LibreOffice
# (writer and calc, without GUI) to open every exported DOCX/ODT/ODS/XLSX headless.
GREFFIER_TEST_APT_PACKAGES=(webkit2gtk-driver xvfb xauth xdotool imagemagick poppler-utils python3
  libreoffice-writer-nogui libreoffice-calc-nogui)

as_root() {
  if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi
}

install_missing_apt() {
  local missing=()
  for p in "$@"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
  done
  if [ ${#missing[@]} -gt 0 ]; then
    echo "==> Installation des paquets Debian manquants : ${missing[*]}"
    as_root apt-get update -qq
    as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}"
  fi
}

if command -v dpkg-query >/dev/null 2>&1; then
  if [ "${GREFFIER_SETUP_FOR_TESTS:-0}" = 1 ]; then
    install_missing_apt "${GREFFIER_APT_PACKAGES[@]}" "${GREFFIER_TEST_APT_PACKAGES[@]}"
  else
    install_missing_apt "${GREFFIER_APT_PACKAGES[@]}"
  fi
  if ! command -v npm >/dev/null 2>&1; then
    echo "==> Node.js/npm absents : installation des paquets Debian."
    install_missing_apt nodejs npm
  fi
else
  echo "==> Pas de dpkg : installez vous-même un compilateur C, make, perl, pkg-config, WebKitGTK 4.1 et Node.js." >&2
fi

if ! command -v cargo >/dev/null 2>&1 && [ -x "$HOME/.cargo/bin/cargo" ]; then
  export PATH="$HOME/.cargo/bin:$PATH"
fi
if ! command -v cargo >/dev/null 2>&1; then
  echo "==> Rust (cargo) absent : installation du paquet Debian (Rust ≥ 1.89 requis)."
  install_missing_apt cargo rustc
fi

# Greffier needs Rust >= 1.89 (std file locks); Debian's own package may be older.
rust_minor=$(rustc --version | sed -E 's/^rustc 1\.([0-9]+).*/\1/')
if [ "${rust_minor:-0}" -lt 89 ]; then
  echo "==> $(rustc --version) est trop ancien : Greffier demande Rust 1.89 ou plus récent (rustup)." >&2
  exit 1
fi

# One build cache shared by the run and test commands (and by CI on the same machine).
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$HOME/.cache/greffier/target}"
mkdir -p "$CARGO_TARGET_DIR"

# The UI's npm packages, installed exactly as locked (again only when the lock changed).
ui_install() {
  local stamp="ui/node_modules/.greffier-lock-stamp"
  if [ ! -f "$stamp" ] || ! cmp -s ui/package-lock.json "$stamp"; then
    echo "==> npm ci (ui/)"
    (cd ui && npm ci --no-audit --no-fund)
    cp ui/package-lock.json "$stamp"
  fi
}

# Builds the UI into ui/dist (embedded in the desktop binary at compile time), only when a
# source is newer than the last build: a rebuilt dist makes cargo relink the desktop app.
ui_build() {
  ui_install
  if [ -f ui/dist/index.html ] && [ -z "$(find ui/src ui/index.html ui/vite.config.ts ui/svelte.config.js \
      ui/tsconfig.json ui/package-lock.json -newer ui/dist/index.html -print -quit 2>/dev/null)" ]; then
    echo "==> ui/dist à jour"
    return
  fi
  echo "==> npm run build (ui/)"
  (cd ui && npm run build --silent)
}
