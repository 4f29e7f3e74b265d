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
    let out = dry(&["--rev", "search", "-r", "billing@head"]);
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

    // Revisions after `--` are the same as `--rev`.
    let out = dry(&[".", "--", "search", "billing@head"]);
    let (stdout, stderr) = text(&out);
    assert!(out.status.success(), "{stdout}{stderr}");
    assert!(
        stdout.contains("= ('c2b95e04f7a1', '18f2e7d6c5b4')\n"),
        "{stdout}"
    );

    for (args, expected) in [
        (&["--", "4e8d17b2a9c5", "a0b1c2d3e4f5"][..], "is not a head"),
        (&["--", "a0b1", "a0b1c2d3e4f5"][..], "named more than once"),
        (
            &["--", "abc", "a0b1c2d3e4f5"][..],
            "at least four characters",
        ),
        (&["--", "nope@head", "a0b1"][..], "no such branch: `nope`"),
        (&["-r", "a0b1"][..], "a merge needs two or more"),
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

/// `retort merge PATH` reads PATH as the project, as every other subcommand does;
/// `--project` still works; a revision given where PATH goes is explained.
#[test]
fn merge_takes_the_project_as_path() {
    let dir = project(FORK);
    let parent = dir.path().parent().unwrap();
    let name = dir.path().file_name().unwrap().to_str().unwrap();
    for args in [
        vec!["merge", "--dry-run", name],
        vec!["merge", "--dry-run", "--project", name],
    ] {
        let out = common::retort(parent, &args);
        let (stdout, stderr) = text(&out);
        assert!(out.status.success(), "{args:?}: {stdout}{stderr}");
        assert!(stdout.contains("Would write "), "{stdout}");
    }
    let out = common::retort(dir.path(), &["merge", "--dry-run", "c2b95e04f7a1"]);
    let (_, stderr) = text(&out);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr.contains("use `--rev c2b95e04f7a1` or put them after `--`"),
        "{stderr}"
    );
    let out = common::retort(parent, &["merge", name, "--project", name]);
    assert_eq!(out.status.code(), Some(2));
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

/// Run retort and expect a refusal: the exit status, every `expected` text in stderr,
/// and no file added or changed anywhere in the project.
fn assert_refused(dir: &Path, args: &[&str], code: i32, expected: &[&str]) -> String {
    let before: Vec<(PathBuf, Vec<u8>)> = files(dir)
        .into_iter()
        .map(|p| {
            let bytes = std::fs::read(dir.join(&p)).unwrap_or_default();
            (p, bytes)
        })
        .collect();
    let out = common::retort(dir, args);
    let (stdout, stderr) = text(&out);
    assert_eq!(out.status.code(), Some(code), "{args:?}: {stdout}{stderr}");
    for e in expected {
        assert!(stderr.contains(e), "{args:?}: expected {e:?} in:\n{stderr}");
    }
    assert!(!stderr.contains("fixed RT101"), "{args:?}: {stderr}");
    let after: Vec<(PathBuf, Vec<u8>)> = files(dir)
        .into_iter()
        .map(|p| {
            let bytes = std::fs::read(dir.join(&p)).unwrap_or_default();
            (p, bytes)
        })
        .collect();
    assert_eq!(before, after, "{args:?}: files changed");
    stderr
}

fn set_ini(dir: &Path, line: &str) {
    let ini = dir.join("alembic.ini");
    let text = std::fs::read_to_string(&ini).unwrap();
    std::fs::write(&ini, format!("{text}{line}\n")).unwrap();
}

/// Review 1 item 4: a file_template with subdirectories and recursive_version_locations
/// off puts the merge where Alembic never looks. `alembic merge` writes it anyway;
/// retort refuses, `lint --fix` never claims to have fixed RT101, and nothing piles up.
#[test]
fn subdirectory_file_template_needs_recursive_version_locations() {
    let dir = project(FORK);
    set_ini(
        dir.path(),
        "file_template = %%(year)d/%%(month).2d/%%(rev)s_%%(slug)s",
    );
    let expected = [
        "not writing a merge revision",
        "recursive_version_locations is off",
        "Set `recursive_version_locations = true` in [alembic] in alembic.ini",
        "alembic.ini:3",
    ];
    assert_refused(dir.path(), &["merge", "-m", "join"], 2, &expected);
    assert_refused(dir.path(), &["merge", "--dry-run"], 2, &expected);
    for _ in 0..2 {
        let stderr = assert_refused(dir.path(), &["lint", "--fix"], 1, &expected);
        assert!(stderr.contains("retort: --fix: "), "{stderr}");
    }

    // With the option on, the file goes into the subdirectory and is found.
    set_ini(dir.path(), "recursive_version_locations = true");
    let before = files(dir.path());
    let out = common::retort(dir.path(), &["lint", "--fix", "--format", "concise"]);
    let (stdout, stderr) = text(&out);
    assert!(stderr.contains("fixed RT101"), "{stderr}");
    let new: Vec<_> = files(dir.path()).difference(&before).cloned().collect();
    assert_eq!(new.len(), 1, "{new:?}");
    assert_eq!(
        new[0].components().count(),
        5,
        "migrations/versions/YYYY/MM/file: {new:?}"
    );
    // The older files, named before the template changed, still carry their own ids
    // (a change of template is a matter of style, not RT110); the new file matches the
    // template with its subdirectories.
    assert!(!stdout.contains("RT101"), "{stdout}");
    let new_name = new[0].file_name().unwrap().to_string_lossy().into_owned();
    assert!(!stdout.contains(&new_name), "{stdout}");
    assert_eq!(stdout.matches("RT110").count(), 0, "{stdout}");
}

/// Review 1 item 5: a branch label that is already a revision id or a branch label
/// (or the new id, or given twice) breaks the history (RT108); refused before writing.
#[test]
fn branch_labels_that_collide_are_refused() {
    let dir = project(&[
        ("9f3a61c0d2b7", &[], &[]),
        ("4e8d17b2a9c5", &["9f3a61c0d2b7"], &["billing"]),
        ("c2b95e04f7a1", &["9f3a61c0d2b7"], &[]),
    ]);
    fn merge<'a>(labels: &[&'a str]) -> Vec<&'a str> {
        let mut args = vec!["merge", "-m", "x", "--rev-id", "5d0c4b3a2f19"];
        for l in labels {
            args.extend(["--branch-label", l]);
        }
        args
    }
    for (labels, expected) in [
        (
            &["c2b95e04f7a1"][..],
            "branch label `c2b95e04f7a1` is already the id of revision c2b95e04f7a1 \
             (migrations/versions/c2b95e04f7a1_rev.py)",
        ),
        (
            &["billing"][..],
            "branch label `billing` is already a branch label of revision 4e8d17b2a9c5",
        ),
        (
            &["5d0c4b3a2f19"][..],
            "branch label `5d0c4b3a2f19` is the id of the merge revision itself",
        ),
        (&["rel", "rel"][..], "branch label `rel` is given twice"),
        (&["heads"][..], "`heads` cannot be a branch label"),
        (&["a@b"][..], "`a@b` cannot be a branch label"),
        (&[""][..], "`` cannot be a branch label: it is empty"),
    ] {
        let stderr = assert_refused(dir.path(), &merge(labels), 2, &[expected]);
        if expected.contains("already") {
            assert!(stderr.contains("RT108"), "{stderr}");
        }
    }
    // A fresh label is written, and the history stays clean.
    let out = common::retort(dir.path(), &merge(&["release"]));
    assert!(out.status.success(), "{:?}", text(&out));
    let lint = common::retort(dir.path(), &["lint", "--select", "RT1"]);
    assert!(lint.status.success(), "{:?}", text(&lint));
}

