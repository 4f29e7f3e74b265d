//! `retort graph --format mermaid|dot`: the revision DAG as a picture. Mermaid renders
//! in GitHub Markdown (a pull request comment, a README); DOT renders with Graphviz.
//! Parents are drawn above children; heads, bases, branch points and merge points are
//! named in each node and coloured; `depends_on` edges are dashed; a parent that does
//! not exist is drawn as a red node so the break is visible.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use petgraph::graph::NodeIndex;

use crate::analysis::Analysis;
use crate::graph::EdgeKind;

/// Longest message shown in a node; longer ones are cut with an ellipsis.
const MESSAGE_WIDTH: usize = 48;

/// What a diagram shows of one project, independent of the drawing language.
struct Picture {
    title: String,
    nodes: Vec<Node>,
    /// (from, to, kind): indices into `nodes`.
    edges: Vec<(usize, usize, EdgeKind)>,
    errors: Vec<String>,
}

struct Node {
    /// First line of the label: the revision id (or the missing reference).
    id: String,
    message: Option<String>,
    labels: Vec<String>,
    roles: Vec<Role>,
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Role {
    Base,
    BranchPoint,
    MergePoint,
    Head,
    Missing,
}

impl Role {
    fn text(self) -> &'static str {
        match self {
            Role::Base => "base",
            Role::BranchPoint => "branch point",
            Role::MergePoint => "merge point",
            Role::Head => "head",
            Role::Missing => "missing",
        }
    }

    fn class(self) -> &'static str {
        match self {
            Role::Base => "base",
            Role::BranchPoint => "branchpoint",
            Role::MergePoint => "mergepoint",
            Role::Head => "head",
            Role::Missing => "missing",
        }
    }

    /// Fill and border colours (shared by both languages).
    fn colours(self) -> (&'static str, &'static str) {
        match self {
            Role::Base => ("#dbe9ff", "#1e4e9c"),
            Role::BranchPoint => ("#fff0c2", "#b07d00"),
            Role::MergePoint => ("#ecdcff", "#6a3fb5"),
            Role::Head => ("#d4f7d4", "#2e7d32"),
            Role::Missing => ("#ffd6d6", "#c62828"),
        }
    }
}

impl Node {
    /// The role that picks the colour: a head matters most, then where the history
    /// splits or joins, then where it starts.
    fn main_role(&self) -> Option<Role> {
        [
            Role::Missing,
            Role::Head,
            Role::MergePoint,
            Role::BranchPoint,
            Role::Base,
        ]
        .into_iter()
        .find(|r| self.roles.contains(r))
    }
}

fn picture(analysis: &Analysis, title: String) -> Picture {
    let files = &analysis.files;
    let graph = &analysis.graph;
    let heads: BTreeSet<NodeIndex> = graph.heads().into_iter().collect();
    let bases: BTreeSet<NodeIndex> = graph.bases(files).into_iter().collect();
    let branch_points: BTreeSet<NodeIndex> = graph.branch_points().into_iter().collect();
    let merge_points: BTreeSet<NodeIndex> = graph.merge_points(files).into_iter().collect();
    let id_of = |n: NodeIndex| files[graph.file_of(n)].id().unwrap_or("?").to_owned();

    // Parents first; revisions on a cycle (absent from the order) after, by id.
    let mut order = graph.topological_order();
    let placed: BTreeSet<NodeIndex> = order.iter().copied().collect();
    let mut rest: Vec<NodeIndex> = graph.nodes().filter(|n| !placed.contains(n)).collect();
    rest.sort_by_key(|&n| id_of(n));
    order.extend(rest);

    let mut index: HashMap<NodeIndex, usize> = HashMap::new();
    let mut nodes = Vec::new();
    for &n in &order {
        let file = &files[graph.file_of(n)];
        let mut roles = Vec::new();
        for (set, role) in [
            (&bases, Role::Base),
            (&branch_points, Role::BranchPoint),
            (&merge_points, Role::MergePoint),
            (&heads, Role::Head),
        ] {
            if set.contains(&n) {
                roles.push(role);
            }
        }
        index.insert(n, nodes.len());
        nodes.push(Node {
            id: id_of(n),
            message: file
                .docstring
                .as_ref()
                .and_then(|d| d.message.clone())
                .map(|m| shorten(&m)),
            labels: file
                .branch_label_ids()
                .iter()
                .map(|l| l.value.clone())
                .collect(),
            roles,
        });
    }

    let mut edges = Vec::new();
    for &n in &order {
        for kind in [EdgeKind::DownRevision, EdgeKind::DependsOn] {
            let mut parents: Vec<usize> = graph.parents(n, kind).map(|p| index[&p]).collect();
            parents.sort_unstable();
            edges.extend(parents.into_iter().map(|p| (p, index[&n], kind)));
        }
    }

    // One red node per missing name, pointing at every revision that names it.
    let mut missing: BTreeMap<String, usize> = BTreeMap::new();
    let mut dangling: Vec<_> = graph.dangling.iter().collect();
    dangling.sort_by(|a, b| (&a.target.value, a.file).cmp(&(&b.target.value, b.file)));
    for d in dangling {
        let Some(child) = graph.node_of(d.file).map(|n| index[&n]) else {
            continue;
        };
        let from = *missing.entry(d.target.value.clone()).or_insert_with(|| {
            nodes.push(Node {
                id: d.target.value.clone(),
                message: None,
                labels: Vec::new(),
                roles: vec![Role::Missing],
            });
            nodes.len() - 1
        });
        edges.push((from, child, d.kind));
    }

    let mut errors: Vec<String> = graph
        .cycles
        .iter()
        .map(|c| {
            let ids: Vec<String> = c.steps.iter().map(|(n, _)| id_of(*n)).collect();
            format!("cycle: {} -> {}", ids.join(" -> "), ids[0])
        })
        .collect();
    errors.extend(graph.duplicates.iter().map(|d| {
        format!(
            "duplicate id `{}`: {} is shadowed by {}",
            d.id, files[d.shadowed].source.display, files[d.winner].source.display
        )
    }));
    Picture {
        title,
        nodes,
        edges,
        errors,
    }
}

