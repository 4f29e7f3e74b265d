//! Stage 4: the revision DAG, with the same semantics as Alembic's `RevisionMap`.
//!
//! Nodes are revisions (when two files declare one id, the later file wins, as in
//! Alembic, and the other is recorded as shadowed). Edges run parent -> child and are
//! either `DownRevision` (decides heads, bases, branch and merge points) or `DependsOn`
//! (only ordering). A `down_revision` resolves to an exact revision id; a `depends_on`
//! entry to a revision id or a branch label, as Alembic's loader does.

use std::cmp::Reverse;
use std::collections::{BTreeSet, BinaryHeap, HashMap, HashSet};

use petgraph::Direction;
use petgraph::graph::{DiGraph, NodeIndex};
use petgraph::visit::EdgeRef;

use crate::revision::{Ident, RevisionFile};

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum EdgeKind {
    DownRevision,
    DependsOn,
}

/// A reference (`down_revision` or `depends_on` element) that resolves to nothing.
#[derive(Debug, Clone)]
pub struct Dangling {
    /// Index of the referring file.
    pub file: usize,
    pub kind: EdgeKind,
    pub target: Ident,
}

/// Two files declaring one revision id. Alembic keeps `winner` (the later file).
#[derive(Debug, Clone)]
pub struct Duplicate {
    pub id: String,
    pub shadowed: usize,
    pub winner: usize,
}

/// A branch label claimed twice (or equal to a revision id).
#[derive(Debug, Clone)]
pub struct DuplicateLabel {
    pub label: Ident,
    /// The file whose label is rejected.
    pub file: usize,
    /// The file that already holds the name.
    pub holder: usize,
    /// Whether the holder uses the name as its revision id rather than a label.
    pub holder_is_revision: bool,
}

/// A cycle: each step is a node and the kind of edge that leads to the next step (the
/// last step leads back to the first).
#[derive(Debug, Clone)]
pub struct Cycle {
    pub steps: Vec<(NodeIndex, EdgeKind)>,
}

/// Revision ids (or branch labels) to their nodes.
pub type IdMap = HashMap<String, NodeIndex, crate::FastHash>;

#[derive(Debug)]
pub struct RevisionGraph {
    /// Node weights are indices into the file slice the graph was built from.
    pub dag: DiGraph<usize, EdgeKind>,
    pub by_id: IdMap,
    pub labels: IdMap,
    pub duplicates: Vec<Duplicate>,
    pub duplicate_labels: Vec<DuplicateLabel>,
    pub dangling: Vec<Dangling>,
    pub cycles: Vec<Cycle>,
    /// Files left out of the graph because Alembic cannot load them where they stand
    /// (not read, no `down_revision`, an identifier of the wrong type): their ids when
    /// known, with the file. A reference to one of these ids is not reported as missing.
    pub excluded: Vec<(Option<String>, usize)>,
    node_of_file: Vec<Option<NodeIndex>>,
}

impl RevisionGraph {
    /// Build the graph from parsed files in Alembic's load order. Files without a
    /// statically known id take no part.
    pub fn build(files: &[RevisionFile]) -> RevisionGraph {
        let mut dag = DiGraph::with_capacity(files.len(), files.len());
        let mut by_id = IdMap::with_capacity_and_hasher(files.len(), Default::default());
        let mut node_of_file = vec![None; files.len()];
        let mut duplicates = Vec::new();

        let mut excluded = Vec::new();
        for (index, file) in files.iter().enumerate() {
            if !file.has_graph_position()
                && (file.unread.is_some() || file.id().is_some() || file.revision.is_invalid())
            {
                excluded.push((file.id().map(str::to_owned), index));
                continue;
            }
            let Some(id) = file.id() else { continue };
            match by_id.get(id) {
                Some(&node) => {
                    let shadowed = dag[node];
                    duplicates.push(Duplicate {
                        id: id.to_owned(),
                        shadowed,
                        winner: index,
                    });
                    node_of_file[shadowed] = None;
                    dag[node] = index;
                    node_of_file[index] = Some(node);
                }
                None => {
                    let node = dag.add_node(index);
                    by_id.insert(id.to_owned(), node);
                    node_of_file[index] = Some(node);
                }
            }
        }

        // Branch labels share Alembic's map namespace with revision ids.
        let mut labels = IdMap::default();
        let mut duplicate_labels = Vec::new();
        for node in dag.node_indices() {
            let index = dag[node];
            for label in files[index].branch_label_ids() {
                if let Some(&holder) = by_id.get(&label.value) {
                    duplicate_labels.push(DuplicateLabel {
                        label: label.clone(),
                        file: index,
                        holder: dag[holder],
                        holder_is_revision: true,
                    });
                } else if let Some(&holder) = labels.get(&label.value) {
                    duplicate_labels.push(DuplicateLabel {
                        label: label.clone(),
                        file: index,
                        holder: dag[holder],
                        holder_is_revision: false,
                    });
                } else {
                    labels.insert(label.value.clone(), node);
                }
            }
        }

        let mut dangling = Vec::new();
        let nodes: Vec<NodeIndex> = dag.node_indices().collect();
        for node in nodes {
            let index = dag[node];
            let file = &files[index];
            for (kind, targets) in [
                (EdgeKind::DownRevision, file.down_revisions()),
                (EdgeKind::DependsOn, file.depends_on_ids()),
            ] {
                for target in targets {
                    // `depends_on` may name a branch label; `down_revision` may not:
                    // Alembic's loader looks parents up among revision ids only and
                    // fails with a KeyError on a label.
                    let resolved = match kind {
                        EdgeKind::DownRevision => by_id.get(&target.value),
                        EdgeKind::DependsOn => by_id
                            .get(&target.value)
                            .or_else(|| labels.get(&target.value)),
                    };
                    match resolved {
                        Some(&parent) => {
                            // A parent named twice is one edge (Alembic's `nextrev` is a set).
                            // A revision has few parents: its edges so far are looked
                            // through.
                            if !dag
                                .edges_directed(node, Direction::Incoming)
                                .any(|e| e.source() == parent && *e.weight() == kind)
                            {
                                dag.add_edge(parent, node, kind);
                            }
                        }
                        None => dangling.push(Dangling {
                            file: index,
                            kind,
                            target: target.clone(),
                        }),
                    }
                }
            }
        }

        let mut graph = RevisionGraph {
            dag,
            by_id,
            labels,
            duplicates,
            duplicate_labels,
            dangling,
            cycles: Vec::new(),
            excluded,
            node_of_file,
        };
        graph.cycles = graph.find_cycles();
        graph
    }

