//! The replayed schema at some revision against the database: which tables, columns,
//! indexes, unique constraints and foreign keys one has and the other lacks, and which
//! columns differ in nullability. What the replay cannot know is never a difference: an
//! opaque table is skipped, a table older than the history may have more columns, names
//! the database chooses (unnamed constraints, `index=True`) are not compared, and after
//! code retort cannot read (`Schema::wildcard`) a table the history does not show is not
//! counted as extra. Types and server defaults are not compared.

use std::collections::{HashMap, HashSet};

use serde::Serialize;

use super::{DbTable, Snapshot};
use crate::ops::TableName;
use crate::schema::replay::{Constraint, OpRef, Schema, Table, TableState};

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum ObjectKind {
    Table,
    Column,
    Index,
    UniqueConstraint,
    ForeignKey,
}

impl ObjectKind {
    pub fn as_str(self) -> &'static str {
        match self {
            ObjectKind::Table => "table",
            ObjectKind::Column => "column",
            ObjectKind::Index => "index",
            ObjectKind::UniqueConstraint => "unique constraint",
            ObjectKind::ForeignKey => "foreign key",
        }
    }
}

/// A schema object, named as people write it.
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Object {
    pub kind: ObjectKind,
    pub table: TableName,
    /// The column, index or constraint name; for a constraint the database did not
    /// name (SQLite), its columns.
    pub name: Option<String>,
    /// Where the history creates it, when the replay knows.
    pub created_by: Option<OpRef>,
}

impl Object {
    /// `` table `vouchers` ``, `` column `transactions.trade_id` ``, ...
    pub fn describe(&self) -> String {
        match (&self.kind, &self.name) {
            (ObjectKind::Table, _) => format!("table `{}`", self.table),
            (ObjectKind::Column, Some(c)) => format!("column `{}.{c}`", self.table),
            (kind, Some(n)) => format!("{} `{n}` on `{}`", kind.as_str(), self.table),
            (kind, None) => format!("{} on `{}`", kind.as_str(), self.table),
        }
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Difference {
    /// The replayed schema has it; the database does not.
    Missing(Object),
    /// The database has it; the replayed schema does not.
    Extra(Object),
    /// A column both have, nullable on one side only.
    Nullability {
        column: Object,
        /// What the migrations say.
        replay_nullable: bool,
    },
}

impl Difference {
    pub fn object(&self) -> &Object {
        match self {
            Difference::Missing(o) | Difference::Extra(o) => o,
            Difference::Nullability { column, .. } => column,
        }
    }

    /// One line, from the database's side: "lacks column `t.c`".
    pub fn describe(&self) -> String {
        match self {
            Difference::Missing(o) => format!("lacks {}", o.describe()),
            Difference::Extra(o) => format!("has {}", o.describe()),
            Difference::Nullability {
                column,
                replay_nullable,
            } => format!(
                "has {} {} (the migrations make it {})",
                column.describe(),
                if *replay_nullable {
                    "NOT NULL"
                } else {
                    "nullable"
                },
                if *replay_nullable {
                    "nullable"
                } else {
                    "NOT NULL"
                }
            ),
        }
    }
}

/// How names compare: the default schema is no schema, and SQLite folds case.
#[derive(Clone, Debug)]
pub struct Names {
    pub default_schema: Option<String>,
    pub fold_case: bool,
}

impl Names {
    pub fn for_snapshot(snapshot: &Snapshot) -> Names {
        Names {
            default_schema: snapshot.default_schema.clone(),
            fold_case: snapshot.dialect == super::Dialect::Sqlite,
        }
    }

    pub fn ident(&self, name: &str) -> String {
        if self.fold_case {
            name.to_lowercase()
        } else {
            name.to_owned()
        }
    }

    pub fn table(&self, table: &TableName) -> TableName {
        let schema = table
            .schema
            .as_ref()
            .filter(|s| Some(*s) != self.default_schema.as_ref())
            .map(|s| self.ident(s));
        TableName {
            schema,
            name: self.ident(&table.name),
        }
    }

    /// The table part of a foreign key's target (`users`, `billing.users`).
    fn referred(&self, referred: Option<&str>) -> Option<String> {
        referred.map(|r| self.ident(r.rsplit('.').next().unwrap_or(r)))
    }
}

/// The database's tables by normalised name.
pub struct DbIndex<'a> {
    names: Names,
    tables: HashMap<TableName, &'a DbTable>,
}

impl<'a> DbIndex<'a> {
    pub fn new(snapshot: &'a Snapshot) -> DbIndex<'a> {
        let names = Names::for_snapshot(snapshot);
        let tables = snapshot
            .tables
            .iter()
            .map(|t| (names.table(&t.name), t))
            .collect();
        DbIndex { names, tables }
    }

    pub fn names(&self) -> &Names {
        &self.names
    }

    pub fn table(&self, name: &TableName) -> Option<&'a DbTable> {
        self.tables.get(&self.names.table(name)).copied()
    }

