//! Rules on the replayed schema (run once per project): the model check per head
//! (RT201-RT203), ops on missing objects (RT204), conflicting branches (RT205),
//! irreversible downgrades (RT206), empty migrations (RT207) and what the check could
//! not see (RT208).

use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};

use petgraph::graph::NodeIndex;

use crate::diagnostic::{Diagnostic, Severity};
use crate::graph::RevisionGraph;
use crate::ops::{ColumnChange, Op, OpKind, SqlEffect, TableName};
use crate::revision::RevisionFile;
use crate::schema::ancestry::Ancestry;
use crate::schema::models::ModelSet;
use crate::schema::replay::{Applier, OpRef, Replay, ReplayOptions, Schema, Step, TableState};
use crate::source::Span;

use super::{
    CONFLICTING_BRANCHES, DOWNGRADE_DOES_NOT_REVERSE_UPGRADE, EMPTY_MIGRATION,
    MIGRATION_EFFECT_MISSING_FROM_MODEL, MODEL_COLUMN_NOT_MIGRATED, MODEL_TABLE_NOT_MIGRATED,
    OP_ON_MISSING_OBJECT, SCHEMA_NOT_STATICALLY_KNOWN,
};

fn id(files: &[RevisionFile], graph: &RevisionGraph, node: NodeIndex) -> String {
    files[graph.file_of(node)].id().unwrap_or("?").to_owned()
}

fn at(files: &[RevisionFile], r: OpRef) -> (&crate::source::SourceFile, Span) {
    (&files[r.file].source, r.span)
}

/// Where each table and column is first created in the history, files in order (for
/// "it is added by `x`, which this head does not include"). Built once per model check.
#[derive(Default)]
struct Creators<'f> {
    tables: HashMap<&'f TableName, OpRef>,
    columns: HashMap<(&'f TableName, &'f str), OpRef>,
}

impl<'f> Creators<'f> {
    fn new(files: &'f [RevisionFile]) -> Creators<'f> {
        let mut creators = Creators::default();
        for (index, file) in files.iter().enumerate() {
            for op in file.upgrade.iter().flat_map(|u| &u.body.ops) {
                let at = OpRef {
                    file: index,
                    span: op.span,
                };
                match &op.kind {
                    OpKind::CreateTable { table, columns, .. } => {
                        creators.tables.entry(table).or_insert(at);
                        for c in columns {
                            creators.columns.entry((table, &c.name)).or_insert(at);
                        }
                    }
                    OpKind::AddColumn { table, column } => {
                        creators.columns.entry((table, &column.name)).or_insert(at);
                    }
                    _ => {}
                }
            }
        }
        creators
    }

    fn of(&self, table: &TableName, column: Option<&str>) -> Option<OpRef> {
        match column {
            None => self.tables.get(table).copied(),
            Some(c) => self.columns.get(&(table, c)).copied(),
        }
    }
}

fn heads_phrase(heads: &[String]) -> String {
    match heads {
        [one] => format!("head `{one}`"),
        many => format!(
            "heads {}",
            many.iter()
                .map(|h| format!("`{h}`"))
                .collect::<Vec<_>>()
                .join(", ")
        ),
    }
}

/// (path, span start, span end, code, what the finding is about).
type GroupKey = (String, usize, usize, &'static str, String);

/// RT201, RT202, RT203 against every head; RT208 for what the model check could not
/// resolve or had to leave out.
#[allow(clippy::too_many_arguments)]
pub fn model_check(
    files: &[RevisionFile],
    graph: &RevisionGraph,
    replay: &Replay,
    models: &ModelSet,
    options: ReplayOptions,
    enabled: [bool; 4],
    out: &mut Vec<Diagnostic>,
) {
    let [rt201, rt202, rt203, rt208] = enabled;
    if rt208 {
        model_problems(models, out);
        unnamed_model_tables(models, rt203, out);
    }
    if !models.is_present() {
        return;
    }
    if models.tables.is_empty() {
        if rt208 {
            no_model_tables(models, out);
        }
        return;
    }
    let check = HeadCheck {
        files,
        replay,
        models,
        options,
        creators: Creators::new(files),
    };
    let mut found = Grouped::default();
    // In the order found, and a set to keep each once (a scan of the list per model
    // table was quadratic with thousands of tables older than the history).
    let mut never_created: (Vec<&TableName>, std::collections::HashSet<&TableName>) =
        Default::default();
    for head in graph.heads() {
        let Some(schema) = replay.after(head) else {
            continue;
        };
        let head_id = id(files, graph, head);
        check.tables_not_created(schema, rt202, &head_id, &mut found, &mut never_created);
        if rt201 {
            check.columns_not_added(schema, &head_id, &mut found);
        }
        if rt203 {
            check.effects_missing_from_model(schema, &head_id, &mut found);
        }
        if rt208 {
            check.switched_off(schema, rt203, &head_id, &mut found);
        }
    }
    found.emit(graph.heads().len() > 1, out);
    if rt208 && !never_created.0.is_empty() {
        tables_older_than_history(models, &never_created.0, out);
    }
}

/// RT208: what the model reading could not resolve (info).
fn model_problems(models: &ModelSet, out: &mut Vec<Diagnostic>) {
    for problem in &models.problems {
        out.push(
            Diagnostic::new(&SCHEMA_NOT_STATICALLY_KNOWN, problem.message.clone())
                .at(&problem.source, problem.span)
                .with_help("retort reads models without importing them; what it cannot resolve is left out of the model check rather than guessed"),
        );
    }
}

/// RT208: env.py names a metadata, but no table was found behind it.
fn no_model_tables(models: &ModelSet, out: &mut Vec<Diagnostic>) {
    if let crate::schema::models::ModelOrigin::EnvPy(_) = &models.origin
        && let Some(module) = models.modules.first()
    {
        out.push(
            Diagnostic::new(
                &SCHEMA_NOT_STATICALLY_KNOWN,
                "env.py sets `target_metadata`, but retort found no model tables in the modules it imports",
            )
            .at(&module.source, crate::diagnostic::Location::file_start(&module.source).span)
            .with_help("list the model files or packages in `[tool.retort] models = [...]`"),
        );
    }
}

/// RT208: mapped classes whose table retort cannot name; with RT203 on, a warning,
/// since they switch its table check off (they might map any table).
fn unnamed_model_tables(models: &ModelSet, rt203: bool, out: &mut Vec<Diagnostic>) {
    for class in &models.unknown_tables {
        if !rt203 {
            out.push(
                Diagnostic::new(&SCHEMA_NOT_STATICALLY_KNOWN, class.message.clone())
                    .at(&class.source, class.span)
                    .with_help("retort reads models without importing them; what it cannot resolve is left out of the model check rather than guessed"),
            );
            continue;
        }
        let mut d = Diagnostic::new(
            &SCHEMA_NOT_STATICALLY_KNOWN,
            format!(
                "{}; RT203 does not report tables the model seems to lack, since this class may map one of them",
                class.message
            ),
        )
        .at(&class.source, class.span)
        .with_help("write `__tablename__` as a literal, or in a form retort evaluates (docs/model-check.md lists them)");
        d.severity = Severity::Warning;
        out.push(d);
    }
}

/// RT208: model tables no migration anywhere creates (older than the history).
fn tables_older_than_history(
    models: &ModelSet,
    never_created: &[&TableName],
    out: &mut Vec<Diagnostic>,
) {
    let model = &models.tables[never_created[0]];
    let names = never_created
        .iter()
        .map(|n| format!("`{n}`"))
        .collect::<Vec<_>>()
        .join(", ");
    out.push(
        Diagnostic::new(
            &SCHEMA_NOT_STATICALLY_KNOWN,
            format!("model tables {names} are created by no migration; retort treats them as older than the history and does not check them"),
        )
        .at(&model.source, model.span)
        .with_help("if every table is created by a migration, set `assume-complete-history = true` in [tool.retort] to report them as RT202"),
    );
}

/// Findings of the model check, grouped so that one finding on several heads is
/// reported once, naming them all: keyed by (location, code, object).
#[derive(Default)]
struct Grouped {
    found: BTreeMap<GroupKey, (Diagnostic, Vec<String>)>,
}

impl Grouped {
    /// `d`'s message says `{heads}` where the heads go.
    fn add(&mut self, d: Diagnostic, head: &str, object: String) {
        let location = d
            .location
            .as_ref()
            .map(|l| (l.path.clone(), l.span.start, l.span.end));
        let (path, start, end) = location.unwrap_or_default();
        self.found
            .entry((path, start, end, d.code, object))
            .or_insert_with(|| (d, Vec::new()))
            .1
            .push(head.to_owned());
    }

    fn emit(self, several_heads: bool, out: &mut Vec<Diagnostic>) {
        for (_, (mut d, heads)) in self.found {
            let phrase = if several_heads || d.code != "RT208" {
                heads_phrase(&heads)
            } else {
                "the head".to_owned()
            };
            d.message = d.message.replace("{heads}", &phrase);
            out.push(d);
        }
    }
}

/// What the model check at one head needs.
struct HeadCheck<'a> {
    files: &'a [RevisionFile],
    replay: &'a Replay,
    models: &'a ModelSet,
    options: ReplayOptions,
    creators: Creators<'a>,
}

impl<'a> HeadCheck<'a> {
    /// The migration that creates `table` (or adds `column`) somewhere, with its id.
    fn creator(&self, table: &TableName, column: Option<&str>) -> Option<(OpRef, String)> {
        let r = self.creators.of(table, column)?;
        Some((r, self.files[r.file].id().unwrap_or("?").to_owned()))
    }

