//! RT4xx: the live database against the history (`retort db check`). `db::check`
//! examines; these turn its examination into findings, each pointing at the revision
//! file and op that creates the object in question where there is one, and the repair
//! plan into the help of the finding that calls for it.

use std::collections::HashSet;

use petgraph::graph::NodeIndex;

use crate::analysis::Analysis;
use crate::db::Snapshot;
use crate::db::check::{self, Examination};
use crate::db::compare::{Difference, Names};
use crate::diagnostic::{Diagnostic, RuleInfo, Severity};
use crate::schema::replay::{self, OpRef};

rule!(
    UNKNOWN_STAMPED_REVISION,
    "RT401",
    "unknown-stamped-revision",
    Error,
    true,
    "The database's version table holds a revision the history does not contain."
);
rule!(
    PENDING_REVISIONS,
    "RT402",
    "pending-revisions",
    Warning,
    true,
    "Revisions the database has not run yet, in the order `alembic upgrade heads` runs them."
);
rule!(
    STAMPED_BUT_NOT_APPLIED,
    "RT403",
    "stamped-but-not-applied",
    Error,
    true,
    "The version table says a revision ran, but the database lacks what it creates."
);
rule!(
    CHANGED_OUTSIDE_MIGRATIONS,
    "RT404",
    "changed-outside-migrations",
    Warning,
    true,
    "The database has a table, column, index or constraint the stamped revisions do not create."
);
rule!(
    DATABASE_MATCHES_OTHER_REVISION,
    "RT405",
    "database-matches-other-revision",
    Error,
    true,
    "The database's schema matches another revision better than the one stamped in it."
);
rule!(
    DATABASE_NOT_STAMPED,
    "RT406",
    "database-not-stamped",
    Error,
    true,
    "The database has tables but no revision in its version table (or no version table)."
);

/// Whether the history's heads should be joined by a merge revision (RT101 fires).
pub fn needs_merge(analysis: &Analysis) -> bool {
    let mut out = Vec::new();
    super::graph_rules::multiple_heads(
        &analysis.files,
        &analysis.graph,
        analysis.config.options.allow_labelled_heads.unwrap_or(true),
        &mut out,
    );
    !out.is_empty()
}

fn at(analysis: &Analysis, d: Diagnostic, op: Option<OpRef>) -> Diagnostic {
    match op {
        Some(op) => d.at(&analysis.files[op.file].source, op.span),
        None => d,
    }
}

fn id_of(analysis: &Analysis, node: NodeIndex) -> &str {
    analysis.files[analysis.graph.file_of(node)]
        .id()
        .unwrap_or("?")
}

fn revision_line(analysis: &Analysis, d: Diagnostic, node: NodeIndex) -> Diagnostic {
    let file = &analysis.files[analysis.graph.file_of(node)];
    d.at(&file.source, file.id_span())
}

fn listed(ids: &[String]) -> String {
    ids.iter()
        .map(|i| format!("`{i}`"))
        .collect::<Vec<_>>()
        .join(", ")
}

