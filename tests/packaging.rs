//! retort installed the way Python users install it (pyproject.toml, maturin with
//! `bindings = "bin"`): the wheel maturin builds, installed into a fresh virtualenv;
//! `pip install .` of this checkout into another; `uv tool install .`. Each installed
//! `retort` must print retort's version and lint a fixture project exactly as the
//! binary cargo built for these tests does. maturin and uv come from PyPI at the
//! versions tests/requirements.txt pins (`.ci/run` installs them); every build shares
//! one target directory (tests/common/release_build.rs), so this costs one release
//! build of the dependencies per machine.

mod common;

use std::path::Path;
use std::process::Command;

use common::release_build::{self, build_wheel, new_virtualenv, run, text, venv_tool};

const FIXTURE: &str = "testdata/projects/seed-wallet";

/// The installed `retort` answers `--version` and lints the fixture as the test
/// binary does (same findings, same exit status).
fn check_installed_retort(retort: &Path) {
    assert!(retort.is_file(), "{} was not installed", retort.display());
    let version = run(Command::new(retort).arg("--version"));
    assert_eq!(
        String::from_utf8_lossy(&version.stdout).trim(),
        format!("retort {}", env!("CARGO_PKG_VERSION"))
    );
    let fixture = common::repo_root().join(FIXTURE);
    let expected = common::retort(&fixture, &["lint", "--format", "concise"]);
    let mut command = Command::new(retort);
    command
        .args(["lint", "--format", "concise"])
        .current_dir(&fixture);
    let got = release_build::environment(&mut command).output().unwrap();
    assert_eq!(got.status.code(), Some(1), "{}", text(&got));
    assert_eq!(got.status.code(), expected.status.code());
    assert_eq!(
        String::from_utf8_lossy(&got.stdout),
        String::from_utf8_lossy(&expected.stdout)
    );
    assert!(
        String::from_utf8_lossy(&got.stdout).contains("RT101"),
        "{}",
        text(&got)
    );
}

/// The metadata of the wheel (its `*.dist-info/METADATA`), read by the virtualenv's
/// own Python.
fn wheel_metadata(python: &Path, wheel: &Path) -> String {
    let script = "import sys, zipfile\n\
                  z = zipfile.ZipFile(sys.argv[1])\n\
                  [name] = [n for n in z.namelist() if n.endswith('.dist-info/METADATA')]\n\
                  sys.stdout.write(z.read(name).decode())\n";
    let out = run(Command::new(python).args(["-c", script]).arg(wheel));
    String::from_utf8(out.stdout).unwrap()
}

#[test]
fn maturin_wheel_installs_a_working_retort() {
    let Some(maturin) = venv_tool("maturin") else {
        return;
    };
    let scratch = tempfile::tempdir().unwrap();
    let wheel = build_wheel(&maturin, &scratch.path().join("wheels"));
    let name = wheel.file_name().unwrap().to_string_lossy().into_owned();
    // A binary wheel for any Python 3: no Python ABI in it.
    assert!(
        name.starts_with(&format!(
            "retort_lint-{}-py3-none-",
            env!("CARGO_PKG_VERSION")
        )),
        "{name}"
    );

    let Some(bin) = new_virtualenv(&scratch.path().join("venv")) else {
        return;
    };
    let metadata = wheel_metadata(&bin.join("python"), &wheel);
    for line in [
        "Name: retort-lint".to_owned(),
        format!("Version: {}", env!("CARGO_PKG_VERSION")),
        "License-Expression: MIT".to_owned(),
        "License-File: LICENSE".to_owned(),
        "Classifier: Programming Language :: Rust".to_owned(),
        "Classifier: Topic :: Software Development :: Quality Assurance".to_owned(),
        "Project-URL: Repository, https://github.com/retort-lint/retort".to_owned(),
        "Project-URL: Issues, https://github.com/retort-lint/retort/issues".to_owned(),
    ] {
        assert!(
            metadata.lines().any(|l| l == line),
            "wheel METADATA lacks {line:?}:\n{metadata}"
        );
    }
    // The README is the long description, as Markdown.
    assert!(
        metadata
            .lines()
            .any(|l| l.starts_with("Description-Content-Type: text/markdown")),
        "{metadata}"
    );
    assert!(metadata.contains("\n# retort\n"), "{metadata}");

    run(Command::new(bin.join("pip"))
        .args(["install", "--no-index", "--quiet"])
        .arg(&wheel));
    check_installed_retort(&bin.join("retort"));
    // The wheel carries the licence text.
    let listing = run(Command::new(bin.join("pip")).args(["show", "-f", "retort-lint"]));
    assert!(
        text(&listing).contains("licenses/LICENSE"),
        "{}",
        text(&listing)
    );
}