    /// RT202: model tables the head's schema lacks. Tables no migration anywhere
    /// creates are collected in `never_created` instead (older than the history).
    fn tables_not_created(
        &self,
        schema: &Schema,
        rt202: bool,
        head: &str,
        found: &mut Grouped,
        never_created: &mut (Vec<&'a TableName>, std::collections::HashSet<&'a TableName>),
    ) {
        if schema.wildcard.is_some() {
            return;
        }
        for model in self.models.tables.values() {
            if schema.table(&model.name).is_some() {
                continue;
            }
            let created_elsewhere = self.replay.created_anywhere.contains(&model.name);
            if !created_elsewhere && !self.options.assume_complete_history {
                if never_created.1.insert(&model.name) {
                    never_created.0.push(&model.name);
                }
                continue;
            }
            if !rt202 {
                continue;
            }
            let mut d = Diagnostic::new(
                &MODEL_TABLE_NOT_MIGRATED,
                format!(
                    "model table `{}` is not created by any migration up to {{heads}}",
                    model.name
                ),
            )
            .at(&model.source, model.span);
            let help = match self.creator(&model.name, None) {
                Some((r, creator_id)) => {
                    let (file, span) = at(self.files, r);
                    d = d.with_related(
                        file,
                        span,
                        format!(
                            "the migration that creates `{}` (`{creator_id}`, not in this head)",
                            model.name
                        ),
                    );
                    format!(
                        "merge the heads (`retort lint --fix`) so that `{creator_id}` runs, or write a migration that creates `{}`",
                        model.name
                    )
                }
                None => format!(
                    "write a migration that creates `{}` (`alembic revision --autogenerate`)",
                    model.name
                ),
            };
            found.add(d.with_help(help), head, format!("table {}", model.name));
        }
    }

    /// RT201: model columns a table of the head lacks (tables whose columns are all
    /// known only).
    fn columns_not_added(&self, schema: &Schema, head: &str, found: &mut Grouped) {
        for model in self.models.tables.values() {
            let Some(table) = schema.table(&model.name) else {
                continue;
            };
            let exact = table.state == TableState::Exact
                || (table.state == TableState::Partial && self.options.assume_complete_history);
            if !exact {
                continue;
            }
            for column in &model.columns {
                if table.column(&column.name).is_some() {
                    continue;
                }
                let mut d = Diagnostic::new(
                    &MODEL_COLUMN_NOT_MIGRATED,
                    format!(
                        "model column `{}.{}` is not added by any migration up to {{heads}}",
                        model.name, column.name
                    ),
                )
                .at(&model.source, column.span);
                let help = match self.creator(&model.name, Some(&column.name)) {
                    Some((r, creator_id)) => {
                        let (file, span) = at(self.files, r);
                        d = d.with_related(
                            file,
                            span,
                            format!(
                                "the migration that adds `{}.{}` (`{creator_id}`, not in this head)",
                                model.name, column.name
                            ),
                        );
                        format!(
                            "merge the heads (`retort lint --fix`) so that `{creator_id}` runs; until then the application fails with `column {}.{} does not exist`",
                            model.name, column.name
                        )
                    }
                    None => format!(
                        "write a migration that adds it: `op.add_column(\"{}\", sa.Column(\"{}\", ...))`",
                        model.name.name, column.name
                    ),
                };
                found.add(
                    d.with_help(help),
                    head,
                    format!("column {}.{}", model.name, column.name),
                );
            }
        }
    }

