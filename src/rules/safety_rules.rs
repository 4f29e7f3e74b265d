//! RT3xx: operations that lock or break a running database while the migration runs.
//! squawk's PostgreSQL rules run on the SQL `schema::render` writes for each revision's
//! `upgrade()` (as Alembic would emit it) and on SQL written in `op.execute`; every
//! violation is pointed back at the op's line. The replay corrects squawk where it
//! knows better (a table created in the same revision, a VARCHAR widened, a column
//! already NOT NULL). Three native rules, on any dialect, need the history or the model:
//! RT350 (NOT NULL column without a default on an existing table), RT351 (dropping what
//! the model maps), RT352 (renaming what the model maps under the old name).
//!
//! Only new revisions are reported (`--base`, files named on the command line,
//! `safety-baseline`, or `--all-revisions`); findings in the rest of the history are
//! counted, and the caller says how to see them.

use std::collections::HashSet;

use petgraph::graph::NodeIndex;
use rayon::prelude::*;

use super::{RuleInfo, RuleSettings, lookup};
use crate::analysis::Analysis;
use crate::diagnostic::Diagnostic;
use crate::ops::{ColumnDef, Condition, Op, OpKind, TableName};
use crate::revision::RevisionFile;
use crate::schema::render::{self, RenderedSql, Source};
use crate::schema::replay::{self, Applier, Column};
use crate::source::Span;
use crate::sql;

/// squawk rules whose subject is a table that must already hold rows to be hurt: on a
/// table created earlier in the same revision (inside the same transaction, empty and
/// invisible to others) they find nothing real.
const LOCK_RULES: &[&str] = &[
    "require-concurrent-index-creation",
    "require-concurrent-index-deletion",
    "constraint-missing-not-valid",
    "adding-foreign-key-constraint",
    "changing-column-type",
    "adding-not-nullable-field",
    "adding-required-field",
    "adding-field-with-default",
    "adding-serial-primary-key-field",
    "disallowed-unique-constraint",
    "renaming-column",
    "renaming-table",
    "ban-drop-column",
    "ban-drop-table",
    "ban-drop-not-null",
];

/// What the safety rules found.
#[derive(Debug, Default)]
pub struct Outcome {
    /// Findings in revisions that are not new (not reported).
    pub historical: usize,
    /// `safety-baseline` names no revision of the history.
    pub unknown_baseline: Option<String>,
    /// Said once when squawk's rules were selected: that they assumed PostgreSQL, or
    /// that they did not run because the project is on another database.
    pub dialect_note: Option<String>,
}

/// Which revisions are "new": their findings are reported.
enum Scope {
    All,
    Files(HashSet<usize>),
}

impl Scope {
    fn contains(&self, file: usize) -> bool {
        match self {
            Scope::All => true,
            Scope::Files(files) => files.contains(&file),
        }
    }
}

/// The revisions whose findings are reported, and a `safety-baseline` that names no
/// revision.
fn scope(analysis: &Analysis, settings: &RuleSettings) -> (Scope, Option<String>) {
    if settings.all_revisions {
        return (Scope::All, None);
    }
    let mut new = HashSet::new();
    if let Some(base) = &analysis.base {
        new.extend((0..analysis.files.len()).filter(|i| !base.files_in_base.contains(i)));
    }
    if let Some(only) = &analysis.only_files {
        for (i, file) in analysis.files.iter().enumerate() {
            let real = file
                .source
                .path
                .canonicalize()
                .unwrap_or_else(|_| file.source.path.clone());
            if only.contains(&real) {
                new.insert(i);
            }
        }
    }
    if let Some(baseline) = &analysis.config.options.safety_baseline {
        match resolve(analysis, baseline) {
            Some(node) => {
                let ancestors = replay::all_ancestors(&analysis.graph, node);
                for n in analysis.graph.nodes() {
                    if !ancestors.contains(&n) {
                        new.insert(analysis.graph.file_of(n));
                    }
                }
            }
            None => return (Scope::Files(new), Some(baseline.clone())),
        }
    }
    (Scope::Files(new), None)
}

/// A revision id, or a unique prefix of at least four characters (as Alembic allows).
fn resolve(analysis: &Analysis, id: &str) -> Option<NodeIndex> {
    let graph = &analysis.graph;
    let matching: Vec<NodeIndex> = graph
        .nodes()
        .filter(|&n| {
            analysis.files[graph.file_of(n)]
                .id()
                .is_some_and(|rev| rev == id || (id.len() >= 4 && rev.starts_with(id)))
        })
        .collect();
    match matching.as_slice() {
        [one] => Some(*one),
        _ => graph
            .nodes()
            .find(|&n| analysis.files[graph.file_of(n)].id() == Some(id)),
    }
}

/// Whether the squawk rules (PostgreSQL) apply, and on what evidence.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum PostgresEvidence {
    /// The project's dialect is PostgreSQL, or env.py / the revisions name it.
    Named,
    /// Nothing names the project's database: PostgreSQL is assumed.
    Assumed,
    /// Not PostgreSQL: why, for the note.
    Not(String),
}

/// Whether the squawk rules (PostgreSQL) apply: the project's dialect as the schema
/// checks decide it (`[tool.retort] dialect`, a version location named after a dialect,
/// else `sqlalchemy.url` of the ini section read, else the URLs env.py writes, when
/// they agree); when that says nothing, what env.py and the revisions mention: another
/// database and never PostgreSQL, or `render_as_batch=True` (SQLite's batch mode) and
/// never PostgreSQL, is not PostgreSQL; a mention of PostgreSQL is; nothing at all is
/// assumed to be PostgreSQL.
pub fn postgres_evidence(analysis: &Analysis) -> PostgresEvidence {
    if let Some(choice) = &analysis.dialect {
        return if choice.dialect == crate::ops::Dialect::PostgreSQL {
            PostgresEvidence::Named
        } else {
            PostgresEvidence::Not(format!(
                "the project's dialect is {} ({})",
                choice.dialect, choice.source
            ))
        };
    }
    const POSTGRES: &[&str] = &["postgres", "psycopg", "asyncpg"];
    const OTHERS: &[&str] = &["sqlite", "mysql", "mariadb", "oracle", "mssql"];
    let env = env_py(analysis)
        .map(|text| text.to_lowercase())
        .unwrap_or_default();
    let env_postgres = POSTGRES.iter().any(|w| env.contains(w));
    let env_other = OTHERS.iter().find(|w| env.contains(*w));
    let batch = env
        .split_whitespace()
        .collect::<String>()
        .contains("render_as_batch=true");
    let (mut revisions_postgres, mut revisions_other) = (false, None);
    for file in &analysis.files {
        let text = file.source.text.to_lowercase();
        revisions_postgres |= POSTGRES.iter().any(|w| text.contains(w));
        if revisions_other.is_none() {
            revisions_other = OTHERS.iter().find(|w| text.contains(*w));
        }
    }
    if let (Some(other), false) = (env_other, env_postgres) {
        return PostgresEvidence::Not(format!("env.py names {other} and never PostgreSQL"));
    }
    if env_postgres || revisions_postgres {
        return PostgresEvidence::Named;
    }
    if batch {
        return PostgresEvidence::Not(
            "env.py sets `render_as_batch=True` (SQLite's batch mode), and neither it nor \
             the revisions name PostgreSQL"
                .to_owned(),
        );
    }
    if let Some(other) = revisions_other {
        return PostgresEvidence::Not(format!("the revisions name {other} and never PostgreSQL"));
    }
    PostgresEvidence::Assumed
}

/// Whether an op removes a table, column or index (or runs code that may).
fn drops_something(op: &Op) -> bool {
    matches!(
        op.kind,
        OpKind::DropTable { .. }
            | OpKind::DropColumn { .. }
            | OpKind::DropIndex { .. }
            | OpKind::RenameTable { .. }
            | OpKind::AlterColumn { .. }
            | OpKind::Execute { .. }
            | OpKind::Opaque { .. }
    )
}

/// What an existence test of the live schema answers where the replay is: `true` when
/// the replayed schema has the object; `None` otherwise (a table older than the
/// history, or changed by code retort cannot read, may have what the replay lacks).
fn holds(schema: &replay::Schema, object: &crate::ops::SchemaObject) -> Option<bool> {
    use crate::ops::SchemaObject;
    let has = match object {
        SchemaObject::Table(t) => schema.table(&TableName::new(None, t)).is_some(),
        SchemaObject::Column(t, c) => schema
            .table(&TableName::new(None, t))
            .is_some_and(|table| table.column(c).is_some()),
        SchemaObject::Index(name) => schema.has_index(name),
    };
    has.then_some(true)
}

/// Whether the project's database is MySQL or MariaDB: its dialect says so, or, with
/// no dialect set, env.py names MySQL or MariaDB and no other database.
fn runs_on_mysql_only(analysis: &Analysis) -> bool {
    use crate::ops::Dialect;
    if let Some(choice) = &analysis.dialect {
        return matches!(choice.dialect, Dialect::MySQL | Dialect::MariaDB);
    }
    let Some(env) = env_py(analysis).map(|text| text.to_lowercase()) else {
        return false;
    };
    let named = |words: &[&str]| words.iter().any(|w| env.contains(w));
    named(&["mysql", "mariadb"])
        && !named(&[
            "postgres", "psycopg", "asyncpg", "sqlite", "oracle", "mssql",
        ])
}

