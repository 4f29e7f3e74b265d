//! Lowers the body of `upgrade()` / `downgrade()` into `crate::ops` operations, during
//! the one parse of a revision file. `op.*` calls (with `sa.`, `sqlalchemy.` or
//! directly imported column and constraint constructors), `with op.batch_alter_table()`
//! blocks and helper functions defined in the same file are followed; everything else
//! that could change the schema becomes an explicit `Opaque` op.

use std::collections::{HashMap, HashSet};

use ruff_python_ast::{Expr, ExprCall, Stmt, StmtFunctionDef};
use ruff_text_size::Ranged;

use super::expr::{
    arg, bool_lit, default_text, dotted, keyword, last_name, loose_list, root_name, source,
    str_list, str_lit, type_text,
};
use super::span;
use crate::ops::{
    Body, ColumnChange, ColumnDef, ConstraintDef, ConstraintKind, Generated, IndexDef,
    IndexElement, Op, OpKind, RunOptions, SqlEffect, TableName, WrittenSql,
};

/// What the lowering needs to know about the module around the function.
pub struct Module<'a> {
    pub text: &'a str,
    /// Names bound to `alembic.op` (normally just `op`).
    pub op_names: HashSet<String>,
    /// Functions defined at module level, which the lowering follows when called.
    pub helpers: HashMap<&'a str, &'a StmtFunctionDef>,
}

impl<'a> Module<'a> {
    pub fn new(text: &'a str, body: &'a [Stmt]) -> Module<'a> {
        let mut op_names = HashSet::from(["op".to_owned()]);
        let mut helpers = HashMap::new();
        for stmt in body {
            match stmt {
                Stmt::ImportFrom(import)
                    if import
                        .module
                        .as_ref()
                        .is_some_and(|m| m.as_str() == "alembic") =>
                {
                    for alias in &import.names {
                        if alias.name.as_str() == "op" {
                            let bound = alias.asname.as_ref().unwrap_or(&alias.name);
                            op_names.insert(bound.as_str().to_owned());
                        }
                    }
                }
                Stmt::FunctionDef(def) if !matches!(def.name.as_str(), "upgrade" | "downgrade") => {
                    helpers.insert(def.name.as_str(), def);
                }
                _ => {}
            }
        }
        Module {
            text,
            op_names,
            helpers,
        }
    }
}

/// `with op.batch_alter_table("t", schema="s") as batch_op:`.
struct Batch {
    alias: String,
    table: Option<TableName>,
    /// `recreate="always"`: the table is copied, even on PostgreSQL.
    recreate: bool,
}

struct Lowering<'m, 'a> {
    module: &'m Module<'a>,
    ops: Vec<Op>,
    /// Helper functions currently being followed (no recursion).
    following: Vec<&'a str>,
    /// How many `autocommit_block()`s the statement being lowered is inside.
    autocommit_depth: usize,
    /// How many `if` branches that do not run on PostgreSQL it is inside.
    not_postgresql_depth: usize,
    /// Variables holding the dialect's name (`dialect = bind.dialect.name`).
    dialect_vars: HashSet<String>,
}

/// Lower one function body.
pub fn lower_body(module: &Module<'_>, body: &[Stmt]) -> Body {
    let mut lowering = Lowering {
        module,
        ops: Vec::new(),
        following: Vec::new(),
        autocommit_depth: 0,
        not_postgresql_depth: 0,
        dialect_vars: HashSet::new(),
    };
    lowering.statements(body, false, &[]);
    Body {
        ops: lowering.ops,
        is_empty: body.iter().all(is_inert),
        raises: body.iter().any(|s| matches!(s, Stmt::Raise(_))),
    }
}

/// Dialect names a test may compare with.
const DIALECTS: &[&str] = &[
    "postgresql",
    "postgres",
    "sqlite",
    "mysql",
    "mariadb",
    "mssql",
    "oracle",
];

/// `x.dialect.name == "mysql"`, `bind.engine.name in ("mysql", "sqlite")`,
/// `context.get_context().dialect.name != "postgresql"`: whether the body, and the
/// `else` branch, run on PostgreSQL. `None` for any other test.
fn dialect_guard(test: &Expr, dialect_vars: &HashSet<String>) -> Option<(bool, bool)> {
    let Expr::Compare(compare) = test else {
        return None;
    };
    let ([op], [right]) = (&*compare.ops, &*compare.comparators) else {
        return None;
    };
    let is_dialect_name = |e: &Expr| is_dialect_name(e, dialect_vars);
    let names_of = |e: &Expr| -> Option<Vec<String>> {
        let names: Vec<String> = match e {
            Expr::StringLiteral(s) => vec![s.value.to_str().to_lowercase()],
            Expr::Tuple(t) => t
                .elts
                .iter()
                .filter_map(|x| str_lit(x).map(str::to_lowercase))
                .collect(),
            Expr::List(l) => l
                .elts
                .iter()
                .filter_map(|x| str_lit(x).map(str::to_lowercase))
                .collect(),
            Expr::Set(s) => s
                .elts
                .iter()
                .filter_map(|x| str_lit(x).map(str::to_lowercase))
                .collect(),
            _ => return None,
        };
        (!names.is_empty() && names.iter().all(|n| DIALECTS.contains(&n.as_str()))).then_some(names)
    };
    let names = if is_dialect_name(&compare.left) {
        names_of(right)?
    } else if is_dialect_name(right) {
        names_of(&compare.left)?
    } else {
        return None;
    };
    let postgres = names.iter().any(|n| n.starts_with("postgres"));
    use ruff_python_ast::CmpOp;
    match op {
        CmpOp::Eq | CmpOp::In | CmpOp::Is => Some((postgres, !postgres)),
        CmpOp::NotEq | CmpOp::NotIn | CmpOp::IsNot => Some((!postgres, postgres)),
        _ => None,
    }
}

/// `bind.dialect.name`, `op.get_bind().engine.name`, or a variable holding one.
fn is_dialect_name(e: &Expr, dialect_vars: &HashSet<String>) -> bool {
    match e {
        Expr::Name(name) => dialect_vars.contains(name.id.as_str()),
        Expr::Attribute(a) => {
            a.attr.as_str() == "name"
                && dotted_or_call_chain(e)
                    .is_some_and(|d| d.contains("dialect") || d.contains("engine"))
        }
        _ => false,
    }
}

