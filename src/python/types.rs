//! `TypeDecorator` subclasses a module defines (`class Slug(TypeDecorator): impl =
//! String(40)`), lowered to `crate::model::TypeDecorator` so the schema stage can compare
//! a column of such a type by the DDL of its `impl`.

use ruff_python_ast::{Expr, Stmt};

use super::expr::{dotted, last_name, type_text};
use crate::model::TypeDecorator;

/// Methods that make the DDL something other than `impl`'s (per dialect, or from
/// arguments retort does not follow).
const DDL_METHODS: &[&str] = &[
    "load_dialect_impl",
    "__init__",
    "type_engine",
    "dialect_impl",
    "get_col_spec",
];

/// The module-level classes that derive from a `TypeDecorator` (directly, or from
/// another class of the module or project, resolved later) and say `impl = ...`.
pub fn type_decorators(body: &[Stmt], text: &str) -> Vec<TypeDecorator> {
    let mut out = Vec::new();
    for stmt in body {
        let Stmt::ClassDef(class) = stmt else {
            continue;
        };
        let bases: Vec<String> = class
            .arguments
            .iter()
            .flat_map(|a| a.args.iter())
            .map(|b| dotted(b).map(|d| d.rsplit('.').next().unwrap_or("").to_owned()))
            .map(Option::unwrap_or_default)
            .collect();
        let mut decorator = TypeDecorator {
            name: class.name.as_str().to_owned(),
            bases,
            impl_type: None,
            impl_is_instance: false,
            unknown: false,
        };
        let mut mentions_impl = false;
        for stmt in &class.body {
            let (targets, value): (Vec<&Expr>, Option<&Expr>) = match stmt {
                Stmt::Assign(a) => (a.targets.iter().collect(), Some(&a.value)),
                Stmt::AnnAssign(a) => (vec![a.target.as_ref()], a.value.as_deref()),
                Stmt::FunctionDef(def) if DDL_METHODS.contains(&def.name.as_str()) => {
                    decorator.unknown = true;
                    continue;
                }
                _ => continue,
            };
            if !targets
                .iter()
                .any(|t| matches!(t, Expr::Name(n) if n.id.as_str() == "impl"))
            {
                continue;
            }
            mentions_impl = true;
            match value {
                Some(v @ (Expr::Name(_) | Expr::Attribute(_))) => {
                    decorator.impl_type = Some(type_text(v, text));
                    decorator.impl_is_instance = false;
                }
                Some(v @ Expr::Call(call)) if last_name(&call.func).is_some() => {
                    decorator.impl_type = Some(type_text(v, text));
                    decorator.impl_is_instance = true;
                }
                _ => decorator.unknown = true,
            }
        }
        let derives = decorator.bases.iter().any(|b| b == "TypeDecorator");
        // A subclass of another class is kept too: it may inherit a known `impl`.
        if derives || mentions_impl || decorator.bases.len() == 1 {
            out.push(decorator);
        }
    }
    out
}
