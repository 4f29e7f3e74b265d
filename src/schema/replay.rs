//! Replays the ops of every revision along the DAG, parents first, in one pass. A
//! revision's schema is kept only while a child still needs it (and at heads), and
//! schemas are persistent maps that share whatever did not change, so memory and time
//! stay near-linear in the history. What retort cannot see is kept as explicitly unknown:
//! a table older than the history is `Partial` (it may have more columns than the
//! migrations show), a table touched by SQL or code retort cannot read is `Opaque`,
//! and code that may touch any table sets `Schema::wildcard`.

use std::collections::{HashMap, HashSet};
use std::fmt;

use petgraph::Direction;
use petgraph::graph::NodeIndex;
use petgraph::visit::EdgeRef;
use rpds::{RedBlackTreeMapSync, RedBlackTreeSetSync};
use serde::Serialize;

use super::ancestry::Ancestry;
use super::named::{HasName, Named};

use crate::graph::RevisionGraph;
use crate::ops::{
    ColumnChange, ColumnDef, ConstraintDef, ConstraintKind, IndexDef, Op, OpKind, SqlEffect,
    TableName,
};
use crate::revision::RevisionFile;
use crate::source::Span;

/// Where an op is: the revision file (index into the analysis' files) and its span.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct OpRef {
    pub file: usize,
    pub span: Span,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum TableState {
    /// Created by a migration and only changed by ops retort understands: its columns
    /// are exactly these.
    Exact,
    /// Older than the history (altered, never created, by the migrations): it has
    /// these columns and maybe others.
    Partial,
    /// Touched by SQL or code retort cannot read: it may have other columns, or not
    /// exist at all.
    Opaque,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Column {
    pub name: String,
    #[serde(rename = "type")]
    pub type_text: Option<String>,
    /// `None` when not known (a column of a `Partial` table that was only altered).
    pub nullable: Option<bool>,
    pub primary_key: bool,
    pub server_default: Option<String>,
    #[serde(skip)]
    pub added_by: Option<OpRef>,
}

impl HasName for Column {
    fn name(&self) -> &str {
        &self.name
    }
    fn set_name(&mut self, name: String) {
        self.name = name;
    }
}

impl HasName for Index {
    fn name(&self) -> &str {
        &self.name
    }
    fn set_name(&mut self, name: String) {
        self.name = name;
    }
}

/// Only named constraints are kept in a table's list (unnamed ones are `Unnamed`).
impl HasName for Constraint {
    fn name(&self) -> &str {
        self.name.as_deref().unwrap_or_default()
    }
    fn set_name(&mut self, name: String) {
        self.name = Some(name);
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Index {
    pub name: String,
    pub columns: Vec<String>,
    pub unique: bool,
    #[serde(skip)]
    pub created_by: Option<OpRef>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Constraint {
    pub name: Option<String>,
    pub kind: &'static str,
    pub columns: Vec<String>,
    pub referred_table: Option<String>,
    #[serde(skip)]
    pub created_by: Option<OpRef>,
}

/// Objects of a table whose names the migrations do not write: the database names
/// them (`users_pkey`, `users_email_key`, MySQL's `PRIMARY` or the column name), or the
/// naming convention of env.py's `target_metadata` does. Any name retort has not seen
/// may belong to one of them, so RT204 says nothing about names of that kind.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Unnamed {
    pub primary_key: bool,
    pub unique: bool,
    pub foreign_key: bool,
    pub check: bool,
    pub exclude: bool,
    pub index: bool,
}

impl Unnamed {
    fn note(&mut self, kind: ConstraintKind) {
        match kind {
            ConstraintKind::PrimaryKey => self.primary_key = true,
            ConstraintKind::Unique => self.unique = true,
            ConstraintKind::ForeignKey => self.foreign_key = true,
            ConstraintKind::Check => self.check = true,
            ConstraintKind::Exclude => self.exclude = true,
        }
    }

    fn any_constraint(self) -> bool {
        self.primary_key || self.unique || self.foreign_key || self.check || self.exclude
    }
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Table {
    pub name: TableName,
    pub state: TableState,
    /// Persistent lists shared with the schemas of earlier revisions: a revision that
    /// changes one column copies a few tree nodes, not the table.
    pub columns: Named<Column>,
    pub indexes: Named<Index>,
    /// Named constraints only.
    pub constraints: Named<Constraint>,
    /// The op that created it (`None` for a table older than the history).
    pub created_by: Option<OpRef>,
    /// Constraints and indexes the database or a naming convention names.
    pub unnamed: Unnamed,
    /// Something retort cannot follow may have added or removed named indexes and
    /// constraints (a column dropped from a multi-column index: some databases drop
    /// the index, MySQL keeps it); names are not checked on this table any more.
    pub names_uncertain: bool,
    /// For an opaque table: the first op that made it so (what retort could not read).
    pub opaque_by: Option<OpRef>,
}

impl Table {
    fn new(name: TableName, state: TableState) -> Table {
        Table {
            name,
            state,
            columns: Named::default(),
            indexes: Named::default(),
            constraints: Named::default(),
            created_by: None,
            unnamed: Unnamed::default(),
            names_uncertain: false,
            opaque_by: None,
        }
    }

    /// Whether RT204 may say that this table has no index or constraint called so:
    /// created by a migration, changed only by ops retort follows.
    fn names_known(&self) -> bool {
        self.state == TableState::Exact && !self.names_uncertain
    }

    /// An index of this name may exist although retort has not seen it created.
    fn may_have_index(&self, name: &str) -> bool {
        let u = self.unnamed;
        // Naming-convention indexes (`index=True`), and the indexes MySQL creates for
        // unique and foreign key constraints (named after the constraint or column).
        u.index
            || u.unique
            || u.foreign_key
            || self.constraints.contains(name)
            || (u.primary_key && is_generated_pk_name(name))
    }

    /// A constraint of this name (and kind, when `drop_constraint` says `type_=`) may
    /// exist although retort has not seen it created.
    fn may_have_constraint(&self, name: &str, kind: Option<ConstraintKind>) -> bool {
        let u = self.unnamed;
        let unnamed_of_kind = match kind {
            None => u.any_constraint(),
            Some(ConstraintKind::PrimaryKey) => u.primary_key,
            Some(ConstraintKind::Unique) => u.unique,
            Some(ConstraintKind::ForeignKey) => u.foreign_key,
            Some(ConstraintKind::Check) => u.check,
            Some(ConstraintKind::Exclude) => u.exclude,
        };
        // MySQL drops a unique constraint as an index.
        let index = matches!(kind, None | Some(ConstraintKind::Unique))
            && (self.indexes.contains(name) || u.index);
        // A naming convention with `%(constraint_name)s` turns a written `email` into
        // `uq_users_email`.
        let convention = self.constraints.iter().any(|c| {
            c.name
                .as_deref()
                .is_some_and(|known| name.len() > known.len() && name.ends_with(known))
        });
        unnamed_of_kind || index || convention
    }

    pub fn column(&self, name: &str) -> Option<&Column> {
        self.columns.get(name)
    }
}

/// A bare column name (not an expression such as `lower(email)`).
fn is_plain_name(column: &str) -> bool {
    !column.is_empty() && column.chars().all(|c| c.is_alphanumeric() || c == '_')
}

/// Names databases give an unnamed primary key: PostgreSQL `<table>_pkey`, MySQL
/// `PRIMARY`.
fn is_generated_pk_name(name: &str) -> bool {
    name.ends_with("_pkey") || name.eq_ignore_ascii_case("primary")
}

/// An object `create_table` / `add_column` / `create_*` writes without a name.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum UnnamedObject {
    Constraint(ConstraintKind),
    /// `index=True` (unique with `unique=True` too).
    Index {
        unique: bool,
    },
}

/// PostgreSQL's longest identifier (NAMEDATALEN - 1): a longer generated name is
/// truncated by rules retort does not follow.
const PG_MAX_IDENTIFIER: usize = 63;

/// The name an unnamed object gets on PostgreSQL with SQLAlchemy's default naming
/// convention: the server's `<table>_pkey`, `<table>_<columns>_key` and
/// `<table>_<columns>_fkey`, and SQLAlchemy's `ix_<table>_<column>` for `index=True`.
/// `None` where retort is not certain: a check constraint (named after the columns its
/// expression uses), a schema-qualified table, expressions, a name too long, or one
/// already taken in the schema (PostgreSQL then appends a number).
fn default_name(
    schema: &Schema,
    table: &Table,
    what: UnnamedObject,
    columns: &[String],
) -> Option<String> {
    if table.name.schema.is_some() || !columns.iter().all(|c| is_plain_name(c)) {
        return None;
    }
    let t = &table.name.name;
    let name = match what {
        UnnamedObject::Constraint(ConstraintKind::PrimaryKey) => format!("{t}_pkey"),
        UnnamedObject::Constraint(kind @ (ConstraintKind::Unique | ConstraintKind::ForeignKey))
            if !columns.is_empty() =>
        {
            let suffix = if kind == ConstraintKind::Unique {
                "key"
            } else {
                "fkey"
            };
            format!("{t}_{}_{suffix}", columns.join("_"))
        }
        UnnamedObject::Index { .. } if columns.len() == 1 => format!("ix_{t}_{}", columns[0]),
        _ => return None,
    };
    let taken = |n: &str| {
        schema.has_index(n)
            || table.indexes.contains(n)
            || table.constraints.contains(n)
            || schema.tables.values().any(|other| {
                other.name.schema.is_none()
                    && (other.name.name == n || other.constraints.contains(n))
            })
    };
    (name.len() <= PG_MAX_IDENTIFIER && !taken(&name)).then_some(name)
}

/// The schema at one point of the history. Cloning it is O(1): the copy shares every
/// table with the original until one of them changes.
#[derive(Clone, Default, PartialEq, Eq)]
pub struct Schema {
    pub tables: RedBlackTreeMapSync<TableName, Table>,
    /// Code that may touch any table ran here (the first such op), so a table missing
    /// from `tables` may exist all the same and any table may differ.
    pub wildcard: Option<OpRef>,
    /// Index DDL retort cannot follow ran here (`op.execute("CREATE INDEX ...")`): index
    /// names are not checked any more.
    pub indexes_unknown: Option<OpRef>,
    /// Derived from `tables` (kept in step by `Applier::apply`): the tables holding an
    /// index of each name, so `drop_index` and RT206 need not visit every table.
    index_tables: RedBlackTreeMapSync<String, RedBlackTreeSetSync<TableName>>,
    /// Derived from `tables`: the opaque ones.
    opaque_tables: RedBlackTreeSetSync<TableName>,
}

impl Schema {
    pub fn table(&self, name: &TableName) -> Option<&Table> {
        self.tables.get(name)
    }

    /// Whether some table has an index called `name`.
    pub fn has_index(&self, name: &str) -> bool {
        self.index_tables.contains_key(name)
    }

    /// Whether some table is opaque.
    pub fn any_opaque(&self) -> bool {
        !self.opaque_tables.is_empty()
    }

    pub fn tables_with_index(&self, name: &str) -> Vec<TableName> {
        self.index_tables
            .get(name)
            .map(|set| set.iter().cloned().collect())
            .unwrap_or_default()
    }

    /// Bring the derived maps up to date for table `name`, whose indexes were `old` (a
    /// copy taken before the change: O(1), and only the indexes, so that the columns
    /// stay unshared and change in place).
    fn sync(&mut self, name: &TableName, old: Option<&Named<Index>>) {
        let new = self.tables.get(name);
        let unchanged = match (old, new) {
            (Some(o), Some(n)) => o.ptr_eq(&n.indexes),
            (None, None) => true,
            _ => false,
        };
        let opaque = new.is_some_and(|t| t.state == TableState::Opaque);
        if !unchanged {
            let names = |list: Option<&Named<Index>>| -> HashSet<String> {
                list.map(|l| l.iter().map(|i| i.name.clone()).collect())
                    .unwrap_or_default()
            };
            let (before, after) = (names(old), names(new.map(|t| &t.indexes)));
            for gone in before.difference(&after) {
                if let Some(mut set) = self.index_tables.get(gone.as_str()).cloned() {
                    set.remove_mut(name);
                    if set.is_empty() {
                        self.index_tables.remove_mut(gone.as_str());
                    } else {
                        self.index_tables.insert_mut(gone.clone(), set);
                    }
                }
            }
            for added in after.difference(&before) {
                let mut set = self
                    .index_tables
                    .get(added.as_str())
                    .cloned()
                    .unwrap_or_default();
                set.insert_mut(name.clone());
                self.index_tables.insert_mut(added.clone(), set);
            }
        }
        if opaque {
            if !self.opaque_tables.contains(name) {
                self.opaque_tables.insert_mut(name.clone());
            }
        } else if self.opaque_tables.contains(name) {
            self.opaque_tables.remove_mut(name);
        }
    }

    /// The derived maps recomputed from the tables (for tests).
    #[cfg(test)]
    pub(crate) fn check_derived(&self) {
        let mut index_tables: RedBlackTreeMapSync<String, RedBlackTreeSetSync<TableName>> =
            RedBlackTreeMapSync::default();
        let mut opaque = RedBlackTreeSetSync::default();
        for t in self.tables.values() {
            for i in t.indexes.iter() {
                let mut set = index_tables.get(&i.name).cloned().unwrap_or_default();
                set.insert_mut(t.name.clone());
                index_tables.insert_mut(i.name.clone(), set);
            }
            if t.state == TableState::Opaque {
                opaque.insert_mut(t.name.clone());
            }
        }
        assert_eq!(self.index_tables, index_tables, "index names out of step");
        assert_eq!(self.opaque_tables, opaque, "opaque tables out of step");
    }

    fn table_mut(&mut self, name: &TableName) -> Option<&mut Table> {
        self.tables.get_mut(name)
    }

    /// Changes every table `select` accepts.
    fn update_tables(
        &mut self,
        mut select: impl FnMut(&Table) -> bool,
        mut change: impl FnMut(&mut Table),
    ) {
        let chosen: Vec<TableName> = self
            .tables
            .iter()
            .filter(|(_, t)| select(t))
            .map(|(name, _)| name.clone())
            .collect();
        for name in chosen {
            if let Some(t) = self.tables.get_mut(&name) {
                change(t);
            }
        }
    }
}

impl fmt::Debug for Schema {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Schema")
            .field("tables", &self.tables.values().collect::<Vec<_>>())
            .field("wildcard", &self.wildcard)
            .field("indexes_unknown", &self.indexes_unknown)
            .finish()
    }
}

/// An op that acts on something that is not there at that point (RT204).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct MissingObject {
    pub at: OpRef,
    pub message: String,
    /// Where the object was created or dropped before, when known.
    pub related: Option<(OpRef, String)>,
}

#[derive(Clone, Copy, Debug, Default)]
pub struct ReplayOptions {
    /// `assume-complete-history`: a table no migration creates does not exist.
    pub assume_complete_history: bool,
    /// The project's dialect, when known.
    pub dialect: Option<crate::ops::Dialect>,
    /// Unnamed constraints and indexes get the names the database and SQLAlchemy give
    /// them (PostgreSQL's `users_pkey`, SQLAlchemy's `ix_users_email`), which needs the
    /// dialect (PostgreSQL) and SQLAlchemy's default naming convention.
    pub default_names: bool,
}

/// The result of one pass over a whole history.
#[derive(Debug, Default)]
pub struct Replay {
    /// The schema after each head and each revision asked for (revisions on cycles are
    /// left out). Other revisions' schemas are dropped once their children have run.
    pub kept: HashMap<NodeIndex, Schema>,
    /// Ops on missing objects, each found once (when its own revision is replayed).
    pub missing: Vec<MissingObject>,
    /// Tables some migration anywhere in the history creates (or renames to).
    pub created_anywhere: HashSet<TableName>,
    /// Named indexes some migration anywhere in the history creates, with where.
    pub created_indexes: HashMap<String, OpRef>,
    /// The most revision schemas held at once during the pass: 1 or 2 for a linear
    /// history, however long; about the number of open branches otherwise.
    pub peak_live: usize,
}

impl Replay {
    /// The schema after `node`, when it was kept (a head, or asked for).
    pub fn after(&self, node: NodeIndex) -> Option<&Schema> {
        self.kept.get(&node)
    }

    /// The schema at each head (heads on cycles are left out).
    pub fn heads<'a>(&'a self, graph: &RevisionGraph) -> Vec<(NodeIndex, &'a Schema)> {
        graph
            .heads()
            .into_iter()
            .filter_map(|h| self.kept.get(&h).map(|s| (h, s)))
            .collect()
    }
}

