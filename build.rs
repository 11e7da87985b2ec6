//! Build script: deflates the message catalogues (`src/i18n/locales/*.ftl`, embedded that way:
//! a third of their size), and embeds the Windows resources (icon, version info, manifest) into
//! the `.exe`. The target is read from `CARGO_CFG_TARGET_OS` (not `cfg!`, which describes the
//! machine running this script), so it also works when cross-compiling from Linux with
//! mingw-w64 (`x86_64-w64-mingw32-windres`) and natively with MSVC (`rc.exe`).

/// The catalogues, deflated into `OUT_DIR` for `src/i18n/catalogue.rs`.
fn deflate_catalogues() {
    let out = std::path::PathBuf::from(std::env::var("OUT_DIR").expect("cargo sets OUT_DIR"));
    for name in ["en", "zh-Hans", "zh-Hant"] {
        let path = format!("src/i18n/locales/{name}.ftl");
        println!("cargo:rerun-if-changed={path}");
        let text = std::fs::read(&path).unwrap_or_else(|e| panic!("{path}: {e}"));
        let deflated = miniz_oxide::deflate::compress_to_vec(&text, 10);
        std::fs::write(out.join(format!("{name}.ftl.deflate")), deflated)
            .unwrap_or_else(|e| panic!("writing {name}.ftl.deflate: {e}"));
    }
}

fn main() {
    println!("cargo:rerun-if-changed=build.rs");
    deflate_catalogues();
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