/// The text of the project's env.py, if it has one.
fn env_py(analysis: &Analysis) -> Option<String> {
    let script = analysis.project.script_location.as_ref()?;
    std::fs::read_to_string(script.join("env.py")).ok()
}

/// Whether the project's env.py is seen to run the migrations inside a transaction:
/// it calls `context.begin_transaction()` itself and neither turns transactional DDL
/// off (`transactional_ddl=False`) nor asks for an `AUTOCOMMIT` connection. An env.py
/// that hands the work to code elsewhere (dagster's takes a connection its caller made
/// with `isolation_level="AUTOCOMMIT"` from `config.attributes`) may run without one.
/// Without an env.py, Alembic's templates are assumed: a transaction.
fn runs_in_transaction(analysis: &Analysis) -> bool {
    let Some(env) = env_py(analysis) else {
        return true;
    };
    let compact: String = env.split_whitespace().collect();
    env.contains("begin_transaction")
        && !compact.contains("transactional_ddl=False")
        && !env.contains("AUTOCOMMIT")
}

/// Whether the squawk rules (PostgreSQL) apply (see `postgres_evidence`).
pub fn is_postgresql(analysis: &Analysis) -> bool {
    !matches!(postgres_evidence(analysis), PostgresEvidence::Not(_))
}

/// What the replay knows just before each op of one revision.
struct RevisionFacts {
    file: usize,
    /// For each op: the column it alters, as it was just before it.
    column_before: Vec<Option<Column>>,
    /// For each `drop_index` of a revision that also drops columns: the index's table
    /// and columns, as the schema before the revision has them.
    index_columns: Vec<Option<(TableName, Vec<String>)>>,
    /// For each op: it does not run, because it is guarded by an existence test of the
    /// live schema (`if "c" not in [x["name"] for x in inspector.get_columns("t")]:`)
    /// that the replayed schema answers (the column is there).
    skipped: Vec<bool>,
}

/// A drop or rename of something the model maps, checked against the heads once the
/// replay is done.
struct MappedCandidate {
    file: usize,
    op: usize,
}

/// Run the enabled safety rules with a replay of their own; push what is found in new
/// revisions. (The rule runner shares the schema rules' replay instead: `start`.)
pub fn check(analysis: &Analysis, settings: &RuleSettings, out: &mut Vec<Diagnostic>) -> Outcome {
    match start(analysis, settings) {
        Err(outcome) => outcome,
        Ok(collector) => collector.run_alone(out),
    }
}

impl Collector<'_> {
    /// Replay the history for these rules alone (no schema rule needs a replay).
    pub fn run_alone(mut self, out: &mut Vec<Diagnostic>) -> Outcome {
        let analysis = self.analysis;
        let pass = self.squawk_pass();
        let (replayed, linted) = rayon::join(
            || {
                replay::replay_with(
                    &analysis.files,
                    &analysis.graph,
                    analysis.replay_options(),
                    &[],
                    |step| self.visit(step),
                )
            },
            || pass.run(),
        );
        self.finish(&replayed, linted, out)
    }
}

/// squawk on every revision's rendered upgrade: it needs no replay, so it runs beside it.
pub struct SquawkPass<'a> {
    files: &'a [RevisionFile],
    squawk: Option<sql::Prepared>,
}

/// squawk rules that find nothing in a revision whose upgrade only creates tables and
/// plain (not concurrent) indexes on them, rendered by retort: `transaction-nesting`
/// (the renderer's one `BEGIN` ... `COMMIT`), `prefer-repack` (`CLUSTER`, `VACUUM
/// FULL`), `ban-concurrent-index-creation-in-transaction` (no `CONCURRENTLY`). With the
/// lock rules (exempt on a table created in the same revision) and `WRITTEN_SQL_ONLY`,
/// these are the default rules: such a revision, common in real histories, is not
/// given to squawk at all when no other rule is selected.
const NEW_TABLES_ONLY: &[&str] = &[
    "transaction-nesting",
    "prefer-repack",
    "ban-concurrent-index-creation-in-transaction",
];

/// Whether `ops` only create tables and indexes on tables created before them in the
/// same revision, in the migration's transaction, without SQL written in the file.
fn only_creates_tables(ops: &[Op]) -> bool {
    let mut created: HashSet<&TableName> = HashSet::new();
    ops.iter().all(|op| {
        !op.run.autocommit
            && !op.run.concurrently
            && op.run.sql.is_none()
            && !op.run.sql_part
            && match &op.kind {
                OpKind::CreateTable { table, .. } => {
                    created.insert(table);
                    true
                }
                OpKind::CreateIndex { table, .. } => created.contains(table),
                _ => false,
            }
    })
}

/// squawk rules that find nothing retort keeps in SQL it writes from ops, only in SQL
/// written in `op.execute`: statements the renderer never writes (`UPDATE`, `TRUNCATE`,
/// domains, `REINDEX`, `DETACH PARTITION`, `DROP DATABASE`), and `identifier-too-long`,
/// which `knows_better` drops for ops. A revision without written SQL is linted
/// without them (a tenth of squawk's work on a history of plain ops).
const WRITTEN_SQL_ONLY: &[&str] = &[
    "ban-duplicate-column-assignments",
    "ban-create-domain-with-constraint",
    "ban-alter-domain-with-add-constraint",
    "ban-truncate-cascade",
    "require-concurrent-reindex",
    "require-concurrent-partition-detach",
    "ban-drop-database",
    "identifier-too-long",
];

/// One revision's upgrade as rendered SQL, and squawk's violations in it.
pub struct Linted {
    rendered: RenderedSql,
    violations: Vec<sql::Violation>,
}

impl SquawkPass<'_> {
    /// For each revision file (by index): its SQL and squawk's violations, when squawk's
    /// rules run and it has upgrade ops.
    pub fn run(&self) -> Vec<Option<Linted>> {
        let Some(squawk) = &self.squawk else {
            return Vec::new();
        };
        let ops_only = squawk.without(WRITTEN_SQL_ONLY);
        // Whether every selected rule finds nothing retort keeps in a revision that only
        // creates tables and indexes on them (see `NEW_TABLES_ONLY`).
        let new_tables_quiet = squawk.names().all(|name| {
            LOCK_RULES.contains(&name)
                || WRITTEN_SQL_ONLY.contains(&name)
                || NEW_TABLES_ONLY.contains(&name)
        });
        self.files
            .par_iter()
            .map(|file| {
                let ops = upgrade_ops(file);
                if ops.is_empty() {
                    return None;
                }
                let rendered = render::render_upgrade(ops);
                if new_tables_quiet
                    && only_creates_tables(ops)
                    && !rendered.text.contains("CONCURRENTLY")
                {
                    return Some(Linted {
                        rendered,
                        violations: Vec::new(),
                    });
                }
                let written = rendered
                    .statements
                    .iter()
                    .any(|s| matches!(s.source, Source::Written { .. }));
                let violations = if written { squawk } else { &ops_only }.lint(&rendered.text);
                Some(Linted {
                    rendered,
                    violations,
                })
            })
            .collect()
    }
}

/// What the safety rules gather from a replay, one revision at a time (`visit`), then
/// check (`finish`).
pub struct Collector<'a> {
    analysis: &'a Analysis,
    /// squawk's rules, checked once; `None` when none runs.
    squawk: Option<sql::Prepared>,
    native: Native,
    evidence: PostgresEvidence,
    dialect_note: Option<String>,
    scope: Scope,
    unknown_baseline: Option<String>,
    model_present: bool,
    revisions: Vec<RevisionFacts>,
    candidates: Vec<MappedCandidate>,
}

