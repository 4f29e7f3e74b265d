//! Property tests of the revision graph against a plain reference implementation:
//! random histories (parents and dependencies among the revisions, branch labels,
//! sometimes a cycle or a missing parent), parsed from text the way real revision files
//! are, then heads, bases, branch points, merge points, cycles, dangling references and
//! the topological order compared with what the reference computes directly from the
//! lists; and merge planning: the merge of all heads names exactly the heads, parses
//! back to itself, leaves one head, and starts from the nearest common ancestors.

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::path::PathBuf;
use std::sync::Arc;

use proptest::prelude::*;

use retort::graph::{EdgeKind, RevisionGraph};
use retort::revision::RevisionFile;
use retort::source::SourceFile;

#[derive(Clone, Debug)]
struct Rev {
    id: String,
    parents: Vec<String>,
    depends_on: Vec<String>,
    labels: Vec<String>,
}

fn id(i: usize) -> String {
    format!("r{i:04}")
}

/// Histories of 1..30 revisions. With `acyclic`, parents come from earlier revisions
/// only; otherwise any revision (a cycle is likely), and now and then a parent that does
/// not exist.
fn history(acyclic: bool) -> impl Strategy<Value = Vec<Rev>> {
    (1usize..30).prop_flat_map(move |n| {
        proptest::collection::vec(
            (
                proptest::collection::vec(0usize..1000, 0..3),
                proptest::collection::vec(0usize..1000, 0..2),
                proptest::collection::vec(0usize..6, 0..2),
                0u8..20,
            ),
            n,
        )
        .prop_map(move |specs| {
            let n = specs.len();
            specs
                .into_iter()
                .enumerate()
                .map(|(i, (parents, deps, labels, missing))| {
                    let pick = |x: &usize| -> Option<String> {
                        if acyclic {
                            (i > 0).then(|| id(x % i))
                        } else {
                            Some(id(x % n))
                        }
                    };
                    let mut ps: Vec<String> = parents.iter().filter_map(pick).collect();
                    ps.dedup();
                    let mut ps: Vec<String> = {
                        let mut seen = BTreeSet::new();
                        ps.drain(..).filter(|p| seen.insert(p.clone())).collect()
                    };
                    if !acyclic && missing == 0 {
                        ps.push("gone".into());
                    }
                    let mut ds: Vec<String> = deps.iter().filter_map(pick).collect();
                    ds.sort();
                    ds.dedup();
                    Rev {
                        id: id(i),
                        parents: ps,
                        depends_on: ds,
                        labels: labels.iter().map(|l| format!("label{l}_{i}")).collect(),
                    }
                })
                .collect()
        })
    })
}

fn tuple(ids: &[String]) -> String {
    if ids.is_empty() {
        "None".into()
    } else {
        format!(
            "({},)",
            ids.iter()
                .map(|i| format!("'{i}'"))
                .collect::<Vec<_>>()
                .join(", ")
        )
    }
}

fn parse(revs: &[Rev]) -> Vec<RevisionFile> {
    revs.iter()
        .map(|r| {
            let text = format!(
                "revision = '{}'\ndown_revision = {}\nbranch_labels = {}\ndepends_on = {}\n\n\ndef upgrade():\n    pass\n\n\ndef downgrade():\n    pass\n",
                r.id,
                tuple(&r.parents),
                tuple(&r.labels),
                tuple(&r.depends_on)
            );
            let path = PathBuf::from(format!("v/{}_x.py", r.id));
            retort::python::parse_revision(Arc::new(SourceFile::new(
                path.clone(),
                path.display().to_string(),
                text,
            )))
        })
        .collect()
}

fn ids(
    graph: &RevisionGraph,
    files: &[RevisionFile],
    nodes: Vec<petgraph_index::NodeIndex>,
) -> BTreeSet<String> {
    nodes
        .into_iter()
        .map(|n| files[graph.file_of(n)].id().unwrap().to_owned())
        .collect()
}

mod petgraph_index {
    pub type NodeIndex = petgraph::graph::NodeIndex;
}

