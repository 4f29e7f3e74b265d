//! The project layouts retort reads (docs/configuration.md, "The layouts retort reads"),
//! each as a small project made on the fly and linted by the built binary as a user
//! would run it: Flask-Migrate, package resources, relative paths, named ini sections,
//! `--versions`, locations built in code, named paths outside the configured locations,
//! and directories that hold no Alembic project.

mod common;

use std::path::Path;

fn write(path: &Path, text: &str) {
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(path, text).unwrap();
}

/// A revision file as `alembic revision` writes it (with or without `downgrade()`).
fn revision(dir: &Path, name: &str, id: &str, down: Option<&str>, downgrade: bool) {
    labelled_revision(dir, name, id, down, downgrade, None);
}

fn labelled_revision(
    dir: &Path,
    name: &str,
    id: &str,
    down: Option<&str>,
    downgrade: bool,
    label: Option<&str>,
) {
    let parent = down.map_or("None".to_owned(), |d| format!("'{d}'"));
    let labels = label.map_or("None".to_owned(), |l| format!("('{l}',)"));
    let mut text = format!(
        "\"\"\"{name}\n\nRevision ID: {id}\nRevises: {}\nCreate Date: 2024-05-02 10:00:00\n\n\"\"\"\n\
         from alembic import op\nimport sqlalchemy as sa\n\n\
         revision = '{id}'\ndown_revision = {parent}\nbranch_labels = {labels}\ndepends_on = None\n\n\n\
         def upgrade() -> None:\n    pass\n",
        down.unwrap_or("")
    );
    if downgrade {
        text.push_str("\n\ndef downgrade() -> None:\n    pass\n");
    }
    write(
        &dir.join(format!("{id}_{}.py", name.replace(' ', "_"))),
        &text,
    );
}

fn run(cwd: &Path, args: &[&str]) -> (String, String, i32) {
    let out = common::retort(cwd, args);
    (
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
        out.status.code().unwrap_or(-1),
    )
}

/// Flask-Migrate: `migrations/alembic.ini` has no `script_location`; `flask db` runs
/// from the application root. Before: exit 2 in migrations/, and at the application
/// root a lint of app.py, wsgi.py, manage.py as revision files.
#[test]
fn flask_migrate_from_the_application_root() {
    let dir = tempfile::tempdir().unwrap();
    let app = dir.path();
    write(
        &app.join("app.py"),
        "from flask import Flask\napp = Flask(__name__)\n",
    );
    write(&app.join("wsgi.py"), "from app import app\n");
    write(&app.join("manage.py"), "from app import app\napp.run()\n");
    write(
        &app.join("migrations/alembic.ini"),
        "# A generic, single database configuration.\n\n[alembic]\n# template used to generate migration files\n\
         file_template = %%(year)d%%(month).2d%%(day).2d_%%(rev)s_%%(slug)s\n\n[loggers]\nkeys = root\n",
    );
    write(
        &app.join("migrations/env.py"),
        "from flask import current_app\n",
    );
    write(&app.join("migrations/script.py.mako"), "");
    let versions = app.join("migrations/versions");
    revision(&versions, "create users", "4c1a9e0d27b3", None, true);
    revision(
        &versions,
        "add email",
        "e83b5f2a6c90",
        Some("4c1a9e0d27b3"),
        true,
    );
    for cwd in [app.to_path_buf(), app.join("migrations"), versions.clone()] {
        let (stdout, stderr, code) = run(&cwd, &["lint"]);
        assert_eq!(code, 0, "{}: {stdout}{stderr}", cwd.display());
        assert!(
            stdout.contains("All checks passed (2 revision files)"),
            "{stdout}"
        );
    }
    let (stdout, _, code) = run(app, &["heads"]);
    assert_eq!(code, 0);
    assert!(stdout.starts_with("e83b5f2a6c90 (head)"), "{stdout}");
}

