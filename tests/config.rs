//! Every `[tool.retort]` / `retort.toml` key (docs/configuration.md), through the built
//! binary: what it does, that the command line overrides it, and that a bad value or an
//! unknown key stops retort with exit 2 naming the file, line and key.

mod common;

use std::path::Path;

fn write_revision(dir: &Path, id: &str, down: &str, labels: &str) {
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
             down_revision = {down}\nbranch_labels = {labels}\ndepends_on = None\n\n\n\
             def upgrade() -> None:\n    pass\n\n\ndef downgrade() -> None:\n    pass\n"
        ),
    )
    .unwrap();
}

/// A project with two heads (`c8d25c64b432`, `fb84c1febfb6`) after `23e791c49f3a`.
fn two_heads(labels: bool) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("alembic.ini"),
        "[alembic]\nscript_location = %(here)s/migrations\n",
    )
    .unwrap();
    let versions = dir.path().join("migrations/versions");
    std::fs::create_dir_all(&versions).unwrap();
    write_revision(&versions, "23e791c49f3a", "None", "None");
    let (a, b) = if labels {
        ("('vouchers',)", "('trades',)")
    } else {
        ("None", "None")
    };
    write_revision(&versions, "c8d25c64b432", "\"23e791c49f3a\"", a);
    write_revision(&versions, "fb84c1febfb6", "\"23e791c49f3a\"", b);
    dir
}

fn config(dir: &Path, name: &str, text: &str) {
    std::fs::write(dir.join(name), text).unwrap();
}

