#!/usr/bin/env bash
# Whole-process figures with the real window under Xvfb (software rendering) and the module on a
# pseudo-terminal, as ../shared/PERFORMANCE.md measures them, each beside CuteCom (Debian's Qt
# serial terminal) measured in the same run, on the same kind of pty, with the same lines:
#   - CPU (% of one core) while connected and idle, and with the port open but the module silent;
#   - CPU while showing a continuous 92,160 B/s stream (a saturated 921600-baud link);
#   - a million lines as fast as the pty takes them (scripts/flood.py): the intake time, and the
#     resident memory sampled every 100 ms through the burst and for SETTLE seconds after it
#     (peak during, highest after, last);
#   - start to window mapped and to first paint (scripts/firstpaint.py), median of PAINT_RUNS (15).
# The app runs with CT11_NO_TRIM=1: the figures do not rely on glibc's malloc_trim.
#
# Prerequisites (Debian 12; not part of CI):
#   apt-get install --no-install-recommends xvfb xauth xdotool x11-apps cutecom python3 libxdamage1
#
#   scripts/perf.sh [BINARY]     (default: target/release/ct11-configurator, built if missing)
#   ONLY=flood|idle|paint runs one part (WHO=app: the flood without CuteCom); FLOOD_LINES,
#   FLOOD_MIX (mix|csq|qmtrecv), SECS, SETTLE, RSS_LOG (a file for the flood's RSS samples),
#   PAINT_RUNS.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
BIN=${1:-target/release/ct11-configurator}
[[ -x $BIN ]] || cargo build --release
BIN=$(realpath "$BIN")
SECS=${SECS:-30}
SETTLE=${SETTLE:-10}
ONLY=${ONLY:-}
TMP=$(mktemp -d)
XVFB=; APP=; SIM=; FLOOD=; SAMPLER=
cleanup() {
    kill $SAMPLER $APP $SIM $FLOOD $XVFB 2>/dev/null || true
    rm -rf "$TMP"
}
trap cleanup EXIT
Xvfb -displayfd 3 -screen 0 1280x860x24 -nolisten tcp 3>"$TMP/display" >/dev/null 2>&1 &
XVFB=$!
for _ in $(seq 100); do [[ -s $TMP/display ]] && break; sleep 0.1; done
export DISPLAY=:$(head -n 1 "$TMP/display") HOME=$TMP XDG_RUNTIME_DIR=$TMP/run CT11_NO_TRIM=1
[[ -z ${TRIM:-} ]] || unset CT11_NO_TRIM   # TRIM=1: with the glibc extra, for comparison
mkdir -m 700 "$XDG_RUNTIME_DIR"
unset WAYLAND_DISPLAY
TICKS=$(getconf CLK_TCK)

cpu_ticks() { awk '{print $14 + $15}' "/proc/$1/stat"; }
rss_mib() { awk '/VmRSS/ {printf "%.0f", $2 / 1024}' "/proc/$1/status"; }

# Start the app or CuteCom on a port; sets APP. CuteCom opens the device named in its config
# once its Open button is clicked; RTS/CTS flow control, because with none it toggles DTR/RTS
# after opening, which a pty refuses, and it closes the port again.
start_app() { # port, refresh seconds
    CT11_FRAME_STATS=1 "$BIN" gui --port "$1" --connect --lang en --tab terminal \
        --refresh "$2" >/dev/null 2>"$TMP/app.err" &
    APP=$!
    xdotool search --sync --onlyvisible --name "CT11 Configurator" >/dev/null
}
start_cutecom() { # port
    local home=$TMP/cutecom-home
    rm -rf "$home"; mkdir -p "$home/.config/CuteCom"
    cat >"$home/.config/CuteCom/CuteCom5.conf" <<EOF
[CuteCom]
session=Default

[sessions]
1\\name=Default
1\\BaudRate=115200
1\\DataBits=8
1\\Parity=0
1\\StopBits=1
1\\FlowControl=1
1\\OpenMode=3
1\\Device=$1
size=1
EOF
    HOME=$home cutecom >/dev/null 2>&1 &
    APP=$!
    local wid
    wid=$(xdotool search --sync --onlyvisible --name "CuteCom - " | head -n 1)
    sleep 1
    xdotool mousemove --window "$wid" 37 43 click 1   # "Open", top left of the window
    local dev; dev=$(readlink -f "$1")
    for _ in $(seq 50); do
        ls -l "/proc/$APP/fd" 2>/dev/null | grep -q -- "-> $dev\$" && return 0
        sleep 0.1
    done
    echo "CuteCom did not open $1" >&2
    return 1
}
stop_app() { kill "$APP" 2>/dev/null || true; wait "$APP" 2>/dev/null || true; APP=; }

