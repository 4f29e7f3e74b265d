//! After parsing and before the replay: settle what the parse left open for lack of
//! project-wide facts. Dialect branches (`if bind.dialect.name == "mysql":`) are
//! decided by the project's dialect: ops of a branch that does not run on it are
//! removed, ops of one that does run unconditionally. Without a dialect they stay
//! conditional. Constraint names get the model's naming convention, as Alembic's ops
//! give it to them. Column types of the project's `TypeDecorator`s become their
//! `impl`, the type the database sees.

use crate::ops::{ConstraintDef, ConstraintKind, Dialect, Op, OpKind};
use crate::revision::RevisionFile;
use crate::schema::models::ModelSet;
use crate::schema::types::Decorators;

/// Settle the dialect branches of every revision's upgrade() and downgrade().
pub fn settle(files: &mut [RevisionFile], dialect: Option<Dialect>) {
    for file in files {
        for function in [file.upgrade.as_mut(), file.downgrade.as_mut()]
            .into_iter()
            .flatten()
        {
            settle_ops(&mut function.body.ops, dialect);
        }
    }
}

fn settle_ops(ops: &mut Vec<Op>, dialect: Option<Dialect>) {
    if dialect.is_none() || !ops.iter().any(|op| op.condition.is_some()) {
        return;
    }
    ops.retain_mut(|op| {
        let Some(condition) = &op.condition else {
            return true;
        };
        match condition.eval(dialect) {
            Some(false) => false,
            Some(true) => {
                op.conditional = false;
                true
            }
            None => {
                op.conditional = true;
                true
            }
        }
    });
}

/// Rewrite every column type that is one of the project's `TypeDecorator`s with a
/// known `impl` (defined in a model module, a module the model reader follows, or a
/// revision file) to that impl, in the revisions' ops and in the model.
pub fn resolve_type_decorators(files: &mut [RevisionFile], models: &mut ModelSet) {
    let classes = models
        .modules
        .iter()
        .flat_map(|m| m.type_decorators.iter())
        .chain(files.iter().flat_map(|f| f.type_decorators.iter()));
    let decorators = Decorators::new(classes);
    // Read here only: every single-base class of a model is a candidate, which on a
    // large model is a list as long as its classes.
    for module in &mut models.modules {
        module.type_decorators = Vec::new();
    }
    for file in files.iter_mut() {
        file.type_decorators = Vec::new();
    }
    if decorators.is_empty() {
        return;
    }
    let through = |text: &mut Option<String>| {
        if let Some(new) = text.as_deref().and_then(|t| decorators.through(t)) {
            *text = Some(new);
        }
    };
    for file in files {
        for function in [file.upgrade.as_mut(), file.downgrade.as_mut()]
            .into_iter()
            .flatten()
        {
            for op in &mut function.body.ops {
                match &mut op.kind {
                    OpKind::CreateTable { columns, .. } => {
                        for column in columns {
                            through(&mut column.type_text);
                        }
                    }
                    OpKind::AddColumn { column, .. } => through(&mut column.type_text),
                    OpKind::AlterColumn { change, .. } => {
                        through(&mut change.type_text);
                        through(&mut change.existing_type);
                    }
                    _ => {}
                }
            }
        }
    }
    for table in models.tables.values_mut() {
        for column in &mut table.columns {
            through(&mut column.type_text);
        }
    }
}

/// Alembic gives the constraints its ops create and drop the naming convention of
/// `target_metadata` (`MetaData(naming_convention=...)`): with `"ck":
/// "ck_%(table_name)s_%(constraint_name)s"`, `op.create_check_constraint("valid_x", "t",
/// ...)` creates `ck_t_valid_x`. Rename the constraints of every op accordingly, so
/// that RT204 and RT206 compare the names the database has. A name that already has
/// the convention's shape is taken as final (written with `op.f(...)`, as autogenerate
/// does).
pub fn apply_naming_convention(files: &mut [RevisionFile], convention: &[(String, String)]) {
    if !convention
        .iter()
        .any(|(_, template)| template.contains("%(constraint_name)s"))
    {
        return;
    }
    for file in files {
        for function in [file.upgrade.as_mut(), file.downgrade.as_mut()]
            .into_iter()
            .flatten()
        {
            for op in &mut function.body.ops {
                convention_for_op(op, convention);
            }
        }
    }
}