/// `a.b.c`, looking through calls (`op.get_bind().engine.name`).
fn dotted_or_call_chain(expr: &Expr) -> Option<String> {
    match expr {
        Expr::Name(name) => Some(name.id.to_string()),
        Expr::Attribute(attr) => Some(format!(
            "{}.{}",
            dotted_or_call_chain(&attr.value)?,
            attr.attr.as_str()
        )),
        Expr::Call(call) => dotted_or_call_chain(&call.func),
        _ => None,
    }
}

/// `pass`, `...`, a docstring.
fn is_inert(stmt: &Stmt) -> bool {
    match stmt {
        Stmt::Pass(_) => true,
        Stmt::Expr(e) => matches!(
            e.value.as_ref(),
            Expr::StringLiteral(_) | Expr::EllipsisLiteral(_)
        ),
        _ => false,
    }
}

impl<'m, 'a> Lowering<'m, 'a> {
    fn push(&mut self, kind: OpKind, at: &impl Ranged, conditional: bool) {
        self.ops.push(Op {
            kind,
            span: span(at.range()),
            conditional,
            guarded: false,
            run: RunOptions {
                autocommit: self.autocommit_depth > 0,
                not_on_postgresql: self.not_postgresql_depth > 0,
                ..RunOptions::default()
            },
        });
    }

    fn statements(&mut self, body: &'a [Stmt], conditional: bool, batches: &[Batch]) {
        for stmt in body {
            match stmt {
                Stmt::Expr(e) => self.expression(&e.value, conditional, batches),
                Stmt::Assign(a) => {
                    if let [Expr::Name(target)] = a.targets.as_slice()
                        && is_dialect_name(&a.value, &self.dialect_vars)
                    {
                        self.dialect_vars.insert(target.id.to_string());
                    }
                    self.expression(&a.value, conditional, batches)
                }
                Stmt::AnnAssign(a) => {
                    if let Some(value) = &a.value {
                        self.expression(value, conditional, batches);
                    }
                }
                Stmt::With(with) => {
                    let mut inner: Vec<Batch> = Vec::new();
                    let mut autocommit = false;
                    for item in &with.items {
                        if let Expr::Call(call) = &item.context_expr
                            && let Some(name) = self.op_function(call)
                            && name == "batch_alter_table"
                        {
                            let table = self.table_arg(call, 0, "table_name", "schema");
                            if let Some(Expr::Name(alias)) = item.optional_vars.as_deref() {
                                inner.push(Batch {
                                    alias: alias.id.to_string(),
                                    table,
                                    recreate: keyword(call, "recreate")
                                        .and_then(str_lit)
                                        .is_some_and(|r| r == "always"),
                                });
                            }
                        } else if let Expr::Call(call) = &item.context_expr
                            && last_name(&call.func) == Some("autocommit_block")
                        {
                            autocommit = true;
                        } else {
                            self.expression(&item.context_expr, conditional, batches);
                        }
                    }
                    self.autocommit_depth += usize::from(autocommit);
                    if inner.is_empty() {
                        self.statements(&with.body, conditional, batches);
                    } else {
                        inner.extend(batches.iter().map(|b| Batch {
                            alias: b.alias.clone(),
                            table: b.table.clone(),
                            recreate: b.recreate,
                        }));
                        self.statements(&with.body, conditional, &inner);
                    }
                    self.autocommit_depth -= usize::from(autocommit);
                }
                Stmt::If(s) => {
                    // `if bind.dialect.name == "mysql":` and the like: whether each
                    // branch runs on PostgreSQL.
                    let guard = dialect_guard(&s.test, &self.dialect_vars);
                    self.guarded_statements(&s.body, batches, guard.map(|g| g.0));
                    for clause in &s.elif_else_clauses {
                        let own = clause
                            .test
                            .as_ref()
                            .and_then(|t| dialect_guard(t, &self.dialect_vars));
                        let on_postgresql = match (own, guard) {
                            (Some((body, _)), _) => Some(body),
                            (None, Some((_, otherwise))) => Some(otherwise),
                            (None, None) => None,
                        };
                        self.guarded_statements(&clause.body, batches, on_postgresql);
                    }
                }
                Stmt::For(s) => {
                    self.statements(&s.body, true, batches);
                    self.statements(&s.orelse, true, batches);
                }
                Stmt::While(s) => {
                    self.statements(&s.body, true, batches);
                    self.statements(&s.orelse, true, batches);
                }
                Stmt::Try(s) => {
                    self.statements(&s.body, true, batches);
                    for handler in &s.handlers {
                        let ruff_python_ast::ExceptHandler::ExceptHandler(h) = handler;
                        self.statements(&h.body, true, batches);
                    }
                    self.statements(&s.orelse, true, batches);
                    self.statements(&s.finalbody, conditional, batches);
                }
                Stmt::Match(s) => {
                    for case in &s.cases {
                        self.statements(&case.body, true, batches);
                    }
                }
                // Code after an unconditional return never runs.
                Stmt::Return(_) if !conditional => return,
                _ => {}
            }
        }
    }

    /// Statements of a branch, conditional; `Some(false)`: the branch does not run on
    /// PostgreSQL.
    fn guarded_statements(
        &mut self,
        body: &'a [Stmt],
        batches: &[Batch],
        on_postgresql: Option<bool>,
    ) {
        let skip = on_postgresql == Some(false);
        self.not_postgresql_depth += usize::from(skip);
        self.statements(body, true, batches);
        self.not_postgresql_depth -= usize::from(skip);
    }

