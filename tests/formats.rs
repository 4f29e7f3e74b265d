//! `--format concise` and `--format github`, through the built binary.

mod common;

use std::path::Path;

fn stdout(o: &std::process::Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

#[test]
fn concise_is_one_line_per_finding() {
    let repo = common::repo_root();
    let out = common::retort(
        &repo,
        &[
            "lint",
            "--format",
            "concise",
            "--select",
            "RT1,RT9",
            "testdata/projects/seed-wallet",
            "testdata/rules/RT900/unknown_rule",
        ],
    );
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(
        stdout(&out),
        "testdata/projects/seed-wallet/migrations/versions/fb84c1febfb6_add_trades_and_transactions_trade_id.py:15:1: \
         RT101 2 heads: `c8d25c64b432`, `fb84c1febfb6`; they diverge after `add_trading_models`\n\
         testdata/rules/RT900/unknown_rule/versions/5e1f0a93c2d7_step.py:12:28: RT900 suppression names `RT899`, which is no rule\n"
    );
    // Clean: nothing at all, exit 0.
    let out = common::retort(
        &repo,
        &[
            "lint",
            "--format",
            "concise",
            "testdata/rules/RT101/ok_merged",
        ],
    );
    assert_eq!(out.status.code(), Some(0));
    assert_eq!(stdout(&out), "");
}

/// What the Actions runner does with a workflow command line: split off the command,
/// the properties and the message, and undo the escaping.
fn parse_command(line: &str) -> (String, Vec<(String, String)>, String) {
    let rest = line.strip_prefix("::").expect("a workflow command");
    let (head, message) = rest.split_once("::").expect("::message");
    let (command, properties) = head.split_once(' ').unwrap_or((head, ""));
    let unescape = |v: &str| {
        v.replace("%0D", "\r")
            .replace("%0A", "\n")
            .replace("%3A", ":")
            .replace("%2C", ",")
            .replace("%25", "%")
    };
    let properties = properties
        .split(',')
        .filter(|p| !p.is_empty())
        .map(|p| {
            let (k, v) = p.split_once('=').expect("key=value");
            (k.to_owned(), unescape(v))
        })
        .collect();
    (command.to_owned(), properties, unescape(message))
}

fn write(path: &Path, text: &str) {
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(path, text).unwrap();
}

#[test]
fn github_annotations_escape_data_and_properties() {
    // A checkout whose project sits in a subdirectory, with a file name and a message
    // holding every character the runner treats specially.
    let checkout = tempfile::tempdir().unwrap();
    std::fs::create_dir(checkout.path().join(".git")).unwrap();
    let project = checkout.path().join("backend");
    write(
        &project.join("alembic.ini"),
        "[alembic]\nscript_location = %(here)s/migrations\nfile_template = %%(rev)s\n",
    );
    write(
        &project.join("migrations/versions/5e1f0a93c2d7,50%:x.py"),
        "\"\"\"step\n\nRevision ID: 5e1f0a93c2d7\nRevises: \nCreate Date: 2024-01-01 00:00:00\n\n\"\"\"\n\
         revision = '5e1f0a93c2d7'  # retort: ignore[50%,a:b]\ndown_revision = None\n\n\n\
         def upgrade():\n    pass\n\n\ndef downgrade():\n    pass\n",
    );
    // Run from inside the project: paths are still relative to the checkout.
    let out = common::retort(&project, &["lint", "--format", "github"]);
    assert_eq!(out.status.code(), Some(1));
    let text = stdout(&out);
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines.len(), 1, "{text}");
    // Nothing the runner would cut the command at is left unescaped.
    let (_, raw_properties) = lines[0][2..].split_once("::").unwrap();
    assert!(!raw_properties.contains(['\n', '\r']));
    let (command, properties, message) = parse_command(lines[0]);
    assert_eq!(command, "warning");
    let get = |k: &str| {
        properties
            .iter()
            .find(|(key, _)| key == k)
            .map(|(_, v)| v.as_str())
            .unwrap_or_else(|| panic!("no {k} in {properties:?}"))
    };
    assert_eq!(
        get("file"),
        "backend/migrations/versions/5e1f0a93c2d7,50%:x.py"
    );
    assert_eq!(get("line"), "8");
    assert_eq!(get("endLine"), "8");
    assert_eq!(get("col"), "28");
    assert_eq!(get("title"), "RT900 unused-suppression");
    assert_eq!(
        message,
        "suppression names `50%`, `a:b`, which is no rule\nhelp: remove the comment (or fix the rule name)"
    );
    assert!(lines[0].contains("%25") && lines[0].contains("%2C") && lines[0].contains("%3A"));
}