fn convention_for_op(op: &mut Op, convention: &[(String, String)]) {
    match &mut op.kind {
        OpKind::CreateConstraint { table, constraint } => {
            rename_constraint(constraint, &table.name, convention)
        }
        OpKind::CreateTable {
            table,
            columns,
            constraints,
            ..
        } => {
            for constraint in constraints.iter_mut() {
                rename_constraint(constraint, &table.name, convention);
            }
            for column in columns.iter_mut() {
                let name = column.name.clone();
                for constraint in column.constraints.iter_mut() {
                    if constraint.columns.is_empty() {
                        constraint.columns = vec![name.clone()];
                    }
                    rename_constraint(constraint, &table.name, convention);
                }
            }
        }
        OpKind::AddColumn { table, column } => {
            let name = column.name.clone();
            for constraint in column.constraints.iter_mut() {
                if constraint.columns.is_empty() {
                    constraint.columns = vec![name.clone()];
                }
                rename_constraint(constraint, &table.name, convention);
            }
        }
        // Only with `type_=`: Alembic builds a constraint of that kind to drop, and
        // the convention applies to it.
        OpKind::DropConstraint {
            table,
            name,
            kind: Some(kind),
        } => {
            if let Some(new) = conventional_name(name, *kind, &table.name, &[], None, convention) {
                *name = new;
            }
        }
        _ => {}
    }
}

fn rename_constraint(constraint: &mut ConstraintDef, table: &str, convention: &[(String, String)]) {
    let Some(name) = &constraint.name else { return };
    if let Some(new) = conventional_name(
        name,
        constraint.kind,
        table,
        &constraint.columns,
        constraint.referred_table.as_deref(),
        convention,
    ) {
        constraint.name = Some(new);
    }
}

/// The name SQLAlchemy gives a constraint named `name` under the convention, when the
/// convention renames it (its template for the kind uses `%(constraint_name)s`) and
/// every token can be filled.
fn conventional_name(
    name: &str,
    kind: ConstraintKind,
    table: &str,
    columns: &[String],
    referred_table: Option<&str>,
    convention: &[(String, String)],
) -> Option<String> {
    let key = match kind {
        ConstraintKind::PrimaryKey => "pk",
        ConstraintKind::Unique => "uq",
        ConstraintKind::ForeignKey => "fk",
        ConstraintKind::Check => "ck",
        ConstraintKind::Exclude => return None,
    };
    let template = &convention.iter().find(|(k, _)| k == key)?.1;
    if !template.contains("%(constraint_name)s") {
        return None;
    }
    let fill = |constraint_name: &str| -> Option<String> {
        static TOKENS: std::sync::LazyLock<regex::Regex> = std::sync::LazyLock::new(|| {
            regex::Regex::new(r"%\(([a-zA-Z0-9_]+)\)s").expect("valid")
        });
        let mut failed = false;
        let out = TOKENS.replace_all(template, |c: &regex::Captures<'_>| {
            let token = &c[1];
            let value = match token {
                "table_name" => Some(table.to_owned()),
                "constraint_name" => Some(constraint_name.to_owned()),
                "column_0_name" => columns.first().cloned(),
                "column_0_label" => columns.first().map(|c| format!("{table}_{c}")),
                "column_0N_name" => (!columns.is_empty()).then(|| columns.concat()),
                "column_0_N_name" => (!columns.is_empty()).then(|| columns.join("_")),
                "referred_table_name" => referred_table.map(str::to_owned),
                _ => None,
            };
            value.unwrap_or_else(|| {
                failed = true;
                String::new()
            })
        });
        (!failed).then(|| out.into_owned())
    };
    let converted = fill(name)?;
    // Already in the convention's shape (`op.f("ck_t_valid_x")`): final.
    let shape = fill("\u{0}")?;
    if let Some((prefix, suffix)) = shape.split_once('\u{0}')
        && name.len() > prefix.len() + suffix.len()
        && name.starts_with(prefix)
        && name.ends_with(suffix)
    {
        return None;
    }
    Some(converted)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn naming_convention_names() {
        let convention = vec![
            (
                "ck".to_owned(),
                "ck_%(table_name)s_%(constraint_name)s".to_owned(),
            ),
            (
                "uq".to_owned(),
                "uq_%(table_name)s_%(column_0_name)s".to_owned(),
            ),
        ];
        let check = |name: &str| {
            conventional_name(name, ConstraintKind::Check, "page", &[], None, &convention)
        };
        assert_eq!(check("valid_x").as_deref(), Some("ck_page_valid_x"));
        // Written with op.f(): already final.
        assert_eq!(check("ck_page_valid_x"), None);
        // The unique template does not use the name: an explicit name stays.
        assert_eq!(
            conventional_name(
                "email_uq",
                ConstraintKind::Unique,
                "page",
                &["email".into()],
                None,
                &convention
            ),
            None
        );
    }
}
