#!/usr/bin/env bash
# Measure the release binary: its size (stripped), and the time from start to the first visible
# window under Xvfb, RUNS times (default 10), printing every run and the median.
#
#   packaging/measure.sh [BINARY]      (default: target/release/ct11-configurator, built if missing)
#
# "Visible" = the window is mapped (xdotool search --onlyvisible). eframe creates the window hidden
# and shows it after its first frame is painted, so this is the time to the first frame. The window
# is polled every 10 ms: `xdotool search --sync` polls only every 0.5 s, too coarse to time with.
# Each run starts with an empty home (no saved settings), like a first start after installing.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
BIN=${1:-target/release/ct11-configurator}
RUNS=${RUNS:-10}
[[ -x $BIN ]] || cargo build --release --locked
BIN=$(realpath "$BIN")

echo "binary: $BIN"
file -b "$BIN" | cut -d, -f1-2,6-
SIZE=$(stat -c %s "$BIN")
if file -b "$BIN" | grep -q 'not stripped'; then
    strip -o /tmp/ct11-stripped "$BIN"; SIZE=$(stat -c %s /tmp/ct11-stripped); rm -f /tmp/ct11-stripped
fi
echo "size (stripped): $SIZE bytes = $(awk -v s="$SIZE" 'BEGIN{printf "%.1f MiB", s/1048576}')"

TMP=$(mktemp -d)
# A free display number, chosen by Xvfb itself (-displayfd): other Xvfb servers may be running.
start_xvfb() {
    local dfile=$1
    Xvfb -displayfd 3 -screen 0 1280x860x24 -nolisten tcp -noreset 3>"$dfile" >/dev/null 2>&1 &
    XVFB=$!
    for _ in $(seq 100); do [[ -s $dfile ]] && break; sleep 0.1; done
    [[ -s $dfile ]] || { echo "Xvfb did not start" >&2; return 1; }
    export DISPLAY=:$(head -n 1 "$dfile")
}
XVFB=; APP=
trap 'kill $APP $XVFB 2>/dev/null; rm -rf "$TMP"' EXIT
start_xvfb "$TMP/display"
export XDG_RUNTIME_DIR=$TMP/run
mkdir -m 700 "$XDG_RUNTIME_DIR"
unset WAYLAND_DISPLAY
for _ in $(seq 100); do xdotool getdisplaygeometry >/dev/null 2>&1 && break; sleep 0.1; done

times=()
for i in $(seq "$RUNS"); do
    home=$TMP/home$i; mkdir -p "$home"
    t0=$(date +%s%N)
    HOME=$home XDG_CONFIG_HOME=$home/.config XDG_DATA_HOME=$home/.local/share "$BIN" >"$TMP/app$i.log" 2>&1 &
    APP=$!
    until xdotool search --onlyvisible --name "CT11 Configurator" >/dev/null 2>&1; do
        kill -0 "$APP" 2>/dev/null || { cat "$TMP/app$i.log" >&2; echo "the app exited" >&2; exit 1; }
        (( $(date +%s%N) - t0 < 60000000000 )) || { echo "no window in 60 s" >&2; exit 1; }
        sleep 0.01
    done
    t1=$(date +%s%N)
    ms=$(( (t1 - t0) / 1000000 ))
    times+=("$ms")
    echo "run $i: ${ms} ms"
    kill "$APP"; wait "$APP" 2>/dev/null || true; APP=
    sleep 0.3
done
median=$(printf '%s\n' "${times[@]}" | sort -n | awk '{a[NR]=$1} END{print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}')
echo "start to first visible window: median ${median} ms over $RUNS runs (min $(printf '%s\n' "${times[@]}" | sort -n | head -n1), max $(printf '%s\n' "${times[@]}" | sort -n | tail -n1))"