    /// The name `X` when `call` is `op.X(...)`.
    fn op_function<'c>(&self, call: &'c ExprCall) -> Option<&'c str> {
        match call.func.as_ref() {
            Expr::Attribute(attr) => match attr.value.as_ref() {
                Expr::Name(name) if self.module.op_names.contains(name.id.as_str()) => {
                    Some(attr.attr.as_str())
                }
                _ => None,
            },
            _ => None,
        }
    }

    fn expression(&mut self, expr: &'a Expr, conditional: bool, batches: &[Batch]) {
        let Expr::Call(call) = expr else {
            if let Expr::Await(a) = expr {
                self.expression(&a.value, conditional, batches);
            }
            return;
        };
        if let Some(name) = self.op_function(call) {
            self.op_call(name, call, conditional);
            return;
        }
        if let Expr::Attribute(attr) = call.func.as_ref()
            && let Expr::Name(receiver) = attr.value.as_ref()
            && let Some(batch) = batches.iter().find(|b| b.alias == receiver.id.as_str())
        {
            let before = self.ops.len();
            self.batch_call(attr.attr.as_str(), call, batch.table.clone(), conditional);
            for op in &mut self.ops[before..] {
                op.run.batch_recreate = batch.recreate;
            }
            return;
        }
        let function = last_name(&call.func).unwrap_or("");
        if function == "execute" || function == "exec_driver_sql" {
            let effect = match call.arguments.args.first() {
                Some(sql) => self.sql_effect(sql),
                None => SqlEffect::Unknown,
            };
            self.push(OpKind::Execute { effect }, call, conditional);
            self.note_written_sql(call.arguments.args.first());
            return;
        }
        if let Expr::Name(name) = call.func.as_ref()
            && let Some(helper) = self.module.helpers.get(name.id.as_str()).copied()
        {
            if self.following.contains(&helper.name.as_str()) || self.following.len() > 4 {
                return;
            }
            self.following.push(helper.name.as_str());
            let before = self.ops.len();
            self.statements(&helper.body, conditional, batches);
            // The helper's ops are placed at the call, where they run.
            for op in &mut self.ops[before..] {
                op.span = span(call.range());
            }
            self.following.pop();
            return;
        }
        // A method called on the result of another call (`conn.execute(...).fetchall()`):
        // look at the inner call.
        if let Expr::Attribute(attr) = call.func.as_ref()
            && let Expr::Call(_) = attr.value.as_ref()
        {
            self.expression(&attr.value, conditional, batches);
            return;
        }
        if is_harmless(call) {
            return;
        }
        let what = match dotted(&call.func) {
            Some(name) => format!("calls `{name}()`, which retort does not follow"),
            None => "calls code retort does not follow".to_owned(),
        };
        self.push(OpKind::Opaque { tables: None, what }, call, conditional);
    }

    /// Argument holding a table name (a literal, or `op.f(...)`), with `schema=`.
    fn table_arg(
        &self,
        call: &ExprCall,
        position: usize,
        name: &str,
        schema_kw: &str,
    ) -> Option<TableName> {
        let table = str_lit(arg(call, position, name)?)?;
        let schema = match keyword(call, schema_kw) {
            None => None,
            Some(Expr::NoneLiteral(_)) => None,
            Some(e) => Some(str_lit(e)?),
        };
        Some(TableName::new(schema, table))
    }

    fn opaque(&mut self, call: &ExprCall, conditional: bool, tables: Option<Vec<TableName>>) {
        let what = match &tables {
            Some(_) => format!(
                "`{}` is not understood",
                dotted(&call.func).unwrap_or_default()
            ),
            None => format!(
                "`{}` names its table with an expression retort cannot evaluate",
                dotted(&call.func).unwrap_or_default()
            ),
        };
        self.push(OpKind::Opaque { tables, what }, call, conditional);
    }

    fn op_call(&mut self, name: &str, call: &ExprCall, conditional: bool) {
        let text = self.module.text;
        let table = |position: usize, kw: &str| self.table_arg(call, position, kw, "schema");
        let kind = match name {
            "create_table" => match table(0, "table_name") {
                Some(table) => create_table(table, &call.arguments.args[1..], text),
                None => return self.opaque(call, conditional, None),
            },
            "drop_table" => match table(0, "table_name") {
                Some(table) => OpKind::DropTable { table },
                None => return self.opaque(call, conditional, None),
            },
            "rename_table" => match (
                table(0, "old_table_name"),
                arg(call, 1, "new_table_name").and_then(str_lit),
            ) {
                (Some(table), Some(new)) => OpKind::RenameTable {
                    table,
                    new_name: new.to_owned(),
                },
                _ => return self.opaque(call, conditional, None),
            },
            "add_column" => match (table(0, "table_name"), arg(call, 1, "column")) {
                (Some(table), Some(column)) => match column_def(column, text) {
                    Some(column) => OpKind::AddColumn { table, column },
                    None => return self.opaque(call, conditional, Some(vec![table])),
                },
                (table, _) => return self.opaque(call, conditional, table.map(|t| vec![t])),
            },
            "drop_column" => match (table(0, "table_name"), arg(call, 1, "column_name")) {
                (Some(table), Some(column)) => match str_lit(column) {
                    Some(column) => OpKind::DropColumn {
                        table,
                        column: column.to_owned(),
                    },
                    None => return self.opaque(call, conditional, Some(vec![table])),
                },
                (table, _) => return self.opaque(call, conditional, table.map(|t| vec![t])),
            },
            "alter_column" => match (table(0, "table_name"), arg(call, 1, "column_name")) {
                (Some(table), Some(column)) => match alter_column(column, call, text) {
                    Some((column, change)) => OpKind::AlterColumn {
                        table,
                        column,
                        change,
                    },
                    None => return self.opaque(call, conditional, Some(vec![table])),
                },
                (table, _) => return self.opaque(call, conditional, table.map(|t| vec![t])),
            },
            "create_index" => match table(1, "table_name") {
                Some(table) => OpKind::CreateIndex {
                    table,
                    index: index_def(call, 0, 2, text),
                },
                None => return self.opaque(call, conditional, None),
            },
            "drop_index" => match arg(call, 0, "index_name").and_then(str_lit) {
                Some(index) => OpKind::DropIndex {
                    name: index.to_owned(),
                    table: table(1, "table_name"),
                },
                // An index named by an expression: that table's indexes are unknown.
                None => match table(1, "table_name") {
                    Some(t) => return self.opaque(call, conditional, Some(vec![t])),
                    None => OpKind::Execute {
                        effect: SqlEffect::Indexes,
                    },
                },
            },
            "create_unique_constraint" | "create_primary_key" | "create_check_constraint" => {
                match table(1, "table_name") {
                    Some(table) => OpKind::CreateConstraint {
                        table,
                        constraint: simple_constraint_def(call, name, 2, text),
                    },
                    None => return self.opaque(call, conditional, None),
                }
            }
            "create_foreign_key" => {
                match self.table_arg(call, 1, "source_table", "source_schema") {
                    Some(table) => OpKind::CreateConstraint {
                        table,
                        constraint: foreign_key_def(call, 2, text),
                    },
                    None => return self.opaque(call, conditional, None),
                }
            }
            "drop_constraint" => match (
                arg(call, 0, "constraint_name").and_then(str_lit),
                table(1, "table_name"),
            ) {
                (Some(constraint), Some(table)) => OpKind::DropConstraint {
                    table,
                    name: constraint.to_owned(),
                    kind: keyword(call, "type_")
                        .and_then(str_lit)
                        .and_then(ConstraintKind::from_type_arg),
                },
                // A constraint named by an expression: that table's constraints are
                // unknown from here on.
                (None, Some(table)) => return self.opaque(call, conditional, Some(vec![table])),
                _ => OpKind::NoSchemaEffect,
            },
            "execute" => OpKind::Execute {
                effect: match arg(call, 0, "sqltext") {
                    Some(sql) => self.sql_effect(sql),
                    None => SqlEffect::Unknown,
                },
            },
            "bulk_insert"
            | "create_table_comment"
            | "drop_table_comment"
            | "get_bind"
            | "get_context"
            | "f"
            | "inline_literal"
            | "implementation_for" => OpKind::NoSchemaEffect,
            "create_exclude_constraint" => match table(1, "table_name") {
                Some(table) => OpKind::CreateConstraint {
                    table,
                    constraint: ConstraintDef {
                        name: arg(call, 0, "constraint_name")
                            .and_then(str_lit)
                            .map(str::to_owned),
                        ..ConstraintDef::new(ConstraintKind::Exclude, span(call.range()))
                    },
                },
                None => OpKind::NoSchemaEffect,
            },
            "batch_alter_table" => OpKind::NoSchemaEffect,
            _ => {
                let tables = table(0, "table_name").map(|t| vec![t]);
                self.push(
                    OpKind::Opaque {
                        tables,
                        what: format!("`op.{name}()` is not an operation retort models"),
                    },
                    call,
                    conditional,
                );
                return;
            }
        };
        if kind != OpKind::NoSchemaEffect {
            self.push(kind, call, conditional);
            self.mark_guarded(call);
            self.note_run_options(name, call);
        }
    }

    /// `postgresql_concurrently=True`, and the SQL of `execute`, on the op just pushed.
    fn note_run_options(&mut self, name: &str, call: &ExprCall) {
        match name {
            "create_index" | "drop_index" => {
                if let Some(op) = self.ops.last_mut() {
                    op.run.concurrently = keyword(call, "postgresql_concurrently")
                        .and_then(bool_lit)
                        .unwrap_or(false);
                }
            }
            "execute" => self.note_written_sql(arg(call, 0, "sqltext")),
            _ => {}
        }
    }

    /// The SQL of an `execute` op just pushed, when it is a literal.
    fn note_written_sql(&mut self, sql: Option<&Expr>) {
        let written = sql.and_then(|e| written_sql(e, self.module.text));
        if let Some(op) = self.ops.last_mut() {
            op.run.sql = written;
        }
    }

    /// `if_exists=True` / `if_not_exists=True` on the op just pushed.
    fn mark_guarded(&mut self, call: &ExprCall) {
        let guarded = ["if_exists", "if_not_exists"]
            .iter()
            .any(|kw| keyword(call, kw).is_some_and(|v| bool_lit(v) != Some(false)));
        if let Some(op) = self.ops.last_mut() {
            op.guarded = guarded;
        }
    }

    /// `batch_op.X(...)` inside `with op.batch_alter_table(...) as batch_op:`: the
    /// same operations without the table argument.
    fn batch_call(
        &mut self,
        name: &str,
        call: &ExprCall,
        table: Option<TableName>,
        conditional: bool,
    ) {
        let text = self.module.text;
        let Some(table) = table else {
            return self.opaque(call, conditional, None);
        };
        let name_arg = |kw: &str| arg(call, 0, kw).and_then(str_lit).map(str::to_owned);
        let kind = match name {
            "add_column" => match arg(call, 0, "column").and_then(|c| column_def(c, text)) {
                Some(column) => OpKind::AddColumn { table, column },
                None => return self.opaque(call, conditional, Some(vec![table])),
            },
            "drop_column" => match name_arg("column_name") {
                Some(column) => OpKind::DropColumn { table, column },
                None => return self.opaque(call, conditional, Some(vec![table])),
            },
            "alter_column" => {
                match arg(call, 0, "column_name").and_then(|c| alter_column(c, call, text)) {
                    Some((column, change)) => OpKind::AlterColumn {
                        table,
                        column,
                        change,
                    },
                    None => return self.opaque(call, conditional, Some(vec![table])),
                }
            }
            "create_index" => OpKind::CreateIndex {
                table,
                index: index_def(call, 0, 1, text),
            },
            "drop_index" => match name_arg("index_name") {
                Some(index) => OpKind::DropIndex {
                    name: index,
                    table: Some(table),
                },
                None => return self.opaque(call, conditional, Some(vec![table])),
            },
            // The batch forms have no table argument: theirs sit one place earlier.
            "create_unique_constraint" | "create_primary_key" | "create_check_constraint" => {
                OpKind::CreateConstraint {
                    table,
                    constraint: simple_constraint_def(call, name, 1, text),
                }
            }
            "create_foreign_key" => OpKind::CreateConstraint {
                table,
                constraint: foreign_key_def(call, 1, text),
            },
            "drop_constraint" => match name_arg("constraint_name") {
                Some(constraint) => OpKind::DropConstraint {
                    table,
                    name: constraint,
                    kind: keyword(call, "type_")
                        .and_then(str_lit)
                        .and_then(ConstraintKind::from_type_arg),
                },
                None => return self.opaque(call, conditional, Some(vec![table])),
            },
            "execute" => OpKind::Execute {
                effect: match arg(call, 0, "sqltext") {
                    Some(sql) => self.sql_effect(sql),
                    None => SqlEffect::Unknown,
                },
            },
            "create_exclude_constraint" => OpKind::CreateConstraint {
                table,
                constraint: ConstraintDef {
                    name: name_arg("constraint_name"),
                    ..ConstraintDef::new(ConstraintKind::Exclude, span(call.range()))
                },
            },
            "create_table_comment" | "drop_table_comment" => {
                return;
            }
            _ => return self.opaque(call, conditional, Some(vec![table])),
        };
        self.push(kind, call, conditional);
        self.mark_guarded(call);
        self.note_run_options(name, call);
    }

    /// What the SQL of an `execute` does, from a literal, `sa.text(...)`, or an
    /// SQLAlchemy DML construct (`table.update()...`, `sa.insert(t)...`).
    fn sql_effect(&self, sql: &Expr) -> SqlEffect {
        if let Some(text) = str_lit(sql) {
            return classify_sql(text);
        }
        if let Expr::Call(call) = sql {
            let method = last_name(&call.func).unwrap_or("");
            let root = root_name(&call.func).unwrap_or("");
            let dml = [
                "update",
                "insert",
                "delete",
                "select",
                "values",
                "where",
                "returning",
                "filter",
                "filter_by",
                "order_by",
                "limit",
                "from_select",
                "inline",
                "execution_options",
                "on_conflict_do_nothing",
                "on_conflict_do_update",
            ];
            if dml.contains(&method) && (root != "op" || method != "execute") {
                return SqlEffect::DataOnly;
            }
        }
        SqlEffect::Unknown
    }
}

