//! Schema operations of a revision's `upgrade()` / `downgrade()`, in our own types.
//! `python/ops.rs` lowers `op.*` calls into these; `schema/` replays them along the
//! revision graph. Anything retort does not understand is an explicit `Opaque` op, so
//! that the replay can mark what it touches as unknown instead of guessing.

use crate::source::Span;

/// A table as an operation names it: `schema=` plus the name.
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct TableName {
    pub schema: Option<String>,
    pub name: String,
}

impl TableName {
    pub fn new(schema: Option<&str>, name: &str) -> TableName {
        TableName {
            schema: schema.map(str::to_owned),
            name: name.to_owned(),
        }
    }
}

impl std::fmt::Display for TableName {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match &self.schema {
            Some(schema) => write!(f, "{schema}.{}", self.name),
            None => f.write_str(&self.name),
        }
    }
}

/// A `sa.Column(...)` inside `create_table` / `add_column`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ColumnDef {
    pub name: String,
    /// The type expression as written, normalised (`String(length=20)`); `None` when
    /// the column has no type argument (a `ForeignKey` alone).
    pub type_text: Option<String>,
    /// `nullable=` when given as a literal.
    pub nullable: Option<bool>,
    pub primary_key: bool,
    /// `server_default=` as written.
    pub server_default: Option<String>,
    /// The SQL SQLAlchemy writes for `server_default=` (`'x'` for a string, the text
    /// of `sa.text(...)`, `now()` for `sa.func.now()`); `None` when there is none or
    /// it cannot be known.
    pub server_default_sql: Option<String>,
    /// `sa.Identity()` / `sa.Computed(...)`: the database fills the column.
    pub generated: Option<Generated>,
    /// `autoincrement=` when given as a literal.
    pub autoincrement: Option<bool>,
    /// `sa.ForeignKey("table.column")` targets.
    pub foreign_keys: Vec<String>,
    /// `unique=True`: an unnamed unique constraint (named by the database or a naming
    /// convention).
    pub unique: bool,
    /// `index=True`: an index named by the naming convention.
    pub index: bool,
    /// Constraints written inside the column (`sa.ForeignKey(..., name=...)`,
    /// `sa.CheckConstraint(...)`), named or not.
    pub constraints: Vec<ConstraintDef>,
    pub span: Span,
}

impl ColumnDef {
    /// Nullability as SQLAlchemy decides it: explicit, else not null for primary keys.
    pub fn effective_nullable(&self) -> bool {
        self.nullable.unwrap_or(!self.primary_key)
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum ConstraintKind {
    PrimaryKey,
    Unique,
    ForeignKey,
    Check,
    /// PostgreSQL's `EXCLUDE` (`op.create_exclude_constraint`).
    Exclude,
}

impl ConstraintKind {
    pub fn as_str(self) -> &'static str {
        match self {
            ConstraintKind::PrimaryKey => "primary",
            ConstraintKind::Unique => "unique",
            ConstraintKind::ForeignKey => "foreignkey",
            ConstraintKind::Check => "check",
            ConstraintKind::Exclude => "exclude",
        }
    }

    /// As people say it: "foreign key", "primary key", with its article.
    pub fn human(self) -> (&'static str, &'static str) {
        match self {
            ConstraintKind::PrimaryKey => ("a", "primary key"),
            ConstraintKind::Unique => ("a", "unique"),
            ConstraintKind::ForeignKey => ("a", "foreign key"),
            ConstraintKind::Check => ("a", "check"),
            ConstraintKind::Exclude => ("an", "exclusion"),
        }
    }

    /// `type_=` of `drop_constraint`.
    pub fn from_type_arg(text: &str) -> Option<ConstraintKind> {
        match text {
            "primary" => Some(ConstraintKind::PrimaryKey),
            "unique" => Some(ConstraintKind::Unique),
            "foreignkey" => Some(ConstraintKind::ForeignKey),
            "check" => Some(ConstraintKind::Check),
            _ => None,
        }
    }
}

/// A column whose values the database computes.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Generated {
    /// `sa.Identity()`; `always` for `Identity(always=True)`.
    Identity { always: bool },
    /// `sa.Computed("expr")`, with its SQL.
    Computed { sql: String },
}