start_sim() { # simulate args...; sets SIM and prints the path
    N=$((${N:-0} + 1))
    mkfifo "$TMP/sim-in-$N"
    "$BIN" simulate "$@" <"$TMP/sim-in-$N" >"$TMP/sim-$N.out" 2>/dev/null &
    SIM=$!
    exec 4>"$TMP/sim-in-$N"
    for _ in $(seq 100); do [[ -s $TMP/sim-$N.out ]] && break; sleep 0.05; done
}
stop_sim() { exec 4>&-; kill -TERM "$SIM" 2>/dev/null; wait "$SIM" 2>/dev/null || true; SIM=; }

cpu_row() { # name, settle seconds
    sleep "$2"
    local t0 c0 t1 c1
    t0=$(date +%s%N); c0=$(cpu_ticks "$APP")
    sleep "$SECS"
    t1=$(date +%s%N); c1=$(cpu_ticks "$APP")
    awk -v c=$((c1 - c0)) -v hz="$TICKS" -v ns=$((t1 - t0)) -v n="$1" -v rss="$(rss_mib "$APP")" \
        'BEGIN { printf "%-44s CPU %5.2f %% of one core (%d ticks in %.0f s), RSS %s MiB\n", n, 100 * (c / hz) / (ns / 1e9), c, ns / 1e9, rss }'
}

idle() { # who (app|cutecom), name, refresh, simulate args...
    local who=$1 name=$2 refresh=$3; shift 3
    start_sim "$@"
    local path; path=$(head -n 1 "$TMP/sim-$N.out")
    if [[ $who == app ]]; then start_app "$path" "$refresh"; else start_cutecom "$path"; fi
    cpu_row "$who: $name" 5
    stop_app; stop_sim
}

if [[ -z $ONLY || $ONLY == idle ]]; then
    idle app "idle, connected, refresh off" 0 --fast
    idle app "idle, status every 30 s" 30 --fast
    idle app "idle, port open, module silent" 30 --fast --fault silent
    idle cutecom "idle, port open, module silent" 0 --fast --fault silent
    idle app "stream 92160 B/s" 0 --fast --stream 92160
    idle cutecom "stream 92160 B/s" 0 --fast --stream 92160
fi

