//! The repair plan: the commands that bring the database and the history back in step,
//! printed, never run. Join the heads (`retort lint --fix`) when the history has
//! several, record in the version table the revision the database really matches
//! (`alembic stamp --purge`), then run what it lacks (`alembic upgrade heads`). Each
//! step says why; a warning marks a step that would fail on an object that already
//! exists, and what the steps leave different.

use petgraph::graph::NodeIndex;
use serde::Serialize;

use super::check::{self, BestMatch, StampState};
use super::compare::{DbIndex, Difference};
use super::order;
use crate::analysis::Analysis;
use crate::ops::{OpKind, TableName};
use crate::schema::replay::OpRef;

#[derive(Clone, Debug, Default, Serialize)]
pub struct Plan {
    pub steps: Vec<PlanStep>,
    pub warnings: Vec<PlanWarning>,
}

impl Plan {
    pub fn is_empty(&self) -> bool {
        self.steps.is_empty()
    }

    /// The commands on one line each, for a finding's help.
    pub fn commands(&self) -> Vec<&str> {
        self.steps.iter().map(|s| s.command.as_str()).collect()
    }
}

#[derive(Clone, Debug, Serialize)]
pub struct PlanStep {
    pub command: String,
    pub why: String,
    /// `alembic upgrade`: the revisions it runs, in order.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub runs: Vec<String>,
}

#[derive(Clone, Debug, Serialize)]
pub struct PlanWarning {
    pub message: String,
    /// The op it is about.
    #[serde(skip)]
    pub at: Option<OpRef>,
}

