#!/usr/bin/env bash
# Installs what building and testing Greffier needs on a Debian/Ubuntu machine, and only
# what is missing. Sourced by scripts/run and scripts/test; safe to run again.
set -euo pipefail

# Debian packages: a C toolchain, make and perl (SQLCipher and its vendored OpenSSL are
# built from source by cargo), pkg-config.
GREFFIER_APT_PACKAGES=(build-essential make perl pkg-config ca-certificates)

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
  install_missing_apt "${GREFFIER_APT_PACKAGES[@]}"
else
  echo "==> Pas de dpkg : installez vous-même un compilateur C, make, perl et pkg-config." >&2
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
