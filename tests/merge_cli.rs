//! `retort merge` and `retort lint --fix` through the binary: what is written, what is
//! refused, and that nothing is ever overwritten or left half-written.

mod common;

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::process::Output;

fn revision(id: &str, down: &[&str], labels: &[&str]) -> String {
    let down = match down {
        [] => "None".to_owned(),
        [one] => format!("'{one}'"),
        many => format!(
            "({})",
            many.iter()
                .map(|d| format!("'{d}'"))
                .collect::<Vec<_>>()
                .join(", ")
        ),
    };
    let labels = if labels.is_empty() {
        "None".to_owned()
    } else {
        format!(
            "({},)",
            labels
                .iter()
                .map(|l| format!("'{l}'"))
                .collect::<Vec<_>>()
                .join(", ")
        )
    };
    format!(
        "\"\"\"revision {id}\"\"\"\nrevision = '{id}'\ndown_revision = {down}\nbranch_labels = {labels}\n\
         depends_on = None\n\n\ndef upgrade():\n    pass\n\n\ndef downgrade():\n    pass\n"
    )
}

/// A project with alembic.ini, no script.py.mako (the stock template applies) and the
/// given revisions `(id, parents, labels)`.
fn project(revisions: &[(&str, &[&str], &[&str])]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(dir.path().join("migrations/versions")).unwrap();
    std::fs::write(
        dir.path().join("alembic.ini"),
        "[alembic]\nscript_location = %(here)s/migrations\n",
    )
    .unwrap();
    for (id, down, labels) in revisions {
        std::fs::write(
            dir.path().join(format!("migrations/versions/{id}_rev.py")),
            revision(id, down, labels),
        )
        .unwrap();
    }
    dir
}

const FORK: &[(&str, &[&str], &[&str])] = &[
    ("9f3a61c0d2b7", &[], &[]),
    ("4e8d17b2a9c5", &["9f3a61c0d2b7"], &[]),
    ("c2b95e04f7a1", &["9f3a61c0d2b7"], &[]),
];

fn files(dir: &Path) -> BTreeSet<PathBuf> {
    let mut out = BTreeSet::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for e in std::fs::read_dir(&d).unwrap() {
            let p = e.unwrap().path();
            if p.is_dir() {
                stack.push(p);
            } else {
                out.insert(p.strip_prefix(dir).unwrap().to_path_buf());
            }
        }
    }
    out
}

