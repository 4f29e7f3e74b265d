//! What two sides of a merge (or two heads) have that the other lacks, found by walking
//! down from both sides in reverse replay order and stopping as soon as everything
//! still to visit is an ancestor of both. The replay asks this at every merge point and
//! RT205 for every pair of heads it compares, so the walk keeps its scratch space
//! (flags by position, the queue) between calls and indexes by position, never hashes.

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

/// The walk works on replay positions, not node indices: node indices follow the
/// files' names (random hexadecimal ids), positions the history, so the revisions a
/// merge walks are neighbours in every array here; on a 50,000-revision history,
/// indexing by node made the walk's time grow faster than its work.
pub struct Ancestry {
    /// Replay position of each node, by node index.
    position: Vec<u32>,
    /// The node at each position.
    order: Vec<NodeIndex>,
    /// The parents (both edge kinds, placed ones only) of the node at position `p`, as
    /// positions: `parents[starts[p]..starts[p + 1]]`.
    starts: Vec<u32>,
    parents: Vec<u32>,
    /// Scratch: which sides reach each position; all zero between walks.
    flags: Vec<u8>,
    /// Scratch: the positions whose flags a walk set, to clear them after it.
    touched: Vec<u32>,
    queue: BinaryHeap<u32>,
}

impl Ancestry {
    /// `order` is a topological order (parents first) of the nodes to walk; nodes not
    /// in it are never visited.
    pub fn new(graph: &RevisionGraph, order: &[NodeIndex]) -> Ancestry {
        let count = graph.dag.node_count();
        let mut position = vec![UNPLACED; count];
        for (i, n) in order.iter().enumerate() {
            position[n.index()] = u32::try_from(i).unwrap_or(UNPLACED);
        }
        let mut starts = Vec::with_capacity(order.len() + 1);
        let mut parents = Vec::with_capacity(graph.dag.edge_count());
        for &node in order {
            starts.push(u32::try_from(parents.len()).unwrap_or(u32::MAX));
            parents.extend(
                graph
                    .dag
                    .edges_directed(node, Direction::Incoming)
                    .map(|e| position[e.source().index()])
                    .filter(|&p| p != UNPLACED),
            );
        }
        starts.push(u32::try_from(parents.len()).unwrap_or(u32::MAX));
        Ancestry {
            position,
            order: order.to_vec(),
            starts,
            parents,
            flags: vec![0; order.len()],
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
        // Queued positions reachable from one side only: while there are any, the walk
        // goes on.
        let mut one_sided = 0usize;
        for &n in left {
            let pos = self.position[n.index()];
            self.mark(pos, LEFT, &mut one_sided);
        }
        for &n in right {
            let pos = self.position[n.index()];
            self.mark(pos, RIGHT, &mut one_sided);
        }
        let (mut only_left, mut only_right) = (Vec::new(), Vec::new());
        while one_sided > 0 {
            let Some(pos) = self.queue.pop() else {
                break;
            };
            // Every descendant has a higher position and was handled: the flags are final.
            let flag = self.flags[pos as usize];
            match flag {
                LEFT => only_left.push(self.order[pos as usize]),
                RIGHT => only_right.push(self.order[pos as usize]),
                _ => {}
            }
            if flag != BOTH {
                one_sided -= 1;
            }
            let (from, to) = (
                self.starts[pos as usize] as usize,
                self.starts[pos as usize + 1] as usize,
            );
            for i in from..to {
                let parent = self.parents[i];
                self.mark(parent, flag, &mut one_sided);
            }
        }
        self.queue.clear();
        for pos in self.touched.drain(..) {
            self.flags[pos as usize] = 0;
        }
        only_left.reverse();
        only_right.reverse();
        (only_left, only_right)
    }

    fn mark(&mut self, pos: u32, flag: u8, one_sided: &mut usize) {
        if pos == UNPLACED {
            return;
        }
        let entry = &mut self.flags[pos as usize];
        let old = *entry;
        *entry |= flag;
        match (old, *entry) {
            (0, BOTH) => {
                self.touched.push(pos);
                self.queue.push(pos);
            }
            (0, _) => {
                self.touched.push(pos);
                self.queue.push(pos);
                *one_sided += 1;
            }
            (LEFT | RIGHT, BOTH) => *one_sided -= 1,
            _ => {}
        }
    }
}
