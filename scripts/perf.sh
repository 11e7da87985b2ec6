#!/usr/bin/env bash
# Whole-process figures with the real window under Xvfb (software rendering) and the module on a
# pseudo-terminal, as ../shared/PERFORMANCE.md measures them:
#   - CPU (% of one core) and resident memory while connected and idle;
#   - CPU while showing a continuous 92,160 B/s stream (a saturated 921600-baud link);
#   - a million unsolicited lines as fast as the pty takes them (scripts/flood.py, python3):
#     how long the app takes them in, and its resident memory afterwards.
#
#   scripts/perf.sh [BINARY]     (default: target/release/ct11-configurator, built if missing)
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
BIN=${1:-target/release/ct11-configurator}
[[ -x $BIN ]] || cargo build --release
BIN=$(realpath "$BIN")
SECS=${SECS:-30}
TMP=$(mktemp -d)
XVFB=; APP=; SIM=; FLOOD=
trap 'kill $APP $SIM $FLOOD $XVFB 2>/dev/null; rm -rf "$TMP"' EXIT
Xvfb -displayfd 3 -screen 0 1280x860x24 -nolisten tcp 3>"$TMP/display" >/dev/null 2>&1 &
XVFB=$!
for _ in $(seq 100); do [[ -s $TMP/display ]] && break; sleep 0.1; done
export DISPLAY=:$(head -n 1 "$TMP/display") HOME=$TMP XDG_RUNTIME_DIR=$TMP/run
mkdir -m 700 "$XDG_RUNTIME_DIR"
unset WAYLAND_DISPLAY
TICKS=$(getconf CLK_TCK)

cpu_ticks() { awk '{print $14 + $15}' "/proc/$1/stat"; }
rss_mib() { awk '/VmRSS/ {printf "%.0f", $2 / 1024}' "/proc/$1/status"; }

N=0
measure() { # name, refresh seconds, simulate args...
    local name=$1 refresh=$2; shift 2
    N=$((N + 1))
    mkfifo "$TMP/sim-in-$N"
    "$BIN" simulate "$@" <"$TMP/sim-in-$N" >"$TMP/sim-$N.out" 2>/dev/null &
    SIM=$!
    exec 4>"$TMP/sim-in-$N"
    for _ in $(seq 100); do [[ -s $TMP/sim-$N.out ]] && break; sleep 0.05; done
    local path; path=$(head -n 1 "$TMP/sim-$N.out")
    CT11_FRAME_STATS=1 "$BIN" gui --port "$path" --connect --lang en --tab terminal \
        --refresh "$refresh" >/dev/null 2>"$TMP/app-$N.err" &
    APP=$!
    xdotool search --sync --onlyvisible --name "CT11 Configurator" >/dev/null
    sleep 5   # let the connection, the first reads and their last paced frames settle first
    local t0 c0 t1 c1
    t0=$(date +%s%N); c0=$(cpu_ticks "$APP")
    sleep "$SECS"
    t1=$(date +%s%N); c1=$(cpu_ticks "$APP")
    # The app's own frame counter (CT11_FRAME_STATS prints every 5 s; take the last report).
    local fps=""
    [[ $name == stream* ]] && fps=$(awk '/^frames\/s/ {f = $2} END {printf ", %.1f frames/s", f}' "$TMP/app-$N.err")
    awk -v c=$((c1 - c0)) -v hz="$TICKS" -v ns=$((t1 - t0)) -v n="$name" -v rss="$(rss_mib "$APP")" \
        -v fps="$fps" \
        'BEGIN { printf "%-28s CPU %5.1f %% of one core, RSS %s MiB%s\n", n, 100 * (c / hz) / (ns / 1e9), rss, fps }'
    kill "$APP"; wait "$APP" 2>/dev/null || true; APP=
    exec 4>&-; kill -TERM "$SIM" 2>/dev/null; wait "$SIM" 2>/dev/null || true; SIM=
}

# ONLY=flood runs the last row alone.
if [[ ${ONLY:-} != flood ]]; then
    measure "idle, connected, refresh off" 0 --fast
    measure "idle, status every 30 s" 30 --fast
    measure "stream 92160 B/s" 0 --fast --stream 92160
fi

# A million lines (FLOOD_LINES) into the real window, on the terminal panel with the log shown.
flood() {
    local lines=${FLOOD_LINES:-1000000}
    mkfifo "$TMP/flood-in"
    python3 scripts/flood.py "$lines" <"$TMP/flood-in" >"$TMP/flood.out" &
    FLOOD=$!
    exec 5>"$TMP/flood-in"
    for _ in $(seq 100); do [[ -s $TMP/flood.out ]] && break; sleep 0.05; done
    local path; path=$(head -n 1 "$TMP/flood.out")
    "$BIN" gui --port "$path" --connect --lang en --tab terminal --refresh 0 >/dev/null 2>&1 &
    APP=$!
    xdotool search --sync --onlyvisible --name "CT11 Configurator" >/dev/null
    sleep 3
    local before; before=$(rss_mib "$APP")
    echo go >&5
    for _ in $(seq 1200); do (($(wc -l <"$TMP/flood.out") >= 2)) && break; sleep 0.1; done
    local took; took=$(sed -n 2p "$TMP/flood.out")
    [[ -n $took ]] || { echo "the flood did not finish in 120 s" >&2; return 1; }
    sleep 3   # the last lines, and a few frames of the full log
    printf '%-28s %s; RSS %s MiB (%s MiB before)\n' "$lines lines" "$took" "$(rss_mib "$APP")" "$before"
    kill "$APP"; wait "$APP" 2>/dev/null || true; APP=
    exec 5>&-; wait "$FLOOD" 2>/dev/null || true; FLOOD=
}
flood
