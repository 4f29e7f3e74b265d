//! Rules that look at the revision graph as a whole (run once per project).

use std::collections::HashMap;

use crate::diagnostic::Diagnostic;
use crate::graph::{EdgeKind, RevisionGraph};
use crate::revision::RevisionFile;
use crate::source::Span;

use super::{
    DUPLICATE_BRANCH_LABEL, DUPLICATE_REVISION_ID, MISSING_DEPENDENCY, MISSING_DOWN_REVISION,
    MULTIPLE_BASES, MULTIPLE_HEADS, NOT_BASED_ON_BASE_HEAD, REVISION_CYCLE,
};

fn id_of(
    files: &[RevisionFile],
    graph: &RevisionGraph,
    node: petgraph::graph::NodeIndex,
) -> String {
    files[graph.file_of(node)].id().unwrap_or("?").to_owned()
}

/// RT101: more than one head, unless each head carries its own branch label and
/// `allow-labelled-heads` is on.
pub fn multiple_heads(
    files: &[RevisionFile],
    graph: &RevisionGraph,
    allow_labelled: bool,
    out: &mut Vec<Diagnostic>,
) {
    // A parent named through an expression retort cannot evaluate (RT003) may be any
    // of the apparent heads: say nothing rather than guess.
    if files
        .iter()
        .any(|f| matches!(f.down_revision, crate::revision::Attr::Unknown { .. }))
        || graph.position_unknown(files)
    {
        return;
    }
    // A head whose ancestry is cut by a missing parent is explained by RT103, not a fork.
    let cut: std::collections::HashSet<usize> = graph
        .dangling
        .iter()
        .filter(|d| d.kind == EdgeKind::DownRevision)
        .map(|d| d.file)
        .collect();
    let heads: Vec<_> = graph
        .heads()
        .into_iter()
        .filter(|&h| {
            cut.is_empty()
                || !graph
                    .ancestors(h)
                    .iter()
                    .any(|&a| cut.contains(&graph.file_of(a)))
        })
        .collect();
    if heads.len() < 2 {
        return;
    }
    if allow_labelled && heads_have_distinct_labels(files, graph, &heads) {
        return;
    }
    // Branch labels retort could not read (RT003 says which and why) may be exactly
    // what makes these heads deliberate: say nothing rather than guess.
    if allow_labelled
        && files
            .iter()
            .any(|f| matches!(f.branch_labels, crate::revision::Attr::Unknown { .. }))
    {
        return;
    }
    let ids: Vec<String> = heads.iter().map(|&h| id_of(files, graph, h)).collect();
    let ancestors = graph.nearest_common_ancestors(&heads);
    let fork = match ancestors.as_slice() {
        [] => "they share no ancestor (separate bases)".to_owned(),
        [one] => format!("they diverge after `{}`", id_of(files, graph, *one)),
        many => format!(
            "their nearest common ancestors are {}",
            many.iter()
                .map(|&n| format!("`{}`", id_of(files, graph, n)))
                .collect::<Vec<_>>()
                .join(", ")
        ),
    };
    let listed = ids
        .iter()
        .map(|i| format!("`{i}`"))
        .collect::<Vec<_>>()
        .join(", ");
    // Point at the newest head (last in load order); every other head is related.
    let (&primary, others) = heads.split_last().expect("two or more heads");
    let primary_file = &files[graph.file_of(primary)];
    let mut d = Diagnostic::new(
        &MULTIPLE_HEADS,
        format!("{} heads: {listed}; {fork}", heads.len()),
    )
    .at(&primary_file.source, primary_file.id_span())
    .with_help(format!(
        "`alembic upgrade head` refuses to run with several heads; `retort lint --fix` (or `retort merge`) writes \
         a merge revision with down_revision = ({})",
        ids.iter().map(|i| format!("'{i}'")).collect::<Vec<_>>().join(", ")
    ));
    for &other in others {
        let file = &files[graph.file_of(other)];
        d = d.with_related(
            &file.source,
            file.id_span(),
            format!("head `{}`", id_of(files, graph, other)),
        );
    }
    for &ancestor in &ancestors {
        let file = &files[graph.file_of(ancestor)];
        d = d.with_related(
            &file.source,
            file.id_span(),
            format!("common ancestor `{}`", id_of(files, graph, ancestor)),
        );
    }
    out.push(d);
}

fn heads_have_distinct_labels(
    files: &[RevisionFile],
    graph: &RevisionGraph,
    heads: &[petgraph::graph::NodeIndex],
) -> bool {
    let label_sets: Vec<_> = heads
        .iter()
        .map(|&h| graph.effective_labels(h, files))
        .collect();
    label_sets.iter().enumerate().all(|(i, mine)| {
        mine.iter().any(|label| {
            label_sets
                .iter()
                .enumerate()
                .all(|(j, other)| i == j || !other.contains(label))
        })
    })
}

