//! `--format sarif` checked by the official validator, the Microsoft SARIF multitool
//! (`.ci/run` installs the pinned npm package into `.ci/npm`), with its SARIF and
//! GitHub rule sets, on every fixture project: no error and no warning. Then what the
//! validator cannot know: rule indices, 1-based regions against the source, relative
//! URIs, related locations, and fingerprints that survive edits above the finding.

mod common;

use std::path::{Path, PathBuf};
use std::process::Command;

use serde_json::Value;

/// The multitool binary: `$RETORT_SARIF_MULTITOOL`, else the one `.ci/run` installs.
fn multitool() -> Option<PathBuf> {
    let path = std::env::var_os("RETORT_SARIF_MULTITOOL")
        .map(PathBuf::from)
        .unwrap_or_else(|| {
            let platform = match std::env::consts::OS {
                "macos" => "darwin",
                "windows" => "win32",
                other => other,
            };
            common::repo_root().join(format!(
                ".ci/npm/node_modules/@microsoft/sarif-multitool-{platform}/Sarif.Multitool"
            ))
        });
    common::require_tool(
        "the SARIF multitool (npm @microsoft/sarif-multitool)",
        Some(path),
    )
}

/// Every fixture project: testdata/projects/* and testdata/rules/<CODE>/<case>.
fn fixture_projects() -> Vec<PathBuf> {
    let root = common::repo_root().join("testdata");
    let mut out = Vec::new();
    for dir in [root.join("projects")]
        .into_iter()
        .chain(subdirs(&root.join("rules")))
    {
        out.extend(subdirs(&dir));
    }
    out.sort();
    assert!(out.len() > 30, "found only {} fixture projects", out.len());
    out
}

fn subdirs(dir: &Path) -> Vec<PathBuf> {
    let mut dirs: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.is_dir())
        .collect();
    dirs.sort();
    dirs
}

/// Lint `project` (with `--base main` in the git repository an RT112 case describes)
/// from `cwd`; return the SARIF text.
fn sarif_of(project: &Path, cwd: &Path, base: Option<&str>) -> String {
    let mut args = vec![
        "lint",
        "--format",
        "sarif",
        "--exit-zero",
        project.to_str().unwrap(),
    ];
    if let Some(base) = base {
        args.extend(["--base", base]);
    }
    let out = common::retort(cwd, &args);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}: {}",
        project.display(),
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

/// (name, SARIF) for every fixture project, linted from the repository root.
fn all_logs(scratch: &Path) -> Vec<(String, String)> {
    let repo = common::repo_root();
    let mut logs = Vec::new();
    for project in fixture_projects() {
        let name = project
            .strip_prefix(repo.join("testdata"))
            .unwrap()
            .to_string_lossy()
            .replace('/', "__");
        logs.push((name.clone(), sarif_of(&project, &repo, None)));
        if project.join("base").is_dir() {
            let git_dir = scratch.join(&name);
            std::fs::create_dir_all(&git_dir).unwrap();
            common::git_repository_for_case(&project, &git_dir);
            logs.push((
                format!("{name}__base"),
                sarif_of(&git_dir, &git_dir, Some("main")),
            ));
        }
    }
    logs.push(("provenance".to_owned(), with_provenance(scratch)));
    logs
}

/// seed-wallet in a git checkout whose `origin` URL carries a token: the log records
/// the commit, the branch and the remote, without the token.
fn with_provenance(scratch: &Path) -> String {
    let checkout = scratch.join("provenance");
    common::copy_dir(
        &common::repo_root().join("testdata/projects/seed-wallet"),
        &checkout,
    );
    common::git(&checkout, &["init", "-q", "-b", "main"]);
    common::git(
        &checkout,
        &[
            "remote",
            "add",
            "origin",
            "https://x-access-token:s3cret@example.com/acme/wallet.git",
        ],
    );
    common::git(&checkout, &["add", "-A"]);
    common::git(&checkout, &["commit", "-qm", "wallet"]);
    let commit = common::git(&checkout, &["rev-parse", "HEAD"]);
    let text = sarif_of(&checkout, &checkout, None);
    assert!(!text.contains("s3cret"), "{text}");
    let log: Value = serde_json::from_str(&text).unwrap();
    let provenance = &log["runs"][0]["versionControlProvenance"][0];
    assert_eq!(
        provenance["repositoryUri"],
        "https://example.com/acme/wallet.git"
    );
    assert_eq!(provenance["revisionId"], commit.trim());
    assert_eq!(provenance["branch"], "main");
    assert_eq!(provenance["mappedTo"]["uriBaseId"], "%SRCROOT%");
    text
}

