//! SQLite through rusqlite (SQLite compiled in: nothing needs a system library). The
//! file is opened read-only, and only if it exists: SQLite would otherwise create an
//! empty database at a mistyped path. `query_only` is set as well, and a busy timeout
//! plus a progress handler bound every statement.

use std::path::{Path, PathBuf};
use std::time::Instant;

use rusqlite::{Connection, OpenFlags};

use super::{DbError, DbTable, DbUrl, ReadOptions, Snapshot, Stamp};
use crate::ops::TableName;
use crate::schema::replay::{Constraint, Index};

pub fn read(url: &DbUrl, options: &ReadOptions) -> Result<Snapshot, DbError> {
    let shown = url.to_string();
    let Some(database) = url.database.as_deref() else {
        return Err(DbError(format!(
            "`{shown}` is an in-memory SQLite database: it is empty each time it is opened, \
             so there is nothing to check; name the database file (`sqlite:///app.db`)"
        )));
    };
    let uri = matches!(url.option("uri"), Some("true" | "1"));
    let mut flags = OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX;
    let target: PathBuf;
    if uri {
        // `sqlite:///file:app.db?mode=ro&uri=true`: SQLite reads the URI itself; a
        // read-only open never creates the file whatever `mode=` says.
        flags |= OpenFlags::SQLITE_OPEN_URI;
        target = PathBuf::from(database);
    } else {
        let path = Path::new(database);
        target = if path.is_absolute() {
            path.to_path_buf()
        } else {
            options.base_dir.join(path)
        };
        match std::fs::metadata(&target) {
            Ok(meta) if meta.is_file() => {}
            Ok(_) => {
                return Err(DbError(format!(
                    "`{shown}`: {} is not a file",
                    target.display()
                )));
            }
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                return Err(DbError(format!(
                    "`{shown}`: the SQLite database {} does not exist (relative paths are read \
                     from {}); retort never creates a database",
                    target.display(),
                    options.base_dir.display()
                )));
            }
            Err(e) => {
                return Err(DbError(format!(
                    "`{shown}`: cannot read {}: {e}",
                    target.display()
                )));
            }
        }
    }
    let fail = |what: &str, e: rusqlite::Error| {
        DbError(format!(
            "`{shown}` ({}): {what}: {}",
            target.display(),
            plain(&e)
        ))
    };
    let mut conn = Connection::open_with_flags(&target, flags)
        .map_err(|e| fail("cannot open the database", e))?;
    conn.busy_timeout(options.statement_timeout)
        .map_err(|e| fail("cannot set a timeout", e))?;
    let deadline = options.statement_timeout;
    let started = Instant::now();
    // Interrupt any statement once the whole read has taken longer than the statement
    // timeout (a huge schema on a slow disk).
    conn.progress_handler(10_000, Some(move || started.elapsed() > deadline))
        .map_err(|e| fail("cannot set a timeout", e))?;
    conn.pragma_update(None, "query_only", true)
        .map_err(|e| fail("cannot make the connection read-only", e))?;
    conn.execute_batch("BEGIN")
        .map_err(|e| fail("cannot start a read transaction", e))?;
    let result = read_in_transaction(&conn, options).map_err(|e| {
        if started.elapsed() > deadline {
            DbError(format!(
                "`{shown}`: reading the schema took longer than the statement timeout ({})",
                super::seconds(deadline)
            ))
        } else {
            fail("cannot read the schema", e)
        }
    });
    let _ = conn.execute_batch("ROLLBACK");
    let (stamp, tables, version) = result?;
    Ok(Snapshot {
        dialect: url.dialect,
        shown_url: shown.clone(),
        server_version: format!("SQLite {version}"),
        version_table: match &options.version_table_schema {
            Some(schema) => format!("{schema}.{}", options.version_table),
            None => options.version_table.clone(),
        },
        stamp,
        default_schema: None,
        tables,
    })
}

/// rusqlite's message without its debug wrapping.
fn plain(e: &rusqlite::Error) -> String {
    match e {
        rusqlite::Error::SqliteFailure(code, Some(message)) => {
            format!("{message} ({:?})", code.code)
        }
        other => other.to_string(),
    }
}

type Read = (Stamp, Vec<DbTable>, String);