/// RT102: cycles through `down_revision` and `depends_on`.
pub fn revision_cycle(files: &[RevisionFile], graph: &RevisionGraph, out: &mut Vec<Diagnostic>) {
    for cycle in &graph.cycles {
        // `cycle.steps[i] = (node, kind)`: an edge of `kind` from `node` (the parent) to
        // the next step (the child). The code reads child -> parent, so walk backwards
        // from the first node: each member names its predecessor on the cycle.
        let n = cycle.steps.len();
        let node = |i: usize| cycle.steps[i % n].0;
        // The edge into step i (declared in step i's file) comes from step i-1.
        let kind_into = |i: usize| cycle.steps[(i + n - 1) % n].1;
        let verb = |kind: EdgeKind| match kind {
            EdgeKind::DownRevision => "revises",
            EdgeKind::DependsOn => "depends on",
        };
        let attribute_span = |i: usize| {
            let f = &files[graph.file_of(node(i))];
            match kind_into(i) {
                EdgeKind::DownRevision => f.down_revision.span(),
                EdgeKind::DependsOn => f.depends_on.span(),
            }
            .unwrap_or(f.id_span())
        };
        let id = |i: usize| id_of(files, graph, node(i));
        let mut text = format!("`{}` {} `{}`", id(0), verb(kind_into(0)), id(n - 1));
        for i in (1..n).rev() {
            text.push_str(&format!(", which {} `{}`", verb(kind_into(i)), id(i - 1)));
        }
        let message = if n == 1 {
            let attribute = match kind_into(0) {
                EdgeKind::DownRevision => "down_revision",
                EdgeKind::DependsOn => "depends_on",
            };
            format!("revision `{}` names itself in `{attribute}`", id(0))
        } else {
            format!("revision cycle: {text}")
        };
        let through_depends_on = cycle.steps.iter().any(|(_, k)| *k == EdgeKind::DependsOn);
        let alembic = match (n == 1, through_depends_on) {
            (true, false) => "Alembic refuses the whole history (\"Self-loop is detected\")",
            (true, true) => {
                "Alembic refuses the whole history (\"Dependency self-loop is detected\")"
            }
            (false, false) => {
                "Alembic refuses the whole history (\"Cycle is detected in revisions\")"
            }
            (false, true) => {
                "Alembic refuses the history (\"Dependency cycle is detected\") or, when a head \
                 still descends from the loop, loads it and then hangs or applies a revision \
                 before one it depends on"
            }
        };
        let file = &files[graph.file_of(node(0))];
        let mut d = Diagnostic::new(&REVISION_CYCLE, message)
            .at(&file.source, attribute_span(0))
            .with_help(format!(
                "{alembic}; point one of these revisions at an older parent (or drop the \
                 dependency) so the history only moves forward"
            ));
        for i in 1..n {
            let f = &files[graph.file_of(node(i))];
            d = d.with_related(
                &f.source,
                attribute_span(i),
                format!("`{}` {} `{}`", id(i), verb(kind_into(i)), id(i - 1)),
            );
        }
        out.push(d);
    }
}

/// RT103 and RT107: references that resolve to nothing.
pub fn dangling_references(
    files: &[RevisionFile],
    graph: &RevisionGraph,
    out: &mut Vec<Diagnostic>,
) {
    if graph.dangling.is_empty() {
        return;
    }
    let mut by_stem: HashMap<&str, usize> = HashMap::new();
    for (i, f) in files.iter().enumerate() {
        let name = f.source.file_name();
        by_stem.insert(name, i);
        by_stem.insert(name.strip_suffix(".py").unwrap_or(name), i);
    }
    // When some revision id is computed (RT003), a reference to it looks dangling.
    // So does a reference to a file that was not read.
    if files
        .iter()
        .any(|f| matches!(f.revision, crate::revision::Attr::Unknown { .. }) || f.unread.is_some())
    {
        return;
    }
    for dangling in &graph.dangling {
        // The file it names exists, but Alembic cannot load it: RT004 says why.
        if graph.is_excluded_id(&dangling.target.value) {
            continue;
        }
        let file = &files[dangling.file];
        let target = &dangling.target.value;
        let suggestion = suggest(files, graph, &by_stem, target);
        let (rule, what, consequence) = match dangling.kind {
            EdgeKind::DownRevision => (
                &MISSING_DOWN_REVISION,
                "down_revision",
                "Alembic warns \"Revision ... is not present\" and then fails with a KeyError",
            ),
            EdgeKind::DependsOn => (
                &MISSING_DEPENDENCY,
                "depends_on",
                "Alembic fails with a KeyError when it loads the history",
            ),
        };
        let known_as = match dangling.kind {
            EdgeKind::DownRevision => "no revision id",
            EdgeKind::DependsOn => "no revision id or branch label",
        };
        let mut message = format!("`{what}` names `{target}`, which is {known_as} in this project");
        if let Some(s) = &suggestion {
            message.push_str(&format!("; {}", s.text));
        }
        let help = match &suggestion {
            Some(s) => format!("use `{}`; {consequence}", s.replacement),
            None => format!(
                "{consequence}; point it at an existing revision (see `retort heads`) or add the missing file"
            ),
        };
        let mut d = Diagnostic::new(rule, message)
            .at(&file.source, dangling.target.span)
            .with_help(help);
        if let Some(s) = &suggestion
            && let Some(i) = s.file
        {
            d = d.with_related(
                &files[i].source,
                files[i].id_span(),
                format!("revision `{}`", s.replacement),
            );
        }
        out.push(d);
    }
}