    /// RT203: tables and columns of the head that the model lacks. Not for tables a
    /// class of the model may map without retort knowing its name.
    fn effects_missing_from_model(&self, schema: &Schema, head: &str, found: &mut Grouped) {
        let tables_known = self.models.unknown_tables.is_empty();
        for table in schema.tables.values() {
            if table.state == TableState::Opaque || table.name.name == "alembic_version" {
                continue;
            }
            match self.models.tables.get(&table.name) {
                None if self.models.made_by_versioning(&table.name) => {}
                None if tables_known => {
                    let Some(created) = table.created_by else {
                        continue;
                    };
                    let (file, span) = at(self.files, created);
                    let d = Diagnostic::new(
                        &MIGRATION_EFFECT_MISSING_FROM_MODEL,
                        format!(
                            "table `{}` exists at {{heads}}, but the model has no such table",
                            table.name
                        ),
                    )
                    .at(file, span)
                    .with_help("add the model class, or write a migration that drops the table");
                    found.add(d, head, format!("table {}", table.name));
                }
                Some(model) if model.complete => {
                    for column in table.columns.iter() {
                        if model.column(&column.name).is_some() {
                            continue;
                        }
                        let Some(added) = column.added_by else {
                            continue;
                        };
                        let (file, span) = at(self.files, added);
                        let d = Diagnostic::new(
                            &MIGRATION_EFFECT_MISSING_FROM_MODEL,
                            format!(
                                "column `{}.{}` exists at {{heads}}, but model `{}` has no such column",
                                table.name,
                                column.name,
                                model.class_name.as_deref().unwrap_or(&model.name.name)
                            ),
                        )
                        .at(file, span)
                        .with_related(&model.source, model.span, "the model's table")
                        .with_help(
                            "add the column to the model, or write a migration that drops it",
                        );
                        found.add(d, head, format!("column {}.{}", table.name, column.name));
                    }
                }
                _ => {}
            }
        }
    }

    /// RT208 (warning): where the head's schema is opaque, RT201/RT203 (and, after code
    /// that may touch any table, RT202) were switched off; say so at the op that did it,
    /// naming the tables, so a clean run is never mistaken for a checked one.
    fn switched_off(&self, schema: &Schema, rt203: bool, head: &str, found: &mut Grouped) {
        let mut by_cause: BTreeMap<OpRef, Vec<&TableName>> = BTreeMap::new();
        for table in schema.tables.values() {
            if table.state != TableState::Opaque {
                continue;
            }
            let in_model = self.models.tables.contains_key(&table.name);
            if !in_model && !rt203 {
                continue;
            }
            if let Some(cause) = table.opaque_by
                && Some(cause) != schema.wildcard
            {
                by_cause.entry(cause).or_default().push(&table.name);
            }
        }
        for (cause, tables) in by_cause {
            let (file, span) = at(self.files, cause);
            let names = tables
                .iter()
                .map(|t| format!("`{t}`"))
                .collect::<Vec<_>>()
                .join(", ");
            let plural = if tables.len() == 1 { "table" } else { "tables" };
            let mut d = Diagnostic::new(
                &SCHEMA_NOT_STATICALLY_KNOWN,
                format!(
                    "the model check at {{heads}} skips {plural} {names}: here, {} may change {}",
                    describe_at(self.files, cause),
                    if tables.len() == 1 { "it" } else { "them" }
                ),
            )
            .at(file, span)
            .with_help(switched_off_help(self.files, cause));
            d.severity = Severity::Warning;
            found.add(d, head, format!("opaque {names}"));
        }
        if let Some(wildcard) = schema.wildcard {
            let (file, span) = at(self.files, wildcard);
            let mut d = Diagnostic::new(
                &SCHEMA_NOT_STATICALLY_KNOWN,
                format!(
                    "the model check at {{heads}} is switched off: here, {} may change any table",
                    describe_at(self.files, wildcard)
                ),
            )
            .at(file, span)
            .with_help(switched_off_help(self.files, wildcard));
            d.severity = Severity::Warning;
            found.add(d, head, "wildcard".into());
        }
    }
}

/// Why the op at `r` leaves its tables unknown, for people (the first op with that
/// span: ops of a helper function share the call's), ending where "may change it"
/// follows.
fn describe_at(files: &[RevisionFile], r: OpRef) -> String {
    let ops = || {
        files[r.file]
            .upgrade
            .iter()
            .flat_map(|u| &u.body.ops)
            .filter(|op| op.span == r.span)
    };
    // The op that can have done it: what retort cannot read at all first, then what it
    // reads but may change a table (or may not run); data-only SQL last.
    let rank = |op: &Op| match &op.kind {
        OpKind::Opaque { tables: None, .. }
        | OpKind::Execute {
            effect: SqlEffect::Unknown,
        } => 0,
        OpKind::Opaque { .. }
        | OpKind::Execute {
            effect: SqlEffect::Tables(_) | SqlEffect::Indexes | SqlEffect::RenameIndex { .. },
        } => 1,
        OpKind::Execute {
            effect: SqlEffect::DataOnly,
        }
        | OpKind::NoSchemaEffect => 3,
        _ if op.conditional => 2,
        _ => 3,
    };
    let op = ops()
        .enumerate()
        .min_by_key(|(i, op)| (rank(op), *i))
        .map(|(_, op)| op);
    let Some(op) = op else {
        return "this statement, which retort cannot read,".to_owned();
    };
    let what = op.describe();
    let what = what.strip_suffix(" (conditionally)").unwrap_or(&what);
    if op.conditional {
        if op.condition.as_ref().is_some_and(|c| c.mentions_dialect()) {
            format!(
                "{what}, which runs only on some databases (and the project's dialect is unknown),"
            )
        } else {
            format!("{what}, which may or may not run,")
        }
    } else {
        format!("{what}, which retort cannot read,")
    }
}

fn switched_off_help(files: &[RevisionFile], r: OpRef) -> String {
    let dialect_branch = files[r.file]
        .upgrade
        .iter()
        .flat_map(|u| &u.body.ops)
        .filter(|op| op.span == r.span)
        .any(|op| op.condition.as_ref().is_some_and(|c| c.mentions_dialect()));
    if dialect_branch {
        "this is a branch on the database dialect: set `dialect = \"postgresql\"` (or yours) in [tool.retort], or a database URL in `sqlalchemy.url`, so retort knows whether it runs".to_owned()
    } else {
        "write it as `op.*` calls or SQL retort reads, or silence this with `# retort: ignore[RT208]` on that line if the limit is expected".to_owned()
    }
}

/// RT204: the findings the replay collected.
pub fn op_on_missing_object(files: &[RevisionFile], replay: &Replay, out: &mut Vec<Diagnostic>) {
    for missing in &replay.missing {
        let (file, span) = at(files, missing.at);
        let mut d = Diagnostic::new(&OP_ON_MISSING_OBJECT, missing.message.clone())
            .at(file, span)
            .with_help("Alembic runs this op against a database that does not have (or already has) the object, and the upgrade fails there; check the revision's place in the history");
        if let Some((r, message)) = &missing.related {
            let (file, span) = at(files, *r);
            d = d.with_related(file, span, message.clone());
        }
        out.push(d);
    }
}

/// What one op does to one object, for RT205.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Action {
    Create,
    Drop,
    Alter(ColumnChange),
    Rename,
    /// Any change to a table's contents (columns added, indexes...).
    Touch,
}

