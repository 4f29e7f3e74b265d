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

/// Projects that need PostgreSQL (schemas other than the default one): they carry a
/// `postgresql-only` file saying why, and run against PostgreSQL only.
fn postgresql_only(project: &Path) -> bool {
    project.join("postgresql-only").is_file()
}

/// Copy the project so nothing (a SQLite file, __pycache__) lands in testdata.
fn scratch_copy(project: &Path) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    common::copy_dir(project, dir.path());
    dir
}

/// Tell retort the dialect the oracle runs the copy on (`[tool.retort] dialect`), so
/// that dialect branches in revisions are replayed as that database runs them.
fn set_dialect(copy: &Path, dialect: &str) {
    let line = format!("dialect = \"{dialect}\"");
    let without = |text: &str| -> String {
        text.lines()
            .filter(|l| !l.trim_start().starts_with("dialect ="))
            .map(|l| format!("{l}\n"))
            .collect()
    };
    let dedicated = copy.join("retort.toml");
    let pyproject = copy.join("pyproject.toml");
    if dedicated.is_file() {
        let text = std::fs::read_to_string(&dedicated).unwrap();
        std::fs::write(&dedicated, format!("{line}\n{}", without(&text))).unwrap();
    } else if pyproject.is_file()
        && std::fs::read_to_string(&pyproject)
            .unwrap()
            .contains("[tool.retort]")
    {
        let text = without(&std::fs::read_to_string(&pyproject).unwrap());
        let text = text.replacen("[tool.retort]\n", &format!("[tool.retort]\n{line}\n"), 1);
        std::fs::write(&pyproject, text).unwrap();
    } else {
        std::fs::write(&dedicated, format!("{line}\n")).unwrap();
    }
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
        if kind == "sqlite" && postgresql_only(&project) {
            continue;
        }
        let copy = scratch_copy(&project);
        set_dialect(copy.path(), kind);
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

/// Findings compared with autogenerate's: (true positives, false positives, false
/// negatives).
#[derive(Default, Debug)]
struct Tally {
    true_positives: usize,
    false_positives: usize,
    false_negatives: usize,
}

impl Tally {
    fn add(&mut self, ours: &BTreeSet<(String, String)>, theirs: &BTreeSet<(String, String)>) {
        self.true_positives += ours.intersection(theirs).count();
        self.false_positives += ours.difference(theirs).count();
        self.false_negatives += theirs.difference(ours).count();
    }

    fn report(&self, what: &str) {
        let found = self.true_positives + self.false_positives;
        let real = self.true_positives + self.false_negatives;
        let ratio = |a: usize, b: usize| {
            if b == 0 {
                "n/a".to_owned()
            } else {
                format!("{:.3}", a as f64 / b as f64)
            }
        };
        eprintln!(
            "{what}: precision {} ({}/{found}), recall {} ({}/{real})",
            ratio(self.true_positives, found),
            self.true_positives,
            ratio(self.true_positives, real),
            self.true_positives,
        );
    }
}

/// What autogenerate reports at `head`, as (code, object) pairs retort would report.
fn autogenerate_findings(result: &Value) -> BTreeSet<(String, String)> {
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
    expected
}

fn check_matches(url_for: impl Fn(&Path) -> String, postgresql: bool) {
    let Some(python) = common::python() else {
        return;
    };
    let mut checked = 0;
    let mut tally = Tally::default();
    for project in projects() {
        if !postgresql && postgresql_only(&project) {
            continue;
        }
        let copy = scratch_copy(&project);
        set_dialect(
            copy.path(),
            if postgresql { "postgresql" } else { "sqlite" },
        );
        let findings = retort_model_findings(copy.path());
        for head in retort_schema(copy.path()).keys() {
            let url = url_for(copy.path());
            let result = oracle(&python, "check", copy.path(), &url, head);
            let _ = std::fs::remove_file(copy.path().join("oracle.db"));
            let expected = autogenerate_findings(&result);
            let ours = findings.get(head).cloned().unwrap_or_default();
            tally.add(&ours, &expected);
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
    tally.report(&format!(
        "model check over the fixture projects ({})",
        if postgresql { "PostgreSQL" } else { "SQLite" }
    ));
    assert!(checked >= 4);
}

#[test]
fn model_findings_match_alembic_check_sqlite() {
    check_matches(
        |dir| format!("sqlite:///{}", dir.join("oracle.db").display()),
        false,
    );
}

#[test]
fn model_findings_match_alembic_check_postgresql() {
    let Some(dsn) = postgres_dsn() else { return };
    check_matches(move |_| dsn.clone(), true);
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

/// `retort schema --model --format json`: table -> (complete, column -> (nullable, pk)).
type ModelRead = BTreeMap<String, (bool, BTreeMap<String, (Option<bool>, bool)>)>;

fn retort_model(project: &Path) -> Option<ModelRead> {
    let out = common::retort(project, &["schema", ".", "--model", "--format", "json"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let json: Value = serde_json::from_slice(&out.stdout).unwrap();
    if json[0]["origin"] == "none" {
        return None;
    }
    let mut tables = BTreeMap::new();
    for table in json[0]["tables"].as_array().unwrap() {
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
                    (c["nullable"].as_bool(), c["primary_key"].as_bool().unwrap()),
                )
            })
            .collect();
        tables.insert(name, (table["complete"].as_bool().unwrap(), columns));
    }
    Some(tables)
}

/// retort reads the model without importing it; SQLAlchemy (with Flask-SQLAlchemy's
/// automatic table names and SQLModel's field rules) builds it for real when env.py
/// imports it. Both must agree on tables, columns, nullability and primary keys.
#[test]
fn model_reading_matches_sqlalchemy() {
    let Some(python) = common::python() else {
        return;
    };
    let mut compared = 0;
    for project in projects() {
        let copy = scratch_copy(&project);
        let Some(ours) = retort_model(copy.path()) else {
            continue;
        };
        let url = format!("sqlite:///{}", copy.path().join("oracle.db").display());
        let theirs = oracle(&python, "model", copy.path(), &url, "head");
        let theirs = theirs["tables"].as_object().unwrap();
        let our_names: BTreeSet<&str> = ours.keys().map(String::as_str).collect();
        let their_names: BTreeSet<&str> = theirs.keys().map(String::as_str).collect();
        assert_eq!(
            our_names,
            their_names,
            "{}: model tables retort reads (left) differ from SQLAlchemy's metadata (right)",
            project.display()
        );
        for (table, (complete, columns)) in &ours {
            let real: BTreeMap<&str, (bool, bool)> = theirs[table]
                .as_array()
                .unwrap()
                .iter()
                .map(|c| {
                    (
                        c["name"].as_str().unwrap(),
                        (
                            c["nullable"].as_bool().unwrap(),
                            c["primary_key"].as_bool().unwrap(),
                        ),
                    )
                })
                .collect();
            if *complete {
                let a: BTreeSet<&str> = columns.keys().map(String::as_str).collect();
                let b: BTreeSet<&str> = real.keys().copied().collect();
                assert_eq!(
                    a,
                    b,
                    "{}: columns of model table `{table}` (retort left, SQLAlchemy right)",
                    project.display()
                );
            }
            for (column, (nullable, primary_key)) in columns {
                let Some((real_nullable, real_pk)) = real.get(column.as_str()) else {
                    panic!(
                        "{}: retort reads `{table}.{column}`, SQLAlchemy has no such column",
                        project.display()
                    );
                };
                assert_eq!(
                    primary_key,
                    real_pk,
                    "{}: primary key of `{table}.{column}`",
                    project.display()
                );
                if let Some(nullable) = nullable {
                    assert_eq!(
                        nullable,
                        real_nullable,
                        "{}: nullability of model column `{table}.{column}`",
                        project.display()
                    );
                }
            }
        }
        compared += 1;
    }
    assert!(compared >= 4, "compared the models of {compared} projects");
}

/// `schema=` end to end on PostgreSQL: tables in `billing` and `audit` (created,
/// renamed, altered in batch mode, with indexes and constraints) replay to what the
/// server has, and the seeded drift is reported with its schema, as autogenerate does.
#[test]
fn schemas_on_postgresql() {
    let project = common::repo_root().join("testdata/projects/pg-billing");
    assert!(postgresql_only(&project));
    let replayed = retort_schema(&project);
    let head = &replayed["a3c73689de90"];
    let tables: BTreeSet<&str> = head.keys().map(String::as_str).collect();
    assert_eq!(
        tables,
        BTreeSet::from([
            "audit.events",
            "billing.invoices",
            "billing.payments",
            "customers",
            "refunds"
        ])
    );
    let findings = retort_model_findings(&project);
    let expected: BTreeSet<(String, String)> = [
        ("RT201", "billing.invoices.due_date"),
        ("RT202", "billing.refunds"),
        ("RT203", "refunds"),
    ]
    .iter()
    .map(|(a, b)| ((*a).to_owned(), (*b).to_owned()))
    .collect();
    assert_eq!(findings["a3c73689de90"], expected);
    let Some(python) = common::python() else {
        return;
    };
    let Some(dsn) = postgres_dsn() else { return };
    let copy = scratch_copy(&project);
    let db = oracle(&python, "replay", copy.path(), &dsn, "head");
    assert_same_schema(&project, "a3c73689de90", "postgresql", &replayed, &db);
}

/// A minimal env.py for a rule fixture (which has none): the URL from DATABASE_URL.
const FIXTURE_ENV_PY: &str = r#"import os
from alembic import context
from sqlalchemy import create_engine

with create_engine(os.environ["DATABASE_URL"]).connect() as connection:
    context.configure(connection=connection)
    with context.begin_transaction():
        context.run_migrations()
"#;

/// RT204's cases against the real thing: `alembic upgrade head` on a fresh PostgreSQL
/// database fails exactly for the cases where RT204 fires, and succeeds for the `ok_`
/// ones (database-named constraints, `if_exists=True`, index DDL in SQL, an index
/// dropped with its column and created again).
#[test]
fn rt204_cases_fail_exactly_where_postgresql_fails() {
    let Some(python) = common::python() else {
        return;
    };
    let Some(dsn) = postgres_dsn() else { return };
    let root = common::repo_root().join("testdata/rules/RT204");
    let mut cases: Vec<PathBuf> = std::fs::read_dir(&root)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.join("alembic.ini").is_file())
        .collect();
    cases.sort();
    let mut compared = 0;
    for case in cases {
        let name = case.file_name().unwrap().to_string_lossy().into_owned();
        // Its table predates the history: a fresh database cannot have it.
        if name == "ok_table_older_than_history" {
            continue;
        }
        let copy = scratch_copy(&case);
        std::fs::write(copy.path().join("env.py"), FIXTURE_ENV_PY).unwrap();
        let result = oracle(&python, "upgrade", copy.path(), &dsn, "head");
        let fires = !name.starts_with("ok_");
        assert_eq!(
            result["ok"].as_bool().unwrap(),
            !fires,
            "RT204 case {name}: PostgreSQL says {result}"
        );
        compared += 1;
    }
    assert!(compared >= 9, "compared {compared} cases");
}

/// One injected drift: what it is, the file edited, the text replaced and its
/// replacement, and the findings expected as (code, object, file pointed at).
type Drift = (
    &'static str,
    &'static str,
    &'static str,
    &'static str,
    &'static [(&'static str, &'static str, &'static str)],
);