/// Review 1 item 6: a message that ends the docstring early (`"""`) or holds an escape
/// Python rejects makes a file Alembic cannot import; retort checks the rendered text
/// parses before writing (stricter than `alembic merge`).
#[test]
fn messages_that_break_the_python_file_are_refused() {
    let dir = project(FORK);
    for (message, expected) in [
        ("tri \"\"\" ple", "triple quotes"),
        ("C:\\Users\\x", "backslash"),
        ("bad \\N escape", "backslash"),
    ] {
        assert_refused(
            dir.path(),
            &["merge", "-m", message],
            2,
            &["is not valid Python (line 1", expected, "change -m"],
        );
    }
    // A custom template where a trailing backslash escapes the closing quotes.
    std::fs::write(
        dir.path().join("migrations/script.py.mako"),
        "\"\"\"${message}\"\"\"\nrevision = ${repr(up_revision)}\ndown_revision = ${repr(down_revision)}\n\
         branch_labels = None\n",
    )
    .unwrap();
    assert_refused(
        dir.path(),
        &["merge", "-m", "ends with \\"],
        2,
        &[
            "the text rendered from migrations/script.py.mako is not valid Python",
            "backslash",
        ],
    );
    // Quotes and backslashes that stay valid Python are written as Alembic would.
    let out = common::retort(dir.path(), &["merge", "-m", "it's \"fine\" \\\\ ok"]);
    assert!(out.status.success(), "{:?}", text(&out));
}