fn shorten(message: &str) -> String {
    let message = message.split_whitespace().collect::<Vec<_>>().join(" ");
    if message.chars().count() <= MESSAGE_WIDTH {
        message
    } else {
        let cut: String = message.chars().take(MESSAGE_WIDTH - 1).collect();
        format!("{}…", cut.trim_end())
    }
}

/// The lines of a node's label, unescaped.
fn label_lines(node: &Node) -> Vec<String> {
    let mut first = node.id.clone();
    if !node.labels.is_empty() {
        first.push_str(&format!(" @{}", node.labels.join(", @")));
    }
    let mut lines = vec![first];
    if let Some(m) = &node.message {
        lines.push(m.clone());
    }
    if !node.roles.is_empty() {
        lines.push(
            node.roles
                .iter()
                .map(|r| r.text())
                .collect::<Vec<_>>()
                .join(", "),
        );
    }
    lines
}

fn project_title(analysis: &Analysis) -> String {
    let cwd = std::env::current_dir().ok();
    let shown = crate::source::display_path(&analysis.project.root, cwd.as_deref());
    if shown.is_empty() || shown == "." {
        // Run from the project itself: its directory's name says more than ".".
        analysis
            .project
            .root
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_else(|| ".".to_owned())
    } else {
        shown
    }
}

const ROLES: [Role; 5] = [
    Role::Base,
    Role::BranchPoint,
    Role::MergePoint,
    Role::Head,
    Role::Missing,
];

/// Mermaid `flowchart`: one per call; several projects become subgraphs.
pub fn mermaid(analyses: &[Analysis]) -> String {
    let mut out = String::from("flowchart TD\n");
    let several = analyses.len() > 1;
    for (p, analysis) in analyses.iter().enumerate() {
        let picture = picture(analysis, project_title(analysis));
        let prefix = if several {
            format!("p{p}_")
        } else {
            String::new()
        };
        let indent = if several { "        " } else { "    " };
        out.push_str(&format!("    %% {}\n", comment(&picture.title)));
        for e in &picture.errors {
            out.push_str(&format!("    %% error: {}\n", comment(e)));
        }
        if several {
            out.push_str(&format!(
                "    subgraph p{p}[\"{}\"]\n",
                mermaid_text(&picture.title)
            ));
        }
        for (i, node) in picture.nodes.iter().enumerate() {
            let text = label_lines(node)
                .iter()
                .map(|l| mermaid_text(l))
                .collect::<Vec<_>>()
                .join("<br/>");
            let class = node
                .main_role()
                .map(|r| format!(":::{}", r.class()))
                .unwrap_or_default();
            out.push_str(&format!("{indent}{prefix}r{i}[\"{text}\"]{class}\n"));
        }
        for &(from, to, kind) in &picture.edges {
            let missing = picture.nodes[from].roles.contains(&Role::Missing);
            let arrow = match (kind, missing) {
                (EdgeKind::DownRevision, false) => " --> ".to_owned(),
                (EdgeKind::DependsOn, false) => " -. depends_on .-> ".to_owned(),
                (EdgeKind::DownRevision, true) => " -. missing down_revision .-> ".to_owned(),
                (EdgeKind::DependsOn, true) => " -. missing depends_on .-> ".to_owned(),
            };
            out.push_str(&format!("{indent}{prefix}r{from}{arrow}{prefix}r{to}\n"));
        }
        if several {
            out.push_str("    end\n");
        }
    }
    for role in ROLES {
        let (fill, stroke) = role.colours();
        let dash = if role == Role::Missing {
            ",stroke-dasharray:5 3"
        } else {
            ""
        };
        out.push_str(&format!(
            "    classDef {} fill:{fill},stroke:{stroke},color:#111111{dash}\n",
            role.class()
        ));
    }
    out
}

