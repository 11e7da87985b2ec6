#!/usr/bin/env bash
# Build "CT11 Configurator.app" and a drag-to-Applications .dmg. Runs on macOS only (hdiutil,
# lipo, codesign come with the system / Xcode command-line tools).
#
#   packaging/macos/build-dmg.sh            universal app (Apple silicon + Intel)
#   ARCHS=aarch64 packaging/macos/build-dmg.sh   one architecture only (faster)
#
# -> target/dist/CT11 Configurator.app and target/dist/ct11-configurator-<version>-macos.dmg
#
# The app is signed ad hoc (no Apple Developer ID, not notarized): on first open users confirm
# it once (see packaging/README.md, "macOS").
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../.."
[[ $(uname -s) == Darwin ]] || { echo "build-dmg.sh runs on macOS (needs hdiutil)" >&2; exit 1; }

APP_NAME="CT11 Configurator"
BIN=ct11-configurator
ARCHS=${ARCHS:-"aarch64 x86_64"}
export MACOSX_DEPLOYMENT_TARGET=${MACOSX_DEPLOYMENT_TARGET:-10.13}  # = LSMinimumSystemVersion

META=$(cargo metadata --no-deps --format-version 1)
VERSION=$(python3 -c 'import json,sys; print([p for p in json.loads(sys.argv[1])["packages"] if p["name"]=="ct11-configurator"][0]["version"])' "$META")
TARGET_DIR=$(python3 -c 'import json,sys; print(json.loads(sys.argv[1])["target_directory"])' "$META")

# 1. The binary: one per architecture, joined with lipo into a universal one.
SLICES=()
for arch in $ARCHS; do
    triple=$arch-apple-darwin
    rustup target list --installed | grep -qx "$triple" || rustup target add "$triple"
    echo "==> cargo build --release --target $triple"
    cargo build --release --locked --target "$triple"
    SLICES+=("$TARGET_DIR/$triple/release/$BIN")
done
DIST=$TARGET_DIR/dist
mkdir -p "$DIST"
lipo -create -output "$DIST/$BIN-macos" "${SLICES[@]}"
lipo -info "$DIST/$BIN-macos"

# 2. The bundle.
APP=$DIST/$APP_NAME.app
rm -rf "$APP"
mkdir -p "$APP/Contents/MacOS" "$APP/Contents/Resources"
cp "$DIST/$BIN-macos" "$APP/Contents/MacOS/$BIN"
chmod 755 "$APP/Contents/MacOS/$BIN"
sed "s/@VERSION@/$VERSION/g" packaging/macos/Info.plist > "$APP/Contents/Info.plist"
printf 'APPL????' > "$APP/Contents/PkgInfo"
cp icons/ct11-configurator.icns "$APP/Contents/Resources/"
cp assets/fonts/OFL.txt "$APP/Contents/Resources/OFL-NotoSansSC.txt"
plutil -lint "$APP/Contents/Info.plist"
# Ad-hoc signature: Apple silicon refuses to run unsigned code, and a signed bundle gets the
# "unidentified developer" prompt instead of "damaged".
codesign --force --deep --sign - "$APP"
codesign --verify --deep --strict --verbose=2 "$APP"
"$APP/Contents/MacOS/$BIN" --version

# 3. The disk image: the app plus a link to /Applications to drag it onto.
DMG=$DIST/$BIN-$VERSION-macos.dmg
STAGE=$(mktemp -d)
trap 'rm -rf "$STAGE"' EXIT
cp -R "$APP" "$STAGE/"
ln -s /Applications "$STAGE/Applications"
rm -f "$DMG"
hdiutil create -volname "$APP_NAME $VERSION" -srcfolder "$STAGE" -fs HFS+ -format UDZO -ov "$DMG"
hdiutil verify "$DMG"
echo "$DMG"