/// The enabled safety rules, ready to see the replay; `Err` with the whole outcome when
/// none runs.
pub fn start<'a>(
    analysis: &'a Analysis,
    settings: &RuleSettings,
) -> Result<Collector<'a>, Outcome> {
    let on = |rule: &RuleInfo| settings.is_enabled(rule);
    let selected: Vec<&'static str> = sql::SQUAWK_RULES
        .iter()
        .copied()
        .filter(|name| lookup(name).is_some_and(on))
        .collect();
    let evidence = postgres_evidence(analysis);
    let dialect_note = if selected.is_empty() {
        None
    } else {
        match &evidence {
            PostgresEvidence::Named => None,
            // Said below, when they find something.
            PostgresEvidence::Assumed => None,
            // The user said so: nothing to tell.
            PostgresEvidence::Not(_) if analysis.config.options.dialect.is_some() => None,
            PostgresEvidence::Not(why) => Some(format!(
                "the PostgreSQL safety rules (RT301-RT338) did not run: {why}; set \
                 `dialect = \"postgresql\"` in [tool.retort] if the migrations run on \
                 PostgreSQL"
            )),
        }
    };
    let mut squawk: Vec<&'static str> = if matches!(evidence, PostgresEvidence::Not(_)) {
        Vec::new()
    } else {
        selected
    };
    // RT303 says a concurrent index fails inside the migration's transaction: only
    // where env.py is seen to open that transaction on a connection of its own making.
    if !runs_in_transaction(analysis) {
        squawk.retain(|rule| *rule != "ban-concurrent-index-creation-in-transaction");
    }
    let native = Native {
        // MySQL and MariaDB fill existing rows with the type's implicit default (0, '',
        // ...): the add succeeds there.
        not_null: on(&super::NOT_NULL_COLUMN_ON_EXISTING_TABLE) && !runs_on_mysql_only(analysis),
        dropping: on(&super::DROPPING_MAPPED_OBJECT),
        renaming: on(&super::RENAMING_MAPPED_OBJECT),
    };
    if squawk.is_empty() && !native.any() {
        return Err(Outcome {
            dialect_note,
            ..Outcome::default()
        });
    }
    let (scope, unknown_baseline) = scope(analysis, settings);
    // The rules and PostgreSQL version, checked once (the version was checked with the
    // configuration: an error here leaves squawk's rules out).
    let squawk = if squawk.is_empty() {
        None
    } else {
        sql::Prepared::new(
            &squawk,
            &sql::LintOptions {
                assume_in_transaction: false,
                pg_version: analysis.config.options.postgresql_version.clone(),
            },
        )
        .ok()
    };
    Ok(Collector {
        analysis,
        squawk,
        native,
        evidence,
        dialect_note,
        scope,
        unknown_baseline,
        model_present: analysis.models.is_present(),
        revisions: Vec::new(),
        candidates: Vec::new(),
    })
}

impl<'a> Collector<'a> {
    /// The squawk part of the rules, to run beside the replay (`SquawkPass::run`), its
    /// result given to `finish`.
    pub fn squawk_pass(&self) -> SquawkPass<'a> {
        SquawkPass {
            files: &self.analysis.files,
            squawk: self.squawk.clone(),
        }
    }

    /// One revision as the replay reaches it: the columns its `alter_column` ops change,
    /// as they were just before each, and its drops and renames of what the model may map.
    pub fn visit(&mut self, step: &replay::Step<'_>) {
        let ops = upgrade_ops(&self.analysis.files[step.file]);
        let mut column_before: Vec<Option<Column>> = vec![None; ops.len()];
        let mut skipped = vec![false; ops.len()];
        // Only an `alter_column`, or an op guarded by an existence test, needs the schema
        // op by op: replay the revision again on a copy of the schema before it, and
        // only then.
        let guarded = |op: &Op| {
            op.condition
                .as_ref()
                .is_some_and(Condition::tests_existence)
        };
        if ops
            .iter()
            .any(|op| matches!(op.kind, OpKind::AlterColumn { .. }) || guarded(op))
        {
            let mut schema = step.before.clone();
            let mut applier = Applier {
                options: step.options,
                created_anywhere: step.created_anywhere,
                created_indexes: None,
                missing: None,
            };
            let dialect = self.analysis.dialect.as_ref().map(|d| d.dialect);
            for (i, op) in ops.iter().enumerate() {
                // The test ran once, before the block it guards: it is answered by the
                // schema before the revision, unless an earlier op of the revision
                // dropped something (then it is not answered at all).
                if let Some(condition) = op.condition.as_ref().filter(|_| guarded(op))
                    && !ops[..i].iter().any(drops_something)
                    && condition.eval_with(dialect, &|object| holds(step.before, object))
                        == Some(false)
                {
                    skipped[i] = true;
                    continue;
                }
                if let OpKind::AlterColumn { table, column, .. } = &op.kind {
                    column_before[i] = schema.table(table).and_then(|t| t.column(column)).cloned();
                }
                applier.apply(&mut schema, op, step.file);
            }
        }
        // Which table and columns an index covers, for a `drop_index` that a later
        // `drop_column` may make moot, or an earlier op's lock on its table.
        let mut index_columns: Vec<Option<(TableName, Vec<String>)>> = vec![None; ops.len()];
        if ops
            .iter()
            .any(|op| matches!(op.kind, OpKind::DropIndex { .. }))
        {
            for (i, op) in ops.iter().enumerate() {
                if let OpKind::DropIndex { name, table } = &op.kind {
                    let table = table.clone().or_else(|| {
                        let mut tables = step.before.tables_with_index(name);
                        (tables.len() == 1).then(|| tables.remove(0))
                    });
                    index_columns[i] = table
                        .as_ref()
                        .and_then(|t| {
                            let index = step.before.table(t)?.indexes.get(name)?;
                            Some((t.clone(), index.columns.clone()))
                        })
                        .or_else(|| {
                            unnamed_index_dropped_later(step.before, ops, i, name, table.as_ref())
                        });
                }
            }
        }
        if self.model_present && (self.native.dropping || self.native.renaming) {
            for (i, op) in ops.iter().enumerate() {
                if !op.conditional
                    && matches!(
                        op.kind,
                        OpKind::DropColumn { .. }
                            | OpKind::DropTable { .. }
                            | OpKind::RenameTable { .. }
                            | OpKind::AlterColumn { .. }
                    )
                {
                    self.candidates.push(MappedCandidate {
                        file: step.file,
                        op: i,
                    });
                }
            }
        }
        self.revisions.push(RevisionFacts {
            file: step.file,
            column_before,
            index_columns,
            skipped,
        });
    }

    /// Check every revision the replay reached; push the findings in new revisions.
    pub fn finish(
        self,
        replayed: &replay::Replay,
        linted: Vec<Option<Linted>>,
        out: &mut Vec<Diagnostic>,
    ) -> Outcome {
        let Collector {
            analysis,
            native,
            evidence,
            dialect_note,
            scope,
            unknown_baseline,
            revisions,
            candidates,
            ..
        } = self;
        let files = analysis.files.as_slice();
        let mapped = mapped_findings(analysis, replayed, &candidates, native);
        let per_revision: Vec<(usize, Vec<Diagnostic>)> = revisions
            .par_iter()
            .map(|facts| {
                let mut found = Vec::new();
                let mapped_ops: HashSet<usize> = mapped
                    .iter()
                    .filter(|(file, _, _)| *file == facts.file)
                    .map(|(_, op, _)| *op)
                    .collect();
                revision_findings(
                    &files[facts.file],
                    facts,
                    linted.get(facts.file).and_then(Option::as_ref),
                    native,
                    &mapped_ops,
                    &mut found,
                );
                found.extend(
                    mapped
                        .iter()
                        .filter(|(file, _, _)| *file == facts.file)
                        .map(|(_, _, d)| d.clone()),
                );
                (facts.file, found)
            })
            .collect();
        let mut outcome = Outcome {
            historical: 0,
            unknown_baseline,
            dialect_note,
        };
        let mut squawk_found = false;
        for (file, found) in per_revision {
            squawk_found |= found.iter().any(|d| {
                d.code != super::NOT_NULL_COLUMN_ON_EXISTING_TABLE.code
                    && d.code != super::DROPPING_MAPPED_OBJECT.code
                    && d.code != super::RENAMING_MAPPED_OBJECT.code
            });
            if scope.contains(file) {
                out.extend(found);
            } else {
                outcome.historical += found.len();
            }
        }
        // PostgreSQL was only assumed: say so when that assumption produced findings.
        if squawk_found && evidence == PostgresEvidence::Assumed {
            outcome.dialect_note = Some(
                "nothing names the project's database (no `dialect` in [tool.retort], no database \
                 URL in alembic.ini or env.py, no dialect in env.py or the revisions), so the \
                 PostgreSQL safety rules (RT301-RT338) assumed PostgreSQL; set `dialect = \
                 \"postgresql\"` (or `\"sqlite\"`, `\"mysql\"`, ...) in [tool.retort] to say which"
                    .to_owned(),
            );
        }
        outcome
    }
}

#[derive(Clone, Copy)]
struct Native {
    not_null: bool,
    dropping: bool,
    renaming: bool,
}

impl Native {
    fn any(self) -> bool {
        self.not_null || self.dropping || self.renaming
    }
}

/// An index the replay knows by no name (`index=True` on a column, where retort does not
/// know the naming convention) that a `drop_index` names `ix_<table>_<column>`,
/// SQLAlchemy's name for it, when a later op of the revision drops that column of that
/// table: the index is taken to be on that column.
fn unnamed_index_dropped_later(
    before: &replay::Schema,
    ops: &[Op],
    at: usize,
    name: &str,
    table: Option<&TableName>,
) -> Option<(TableName, Vec<String>)> {
    let mut found = ops[at + 1..].iter().filter_map(|later| match &later.kind {
        OpKind::DropColumn { table: t, column }
            if table.is_none_or(|named| named == t)
                && name == format!("ix_{}_{column}", t.name)
                && before.table(t).is_some_and(|known| {
                    known.unnamed.index
                        && !known.names_uncertain
                        && known.indexes.get(name).is_none()
                        && known.column(column).is_some()
                }) =>
        {
            Some((t.clone(), vec![column.clone()]))
        }
        _ => None,
    });
    let first = found.next()?;
    found.all(|other| other == first).then_some(first)
}