pub fn plan(
    analysis: &Analysis,
    db: &DbIndex<'_>,
    stamp: &StampState,
    best: Option<&BestMatch>,
    pending: &[NodeIndex],
    needs_merge: bool,
) -> Plan {
    let graph = &analysis.graph;
    let files = &analysis.files;
    let mut plan = Plan::default();
    let restamp = best.is_some_and(|b| b.better_than_stamp);
    let target: Vec<NodeIndex> = match best {
        Some(b) if restamp => b.candidate.nodes.clone(),
        _ => stamp.known.clone(),
    };
    let after: Vec<NodeIndex> = if restamp {
        order::upgrade_heads(graph, files, &target)
    } else {
        pending.to_vec()
    };
    let heads = graph.heads();
    let id_list = |nodes: &[NodeIndex]| check::ids(analysis, nodes).join(", ");

    let merge_step = needs_merge && (!after.is_empty() || restamp || !stamp.unknown.is_empty());
    if merge_step {
        plan.steps.push(PlanStep {
            command: "retort lint --fix".to_owned(),
            why: format!(
                "write the merge revision joining the heads {} (what `alembic merge heads` \
                 writes), so that the history has one head again",
                id_list(&heads)
            ),
            runs: Vec::new(),
        });
    }
    if restamp && let Some(b) = best {
        let shown = if target.is_empty() {
            "base".to_owned()
        } else {
            check::ids(analysis, &target).join(" ")
        };
        let what = if target.is_empty() {
            "an empty history (no revision)".to_owned()
        } else if target.len() == 1 {
            format!("revision {shown}")
        } else {
            format!("revisions {}", id_list(&target))
        };
        let how = match b.candidate.differences.len() {
            0 => "exactly".to_owned(),
            1 => "best, with 1 difference left".to_owned(),
            n => format!("best, with {n} differences left"),
        };
        let now = if stamp.rows.is_empty() {
            "it holds nothing now".to_owned()
        } else {
            format!("it holds now: {}", stamp.rows.join(", "))
        };
        plan.steps.push(PlanStep {
            command: format!("alembic stamp --purge {shown}"),
            why: format!(
                "the database's schema matches the one {what} produces ({how}): record that \
                 in the version table without running anything (--purge first removes what \
                 {now})"
            ),
            runs: Vec::new(),
        });
    }
    if !after.is_empty() || merge_step {
        let mut runs = check::ids(analysis, &after);
        if merge_step {
            runs.push("the merge revision".to_owned());
        }
        plan.steps.push(PlanStep {
            command: "alembic upgrade heads".to_owned(),
            why: format!(
                "run the {} the database lacks, in the order Alembic runs them",
                if runs.len() == 1 {
                    "revision"
                } else {
                    "revisions"
                }
            ),
            runs,
        });
    }

    // A step that would fail: it creates what the database already has.
    for &node in &after {
        let file = graph.file_of(node);
        let id = files[file].id().unwrap_or("?");
        for op in files[file]
            .upgrade
            .as_ref()
            .map(|f| f.body.ops.as_slice())
            .unwrap_or(&[])
        {
            if op.conditional || op.guarded {
                continue;
            }
            if let Some(existing) = already_there(db, &op.kind) {
                plan.warnings.push(PlanWarning {
                    message: format!(
                        "`alembic upgrade heads` would fail at revision {id} ({}, line {}): it \
                         would {}, but the database already has {existing}",
                        files[file].source.display,
                        files[file].source.line_col(op.span.start).line,
                        op.describe()
                    ),
                    at: Some(OpRef {
                        file,
                        span: op.span,
                    }),
                });
            }
        }
    }
    // What stays different once the steps ran.
    let remaining: &[Difference] = match best {
        Some(b) => &b.candidate.differences,
        None => &[],
    };
    let names = db.names();
    for difference in remaining {
        let object = difference.object();
        match difference {
            Difference::Missing(o) => {
                let whence = o
                    .created_by
                    .map(|at| {
                        let f = &files[at.file];
                        format!(
                            ", which revision {} creates ({}, line {})",
                            f.id().unwrap_or("?"),
                            f.source.display,
                            f.source.line_col(at.span.start).line
                        )
                    })
                    .unwrap_or_default();
                plan.warnings.push(PlanWarning {
                    message: format!(
                        "the database will still lack {}{whence}: no step creates it again; \
                         create it by hand or in a new revision",
                        o.describe()
                    ),
                    at: o.created_by,
                });
            }
            Difference::Extra(o) => {
                let created_later = after.iter().any(|&n| {
                    check::creator(analysis, o, names).is_some_and(|at| at.file == graph.file_of(n))
                });
                if !created_later {
                    plan.warnings.push(PlanWarning {
                        message: format!(
                            "the database will still have {}, which no revision up to the \
                             heads creates (a change made outside migrations?): drop it, or \
                             add a revision that creates it",
                            o.describe()
                        ),
                        at: None,
                    });
                }
            }
            Difference::Nullability { .. } => plan.warnings.push(PlanWarning {
                message: format!(
                    "the database will still have {}: no step changes it",
                    difference.describe().trim_start_matches("has ")
                ),
                at: object.created_by,
            }),
        }
    }
    if restamp && let Some(b) = best {
        let others: Vec<NodeIndex> = b
            .tied
            .iter()
            .copied()
            .filter(|&n| !check::changes_nothing(analysis, n))
            .collect();
        if !others.is_empty() {
            plan.warnings.push(PlanWarning {
                message: format!(
                    "the database matches {} equally well: what those revisions do is not \
                     visible in the schema (data changes, SQL retort cannot read). Check \
                     whether they ran before stamping; the plan assumes they did not",
                    id_list(&others)
                ),
                at: None,
            });
        }
    }
    plan
}

/// What a create op would collide with in the database, described.
fn already_there(db: &DbIndex<'_>, kind: &OpKind) -> Option<String> {
    let table_desc = |t: &TableName| format!("table `{t}`");
    match kind {
        OpKind::CreateTable { table, .. } => db.table(table).map(|_| table_desc(table)),
        OpKind::RenameTable { table, new_name } => {
            let target = TableName {
                schema: table.schema.clone(),
                name: new_name.clone(),
            };
            db.table(&target).map(|_| table_desc(&target))
        }
        OpKind::AddColumn { table, column } => db
            .has_column(table, &column.name)
            .then(|| format!("column `{table}.{}`", column.name)),
        OpKind::CreateIndex { table, index } => index
            .name
            .as_deref()
            .filter(|n| db.has_index(table, n))
            .map(|n| format!("index `{n}` on `{table}`")),
        OpKind::CreateConstraint { table, constraint } => {
            let name = constraint.name.as_deref()?;
            db.has_constraint_named(table, name)
                .then(|| format!("constraint `{name}` on `{table}`"))
        }
        _ => None,
    }
}
