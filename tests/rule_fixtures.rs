//! Every rule fixture under `testdata/rules/<CODE>/<case>/`: cases named `ok_*` must not
//! produce that rule; the others must, and their rendered text is snapshotted.

mod common;

use std::path::Path;

fn lint_case(case: &Path, code: &str) -> (Vec<retort::diagnostic::Diagnostic>, String) {
    // RT4xx cases describe a database: `retort db check` on a SQLite file built from it.
    if case.join("database.sql").is_file() {
        return db_case(case, code);
    }
    // A case with `base/versions/` is linted with `--base main` in a git repository
    // built from it (see testdata/rules/README.md).
    let repo = case.join("base").is_dir().then(|| git_repository_for(case));
    let (root, base) = match &repo {
        Some(dir) => (dir.path().to_path_buf(), Some("main".to_owned())),
        None => (case.to_path_buf(), None),
    };
    let analyses = retort::load(&retort::Target {
        paths: vec![root.clone()],
        base,
        ..retort::Target::default()
    })
    .unwrap_or_else(|e| panic!("{}: {e}", case.display()));
    let case = root.as_path();
    let analysis = &analyses[0];
    // Every default rule runs (so suppressions are judged as in a real run); only the
    // case's own rule is looked at.
    let selection = retort::Selection {
        extend_select: vec![code.to_owned()],
        ..Default::default()
    };
    let mut settings = retort::rule_settings(&analysis.config, &selection);
    // The safety rules (RT3xx) report only new revisions; a fixture's history is all new.
    settings.all_revisions = true;
    let mut diagnostics = retort::lint(analysis, &settings);
    diagnostics.retain(|d| d.code == code);
    let sources = analysis
        .sources()
        .map(|s| (s.path.clone(), s.clone()))
        .collect();
    let text = retort::report::text::render(
        &diagnostics,
        &sources,
        analysis.files.len(),
        retort::report::text::TextOptions {
            color: false,
            width: 100,
        },
    );
    // Paths in the snapshot are relative to the case directory (retort shows them
    // relative to the working directory, which is the repository root under cargo test).
    let relative = case.strip_prefix(common::repo_root()).unwrap_or(case);
    let text = text
        .replace(&format!("{}/", case.display()), "")
        .replace(&format!("{}/", relative.display()), "");
    (diagnostics, text)
}

/// An RT4xx case: `database.sql` run into a new SQLite file, then `retort db check`'s
/// examination of it (see testdata/rules/README.md).
fn db_case(case: &Path, code: &str) -> (Vec<retort::diagnostic::Diagnostic>, String) {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("database.db");
    let sql = std::fs::read_to_string(case.join("database.sql")).unwrap();
    let connection = rusqlite::Connection::open(&file).unwrap();
    connection
        .execute_batch(&sql)
        .unwrap_or_else(|e| panic!("{}/database.sql: {e}", case.display()));
    drop(connection);
    let analysis = retort::load(&retort::Target {
        paths: vec![case.to_path_buf()],
        ..retort::Target::default()
    })
    .unwrap_or_else(|e| panic!("{}: {e}", case.display()))
    .remove(0);
    let request = retort::db::check::Request {
        url: Some(format!("sqlite:///{}", file.display())),
        version_table: None,
        version_table_schema: None,
        connect_timeout: std::time::Duration::from_secs(5),
        statement_timeout: std::time::Duration::from_secs(5),
    };
    let target = retort::db::check::resolve(&request, &analysis).unwrap();
    let snapshot = retort::db::read(&target.url, &target.options).unwrap();
    let needs_merge = retort::rules::db_rules::needs_merge(&analysis);
    let exam = retort::db::check::examine(&analysis, &snapshot, needs_merge);
    let mut diagnostics = retort::rules::db_rules::diagnostics(&analysis, &snapshot, &exam);
    diagnostics.retain(|d| d.code == code);
    let sources = analysis
        .sources()
        .map(|s| (s.path.clone(), s.clone()))
        .collect();
    let text = retort::report::text::render(
        &diagnostics,
        &sources,
        analysis.files.len(),
        retort::report::text::TextOptions {
            color: false,
            width: 100,
        },
    );
    let relative = case.strip_prefix(common::repo_root()).unwrap_or(case);
    let text = text
        .replace(&format!("{}/", case.display()), "")
        .replace(&format!("{}/", relative.display()), "");
    (diagnostics, text)
}

/// Build the git history an RT112-style case describes (see `common::git_repository_for_case`).
fn git_repository_for(case: &Path) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    common::git_repository_for_case(case, dir.path());
    dir
}

#[test]
fn rule_fixtures() {
    let root = common::repo_root().join("testdata/rules");
    let mut codes: Vec<_> = std::fs::read_dir(&root)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.is_dir())
        .collect();
    codes.sort();
    let mut checked = 0;
    for code_dir in codes {
        let code = code_dir.file_name().unwrap().to_string_lossy().into_owned();
        assert!(
            retort::rules::lookup(&code).is_some(),
            "testdata/rules/{code}: no such rule"
        );
        let mut cases: Vec<_> = std::fs::read_dir(&code_dir)
            .unwrap()
            .map(|e| e.unwrap().path())
            .filter(|p| p.is_dir())
            .collect();
        cases.sort();
        let (mut firing, mut silent) = (0, 0);
        for case in cases {
            let name = case.file_name().unwrap().to_string_lossy().into_owned();
            let (diagnostics, text) = lint_case(&case, &code);
            if name.starts_with("ok_") {
                assert!(
                    diagnostics.is_empty(),
                    "{code}/{name} must stay silent, got:\n{text}"
                );
                silent += 1;
            } else {
                assert!(!diagnostics.is_empty(), "{code}/{name} must fire {code}");
                insta::assert_snapshot!(format!("{code}__{name}"), text);
                firing += 1;
            }
            checked += 1;
        }
        assert!(
            firing > 0 && silent > 0,
            "{code} needs a firing and an ok_ fixture"
        );
    }
    for rule in retort::rules::ALL {
        assert!(
            root.join(rule.code).is_dir(),
            "rule {} has no fixtures in testdata/rules",
            rule.code
        );
    }
    assert!(checked > 0);
}