/// One replayed revision, handed to the visitor of `replay_with` (RT206 checks its
/// downgrade against `before` and `after` without replaying anything again).
pub struct Step<'a> {
    pub node: NodeIndex,
    /// Index of the revision file.
    pub file: usize,
    /// The schema just before the revision runs (its parents' joined).
    pub before: &'a Schema,
    /// The schema after its upgrade().
    pub after: &'a Schema,
    pub options: ReplayOptions,
    pub created_anywhere: &'a HashSet<TableName>,
}

/// Applies ops to a schema.
pub struct Applier<'a> {
    pub options: ReplayOptions,
    pub created_anywhere: &'a HashSet<TableName>,
    /// Named indexes created anywhere in the history (to point at for RT204).
    pub created_indexes: Option<&'a HashMap<String, OpRef>>,
    /// Where findings go; `None` replays silently.
    pub missing: Option<&'a mut Vec<MissingObject>>,
}

/// The tables `op` may change, besides making every table opaque (which
/// `make_opaque` records itself).
fn touched_tables(schema: &Schema, op: &Op) -> Vec<TableName> {
    let mut out: Vec<TableName> = op.table().cloned().into_iter().collect();
    match &op.kind {
        OpKind::RenameTable { table, new_name } => out.push(TableName {
            schema: table.schema.clone(),
            name: new_name.clone(),
        }),
        OpKind::DropIndex { name, .. }
        | OpKind::Execute {
            effect: SqlEffect::RenameIndex { name, .. },
        } => out.extend(schema.tables_with_index(name)),
        OpKind::Execute {
            effect: SqlEffect::Tables(tables),
        }
        | OpKind::Opaque {
            tables: Some(tables),
            ..
        } => out.extend(tables.iter().cloned()),
        _ => {}
    }
    out
}