#[test]
fn github_levels_follow_severity_and_related_locations_are_noted() {
    let repo = common::repo_root();
    let scratch = tempfile::tempdir().unwrap();
    let project = scratch.path().join("p");
    common::copy_dir(&repo.join("testdata/projects/seed-wallet"), &project);
    std::fs::write(
        project.join("retort.toml"),
        "[severity]\nRT101 = \"info\"\n",
    )
    .unwrap();
    let out = common::retort(
        &project,
        &["lint", "--format", "github", "--select", "RT101"],
    );
    // info findings do not fail the run; GitHub calls that level "notice".
    assert_eq!(out.status.code(), Some(0));
    let text = stdout(&out);
    let (command, properties, message) = parse_command(text.trim_end());
    assert_eq!(command, "notice");
    assert_eq!(
        properties[0],
        (
            "file".to_owned(),
            "migrations/versions/fb84c1febfb6_add_trades_and_transactions_trade_id.py".to_owned()
        )
    );
    assert!(
        message.contains(
            "\nnote: head `c8d25c64b432` at migrations/versions/c8d25c64b432_add_vouchers_table.py:15"
        ),
        "{message}"
    );
}

/// With `--base REF`, a finding in a revision file read from git (it is REF's, not in
/// the working tree) is printed at the path the file would have in the working tree, so
/// that `path:line:col:` parsers still read it; the message names the ref. JSON keeps
/// `REF:path` (what `git show` takes), as docs/json-format.md says.
#[test]
fn concise_shows_files_read_from_git_at_their_working_tree_path() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    let versions = root.join("migrations/versions");
    write(
        &root.join("alembic.ini"),
        "[alembic]\nscript_location = %(here)s/migrations\n",
    );
    let revision = |id: &str, down: &str, downgrade: bool| {
        let down_value = if down.is_empty() {
            "None".to_owned()
        } else {
            format!("'{down}'")
        };
        let downgrade = if downgrade {
            "\n\ndef downgrade():\n    pass\n"
        } else {
            ""
        };
        write(
            &versions.join(format!("{id}_step.py")),
            &format!(
                "\"\"\"step\n\nRevision ID: {id}\nRevises: {down}\nCreate Date: 2024-01-01 00:00:00\n\n\"\"\"\n\
                 revision = '{id}'\ndown_revision = {down_value}\n\n\ndef upgrade():\n    pass\n{downgrade}"
            ),
        );
    };
    revision("23e791c49f3a", "", true);
    common::git(root, &["init", "-q"]);
    common::git(root, &["add", "-A"]);
    common::git(root, &["commit", "-qm", "base"]);
    common::git(root, &["checkout", "-qb", "feature"]);
    // main gains a revision without downgrade() (RT109) after feature left it.
    common::git(root, &["checkout", "-q", "main"]);
    revision("c8d25c64b432", "23e791c49f3a", false);
    common::git(root, &["add", "-A"]);
    common::git(root, &["commit", "-qm", "main"]);
    common::git(root, &["checkout", "-q", "feature"]);
    assert!(!versions.join("c8d25c64b432_step.py").exists());

    let args = ["lint", "--base", "main", "--select", "RT109"];
    let concise = |cwd: &Path, project: &str| {
        let mut all = args.to_vec();
        all.extend(["--format", "concise", project]);
        let out = common::retort(cwd, &all);
        assert_eq!(
            out.status.code(),
            Some(1),
            "{}{}",
            stdout(&out),
            String::from_utf8_lossy(&out.stderr)
        );
        stdout(&out)
    };
    let expected = " RT109 no `downgrade()` function";
    let line = concise(root, ".");
    let (path, rest) = line.split_once(':').unwrap();
    assert_eq!(path, "migrations/versions/c8d25c64b432_step.py", "{line}");
    let (line_no, rest) = rest.split_once(':').unwrap();
    let (col, rest) = rest.split_once(':').unwrap();
    assert!(
        line_no.parse::<usize>().is_ok() && col.parse::<usize>().is_ok(),
        "{line}"
    );
    assert!(rest.starts_with(expected), "{line}");
    assert!(
        rest.trim_end()
            .ends_with("(this file is in main, not in the working tree)"),
        "{line}"
    );
    assert_eq!(line.lines().count(), 1);
    // From a subdirectory, relative to it like every other path.
    let sub = concise(&root.join("migrations"), "..");
    assert!(sub.starts_with("versions/c8d25c64b432_step.py:"), "{sub}");

    let mut all = args.to_vec();
    all.extend(["--format", "json"]);
    let json: serde_json::Value =
        serde_json::from_slice(&common::retort(root, &all).stdout).unwrap();
    assert_eq!(
        json["diagnostics"][0]["file"],
        "main:migrations/versions/c8d25c64b432_step.py"
    );
}
