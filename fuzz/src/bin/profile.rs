//! The profile loader under hostile files: TOML syntax, every key, placeholders, certificate
//! paths (resolved under an empty folder, so a path never reads a real file), the plan and its
//! error messages with line numbers.

use ct11_configurator::profile::load;
use std::path::Path;

fn main() {
    let base = std::env::temp_dir().join("ct11-fuzz-empty");
    let _ = std::fs::create_dir_all(&base);
    afl::fuzz!(|data: &[u8]| {
        let Ok(text) = std::str::from_utf8(data) else { return };
        match load::parse(text, Some(Path::new("fuzz.toml")), &base) {
            Ok(p) => {
                let _ = load::to_toml(&p.profile, true);
                let _ = load::to_toml(&p.profile, false);
            }
            Err(e) => {
                let _ = e.to_string();
            }
        }
    });
}