fn upgrade_ops(file: &RevisionFile) -> &[Op] {
    file.upgrade
        .as_ref()
        .map(|f| f.body.ops.as_slice())
        .unwrap_or(&[])
}

/// The squawk findings and RT350 of one revision.
fn revision_findings(
    file: &RevisionFile,
    facts: &RevisionFacts,
    linted: Option<&Linted>,
    native: Native,
    mapped_ops: &HashSet<usize>,
    out: &mut Vec<Diagnostic>,
) {
    let ops = upgrade_ops(file);
    if ops.is_empty() {
        return;
    }
    let created = created_in_revision(ops);
    let rt350_ops: HashSet<usize> = if native.not_null {
        not_null_findings(file, ops, &created, &facts.skipped, out)
    } else {
        HashSet::new()
    };
    let Some(Linted {
        rendered,
        violations,
    }) = linted
    else {
        return;
    };
    let written_targets = written_statement_tables(rendered, &created);
    // squawk reports an `ADD CONSTRAINT ... FOREIGN KEY` twice: as a constraint without
    // NOT VALID (RT304) and as a foreign key (RT305), with the same fix. RT305 says it
    // (its span is the constraint, inside RT304's `ADD CONSTRAINT`); RT304 keeps CHECKs.
    let foreign_keys: Vec<std::ops::Range<usize>> = violations
        .iter()
        .filter(|v| v.rule == "adding-foreign-key-constraint")
        .map(|v| v.span.clone())
        .collect();
    for v in violations {
        if v.rule == "constraint-missing-not-valid"
            && foreign_keys
                .iter()
                .any(|fk| v.span.start <= fk.start && fk.end <= v.span.end)
        {
            continue;
        }
        let Some(statement) = rendered.statement_at(v.span.start) else {
            continue;
        };
        let Some(rule) = lookup(v.rule) else { continue };
        let op_index = match &statement.source {
            Source::Op(i) | Source::Written { op: i, .. } => Some(*i),
            Source::Transaction { op } => *op,
        };
        // An op an existence test keeps from running (the replay has the object).
        if op_index.is_some_and(|i| facts.skipped[i]) {
            continue;
        }
        let op = op_index.map(|i| &ops[i]);
        // The table the statement acts on, and whether this revision created it.
        let new_table = match &statement.source {
            Source::Op(i) => created.before_op(*i, ops[*i].table()),
            Source::Written { .. } => written_targets
                .iter()
                .find(|(span, _)| span.contains(&v.span.start))
                .is_some_and(|(_, fresh)| *fresh),
            Source::Transaction { .. } => false,
        };
        if LOCK_RULES.contains(&v.rule) && new_table {
            continue;
        }
        // The ops the finding is about: the op, or those read from the SQL statement
        // (or `ALTER TABLE` action) it points at. The replay's knowledge applies to
        // SQL written in `op.execute` as to the ops: the finding goes when it goes for
        // every op it is about.
        let about: Vec<usize> = match &statement.source {
            Source::Op(i) => vec![*i],
            Source::Written { op: first, .. } => written_ops(
                ops,
                *first,
                &rendered.text[statement.span.clone()],
                v.span.start - statement.span.start,
            ),
            Source::Transaction { .. } => Vec::new(),
        };
        let in_sql = matches!(statement.source, Source::Written { .. });
        let moot = |i: usize| {
            // A table this revision drops later goes with everything done to it before:
            // the drop takes the same ACCESS EXCLUSIVE lock in the same transaction.
            // So does an index one of whose columns it drops later: PostgreSQL drops
            // the index with the column, under the same lock.
            let dropped_later = ops[i].table().is_some_and(|t| drops_later(ops, i, t))
                || (v.rule == "require-concurrent-index-deletion"
                    && facts.index_columns[i]
                        .as_ref()
                        .is_some_and(|(t, columns)| drops_column_later(ops, i, t, columns)));
            (LOCK_RULES.contains(&v.rule) && dropped_later)
                // A plain DROP INDEX on a table an earlier op of the same transaction
                // already holds ACCESS EXCLUSIVE on (until commit): it blocks nothing
                // more, and CONCURRENTLY would not shorten that lock.
                || (v.rule == "require-concurrent-index-deletion"
                    && ops[i]
                        .table()
                        .or(facts.index_columns[i].as_ref().map(|(t, _)| t))
                        .is_some_and(|t| locked_before(ops, i, t, &facts.skipped)))
                // Renaming a column this revision added: no running code knows its old
                // name.
                || (v.rule == "renaming-column"
                    && matches!(&ops[i].kind, OpKind::AlterColumn { table, column, .. }
                        if ops[..i].iter().any(|earlier| {
                            matches!(&earlier.kind, OpKind::AddColumn { table: t, column: c }
                                if t == table && c.name == *column)
                        })))
                || knows_better(
                    v.rule,
                    &ops[i],
                    in_sql,
                    facts.column_before[i].as_ref(),
                    restored_type(file, &ops[i]),
                    &rt350_ops,
                    i,
                    mapped_ops,
                )
        };
        if !about.is_empty() && about.iter().all(|&i| moot(i)) {
            continue;
        }
        let span = match (&statement.source, op) {
            (
                Source::Written {
                    file_offset: Some(offset),
                    ..
                },
                Some(op),
            ) => {
                let start = offset + (v.span.start - statement.span.start);
                let end = offset + (v.span.end.min(statement.span.end - 1) - statement.span.start);
                if end <= op.span.end && start >= op.span.start {
                    Span::new(start, end.max(start))
                } else {
                    op.span
                }
            }
            (_, Some(op)) => op.span,
            (_, None) => file
                .upgrade
                .as_ref()
                .map(|f| f.name_span)
                .unwrap_or_default(),
        };
        let subject = match (&statement.source, op) {
            (Source::Written { .. }, _) => "SQL in `op.execute`".to_owned(),
            (Source::Op(_), Some(op)) => op.describe(),
            (Source::Transaction { .. }, _) => {
                "the transaction Alembic opens around the migration".to_owned()
            }
            (_, None) => "upgrade()".to_owned(),
        };
        let written = match &statement.source {
            Source::Written { .. } => {
                let text = &rendered.text[statement.span.clone()];
                sql::parse(text)
                    .statements
                    .into_iter()
                    .find(|s| {
                        let start = statement.span.start + s.span.start;
                        let end = statement.span.start + s.span.end;
                        start <= v.span.start && v.span.start < end
                    })
                    .map(|s| (s, &rendered.text[v.span.clone()]))
            }
            _ => None,
        };
        // For written SQL, the op read from the statement the finding is about (not the
        // first one of the `execute()`).
        let named = match &statement.source {
            Source::Written { .. } => about.first().map(|&i| &ops[i]),
            _ => op,
        };
        let names = HelpNames::of(named, written.as_ref().map(|(s, clause)| (s, *clause)));
        let help = safe_form(v.rule, &names).or(v.help.clone());
        // squawk says "generated column" for any default it finds volatile.
        let message = match op.map(|o| &o.kind) {
            Some(OpKind::AddColumn { column, .. })
                if v.rule == "adding-field-with-default" && column.generated.is_none() =>
            {
                "Adding a column with a volatile default requires a table rewrite with an \
                 `ACCESS EXCLUSIVE` lock. In Postgres versions 11+, non-VOLATILE DEFAULTs can be \
                 added without a rewrite."
                    .to_owned()
            }
            // squawk says reads go on during the build; not when an earlier op of the
            // same transaction already holds ACCESS EXCLUSIVE on the table.
            _ if v.rule == "require-concurrent-index-creation"
                && about.iter().any(|&i| {
                    ops[i]
                        .table()
                        .is_some_and(|t| locked_before(ops, i, t, &facts.skipped))
                }) =>
            {
                format!(
                    "{} (Here an earlier op of the same transaction already holds an \
                     `ACCESS EXCLUSIVE` lock on the table, so reads wait too, until the \
                     migration commits.)",
                    v.message
                )
            }
            // The old type unknown (the table is older than the history, no
            // `existing_type=`, no type given back in `downgrade()`): it may already be
            // the new one, and then nothing is rewritten. Said, so that the reader can
            // check.
            _ if v.rule == "changing-column-type"
                && about.iter().any(|&i| {
                    matches!(&ops[i].kind, OpKind::AlterColumn { change, .. }
                        if change.type_text.is_some()
                            && change.existing_type.is_none()
                            && restored_type(file, &ops[i]).is_none()
                            && !facts.column_before[i]
                                .as_ref()
                                .and_then(|c| c.type_text.as_deref())
                                .is_some_and(is_known_type))
                }) =>
            {
                format!(
                    "{} (retort does not know the column's current type: no revision it \
                     reads gives it and `existing_type=` is not set; if it already has this \
                     type in the database, nothing is rewritten)",
                    v.message
                )
            }
            _ => v.message.clone(),
        };
        let mut d = Diagnostic::new(rule, format!("{subject}: {message}")).at(&file.source, span);
        if let Some(help) = help {
            d = d.with_help(help);
        }
        out.push(d);
    }
}