#[test]
fn multitool_validates_every_fixture_with_sarif_and_github_rules() {
    let Some(multitool) = multitool() else {
        return;
    };
    let scratch = tempfile::tempdir().unwrap();
    let logs_dir = scratch.path().join("logs");
    std::fs::create_dir_all(&logs_dir).unwrap();
    let logs = all_logs(&scratch.path().join("repos"));
    let mut with_results = 0;
    for (name, text) in &logs {
        let log: Value = serde_json::from_str(text).unwrap();
        if !log["runs"][0]["results"].as_array().unwrap().is_empty() {
            with_results += 1;
        }
        std::fs::write(logs_dir.join(format!("{name}.sarif")), text).unwrap();
    }
    // The fixtures fire every rule, so the validator sees every kind of result.
    assert!(with_results > 30, "{with_results}");

    let report = scratch.path().join("validation.sarif");
    let out = Command::new(&multitool)
        .arg("validate")
        .arg(logs_dir.join("*.sarif"))
        .args(["--rule-kind", "Sarif;Gh"])
        .args(["--level", "Error;Warning;Note"])
        .args(["--log", "ForceOverwrite"])
        .arg("--config")
        .arg(common::repo_root().join("tests/sarif-multitool.xml"))
        .arg("--output")
        .arg(&report)
        // The validator needs no ICU for this; do not depend on libicu being present.
        .env("DOTNET_SYSTEM_GLOBALIZATION_INVARIANT", "1")
        .output()
        .expect("run the SARIF multitool");
    let console = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(out.status.success(), "multitool failed:\n{console}");
    let validation: Value = serde_json::from_slice(&std::fs::read(&report).unwrap())
        .unwrap_or_else(|e| panic!("{e}\n{console}"));
    let run = &validation["runs"][0];
    assert!(
        console.contains(&format!("Done. {} files scanned.", logs.len())),
        "{console}"
    );
    let mut problems = Vec::new();
    let mut notes = Vec::new();
    for result in run["results"].as_array().unwrap() {
        let level = result["level"].as_str().unwrap_or("warning");
        let line = format!(
            "{} {} {}",
            level,
            result["ruleId"].as_str().unwrap_or("?"),
            result["message"]["text"]
                .as_str()
                .map(str::to_owned)
                .unwrap_or_else(|| result["message"].to_string())
        );
        match level {
            "error" | "warning" => problems.push(line),
            _ => notes.push(line),
        }
    }
    // Errors and warnings fail the test; notes are printed for whoever reads the log.
    for note in &notes {
        eprintln!("note from the validator: {note}");
    }
    assert!(
        problems.is_empty(),
        "the SARIF multitool reported {} problems:\n{}\n\nconsole:\n{console}",
        problems.len(),
        problems.join("\n")
    );
    // Invocation reports no tool errors either.
    let invocation = &run["invocations"][0];
    assert_eq!(invocation["executionSuccessful"], true, "{console}");
}

fn lines_of(path: &Path) -> Vec<String> {
    std::fs::read_to_string(path)
        .unwrap()
        .lines()
        .map(str::to_owned)
        .collect()
}