/// The findings of one examination, sorted.
pub fn diagnostics(
    analysis: &Analysis,
    snapshot: &Snapshot,
    exam: &Examination,
) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    let names = Names::for_snapshot(snapshot);
    let stamp_ids = exam.stamp.rows.clone();
    let plan_help = |lead: &str| -> String {
        if exam.plan.is_empty() {
            return lead.to_owned();
        }
        format!(
            "{lead}Repair (the plan `retort db check` prints explains each step): {}",
            exam.plan
                .commands()
                .iter()
                .map(|c| format!("`{c}`"))
                .collect::<Vec<_>>()
                .join(", then ")
        )
    };
    let best = exam.best.as_ref().filter(|b| b.better_than_stamp);
    let best_text = best.map(|b| {
        let what = if b.candidate.nodes.is_empty() {
            "an empty schema (no revision applied)".to_owned()
        } else {
            let ids = check::ids(analysis, &b.candidate.nodes);
            format!(
                "{} {}",
                if ids.len() == 1 {
                    "revision"
                } else {
                    "revisions"
                },
                listed(&ids)
            )
        };
        let how = match b.candidate.differences.len() {
            0 => "exactly".to_owned(),
            n => format!(
                "best, with {n} difference{} left: it {}",
                if n == 1 { "" } else { "s" },
                b.candidate
                    .differences
                    .iter()
                    .take(5)
                    .map(Difference::describe)
                    .collect::<Vec<_>>()
                    .join("; ")
                    + if n > 5 { "; ..." } else { "" }
            ),
        };
        (what, how)
    });
    let mut help_given = false;

    // RT401: rows naming no revision.
    for unknown in &exam.stamp.unknown {
        let mut d = Diagnostic::new(
            &UNKNOWN_STAMPED_REVISION,
            format!(
                "the version table `{}` holds `{unknown}`, which no revision file of this \
                 history declares: every `alembic upgrade`, `downgrade` and `current` fails \
                 with \"Can't locate revision identified by '{unknown}'\"",
                snapshot.version_table
            ),
        );
        let lead = match &best_text {
            Some((what, how)) => format!(
                "Was its file deleted or renamed, or is this another project's database? The \
                 schema matches {what} {how}. "
            ),
            None => "Was its file deleted or renamed, or is this another project's database? "
                .to_owned(),
        };
        d = d.with_help(plan_help(&lead));
        help_given = true;
        out.push(d);
    }

    // RT406: tables, but nothing stamped.
    let unstamped = exam.stamp.known.is_empty() && exam.stamp.unknown.is_empty();
    if unstamped && exam.has_tables {
        let why = if exam.stamp.table_exists {
            format!("its version table `{}` is empty", snapshot.version_table)
        } else {
            format!("it has no version table `{}`", snapshot.version_table)
        };
        let count = snapshot.tables.len();
        let mut d = Diagnostic::new(
            &DATABASE_NOT_STAMPED,
            format!(
                "the database has {count} table{} but {why}: Alembic takes it for an empty \
                 database, and `alembic upgrade` would try to create what is already there",
                if count == 1 { "" } else { "s" }
            ),
        );
        let lead = match &best_text {
            Some((what, how)) => format!("The schema matches {what} {how}. "),
            None => String::new(),
        };
        d = d.with_help(plan_help(&format!(
            "{lead}If the version table has another name or schema, set `version-table` / \
             `version-table-schema` in [tool.retort] (or --version-table). "
        )));
        if let Some(b) = best
            && let Some(&first) = b.candidate.nodes.first()
        {
            d = revision_line(analysis, d, first);
        }
        help_given = true;
        out.push(d);
    }

    // RT405: stamped, but another revision matches better.
    if !unstamped
        && exam.stamp.unknown.is_empty()
        && let Some(b) = best
        && let Some((what, how)) = &best_text
    {
        let mut d = Diagnostic::new(
            &DATABASE_MATCHES_OTHER_REVISION,
            format!(
                "the database's schema matches {what} {how}, not the version table's {}",
                listed(&stamp_ids)
            ),
        );
        if let Some((&first, rest)) = b.candidate.nodes.split_first() {
            d = revision_line(analysis, d, first);
            for &other in rest {
                let file = &analysis.files[analysis.graph.file_of(other)];
                d = d.with_related(
                    &file.source,
                    file.id_span(),
                    format!("`{}`", id_of(analysis, other)),
                );
            }
        }
        d = d.with_help(plan_help(""));
        help_given = true;
        out.push(d);
    }

    // RT403 / RT404: the stamp's replayed schema against the database.
    if !exam.stamp.known.is_empty() && exam.stamp.unknown.is_empty() {
        let stamp_text = listed(&check::ids(analysis, &exam.stamp.known));
        let applied: HashSet<NodeIndex> = exam
            .stamp
            .known
            .iter()
            .flat_map(|&n| replay::all_ancestors(&analysis.graph, n))
            .collect();
        for difference in &exam.differences {
            match difference {
                Difference::Missing(object) => {
                    let whence = object.created_by.map(|op| {
                        let file = &analysis.files[op.file];
                        format!(
                            ", which revision `{}` creates here",
                            file.id().unwrap_or("?")
                        )
                    });
                    let d = Diagnostic::new(
                        &STAMPED_BUT_NOT_APPLIED,
                        format!(
                            "the version table says {stamp_text} ran, but the database lacks {}{}",
                            object.describe(),
                            whence.unwrap_or_default()
                        ),
                    )
                    .with_help(
                        "the revision was stamped (`alembic stamp`) or its upgrade failed part \
                         way: the code that needs this object will fail; see RT405 and the plan",
                    );
                    out.push(at(analysis, d, object.created_by));
                }
                Difference::Extra(object) => {
                    // Which revision creates it, preferring one the stamp does not cover.
                    let creator = check::creator(analysis, object, &names);
                    let (message, location) = match creator {
                        Some(op)
                            if analysis
                                .graph
                                .node_of(op.file)
                                .is_some_and(|n| !applied.contains(&n)) =>
                        {
                            let id = analysis.files[op.file].id().unwrap_or("?");
                            (
                                format!(
                                    "the database has {}, which revision `{id}` creates here, but \
                                     the version table ({stamp_text}) does not say `{id}` ran",
                                    object.describe()
                                ),
                                Some(op),
                            )
                        }
                        Some(op) => (
                            format!(
                                "the database has {}, which the history creates here and \
                                 removes again before {stamp_text}",
                                object.describe()
                            ),
                            Some(op),
                        ),
                        None => (
                            format!(
                                "the database has {}, which no revision creates: it was \
                                 changed outside migrations",
                                object.describe()
                            ),
                            None,
                        ),
                    };
                    let d = Diagnostic::new(&CHANGED_OUTSIDE_MIGRATIONS, message).with_help(
                        "add a revision that creates it (so that every database gets it), or \
                         drop it from this database",
                    );
                    out.push(at(analysis, d, location));
                }
                Difference::Nullability { column, .. } => {
                    let d = Diagnostic::new(
                        &CHANGED_OUTSIDE_MIGRATIONS,
                        format!("the database {}", difference.describe()),
                    )
                    .with_help(
                        "an `ALTER TABLE` run by hand, or a revision edited after it ran: \
                         add a revision that makes it so, or change it back",
                    );
                    out.push(at(analysis, d, column.created_by));
                }
            }
        }
    }

    // RT402: what `alembic upgrade heads` would run now.
    let unstamped_tables = unstamped && exam.has_tables;
    if !exam.pending.is_empty() && !unstamped_tables {
        let ids = check::ids(analysis, &exam.pending);
        let count = ids.len();
        let shown: Vec<String> = ids.iter().take(12).map(|i| format!("`{i}`")).collect();
        let mut message = format!(
            "{count} revision{} pending: `alembic upgrade heads` would run {}{}",
            if count == 1 { " is" } else { "s are" },
            shown.join(", then "),
            if count > 12 {
                format!(", and {} more", count - 12)
            } else {
                String::new()
            }
        );
        if exam.heads.len() > 1 {
            message.push_str(&format!(
                "; `alembic upgrade head` refuses: the history has {} heads ({})",
                exam.heads.len(),
                listed(&check::ids(analysis, &exam.heads))
            ));
        }
        let mut d = Diagnostic::new(&PENDING_REVISIONS, message);
        d = revision_line(analysis, d, exam.pending[0]);
        for &node in exam.pending.iter().skip(1).take(11) {
            let file = &analysis.files[analysis.graph.file_of(node)];
            d = d.with_related(
                &file.source,
                file.id_span(),
                format!("pending `{}`", id_of(analysis, node)),
            );
        }
        d = if help_given {
            d.with_help("see the plan: the pending revisions run in its last step")
        } else {
            d.with_help(plan_help(""))
        };
        out.push(d);
    }
    crate::diagnostic::sort(&mut out);
    out
}