#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Object {
    Table(TableName),
    Column(TableName, String),
    Index(String),
    Constraint(TableName, String),
}

impl std::fmt::Display for Object {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Object::Table(t) => write!(f, "table `{t}`"),
            Object::Column(t, c) => write!(f, "column `{t}.{c}`"),
            Object::Index(i) => write!(f, "index `{i}`"),
            Object::Constraint(t, c) => write!(f, "constraint `{c}` on `{t}`"),
        }
    }
}

/// One side's op on an object.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Touch {
    /// Index into the analysis' files.
    pub file: usize,
    pub span: Span,
    pub object: Object,
    pub action: Action,
    /// The op, described for people (`add column `trades.user_id``).
    pub description: String,
}

/// Two branches touching the same object in ways that do not commute.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct BranchConflict {
    pub object: Object,
    pub left: Touch,
    pub right: Touch,
    /// Why they conflict, e.g. "both add it".
    pub reason: String,
}

#[cfg(test)]
fn touches_of(file_index: usize, op: &Op) -> Vec<Touch> {
    let objects = objects_of(op);
    if objects.is_empty() {
        return Vec::new();
    }
    let description = op.describe();
    objects
        .into_iter()
        .map(|(object, action)| Touch {
            file: file_index,
            span: op.span,
            object,
            action,
            description: description.clone(),
        })
        .collect()
}

/// What `op` does to which objects (`touches_of` without the places and descriptions).
fn objects_of(op: &Op) -> Vec<(Object, Action)> {
    let touch = |object: Object, action: Action| (object, action);
    if op.conditional {
        return Vec::new();
    }
    match &op.kind {
        OpKind::CreateTable { table, .. } => {
            vec![touch(Object::Table(table.clone()), Action::Create)]
        }
        OpKind::DropTable { table } => vec![touch(Object::Table(table.clone()), Action::Drop)],
        OpKind::RenameTable { table, new_name } => vec![
            touch(Object::Table(table.clone()), Action::Rename),
            touch(
                Object::Table(TableName {
                    schema: table.schema.clone(),
                    name: new_name.clone(),
                }),
                Action::Create,
            ),
        ],
        OpKind::AddColumn { table, column } => vec![
            touch(Object::Table(table.clone()), Action::Touch),
            touch(
                Object::Column(table.clone(), column.name.clone()),
                Action::Create,
            ),
        ],
        OpKind::DropColumn { table, column } => vec![
            touch(Object::Table(table.clone()), Action::Touch),
            touch(Object::Column(table.clone(), column.clone()), Action::Drop),
        ],
        OpKind::AlterColumn {
            table,
            column,
            change,
        } => {
            let mut out = vec![
                touch(Object::Table(table.clone()), Action::Touch),
                touch(
                    Object::Column(table.clone(), column.clone()),
                    if change.new_name.is_some() {
                        Action::Rename
                    } else {
                        Action::Alter(change.clone())
                    },
                ),
            ];
            if let Some(new) = &change.new_name {
                out.push(touch(
                    Object::Column(table.clone(), new.clone()),
                    Action::Create,
                ));
            }
            out
        }
        OpKind::CreateIndex { table, index } => {
            let mut out = vec![touch(Object::Table(table.clone()), Action::Touch)];
            if let Some(name) = &index.name {
                out.push(touch(Object::Index(name.clone()), Action::Create));
            }
            out
        }
        OpKind::DropIndex { name, table } => {
            let mut out: Vec<(Object, Action)> = table
                .iter()
                .map(|t| touch(Object::Table(t.clone()), Action::Touch))
                .collect();
            out.push(touch(Object::Index(name.clone()), Action::Drop));
            out
        }
        OpKind::CreateConstraint { table, constraint } => {
            let mut out = vec![touch(Object::Table(table.clone()), Action::Touch)];
            if let Some(name) = &constraint.name {
                out.push(touch(
                    Object::Constraint(table.clone(), name.clone()),
                    Action::Create,
                ));
            }
            out
        }
        OpKind::DropConstraint { table, name, .. } => vec![
            touch(Object::Table(table.clone()), Action::Touch),
            touch(
                Object::Constraint(table.clone(), name.clone()),
                Action::Drop,
            ),
        ],
        OpKind::Execute { .. } | OpKind::NoSchemaEffect | OpKind::Opaque { .. } => Vec::new(),
    }
}

fn conflict_reason(object: &Object, left: &Action, right: &Action) -> Option<&'static str> {
    use Action::*;
    match (left, right) {
        (Create, Create) => Some("both branches create it"),
        (Drop, Drop) => Some("both branches drop it"),
        (Drop, Touch) | (Touch, Drop) if matches!(object, Object::Table(_)) => {
            Some("one branch drops the table the other changes")
        }
        (Drop, Alter(_) | Rename | Create) | (Alter(_) | Rename | Create, Drop) => {
            Some("one branch drops what the other changes")
        }
        (Rename, Rename) => Some("both branches rename it"),
        (Rename, Alter(_) | Touch) | (Alter(_) | Touch, Rename) => {
            Some("one branch renames what the other changes")
        }
        (Alter(a), Alter(b)) if a != b => Some("both branches alter it differently"),
        _ => None,
    }
}

/// RT205's check, for any two sets of revisions (file indices): typically the two
/// branches since their common ancestor. Used by `lint` for unmerged heads and merge
/// revisions, and by `merge` to refuse a conflicting merge. Order follows `left`: for
/// each object, the first touch of `left` that conflicts with some touch of `right`,
/// paired with the first such touch of `right`. Linear in the two sides' ops.
pub fn branch_conflicts(
    files: &[RevisionFile],
    left: &[usize],
    right: &[usize],
) -> Vec<BranchConflict> {
    FileObjects::new(files).conflicts(left, right)
}

/// What each revision's upgrade() does to which objects, worked out once per file when
/// first asked for: a revision on a long-lived line is on one side of many merges, and
/// RT205 compares the sides of every one.
struct FileObjects<'f> {
    files: &'f [RevisionFile],
    /// Per file: (object, action, index of the op in upgrade()).
    objects: Vec<std::cell::OnceCell<Vec<(Object, Action, usize)>>>,
}