# A million lines (FLOOD_LINES, FLOOD_MIX) into the window; RSS every 100 ms.
flood() { # who
    local who=$1 lines=${FLOOD_LINES:-1000000} mix=${FLOOD_MIX:-mix}
    rm -f "$TMP/flood-in" "$TMP/flood.out" "$TMP/rss"
    mkfifo "$TMP/flood-in"
    python3 scripts/flood.py "$lines" "$mix" <"$TMP/flood-in" >"$TMP/flood.out" &
    FLOOD=$!
    exec 5>"$TMP/flood-in"
    for _ in $(seq 100); do [[ -s $TMP/flood.out ]] && break; sleep 0.05; done
    local path; path=$(head -n 1 "$TMP/flood.out")
    if [[ $who == app ]]; then start_app "$path" 0; else start_cutecom "$path"; fi
    sleep 3
    local before; before=$(rss_mib "$APP")
    (while kill -0 "$APP" 2>/dev/null; do
        printf '%s %s\n' "$(date +%s%N)" "$(awk '/VmRSS/ {print $2}' "/proc/$APP/status" 2>/dev/null)"
        sleep 0.1
    done) >"$TMP/rss" &
    SAMPLER=$!
    echo go >&5
    local limit=600
    for _ in $(seq $((limit * 10))); do (($(wc -l <"$TMP/flood.out") >= 2)) && break; sleep 0.1; done
    local took; took=$(sed -n 2p "$TMP/flood.out")
    local end; end=$(date +%s%N)
    [[ -n $took ]] || { echo "$who: the flood did not finish in $limit s" >&2; }
    sleep "$SETTLE"
    kill "$SAMPLER" 2>/dev/null || true; wait "$SAMPLER" 2>/dev/null || true; SAMPLER=
    # RSS_LOG=file: keep the samples (ms after the flood's last line, MiB).
    [[ -z ${RSS_LOG:-} ]] || awk -v end="$end" '$2 != "" { printf "%d %.0f\n", ($1 - end) / 1e6, $2 / 1024 }' "$TMP/rss" >"$RSS_LOG"
    awk -v end="$end" -v who="$who" -v lines="$lines" -v mix="$mix" -v took="$took" -v before="$before" '
        $2 == "" { next }
        { mib = $2 / 1024; if (mib > peak) peak = mib; if ($1 > end + 5e8 && mib > after) after = mib; last = mib; n++ }
        END { printf "%-44s %s; RSS peak %.0f MiB, after (from 0.5 s on) at most %.0f MiB, last %.0f MiB (%s MiB before; %d samples)\n",
              who ": " lines " lines (" mix ")", took, peak, after, last, before, n }' "$TMP/rss"
    stop_app
    exec 5>&-; wait "$FLOOD" 2>/dev/null || true; FLOOD=
}
if [[ -z $ONLY || $ONLY == flood ]]; then
    flood app
    [[ ${WHO:-} == app ]] || flood cutecom
fi

# Start to window mapped / first paint: PAINT_RUNS starts of each (default 15), the app and
# CuteCom taking turns so that both meet the same machine, each start with an empty home.
PAINT_RUNS=${PAINT_RUNS:-15}
paint_summary() { # file of the app's "mapped M painted P" lines, file of CuteCom's
    python3 - "$1" "$2" <<'PY'
import statistics, sys
def rows(path):
    return [tuple(map(float, l.split()[1::2])) for l in open(path) if l.startswith("mapped")]
app, cute = rows(sys.argv[1]), rows(sys.argv[2])
for who, r in (("app", app), ("cutecom", cute)):
    m = sorted(x[0] for x in r); p = sorted(x[1] for x in r)
    print(f"{who + ': start to window':44s} mapped {statistics.median(m):.3f} s, "
          f"first paint {statistics.median(p):.3f} s (median of {len(p)}; paint {p[0]:.3f}-{p[-1]:.3f} s)")
# Each start of the app is paired with the CuteCom start right after it (same machine state).
dm = [a[0] - c[0] for a, c in zip(app, cute)]; dp = [a[1] - c[1] for a, c in zip(app, cute)]
print(f"{'app minus CuteCom, run by run (median)':44s} mapped {statistics.median(dm) * 1000:+.0f} ms, "
      f"first paint {statistics.median(dp) * 1000:+.0f} ms (app first in {sum(d < 0 for d in dp)} of {len(dp)})")
PY
}
if [[ -z $ONLY || $ONLY == paint ]]; then
    : >"$TMP/paint-app"; : >"$TMP/paint-cutecom"
    for _ in $(seq "$PAINT_RUNS"); do
        rm -rf "$TMP/paint-home"; mkdir -p "$TMP/paint-home"
        HOME=$TMP/paint-home python3 scripts/firstpaint.py "CT11 Configurator" "$BIN" gui --lang en \
            >>"$TMP/paint-app"
        rm -rf "$TMP/paint-home"; mkdir -p "$TMP/paint-home"
        HOME=$TMP/paint-home python3 scripts/firstpaint.py "CuteCom - " cutecom >>"$TMP/paint-cutecom"
    done
    paint_summary "$TMP/paint-app" "$TMP/paint-cutecom"
fi