/// Run `retort lint --format json ARGS` and return (exit code, codes found, JSON).
fn lint(dir: &Path, args: &[&str]) -> (i32, Vec<String>, serde_json::Value) {
    let mut all = vec!["lint", "--format", "json"];
    all.extend_from_slice(args);
    let out = common::retort(dir, &all);
    let code = out.status.code().unwrap();
    if code == 2 {
        return (
            code,
            vec![],
            serde_json::Value::String(String::from_utf8_lossy(&out.stderr).into_owned()),
        );
    }
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap_or_else(|e| {
        panic!(
            "{e}: {}{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        )
    });
    let codes = json["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["code"].as_str().unwrap().to_owned())
        .collect();
    (code, codes, json)
}

/// Run `retort lint` expecting exit 2; return standard error.
fn config_error(dir: &Path) -> String {
    let out = common::retort(dir, &["lint"]);
    let err = String::from_utf8_lossy(&out.stderr).into_owned();
    assert_eq!(out.status.code(), Some(2), "{err}");
    err
}

#[test]
fn select() {
    let p = two_heads(false);
    config(p.path(), "retort.toml", "select = [\"RT105\"]\n");
    assert_eq!(lint(p.path(), &[]).0, 0);
    // The command line replaces the file's selection.
    let (code, codes, _) = lint(p.path(), &["--select", "RT101"]);
    assert_eq!((code, codes), (1, vec!["RT101".to_owned()]));
    config(p.path(), "retort.toml", "select = [\"RT8\"]\n");
    let err = config_error(p.path());
    assert!(
        err.contains("retort.toml:1: `select`") && err.contains("`RT8` matches no rule"),
        "{err}"
    );
}

#[test]
fn extend_select() {
    let p = two_heads(false);
    config(
        p.path(),
        "retort.toml",
        "select = [\"RT105\"]\nextend-select = [\"multiple-heads\"]\n",
    );
    assert_eq!(lint(p.path(), &[]).1, ["RT101"]);
    config(
        p.path(),
        "retort.toml",
        "extend-select = [\"RT1\", \"nope\"]\n",
    );
    let err = config_error(p.path());
    assert!(err.contains("retort.toml:1: `extend-select`"), "{err}");
}

#[test]
fn ignore() {
    let p = two_heads(false);
    config(
        p.path(),
        "pyproject.toml",
        "[project]\nname = \"app\"\n\n[tool.retort]\nignore = [\"multiple-heads\"]\n",
    );
    assert_eq!(lint(p.path(), &[]).0, 0);
    // An explicit --select on the command line is not undone by the file's ignore.
    assert_eq!(lint(p.path(), &["--select", "RT101"]).1, ["RT101"]);
    config(
        p.path(),
        "pyproject.toml",
        "[project]\nname = \"app\"\n\n[tool.retort]\nignore = [\n  \"RT105\",\n  \"RT7\",\n]\n",
    );
    let err = config_error(p.path());
    assert!(
        err.contains("pyproject.toml:7: `tool.retort.ignore`"),
        "{err}"
    );
    config(
        p.path(),
        "pyproject.toml",
        "[tool.retort]\nignore = \"RT101\"\n",
    );
    let err = config_error(p.path());
    assert!(
        err.contains(
            "pyproject.toml:2: `tool.retort.ignore`: must be a list, found string \"RT101\""
        ),
        "{err}"
    );
}

/// An empty selection selects no rule, the same in the file and on the command line
/// (as in ruff), and says so on standard error rather than pass silently.
#[test]
fn empty_selection_selects_nothing() {
    let p = two_heads(false);
    let run = |args: &[&str]| {
        let mut all = vec!["lint", "--format", "concise"];
        all.extend_from_slice(args);
        let out = common::retort(p.path(), &all);
        (
            out.status.code().unwrap(),
            String::from_utf8_lossy(&out.stdout).into_owned(),
            String::from_utf8_lossy(&out.stderr).into_owned(),
        )
    };
    let warning = "retort: warning: no rule is selected";
    // Without the selection, RT101 fires.
    assert_eq!(run(&[]).0, 1);
    config(p.path(), "retort.toml", "select = []\n");
    let (code, stdout, stderr) = run(&[]);
    assert_eq!((code, stdout.as_str()), (0, ""), "{stderr}");
    assert!(stderr.contains(warning), "{stderr}");
    std::fs::remove_file(p.path().join("retort.toml")).unwrap();
    let (code, stdout, stderr) = run(&["--select="]);
    assert_eq!((code, stdout.as_str()), (0, ""), "{stderr}");
    assert!(stderr.contains(warning), "{stderr}");
    // An empty --select replaces the file's selection like any other.
    config(p.path(), "retort.toml", "select = [\"RT1\"]\n");
    assert_eq!(run(&["--select", ""]).0, 0);
    // Adding to an empty selection, and a trailing comma, work as expected.
    config(
        p.path(),
        "retort.toml",
        "select = []\nextend-select = [\"RT101\"]\n",
    );
    let (code, stdout, stderr) = run(&[]);
    assert_eq!(code, 1);
    assert!(
        stdout.contains(" RT101 ") && !stderr.contains(warning),
        "{stderr}"
    );
    assert_eq!(lint(p.path(), &["--select=RT101,"]).1, ["RT101"]);
    assert_eq!(lint(p.path(), &["--select=RT105, RT101"]).1, ["RT101"]);
    // An empty string in a list is a mistake, not "every rule".
    config(p.path(), "retort.toml", "ignore = [\"\"]\n");
    let err = config_error(p.path());
    assert!(
        err.contains("retort.toml:1: `ignore`: an empty string names no rule"),
        "{err}"
    );
}

/// serde's own words ("expected struct Options") never reach the user.
#[test]
fn wrong_types_are_named_in_toml_terms() {
    let p = two_heads(false);
    for (text, expected) in [
        (
            "[tool]\nretort = 5\n",
            "pyproject.toml:2: `tool.retort`: must be a table, found integer `5`",
        ),
        (
            "tool = \"retort\"\n",
            "pyproject.toml:1: `tool`: must be a table, found string \"retort\"",
        ),
        (
            "[tool.retort]\nallow-labelled-heads = \"no\"\n",
            "pyproject.toml:2: `tool.retort.allow-labelled-heads`: must be true or false, found string \"no\"",
        ),
        (
            "[tool.retort]\nseverity = [\"RT101\"]\n",
            "pyproject.toml:2: `tool.retort.severity`: must be a table, found list",
        ),
        (
            "[tool.retort]\nselect = [101]\n",
            "pyproject.toml:2: `tool.retort.select`: must be a string, found integer `101`",
        ),
    ] {
        config(p.path(), "pyproject.toml", text);
        let err = config_error(p.path());
        assert!(err.contains(expected), "{text}: {err}");
        assert!(
            !err.contains("struct") && !err.contains("invalid type"),
            "{err}"
        );
    }
}

#[test]
fn per_file_ignores() {
    let p = two_heads(false);
    // RT101 points at the newest head, fb84c1febfb6.
    config(
        p.path(),
        "retort.toml",
        "[per-file-ignores]\n\"migrations/versions/fb84*.py\" = [\"RT101\"]\n",
    );
    assert_eq!(lint(p.path(), &[]).0, 0);
    config(
        p.path(),
        "retort.toml",
        "[per-file-ignores]\n\"migrations/versions/c8d2*.py\" = [\"RT101\"]\n",
    );
    assert_eq!(lint(p.path(), &[]).1, ["RT101"]);
    // Globs are relative to the configuration file, wherever retort runs from.
    config(
        p.path(),
        "retort.toml",
        "[per-file-ignores]\n\"**/fb84c1febfb6_step.py\" = [\"multiple-heads\"]\n",
    );
    assert_eq!(lint(&p.path().join("migrations"), &[]).0, 0);
    config(
        p.path(),
        "retort.toml",
        "[per-file-ignores]\n\"versions/[z.py\" = [\"RT101\"]\n",
    );
    let err = config_error(p.path());
    assert!(
        err.contains("retort.toml:2") && err.contains("not a valid glob"),
        "{err}"
    );
    config(
        p.path(),
        "retort.toml",
        "[per-file-ignores]\n\"*.py\" = [\"RT101\", \"RT55\"]\n",
    );
    let err = config_error(p.path());
    assert!(
        err.contains("retort.toml:2: `per-file-ignores.\"*.py\"`"),
        "{err}"
    );
}

#[test]
fn severity() {
    let p = two_heads(false);
    config(p.path(), "retort.toml", "[severity]\nRT101 = \"info\"\n");
    let (code, codes, json) = lint(p.path(), &[]);
    // An info finding is reported but does not fail the run.
    assert_eq!((code, codes), (0, vec!["RT101".to_owned()]));
    assert_eq!(json["diagnostics"][0]["severity"], "info");
    config(
        p.path(),
        "retort.toml",
        "[severity]\nmultiple-heads = \"warning\"\n",
    );
    let (code, _, json) = lint(p.path(), &[]);
    assert_eq!(code, 1);
    assert_eq!(json["diagnostics"][0]["severity"], "warning");
    config(p.path(), "retort.toml", "[severity]\nRT101 = \"fatal\"\n");
    let err = config_error(p.path());
    assert!(
        err.contains("retort.toml:2: `severity.RT101`") && err.contains("not a severity"),
        "{err}"
    );
    config(p.path(), "retort.toml", "[severity]\nRT899 = \"error\"\n");
    let err = config_error(p.path());
    assert!(err.contains("retort.toml:2: `severity.RT899`"), "{err}");
}

#[test]
fn allow_labelled_heads() {
    let p = two_heads(true);
    // Default: heads that each carry their own branch label are intended.
    assert_eq!(lint(p.path(), &[]).0, 0);
    config(p.path(), "retort.toml", "allow-labelled-heads = false\n");
    assert_eq!(lint(p.path(), &[]).1, ["RT101"]);
    config(p.path(), "retort.toml", "allow-labelled-heads = \"no\"\n");
    let err = config_error(p.path());
    assert!(
        err.contains("retort.toml:1: `allow-labelled-heads`: must be true or false"),
        "{err}"
    );
}

#[test]
fn versions() {
    let p = two_heads(false);
    // A second, healthy history elsewhere: `versions` reads it instead.
    let other = p.path().join("other");
    std::fs::create_dir_all(&other).unwrap();
    write_revision(&other, "5e1f0a93c2d7", "None", "None");
    config(p.path(), "retort.toml", "versions = [\"other\"]\n");
    let (code, _, _) = lint(p.path(), &[]);
    assert_eq!(code, 0);
    let out = common::retort(p.path(), &["heads"]);
    assert_eq!(
        String::from_utf8_lossy(&out.stdout),
        "5e1f0a93c2d7 (head)  other/5e1f0a93c2d7_step.py\n"
    );
    config(
        p.path(),
        "retort.toml",
        "versions = [\"other\", \"migrations/versions\"]\n",
    );
    assert_eq!(lint(p.path(), &[]).1, ["RT105", "RT101"]);
    config(p.path(), "retort.toml", "versions = [\"missing\"]\n");
    let err = config_error(p.path());
    assert!(
        err.contains("retort.toml:1: `versions`") && err.contains("`missing` is not a directory"),
        "{err}"
    );
    config(p.path(), "retort.toml", "versions = []\n");
    let err = config_error(p.path());
    assert!(err.contains("`versions`: is empty"), "{err}");
}

#[test]
fn models_and_assume_complete_history_are_typed() {
    // Read by the schema checks; here: accepted when well-formed, refused otherwise.
    let p = two_heads(false);
    std::fs::create_dir(p.path().join("app")).unwrap();
    std::fs::write(p.path().join("app/models.py"), "import sqlalchemy as sa\n").unwrap();
    config(
        p.path(),
        "retort.toml",
        "models = [\"app/models.py\"]\nassume-complete-history = true\n",
    );
    assert_eq!(lint(p.path(), &[]).1, ["RT101"]);
    config(p.path(), "retort.toml", "models = [\"app/modles.py\"]\n");
    let err = config_error(p.path());
    assert!(
        err.contains("retort.toml:1: `models`") && err.contains("app/modles.py"),
        "{err}"
    );
    // Something that exists but is neither a file nor a package.
    config(p.path(), "retort.toml", "models = [\"/dev/null\"]\n");
    let err = config_error(p.path());
    assert!(
        err.contains("retort.toml:1: `models`: `/dev/null` is not a regular file or a directory"),
        "{err}"
    );
    // In pyproject.toml the key is named as TOML addresses it, like every other key.
    std::fs::remove_file(p.path().join("retort.toml")).unwrap();
    config(
        p.path(),
        "pyproject.toml",
        "[project]\nname = \"app\"\n\n[tool.retort]\nmodels = [\"app\", \"app/modles.py\"]\n",
    );
    let err = config_error(p.path());
    assert!(
        err.contains("pyproject.toml:5: `tool.retort.models`: `app/modles.py` does not exist"),
        "{err}"
    );
    std::fs::remove_file(p.path().join("pyproject.toml")).unwrap();
    config(p.path(), "retort.toml", "models = \"app/models.py\"\n");
    let err = config_error(p.path());
    assert!(err.contains("retort.toml:1: `models`"), "{err}");
    config(p.path(), "retort.toml", "\n\nassume-complete-history = 1\n");
    let err = config_error(p.path());
    assert!(
        err.contains("retort.toml:3: `assume-complete-history`"),
        "{err}"
    );
}

#[test]
fn unknown_keys_name_file_line_and_key() {
    let p = two_heads(false);
    config(
        p.path(),
        "pyproject.toml",
        "[project]\nname = \"app\"\n\n[tool.retort]\nselect = [\"RT1\"]\nallow-labeled-heads = true\n",
    );
    let err = config_error(p.path());
    assert!(
        err.contains("pyproject.toml:6: `tool.retort.allow-labeled-heads`: unknown field"),
        "{err}"
    );
    // A dedicated retort.toml wins over pyproject.toml in the same directory.
    config(p.path(), "retort.toml", "\n# comment\nexclude = [\"x\"]\n");
    let err = config_error(p.path());
    assert!(
        err.contains("retort.toml:3: `exclude`: unknown field `exclude`"),
        "{err}"
    );
    // A misspelt table is an unknown key too.
    config(p.path(), "retort.toml", "[severities]\nRT101 = \"info\"\n");
    let err = config_error(p.path());
    assert!(err.contains("retort.toml:1: `severities`"), "{err}");
}

#[test]
fn found_by_walking_up_from_the_project() {
    let outer = tempfile::tempdir().unwrap();
    let p = two_heads(false);
    let project = outer.path().join("services/api");
    common::copy_dir(p.path(), &project);
    config(outer.path(), "retort.toml", "ignore = [\"RT101\"]\n");
    assert_eq!(lint(&project, &[]).0, 0);
    // A nearer pyproject.toml without [tool.retort] does not stop the walk...
    config(&project, "pyproject.toml", "[project]\nname = \"api\"\n");
    assert_eq!(lint(&project, &[]).0, 0);
    // ...one with [tool.retort] does.
    config(
        &project,
        "pyproject.toml",
        "[tool.retort]\nignore = [\"RT105\"]\n",
    );
    assert_eq!(lint(&project, &[]).1, ["RT101"]);
}

#[test]
fn the_most_specific_severity_wins() {
    let p = two_heads(false);
    config(
        p.path(),
        "retort.toml",
        "[severity]\nRT1 = \"info\"\nRT101 = \"warning\"\nALL = \"info\"\n",
    );
    let (code, _, json) = lint(p.path(), &[]);
    assert_eq!(code, 1);
    assert_eq!(json["diagnostics"][0]["severity"], "warning");
    config(
        p.path(),
        "retort.toml",
        "[severity]\nmultiple-heads = \"info\"\nRT10 = \"error\"\n",
    );
    let (code, _, json) = lint(p.path(), &[]);
    assert_eq!(code, 0);
    assert_eq!(json["diagnostics"][0]["severity"], "info");
}

/// A one-revision project whose id is a placeholder (RT111), with `comment` on the
/// `revision` line and `header` at the top of the file.
fn placeholder(comment: &str, header: &str) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("alembic.ini"),
        "[alembic]\nscript_location = %(here)s\n",
    )
    .unwrap();
    std::fs::create_dir(dir.path().join("versions")).unwrap();
    std::fs::write(
        dir.path().join("versions/000000000001_step.py"),
        format!(
            "{header}\"\"\"step\n\nRevision ID: 000000000001\nRevises: \nCreate Date: 2024-01-01 00:00:00\n\n\"\"\"\n\
             revision = '000000000001'{comment}\ndown_revision = None\n\n\n\
             def upgrade():\n    pass\n\n\ndef downgrade():\n    pass\n"
        ),
    )
    .unwrap();
    dir
}