/// Calls that cannot change the schema: SQLAlchemy constructors, logging, printing,
/// reading results.
fn is_harmless(call: &ExprCall) -> bool {
    let root = root_name(&call.func).unwrap_or("");
    let last = last_name(&call.func).unwrap_or("");
    const ROOTS: &[&str] = &[
        "sa",
        "sqlalchemy",
        "print",
        "logger",
        "log",
        "logging",
        "LOG",
        "warnings",
        "datetime",
        "uuid",
        "json",
        "len",
        "range",
        "str",
        "int",
        "float",
        "bool",
        "list",
        "dict",
        "set",
        "tuple",
        "sorted",
        "enumerate",
        "zip",
        "isinstance",
        "getattr",
        "hasattr",
        "table",
        "column",
        "text",
        "select",
        "insert",
        "update",
        "delete",
        "func",
        "literal_column",
        "Table",
        "MetaData",
        "Column",
        "inspect",
        "postgresql",
        "mysql",
        "sqlite",
        "context",
    ];
    const METHODS: &[&str] = &[
        "fetchall",
        "fetchone",
        "fetchmany",
        "scalar",
        "scalars",
        "scalar_one",
        "scalar_one_or_none",
        "first",
        "all",
        "one",
        "one_or_none",
        "mappings",
        "keys",
        "items",
        "values",
        "append",
        "extend",
        "add",
        "update",
        "format",
        "join",
        "split",
        "strip",
        "lower",
        "upper",
        "info",
        "debug",
        "warning",
        "warn",
        "error",
        "exception",
        "critical",
        "get_table_names",
        "get_columns",
        "has_table",
        "get_indexes",
        "get_foreign_keys",
        "get_unique_constraints",
        "get_pk_constraint",
        "close",
    ];
    ROOTS.contains(&root) || METHODS.contains(&last) || last.starts_with("get_")
}