#[test]
fn pip_install_dot_builds_a_working_retort() {
    let scratch = tempfile::tempdir().unwrap();
    let Some(bin) = new_virtualenv(&scratch.path().join("venv")) else {
        return;
    };
    // What a user types in a clone: pip builds the sdist-less checkout with maturin
    // (from PyPI, in an isolated build environment) and installs the wheel.
    run(Command::new(bin.join("pip"))
        .args(["install", "--quiet", "."])
        .current_dir(common::repo_root()));
    check_installed_retort(&bin.join("retort"));
}

#[test]
fn uv_tool_install_dot_builds_a_working_retort() {
    let Some(uv) = venv_tool("uv") else {
        return;
    };
    let scratch = tempfile::tempdir().unwrap();
    let tools = scratch.path().join("tools");
    let bin = scratch.path().join("bin");
    run(Command::new(uv)
        .args(["tool", "install", "--quiet", "."])
        .current_dir(common::repo_root())
        .env("UV_TOOL_DIR", &tools)
        .env("UV_TOOL_BIN_DIR", &bin)
        .env("UV_CACHE_DIR", scratch.path().join("uv-cache"))
        .env("UV_PYTHON", common::python().unwrap())
        .env("UV_PYTHON_DOWNLOADS", "never")
        .env("UV_NO_PROGRESS", "1"));
    check_installed_retort(&bin.join("retort"));
}

/// The sdist (what release.yml publishes beside the wheels, and what pip builds on a
/// platform without a wheel) holds everything the build reads: the manifests, the lock
/// file, every source file and every rule doc compiled in with `include_str!`.
#[test]
fn sdist_holds_what_the_build_needs() {
    let Some(maturin) = venv_tool("maturin") else {
        return;
    };
    let Some(python) = common::python() else {
        return;
    };
    let scratch = tempfile::tempdir().unwrap();
    run(Command::new(&maturin)
        .args(["sdist", "--out"])
        .arg(scratch.path())
        .current_dir(common::repo_root()));
    let sdist = std::fs::read_dir(scratch.path())
        .unwrap()
        .map(|e| e.unwrap().path())
        .find(|p| p.to_string_lossy().ends_with(".tar.gz"))
        .expect("maturin wrote an sdist");
    let prefix = format!("retort_lint-{}/", env!("CARGO_PKG_VERSION"));
    assert!(
        sdist
            .file_name()
            .unwrap()
            .to_string_lossy()
            .starts_with(&prefix[..prefix.len() - 1]),
        "{}",
        sdist.display()
    );
    let listing = run(Command::new(python)
        .args([
            "-c",
            "import sys, tarfile; print('\\n'.join(tarfile.open(sys.argv[1]).getnames()))",
        ])
        .arg(&sdist));
    let listing = String::from_utf8(listing.stdout).unwrap();
    let names: std::collections::HashSet<&str> = listing
        .lines()
        .filter_map(|l| l.strip_prefix(&prefix))
        .collect();
    let mut needed: Vec<String> = [
        "Cargo.toml",
        "Cargo.lock",
        "pyproject.toml",
        "README.md",
        "LICENSE",
    ]
    .map(String::from)
    .to_vec();
    let root = common::repo_root();
    for dir in ["src", "rules"] {
        for entry in walk(&root.join(dir)) {
            needed.push(
                entry
                    .strip_prefix(&root)
                    .unwrap()
                    .to_string_lossy()
                    .replace('\\', "/"),
            );
        }
    }
    let missing: Vec<&String> = needed
        .iter()
        .filter(|n| !names.contains(n.as_str()))
        .collect();
    assert!(missing.is_empty(), "the sdist lacks {missing:?}");
}

fn walk(dir: &Path) -> Vec<std::path::PathBuf> {
    let mut files = Vec::new();
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            files.extend(walk(&path));
        } else {
            files.push(path);
        }
    }
    files
}
