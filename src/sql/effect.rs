//! What SQL in a revision (`op.execute("...")`) does to the schema the replay models,
//! read with the SQL parser: DDL becomes the same ops the Python `op.*` calls lower
//! to (`ALTER TABLE ... RENAME TO` a table rename, `ADD COLUMN` an added column with
//! its type and nullability, `CREATE INDEX` an index, ...), data statements change
//! nothing, and what cannot be read makes its table (or every table) unknown.

use std::ops::Range;

use squawk_syntax::ast::{self, AstNode};

use super::statement::{ObjectName, StatementKind, name};
use crate::ops::{ColumnChange, ColumnDef, IndexDef, OpKind, SqlEffect, TableName};
use crate::source::Span;

/// The ops one SQL text amounts to, in order, each with the byte range of the text it
/// was read from (the statement; for an `ALTER TABLE`, the action); empty when the text
/// only reads or writes data. `span` is the place in the revision the ops are
/// attributed to (the `execute` call).
pub fn schema_ops(sql: &str, span: Span) -> Vec<(OpKind, Range<usize>)> {
    let script = super::parse(sql);
    let Some(parse) = super::guarded(|| ast::SourceFile::parse(sql)) else {
        // Text the parser gives up on may do anything.
        return vec![(
            OpKind::Execute {
                effect: SqlEffect::Unknown,
            },
            0..sql.len(),
        )];
    };
    let file = parse.tree();
    let statements: Vec<ast::Stmt> = file
        .stmts()
        .filter(|s| !matches!(s, ast::Stmt::EmptyStmt(_)))
        .collect();
    let mut out = Vec::new();
    for (statement, read) in statements.iter().zip(&script.statements) {
        // A statement the parser stumbled on is only trusted for its kind: data stays
        // data, anything else is unknown.
        let broken = script
            .errors
            .iter()
            .any(|e| e.span.start < read.span.end && e.span.end >= read.span.start);
        if !read.kind.may_change_schema() {
            continue;
        }
        let ops = if broken {
            None
        } else {
            statement_ops(statement, span)
        };
        match ops {
            Some(ops) => out.extend(ops.into_iter().map(|(kind, at)| {
                // An action's range, or (`None`) the statement's.
                (kind, at.unwrap_or_else(|| read.span.clone()))
            })),
            None => out.push((unread_statement(read), read.span.clone())),
        }
    }
    out
}

/// What a schema-changing statement retort does not model does: its table (or, for
/// index statements, the indexes) unknown; everything unknown without a target.
fn unread_statement(read: &super::Statement) -> OpKind {
    match &read.target {
        Some(target)
            if read.kind != StatementKind::Other && read.kind != StatementKind::Procedural =>
        {
            match read.kind {
                StatementKind::CreateIndex
                | StatementKind::DropIndex
                | StatementKind::AlterIndex => OpKind::Execute {
                    effect: SqlEffect::Indexes,
                },
                _ => OpKind::Execute {
                    effect: SqlEffect::Tables(vec![table_name(target)]),
                },
            }
        }
        _ if matches!(read.kind, StatementKind::AlterIndex) => OpKind::Execute {
            effect: SqlEffect::Indexes,
        },
        _ => OpKind::Execute {
            effect: SqlEffect::Unknown,
        },
    }
}

fn table_name(name: &ObjectName) -> TableName {
    TableName {
        schema: name.schema.clone(),
        name: name.name.clone(),
    }
}

