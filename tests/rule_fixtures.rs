//! Every rule fixture under `testdata/rules/<CODE>/<case>/`: cases named `ok_*` must not
//! produce that rule; the others must, and their rendered text is snapshotted.

mod common;

use std::path::Path;

fn git(dir: &Path, args: &[&str]) {
    let out = std::process::Command::new("git")
        .args([
            "-c",
            "user.name=retort tests",
            "-c",
            "user.email=tests@retort.invalid",
            "-c",
            "init.defaultBranch=main",
            "-c",
            "commit.gpgsign=false",
        ])
        .args(args)
        .current_dir(dir)
        .output()
        .expect("run git");
    assert!(
        out.status.success(),
        "git {args:?} in {}: {}",
        dir.display(),
        String::from_utf8_lossy(&out.stderr)
    );
}

fn files_of(dir: &Path) -> std::collections::BTreeMap<String, Vec<u8>> {
    std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap())
        .filter(|e| e.file_type().unwrap().is_file())
        .map(|e| {
            (
                e.file_name().to_string_lossy().into_owned(),
                std::fs::read(e.path()).unwrap(),
            )
        })
        .collect()
}

fn replace_versions(versions: &Path, files: &std::collections::BTreeMap<String, Vec<u8>>) {
    if versions.exists() {
        std::fs::remove_dir_all(versions).unwrap();
    }
    std::fs::create_dir_all(versions).unwrap();
    for (name, bytes) in files {
        std::fs::write(versions.join(name), bytes).unwrap();
    }
}

/// An RT112 case as the git repository testdata/rules/README.md describes: the files
/// both sides share are the merge base; `main` then holds `base/versions/`, and the
/// checked-out branch `feature` holds the case's `versions/`.
fn git_repository_for(case: &Path, into: &Path) {
    let ours = files_of(&case.join("versions"));
    let theirs = files_of(&case.join("base/versions"));
    let shared = ours
        .iter()
        .filter(|(name, bytes)| theirs.get(*name) == Some(*bytes))
        .map(|(n, b)| (n.clone(), b.clone()))
        .collect();
    for entry in std::fs::read_dir(case).unwrap() {
        let entry = entry.unwrap();
        if entry.file_type().unwrap().is_file() {
            std::fs::copy(entry.path(), into.join(entry.file_name())).unwrap();
        }
    }
    let versions = into.join("versions");
    replace_versions(&versions, &shared);
    git(into, &["init", "-q"]);
    git(into, &["add", "-A"]);
    git(into, &["commit", "-qm", "merge base"]);
    git(into, &["branch", "feature"]);
    replace_versions(&versions, &theirs);
    git(into, &["add", "-A"]);
    git(into, &["commit", "-q", "--allow-empty", "-m", "main moves on"]);
    git(into, &["checkout", "-q", "feature"]);
    replace_versions(&versions, &ours);
    git(into, &["add", "-A"]);
    git(into, &["commit", "-q", "--allow-empty", "-m", "the branch"]);
}

fn lint_case(case: &Path, code: &str) -> (Vec<retort::diagnostic::Diagnostic>, String) {
    let repository = tempfile::tempdir().unwrap();
    let (dir, base) = if case.join("base").is_dir() {
        // Without --base the case is an ordinary, clean project.
        let (alone, text) = lint_dir(case, None, code, false);
        assert!(
            alone.is_empty(),
            "{}: without --base the case must be clean:\n{text}",
            case.display()
        );
        let dir = repository.path().canonicalize().unwrap();
        git_repository_for(case, &dir);
        (dir, Some("main"))
    } else {
        (case.to_path_buf(), None)
    };
    lint_dir(&dir, base, code, true)
}

fn lint_dir(
    case: &Path,
    base: Option<&str>,
    code: &str,
    only_code: bool,
) -> (Vec<retort::diagnostic::Diagnostic>, String) {
    let analyses = retort::load(&retort::Target {
        paths: vec![case.to_path_buf()],
        versions: None,
        base: base.map(str::to_owned),
    })
    .unwrap_or_else(|e| panic!("{}: {e}", case.display()));
    let analysis = &analyses[0];
    // Every default rule runs (so suppressions are judged as in a real run); only the
    // case's own rule is looked at.
    let selection = retort::Selection {
        extend_select: vec![code.to_owned()],
        ..Default::default()
    };
    let settings = retort::rule_settings(&analysis.config, &selection);
    let mut diagnostics = retort::lint(analysis, &settings);
    if only_code {
        diagnostics.retain(|d| d.code == code);
    }
    let sources = analysis
        .files
        .iter()
        .map(|f| (f.source.path.clone(), f.source.clone()))
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
    // Paths in the snapshot are relative to the case directory.
    let prefix = format!("{}/", case.display());
    (diagnostics, text.replace(&prefix, ""))
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