    /// Whether the database has the column.
    pub fn has_column(&self, table: &TableName, column: &str) -> bool {
        self.table(table).is_some_and(|t| {
            t.columns
                .iter()
                .any(|c| self.names.ident(&c.name) == self.names.ident(column))
        })
    }

    /// Whether the table has an index (or a constraint, which some databases also
    /// list as an index) of this name.
    pub fn has_index(&self, table: &TableName, name: &str) -> bool {
        let name = self.names.ident(name);
        self.table(table).is_some_and(|t| {
            t.indexes.iter().any(|i| self.names.ident(&i.name) == name)
                || t.constraints
                    .iter()
                    .any(|c| c.name.as_deref().map(|n| self.names.ident(n)) == Some(name.clone()))
        })
    }

    /// Whether the table has this unique constraint or foreign key: by name, or (the
    /// names SQLite does not keep, a naming convention's) by what it constrains.
    pub fn has_constraint(&self, table: &TableName, constraint: &Constraint) -> bool {
        self.table(table).is_some_and(|t| {
            t.constraints
                .iter()
                .any(|d| self.same_constraint(constraint, d))
        })
    }

    /// Whether the table has a constraint of this name (what `CREATE CONSTRAINT` would
    /// collide with; SQLite keeps no names, and its `batch_alter_table` recreates the
    /// table anyway).
    pub fn has_constraint_named(&self, table: &TableName, name: &str) -> bool {
        let name = self.names.ident(name);
        self.table(table).is_some_and(|t| {
            t.constraints
                .iter()
                .any(|c| c.name.as_deref().map(|n| self.names.ident(n)) == Some(name.clone()))
        })
    }