#[test]
fn inline_suppressions() {
    assert_eq!(lint(placeholder("", "").path(), &[]).1, ["RT111"]);
    for (comment, header) in [
        ("  # retort: ignore[RT111]", ""),
        ("  # retort: ignore[placeholder-revision-id]", ""),
        ("  # retort: ignore[RT1]", ""),
        ("  # retort: ignore", ""),
        ("  # noqa: E501  # retort: ignore[RT111]", ""),
        ("", "# retort: ignore-file[RT111]\n"),
        ("", "# retort: ignore-file\n"),
    ] {
        let p = placeholder(comment, header);
        let (code, codes, _) = lint(p.path(), &[]);
        assert_eq!((code, codes), (0, vec![]), "{comment}{header}");
    }
    // A suppression of another rule silences nothing: RT900, and RT111 stays.
    let p = placeholder("  # retort: ignore[RT110]", "");
    assert_eq!(lint(p.path(), &[]).1, ["RT111", "RT900"]);
    // ...unless that rule did not run this time.
    assert_eq!(lint(p.path(), &["--ignore", "RT110"]).1, ["RT111"]);
    // On another line it does not apply.
    let p = placeholder("\n# retort: ignore[RT111]", "");
    assert_eq!(lint(p.path(), &[]).1, ["RT111", "RT900"]);
}