impl<'f> FileObjects<'f> {
    fn new(files: &'f [RevisionFile]) -> FileObjects<'f> {
        FileObjects {
            files,
            objects: (0..files.len())
                .map(|_| std::cell::OnceCell::new())
                .collect(),
        }
    }

    fn of(&self, file: usize) -> &[(Object, Action, usize)] {
        self.objects[file].get_or_init(|| {
            upgrade_ops_of(&self.files[file])
                .iter()
                .enumerate()
                .flat_map(|(i, op)| objects_of(op).into_iter().map(move |(o, a)| (o, a, i)))
                .collect()
        })
    }

    /// `branch_conflicts`, with the described touches built only for what conflicts.
    fn conflicts(&self, left: &[usize], right: &[usize]) -> Vec<BranchConflict> {
        let sorted = |side: &[usize]| {
            let mut indices = side.to_vec();
            indices.sort_unstable();
            indices.dedup();
            indices
        };
        let (left, right) = (sorted(left), sorted(right));
        // The right side by object: each distinct action with its first touch (whether
        // two actions conflict depends only on the actions and the kind of object).
        let touches: usize = right.iter().map(|&file| self.of(file).len()).sum();
        let mut by_object: HashMap<&Object, Vec<(&Action, usize, usize)>, crate::FastHash> =
            HashMap::with_capacity_and_hasher(touches, crate::FastHash::default());
        for &file in &right {
            for (object, action, op) in self.of(file) {
                let firsts = by_object.entry(object).or_default();
                if !firsts.iter().any(|(a, _, _)| *a == action) {
                    firsts.push((action, file, *op));
                }
            }
        }
        if by_object.is_empty() {
            return Vec::new();
        }
        let mut out = Vec::new();
        let mut seen: HashSet<&Object, crate::FastHash> = HashSet::default();
        for &file in &left {
            for (object, action, op) in self.of(file) {
                if seen.contains(object) {
                    continue;
                }
                let Some(firsts) = by_object.get(object) else {
                    continue;
                };
                // The earliest touch of the right side that conflicts.
                let first = firsts
                    .iter()
                    .filter_map(|&(r_action, r_file, r_op)| {
                        conflict_reason(object, action, r_action)
                            .map(|why| ((r_file, r_op), r_action, why))
                    })
                    .min_by_key(|&(at, _, _)| at);
                if let Some(((r_file, r_op), r_action, reason)) = first {
                    seen.insert(object);
                    out.push(BranchConflict {
                        object: object.clone(),
                        left: self.touch(file, *op, object, action),
                        right: self.touch(r_file, r_op, object, r_action),
                        reason: reason.to_owned(),
                    });
                }
            }
        }
        out
    }

    fn touch(&self, file: usize, op: usize, object: &Object, action: &Action) -> Touch {
        let op = &upgrade_ops_of(&self.files[file])[op];
        Touch {
            file,
            span: op.span,
            object: object.clone(),
            action: action.clone(),
            description: op.describe(),
        }
    }
}

fn upgrade_ops_of(file: &RevisionFile) -> &[Op] {
    file.upgrade.as_ref().map_or(&[], |u| u.body.ops.as_slice())
}

/// The revisions (file indices) each of two revisions has that the other lacks:
/// the two branches since their common ancestor. For one pair; `head_conflicts` is
/// the fast way to check many.
pub fn branches_since_common_ancestor(
    graph: &RevisionGraph,
    a: NodeIndex,
    b: NodeIndex,
) -> (Vec<usize>, Vec<usize>) {
    let left = crate::schema::replay::all_ancestors(graph, a);
    let right = crate::schema::replay::all_ancestors(graph, b);
    let only = |x: &HashSet<NodeIndex>, y: &HashSet<NodeIndex>| {
        let mut v: Vec<usize> = x.difference(y).map(|&n| graph.file_of(n)).collect();
        v.sort_unstable();
        v
    };
    (only(&left, &right), only(&right, &left))
}

/// Heads (or any revisions) whose branches meet: the revisions each has that the other
/// lacks, as file indices in file order, found with one walk bounded by the branches.
struct Branches<'g> {
    graph: &'g RevisionGraph,
    /// `None` when the graph has a cycle (then each pair walks every ancestor, as
    /// `branches_since_common_ancestor` does).
    ancestry: Option<std::cell::RefCell<Ancestry>>,
}

impl<'g> Branches<'g> {
    fn new(graph: &'g RevisionGraph) -> Self {
        let order = graph.topological_order();
        let ancestry = (order.len() == graph.dag.node_count())
            .then(|| std::cell::RefCell::new(Ancestry::new(graph, &order)));
        Branches { graph, ancestry }
    }

    fn between(&self, a: NodeIndex, b: NodeIndex) -> (Vec<usize>, Vec<usize>) {
        let Some(ancestry) = &self.ancestry else {
            return branches_since_common_ancestor(self.graph, a, b);
        };
        let (left, right) = ancestry.borrow_mut().difference(&[a], &[b]);
        let files = |nodes: Vec<NodeIndex>| {
            let mut v: Vec<usize> = nodes.into_iter().map(|n| self.graph.file_of(n)).collect();
            v.sort_unstable();
            v
        };
        (files(left), files(right))
    }
}

