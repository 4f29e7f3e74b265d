//! Helpers shared by the integration tests: finding outside tools (which must fail the
//! test, not skip it, when `CI=true`) and running the built binary.

#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::Command;

pub fn repo_root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn in_ci() -> bool {
    std::env::var("CI").is_ok_and(|v| v == "true" || v == "1")
}

/// The outside tool at `path`, or `None` (the test should return early) when it is
/// missing outside CI. In CI a missing tool fails the test.
pub fn require_tool(what: &str, path: Option<PathBuf>) -> Option<PathBuf> {
    match path {
        Some(p) if p.exists() => Some(p),
        _ => {
            assert!(
                !in_ci(),
                "{what} is required in CI (CI=true) but was not found; .ci/run installs it"
            );
            eprintln!("note: skipping, {what} not found (run .ci/run to install it)");
            None
        }
    }
}

/// The Python interpreter of the test virtualenv (with Alembic installed):
/// `$RETORT_PYTHON`, else `.venv/bin/python` in the repository.
pub fn python() -> Option<PathBuf> {
    let candidate = std::env::var_os("RETORT_PYTHON")
        .map(PathBuf::from)
        .unwrap_or_else(|| repo_root().join(".venv/bin/python"));
    let works = Command::new(&candidate)
        .args(["-c", "import alembic"])
        .output()
        .is_ok_and(|o| o.status.success());
    require_tool("Python with Alembic", works.then_some(candidate))
}

/// Run the built `retort` binary in `cwd`.
pub fn retort(cwd: &Path, args: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_retort"))
        .args(args)
        .current_dir(cwd)
        .env("NO_COLOR", "1")
        .output()
        .expect("run retort")
}

/// Copy a directory tree (fixtures are copied before anything writes to them).
pub fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), target).unwrap();
        }
    }
}
