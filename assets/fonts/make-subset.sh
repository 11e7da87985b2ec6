#!/usr/bin/env bash
# Regenerates assets/fonts/NotoSansSC-CT11.otf: a subset of Noto Sans CJK SC (SIL OFL 1.1)
# from Debian's fonts-noto-cjk, for embedding in the egui app (see README.md beside this file).
#
# Usage: assets/fonts/make-subset.sh            (from anywhere)
#   MANUAL=path/to/ct11-at-manual.zh.txt   override where the Chinese manual is looked for
#   SRC_TTC=path/to/NotoSansCJK-Regular.ttc override the source collection
# Installs fonts-noto-cjk and fonttools with apt-get if they are missing (needs root).
set -euo pipefail

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
REPO=$(cd "$HERE/../.." && pwd)
SRC_TTC=${SRC_TTC:-/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc}
FONT_NUMBER=2                       # face 2 of the collection is "Noto Sans CJK SC" (checked below)
OUT="$HERE/NotoSansSC-CT11.otf"
MAX_BYTES=$((2 * 1024 * 1024))

if [[ -z ${MANUAL:-} ]]; then
    for m in "$REPO/../shared/manual/ct11-at-manual.zh.txt" "$REPO/shared/manual/ct11-at-manual.zh.txt"; do
        [[ -f $m ]] && { MANUAL=$m; break; }
    done
fi
[[ -n ${MANUAL:-} && -f $MANUAL ]] || { echo "make-subset: manual not found; set MANUAL=..." >&2; exit 1; }