struct Suggestion {
    text: String,
    replacement: String,
    file: Option<usize>,
}

fn suggest(
    files: &[RevisionFile],
    graph: &RevisionGraph,
    by_stem: &HashMap<&str, usize>,
    target: &str,
) -> Option<Suggestion> {
    // A file name or stem: a common slip.
    if let Some(&i) = by_stem.get(target)
        && let Some(id) = files[i].id()
    {
        return Some(Suggestion {
            text: format!(
                "that is the file `{}`, which holds revision `{id}`",
                files[i].source.file_name()
            ),
            replacement: id.to_owned(),
            file: Some(i),
        });
    }
    // A branch label: fine in depends_on, but a parent must be named by its id.
    if let Some(&node) = graph.labels.get(target) {
        let i = graph.file_of(node);
        if let Some(id) = files[i].id() {
            return Some(Suggestion {
                text: format!(
                    "that is a branch label of revision `{id}`, and Alembic looks parents up by revision id only"
                ),
                replacement: id.to_owned(),
                file: Some(i),
            });
        }
    }
    // A partial id: Alembic resolves those on the command line, not in down_revision.
    if target.len() >= 4 {
        let matches: Vec<&String> = graph
            .by_id
            .keys()
            .filter(|id| id.starts_with(target))
            .collect();
        if let [only] = matches.as_slice() {
            return Some(Suggestion {
                text: format!("it is a prefix of `{only}`, but Alembic needs the full id here"),
                replacement: (*only).clone(),
                file: graph.by_id.get(*only).map(|&n| graph.file_of(n)),
            });
        }
    }
    // A typo: the closest id within a small edit distance.
    let limit = (target.len() / 4).clamp(1, 3);
    let mut best: Option<(usize, &String)> = None;
    let mut candidates: Vec<&String> = graph.by_id.keys().chain(graph.labels.keys()).collect();
    candidates.sort();
    for candidate in candidates {
        let d = edit_distance(target, candidate);
        if d <= limit && best.is_none_or(|(bd, _)| d < bd) {
            best = Some((d, candidate));
        }
    }
    best.map(|(_, id)| Suggestion {
        text: format!("did you mean `{id}`?"),
        replacement: id.clone(),
        file: graph
            .by_id
            .get(id)
            .or_else(|| graph.labels.get(id))
            .map(|&n| graph.file_of(n)),
    })
}

fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut diagonal = row[0];
        row[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let above = row[j + 1];
            row[j + 1] = (above + 1)
                .min(row[j] + 1)
                .min(diagonal + usize::from(ca != *cb));
            diagonal = above;
        }
    }
    row[b.len()]
}

/// RT104: one id in two files.
pub fn duplicate_revision_id(
    files: &[RevisionFile],
    graph: &RevisionGraph,
    out: &mut Vec<Diagnostic>,
) {
    for dup in &graph.duplicates {
        let shadowed = &files[dup.shadowed];
        let winner = &files[dup.winner];
        out.push(
            Diagnostic::new(
                &DUPLICATE_REVISION_ID,
                format!(
                    "revision id `{}` is also declared in `{}`; Alembic keeps that later file and this one turns into an extra head",
                    dup.id,
                    winner.source.display
                ),
            )
            .at(&shadowed.source, shadowed.id_span())
            .with_related(&winner.source, winner.id_span(), "the file Alembic keeps")
            .with_help("give one of the two files a new id (and update its children's down_revision)"),
        );
    }
}