/// The pairs `(i, j)`, `i < j`, of `heads` whose branches may conflict: some object is
/// touched on each side in ways that `conflict_reason` says do not commute. Every pair
/// `branch_conflicts` would find something for is among them; most others are not, so
/// thousands of heads that touch nothing in common cost no pairwise work.
fn candidate_pairs(
    files: &[RevisionFile],
    graph: &RevisionGraph,
    heads: &[NodeIndex],
    acyclic: bool,
) -> BTreeSet<(usize, usize)> {
    let mut pairs = BTreeSet::new();
    if heads.len() < 2 {
        return pairs;
    }
    if !acyclic {
        // Revisions on a cycle have no order to walk in: compare every pair.
        for i in 0..heads.len() {
            for j in i + 1..heads.len() {
                pairs.insert((i, j));
            }
        }
        return pairs;
    }
    // Every touch in the history, grouped by object and then by action, each action
    // with the revisions that do it.
    let mut by_object: HashMap<Object, Vec<(Action, Vec<NodeIndex>)>> = HashMap::new();
    for node in graph.nodes() {
        let file = graph.file_of(node);
        for op in files[file].upgrade.iter().flat_map(|u| &u.body.ops) {
            for (object, action) in objects_of(op) {
                let actions = by_object.entry(object).or_default();
                match actions.iter_mut().find(|(a, _)| *a == action) {
                    Some((_, nodes)) => {
                        if nodes.last() != Some(&node) {
                            nodes.push(node);
                        }
                    }
                    None => actions.push((action, vec![node])),
                }
            }
        }
    }
    // Objects where two different revisions do conflicting things, ancestry aside.
    let two_revisions =
        |x: &[NodeIndex], y: &[NodeIndex]| x.iter().any(|a| y.iter().any(|b| a != b));
    by_object.retain(|object, actions| {
        actions.iter().enumerate().any(|(i, (a, xs))| {
            actions[i..]
                .iter()
                .any(|(b, ys)| conflict_reason(object, a, b).is_some() && two_revisions(xs, ys))
        })
    });
    if by_object.is_empty() {
        return pairs;
    }
    // Which heads each of those revisions reaches (through both edge kinds): the heads
    // whose history includes it. A revision every head has is on neither side of any
    // pair and is left out.
    let head_index: HashMap<NodeIndex, usize> =
        heads.iter().enumerate().map(|(i, &h)| (h, i)).collect();
    let touching: Vec<NodeIndex> = by_object
        .values()
        .flat_map(|actions| actions.iter().flat_map(|(_, nodes)| nodes.iter().copied()))
        .collect();
    let reach = heads_reached(graph, &touching, &head_index);
    for (object, actions) in &by_object {
        let reached: Vec<Vec<usize>> = actions
            .iter()
            .map(|(_, nodes)| {
                let mut hs: Vec<usize> = nodes
                    .iter()
                    .filter_map(|n| reach.get(n))
                    .flat_map(|r| r.iter().copied())
                    .collect();
                hs.sort_unstable();
                hs.dedup();
                hs
            })
            .collect();
        for (i, (a, _)) in actions.iter().enumerate() {
            for (j, (b, _)) in actions.iter().enumerate().skip(i) {
                if conflict_reason(object, a, b).is_none() {
                    continue;
                }
                for &x in &reached[i] {
                    for &y in &reached[j] {
                        if x != y {
                            pairs.insert((x.min(y), x.max(y)));
                        }
                    }
                }
            }
        }
    }
    pairs
}

/// For each of `nodes`, the heads (indices into `head_index`) that have it as an
/// ancestor, left out when every head does. Computed once over the descendants of
/// `nodes`, children first; a revision with one child shares its child's set.
fn heads_reached(
    graph: &RevisionGraph,
    nodes: &[NodeIndex],
    head_index: &HashMap<NodeIndex, usize>,
) -> HashMap<NodeIndex, std::rc::Rc<Vec<usize>>> {
    use petgraph::Direction;
    use petgraph::visit::EdgeRef;
    use std::rc::Rc;
    // The descendants of `nodes` (themselves included).
    let mut region: HashSet<NodeIndex> = nodes.iter().copied().collect();
    let mut stack: Vec<NodeIndex> = region.iter().copied().collect();
    while let Some(n) = stack.pop() {
        for e in graph.dag.edges_directed(n, Direction::Outgoing) {
            if region.insert(e.target()) {
                stack.push(e.target());
            }
        }
    }
    // Children before parents: a topological order of the region, reversed.
    let mut indegree: HashMap<NodeIndex, usize> = region
        .iter()
        .map(|&n| {
            let inside = graph
                .dag
                .edges_directed(n, Direction::Outgoing)
                .filter(|e| region.contains(&e.target()))
                .count();
            (n, inside)
        })
        .collect();
    let mut ready: Vec<NodeIndex> = indegree
        .iter()
        .filter(|(_, d)| **d == 0)
        .map(|(&n, _)| n)
        .collect();
    let all = head_index.len();
    // `None`: every head.
    let mut reach: HashMap<NodeIndex, Option<Rc<Vec<usize>>>> = HashMap::new();
    while let Some(n) = ready.pop() {
        let mut children: Vec<Option<Rc<Vec<usize>>>> = Vec::new();
        for e in graph.dag.edges_directed(n, Direction::Outgoing) {
            if let Some(r) = reach.get(&e.target()) {
                children.push(r.clone());
            }
        }
        let own = head_index.get(&n).copied();
        let set = if children.iter().any(Option::is_none) {
            None
        } else if children.len() == 1 && own.is_none() {
            children.pop().expect("one")
        } else {
            let mut v: Vec<usize> = own.into_iter().collect();
            for c in children.iter().flatten() {
                v.extend(c.iter().copied());
            }
            v.sort_unstable();
            v.dedup();
            (v.len() < all).then(|| Rc::new(v))
        };
        reach.insert(n, set);
        for e in graph.dag.edges_directed(n, Direction::Incoming) {
            if let Some(d) = indegree.get_mut(&e.source()) {
                *d -= 1;
                if *d == 0 {
                    ready.push(e.source());
                }
            }
        }
    }
    nodes
        .iter()
        .filter_map(|n| Some((*n, reach.get(n)?.clone()?)))
        .collect()
}

/// RT205 between unmerged heads: each pair `(a, b)` (in `heads` order) whose branches
/// since their common ancestor conflict, with the conflicts. `skip` leaves a pair out
/// (labelled heads). Near-linear in the history when few heads conflict: only pairs
/// with an object touched in conflicting ways on both sides are compared.
pub fn head_conflicts(
    files: &[RevisionFile],
    graph: &RevisionGraph,
    heads: &[NodeIndex],
    mut skip: impl FnMut(NodeIndex, NodeIndex) -> bool,
) -> Vec<(NodeIndex, NodeIndex, Vec<BranchConflict>)> {
    let branches = Branches::new(graph);
    let objects = FileObjects::new(files);
    let mut out = Vec::new();
    let acyclic = branches.ancestry.is_some();
    for (i, j) in candidate_pairs(files, graph, heads, acyclic) {
        let (a, b) = (heads[i], heads[j]);
        if skip(a, b) {
            continue;
        }
        let (left, right) = branches.between(a, b);
        let conflicts = objects.conflicts(&left, &right);
        if !conflicts.is_empty() {
            out.push((a, b, conflicts));
        }
    }
    out
}