/// A table-level constraint (in `create_table` or created on its own).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ConstraintDef {
    pub name: Option<String>,
    pub kind: ConstraintKind,
    pub columns: Vec<String>,
    /// Foreign keys: the referred table.
    pub referred_table: Option<String>,
    /// `use_alter=True` (a foreign key): left out of `CREATE TABLE` on dialects that
    /// can add it later with `ALTER TABLE` (all but SQLite).
    pub use_alter: bool,
    /// Foreign keys: the referred columns.
    pub referred_columns: Vec<String>,
    /// Foreign keys: `ondelete=`, `onupdate=`, `deferrable=`, `initially=`.
    pub on_delete: Option<String>,
    pub on_update: Option<String>,
    pub deferrable: Option<bool>,
    pub initially: Option<String>,
    /// Check constraints: the condition's SQL, when it is a literal.
    pub condition: Option<String>,
    /// `postgresql_not_valid=True`: PostgreSQL does not check existing rows.
    pub not_valid: bool,
    pub span: Span,
}

impl ConstraintDef {
    /// A constraint of this kind with nothing else known yet.
    pub fn new(kind: ConstraintKind, span: Span) -> ConstraintDef {
        ConstraintDef {
            name: None,
            kind,
            columns: Vec::new(),
            referred_table: None,
            referred_columns: Vec::new(),
            on_delete: None,
            on_update: None,
            deferrable: None,
            initially: None,
            condition: None,
            not_valid: false,
            use_alter: false,
            span,
        }
    }
}

/// An index (`op.create_index` or `sa.Index` inside `create_table`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct IndexDef {
    pub name: Option<String>,
    pub columns: Vec<String>,
    pub unique: bool,
    /// The indexed columns and expressions, as SQL is written from them.
    pub elements: Vec<IndexElement>,
    /// `postgresql_where=`: the condition of a partial index.
    pub where_sql: Option<String>,
    /// `postgresql_using=`: the index method (`gin`, `gist`).
    pub using: Option<String>,
    pub span: Span,
}

/// One element of an index.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum IndexElement {
    /// A column name (a string).
    Column(String),
    /// SQL written as `sa.text("lower(email)")`.
    Sql(String),
    /// An expression retort does not render (a column object, `desc()`).
    Unknown,
}

/// What an `op.execute(...)` (or `connection.execute(...)`) does to the schema, as far
/// as the SQL text tells.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum SqlEffect {
    /// `INSERT`, `UPDATE`, `DELETE`, `SELECT`, `GRANT`, `COMMENT`, ...: no table or
    /// column appears or disappears.
    DataOnly,
    /// `CREATE INDEX`, `DROP INDEX`, `ALTER INDEX`: no table or column changes, but
    /// indexes retort does not see appear or disappear.
    Indexes,
    /// `ALTER INDEX name RENAME TO new_name`: an index renamed (unqualified names; the
    /// table is the one that has it).
    RenameIndex { name: String, new_name: String },
    /// DDL on these tables (`ALTER TABLE x ...`, `CREATE INDEX ... ON x`): they become
    /// unknown from here on.
    Tables(Vec<TableName>),
    /// SQL retort cannot read (not a literal, or a statement it does not know): any
    /// table may have changed.
    Unknown,
}

/// A change to a column by `alter_column`.
#[derive(Clone, Debug, PartialEq, Eq, Default)]
pub struct ColumnChange {
    pub new_name: Option<String>,
    pub nullable: Option<bool>,
    pub type_text: Option<String>,
    /// `Some(None)` for `server_default=None` (dropped).
    pub server_default: Option<Option<String>>,
    /// The SQL of the new default, as for `ColumnDef::server_default_sql`.
    pub server_default_sql: Option<Option<String>>,
    /// `postgresql_using=`: the `USING` expression of a type change.
    pub type_using: Option<String>,
    /// `existing_type=` / `existing_nullable=`: what the file says the column was, for
    /// columns the replay does not know (tables older than the history).
    pub existing_type: Option<String>,
    pub existing_nullable: Option<bool>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum OpKind {
    CreateTable {
        table: TableName,
        columns: Vec<ColumnDef>,
        constraints: Vec<ConstraintDef>,
        indexes: Vec<IndexDef>,
        /// Some column arguments could not be read (`*columns`, a variable): the
        /// table exists, but its columns are not all known.
        columns_incomplete: bool,
    },
    DropTable {
        table: TableName,
    },
    RenameTable {
        table: TableName,
        new_name: String,
    },
    AddColumn {
        table: TableName,
        column: ColumnDef,
    },
    DropColumn {
        table: TableName,
        column: String,
    },
    AlterColumn {
        table: TableName,
        column: String,
        change: ColumnChange,
    },
    CreateIndex {
        table: TableName,
        index: IndexDef,
    },
    /// `drop_index` names the table only optionally.
    DropIndex {
        name: String,
        table: Option<TableName>,
    },
    CreateConstraint {
        table: TableName,
        constraint: ConstraintDef,
    },
    DropConstraint {
        table: TableName,
        name: String,
        kind: Option<ConstraintKind>,
    },
    Execute {
        effect: SqlEffect,
    },
    /// A call retort recognises as changing nothing it models (comments on tables,
    /// `bulk_insert`, `get_bind`, logging).
    NoSchemaEffect,
    /// Something retort cannot follow. `tables` lists the tables it names; `None`
    /// means it may touch any table.
    Opaque {
        tables: Option<Vec<TableName>>,
        what: String,
    },
}

/// The SQL dialect a project runs on (`dialect.name` in SQLAlchemy).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Dialect {
    PostgreSQL,
    SQLite,
    MySQL,
    MariaDB,
    Oracle,
    MSSQL,
}