/// The squawk findings the replay shows to be wrong (item 4 of the issue), and those a
/// native rule already reports on the same op.
#[allow(clippy::too_many_arguments)]
fn knows_better(
    rule: &str,
    op: &Op,
    written: bool,
    column_before: Option<&Column>,
    restored_type: Option<&str>,
    rt350_ops: &HashSet<usize>,
    index: usize,
    mapped_ops: &HashSet<usize>,
) -> bool {
    match (rule, &op.kind) {
        // A `USING` expression may change the contents: then it is a rewrite.
        ("changing-column-type", OpKind::AlterColumn { change, .. }) => {
            // The type the column already has, written the same (a project's type too):
            // nothing changes, whatever a stale `existing_type=` says.
            if change.type_using.is_none()
                && let (Some(before), Some(new)) = (
                    column_before.and_then(|c| c.type_text.as_deref()),
                    change.type_text.as_deref(),
                )
                && before == new
            {
                return true;
            }
            // The replay's type, unless it is one retort does not know (a project's own
            // `TypeDecorator`); then what `existing_type=` says.
            let replayed = column_before
                .and_then(|c| c.type_text.as_deref())
                .filter(|t| is_known_type(t));
            match (
                replayed
                    .or(change.existing_type.as_deref())
                    .or(restored_type),
                &change.type_text,
            ) {
                (Some(old), Some(new)) => change.type_using.is_none() && is_widening(old, new),
                _ => false,
            }
        }
        ("adding-not-nullable-field", OpKind::AlterColumn { change, .. }) => {
            change.nullable == Some(false)
                && column_before
                    .and_then(|c| c.nullable)
                    .or(change.existing_nullable)
                    == Some(false)
        }
        // SQL's value functions (`LOCALTIMESTAMP`, `CURRENT_DATE`, `CURRENT_USER`, ...)
        // are STABLE: PostgreSQL 11+ stores the default once, no rewrite. squawk only
        // knows `CURRENT_TIMESTAMP` and `now()`.
        ("adding-field-with-default", OpKind::AddColumn { column, .. }) => {
            column.generated.is_none()
                && column
                    .server_default_sql
                    .as_deref()
                    .is_some_and(|d| crate::ops::is_sql_value_function(d.trim()))
        }
        // DROP NOT NULL on a column that is already nullable changes nothing.
        ("ban-drop-not-null", OpKind::AlterColumn { change, .. }) => {
            column_before
                .and_then(|c| c.nullable)
                .or(change.existing_nullable)
                == Some(true)
        }
        // (An `integer PRIMARY KEY` written in SQL is no `SERIAL`.)
        ("adding-required-field", OpKind::AddColumn { column, .. }) => {
            rt350_ops.contains(&index) || (!written && fills_itself(column))
        }
        // SQLAlchemy refuses a written name over 63 bytes (IdentifierError) and shortens
        // one from `op.f()` / a naming convention itself: no op reaches PostgreSQL with
        // a name it would truncate. SQL written in `op.execute` reaches it as written.
        ("identifier-too-long", _) => !written,
        // PostgreSQL has no NOT VALID for these: building their index is the hazard,
        // which RT310 / RT311 report with the fix that exists (USING INDEX).
        ("constraint-missing-not-valid", OpKind::CreateConstraint { constraint, .. }) => matches!(
            constraint.kind,
            crate::ops::ConstraintKind::PrimaryKey
                | crate::ops::ConstraintKind::Unique
                | crate::ops::ConstraintKind::Exclude
        ),
        ("renaming-column" | "renaming-table" | "ban-drop-column" | "ban-drop-table", _) => {
            mapped_ops.contains(&index)
        }
        _ => false,
    }
}

/// The type `downgrade()` gives back to the column whose type `op` changes (the last
/// unconditional type change of that column there): what the column had before the
/// upgrade, by the project's own account, when the history does not say.
fn restored_type<'f>(file: &'f RevisionFile, op: &Op) -> Option<&'f str> {
    let OpKind::AlterColumn { table, column, .. } = &op.kind else {
        return None;
    };
    file.downgrade
        .as_ref()?
        .body
        .ops
        .iter()
        .rev()
        .find_map(|back| match &back.kind {
            OpKind::AlterColumn {
                table: t,
                column: c,
                change,
            } if !back.conditional && t == table && c == column => change.type_text.as_deref(),
            _ => None,
        })
}

/// The ops read from SQL written in the `execute()` at `first` (its ops follow it,
/// marked `sql_part`) that come from the statement, or `ALTER TABLE` action, at byte
/// `at` of that SQL (blanks before it skipped: a finding may start at them).
fn written_ops(ops: &[Op], first: usize, sql: &str, at: usize) -> Vec<usize> {
    let at = at
        + sql
            .get(at..)
            .map_or(0, |rest| rest.len() - rest.trim_start().len());
    std::iter::once(first)
        .chain((first + 1..ops.len()).take_while(|&j| ops[j].run.sql_part))
        .filter(|&j| {
            ops[j]
                .run
                .sql_span
                .as_ref()
                .is_some_and(|range| range.contains(&at))
        })
        .collect()
}

/// A type expression whose PostgreSQL type retort knows (not a project's own type,
/// which `render::pg_type` writes as a quoted name).
fn is_known_type(text: &str) -> bool {
    render::parse_type(text).is_some_and(|t| render::KNOWN_TYPES.contains(&t.name.as_str()))
}

/// `VARCHAR(n)` to a longer `VARCHAR`, an unbounded one or `TEXT`: PostgreSQL changes
/// the catalog only, no rewrite and no scan.
fn is_widening(old: &str, new: &str) -> bool {
    let (Some(old), Some(new)) = (render::parse_type(old), render::parse_type(new)) else {
        return false;
    };
    // The same PostgreSQL type (`Boolean` and `Boolean(create_constraint=True)`): no change.
    if render::pg_type(&old).is_some() && render::pg_type(&old) == render::pg_type(&new) {
        return true;
    }
    let varchar = |t: &render::TypeExpr| {
        matches!(
            t.name.as_str(),
            "String" | "VARCHAR" | "Unicode" | "AutoString"
        )
    };
    let length = |t: &render::TypeExpr| {
        render::pg_type(t).and_then(|s| {
            s.strip_prefix("VARCHAR(")
                .and_then(|rest| rest.strip_suffix(')'))
                .and_then(|n| n.parse::<u64>().ok())
        })
    };
    // `NUMERIC(p, s)` to more digits with the same scale, or to an unbounded
    // `NUMERIC`: the catalog only (PostgreSQL 9.2+).
    let numeric = |t: &render::TypeExpr| {
        let pg = render::pg_type(t)?;
        let args = pg
            .strip_prefix("NUMERIC")
            .or_else(|| pg.strip_prefix("DECIMAL"))?;
        if args.is_empty() {
            return Some(None);
        }
        let mut numbers = args
            .strip_prefix('(')?
            .strip_suffix(')')?
            .split(',')
            .map(|n| n.trim().parse::<u32>());
        let precision = numbers.next()?.ok()?;
        let scale = numbers.next().map_or(Some(0), Result::ok)?;
        Some(Some((precision, scale)))
    };
    if let (Some(old), Some(new)) = (numeric(&old), numeric(&new)) {
        return match (old, new) {
            (_, None) => true,
            (Some((p, s)), Some((p2, s2))) => s2 == s && p2 >= p,
            (None, Some(_)) => false,
        };
    }
    if !varchar(&old) {
        return false;
    }
    if matches!(new.name.as_str(), "Text" | "TEXT" | "UnicodeText") {
        return true;
    }
    if !varchar(&new) {
        return false;
    }
    match (length(&old), length(&new)) {
        (_, None) => true,
        (Some(a), Some(b)) => b >= a,
        (None, Some(_)) => false,
    }
}

/// A column whose values the database fills: identity, computed, or SQLAlchemy's
/// `SERIAL` (an integer primary key).
fn fills_itself(column: &ColumnDef) -> bool {
    column.generated.is_some()
        || (column.primary_key
            && column.autoincrement != Some(false)
            && column.type_text.as_deref().is_some_and(|t| {
                matches!(
                    render::parse_type(t).map(|t| t.name).as_deref(),
                    Some(
                        "Integer"
                            | "INTEGER"
                            | "INT"
                            | "SmallInteger"
                            | "SMALLINT"
                            | "BigInteger"
                            | "BIGINT"
                    )
                )
            }))
}

/// Whether an op after `op` drops `table` whenever `op` runs (outside an
/// `autocommit_block()`, so in the same transaction as `op`).
fn drops_later(ops: &[Op], op: usize, table: &TableName) -> bool {
    ops[op + 1..].iter().any(|later| {
        matches!(&later.kind, OpKind::DropTable { table: t } if t == table)
            && same_transaction_whenever(&ops[op], later)
    })
}