/// RT205: for every pair of unmerged heads and every merge revision's parents.
pub fn conflicting_branches(
    files: &[RevisionFile],
    graph: &RevisionGraph,
    allow_labelled: bool,
    out: &mut Vec<Diagnostic>,
) {
    let heads = graph.heads();
    let labelled_apart = |a: NodeIndex, b: NodeIndex| {
        if !allow_labelled {
            return false;
        }
        let (la, lb) = (
            graph.effective_labels(a, files),
            graph.effective_labels(b, files),
        );
        la.iter().any(|l| !lb.contains(l)) && lb.iter().any(|l| !la.contains(l))
    };
    for (a, b, conflicts) in head_conflicts(files, graph, &heads, labelled_apart) {
        for c in conflicts {
            let (lf, ls) = (&files[c.left.file].source, c.left.span);
            let (rf, rs) = (&files[c.right.file].source, c.right.span);
            out.push(
                Diagnostic::new(
                    &CONFLICTING_BRANCHES,
                    format!(
                        "unmerged heads `{}` and `{}` conflict on {}: {}",
                        id(files, graph, a),
                        id(files, graph, b),
                        c.object,
                        c.reason
                    ),
                )
                .at(rf, rs)
                .with_related(lf, ls, format!("the other branch: {}", c.left.description))
                .with_help("whichever branch runs second fails or undoes the first; reconcile the two revisions before merging the heads"),
            );
        }
    }
    let branches = Branches::new(graph);
    let objects = FileObjects::new(files);
    for node in graph.merge_points(files) {
        let parents: Vec<NodeIndex> = graph
            .parents(node, crate::graph::EdgeKind::DownRevision)
            .collect();
        let file = &files[graph.file_of(node)];
        let span = file.down_revision.span().unwrap_or_else(|| file.id_span());
        for (i, &a) in parents.iter().enumerate() {
            for &b in &parents[i + 1..] {
                let (left, right) = branches.between(a, b);
                for c in objects.conflicts(&left, &right) {
                    let (lf, ls) = (&files[c.left.file].source, c.left.span);
                    let (rf, rs) = (&files[c.right.file].source, c.right.span);
                    out.push(
                        Diagnostic::new(
                            &CONFLICTING_BRANCHES,
                            format!(
                                "this merge joins branches that conflict on {}: {}",
                                c.object, c.reason
                            ),
                        )
                        .at(&file.source, span)
                        .with_related(lf, ls, format!("one branch: {}", c.left.description))
                        .with_related(rf, rs, format!("the other branch: {}", c.right.description))
                        .with_help("the order Alembic runs the two branches in decides the result; reconcile the revisions"),
                    );
                }
            }
        }
    }
}

/// Objects an upgrade touches, for RT206.
/// The objects the upgrade creates, drops, renames or alters, each with where and
/// whether the upgrade creates it.
fn upgrade_objects(ops: &[Op]) -> Vec<(Object, OpRef, bool)> {
    let mut out = Vec::new();
    for op in ops {
        for (object, action) in objects_of(op) {
            if !matches!(action, Action::Touch) {
                out.push((
                    object,
                    OpRef {
                        file: 0,
                        span: op.span,
                    },
                    action == Action::Create,
                ));
            }
        }
    }
    out
}

fn unreadable(ops: &[Op]) -> (bool, HashSet<TableName>) {
    let mut wildcard = false;
    let mut tables = HashSet::new();
    for op in ops {
        match &op.kind {
            OpKind::Opaque { tables: None, .. }
            | OpKind::Execute {
                effect: SqlEffect::Unknown,
            } => wildcard = true,
            OpKind::Opaque {
                tables: Some(ts), ..
            }
            | OpKind::Execute {
                effect: SqlEffect::Tables(ts),
            } => tables.extend(ts.iter().cloned()),
            _ => {}
        }
        if op.conditional
            && let Some(t) = op.table()
        {
            tables.insert(t.clone());
        }
    }
    (wildcard, tables)
}

/// RT206 for one replayed revision: apply its downgrade to the schema after its upgrade
/// (both from the replay's single pass) and check that what the upgrade touched is back
/// as it was before.
pub fn downgrade_does_not_reverse_upgrade(
    files: &[RevisionFile],
    step: &Step<'_>,
    out: &mut Vec<Diagnostic>,
) {
    let index = step.file;
    let file = &files[index];
    let (Some(up), Some(down)) = (&file.upgrade, &file.downgrade) else {
        return;
    };
    // An empty downgrade (`pass`) or one that raises declares the revision
    // irreversible: a choice, not a mistake.
    if down.body.raises || down.body.is_empty || up.body.ops.is_empty() {
        return;
    }
    let (w1, mut skip) = unreadable(&up.body.ops);
    let (w2, more) = unreadable(&down.body.ops);
    if w1 || w2 {
        return;
    }
    skip.extend(more);
    let before = step.before;
    // O(1): the copy shares every table with the replay's schema.
    let mut after = step.after.clone();
    let mut applier = Applier {
        options: step.options,
        created_anywhere: step.created_anywhere,
        created_indexes: None,
        missing: None,
    };
    for op in &down.body.ops {
        applier.apply(&mut after, op, index);
    }
    let mut problems: Vec<(String, Span)> = Vec::new();
    let objects = upgrade_objects(&up.body.ops);
    let mut seen: HashSet<&Object> = HashSet::new();
    for (object, r, created) in &objects {
        if !seen.insert(object) {
            continue;
        }
        if let Some(problem) = not_restored(
            object,
            *created,
            before,
            &after,
            &skip,
            step.options.dialect,
        ) {
            problems.push((problem, r.span));
        }
    }
    if problems.is_empty() {
        return;
    }
    let listed = problems
        .iter()
        .map(|(p, _)| p.clone())
        .collect::<Vec<_>>()
        .join("; ");
    let mut d = Diagnostic::new(
        &DOWNGRADE_DOES_NOT_REVERSE_UPGRADE,
        format!("downgrade() does not undo upgrade(): {listed}"),
    )
    .at(&file.source, down.name_span)
    .with_help("make downgrade() reverse each op of upgrade() in the opposite order, or make it `raise NotImplementedError` if the revision is meant to be irreversible");
    for (problem, span) in problems.iter().take(8) {
        d = d.with_related(&file.source, *span, format!("not undone: {problem}"));
    }
    out.push(d);
}