/// The ops of one schema-changing statement, each with the range of its `ALTER TABLE`
/// action (`None`: the whole statement); `None` when it holds something retort does
/// not model (the caller then makes its table unknown).
fn statement_ops(statement: &ast::Stmt, span: Span) -> Option<Vec<(OpKind, Option<Range<usize>>)>> {
    let whole = |kinds: Vec<OpKind>| kinds.into_iter().map(|k| (k, None)).collect();
    match statement {
        ast::Stmt::AlterTable(s) => {
            let table = table_name(&name(
                s.table_relation_name()?
                    .table_name_ref()?
                    .path_ref()?
                    .syntax(),
            ));
            let mut ops = Vec::new();
            for action in s.actions() {
                let at = super::statement::statement_span(action.syntax());
                ops.push((alter_table_action(&table, action, span)?, Some(at)));
            }
            Some(ops)
        }
        ast::Stmt::CreateTable(s) => {
            if s.partition_of().is_some() || s.of_type().is_some() || s.inherits().is_some() {
                return None;
            }
            let table = table_name(&name(s.table_name()?.path()?.syntax()));
            let mut columns = Vec::new();
            let mut primary: Vec<String> = Vec::new();
            for arg in s.table_arg_list()?.args() {
                match arg {
                    ast::TableArg::Column(c) => {
                        let mut def = column_def(
                            c.name()?.syntax().text().to_string(),
                            c.ty().map(|t| t.syntax().text().to_string()),
                            span,
                        );
                        for clause in c.clauses() {
                            if let ast::ColumnClause::ColumnConstraint(cc) = clause {
                                match cc {
                                    ast::ColumnConstraint::NotNullConstraint(_) => {
                                        def.nullable = Some(false)
                                    }
                                    ast::ColumnConstraint::NullConstraint(_) => {
                                        def.nullable = Some(true)
                                    }
                                    ast::ColumnConstraint::PrimaryKeyConstraint(_) => {
                                        def.primary_key = true
                                    }
                                    _ => {}
                                }
                            }
                        }
                        columns.push(def);
                    }
                    ast::TableArg::TableConstraint(ast::TableConstraint::PrimaryKeyConstraint(
                        p,
                    )) => {
                        primary.extend(column_refs(p.syntax()));
                    }
                    ast::TableArg::TableConstraint(_) => {}
                    ast::TableArg::LikeClause(_) => return None,
                }
            }
            for column in &mut columns {
                if primary.contains(&column.name) {
                    column.primary_key = true;
                }
            }
            Some(whole(vec![OpKind::CreateTable {
                table,
                columns,
                constraints: Vec::new(),
                indexes: Vec::new(),
                columns_incomplete: false,
            }]))
        }
        ast::Stmt::DropTable(s) => Some(whole(
            s.table_name_refs()
                .map(|t| {
                    Some(OpKind::DropTable {
                        table: table_name(&name(t.path_ref()?.syntax())),
                    })
                })
                .collect::<Option<Vec<_>>>()?,
        )),
        ast::Stmt::CreateIndex(s) => {
            let table = table_name(&name(
                s.table_relation_name()?
                    .table_name_ref()?
                    .path_ref()?
                    .syntax(),
            ));
            let index_name = s
                .index()
                .and_then(|i| i.path())
                .map(|p| name(p.syntax()).name);
            let columns = s
                .partition_item_list()?
                .partition_items()
                .map(|item| identifier(&item.syntax().text().to_string()))
                .collect();
            Some(whole(vec![OpKind::CreateIndex {
                table,
                index: IndexDef {
                    name: index_name,
                    columns,
                    unique: s.unique_token().is_some(),
                    elements: Vec::new(),
                    where_sql: None,
                    using: None,
                    span,
                },
            }]))
        }
        ast::Stmt::AlterIndex(s) => match s.action()? {
            ast::AlterIndexAction::IndexRenameTo(r) => Some(whole(vec![OpKind::Execute {
                effect: SqlEffect::RenameIndex {
                    name: name(s.index_ref()?.path_ref()?.syntax()).name,
                    new_name: name(r.index()?.syntax()).name,
                },
            }])),
            _ => None,
        },
        ast::Stmt::DropIndex(s) => Some(whole(
            s.index_refs()
                .map(|i| {
                    Some(OpKind::DropIndex {
                        name: name(i.path_ref()?.syntax()).name,
                        table: None,
                    })
                })
                .collect::<Option<Vec<_>>>()?,
        )),
        _ => None,
    }
}