/// Read an SQL string statement by statement: data statements change no table; DDL
/// on a named table makes that table unknown; anything else makes every table unknown.
pub fn classify_sql(sql: &str) -> SqlEffect {
    let mut tables = Vec::new();
    let mut indexes = false;
    for statement in split_statements(sql) {
        let words = sql_words(&statement);
        let upper: Vec<String> = words.iter().map(|w| w.to_ascii_uppercase()).collect();
        let at = |i: usize| upper.get(i).map(String::as_str).unwrap_or("");
        let mut i = 0;
        match at(0) {
            "" => continue,
            "INSERT" | "UPDATE" | "DELETE" | "SELECT" | "WITH" | "GRANT" | "REVOKE" | "COMMENT"
            | "SET" | "RESET" | "ANALYZE" | "VACUUM" | "NOTIFY" | "LOCK" | "TRUNCATE"
            | "REFRESH" | "CLUSTER" | "REINDEX" | "PRAGMA" | "BEGIN" | "COMMIT" | "SAVEPOINT"
            | "RELEASE" | "ROLLBACK" | "MERGE" | "UPSERT" | "REPLACE" => continue,
            "CREATE" | "DROP" | "ALTER" => {
                i += 1;
                if at(0) == "CREATE" && at(i) == "OR" && at(i + 1) == "REPLACE" {
                    i += 2;
                }
                while matches!(
                    at(i),
                    "UNIQUE"
                        | "TEMP"
                        | "TEMPORARY"
                        | "UNLOGGED"
                        | "GLOBAL"
                        | "LOCAL"
                        | "MATERIALIZED"
                        | "CONSTRAINT"
                        | "FOREIGN"
                ) {
                    i += 1;
                }
                match at(i) {
                    "TABLE" => {
                        i += 1;
                        while matches!(at(i), "IF" | "NOT" | "EXISTS" | "ONLY") {
                            i += 1;
                        }
                        match words.get(i) {
                            Some(name) => tables.push(table_from_sql(name)),
                            None => return SqlEffect::Unknown,
                        }
                        // DROP TABLE a, b
                        if at(0) == "DROP" {
                            let mut j = i + 1;
                            while at(j) == "," {
                                if let Some(name) = words.get(j + 1) {
                                    tables.push(table_from_sql(name));
                                }
                                j += 2;
                            }
                        }
                    }
                    // Indexes: no table or column changes, but index names do.
                    "INDEX" => indexes = true,
                    // Objects that hold no table columns retort models.
                    "VIEW" | "FUNCTION" | "TRIGGER" | "TYPE" | "EXTENSION" | "SEQUENCE"
                    | "SCHEMA" | "PROCEDURE" | "RULE" | "POLICY" | "ROLE" | "USER" | "DOMAIN"
                    | "AGGREGATE" | "COLLATION" | "PUBLICATION" | "SUBSCRIPTION" | "STATISTICS"
                    | "DATABASE" | "EVENT" => continue,
                    _ => return SqlEffect::Unknown,
                }
            }
            "RENAME" if at(1) == "TABLE" => {
                for name in words
                    .iter()
                    .skip(2)
                    .filter(|w| !matches!(w.to_ascii_uppercase().as_str(), "TO" | ","))
                {
                    tables.push(table_from_sql(name));
                }
            }
            _ => return SqlEffect::Unknown,
        }
    }
    if !tables.is_empty() {
        SqlEffect::Tables(tables)
    } else if indexes {
        SqlEffect::Indexes
    } else {
        SqlEffect::DataOnly
    }
}