/// Drifts injected into a project that agrees with its model, one at a time: each is
/// reported exactly as autogenerate reports it, at the head that lacks it, in the file
/// that has the other side (the model for RT201/RT202, the migration for RT203).
#[test]
fn injected_drifts_are_reported_as_autogenerate_reports_them() {
    let Some(python) = common::python() else {
        return;
    };
    let project = common::repo_root().join("testdata/projects/idioms-shop");
    let head = "c7a9f2e4b8d5";
    let edit = |path: &Path, from: &str, to: &str| {
        let text = std::fs::read_to_string(path).unwrap();
        assert!(text.contains(from), "{}: no `{from}`", path.display());
        std::fs::write(path, text.replacen(from, to, 1)).unwrap();
    };
    const MODELS: &str = "shop/models.py";
    const STOCK: &str = "migrations/versions/8e2b5c1d4f37_dialect_specifics.py";
    // (what, file to edit, from, to, expected findings, the file each one points at)
    let drifts: [Drift; 3] = [
        (
            "a migration loses its add_column",
            STOCK,
            "    op.add_column(\"customer_account\", sa.Column(\"discount_percent\", sa.Integer(), nullable=True))\n",
            "",
            &[("RT201", "customer_account.discount_percent", MODELS)],
        ),
        (
            "the model gains a column",
            MODELS,
            "    discount_percent = sa.Column(sa.Integer)\n",
            "    discount_percent = sa.Column(sa.Integer)\n    tier = sa.Column(sa.String(10))\n",
            &[("RT201", "customer_account.tier", MODELS)],
        ),
        (
            "a table is renamed in the model only",
            MODELS,
            "class Supplier(PrefixedTable, Base):",
            "class Vendor(PrefixedTable, Base):",
            &[
                ("RT202", "shop_vendor", MODELS),
                (
                    "RT203",
                    "shop_supplier",
                    "migrations/versions/1f4c2b7a9e01_initial_tables.py",
                ),
            ],
        ),
    ];
    let mut tally = Tally::default();
    for (what, file, from, to, expected) in drifts {
        let copy = scratch_copy(&project);
        set_dialect(copy.path(), "sqlite");
        edit(&copy.path().join(file), from, to);
        let url = format!("sqlite:///{}", copy.path().join("oracle.db").display());
        let theirs = autogenerate_findings(&oracle(&python, "check", copy.path(), &url, head));
        let ours = retort_model_findings(copy.path())
            .get(head)
            .cloned()
            .unwrap_or_default();
        tally.add(&ours, &theirs);
        let wanted: BTreeSet<(String, String)> = expected
            .iter()
            .map(|(c, o, _)| ((*c).to_owned(), (*o).to_owned()))
            .collect();
        assert_eq!(theirs, wanted, "{what}: autogenerate");
        assert_eq!(
            ours, wanted,
            "{what}: retort (left) and autogenerate (right)"
        );
        // Where each finding points.
        let out = common::retort(
            copy.path(),
            &[
                "lint",
                ".",
                "--format",
                "json",
                "--select",
                "RT201,RT202,RT203",
            ],
        );
        let json: Value = serde_json::from_slice(&out.stdout).unwrap();
        for (code, object, file) in expected {
            let d = json["diagnostics"]
                .as_array()
                .unwrap()
                .iter()
                .find(|d| {
                    d["code"] == *code
                        && d["message"]
                            .as_str()
                            .unwrap()
                            .contains(&format!("`{object}`"))
                })
                .unwrap_or_else(|| panic!("{what}: no {code} for {object}: {json:#}"));
            let path = d["file"].as_str().unwrap();
            assert!(
                path.ends_with(file),
                "{what}: {code} points at {path}, not {file}"
            );
            assert!(
                d["message"]
                    .as_str()
                    .unwrap()
                    .contains(&format!("head `{head}`")),
                "{d}"
            );
        }
    }
    tally.report("injected drifts (idioms-shop, SQLite)");
}