fn alter_table_action(
    table: &TableName,
    action: ast::AlterTableAction,
    span: Span,
) -> Option<OpKind> {
    use ast::AlterTableAction as A;
    let column_ref =
        |c: Option<ast::ColumnNameRef>| c.map(|c| identifier(&c.syntax().text().to_string()));
    Some(match action {
        A::TableRenameTo(r) => OpKind::RenameTable {
            table: table.clone(),
            new_name: name(r.table_name()?.path()?.syntax()).name,
        },
        A::AddColumn(a) => {
            let mut def = column_def(
                a.column_name()?.syntax().text().to_string(),
                a.ty().map(|t| t.syntax().text().to_string()),
                span,
            );
            for constraint in a.constraints() {
                match constraint {
                    ast::Constraint::NotNullConstraint(_) => def.nullable = Some(false),
                    ast::Constraint::NullConstraint(_) => def.nullable = Some(true),
                    ast::Constraint::PrimaryKeyConstraint(_) => def.primary_key = true,
                    _ => {}
                }
            }
            OpKind::AddColumn {
                table: table.clone(),
                column: def,
            }
        }
        A::DropColumn(d) => OpKind::DropColumn {
            table: table.clone(),
            column: column_ref(d.column_name_ref())?,
        },
        A::RenameColumn(r) => OpKind::AlterColumn {
            table: table.clone(),
            column: column_ref(r.column_name_ref())?,
            change: ColumnChange {
                new_name: Some(identifier(&r.column_name()?.syntax().text().to_string())),
                ..ColumnChange::default()
            },
        },
        A::AlterColumn(a) => {
            let column = column_ref(a.column_name_ref())?;
            let change = match a.option()? {
                ast::AlterColumnOption::SetNotNull(_) => ColumnChange {
                    nullable: Some(false),
                    ..ColumnChange::default()
                },
                ast::AlterColumnOption::DropNotNull(_) => ColumnChange {
                    nullable: Some(true),
                    ..ColumnChange::default()
                },
                ast::AlterColumnOption::SetDefault(_)
                | ast::AlterColumnOption::DropDefault(_)
                | ast::AlterColumnOption::SetStatistics(_)
                | ast::AlterColumnOption::SetStorage(_)
                | ast::AlterColumnOption::SetCompression(_) => ColumnChange::default(),
                ast::AlterColumnOption::SetType(t) => {
                    let new_type = t
                        .syntax()
                        .children()
                        .find_map(ast::Type::cast)
                        .map(|ty| type_text(&ty.syntax().text().to_string()));
                    // `USING col::new_type` is what PostgreSQL does without one: said
                    // only when it does something else.
                    let using = t
                        .using_expr()
                        .filter(|u| {
                            !u.expr()
                                .is_some_and(|e| casts_itself(&e, &column, new_type.as_deref()))
                        })
                        .map(|u| {
                            u.expr()
                                .map(|e| e.syntax().text().to_string())
                                .unwrap_or_default()
                        });
                    ColumnChange {
                        type_text: new_type,
                        type_using: using,
                        ..ColumnChange::default()
                    }
                }
                _ => return None,
            };
            OpKind::AlterColumn {
                table: table.clone(),
                column,
                change,
            }
        }
        // Constraints, triggers, ownership, storage: no column appears or goes, and
        // named constraints are not followed through SQL.
        A::AddConstraint(_)
        | A::DropConstraint(_)
        | A::ValidateConstraint(_)
        | A::AlterConstraint(_)
        | A::RenameConstraint(_) => OpKind::Execute {
            effect: SqlEffect::Tables(vec![table.clone()]),
        },
        A::OwnerTo(_)
        | A::EnableTrigger(_)
        | A::DisableTrigger(_)
        | A::EnableAlwaysTrigger(_)
        | A::EnableReplicaTrigger(_)
        | A::EnableRls(_)
        | A::DisableRls(_)
        | A::ForceRls(_)
        | A::NoForceRls(_)
        | A::SetOptions(_)
        | A::ResetOptions(_)
        | A::SetTablespace(_)
        | A::SetLogged(_)
        | A::SetUnlogged(_)
        | A::ClusterOn(_)
        | A::SetWithoutCluster(_)
        | A::ReplicaIdentity(_) => OpKind::NoSchemaEffect,
        _ => return None,
    })
}