/// The reference: facts straight from the lists.
struct Reference {
    heads: BTreeSet<String>,
    bases: BTreeSet<String>,
    branch_points: BTreeSet<String>,
    merge_points: BTreeSet<String>,
    dangling: BTreeSet<(String, String)>,
    cyclic: bool,
}

fn reference(revs: &[Rev]) -> Reference {
    let known: BTreeSet<&str> = revs.iter().map(|r| r.id.as_str()).collect();
    let mut children: BTreeMap<&str, BTreeSet<&str>> = BTreeMap::new();
    let mut dangling = BTreeSet::new();
    for r in revs {
        for p in &r.parents {
            if known.contains(p.as_str()) {
                children.entry(p).or_default().insert(&r.id);
            } else {
                dangling.insert((r.id.clone(), p.clone()));
            }
        }
        for d in &r.depends_on {
            if !known.contains(d.as_str()) {
                dangling.insert((r.id.clone(), d.clone()));
            }
        }
    }
    // A cycle along parents and dependencies: depth-first search with colours.
    let edges: HashMap<&str, Vec<&str>> = revs
        .iter()
        .map(|r| {
            (
                r.id.as_str(),
                r.parents
                    .iter()
                    .chain(&r.depends_on)
                    .map(String::as_str)
                    .filter(|p| known.contains(p))
                    .collect(),
            )
        })
        .collect();
    fn visit<'a>(
        n: &'a str,
        edges: &HashMap<&'a str, Vec<&'a str>>,
        colour: &mut HashMap<&'a str, u8>,
    ) -> bool {
        match colour.get(n) {
            Some(1) => return true,
            Some(2) => return false,
            _ => {}
        }
        colour.insert(n, 1);
        for &m in &edges[n] {
            if visit(m, edges, colour) {
                return true;
            }
        }
        colour.insert(n, 2);
        false
    }
    let mut colour = HashMap::new();
    let cyclic = revs.iter().any(|r| visit(&r.id, &edges, &mut colour));
    Reference {
        heads: revs
            .iter()
            .filter(|r| !children.contains_key(r.id.as_str()))
            .map(|r| r.id.clone())
            .collect(),
        bases: revs
            .iter()
            .filter(|r| r.parents.is_empty())
            .map(|r| r.id.clone())
            .collect(),
        branch_points: children
            .iter()
            .filter(|(_, c)| c.len() > 1)
            .map(|(p, _)| p.to_string())
            .collect(),
        merge_points: revs
            .iter()
            .filter(|r| r.parents.len() > 1)
            .map(|r| r.id.clone())
            .collect(),
        dangling,
        cyclic,
    }
}

fn check_facts(revs: &[Rev]) -> Result<(), TestCaseError> {
    let files = parse(revs);
    let graph = RevisionGraph::build(&files);
    let expected = reference(revs);
    prop_assert_eq!(ids(&graph, &files, graph.heads()), expected.heads);
    prop_assert_eq!(ids(&graph, &files, graph.bases(&files)), expected.bases);
    prop_assert_eq!(
        ids(&graph, &files, graph.branch_points()),
        expected.branch_points
    );
    prop_assert_eq!(
        ids(&graph, &files, graph.merge_points(&files)),
        expected.merge_points
    );
    let dangling: BTreeSet<(String, String)> = graph
        .dangling
        .iter()
        .map(|d| {
            (
                files[d.file].id().unwrap().to_owned(),
                d.target.value.clone(),
            )
        })
        .collect();
    prop_assert_eq!(dangling, expected.dangling);
    prop_assert_eq!(!graph.cycles.is_empty(), expected.cyclic);
    // Parents (and dependencies) before children, each revision once; on a cycle, the
    // revisions on it are left out.
    let order: Vec<String> = graph
        .topological_order()
        .into_iter()
        .map(|n| files[graph.file_of(n)].id().unwrap().to_owned())
        .collect();
    let position: HashMap<&str, usize> = order
        .iter()
        .enumerate()
        .map(|(i, r)| (r.as_str(), i))
        .collect();
    prop_assert_eq!(position.len(), order.len());
    if !expected.cyclic {
        prop_assert_eq!(order.len(), revs.len());
    }
    for r in revs {
        for p in r.parents.iter().chain(&r.depends_on) {
            if let (Some(a), Some(b)) = (position.get(p.as_str()), position.get(r.id.as_str())) {
                prop_assert!(a < b, "{p} after its child {}", r.id);
            }
        }
    }
    for node in graph.nodes() {
        for parent in graph.parents(node, EdgeKind::DownRevision) {
            prop_assert!(graph.ancestors(node).contains(&parent));
        }
    }
    Ok(())
}