/// A directory with no Alembic project is an error that says so; its Python files
/// are not linted as revision files.
#[test]
fn a_directory_without_an_alembic_project_is_an_error() {
    let dir = tempfile::tempdir().unwrap();
    write(&dir.path().join("app.py"), "app = create_app()\n");
    write(&dir.path().join("wsgi.py"), "from app import app\n");
    let (stdout, stderr, code) = run(dir.path(), &["lint"]);
    assert_eq!(code, 2, "{stdout}");
    assert!(
        stderr.contains("none of its 2 Python files is a revision file"),
        "{stderr}"
    );
    assert!(
        stderr.contains("Flask-Migrate's migrations/alembic.ini"),
        "{stderr}"
    );
}

/// `script_location` as a package resource, resolved in the project's tree (a `src/`
/// layout here) without importing anything. Before: exit 2 naming the wrong path.
#[test]
fn package_resources_in_a_src_layout() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    let migrations = root.join("src/myapp/server/db/migrations");
    write(&root.join("src/myapp/__init__.py"), "");
    write(&migrations.join("env.py"), "");
    revision(
        &migrations.join("versions"),
        "init",
        "8d2c47a1f0e6",
        None,
        true,
    );
    let core = root.join("src/myapp/db/revisions/core");
    revision(&core, "init core", "b15e9c3a7d20", None, true);
    for (location, extra, id) in [
        ("myapp:server:db:migrations", "", "8d2c47a1f0e6"),
        ("myapp.server.db:migrations", "", "8d2c47a1f0e6"),
        ("myapp:server/db/migrations", "", "8d2c47a1f0e6"),
        (
            "myapp:server:db:migrations",
            "version_locations = myapp:db/revisions/core\n",
            "b15e9c3a7d20",
        ),
    ] {
        write(
            &root.join("alembic.ini"),
            &format!("[alembic]\nscript_location = {location}\n{extra}"),
        );
        let (stdout, stderr, code) = run(root, &["heads"]);
        assert_eq!(code, 0, "{location}: {stderr}");
        assert!(
            stdout.starts_with(&format!("{id} (head)")),
            "{location}: {stdout}"
        );
    }
    write(
        &root.join("alembic.ini"),
        "[alembic]\nscript_location = myapp:nowhere\n",
    );
    let (_, stderr, code) = run(root, &["lint"]);
    assert_eq!(code, 2);
    assert!(
        stderr.contains("`myapp:nowhere` names a resource of package `myapp`")
            && stderr.contains("src/myapp/nowhere"),
        "{stderr}"
    );
}

/// A relative `script_location` meant from the repository root, where the project runs
/// `alembic -c pkg/db/migrations/alembic.ini`. Before: exit 2.
#[test]
fn relative_script_location_from_the_working_directory() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    let migrations = root.join("pkg/db/migrations");
    write(
        &migrations.join("alembic.ini"),
        "[alembic]\nscript_location = pkg/db/migrations\n",
    );
    write(&migrations.join("env.py"), "");
    revision(
        &migrations.join("versions"),
        "init",
        "a37f0c9e2b51",
        None,
        true,
    );
    let (stdout, stderr, code) = run(root, &["lint", "pkg/db/migrations"]);
    assert_eq!(code, 0, "{stdout}{stderr}");
    // From elsewhere neither place holds it: both are named.
    let (_, stderr, code) = run(&root.join("pkg"), &["lint", "db/migrations"]);
    assert_eq!(code, 2);
    assert!(
        stderr.contains("relative paths are read from the working directory")
            && stderr.contains(&format!("{}/pkg/pkg/db/migrations", root.display()))
            && stderr.contains(&format!(
                "then {}/pkg/db/migrations/pkg/db/migrations",
                root.display()
            )),
        "{stderr}"
    );
}