/// What of `object` is not back as it was before the upgrade. `created`: the upgrade's
/// first action on it creates it; otherwise it existed before (maybe older than the
/// history, so that the replay's schema before the revision does not show it).
fn not_restored(
    object: &Object,
    created: bool,
    before: &Schema,
    after: &Schema,
    skip: &HashSet<TableName>,
    dialect: Option<crate::ops::Dialect>,
) -> Option<String> {
    let table = match object {
        Object::Table(t) | Object::Column(t, _) | Object::Constraint(t, _) => Some(t),
        Object::Index(_) => None,
    };
    if let Some(t) = table
        && skip.contains(t)
    {
        return None;
    }
    let existed = !created;
    match object {
        Object::Table(t) => {
            let (b, a) = (before.table(t), after.table(t));
            if b.is_some_and(|x| x.state == TableState::Opaque)
                || a.is_some_and(|x| x.state == TableState::Opaque)
            {
                return None;
            }
            match (b.is_some() || existed, a.is_some()) {
                (false, true) => Some(format!("table `{t}` is left in place")),
                (true, false) => Some(format!("table `{t}` is not restored")),
                _ => None,
            }
        }
        Object::Column(t, c) => {
            let (bt, at) = (before.table(t), after.table(t));
            let at = at?;
            if at.state == TableState::Opaque || bt.is_some_and(|bt| bt.state == TableState::Opaque)
            {
                return None;
            }
            let (bc, ac) = (bt.and_then(|bt| bt.column(c)), at.column(c));
            let was_exact = bt.is_some_and(|bt| bt.state == TableState::Exact);
            match (bc, ac) {
                (None, Some(ac)) if ac.added_by.is_some() && !existed => {
                    Some(format!("column `{t}.{c}` is left in place"))
                }
                (Some(bc), None) if bc.added_by.is_some() || was_exact => {
                    Some(format!("column `{t}.{c}` is not restored"))
                }
                (None, None) if existed && bt.is_some() => {
                    Some(format!("column `{t}.{c}` is not restored"))
                }
                (Some(bc), Some(ac)) => {
                    if let (Some(x), Some(y)) = (bc.nullable, ac.nullable)
                        && x != y
                    {
                        return Some(format!(
                            "column `{t}.{c}` is left {} (was {})",
                            if y { "nullable" } else { "NOT NULL" },
                            if x { "nullable" } else { "NOT NULL" }
                        ));
                    }
                    if let (Some(x), Some(y)) = (&bc.type_text, &ac.type_text)
                        && crate::schema::types::certainly_differ(x, y, dialect)
                    {
                        return Some(format!("column `{t}.{c}` keeps type `{y}` (was `{x}`)"));
                    }
                    None
                }
                _ => None,
            }
        }
        Object::Index(name) => {
            let has = |s: &Schema| s.has_index(name);
            if before.any_opaque() || after.any_opaque() {
                return None;
            }
            // An index the upgrade drops without retort having seen it created (made
            // by SQL, or with a database-chosen name) is rightly created again.
            match (has(before), has(after)) {
                (false, true) if created => Some(format!("index `{name}` is left in place")),
                _ => None,
            }
        }
        Object::Constraint(t, name) => {
            let (Some(bt), Some(at)) = (before.table(t), after.table(t)) else {
                return None;
            };
            if bt.state == TableState::Opaque || at.state == TableState::Opaque {
                return None;
            }
            let has = |x: &crate::schema::replay::Table| {
                x.constraints
                    .iter()
                    .any(|c| c.name.as_deref() == Some(name))
            };
            match (has(bt), has(at)) {
                (false, true) if created => {
                    Some(format!("constraint `{name}` on `{t}` is left in place"))
                }
                _ => None,
            }
        }
    }
}

/// RT207: a revision that is not a merge and whose upgrade() does nothing.
pub fn empty_migration(files: &[RevisionFile], graph: &RevisionGraph, out: &mut Vec<Diagnostic>) {
    for node in graph.nodes() {
        let file = &files[graph.file_of(node)];
        let Some(up) = &file.upgrade else { continue };
        if !up.body.is_empty
            || file.down_revisions().len() > 1
            || !file.branch_label_ids().is_empty()
        {
            continue;
        }
        // A revision other revisions depend on is a deliberate marker.
        if graph
            .children(node, crate::graph::EdgeKind::DependsOn)
            .next()
            .is_some()
        {
            continue;
        }
        out.push(
            Diagnostic::new(&EMPTY_MIGRATION, format!(
                "revision `{}` is not a merge, but its upgrade() does nothing",
                file.id().unwrap_or("?")
            ))
            .at(&file.source, up.name_span)
            .with_help("fill in upgrade() (autogenerate found no changes when it was written?) or delete the revision before anyone applies it"),
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::schema::replay::random_histories;

    /// RT205's check as it was first written: every touch of one side against every
    /// touch of the other.
    fn plain_branch_conflicts(
        files: &[RevisionFile],
        left: &[usize],
        right: &[usize],
    ) -> Vec<BranchConflict> {
        let collect = |side: &[usize]| -> Vec<Touch> {
            side.iter()
                .flat_map(|&i| {
                    files[i]
                        .upgrade
                        .iter()
                        .flat_map(move |u| u.body.ops.iter().flat_map(move |op| touches_of(i, op)))
                })
                .collect()
        };
        let (left, right) = (collect(left), collect(right));
        let mut out = Vec::new();
        let mut seen = HashSet::new();
        for l in &left {
            for r in right.iter().filter(|r| r.object == l.object) {
                if let Some(reason) = conflict_reason(&l.object, &l.action, &r.action)
                    && seen.insert(l.object.clone())
                {
                    out.push(BranchConflict {
                        object: l.object.clone(),
                        left: l.clone(),
                        right: r.clone(),
                        reason: reason.to_owned(),
                    });
                }
            }
        }
        out
    }

    #[test]
    fn fast_rt205_finds_what_comparing_every_pair_finds() {
        let (mut pairs_with_conflicts, mut merges) = (0, 0);
        for seed in 0..200 {
            let (files, graph) = random_histories::history(seed + 1000, 30);
            let heads = graph.heads();
            let mut expected = Vec::new();
            for (i, &a) in heads.iter().enumerate() {
                for &b in &heads[i + 1..] {
                    let (left, right) = branches_since_common_ancestor(&graph, a, b);
                    let found = plain_branch_conflicts(&files, &left, &right);
                    if !found.is_empty() {
                        expected.push((a, b, found));
                    }
                }
            }
            let fast = head_conflicts(&files, &graph, &heads, |_, _| false);
            assert_eq!(fast, expected, "seed {seed}");
            pairs_with_conflicts += expected.len();
            let branches = Branches::new(&graph);
            for node in graph.merge_points(&files) {
                let parents: Vec<NodeIndex> = graph
                    .parents(node, crate::graph::EdgeKind::DownRevision)
                    .collect();
                for (i, &a) in parents.iter().enumerate() {
                    for &b in &parents[i + 1..] {
                        let (left, right) = branches_since_common_ancestor(&graph, a, b);
                        assert_eq!(branches.between(a, b), (left.clone(), right.clone()));
                        assert_eq!(
                            branch_conflicts(&files, &left, &right),
                            plain_branch_conflicts(&files, &left, &right)
                        );
                        merges += 1;
                    }
                }
            }
        }
        assert!(pairs_with_conflicts > 200, "{pairs_with_conflicts}");
        assert!(merges > 200, "{merges}");
    }
}