fn analysis(revs: &[Rev]) -> retort::Analysis {
    let files = parse(revs);
    let graph = RevisionGraph::build(&files);
    retort::Analysis {
        project: retort::config::Project::bare(std::path::Path::new("v")),
        config: Default::default(),
        files,
        graph,
        only_files: None,
        base: None,
        models: retort::schema::models::ModelSet::empty(),
        notes: Vec::new(),
        downgrades: retort::analysis::DowngradePolicy {
            required: true,
            explicit: true,
            with: 0,
            without: 0,
        },
        dialect: None,
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 400, ..ProptestConfig::default() })]

    #[test]
    fn acyclic_histories_match_the_reference(revs in history(true)) {
        check_facts(&revs)?;
    }

    #[test]
    fn any_histories_match_the_reference(revs in history(false)) {
        check_facts(&revs)?;
    }

    #[test]
    fn a_merge_of_every_head_leaves_one_head(revs in history(true)) {
        let analysis = analysis(&revs);
        let heads = ids(&analysis.graph, &analysis.files, analysis.graph.heads());
        let request = retort::fix::MergeRequest {
            message: Some("merge".into()),
            rev_id: Some("f00d0000beef".into()),
            allow_conflicts: true,
            ..Default::default()
        };
        let planned = retort::fix::plan_merge(&analysis, &request, jiff::Timestamp::UNIX_EPOCH, None);
        if heads.len() < 2 {
            prop_assert!(matches!(planned, Err(retort::fix::FixError::NothingToMerge(_))));
            return Ok(());
        }
        let plan = planned.map_err(|e| TestCaseError::fail(e.to_string()))?;
        prop_assert_eq!(plan.heads.iter().cloned().collect::<BTreeSet<_>>(), heads.clone());
        prop_assert_eq!(plan.heads.len(), heads.len());
        // The file says what was planned.
        let merged = retort::python::parse_revision(Arc::new(SourceFile::new(
            plan.path.clone(),
            "merge.py".into(),
            plan.content.as_str(),
        )));
        prop_assert!(merged.syntax_errors.is_empty());
        prop_assert_eq!(merged.id(), Some("f00d0000beef"));
        let parents: Vec<String> = merged.down_revisions().iter().map(|i| i.value.clone()).collect();
        prop_assert_eq!(&parents, &plan.heads);
        // With it, the history has one head: the merge.
        let mut files = parse(&revs);
        files.push(merged);
        let graph = RevisionGraph::build(&files);
        prop_assert_eq!(
            ids(&graph, &files, graph.heads()),
            BTreeSet::from(["f00d0000beef".to_owned()])
        );
        // It starts from the nearest revisions every head descends from.
        let ancestors = |id: &str| -> BTreeSet<String> {
            let mut seen = BTreeSet::new();
            let mut stack = vec![id.to_owned()];
            while let Some(r) = stack.pop() {
                if let Some(rev) = revs.iter().find(|x| x.id == r) {
                    for p in &rev.parents {
                        if seen.insert(p.clone()) {
                            stack.push(p.clone());
                        }
                    }
                }
            }
            seen
        };
        let mut common: Option<BTreeSet<String>> = None;
        for h in &heads {
            let a = ancestors(h);
            common = Some(match common {
                None => a,
                Some(c) => c.intersection(&a).cloned().collect(),
            });
        }
        let common = common.unwrap_or_default();
        let nearest: BTreeSet<String> = common
            .iter()
            .filter(|c| !common.iter().any(|d| ancestors(d).contains(*c)))
            .cloned()
            .collect();
        prop_assert_eq!(plan.common_ancestors.iter().cloned().collect::<BTreeSet<_>>(), nearest);
    }
}
