//! Column types as the database sees them. Migrations spell one type many ways
//! (`sa.String(length=20)`, `sa.VARCHAR(length=20)`, SQLModel's `AutoString`; `DateTime`
//! and PostgreSQL's `TIMESTAMP`); autogenerate itself writes a downgrade in the other
//! spelling. Two spellings are the same type when they give the same DDL on the
//! project's dialect (on any common dialect when it is unknown).

use crate::ops::Dialect;

/// `Name(arg, key=value, ...)` as `type_text` renders it.
struct Written {
    name: String,
    /// Keyword (`None` for a positional argument) and value, as written.
    args: Vec<(Option<String>, String)>,
}

fn parse(text: &str) -> Option<Written> {
    let text = text.trim();
    let (name, rest) = match text.find('(') {
        Some(open) => (&text[..open], text[open + 1..].strip_suffix(')')?),
        None => (text, ""),
    };
    let name = name.rsplit('.').next()?.trim().to_owned();
    // Split on top-level commas (Enum values are quoted; nested calls are rare).
    let (mut depth, mut quote) = (0i32, None);
    let mut parts = Vec::new();
    let mut current = String::new();
    for c in rest.chars() {
        match (quote, c) {
            (Some(q), c) if c == q => quote = None,
            (Some(_), _) => {}
            (None, '\'' | '"') => quote = Some(c),
            (None, '(' | '[') => depth += 1,
            (None, ')' | ']') => depth -= 1,
            (None, ',') if depth == 0 => {
                parts.push(std::mem::take(&mut current));
                continue;
            }
            _ => {}
        }
        current.push(c);
    }
    parts.push(current);
    let args = parts
        .iter()
        .map(|p| p.trim())
        .filter(|p| !p.is_empty())
        .map(|part| match part.split_once('=') {
            Some((key, value)) if key.trim().chars().all(|c| c.is_alphanumeric() || c == '_') => {
                (Some(key.trim().to_owned()), value.trim().to_owned())
            }
            _ => (None, part.to_owned()),
        })
        .collect();
    Some(Written { name, args })
}

/// The DDL of a written type on `dialect`, as a comparable string; `None` for a type
/// retort does not know (compared as written then).
fn ddl(text: &str, dialect: Dialect) -> Option<String> {
    let written = parse(text)?;
    let get = |key: &str, position: usize| -> Option<&str> {
        written
            .args
            .iter()
            .find(|(k, _)| k.as_deref() == Some(key))
            .or_else(|| {
                written
                    .args
                    .iter()
                    .filter(|(k, _)| k.is_none())
                    .nth(position)
            })
            .map(|(_, v)| v.as_str())
            .filter(|v| *v != "None")
    };
    // Keywords that do not change the DDL.
    let known = |allowed: &[&str]| {
        written.args.iter().all(|(k, _)| match k {
            Some(k) => {
                allowed.contains(&k.as_str())
                    || matches!(
                        k.as_str(),
                        "collation"
                            | "_expect_unicode"
                            | "convert_unicode"
                            | "unicode_error"
                            | "_warn_on_bytestring"
                            | "asdecimal"
                            | "decimal_return_scale"
                            | "create_constraint"
                    )
            }
            None => true,
        })
    };
    let pg = dialect == Dialect::PostgreSQL;
    let with_len = |base: &str, len: Option<&str>| match len {
        Some(l) => format!("{base}({l})"),
        None => base.to_owned(),
    };
    let timezone = get("timezone", 0) == Some("True");
    let out = match written.name.as_str() {
        "String" | "VARCHAR" | "Unicode" | "AutoString" | "NVARCHAR" if known(&["length"]) => {
            let base = if written.name == "NVARCHAR" && !pg {
                "NVARCHAR"
            } else {
                "VARCHAR"
            };
            with_len(base, get("length", 0))
        }
        "CHAR" | "NCHAR" if known(&["length"]) => with_len("CHAR", get("length", 0)),
        "Text" | "TEXT" | "UnicodeText" | "CLOB" if known(&["length"]) => {
            with_len("TEXT", get("length", 0))
        }
        "Integer" | "INTEGER" | "INT" => "INTEGER".to_owned(),
        "BigInteger" | "BIGINT" => "BIGINT".to_owned(),
        "SmallInteger" | "SMALLINT" => "SMALLINT".to_owned(),
        "Boolean" | "BOOLEAN" => "BOOLEAN".to_owned(),
        "DateTime" | "TIMESTAMP" | "DATETIME" if known(&["timezone", "precision"]) => {
            let base = match (dialect, written.name.as_str()) {
                (Dialect::PostgreSQL, _) => "TIMESTAMP",
                (_, "TIMESTAMP") => "TIMESTAMP",
                _ => "DATETIME",
            };
            let tz = if timezone && pg {
                " WITH TIME ZONE"
            } else {
                ""
            };
            match get("precision", 1) {
                Some(p) => format!("{base}({p}){tz}"),
                None => format!("{base}{tz}"),
            }
        }
        "Date" | "DATE" => "DATE".to_owned(),
        "Time" | "TIME" if known(&["timezone", "precision"]) => {
            let tz = if timezone && pg {
                " WITH TIME ZONE"
            } else {
                ""
            };
            format!("TIME{tz}")
        }
        "Float" | "FLOAT" if known(&["precision"]) => with_len("FLOAT", get("precision", 0)),
        "Double" | "DOUBLE" | "DOUBLE_PRECISION" => "DOUBLE PRECISION".to_owned(),
        "REAL" => "REAL".to_owned(),
        "Numeric" | "NUMERIC" | "DECIMAL" if known(&["precision", "scale"]) => {
            let base = if pg || written.name != "DECIMAL" {
                "NUMERIC"
            } else {
                "DECIMAL"
            };
            match (get("precision", 0), get("scale", 1)) {
                (Some(p), Some(s)) => format!("{base}({p}, {s})"),
                (Some(p), None) => format!("{base}({p})"),
                _ => base.to_owned(),
            }
        }
        "LargeBinary" | "BLOB" | "BYTEA" | "BINARY" | "VARBINARY" if known(&["length"]) => {
            match (dialect, written.name.as_str()) {
                (Dialect::PostgreSQL, _) => "BYTEA".to_owned(),
                (_, "BINARY" | "VARBINARY") => with_len(&written.name, get("length", 0)),
                _ => "BLOB".to_owned(),
            }
        }
        "JSON" => "JSON".to_owned(),
        "JSONB" => "JSONB".to_owned(),
        "Uuid" | "UUID" if known(&["as_uuid", "native_uuid"]) => {
            if pg {
                "UUID".to_owned()
            } else {
                "CHAR(32)".to_owned()
            }
        }
        "Interval" | "INTERVAL" if pg => "INTERVAL".to_owned(),
        _ => return None,
    };
    Some(out)
}

