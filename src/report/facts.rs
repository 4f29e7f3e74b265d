//! `retort heads` and `retort graph`: the facts of the revision DAG, as text or JSON.
//! The JSON is what the differential test compares with Alembic's own ScriptDirectory.

use serde::Serialize;

use crate::analysis::Analysis;
use crate::graph::EdgeKind;

#[derive(Serialize)]
pub struct GraphFacts {
    pub project: String,
    pub revisions: Vec<RevisionFacts>,
    pub heads: Vec<String>,
    pub bases: Vec<String>,
    pub branch_points: Vec<String>,
    pub merge_points: Vec<String>,
    /// Parents before children; revisions on a cycle are missing from it.
    pub topological_order: Vec<String>,
    /// Why Alembic would refuse this history, if it would (files it cannot load,
    /// cycles, dangling references, duplicate branch labels). Empty when it loads.
    pub errors: Vec<String>,
}

#[derive(Serialize)]
pub struct RevisionFacts {
    pub id: String,
    pub file: String,
    pub message: Option<String>,
    pub down_revisions: Vec<String>,
    /// `depends_on` entries resolved to revision ids (labels resolved).
    pub depends_on: Vec<String>,
    pub branch_labels: Vec<String>,
    pub children: Vec<String>,
}

pub fn facts(analysis: &Analysis) -> GraphFacts {
    let files = &analysis.files;
    let graph = &analysis.graph;
    let id = |n| files[graph.file_of(n)].id().unwrap_or("?").to_owned();
    let ids = |nodes: Vec<petgraph::graph::NodeIndex>| -> Vec<String> {
        nodes.into_iter().map(id).collect()
    };
    let mut revisions: Vec<RevisionFacts> = graph
        .nodes()
        .map(|n| {
            let file = &files[graph.file_of(n)];
            let mut children: Vec<String> =
                graph.children(n, EdgeKind::DownRevision).map(id).collect();
            children.sort();
            let mut depends_on: Vec<String> =
                graph.parents(n, EdgeKind::DependsOn).map(id).collect();
            depends_on.sort();
            RevisionFacts {
                id: id(n),
                file: file.source.display.clone(),
                message: file.docstring.as_ref().and_then(|d| d.message.clone()),
                down_revisions: file
                    .down_revisions()
                    .iter()
                    .map(|i| i.value.clone())
                    .collect(),
                depends_on,
                branch_labels: file
                    .branch_label_ids()
                    .iter()
                    .map(|i| i.value.clone())
                    .collect(),
                children,
            }
        })
        .collect();
    revisions.sort_by(|a, b| a.id.cmp(&b.id));

    let errors = history_problems(analysis);

    let sorted = |mut v: Vec<String>| {
        v.sort();
        v
    };
    GraphFacts {
        project: analysis.project.root.display().to_string(),
        revisions,
        heads: sorted(ids(graph.heads())),
        bases: sorted(ids(graph.bases(files))),
        branch_points: sorted(ids(graph.branch_points())),
        merge_points: sorted(ids(graph.merge_points(files))),
        topological_order: ids(graph.topological_order()),
        errors,
    }
}

/// Why Alembic would refuse the graph: cycles, dangling references, duplicate labels.
fn graph_errors(analysis: &Analysis) -> Vec<String> {
    let files = &analysis.files;
    let graph = &analysis.graph;
    let id = |n| files[graph.file_of(n)].id().unwrap_or("?").to_owned();
    let mut errors = Vec::new();
    for cycle in &graph.cycles {
        let mut path: Vec<String> = cycle.steps.iter().map(|(n, _)| id(*n)).collect();
        // Back to where it started, so the loop reads as one.
        if let Some(first) = path.first().cloned() {
            path.push(first);
        }
        errors.push(format!("cycle: {}", path.join(" -> ")));
    }
    for d in &graph.dangling {
        // A file Alembic cannot load: said once, by `history_problems`.
        if graph.is_excluded_id(&d.target.value) {
            continue;
        }
        let kind = match d.kind {
            EdgeKind::DownRevision => "down_revision",
            EdgeKind::DependsOn => "depends_on",
        };
        errors.push(format!(
            "missing {kind} `{}` in {}",
            d.target.value, files[d.file].source.display
        ));
    }
    for d in &graph.duplicate_labels {
        errors.push(format!("duplicate branch label `{}`", d.label.value));
    }
    errors
}