/// Whether an op before `op` takes an ACCESS EXCLUSIVE lock on `table` whenever `op`
/// runs, in the same transaction: adding, dropping or altering a column (type,
/// nullability, default, name), dropping a constraint, renaming the table (to or from
/// `table`). PostgreSQL holds the lock until the transaction commits.
fn locked_before(ops: &[Op], op: usize, table: &TableName, skipped: &[bool]) -> bool {
    ops[..op].iter().enumerate().any(|(j, earlier)| {
        let locks = match &earlier.kind {
            OpKind::AddColumn { table: t, .. }
            | OpKind::DropColumn { table: t, .. }
            | OpKind::DropConstraint { table: t, .. } => t == table,
            OpKind::AlterColumn {
                table: t, change, ..
            } => {
                t == table
                    && (change.new_name.is_some()
                        || change.nullable.is_some()
                        || change.type_text.is_some()
                        || change.server_default.is_some()
                        || change.server_default_sql.is_some())
            }
            OpKind::RenameTable { table: t, new_name } => {
                t == table || (t.schema == table.schema && *new_name == table.name)
            }
            _ => false,
        };
        locks && !skipped[j] && same_transaction_whenever(&ops[op], earlier)
    })
}

/// Whether an op after `op` drops one of `columns` of `table` whenever `op` runs, in the
/// same transaction.
fn drops_column_later(ops: &[Op], op: usize, table: &TableName, columns: &[String]) -> bool {
    ops[op + 1..].iter().any(|later| {
        matches!(&later.kind, OpKind::DropColumn { table: t, column } if t == table && columns.contains(column))
            && same_transaction_whenever(&ops[op], later)
    })
}

/// Whether `later` runs whenever `op` does (unconditionally, or under the same test of
/// the dialect), on PostgreSQL, in the same transaction.
fn same_transaction_whenever(op: &Op, later: &Op) -> bool {
    let runs = !later.conditional
        || (later.condition == op.condition
            && later
                .condition
                .as_ref()
                .is_some_and(Condition::decided_by_dialect));
    runs && !later.run.not_on_postgresql && !op.run.autocommit && !later.run.autocommit
}

/// Tables this revision creates, in op order.
struct Created {
    /// For each op index, the tables created by ops before it (and by the op itself for
    /// `create_table`, whose own indexes are on a new table).
    by_op: Vec<HashSet<TableName>>,
    /// Ops (by index) after which the table set is uncertain: code or SQL retort cannot
    /// read may have created or dropped any table.
    uncertain_from: Option<usize>,
}

impl Created {
    fn before_op(&self, op: usize, table: Option<&TableName>) -> bool {
        table.is_some_and(|t| self.by_op[op].contains(t))
    }

    fn uncertain_at(&self, op: usize) -> bool {
        self.uncertain_from.is_some_and(|u| u <= op)
    }
}

fn created_in_revision(ops: &[Op]) -> Created {
    let mut current: HashSet<TableName> = HashSet::new();
    let mut by_op = Vec::with_capacity(ops.len());
    let mut uncertain_from = None;
    for (i, op) in ops.iter().enumerate() {
        if let OpKind::CreateTable { table, .. } = &op.kind {
            current.insert(table.clone());
        }
        by_op.push(current.clone());
        match &op.kind {
            OpKind::RenameTable { table, new_name } if current.contains(table) => {
                current.insert(TableName {
                    schema: table.schema.clone(),
                    name: new_name.clone(),
                });
            }
            _ if op.run.sql.is_some() || matches!(op.kind, OpKind::Execute { .. }) => {
                match &op.run.sql {
                    Some(written) => {
                        for statement in sql::parse(&written.text).statements {
                            // A table this revision creates, or empties (`DELETE FROM t`,
                            // `TRUNCATE t`), has no rows that the lock rules protect.
                            if (statement.kind == sql::StatementKind::CreateTable
                                || statement.empties_target)
                                && let Some(target) = statement.target
                            {
                                current.insert(TableName {
                                    schema: target.schema,
                                    name: target.name,
                                });
                            }
                        }
                    }
                    None => {
                        uncertain_from.get_or_insert(i);
                    }
                }
            }
            OpKind::Opaque { .. } => {
                uncertain_from.get_or_insert(i);
            }
            _ => {}
        }
    }
    Created {
        by_op,
        uncertain_from,
    }
}

/// For each statement of SQL written in the file: its span in the rendered text and
/// whether the table it acts on was created earlier in the same revision (by an op, or
/// by an earlier statement of the same SQL).
fn written_statement_tables(
    rendered: &RenderedSql,
    created: &Created,
) -> Vec<(std::ops::Range<usize>, bool)> {
    let mut out = Vec::new();
    for piece in &rendered.statements {
        let Source::Written { op, .. } = piece.source else {
            continue;
        };
        let mut here: HashSet<TableName> = HashSet::new();
        let text = &rendered.text[piece.span.clone()];
        for statement in sql::parse(text).statements {
            let target = statement.target.map(|t| TableName {
                schema: t.schema,
                name: t.name,
            });
            let span =
                piece.span.start + statement.span.start..piece.span.start + statement.span.end;
            let fresh = target
                .as_ref()
                .is_some_and(|t| here.contains(t) || created.by_op[op].contains(t));
            if (statement.kind == sql::StatementKind::CreateTable || statement.empties_target)
                && let Some(t) = target
            {
                here.insert(t);
            }
            out.push((span, fresh));
        }
    }
    out
}

/// RT350: `add_column` of a NOT NULL column without a server default (or identity) to
/// a table this revision did not create. Returns the indices of the ops it reports.
fn not_null_findings(
    file: &RevisionFile,
    ops: &[Op],
    created: &Created,
    skipped: &[bool],
    out: &mut Vec<Diagnostic>,
) -> HashSet<usize> {
    let mut reported = HashSet::new();
    for (i, op) in ops.iter().enumerate() {
        let OpKind::AddColumn { table, column } = &op.kind else {
            continue;
        };
        if skipped.get(i).copied().unwrap_or(false) {
            continue;
        }
        if column.effective_nullable()
            || column.server_default.is_some()
            || fills_itself(column)
            || created.before_op(i, Some(table))
            || created.uncertain_at(i)
        {
            continue;
        }
        let rule = &super::NOT_NULL_COLUMN_ON_EXISTING_TABLE;
        out.push(
            Diagnostic::new(
                rule,
                format!(
                    "{}: a NOT NULL column without a server default fails on a table that has rows \
                     (`{table}` exists before this revision)",
                    op.describe()
                ),
            )
            .at(&file.source, op.span)
            .with_help(format!(
                "give the column a server default, so existing rows get a value:\n    \
                 op.add_column(\"{}\", sa.Column(\"{}\", ..., nullable=False, server_default=...))\n\
                 or add it nullable, fill it (in batches on a big table), and set NOT NULL in a \
                 later revision with op.alter_column(\"{}\", \"{}\", nullable=False)",
                table.name, column.name, table.name, column.name
            )),
        );
        reported.insert(i);
    }
    reported
}

/// RT351 and RT352: drops and renames of what the model still maps (under the old
/// name), unless a later revision on every head brings it back.
fn mapped_findings(
    analysis: &Analysis,
    replayed: &replay::Replay,
    candidates: &[MappedCandidate],
    native: Native,
) -> Vec<(usize, usize, Diagnostic)> {
    let heads: Vec<(NodeIndex, &replay::Schema)> = replayed.heads(&analysis.graph);
    let models = &analysis.models;
    let on_some_head = |table: &TableName, column: Option<&str>| {
        heads.iter().any(|(_, schema)| {
            schema
                .table(table)
                .is_some_and(|t| column.is_none_or(|c| t.column(c).is_some()))
        })
    };
    let mut out = Vec::new();
    for candidate in candidates {
        let file = &analysis.files[candidate.file];
        let op = &upgrade_ops(file)[candidate.op];
        let found = match &op.kind {
            OpKind::DropColumn { table, column } if native.dropping => models
                .tables
                .get(table)
                .and_then(|m| m.column(column))
                .filter(|_| !on_some_head(table, Some(column)))
                .map(|m| {
                    (
                        &super::DROPPING_MAPPED_OBJECT,
                        format!(
                            "{}: the model still maps `{table}.{column}`, so the application \
                             breaks as soon as this runs",
                            op.describe()
                        ),
                        format!(
                            "remove `{column}` from the model and deploy that first; drop the \
                             column in a later revision, once no running code reads it"
                        ),
                        m.span,
                    )
                }),
            OpKind::DropTable { table } if native.dropping => models
                .tables
                .get(table)
                .filter(|_| !on_some_head(table, None))
                .map(|m| {
                    (
                        &super::DROPPING_MAPPED_OBJECT,
                        format!(
                            "{}: the model still maps `{table}`, so the application breaks as \
                             soon as this runs",
                            op.describe()
                        ),
                        "remove the model class (and every use of it) and deploy that first; drop \
                         the table in a later revision"
                            .to_owned(),
                        m.span,
                    )
                }),
            OpKind::RenameTable { table, new_name } if native.renaming => {
                let new = TableName {
                    schema: table.schema.clone(),
                    name: new_name.clone(),
                };
                models
                    .tables
                    .get(table)
                    .filter(|_| !models.tables.contains_key(&new) && !on_some_head(table, None))
                    .map(|m| {
                        (
                            &super::RENAMING_MAPPED_OBJECT,
                            format!(
                                "{}: the model still maps the old name `{table}`, so every query \
                                 fails once this runs",
                                op.describe()
                            ),
                            format!(
                                "rename the model's table too (`__tablename__ = \"{new_name}\"`), \
                                 and under running code prefer a new table (or a view named \
                                 `{table}`) while the old code drains"
                            ),
                            m.span,
                        )
                    })
            }
            OpKind::AlterColumn {
                table,
                column,
                change,
            } if native.renaming => change.new_name.as_ref().and_then(|new_name| {
                let model = models.tables.get(table)?;
                let mapped = model.column(column)?;
                (model.column(new_name).is_none() && !on_some_head(table, Some(column))).then(
                    || {
                        (
                            &super::RENAMING_MAPPED_OBJECT,
                            format!(
                                "{}: the model still maps the old name `{table}.{column}`, so \
                                 every query of it fails once this runs",
                                op.describe()
                            ),
                            format!(
                                "rename the model's column too, or keep the database name and \
                                 map it: `{new_name} = sa.Column(\"{column}\", ...)`; under running \
                                 code prefer adding `{new_name}`, backfilling, and dropping \
                                 `{column}` in a later revision"
                            ),
                            mapped.span,
                        )
                    },
                )
            }),
            _ => None,
        };
        if let Some((rule, message, help, model_span)) = found {
            let model_source = models
                .tables
                .get(op.table().expect("these ops name a table"))
                .map(|m| m.source.clone());
            let mut d = Diagnostic::new(rule, message)
                .at(&file.source, op.span)
                .with_help(help);
            if let Some(source) = model_source {
                d = d.with_related(&source, model_span, "mapped here");
            }
            out.push((candidate.file, candidate.op, d));
        }
    }
    out
}