#[test]
fn results_point_into_the_rule_table_and_the_source() {
    let repo = common::repo_root();
    let project = repo.join("testdata/projects/seed-wallet");
    let log: Value = serde_json::from_str(&sarif_of(&project, &repo, None)).unwrap();
    assert_eq!(log["version"], "2.1.0");
    let run = &log["runs"][0];
    let driver = &run["tool"]["driver"];
    assert_eq!(driver["name"], "retort");
    assert_eq!(driver["version"], env!("CARGO_PKG_VERSION"));
    let rules = driver["rules"].as_array().unwrap();
    assert_eq!(rules.len(), retort::rules::ALL.len());
    for (rule, info) in rules.iter().zip(retort::rules::ALL) {
        assert_eq!(rule["id"], info.code);
        assert_eq!(rule["name"], info.name);
        assert_eq!(rule["help"]["markdown"], info.doc);
        assert!(
            rule["helpUri"]
                .as_str()
                .unwrap()
                .ends_with(&format!("/rules/{}-{}.md", info.code, info.name))
        );
        assert_eq!(
            rule["defaultConfiguration"]["level"],
            match info.severity {
                retort::diagnostic::Severity::Error => "error",
                retort::diagnostic::Severity::Warning => "warning",
                retort::diagnostic::Severity::Info => "note",
            }
        );
    }
    let root_uri = run["originalUriBaseIds"]["%SRCROOT%"]["uri"]
        .as_str()
        .unwrap();
    assert!(root_uri.starts_with("file:///") && root_uri.ends_with('/'));

    let results = run["results"].as_array().unwrap();
    let rt101: Vec<&Value> = results.iter().filter(|r| r["ruleId"] == "RT101").collect();
    assert_eq!(rt101.len(), 1, "{results:?}");
    let rt101 = rt101[0];
    assert_eq!(
        rules[rt101["ruleIndex"].as_u64().unwrap() as usize]["id"],
        "RT101"
    );
    assert_eq!(rt101["level"], "error");
    let physical = &rt101["locations"][0]["physicalLocation"];
    assert_eq!(physical["artifactLocation"]["uriBaseId"], "%SRCROOT%");
    let uri = physical["artifactLocation"]["uri"].as_str().unwrap();
    assert_eq!(
        uri,
        "testdata/projects/seed-wallet/migrations/versions/fb84c1febfb6_add_trades_and_transactions_trade_id.py"
    );
    // The 1-based region holds exactly the snippet.
    let region = &physical["region"];
    let line = region["startLine"].as_u64().unwrap() as usize;
    let (start, end) = (
        region["startColumn"].as_u64().unwrap() as usize,
        region["endColumn"].as_u64().unwrap() as usize,
    );
    let source_line = &lines_of(&repo.join(uri))[line - 1];
    let pointed: String = source_line
        .chars()
        .skip(start - 1)
        .take(end - start)
        .collect();
    assert_eq!(pointed, region["snippet"]["text"].as_str().unwrap());
    assert_eq!(pointed, "revision: str = 'fb84c1febfb6'");
    // The other head and the fork are related locations, linked from the message.
    let related = rt101["relatedLocations"].as_array().unwrap();
    assert_eq!(related.len(), 2);
    let message = rt101["message"]["text"].as_str().unwrap();
    for r in related {
        let id = r["id"].as_u64().unwrap();
        assert!(message.contains(&format!("]({id})")), "{message}");
    }
    assert!(
        related[0]["physicalLocation"]["artifactLocation"]["uri"]
            .as_str()
            .unwrap()
            .ends_with("c8d25c64b432_add_vouchers_table.py")
    );
}

fn fingerprints(log: &str) -> Vec<String> {
    let log: Value = serde_json::from_str(log).unwrap();
    log["runs"][0]["results"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| {
            r["partialFingerprints"]["retort/v1"]
                .as_str()
                .unwrap()
                .to_owned()
        })
        .collect()
}

#[test]
fn fingerprints_are_stable_across_runs_and_edits_above() {
    let repo = common::repo_root();
    let scratch = tempfile::tempdir().unwrap();
    let project = scratch.path().join("seed-wallet");
    common::copy_dir(&repo.join("testdata/projects/seed-wallet"), &project);
    let first = sarif_of(&project, scratch.path(), None);
    let before = fingerprints(&first);
    assert!(!before.is_empty());
    // Same input, same bytes.
    assert_eq!(sarif_of(&project, scratch.path(), None), first);
    // Lines added above the finding move it, but it is the same alert.
    let head =
        project.join("migrations/versions/fb84c1febfb6_add_trades_and_transactions_trade_id.py");
    let text = std::fs::read_to_string(&head).unwrap();
    std::fs::write(&head, format!("# a comment\n# and another\n{text}")).unwrap();
    let moved = sarif_of(&project, scratch.path(), None);
    assert_ne!(moved, first);
    assert_eq!(fingerprints(&moved), before);
    // URIs are relative to the checkout (no git here, so the working directory).
    let log: Value = serde_json::from_str(&moved).unwrap();
    let rt101 = log["runs"][0]["results"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["ruleId"] == "RT101")
        .unwrap();
    assert_eq!(
        rt101["locations"][0]["physicalLocation"]["artifactLocation"]["uri"],
        "seed-wallet/migrations/versions/fb84c1febfb6_add_trades_and_transactions_trade_id.py"
    );
    assert_eq!(
        rt101["locations"][0]["physicalLocation"]["region"]["startLine"],
        17
    );
}

#[test]
fn output_file_gets_the_same_bytes() {
    let repo = common::repo_root();
    let scratch = tempfile::tempdir().unwrap();
    let target = scratch.path().join("retort.sarif");
    let project = repo.join("testdata/projects/seed-wallet");
    let out = common::retort(
        &repo,
        &[
            "lint",
            "--format",
            "sarif",
            "--output",
            target.to_str().unwrap(),
            project.to_str().unwrap(),
        ],
    );
    // Findings still decide the exit status; nothing goes to standard output.
    assert_eq!(out.status.code(), Some(1));
    assert!(out.stdout.is_empty());
    assert_eq!(
        std::fs::read_to_string(&target).unwrap(),
        sarif_of(&project, &repo, None)
    );
}
