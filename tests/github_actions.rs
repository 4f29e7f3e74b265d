//! The GitHub Actions files retort ships: the release workflow
//! (.github/workflows/release.yml), the action users run (action.yml, composite), and
//! the workflow examples of docs/ci.md. None of them can run here; what can be checked
//! without GitHub is checked by jactionlint (a maintained fork of actionlint that has
//! actionlint's checks and reads composite actions too; pinned in
//! tests/requirements.txt) with shellcheck on every `run:` script:
//! - workflows: syntax and keys, `${{ }}` expressions and their types, `needs:`, the
//!   matrix, runner labels, the inputs given to well-known actions, and for `uses: ./`
//!   (release.yml runs retort's own action) the inputs action.yml declares;
//! - action.yml: its metadata (inputs, outputs, `runs:`), the expressions of its
//!   steps typed against its own inputs and step outputs, and its scripts.
//!
//! It also checks that the checker really reads action.yml (a misspelt input in a copy
//! is an error), and what only a test can: the version action.yml installs is this
//! crate's, and the release workflow builds every platform the docs promise.

mod common;

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use common::release_build::{text, venv_tool};

/// jactionlint with the default profile (actionlint's correctness checks and the
/// security ones), shellcheck from the test virtualenv, and no network. Actions are
/// pinned by release tag rather than commit, so its `unpinned-uses` policy is off.
fn lint(jactionlint: &Path, shellcheck: &Path, dir: &Path, files: &[PathBuf]) -> Output {
    Command::new(jactionlint)
        .arg(format!("--shellcheck={}", shellcheck.display()))
        .args(["--pyflakes=", "--no-color", "--oneline", "--strict-exit"])
        .args(["--ignore", "unpinned-uses"])
        .args(files)
        .current_dir(dir)
        .output()
        .expect("run jactionlint")
}

fn tools() -> Option<(PathBuf, PathBuf)> {
    Some((venv_tool("jactionlint")?, venv_tool("shellcheck")?))
}

/// The ```yaml blocks of docs/ci.md that are workflows (`# .github/workflows/...`).
fn documented_workflows() -> Vec<(String, String)> {
    let doc = std::fs::read_to_string(common::repo_root().join("docs/ci.md")).unwrap();
    let mut found = Vec::new();
    let mut rest = doc.as_str();
    while let Some(start) = rest.find("```yaml\n# .github/workflows/") {
        let block = &rest[start + "```yaml\n".len()..];
        let end = block.find("```").unwrap();
        let name = block.lines().next().unwrap()[2..].trim().to_owned();
        found.push((name, block[..end].to_owned()));
        rest = &block[end..];
    }
    found
}

#[test]
fn workflows_action_and_documented_workflows_are_clean() {
    let Some((jactionlint, shellcheck)) = tools() else {
        return;
    };
    // A copy holding exactly the files under test, laid out as in a repository (the
    // release workflow's `uses: ./` reads ./action.yml).
    let scratch = tempfile::tempdir().unwrap();
    let root = common::repo_root();
    let workflows = scratch.path().join(".github/workflows");
    std::fs::create_dir_all(&workflows).unwrap();
    std::fs::copy(root.join("action.yml"), scratch.path().join("action.yml")).unwrap();
    let mut files = vec![PathBuf::from("action.yml")];
    for entry in std::fs::read_dir(root.join(".github/workflows")).unwrap() {
        let path = entry.unwrap().path();
        let name = path.file_name().unwrap().to_owned();
        std::fs::copy(&path, workflows.join(&name)).unwrap();
        files.push(Path::new(".github/workflows").join(name));
    }
    let documented = documented_workflows();
    assert!(!documented.is_empty(), "docs/ci.md shows no workflow");
    for (i, (_, text)) in documented.iter().enumerate() {
        let name = format!("docs-ci-{i}.yml");
        std::fs::write(workflows.join(&name), text).unwrap();
        files.push(Path::new(".github/workflows").join(name));
    }
    assert!(
        files.iter().any(|f| f.ends_with("release.yml")),
        "{files:?}"
    );
    let out = lint(&jactionlint, &shellcheck, scratch.path(), &files);
    assert!(
        out.status.success(),
        "jactionlint {files:?}:\n{}",
        text(&out)
    );
}

#[test]
fn the_checker_reads_action_yml() {
    let Some((jactionlint, shellcheck)) = tools() else {
        return;
    };
    let scratch = tempfile::tempdir().unwrap();
    let action = std::fs::read_to_string(common::repo_root().join("action.yml")).unwrap();
    for (broken, expected) in [
        (
            action.replacen("${{ inputs.version }}", "${{ inputs.verson }}", 1),
            "verson",
        ),
        (
            action.replacen("status=0\n", "status=0\n        echo $undefined\n", 1),
            "SC2086",
        ),
        (
            action.replacen(
                "steps.lint.outputs.exit-code != '0'",
                "steps.lnt.outputs.exit-code != '0'",
                1,
            ),
            "lnt",
        ),
    ] {
        assert_ne!(broken, action);
        std::fs::write(scratch.path().join("action.yml"), &broken).unwrap();
        let out = lint(
            &jactionlint,
            &shellcheck,
            scratch.path(),
            &[PathBuf::from("action.yml")],
        );
        assert!(
            !out.status.success() && text(&out).contains(expected),
            "a broken action.yml ({expected}) passed:\n{}",
            text(&out)
        );
    }
}

#[test]
fn action_installs_this_version_and_release_covers_every_platform() {
    let root = common::repo_root();
    let action = std::fs::read_to_string(root.join("action.yml")).unwrap();
    let version = env!("CARGO_PKG_VERSION");
    assert!(
        action.contains(&format!("    default: \"{version}\"\n")),
        "action.yml must install retort-lint {version} by default"
    );
    assert!(action.contains("\"retort-lint==$RETORT_VERSION\""));
    assert!(action.contains("--format sarif --output \"$SARIF_FILE\""));
    assert!(action.contains("uses: github/codeql-action/upload-sarif@"));
    // The upload comes before the step that fails the job.
    assert!(action.find("upload-sarif@").unwrap() < action.find("name: Fail on findings").unwrap());
    let release = std::fs::read_to_string(root.join(".github/workflows/release.yml")).unwrap();
    for needle in [
        "os: linux, runner: ubuntu-latest, target: x86_64",
        "os: linux, runner: ubuntu-latest, target: aarch64",
        "os: macos, runner: macos-latest, target: aarch64",
        "os: macos, runner: macos-latest, target: x86_64",
        "os: windows, runner: windows-latest, target: x64",
        "manylinux: \"2014\"",
        "command: sdist",
        "uses: PyO3/maturin-action@",
        "uses: pypa/gh-action-pypi-publish@",
        "if: startsWith(github.ref, 'refs/tags/v')",
        "id-token: write",
        "uses: ./",
    ] {
        assert!(release.contains(needle), "release.yml lacks {needle:?}");
    }
    // The toolchain the wheels are built with is the one retort requires.
    let cargo = std::fs::read_to_string(root.join("Cargo.toml")).unwrap();
    let rust = cargo
        .lines()
        .find_map(|l| l.strip_prefix("rust-version = "))
        .unwrap()
        .trim_matches('"');
    assert!(release.contains(&format!("rust-toolchain: \"{rust}\"")));
}
