#!/usr/bin/env bash
# Regenerates every icon file from icons/ct11-configurator.svg:
#   icons/png/{16,24,32,48,64,128,256,512,1024}.png   (16 and 24 px use small.css: fewer, bolder strokes)
#   icons/ct11-configurator.ico   (16, 24, 32, 48, 64, 128, 256; for the Windows .exe resource)
#   icons/ct11-configurator.icns  (16 .. 1024; for the macOS bundle)
# Needs rsvg-convert (librsvg2-bin) and Python 3 with Pillow (python3-pil); installs them with
# apt-get if missing (needs root).
set -euo pipefail

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
SVG="$HERE/ct11-configurator.svg"
SIZES=(16 24 32 48 64 128 256 512 1024)
SMALL_MAX=24   # at this size and below, rasterise with small.css

find_py() {
    local p
    for p in python3 /usr/bin/python3; do
        if command -v "$p" >/dev/null && "$p" -c 'import PIL' 2>/dev/null; then
            echo "$p"; return 0
        fi
    done
    return 1
}
need=()
command -v rsvg-convert >/dev/null || need+=(librsvg2-bin)
find_py >/dev/null || need+=(python3-pil)
if ((${#need[@]})); then
    if [[ $(id -u) -eq 0 ]] && command -v apt-get >/dev/null; then
        echo "generate: installing ${need[*]}"
        export DEBIAN_FRONTEND=noninteractive
        apt-get update -qq
        apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
    else
        echo "generate: missing ${need[*]} and cannot apt-get install (not root?)" >&2
        exit 1
    fi
fi
PY=$(find_py)

mkdir -p "$HERE/png"
for s in "${SIZES[@]}"; do
    css=()
    ((s <= SMALL_MAX)) && css=(--stylesheet="$HERE/small.css")
    rsvg-convert "${css[@]}" --width="$s" --height="$s" --format=png "$SVG" --output="$HERE/png/$s.png"
done

"$PY" - "$HERE" <<'PYEOF'
import sys
from pathlib import Path
from PIL import Image
here = Path(sys.argv[1])
png = {s: Image.open(here / "png" / f"{s}.png").convert("RGBA")
       for s in (16, 24, 32, 48, 64, 128, 256, 512, 1024)}
for s, im in png.items():
    assert im.size == (s, s), (s, im.size)
ico = [16, 24, 32, 48, 64, 128, 256]
png[256].save(here / "ct11-configurator.ico", format="ICO", sizes=[(s, s) for s in ico],
              append_images=[png[s] for s in ico if s != 256])
print(f"generate: ct11-configurator.ico: {ico}")

# ICNS written by hand: Pillow 9 omits the 16/32 px entries and mislabels the @2x ones.
# Each entry is a PNG (supported since macOS 10.7); type -> pixel size per Apple's icns types.
import struct
ICNS = [("icp4", 16), ("icp5", 32), ("icp6", 64), ("ic07", 128), ("ic08", 256), ("ic09", 512),
        ("ic10", 1024), ("ic11", 32), ("ic12", 64), ("ic13", 512), ("ic14", 1024)]
chunks = b""
for kind, s in ICNS:
    data = (here / "png" / f"{s}.png").read_bytes()
    chunks += kind.encode() + struct.pack(">I", 8 + len(data)) + data
(here / "ct11-configurator.icns").write_bytes(b"icns" + struct.pack(">I", 8 + len(chunks)) + chunks)
print(f"generate: ct11-configurator.icns: {[k for k, _ in ICNS]}")
PYEOF
ls -l "$HERE/png"
