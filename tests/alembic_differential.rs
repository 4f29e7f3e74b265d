//! Differential test: retort's graph facts against real Alembic's `ScriptDirectory` on
//! generated histories (linear, branches and merges, depends_on, branch labels,
//! annotated assignments, tuple/list parents, hundreds of revisions, broken ones).

mod common;

use std::collections::BTreeMap;
use std::process::Command;

use serde_json::Value;

const HISTORIES: usize = 300;

#[test]
fn graph_facts_match_alembic() {
    let Some(python) = common::python() else {
        return;
    };
    let root = common::repo_root();
    let dir = tempfile::tempdir().unwrap();
    let generated = Command::new(&python)
        .arg(root.join("tests/oracle/gen_histories.py"))
        .arg(dir.path())
        .args(["--count", &HISTORIES.to_string(), "--seed", "20261124"])
        .output()
        .expect("run the history generator");
    assert!(
        generated.status.success(),
        "{}",
        String::from_utf8_lossy(&generated.stderr)
    );

    let mut projects: Vec<_> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.join("alembic.ini").is_file())
        .collect();
    projects.sort();
    assert_eq!(projects.len(), HISTORIES);

    let oracle = Command::new(&python)
        .arg(root.join("tests/oracle/alembic_graph.py"))
        .args(&projects)
        .output()
        .expect("run the Alembic oracle");
    assert!(
        oracle.status.success(),
        "{}",
        String::from_utf8_lossy(&oracle.stderr)
    );
    let answers: Vec<Value> = String::from_utf8(oracle.stdout)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(answers.len(), projects.len());

    let (mut agreed_ok, mut agreed_refused, mut failures) = (0, 0, Vec::new());
    // Cycles through depends_on that Alembic's loader misses (it then loops or ignores
    // the dependency; see tests/oracle/alembic_graph.py): retort must refuse them too.
    let mut silent_cycles = 0;
    for (project, alembic) in projects.iter().zip(&answers) {
        let analyses = retort::load(&retort::Target {
            paths: vec![project.clone()],
            ..retort::Target::default()
        })
        .unwrap_or_else(|e| panic!("{}: retort could not load: {e}", project.display()));
        let facts = retort::report::facts::facts(&analyses[0]);
        let name = project.file_name().unwrap().to_string_lossy().into_owned();
        let alembic_ok = alembic["ok"].as_bool().unwrap();
        let retort_ok = facts.errors.is_empty();
        if alembic_ok != retort_ok {
            failures.push(format!(
                "{name}: alembic ok={alembic_ok} ({}), retort errors={:?}",
                alembic["error"], facts.errors
            ));
            continue;
        }
        if !alembic_ok {
            if alembic["silent_dependency_cycle"].as_bool() == Some(true) {
                silent_cycles += 1;
            }
            agreed_refused += 1;
            continue;
        }
        let list = |v: &Value| -> Vec<String> {
            let mut l: Vec<String> = v
                .as_array()
                .unwrap()
                .iter()
                .map(|s| s.as_str().unwrap().to_owned())
                .collect();
            l.sort();
            l
        };
        let mut mismatches = Vec::new();
        for (key, ours) in [
            ("heads", &facts.heads),
            ("bases", &facts.bases),
            ("branch_points", &facts.branch_points),
            ("merge_points", &facts.merge_points),
        ] {
            if &list(&alembic[key]) != ours {
                mismatches.push(format!(
                    "{key}: alembic {:?} retort {:?}",
                    list(&alembic[key]),
                    ours
                ));
            }
        }
        let theirs_parents: BTreeMap<String, Vec<String>> = alembic["parents"]
            .as_object()
            .unwrap()
            .iter()
            .map(|(k, v)| (k.clone(), list(v)))
            .collect();
        let ours_parents: BTreeMap<String, Vec<String>> = facts
            .revisions
            .iter()
            .map(|r| {
                let mut p = r.down_revisions.clone();
                p.sort();
                (r.id.clone(), p)
            })
            .collect();
        if theirs_parents != ours_parents {
            mismatches.push("parents differ".to_owned());
        }
        if let Some(deps) = alembic["depends_on"].as_object() {
            for (id, theirs) in deps {
                let ours = facts
                    .revisions
                    .iter()
                    .find(|r| &r.id == id)
                    .map(|r| r.depends_on.clone());
                if ours.as_ref() != Some(&list(theirs)) {
                    mismatches.push(format!(
                        "depends_on of {id}: alembic {theirs} retort {ours:?}"
                    ));
                }
            }
        }
        if mismatches.is_empty() {
            agreed_ok += 1;
        } else {
            failures.push(format!("{name}: {}", mismatches.join("; ")));
        }
    }
    eprintln!(
        "{agreed_ok} histories agreed, {agreed_refused} refused by both \
         ({silent_cycles} dependency cycles Alembic's loader missed), {} disagreed",
        failures.len()
    );
    assert!(
        failures.is_empty(),
        "retort disagrees with Alembic:\n{}",
        failures.join("\n")
    );
    assert!(
        agreed_ok >= 200,
        "only {agreed_ok} valid histories compared"
    );
    assert!(agreed_refused > 0, "no broken history was compared");
}
