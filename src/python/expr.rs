//! Small readers of Python expressions shared by the op and model lowerings: literal
//! strings and booleans, dotted names, call arguments by position or keyword, and a
//! normalised rendering of SQLAlchemy type expressions.

use ruff_python_ast::{Expr, ExprCall};

/// A plain string literal, or `op.f("name")` / `sa.text("...")` / `text("...")` /
/// `conv("...")` wrapped around one.
pub fn str_lit(expr: &Expr) -> Option<&str> {
    match expr {
        Expr::StringLiteral(s) => Some(s.value.to_str()),
        Expr::Call(call)
            if matches!(
                last_name(&call.func),
                Some("f" | "text" | "conv" | "quoted_name")
            ) && call.arguments.args.len() == 1 =>
        {
            match &call.arguments.args[0] {
                Expr::StringLiteral(s) => Some(s.value.to_str()),
                _ => None,
            }
        }
        _ => None,
    }
}

pub fn bool_lit(expr: &Expr) -> Option<bool> {
    match expr {
        Expr::BooleanLiteral(b) => Some(b.value),
        _ => None,
    }
}

/// `a.b.c` as a string, for names and attribute chains only.
pub fn dotted(expr: &Expr) -> Option<String> {
    match expr {
        Expr::Name(name) => Some(name.id.to_string()),
        Expr::Attribute(attr) => Some(format!("{}.{}", dotted(&attr.value)?, attr.attr.as_str())),
        _ => None,
    }
}

/// The last segment of a name or attribute chain: `Column` for `sa.schema.Column`.
pub fn last_name(expr: &Expr) -> Option<&str> {
    match expr {
        Expr::Name(name) => Some(name.id.as_str()),
        Expr::Attribute(attr) => Some(attr.attr.as_str()),
        _ => None,
    }
}

/// The first segment of a name or attribute chain: `sa` for `sa.schema.Column`.
pub fn root_name(expr: &Expr) -> Option<&str> {
    match expr {
        Expr::Name(name) => Some(name.id.as_str()),
        Expr::Attribute(attr) => root_name(&attr.value),
        Expr::Call(call) => root_name(&call.func),
        _ => None,
    }
}

/// Argument `position` of a call, or the keyword `name`. A `*args` before that
/// position makes the positional argument unknowable (returns `None`).
pub fn arg<'a>(call: &'a ExprCall, position: usize, name: &str) -> Option<&'a Expr> {
    if let Some(k) = keyword(call, name) {
        return Some(k);
    }
    let args = &call.arguments.args;
    if args
        .iter()
        .take(position + 1)
        .any(|a| matches!(a, Expr::Starred(_)))
    {
        return None;
    }
    args.get(position)
}

pub fn keyword<'a>(call: &'a ExprCall, name: &str) -> Option<&'a Expr> {
    call.arguments
        .keywords
        .iter()
        .find(|k| k.arg.as_ref().is_some_and(|a| a.as_str() == name))
        .map(|k| &k.value)
}

/// Whether the call passes `**kwargs` (then any keyword might be set).
pub fn has_double_star(call: &ExprCall) -> bool {
    call.arguments.keywords.iter().any(|k| k.arg.is_none())
}

/// A list or tuple of string literals.
pub fn str_list(expr: &Expr) -> Option<Vec<String>> {
    let elements = match expr {
        Expr::List(list) => &list.elts,
        Expr::Tuple(tuple) => &tuple.elts,
        Expr::StringLiteral(s) => return Some(vec![s.value.to_str().to_owned()]),
        _ => return None,
    };
    elements
        .iter()
        .map(|e| str_lit(e).map(str::to_owned))
        .collect()
}

/// Like `str_list`, but elements that are not literals (`sa.text("lower(x)")`, a
/// column object) are kept as their source text.
pub fn loose_list(expr: &Expr, text: &str) -> Vec<String> {
    let elements: Vec<&Expr> = match expr {
        Expr::List(list) => list.elts.iter().collect(),
        Expr::Tuple(tuple) => tuple.elts.iter().collect(),
        other => vec![other],
    };
    elements
        .into_iter()
        .map(|e| match str_lit(e) {
            Some(s) => s.to_owned(),
            None => source(e, text).to_owned(),
        })
        .collect()
}

pub fn source<'a>(expr: &Expr, text: &'a str) -> &'a str {
    use ruff_text_size::Ranged;
    let range = expr.range();
    text.get(range.start().to_usize()..range.end().to_usize())
        .unwrap_or("")
}

/// A type expression rendered without module prefixes and with the usual positional
/// arguments named, so that `sa.String(20)` and `String(length=20)` read the same:
/// `String(length=20)`. `Integer` and `Integer()` both become `Integer`.
pub fn type_text(expr: &Expr, text: &str) -> String {
    match expr {
        Expr::Name(_) | Expr::Attribute(_) => last_name(expr).unwrap_or("?").to_owned(),
        // `sa.Text().with_variant(MEDIUMTEXT, "mysql")`: the type, unless the variant
        // is PostgreSQL's.
        Expr::Call(call)
            if last_name(&call.func) == Some("with_variant")
                && matches!(call.func.as_ref(), Expr::Attribute(_)) =>
        {
            let Expr::Attribute(attr) = call.func.as_ref() else {
                unreachable!("matched above")
            };
            let postgresql = call
                .arguments
                .args
                .get(1)
                .and_then(str_lit)
                .is_some_and(|d| d == "postgresql");
            match call.arguments.args.first() {
                Some(variant) if postgresql => type_text(variant, text),
                _ => type_text(&attr.value, text),
            }
        }
        Expr::Call(call) => {
            let name = last_name(&call.func).unwrap_or("?");
            let positional_names: &[&str] = match name {
                "String" | "VARCHAR" | "CHAR" | "NVARCHAR" | "NCHAR" | "Text" | "TEXT"
                | "Unicode" | "UnicodeText" | "LargeBinary" | "BINARY" | "VARBINARY" => &["length"],
                "Numeric" | "DECIMAL" | "NUMERIC" => &["precision", "scale"],
                "Float" | "FLOAT" => &["precision"],
                _ => &[],
            };
            let mut parts = Vec::new();
            for (i, a) in call.arguments.args.iter().enumerate() {
                let rendered = type_text(a, text);
                match positional_names.get(i) {
                    Some(n) => parts.push(format!("{n}={rendered}")),
                    None => parts.push(rendered),
                }
            }
            for k in &call.arguments.keywords {
                let rendered = type_text(&k.value, text);
                match &k.arg {
                    Some(n) => parts.push(format!("{}={rendered}", n.as_str())),
                    None => parts.push(format!("**{rendered}")),
                }
            }
            if parts.is_empty() {
                name.to_owned()
            } else {
                format!("{name}({})", parts.join(", "))
            }
        }
        other => source(other, text)
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" "),
    }
}

/// The text of a `server_default=` value: the string for a literal, the SQL for
/// `sa.text("...")`, otherwise the expression as written.
pub fn default_text(expr: &Expr, text: &str) -> Option<String> {
    match expr {
        Expr::NoneLiteral(_) => None,
        _ => Some(match str_lit(expr) {
            Some(s) => s.to_owned(),
            None => type_text(expr, text),
        }),
    }
}