/// Named sections, as `alembic --name`. Before: exit 2 and no `--name`.
#[test]
fn named_ini_sections() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    write(
        &root.join("alembic.ini"),
        "[core]\nscript_location = %(here)s/core\n\n[tenant]\nscript_location = %(here)s/tenant\n",
    );
    revision(
        &root.join("core/versions"),
        "init core",
        "0f6e2d8b4a13",
        None,
        true,
    );
    revision(
        &root.join("tenant/versions"),
        "init tenant",
        "7a9c1e5f3d02",
        None,
        true,
    );
    let (_, stderr, code) = run(root, &["lint"]);
    assert_eq!(code, 2);
    assert!(
        stderr.contains("no [alembic] section")
            && stderr.contains("it configures [core], [tenant]")
            && stderr.contains("--name core"),
        "{stderr}"
    );
    for (args, id) in [
        (vec!["heads", "--name", "tenant"], "7a9c1e5f3d02"),
        (vec!["heads", "-n", "core"], "0f6e2d8b4a13"),
    ] {
        let (stdout, stderr, code) = run(root, &args);
        assert_eq!(code, 0, "{stderr}");
        assert!(stdout.starts_with(id), "{args:?}: {stdout}");
    }
    write(&root.join("retort.toml"), "ini-section = \"tenant\"\n");
    let (stdout, _, _) = run(root, &["heads"]);
    assert!(stdout.starts_with("7a9c1e5f3d02"), "{stdout}");
    // The command line wins over the file.
    let (stdout, _, _) = run(root, &["heads", "-n", "core"]);
    assert!(stdout.starts_with("0f6e2d8b4a13"), "{stdout}");
    // With [alembic] present, the other sections are named once.
    write(
        &root.join("alembic.ini"),
        "[alembic]\nscript_location = %(here)s/core\n\n[tenant]\nscript_location = %(here)s/tenant\n",
    );
    std::fs::remove_file(root.join("retort.toml")).unwrap();
    let (_, stderr, code) = run(root, &["lint"]);
    assert_eq!(code, 0);
    assert!(
        stderr.contains("also configures [tenant], read by `alembic --name tenant`"),
        "{stderr}"
    );
}

/// `--versions` is repeatable and keeps the project's settings (here its
/// `file_template`, which RT110 reads ids out of names with). Before: one directory,
/// and the template forgotten.
#[test]
fn versions_flags_keep_the_project_settings() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    write(
        &root.join("alembic.ini"),
        "[alembic]\nscript_location = %(here)s/migrations\n\
         file_template = %%(year)d%%(month).2d%%(day).2d_%%(hour).2d%%(minute).2d_%%(rev)s_%%(slug)s\n",
    );
    let a = root.join("migrations/versions/a");
    let b = root.join("migrations/versions/b");
    revision(&a, "init", "5e0b8d2f6a14", None, true);
    revision(&b, "next", "c2d94a7e1f38", Some("5e0b8d2f6a14"), true);
    // A copied file: its name has another generated id where the template puts %(rev)s.
    let copied = b.join("c2d94a7e1f38_next.py");
    std::fs::rename(&copied, b.join("20240502_1000_9b7e3c1a0d52_next.py")).unwrap();
    let (stdout, stderr, code) = run(
        root,
        &[
            "lint",
            "--format",
            "concise",
            "--versions",
            "migrations/versions/a",
            "--versions",
            "migrations/versions/b",
        ],
    );
    assert_eq!(code, 1, "{stdout}{stderr}");
    assert_eq!(stdout.lines().count(), 1, "{stdout}");
    assert!(
        stdout.contains("RT110")
            && stdout.contains("has `9b7e3c1a0d52` where `file_template = %(year)d%(month).2d"),
        "{stdout}"
    );
}

/// A CLI that adds version locations in Python: the files no configured location
/// reaches are counted once, with the line that fixes it; the line works.
#[test]
fn locations_built_in_code_are_named_once_with_the_fix() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    write(
        &root.join("alembic.ini"),
        "[alembic]\nscript_location = %(here)s/migrations\n",
    );
    let versions = root.join("migrations/versions");
    revision(&versions, "initial", "3f8a6c0e1b27", None, false);
    let liberty = versions.join("liberty");
    let base = Some("3f8a6c0e1b27");
    labelled_revision(
        &liberty.join("expand"),
        "expand",
        "9e2b7d4c1a05",
        base,
        false,
        Some("expand"),
    );
    labelled_revision(
        &liberty.join("contract"),
        "contract",
        "6c1f0a8e3d92",
        base,
        false,
        Some("contract"),
    );
    revision(
        &versions.join("mitaka/expand"),
        "more",
        "d47a2e9b0c16",
        Some("9e2b7d4c1a05"),
        false,
    );
    let (_, stderr, code) = run(root, &["lint"]);
    assert_eq!(code, 0);
    let line = r#"versions = ["migrations/versions", "migrations/versions/*/*"]"#;
    assert!(
        stderr.contains("3 revision files below migrations are in no version location")
            && stderr.contains(&format!("in a retort.toml in .: {line}")),
        "{stderr}"
    );
    assert_eq!(
        stderr.matches("in no version location").count(),
        1,
        "{stderr}"
    );
    write(&root.join("retort.toml"), &format!("{line}\n"));
    let (stdout, stderr, code) = run(root, &["lint"]);
    assert_eq!(code, 0, "{stdout}");
    assert!(stdout.contains("(4 revision files)"), "{stdout}");
    assert!(!stderr.contains("in no version location"), "{stderr}");
    // The history omits downgrade() throughout: one note, no findings.
    assert!(
        stderr.contains("RT109: none of the 4 revisions defines `downgrade()`"),
        "{stderr}"
    );
}

