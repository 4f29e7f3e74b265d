//! `retort db check` against real databases (SQLite files in temporary directories, and
//! the PostgreSQL server `.ci/run` starts: `RETORT_PG_DSN`), brought into each state
//! with real Alembic: the incident of testdata/projects/seed-wallet reproduced, its
//! repair plan followed with real `alembic` commands, then `retort db check` clean and
//! `alembic check` agreeing. Also an unknown stamp, a hand-added column, an empty
//! database, no version table, and bad input (exit 2, one clear message, the password
//! never shown, nothing written).

mod common;

use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::time::{Duration, Instant};

use serde_json::Value;

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

fn in_ci() -> bool {
    std::env::var("CI").is_ok_and(|v| v == "true" || v == "1")
}

/// The PostgreSQL server of the tests, as a SQLAlchemy URL (`RETORT_PG_DSN`).
fn pg_dsn() -> Option<String> {
    match std::env::var("RETORT_PG_DSN") {
        Ok(dsn) if !dsn.is_empty() => Some(dsn),
        _ => {
            assert!(
                !in_ci(),
                "a PostgreSQL server (RETORT_PG_DSN, see tests/oracle/start_postgres.sh) is \
                 required in CI (CI=true)"
            );
            eprintln!("note: skipping the PostgreSQL part, RETORT_PG_DSN is not set");
            None
        }
    }
}

/// Run Python code with arguments.
fn python_run(python: &Path, code: &str, args: &[&str]) -> Output {
    Command::new(python)
        .arg("-c")
        .arg(code)
        .args(args)
        .output()
        .expect("run python")
}

/// Run SQL statements (one per argument) through SQLAlchemy in autocommit mode.
fn sql(python: &Path, url: &str, statements: &[&str]) {
    let code = "import sys, sqlalchemy as sa\n\
                e = sa.create_engine(sys.argv[1], isolation_level='AUTOCOMMIT')\n\
                with e.connect() as c:\n    \
                    for s in sys.argv[2:]:\n        c.exec_driver_sql(s)\n";
    let mut args = vec![url];
    args.extend_from_slice(statements);
    let out = python_run(python, code, &args);
    assert!(out.status.success(), "SQL failed: {}", text(&out.stderr));
}

/// One query's rows, as text.
fn query(python: &Path, url: &str, statement: &str) -> Vec<String> {
    let code = "import sys, sqlalchemy as sa\n\
                e = sa.create_engine(sys.argv[1])\n\
                with e.connect() as c:\n    \
                    for row in c.exec_driver_sql(sys.argv[2]):\n        print('|'.join(str(v) for v in row))\n";
    let out = python_run(python, code, &[url, statement]);
    assert!(out.status.success(), "query failed: {}", text(&out.stderr));
    text(&out.stdout).lines().map(str::to_owned).collect()
}

#[derive(Clone, Copy, Debug, PartialEq)]
enum Backend {
    Sqlite,
    Postgres,
}

/// A fresh, empty database: a SQLite file in `dir`, or a new PostgreSQL database.
fn fresh_database(python: &Path, backend: Backend, dir: &Path, name: &str) -> Option<String> {
    match backend {
        Backend::Sqlite => {
            let path = dir.join(format!("{name}.db"));
            let url = format!("sqlite:///{}", path.display());
            // An empty SQLite database is a file SQLite has opened once.
            sql(
                python,
                &url,
                &["CREATE TABLE t (x INTEGER)", "DROP TABLE t"],
            );
            Some(url)
        }
        Backend::Postgres => {
            let admin = pg_dsn()?;
            let db = format!("retort_dbcheck_{name}");
            sql(
                python,
                &admin,
                &[
                    &format!("DROP DATABASE IF EXISTS {db} WITH (FORCE)"),
                    &format!("CREATE DATABASE {db}"),
                ],
            );
            let (base, _) = admin.rsplit_once('/').unwrap();
            Some(format!("{base}/{db}"))
        }
    }
}

/// A copy of seed-wallet to run Alembic and `retort lint --fix` in.
fn wallet_copy(dir: &Path) -> PathBuf {
    let project = dir.join("seed-wallet");
    common::copy_dir(
        &common::repo_root().join("testdata/projects/seed-wallet"),
        &project,
    );
    project
}

/// Real `alembic` in the project (its env.py reads the URL from DATABASE_URL).
fn alembic(python: &Path, project: &Path, url: &str, args: &[&str]) -> Output {
    Command::new(python)
        .args(["-m", "alembic"])
        .args(args)
        .current_dir(project)
        .env("DATABASE_URL", url)
        .output()
        .expect("run alembic")
}

