//! Replays the ops of every revision along the DAG, parents first, and keeps the
//! schema after each revision. What retort cannot see is kept as explicitly unknown:
//! a table older than the history is `Partial` (it may have more columns than the
//! migrations show), a table touched by SQL or code retort cannot read is `Opaque`,
//! and code that may touch any table sets `Schema::wildcard`.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::sync::Arc;

use petgraph::Direction;
use petgraph::graph::NodeIndex;
use petgraph::visit::EdgeRef;
use serde::Serialize;

use crate::graph::RevisionGraph;
use crate::ops::{
    ColumnDef, ConstraintDef, ConstraintKind, IndexDef, Op, OpKind, SqlEffect, TableName,
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

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Index {
    pub name: String,
    pub columns: Vec<String>,
    pub unique: bool,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Constraint {
    pub name: Option<String>,
    pub kind: &'static str,
    pub columns: Vec<String>,
    pub referred_table: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Table {
    pub name: TableName,
    pub state: TableState,
    pub columns: Vec<Column>,
    pub indexes: Vec<Index>,
    pub constraints: Vec<Constraint>,
    /// The op that created it (`None` for a table older than the history).
    pub created_by: Option<OpRef>,
}

impl Table {
    fn new(name: TableName, state: TableState) -> Table {
        Table {
            name,
            state,
            columns: Vec::new(),
            indexes: Vec::new(),
            constraints: Vec::new(),
            created_by: None,
        }
    }

    pub fn column(&self, name: &str) -> Option<&Column> {
        self.columns.iter().find(|c| c.name == name)
    }

    fn column_mut(&mut self, name: &str) -> Option<&mut Column> {
        self.columns.iter_mut().find(|c| c.name == name)
    }
}

/// The schema at one point of the history.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Schema {
    pub tables: BTreeMap<TableName, Arc<Table>>,
    /// Code that may touch any table ran here (the first such op), so a table missing
    /// from `tables` may exist all the same and any table may differ.
    pub wildcard: Option<OpRef>,
}

impl Schema {
    pub fn table(&self, name: &TableName) -> Option<&Table> {
        self.tables.get(name).map(Arc::as_ref)
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
}

/// The result of replaying a whole history.
#[derive(Debug, Default)]
pub struct Replay {
    /// The schema after each revision (revisions on cycles are left out).
    pub after: HashMap<NodeIndex, Schema>,
    /// Ops on missing objects, each found once (when its own revision is replayed).
    pub missing: Vec<MissingObject>,
    /// Tables some migration anywhere in the history creates (or renames to).
    pub created_anywhere: HashSet<TableName>,
    /// Each replayed revision's place in the replay order.
    pub position: HashMap<NodeIndex, usize>,
}

impl Replay {
    /// The schema just before `node` runs (its parents' schemas joined).
    pub fn before(
        &self,
        graph: &RevisionGraph,
        files: &[RevisionFile],
        node: NodeIndex,
        options: ReplayOptions,
    ) -> Schema {
        before(
            graph,
            node,
            &self.after,
            &self.position,
            files,
            options,
            &self.created_anywhere,
        )
    }

    /// The schema at each head (heads on cycles are left out).
    pub fn heads<'a>(&'a self, graph: &RevisionGraph) -> Vec<(NodeIndex, &'a Schema)> {
        graph
            .heads()
            .into_iter()
            .filter_map(|h| self.after.get(&h).map(|s| (h, s)))
            .collect()
    }
}

/// Applies ops to a schema.
pub struct Applier<'a> {
    pub options: ReplayOptions,
    pub created_anywhere: &'a HashSet<TableName>,
    /// Where findings go; `None` replays silently.
    pub missing: Option<&'a mut Vec<MissingObject>>,
}

/// Every op of upgrade() in the history, with its revision.
fn upgrade_ops(file: &RevisionFile) -> &[Op] {
    file.upgrade
        .as_ref()
        .map(|f| f.body.ops.as_slice())
        .unwrap_or(&[])
}

/// Replay every revision's upgrade ops along the graph.
pub fn replay(files: &[RevisionFile], graph: &RevisionGraph, options: ReplayOptions) -> Replay {
    let mut created_anywhere = HashSet::new();
    for file in files {
        for op in upgrade_ops(file) {
            match &op.kind {
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
    let position: HashMap<NodeIndex, usize> =
        order.iter().enumerate().map(|(i, &n)| (n, i)).collect();
    let mut after: HashMap<NodeIndex, Schema> = HashMap::with_capacity(order.len());
    let mut missing = Vec::new();
    for &node in &order {
        let mut schema = before(
            graph,
            node,
            &after,
            &position,
            files,
            options,
            &created_anywhere,
        );
        let file = graph.file_of(node);
        let mut applier = Applier {
            options,
            created_anywhere: &created_anywhere,
            missing: Some(&mut missing),
        };
        for op in upgrade_ops(&files[file]) {
            applier.apply(&mut schema, op, file);
        }
        after.insert(node, schema);
    }
    Replay {
        after,
        missing,
        created_anywhere,
        position,
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

/// The schema before `node` runs: its parent's, or for a merge (or a dependency) the
/// first parent's plus the revisions the other parents bring, in topological order.
fn before(
    graph: &RevisionGraph,
    node: NodeIndex,
    after: &HashMap<NodeIndex, Schema>,
    position: &HashMap<NodeIndex, usize>,
    files: &[RevisionFile],
    options: ReplayOptions,
    created_anywhere: &HashSet<TableName>,
) -> Schema {
    let parents = all_parents(graph, node);
    let Some(&first) = parents.first() else {
        return Schema::default();
    };
    let mut schema = after.get(&first).cloned().unwrap_or_default();
    if parents.len() == 1 {
        return schema;
    }
    let have = all_ancestors(graph, first);
    let mut extra: Vec<NodeIndex> = all_ancestors(graph, node)
        .into_iter()
        .filter(|n| *n != node && !have.contains(n) && position.contains_key(n))
        .collect();
    extra.sort_by_key(|n| position[n]);
    let mut applier = Applier {
        options,
        created_anywhere,
        missing: None,
    };
    for n in extra {
        let file = graph.file_of(n);
        for op in upgrade_ops(&files[file]) {
            applier.apply(&mut schema, op, file);
        }
    }
    schema
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

fn constraint_from_def(def: &ConstraintDef) -> Constraint {
    Constraint {
        name: def.name.clone(),
        kind: def.kind.as_str(),
        columns: def.columns.clone(),
        referred_table: def.referred_table.clone(),
    }
}

fn index_from_def(def: &IndexDef) -> Option<Index> {
    Some(Index {
        name: def.name.clone()?,
        columns: def.columns.clone(),
        unique: def.unique,
    })
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
                for table in schema.tables.values_mut() {
                    Arc::make_mut(table).state = TableState::Opaque;
                }
                schema.wildcard.get_or_insert(at);
            }
            Some(names) => {
                for name in names {
                    let table = schema
                        .tables
                        .entry(name.clone())
                        .or_insert_with(|| Arc::new(Table::new(name.clone(), TableState::Opaque)));
                    Arc::make_mut(table).state = TableState::Opaque;
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
            let state = if schema.wildcard.is_some() {
                TableState::Opaque
            } else {
                TableState::Partial
            };
            schema
                .tables
                .insert(name.clone(), Arc::new(Table::new(name.clone(), state)));
        }
        Arc::make_mut(schema.tables.get_mut(name).expect("just inserted"))
    }

    pub fn apply(&mut self, schema: &mut Schema, op: &Op, file: usize) {
        let at = OpRef {
            file,
            span: op.span,
        };
        if op.conditional {
            return self.apply_conditional(schema, op, at);
        }
        match &op.kind {
            OpKind::CreateTable {
                table,
                columns,
                constraints,
                indexes,
                columns_incomplete,
            } => {
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
                    if *columns_incomplete {
                        TableState::Partial
                    } else {
                        TableState::Exact
                    },
                );
                new.columns = columns.iter().map(|c| column_from_def(c, at)).collect();
                new.constraints = constraints.iter().map(constraint_from_def).collect();
                new.indexes = indexes.iter().filter_map(index_from_def).collect();
                new.created_by = Some(at);
                schema.tables.insert(table.clone(), Arc::new(new));
            }
            OpKind::DropTable { table } => {
                if !schema.tables.contains_key(table) {
                    self.existing(schema, table, at, "drop table");
                }
                schema.tables.remove(table);
            }
            OpKind::RenameTable { table, new_name } => {
                self.existing(schema, table, at, "rename table");
                let mut moved = schema.tables.remove(table).expect("existing");
                let target = TableName {
                    schema: table.schema.clone(),
                    name: new_name.clone(),
                };
                Arc::make_mut(&mut moved).name = target.clone();
                schema.tables.insert(target, moved);
            }
            OpKind::AddColumn { table, column } => {
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
                    t.columns.retain(|c| c.name != column.name);
                }
                let t = Arc::make_mut(schema.tables.get_mut(table).expect("existing"));
                t.columns.push(column_from_def(column, at));
            }
            OpKind::DropColumn { table, column } => {
                let assume = self.options.assume_complete_history;
                let t = self.existing(schema, table, at, &format!("drop column `{column}`"));
                let missing = t.column(column).is_none()
                    && (t.state == TableState::Exact || (t.state == TableState::Partial && assume));
                t.columns.retain(|c| &c.name != column);
                if missing {
                    self.report(
                        at,
                        format!("drop column `{table}.{column}`, which does not exist here"),
                        None,
                    );
                }
            }
            OpKind::AlterColumn {
                table,
                column,
                change,
            } => {
                let assume = self.options.assume_complete_history;
                let t = self.existing(schema, table, at, &format!("alter column `{column}`"));
                let state = t.state;
                if t.column(column).is_none() {
                    t.columns.push(Column {
                        name: column.clone(),
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
                let t = Arc::make_mut(schema.tables.get_mut(table).expect("existing"));
                if let Some(new_name) = &change.new_name
                    && t.column(new_name).is_some()
                    && t.state != TableState::Opaque
                {
                    let message = format!(
                        "rename column `{table}.{column}` to `{new_name}`, which already exists here"
                    );
                    self.report(at, message, None);
                    let t = Arc::make_mut(schema.tables.get_mut(table).expect("existing"));
                    t.columns.retain(|c| &c.name != new_name);
                }
                let t = Arc::make_mut(schema.tables.get_mut(table).expect("existing"));
                let c = t.column_mut(column).expect("ensured above");
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
                    c.name = new_name.clone();
                    for index in &mut t.indexes {
                        for col in &mut index.columns {
                            if col == column {
                                *col = new_name.clone();
                            }
                        }
                    }
                }
            }
            OpKind::CreateIndex { table, index } => {
                let t = self.existing(schema, table, at, "create index");
                if let Some(index) = index_from_def(index) {
                    t.indexes.retain(|i| i.name != index.name);
                    t.indexes.push(index);
                }
            }
            OpKind::DropIndex { name, table } => {
                if let Some(table) = table {
                    self.existing(schema, table, at, &format!("drop index `{name}`"));
                }
                for t in schema.tables.values_mut() {
                    if t.indexes.iter().any(|i| &i.name == name) {
                        Arc::make_mut(t).indexes.retain(|i| &i.name != name);
                    }
                }
            }
            OpKind::CreateConstraint { table, constraint } => {
                let t = self.existing(schema, table, at, "create constraint");
                if constraint.kind == ConstraintKind::PrimaryKey {
                    for c in &mut t.columns {
                        if constraint.columns.contains(&c.name) {
                            c.primary_key = true;
                            c.nullable = Some(false);
                        }
                    }
                }
                t.constraints.push(constraint_from_def(constraint));
            }
            OpKind::DropConstraint { table, name, .. } => {
                let t = self.existing(schema, table, at, &format!("drop constraint `{name}`"));
                t.constraints.retain(|c| c.name.as_deref() != Some(name));
            }
            OpKind::Execute { effect } => match effect {
                SqlEffect::DataOnly => {}
                SqlEffect::Tables(tables) => self.make_opaque(schema, Some(tables), at),
                SqlEffect::Unknown => self.make_opaque(schema, None, at),
            },
            OpKind::NoSchemaEffect => {}
            OpKind::Opaque { tables, .. } => self.make_opaque(schema, tables.as_deref(), at),
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
            _ => {
                let mut silent = Applier {
                    options: self.options,
                    created_anywhere: self.created_anywhere,
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
    pub columns: &'a [Column],
    pub indexes: &'a [Index],
    pub constraints: &'a [Constraint],
}

pub fn view(schema: &Schema) -> Vec<TableView<'_>> {
    schema
        .tables
        .values()
        .map(|t| TableView {
            schema: t.name.schema.as_deref(),
            name: &t.name.name,
            state: t.state,
            columns: &t.columns,
            indexes: &t.indexes,
            constraints: &t.constraints,
        })
        .collect()
}
