//! The revisions `alembic upgrade heads` runs from a given version table, in the order
//! it runs them. A port of Alembic's `_collect_upgrade_revisions` and
//! `_topological_sort` (alembic/script/revision.py): the revisions needed are the
//! ancestors of the heads that are not ancestors of what is stamped; they are walked from
//! the heads downwards, one branch at a time, switching branch whenever another head
//! still needs the candidate, and the walk is run backwards. The same history and stamp
//! give the same order as Alembic's own (checked against it by tests/db_check.rs).

use std::collections::HashSet;

use petgraph::graph::NodeIndex;

use crate::graph::{EdgeKind, RevisionGraph};
use crate::revision::RevisionFile;
use crate::schema::replay::all_ancestors;

/// The revisions `alembic upgrade heads` would run on a database stamped with
/// `current`, in order. Empty when it is up to date.
pub fn upgrade_heads(
    graph: &RevisionGraph,
    files: &[RevisionFile],
    current: &[NodeIndex],
) -> Vec<NodeIndex> {
    upgrade_to(graph, files, current, &real_heads(graph))
}

/// What `heads` means to `alembic upgrade`: revisions nothing builds on, through
/// `down_revision` or `depends_on` (Alembic's `_real_heads`). A head another revision
/// depends on is reached through that dependency, later in the walk.
pub fn real_heads(graph: &RevisionGraph) -> Vec<NodeIndex> {
    graph
        .heads()
        .into_iter()
        .filter(|&h| graph.children(h, EdgeKind::DependsOn).next().is_none())
        .collect()
}

/// The revisions `alembic upgrade` to `targets` would run from `current`, in order.
pub fn upgrade_to(
    graph: &RevisionGraph,
    files: &[RevisionFile],
    current: &[NodeIndex],
    targets: &[NodeIndex],
) -> Vec<NodeIndex> {
    let mut required: HashSet<NodeIndex> = HashSet::new();
    for &t in targets {
        required.extend(all_ancestors(graph, t));
    }
    let mut done: HashSet<NodeIndex> = HashSet::new();
    for &c in current {
        done.extend(all_ancestors(graph, c));
    }
    let todo: HashSet<NodeIndex> = required.difference(&done).copied().collect();
    let mut order = topological_sort(graph, files, todo, targets);
    order.reverse();
    order
}

/// Alembic's `_normalized_down_revisions`: the `down_revision` entries as written, then
/// the dependencies that no ancestor (through `down_revision`) already depends on.
fn normalized_down_revisions(
    graph: &RevisionGraph,
    files: &[RevisionFile],
    node: NodeIndex,
) -> Vec<NodeIndex> {
    let file = &files[graph.file_of(node)];
    let mut out: Vec<NodeIndex> = Vec::new();
    // `down_revision` in the order written (the graph's edges are unordered).
    let parents: Vec<NodeIndex> = graph.parents(node, EdgeKind::DownRevision).collect();
    for ident in file.down_revisions() {
        if let Some(&p) = graph.by_id.get(&ident.value)
            && parents.contains(&p)
            && !out.contains(&p)
        {
            out.push(p);
        }
    }
    for p in parents {
        if !out.contains(&p) {
            out.push(p);
        }
    }
    let mut deps: Vec<NodeIndex> = graph.parents(node, EdgeKind::DependsOn).collect();
    if !deps.is_empty() {
        // Dependencies of ancestors through `down_revision` are dropped.
        let mut seen = HashSet::from([node]);
        let mut stack: Vec<NodeIndex> = graph.parents(node, EdgeKind::DownRevision).collect();
        while let Some(n) = stack.pop() {
            if !seen.insert(n) {
                continue;
            }
            let theirs: Vec<NodeIndex> = graph.parents(n, EdgeKind::DependsOn).collect();
            deps.retain(|d| !theirs.contains(d));
            stack.extend(graph.parents(n, EdgeKind::DownRevision));
        }
        deps.sort_by_key(|&d| graph.file_of(d));
        for d in deps {
            if !out.contains(&d) {
                out.push(d);
            }
        }
    }
    out
}

/// `_topological_sort`: `todo` from the heads down, in Alembic's order.
fn topological_sort(
    graph: &RevisionGraph,
    files: &[RevisionFile],
    mut todo: HashSet<NodeIndex>,
    heads: &[NodeIndex],
) -> Vec<NodeIndex> {
    // Alembic pre-sorts by the revision map's insertion order: the order files load.
    let mut current_heads: Vec<NodeIndex> =
        heads.iter().copied().filter(|h| todo.contains(h)).collect();
    current_heads.sort_by_key(|&h| graph.file_of(h));
    current_heads.dedup();
    let mut ancestors_by_idx: Vec<HashSet<NodeIndex>> = current_heads
        .iter()
        .map(|&h| all_ancestors(graph, h))
        .collect();
    let mut output = Vec::new();
    let mut candidate_idx = 0;
    while !current_heads.is_empty() {
        let candidate = current_heads[candidate_idx];
        let needed_elsewhere = ancestors_by_idx
            .iter()
            .enumerate()
            .find(|(i, ancestors)| *i != candidate_idx && ancestors.contains(&candidate))
            .map(|(i, _)| i);
        if let Some(other) = needed_elsewhere {
            // Another head depends on the candidate: walk that branch first.
            candidate_idx = other;
            continue;
        }
        if todo.remove(&candidate) {
            output.push(candidate);
        }
        let down = normalized_down_revisions(graph, files, candidate);
        let heads_to_add: Vec<NodeIndex> = down
            .iter()
            .copied()
            .filter(|r| todo.contains(r) && !current_heads.contains(r))
            .collect();
        if heads_to_add.is_empty() {
            current_heads.remove(candidate_idx);
            ancestors_by_idx.remove(candidate_idx);
            candidate_idx = candidate_idx.saturating_sub(1);
        } else {
            let has_deps = graph
                .parents(candidate, EdgeKind::DependsOn)
                .next()
                .is_some()
                && down.len() > graph.parents(candidate, EdgeKind::DownRevision).count();
            let single_parent = graph.parents(candidate, EdgeKind::DownRevision).count() == 1;
            current_heads[candidate_idx] = heads_to_add[0];
            if !has_deps && single_parent {
                ancestors_by_idx[candidate_idx].remove(&candidate);
            } else {
                ancestors_by_idx[candidate_idx] = all_ancestors(graph, heads_to_add[0]);
                for &h in &heads_to_add[1..] {
                    current_heads.push(h);
                    ancestors_by_idx.push(all_ancestors(graph, h));
                }
            }
        }
    }
    output
}