fn alembic_ok(python: &Path, project: &Path, url: &str, args: &[&str]) -> String {
    let out = alembic(python, project, url, args);
    assert!(
        out.status.success(),
        "alembic {args:?} failed:\n{}{}",
        text(&out.stdout),
        text(&out.stderr)
    );
    text(&out.stderr)
}

/// The revisions a real `alembic upgrade` ran, from its log.
fn ran(log: &str) -> Vec<String> {
    log.lines()
        .filter_map(|l| l.split("Running upgrade ").nth(1))
        .map(|l| {
            let arrow = l.split(" -> ").nth(1).unwrap_or(l);
            arrow.split(',').next().unwrap().trim().to_owned()
        })
        .collect()
}

fn retort_db(cwd: &Path, project: &Path, url: &str, extra: &[&str]) -> Output {
    let mut args = vec![
        "db".to_owned(),
        "check".to_owned(),
        project.display().to_string(),
        "--url".to_owned(),
        url.to_owned(),
    ];
    args.extend(extra.iter().map(|s| s.to_string()));
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    common::retort(cwd, &args)
}

fn db_json(project: &Path, url: &str) -> (Option<i32>, Value, String) {
    let out = retort_db(project, project, url, &["--format", "json"]);
    let stderr = text(&out.stderr);
    let value: Value = serde_json::from_slice(&out.stdout)
        .unwrap_or_else(|e| panic!("{e}: {}\n{stderr}", text(&out.stdout)));
    (out.status.code(), value, stderr)
}

fn codes(report: &Value) -> Vec<String> {
    report["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["code"].as_str().unwrap().to_owned())
        .collect()
}

/// The finding of `code` whose message mentions `needle`.
fn finding<'a>(report: &'a Value, code: &str, needle: &str) -> &'a Value {
    report["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["code"] == code && d["message"].as_str().unwrap().contains(needle))
        .unwrap_or_else(|| panic!("no {code} mentioning {needle} in {report:#}"))
}

fn commands(report: &Value) -> Vec<String> {
    report["plan"]["steps"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["command"].as_str().unwrap().to_owned())
        .collect()
}

/// The line of `needle` in a file of the project.
fn line_of(project: &Path, file: &str, needle: &str) -> u64 {
    let text = std::fs::read_to_string(project.join(file)).unwrap();
    text.lines().position(|l| l.contains(needle)).unwrap() as u64 + 1
}

const VOUCHERS: &str = "migrations/versions/c8d25c64b432_add_vouchers_table.py";
const TRADES: &str = "migrations/versions/fb84c1febfb6_add_trades_and_transactions_trade_id.py";

/// Follow the plan's commands with the real tools; returns the revisions the upgrade ran.
fn follow_plan(python: &Path, project: &Path, url: &str, report: &Value) -> Vec<String> {
    let mut ran_revisions = Vec::new();
    for step in report["plan"]["steps"].as_array().unwrap() {
        let command = step["command"].as_str().unwrap();
        let words: Vec<&str> = command.split_whitespace().collect();
        match words[0] {
            "retort" => {
                let out = common::retort(project, &words[1..]);
                // `lint --fix` exits 1: the model findings it cannot fix remain.
                assert!(
                    out.status.code() != Some(2),
                    "{command}: {}",
                    text(&out.stderr)
                );
                assert!(
                    text(&out.stderr).contains("wrote merge revision"),
                    "{}",
                    text(&out.stderr)
                );
            }
            "alembic" => {
                let log = alembic_ok(python, project, url, &words[1..]);
                if words[1] == "upgrade" {
                    ran_revisions = ran(&log);
                    // What ran is what the plan said would run, in that order (the
                    // merge revision's id is only known once written).
                    let planned: Vec<String> = step["runs"]
                        .as_array()
                        .unwrap()
                        .iter()
                        .map(|r| r.as_str().unwrap().to_owned())
                        .collect();
                    assert_eq!(ran_revisions.len(), planned.len(), "{log}");
                    for (real, plan) in ran_revisions.iter().zip(&planned) {
                        if plan != "the merge revision" {
                            assert_eq!(real, plan, "{log}");
                        }
                    }
                }
            }
            other => panic!("unexpected command {other}"),
        }
    }
    ran_revisions
}

/// After the repair: `retort db check` is clean and `alembic check` agrees.
fn assert_clean(python: &Path, project: &Path, url: &str) {
    let (code, report, stderr) = db_json(project, url);
    assert_eq!(code, Some(0), "{report:#}\n{stderr}");
    assert!(codes(&report).is_empty(), "{report:#}");
    assert!(commands(&report).is_empty(), "{report:#}");
    let log = alembic_ok(python, project, url, &["check"]);
    let out = alembic(python, project, url, &["check"]);
    assert!(
        text(&out.stdout).contains("No new upgrade operations detected"),
        "{}{log}",
        text(&out.stdout)
    );
}