/// The names a help text uses: the op's own, or those of the SQL statement written in
/// `op.execute`; what is not known statically is a visible `<placeholder>`.
struct HelpNames {
    /// The table as Alembic takes it (without schema), and `, schema="s"` when it has one.
    table: String,
    schema_kw: String,
    /// The table as SQL names it (schema-qualified when it has a schema).
    table_sql: String,
    index: String,
    /// `, table_name="t"` for `drop_index`, when the table is known.
    index_table_kw: String,
    column: String,
    constraint: String,
    /// The constraint is a CHECK (else a foreign key, or not known).
    check: bool,
    /// `create_index`'s columns as Python (`["a", "b"]`, `[...]` when not all are plain
    /// columns) and its other options (`, unique=True, postgresql_using="gin"`).
    index_columns: String,
    index_options: String,
    /// A foreign key's arguments after the table (`"orgs", ["org_id"], ["id"]`), a check
    /// constraint's condition (`"score > 0"`), placeholders when not known.
    references: String,
    condition: String,
}

/// A Python string literal holding `text`.
fn py_str(text: &str) -> String {
    format!("{text:?}")
}

/// A Python list of string literals.
fn py_list(items: &[String]) -> String {
    let items: Vec<String> = items.iter().map(|i| py_str(i)).collect();
    format!("[{}]", items.join(", "))
}

impl HelpNames {
    fn of(op: Option<&Op>, written: Option<(&sql::Statement, &str)>) -> HelpNames {
        let mut table: Option<TableName> = op.and_then(|o| o.table()).cloned();
        let mut index = op.and_then(|o| match &o.kind {
            OpKind::CreateIndex { index, .. } => index.name.clone(),
            OpKind::DropIndex { name, .. } => Some(name.clone()),
            _ => None,
        });
        let column = op.and_then(|o| match &o.kind {
            OpKind::AddColumn { column, .. } => Some(column.name.clone()),
            OpKind::AlterColumn { column, .. } | OpKind::DropColumn { column, .. } => {
                Some(column.clone())
            }
            _ => None,
        });
        let mut constraint = op.and_then(|o| match &o.kind {
            OpKind::CreateConstraint { constraint, .. } => constraint.name.clone(),
            _ => None,
        });
        let mut check = op.is_some_and(|o| {
            matches!(&o.kind, OpKind::CreateConstraint { constraint, .. }
                if constraint.kind == crate::ops::ConstraintKind::Check)
        });
        let (mut index_columns, mut index_options) = ("[...]".to_owned(), String::new());
        if let Some(OpKind::CreateIndex { index, .. }) = op.map(|o| &o.kind) {
            let plain: Option<Vec<String>> = index
                .elements
                .iter()
                .map(|e| match e {
                    crate::ops::IndexElement::Column(c) => Some(c.clone()),
                    _ => None,
                })
                .collect();
            if let Some(columns) = plain.filter(|c| !c.is_empty()) {
                index_columns = py_list(&columns);
            }
            if index.unique {
                index_options.push_str(", unique=True");
            }
            if let Some(using) = &index.using {
                index_options.push_str(&format!(", postgresql_using={}", py_str(using)));
            }
            if let Some(condition) = &index.where_sql {
                index_options.push_str(&format!(
                    ", postgresql_where=sa.text({})",
                    py_str(condition)
                ));
            }
        }
        let (mut references, mut condition) = (
            "\"<referred table>\", [...], [...]".to_owned(),
            "\"<condition>\"".to_owned(),
        );
        if let Some(OpKind::CreateConstraint { constraint: c, .. }) = op.map(|o| &o.kind) {
            if let Some(referred) = &c.referred_table
                && !c.columns.is_empty()
                && !c.referred_columns.is_empty()
            {
                references = format!(
                    "{}, {}, {}",
                    py_str(referred),
                    py_list(&c.columns),
                    py_list(&c.referred_columns)
                );
            }
            if let Some(sql) = &c.condition {
                condition = py_str(sql);
            }
        }
        // A schema the written SQL names on an index (`DROP INDEX s.ix`): `schema=`.
        let mut index_schema = None;
        if let Some((statement, clause)) = written {
            table = None;
            index = None;
            if let Some(target) = &statement.target {
                let name = TableName {
                    schema: target.schema.clone(),
                    name: target.name.clone(),
                };
                if statement.kind == sql::StatementKind::DropIndex {
                    index = Some(target.name.clone());
                    index_schema = target.schema.clone();
                } else {
                    table = Some(name);
                }
            }
            // `ADD CONSTRAINT name CHECK (...)` / `CONSTRAINT name FOREIGN KEY ...`.
            let words: Vec<&str> = clause.split_whitespace().collect();
            constraint = words
                .iter()
                .position(|w| w.eq_ignore_ascii_case("constraint"))
                .and_then(|i| words.get(i + 1))
                .map(|w| w.trim_matches('"').to_owned());
            check = words.iter().any(|w| {
                w.eq_ignore_ascii_case("check") || w.to_ascii_uppercase().starts_with("CHECK(")
            });
        }
        HelpNames {
            schema_kw: table
                .as_ref()
                .and_then(|t| t.schema.as_ref())
                .or(index_schema.as_ref())
                .map(|s| format!(", schema=\"{s}\""))
                .unwrap_or_default(),
            table_sql: table
                .as_ref()
                .map(|t| t.to_string())
                .unwrap_or_else(|| "<table>".to_owned()),
            index_table_kw: table
                .as_ref()
                .map(|t| format!(", table_name=\"{}\"", t.name))
                .unwrap_or_default(),
            table: table
                .map(|t| t.name)
                .unwrap_or_else(|| "<table>".to_owned()),
            index: index.unwrap_or_else(|| "<index>".to_owned()),
            column: column.unwrap_or_else(|| "<column>".to_owned()),
            constraint: constraint.unwrap_or_else(|| "<constraint>".to_owned()),
            check,
            index_columns,
            index_options,
            references,
            condition,
        }
    }
}