/// Split on `;` outside quotes; drop `--` and `/* */` comments.
fn split_statements(sql: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut current = String::new();
    let mut chars = sql.chars().peekable();
    let mut quote: Option<char> = None;
    while let Some(c) = chars.next() {
        match quote {
            Some(q) => {
                current.push(c);
                if c == q {
                    quote = None;
                }
            }
            None => match c {
                '\'' | '"' | '`' => {
                    quote = Some(c);
                    current.push(c);
                }
                '-' if chars.peek() == Some(&'-') => {
                    for c in chars.by_ref() {
                        if c == '\n' {
                            break;
                        }
                    }
                    current.push(' ');
                }
                '/' if chars.peek() == Some(&'*') => {
                    chars.next();
                    let mut last = ' ';
                    for c in chars.by_ref() {
                        if last == '*' && c == '/' {
                            break;
                        }
                        last = c;
                    }
                    current.push(' ');
                }
                ';' => out.push(std::mem::take(&mut current)),
                c => current.push(c),
            },
        }
    }
    out.push(current);
    out
}

/// Words of a statement: identifiers (quoted ones kept whole), `,` and `(` as their
/// own words.
fn sql_words(statement: &str) -> Vec<String> {
    let mut words = Vec::new();
    let mut current = String::new();
    let mut quote: Option<char> = None;
    for c in statement.chars() {
        if let Some(q) = quote {
            current.push(c);
            if c == q {
                quote = None;
            }
            continue;
        }
        match c {
            '"' | '`' | '[' => {
                quote = Some(if c == '[' { ']' } else { c });
                current.push(c);
            }
            c if c.is_whitespace() => {
                if !current.is_empty() {
                    words.push(std::mem::take(&mut current));
                }
            }
            ',' | '(' | ')' => {
                if !current.is_empty() {
                    words.push(std::mem::take(&mut current));
                }
                words.push(c.to_string());
            }
            c => current.push(c),
        }
    }
    if !current.is_empty() {
        words.push(current);
    }
    words
}

fn table_from_sql(word: &str) -> TableName {
    let unquote = |s: &str| {
        s.trim_matches(|c| matches!(c, '"' | '`' | '[' | ']'))
            .to_owned()
    };
    match word.rsplit_once('.') {
        Some((schema, name)) => TableName {
            schema: Some(unquote(schema)),
            name: unquote(name),
        },
        None => {
            let quoted = word.starts_with(['"', '`', '[']);
            let name = unquote(word);
            TableName {
                schema: None,
                // Unquoted identifiers fold to lower case in PostgreSQL and SQLite
                // compares them case-insensitively.
                name: if quoted { name } else { name.to_lowercase() },
            }
        }
    }
}

fn create_table(table: TableName, args: &[Expr], text: &str) -> OpKind {
    let mut columns = Vec::new();
    let mut constraints = Vec::new();
    let mut indexes = Vec::new();
    let mut columns_incomplete = false;
    for a in args {
        let Expr::Call(call) = a else {
            columns_incomplete = true;
            continue;
        };
        match last_name(&call.func).unwrap_or("") {
            "Column" => match column_def(a, text) {
                Some(column) => columns.push(column),
                None => columns_incomplete = true,
            },
            "PrimaryKeyConstraint" | "UniqueConstraint" => {
                let kind = if last_name(&call.func) == Some("PrimaryKeyConstraint") {
                    ConstraintKind::PrimaryKey
                } else {
                    ConstraintKind::Unique
                };
                constraints.push(ConstraintDef {
                    name: keyword(call, "name").and_then(str_lit).map(str::to_owned),
                    columns: call
                        .arguments
                        .args
                        .iter()
                        .map(|c| {
                            str_lit(c)
                                .map(str::to_owned)
                                .unwrap_or_else(|| source(c, text).to_owned())
                        })
                        .collect(),
                    ..ConstraintDef::new(kind, span(call.range()))
                });
            }
            "ForeignKeyConstraint" => {
                let refcolumns = arg(call, 1, "refcolumns").and_then(str_list);
                constraints.push(ConstraintDef {
                    name: keyword(call, "name").and_then(str_lit).map(str::to_owned),
                    columns: arg(call, 0, "columns")
                        .map(|c| loose_list(c, text))
                        .unwrap_or_default(),
                    referred_table: refcolumns
                        .as_ref()
                        .and_then(|cols| cols.first())
                        .and_then(|c| c.rsplit_once('.').map(|(t, _)| t.to_owned())),
                    referred_columns: refcolumns
                        .unwrap_or_default()
                        .iter()
                        .map(|c| c.rsplit_once('.').map_or(c.as_str(), |(_, c)| c).to_owned())
                        .collect(),
                    ..foreign_key_options(
                        call,
                        ConstraintDef::new(ConstraintKind::ForeignKey, span(call.range())),
                    )
                });
            }
            "CheckConstraint" => constraints.push(ConstraintDef {
                name: keyword(call, "name").and_then(str_lit).map(str::to_owned),
                condition: arg(call, 0, "sqltext").and_then(str_lit).map(str::to_owned),
                ..ConstraintDef::new(ConstraintKind::Check, span(call.range()))
            }),
            "Index" => {
                let elements: Vec<&Expr> = call.arguments.args.iter().skip(1).collect();
                indexes.push(IndexDef {
                    name: call
                        .arguments
                        .args
                        .first()
                        .and_then(str_lit)
                        .map(str::to_owned),
                    columns: elements
                        .iter()
                        .map(|c| {
                            str_lit(c)
                                .map(str::to_owned)
                                .unwrap_or_else(|| source(c, text).to_owned())
                        })
                        .collect(),
                    unique: keyword(call, "unique").and_then(bool_lit).unwrap_or(false),
                    elements: elements.into_iter().map(index_element).collect(),
                    where_sql: keyword(call, "postgresql_where")
                        .and_then(str_lit)
                        .map(str::to_owned),
                    using: keyword(call, "postgresql_using")
                        .and_then(str_lit)
                        .map(str::to_owned),
                    span: span(call.range()),
                })
            }
            _ => columns_incomplete = true,
        }
    }
    // SQLAlchemy makes the columns of a primary key NOT NULL unless told otherwise.
    for constraint in &constraints {
        if constraint.kind == ConstraintKind::PrimaryKey {
            for column in &mut columns {
                if constraint.columns.contains(&column.name) {
                    column.primary_key = true;
                }
            }
        }
    }
    OpKind::CreateTable {
        table,
        columns,
        constraints,
        indexes,
        columns_incomplete,
    }
}

