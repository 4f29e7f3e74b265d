//! The built binary: exit codes, output formats, error messages.

mod common;

use std::path::Path;

fn write_revision(dir: &Path, id: &str, down: &str) {
    let parent_header = if down == "None" {
        String::new()
    } else {
        down.trim_matches('"').to_owned()
    };
    std::fs::write(
        dir.join(format!("{id}_step.py")),
        format!(
            "\"\"\"step\n\nRevision ID: {id}\nRevises: {parent_header}\nCreate Date: 2024-01-01 00:00:00\n\n\"\"\"\n\
             from alembic import op\n\n# revision identifiers, used by Alembic.\nrevision = \"{id}\"\n\
             down_revision = {down}\nbranch_labels = None\ndepends_on = None\n\n\n\
             def upgrade() -> None:\n    pass\n\n\ndef downgrade() -> None:\n    pass\n"
        ),
    )
    .unwrap();
}

/// A project with alembic.ini and the given (id, down_revision literal) revisions.
fn project(revisions: &[(&str, &str)]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("alembic.ini"),
        "[alembic]\nscript_location = %(here)s/migrations\n",
    )
    .unwrap();
    let versions = dir.path().join("migrations/versions");
    std::fs::create_dir_all(&versions).unwrap();
    for (id, down) in revisions {
        write_revision(&versions, id, down);
    }
    dir
}