/// Whether two written types give the same column type on `dialect`; with no dialect,
/// whether they do on one of PostgreSQL, SQLite and MySQL (so that a difference is
/// reported only when it is one everywhere).
pub fn same_type(a: &str, b: &str, dialect: Option<Dialect>) -> bool {
    if compact(a) == compact(b) {
        return true;
    }
    let dialects: &[Dialect] = match &dialect {
        Some(d) => std::slice::from_ref(d),
        None => &[Dialect::PostgreSQL, Dialect::SQLite, Dialect::MySQL],
    };
    dialects.iter().any(|&d| match (ddl(a, d), ddl(b, d)) {
        (Some(x), Some(y)) => x == y,
        _ => false,
    })
}

fn compact(text: &str) -> String {
    let text: String = text.chars().filter(|c| !c.is_whitespace()).collect();
    // `String()` and `String` are the same.
    text.strip_suffix("()").map(str::to_owned).unwrap_or(text)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spellings_of_one_type() {
        let pg = Some(Dialect::PostgreSQL);
        assert!(same_type("String(length=20)", "VARCHAR(length=20)", pg));
        assert!(same_type("DateTime", "TIMESTAMP", pg));
        assert!(same_type(
            "DateTime(timezone=True)",
            "TIMESTAMP(timezone=True)",
            pg
        ));
        assert!(!same_type("DateTime(timezone=True)", "TIMESTAMP", pg));
        assert!(same_type("Integer", "INTEGER", None));
        assert!(same_type("AutoString", "String", None));
        assert!(same_type(
            "AutoString(length=255)",
            "VARCHAR(length=255)",
            None
        ));
        assert!(same_type(
            "Numeric(precision=10, scale=2)",
            "NUMERIC(precision=10, scale=2)",
            pg
        ));
        assert!(!same_type("String(length=20)", "String(length=50)", None));
        assert!(!same_type("String", "Text", pg));
        assert!(!same_type("Integer", "BigInteger", None));
        // DATETIME and TIMESTAMP are different types on MySQL, the same on PostgreSQL.
        assert!(!same_type("DateTime", "TIMESTAMP", Some(Dialect::MySQL)));
        assert!(same_type("DateTime", "TIMESTAMP", None));
        assert!(same_type("Uuid", "UUID(as_uuid=True)", pg));
        assert!(!same_type("MyType", "OtherType", None));
        assert!(same_type("MyType()", "MyType", None));
    }
}
