//! Helpers shared by the integration tests: finding outside tools (which must fail the
//! test, not skip it, when `CI=true`) and running the built binary.

#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::Command;

pub mod release_build;

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

/// Run git with a fixed identity; panics with git's message when it fails.
pub fn git(dir: &Path, args: &[&str]) -> String {
    let out = std::process::Command::new("git")
        .args([
            "-c",
            "user.name=retort tests",
            "-c",
            "user.email=tests@retort.invalid",
            "-c",
            "init.defaultBranch=main",
            "-c",
            "commit.gpgsign=false",
        ])
        .args(args)
        .current_dir(dir)
        .output()
        .expect("run git");
    assert!(
        out.status.success(),
        "git {args:?} in {}: {}",
        dir.display(),
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

fn files_of(dir: &Path) -> std::collections::BTreeMap<String, Vec<u8>> {
    std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap())
        .filter(|e| e.file_type().unwrap().is_file())
        .map(|e| {
            (
                e.file_name().to_string_lossy().into_owned(),
                std::fs::read(e.path()).unwrap(),
            )
        })
        .collect()
}

fn replace_versions(versions: &Path, files: &std::collections::BTreeMap<String, Vec<u8>>) {
    if versions.exists() {
        std::fs::remove_dir_all(versions).unwrap();
    }
    std::fs::create_dir_all(versions).unwrap();
    for (name, bytes) in files {
        std::fs::write(versions.join(name), bytes).unwrap();
    }
}

/// An RT112 case as the git repository testdata/rules/README.md describes: the files
/// both sides share are the merge base; `main` then holds `base/versions/`, and the
/// checked-out branch `feature` holds the case's `versions/`.
pub fn git_repository_for_case(case: &Path, into: &Path) {
    let ours = files_of(&case.join("versions"));
    let theirs = files_of(&case.join("base/versions"));
    let shared = ours
        .iter()
        .filter(|(name, bytes)| theirs.get(*name) == Some(*bytes))
        .map(|(n, b)| (n.clone(), b.clone()))
        .collect();
    for entry in std::fs::read_dir(case).unwrap() {
        let entry = entry.unwrap();
        if entry.file_type().unwrap().is_file() {
            std::fs::copy(entry.path(), into.join(entry.file_name())).unwrap();
        }
    }
    let versions = into.join("versions");
    replace_versions(&versions, &shared);
    git(into, &["init", "-q"]);
    git(into, &["add", "-A"]);
    git(into, &["commit", "-qm", "merge base"]);
    git(into, &["branch", "feature"]);
    replace_versions(&versions, &theirs);
    git(into, &["add", "-A"]);
    git(
        into,
        &["commit", "-q", "--allow-empty", "-m", "main moves on"],
    );
    git(into, &["checkout", "-q", "feature"]);
    replace_versions(&versions, &ours);
    git(into, &["add", "-A"]);
    git(into, &["commit", "-q", "--allow-empty", "-m", "the branch"]);
}