fn stdout(o: &std::process::Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

#[test]
fn clean_history_exits_zero() {
    let p = project(&[
        ("23e791c49f3a", "None"),
        ("9c1d7e0b2a44", "\"23e791c49f3a\""),
    ]);
    let out = common::retort(p.path(), &["lint"]);
    assert_eq!(out.status.code(), Some(0), "{}", stdout(&out));
    assert!(stdout(&out).contains("All checks passed (2 revision files)."));
}

#[test]
fn two_heads_exit_one_and_name_both() {
    let p = project(&[
        ("23e791c49f3a", "None"),
        ("c8d25c64b432", "\"23e791c49f3a\""),
        ("fb84c1febfb6", "\"23e791c49f3a\""),
    ]);
    let out = common::retort(p.path(), &["lint", "--format", "json"]);
    assert_eq!(out.status.code(), Some(1));
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(json["schema_version"], 1);
    let d = &json["diagnostics"][0];
    assert_eq!(d["code"], "RT101");
    assert_eq!(d["name"], "multiple-heads");
    assert_eq!(d["severity"], "error");
    let message = d["message"].as_str().unwrap();
    assert!(
        message.contains("c8d25c64b432") && message.contains("fb84c1febfb6"),
        "{message}"
    );
    assert!(
        message.contains("diverge after `23e791c49f3a`"),
        "{message}"
    );
    assert_eq!(d["file"], "migrations/versions/fb84c1febfb6_step.py");
    assert_eq!(d["start"]["line"], 11);
    assert_eq!(d["start"]["column"], 1);
    assert_eq!(
        d["related"][0]["file"],
        "migrations/versions/c8d25c64b432_step.py"
    );

    // --exit-zero, --ignore and selecting another rule all make it pass.
    assert_eq!(
        common::retort(p.path(), &["lint", "--exit-zero"])
            .status
            .code(),
        Some(0)
    );
    assert_eq!(
        common::retort(p.path(), &["lint", "--ignore", "RT101"])
            .status
            .code(),
        Some(0)
    );
    assert_eq!(
        common::retort(p.path(), &["lint", "--select", "RT105"])
            .status
            .code(),
        Some(0)
    );
}

#[test]
fn heads_and_graph_commands() {
    let p = project(&[
        ("23e791c49f3a", "None"),
        ("c8d25c64b432", "\"23e791c49f3a\""),
        ("fb84c1febfb6", "\"23e791c49f3a\""),
    ]);
    let heads = stdout(&common::retort(p.path(), &["heads"]));
    assert_eq!(
        heads,
        "c8d25c64b432 (head)  migrations/versions/c8d25c64b432_step.py\n\
         fb84c1febfb6 (head)  migrations/versions/fb84c1febfb6_step.py\n"
    );
    let graph: serde_json::Value =
        serde_json::from_slice(&common::retort(p.path(), &["graph", "--format", "json"]).stdout)
            .unwrap();
    assert_eq!(graph["branch_points"], serde_json::json!(["23e791c49f3a"]));
    assert_eq!(graph["topological_order"][0], "23e791c49f3a");
}

#[test]
fn paths_given_as_versions_dir_or_file() {
    let p = project(&[("23e791c49f3a", "None"), ("c8d25c64b432", "\"nope\"")]);
    let versions = p.path().join("migrations/versions");
    for arg in [versions.clone(), versions.join("c8d25c64b432_step.py")] {
        let out = common::retort(
            p.path(),
            &["lint", "--format", "json", arg.to_str().unwrap()],
        );
        assert_eq!(out.status.code(), Some(1));
        let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
        assert_eq!(json["diagnostics"][0]["code"], "RT103");
    }
    // Naming only the healthy file reports nothing.
    let out = common::retort(
        p.path(),
        &[
            "lint",
            versions.join("23e791c49f3a_step.py").to_str().unwrap(),
        ],
    );
    assert_eq!(out.status.code(), Some(0), "{}", stdout(&out));
    // --versions reads a directory without alembic.ini.
    let out = common::retort(
        Path::new("/"),
        &[
            "lint",
            "--select",
            "RT103",
            "--versions",
            versions.to_str().unwrap(),
        ],
    );
    assert_eq!(out.status.code(), Some(1));
}

#[test]
fn cannot_run_exits_two_with_a_reason() {
    let dir = tempfile::tempdir().unwrap();
    let out = common::retort(dir.path(), &["lint", "does-not-exist"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        String::from_utf8_lossy(&out.stderr).contains("does-not-exist: no such file or directory")
    );

    std::fs::write(
        dir.path().join("alembic.ini"),
        "[alembic]\nsqlalchemy.url = sqlite://\n",
    )
    .unwrap();
    let out = common::retort(dir.path(), &["lint"]);
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("alembic.ini") && err.contains("script_location"),
        "{err}"
    );

    std::fs::write(
        dir.path().join("alembic.ini"),
        "[alembic]\nscript_location = %(here)s/nowhere\n",
    )
    .unwrap();
    let err = String::from_utf8_lossy(&common::retort(dir.path(), &["lint"]).stderr).into_owned();
    assert!(
        err.contains("alembic.ini:2") && err.contains("not a directory"),
        "{err}"
    );

    let out = common::retort(dir.path(), &["lint", "--select", "RT999"]);
    assert_eq!(out.status.code(), Some(2));
}

/// A selector that matches no rule is refused, naming the flag it was given with.
#[test]
fn bad_rule_selectors_name_their_flag() {
    let p = project(&[("23e791c49f3a", "None")]);
    for (flag, value) in [
        ("--select", "RT999"),
        ("--extend-select", "multiple-head"),
        ("--ignore", "RT1,RT8"),
    ] {
        let out = common::retort(p.path(), &["lint", flag, value]);
        assert_eq!(out.status.code(), Some(2));
        let bad = value.rsplit(',').next().unwrap();
        assert_eq!(
            String::from_utf8_lossy(&out.stderr),
            format!("retort: error: {flag}: `{bad}` matches no rule (see `retort rule --all`)\n")
        );
    }
}

/// `--versions` is described for what each subcommand does with it, and paths given
/// with it are refused rather than silently dropped.
#[test]
fn versions_help_fits_each_subcommand() {
    let dir = tempfile::tempdir().unwrap();
    for (command, says) in [
        ("lint", "Lint the revision files in this directory"),
        (
            "heads",
            "Print the heads of the revision files in this directory",
        ),
        (
            "graph",
            "Show the graph of the revision files in this directory",
        ),
        ("schema", "Replay the revision files in this directory"),
    ] {
        let help = stdout(&common::retort(dir.path(), &[command, "--help"]));
        let line = help
            .lines()
            .skip_while(|l| !l.contains("--versions <DIR>"))
            .take(2)
            .collect::<Vec<_>>()
            .join(" ");
        assert!(line.contains(says), "{command} --help: {line}");
        assert!(!help.contains("Lint this directory"), "{help}");
        if command != "lint" {
            assert!(!line.contains("Lint"), "{command} --help: {line}");
        }
        let out = common::retort(dir.path(), &[command, "--versions", ".", "elsewhere"]);
        assert_eq!(out.status.code(), Some(2), "{command}");
        assert!(
            String::from_utf8_lossy(&out.stderr).contains("cannot be used with"),
            "{command}"
        );
    }
}

#[test]
fn bad_retort_config_exits_two_pointing_at_the_key() {
    let p = project(&[("23e791c49f3a", "None")]);
    std::fs::write(
        p.path().join("pyproject.toml"),
        "[tool.retort]\nselect = [\"RT1\"]\nallow-labeled-heads = true\n",
    )
    .unwrap();
    let out = common::retort(p.path(), &["lint"]);
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("pyproject.toml:3") && err.contains("allow-labeled-heads"),
        "{err}"
    );
}