# --- dependencies -----------------------------------------------------------------------------
find_py() {
    local p
    for p in python3 /usr/bin/python3; do
        if command -v "$p" >/dev/null && "$p" -c 'import fontTools.subset' 2>/dev/null; then
            echo "$p"; return 0
        fi
    done
    return 1
}
need=()
[[ -f $SRC_TTC ]] || need+=(fonts-noto-cjk)
find_py >/dev/null || need+=(fonttools)
if ((${#need[@]})); then
    if [[ $(id -u) -eq 0 ]] && command -v apt-get >/dev/null; then
        echo "make-subset: installing ${need[*]}"
        export DEBIAN_FRONTEND=noninteractive
        apt-get update -qq
        apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
    else
        echo "make-subset: missing ${need[*]} and cannot apt-get install (not root?)" >&2
        exit 1
    fi
fi
PY=$(find_py)

# --- which face -------------------------------------------------------------------------------
family=$("$PY" -c 'import sys; from fontTools.ttLib import TTFont
print(TTFont(sys.argv[1], fontNumber=int(sys.argv[2]), lazy=True)["name"].getDebugName(1))' \
    "$SRC_TTC" "$FONT_NUMBER")
[[ $family == "Noto Sans CJK SC" ]] || { echo "make-subset: face $FONT_NUMBER is '$family', not SC" >&2; exit 1; }

# --- character set ----------------------------------------------------------------------------
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT
"$PY" - "$MANUAL" "$REPO/src" >"$TMP/unicodes.txt" <<'PYEOF'
import pathlib, sys
cps = set()
RANGES = [
    (0x0020, 0x007E),  # ASCII
    (0x00A0, 0x00FF),  # Latin-1 supplement
    (0x2000, 0x206F),  # General punctuation
    (0x2100, 0x218F),  # Letterlike symbols, number forms (℃ Ⅰ Ⅱ ...)
    (0x2190, 0x21FF),  # Arrows
    (0x2200, 0x22FF),  # Mathematical operators (≤ ≥ ≠ ...)
    (0x2460, 0x24FF),  # Enclosed alphanumerics (① ② ...)
    (0x2500, 0x25FF),  # Box drawing, block elements, geometric shapes (● ▶ ■ ...)
    (0x2600, 0x27BF),  # Miscellaneous symbols, dingbats (⚠ ✓ ... where the font has them)
    (0x3000, 0x303F),  # CJK symbols and punctuation
    (0xFF00, 0xFFEF),  # Half-width and full-width forms (： ， ...)
    (0xFFFD, 0xFFFD),  # Replacement character
]
for a, b in RANGES:
    cps.update(range(a, b + 1))
def gb2312(rows):
    for hi in rows:
        for lo in range(0xA1, 0xFF):
            try:
                yield bytes([hi, lo]).decode("gb2312")
            except UnicodeDecodeError:
                pass
cps.update(ord(c) for c in gb2312(range(0xA1, 0xAA)))   # GB2312 rows 1-9: symbols, kana, Greek, Cyrillic
level1 = list(gb2312(range(0xB0, 0xD8)))                  # GB2312 level-1 hanzi, 0xB0A1..0xD7F9
assert len(level1) == 3755, len(level1)
cps.update(ord(c) for c in level1)
texts = [pathlib.Path(sys.argv[1])]                        # the Chinese AT manual
src = pathlib.Path(sys.argv[2])                           # and the app's own strings, if present:
if src.is_dir():                                          # the code and the message catalogues
    texts += sorted(src.rglob("*.rs")) + sorted(src.rglob("*.ftl"))
for p in texts:
    cps.update(ord(c) for c in p.read_text(encoding="utf-8") if ord(c) >= 0x20)
print("\n".join(f"U+{c:04X}" for c in sorted(cps)))
PYEOF

# --- subset -----------------------------------------------------------------------------------
# Only the 'kern' feature is kept: egui shapes horizontally with default features, and keeping
# 'vert'/'locl'/'aalt'... would pull in ~0.8 MB of alternate glyphs it never shows.
# Vertical-writing tables (vhea, vmtx, VORG) and BASE are not used by egui either. All name
# records are kept, so the copyright and the OFL notice (name IDs 0, 13, 14) stay in the file.
cmd=(pyftsubset "$SRC_TTC" --font-number="$FONT_NUMBER" --unicodes-file="$TMP/unicodes.txt"
     --no-hinting --desubroutinize --layout-features=kern --name-IDs="*"
     "--drop-tables+=BASE,VORG,vhea,vmtx"
     --output-file="$TMP/out.otf")
echo "make-subset: ${cmd[*]}"
"$PY" -m fontTools.subset "${cmd[@]:1}"
mv "$TMP/out.otf" "$OUT"

# --- check ------------------------------------------------------------------------------------
"$PY" - "$OUT" "$MANUAL" "$MAX_BYTES" "$REPO/src" <<'PYEOF'
import os, pathlib, sys
from fontTools.ttLib import TTFont
out, manual, max_bytes = sys.argv[1], sys.argv[2], int(sys.argv[3])
cmap = TTFont(out)["cmap"].getBestCmap()
want = set()
for hi in range(0xB0, 0xD8):
    for lo in range(0xA1, 0xFF):
        try:
            want.add(ord(bytes([hi, lo]).decode("gb2312")))
        except UnicodeDecodeError:
            pass
# (the manual's U+F06C list bullets are private-use Wingdings code points: no font has them)
want |= {ord(c) for c in open(manual, encoding="utf-8").read()
         if ord(c) > 0x7E and not 0xE000 <= ord(c) <= 0xF8FF}
want |= set(range(0x20, 0x7F)) | {ord(c) for c in "：，。、（）；？“”…—✓⚠●▶■"}
# every character of every language's catalogue (zh-Hant adds traditional forms)
for ftl in pathlib.Path(sys.argv[4]).rglob("*.ftl"):
    want |= {ord(c) for c in ftl.read_text(encoding="utf-8") if ord(c) > 0x7E}
missing = sorted(want - set(cmap))
size = os.path.getsize(out)
han = sum(1 for c in cmap if 0x3400 <= c <= 0x9FFF)
print(f"make-subset: {out}: {size} bytes, {len(cmap)} code points ({han} hanzi), "
      f"{len(TTFont(out).getGlyphOrder())} glyphs")
if missing:
    sys.exit("make-subset: missing: " + " ".join(f"U+{c:04X}" for c in missing))
if size > max_bytes:
    sys.exit(f"make-subset: {size} bytes is over the {max_bytes} byte budget")
PYEOF