/// Text inside a quoted Mermaid label: entity codes for what Mermaid or HTML would
/// read as syntax.
fn mermaid_text(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '#' => out.push_str("#35;"),
            '"' => out.push_str("#quot;"),
            '<' => out.push_str("#lt;"),
            '>' => out.push_str("#gt;"),
            '&' => out.push_str("#amp;"),
            '`' => out.push_str("#96;"),
            '\r' | '\n' => out.push(' '),
            c if super::escape::is_hidden(c) => out.push('\u{fffd}'),
            c => out.push(c),
        }
    }
    out
}

/// A `%%` comment must stay on one line (and shows no control characters).
fn comment(text: &str) -> String {
    text.replace(['\r', '\n'], " ")
        .replace(super::escape::is_hidden, "\u{fffd}")
}

/// Graphviz DOT: one `digraph`; several projects become clusters.
pub fn dot(analyses: &[Analysis]) -> String {
    let mut out = String::from("digraph retort {\n");
    out.push_str("    graph [rankdir=TB, fontname=\"Helvetica\", fontsize=11];\n");
    out.push_str(
        "    node [shape=box, style=\"rounded,filled\", fillcolor=\"#ffffff\", color=\"#555555\", fontname=\"Helvetica\", fontsize=10];\n",
    );
    out.push_str("    edge [color=\"#555555\", fontname=\"Helvetica\", fontsize=9];\n");
    let several = analyses.len() > 1;
    for (p, analysis) in analyses.iter().enumerate() {
        let picture = picture(analysis, project_title(analysis));
        let indent = if several { "        " } else { "    " };
        let prefix = if several {
            format!("p{p}_")
        } else {
            String::new()
        };
        if several {
            out.push_str(&format!("    subgraph cluster_{p} {{\n"));
        }
        let mut title = picture.title.clone();
        for e in &picture.errors {
            title.push_str(&format!("\n{e}"));
        }
        out.push_str(&format!(
            "{indent}label=\"{}\";\n{indent}labelloc=t;\n",
            dot_text(&title)
        ));
        for (i, node) in picture.nodes.iter().enumerate() {
            let mut attributes = vec![format!(
                "label=\"{}\"",
                label_lines(node)
                    .iter()
                    .map(|l| dot_text(l))
                    .collect::<Vec<_>>()
                    .join("\\n")
            )];
            if let Some(role) = node.main_role() {
                let (fill, stroke) = role.colours();
                attributes.push(format!("fillcolor=\"{fill}\""));
                attributes.push(format!("color=\"{stroke}\""));
                if role == Role::Missing {
                    attributes.push("style=\"rounded,filled,dashed\"".to_owned());
                }
            }
            if node.roles.contains(&Role::Head) {
                attributes.push("penwidth=2".to_owned());
            }
            out.push_str(&format!(
                "{indent}{prefix}r{i} [{}];\n",
                attributes.join(", ")
            ));
        }
        for &(from, to, kind) in &picture.edges {
            let missing = picture.nodes[from].roles.contains(&Role::Missing);
            let attributes = match (kind, missing) {
                (EdgeKind::DownRevision, false) => String::new(),
                (EdgeKind::DependsOn, false) => " [style=dashed, label=\"depends_on\"]".to_owned(),
                (EdgeKind::DownRevision, true) => {
                    " [style=dashed, color=\"#c62828\", label=\"missing down_revision\"]".to_owned()
                }
                (EdgeKind::DependsOn, true) => {
                    " [style=dashed, color=\"#c62828\", label=\"missing depends_on\"]".to_owned()
                }
            };
            out.push_str(&format!(
                "{indent}{prefix}r{from} -> {prefix}r{to}{attributes};\n"
            ));
        }
        if several {
            out.push_str("    }\n");
        }
    }
    out.push_str("}\n");
    out
}

/// Text inside a quoted DOT string. A backslash starts Graphviz escapes (`\n`, `\N`,
/// `\G`...), so a literal one is doubled; line breaks become spaces.
fn dot_text(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            '"' => out.push_str("\\\""),
            '\r' | '\n' => out.push_str("\\n"),
            c if super::escape::is_hidden(c) => out.push('\u{fffd}'),
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes() {
        assert_eq!(
            mermaid_text("a \"b\" <c> #1 & `d`"),
            "a #quot;b#quot; #lt;c#gt; #35;1 #amp; #96;d#96;"
        );
        assert_eq!(dot_text("a \"b\" \\N\nc"), "a \\\"b\\\" \\\\N\\nc");
        assert_eq!(shorten("short"), "short");
        let long = "x".repeat(60);
        assert_eq!(shorten(&long).chars().count(), MESSAGE_WIDTH);
    }
}