impl Dialect {
    /// SQLAlchemy's `dialect.name`.
    pub fn name(self) -> &'static str {
        match self {
            Dialect::PostgreSQL => "postgresql",
            Dialect::SQLite => "sqlite",
            Dialect::MySQL => "mysql",
            Dialect::MariaDB => "mariadb",
            Dialect::Oracle => "oracle",
            Dialect::MSSQL => "mssql",
        }
    }

    /// From a dialect name or the scheme of a database URL (`postgresql+psycopg2`).
    pub fn from_name(name: &str) -> Option<Dialect> {
        let base = name
            .split('+')
            .next()
            .unwrap_or("")
            .trim()
            .to_ascii_lowercase();
        Some(match base.as_str() {
            "postgresql" | "postgres" | "pgsql" => Dialect::PostgreSQL,
            "sqlite" => Dialect::SQLite,
            "mysql" => Dialect::MySQL,
            "mariadb" => Dialect::MariaDB,
            "oracle" => Dialect::Oracle,
            "mssql" => Dialect::MSSQL,
            _ => return None,
        })
    }

    /// `ALTER TABLE ... ADD CONSTRAINT` exists (SQLAlchemy's `supports_alter`): a
    /// `ForeignKeyConstraint(..., use_alter=True)` is left out of `CREATE TABLE`.
    pub fn supports_alter(self) -> bool {
        self != Dialect::SQLite
    }
}

impl std::fmt::Display for Dialect {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.name())
    }
}

/// When an op runs, as far as the code around it says.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Condition {
    /// `bind.dialect.name == "mysql"`, `... in ("mysql", "mariadb")`: the dialect's
    /// name is one of these.
    DialectIs(Vec<String>),
    Not(Box<Condition>),
    All(Vec<Condition>),
    Any(Vec<Condition>),
    /// Something retort cannot evaluate statically (a flag, a query result, a loop
    /// that may run no time).
    Unknown,
    /// A test that reads the dialect in a way retort cannot evaluate (`if
    /// _is_sqlite():`, a comparison with a value it cannot resolve): which branch runs
    /// on PostgreSQL is unknown.
    UnknownDialect,
    /// The database has this object when the test runs (`"c" in [x["name"] for x in
    /// inspector.get_columns("t")]`, `inspector.has_table("t")`): unknown until the
    /// replay says what the schema holds there.
    Has(SchemaObject),
}

/// What an existence test of the live schema (SQLAlchemy's inspector) asks about.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum SchemaObject {
    Table(String),
    Column(String, String),
    Index(String),
}

impl Condition {
    /// Whether the dialect alone decides it (no test retort cannot evaluate): two ops
    /// under equal such conditions run together or not at all.
    pub fn decided_by_dialect(&self) -> bool {
        match self {
            Condition::DialectIs(_) => true,
            Condition::Not(c) => c.decided_by_dialect(),
            Condition::All(cs) | Condition::Any(cs) => cs.iter().all(Condition::decided_by_dialect),
            Condition::Unknown | Condition::UnknownDialect | Condition::Has(_) => false,
        }
    }

    /// Three-valued: `None` when it depends on something unknown (the dialect, when
    /// `dialect` is `None`).
    pub fn eval(&self, dialect: Option<Dialect>) -> Option<bool> {
        self.eval_with(dialect, &|_| None)
    }