#[test]
fn rule_docs() {
    let dir = tempfile::tempdir().unwrap();
    let all = stdout(&common::retort(dir.path(), &["rule", "--all"]));
    assert_eq!(all.lines().count(), retort::rules::ALL.len());
    let doc = stdout(&common::retort(dir.path(), &["rule", "RT101"]));
    assert!(doc.starts_with("# RT101 multiple-heads"));
    assert_eq!(
        stdout(&common::retort(dir.path(), &["rule", "multiple-heads"])),
        doc
    );
    assert_eq!(
        common::retort(dir.path(), &["rule", "RT999"]).status.code(),
        Some(2)
    );
}

#[test]
fn output_is_identical_across_thread_counts() {
    let p = project(&[
        ("23e791c49f3a", "None"),
        ("c8d25c64b432", "\"23e791c49f3a\""),
        ("fb84c1febfb6", "\"23e791c49f3a\""),
        ("0c2e4a6b8d10", "\"missing0001\""),
    ]);
    let run = |threads: &str| {
        std::process::Command::new(env!("CARGO_BIN_EXE_retort"))
            .args(["lint", "--format", "json"])
            .current_dir(p.path())
            .env("RAYON_NUM_THREADS", threads)
            .output()
            .unwrap()
            .stdout
    };
    assert_eq!(run("1"), run("8"));
}