/// Separate histories (one per dialect) are told apart: one command each.
#[test]
fn separate_histories_get_one_command_each() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    write(
        &root.join("alembic.ini"),
        "[alembic]\nscript_location = %(here)s/migrations\n",
    );
    let versions = root.join("migrations/versions");
    revision(
        &versions.join("postgresql"),
        "init",
        "1b9d7f3e5a20",
        None,
        true,
    );
    revision(
        &versions.join("postgresql"),
        "next",
        "82c0e4a6d1f9",
        Some("1b9d7f3e5a20"),
        true,
    );
    revision(&versions.join("sqlite"), "init", "e5a3c1f7b902", None, true);
    let (_, stderr, _) = run(root, &["lint"]);
    assert!(
        stderr.contains("They form 2 separate histories")
            && stderr.contains("`retort lint --versions migrations/versions/postgresql` (2 files)")
            && stderr.contains("`retort lint --versions migrations/versions/sqlite` (1 files)"),
        "{stderr}"
    );
}

/// What you name is what is read: a directory or file outside the configured
/// locations is read as a version location, never swapped for them. Before: the heads
/// of another directory with exit 0, and "All checks passed" for a file not read.
#[test]
fn named_paths_outside_the_locations_are_read() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    write(
        &root.join("alembic.ini"),
        "[alembic]\nscript_location = %(here)s/migrations\n",
    );
    let versions = root.join("migrations/versions");
    revision(&versions, "initial", "2a7c9e1f4b36", None, true);
    revision(
        &versions,
        "second",
        "f03d5b8a2c71",
        Some("2a7c9e1f4b36"),
        true,
    );
    let expand = versions.join("liberty/expand");
    revision(
        &expand,
        "expand",
        "71e4c2a9d0b8",
        Some("2a7c9e1f4b36"),
        false,
    );
    let (stdout, stderr, code) = run(root, &["heads", "migrations/versions/liberty/expand"]);
    assert_eq!(code, 1, "the parent is in another directory: {stderr}");
    assert!(stdout.starts_with("71e4c2a9d0b8 (head)"), "{stdout}");
    assert!(
        stderr.contains("`migrations/versions/liberty/expand` is not among the version locations"),
        "{stderr}"
    );
    let file = "migrations/versions/liberty/expand/71e4c2a9d0b8_expand.py";
    let (stdout, _, code) = run(root, &["lint", "--format", "concise", file]);
    assert_eq!(code, 1, "{stdout}");
    // Read on its own: its parent, in another directory, is reported missing.
    assert!(
        stdout.contains(&format!("{file}:")) && stdout.contains("RT103"),
        "the file was read: {stdout}"
    );
    assert!(!stdout.contains("f03d5b8a2c71"), "{stdout}");
    // A file Alembic would not load.
    write(&versions.join("__init__.py"), "");
    let (_, stderr, code) = run(root, &["lint", "migrations/versions/__init__.py"]);
    assert_eq!(code, 2);
    assert!(
        stderr.contains("is not a file Alembic loads as a revision"),
        "{stderr}"
    );
    // A directory of the project without revision files of its own: the project.
    write(&root.join("app/models.py"), "x = 1\n");
    let (stdout, _, code) = run(root, &["lint", "app"]);
    assert_eq!(code, 0, "{stdout}");
    assert!(stdout.contains("(2 revision files)"), "{stdout}");
}
