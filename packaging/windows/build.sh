#!/usr/bin/env bash
# Cross-build the Windows app and its installer from Debian/Ubuntu:
#   1. ct11-configurator.exe for x86_64-pc-windows-gnu (mingw-w64), with the icon, version info
#      and manifest embedded by build.rs, and no console window (windows_subsystem in main.rs);
#   2. checks it: a 64-bit GUI-subsystem PE that imports only Windows system DLLs;
#   3. the NSIS installer: target/dist/ct11-configurator-<version>-setup.exe (+ the bare .exe);
#   4. with --smoke: starts the .exe once under Wine + Xvfb and waits for its window.
#
#   packaging/windows/build.sh [--smoke]
#
# Installs what it needs if missing (rustup target, gcc-mingw-w64-x86-64, nsis; wine, xvfb and
# xdotool for --smoke). Needs root or sudo for those installs.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../.."
TARGET=x86_64-pc-windows-gnu
SMOKE=; [[ ${1:-} == --smoke ]] && SMOKE=1
SUDO=; [[ $(id -u) == 0 ]] || SUDO=sudo
export DEBIAN_FRONTEND=noninteractive

need_apt=()
command -v x86_64-w64-mingw32-gcc >/dev/null || need_apt+=(gcc-mingw-w64-x86-64)
command -v makensis >/dev/null || need_apt+=(nsis)
if [[ -n $SMOKE ]]; then
    command -v wine >/dev/null || need_apt+=(wine wine64)
    command -v Xvfb >/dev/null || need_apt+=(xvfb xauth)
    command -v xdotool >/dev/null || need_apt+=(xdotool)
fi
if ((${#need_apt[@]})); then
    $SUDO apt-get update -q && $SUDO apt-get install -y -q --no-install-recommends "${need_apt[@]}"
fi
rustup target list --installed | grep -qx "$TARGET" || rustup target add "$TARGET"

META=$(cargo metadata --no-deps --format-version 1)
VERSION=$(python3 -c 'import json,sys; print([p for p in json.loads(sys.argv[1])["packages"] if p["name"]=="ct11-configurator"][0]["version"])' "$META")
TARGET_DIR=$(python3 -c 'import json,sys; print(json.loads(sys.argv[1])["target_directory"])' "$META")
VERSION4=$(echo "${VERSION%%[-+]*}" | awk -F. '{printf "%d.%d.%d.0", $1, $2, $3}')

echo "==> cargo build --release --target $TARGET"
cargo build --release --locked --target "$TARGET"
EXE=$TARGET_DIR/$TARGET/release/ct11-configurator.exe

echo "==> checking $EXE"
file "$EXE"
HEADERS=$(x86_64-w64-mingw32-objdump -p "$EXE")
grep -q 'Subsystem.*(Windows GUI)' <<<"$HEADERS" || { echo "FAIL: not a GUI-subsystem exe (console window would open)" >&2; exit 1; }
echo "subsystem: Windows GUI (no console window)"
DLLS=$(grep 'DLL Name' <<<"$HEADERS" | awk '{print $3}' | sort -u)
echo "imports: $(echo $DLLS)"
ALLOWED='^(kernel32|user32|gdi32|advapi32|shell32|ole32|oleaut32|ws2_32|ntdll|bcrypt|bcryptprimitives|userenv|comctl32|comdlg32|setupapi|cfgmgr32|dwmapi|imm32|uxtheme|opengl32|shlwapi|propsys|winmm|msvcrt|api-ms-win-.*|usp10|version|dxgi|d3d12|d3dcompiler_47|crypt32|secur32|ucrtbase|hid|powrprof|dbghelp|oleacc|uiautomationcore)\.dll$'
BAD=$(echo "$DLLS" | tr 'A-Z' 'a-z' | grep -Ev "$ALLOWED" || true)
[[ -z $BAD ]] || { echo "FAIL: needs non-system DLLs: $BAD" >&2; exit 1; }
grep -q '\.rsrc' <<<"$(x86_64-w64-mingw32-objdump -h "$EXE")" || { echo "FAIL: no resources" >&2; exit 1; }
strings -el "$EXE" | grep -q '^CT11 Configurator$' || { echo "FAIL: no version info" >&2; exit 1; }
echo "resources: icon, version info ($(strings -el "$EXE" | grep -A1 -x 'FileVersion' | tail -n 1)), manifest"

echo "==> console twin for the command line"
COM=${EXE%.exe}.com
python3 packaging/windows/console-twin.py "$EXE" "$COM"
x86_64-w64-mingw32-objdump -p "$COM" | grep -q 'Subsystem.*(Windows CUI)' || { echo "FAIL: twin is not a console exe" >&2; exit 1; }

echo "==> makensis"
mkdir -p "$TARGET_DIR/dist"
cp "$EXE" "$TARGET_DIR/dist/ct11-configurator-$VERSION-x86_64-windows.exe"
SETUP=$TARGET_DIR/dist/ct11-configurator-$VERSION-setup.exe
makensis -V2 -INPUTCHARSET UTF8 -DVERSION="$VERSION" -DVERSION4="$VERSION4" \
    -DEXE="$EXE" -DEXE_CLI="$COM" -DOUTFILE="$SETUP" packaging/windows/installer.nsi
file "$SETUP"
ls -l "$EXE" "$SETUP"

if [[ -n $SMOKE ]]; then
    echo "==> smoke start under Wine + Xvfb"
    TMP=$(mktemp -d)
    export WINEPREFIX=$TMP/wine WINEDEBUG=-all WINEDLLOVERRIDES="mscoree,mshtml="
    export XDG_RUNTIME_DIR=$TMP/run && mkdir -m 700 -p "$XDG_RUNTIME_DIR"
    XVFB=; APP=
    trap 'kill $APP $XVFB 2>/dev/null; wineserver -k 2>/dev/null; rm -rf "$TMP"' EXIT
    Xvfb -displayfd 3 -screen 0 1280x860x24 -nolisten tcp -noreset 3>"$TMP/display" >/dev/null 2>&1 &
    XVFB=$!
    for _ in $(seq 100); do [[ -s $TMP/display ]] && break; sleep 0.1; done
    export DISPLAY=:$(head -n 1 "$TMP/display")
    for _ in $(seq 100); do xdotool getdisplaygeometry >/dev/null 2>&1 && break; sleep 0.1; done
    timeout 300 wineboot --init >/dev/null 2>&1 || true
    wine "$EXE" >"$TMP/app.log" 2>&1 &
    APP=$!
    if WID=$(timeout "${WINDOW_TIMEOUT:-120}" xdotool search --sync --onlyvisible --name "CT11 Configurator" | head -n 1) && [[ -n $WID ]]; then
        echo "window $WID: '$(xdotool getwindowname "$WID")' ($(xdotool getwindowgeometry "$WID" | sed -n 's/ *Geometry: //p'))"
        sleep 3
        if [[ -n ${SHOT:-} ]] && command -v import >/dev/null; then import -window root "$SHOT" && echo "screenshot: $SHOT"; fi
        echo "wine smoke start: PASS"
    else
        tail -n 30 "$TMP/app.log" >&2
        echo "wine smoke start: FAIL (no window)" >&2
        exit 1
    fi
fi