/// A template that does not write what was planned (the id, the parents, the labels)
/// is refused before writing.
#[test]
fn templates_that_do_not_declare_the_plan_are_refused() {
    let dir = project(FORK);
    let mako = dir.path().join("migrations/script.py.mako");
    std::fs::write(
        &mako,
        "revision = ${repr(up_revision)}\ndown_revision = ${repr(down_revision)}\n",
    )
    .unwrap();
    assert_refused(
        dir.path(),
        &["merge", "--branch-label", "release"],
        2,
        &["does not carry the branch label(s) release"],
    );
    std::fs::write(
        &mako,
        "revision = ${repr(up_revision)}\ndown_revision = '9f3a61c0d2b7'\n",
    )
    .unwrap();
    assert_refused(
        dir.path(),
        &["merge"],
        2,
        &["down_revision is not the heads being merged"],
    );
}

/// Review 1 item 23: what `--rev-id` accepts. Alembic refuses only `@ - + :`; retort
/// also refuses ids that make unusable files or collide with symbolic names.
#[test]
fn rev_ids_that_make_unusable_files_are_refused() {
    let dir = project(FORK);
    for (id, expected) in [
        ("a-b", "not allowed in revision identifier"),
        ("a:b", "not allowed in revision identifier"),
        ("a b", "white space"),
        ("a/b", "path separator"),
        ("a\\b", "path separator"),
        ("a'b", "quote"),
        ("a\"b", "quote"),
        (".", "hidden file"),
        ("..", "hidden file"),
        ("head", "symbolic name"),
        ("heads", "symbolic name"),
        ("base", "`alembic heads` fails on it"),
        ("current", "symbolic name"),
        ("", "--rev-id is empty"),
        ("x\u{1b}[31m", "control characters"),
    ] {
        let stderr = assert_refused(
            dir.path(),
            &["merge", "--dry-run", "--rev-id", id],
            2,
            &[expected, "letters, digits, `_` and `.` (not first)"],
        );
        assert!(!stderr.contains('\u{1b}'), "raw escape in {stderr:?}");
    }
    assert_refused(
        dir.path(),
        &["merge", "--rev-id", "__init__"],
        2,
        &["which Alembic does not load as a revision"],
    );
    // Letters beyond ASCII, digits, `_` and inner dots are fine.
    let out = common::retort(dir.path(), &["merge", "--rev-id", "v1.2_héllo"]);
    assert!(out.status.success(), "{:?}", text(&out));
    assert!(
        dir.path()
            .join("migrations/versions/v1.2_héllo_.py")
            .is_file()
    );
}

/// Review 1 item 24: a script.py.mako that is there but is not a readable regular file
/// is an error naming it (Alembic fails too); only a missing one means the stock template.
#[cfg(unix)]
#[test]
fn script_template_that_is_not_a_regular_file_is_an_error() {
    let dir = project(FORK);
    let mako = dir.path().join("migrations/script.py.mako");
    std::fs::create_dir(&mako).unwrap();
    assert_refused(
        dir.path(),
        &["merge"],
        2,
        &["script.py.mako: is a directory, not a template file"],
    );
    assert_refused(
        dir.path(),
        &["lint", "--fix"],
        1,
        &["--fix: ", "script.py.mako: is a directory"],
    );
    std::fs::remove_dir(&mako).unwrap();
    std::os::unix::fs::symlink(dir.path().join("gone.mako"), &mako).unwrap();
    assert_refused(
        dir.path(),
        &["merge", "--dry-run"],
        2,
        &[
            "script.py.mako: is a symbolic link to ",
            "gone.mako that leads nowhere",
        ],
    );
    std::fs::remove_file(&mako).unwrap();
    let out = common::retort(dir.path(), &["merge", "--dry-run"]);
    assert!(out.status.success(), "{:?}", text(&out));
}

/// The last line of defence: after writing, the project is loaded again; a merge that
/// does not leave the history as planned (here a template that adds a dependency on a
/// revision that does not exist, RT107) is removed again and the run fails.
#[test]
fn a_merge_that_breaks_the_history_after_writing_is_undone() {
    let dir = project(FORK);
    std::fs::write(
        dir.path().join("migrations/script.py.mako"),
        "revision = ${repr(up_revision)}\ndown_revision = ${repr(down_revision)}\n\
         branch_labels = None\ndepends_on = '0000deadbeef'\n",
    )
    .unwrap();
    assert_refused(
        dir.path(),
        &["merge", "--rev-id", "5d0c4b3a2f19"],
        2,
        &[
            "wrote migrations/versions/5d0c4b3a2f19_.py, but loading the project again shows",
            "(RT107)",
            "removed it again",
        ],
    );
    let stderr = assert_refused(
        dir.path(),
        &["lint", "--fix", "--select", "RT101", "--exit-zero"],
        2,
        &["--fix: error: wrote", "removed it again"],
    );
    assert!(!stderr.contains("fixed"), "{stderr}");
}
