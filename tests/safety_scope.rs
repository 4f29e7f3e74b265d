//! "Only what is new" for the safety rules (RT3xx), through the built binary: a plain
//! `retort lint` on an existing history reports no old finding and says how many it
//! left out; `--base REF` reports exactly the revisions a branch adds; files named on the
//! command line (what a pre-commit hook passes) are new; so are revisions after
//! `safety-baseline`; `--all-revisions` reports everything; and `dialect = "sqlite"`
//! turns squawk's rules off but not the native ones.

mod common;

use std::path::Path;

const OLD_UNSAFE: &str = "0a1b2c3d4e5f";
const NEW_UNSAFE: &str = "9f8e7d6c5b4a";

fn revision(id: &str, down: Option<&str>, message: &str, body: &str) -> String {
    format!(
        "\"\"\"{message}\n\nRevision ID: {id}\nRevises: {}\nCreate Date: 2025-05-01 10:00:00.000000\n\n\"\"\"\n\
         from alembic import op\nimport sqlalchemy as sa\n\n\
         revision = '{id}'\ndown_revision = {}\nbranch_labels = None\ndepends_on = None\n\n\n\
         def upgrade() -> None:\n{body}\n\n\ndef downgrade() -> None:\n    pass\n",
        down.unwrap_or(""),
        down.map(|d| format!("'{d}'"))
            .unwrap_or_else(|| "None".to_owned()),
    )
}

/// A history of three revisions: a base creating `users`, an old revision that indexes
/// it without CONCURRENTLY (already run everywhere), and a safe one.
fn project(dir: &Path) {
    std::fs::write(
        dir.join("alembic.ini"),
        "[alembic]\nscript_location = %(here)s\nsqlalchemy.url = postgresql://localhost/app\n",
    )
    .unwrap();
    let versions = dir.join("versions");
    std::fs::create_dir_all(&versions).unwrap();
    let files = [
        (
            "5c4d3e2f1a0b",
            None,
            "create users",
            "    op.create_table(\n        \"users\",\n        sa.Column(\"id\", sa.BigInteger(), sa.Identity(), primary_key=True),\n        sa.Column(\"email\", sa.Text(), nullable=True),\n    )",
        ),
        (
            OLD_UNSAFE,
            Some("5c4d3e2f1a0b"),
            "index emails",
            "    op.create_index(\"ix_users_email\", \"users\", [\"email\"])",
        ),
        (
            "1a2b3c4d5e6f",
            Some(OLD_UNSAFE),
            "add nickname",
            "    op.add_column(\"users\", sa.Column(\"nickname\", sa.Text(), nullable=True))",
        ),
    ];
    for (id, down, message, body) in files {
        let name = format!("{id}_{}.py", message.replace(' ', "_"));
        std::fs::write(versions.join(name), revision(id, down, message, body)).unwrap();
    }
}

/// The branch's one new revision: a NOT NULL column without a default (RT350) and an
/// index without CONCURRENTLY (RT301), both on the existing table.
fn add_unsafe_revision(dir: &Path) -> String {
    let name = format!("{NEW_UNSAFE}_add_plan.py");
    std::fs::write(
        dir.join("versions").join(&name),
        revision(
            NEW_UNSAFE,
            Some("1a2b3c4d5e6f"),
            "add plan",
            "    op.add_column(\"users\", sa.Column(\"plan\", sa.Text(), nullable=False))\n    op.create_index(\"ix_users_plan\", \"users\", [\"plan\"])",
        ),
    )
    .unwrap();
    format!("versions/{name}")
}

fn run(dir: &Path, args: &[&str]) -> (Vec<String>, String) {
    let out = common::retort(dir, args);
    let stdout = String::from_utf8_lossy(&out.stdout);
    let findings = stdout
        .lines()
        .filter(|l| l.contains(": RT3"))
        .map(|l| {
            let mut parts = l.split_whitespace();
            let place = parts.next().unwrap_or("");
            let code = parts.next().unwrap_or("");
            format!("{} {code}", place.split(':').next().unwrap_or(""))
        })
        .collect();
    (findings, String::from_utf8_lossy(&out.stderr).into_owned())
}

