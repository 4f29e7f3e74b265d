//! Module-level names, read statically: what a revision file's identifiers refer to
//! when they are not literals (`branch_labels = (cli.EXPAND_BRANCH,)`), and the
//! top-level constants and imports of the project modules they come from. The loading
//! stage evaluates them (`crate::python::consts`); nothing here runs code.

use ruff_python_ast::{Expr, Stmt};
use ruff_text_size::Ranged;

use crate::revision::{Binding, ModuleScope, ValueShape};

use super::span;

/// The shape of a value expression, as far as names and literals go.
pub fn shape_of(expr: &Expr, text: &str) -> ValueShape {
    match expr {
        Expr::StringLiteral(s) => ValueShape::Str(s.value.to_str().to_owned()),
        Expr::NoneLiteral(_) => ValueShape::None,
        Expr::Name(_) | Expr::Attribute(_) => match super::expr::dotted(expr) {
            Some(dotted) => ValueShape::Name(dotted.split('.').map(str::to_owned).collect()),
            None => ValueShape::Opaque(super::expr::source(expr, text).to_owned()),
        },
        Expr::Tuple(tuple) => ValueShape::Seq(
            tuple
                .elts
                .iter()
                .map(|e| (shape_of(e, text), span(e.range())))
                .collect(),
        ),
        Expr::List(list) => ValueShape::Seq(
            list.elts
                .iter()
                .map(|e| (shape_of(e, text), span(e.range())))
                .collect(),
        ),
        other => ValueShape::Opaque(super::expr::source(other, text).to_owned()),
    }
}

/// The top-level bindings of a module body: simple assignments (`NAME = value`,
/// `NAME: T = value`) and imports. Names bound inside `if`/`try` blocks are left out:
/// which branch runs is not known statically.
pub fn scope_of(body: &[Stmt], text: &str) -> ModuleScope {
    let mut scope = ModuleScope::default();
    for stmt in body {
        let at = stmt.range().start().to_usize();
        match stmt {
            Stmt::Assign(assign) => {
                for target in &assign.targets {
                    if let Expr::Name(name) = target {
                        scope.bindings.push((
                            name.id.to_string(),
                            at,
                            Binding::Value(shape_of(&assign.value, text)),
                        ));
                    }
                }
            }
            Stmt::AnnAssign(assign) => {
                if let (Expr::Name(name), Some(value)) = (assign.target.as_ref(), &assign.value) {
                    scope.bindings.push((
                        name.id.to_string(),
                        at,
                        Binding::Value(shape_of(value, text)),
                    ));
                }
            }
            Stmt::Import(import) => {
                for alias in &import.names {
                    let module = alias.name.as_str();
                    let (name, bound) = match &alias.asname {
                        Some(asname) => (asname.to_string(), module.to_owned()),
                        None => {
                            let head = module.split('.').next().unwrap_or(module);
                            (head.to_owned(), head.to_owned())
                        }
                    };
                    scope.bindings.push((name, at, Binding::Module(bound)));
                }
            }
            Stmt::ImportFrom(from) => {
                let module = format!(
                    "{}{}",
                    ".".repeat(from.level as usize),
                    from.module.as_ref().map_or("", |m| m.as_str())
                );
                for alias in &from.names {
                    if alias.name.as_str() == "*" {
                        continue;
                    }
                    let bound = alias.asname.as_ref().unwrap_or(&alias.name).to_string();
                    scope.bindings.push((
                        bound,
                        at,
                        Binding::From {
                            module: module.clone(),
                            name: alias.name.to_string(),
                        },
                    ));
                }
            }
            _ => {}
        }
    }
    scope
}

/// The top-level bindings of a project module's source text.
pub fn module_scope(text: &str) -> ModuleScope {
    super::parse_guarded(text, |parsed, _| scope_of(&parsed.syntax().body, text))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn imports_and_constants() {
        let scope = module_scope(
            "import os\nimport a.b\nimport a.b.c as abc\nfrom x.y import cli, Z as W\n\
             from . import sibling\nEXPAND = 'expand'\nPAIR: tuple = (EXPAND, None)\n\
             if True:\n    HIDDEN = 'no'\n",
        );
        let get = |name: &str| scope.lookup(name, usize::MAX).map(|(_, b)| b.clone());
        assert_eq!(get("a"), Some(Binding::Module("a".into())));
        assert_eq!(get("abc"), Some(Binding::Module("a.b.c".into())));
        assert_eq!(
            get("W"),
            Some(Binding::From {
                module: "x.y".into(),
                name: "Z".into()
            })
        );
        assert_eq!(
            get("sibling"),
            Some(Binding::From {
                module: ".".into(),
                name: "sibling".into()
            })
        );
        assert_eq!(
            get("EXPAND"),
            Some(Binding::Value(ValueShape::Str("expand".into())))
        );
        assert!(
            matches!(get("PAIR"), Some(Binding::Value(ValueShape::Seq(items))) if items.len() == 2)
        );
        assert_eq!(get("HIDDEN"), None);
    }
}