/// Every op of upgrade() in the history, with its revision.
fn upgrade_ops(file: &RevisionFile) -> &[Op] {
    file.upgrade
        .as_ref()
        .map(|f| f.body.ops.as_slice())
        .unwrap_or(&[])
}

/// Replay every revision's upgrade ops along the graph, keeping the heads' schemas.
pub fn replay(files: &[RevisionFile], graph: &RevisionGraph, options: ReplayOptions) -> Replay {
    replay_with(files, graph, options, &[], |_| {})
}

/// Replay every revision's upgrade ops along the graph in one pass, calling `visit` for
/// each revision with the schema before and after it. Keeps the schemas of the heads
/// and of `keep`; every other revision's schema is dropped as soon as the last revision
/// that starts from it has run.
pub fn replay_with(
    files: &[RevisionFile],
    graph: &RevisionGraph,
    options: ReplayOptions,
    keep: &[NodeIndex],
    mut visit: impl FnMut(&Step<'_>),
) -> Replay {
    let mut created_anywhere = HashSet::new();
    let mut created_indexes: HashMap<String, OpRef> = HashMap::new();
    for (index, file) in files.iter().enumerate() {
        for op in upgrade_ops(file) {
            let at = OpRef {
                file: index,
                span: op.span,
            };
            let named = |i: &IndexDef| i.name.clone();
            match &op.kind {
                OpKind::CreateIndex { index, .. } => {
                    if let Some(name) = named(index) {
                        created_indexes.entry(name).or_insert(at);
                    }
                }
                OpKind::CreateTable { table, indexes, .. } if !indexes.is_empty() => {
                    created_anywhere.insert(table.clone());
                    for name in indexes.iter().filter_map(named) {
                        created_indexes.entry(name).or_insert(at);
                    }
                }
                OpKind::CreateTable { table, .. } => {
                    created_anywhere.insert(table.clone());
                }
                OpKind::RenameTable { table, new_name } => {
                    created_anywhere.insert(TableName {
                        schema: table.schema.clone(),
                        name: new_name.clone(),
                    });
                }
                _ => {}
            }
        }
    }
    let order = graph.topological_order();
    let mut ancestry = Ancestry::new(graph, &order);
    let parents_of: Vec<Vec<NodeIndex>> = order.iter().map(|&n| all_parents(graph, n)).collect();
    // How many revisions still to replay start from each revision's schema.
    let mut waiting: HashMap<NodeIndex, usize> = HashMap::with_capacity(order.len());
    for parents in &parents_of {
        for &p in parents {
            *waiting.entry(p).or_default() += 1;
        }
    }
    let wanted: HashSet<NodeIndex> = graph
        .heads()
        .into_iter()
        .chain(keep.iter().copied())
        .collect();
    let mut live: HashMap<NodeIndex, Schema> = HashMap::new();
    let mut missing = Vec::new();
    let mut peak_live = 0;
    for (&node, parents) in order.iter().zip(&parents_of) {
        let before = match parents.split_first() {
            None => Schema::default(),
            Some((first, [])) => live.get(first).cloned().unwrap_or_default(),
            Some((first, others)) => {
                // A merge: start from one side's schema and replay what the others
                // bring. With two parents, start from the side that has more ops since
                // they parted, so a short feature branch merged into a long-moving
                // trunk costs the branch, not the trunk.
                let (only_first, only_others) = ancestry.difference(&[*first], others);
                let ops_of = |nodes: &[NodeIndex]| -> usize {
                    nodes
                        .iter()
                        .map(|&n| upgrade_ops(&files[graph.file_of(n)]).len())
                        .sum()
                };
                let (base, brought) = match others {
                    [other] if ops_of(&only_first) >= ops_of(&only_others) => (*first, only_others),
                    [other] => (*other, only_first),
                    _ => (*first, only_others),
                };
                let mut schema = live.get(&base).cloned().unwrap_or_default();
                let mut applier = Applier {
                    options,
                    created_anywhere: &created_anywhere,
                    created_indexes: None,
                    missing: None,
                };
                for n in brought {
                    let file = graph.file_of(n);
                    for op in upgrade_ops(&files[file]) {
                        applier.apply(&mut schema, op, file);
                    }
                }
                schema
            }
        };
        let file = graph.file_of(node);
        let mut after = before.clone();
        let mut applier = Applier {
            options,
            created_anywhere: &created_anywhere,
            created_indexes: Some(&created_indexes),
            missing: Some(&mut missing),
        };
        for op in upgrade_ops(&files[file]) {
            applier.apply(&mut after, op, file);
        }
        visit(&Step {
            node,
            file,
            before: &before,
            after: &after,
            options,
            created_anywhere: &created_anywhere,
        });
        drop(before);
        for p in parents {
            let left = waiting.get_mut(p).expect("counted above");
            *left -= 1;
            if *left == 0 && !wanted.contains(p) {
                live.remove(p);
            }
        }
        if waiting.get(&node).is_some_and(|&n| n > 0) || wanted.contains(&node) {
            live.insert(node, after);
        }
        peak_live = peak_live.max(live.len());
    }
    live.retain(|n, _| wanted.contains(n));
    Replay {
        kept: live,
        missing,
        created_anywhere,
        created_indexes,
        peak_live,
    }
}

/// All parents through both edge kinds (Alembic applies dependencies first too).
fn all_parents(graph: &RevisionGraph, node: NodeIndex) -> Vec<NodeIndex> {
    let mut parents: Vec<NodeIndex> = graph
        .dag
        .edges_directed(node, Direction::Incoming)
        .map(|e| e.source())
        .collect();
    parents.sort_by_key(|&p| graph.file_of(p));
    parents.dedup();
    parents
}

/// Ancestors through both edge kinds, `node` included.
pub fn all_ancestors(graph: &RevisionGraph, node: NodeIndex) -> HashSet<NodeIndex> {
    let mut seen = HashSet::from([node]);
    let mut stack = vec![node];
    while let Some(n) = stack.pop() {
        for edge in graph.dag.edges_directed(n, Direction::Incoming) {
            if seen.insert(edge.source()) {
                stack.push(edge.source());
            }
        }
    }
    seen
}

fn column_from_def(def: &ColumnDef, at: OpRef) -> Column {
    Column {
        name: def.name.clone(),
        type_text: def.type_text.clone(),
        nullable: Some(def.effective_nullable()),
        primary_key: def.primary_key,
        server_default: def.server_default.clone(),
        added_by: Some(at),
    }
}

fn constraint_from_def(def: &ConstraintDef, at: OpRef) -> Constraint {
    Constraint {
        name: def.name.clone(),
        kind: def.kind.as_str(),
        columns: def.columns.clone(),
        referred_table: def.referred_table.clone(),
        created_by: Some(at),
    }
}

fn index_from_def(def: &IndexDef, at: OpRef) -> Option<Index> {
    Some(Index {
        name: def.name.clone()?,
        columns: def.columns.clone(),
        unique: def.unique,
        created_by: Some(at),
    })
}

/// What a column definition brings besides the column: its inline constraints, and the
/// unnamed objects `primary_key=True`, `unique=True`, `index=True` and
/// `Enum(..., create_constraint=True)` imply.
fn add_column_objects(
    options: ReplayOptions,
    schema: &Schema,
    table: &mut Table,
    def: &ColumnDef,
    at: OpRef,
) {
    let column = std::slice::from_ref(&def.name);
    for constraint in &def.constraints {
        let mut c = constraint_from_def(constraint, at);
        c.columns = vec![def.name.clone()];
        match &c.name {
            Some(_) => table.constraints.push(c),
            None => add_unnamed(
                options,
                schema,
                table,
                UnnamedObject::Constraint(constraint.kind),
                column,
                at,
            ),
        }
    }
    // SQLAlchemy makes `unique=True, index=True` a unique index, not a constraint.
    if def.index {
        let what = UnnamedObject::Index { unique: def.unique };
        add_unnamed(options, schema, table, what, column, at);
    } else if def.unique {
        let what = UnnamedObject::Constraint(ConstraintKind::Unique);
        add_unnamed(options, schema, table, what, column, at);
    }
    if def
        .type_text
        .as_deref()
        .is_some_and(|t| t.replace(' ', "").contains("create_constraint=True"))
    {
        table.unnamed.check = true;
    }
}

/// An unnamed constraint or index: kept under the name it gets where that is certain
/// (`ReplayOptions::default_names`), else noted in `Table::unnamed` so that names of
/// that kind are not checked on the table.
fn add_unnamed(
    options: ReplayOptions,
    schema: &Schema,
    table: &mut Table,
    what: UnnamedObject,
    columns: &[String],
    at: OpRef,
) {
    let name = options
        .default_names
        .then(|| default_name(schema, table, what, columns))
        .flatten();
    match (what, name) {
        (UnnamedObject::Constraint(kind), Some(name)) => table.constraints.push(Constraint {
            name: Some(name),
            kind: kind.as_str(),
            columns: columns.to_vec(),
            referred_table: None,
            created_by: Some(at),
        }),
        (UnnamedObject::Constraint(kind), None) => table.unnamed.note(kind),
        (UnnamedObject::Index { unique }, Some(name)) => table.indexes.push(Index {
            name,
            columns: columns.to_vec(),
            unique,
            created_by: Some(at),
        }),
        (UnnamedObject::Index { .. }, None) => table.unnamed.index = true,
    }
}

impl Applier<'_> {
    fn report(&mut self, at: OpRef, message: String, related: Option<(OpRef, String)>) {
        if let Some(out) = self.missing.as_deref_mut() {
            out.push(MissingObject {
                at,
                message,
                related,
            });
        }
    }

    /// Make every table (or the named ones) opaque.
    fn make_opaque(&mut self, schema: &mut Schema, tables: Option<&[TableName]>, at: OpRef) {
        match tables {
            None => {
                let mut changed = Vec::new();
                schema.update_tables(
                    |t| t.state != TableState::Opaque,
                    |t| {
                        t.state = TableState::Opaque;
                        t.opaque_by = Some(at);
                        changed.push(t.name.clone());
                    },
                );
                for name in changed {
                    schema.opaque_tables.insert_mut(name);
                }
                schema.wildcard.get_or_insert(at);
            }
            Some(names) => {
                for name in names {
                    match schema.table_mut(name) {
                        Some(table) if table.state == TableState::Opaque => {}
                        Some(table) => {
                            table.state = TableState::Opaque;
                            table.opaque_by = Some(at);
                        }
                        None => {
                            let mut table = Table::new(name.clone(), TableState::Opaque);
                            table.opaque_by = Some(at);
                            schema.tables.insert_mut(name.clone(), table);
                        }
                    }
                }
            }
        }
    }

    /// The table an op needs, creating a `Partial` entry for a table older than the
    /// history; reports RT204 when it cannot exist here.
    fn existing<'s>(
        &mut self,
        schema: &'s mut Schema,
        name: &TableName,
        at: OpRef,
        what: &str,
    ) -> &'s mut Table {
        if !schema.tables.contains_key(name) {
            let created_elsewhere = self.created_anywhere.contains(name);
            if schema.wildcard.is_none()
                && (created_elsewhere || self.options.assume_complete_history)
            {
                let why = if created_elsewhere {
                    "it is not created before this revision (or was dropped)"
                } else {
                    "no migration creates it (assume-complete-history is on)"
                };
                self.report(
                    at,
                    format!("{what} on table `{name}`, which does not exist here: {why}"),
                    None,
                );
            }
            let mut table = Table::new(name.clone(), TableState::Partial);
            if let Some(wildcard) = schema.wildcard {
                table.state = TableState::Opaque;
                table.opaque_by = Some(wildcard);
            }
            schema.tables.insert_mut(name.clone(), table);
        }
        schema.table_mut(name).expect("just inserted")
    }

    pub fn apply(&mut self, schema: &mut Schema, op: &Op, file: usize) {
        // The tables the op may change, as they were (O(1) copies), to bring the
        // schema's derived maps up to date afterwards.
        let touched: Vec<(TableName, Option<Named<Index>>)> = touched_tables(schema, op)
            .into_iter()
            .map(|name| {
                let old = schema.table(&name).map(|t| t.indexes.clone());
                (name, old)
            })
            .collect();
        self.apply_op(schema, op, file);
        for (name, old) in touched {
            schema.sync(&name, old.as_ref());
        }
    }

    fn apply_op(&mut self, schema: &mut Schema, op: &Op, file: usize) {
        let at = OpRef {
            file,
            span: op.span,
        };
        if op.conditional {
            return self.apply_conditional(schema, op, at);
        }
        if op.guarded && self.missing.is_some() {
            // `if_exists=True` / `if_not_exists=True`: same effect, never a finding.
            let missing = self.missing.take();
            let mut unguarded = op.clone();
            unguarded.guarded = false;
            self.apply(schema, &unguarded, file);
            self.missing = missing;
            return;
        }
        match &op.kind {
            OpKind::CreateTable {
                table,
                columns,
                constraints,
                indexes,
                columns_incomplete,
            } => self.create_table(
                schema,
                at,
                table,
                columns,
                constraints,
                indexes,
                *columns_incomplete,
            ),
            OpKind::DropTable { table } => self.drop_table(schema, at, table),
            OpKind::RenameTable { table, new_name } => {
                self.rename_table(schema, at, table, new_name)
            }
            OpKind::AddColumn { table, column } => self.add_column(schema, at, table, column),
            OpKind::DropColumn { table, column } => self.drop_column(schema, at, table, column),
            OpKind::AlterColumn {
                table,
                column,
                change,
            } => self.alter_column(schema, at, table, column, change),
            OpKind::CreateIndex { table, index } => self.create_index(schema, at, table, index),
            OpKind::DropIndex { name, table } => self.drop_index(schema, at, name, table.as_ref()),
            OpKind::CreateConstraint { table, constraint } => {
                self.create_constraint(schema, at, table, constraint)
            }
            OpKind::DropConstraint { table, name, kind } => {
                self.drop_constraint(schema, at, table, name, *kind)
            }
            OpKind::Execute { effect } => self.execute(schema, at, effect),
            OpKind::NoSchemaEffect => {}
            OpKind::Opaque { tables, .. } => self.make_opaque(schema, tables.as_deref(), at),
        }
    }

    /// `create_table`: a new exact table (partial when some column arguments cannot be read).
    #[allow(clippy::too_many_arguments)]
    fn create_table(
        &mut self,
        schema: &mut Schema,
        at: OpRef,
        table: &TableName,
        columns: &[ColumnDef],
        constraints: &[ConstraintDef],
        indexes: &[IndexDef],
        columns_incomplete: bool,
    ) {
        if let Some(existing) = schema.table(table)
            && existing.state != TableState::Opaque
        {
            let related = existing
                .created_by
                .map(|r| (r, format!("`{table}` is created here")));
            self.report(
                at,
                format!("create table `{table}`, which already exists here"),
                related,
            );
        }
        let mut new = Table::new(
            table.clone(),
            if columns_incomplete {
                TableState::Partial
            } else {
                TableState::Exact
            },
        );
        for c in columns {
            new.columns.push(column_from_def(c, at));
        }
        for constraint in constraints {
            // `ForeignKeyConstraint(..., use_alter=True)`: not part of CREATE TABLE
            // where the dialect can add it later (a later `create_foreign_key` of that
            // name is right, not a second one); unknown without a dialect.
            if constraint.use_alter {
                match self.options.dialect {
                    Some(d) if d.supports_alter() => continue,
                    Some(_) => {}
                    None => {
                        new.names_uncertain = true;
                        continue;
                    }
                }
            }
            match &constraint.name {
                Some(_) => new.constraints.push(constraint_from_def(constraint, at)),
                None => {
                    let mut def = constraint_from_def(constraint, at);
                    let what = UnnamedObject::Constraint(constraint.kind);
                    let before = new.constraints.len();
                    add_unnamed(
                        self.options,
                        schema,
                        &mut new,
                        what,
                        &constraint.columns,
                        at,
                    );
                    // Keep what the definition says (the referred table).
                    if new.constraints.len() > before
                        && let Some(last) = new.constraints.iter().last()
                    {
                        def.name = last.name.clone();
                        new.constraints.push(def);
                    }
                }
            }
        }
        for index in indexes {
            match index_from_def(index, at) {
                Some(index) => new.indexes.push(index),
                None => new.unnamed.index = true,
            }
        }
        for column in columns {
            add_column_objects(self.options, schema, &mut new, column, at);
        }
        // Primary key columns without a `PrimaryKeyConstraint`.
        let pk: Vec<String> = columns
            .iter()
            .filter(|c| c.primary_key)
            .map(|c| c.name.clone())
            .collect();
        if !pk.is_empty()
            && !constraints
                .iter()
                .any(|c| c.kind == ConstraintKind::PrimaryKey)
        {
            let what = UnnamedObject::Constraint(ConstraintKind::PrimaryKey);
            add_unnamed(self.options, schema, &mut new, what, &pk, at);
        }
        new.created_by = Some(at);
        schema.tables.insert_mut(table.clone(), new);
    }

    /// `drop_table`.
    #[allow(clippy::too_many_arguments)]
    fn drop_table(&mut self, schema: &mut Schema, at: OpRef, table: &TableName) {
        if !schema.tables.contains_key(table) {
            self.existing(schema, table, at, "drop table");
        }
        schema.tables.remove_mut(table);
    }

    /// `rename_table`: the table moves with everything on it.
    #[allow(clippy::too_many_arguments)]
    fn rename_table(&mut self, schema: &mut Schema, at: OpRef, table: &TableName, new_name: &str) {
        self.existing(schema, table, at, "rename table");
        let mut moved = schema.table(table).expect("existing").clone();
        schema.tables.remove_mut(table);
        let target = TableName {
            schema: table.schema.clone(),
            name: new_name.to_owned(),
        };
        moved.name = target.clone();
        schema.tables.insert_mut(target, moved);
    }

    /// `add_column`: with what the column definition brings (constraints, unnamed objects).
    #[allow(clippy::too_many_arguments)]
    fn add_column(
        &mut self,
        schema: &mut Schema,
        at: OpRef,
        table: &TableName,
        column: &ColumnDef,
    ) {
        let assume = self.options.assume_complete_history;
        let t = self.existing(schema, table, at, &format!("add column `{}`", column.name));
        if t.state != TableState::Opaque
            && let Some(previous) = t.column(&column.name)
        {
            let related = previous
                .added_by
                .map(|r| (r, format!("`{table}.{}` is added here", column.name)));
            let message = format!(
                "add column `{table}.{}`, which already exists here",
                column.name
            );
            let _ = assume;
            self.report(at, message, related);
            t.columns.remove(&column.name);
        }
        // O(1): a persistent copy, changed and put back, so that the names the new
        // objects get can be checked against the whole schema.
        let mut t = schema.table(table).expect("existing").clone();
        t.columns.push(column_from_def(column, at));
        add_column_objects(self.options, schema, &mut t, column, at);
        if column.primary_key {
            t.unnamed.primary_key = true;
        }
        schema.tables.insert_mut(table.clone(), t);
    }

    /// `drop_column`: single-column indexes and constraints go with it.
    #[allow(clippy::too_many_arguments)]
    fn drop_column(&mut self, schema: &mut Schema, at: OpRef, table: &TableName, column: &str) {
        let assume = self.options.assume_complete_history;
        let t = self.existing(schema, table, at, &format!("drop column `{column}`"));
        let missing = t.column(column).is_none()
            && (t.state == TableState::Exact || (t.state == TableState::Partial && assume));
        t.columns.remove(column);
        // Databases drop a single-column index or constraint with its column;
        // what happens to a multi-column one differs (MySQL keeps it with the
        // other columns), and an expression may name the column unseen.
        let involves = |columns: &[String]| columns.iter().any(|c| c == column);
        let partial = |columns: &[String]| {
            columns.len() > 1 && involves(columns) || columns.iter().any(|c| !is_plain_name(c))
        };
        if t.indexes.iter().any(|i| partial(&i.columns))
            || t.constraints
                .iter()
                .any(|c| partial(&c.columns) || (c.kind == "check" && c.columns.is_empty()))
        {
            t.names_uncertain = true;
        }
        t.indexes.retain(|i| !involves(&i.columns));
        t.constraints.retain(|c| !involves(&c.columns));
        if missing {
            self.report(
                at,
                format!("drop column `{table}.{column}`, which does not exist here"),
                None,
            );
        }
    }

    /// `alter_column`: nullability, type, server default, and a rename that indexes and constraints follow.
    #[allow(clippy::too_many_arguments)]
    fn alter_column(
        &mut self,
        schema: &mut Schema,
        at: OpRef,
        table: &TableName,
        column: &str,
        change: &ColumnChange,
    ) {
        let assume = self.options.assume_complete_history;
        let t = self.existing(schema, table, at, &format!("alter column `{column}`"));
        let state = t.state;
        if t.column(column).is_none() {
            t.columns.push(Column {
                name: column.to_owned(),
                type_text: None,
                nullable: None,
                primary_key: false,
                server_default: None,
                added_by: None,
            });
            if state == TableState::Exact || (state == TableState::Partial && assume) {
                self.report(
                    at,
                    format!("alter column `{table}.{column}`, which does not exist here"),
                    None,
                );
            }
        }
        let t = schema.table_mut(table).expect("existing");
        // A rename to its own name changes nothing (PostgreSQL refuses it, SQLite
        // accepts it: not reported either way).
        if let Some(new_name) = &change.new_name
            && new_name != column
            && t.column(new_name).is_some()
            && t.state != TableState::Opaque
        {
            let message = format!(
                "rename column `{table}.{column}` to `{new_name}`, which already exists here"
            );
            self.report(at, message, None);
            let t = schema.table_mut(table).expect("existing");
            t.columns.remove(new_name);
        }
        let t = schema.table_mut(table).expect("existing");
        let c = t.columns.get_mut(column).expect("ensured above");
        if let Some(nullable) = change.nullable {
            c.nullable = Some(nullable);
        }
        if let Some(type_text) = &change.type_text {
            c.type_text = Some(type_text.clone());
        }
        if let Some(default) = &change.server_default {
            c.server_default = default.clone();
        }
        if let Some(new_name) = &change.new_name {
            t.columns.rename(column, new_name);
            let mentions = |columns: &[String]| columns.iter().any(|c| c == column);
            let rename = |columns: &mut Vec<String>| {
                for col in columns.iter_mut().filter(|c| *c == column) {
                    *col = new_name.clone();
                }
            };
            t.indexes
                .update_where(|i| mentions(&i.columns), |i| rename(&mut i.columns));
            t.constraints
                .update_where(|c| mentions(&c.columns), |c| rename(&mut c.columns));
        }
    }

    /// `create_index`.
    #[allow(clippy::too_many_arguments)]
    fn create_index(
        &mut self,
        schema: &mut Schema,
        at: OpRef,
        table: &TableName,
        index: &IndexDef,
    ) {
        let t = self.existing(schema, table, at, "create index");
        match index_from_def(index, at) {
            Some(index) => {
                // Only a twin on the same table is certain: MySQL scopes index
                // names to the table, PostgreSQL and SQLite to the schema.
                let twin = t.indexes.get(&index.name).and_then(|i| i.created_by);
                let certain = t.state != TableState::Opaque && !t.names_uncertain;
                t.indexes.push(index.clone());
                if let Some(previous) = twin
                    && certain
                {
                    self.report(
                        at,
                        format!(
                            "create index `{}` on `{table}`, which already exists here",
                            index.name
                        ),
                        Some((previous, format!("`{}` is created here", index.name))),
                    );
                }
            }
            None => t.unnamed.index = true,
        }
    }

    /// `drop_index`, with or without `table_name=`.
    #[allow(clippy::too_many_arguments)]
    fn drop_index(
        &mut self,
        schema: &mut Schema,
        at: OpRef,
        name: &str,
        table: Option<&TableName>,
    ) {
        if let Some(table) = table {
            self.existing(schema, table, at, &format!("drop index `{name}`"));
        }
        let mut found = false;
        for holder in schema.tables_with_index(name) {
            if let Some(t) = schema.table_mut(&holder) {
                found |= t.indexes.remove(name);
            }
        }
        if !found && self.index_surely_missing(schema, name, table) {
            let where_ = match table {
                Some(t) => format!(" on `{t}`"),
                None => String::new(),
            };
            let related = self
                .created_indexes
                .and_then(|c| c.get(name))
                .map(|r| (*r, format!("`{name}` is created here")));
            let why = if related.is_some() {
                "it is not created before this revision (or was dropped)"
            } else {
                "no migration creates it"
            };
            self.report(
                at,
                format!("drop index `{name}`{where_}, which does not exist here: {why}"),
                related,
            );
        }
    }

    /// `create_unique_constraint`, `create_foreign_key`, `create_primary_key`, ...
    #[allow(clippy::too_many_arguments)]
    fn create_constraint(
        &mut self,
        schema: &mut Schema,
        at: OpRef,
        table: &TableName,
        constraint: &ConstraintDef,
    ) {
        let t = self.existing(schema, table, at, "create constraint");
        if constraint.kind == ConstraintKind::PrimaryKey {
            let names: HashSet<&String> = constraint.columns.iter().collect();
            for name in names {
                if let Some(c) = t.columns.get_mut(name) {
                    c.primary_key = true;
                    c.nullable = Some(false);
                }
            }
        }
        let Some(name) = &constraint.name else {
            let mut t = t.clone();
            let what = UnnamedObject::Constraint(constraint.kind);
            add_unnamed(self.options, schema, &mut t, what, &constraint.columns, at);
            schema.tables.insert_mut(table.clone(), t);
            return;
        };
        let twin = t.constraints.get(name).and_then(|c| c.created_by);
        let certain = t.state != TableState::Opaque && !t.names_uncertain;
        t.constraints.push(constraint_from_def(constraint, at));
        if let Some(previous) = twin
            && certain
        {
            self.report(
                at,
                format!(
                    "create {} constraint `{name}` on `{table}`, which already exists here",
                    constraint.kind.as_str()
                ),
                Some((previous, format!("`{name}` is created here"))),
            );
        }
    }

    /// `drop_constraint`.
    #[allow(clippy::too_many_arguments)]
    fn drop_constraint(
        &mut self,
        schema: &mut Schema,
        at: OpRef,
        table: &TableName,
        name: &str,
        kind: Option<ConstraintKind>,
    ) {
        let readable = schema.wildcard.is_none();
        let t = self.existing(schema, table, at, &format!("drop constraint `{name}`"));
        let found = t.constraints.remove(name);
        let surely_missing =
            !found && readable && t.names_known() && !t.may_have_constraint(name, kind);
        if surely_missing {
            self.report(
                at,
                format!(
                    "drop constraint `{name}` on `{table}`, which does not exist here: no migration before this revision creates it, and every other constraint of `{table}` has a name"
                ),
                None,
            );
        }
    }

    /// `execute()`: what its SQL does.
    fn execute(&mut self, schema: &mut Schema, at: OpRef, effect: &SqlEffect) {
        match effect {
            SqlEffect::DataOnly => {}
            SqlEffect::Indexes => {
                schema.indexes_unknown.get_or_insert(at);
            }
            // On the one table that has it; else, as for any index DDL, index names are
            // no longer certain.
            SqlEffect::RenameIndex { name, new_name } => {
                let holders = schema.tables_with_index(name);
                match holders.as_slice() {
                    [holder] => {
                        if let Some(t) = schema.table_mut(holder) {
                            t.indexes.rename(name, new_name);
                        }
                    }
                    _ => {
                        schema.indexes_unknown.get_or_insert(at);
                    }
                }
            }
            SqlEffect::Tables(tables) => self.make_opaque(schema, Some(tables), at),
            SqlEffect::Unknown => self.make_opaque(schema, None, at),
        }
    }

    /// Whether an index that no table here holds certainly does not exist: nothing
    /// retort cannot read ran before, and no table it may be on could hold an index of
    /// that name retort has not seen (an unnamed constraint, a naming convention).
    fn index_surely_missing(&self, schema: &Schema, name: &str, table: Option<&TableName>) -> bool {
        if schema.wildcard.is_some() || schema.indexes_unknown.is_some() {
            return false;
        }
        let clear = |t: &Table| t.names_known() && !t.may_have_index(name);
        match table {
            Some(table) => schema.table(table).is_some_and(clear),
            // Without `table_name=` the index may be on any table, also on one older
            // than the history that no migration touches.
            None => {
                (self.options.assume_complete_history
                    || self.created_indexes.is_some_and(|c| c.contains_key(name)))
                    && schema.tables.values().all(clear)
            }
        }
    }

    /// An op inside `if`/`for`/`try`: what it touches becomes unknown, but a table it
    /// creates is kept (opaque) so later ops find it, with its columns as hints.
    fn apply_conditional(&mut self, schema: &mut Schema, op: &Op, at: OpRef) {
        let mut certain = op.clone();
        certain.conditional = false;
        match &op.kind {
            OpKind::Execute { .. } | OpKind::Opaque { .. } | OpKind::NoSchemaEffect => {
                self.apply(schema, &certain, at.file)
            }
            OpKind::DropTable { table } => {
                self.make_opaque(schema, Some(std::slice::from_ref(table)), at)
            }
            // It may or may not have dropped the index, wherever it was.
            OpKind::DropIndex { table: None, .. } => {
                schema.indexes_unknown.get_or_insert(at);
            }
            _ => {
                let mut silent = Applier {
                    options: self.options,
                    created_anywhere: self.created_anywhere,
                    created_indexes: None,
                    missing: None,
                };
                silent.apply(schema, &certain, at.file);
                let mut touched: Vec<TableName> = op.table().cloned().into_iter().collect();
                if let OpKind::RenameTable { table, new_name } = &op.kind {
                    touched.push(TableName {
                        schema: table.schema.clone(),
                        name: new_name.clone(),
                    });
                }
                self.make_opaque(schema, Some(&touched), at);
            }
        }
    }
}