/// Why Alembic could not load this history at all: the graph's errors, and revision
/// files it cannot import (a syntax error) or cannot name (no revision id).
/// `retort heads`, `graph` and `schema` still print what is known, print these to
/// stderr and exit 1, as `alembic heads` fails on them.
pub fn history_problems(analysis: &Analysis) -> Vec<String> {
    let mut problems = Vec::new();
    for file in &analysis.files {
        if let Some(why) = &file.unread {
            problems.push(format!("{}: {why}", file.source.display));
        } else if let Some(error) = file.syntax_errors.first() {
            problems.push(format!(
                "{}:{}: syntax error: {} (Alembic cannot import this file)",
                file.source.display,
                file.source.line_col(error.span.start).line,
                error.message
            ));
        } else if let Some((span, message)) = file.load_errors().into_iter().next() {
            problems.push(format!(
                "{}:{}: {message}",
                file.source.display,
                file.source.line_col(span.start).line,
            ));
        } else if file.revision.is_missing() && file.id().is_none() {
            problems.push(format!(
                "{}: no `revision = ...` and no hex file name (Alembic cannot tell its revision id)",
                file.source.display
            ));
        }
    }
    problems.extend(graph_errors(analysis));
    problems
}

pub fn graph_json(analyses: &[Analysis]) -> String {
    let all: Vec<GraphFacts> = analyses.iter().map(facts).collect();
    let mut text = if all.len() == 1 {
        serde_json::to_string_pretty(&all[0])
    } else {
        serde_json::to_string_pretty(&all)
    }
    .expect("graph facts serialize");
    text.push('\n');
    text
}

/// `retort heads`: one line per head, like `alembic heads`, with its file (control
/// characters from the files made visible).
pub fn heads_text(analysis: &Analysis) -> String {
    super::escape::controls(&heads_lines(analysis)).into_owned()
}

fn heads_lines(analysis: &Analysis) -> String {
    let files = &analysis.files;
    let graph = &analysis.graph;
    let mut out = String::new();
    for head in graph.heads() {
        let file = &files[graph.file_of(head)];
        let labels = graph.effective_labels(head, files);
        let labels = if labels.is_empty() {
            String::new()
        } else {
            format!(" ({})", labels.into_iter().collect::<Vec<_>>().join(", "))
        };
        out.push_str(&format!(
            "{}{labels} (head)  {}\n",
            file.id().unwrap_or("?"),
            file.source.display
        ));
    }
    out
}

pub fn heads_json(analyses: &[Analysis]) -> String {
    #[derive(Serialize)]
    struct Heads {
        project: String,
        heads: Vec<String>,
    }
    let all: Vec<Heads> = analyses
        .iter()
        .map(|a| {
            let f = facts(a);
            Heads {
                project: f.project,
                heads: f.heads,
            }
        })
        .collect();
    let mut text = if all.len() == 1 {
        serde_json::to_string_pretty(&all[0])
    } else {
        serde_json::to_string_pretty(&all)
    }
    .expect("heads serialize");
    text.push('\n');
    text
}

/// `retort graph` as text: revisions parents-first, with their role in the graph
/// (control characters from the files made visible).
pub fn graph_text(analysis: &Analysis) -> String {
    super::escape::controls(&graph_lines(analysis)).into_owned()
}

fn graph_lines(analysis: &Analysis) -> String {
    let f = facts(analysis);
    let mut out = String::new();
    let by_id: std::collections::HashMap<&str, &RevisionFacts> =
        f.revisions.iter().map(|r| (r.id.as_str(), r)).collect();
    for id in &f.topological_order {
        let r = by_id[id.as_str()];
        let mut marks = Vec::new();
        if f.bases.contains(id) {
            marks.push("base");
        }
        if f.branch_points.contains(id) {
            marks.push("branch point");
        }
        if f.merge_points.contains(id) {
            marks.push("merge point");
        }
        if f.heads.contains(id) {
            marks.push("head");
        }
        let parents = if r.down_revisions.is_empty() {
            "<base>".to_owned()
        } else {
            r.down_revisions.join(", ")
        };
        out.push_str(&format!("{parents} -> {id}"));
        if !r.depends_on.is_empty() {
            out.push_str(&format!(" (depends on {})", r.depends_on.join(", ")));
        }
        if !r.branch_labels.is_empty() {
            out.push_str(&format!(" [{}]", r.branch_labels.join(", ")));
        }
        if !marks.is_empty() {
            out.push_str(&format!(" ({})", marks.join(", ")));
        }
        if let Some(m) = &r.message {
            out.push_str(&format!(", {m}"));
        }
        out.push('\n');
    }
    // Revisions on a cycle have no place in the order: list them after it.
    let ordered: std::collections::HashSet<&str> =
        f.topological_order.iter().map(String::as_str).collect();
    for r in f
        .revisions
        .iter()
        .filter(|r| !ordered.contains(r.id.as_str()))
    {
        out.push_str(&format!(
            "{} -> {} (on a cycle)\n",
            r.down_revisions.join(", "),
            r.id
        ));
    }
    out.push_str(&format!(
        "{} revisions, {} head{}, {} base{}\n",
        f.revisions.len(),
        f.heads.len(),
        if f.heads.len() == 1 { "" } else { "s" },
        f.bases.len(),
        if f.bases.len() == 1 { "" } else { "s" }
    ));
    out
}
