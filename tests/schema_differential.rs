//! Differential tests of the schema replay and the model check against real Alembic
//! and real databases. For every fixture project under `testdata/projects/` and every
//! head: `alembic upgrade <head>` on a fresh SQLite database (and PostgreSQL, from
//! `RETORT_PG_DSN`, which `.ci/run` starts), introspected with SQLAlchemy's inspector,
//! must have the tables, columns and nullability `retort schema` replays. Where the
//! project has a model, retort's RT201/RT202/RT203 findings per head must be exactly
//! the table and column differences autogenerate (the engine of `alembic check`)
//! reports; for single-head projects the real `alembic check` command must agree too.

mod common;

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::process::Command;

use serde_json::Value;

fn projects() -> Vec<PathBuf> {
    let root = common::repo_root().join("testdata/projects");
    let mut out: Vec<PathBuf> = std::fs::read_dir(&root)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.join("alembic.ini").is_file())
        .collect();
    out.sort();
    assert!(
        out.len() >= 3,
        "expected the fixture projects in {}",
        root.display()
    );
    out
}

/// Copy the project so nothing (a SQLite file, __pycache__) lands in testdata.
fn scratch_copy(project: &Path) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    common::copy_dir(project, dir.path());
    dir
}

fn oracle(python: &Path, mode: &str, project: &Path, url: &str, revision: &str) -> Value {
    let script = common::repo_root().join("tests/oracle/schema_oracle.py");
    let out = Command::new(python)
        .arg(&script)
        .args([mode, &project.to_string_lossy(), url, revision])
        .env_remove("DATABASE_URL")
        .output()
        .expect("run the oracle");
    assert!(
        out.status.success(),
        "oracle {mode} {} @ {revision} on {url} failed:\n{}",
        project.display(),
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).expect("oracle JSON")
}

/// `retort schema --format json`: head id -> table -> (state, column -> nullable).
type Replayed = BTreeMap<String, BTreeMap<String, (String, BTreeMap<String, Option<bool>>)>>;

