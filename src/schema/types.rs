//! Column types as the database sees them. Migrations spell one type many ways
//! (`sa.String(length=20)`, `sa.VARCHAR(length=20)`, SQLModel's `AutoString`; `DateTime`
//! and PostgreSQL's `TIMESTAMP`); autogenerate itself writes a downgrade in the other
//! spelling. Two spellings are the same type when they give the same DDL on the
//! project's dialect (on any common dialect when it is unknown).

use std::collections::HashMap;

use crate::model::TypeDecorator;
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

/// Whether two written types certainly give different column types: both are types
/// retort knows the DDL of and the DDLs differ (on `dialect`; on each of PostgreSQL,
/// SQLite and MySQL when it is unknown). A type retort does not know (a project's own
/// type, an unknown `TypeDecorator`, `Enum`) is never certainly different.
pub fn certainly_differ(a: &str, b: &str, dialect: Option<Dialect>) -> bool {
    if same_type(a, b, dialect) {
        return false;
    }
    let dialects: &[Dialect] = match &dialect {
        Some(d) => std::slice::from_ref(d),
        None => &[Dialect::PostgreSQL, Dialect::SQLite, Dialect::MySQL],
    };
    dialects.iter().all(|&d| match (ddl(a, d), ddl(b, d)) {
        (Some(x), Some(y)) => x != y,
        _ => false,
    })
}

/// The `impl` of a project's `TypeDecorator`: what the database sees of it.
#[derive(Clone, Debug, PartialEq, Eq)]
struct Impl {
    text: String,
    /// `impl = String(40)`: the decorator's own arguments are not passed on.
    instance: bool,
}

#[derive(Clone, Debug, PartialEq, Eq)]
enum Decorator {
    /// Its DDL is its impl's.
    Known(Impl),
    /// A `TypeDecorator` whose DDL retort does not know.
    Unknown,
    /// Named like a type SQLAlchemy ships (`class JSON(TypeDecorator)`): since types
    /// are compared by their last name, `sa.JSON` may be this class or the shipped
    /// type, so no spelling of that name is known.
    Ambiguous,
}

/// The project's `TypeDecorator`s by class name.
#[derive(Clone, Debug, Default)]
pub struct Decorators(HashMap<String, Decorator>);

