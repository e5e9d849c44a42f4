#!/usr/bin/env bash
# plugin-zip.sh [OUT.zip]: builds the igny8 Bridge plugin as an installable zip
# (Plugins > Add New > Upload) with its version stamped: the source's version
# (the plugin header) plus the commit count, e.g. 1.1.0 -> 1.1.0.412, written
# into the header, IGNY8_BRIDGE_VERSION and readme.txt's Stable tag, so every
# build of a newer commit is a newer version to WordPress. The translation
# template languages/igny8-bridge.pot is made from the sources (plugin-pot.py).
set -euo pipefail
cd "$(dirname "$0")/.."
out=$(realpath -m "${1:-igny8-bridge.zip}")
src=wordpress/plugin/igny8-bridge
base=$(sed -n 's/^ \* Version: *//p' "$src/igny8-bridge.php")
n=$(git rev-list --count HEAD 2>/dev/null || echo 0)
version=${IGNY8_PLUGIN_VERSION:-$base.$n}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
cp -r "$src" "$tmp/igny8-bridge"
sed -i -e "s/^ \* Version: .*/ * Version: $version/" \
  -e "s/define('IGNY8_BRIDGE_VERSION', '[^']*')/define('IGNY8_BRIDGE_VERSION', '$version')/" "$tmp/igny8-bridge/igny8-bridge.php"
sed -i "s/^Stable tag: .*/Stable tag: $version/" "$tmp/igny8-bridge/readme.txt"
mkdir -p "$tmp/igny8-bridge/languages"
python3 scripts/plugin-pot.py "$tmp/igny8-bridge" "$tmp/igny8-bridge/languages/igny8-bridge.pot" >/dev/null
rm -f "$out"
(cd "$tmp" && { zip -qr "$out" igny8-bridge 2>/dev/null || python3 -m zipfile -c "$out" igny8-bridge; })
echo "$out $version"