    /// `eval`, with what the schema holds where it is tested: `has` answers for an
    /// existence test (`None` when that is not known).
    pub fn eval_with(
        &self,
        dialect: Option<Dialect>,
        has: &dyn Fn(&SchemaObject) -> Option<bool>,
    ) -> Option<bool> {
        match self {
            Condition::DialectIs(names) => {
                let d = dialect?;
                Some(names.iter().any(|n| Dialect::from_name(n) == Some(d)))
            }
            Condition::Has(object) => has(object),
            Condition::Not(inner) => inner.eval_with(dialect, has).map(|b| !b),
            Condition::All(parts) => {
                let mut unknown = false;
                for p in parts {
                    match p.eval_with(dialect, has) {
                        Some(false) => return Some(false),
                        None => unknown = true,
                        Some(true) => {}
                    }
                }
                (!unknown).then_some(true)
            }
            Condition::Any(parts) => {
                let mut unknown = false;
                for p in parts {
                    match p.eval_with(dialect, has) {
                        Some(true) => return Some(true),
                        None => unknown = true,
                        Some(false) => {}
                    }
                }
                (!unknown).then_some(false)
            }
            Condition::Unknown | Condition::UnknownDialect => None,
        }
    }

    /// Whether it holds an existence test of the live schema.
    pub fn tests_existence(&self) -> bool {
        match self {
            Condition::Has(_) => true,
            Condition::Not(inner) => inner.tests_existence(),
            Condition::All(parts) | Condition::Any(parts) => {
                parts.iter().any(Condition::tests_existence)
            }
            Condition::DialectIs(_) | Condition::Unknown | Condition::UnknownDialect => false,
        }
    }

    /// Whether it depends on the dialect in a way retort could not read: the op may be
    /// on either side of a dialect branch.
    pub fn reads_dialect_unknowably(&self) -> bool {
        match self {
            Condition::UnknownDialect => true,
            Condition::Not(inner) => inner.reads_dialect_unknowably(),
            Condition::All(parts) | Condition::Any(parts) => {
                parts.iter().any(Condition::reads_dialect_unknowably)
            }
            Condition::DialectIs(_) | Condition::Unknown | Condition::Has(_) => false,
        }
    }

    /// Whether knowing the dialect could decide it.
    pub fn mentions_dialect(&self) -> bool {
        match self {
            Condition::DialectIs(_) => true,
            Condition::Not(inner) => inner.mentions_dialect(),
            Condition::All(parts) | Condition::Any(parts) => {
                parts.iter().any(Condition::mentions_dialect)
            }
            Condition::Unknown | Condition::UnknownDialect | Condition::Has(_) => false,
        }
    }

    /// Both must hold.
    pub fn and(first: Option<&Condition>, second: Condition) -> Condition {
        match first {
            None => second,
            Some(Condition::All(parts)) => {
                let mut parts = parts.clone();
                parts.push(second);
                Condition::All(parts)
            }
            Some(c) => Condition::All(vec![c.clone(), second]),
        }
    }
}

/// One operation with the span of the statement or call it came from.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Op {
    pub kind: OpKind,
    pub span: Span,
    /// It may or may not run: inside an `if` on something retort cannot evaluate, a
    /// loop, a dialect branch while the project's dialect is unknown.
    pub conditional: bool,
    /// The condition it runs under (`None`: always). `conditional` is what it says
    /// without knowing the dialect; `schema::link` settles dialect branches once the
    /// project's dialect is known.
    pub condition: Option<Condition>,
    /// `if_exists=True` / `if_not_exists=True`: the op itself checks whether the object
    /// is there, so it cannot fail on a missing (or existing) one.
    pub guarded: bool,
    /// How it runs, beyond what it leaves in the schema.
    pub run: RunOptions,
}

/// What an op says about how it runs rather than what it leaves in the schema: read by
/// `schema::render` (the SQL Alembic emits) and the safety rules (RT3xx).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct RunOptions {
    /// Inside `with op.get_context().autocommit_block():` (at any depth): Alembic
    /// commits its transaction first and runs the op outside any transaction.
    pub autocommit: bool,
    /// `postgresql_concurrently=True` on `create_index` / `drop_index`.
    pub concurrently: bool,
    /// Inside `batch_alter_table(..., recreate="always")`: the table is copied.
    pub batch_recreate: bool,
    /// Inside an `if` branch that does not run on PostgreSQL (`if bind.dialect.name ==
    /// "mysql":`).
    pub not_on_postgresql: bool,
    /// `op.execute(...)`: the SQL as written, when it is a literal (on the first of the
    /// ops read from it).
    pub sql: Option<WrittenSql>,
    /// One of the ops read from the SQL of an `execute()` after the first, which holds
    /// that SQL: rendered with it, not on its own.
    pub sql_part: bool,
    /// Read from SQL written in an `execute()`: where in that SQL the op was read from
    /// (the statement; for an `ALTER TABLE`, its action), so that a finding of the SQL
    /// rules on that text can be matched to the op.
    pub sql_span: Option<std::ops::Range<usize>>,
}

