#!/usr/bin/env bash
# Copy Noto Sans JP (fontsource, OFL) weights 400 and 700 into the static files: the woff2
# files and each weight's stylesheet, the .woff fallbacks dropped (every supported browser
# reads woff2, and collectstatic must find every file a stylesheet names).
set -euo pipefail
src=${1:?fontsource package folder}
dest=${2:?destination folder}
mkdir -p "$dest/files"
for weight in 400 700; do
  cp "$src"/files/noto-sans-jp-*-"$weight"-normal.woff2 "$dest/files/"
  sed -E "s#, url\\(\\./files/[^)]*\\.woff\\) format\\('woff'\\)##" "$src/$weight.css" > "$dest/$weight.css"
done
cp "$src/LICENSE" "$dest/LICENSE" 2>/dev/null || true