    /// Whether `id` belongs to a file left out of the graph (see `excluded`).
    pub fn is_excluded_id(&self, id: &str) -> bool {
        self.excluded.iter().any(|(e, _)| e.as_deref() == Some(id))
    }

    /// Whether a file left out of the graph could sit anywhere in it: one not read, or
    /// one whose parents retort cannot tell. Then the apparent heads may be wrong.
    pub fn position_unknown(&self, files: &[RevisionFile]) -> bool {
        self.excluded.iter().any(|&(_, i)| {
            let f = &files[i];
            f.unread.is_some() || !f.down_revision.is_missing()
        })
    }

    pub fn file_of(&self, node: NodeIndex) -> usize {
        self.dag[node]
    }

    pub fn node_of(&self, file: usize) -> Option<NodeIndex> {
        self.node_of_file.get(file).copied().flatten()
    }

    pub fn nodes(&self) -> impl Iterator<Item = NodeIndex> + '_ {
        self.dag.node_indices()
    }

    pub fn len(&self) -> usize {
        self.dag.node_count()
    }

    pub fn is_empty(&self) -> bool {
        self.dag.node_count() == 0
    }

    /// Direct parents through edges of `kind`.
    pub fn parents(&self, node: NodeIndex, kind: EdgeKind) -> impl Iterator<Item = NodeIndex> + '_ {
        self.dag
            .edges_directed(node, Direction::Incoming)
            .filter(move |e| *e.weight() == kind)
            .map(|e| e.source())
    }

    /// Direct children through edges of `kind`.
    pub fn children(
        &self,
        node: NodeIndex,
        kind: EdgeKind,
    ) -> impl Iterator<Item = NodeIndex> + '_ {
        self.dag
            .edges_directed(node, Direction::Outgoing)
            .filter(move |e| *e.weight() == kind)
            .map(|e| e.target())
    }

    /// Revisions no other revision names in `down_revision`, in load order.
    pub fn heads(&self) -> Vec<NodeIndex> {
        self.sorted(
            self.nodes()
                .filter(|&n| self.children(n, EdgeKind::DownRevision).next().is_none()),
        )
    }

    /// Revisions whose `down_revision` is `None` or empty, in load order.
    pub fn bases(&self, files: &[RevisionFile]) -> Vec<NodeIndex> {
        self.sorted(self.nodes().filter(|&n| {
            let file = &files[self.dag[n]];
            file.down_revision.known().is_some_and(Vec::is_empty)
        }))
    }

    /// Revisions with more than one child through `down_revision`.
    pub fn branch_points(&self) -> Vec<NodeIndex> {
        self.sorted(
            self.nodes()
                .filter(|&n| self.children(n, EdgeKind::DownRevision).count() > 1),
        )
    }

    /// Revisions that name more than one `down_revision`.
    pub fn merge_points(&self, files: &[RevisionFile]) -> Vec<NodeIndex> {
        self.sorted(
            self.nodes()
                .filter(|&n| files[self.dag[n]].down_revisions().len() > 1),
        )
    }

    fn sorted(&self, nodes: impl Iterator<Item = NodeIndex>) -> Vec<NodeIndex> {
        let mut nodes: Vec<NodeIndex> = nodes.collect();
        nodes.sort_by_key(|&n| self.dag[n]);
        nodes
    }

    /// All ancestors of `node` through `down_revision` edges, `node` included.
    pub fn ancestors(&self, node: NodeIndex) -> HashSet<NodeIndex> {
        let mut seen = HashSet::from([node]);
        let mut stack = vec![node];
        while let Some(n) = stack.pop() {
            for parent in self.parents(n, EdgeKind::DownRevision) {
                if seen.insert(parent) {
                    stack.push(parent);
                }
            }
        }
        seen
    }

    /// Parents before children (both edge kinds), ties broken by load order, so the
    /// order is the same on every run. Nodes on cycles are left out.
    pub fn topological_order(&self) -> Vec<NodeIndex> {
        let mut indegree: Vec<usize> = self
            .dag
            .node_indices()
            .map(|n| self.dag.edges_directed(n, Direction::Incoming).count())
            .collect();
        let mut ready: BinaryHeap<Reverse<(usize, NodeIndex)>> = self
            .dag
            .node_indices()
            .filter(|n| indegree[n.index()] == 0)
            .map(|n| Reverse((self.dag[n], n)))
            .collect();
        let mut order = Vec::with_capacity(self.dag.node_count());
        while let Some(Reverse((_, n))) = ready.pop() {
            order.push(n);
            for edge in self.dag.edges_directed(n, Direction::Outgoing) {
                let child = edge.target();
                indegree[child.index()] -= 1;
                if indegree[child.index()] == 0 {
                    ready.push(Reverse((self.dag[child], child)));
                }
            }
        }
        order
    }

    /// The nearest revisions that are ancestors of every node in `nodes` (through
    /// `down_revision`): common ancestors none of whose descendants is also common.
    pub fn nearest_common_ancestors(&self, nodes: &[NodeIndex]) -> Vec<NodeIndex> {
        let mut common: Option<HashSet<NodeIndex>> = None;
        for &n in nodes {
            let ancestors = self.ancestors(n);
            common = Some(match common {
                None => ancestors,
                Some(c) => c.intersection(&ancestors).copied().collect(),
            });
        }
        let common = common.unwrap_or_default();
        let nearest = common.iter().copied().filter(|&c| {
            !self
                .children(c, EdgeKind::DownRevision)
                .any(|child| common.contains(&child))
        });
        self.sorted(nearest)
    }

    /// Branch labels that apply to `node` as Alembic propagates them: the labels of
    /// the node and of every ancestor through `down_revision`.
    pub fn effective_labels(&self, node: NodeIndex, files: &[RevisionFile]) -> BTreeSet<String> {
        self.ancestors(node)
            .into_iter()
            .flat_map(|n| {
                files[self.dag[n]]
                    .branch_label_ids()
                    .iter()
                    .map(|l| l.value.clone())
            })
            .collect()
    }

    /// Every strongly connected component with more than one node, or a self-loop,
    /// through both edge kinds, reported as one concrete cycle each.
    fn find_cycles(&self) -> Vec<Cycle> {
        let mut cycles = Vec::new();
        for component in petgraph::algo::tarjan_scc(&self.dag) {
            let is_cycle = component.len() > 1
                || self
                    .dag
                    .edges_connecting(component[0], component[0])
                    .next()
                    .is_some();
            if !is_cycle {
                continue;
            }
            let members: HashSet<NodeIndex> = component.iter().copied().collect();
            let start = *component
                .iter()
                .min_by_key(|&&n| self.dag[n])
                .expect("non-empty");
            cycles.push(self.cycle_through(start, &members));
        }
        cycles.sort_by_key(|c| self.dag[c.steps[0].0]);
        cycles
    }

    /// A shortest path from `start` back to itself inside one component (BFS over
    /// edges parent -> child, preferring `down_revision` edges).
    fn cycle_through(&self, start: NodeIndex, members: &HashSet<NodeIndex>) -> Cycle {
        let mut previous: HashMap<NodeIndex, (NodeIndex, EdgeKind)> = HashMap::new();
        let mut queue = std::collections::VecDeque::from([start]);
        let mut closing = None;
        'search: while let Some(n) = queue.pop_front() {
            let mut edges: Vec<_> = self
                .dag
                .edges_directed(n, Direction::Outgoing)
                .filter(|e| members.contains(&e.target()))
                .map(|e| (*e.weight(), self.dag[e.target()], e.target()))
                .collect();
            edges.sort();
            for (kind, _, target) in edges {
                if target == start {
                    closing = Some((n, kind));
                    break 'search;
                }
                if let std::collections::hash_map::Entry::Vacant(slot) = previous.entry(target) {
                    slot.insert((n, kind));
                    queue.push_back(target);
                }
            }
        }
        let (mut n, kind) =
            closing.expect("a strongly connected component has a cycle through every member");
        let mut steps = vec![(n, kind)];
        while n != start {
            let (p, k) = previous[&n];
            steps.push((p, k));
            n = p;
        }
        steps.reverse();
        Cycle { steps }
    }
}