    fn same_constraint(&self, replayed: &Constraint, db: &Constraint) -> bool {
        if replayed.kind != db.kind {
            return false;
        }
        if let (Some(a), Some(b)) = (&replayed.name, &db.name)
            && self.names.ident(a) == self.names.ident(b)
        {
            return true;
        }
        let columns = |c: &Constraint| {
            let mut cols: Vec<String> = c.columns.iter().map(|x| self.names.ident(x)).collect();
            cols.sort();
            cols
        };
        !replayed.columns.is_empty()
            && columns(replayed) == columns(db)
            && (replayed.kind != "foreignkey"
                || self.names.referred(replayed.referred_table.as_deref())
                    == self.names.referred(db.referred_table.as_deref()))
    }
}

/// Constraint kinds compared (primary keys and checks are not).
fn compared_kind(kind: &str) -> Option<ObjectKind> {
    match kind {
        "unique" => Some(ObjectKind::UniqueConstraint),
        "foreignkey" => Some(ObjectKind::ForeignKey),
        _ => None,
    }
}

/// Every difference between `schema` (replayed) and the database, sorted.
pub fn compare(schema: &Schema, db: &DbIndex<'_>) -> Vec<Difference> {
    let names = db.names();
    let mut out = Vec::new();
    let mut seen: HashSet<TableName> = HashSet::new();
    for table in schema.tables.values() {
        seen.insert(names.table(&table.name));
        if table.state == TableState::Opaque {
            continue;
        }
        match db.table(&table.name) {
            None => out.push(Difference::Missing(Object {
                kind: ObjectKind::Table,
                table: table.name.clone(),
                name: None,
                created_by: table.created_by,
            })),
            Some(db_table) => compare_table(schema, table, db_table, db, &mut out),
        }
    }
    // Code retort cannot read may have created any table.
    if schema.wildcard.is_none() {
        for (key, t) in &db.tables {
            if !seen.contains(key) {
                out.push(Difference::Extra(Object {
                    kind: ObjectKind::Table,
                    table: t.name.clone(),
                    name: None,
                    created_by: None,
                }));
            }
        }
    }
    out.sort();
    out
}

fn compare_table(
    schema: &Schema,
    table: &Table,
    db_table: &DbTable,
    db: &DbIndex<'_>,
    out: &mut Vec<Difference>,
) {
    let names = db.names();
    let exact = table.state == TableState::Exact;
    let object = |kind, name: Option<&str>, created_by| Object {
        kind,
        table: table.name.clone(),
        name: name.map(str::to_owned),
        created_by,
    };
    let db_columns: HashMap<String, &crate::schema::replay::Column> = db_table
        .columns
        .iter()
        .map(|c| (names.ident(&c.name), c))
        .collect();
    let mut replay_columns = HashSet::new();
    for column in table.columns.iter() {
        replay_columns.insert(names.ident(&column.name));
        match db_columns.get(&names.ident(&column.name)) {
            None => out.push(Difference::Missing(object(
                ObjectKind::Column,
                Some(&column.name),
                column.added_by,
            ))),
            Some(db_column) => {
                // Primary key columns are NOT NULL however they were declared (and
                // SQLite reports them nullable unless declared otherwise).
                if let (Some(replayed), Some(actual)) = (column.nullable, db_column.nullable)
                    && replayed != actual
                    && !column.primary_key
                    && !db_column.primary_key
                {
                    out.push(Difference::Nullability {
                        column: object(ObjectKind::Column, Some(&column.name), column.added_by),
                        replay_nullable: replayed,
                    });
                }
            }
        }
    }
    if exact {
        for c in &db_table.columns {
            if !replay_columns.contains(&names.ident(&c.name)) {
                out.push(Difference::Extra(object(
                    ObjectKind::Column,
                    Some(&c.name),
                    None,
                )));
            }
        }
    }
    // Names: only where the replay followed every change to them.
    let names_followed = !table.names_uncertain;
    let names_complete = exact && names_followed;
    if names_followed && schema.indexes_unknown.is_none() {
        for index in table.indexes.iter() {
            if !db.has_index(&table.name, &index.name) {
                out.push(Difference::Missing(object(
                    ObjectKind::Index,
                    Some(&index.name),
                    index.created_by,
                )));
            }
        }
        if names_complete && !table.unnamed.index {
            for index in &db_table.indexes {
                let known = table
                    .indexes
                    .iter()
                    .any(|i| names.ident(&i.name) == names.ident(&index.name))
                    || table.constraints.iter().any(|c| {
                        c.name.as_deref().map(|n| names.ident(n)) == Some(names.ident(&index.name))
                    });
                if !known {
                    out.push(Difference::Extra(object(
                        ObjectKind::Index,
                        Some(&index.name),
                        None,
                    )));
                }
            }
        }
    }
    if names_followed {
        for constraint in table.constraints.iter() {
            let Some(kind) = compared_kind(constraint.kind) else {
                continue;
            };
            if !db.has_constraint(&table.name, constraint) {
                out.push(Difference::Missing(object(
                    kind,
                    constraint.name.as_deref(),
                    constraint.created_by,
                )));
            }
        }
    }
    if names_complete {
        for constraint in &db_table.constraints {
            let Some(kind) = compared_kind(constraint.kind) else {
                continue;
            };
            let unnamed_possible = match kind {
                ObjectKind::UniqueConstraint => table.unnamed.unique,
                _ => table.unnamed.foreign_key,
            };
            if unnamed_possible {
                continue;
            }
            let known = table
                .constraints
                .iter()
                .any(|c| db.same_constraint(c, constraint));
            if !known {
                let name = constraint
                    .name
                    .clone()
                    .unwrap_or_else(|| format!("({})", constraint.columns.join(", ")));
                out.push(Difference::Extra(object(kind, Some(&name), None)));
            }
        }
    }
}
