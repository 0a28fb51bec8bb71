#!/usr/bin/env bash
# Runs the end-to-end tests against the real desktop binary, under a virtual X display.
# Expects GREFFIER_DESKTOP_BIN (and optionally GREFFIER_CLI_BIN) to point at built
# binaries; scripts/test builds them and calls this. Screenshots go to
# tests/e2e/screenshots/ (ignored by git).
set -euo pipefail
cd "$(dirname "$0")"

: "${GREFFIER_DESKTOP_BIN:?set GREFFIER_DESKTOP_BIN to the built greffier-desktop}"
command -v tauri-driver >/dev/null || { echo "tauri-driver absent (cargo install tauri-driver)" >&2; exit 1; }
command -v WebKitWebDriver >/dev/null || { echo "WebKitWebDriver absent (apt-get install webkit2gtk-driver)" >&2; exit 1; }

WORK="$(mktemp -d -t greffier-e2e.XXXXXX)"
cleanup() { rm -rf "$WORK"; }
trap cleanup EXIT
mkdir -p "$WORK/config" "$WORK/data" "$WORK/home/Documents" "$WORK/runtime"
chmod 700 "$WORK/runtime"

rm -rf screenshots
export GREFFIER_E2E_WORK="$WORK"
export GREFFIER_CONFIG_DIR="$WORK/config"
export GREFFIER_DATA_DIR="$WORK/data"
export XDG_RUNTIME_DIR="$WORK/runtime"
export XDG_DOCUMENTS_DIR="$WORK/home/Documents"
export HOME="$WORK/home"
export NO_AT_BRIDGE=1
export LANG="${LANG:-C.UTF-8}"

# The command is a string for `bash -c`: xvfb-run is a sh script, which drops exported
# bash functions.
if [ -n "${GREFFIER_E2E_SCRIPT:-}" ]; then
  RUN='node "$GREFFIER_E2E_SCRIPT" "$@"'
else
  RUN='node --test --test-concurrency=1 --test-reporter=spec "$@" ./*.test.mjs'
fi

if [ -n "${DISPLAY:-}" ] && [ "${GREFFIER_E2E_USE_DISPLAY:-0}" = 1 ]; then
  bash -c "$RUN" _ "$@"
else
  xvfb-run -a -s "-screen 0 1280x800x24" bash -c "$RUN" _ "$@"
fi