fn git(dir: &Path, args: &[&str]) {
    let out = std::process::Command::new("git")
        .args([
            "-c",
            "user.name=t",
            "-c",
            "user.email=t@example.com",
            "-c",
            "init.defaultBranch=main",
        ])
        .args(args)
        .current_dir(dir)
        .output()
        .expect("git");
    assert!(
        out.status.success(),
        "git {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
}

#[test]
fn base_ref_catches_the_head_that_appears_only_after_merging() {
    let p = project(&[
        ("23e791c49f3a", "None"),
        ("3d91640ec9e0", "\"23e791c49f3a\""),
    ]);
    let dir = p.path();
    let versions = dir.join("migrations/versions");
    git(dir, &["init", "-q"]);
    git(dir, &["add", "."]);
    git(dir, &["commit", "-qm", "base"]);
    git(dir, &["checkout", "-qb", "feature"]);
    write_revision(&versions, "c8d25c64b432", "\"3d91640ec9e0\"");
    git(dir, &["add", "."]);
    git(dir, &["commit", "-qm", "feature migration"]);
    git(dir, &["checkout", "-q", "main"]);
    write_revision(&versions, "fb84c1febfb6", "\"3d91640ec9e0\"");
    git(dir, &["add", "."]);
    git(dir, &["commit", "-qm", "main migration"]);
    git(dir, &["checkout", "-q", "feature"]);

    // On its own the branch is fine.
    assert_eq!(common::retort(dir, &["lint"]).status.code(), Some(0));
    // Against main it is not: main's new revision is read from git.
    let out = common::retort(dir, &["lint", "--base", "main", "--format", "json"]);
    assert_eq!(out.status.code(), Some(1));
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let codes: Vec<&str> = json["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["code"].as_str().unwrap())
        .collect();
    assert_eq!(codes, ["RT101", "RT112"], "{json}");
    let rt112 = &json["diagnostics"][1];
    assert_eq!(rt112["file"], "migrations/versions/c8d25c64b432_step.py");
    assert!(
        rt112["message"]
            .as_str()
            .unwrap()
            .contains("`fb84c1febfb6`, the head of `main`")
    );
    // main's revision is shown where it lives: in git.
    assert_eq!(
        json["diagnostics"][0]["file"],
        "main:migrations/versions/fb84c1febfb6_step.py"
    );
    assert_eq!(
        json["diagnostics"][0]["related"][0]["file"],
        "migrations/versions/c8d25c64b432_step.py"
    );

    // Rebased onto main's head, it passes.
    write_revision(&versions, "c8d25c64b432", "\"fb84c1febfb6\"");
    let out = common::retort(dir, &["lint", "--base", "main"]);
    assert_eq!(out.status.code(), Some(0), "{}", stdout(&out));

    // A ref that does not exist: exit 2 and advice for shallow CI checkouts.
    let out = common::retort(dir, &["lint", "--base", "origin/nope"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("fetch-depth: 0"));
}

/// From anywhere inside a project (`cd migrations`, `cd app`), or naming a directory
/// inside it, retort lints the project, as `alembic` run there would find it: env.py
/// and the models are never taken for revision files.
#[test]
fn a_directory_inside_a_project_means_the_project() {
    let p = project(&[
        ("23e791c49f3a", "None"),
        ("c8d25c64b432", "\"23e791c49f3a\""),
        ("fb84c1febfb6", "\"23e791c49f3a\""),
    ]);
    let root = p.path();
    std::fs::write(root.join("migrations/env.py"), "target_metadata = None\n").unwrap();
    std::fs::create_dir(root.join("app")).unwrap();
    std::fs::write(root.join("app/models.py"), "import sqlalchemy as sa\n").unwrap();
    for (cwd, args) in [
        (root.join("migrations"), vec!["lint", "--format", "json"]),
        (root.join("app"), vec!["lint", "--format", "json"]),
        (root.to_path_buf(), vec!["lint", "--format", "json", "app"]),
    ] {
        let out = common::retort(&cwd, &args);
        assert_eq!(out.status.code(), Some(1), "{}", stdout(&out));
        let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
        let codes: Vec<&str> = json["diagnostics"]
            .as_array()
            .unwrap()
            .iter()
            .map(|d| d["code"].as_str().unwrap())
            .collect();
        assert_eq!(codes, ["RT101"], "{cwd:?} {args:?}: {json:#}");
    }
    let heads = common::retort(&root.join("app"), &["heads"]);
    assert_eq!(heads.status.code(), Some(0));
    assert_eq!(stdout(&heads).lines().count(), 2, "{}", stdout(&heads));
}

/// A path with neither a project nor revision files is an error, not a green run; a
/// real project with an empty versions directory (fresh `alembic init`) is fine.
#[test]
fn nothing_to_lint_is_an_error() {
    let dir = tempfile::tempdir().unwrap();
    let empty = dir.path().join("empty");
    std::fs::create_dir(&empty).unwrap();
    std::fs::write(dir.path().join("notes.txt"), "hello").unwrap();
    for (cwd, args, expected) in [
        (
            dir.path().to_path_buf(),
            vec!["lint", "empty"],
            "no Alembic project or revision files in empty (looked here and above for \
             alembic.ini, pyproject.toml with [tool.alembic], Flask-Migrate's \
             migrations/alembic.ini and an Alembic script directory (env.py with versions/); \
             nor does it hold *.py revision files)",
        ),
        (
            empty.clone(),
            vec!["lint"],
            "no Alembic project or revision files in",
        ),
        (
            empty.clone(),
            vec!["heads"],
            "no Alembic project or revision files in",
        ),
        (
            dir.path().to_path_buf(),
            vec!["lint", "notes.txt"],
            "notes.txt is not a revision file (Alembic loads `*.py` files only), and no \
             Alembic project is around it",
        ),
    ] {
        let out = common::retort(&cwd, &args);
        assert_eq!(out.status.code(), Some(2), "{args:?}: {}", stdout(&out));
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(err.contains(expected), "{args:?}: {err}");
    }

    // alembic.ini that is a directory (and no [tool.alembic] to fall back on).
    std::fs::create_dir(empty.join("alembic.ini")).unwrap();
    let out = common::retort(&empty, &["lint"]);
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("alembic.ini: is not a regular file (a directory?)"),
        "{err}"
    );

    // A fresh `alembic init`: the versions directory exists and is empty.
    let p = project(&[]);
    let out = common::retort(p.path(), &["lint"]);
    assert_eq!(out.status.code(), Some(0), "{}", stdout(&out));
    assert!(stdout(&out).contains("All checks passed (0 revision files)."));
}

/// Paths are shown without `./` in the middle.
#[test]
fn paths_are_shown_without_dot_components() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("alembic.ini"),
        "[alembic]\nscript_location = ./migrations\n",
    )
    .unwrap();
    std::fs::create_dir(dir.path().join("migrations")).unwrap();
    let out = common::retort(dir.path(), &["lint"]);
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(!err.contains("/./"), "{err}");
    assert!(err.contains("migrations/versions"), "{err}");
}