#[test]
fn plain_lint_counts_old_findings_in_one_line() {
    let dir = tempfile::tempdir().unwrap();
    project(dir.path());
    let (findings, stderr) = run(dir.path(), &["lint", "--format", "concise"]);
    assert!(findings.is_empty(), "{findings:?}");
    let notes: Vec<&str> = stderr.lines().filter(|l| l.contains("RT3xx")).collect();
    assert_eq!(
        notes,
        [
            "retort: note: 1 finding of the safety rules (RT3xx) in revisions already in the history not shown; `retort lint --all-revisions` shows them"
        ]
    );
    let (findings, stderr) = run(
        dir.path(),
        &["lint", "--format", "concise", "--all-revisions"],
    );
    assert_eq!(
        findings,
        [format!("versions/{OLD_UNSAFE}_index_emails.py RT301")]
    );
    assert!(!stderr.contains("RT3xx"), "{stderr}");
}

#[test]
fn base_shows_exactly_the_revision_the_branch_adds() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    project(root);
    common::git(root, &["init", "-q"]);
    common::git(root, &["add", "."]);
    common::git(root, &["commit", "-qm", "history"]);
    common::git(root, &["checkout", "-qb", "feature"]);
    let new = add_unsafe_revision(root);
    common::git(root, &["add", "."]);
    common::git(root, &["commit", "-qm", "add plan"]);
    let (findings, stderr) = run(root, &["lint", "--format", "concise", "--base", "main"]);
    assert_eq!(
        findings,
        [format!("{new} RT350"), format!("{new} RT301")],
        "{stderr}"
    );
    // The old revision's finding is counted, not shown.
    assert!(stderr.contains("1 finding of the safety rules"), "{stderr}");
}

#[test]
fn files_named_on_the_command_line_are_new() {
    // What a pre-commit hook with `pass_filenames: true` runs: the staged files.
    let dir = tempfile::tempdir().unwrap();
    project(dir.path());
    let new = add_unsafe_revision(dir.path());
    let (findings, _) = run(dir.path(), &["lint", "--format", "concise", &new]);
    assert_eq!(findings, [format!("{new} RT350"), format!("{new} RT301")]);
}

#[test]
fn revisions_after_the_baseline_are_new() {
    let dir = tempfile::tempdir().unwrap();
    project(dir.path());
    let new = add_unsafe_revision(dir.path());
    std::fs::write(
        dir.path().join("pyproject.toml"),
        "[tool.retort]\nsafety-baseline = \"1a2b3c4d5e6f\"\n",
    )
    .unwrap();
    let (findings, stderr) = run(dir.path(), &["lint", "--format", "concise"]);
    assert_eq!(findings, [format!("{new} RT350"), format!("{new} RT301")]);
    assert!(stderr.contains("1 finding of the safety rules"), "{stderr}");

    std::fs::write(
        dir.path().join("pyproject.toml"),
        "[tool.retort]\nsafety-baseline = \"feedfeedfeed\"\n",
    )
    .unwrap();
    let (findings, stderr) = run(dir.path(), &["lint", "--format", "concise"]);
    assert!(findings.is_empty(), "{findings:?}");
    assert!(
        stderr.contains("`safety-baseline = \"feedfeedfeed\"` names no revision"),
        "{stderr}"
    );
}

