#!/usr/bin/env bash
# Build the portable Linux tarball: the release binary, desktop entry, icons, udev rule and
# install.sh.  -> target/dist/ct11-configurator-<version>-x86_64-linux.tar.gz
#
#   packaging/linux/build-tarball.sh            (builds with cargo build --release)
#   NO_BUILD=1 packaging/linux/build-tarball.sh (uses the existing target/release binary)
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../.."
VERSION=$(cargo metadata --no-deps --format-version 1 | python3 -c 'import json,sys; print([p for p in json.load(sys.stdin)["packages"] if p["name"]=="ct11-configurator"][0]["version"])')
TARGET_DIR=$(cargo metadata --no-deps --format-version 1 | python3 -c 'import json,sys; print(json.load(sys.stdin)["target_directory"])')
[[ -n ${NO_BUILD:-} ]] || cargo build --release --locked
NAME=ct11-configurator-$VERSION-$(uname -m)-linux
STAGE=$(mktemp -d)
trap 'rm -rf "$STAGE"' EXIT
D=$STAGE/$NAME
mkdir -p "$D/share/applications" "$D/share/metainfo" "$D/share/icons/hicolor/scalable/apps"
install -m755 "$TARGET_DIR/release/ct11-configurator" "$D/"
install -m755 packaging/linux/install.sh "$D/"
install -m644 packaging/linux/60-ct11-usb-serial.rules "$D/"
install -m644 packaging/linux/ct11-configurator.desktop "$D/share/applications/"
install -m644 packaging/linux/org.ct11.configurator.metainfo.xml "$D/share/metainfo/"
install -m644 icons/ct11-configurator.svg "$D/share/icons/hicolor/scalable/apps/"
for s in 16 24 32 48 64 128 256 512; do
    install -Dm644 "icons/png/$s.png" "$D/share/icons/hicolor/${s}x${s}/apps/ct11-configurator.png"
done
install -m644 packaging/linux/README.Debian "$D/README-serial.txt"
install -m644 assets/fonts/OFL.txt "$D/OFL-NotoSansSC.txt"
mkdir -p "$TARGET_DIR/dist"
OUT=$TARGET_DIR/dist/$NAME.tar.gz
tar -C "$STAGE" --owner=0 --group=0 -czf "$OUT" "$NAME"
echo "$OUT"