/// With the dialect unknown, a dialect branch that may change a table switches the
/// model check off for that table; the default output says so at warning level (and
/// the run fails), never a silent pass.
#[test]
fn a_switched_off_model_check_is_a_warning() {
    let copy = scratch_copy(&common::repo_root().join("testdata/projects/idioms-shop"));
    let ini = copy.path().join("alembic.ini");
    let text = std::fs::read_to_string(&ini).unwrap();
    std::fs::write(
        &ini,
        text.replace("sqlite:///shop.db", "driver://user:pass@localhost/dbname"),
    )
    .unwrap();
    let out = common::retort(copy.path(), &["lint", "."]);
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert_eq!(out.status.code(), Some(1), "{stdout}");
    assert!(
        stdout.contains("⚠ the model check at the head skips table `customer_account`"),
        "{stdout}"
    );
    assert!(stdout.contains("dialect"), "{stdout}");
    // Known dialect: nothing is skipped, nothing to say.
    set_dialect(copy.path(), "postgresql");
    let out = common::retort(copy.path(), &["lint", "."]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stdout)
    );
}

/// `retort schema --format json`: at the only head, table -> names of its constraints
/// and indexes as retort knows them.
fn retort_names(project: &Path) -> BTreeMap<String, BTreeSet<String>> {
    let out = common::retort(project, &["schema", ".", "--format", "json"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let json: Value = serde_json::from_slice(&out.stdout).unwrap();
    let heads = json[0]["heads"].as_array().unwrap();
    assert_eq!(heads.len(), 1);
    let mut tables = BTreeMap::new();
    for table in heads[0]["tables"].as_array().unwrap() {
        let names = ["constraints", "indexes"]
            .iter()
            .flat_map(|k| table[*k].as_array().unwrap().iter())
            .filter_map(|o| o["name"].as_str().map(str::to_owned))
            .collect();
        tables.insert(table["name"].as_str().unwrap().to_owned(), names);
    }
    tables
}

/// The revision files of a linear fixture history, base first, with their ids.
fn linear_history(project: &Path) -> Vec<(String, PathBuf)> {
    linear(project).unwrap_or_else(|| panic!("{}: not linear", project.display()))
}

/// The revisions of a one-branch history, base first; `None` for any other shape.
fn linear(project: &Path) -> Option<Vec<(String, PathBuf)>> {
    let versions = project.join("migrations/versions");
    let mut by_parent: BTreeMap<String, (String, PathBuf)> = BTreeMap::new();
    for entry in std::fs::read_dir(&versions).ok()? {
        let path = entry.unwrap().path();
        if path.extension().is_none_or(|e| e != "py") {
            continue;
        }
        let text = std::fs::read_to_string(&path).unwrap();
        let value = |key: &str| -> Option<String> {
            // `revision = "..."` or `revision: str = "..."`.
            let line = text.lines().find(|l| {
                l.strip_prefix(key)
                    .is_some_and(|rest| rest.starts_with(" =") || rest.starts_with(':'))
            })?;
            let value = line.rsplit_once(" = ")?.1.trim();
            Some(value.trim_matches(['"', '\'']).to_owned())
        };
        let (id, parent) = (value("revision")?, value("down_revision")?);
        if by_parent.insert(parent, (id, path)).is_some() {
            return None;
        }
    }
    let mut out = Vec::new();
    let mut parent = "None".to_owned();
    while let Some((id, path)) = by_parent.remove(&parent) {
        out.push((id.clone(), path));
        parent = id;
    }
    by_parent.is_empty().then_some(out)
}

/// Unnamed primary keys, unique and foreign key constraints and `index=True` get the
/// names PostgreSQL and SQLAlchemy give them: after every revision of the fixtures
/// with such objects, each constraint or index name retort's replay holds is one the
/// server has, and the server has no other but the CHECK constraints it named (those
/// are named after the columns their expression uses: left unknown).
#[test]
fn default_constraint_names_are_postgresql_s() {
    let Some(python) = common::python() else {
        return;
    };
    let Some(dsn) = postgres_dsn() else { return };
    let mut compared = 0;
    for name in ["pg-ledger", "roundtrip-notes"] {
        let project = common::repo_root().join("testdata/projects").join(name);
        let history = linear_history(&project);
        for keep in 1..=history.len() {
            let copy = scratch_copy(&project);
            set_dialect(copy.path(), "postgresql");
            for (_, path) in &history[keep..] {
                let relative = path.strip_prefix(&project).unwrap();
                std::fs::remove_file(copy.path().join(relative)).unwrap();
            }
            let revision = &history[keep - 1].0;
            let ours = retort_names(copy.path());
            let theirs = oracle(&python, "names", copy.path(), &dsn, revision);
            for (table, names) in &ours {
                let real: BTreeSet<String> = theirs["tables"][table]
                    .as_array()
                    .map(|a| a.iter().map(|n| n.as_str().unwrap().to_owned()).collect())
                    .unwrap_or_default();
                assert!(
                    names.is_subset(&real),
                    "{name} @ {revision}: `{table}` has {names:?} in the replay, {real:?} in PostgreSQL"
                );
                let unknown: Vec<&String> = real
                    .difference(names)
                    .filter(|n| !n.ends_with("_check"))
                    .collect();
                assert!(
                    unknown.is_empty(),
                    "{name} @ {revision}: `{table}`: the replay does not know {unknown:?}"
                );
                compared += 1;
            }
        }
    }
    assert!(compared >= 10, "compared {compared} tables");
}

/// RT206 against the real thing: for every revision of the linear fixture histories,
/// real Alembic runs `upgrade <rev>` then `downgrade -1` on SQLite and on PostgreSQL
/// and compares the schema before and after (tables, columns with their DDL type and
/// nullability, primary key, names of constraints and indexes). RT206 fires exactly
/// for the revisions whose round trip changes the schema.
fn rt206_matches_round_trips(url_for: impl Fn(&Path) -> String, kind: &str) {
    let Some(python) = common::python() else {
        return;
    };
    let mut tally = Tally::default();
    let mut revisions = 0;
    for project in projects() {
        if kind == "sqlite" && postgresql_only(&project) {
            continue;
        }
        // Linear histories of revisions that all define downgrade().
        let Some(history) = linear(&project) else {
            continue;
        };
        if !history.iter().all(|(_, path)| {
            std::fs::read_to_string(path)
                .unwrap()
                .contains("def downgrade")
        }) {
            continue;
        }
        let copy = scratch_copy(&project);
        set_dialect(copy.path(), kind);
        let out = common::retort(
            copy.path(),
            &[
                "lint",
                ".",
                "--format",
                "json",
                "--select",
                "RT206",
                "--exit-zero",
            ],
        );
        let json: Value = serde_json::from_slice(&out.stdout).unwrap();
        let ours: BTreeSet<String> = json["diagnostics"]
            .as_array()
            .unwrap()
            .iter()
            .map(|d| {
                let file = d["file"].as_str().unwrap();
                let stem = Path::new(file).file_stem().unwrap().to_string_lossy();
                stem.split('_').next().unwrap().to_owned()
            })
            .collect();
        let result = oracle(
            &python,
            "roundtrip",
            copy.path(),
            &url_for(copy.path()),
            "head",
        );
        // `def downgrade(): pass` declares the revision irreversible (RT206 leaves it
        // alone); the real round trip of such a revision says nothing about RT206.
        let declared: BTreeSet<&str> = history
            .iter()
            .filter(|(_, path)| empty_downgrade(&std::fs::read_to_string(path).unwrap()))
            .map(|(id, _)| id.as_str())
            .collect();
        let mut theirs = BTreeSet::new();
        let mut all = BTreeSet::new();
        for r in result["revisions"].as_array().unwrap() {
            let id = r["revision"].as_str().unwrap().to_owned();
            if r["irreversible"].is_string() || declared.contains(id.as_str()) {
                continue;
            }
            if !r["differences"].as_array().unwrap().is_empty() {
                eprintln!(
                    "{} @ {id} ({kind}): {}",
                    project.display(),
                    r["differences"]
                );
                theirs.insert(id.clone());
            }
            all.insert(id);
        }
        // File names start with the revision id in every fixture.
        let ours: BTreeSet<String> = ours.into_iter().filter(|id| all.contains(id)).collect();
        let pairs = |s: &BTreeSet<String>| -> BTreeSet<(String, String)> {
            s.iter()
                .map(|id| ("RT206".to_owned(), id.clone()))
                .collect()
        };
        tally.add(&pairs(&ours), &pairs(&theirs));
        assert_eq!(
            ours,
            theirs,
            "{} ({kind}): revisions with RT206 (left) and those whose round trip changes the schema (right)",
            project.display()
        );
        revisions += all.len();
    }
    tally.report(&format!(
        "RT206 against real round trips ({kind}, {revisions} revisions)"
    ));
    assert!(revisions >= 8, "{revisions} revisions");
}

/// Whether a revision's `downgrade()` is only `pass` (a docstring and comments aside).
fn empty_downgrade(text: &str) -> bool {
    let Some((_, body)) = text.split_once("def downgrade") else {
        return false;
    };
    let statements: Vec<&str> = body
        .lines()
        .skip(1)
        .take_while(|l| l.is_empty() || l.starts_with(' ') || l.starts_with('\t'))
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#') && !l.starts_with('"'))
        .collect();
    statements == ["pass"]
}

#[test]
fn rt206_matches_real_round_trips_sqlite() {
    rt206_matches_round_trips(
        |dir| format!("sqlite:///{}", dir.join("oracle.db").display()),
        "sqlite",
    );
}

#[test]
fn rt206_matches_real_round_trips_postgresql() {
    let Some(dsn) = postgres_dsn() else { return };
    rt206_matches_round_trips(move |_| dsn.clone(), "postgresql");
}

/// A project's `TypeDecorator` is replayed as the type its `impl` gives the database:
/// `Slug` (`impl = sa.String(40)`) as `String(length=40)`, `Code(12)` (`impl =
/// sa.String`) as `String(12)`; `Labels`, whose DDL depends on the dialect, as written.
#[test]
fn type_decorators_are_replayed_as_their_impl() {
    let project = common::repo_root().join("testdata/projects/roundtrip-notes");
    let copy = scratch_copy(&project);
    for (_, path) in &linear_history(&project)[2..] {
        std::fs::remove_file(copy.path().join(path.strip_prefix(&project).unwrap())).unwrap();
    }
    let out = common::retort(copy.path(), &["schema", ".", "--format", "json"]);
    let json: Value = serde_json::from_slice(&out.stdout).unwrap();
    let mut types = BTreeMap::new();
    for table in json[0]["heads"][0]["tables"].as_array().unwrap() {
        for column in table["columns"].as_array().unwrap() {
            types.insert(
                format!(
                    "{}.{}",
                    table["name"].as_str().unwrap(),
                    column["name"].as_str().unwrap()
                ),
                column["type"].as_str().unwrap_or("").to_owned(),
            );
        }
    }
    assert_eq!(types["authors.handle"], "String(length=40)");
    assert_eq!(types["authors.nickname"], "String(length=40)");
    assert_eq!(types["notes.code"], "String(12)");
    assert_eq!(types["notes.labels"], "Labels");
}