fn retort_schema(project: &Path) -> Replayed {
    let out = common::retort(project, &["schema", ".", "--format", "json"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let json: Value = serde_json::from_slice(&out.stdout).unwrap();
    let mut heads = BTreeMap::new();
    for head in json[0]["heads"].as_array().unwrap() {
        assert_eq!(
            head["wildcard"], false,
            "fixture heads should be fully readable"
        );
        let mut tables = BTreeMap::new();
        for table in head["tables"].as_array().unwrap() {
            let name = match table["schema"].as_str() {
                Some(s) => format!("{s}.{}", table["name"].as_str().unwrap()),
                None => table["name"].as_str().unwrap().to_owned(),
            };
            let columns = table["columns"]
                .as_array()
                .unwrap()
                .iter()
                .map(|c| {
                    (
                        c["name"].as_str().unwrap().to_owned(),
                        c["nullable"].as_bool(),
                    )
                })
                .collect();
            tables.insert(name, (table["state"].as_str().unwrap().to_owned(), columns));
        }
        heads.insert(head["revision"].as_str().unwrap().to_owned(), tables);
    }
    assert!(!heads.is_empty());
    heads
}

fn assert_same_schema(project: &Path, head: &str, url_kind: &str, replayed: &Replayed, db: &Value) {
    let ours = &replayed[head];
    let theirs = db["tables"].as_object().unwrap();
    let our_names: BTreeSet<&String> = ours.keys().collect();
    let their_names: BTreeSet<&String> = theirs.keys().collect();
    assert_eq!(
        our_names,
        their_names,
        "{} @ {head} ({url_kind}): tables differ",
        project.display()
    );
    for (table, (state, columns)) in ours {
        let db_columns: BTreeMap<String, bool> = theirs[table]
            .as_array()
            .unwrap()
            .iter()
            .map(|c| {
                (
                    c["name"].as_str().unwrap().to_owned(),
                    c["nullable"].as_bool().unwrap(),
                )
            })
            .collect();
        if state == "exact" {
            let a: BTreeSet<&String> = columns.keys().collect();
            let b: BTreeSet<&String> = db_columns.keys().collect();
            assert_eq!(
                a,
                b,
                "{} @ {head} ({url_kind}): columns of `{table}` differ",
                project.display()
            );
        }
        for (column, nullable) in columns {
            let Some(db_nullable) = db_columns.get(column) else {
                panic!(
                    "{} @ {head} ({url_kind}): `{table}.{column}` is not in the database",
                    project.display()
                );
            };
            if let Some(nullable) = nullable {
                assert_eq!(
                    nullable,
                    db_nullable,
                    "{} @ {head} ({url_kind}): nullability of `{table}.{column}`",
                    project.display()
                );
            }
        }
    }
}

fn replay_matches(url_for: impl Fn(&Path) -> String, kind: &str) {
    let Some(python) = common::python() else {
        return;
    };
    let mut compared = 0;
    for project in projects() {
        let copy = scratch_copy(&project);
        let replayed = retort_schema(copy.path());
        for head in replayed.keys() {
            let url = url_for(copy.path());
            let db = oracle(&python, "replay", copy.path(), &url, head);
            assert_same_schema(&project, head, kind, &replayed, &db);
            compared += 1;
            if kind == "sqlite" {
                let _ = std::fs::remove_file(copy.path().join("oracle.db"));
            }
        }
    }
    assert!(compared >= 4, "compared {compared} heads");
}

#[test]
fn replayed_schema_matches_sqlite() {
    replay_matches(
        |dir| format!("sqlite:///{}", dir.join("oracle.db").display()),
        "sqlite",
    );
}

/// The PostgreSQL server `.ci/run` starts (tests/oracle/start_postgres.sh).
fn postgres_dsn() -> Option<String> {
    let dsn = std::env::var("RETORT_PG_DSN")
        .ok()
        .filter(|d| !d.is_empty());
    common::require_tool(
        "a PostgreSQL server (RETORT_PG_DSN, see tests/oracle/start_postgres.sh)",
        dsn.as_ref().map(|_| PathBuf::from("/")),
    )?;
    dsn
}

#[test]
fn replayed_schema_matches_postgresql() {
    let Some(dsn) = postgres_dsn() else { return };
    replay_matches(move |_| dsn.clone(), "postgresql");
}

/// (code, object) per head, from retort's JSON findings.
fn retort_model_findings(project: &Path) -> BTreeMap<String, BTreeSet<(String, String)>> {
    let out = common::retort(
        project,
        &[
            "lint",
            ".",
            "--format",
            "json",
            "--select",
            "RT201,RT202,RT203",
            "--exit-zero",
        ],
    );
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let json: Value = serde_json::from_slice(&out.stdout).unwrap();
    let mut per_head: BTreeMap<String, BTreeSet<(String, String)>> = BTreeMap::new();
    for d in json["diagnostics"].as_array().unwrap() {
        let code = d["code"].as_str().unwrap().to_owned();
        let message = d["message"].as_str().unwrap();
        // Messages name the object first and the heads after "head"/"heads".
        let ticks: Vec<&str> = message.split('`').skip(1).step_by(2).collect();
        let object = ticks[0].to_owned();
        let (_, after) = message.split_once(" head").expect("message names its head");
        for head in after.split('`').skip(1).step_by(2) {
            per_head
                .entry(head.to_owned())
                .or_default()
                .insert((code.clone(), object.clone()));
        }
    }
    per_head
}

fn check_matches(url_for: impl Fn(&Path) -> String) {
    let Some(python) = common::python() else {
        return;
    };
    let mut checked = 0;
    for project in projects() {
        let copy = scratch_copy(&project);
        let findings = retort_model_findings(copy.path());
        for head in retort_schema(copy.path()).keys() {
            let url = url_for(copy.path());
            let result = oracle(&python, "check", copy.path(), &url, head);
            let _ = std::fs::remove_file(copy.path().join("oracle.db"));
            let mut expected = BTreeSet::new();
            for diff in result["diffs"].as_array().unwrap() {
                let table = diff["table"].as_str().unwrap_or("").to_owned();
                let column = diff["column"].as_str().map(|c| format!("{table}.{c}"));
                match diff["kind"].as_str().unwrap() {
                    "add_table" => expected.insert(("RT202".to_owned(), table)),
                    "add_column" => expected.insert(("RT201".to_owned(), column.unwrap())),
                    "remove_table" => expected.insert(("RT203".to_owned(), table)),
                    "remove_column" => expected.insert(("RT203".to_owned(), column.unwrap())),
                    _ => false,
                };
            }
            let ours = findings.get(head).cloned().unwrap_or_default();
            assert_eq!(
                ours,
                expected,
                "{} @ {head}: retort's model findings (left) differ from autogenerate's (right)",
                project.display()
            );
            if let Some(verdict) = result["alembic_check"].as_str() {
                assert_eq!(
                    verdict == "clean",
                    ours.is_empty(),
                    "{}: `alembic check` says {verdict}",
                    project.display()
                );
            }
            checked += 1;
        }
    }
    assert!(checked >= 4);
}

#[test]
fn model_findings_match_alembic_check_sqlite() {
    check_matches(|dir| format!("sqlite:///{}", dir.join("oracle.db").display()));
}

#[test]
fn model_findings_match_alembic_check_postgresql() {
    let Some(dsn) = postgres_dsn() else { return };
    check_matches(move |_| dsn.clone());
}

#[test]
fn seed_wallet_reports_the_incident_per_head() {
    let findings =
        retort_model_findings(&common::repo_root().join("testdata/projects/seed-wallet"));
    let pairs = |v: &[(&str, &str)]| -> BTreeSet<(String, String)> {
        v.iter()
            .map(|(a, b)| ((*a).to_owned(), (*b).to_owned()))
            .collect()
    };
    assert_eq!(
        findings["c8d25c64b432"],
        pairs(&[("RT201", "transactions.trade_id"), ("RT202", "trades")])
    );
    assert_eq!(findings["fb84c1febfb6"], pairs(&[("RT202", "vouchers")]));
}

#[test]
fn agreeing_project_has_no_finding_at_all() {
    let out = common::retort(
        &common::repo_root().join("testdata/projects/agree-library"),
        &["lint", ".", "--select", "ALL", "--format", "json"],
    );
    let json: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(json["diagnostics"].as_array().unwrap().len(), 0, "{json:#}");
    assert!(out.status.success());
}
