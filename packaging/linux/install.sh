#!/bin/sh
# Install CT11 Configurator from this folder (the Linux tarball).
#
#   ./install.sh               for you only: ~/.local/bin, ~/.local/share (no root needed)
#   sudo ./install.sh          for everyone: /usr/local, plus the udev rule for USB-serial adapters
#   ./install.sh --uninstall   (with sudo if it was installed with sudo) removes it again
set -eu
cd "$(dirname "$0")"

if [ "$(id -u)" = 0 ]; then
    PREFIX=${PREFIX:-/usr/local}
    UDEV_DIR=/etc/udev/rules.d
else
    PREFIX=${PREFIX:-$HOME/.local}
    UDEV_DIR=
fi
BIN=$PREFIX/bin/ct11-configurator
SHARE=$PREFIX/share
SIZES="16 24 32 48 64 128 256 512"

refresh() {
    command -v update-desktop-database >/dev/null 2>&1 && update-desktop-database -q "$SHARE/applications" 2>/dev/null || true
    # Only where a cache belongs (a full theme); elsewhere a cache would go stale and hide icons.
    if [ -f "$SHARE/icons/hicolor/index.theme" ] && command -v gtk-update-icon-cache >/dev/null 2>&1; then
        gtk-update-icon-cache -q -f "$SHARE/icons/hicolor" 2>/dev/null || true
    fi
    if [ -n "$UDEV_DIR" ] && command -v udevadm >/dev/null 2>&1 && [ -d /run/udev ]; then
        udevadm control --reload-rules 2>/dev/null || true
        udevadm trigger --subsystem-match=tty --action=change 2>/dev/null || true
    fi
}

if [ "${1:-}" = "--uninstall" ]; then
    rm -f "$BIN" "$SHARE/applications/ct11-configurator.desktop" \
        "$SHARE/metainfo/org.ct11.configurator.metainfo.xml" \
        "$SHARE/icons/hicolor/scalable/apps/ct11-configurator.svg"
    for s in $SIZES; do rm -f "$SHARE/icons/hicolor/${s}x${s}/apps/ct11-configurator.png"; done
    [ -n "$UDEV_DIR" ] && rm -f "$UDEV_DIR/60-ct11-usb-serial.rules"
    refresh
    echo "CT11 Configurator removed from $PREFIX."
    exit 0
fi

install -Dm755 ct11-configurator "$BIN"
# Absolute Exec= path: ~/.local/bin is not always on the desktop session's PATH.
mkdir -p "$SHARE/applications"
sed "s|^Exec=ct11-configurator|Exec=$BIN|" share/applications/ct11-configurator.desktop \
    > "$SHARE/applications/ct11-configurator.desktop"
chmod 644 "$SHARE/applications/ct11-configurator.desktop"
install -Dm644 share/metainfo/org.ct11.configurator.metainfo.xml "$SHARE/metainfo/org.ct11.configurator.metainfo.xml"
install -Dm644 share/icons/hicolor/scalable/apps/ct11-configurator.svg \
    "$SHARE/icons/hicolor/scalable/apps/ct11-configurator.svg"
for s in $SIZES; do
    install -Dm644 "share/icons/hicolor/${s}x${s}/apps/ct11-configurator.png" \
        "$SHARE/icons/hicolor/${s}x${s}/apps/ct11-configurator.png"
done
[ -n "$UDEV_DIR" ] && install -Dm644 60-ct11-usb-serial.rules "$UDEV_DIR/60-ct11-usb-serial.rules"
refresh

echo "CT11 Configurator installed in $PREFIX: find it in the applications menu, or run $BIN."
echo
echo "Serial port access: add yourself to the \"dialout\" group once, then log out and back in:"
echo "    sudo usermod -aG dialout \$USER"
[ -z "$UDEV_DIR" ] && echo "(Installing with sudo also adds a udev rule that gives the logged-in user access to CH340, CP210x, FTDI and PL2303 adapters at once.)"
exit 0