impl Decorators {
    /// Decide which classes are `TypeDecorator`s (deriving from `TypeDecorator`, or
    /// from one of the project's) and what their DDL is. Two different classes of one
    /// name, or one named like a type SQLAlchemy ships, are unknown: types are
    /// compared by their last name, so such a name is ambiguous.
    pub fn new<'a>(classes: impl IntoIterator<Item = &'a TypeDecorator>) -> Decorators {
        let mut by_name: HashMap<&str, Vec<&TypeDecorator>> = HashMap::new();
        for class in classes {
            let same = by_name.entry(class.name.as_str()).or_default();
            if !same.contains(&class) {
                same.push(class);
            }
        }
        fn resolve(
            name: &str,
            by_name: &HashMap<&str, Vec<&TypeDecorator>>,
            depth: usize,
        ) -> Option<Option<Impl>> {
            if name == "TypeDecorator" {
                return Some(None);
            }
            let defs = by_name.get(name)?;
            if depth > 16 {
                return None;
            }
            let [class] = defs.as_slice() else {
                // Several classes of that name: a decorator if any is one, unknown.
                return defs
                    .iter()
                    .any(|c| {
                        c.bases
                            .iter()
                            .any(|b| resolve(b, by_name, depth + 1).is_some())
                    })
                    .then_some(None);
            };
            let [base] = class.bases.as_slice() else {
                // Mixins or no base: a decorator only through `TypeDecorator` itself.
                return class
                    .bases
                    .iter()
                    .any(|b| b == "TypeDecorator")
                    .then_some(None);
            };
            let inherited = resolve(base, by_name, depth + 1)?;
            if class.unknown {
                return Some(None);
            }
            let own = class.impl_type.as_ref().map(|text| Impl {
                text: text.clone(),
                instance: class.impl_is_instance,
            });
            Some(match (own, base.as_str()) {
                (Some(own), _) => Some(own),
                // `TypeDecorator` without `impl` is an error in SQLAlchemy.
                (None, "TypeDecorator") => None,
                (None, _) => inherited,
            })
        }
        let mut out = HashMap::new();
        for &name in by_name.keys() {
            if let Some(found) = resolve(name, &by_name, 0) {
                let shipped = [Dialect::PostgreSQL, Dialect::SQLite, Dialect::MySQL]
                    .iter()
                    .any(|&d| ddl(name, d).is_some());
                // An `impl` that is itself unknown stays unknown.
                let found = found.filter(|i| {
                    [Dialect::PostgreSQL, Dialect::SQLite, Dialect::MySQL]
                        .iter()
                        .any(|&d| ddl(&i.text, d).is_some())
                });
                out.insert(
                    name.to_owned(),
                    match (shipped, found) {
                        (true, _) => Decorator::Ambiguous,
                        (false, Some(i)) => Decorator::Known(i),
                        (false, None) => Decorator::Unknown,
                    },
                );
            }
        }
        Decorators(out)
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// A written type with a known `TypeDecorator` replaced by its impl, as the
    /// database sees it: `Slug` with `impl = String(40)` -> `String(40)`; `Slug(40)`
    /// with `impl = String` -> `String(40)`; a name that may be the project's class or
    /// SQLAlchemy's type becomes one no DDL is known for. `None` when `text` is not
    /// one of them, or one whose DDL is unknown.
    pub fn through(&self, text: &str) -> Option<String> {
        let written = parse(text)?;
        let found = match self.0.get(&written.name)? {
            Decorator::Known(i) => i,
            Decorator::Unknown => return None,
            // A name no type DDL is known for.
            Decorator::Ambiguous => return Some(format!("TypeDecorator({text})")),
        };
        if found.instance || written.args.is_empty() {
            return Some(found.text.clone());
        }
        let args: Vec<String> = written
            .args
            .iter()
            .map(|(k, v)| match k {
                Some(k) => format!("{k}={v}"),
                None => v.clone(),
            })
            .collect();
        Some(format!("{}({})", found.text, args.join(", ")))
    }
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
        assert!(!certainly_differ("MyType", "String(length=20)", None));
        assert!(certainly_differ(
            "String(length=20)",
            "String(length=50)",
            None
        ));
        assert!(!certainly_differ("DateTime", "TIMESTAMP", None));
    }

    fn class(name: &str, base: &str, impl_type: Option<&str>, instance: bool) -> TypeDecorator {
        TypeDecorator {
            name: name.into(),
            bases: vec![base.into()],
            impl_type: impl_type.map(Into::into),
            impl_is_instance: instance,
            unknown: false,
        }
    }

    #[test]
    fn type_decorators_by_their_impl() {
        let mut dialectal = class("PerDialect", "TypeDecorator", Some("String"), false);
        dialectal.unknown = true;
        let classes = [
            class("Slug", "TypeDecorator", Some("String(length=40)"), true),
            class("Code", "TypeDecorator", Some("String"), false),
            class("ShortSlug", "Slug", None, false),
            class("Model", "Base", None, false),
            class("Weird", "TypeDecorator", Some("MyThing"), false),
            // Named like a shipped type: ambiguous.
            class("JSON", "TypeDecorator", Some("Text"), false),
            dialectal,
        ];
        let d = Decorators::new(&classes);
        assert_eq!(d.through("Slug").as_deref(), Some("String(length=40)"));
        assert_eq!(d.through("Slug(99)").as_deref(), Some("String(length=40)"));
        assert_eq!(d.through("ShortSlug").as_deref(), Some("String(length=40)"));
        assert_eq!(d.through("Code(12)").as_deref(), Some("String(12)"));
        assert_eq!(d.through("Code").as_deref(), Some("String"));
        assert!(!certainly_differ(&d.through("JSON").unwrap(), "Text", None));
        for unknown in ["Model", "Weird", "PerDialect", "String(length=40)"] {
            assert_eq!(d.through(unknown), None, "{unknown}");
        }
        let pg = Some(Dialect::PostgreSQL);
        assert!(same_type(
            &d.through("Code(12)").unwrap(),
            "VARCHAR(length=12)",
            pg
        ));
    }
}