/// The incident, in the two shapes it takes: (a) one head upgraded, the other stamped
/// in its place without running (`alembic stamp --purge`); (b) the branch point
/// upgraded and both heads stamped (what the incident report shows: "Current Migration:
/// add_trading_models", trade_id, trades and vouchers missing).
fn incident(backend: Backend) {
    let Some(python) = common::python() else {
        return;
    };
    let dir = tempfile::tempdir().unwrap();

    // (a) Upgrade c8d25c64b432 (vouchers); stamp fb84c1febfb6 over it without running.
    let project = wallet_copy(&dir.path().join("a"));
    let Some(url) = fresh_database(&python, backend, dir.path(), "incident_a") else {
        return;
    };
    alembic_ok(&python, &project, &url, &["upgrade", "c8d25c64b432"]);
    alembic_ok(
        &python,
        &project,
        &url,
        &["stamp", "--purge", "fb84c1febfb6"],
    );
    let (code, report, stderr) = db_json(&project, &url);
    assert_eq!(code, Some(1), "{report:#}\n{stderr}");
    let trade_id = finding(&report, "RT403", "column `transactions.trade_id`");
    assert_eq!(trade_id["file"], TRADES);
    assert_eq!(
        trade_id["start"]["line"],
        line_of(&project, TRADES, "batch_op.add_column(sa.Column('trade_id'")
    );
    let trades = finding(&report, "RT403", "table `trades`");
    assert_eq!(trades["file"], TRADES);
    assert_eq!(
        trades["start"]["line"],
        line_of(&project, TRADES, "op.create_table('trades'")
    );
    let vouchers = finding(&report, "RT404", "table `vouchers`");
    assert!(
        vouchers["message"]
            .as_str()
            .unwrap()
            .contains("c8d25c64b432")
    );
    assert_eq!(vouchers["file"], VOUCHERS);
    assert_eq!(
        vouchers["start"]["line"],
        line_of(&project, VOUCHERS, "op.create_table('vouchers'")
    );
    let matches = finding(&report, "RT405", "c8d25c64b432");
    assert!(matches["message"].as_str().unwrap().contains("exactly"));
    assert_eq!(
        report["matches"]["revisions"],
        serde_json::json!(["c8d25c64b432"])
    );
    assert_eq!(
        commands(&report),
        [
            "retort lint --fix",
            "alembic stamp --purge c8d25c64b432",
            "alembic upgrade heads"
        ]
    );
    assert!(
        report["plan"]["warnings"].as_array().unwrap().is_empty(),
        "{report:#}"
    );
    // What the version table says now: `alembic upgrade heads` would run c8d25c64b432
    // and fail on the existing table; the plan's warnings are about the plan, so check
    // the pending list instead.
    assert_eq!(report["pending"], serde_json::json!(["c8d25c64b432"]));
    let ran_revisions = follow_plan(&python, &project, &url, &report);
    assert_eq!(ran_revisions[0], "fb84c1febfb6");
    assert_eq!(ran_revisions.len(), 2);
    assert_clean(&python, &project, &url);

    // (b) The branch point upgraded, both heads stamped.
    let project = wallet_copy(&dir.path().join("b"));
    let url = fresh_database(&python, backend, dir.path(), "incident_b").unwrap();
    alembic_ok(&python, &project, &url, &["upgrade", "add_trading_models"]);
    // Before the merge, `alembic upgrade head` refuses, as RT402 would say.
    let refused = alembic(&python, &project, &url, &["upgrade", "head"]);
    assert!(!refused.status.success());
    assert!(
        text(&refused.stderr).contains("Multiple head revisions"),
        "{}",
        text(&refused.stderr)
    );
    alembic_ok(&python, &project, &url, &["stamp", "heads"]);
    let (code, report, _) = db_json(&project, &url);
    assert_eq!(code, Some(1));
    for (needle, file, line) in [
        (
            "column `transactions.trade_id`",
            TRADES,
            "batch_op.add_column(sa.Column('trade_id'",
        ),
        ("table `trades`", TRADES, "op.create_table('trades'"),
        ("table `vouchers`", VOUCHERS, "op.create_table('vouchers'"),
    ] {
        let d = finding(&report, "RT403", needle);
        assert_eq!(d["file"], file, "{d:#}");
        assert_eq!(d["start"]["line"], line_of(&project, file, line), "{d:#}");
    }
    finding(&report, "RT405", "add_trading_models");
    assert_eq!(
        commands(&report),
        [
            "retort lint --fix",
            "alembic stamp --purge add_trading_models",
            "alembic upgrade heads"
        ]
    );
    let planned = &report["plan"]["steps"][2]["runs"];
    assert_eq!(
        planned.as_array().unwrap().len(),
        3,
        "c8d25c64b432, fb84c1febfb6 and the merge: {planned}"
    );
    follow_plan(&python, &project, &url, &report);
    assert_clean(&python, &project, &url);

    // Every output format carries the findings; text also prints the plan.
    let project = wallet_copy(&dir.path().join("c"));
    let url = fresh_database(&python, backend, dir.path(), "incident_c").unwrap();
    alembic_ok(&python, &project, &url, &["upgrade", "add_trading_models"]);
    alembic_ok(&python, &project, &url, &["stamp", "heads"]);
    let out = retort_db(&project, &project, &url, &["--format", "text"]);
    let shown = text(&out.stdout);
    assert_eq!(out.status.code(), Some(1));
    assert!(shown.contains("RT403 stamped-but-not-applied"), "{shown}");
    assert!(shown.contains("Repair plan"), "{shown}");
    assert!(
        shown.contains("alembic stamp --purge add_trading_models"),
        "{shown}"
    );
    let out = retort_db(&project, &project, &url, &["--format", "concise"]);
    let concise = text(&out.stdout);
    assert!(
        concise.contains(&format!(
            "{TRADES}:{}:",
            line_of(&project, TRADES, "op.create_table('trades'")
        )),
        "{concise}"
    );
    let out = retort_db(&project, &project, &url, &["--format", "github"]);
    assert!(
        text(&out.stdout).contains("::error file="),
        "{}",
        text(&out.stdout)
    );
    let out = retort_db(&project, &project, &url, &["--format", "sarif"]);
    let sarif: Value = serde_json::from_slice(&out.stdout).unwrap();
    let results = sarif["runs"][0]["results"].as_array().unwrap();
    assert!(results.iter().any(|r| r["ruleId"] == "RT403"));
    assert!(results.iter().any(|r| r["ruleId"] == "RT405"));
}

