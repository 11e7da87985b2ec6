#!/usr/bin/env bash
# Start the real window under Xvfb, connected to the built-in simulated module, walk every panel
# in English, Simplified and Traditional Chinese, and save one screenshot per panel and language.
#
#   scripts/screenshots.sh [OUT_DIR]      (default: target/screenshots)
#   LANGS="zh-hant" TABS="mqtt health" scripts/screenshots.sh   only some languages and panels
#
# Needs: xvfb xdotool imagemagick (see .ci/run). Uses a throw-away home so saved settings of a
# real installation neither leak in nor get overwritten.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
OUT=${1:-target/screenshots}
mkdir -p "$OUT"
cargo build --release --quiet
BIN=target/release/ct11-configurator
read -r -a TABS <<<"${TABS:-device network power socket pairing mqtt http terminal profiles health batch}"
SETTLE=${SETTLE:-2.5}   # seconds for the connect + first reads to finish before the picture

TMP_HOME=$(mktemp -d)
export HOME=$TMP_HOME XDG_DATA_HOME=$TMP_HOME/data XDG_CONFIG_HOME=$TMP_HOME/config
export XDG_RUNTIME_DIR=$TMP_HOME/run && mkdir -m 700 -p "$XDG_RUNTIME_DIR"
DISPLAY_NUM=${DISPLAY_NUM:-97}
Xvfb ":$DISPLAY_NUM" -screen 0 1280x860x24 -nolisten tcp >/dev/null 2>&1 &
XVFB=$!
trap 'kill $XVFB 2>/dev/null; rm -rf "$TMP_HOME"' EXIT
export DISPLAY=":$DISPLAY_NUM"
for _ in $(seq 50); do xdotool getdisplaygeometry >/dev/null 2>&1 && break; sleep 0.1; done

read -r -a LANG_LIST <<<"${LANGS:-en zh zh-hant}"
for lang in "${LANG_LIST[@]}"; do
    for tab in "${TABS[@]}"; do
        "$BIN" gui --port sim --connect --lang "$lang" --tab "$tab" >/dev/null 2>&1 &
        APP=$!
        WID=$(xdotool search --sync --name "CT11 Configurator" | head -1)
        xdotool windowmove "$WID" 0 0 windowsize "$WID" 1280 860 || true
        sleep "$SETTLE"
        import -window root "$OUT/$lang-$tab.png"
        kill "$APP" 2>/dev/null || true
        wait "$APP" 2>/dev/null || true
        echo "$OUT/$lang-$tab.png"
    done
done
