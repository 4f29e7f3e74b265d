//! What two sides of a merge (or two heads) have that the other lacks, found by walking
//! down from both sides in reverse replay order and stopping as soon as everything
//! still to visit is an ancestor of both. The replay asks this at every merge point and
//! RT205 for every pair of heads it compares, so the walk keeps its scratch space
//! (flags by node, the queue) between calls and indexes by node, never hashes.

use std::collections::BinaryHeap;

use petgraph::Direction;
use petgraph::graph::NodeIndex;
use petgraph::visit::EdgeRef;

use crate::graph::RevisionGraph;

const LEFT: u8 = 1;
const RIGHT: u8 = 2;
const BOTH: u8 = LEFT | RIGHT;
/// Not in the replay order (on a cycle): never walked.
const UNPLACED: u32 = u32::MAX;

pub struct Ancestry<'g> {
    graph: &'g RevisionGraph,
    /// Replay position of each node, by node index.
    position: Vec<u32>,
    /// Scratch: which sides reach each node; all zero between walks.
    flags: Vec<u8>,
    /// Scratch: the nodes whose flags a walk set, to clear them after it.
    touched: Vec<NodeIndex>,
    queue: BinaryHeap<(u32, NodeIndex)>,
}

impl<'g> Ancestry<'g> {
    /// `order` is a topological order (parents first) of the nodes to walk; nodes not
    /// in it are never visited.
    pub fn new(graph: &'g RevisionGraph, order: &[NodeIndex]) -> Ancestry<'g> {
        let count = graph.dag.node_count();
        let mut position = vec![UNPLACED; count];
        for (i, n) in order.iter().enumerate() {
            position[n.index()] = u32::try_from(i).unwrap_or(UNPLACED);
        }
        Ancestry {
            graph,
            position,
            flags: vec![0; count],
            touched: Vec::new(),
            queue: BinaryHeap::new(),
        }
    }

    /// The revisions (through both edge kinds) that are ancestors of `right` but not of
    /// `left`, and those of `left` but not of `right`, each in replay order (the
    /// starting nodes included when they qualify). The cost is the size of the two
    /// branches (and their frontier), not of the history below them.
    pub fn difference(
        &mut self,
        left: &[NodeIndex],
        right: &[NodeIndex],
    ) -> (Vec<NodeIndex>, Vec<NodeIndex>) {
        // Queued nodes reachable from one side only: while there are any, the walk goes on.
        let mut one_sided = 0usize;
        for &n in left {
            self.mark(n, LEFT, &mut one_sided);
        }
        for &n in right {
            self.mark(n, RIGHT, &mut one_sided);
        }
        let (mut only_left, mut only_right) = (Vec::new(), Vec::new());
        while one_sided > 0 {
            let Some((_, node)) = self.queue.pop() else {
                break;
            };
            // Every descendant has a higher position and was handled: the flags are final.
            let flag = self.flags[node.index()];
            match flag {
                LEFT => only_left.push(node),
                RIGHT => only_right.push(node),
                _ => {}
            }
            if flag != BOTH {
                one_sided -= 1;
            }
            let graph = self.graph;
            for edge in graph.dag.edges_directed(node, Direction::Incoming) {
                self.mark(edge.source(), flag, &mut one_sided);
            }
        }
        self.queue.clear();
        for n in self.touched.drain(..) {
            self.flags[n.index()] = 0;
        }
        only_left.reverse();
        only_right.reverse();
        (only_left, only_right)
    }

    fn mark(&mut self, node: NodeIndex, flag: u8, one_sided: &mut usize) {
        let pos = self.position[node.index()];
        if pos == UNPLACED {
            return;
        }
        let entry = &mut self.flags[node.index()];
        let old = *entry;
        *entry |= flag;
        match (old, *entry) {
            (0, BOTH) => {
                self.touched.push(node);
                self.queue.push((pos, node));
            }
            (0, _) => {
                self.touched.push(node);
                self.queue.push((pos, node));
                *one_sided += 1;
            }
            (LEFT | RIGHT, BOTH) => *one_sided -= 1,
            _ => {}
        }
    }
}