#[test]
fn incident_on_sqlite() {
    incident(Backend::Sqlite);
}

#[test]
fn incident_on_postgres() {
    incident(Backend::Postgres);
}

/// An unknown stamp, a hand-added column, an empty database, no version table.
fn states(backend: Backend) {
    let Some(python) = common::python() else {
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let project = wallet_copy(dir.path());

    // An empty database: every revision pending, in the order Alembic runs them.
    let Some(url) = fresh_database(&python, backend, dir.path(), "states_empty") else {
        return;
    };
    let (code, report, _) = db_json(&project, &url);
    assert_eq!(code, Some(1));
    assert_eq!(codes(&report), ["RT402"], "{report:#}");
    let pending: Vec<String> = report["pending"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v.as_str().unwrap().to_owned())
        .collect();
    assert_eq!(pending.len(), 7);
    let d = finding(&report, "RT402", "`alembic upgrade head` refuses");
    assert!(d["message"].as_str().unwrap().contains("2 heads"));
    let log = alembic_ok(&python, &project, &url, &["upgrade", "heads"]);
    assert_eq!(ran(&log), pending, "{log}");
    let (code, report, _) = db_json(&project, &url);
    assert_eq!(code, Some(0), "{report:#}");

    // An unknown stamp.
    sql(
        &python,
        &url,
        &[
            "DELETE FROM alembic_version WHERE version_num = 'fb84c1febfb6'",
            "UPDATE alembic_version SET version_num = '0badc0ffee00'",
        ],
    );
    let (code, report, _) = db_json(&project, &url);
    assert_eq!(code, Some(1));
    let d = finding(&report, "RT401", "0badc0ffee00");
    assert!(d["file"].is_null());
    assert_eq!(
        report["matches"]["revisions"],
        serde_json::json!(["c8d25c64b432", "fb84c1febfb6"])
    );
    assert_eq!(
        commands(&report),
        [
            "retort lint --fix",
            "alembic stamp --purge c8d25c64b432 fb84c1febfb6",
            "alembic upgrade heads"
        ]
    );
    // In SARIF, a finding about the database as a whole sits on alembic.ini (GitHub code
    // scanning refuses results without a location).
    let out = retort_db(&project, &project, &url, &["--format", "sarif"]);
    let sarif: Value = serde_json::from_slice(&out.stdout).unwrap();
    for result in sarif["runs"][0]["results"].as_array().unwrap() {
        let uri = &result["locations"][0]["physicalLocation"]["artifactLocation"]["uri"];
        assert!(uri.is_string(), "{result:#}");
        if result["ruleId"] == "RT401" {
            assert!(uri.as_str().unwrap().ends_with("alembic.ini"), "{result:#}");
        }
    }
    // Real Alembic refuses this database as RT401 says.
    let out = alembic(&python, &project, &url, &["upgrade", "heads"]);
    assert!(text(&out.stderr).contains("Can't locate revision identified by '0badc0ffee00'"));
    alembic_ok(
        &python,
        &project,
        &url,
        &["stamp", "--purge", "c8d25c64b432", "fb84c1febfb6"],
    );

    // A hand-added column: changed outside migrations, no file to point at.
    sql(
        &python,
        &url,
        &["ALTER TABLE users ADD COLUMN nickname VARCHAR(40)"],
    );
    let (code, report, _) = db_json(&project, &url);
    assert_eq!(code, Some(1));
    assert_eq!(codes(&report), ["RT404"], "{report:#}");
    let d = finding(&report, "RT404", "column `users.nickname`");
    assert!(d["file"].is_null());
    assert!(commands(&report).is_empty(), "{report:#}");

    // No version table: the schema matches both heads.
    sql(&python, &url, &["DROP TABLE alembic_version"]);
    let (code, report, _) = db_json(&project, &url);
    assert_eq!(code, Some(1));
    let d = finding(&report, "RT406", "no version table `alembic_version`");
    assert!(
        d["help"]
            .as_str()
            .unwrap()
            .contains("alembic stamp --purge c8d25c64b432 fb84c1febfb6")
    );
    assert!(!codes(&report).contains(&"RT402".to_owned()), "{report:#}");
    let warnings = report["plan"]["warnings"].to_string();
    assert!(warnings.contains("users.nickname"), "{warnings}");
}

#[test]
fn states_on_sqlite() {
    states(Backend::Sqlite);
}

#[test]
fn states_on_postgres() {
    states(Backend::Postgres);
}

/// The plan warns where a step would create what already exists: a `trades` table made
/// by hand (the incident's "Option 3"), then stamped at the branch point.
#[test]
fn plan_warns_about_objects_that_already_exist() {
    let Some(python) = common::python() else {
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let project = wallet_copy(dir.path());
    let url = fresh_database(&python, Backend::Sqlite, dir.path(), "option3").unwrap();
    alembic_ok(&python, &project, &url, &["upgrade", "add_trading_models"]);
    sql(
        &python,
        &url,
        &["CREATE TABLE trades (id INTEGER PRIMARY KEY, created_at TIMESTAMP NOT NULL)"],
    );
    let (_, report, _) = db_json(&project, &url);
    let d = finding(&report, "RT404", "table `trades`");
    assert_eq!(d["file"], TRADES);
    let warnings = report["plan"]["warnings"].as_array().unwrap();
    let warning = warnings
        .iter()
        .find(|w| {
            w["message"]
                .as_str()
                .unwrap()
                .contains("would fail at revision fb84c1febfb6")
        })
        .unwrap_or_else(|| panic!("{report:#}"));
    assert_eq!(warning["file"], TRADES);
    assert_eq!(
        warning["line"],
        line_of(&project, TRADES, "op.create_table('trades'")
    );
    // And real Alembic does fail there.
    let out = alembic(&python, &project, &url, &["upgrade", "heads"]);
    assert!(!out.status.success());
    assert!(
        text(&out.stderr).contains("trades"),
        "{}",
        text(&out.stderr)
    );
}

/// `retort db check`'s upgrade order against Alembic's on generated histories (forks,
/// merges, depends_on, branch labels), from an empty version table and from single
/// revisions.
#[test]
fn upgrade_order_matches_alembic() {
    let Some(python) = common::python() else {
        return;
    };
    let root = common::repo_root();
    let dir = tempfile::tempdir().unwrap();
    let generated = Command::new(&python)
        .arg(root.join("tests/oracle/gen_histories.py"))
        .arg(dir.path())
        .args(["--count", "50", "--seed", "4131"])
        .output()
        .unwrap();
    assert!(generated.status.success(), "{}", text(&generated.stderr));
    let mut projects: Vec<PathBuf> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| {
            p.join("alembic.ini").is_file()
                && !p.file_name().unwrap().to_string_lossy().contains("broken")
        })
        .collect();
    projects.sort();
    // Alembic orders the dependencies of a revision by iterating a Python set, so with
    // several of them its order depends on the string hash seed. Ask it under a few
    // seeds: where it always answers the same, retort must give that order; where it
    // does not, one of its answers, or at least the same revisions parents first.
    let mut answers: std::collections::BTreeMap<(String, String), Vec<Vec<String>>> =
        Default::default();
    for seed in ["0", "1", "2", "3"] {
        let oracle = Command::new(&python)
            .arg(root.join("tests/oracle/upgrade_order.py"))
            .args(&projects)
            .env("PYTHONHASHSEED", seed)
            .output()
            .unwrap();
        assert!(oracle.status.success(), "{}", text(&oracle.stderr));
        for line in text(&oracle.stdout).lines() {
            let answer: Value = serde_json::from_str(line).unwrap();
            let Some(runs) = answer["runs"].as_array() else {
                continue;
            };
            let key = (
                answer["project"].as_str().unwrap().to_owned(),
                answer["current"].to_string(),
            );
            let runs: Vec<String> = runs
                .iter()
                .map(|r| r.as_str().unwrap().to_owned())
                .collect();
            let seen = answers.entry(key).or_default();
            if !seen.contains(&runs) {
                seen.push(runs);
            }
        }
    }
    let mut compared = 0;
    let mut unstable = 0;
    let mut failures = Vec::new();
    let mut loaded: std::collections::HashMap<String, retort::Analysis> = Default::default();
    for ((project, current), theirs) in &answers {
        let analysis = loaded.entry(project.clone()).or_insert_with(|| {
            retort::load(&retort::Target {
                paths: vec![PathBuf::from(project)],
                ..retort::Target::default()
            })
            .unwrap()
            .remove(0)
        });
        let current_nodes: Vec<_> = serde_json::from_str::<Vec<String>>(current)
            .unwrap()
            .iter()
            .map(|c| analysis.graph.by_id[c.as_str()])
            .collect();
        let order =
            retort::db::order::upgrade_heads(&analysis.graph, &analysis.files, &current_nodes);
        let ours = retort::db::check::ids(analysis, &order);
        compared += 1;
        if theirs.contains(&ours) {
            continue;
        }
        if theirs.len() > 1 {
            unstable += 1;
            // Alembic itself varies here: the same revisions, each after its parents.
            let mut same: Vec<&String> = ours.iter().collect();
            same.sort();
            let mut expected: Vec<&String> = theirs[0].iter().collect();
            expected.sort();
            let position: std::collections::HashMap<_, _> =
                order.iter().enumerate().map(|(i, &n)| (n, i)).collect();
            let parents_first = order.iter().all(|&n| {
                analysis
                    .graph
                    .dag
                    .neighbors_directed(n, petgraph::Direction::Incoming)
                    .all(|p| position.get(&p).is_none_or(|&pi| pi < position[&n]))
            });
            if same == expected && parents_first {
                continue;
            }
        }
        failures.push(format!(
            "{project} from {current}:\n  alembic {theirs:?}\n  retort  {ours:?}"
        ));
    }
    eprintln!("{compared} orders compared, {unstable} where Alembic's own order varies");
    assert!(compared > 200, "{compared}");
    assert!(
        failures.is_empty(),
        "{} of {compared} orders differ:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

/// A database URL that cannot be used: exit 2, one message, no password.
fn assert_refused(out: &Output, expect: &str, secret: &str) -> String {
    let stderr = text(&out.stderr);
    let stdout = text(&out.stdout);
    assert_eq!(out.status.code(), Some(2), "{stdout}{stderr}");
    assert!(stdout.is_empty(), "{stdout}");
    assert!(stderr.contains(expect), "expected `{expect}` in: {stderr}");
    assert_eq!(
        stderr
            .lines()
            .filter(|l| l.starts_with("retort: error"))
            .count(),
        1,
        "{stderr}"
    );
    assert!(!stderr.contains(secret), "the password shows: {stderr}");
    stderr
}

#[test]
fn bad_input_exits_2_with_one_clear_message() {
    let dir = tempfile::tempdir().unwrap();
    let project = wallet_copy(dir.path());

    // A SQLite path that does not exist: refused, and never created.
    let missing = dir.path().join("nowhere/app.db");
    let url = format!("sqlite:///{}", missing.display());
    let out = retort_db(&project, &project, &url, &[]);
    assert_refused(&out, "does not exist", "\u{0}");
    assert!(!missing.exists() && !missing.parent().unwrap().exists());
    let relative = project.join("relative.db");
    let out = retort_db(&project, &project, "sqlite:///relative.db", &[]);
    assert_refused(&out, "retort never creates a database", "\u{0}");
    assert!(!relative.exists());

    // Unsupported dialects.
    let out = retort_db(
        &project,
        &project,
        "mysql+pymysql://app:hunter2@db/app",
        &[],
    );
    assert_refused(&out, "MySQL and MariaDB are not supported", "hunter2");
    let out = retort_db(&project, &project, "oracle://app:hunter2@db/app", &[]);
    assert_refused(&out, "`oracle` is not supported", "hunter2");
    let out = retort_db(&project, &project, "not a url", &[]);
    assert_refused(&out, "not a database URL", "\u{0}");

    // Nothing listens: refused at once, password masked.
    let port = {
        let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        listener.local_addr().unwrap().port()
    };
    let url = format!("postgresql://app:hunter2@127.0.0.1:{port}/app");
    let out = retort_db(&project, &project, &url, &[]);
    let stderr = assert_refused(&out, "cannot connect to PostgreSQL at 127.0.0.1", "hunter2");
    assert!(stderr.contains("app:***@127.0.0.1"), "{stderr}");

    // A host that accepts the connection and never answers: exit 2 within the timeout.
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    let held = std::thread::spawn(move || {
        // Accept and hold connections until the test ends.
        let mut held = Vec::new();
        listener.set_nonblocking(true).unwrap();
        let until = Instant::now() + Duration::from_secs(20);
        while Instant::now() < until {
            if let Ok((stream, _)) = listener.accept() {
                held.push(stream);
            }
            std::thread::sleep(Duration::from_millis(20));
        }
    });
    let url = format!("postgresql://app:hunter2@127.0.0.1:{port}/app");
    let started = Instant::now();
    let out = retort_db(&project, &project, &url, &["--connect-timeout", "1"]);
    let took = started.elapsed();
    assert_refused(&out, "no answer within 1 s", "hunter2");
    assert!(took < Duration::from_secs(8), "took {took:?}");
    drop(held);

    // A URL in alembic.ini that is not one: the message names the file.
    let ini = project.join("alembic.ini");
    let original = std::fs::read_to_string(&ini).unwrap();
    std::fs::write(
        &ini,
        original.replace(
            "sqlalchemy.url = postgresql://wallet:wallet@localhost:5432/wallet",
            "sqlalchemy.url = firebird://wallet:hunter2@localhost/wallet",
        ),
    )
    .unwrap();
    let out = common::retort(&project, &["db", "check"]);
    assert_refused(&out, "`firebird` is not supported", "hunter2");
}

/// PostgreSQL: wrong credentials (masked), a read-only user (works), a user who may not
/// read the version table (exit 2), and nothing written in any case.
#[test]
fn postgres_users_and_credentials() {
    let Some(python) = common::python() else {
        return;
    };
    let Some(admin) = pg_dsn() else {
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let project = wallet_copy(dir.path());
    let url = fresh_database(&python, Backend::Postgres, dir.path(), "users").unwrap();
    alembic_ok(&python, &project, &url, &["upgrade", "heads"]);
    let db = url.rsplit('/').next().unwrap().to_owned();
    let host = admin
        .split('@')
        .nth(1)
        .unwrap()
        .split('/')
        .next()
        .unwrap()
        .to_owned();
    sql(
        &python,
        &url,
        &[
            "DROP ROLE IF EXISTS retort_reader",
            "DROP ROLE IF EXISTS retort_noread",
            "CREATE ROLE retort_reader LOGIN PASSWORD 'reader-pass-1'",
            "CREATE ROLE retort_noread LOGIN PASSWORD 'noread-pass-1'",
            "GRANT SELECT ON alembic_version TO retort_reader",
        ],
    );
    let state = |python: &Path| {
        (
            query(
                python,
                &url,
                "SELECT version_num FROM alembic_version ORDER BY 1",
            ),
            query(
                python,
                &url,
                "SELECT table_name, column_name, is_nullable FROM information_schema.columns \
                 WHERE table_schema = 'public' ORDER BY 1, 2",
            ),
        )
    };
    let before = state(&python);

    // The read-only user reads everything it needs.
    let reader = format!("postgresql://retort_reader:reader-pass-1@{host}/{db}");
    let out = retort_db(&project, &project, &reader, &["--format", "json"]);
    let report: Value = serde_json::from_slice(&out.stdout)
        .unwrap_or_else(|e| panic!("{e}: {}", text(&out.stderr)));
    assert_eq!(
        report["database"]["stamped"],
        serde_json::json!(["c8d25c64b432", "fb84c1febfb6"])
    );
    assert!(codes(&report).is_empty(), "{report:#}");
    assert!(!text(&out.stdout).contains("reader-pass-1"));

    // A user who may not read the version table.
    let noread = format!("postgresql://retort_noread:noread-pass-1@{host}/{db}");
    let out = retort_db(&project, &project, &noread, &[]);
    assert_refused(&out, "may not read the version table", "noread-pass-1");

    // Wrong credentials, where the server checks passwords (start_postgres.sh makes it
    // check them for the retort_pw_* roles).
    sql(
        &python,
        &url,
        &[
            "DROP ROLE IF EXISTS retort_pw_user",
            "CREATE ROLE retort_pw_user LOGIN PASSWORD 'right-pass-1'",
        ],
    );
    let checks = query(
        &python,
        &url,
        "SELECT count(*) FROM pg_hba_file_rules WHERE 'retort_pw_user' = ANY(user_name) \
         AND auth_method = 'scram-sha-256'",
    );
    if checks == ["0"] {
        assert!(
            !in_ci(),
            "the test server does not check passwords: rerun tests/oracle/start_postgres.sh"
        );
        eprintln!("note: the server does not check passwords; rerun start_postgres.sh");
    } else {
        let wrong = format!("postgresql://retort_pw_user:wrong-pass-9@{host}/{db}");
        let out = retort_db(&project, &project, &wrong, &[]);
        let stderr = assert_refused(&out, "password authentication failed", "wrong-pass-9");
        assert!(stderr.contains("retort_pw_user:***@"), "{stderr}");
        let right = format!("postgresql://retort_pw_user:right-pass-1@{host}/{db}");
        let out = retort_db(&project, &project, &right, &[]);
        // SCRAM worked; the user may not read the version table.
        assert_refused(&out, "may not read the version table", "right-pass-1");
    }
    assert_eq!(
        state(&python),
        before,
        "retort db check changed the database"
    );
}

/// The walk-through in docs/db-check.md is what retort and Alembic really print: the
/// incident on SQLite, `retort db check`, the plan followed, `retort db check` again.
#[test]
fn db_check_doc_walkthrough_is_real_output() {
    let Some(python) = common::python() else {
        return;
    };
    let doc = std::fs::read_to_string(common::repo_root().join("docs/db-check.md")).unwrap();
    let walkthrough = doc
        .split("## The incident, walked through")
        .nth(1)
        .unwrap()
        .split("\n## ")
        .next()
        .unwrap();
    let dir = tempfile::tempdir().unwrap();
    let project = wallet_copy(dir.path());
    let url = "sqlite:///wallet.db";
    let mut blocks = 0;
    // The merge revision `retort lint --fix` writes has a new id each time; the doc shows
    // the one it got when it was written.
    let mut merge_id: Option<String> = None;
    for block in walkthrough.split("```console\n").skip(1) {
        let block = block.split("\n```").next().unwrap();
        // Each block: `$ command` lines, each followed by its real output.
        let mut expected = String::new();
        let mut printed = String::new();
        for (i, part) in block.split("$ ").enumerate().skip(1) {
            let (command, output) = part.split_once('\n').unwrap_or((part, ""));
            let words: Vec<&str> = command.split_whitespace().collect();
            expected.push_str(output);
            let out = match words[0] {
                "alembic" => {
                    let out = alembic(&python, &project, url, &words[1..]);
                    assert!(out.status.success(), "{command}: {}", text(&out.stderr));
                    out
                }
                "retort" => common::retort(&project, &words[1..]),
                other => panic!("block {i}: unexpected command {other}"),
            };
            if let Some(id) = text(&out.stderr)
                .split("wrote merge revision ")
                .nth(1)
                .and_then(|rest| rest.split_whitespace().next())
            {
                merge_id = Some(id.to_owned());
            }
            let mut shown = text(&out.stdout);
            if let Some(id) = &merge_id {
                shown = shown.replace(id.as_str(), "8539763030b7");
            }
            printed.push_str(&shown);
        }
        let normalize = |t: &str| t.trim_end().to_owned();
        assert_eq!(
            normalize(&expected),
            normalize(&printed),
            "docs/db-check.md shows other output than the commands print"
        );
        blocks += 1;
    }
    assert!(blocks >= 2, "{blocks}");
}

/// The version table env.py gives Alembic (`context.configure(version_table=...)`) is
/// read from env.py; `--version-table` overrides it.
#[test]
fn version_table_from_env_py() {
    let Some(python) = common::python() else {
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let project = wallet_copy(dir.path());
    let env = project.join("migrations/env.py");
    let text = std::fs::read_to_string(&env).unwrap();
    let edited = text.replace(
        "compare_type=True,",
        "compare_type=True,\n        version_table=\"wallet_versions\",",
    );
    assert_eq!(edited.matches("wallet_versions").count(), 2);
    std::fs::write(&env, edited).unwrap();
    let url = fresh_database(&python, Backend::Sqlite, dir.path(), "vt").unwrap();
    alembic_ok(&python, &project, &url, &["upgrade", "heads"]);
    let (code, report, stderr) = db_json(&project, &url);
    assert_eq!(code, Some(0), "{report:#}\n{stderr}");
    assert_eq!(report["database"]["version_table"], "wallet_versions");
    assert_eq!(
        report["database"]["stamped"],
        serde_json::json!(["c8d25c64b432", "fb84c1febfb6"])
    );
    // Told otherwise, retort looks for a table that is not there: the wallet tables are
    // unstamped, and `wallet_versions` is a table no migration creates.
    let out = retort_db(
        &project,
        &project,
        &url,
        &["--format", "json", "--version-table", "alembic_version"],
    );
    let report: Value = serde_json::from_slice(&out.stdout).unwrap();
    finding(&report, "RT406", "no version table `alembic_version`");
}
