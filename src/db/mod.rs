//! Live databases, for `retort db check`: the only module that talks to a database
//! server or opens a database file. It reads, never writes: a read-only transaction
//! (PostgreSQL) or a read-only connection (SQLite, never created), bounded by connect and
//! statement timeouts, and no message it returns holds the password. A `Snapshot` holds
//! what was read (the version table's rows and the tables, in the item types the replay
//! uses); `check` compares it with the replayed history, `order` and `plan` say what
//! `alembic` would run and how to bring the two back in step.

pub mod check;
pub mod compare;
pub mod order;
pub mod plan;
mod postgres;
mod sqlite;
pub mod url;

use std::path::PathBuf;
use std::time::Duration;

use crate::ops::TableName;
use crate::schema::replay::{Column, Constraint, Index};

pub use url::{DbUrl, Dialect};

/// Why the database could not be read (exit code 2). The message names the database
/// with its password masked, and says what to do.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("{0}")]
pub struct DbError(pub String);

/// What to read, and how long to wait.
#[derive(Clone, Debug)]
pub struct ReadOptions {
    pub connect_timeout: Duration,
    pub statement_timeout: Duration,
    /// Alembic's `version_table` (default `alembic_version`).
    pub version_table: String,
    /// Alembic's `version_table_schema` (default: the connection's default schema).
    pub version_table_schema: Option<String>,
    /// Schemas besides the default one that the history names (`schema=` in its ops):
    /// their tables belong to the project too.
    pub schemas: Vec<String>,
    /// Where a relative SQLite path is read from.
    pub base_dir: PathBuf,
}

/// One table as the catalog describes it, in the replay's item types. Constraints are
/// primary keys, unique constraints and foreign keys (SQLite does not keep the names
/// of the latter two: `name` is `None` there). Indexes are those created on their own
/// (`CREATE INDEX`), not the ones backing a constraint.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DbTable {
    /// Without a schema when it is in the connection's default schema.
    pub name: TableName,
    pub columns: Vec<Column>,
    pub indexes: Vec<Index>,
    pub constraints: Vec<Constraint>,
}

impl DbTable {
    pub fn column(&self, name: &str) -> Option<&Column> {
        self.columns.iter().find(|c| c.name == name)
    }

    /// The columns of the primary key.
    pub fn primary_key(&self) -> impl Iterator<Item = &str> {
        self.constraints
            .iter()
            .filter(|c| c.kind == "primary")
            .flat_map(|c| c.columns.iter().map(String::as_str))
    }
}

/// What the version table holds.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Stamp {
    /// No version table: the database was never stamped (or the name is wrong).
    NoTable,
    /// The rows of `version_num`, sorted (empty after `alembic downgrade base`).
    Rows(Vec<String>),
}

/// Everything read from the database, in one read-only transaction.
#[derive(Clone, Debug)]
pub struct Snapshot {
    pub dialect: Dialect,
    /// The URL as shown (password masked).
    pub shown_url: String,
    pub server_version: String,
    /// The version table's name as shown (schema-qualified when a schema was given).
    pub version_table: String,
    pub stamp: Stamp,
    /// The connection's default schema (`public`); `None` for SQLite.
    pub default_schema: Option<String>,
    /// Sorted by name; the version table itself is left out.
    pub tables: Vec<DbTable>,
}

impl Snapshot {
    pub fn table(&self, name: &TableName) -> Option<&DbTable> {
        self.tables.iter().find(|t| &t.name == name)
    }
}

/// Connect, read the version table and the catalog in one read-only transaction, and
/// disconnect.
pub fn read(url: &DbUrl, options: &ReadOptions) -> Result<Snapshot, DbError> {
    let mut snapshot = match url.dialect {
        Dialect::Postgres => postgres::read(url, options),
        Dialect::Sqlite => sqlite::read(url, options),
    }
    // Drivers' messages may quote the connection string: mask every one.
    .map_err(|e| DbError(url.mask(&e.0)))?;
    snapshot.tables.sort_by(|a, b| a.name.cmp(&b.name));
    Ok(snapshot)
}

fn column(
    name: String,
    type_text: String,
    nullable: bool,
    server_default: Option<String>,
) -> Column {
    Column {
        name,
        type_text: Some(type_text),
        nullable: Some(nullable),
        primary_key: false,
        server_default,
        added_by: None,
    }
}

/// Mark the primary key's columns (after the constraints are read).
fn mark_primary_keys(table: &mut DbTable) {
    let pk: Vec<String> = table.primary_key().map(str::to_owned).collect();
    for c in &mut table.columns {
        c.primary_key = pk.contains(&c.name);
    }
}

fn seconds(d: Duration) -> String {
    let s = d.as_secs_f64();
    if s.fract() == 0.0 {
        format!("{} s", s as u64)
    } else {
        format!("{s:.1} s")
    }
}