/// The replayed schema as JSON-friendly data (for `retort schema --format json`).
#[derive(Debug, Serialize)]
pub struct TableView<'a> {
    pub schema: Option<&'a str>,
    pub name: &'a str,
    pub state: TableState,
    pub columns: Vec<&'a Column>,
    pub indexes: Vec<&'a Index>,
    pub constraints: Vec<&'a Constraint>,
}

pub fn view(schema: &Schema) -> Vec<TableView<'_>> {
    schema
        .tables
        .values()
        .map(|t| TableView {
            schema: t.name.schema.as_deref(),
            name: &t.name.name,
            state: t.state,
            columns: t.columns.iter().collect(),
            indexes: t.indexes.iter().collect(),
            constraints: t.constraints.iter().collect(),
        })
        .collect()
}

/// Random revision histories (branches, merges, `depends_on`, every kind of op on a few
/// shared names) for tests that compare a fast algorithm with a plain one.
#[cfg(test)]
pub(crate) mod random_histories {
    use std::path::PathBuf;
    use std::sync::Arc;

    use crate::graph::RevisionGraph;
    use crate::revision::RevisionFile;
    use crate::source::SourceFile;

    /// xorshift: the same histories on every run, no extra crate.
    pub struct Rng(u64);

    impl Rng {
        pub fn new(seed: u64) -> Rng {
            Rng(seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1)
        }
        pub fn below(&mut self, n: usize) -> usize {
            self.0 ^= self.0 << 13;
            self.0 ^= self.0 >> 7;
            self.0 ^= self.0 << 17;
            (self.0 % n as u64) as usize
        }
        fn pick<'a>(&mut self, items: &[&'a str]) -> &'a str {
            items[self.below(items.len())]
        }
    }

    fn op(rng: &mut Rng) -> String {
        let t = rng.pick(&["a", "b", "c"]);
        let c = rng.pick(&["x", "y", "z"]);
        let ix = rng.pick(&["ix_1", "ix_2"]);
        match rng.below(16) {
            0 | 1 => format!(
                "op.create_table('{t}', sa.Column('id', sa.Integer(), primary_key=True), sa.Column('{c}', sa.Integer()))"
            ),
            2 => format!("op.drop_table('{t}')"),
            3 => format!("op.rename_table('{t}', '{}')", rng.pick(&["a", "b", "c"])),
            4 | 5 => format!("op.add_column('{t}', sa.Column('{c}', sa.String()))"),
            6 => format!("op.drop_column('{t}', '{c}')"),
            7 => format!(
                "op.alter_column('{t}', '{c}', nullable={})",
                rng.pick(&["True", "False"])
            ),
            8 => format!(
                "op.alter_column('{t}', '{c}', new_column_name='{}')",
                rng.pick(&["x", "y", "z"])
            ),
            9 => format!("op.create_index('{ix}', '{t}', ['{c}'])"),
            10 => format!("op.drop_index('{ix}', table_name='{t}')"),
            11 => format!("op.drop_index('{ix}')"),
            12 => format!("op.create_unique_constraint('uq_1', '{t}', ['{c}'])"),
            13 => format!("op.drop_constraint('uq_1', '{t}')"),
            14 => match rng.below(4) {
                0 => format!("op.execute('ALTER TABLE {t} ADD COLUMN q INT')"),
                1 => "op.execute(sql)".to_owned(),
                _ => format!("op.execute('UPDATE {t} SET id = 1')"),
            },
            _ => format!("if flag:\n        op.add_column('{t}', sa.Column('{c}', sa.Integer()))"),
        }
    }

    /// `count` revisions: mostly chains, with branches, merges and `depends_on`.
    pub fn history(seed: u64, count: usize) -> (Vec<RevisionFile>, RevisionGraph) {
        let mut rng = Rng::new(seed);
        let mut files = Vec::new();
        for i in 0..count {
            let parents: Vec<usize> = match i {
                0 => vec![],
                _ if rng.below(6) == 0 && i > 2 => {
                    let a = rng.below(i);
                    let b = rng.below(i);
                    if a == b { vec![a] } else { vec![a, b] }
                }
                // Mostly the previous revision, sometimes any earlier one (a branch).
                _ if rng.below(3) == 0 => vec![rng.below(i)],
                _ => vec![i - 1],
            };
            let down = match parents.as_slice() {
                [] => "None".to_owned(),
                [p] => format!("'r{p:03}'"),
                many => format!(
                    "({})",
                    many.iter()
                        .map(|p| format!("'r{p:03}', "))
                        .collect::<String>()
                ),
            };
            let depends = if i > 3 && rng.below(8) == 0 {
                format!("'r{:03}'", rng.below(i))
            } else {
                "None".to_owned()
            };
            let up: Vec<String> = (0..rng.below(4)).map(|_| op(&mut rng)).collect();
            let down_ops: Vec<String> = (0..rng.below(3)).map(|_| op(&mut rng)).collect();
            let body = |ops: &[String]| {
                if ops.is_empty() {
                    "    pass".to_owned()
                } else {
                    ops.iter().map(|o| format!("    {o}\n")).collect()
                }
            };
            let text = format!(
                "from alembic import op\nimport sqlalchemy as sa\n\nrevision = 'r{i:03}'\ndown_revision = {down}\nbranch_labels = None\ndepends_on = {depends}\n\n\ndef upgrade():\n{}\n\n\ndef downgrade():\n{}\n",
                body(&up),
                body(&down_ops)
            );
            let name = format!("r{i:03}_step.py");
            let source = SourceFile::new(PathBuf::from(&name), name, text);
            files.push(crate::python::parse_revision(Arc::new(source)));
        }
        let graph = RevisionGraph::build(&files);
        (files, graph)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The replay as it was before the one-pass design: every revision's schema kept,
    /// a merge starting from its first parent's plus the ops of every ancestor the first
    /// parent lacks, found by walking all ancestors.
    fn reference(
        files: &[RevisionFile],
        graph: &RevisionGraph,
        options: ReplayOptions,
    ) -> (HashMap<NodeIndex, (Schema, Schema)>, Vec<MissingObject>) {
        let probe = replay(files, graph, options);
        let order = graph.topological_order();
        let position: HashMap<NodeIndex, usize> =
            order.iter().enumerate().map(|(i, &n)| (n, i)).collect();
        let mut after: HashMap<NodeIndex, Schema> = HashMap::new();
        let mut both = HashMap::new();
        let mut missing = Vec::new();
        for &node in &order {
            let mut parents = all_parents(graph, node);
            if let [first, other] = parents[..] {
                // The same side as the one-pass replay starts from: the one with more ops
                // since the two parted.
                let (a, b) = (all_ancestors(graph, first), all_ancestors(graph, other));
                let ops = |x: &HashSet<NodeIndex>, y: &HashSet<NodeIndex>| -> usize {
                    x.difference(y)
                        .map(|&n| upgrade_ops(&files[graph.file_of(n)]).len())
                        .sum()
                };
                if ops(&a, &b) < ops(&b, &a) {
                    parents.swap(0, 1);
                }
            }
            let mut schema = parents
                .first()
                .map(|f| after[f].clone())
                .unwrap_or_default();
            if parents.len() > 1 {
                let have = all_ancestors(graph, parents[0]);
                let mut extra: Vec<NodeIndex> = all_ancestors(graph, node)
                    .into_iter()
                    .filter(|n| *n != node && !have.contains(n))
                    .collect();
                extra.sort_by_key(|n| position[n]);
                let mut silent = Applier {
                    options,
                    created_anywhere: &probe.created_anywhere,
                    created_indexes: None,
                    missing: None,
                };
                for n in extra {
                    for op in upgrade_ops(&files[graph.file_of(n)]) {
                        silent.apply(&mut schema, op, graph.file_of(n));
                    }
                }
            }
            let before = schema.clone();
            let mut applier = Applier {
                options,
                created_anywhere: &probe.created_anywhere,
                created_indexes: Some(&probe.created_indexes),
                missing: Some(&mut missing),
            };
            let file = graph.file_of(node);
            for op in upgrade_ops(&files[file]) {
                applier.apply(&mut schema, op, file);
            }
            after.insert(node, schema.clone());
            both.insert(node, (before, schema));
        }
        (both, missing)
    }

    #[test]
    fn one_pass_replay_matches_keeping_every_schema() {
        let mut merges = 0;
        let mut ops = 0;
        for seed in 0..150 {
            let (files, graph) = random_histories::history(seed, 40);
            merges += graph.merge_points(&files).len();
            ops += files.iter().map(|f| upgrade_ops(f).len()).sum::<usize>();
            for assume in [false, true] {
                let options = ReplayOptions {
                    assume_complete_history: assume,
                    dialect: None,
                    default_names: false,
                };
                let (expected, expected_missing) = reference(&files, &graph, options);
                let mut visited = 0;
                let result = replay_with(&files, &graph, options, &[], |step| {
                    step.before.check_derived();
                    step.after.check_derived();
                    let (before, after) = &expected[&step.node];
                    assert_eq!(step.before, before, "seed {seed}: before {:?}", step.node);
                    assert_eq!(step.after, after, "seed {seed}: after {:?}", step.node);
                    visited += 1;
                });
                assert_eq!(visited, expected.len());
                assert_eq!(result.missing, expected_missing, "seed {seed}");
                for (head, schema) in result.heads(&graph) {
                    assert_eq!(schema, &expected[&head].1);
                }
                assert_eq!(result.kept.len(), graph.heads().len());
            }
        }
        assert!(merges > 100, "the histories must have merges: {merges}");
        assert!(ops > 6000, "the histories must have ops: {ops}");
    }

    /// Renaming a column to its own name keeps the column (it once made the replay
    /// panic).
    #[test]
    fn rename_column_to_itself_keeps_it() {
        let text = "from alembic import op\nimport sqlalchemy as sa\nrevision = 'a1f3c9e27b44'\ndown_revision = None\n\ndef upgrade():\n    op.create_table('t', sa.Column('a', sa.Integer()))\n    op.alter_column('t', 'a', new_column_name='a', nullable=False)\n";
        let source = crate::source::SourceFile::new("x.py".into(), "x.py".into(), text);
        let files = vec![crate::python::parse_revision(std::sync::Arc::new(source))];
        let graph = RevisionGraph::build(&files);
        let result = replay(&files, &graph, ReplayOptions::default());
        assert!(result.missing.is_empty());
        let (_, head) = result.heads(&graph)[0];
        let t = head.table(&TableName::new(None, "t")).unwrap();
        let names: Vec<&str> = t.columns.iter().map(|c| c.name.as_str()).collect();
        assert_eq!(names, ["a"]);
        assert_eq!(t.column("a").unwrap().nullable, Some(false));
    }

    /// A linear history holds one or two schemas at a time however long it is, and the
    /// columns of a table that grows by one column per revision are not copied per
    /// revision (copying would be quadratic in time and, kept, in memory).
    #[test]
    fn linear_history_keeps_one_schema_at_a_time() {
        // The graph's cycle search (petgraph's Tarjan) recurses once per revision of a
        // chain: more stack than a test thread's 2 MiB in a debug build.
        std::thread::Builder::new()
            .stack_size(256 << 20)
            .spawn(linear_history)
            .unwrap()
            .join()
            .unwrap();
    }

    fn linear_history() {
        let mut files = Vec::new();
        let count = 20_000;
        for i in 0..count {
            let (down, up) = match i {
                0 => (
                    "None".to_owned(),
                    "op.create_table('t', sa.Column('id', sa.Integer(), primary_key=True))"
                        .to_owned(),
                ),
                _ => (
                    format!("'r{:05}'", i - 1),
                    format!("op.add_column('t', sa.Column('c{i}', sa.Integer()))"),
                ),
            };
            let text = format!(
                "from alembic import op\nimport sqlalchemy as sa\nrevision = 'r{i:05}'\ndown_revision = {down}\n\ndef upgrade():\n    {up}\n\ndef downgrade():\n    pass\n"
            );
            let name = format!("r{i:05}.py");
            let source = crate::source::SourceFile::new(name.clone().into(), name, text);
            files.push(crate::python::parse_revision(std::sync::Arc::new(source)));
        }
        let graph = RevisionGraph::build(&files);
        let mut steps = 0;
        let result = replay_with(&files, &graph, ReplayOptions::default(), &[], |step| {
            steps += 1;
            assert_eq!(step.after.tables.size(), 1);
        });
        assert_eq!(steps, count);
        assert!(result.peak_live <= 2, "peak {}", result.peak_live);
        let (_, head) = result.heads(&graph)[0];
        let t = head.table(&TableName::new(None, "t")).unwrap();
        assert_eq!(t.columns.len(), count);
        assert!(result.missing.is_empty());
    }
}