fn read_in_transaction(conn: &Connection, options: &ReadOptions) -> rusqlite::Result<Read> {
    let version: String = conn.query_row("SELECT sqlite_version()", [], |r| r.get(0))?;
    // `version_table_schema` on SQLite names an attached database (`main` by default).
    let db = options.version_table_schema.as_deref().unwrap_or("main");
    let master = format!("{}.sqlite_master", quote(db));
    let has_version_table: bool = conn.query_row(
        &format!(
            "SELECT count(*) > 0 FROM {master} WHERE type = 'table' AND name = ?1 COLLATE NOCASE"
        ),
        [&options.version_table],
        |r| r.get(0),
    )?;
    let stamp = if has_version_table {
        let mut statement = conn.prepare(&format!(
            "SELECT version_num FROM {}.{}",
            quote(db),
            quote(&options.version_table)
        ))?;
        let mut rows: Vec<String> = statement
            .query_map([], |r| r.get::<_, String>(0))?
            .collect::<Result<_, _>>()?;
        rows.sort();
        Stamp::Rows(rows)
    } else {
        Stamp::NoTable
    };

    let mut statement = conn.prepare(
        "SELECT name FROM main.sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\' ORDER BY name",
    )?;
    let names: Vec<String> = statement
        .query_map([], |r| r.get(0))?
        .collect::<Result<_, _>>()?;
    let mut tables = Vec::new();
    for name in names {
        if options.version_table_schema.is_none()
            && name.eq_ignore_ascii_case(&options.version_table)
        {
            continue;
        }
        tables.push(read_table(conn, &name)?);
    }
    Ok((stamp, tables, version))
}

fn read_table(conn: &Connection, name: &str) -> rusqlite::Result<DbTable> {
    let mut table = DbTable {
        name: TableName::new(None, name),
        columns: Vec::new(),
        indexes: Vec::new(),
        constraints: Vec::new(),
    };
    let mut statement = conn.prepare(
        "SELECT name, type, \"notnull\", dflt_value, pk FROM pragma_table_info(?1) ORDER BY cid",
    )?;
    let mut pk: Vec<(i64, String)> = Vec::new();
    let columns = statement.query_map([name], |r| {
        Ok((
            r.get::<_, String>(0)?,
            r.get::<_, Option<String>>(1)?.unwrap_or_default(),
            r.get::<_, bool>(2)?,
            r.get::<_, Option<String>>(3)?,
            r.get::<_, i64>(4)?,
        ))
    })?;
    for column in columns {
        let (column, type_text, not_null, default, pk_position) = column?;
        if pk_position > 0 {
            pk.push((pk_position, column.clone()));
        }
        table
            .columns
            .push(super::column(column, type_text, !not_null, default));
    }
    if !pk.is_empty() {
        pk.sort();
        table.constraints.push(Constraint {
            name: None,
            kind: "primary",
            columns: pk.into_iter().map(|(_, c)| c).collect(),
            referred_table: None,
            created_by: None,
        });
    }
    // Indexes: `origin` c = CREATE INDEX, u = a UNIQUE constraint, pk = the primary key.
    let mut statement =
        conn.prepare("SELECT name, \"unique\", origin FROM pragma_index_list(?1) ORDER BY name")?;
    let indexes: Vec<(String, bool, String)> = statement
        .query_map([name], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?
        .collect::<Result<_, _>>()?;
    for (index, unique, origin) in indexes {
        let mut statement =
            conn.prepare("SELECT name FROM pragma_index_xinfo(?1) WHERE key = 1 ORDER BY seqno")?;
        let columns: Vec<String> = statement
            .query_map([&index], |r| r.get::<_, Option<String>>(0))?
            .map(|c| c.map(|c| c.unwrap_or_else(|| "<expression>".to_owned())))
            .collect::<Result<_, _>>()?;
        match origin.as_str() {
            "c" => table.indexes.push(Index {
                name: index,
                columns,
                unique,
                created_by: None,
            }),
            "u" => table.constraints.push(Constraint {
                name: None,
                kind: "unique",
                columns,
                referred_table: None,
                created_by: None,
            }),
            _ => {}
        }
    }
    let mut statement = conn.prepare(
        "SELECT id, \"table\", \"from\" FROM pragma_foreign_key_list(?1) ORDER BY id, seq",
    )?;
    let rows: Vec<(i64, String, String)> = statement
        .query_map([name], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?
        .collect::<Result<_, _>>()?;
    let mut current: Option<(i64, Constraint)> = None;
    for (id, referred, from) in rows {
        match &mut current {
            Some((cid, fk)) if *cid == id => fk.columns.push(from),
            _ => {
                if let Some((_, fk)) = current.take() {
                    table.constraints.push(fk);
                }
                current = Some((
                    id,
                    Constraint {
                        name: None,
                        kind: "foreignkey",
                        columns: vec![from],
                        referred_table: Some(referred),
                        created_by: None,
                    },
                ));
            }
        }
    }
    if let Some((_, fk)) = current {
        table.constraints.push(fk);
    }
    super::mark_primary_keys(&mut table);
    Ok(table)
}

fn quote(identifier: &str) -> String {
    format!("\"{}\"", identifier.replace('"', "\"\""))
}