/// `USING col`, `USING col::new_type`, `USING CAST(col AS new_type)`: the conversion
/// PostgreSQL makes without a `USING`.
fn casts_itself(expr: &ast::Expr, column: &str, new_type: Option<&str>) -> bool {
    let is_column = |e: &ast::Expr| match e {
        ast::Expr::NameRef(n) => identifier(&n.syntax().text().to_string()) == column,
        _ => false,
    };
    match expr {
        ast::Expr::ParenExpr(p) => p
            .expr()
            .is_some_and(|inner| casts_itself(&inner, column, new_type)),
        ast::Expr::CastExpr(c) => {
            c.expr().is_some_and(|inner| is_column(&inner))
                && c.ty()
                    .map(|ty| type_text(&ty.syntax().text().to_string()))
                    .is_some_and(|ty| Some(ty.as_str()) == new_type)
        }
        other => is_column(other),
    }
}

/// A column written in SQL: nullable unless it says otherwise, as in SQL.
fn column_def(name: String, ty: Option<String>, span: Span) -> ColumnDef {
    ColumnDef {
        name: identifier(&name),
        type_text: ty.map(|t| type_text(&t)),
        nullable: None,
        primary_key: false,
        server_default: None,
        server_default_sql: None,
        generated: None,
        autoincrement: None,
        foreign_keys: Vec::new(),
        unique: false,
        index: false,
        constraints: Vec::new(),
        span,
    }
}

/// The columns a constraint names (`PRIMARY KEY (a, b)`).
fn column_refs(node: &squawk_syntax::SyntaxNode) -> Vec<String> {
    node.descendants()
        .filter_map(ast::ColumnNameRef::cast)
        .map(|c| identifier(&c.syntax().text().to_string()))
        .collect()
}

/// An identifier as the database stores it: unquoted folded to lower case, quoted kept.
fn identifier(text: &str) -> String {
    let text = text.trim();
    match text.strip_prefix('"').and_then(|t| t.strip_suffix('"')) {
        Some(quoted) => quoted.replace("\"\"", "\""),
        None => text.to_lowercase(),
    }
}