/// RT105: several bases, unless every base starts a labelled branch.
pub fn multiple_bases(files: &[RevisionFile], graph: &RevisionGraph, out: &mut Vec<Diagnostic>) {
    let bases = graph.bases(files);
    if bases.len() < 2 {
        return;
    }
    // A base whose labels could not be read (RT003) may start a labelled branch.
    let labelled = |n| {
        let file = &files[graph.file_of(n)];
        !file.branch_label_ids().is_empty()
            || matches!(file.branch_labels, crate::revision::Attr::Unknown { .. })
    };
    if bases.iter().all(|&b| labelled(b)) {
        return;
    }
    let ids: Vec<String> = bases.iter().map(|&b| id_of(files, graph, b)).collect();
    let (&primary, others) = bases.split_last().expect("two or more bases");
    let file = &files[graph.file_of(primary)];
    let span = file.down_revision.span().unwrap_or(file.id_span());
    let mut d = Diagnostic::new(
        &MULTIPLE_BASES,
        format!(
            "{} revisions have no parent: {}",
            bases.len(),
            ids.iter()
                .map(|i| format!("`{i}`"))
                .collect::<Vec<_>>()
                .join(", ")
        ),
    )
    .at(&file.source, span)
    .with_help(
        "a second base usually means a revision was created with the wrong (or no) down_revision; \
         set it to its real parent, or give each independent branch a branch label",
    );
    for &other in others {
        let f = &files[graph.file_of(other)];
        d = d.with_related(
            &f.source,
            f.down_revision.span().unwrap_or(f.id_span()),
            format!("base `{}`", id_of(files, graph, other)),
        );
    }
    out.push(d);
}

/// RT108: a branch label claimed twice, or equal to a revision id.
pub fn duplicate_branch_label(
    files: &[RevisionFile],
    graph: &RevisionGraph,
    out: &mut Vec<Diagnostic>,
) {
    for dup in &graph.duplicate_labels {
        let file = &files[dup.file];
        let holder = &files[dup.holder];
        let holder_id = holder.id().unwrap_or("?");
        let message = if dup.holder_is_revision {
            format!(
                "branch label `{}` is also the id of revision `{holder_id}`",
                dup.label.value
            )
        } else {
            format!(
                "branch label `{}` is already used by revision `{holder_id}`",
                dup.label.value
            )
        };
        let holder_span: Span = if dup.holder_is_revision {
            holder.id_span()
        } else {
            holder
                .branch_label_ids()
                .iter()
                .find(|l| l.value == dup.label.value)
                .map_or(holder.id_span(), |l| l.span)
        };
        out.push(
            Diagnostic::new(&DUPLICATE_BRANCH_LABEL, message)
                .at(&file.source, dup.label.span)
                .with_related(&holder.source, holder_span, "first claimed here")
                .with_help("Alembic refuses the history (\"Branch name ... already used\"); rename one label"),
        );
    }
}

/// RT112: with `--base REF`, every head that is new on this branch must descend from
/// every head REF has; otherwise merging leaves REF's head and ours side by side.
pub fn not_based_on_base_head(
    files: &[RevisionFile],
    graph: &RevisionGraph,
    base: &crate::analysis::Base,
    out: &mut Vec<Diagnostic>,
) {
    let in_base = |n: petgraph::graph::NodeIndex| base.files_in_base.contains(&graph.file_of(n));
    // REF's own heads: base revisions no other base revision names as down_revision.
    let base_heads: Vec<_> = graph
        .nodes()
        .filter(|&n| in_base(n) && !graph.children(n, EdgeKind::DownRevision).any(in_base))
        .collect();
    if base_heads.is_empty() {
        return;
    }
    for head in graph.heads() {
        if in_base(head) {
            continue;
        }
        let ancestors = graph.ancestors(head);
        let missing: Vec<_> = base_heads
            .iter()
            .copied()
            .filter(|h| !ancestors.contains(h))
            .collect();
        if missing.is_empty() {
            continue;
        }
        let file = &files[graph.file_of(head)];
        let head_id = id_of(files, graph, head);
        let missing_ids: Vec<String> = missing.iter().map(|&m| id_of(files, graph, m)).collect();
        let listed = missing_ids
            .iter()
            .map(|m| format!("`{m}`"))
            .collect::<Vec<_>>()
            .join(", ");
        let span = file.down_revision.span().unwrap_or(file.id_span());
        let mut d = Diagnostic::new(
            &NOT_BASED_ON_BASE_HEAD,
            format!(
                "`{head_id}` is new on this branch but does not build on {listed}, the head of `{}`; merged, the history would have two heads",
                base.reference
            ),
        )
        .at(&file.source, span)
        .with_help(format!(
            "rebase the migration: set the oldest new revision's down_revision to {listed} (or add a merge revision on this branch)"
        ));
        for &m in &missing {
            let f = &files[graph.file_of(m)];
            d = d.with_related(
                &f.source,
                f.id_span(),
                format!("head of {}", base.reference),
            );
        }
        out.push(d);
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn edit_distance() {
        assert_eq!(super::edit_distance("kitten", "sitting"), 3);
        assert_eq!(super::edit_distance("abc", "abc"), 0);
    }
}