/// SQL written as a string literal in a revision file.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct WrittenSql {
    pub text: String,
    /// Where byte 0 of `text` is in the file, when the literal holds the text byte for
    /// byte (no escapes, not concatenated).
    pub text_start: Option<usize>,
}

impl Op {
    /// The table the op acts on, when it names one.
    pub fn table(&self) -> Option<&TableName> {
        match &self.kind {
            OpKind::CreateTable { table, .. }
            | OpKind::DropTable { table }
            | OpKind::RenameTable { table, .. }
            | OpKind::AddColumn { table, .. }
            | OpKind::DropColumn { table, .. }
            | OpKind::AlterColumn { table, .. }
            | OpKind::CreateIndex { table, .. }
            | OpKind::CreateConstraint { table, .. }
            | OpKind::DropConstraint { table, .. } => Some(table),
            OpKind::DropIndex { table, .. } => table.as_ref(),
            OpKind::Execute { .. } | OpKind::NoSchemaEffect | OpKind::Opaque { .. } => None,
        }
    }

    /// A short human description, as a reviewer would say it.
    pub fn describe(&self) -> String {
        let text = match &self.kind {
            OpKind::CreateTable { table, .. } => format!("create table `{table}`"),
            OpKind::DropTable { table } => format!("drop table `{table}`"),
            OpKind::RenameTable { table, new_name } => {
                format!("rename table `{table}` to `{new_name}`")
            }
            OpKind::AddColumn { table, column } => {
                format!("add column `{table}.{}`", column.name)
            }
            OpKind::DropColumn { table, column } => format!("drop column `{table}.{column}`"),
            OpKind::AlterColumn {
                table,
                column,
                change,
            } => match &change.new_name {
                Some(new) => format!("rename column `{table}.{column}` to `{new}`"),
                None => format!("alter column `{table}.{column}`"),
            },
            OpKind::CreateIndex { table, index } => match &index.name {
                Some(name) => format!("create index `{name}` on `{table}`"),
                // No name, or one retort cannot evaluate (a helper's parameter).
                None => format!("create an index on `{table}`"),
            },
            OpKind::DropIndex { name, .. } => format!("drop index `{name}`"),
            OpKind::CreateConstraint { table, constraint } => {
                let (article, kind) = constraint.kind.human();
                match &constraint.name {
                    Some(name) => format!("create {kind} constraint `{name}` on `{table}`"),
                    // No name, or one retort cannot evaluate (a helper's parameter).
                    None => format!("create {article} {kind} constraint on `{table}`"),
                }
            }
            OpKind::DropConstraint { table, name, .. } => {
                format!("drop constraint `{name}` on `{table}`")
            }
            OpKind::Execute { effect } => match effect {
                SqlEffect::DataOnly => "execute SQL (data only)".to_owned(),
                SqlEffect::Indexes => "execute index DDL".to_owned(),
                SqlEffect::RenameIndex { name, new_name } => {
                    format!("rename index `{name}` to `{new_name}`")
                }
                SqlEffect::Tables(tables) => format!(
                    "execute DDL on {}",
                    tables
                        .iter()
                        .map(|t| format!("`{t}`"))
                        .collect::<Vec<_>>()
                        .join(", ")
                ),
                SqlEffect::Unknown => "execute SQL retort cannot read".to_owned(),
            },
            OpKind::NoSchemaEffect => "no schema change".to_owned(),
            OpKind::Opaque { what, .. } => what.clone(),
        };
        if self.conditional {
            format!("{text} (conditionally)")
        } else {
            text
        }
    }
}

/// What retort knows of `upgrade()` or `downgrade()`.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Body {
    pub ops: Vec<Op>,
    /// The body is empty (only `pass`, a docstring, comments or `...`).
    pub is_empty: bool,
    /// The body raises unconditionally (an intentionally irreversible downgrade).
    pub raises: bool,
}

/// `sa.func.<name>()` that SQLAlchemy renders as a bare keyword (its ANSI functions).
pub fn is_sql_value_function(name: &str) -> bool {
    matches!(
        name.to_ascii_lowercase().as_str(),
        "current_timestamp"
            | "current_date"
            | "current_time"
            | "localtime"
            | "localtimestamp"
            | "current_user"
            | "session_user"
            | "user"
    )
}