/// An SQL type in the spelling `type_text` gives SQLAlchemy types, so that RT206
/// compares them: `varchar(20)` -> `VARCHAR(length=20)`, `numeric(10, 2)` ->
/// `NUMERIC(precision=10, scale=2)`, `timestamptz` -> `TIMESTAMP(timezone=True)`.
fn type_text(sql: &str) -> String {
    let compact = sql
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_uppercase();
    let (base, args) = match compact.find('(') {
        Some(open) => (
            compact[..open].trim().to_owned(),
            compact[open + 1..].trim_end_matches(')').to_owned(),
        ),
        None => (compact.clone(), String::new()),
    };
    let args: Vec<&str> = args
        .split(',')
        .map(str::trim)
        .filter(|a| !a.is_empty())
        .collect();
    let named = |names: &[&str]| {
        args.iter()
            .zip(names)
            .map(|(a, n)| format!("{n}={a}"))
            .collect::<Vec<_>>()
            .join(", ")
    };
    match base.as_str() {
        "VARCHAR" | "CHARACTER VARYING" if !args.is_empty() => {
            format!("VARCHAR({})", named(&["length"]))
        }
        "VARCHAR" | "CHARACTER VARYING" => "VARCHAR".to_owned(),
        "CHAR" | "CHARACTER" if !args.is_empty() => format!("CHAR({})", named(&["length"])),
        "INT" | "INTEGER" | "INT4" => "INTEGER".to_owned(),
        "BIGINT" | "INT8" => "BIGINT".to_owned(),
        "SMALLINT" | "INT2" => "SMALLINT".to_owned(),
        "BOOL" | "BOOLEAN" => "BOOLEAN".to_owned(),
        "TIMESTAMPTZ" | "TIMESTAMP WITH TIME ZONE" => "TIMESTAMP(timezone=True)".to_owned(),
        "TIMESTAMP" | "TIMESTAMP WITHOUT TIME ZONE" => "TIMESTAMP".to_owned(),
        "NUMERIC" | "DECIMAL" if !args.is_empty() => {
            format!("NUMERIC({})", named(&["precision", "scale"]))
        }
        _ => compact,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ops(sql: &str) -> Vec<String> {
        schema_ops(sql, Span::new(0, 0))
            .iter()
            .map(|(kind, _)| {
                crate::ops::Op {
                    kind: kind.clone(),
                    span: Span::new(0, 0),
                    conditional: false,
                    condition: None,
                    guarded: false,
                    run: crate::ops::RunOptions::default(),
                }
                .describe()
            })
            .collect()
    }

    #[test]
    fn ddl_becomes_ops_and_data_changes_nothing() {
        assert_eq!(
            ops(
                "ALTER TABLE users RENAME TO people; ALTER TABLE people ADD COLUMN email varchar(200) NOT NULL, DROP COLUMN legacy;\n\
                 ALTER TABLE people RENAME COLUMN nick TO nickname; ALTER TABLE people ALTER COLUMN email DROP NOT NULL;\n\
                 CREATE UNIQUE INDEX ix_people_email ON people (email); DROP INDEX ix_old;\n\
                 CREATE TABLE audit.log (id serial PRIMARY KEY, at timestamptz NOT NULL); DROP TABLE a, b;\n\
                 UPDATE people SET email = lower(email); INSERT INTO log VALUES (1); COMMIT;"
            ),
            [
                "rename table `users` to `people`",
                "add column `people.email`",
                "drop column `people.legacy`",
                "rename column `people.nick` to `nickname`",
                "alter column `people.email`",
                "create index `ix_people_email` on `people`",
                "drop index `ix_old`",
                "create table `audit.log`",
                "drop table `a`",
                "drop table `b`",
            ]
        );
        let added = schema_ops("ALTER TABLE t ADD COLUMN n numeric(10, 2)", Span::new(0, 0));
        let OpKind::AddColumn { column, .. } = &added[0].0 else {
            panic!("{added:?}")
        };
        assert_eq!(
            column.type_text.as_deref(),
            Some("NUMERIC(precision=10, scale=2)")
        );
        assert!(column.effective_nullable());
    }

    #[test]
    fn ops_know_where_they_were_read_and_what_using_does() {
        let sql = "ALTER TABLE t ALTER COLUMN a TYPE numeric(11,2) USING a::numeric(11,2), DROP COLUMN b;\n\
                   ALTER TABLE t ALTER COLUMN c TYPE int USING trim(c)::int; DROP INDEX ix";
        let ops = schema_ops(sql, Span::new(0, 0));
        let texts: Vec<&str> = ops.iter().map(|(_, at)| &sql[at.clone()]).collect();
        assert_eq!(
            texts,
            [
                "ALTER COLUMN a TYPE numeric(11,2) USING a::numeric(11,2)",
                "DROP COLUMN b",
                "ALTER COLUMN c TYPE int USING trim(c)::int",
                "DROP INDEX ix",
            ]
        );
        let using: Vec<Option<&str>> = ops
            .iter()
            .filter_map(|(kind, _)| match kind {
                OpKind::AlterColumn { change, .. } => Some(change.type_using.as_deref()),
                _ => None,
            })
            .collect();
        // The cast PostgreSQL makes anyway is no USING of its own.
        assert_eq!(using, [None, Some("trim(c)::int")]);
    }

    #[test]
    fn what_is_not_modelled_is_unknown() {
        assert_eq!(
            ops("ALTER TABLE t ADD CONSTRAINT c CHECK (x > 0)"),
            ["execute DDL on `t`"]
        );
        assert_eq!(
            ops("DO $$ BEGIN END $$"),
            ["execute SQL retort cannot read"]
        );
        assert_eq!(
            ops("ALTER INDEX ix SET TABLESPACE fast"),
            ["execute index DDL"]
        );
        assert_eq!(
            ops("ALTER INDEX IF EXISTS s.ix RENAME TO \"Iy\""),
            ["rename index `ix` to `Iy`"]
        );
        assert!(ops("SELECT 1; CREATE TYPE mood AS ENUM ('a'); GRANT SELECT ON t TO r").is_empty());
    }
}
