//! `retort graph --format mermaid|dot`: snapshots of both, Graphviz's `dot -Tsvg`
//! accepting the DOT of every fixture project, and Mermaid's own parser (run by node
//! from `.ci/npm`) accepting the Mermaid of every fixture project.

mod common;

use std::path::{Path, PathBuf};
use std::process::Command;

/// Every fixture project, relative to the repository root.
fn fixture_projects() -> Vec<String> {
    let root = common::repo_root();
    let mut out = Vec::new();
    let mut groups = vec![PathBuf::from("testdata/projects")];
    let mut codes: Vec<PathBuf> = std::fs::read_dir(root.join("testdata/rules"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.is_dir())
        .map(|p| p.strip_prefix(&root).unwrap().to_path_buf())
        .collect();
    codes.sort();
    groups.extend(codes);
    for group in groups {
        let mut cases: Vec<String> = std::fs::read_dir(root.join(&group))
            .unwrap()
            .map(|e| e.unwrap().path())
            .filter(|p| p.is_dir())
            .map(|p| {
                p.strip_prefix(&root)
                    .unwrap()
                    .to_string_lossy()
                    .into_owned()
            })
            .collect();
        cases.sort();
        out.extend(cases);
    }
    assert!(out.len() > 30);
    out
}

fn graph(format: &str, projects: &[&str]) -> String {
    let mut args = vec!["graph", "--format", format];
    args.extend_from_slice(projects);
    let out = common::retort(&common::repo_root(), &args);
    // 1: a broken history (several fixtures are), drawn all the same.
    assert!(
        matches!(out.status.code(), Some(0 | 1)),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

/// The incident's history, and three small ones drawn together: a missing parent, a
/// cycle through depends_on, and branch labels.
const TOGETHER: [&str; 3] = [
    "testdata/rules/RT103/typo",
    "testdata/rules/RT102/through_depends_on",
    "testdata/rules/RT101/ok_labelled_heads",
];

#[test]
fn mermaid_snapshots() {
    insta::assert_snapshot!(
        "mermaid_seed_wallet",
        graph("mermaid", &["testdata/projects/seed-wallet"])
    );
    insta::assert_snapshot!("mermaid_together", graph("mermaid", &TOGETHER));
}

#[test]
fn dot_snapshots() {
    insta::assert_snapshot!(
        "dot_seed_wallet",
        graph("dot", &["testdata/projects/seed-wallet"])
    );
    insta::assert_snapshot!("dot_together", graph("dot", &TOGETHER));
}

#[test]
fn marks_heads_bases_branch_and_merge_points() {
    let text = graph("mermaid", &["testdata/projects/seed-wallet"]);
    let line_of = |id: &str| {
        text.lines()
            .find(|l| l.contains(&format!("[\"{id}")))
            .unwrap_or_else(|| panic!("no node {id}:\n{text}"))
            .to_owned()
    };
    assert!(line_of("23e791c49f3a").contains("base, branch point"));
    assert!(line_of("3d91640ec9e0").ends_with("merge point\"]:::mergepoint"));
    assert!(line_of("add_trading_models").contains("branch point"));
    for head in ["c8d25c64b432", "fb84c1febfb6"] {
        assert!(line_of(head).ends_with("<br/>head\"]:::head"));
    }
    let dot = graph("dot", &["testdata/projects/seed-wallet"]);
    assert_eq!(dot.matches("penwidth=2").count(), 2, "two heads:\n{dot}");
}

fn dot_binary() -> Option<PathBuf> {
    let found = std::env::split_paths(&std::env::var_os("PATH").unwrap_or_default())
        .map(|dir| dir.join("dot"))
        .find(|p| p.is_file());
    common::require_tool("Graphviz `dot` (Debian package graphviz)", found)
}

fn run_dot(dot: &Path, input: &str) -> String {
    use std::io::Write;
    let mut child = Command::new(dot)
        .arg("-Tsvg")
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .expect("run dot");
    child
        .stdin
        .take()
        .unwrap()
        .write_all(input.as_bytes())
        .unwrap();
    let out = child.wait_with_output().unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    // Graphviz reports syntax errors and dubious attributes on stderr, even when it
    // still draws something.
    assert!(
        out.status.success() && stderr.trim().is_empty(),
        "dot -Tsvg refused:\n{stderr}\n{input}"
    );
    String::from_utf8(out.stdout).unwrap()
}

#[test]
fn graphviz_accepts_every_fixture() {
    let Some(dot) = dot_binary() else {
        return;
    };
    let projects = fixture_projects();
    for project in &projects {
        let input = graph("dot", &[project]);
        // Graphviz writes `-` in text as `&#45;`.
        let svg = run_dot(&dot, &input).replace("&#45;", "-");
        assert!(svg.contains("<svg"), "{project}");
        // Every revision id is drawn.
        let facts: serde_json::Value = serde_json::from_str(&graph("json", &[project])).unwrap();
        for revision in facts["revisions"].as_array().unwrap() {
            let id = revision["id"].as_str().unwrap();
            assert!(svg.contains(id), "{project}: {id} not drawn");
        }
    }
    // All of them at once: one cluster each.
    let all: Vec<&str> = projects.iter().map(String::as_str).collect();
    let svg = run_dot(&dot, &graph("dot", &all));
    assert_eq!(svg.matches("<g id=\"clust").count(), projects.len());
}

/// node and the Mermaid package from `.ci/npm` (installed by `.ci/run`).
fn mermaid_parser() -> Option<(PathBuf, PathBuf)> {
    let root = common::repo_root();
    let script = root.join(".ci/npm/mermaid-parse.mjs");
    let installed = root
        .join(".ci/npm/node_modules/mermaid/package.json")
        .is_file()
        && Command::new("node")
            .arg("--version")
            .output()
            .is_ok_and(|o| o.status.success());
    common::require_tool(
        "node with Mermaid from .ci/npm (npm ci --prefix .ci/npm)",
        installed.then_some(script.clone()),
    )?;
    Some((PathBuf::from("node"), script))
}

#[test]
fn mermaid_parser_accepts_every_fixture() {
    let Some((node, script)) = mermaid_parser() else {
        return;
    };
    let scratch = tempfile::tempdir().unwrap();
    let projects = fixture_projects();
    let mut files = Vec::new();
    for (i, project) in projects.iter().enumerate() {
        let path = scratch.path().join(format!("{i}.mmd"));
        std::fs::write(&path, graph("mermaid", &[project])).unwrap();
        files.push(path);
    }
    let all: Vec<&str> = projects.iter().map(String::as_str).collect();
    let together = scratch.path().join("all.mmd");
    std::fs::write(&together, graph("mermaid", &all)).unwrap();
    files.push(together);
    let out = Command::new(node)
        .arg(script)
        .args(&files)
        .output()
        .expect("run node");
    let report = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "Mermaid refused:\n{report}{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(
        report
            .lines()
            .filter(|l| l.starts_with("ok ") && l.ends_with(" flowchart-v2"))
            .count(),
        files.len(),
        "{report}"
    );

    // The parser does refuse what GitHub could not draw (an unclosed label here).
    let broken = scratch.path().join("broken.mmd");
    std::fs::write(&broken, "flowchart TD\n    r0[\"23e791c49f3a --> r1\n").unwrap();
    let out = Command::new("node")
        .arg(common::repo_root().join(".ci/npm/mermaid-parse.mjs"))
        .arg(&broken)
        .output()
        .expect("run node");
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stdout).starts_with("FAIL "));
}