#[test]
fn squawk_rules_are_postgresql_only_native_rules_are_not() {
    let dir = tempfile::tempdir().unwrap();
    project(dir.path());
    let new = add_unsafe_revision(dir.path());
    std::fs::write(
        dir.path().join("pyproject.toml"),
        "[tool.retort]\ndialect = \"sqlite\"\n",
    )
    .unwrap();
    let (findings, _) = run(dir.path(), &["lint", "--format", "concise", &new]);
    assert_eq!(findings, [format!("{new} RT350")]);

    std::fs::write(
        dir.path().join("pyproject.toml"),
        "[tool.retort]\ndialect = \"postgres\"\n",
    )
    .unwrap();
    let out = common::retort(dir.path(), &["lint"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        String::from_utf8_lossy(&out.stderr).contains("`postgres` is not a dialect"),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

#[test]
fn the_url_in_alembic_ini_says_the_dialect() {
    let dir = tempfile::tempdir().unwrap();
    project(dir.path());
    let new = add_unsafe_revision(dir.path());
    std::fs::write(
        dir.path().join("alembic.ini"),
        "[alembic]\nscript_location = %(here)s\nsqlalchemy.url = sqlite:///app.db\n",
    )
    .unwrap();
    let (findings, _) = run(dir.path(), &["lint", "--format", "concise", &new]);
    assert_eq!(findings, [format!("{new} RT350")]);
}

/// The project's database as the history itself shows it, when no configuration names
/// it: the note says what decided, once.
fn evidence_case(ini_url: &str) -> (tempfile::TempDir, String) {
    let dir = tempfile::tempdir().unwrap();
    project(dir.path());
    let new = add_unsafe_revision(dir.path());
    std::fs::write(
        dir.path().join("alembic.ini"),
        format!("[alembic]\nscript_location = %(here)s\nsqlalchemy.url = {ini_url}\n"),
    )
    .unwrap();
    (dir, new)
}

#[test]
fn a_version_location_named_after_a_dialect_says_the_dialect() {
    let (dir, _) = evidence_case("driver://user:pass@localhost/dbname");
    let root = dir.path();
    std::fs::rename(root.join("versions"), root.join("sqlite")).unwrap();
    std::fs::create_dir(root.join("versions")).unwrap();
    std::fs::rename(root.join("sqlite"), root.join("versions/sqlite")).unwrap();
    std::fs::write(
        root.join("alembic.ini"),
        "[alembic]\nscript_location = %(here)s\nversion_locations = %(here)s/versions/sqlite\n",
    )
    .unwrap();
    let (findings, stderr) = run(root, &["lint", "--format", "concise", "--all-revisions"]);
    let new = format!("versions/sqlite/{NEW_UNSAFE}_add_plan.py");
    assert_eq!(findings, [format!("{new} RT350")], "{stderr}");
    assert!(
        stderr.contains(
            "the PostgreSQL safety rules (RT301-RT338) did not run: the project's dialect is \
             sqlite (the version location `versions/sqlite`)"
        ),
        "{stderr}"
    );
}

#[test]
fn render_as_batch_in_env_py_is_not_postgresql() {
    let (dir, new) = evidence_case("driver://user:pass@localhost/dbname");
    std::fs::write(
        dir.path().join("env.py"),
        "from alembic import context\n\ncontext.configure(url=None, render_as_batch=True)\n",
    )
    .unwrap();
    let (findings, stderr) = run(dir.path(), &["lint", "--format", "concise", &new]);
    assert_eq!(findings, [format!("{new} RT350")], "{stderr}");
    assert!(
        stderr.contains("did not run: env.py sets `render_as_batch=True`"),
        "{stderr}"
    );
}

#[test]
fn revisions_naming_only_mysql_are_not_postgresql() {
    let (dir, new) = evidence_case("driver://user:pass@localhost/dbname");
    let path = dir.path().join(&new);
    let text = std::fs::read_to_string(&path).unwrap().replace(
        "sa.Text(), nullable=False)",
        "sa.Text(), nullable=False, mysql_collation=\"utf8mb4_bin\")",
    );
    std::fs::write(&path, text).unwrap();
    let (findings, stderr) = run(dir.path(), &["lint", "--format", "concise", &new]);
    assert_eq!(findings, [format!("{new} RT350")], "{stderr}");
    assert!(
        stderr.contains("did not run: the revisions name mysql and never PostgreSQL"),
        "{stderr}"
    );
}

#[test]
fn assumed_postgresql_is_said_once_and_a_placeholder_url_names_nothing() {
    // Alembic's template URL is no dialect: nothing names the database.
    let (dir, new) = evidence_case("driver://user:pass@localhost/dbname");
    let (findings, stderr) = run(dir.path(), &["lint", "--format", "concise", &new]);
    assert_eq!(findings, [format!("{new} RT350"), format!("{new} RT301")]);
    let notes: Vec<&str> = stderr
        .lines()
        .filter(|l| l.contains("assumed PostgreSQL"))
        .collect();
    assert_eq!(notes.len(), 1, "{stderr}");
    assert!(
        notes[0].contains("set `dialect = \"postgresql\"`"),
        "{stderr}"
    );
    // A named PostgreSQL says nothing.
    let (dir, new) = evidence_case("postgresql://localhost/app");
    let (_, stderr) = run(dir.path(), &["lint", "--format", "concise", &new]);
    assert!(!stderr.contains("PostgreSQL safety rules"), "{stderr}");
}