/// `sa.Column("name", sa.Integer(), sa.ForeignKey("t.id"), nullable=False, ...)`.
pub fn column_def(expr: &Expr, text: &str) -> Option<ColumnDef> {
    let Expr::Call(call) = expr else { return None };
    if last_name(&call.func) != Some("Column") || super::expr::has_double_star(call) {
        return None;
    }
    let mut args = call.arguments.args.iter();
    let name = match keyword(call, "name") {
        Some(n) => str_lit(n)?,
        None => str_lit(args.next()?)?,
    };
    let mut type_text_value = keyword(call, "type_").map(|t| type_text(t, text));
    let mut foreign_keys = Vec::new();
    let mut constraints = Vec::new();
    let mut generated = None;
    let constraint_name =
        |inner: &ExprCall| keyword(inner, "name").and_then(str_lit).map(str::to_owned);
    for a in args {
        if let Expr::Starred(_) = a {
            return None;
        }
        match a {
            Expr::Call(inner) if last_name(&inner.func) == Some("ForeignKey") => {
                let target = inner.arguments.args.first().and_then(str_lit);
                if let Some(target) = target {
                    foreign_keys.push(target.to_owned());
                }
                let split = target.and_then(|t| t.rsplit_once('.'));
                constraints.push(ConstraintDef {
                    name: constraint_name(inner),
                    referred_table: split.map(|(t, _)| t.to_owned()),
                    referred_columns: split.map(|(_, c)| vec![c.to_owned()]).unwrap_or_default(),
                    ..foreign_key_options(
                        inner,
                        ConstraintDef::new(ConstraintKind::ForeignKey, span(inner.range())),
                    )
                });
            }
            Expr::Call(inner) if last_name(&inner.func) == Some("CheckConstraint") => {
                constraints.push(ConstraintDef {
                    name: constraint_name(inner),
                    condition: arg(inner, 0, "sqltext")
                        .and_then(str_lit)
                        .map(str::to_owned),
                    ..ConstraintDef::new(ConstraintKind::Check, span(inner.range()))
                });
            }
            Expr::Call(inner) if last_name(&inner.func) == Some("Identity") => {
                generated = Some(Generated::Identity {
                    always: keyword(inner, "always").and_then(bool_lit).unwrap_or(false),
                });
            }
            Expr::Call(inner) if last_name(&inner.func) == Some("Computed") => {
                generated =
                    arg(inner, 0, "sqltext")
                        .and_then(str_lit)
                        .map(|sql| Generated::Computed {
                            sql: sql.to_owned(),
                        });
            }
            Expr::Call(inner)
                if matches!(
                    last_name(&inner.func),
                    Some("Sequence" | "FetchedValue" | "DefaultClause")
                ) => {}
            other if type_text_value.is_none() => type_text_value = Some(type_text(other, text)),
            _ => {}
        }
    }
    Some(ColumnDef {
        name: name.to_owned(),
        type_text: type_text_value,
        nullable: keyword(call, "nullable").and_then(bool_lit),
        primary_key: keyword(call, "primary_key")
            .and_then(bool_lit)
            .unwrap_or(false),
        server_default: keyword(call, "server_default").and_then(|d| default_text(d, text)),
        server_default_sql: keyword(call, "server_default").and_then(default_sql),
        generated,
        autoincrement: keyword(call, "autoincrement").and_then(bool_lit),
        foreign_keys,
        unique: keyword(call, "unique").is_some_and(|v| bool_lit(v) != Some(false)),
        index: keyword(call, "index").is_some_and(|v| bool_lit(v) != Some(false)),
        constraints,
        span: span(call.range()),
    })
}

fn alter_column(column: &Expr, call: &ExprCall, text: &str) -> Option<(String, ColumnChange)> {
    let column = str_lit(column)?.to_owned();
    let new_name = match keyword(call, "new_column_name") {
        Some(Expr::NoneLiteral(_)) | None => None,
        Some(e) => Some(str_lit(e)?.to_owned()),
    };
    let nullable = match keyword(call, "nullable") {
        Some(Expr::NoneLiteral(_)) | None => None,
        Some(e) => Some(bool_lit(e)?),
    };
    Some((
        column,
        ColumnChange {
            new_name,
            nullable,
            type_text: keyword(call, "type_").map(|t| type_text(t, text)),
            server_default: match keyword(call, "server_default") {
                None => None,
                Some(Expr::BooleanLiteral(b)) if !b.value => None,
                Some(d) => Some(default_text(d, text)),
            },
            server_default_sql: match keyword(call, "server_default") {
                None => None,
                Some(Expr::BooleanLiteral(b)) if !b.value => None,
                Some(d) => Some(default_sql(d)),
            },
            type_using: keyword(call, "postgresql_using")
                .and_then(str_lit)
                .map(str::to_owned),
            existing_type: keyword(call, "existing_type").map(|t| type_text(t, text)),
            existing_nullable: keyword(call, "existing_nullable").and_then(bool_lit),
        },
    ))
}

/// `create_unique_constraint` / `create_primary_key` / `create_check_constraint` (op and
/// batch forms): the name is the first argument, the columns at `columns_at` (a check
/// constraint has a condition there, not columns).
fn simple_constraint_def(
    call: &ExprCall,
    op: &str,
    columns_at: usize,
    text: &str,
) -> ConstraintDef {
    let kind = match op {
        "create_unique_constraint" => ConstraintKind::Unique,
        "create_primary_key" => ConstraintKind::PrimaryKey,
        _ => ConstraintKind::Check,
    };
    ConstraintDef {
        name: arg(call, 0, "constraint_name")
            .and_then(str_lit)
            .map(str::to_owned),
        columns: if kind == ConstraintKind::Check {
            Vec::new()
        } else {
            arg(call, columns_at, "columns")
                .map(|c| loose_list(c, text))
                .unwrap_or_default()
        },
        condition: if kind == ConstraintKind::Check {
            arg(call, columns_at, "condition")
                .and_then(str_lit)
                .map(str::to_owned)
        } else {
            None
        },
        not_valid: keyword(call, "postgresql_not_valid")
            .and_then(bool_lit)
            .unwrap_or(false),
        ..ConstraintDef::new(kind, span(call.range()))
    }
}

