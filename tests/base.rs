//! `retort lint --base REF` in the checkouts CI systems make: shallow clones that hold
//! only the branch under test, then the base branch fetched shallowly, then everything.

mod common;

use std::path::Path;
use std::process::Command;

fn git(dir: &Path, args: &[&str]) -> String {
    let out = Command::new("git")
        .args([
            "-c",
            "user.name=retort tests",
            "-c",
            "user.email=tests@retort.invalid",
            "-c",
            "init.defaultBranch=main",
            "-c",
            "commit.gpgsign=false",
            "-c",
            "protocol.file.allow=always",
        ])
        .args(args)
        .current_dir(dir)
        .output()
        .expect("run git");
    assert!(
        out.status.success(),
        "git {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

fn write_revision(dir: &Path, id: &str, down: Option<&str>) {
    let (header, value) = match down {
        Some(d) => (d.to_owned(), format!("'{d}'")),
        None => (String::new(), "None".to_owned()),
    };
    std::fs::write(
        dir.join(format!("{id}_step.py")),
        format!(
            "\"\"\"step\n\nRevision ID: {id}\nRevises: {header}\nCreate Date: 2024-01-01 00:00:00\n\n\"\"\"\n\
             from alembic import op\n\nrevision = '{id}'\ndown_revision = {value}\n\
             branch_labels = None\ndepends_on = None\n\n\ndef upgrade():\n    pass\n\n\ndef downgrade():\n    pass\n"
        ),
    )
    .unwrap();
}

/// An "origin" repository: main and a feature branch that each added a revision on
/// `3d91640ec9e0`, with a few more commits on main so that history has some depth.
fn origin() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    std::fs::write(
        root.join("alembic.ini"),
        "[alembic]\nscript_location = %(here)s/migrations\n",
    )
    .unwrap();
    let versions = root.join("migrations/versions");
    std::fs::create_dir_all(&versions).unwrap();
    write_revision(&versions, "23e791c49f3a", None);
    write_revision(&versions, "3d91640ec9e0", Some("23e791c49f3a"));
    git(root, &["init", "-q"]);
    git(root, &["add", "-A"]);
    git(root, &["commit", "-qm", "base"]);
    git(root, &["checkout", "-qb", "feature"]);
    write_revision(&versions, "c8d25c64b432", Some("3d91640ec9e0"));
    git(root, &["add", "-A"]);
    git(root, &["commit", "-qm", "feature migration"]);
    git(root, &["checkout", "-q", "main"]);
    write_revision(&versions, "fb84c1febfb6", Some("3d91640ec9e0"));
    git(root, &["add", "-A"]);
    git(root, &["commit", "-qm", "main migration"]);
    std::fs::write(root.join("README"), "later\n").unwrap();
    git(root, &["add", "-A"]);
    git(root, &["commit", "-qm", "unrelated change on main"]);
    dir
}

fn codes(out: &std::process::Output) -> Vec<String> {
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap_or_else(|e| {
        panic!(
            "{e}: {}{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        )
    });
    let mut codes: Vec<String> = json["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["code"].as_str().unwrap().to_owned())
        .collect();
    codes.sort();
    codes
}

#[test]
fn shallow_clone_without_the_base_branch_says_how_to_fetch_it() {
    let origin = origin();
    let work = tempfile::tempdir().unwrap();
    let url = format!("file://{}", origin.path().display());
    // What actions/checkout does by default: one commit of one branch.
    git(
        work.path(),
        &[
            "clone",
            "-q",
            "--depth",
            "1",
            "--single-branch",
            "--branch",
            "feature",
            &url,
            "clone",
        ],
    );
    let clone = work.path().join("clone");
    assert_eq!(
        git(&clone, &["rev-parse", "--is-shallow-repository"]).trim(),
        "true"
    );

    let out = common::retort(&clone, &["lint", "--base", "origin/main"]);
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{err}");
    assert!(
        err.contains("--base origin/main: `origin/main` is not in this shallow clone")
            && err.contains("git fetch --no-tags origin main:refs/remotes/origin/main"),
        "{err}"
    );
    assert!(out.stdout.is_empty());

    // Fetch the base branch as the message says, shallowly: there is no merge base,
    // which retort says, and the second head is still caught.
    git(
        &clone,
        &[
            "fetch",
            "-q",
            "--no-tags",
            "--depth",
            "1",
            "origin",
            "main:refs/remotes/origin/main",
        ],
    );
    let out = common::retort(
        &clone,
        &["lint", "--base", "origin/main", "--format", "json"],
    );
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{err}");
    assert!(err.contains("no merge base"), "{err}");
    assert_eq!(codes(&out), ["RT101", "RT112"]);

    // With the whole history the merge base is found and the warning goes away.
    git(&clone, &["fetch", "-q", "--unshallow", "origin"]);
    let out = common::retort(
        &clone,
        &["lint", "--base", "origin/main", "--format", "json"],
    );
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{err}");
    assert!(err.is_empty(), "{err}");
    assert_eq!(codes(&out), ["RT101", "RT112"]);
}

#[test]
fn a_ref_that_does_not_exist_and_no_repository_at_all() {
    let origin = origin();
    let out = common::retort(origin.path(), &["lint", "--base", "mian"]);
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{err}");
    assert!(
        err.contains("`mian` is not a commit in this repository"),
        "{err}"
    );

    let plain = tempfile::tempdir().unwrap();
    common::copy_dir(origin.path(), plain.path());
    std::fs::remove_dir_all(plain.path().join(".git")).unwrap();
    let out = common::retort(plain.path(), &["lint", "--base", "main"]);
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{err}");
    assert!(err.contains("is not inside a git repository"), "{err}");
}

#[test]
fn pull_request_merge_commit_checkout() {
    // On `pull_request` events actions/checkout checks out the merge of the branch
    // into the base: the merged tree is on disk and `--base` names the base branch.
    let origin = origin();
    let root = origin.path();
    git(root, &["checkout", "-q", "--detach", "main"]);
    git(root, &["merge", "-q", "--no-edit", "feature"]);
    let out = common::retort(root, &["lint", "--base", "main", "--format", "json"]);
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(codes(&out), ["RT101", "RT112"]);
}