/// The safe Alembic form to write instead, for a squawk rule, with the names of the op
/// (or of the SQL statement written in `op.execute`).
fn safe_form(rule: &str, names: &HelpNames) -> Option<String> {
    let HelpNames {
        table,
        schema_kw,
        table_sql,
        index,
        index_table_kw,
        column,
        constraint,
        check,
        index_columns,
        index_options,
        references,
        condition,
    } = names;
    let add_not_valid = if *check {
        format!(
            "op.create_check_constraint(op.f(\"{constraint}\"), \"{table}\", {condition}, \
             postgresql_not_valid=True{schema_kw})"
        )
    } else {
        format!(
            "op.create_foreign_key(op.f(\"{constraint}\"), \"{table}\", {references}, \
             postgresql_not_valid=True{schema_kw})"
        )
    };
    let check_name = format!("ck_{table}_{column}_not_null");
    Some(match rule {
        "require-concurrent-index-creation" => format!(
            "build the index without blocking writes, outside the migration's transaction:\n    \
             with op.get_context().autocommit_block():\n        \
             op.create_index(\"{index}\", \"{table}\", {index_columns}{index_options}, postgresql_concurrently=True{schema_kw})"
        ),
        "require-concurrent-index-deletion" => format!(
            "drop the index without blocking reads and writes, outside the migration's transaction:\n    \
             with op.get_context().autocommit_block():\n        \
             op.drop_index(\"{index}\"{index_table_kw}, postgresql_concurrently=True{schema_kw})"
        ),
        "ban-concurrent-index-creation-in-transaction" => {
            "PostgreSQL refuses CONCURRENTLY inside a \
             transaction, and Alembic runs the migration in one: put the op inside\n    \
             with op.get_context().autocommit_block():"
                .to_owned()
        }
        "constraint-missing-not-valid" | "adding-foreign-key-constraint" => format!(
            "add the constraint without checking existing rows, then validate it in its own \
             transaction (VALIDATE only takes a SHARE UPDATE EXCLUSIVE lock):\n    \
             {add_not_valid}\n    \
             with op.get_context().autocommit_block():\n        \
             op.execute(\"ALTER TABLE {table_sql} VALIDATE CONSTRAINT {constraint}\")"
        ),
        "changing-column-type" => format!(
            "the table is rewritten under an ACCESS EXCLUSIVE lock: add a new column of the new \
             type, backfill it in batches, move the code to it, and drop `{column}` in a later \
             revision (widening a VARCHAR, turning it into TEXT, or giving a NUMERIC more digits \
             with the same scale needs no rewrite)"
        ),
        "adding-not-nullable-field" => format!(
            "SET NOT NULL scans the whole table under an ACCESS EXCLUSIVE lock; prove it with a \
             check constraint validated outside the migration's transaction first (PostgreSQL \
             12+ then skips the scan):\n    \
             op.create_check_constraint(op.f(\"{check_name}\"), \"{table}\", \"{column} IS NOT NULL\", postgresql_not_valid=True{schema_kw})\n    \
             with op.get_context().autocommit_block():\n        \
             op.execute(\"ALTER TABLE {table_sql} VALIDATE CONSTRAINT {check_name}\")\n    \
             op.alter_column(\"{table}\", \"{column}\", nullable=False{schema_kw})\n    \
             op.drop_constraint(op.f(\"{check_name}\"), \"{table}\", type_=\"check\"{schema_kw})"
        ),
        "adding-required-field" => format!(
            "give the column a server default, or add it nullable, backfill, and set NOT NULL \
             later:\n    \
             op.add_column(\"{table}\", sa.Column(\"{column}\", ..., nullable=False, server_default=...){schema_kw})"
        ),
        "adding-field-with-default" => format!(
            "a volatile default rewrites the whole table: add `{column}` nullable and without a \
             default, set the default afterwards with op.alter_column(\"{table}\", \"{column}\", \
             server_default=...) (new rows get it), backfill existing rows in batches, and only \
             then make it NOT NULL if it must be"
        ),
        "adding-serial-primary-key-field" => format!(
            "build the unique index concurrently, then make it the primary key:\n    \
             with op.get_context().autocommit_block():\n        \
             op.create_index(\"{table}_pkey_idx\", \"{table}\", [...], unique=True, postgresql_concurrently=True{schema_kw})\n    \
             op.execute(\"ALTER TABLE {table_sql} ADD CONSTRAINT {table}_pkey PRIMARY KEY USING INDEX {table}_pkey_idx\")"
        ),
        "disallowed-unique-constraint" => format!(
            "build the unique index concurrently, then attach the constraint to it:\n    \
             with op.get_context().autocommit_block():\n        \
             op.create_index(\"{constraint}\", \"{table}\", [...], unique=True, postgresql_concurrently=True{schema_kw})\n    \
             op.execute(\"ALTER TABLE {table_sql} ADD CONSTRAINT {constraint} UNIQUE USING INDEX {constraint}\")"
        ),
        "renaming-column" => format!(
            "code deployed before this migration still uses the old name: add the new column, \
             write both, backfill, move the readers, and drop `{column}` in a later revision; or \
             keep the database name and map it in the model (`new_name = sa.Column(\"{column}\", ...)`)"
        ),
        "renaming-table" => format!(
            "code deployed before this migration still uses `{table}`: create the new table (or \
             a view under the new name), move the code, and drop `{table}` in a later revision"
        ),
        "ban-drop-column" => format!(
            "drop `{column}` only after a release in which no code reads it (remove it from the \
             model first)"
        ),
        "ban-drop-table" => format!(
            "drop `{table}` only after a release in which no code uses it (remove its model first)"
        ),
        "ban-drop-not-null" => "make sure every reader handles NULLs before this runs".to_owned(),
        "ban-drop-database" => "never drop a database from a migration".to_owned(),
        "transaction-nesting" | "ban-uncommitted-transaction" => "Alembic already runs the \
             migration in a transaction: do not write BEGIN/COMMIT; for statements that must \
             run outside it use\n    with op.get_context().autocommit_block():"
            .to_owned(),
        "require-concurrent-reindex" => "with op.get_context().autocommit_block():\n        \
             op.execute(\"REINDEX INDEX CONCURRENTLY ...\")"
            .to_owned(),
        "require-concurrent-partition-detach" => {
            "with op.get_context().autocommit_block():\n        \
             op.execute(\"ALTER TABLE ... DETACH PARTITION ... CONCURRENTLY\")"
                .to_owned()
        }
        "identifier-too-long" => "use a name of at most 63 bytes: PostgreSQL cuts longer \
             names to their first 63 bytes (with a NOTICE), so two names that share those bytes \
             collide, and autogenerate keeps comparing the full name with the cut one the \
             database holds"
            .to_owned(),
        "ban-create-domain-with-constraint" | "ban-alter-domain-with-add-constraint" => {
            "put the check on the columns instead, without checking existing rows first:\n    \
             op.create_check_constraint(\"<constraint>\", \"<table>\", \"<condition>\", postgresql_not_valid=True)\n    \
             then VALIDATE CONSTRAINT in its own transaction"
                .to_owned()
        }
        "ban-truncate-cascade" => {
            "name every table to empty: op.execute(\"TRUNCATE a, b\") without CASCADE".to_owned()
        }
        "prefer-repack" => "with op.get_context().autocommit_block():\n        \
             op.execute(\"REPACK (CONCURRENTLY) ...\")"
            .to_owned(),
        "ban-duplicate-column-assignments" => {
            "assign each column once in the UPDATE; PostgreSQL rejects the statement".to_owned()
        }
        "require-enum-value-ordering" => "say where the value goes:\n    \
             with op.get_context().autocommit_block():\n        \
             op.execute(\"ALTER TYPE ... ADD VALUE '...' BEFORE '...'\")"
            .to_owned(),
        "prefer-robust-stmts" => format!(
            "outside a transaction a failed migration cannot be rolled back, so make the op safe \
             to run again with if_not_exists=True / if_exists=True, e.g. op.create_index(\"{index}\", \
             \"{table}\", [...], postgresql_concurrently=True, if_not_exists=True{schema_kw})"
        ),
        "prefer-bigint-over-int" | "prefer-bigint-over-smallint" => {
            "use sa.BigInteger(): widening the column later rewrites the table".to_owned()
        }
        "prefer-identity" => "use an identity column: sa.Column(\"id\", sa.BigInteger(), \
             sa.Identity(), primary_key=True)"
            .to_owned(),
        "prefer-text-field" => {
            "use sa.Text() (with a check constraint if a limit matters): changing a VARCHAR's \
             length later locks the table"
                .to_owned()
        }
        "prefer-timestamp-tz" => "use sa.DateTime(timezone=True)".to_owned(),
        "ban-char-field" => "use sa.Text() or sa.String(): CHAR pads values with spaces".to_owned(),
        "require-lock-timeout" => "first, in the same upgrade():\n    \
             op.execute(\"SET lock_timeout = '2s'\")"
            .to_owned(),
        "require-statement-timeout" => "first, in the same upgrade():\n    \
             op.execute(\"SET statement_timeout = '5s'\")"
            .to_owned(),
        "require-table-schema" => "name the schema: schema=\"...\" on the op".to_owned(),
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_squawk_rule_with_a_code_has_a_safe_form() {
        for name in sql::SQUAWK_RULES {
            if lookup(name).is_some() {
                assert!(
                    safe_form(name, &HelpNames::of(None, None)).is_some(),
                    "no safe form for {name}"
                );
            }
        }
    }

    #[test]
    fn widening() {
        assert!(is_widening("String(length=50)", "String(length=200)"));
        assert!(is_widening("String(length=50)", "Text"));
        assert!(is_widening("VARCHAR(length=50)", "String"));
        assert!(!is_widening("String(length=200)", "String(length=50)"));
        assert!(!is_widening("Integer", "BigInteger"));
        assert!(!is_widening("String(length=50)", "Integer"));
        assert!(is_widening("Boolean", "Boolean(create_constraint=True)"));
        // NUMERIC: more digits, same scale; or no limit.
        assert!(is_widening(
            "Numeric(8, 2)",
            "NUMERIC(precision=11, scale=2)"
        ));
        assert!(is_widening("Numeric(precision=8, scale=2)", "Numeric"));
        assert!(is_widening("Numeric(8)", "Numeric(10, 0)"));
        assert!(!is_widening("Numeric(8, 2)", "Numeric(11, 3)"));
        assert!(!is_widening("Numeric(11, 2)", "Numeric(8, 2)"));
        assert!(!is_widening("Numeric", "Numeric(11, 2)"));
        assert!(!is_widening("Numeric(8, 2)", "Float"));
    }
}