/// `create_foreign_key` (op and batch forms): the name first, the referred table at
/// `referent_at` and the local columns right after it.
fn foreign_key_def(call: &ExprCall, referent_at: usize, text: &str) -> ConstraintDef {
    let referent_schema = keyword(call, "referent_schema").and_then(str_lit);
    ConstraintDef {
        name: arg(call, 0, "constraint_name")
            .and_then(str_lit)
            .map(str::to_owned),
        columns: arg(call, referent_at + 1, "local_cols")
            .map(|c| loose_list(c, text))
            .unwrap_or_default(),
        referred_table: arg(call, referent_at, "referent_table")
            .and_then(str_lit)
            .map(|t| match referent_schema {
                Some(schema) => format!("{schema}.{t}"),
                None => t.to_owned(),
            }),
        referred_columns: arg(call, referent_at + 2, "remote_cols")
            .and_then(str_list)
            .unwrap_or_default(),
        ..foreign_key_options(
            call,
            ConstraintDef::new(ConstraintKind::ForeignKey, span(call.range())),
        )
    }
}

fn index_def(call: &ExprCall, name_at: usize, columns_at: usize, text: &str) -> IndexDef {
    let columns = arg(call, columns_at, "columns");
    let elements = match columns {
        Some(Expr::List(list)) => list.elts.iter().map(index_element).collect(),
        Some(Expr::Tuple(tuple)) => tuple.elts.iter().map(index_element).collect(),
        Some(other) => vec![index_element(other)],
        None => Vec::new(),
    };
    IndexDef {
        name: arg(call, name_at, "index_name")
            .and_then(str_lit)
            .map(str::to_owned),
        columns: columns.map(|c| loose_list(c, text)).unwrap_or_default(),
        unique: keyword(call, "unique").and_then(bool_lit).unwrap_or(false),
        elements,
        where_sql: keyword(call, "postgresql_where")
            .and_then(str_lit)
            .map(str::to_owned),
        using: keyword(call, "postgresql_using")
            .and_then(str_lit)
            .map(str::to_owned),
        span: span(call.range()),
    }
}

/// One element of an index: a column name, `sa.text("...")`, or something else.
fn index_element(expr: &Expr) -> IndexElement {
    match expr {
        Expr::StringLiteral(s) => IndexElement::Column(s.value.to_str().to_owned()),
        Expr::Call(call) if last_name(&call.func) == Some("text") => match str_lit(expr) {
            Some(sql) => IndexElement::Sql(sql.to_owned()),
            None => IndexElement::Unknown,
        },
        _ => IndexElement::Unknown,
    }
}

/// `ondelete=`, `onupdate=`, `deferrable=`, `initially=`, `postgresql_not_valid=` of
/// a foreign key.
fn foreign_key_options(call: &ExprCall, def: ConstraintDef) -> ConstraintDef {
    let text = |kw: &str| keyword(call, kw).and_then(str_lit).map(str::to_owned);
    ConstraintDef {
        on_delete: text("ondelete"),
        on_update: text("onupdate"),
        deferrable: keyword(call, "deferrable").and_then(bool_lit),
        initially: text("initially"),
        not_valid: keyword(call, "postgresql_not_valid")
            .and_then(bool_lit)
            .unwrap_or(false),
        ..def
    }
}

/// The SQL SQLAlchemy writes for a `server_default=`: a string literal quoted,
/// `sa.text("...")` / `literal_column("...")` as written, `func.now()` as `now()`,
/// `sa.true()` / `sa.false()`. `None` for anything else.
fn default_sql(expr: &Expr) -> Option<String> {
    match expr {
        Expr::StringLiteral(s) => Some(format!("'{}'", s.value.to_str().replace('\'', "''"))),
        Expr::Call(call) => {
            let name = last_name(&call.func)?;
            match name {
                "text" | "literal_column" => str_lit(call.arguments.args.first()?)
                    .filter(|_| call.arguments.args.len() == 1)
                    .map(str::to_owned)
                    .or_else(|| {
                        let Expr::StringLiteral(s) = call.arguments.args.first()? else {
                            return None;
                        };
                        Some(s.value.to_str().to_owned())
                    }),
                "true" | "false" if call.arguments.args.is_empty() => Some(name.to_owned()),
                _ if crate::python::expr::dotted(&call.func)
                    .is_some_and(|d| d.split('.').any(|part| part == "func"))
                    && call.arguments.args.is_empty()
                    && call.arguments.keywords.is_empty() =>
                {
                    Some(format!("{name}()"))
                }
                _ => None,
            }
        }
        _ => None,
    }
}

/// The SQL of a string literal (or `sa.text("...")`), with where its text starts in
/// the file when the literal holds it byte for byte.
fn written_sql(expr: &Expr, text: &str) -> Option<WrittenSql> {
    let literal = match expr {
        Expr::StringLiteral(s) => s,
        Expr::Call(call)
            if matches!(last_name(&call.func), Some("text")) && call.arguments.args.len() == 1 =>
        {
            match &call.arguments.args[0] {
                Expr::StringLiteral(s) => s,
                _ => return None,
            }
        }
        _ => return None,
    };
    let value = literal.value.to_str().to_owned();
    let range = literal.range();
    let source = text.get(range.start().to_usize()..range.end().to_usize())?;
    let body_start = source.find(['\'', '"'])?;
    let quote = &source[body_start..];
    let quote_len = if quote.starts_with("\"\"\"") || quote.starts_with("\'\'\'") {
        3
    } else {
        1
    };
    let inner = source.get(body_start + quote_len..source.len().checked_sub(quote_len)?)?;
    let text_start = (inner == value).then(|| range.start().to_usize() + body_start + quote_len);
    Some(WrittenSql {
        text: value,
        text_start,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sql_classification() {
        assert_eq!(classify_sql("UPDATE users SET x = 1"), SqlEffect::DataOnly);
        assert_eq!(
            classify_sql("insert into t values (1); -- ALTER TABLE nope\n"),
            SqlEffect::DataOnly
        );
        assert_eq!(
            classify_sql("ALTER TABLE Users ADD COLUMN x int"),
            SqlEffect::Tables(vec![TableName::new(None, "users")])
        );
        assert_eq!(
            classify_sql("alter table if exists audit.\"Log\" drop column y"),
            SqlEffect::Tables(vec![TableName::new(Some("audit"), "Log")])
        );
        assert_eq!(
            classify_sql("CREATE INDEX CONCURRENTLY ix ON users (email)"),
            SqlEffect::Indexes
        );
        assert_eq!(
            classify_sql("DROP TABLE a, b"),
            SqlEffect::Tables(vec![TableName::new(None, "a"), TableName::new(None, "b")])
        );
        assert_eq!(classify_sql("DO $$ BEGIN END $$"), SqlEffect::Unknown);
        assert_eq!(
            classify_sql("CREATE TYPE mood AS ENUM ('a')"),
            SqlEffect::DataOnly
        );
    }
}