fn text(out: &Output) -> (String, String) {
    (
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

#[test]
fn dry_run_prints_the_file_and_writes_nothing() {
    let dir = project(FORK);
    let before = files(dir.path());
    let out = common::retort(
        dir.path(),
        &[
            "merge",
            "--dry-run",
            "-m",
            "join",
            "--rev-id",
            "5d0c4b3a2f19",
        ],
    );
    let (stdout, stderr) = text(&out);
    assert!(out.status.success(), "{stdout}{stderr}");
    assert!(
        stdout.contains("Would write migrations/versions/5d0c4b3a2f19_join.py"),
        "{stdout}"
    );
    assert!(stdout.contains(
        "down_revision: Union[str, Sequence[str], None] = ('4e8d17b2a9c5', 'c2b95e04f7a1')\n"
    ));
    assert!(
        stdout.contains("Merging 2 heads (common ancestor 9f3a61c0d2b7)"),
        "{stdout}"
    );
    assert_eq!(files(dir.path()), before);
}

#[test]
fn merge_writes_once_and_never_overwrites() {
    let dir = project(FORK);
    // File names without the id: a third head already sits where the merge would go.
    let ini = dir.path().join("alembic.ini");
    let config = std::fs::read_to_string(&ini).unwrap() + "file_template = %%(slug)s\n";
    std::fs::write(&ini, config).unwrap();
    let target = dir.path().join("migrations/versions/join.py");
    let existing = revision("e5f4d3c2b1a0", &["9f3a61c0d2b7"], &[]);
    std::fs::write(&target, &existing).unwrap();
    let before = files(dir.path());
    let out = common::retort(
        dir.path(),
        &["merge", "-m", "join", "--rev-id", "5d0c4b3a2f19"],
    );
    let (stdout, stderr) = text(&out);
    assert_eq!(out.status.code(), Some(2), "{stdout}{stderr}");
    assert!(
        stderr.contains("join.py already exists") && stderr.contains("never overwrites"),
        "{stderr}"
    );
    assert_eq!(std::fs::read_to_string(&target).unwrap(), existing);
    assert_eq!(files(dir.path()), before, "nothing else may appear");
    std::fs::write(
        &ini,
        std::fs::read_to_string(&ini)
            .unwrap()
            .replace("file_template = %%(slug)s\n", ""),
    )
    .unwrap();
    std::fs::remove_file(&target).unwrap();

    // With the name free, the merge is written; merging again finds one head.
    let out = common::retort(
        dir.path(),
        &["merge", "-m", "join", "--rev-id", "5d0c4b3a2f19"],
    );
    assert!(out.status.success(), "{:?}", text(&out));
    assert!(
        text(&out)
            .0
            .contains("Wrote migrations/versions/5d0c4b3a2f19_join.py")
    );
    let out = common::retort(dir.path(), &["merge"]);
    assert!(out.status.success());
    assert!(
        text(&out)
            .0
            .contains("one head (`5d0c4b3a2f19`): nothing to merge"),
        "{:?}",
        text(&out)
    );
    let lint = common::retort(dir.path(), &["lint", "--select", "RT101"]);
    assert!(lint.status.success(), "{:?}", text(&lint));
}

/// Make `dir` unwritable even for root (chmod, else the immutable attribute). Returns
/// a guard that restores it, or None when this machine offers neither.
#[cfg(unix)]
struct ReadOnly(PathBuf, bool);

#[cfg(unix)]
impl Drop for ReadOnly {
    fn drop(&mut self) {
        if self.1 {
            let _ = std::process::Command::new("chattr")
                .arg("-i")
                .arg(&self.0)
                .status();
        }
        use std::os::unix::fs::PermissionsExt;
        let _ = std::fs::set_permissions(&self.0, std::fs::Permissions::from_mode(0o755));
    }
}

#[cfg(unix)]
fn make_read_only(dir: &Path) -> Option<ReadOnly> {
    use std::os::unix::fs::PermissionsExt;
    let writable = || {
        let probe = dir.join(".probe");
        let ok = std::fs::write(&probe, "x").is_ok();
        let _ = std::fs::remove_file(&probe);
        ok
    };
    std::fs::set_permissions(dir, std::fs::Permissions::from_mode(0o555)).unwrap();
    if !writable() {
        return Some(ReadOnly(dir.to_path_buf(), false));
    }
    // root ignores permissions; the immutable attribute stops it too (ext4, xfs, btrfs).
    let guard = ReadOnly(dir.to_path_buf(), true);
    let chattr = std::process::Command::new("chattr")
        .arg("+i")
        .arg(dir)
        .status();
    if chattr.is_ok_and(|s| s.success()) && !writable() {
        return Some(guard);
    }
    None
}

#[cfg(unix)]
#[test]
fn read_only_directory_is_a_clear_error_and_leaves_nothing() {
    let dir = project(FORK);
    let versions = dir.path().join("migrations/versions");
    let before = files(dir.path());
    let Some(guard) = make_read_only(&versions) else {
        common::require_tool(
            "a way to make a directory read-only (chmod, or chattr +i as root)",
            None,
        );
        return;
    };
    let out = common::retort(
        dir.path(),
        &["merge", "-m", "join", "--rev-id", "5d0c4b3a2f19"],
    );
    drop(guard);
    let (stdout, stderr) = text(&out);
    assert_eq!(out.status.code(), Some(2), "{stdout}{stderr}");
    assert!(
        stderr.contains("cannot write the new revision file"),
        "{stderr}"
    );
    assert!(stderr.contains("5d0c4b3a2f19_join.py"), "{stderr}");
    assert!(stderr.contains("nothing was written"), "{stderr}");
    assert_eq!(
        files(dir.path()),
        before,
        "no temporary file may be left behind"
    );

    // lint --fix reports the same and still prints the report.
    let guard = make_read_only(&versions).expect("worked a moment ago");
    let out = common::retort(dir.path(), &["lint", "--fix", "--select", "RT101"]);
    drop(guard);
    let (stdout, stderr) = text(&out);
    assert_eq!(out.status.code(), Some(1), "{stdout}{stderr}");
    assert!(
        stderr.contains("--fix: ") && stderr.contains("nothing was written"),
        "{stderr}"
    );
    assert!(stdout.contains("RT101"), "{stdout}");
    assert_eq!(files(dir.path()), before);
}

#[test]
fn fix_refuses_when_a_merge_would_be_meaningless() {
    // Two heads, but one of them hangs off a parent that does not exist.
    let dir = project(&[
        ("9f3a61c0d2b7", &[], &[]),
        ("4e8d17b2a9c5", &["9f3a61c0d2b7"], &[]),
        ("c2b95e04f7a1", &["9f3a61c0d2b7"], &[]),
        ("7a6b5c4d3e2f", &["0000deadbeef"], &[]),
    ]);
    let before = files(dir.path());
    let out = common::retort(dir.path(), &["lint", "--fix"]);
    let (stdout, stderr) = text(&out);
    assert_eq!(out.status.code(), Some(1), "{stdout}{stderr}");
    assert!(stderr.contains("not writing a merge revision"), "{stderr}");
    assert!(
        stderr.contains("down_revision `0000deadbeef` does not exist (RT103)"),
        "{stderr}"
    );
    assert!(
        stdout.contains("RT101") && stdout.contains("RT103"),
        "{stdout}"
    );
    assert_eq!(files(dir.path()), before);

    let out = common::retort(dir.path(), &["merge", "--rev-id", "5d0c4b3a2f19"]);
    assert_eq!(out.status.code(), Some(1), "{:?}", text(&out));
    assert_eq!(files(dir.path()), before);
}

#[test]
fn lint_fix_twice_changes_nothing_the_second_time() {
    let dir = project(FORK);
    let before = files(dir.path());
    let out = common::retort(dir.path(), &["lint", "--fix", "--format", "json"]);
    let (stdout, stderr) = text(&out);
    assert!(out.status.success(), "{stdout}{stderr}");
    // stdout stays the report (here: valid JSON with no findings).
    let findings: serde_json::Value = serde_json::from_str(&stdout).unwrap();
    assert!(
        findings.to_string().contains("[]") || !findings.to_string().contains("RT101"),
        "{stdout}"
    );
    assert!(stderr.contains("fixed RT101"), "{stderr}");
    let after = files(dir.path());
    assert_eq!(after.len(), before.len() + 1);
    let new = after.difference(&before).next().unwrap();
    let name = new.file_name().unwrap().to_string_lossy();
    assert!(
        name.ends_with("_merge_heads_4e8d17b2a9c5_c2b95e04f7a1.py"),
        "{name}"
    );
    let id = &name[..12];
    assert!(
        id.bytes()
            .all(|b| b.is_ascii_hexdigit() && !b.is_ascii_uppercase()),
        "{id}"
    );

    let out = common::retort(dir.path(), &["lint", "--fix"]);
    assert!(out.status.success(), "{:?}", text(&out));
    assert_eq!(files(dir.path()), after);
}

#[test]
fn unrenderable_template_names_file_and_line_and_writes_nothing() {
    let dir = project(FORK);
    std::fs::write(
        dir.path().join("migrations/script.py.mako"),
        "\"\"\"${message}\"\"\"\n<%!\nimport os\n%>\nrevision = ${repr(up_revision)}\n",
    )
    .unwrap();
    let before = files(dir.path());
    let out = common::retort(dir.path(), &["merge", "-m", "x"]);
    let (stdout, stderr) = text(&out);
    assert_eq!(out.status.code(), Some(2), "{stdout}{stderr}");
    assert!(
        stderr.contains(
            "migrations/script.py.mako:3: `import os` in a Python block is not supported"
        ),
        "{stderr}"
    );
    assert_eq!(files(dir.path()), before);

    std::fs::write(
        dir.path().join("migrations/script.py.mako"),
        "revision = ${repr(up_revision)}\n\n% if message:\nlabels = ${labels}\n% endif\n",
    )
    .unwrap();
    let out = common::retort(dir.path(), &["merge", "-m", "x"]);
    let (_, stderr) = text(&out);
    assert!(
        stderr.contains("script.py.mako:4: `labels` is not defined"),
        "{stderr}"
    );
    assert_eq!(files(dir.path()), before);
}

#[test]
fn heads_by_branch_label_and_bad_arguments() {
    let dir = project(&[
        ("9f3a61c0d2b7", &[], &[]),
        ("4e8d17b2a9c5", &["9f3a61c0d2b7"], &["billing"]),
        ("18f2e7d6c5b4", &["4e8d17b2a9c5"], &[]),
        ("c2b95e04f7a1", &["9f3a61c0d2b7"], &["search"]),
        ("a0b1c2d3e4f5", &["9f3a61c0d2b7"], &[]),
    ]);
    let dry = |args: &[&str]| {
        let mut all = vec!["merge", "--dry-run", "--rev-id", "5d0c4b3a2f19"];
        all.extend(args);
        common::retort(dir.path(), &all)
    };
    // Labels name the head of their branch; `label@head` too; order is kept.
    let out = dry(&["search", "billing@head"]);
    let (stdout, stderr) = text(&out);
    assert!(out.status.success(), "{stdout}{stderr}");
    assert!(
        stdout.contains("= ('c2b95e04f7a1', '18f2e7d6c5b4')\n"),
        "{stdout}"
    );
    assert!(
        stdout.contains("4e8d17b2a9c5  revision 4e8d17b2a9c5"),
        "{stdout}"
    );

    for (args, expected) in [
        (&["4e8d17b2a9c5", "a0b1c2d3e4f5"][..], "is not a head"),
        (&["a0b1", "a0b1c2d3e4f5"][..], "named more than once"),
        (&["abc", "a0b1c2d3e4f5"][..], "at least four characters"),
        (&["nope@head", "a0b1"][..], "no such branch: `nope`"),
        (&["a0b1"][..], "a merge needs two or more"),
    ] {
        let out = dry(args);
        let (stdout, stderr) = text(&out);
        assert_eq!(out.status.code(), Some(2), "{args:?}: {stdout}{stderr}");
        assert!(stderr.contains(expected), "{args:?}: {stderr}");
    }
    let out = common::retort(dir.path(), &["merge", "--dry-run", "--rev-id", "a-b"]);
    assert!(
        text(&out).1.contains("not allowed in revision identifier"),
        "{:?}",
        text(&out)
    );
    let out = common::retort(
        dir.path(),
        &["merge", "--dry-run", "--rev-id", "a0b1c2d3e4f5"],
    );
    assert!(text(&out).1.contains("already used by"), "{:?}", text(&out));
}

#[test]
fn post_write_hooks_are_reported_not_run() {
    let dir = project(FORK);
    let ini = dir.path().join("alembic.ini");
    let mut text_ini = std::fs::read_to_string(&ini).unwrap();
    text_ini.push_str(
        "\n[post_write_hooks]\nhooks = marker\nmarker.type = exec\nmarker.executable = touch\nmarker.options = hook-ran\n",
    );
    std::fs::write(&ini, text_ini).unwrap();
    let out = common::retort(dir.path(), &["merge", "-m", "m"]);
    let (stdout, stderr) = text(&out);
    assert!(out.status.success(), "{stdout}{stderr}");
    assert!(
        stdout.contains("post_write_hooks (marker); retort does not run them"),
        "{stdout}"
    );
    assert!(!dir.path().join("hook-ran").exists());
}

#[test]
fn conflicting_branches_are_refused_unless_allowed() {
    let dir = project(FORK);
    // Both branches add `users.phone`: whichever runs second fails.
    for id in ["4e8d17b2a9c5", "c2b95e04f7a1"] {
        let path = dir.path().join(format!("migrations/versions/{id}_rev.py"));
        let text = std::fs::read_to_string(&path).unwrap().replacen(
            "def upgrade():\n    pass\n",
            "from alembic import op\nimport sqlalchemy as sa\n\n\ndef upgrade():\n    op.add_column('users', sa.Column('phone', sa.String()))\n",
            1,
        );
        std::fs::write(&path, text).unwrap();
    }
    let before = files(dir.path());
    let out = common::retort(
        dir.path(),
        &["merge", "-m", "join", "--rev-id", "5d0c4b3a2f19"],
    );
    let (stdout, stderr) = text(&out);
    assert_eq!(out.status.code(), Some(1), "{stdout}{stderr}");
    assert!(stderr.contains("the branches conflict"), "{stderr}");
    assert!(
        stderr.contains("heads `4e8d17b2a9c5` and `c2b95e04f7a1` conflict on column `users.phone`"),
        "{stderr}"
    );
    assert!(
        stderr.contains("(RT205)") && stderr.contains("--allow-conflicts"),
        "{stderr}"
    );
    assert_eq!(files(dir.path()), before);

    let out = common::retort(dir.path(), &["lint", "--fix"]);
    let (stdout, stderr) = text(&out);
    assert_eq!(out.status.code(), Some(1), "{stdout}{stderr}");
    assert!(
        stderr.contains("--fix: not writing a merge revision: the branches conflict"),
        "{stderr}"
    );
    assert_eq!(files(dir.path()), before);

    // The summary shows each branch's operations, so the reviewer sees what meets.
    let out = common::retort(
        dir.path(),
        &[
            "merge",
            "--dry-run",
            "--allow-conflicts",
            "--rev-id",
            "5d0c4b3a2f19",
        ],
    );
    let (stdout, _) = text(&out);
    assert!(out.status.success(), "{stdout}");
    assert!(
        stdout.contains("warning: heads `4e8d17b2a9c5` and `c2b95e04f7a1` conflict"),
        "{stdout}"
    );
    assert!(
        stdout.contains("    4e8d17b2a9c5  revision 4e8d17b2a9c5"),
        "{stdout}"
    );
    assert!(
        stdout.contains("      - add column `users.phone`"),
        "{stdout}"
    );

    let out = common::retort(dir.path(), &["lint", "--fix", "--allow-conflicts"]);
    let (stdout, stderr) = text(&out);
    assert!(stderr.contains("fixed RT101"), "{stdout}{stderr}");
    assert_eq!(files(dir.path()).len(), before.len() + 1);
}
