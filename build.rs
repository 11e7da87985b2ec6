//! Build script: embeds the Windows resources (icon, version info, manifest) into the `.exe`.
//! A no-op for every other target. The target is read from `CARGO_CFG_TARGET_OS` (not `cfg!`,
//! which describes the machine running this script), so it also works when cross-compiling
//! from Linux with mingw-w64 (`x86_64-w64-mingw32-windres`) and natively with MSVC (`rc.exe`).

fn main() {
    println!("cargo:rerun-if-changed=build.rs");
    if std::env::var("CARGO_CFG_TARGET_OS").as_deref() != Ok("windows") {
        return;
    }
    println!("cargo:rerun-if-changed=icons/ct11-configurator.ico");
    println!("cargo:rerun-if-changed=packaging/windows/ct11-configurator.manifest");

    let mut res = winresource::WindowsResource::new();
    res.set_icon("icons/ct11-configurator.ico")
        .set_manifest_file("packaging/windows/ct11-configurator.manifest")
        .set("ProductName", "CT11 Configurator")
        .set("FileDescription", "CT11 Configurator")
        .set("InternalName", "ct11-configurator")
        .set("OriginalFilename", "ct11-configurator.exe")
        .set("LegalCopyright", "MIT License");
    // The numeric FILEVERSION/PRODUCTVERSION and the string versions come from CARGO_PKG_VERSION.
    if let Err(e) = res.compile() {
        panic!("embedding the Windows resources failed: {e}");
    }
}
