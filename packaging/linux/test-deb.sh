#!/usr/bin/env bash
# Build the .deb, install it the way a user would (apt-get install ./file.deb), prove the
# installed app starts (CLI --version, and the GUI's window appearing under Xvfb), then
# uninstall it and check nothing is left behind.
#
#   packaging/linux/test-deb.sh              build with cargo-deb, then test
#   packaging/linux/test-deb.sh FILE.deb     test an existing package
#
# Needs root (or sudo), cargo-deb (cargo install cargo-deb), xvfb and xdotool (installed here if
# missing). Exits non-zero on the first failure.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../.."
export DEBIAN_FRONTEND=noninteractive
SUDO=; [[ $(id -u) == 0 ]] || SUDO=sudo
PKG=ct11-configurator
WINDOW_TIMEOUT=${WINDOW_TIMEOUT:-60}

step() { echo; echo "==> $*"; }
fail() { echo "FAIL: $*" >&2; exit 1; }

for tool in Xvfb xdotool; do
    command -v "$tool" >/dev/null || { $SUDO apt-get install -y -q --no-install-recommends xvfb xauth xdotool; break; }
done

if [[ $# -ge 1 ]]; then
    DEB=$(realpath "$1")
else
    step "cargo deb"
    command -v cargo-deb >/dev/null || fail "cargo-deb is missing: cargo install cargo-deb"
    DEB=$(cargo deb --locked | tail -n 1)
fi
[[ -f $DEB ]] || fail "no package at '$DEB'"
echo "package: $DEB ($(du -h "$DEB" | cut -f1))"
dpkg-deb --info "$DEB" | sed -n '/Package:/,$p'
dpkg-deb --contents "$DEB" | awk '{print $6}'

TMP=$(mktemp -d)
XVFB=; APP=
cleanup() {
    [[ -n $APP ]] && kill "$APP" 2>/dev/null || true
    [[ -n $XVFB ]] && kill "$XVFB" 2>/dev/null || true
    if dpkg -s "$PKG" >/dev/null 2>&1; then $SUDO apt-get purge -y -q "$PKG" >/dev/null || true; fi
    rm -rf "$TMP"
}
trap cleanup EXIT

step "install: apt-get install ./$(basename "$DEB")"
if dpkg -s "$PKG" >/dev/null 2>&1; then fail "$PKG is already installed; remove it first"; fi
cp "$DEB" "$TMP/"   # apt reads the file as the _apt user: give it a readable path
chmod 755 "$TMP"; chmod 644 "$TMP/$(basename "$DEB")"
$SUDO apt-get install -y -q "$TMP/$(basename "$DEB")"
dpkg -s "$PKG" | grep -E '^(Status|Version):'

step "installed files"
for f in /usr/bin/ct11-configurator \
         /usr/share/applications/ct11-configurator.desktop \
         /usr/share/metainfo/org.ct11.configurator.metainfo.xml \
         /usr/share/icons/hicolor/256x256/apps/ct11-configurator.png \
         /usr/share/icons/hicolor/scalable/apps/ct11-configurator.svg \
         /usr/lib/udev/rules.d/60-ct11-usb-serial.rules \
         /usr/share/doc/ct11-configurator/README.Debian; do
    [[ -e $f ]] || fail "missing $f"
    echo "ok $f"
done
[[ $(command -v ct11-configurator) == /usr/bin/ct11-configurator ]] || fail "ct11-configurator is not on PATH"
if command -v desktop-file-validate >/dev/null; then
    desktop-file-validate /usr/share/applications/ct11-configurator.desktop && echo "ok desktop-file-validate"
fi
if command -v udevadm >/dev/null; then
    udevadm verify /usr/lib/udev/rules.d/60-ct11-usb-serial.rules 2>/dev/null && echo "ok udevadm verify" || true
fi

step "CLI: ct11-configurator --version"
VERSION_OUT=$(ct11-configurator --version) || fail "--version exited non-zero"
echo "$VERSION_OUT"
EXPECTED=$(dpkg-deb -f "$DEB" Version); EXPECTED=${EXPECTED%-*}
[[ $VERSION_OUT == *"$EXPECTED"* ]] || fail "--version says '$VERSION_OUT', package is $EXPECTED"

step "GUI: the window appears under Xvfb"
export HOME=$TMP/home XDG_CONFIG_HOME=$TMP/home/.config XDG_DATA_HOME=$TMP/home/.local/share
export XDG_RUNTIME_DIR=$TMP/run
mkdir -p "$HOME"; mkdir -m 700 -p "$XDG_RUNTIME_DIR"
unset WAYLAND_DISPLAY
# A free display number, chosen by Xvfb itself (-displayfd): other Xvfb servers may be running.
start_xvfb() {
    local dfile=$1
    Xvfb -displayfd 3 -screen 0 1280x860x24 -nolisten tcp -noreset 3>"$dfile" >/dev/null 2>&1 &
    XVFB=$!
    for _ in $(seq 100); do [[ -s $dfile ]] && break; sleep 0.1; done
    [[ -s $dfile ]] || { echo "Xvfb did not start" >&2; return 1; }
    export DISPLAY=:$(head -n 1 "$dfile")
}
start_xvfb "$TMP/display"
for _ in $(seq 100); do xdotool getdisplaygeometry >/dev/null 2>&1 && break; sleep 0.1; done
xdotool getdisplaygeometry >/dev/null 2>&1 || fail "Xvfb did not start on $DISPLAY"
# Started the way the desktop entry starts it: the Exec= line, with no arguments.
EXEC=$(sed -n 's/^Exec=//p' /usr/share/applications/ct11-configurator.desktop)
$EXEC >"$TMP/app.log" 2>&1 &
APP=$!
if ! WID=$(timeout "$WINDOW_TIMEOUT" xdotool search --sync --onlyvisible --name "CT11 Configurator" | head -n 1) || [[ -z $WID ]]; then
    cat "$TMP/app.log" >&2
    fail "no 'CT11 Configurator' window within ${WINDOW_TIMEOUT}s"
fi
kill -0 "$APP" 2>/dev/null || fail "the app exited after opening its window"
echo "window $WID: '$(xdotool getwindowname "$WID")', geometry: $(xdotool getwindowgeometry "$WID" | sed -n 's/ *Geometry: //p')"
sleep 1
kill -0 "$APP" 2>/dev/null || { cat "$TMP/app.log" >&2; fail "the app died after its first frame"; }
kill "$APP"; wait "$APP" 2>/dev/null || true; APP=
kill "$XVFB"; wait "$XVFB" 2>/dev/null || true; XVFB=

step "uninstall: apt-get purge $PKG"
$SUDO apt-get purge -y -q "$PKG"
! dpkg -s "$PKG" >/dev/null 2>&1 || fail "$PKG still installed"
for f in /usr/bin/ct11-configurator /usr/share/applications/ct11-configurator.desktop \
         /usr/lib/udev/rules.d/60-ct11-usb-serial.rules; do
    [[ ! -e $f ]] || fail "$f left behind"
done
echo "removed cleanly"

echo
echo "test-deb: PASS ($(basename "$DEB"))"
