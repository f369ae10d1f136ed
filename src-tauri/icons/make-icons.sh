#!/bin/sh
# Regenerates every icon in this folder from undersigned.svg, the one source (used by `make icons`).
#
# Tauri's CLI (ui/node_modules, installed by `make ui-deps`) renders the desktop set the bundlers
# ask for: 32x32.png, 64x64.png, 128x128.png, 128x128@2x.png, icon.png (512x512, also used by the
# app itself), icon.icns (macOS), icon.ico (Windows: 16-256) and the Square*Logo.png/StoreLogo.png
# of the Windows (AppX) store. It also writes android/ and ios/ folders; we ship desktop only, so
# they are removed.
set -eu

here=$(cd "$(dirname "$0")" && pwd)
ui=$(cd "$here/../../ui" && pwd)

if [ ! -x "$ui/node_modules/.bin/tauri" ]; then
  echo "make-icons.sh: Tauri's CLI is not installed; run 'make ui-deps' (or 'cd ui && npm ci') first" >&2
  exit 1
fi

cd "$ui"
npx --no-install tauri icon "$here/undersigned.svg" -o "$here"
rm -rf "$here/android" "$here/ios"