#[test]
fn every_key_is_documented() {
    // The keys retort accepts, from its own "unknown field" message.
    let p = two_heads(false);
    config(p.path(), "retort.toml", "no-such-key = 1\n");
    let err = config_error(p.path());
    let expected = err.split("expected one of ").nth(1).expect(&err);
    let keys: Vec<&str> = expected
        .split(", ")
        .map(|k| k.trim().trim_matches('`'))
        .collect();
    assert!(keys.len() >= 9, "{keys:?}");
    let doc = std::fs::read_to_string(common::repo_root().join("docs/configuration.md")).unwrap();
    for key in keys {
        assert!(
            doc.contains(&format!("| `{key}` |")),
            "docs/configuration.md has no table row for `{key}`"
        );
    }
}

/// JupyterHub ships `script_location = {alembic_dir}`, filled in before it runs Alembic:
/// retort cannot resolve it and says how to lint the revisions all the same.
#[test]
fn templated_script_location_points_to_versions() {
    let p = two_heads(false);
    config(
        p.path(),
        "alembic.ini",
        "[alembic]\nscript_location = {alembic_dir}\n",
    );
    let err = config_error(p.path());
    assert!(
        err.contains("alembic.ini:2: `script_location`: `{alembic_dir}` is not a directory")
            && err.contains("a template the application fills in at run time")
            && err.contains("`retort lint --versions DIR`"),
        "{err}"
    );
    // What the message suggests, from outside the configuration's directory.
    let outside = tempfile::tempdir().unwrap();
    let versions = p.path().join("migrations/versions");
    let out = common::retort(
        outside.path(),
        &["heads", "--versions", versions.to_str().unwrap()],
    );
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(String::from_utf8_lossy(&out.stdout).lines().count(), 2);
}
