//! alembic.ini and retort's TOML configuration: any text is read or refused with an
//! error, never a panic; every key a section lists can be fetched (with `%(...)s`
//! interpolation) without a panic.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|input: (&str, &str)| {
    let (ini_text, toml_text) = input;
    if let Ok(ini) = retort::config::Ini::parse(ini_text) {
        for section in ini.sections() {
            for key in ini.keys_with_defaults(section) {
                let _ = ini.get(section, key, "/here");
            }
        }
    }
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("retort.toml");
    std::fs::write(&path, toml_text).unwrap();
    let _ = retort::config::options::load_file(&path);
    std::fs::write(dir.path().join("alembic.ini"), ini_text).unwrap();
    let _ = retort::config::load_project_with(
        dir.path(),
        &retort::config::LoadOptions::default(),
    );
});
