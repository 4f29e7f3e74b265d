//! Lowers the body of `upgrade()` / `downgrade()` into `crate::ops` operations, during
//! the one parse of a revision file. `op.*` calls (with `sa.`, `sqlalchemy.` or
//! directly imported column and constraint constructors), `with op.batch_alter_table()`
//! blocks and helper functions defined in the same file are followed; the SQL of
//! `execute()` is classified; data work (methods of rows, strings, sessions, query
//! results) changes nothing; `if` tests on the dialect are kept as conditions, a `try`
//! body is the intended path. Everything else that could change the schema becomes an
//! explicit `Opaque` op.

use std::collections::{HashMap, HashSet};

use ruff_python_ast::{Expr, ExprCall, Keyword, Parameters, Stmt, StmtFunctionDef};

use super::binding::{self, Binding};
use ruff_text_size::Ranged;

use super::expr::{
    arg, bool_lit, default_text, dotted, keyword, last_name, loose_list, root_name, source,
    str_list, str_lit, type_text,
};
use super::span;
use crate::ops::{
    Body, ColumnChange, ColumnDef, Condition, ConstraintDef, ConstraintKind, Generated, IndexDef,
    IndexElement, Op, OpKind, RunOptions, SchemaObject, SqlEffect, TableName, WrittenSql,
};

/// What the lowering needs to know about the module around the function.
pub struct Module<'a> {
    pub text: &'a str,
    /// Names bound to `alembic.op` (normally just `op`).
    pub op_names: HashSet<String>,
    /// Functions defined at module level, which the lowering follows when called.
    pub helpers: HashMap<&'a str, &'a StmtFunctionDef>,
    /// Classes defined at module level (ORM classes for a data migration, mostly):
    /// making one runs no SQL.
    pub classes: HashSet<&'a str>,
    /// The table each ORM class of the module maps (`__tablename__ = "x"`), and each
    /// module-level name bound to `sa.table("x", ...)` / `sa.Table("x", ...)`: what an
    /// unfiltered `session.query(Model).delete()` or `execute(t.delete())` empties.
    pub tables: HashMap<&'a str, TableName>,
    /// Module-level names bound to a call (`auth_method = sa.Enum(..., name="x")`), for
    /// what a method called on one does (`auth_method.create(bind)` makes a type).
    pub values: HashMap<&'a str, &'a Expr>,
    /// Names bound by imports: the local name with the dotted module it comes from.
    pub imports: HashMap<String, String>,
    /// Module-level names bound to the result of a call retort does not know (a helper
    /// object of the project's own): their methods may do anything.
    pub unknown_globals: HashSet<&'a str>,
    /// Module-level names bound to a string, a tuple/list of strings or a dict with
    /// string keys (`MYSQL_ENGINE = 'mysql'`, `INDEXES = {"ix_a": [...]}`): for dialect
    /// tests that compare with one, and for names an op takes from one.
    pub constants: HashMap<&'a str, &'a Expr>,
    /// Where the project's own modules are (`None`: imported functions are not read).
    pub roots: Option<&'a ImportRoots>,
    /// Where this module's relative imports start: a dotted name whose last part
    /// `from .x import y` replaces (`app.helpers.audit` for `app/helpers/audit.py`);
    /// `None` for a revision file, which is in no package.
    pub package: Option<String>,
    /// How many imported modules deep this one is.
    pub depth: usize,
}

/// The directories the project's own modules are imported from (as `sys.path` holds
/// them when Alembic runs env.py and the revisions).
#[derive(Clone, Debug, Default)]
pub struct ImportRoots {
    pub roots: Vec<std::path::PathBuf>,
}

impl ImportRoots {
    /// The file of a dotted module name (`pkg/mod.py` or `pkg/mod/__init__.py`) under
    /// the first root that has it.
    fn find(&self, module: &str) -> Option<std::path::PathBuf> {
        let relative: std::path::PathBuf = module.split('.').collect();
        self.roots.iter().find_map(|root| {
            let file = root.join(&relative).with_extension("py");
            let package = root.join(&relative).join("__init__.py");
            if file.is_file() {
                Some(file)
            } else {
                package.is_file().then_some(package)
            }
        })
    }
}

impl<'a> Module<'a> {
    pub fn new(text: &'a str, body: &'a [Stmt]) -> Module<'a> {
        Module::in_package(text, body, None)
    }

    /// A module of the project named `package` (its relative imports resolve there).
    fn in_package(text: &'a str, body: &'a [Stmt], package: Option<String>) -> Module<'a> {
        let mut module = Module {
            text,
            op_names: HashSet::from(["op".to_owned()]),
            helpers: HashMap::new(),
            classes: HashSet::new(),
            tables: HashMap::new(),
            values: HashMap::new(),
            imports: HashMap::new(),
            unknown_globals: HashSet::new(),
            constants: HashMap::new(),
            roots: None,
            package,
            depth: 0,
        };
        module.scan(body);
        module
    }

    fn scan(&mut self, body: &'a [Stmt]) {
        for stmt in body {
            match stmt {
                Stmt::ImportFrom(import) => {
                    let written = import.module.as_ref().map(|m| m.as_str()).unwrap_or("");
                    // `from .helpers import x` in a package: resolved against the
                    // package, when known (a revision file is in none).
                    let from = if import.level == 0 {
                        written.to_owned()
                    } else {
                        let Some(package) = &self.package else {
                            continue;
                        };
                        let mut parts: Vec<&str> = package.split('.').collect();
                        for _ in 0..import.level {
                            parts.pop();
                        }
                        if !written.is_empty() {
                            parts.push(written);
                        }
                        parts.join(".")
                    };
                    for alias in &import.names {
                        let bound = alias.asname.as_ref().unwrap_or(&alias.name).as_str();
                        if from == "alembic" && alias.name.as_str() == "op" {
                            self.op_names.insert(bound.to_owned());
                        } else {
                            self.imports
                                .insert(bound.to_owned(), format!("{from}.{}", alias.name));
                        }
                    }
                }
                Stmt::Import(import) => {
                    for alias in &import.names {
                        let (bound, module) = match &alias.asname {
                            Some(a) => (a.as_str(), alias.name.as_str()),
                            None => {
                                let first = alias.name.as_str().split('.').next().unwrap_or("");
                                (first, first)
                            }
                        };
                        self.imports.insert(bound.to_owned(), module.to_owned());
                    }
                }
                Stmt::FunctionDef(def) if !matches!(def.name.as_str(), "upgrade" | "downgrade") => {
                    self.helpers.insert(def.name.as_str(), def);
                }
                Stmt::ClassDef(class) => {
                    self.classes.insert(class.name.as_str());
                    if let Some(table) = mapped_table(class) {
                        self.tables.insert(class.name.as_str(), table);
                    }
                }
                Stmt::Assign(assign) => {
                    if let [Expr::Name(name)] = assign.targets.as_slice() {
                        if let Some(table) = table_construct(&assign.value) {
                            self.tables.insert(name.id.as_str(), table);
                        }
                        if matches!(assign.value.as_ref(), Expr::Call(_)) {
                            self.values.insert(name.id.as_str(), &assign.value);
                        }
                    }
                    let string_keys = |value: &Expr| {
                        matches!(value, Expr::Dict(dict) if dict.items.iter().all(|item| {
                            item.key.as_ref().and_then(str_lit).is_some()
                        }))
                    };
                    if (str_list(&assign.value).is_some() || string_keys(&assign.value))
                        && let [Expr::Name(name)] = assign.targets.as_slice()
                    {
                        self.constants.insert(name.id.as_str(), &assign.value);
                    }
                    if let Expr::Call(call) = assign.value.as_ref()
                        && !self.is_known_callee(&call.func)
                    {
                        for target in &assign.targets {
                            if let Expr::Name(name) = target {
                                self.unknown_globals.insert(name.id.as_str());
                            }
                        }
                    }
                }
                // `try: import x except ImportError: ...`, `if TYPE_CHECKING: ...`.
                Stmt::Try(s) => {
                    self.scan(&s.body);
                    for handler in &s.handlers {
                        let ruff_python_ast::ExceptHandler::ExceptHandler(h) = handler;
                        self.scan(&h.body);
                    }
                }
                Stmt::If(s) => {
                    self.scan(&s.body);
                    for clause in &s.elif_else_clauses {
                        self.scan(&clause.body);
                    }
                }
                _ => {}
            }
        }
    }

    /// The dotted module a local name was imported from (`sa` -> `sqlalchemy`,
    /// `text` -> `sqlalchemy.text`).
    fn import_of(&self, name: &str) -> Option<&str> {
        self.imports.get(name).map(String::as_str)
    }

    /// Whether the module binds `name` at its top level (a function, class or value).
    fn binds(&self, name: &str) -> bool {
        self.helpers.contains_key(name)
            || self.classes.contains(name)
            || self.values.contains_key(name)
            || self.constants.contains_key(name)
            || self.tables.contains_key(name)
            || self.unknown_globals.contains(name)
    }

    /// A callee that cannot change the schema by itself: a builtin, something from a
    /// library that only builds values (SQLAlchemy constructs, the standard library),
    /// a class of this file.
    fn is_known_callee(&self, func: &Expr) -> bool {
        let Some(root) = root_name(func) else {
            return false;
        };
        if BUILTINS.contains(&root) || self.classes.contains(root) {
            return true;
        }
        match self.import_of(root) {
            Some(module) => is_value_library(module),
            None => false,
        }
    }
}

/// Python builtins that only compute values.
const BUILTINS: &[&str] = &[
    "print",
    "len",
    "range",
    "str",
    "int",
    "float",
    "bool",
    "bytes",
    "list",
    "dict",
    "set",
    "frozenset",
    "tuple",
    "sorted",
    "reversed",
    "enumerate",
    "zip",
    "map",
    "filter",
    "min",
    "max",
    "sum",
    "any",
    "all",
    "abs",
    "round",
    "isinstance",
    "issubclass",
    "getattr",
    "hasattr",
    "setattr",
    "repr",
    "format",
    "next",
    "iter",
    "type",
    "id",
    "hash",
    "divmod",
    "chr",
    "ord",
    "object",
    "super",
    "vars",
    "ValueError",
    "TypeError",
    "KeyError",
    "RuntimeError",
    "NotImplementedError",
    "Exception",
];

/// Libraries whose functions build values or read data but never change a database's
/// schema on their own (their DDL methods, `create()`/`drop()`, are looked at
/// separately).
fn is_value_library(module: &str) -> bool {
    let top = module.split('.').next().unwrap_or("");
    matches!(
        top,
        "sqlalchemy"
            | "sqlmodel"
            | "alembic"
            | "datetime"
            | "json"
            | "uuid"
            | "logging"
            | "re"
            | "typing"
            | "decimal"
            | "enum"
            | "collections"
            | "itertools"
            | "functools"
            | "hashlib"
            | "base64"
            | "textwrap"
            | "string"
            | "secrets"
            | "random"
            | "math"
            | "time"
            | "dataclasses"
            | "pathlib"
            | "csv"
            | "io"
            | "contextlib"
            | "warnings"
            | "os"
            | "sys"
            | "pprint"
            | "copy"
            | "operator"
            | "zoneinfo"
            | "pytz"
            | "dateutil"
            | "pydantic"
            | "geoalchemy2"
            | "sqlalchemy_utils"
            | "psycopg2"
            | "psycopg"
            | "tqdm"
            // Replaceable entities (`PGFunction(...)`): values until `op.create_entity()`.
            | "alembic_utils"
            // python-slugify: text in, text out.
            | "slugify"
    )
}

/// An alembic_utils entity, as far as tables are concerned.
enum Entity {
    /// A function, trigger, extension, policy or grant: no table's columns change.
    Other,
    /// A view or materialized view of this name.
    View(TableName),
}

/// Methods that run DDL on whatever object they are called on (`table.create(bind)`,
/// `metadata.create_all(bind)`), or that are migration operations called on something
/// other than `op` (an `Operations` object, `context.impl`).
const DDL_METHODS: &[&str] = &[
    "create",
    "drop",
    "create_all",
    "drop_all",
    "run_sync",
    "run_migrations",
    "invoke",
    "create_table",
    "drop_table",
    "rename_table",
    "add_column",
    "drop_column",
    "alter_column",
    "create_index",
    "drop_index",
    "create_unique_constraint",
    "create_foreign_key",
    "create_primary_key",
    "create_check_constraint",
    "drop_constraint",
    "batch_alter_table",
];

/// `with op.batch_alter_table("t", schema="s") as batch_op:`.
#[derive(Clone)]
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
    /// The condition the statements being lowered run under.
    condition: Option<Condition>,
    /// Inside a `try` with handlers: a failing op is caught, so it is never a finding.
    tolerant: bool,
    /// Names assigned in the function so far (for `is_sqlite = bind.dialect.name ==
    /// "sqlite"` and `if is_sqlite:`), the last assignment of each.
    locals: HashMap<&'a str, &'a Expr>,
    /// How many `autocommit_block()`s the statement being lowered is inside.
    autocommit_depth: usize,
}

/// The batch contexts a helper sees: the caller's, and each one the call passes again
/// under the name of the parameter that receives it.
fn with_renamed(batches: &[Batch], renamed: &[(String, String)], keep: bool) -> Vec<Batch> {
    let mut out: Vec<Batch> = Vec::with_capacity(batches.len() + renamed.len());
    for (param, alias) in renamed {
        if let Some(b) = batches.iter().find(|b| &b.alias == alias) {
            out.push(Batch {
                alias: param.clone(),
                ..b.clone()
            });
        }
    }
    if keep {
        out.extend(batches.iter().cloned());
    }
    out
}

/// Lower one function body.
pub fn lower_body<'a>(module: &Module<'a>, body: &'a [Stmt]) -> Body {
    let mut lowering = Lowering {
        module,
        ops: Vec::new(),
        following: Vec::new(),
        condition: None,
        tolerant: false,
        locals: HashMap::new(),
        autocommit_depth: 0,
    };
    lowering.statements(body, &[]);
    // Most bodies hold one or two ops, and a vector's first growth makes room for four:
    // the bodies are kept for the whole run.
    lowering.ops.shrink_to_fit();
    Body {
        ops: lowering.ops,
        is_empty: body.iter().all(is_inert),
        raises: body.iter().any(|s| matches!(s, Stmt::Raise(_))),
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
    fn push(&mut self, kind: OpKind, at: &impl Ranged) {
        let conditional = self
            .condition
            .as_ref()
            .is_some_and(|c| c.eval(None) != Some(true));
        // Code in a branch that cannot run on PostgreSQL (`if bind.dialect.name ==
        // "mysql":`) is not part of the SQL the safety rules read.
        let not_on_postgresql = self.condition.as_ref().is_some_and(|c| {
            c.eval(Some(crate::ops::Dialect::PostgreSQL)) == Some(false)
                || c.reads_dialect_unknowably()
        });
        self.ops.push(Op {
            kind,
            span: span(at.range()),
            conditional,
            condition: self.condition.clone(),
            guarded: self.tolerant,
            run: RunOptions {
                autocommit: self.autocommit_depth > 0,
                not_on_postgresql,
                ..RunOptions::default()
            },
        });
    }

    /// Lower `body` under `condition` added to the current one.
    fn under(&mut self, condition: Condition, body: &'a [Stmt], batches: &[Batch]) {
        if condition.eval(None) == Some(false) {
            return;
        }
        let saved = self.condition.clone();
        if condition.eval(None) != Some(true) {
            self.condition = Some(Condition::and(saved.as_ref(), condition));
        }
        self.statements(body, batches);
        self.condition = saved;
    }

    fn statements(&mut self, body: &'a [Stmt], batches: &[Batch]) {
        for stmt in body {
            match stmt {
                Stmt::Expr(e) => self.expression(&e.value, batches),
                Stmt::Assign(a) => {
                    for target in &a.targets {
                        if let Expr::Name(name) = target {
                            self.locals.insert(name.id.as_str(), &a.value);
                        }
                    }
                    self.expression(&a.value, batches);
                }
                Stmt::AnnAssign(a) => {
                    if let Some(value) = &a.value {
                        if let Expr::Name(name) = a.target.as_ref() {
                            self.locals.insert(name.id.as_str(), value);
                        }
                        self.expression(value, batches);
                    }
                }
                Stmt::AugAssign(a) => self.expression(&a.value, batches),
                Stmt::Return(r) => {
                    if let Some(value) = &r.value {
                        self.expression(value, batches);
                    }
                    // Code after an unconditional return never runs.
                    if self.condition.is_none() {
                        return;
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
                            if let Some(Expr::Name(alias)) = item.optional_vars.as_deref() {
                                self.locals.insert(alias.id.as_str(), &item.context_expr);
                            }
                            self.expression(&item.context_expr, batches);
                        }
                    }
                    self.autocommit_depth += usize::from(autocommit);
                    if inner.is_empty() {
                        self.statements(&with.body, batches);
                    } else {
                        inner.extend(batches.iter().cloned());
                        self.statements(&with.body, &inner);
                    }
                    self.autocommit_depth -= usize::from(autocommit);
                }
                Stmt::If(s) => {
                    // Each clause runs when its test holds and no earlier one did.
                    let first = self.condition_of(&s.test);
                    self.expression(&s.test, batches);
                    let mut earlier = vec![first.clone()];
                    self.under(first, &s.body, batches);
                    for clause in &s.elif_else_clauses {
                        let not_earlier = Condition::Not(Box::new(if earlier.len() == 1 {
                            earlier[0].clone()
                        } else {
                            Condition::Any(earlier.clone())
                        }));
                        let this = match &clause.test {
                            Some(test) => {
                                let c = self.condition_of(test);
                                earlier.push(c.clone());
                                Condition::All(vec![not_earlier, c])
                            }
                            None => not_earlier,
                        };
                        self.under(this, &clause.body, batches);
                    }
                }
                // `for name in ("ix_a", "ix_b"):` (or a module constant holding such a
                // list): the body once per name, with the name bound.
                Stmt::For(s)
                    if !s.is_async
                        && let Expr::Name(var) = s.target.as_ref()
                        && let Some(items) = self.const_strings(&s.iter)
                        && !breaks_out(&s.body) =>
                {
                    for item in items {
                        self.locals.insert(var.id.as_str(), item);
                        self.statements(&s.body, batches);
                    }
                    self.statements(&s.orelse, batches);
                }
                Stmt::For(s) => {
                    self.expression(&s.iter, batches);
                    self.under(Condition::Unknown, &s.body, batches);
                    self.under(Condition::Unknown, &s.orelse, batches);
                }
                Stmt::While(s) => {
                    self.under(Condition::Unknown, &s.body, batches);
                    self.under(Condition::Unknown, &s.orelse, batches);
                }
                Stmt::Try(s) => {
                    // The body is the path the author intends; a handler runs only when
                    // it failed (and then what failed is caught, not a finding), so it is
                    // not replayed.
                    let saved = self.tolerant;
                    self.tolerant |= !s.handlers.is_empty();
                    self.statements(&s.body, batches);
                    self.tolerant = saved;
                    self.statements(&s.orelse, batches);
                    self.statements(&s.finalbody, batches);
                }
                Stmt::Match(s) => {
                    for case in &s.cases {
                        self.under(Condition::Unknown, &case.body, batches);
                    }
                }
                _ => {}
            }
        }
    }

    /// What an `if` test says, as a condition: dialect tests are read, constants
    /// evaluated (`if False:`), `context.is_offline_mode()` is false (retort replays a
    /// migration run against a database); anything else is unknown.
    fn condition_of(&self, test: &'a Expr) -> Condition {
        self.condition_at(test, 0)
    }

    /// What `name in <listing>` asks, when `listing` is SQLAlchemy's inspector listing
    /// the database's tables (`get_table_names()`), or the names of a table's columns or
    /// indexes (`[x["name"] for x in inspector.get_columns("t")]`, `x.get("name")`, a
    /// set of them), directly or through a local name.
    fn names_listed(&self, listing: &'a Expr, name: &str, depth: usize) -> Option<SchemaObject> {
        if depth > 8 {
            return None;
        }
        let inspector_call = |expr: &Expr| -> Option<(&'static str, Option<String>)> {
            let Expr::Call(call) = expr else { return None };
            if !matches!(call.func.as_ref(), Expr::Attribute(_)) {
                return None;
            }
            let method = match last_name(&call.func)? {
                "get_table_names" => "tables",
                "get_columns" => "columns",
                "get_indexes" => "indexes",
                _ => return None,
            };
            let table = match method {
                "tables" => None,
                _ => Some(self.const_str(arg(call, 0, "table_name")?)?.to_owned()),
            };
            if call
                .arguments
                .keywords
                .iter()
                .any(|k| k.arg.as_ref().is_some_and(|a| a.as_str() == "schema"))
            {
                return None;
            }
            Some((method, table))
        };
        // The element of a comprehension: `x["name"]` or `x.get("name")` of its variable.
        let takes_name = |elt: &Expr, var: &str| -> bool {
            match elt {
                Expr::Subscript(sub) => {
                    matches!(sub.value.as_ref(), Expr::Name(n) if n.id.as_str() == var)
                        && str_lit(&sub.slice) == Some("name")
                }
                Expr::Call(call) => {
                    last_name(&call.func) == Some("get")
                        && matches!(call.func.as_ref(), Expr::Attribute(a)
                            if matches!(a.value.as_ref(), Expr::Name(n) if n.id.as_str() == var))
                        && call.arguments.args.first().and_then(str_lit) == Some("name")
                }
                _ => false,
            }
        };
        let (elt, generators) = match listing {
            Expr::Name(local) => {
                let value = self.locals.get(local.id.as_str())?;
                return self.names_listed(value, name, depth + 1);
            }
            Expr::Call(_) => {
                return match inspector_call(listing)? {
                    ("tables", None) => Some(SchemaObject::Table(name.to_owned())),
                    _ => None,
                };
            }
            Expr::ListComp(c) => (&c.elt, &c.generators),
            Expr::SetComp(c) => (&c.elt, &c.generators),
            _ => return None,
        };
        let [generator] = generators.as_slice() else {
            return None;
        };
        let Expr::Name(var) = &generator.target else {
            return None;
        };
        if !generator.ifs.is_empty() || !takes_name(elt, var.id.as_str()) {
            return None;
        }
        match inspector_call(&generator.iter)? {
            ("columns", Some(table)) => Some(SchemaObject::Column(table, name.to_owned())),
            ("indexes", Some(_)) => Some(SchemaObject::Index(name.to_owned())),
            _ => None,
        }
    }

    fn condition_at(&self, test: &'a Expr, depth: usize) -> Condition {
        use ruff_python_ast::{BoolOp, CmpOp, UnaryOp};
        if depth > 8 {
            return Condition::Unknown;
        }
        match test {
            Expr::BooleanLiteral(b) => constant(b.value),
            Expr::NumberLiteral(n) => match &n.value {
                ruff_python_ast::Number::Int(i) => constant(i.as_u64() != Some(0)),
                _ => Condition::Unknown,
            },
            Expr::NoneLiteral(_) => constant(false),
            Expr::UnaryOp(u) if u.op == UnaryOp::Not => {
                Condition::Not(Box::new(self.condition_at(&u.operand, depth + 1)))
            }
            Expr::BoolOp(b) => {
                let parts = b
                    .values
                    .iter()
                    .map(|v| self.condition_at(v, depth + 1))
                    .collect();
                match b.op {
                    BoolOp::And => Condition::All(parts),
                    BoolOp::Or => Condition::Any(parts),
                }
            }
            Expr::Name(name) => match self.locals.get(name.id.as_str()) {
                Some(value) => self.condition_at(value, depth + 1),
                None if name.id.as_str() == "TYPE_CHECKING" => constant(false),
                None => Condition::Unknown,
            },
            Expr::Call(call)
                if last_name(&call.func) == Some("is_offline_mode")
                    && call.arguments.args.is_empty() =>
            {
                constant(false)
            }
            // `isinstance(bind.dialect, MySQLDialect)`, `isinstance(bind.dialect,
            // (postgresql.dialect, ...))`.
            Expr::Call(call)
                if matches!(call.func.as_ref(), Expr::Name(n) if n.id.as_str() == "isinstance")
                    && call.arguments.args.len() == 2
                    && self.is_dialect(&call.arguments.args[0], depth) =>
            {
                match dialect_classes(&call.arguments.args[1]) {
                    Some(names) => Condition::DialectIs(names),
                    None => Condition::UnknownDialect,
                }
            }
            // `bind.dialect.name.startswith("postgres")`
            Expr::Call(call)
                if last_name(&call.func) == Some("startswith")
                    && let Expr::Attribute(attr) = call.func.as_ref()
                    && self.is_dialect_name(&attr.value, depth)
                    && let Some(prefix) = call.arguments.args.first().and_then(str_lit) =>
            {
                let names: Vec<String> = KNOWN_DIALECTS
                    .iter()
                    .filter(|d| d.starts_with(prefix))
                    .map(|d| (*d).to_owned())
                    .collect();
                Condition::DialectIs(names)
            }
            // `"c" not in [x["name"] for x in inspector.get_columns("t")]`, `"t" in
            // inspector.get_table_names()`: whether the database has the object.
            Expr::Compare(cmp)
                if cmp.ops.len() == 1
                    && matches!(cmp.ops[0], CmpOp::In | CmpOp::NotIn)
                    && let Some(name) = self.const_str(&cmp.left)
                    && let Some(object) = self.names_listed(&cmp.comparators[0], name, depth) =>
            {
                let has = Condition::Has(object);
                if cmp.ops[0] == CmpOp::In {
                    has
                } else {
                    Condition::Not(Box::new(has))
                }
            }
            // `inspector.has_table("t")`, `sa.inspect(bind).has_table("t")`.
            Expr::Call(call)
                if last_name(&call.func) == Some("has_table")
                    && matches!(call.func.as_ref(), Expr::Attribute(_))
                    && call.arguments.args.len() == 1
                    && call.arguments.keywords.is_empty()
                    && let Some(table) = self.const_str(&call.arguments.args[0]) =>
            {
                Condition::Has(SchemaObject::Table(table.to_owned()))
            }
            // `"sqlite" in bind.dialect.dialect_description` ("sqlite+pysqlite").
            Expr::Compare(cmp)
                if cmp.ops.len() == 1
                    && matches!(cmp.ops[0], CmpOp::In | CmpOp::NotIn)
                    && let Expr::Attribute(attr) = &cmp.comparators[0]
                    && attr.attr.as_str() == "dialect_description"
                    && self.is_dialect(&attr.value, depth) =>
            {
                let names: Vec<String> = str_lit(&cmp.left)
                    .map(|part| {
                        KNOWN_DIALECTS
                            .iter()
                            .filter(|d| part.len() >= 4 && d.contains(part))
                            .map(|d| (*d).to_owned())
                            .collect()
                    })
                    .unwrap_or_default();
                if names.is_empty() {
                    return Condition::UnknownDialect;
                }
                let is = Condition::DialectIs(names);
                if cmp.ops[0] == CmpOp::In {
                    is
                } else {
                    Condition::Not(Box::new(is))
                }
            }
            Expr::Compare(cmp) if cmp.ops.len() == 1 => {
                let (left, right) = (cmp.left.as_ref(), &cmp.comparators[0]);
                let names = if self.is_dialect_name(left, depth) {
                    self.constant_names(right, depth)
                } else if self.is_dialect_name(right, depth) {
                    self.constant_names(left, depth)
                } else {
                    return self.unknown(test);
                };
                let Some(names) = names else {
                    return Condition::UnknownDialect;
                };
                let is = Condition::DialectIs(names);
                match cmp.ops[0] {
                    CmpOp::Eq | CmpOp::In | CmpOp::Is => is,
                    CmpOp::NotEq | CmpOp::NotIn | CmpOp::IsNot => Condition::Not(Box::new(is)),
                    _ => Condition::UnknownDialect,
                }
            }
            _ => self.unknown(test),
        }
    }

    /// A test retort cannot evaluate: `UnknownDialect` when its text speaks of the
    /// dialect or a database (`if _is_sqlite():`, `if dialect_supports_x(bind):`), so
    /// that neither side of it counts as PostgreSQL's SQL.
    fn unknown(&self, test: &Expr) -> Condition {
        let range = test.range();
        let text = self
            .module
            .text
            .get(range.start().to_usize()..range.end().to_usize())
            .unwrap_or("")
            .to_ascii_lowercase();
        let words = [
            "dialect",
            "sqlite",
            "mysql",
            "mariadb",
            "postgres",
            "psycopg",
            "oracle",
            "mssql",
            "engine.name",
        ];
        if words.iter().any(|w| text.contains(w)) {
            Condition::UnknownDialect
        } else {
            Condition::Unknown
        }
    }

    /// The dialect names an expression compared with a dialect's name stands for: a
    /// literal (or a tuple/list/set of them), a local or module-level constant, or a
    /// constant imported from the project's own modules (`engine.name == MYSQL_ENGINE`).
    fn constant_names(&self, expr: &'a Expr, depth: usize) -> Option<Vec<String>> {
        if depth > 8 {
            return None;
        }
        if let Some(names) = dialect_names(expr) {
            return Some(names);
        }
        if let Expr::Name(name) = expr {
            if let Some(value) = self.locals.get(name.id.as_str()) {
                return self.constant_names(value, depth + 1);
            }
            if let Some(value) = self.module.constants.get(name.id.as_str()) {
                return dialect_names(value);
            }
        }
        // `MYSQL_ENGINE` from `from pkg.mod import MYSQL_ENGINE`, or `mod.MYSQL_ENGINE`.
        let written = dotted(expr)?;
        let (first, rest) = match written.split_once('.') {
            Some((first, rest)) => (first, Some(rest)),
            None => (written.as_str(), None),
        };
        let imported = self.module.import_of(first)?;
        let path = match rest {
            Some(rest) => format!("{imported}.{rest}"),
            None => imported.to_owned(),
        };
        self.imported_constant(&path)
    }

    /// A string constant (or tuple of them) at module level in one of the project's own
    /// modules: `pkg.mod.NAME`.
    fn imported_constant(&self, path: &str) -> Option<Vec<String>> {
        let roots = self.module.roots?;
        let (module_name, name) = path.rsplit_once('.')?;
        let file = roots.find(module_name)?;
        let text = std::fs::read_to_string(&file).ok()?;
        super::parse_guarded(&text, |parsed, _| {
            let module = Module::new(&text, &parsed.syntax().body);
            module.constants.get(name).and_then(|v| dialect_names(v))
        })
    }

    /// `op.get_bind().dialect.name`, `conn.engine.name`, `context.get_context().dialect.name`,
    /// or a local bound to one (`name = bind.dialect.name`), or `.name` of a local bound
    /// to a dialect (`dialect = bind.dialect`).
    fn is_dialect_name(&self, expr: &'a Expr, depth: usize) -> bool {
        if depth > 8 {
            return false;
        }
        match expr {
            Expr::Attribute(attr) if attr.attr.as_str() == "name" => {
                self.is_dialect(&attr.value, depth + 1)
            }
            Expr::Name(name) => self
                .locals
                .get(name.id.as_str())
                .is_some_and(|v| self.is_dialect_name(v, depth + 1)),
            _ => false,
        }
    }

    fn is_dialect(&self, expr: &'a Expr, depth: usize) -> bool {
        if depth > 8 {
            return false;
        }
        match expr {
            Expr::Attribute(attr) => matches!(attr.attr.as_str(), "dialect" | "engine"),
            Expr::Name(name) => self
                .locals
                .get(name.id.as_str())
                .is_some_and(|v| self.is_dialect(v, depth + 1)),
            _ => false,
        }
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

    /// Lower the calls an expression makes, in evaluation order as far as it matters.
    fn expression(&mut self, expr: &'a Expr, batches: &[Batch]) {
        match expr {
            Expr::Call(call) => self.call(call, batches),
            Expr::Await(a) => self.expression(&a.value, batches),
            Expr::Attribute(a) => self.expression(&a.value, batches),
            Expr::Subscript(s) => {
                self.expression(&s.value, batches);
                self.expression(&s.slice, batches);
            }
            Expr::List(l) => l.elts.iter().for_each(|e| self.expression(e, batches)),
            Expr::Tuple(t) => t.elts.iter().for_each(|e| self.expression(e, batches)),
            Expr::Set(t) => t.elts.iter().for_each(|e| self.expression(e, batches)),
            Expr::Dict(d) => d.items.iter().for_each(|item| {
                if let Some(key) = &item.key {
                    self.expression(key, batches);
                }
                self.expression(&item.value, batches);
            }),
            Expr::BinOp(b) => {
                self.expression(&b.left, batches);
                self.expression(&b.right, batches);
            }
            Expr::BoolOp(b) => b.values.iter().for_each(|e| self.expression(e, batches)),
            Expr::UnaryOp(u) => self.expression(&u.operand, batches),
            Expr::Compare(c) => {
                self.expression(&c.left, batches);
                c.comparators
                    .iter()
                    .for_each(|e| self.expression(e, batches));
            }
            Expr::If(i) => {
                self.expression(&i.test, batches);
                let saved = self.condition.clone();
                self.condition = Some(Condition::and(saved.as_ref(), Condition::Unknown));
                self.expression(&i.body, batches);
                self.expression(&i.orelse, batches);
                self.condition = saved;
            }
            // Comprehensions run their element once per item: maybe never.
            Expr::ListComp(c) => self.comprehension(&c.elt, None, &c.generators, batches),
            Expr::SetComp(c) => self.comprehension(&c.elt, None, &c.generators, batches),
            Expr::Generator(c) => self.comprehension(&c.elt, None, &c.generators, batches),
            Expr::DictComp(c) => match &c.key {
                Some(key) => self.comprehension(key, Some(&c.value), &c.generators, batches),
                None => self.comprehension(&c.value, None, &c.generators, batches),
            },
            Expr::Starred(s) => self.expression(&s.value, batches),
            Expr::Named(n) => self.expression(&n.value, batches),
            Expr::FString(_) => {
                // Interpolated calls (`f"{conn.execute(...)}"`) are rare enough to
                // look at as code retort does not follow.
                let mut calls = false;
                walk_calls(expr, &mut calls);
                if calls {
                    self.push(
                        OpKind::Opaque {
                            tables: None,
                            what: "calls code inside an f-string".to_owned(),
                        },
                        expr,
                    );
                }
            }
            // Lambdas run only when called.
            _ => {}
        }
    }

    fn comprehension(
        &mut self,
        elt: &'a Expr,
        value: Option<&'a Expr>,
        generators: &'a [ruff_python_ast::Comprehension],
        batches: &[Batch],
    ) {
        if let Some(first) = generators.first() {
            self.expression(&first.iter, batches);
        }
        let saved = self.condition.clone();
        self.condition = Some(Condition::and(saved.as_ref(), Condition::Unknown));
        for generator in generators.iter().skip(1) {
            self.expression(&generator.iter, batches);
        }
        self.expression(elt, batches);
        if let Some(value) = value {
            self.expression(value, batches);
        }
        self.condition = saved;
    }

    fn arguments(&mut self, call: &'a ExprCall, batches: &[Batch]) {
        for a in &call.arguments.args {
            self.expression(a, batches);
        }
        for k in &call.arguments.keywords {
            self.expression(&k.value, batches);
        }
    }

    fn call(&mut self, call: &'a ExprCall, batches: &[Batch]) {
        if let Some(name) = self.op_function(call) {
            self.op_call(name, call);
            return;
        }
        if let Expr::Attribute(attr) = call.func.as_ref()
            && let Expr::Name(receiver) = attr.value.as_ref()
            && let Some(batch) = batches.iter().find(|b| b.alias == receiver.id.as_str())
        {
            let before = self.ops.len();
            self.batch_call(attr.attr.as_str(), call, batch.table.clone());
            for op in &mut self.ops[before..] {
                op.run.batch_recreate = batch.recreate;
            }
            return;
        }
        let function = last_name(&call.func).unwrap_or("");
        if matches!(
            function,
            "execute" | "exec_driver_sql" | "executescript" | "executemany"
        ) && matches!(call.func.as_ref(), Expr::Attribute(_))
        {
            if let Expr::Attribute(attr) = call.func.as_ref() {
                self.expression(&attr.value, batches);
            }
            self.execute(call.arguments.args.first(), call);
            return;
        }
        match call.func.as_ref() {
            Expr::Name(name) => {
                let name = name.id.as_str();
                if let Some(helper) = self.module.helpers.get(name).copied() {
                    self.arguments(call, batches);
                    self.follow(helper, call, batches);
                } else if self.module.is_known_callee(&call.func) {
                    self.arguments(call, batches);
                } else if let Some(path) = self.module.import_of(name).map(str::to_owned)
                    && self.follow_imported(&path, call, batches)
                {
                } else {
                    let what = match self.module.import_of(name) {
                        Some(path) => format!(
                            "calls `{name}()` from `{}`, which retort does not follow",
                            // `from app.fixes import trim`: the module is `app.fixes`.
                            path.strip_suffix(name)
                                .and_then(|p| p.strip_suffix('.'))
                                .unwrap_or(path)
                        ),
                        None => format!("calls `{name}()`, which retort does not follow"),
                    };
                    self.push(OpKind::Opaque { tables: None, what }, call);
                }
            }
            Expr::Attribute(attr) => {
                let method = attr.attr.as_str();
                let root = root_name(&attr.value);
                // `module.function(...)`: a function of an imported module.
                if let Some(root) = root
                    && let Expr::Name(_) | Expr::Attribute(_) = attr.value.as_ref()
                    && let Some(module) = self.module.import_of(root)
                    && !self.module.classes.contains(root)
                {
                    if is_value_library(module) && !DDL_METHODS.contains(&method) {
                        self.arguments(call, batches);
                        return;
                    }
                    if !is_value_library(module) {
                        // `helpers.add_audit_columns(...)` of `from app import helpers`.
                        let written = dotted(&call.func).unwrap_or_default();
                        let path = match written.split_once('.') {
                            Some((_, rest)) => format!("{module}.{rest}"),
                            None => module.to_owned(),
                        };
                        if self.follow_imported(&path, call, batches) {
                            return;
                        }
                        let what = format!(
                            "calls `{}()` from `{module}`, which retort does not follow",
                            dotted(&call.func).unwrap_or_default()
                        );
                        self.push(OpKind::Opaque { tables: None, what }, call);
                        return;
                    }
                }
                if DDL_METHODS.contains(&method) {
                    self.ddl_method(method, attr, call, batches);
                    return;
                }
                if let Some(root) = root
                    && self.module.unknown_globals.contains(root)
                    && !is_harmless_method(method)
                {
                    let what = format!(
                        "calls `{}()` on an object retort does not follow",
                        dotted(&call.func).unwrap_or_else(|| method.to_owned())
                    );
                    self.push(OpKind::Opaque { tables: None, what }, call);
                    return;
                }
                // `session.query(Model).delete()`, unfiltered: the table is empty after
                // it (in the migration's transaction, when the session is bound to
                // `op.get_bind()`), which the safety rules read as `DELETE FROM t`.
                if let Some(table) = self.orm_emptied(method, &attr.value, call) {
                    self.push(
                        OpKind::Execute {
                            effect: SqlEffect::DataOnly,
                        },
                        call,
                    );
                    if let Some(op) = self.ops.last_mut() {
                        op.run.sql = Some(delete_all(&table));
                    }
                    return;
                }
                // A method of a value (a row, a string, a session, a query result): it
                // reads or edits data, not the schema.
                self.expression(&attr.value, batches);
                self.arguments(call, batches);
            }
            // `(lambda bind: ...)(x)`, as a lambda passed to a helper is called there:
            // its body runs.
            Expr::Lambda(lambda) => {
                self.arguments(call, batches);
                self.expression(&lambda.body, batches);
            }
            other => {
                self.expression(other, batches);
                self.arguments(call, batches);
            }
        }
    }

    /// A function of the project's own modules (`path` is `package.module.function`),
    /// followed where it is called, as a helper of the file is. Whether it was found;
    /// a class of that module is made, which runs no SQL.
    fn follow_imported(&mut self, path: &str, call: &ExprCall, batches: &[Batch]) -> bool {
        let Some(roots) = self.module.roots else {
            return false;
        };
        let Some((module_name, function)) = path.rsplit_once('.') else {
            return false;
        };
        if self.module.depth >= 3 {
            return false;
        }
        let Some(file) = roots.find(module_name) else {
            return false;
        };
        let Ok(text) = std::fs::read_to_string(&file) else {
            return false;
        };
        let package = if file.ends_with("__init__.py") {
            module_name.to_owned()
        } else {
            module_name
                .rsplit_once('.')
                .map(|(p, _)| p.to_owned())
                .unwrap_or_default()
        };
        // The call's arguments, resolved through the caller's local names, written
        // after the helper's module as one more call: parsed with it, they can be
        // carried into the helper with text to match (`None`: nothing to carry).
        let carried = self.arguments_as_text(call, batches);
        let source = match &carried {
            Some(arguments) => format!("{text}\n\n__retort_call__({arguments})\n"),
            None => text,
        };
        let found = super::parse_guarded(&source, |parsed, problems| {
            if !problems.kept.is_empty() {
                return None;
            }
            let mut body = &parsed.syntax().body[..];
            let mut passed = None;
            if carried.is_some()
                && let Some((Stmt::Expr(last), rest)) = body.split_last()
                && let Expr::Call(synthetic) = last.value.as_ref()
            {
                body = rest;
                passed = Some(synthetic);
            }
            let mut module = Module::in_package(&source, body, Some(format!("{package}.x")));
            module.roots = Some(roots);
            module.depth = self.module.depth + 1;
            if module.classes.contains(function) {
                return Some(Vec::new());
            }
            let def = *module.helpers.get(function)?;
            let (binding, renamed) = match passed {
                Some(synthetic) => self.bind(&def.parameters, synthetic, batches, Some(&module)),
                None => (Binding::default(), Vec::new()),
            };
            // Only the batch contexts passed in: the caller's others are not in scope.
            let batches = with_renamed(batches, &renamed, false);
            let statements = binding.apply(&def.body);
            let mut imported = Lowering {
                module: &module,
                ops: Vec::new(),
                following: Vec::new(),
                condition: self.condition.clone(),
                tolerant: self.tolerant,
                locals: HashMap::new(),
                autocommit_depth: self.autocommit_depth,
            };
            imported.statements(&statements, &batches);
            Some(imported.ops)
        });
        let Some(mut ops) = found else {
            return false;
        };
        // Its ops are placed at the call, where they run.
        for op in &mut ops {
            op.span = span(call.range());
        }
        self.ops.extend(ops);
        true
    }

    /// A helper function of this file, followed where it is called.
    fn follow(&mut self, helper: &'a StmtFunctionDef, call: &ExprCall, batches: &[Batch]) {
        if self.following.contains(&helper.name.as_str()) || self.following.len() > 4 {
            return;
        }
        let (binding, renamed) = self.bind(&helper.parameters, call, batches, None);
        let before = self.ops.len();
        if binding.is_empty() && renamed.is_empty() {
            self.following.push(helper.name.as_str());
            let saved_locals = std::mem::take(&mut self.locals);
            self.statements(&helper.body, batches);
            self.locals = saved_locals;
            self.following.pop();
        } else {
            // The helper's body with its parameters replaced by what the call passes,
            // lowered on its own (it sees none of the caller's local names).
            let body = binding.apply(&helper.body);
            let mut following = self.following.clone();
            following.push(helper.name.as_str());
            let mut inner = Lowering {
                module: self.module,
                ops: Vec::new(),
                following,
                condition: self.condition.clone(),
                tolerant: self.tolerant,
                locals: HashMap::new(),
                autocommit_depth: self.autocommit_depth,
            };
            inner.statements(&body, &with_renamed(batches, &renamed, true));
            self.ops.extend(inner.ops);
        }
        // The helper's ops are placed at the call, where they run.
        for op in &mut self.ops[before..] {
            op.span = span(call.range());
        }
    }

    /// What a call passes to a helper's parameters, as far as it can be carried into the
    /// helper: arguments resolved through the caller's local names, none that still
    /// reads one (the helper cannot see them). `callee`: the helper's module when it is
    /// another file than the caller's; then a name an argument reads must mean the same
    /// there (the same import), and arguments are carried as their text (see
    /// `follow_imported`). Also the batch aliases passed (`helper(batch_op)`): the
    /// parameter with the caller's alias it stands for.
    fn bind(
        &self,
        params: &Parameters,
        call: &ExprCall,
        batches: &[Batch],
        callee: Option<&Module<'_>>,
    ) -> (Binding, Vec<(String, String)>) {
        let mut binding = Binding::default();
        let mut renamed = Vec::new();
        let Some(placed) = binding::place(params, &call.arguments) else {
            return (binding, renamed);
        };
        let carry = |value: &Expr| -> Option<Expr> {
            let resolved = if callee.is_some() {
                value
            } else {
                self.value_of(value)
            };
            self.portable(resolved, callee).then(|| resolved.clone())
        };
        for (name, value, from_call) in placed.named {
            if !from_call {
                binding.values.insert(name.to_owned(), value.clone());
                continue;
            }
            if let Expr::Name(alias) = value
                && batches.iter().any(|b| b.alias == alias.id.as_str())
            {
                renamed.push((name.to_owned(), alias.id.to_string()));
                continue;
            }
            if let Some(carried) = carry(value) {
                binding.values.insert(name.to_owned(), carried);
            }
        }
        if let Some((name, values)) = placed.star {
            let carried: Option<Vec<Expr>> = values.into_iter().map(carry).collect();
            if let Some(values) = carried {
                binding.star = Some((name.to_owned(), values));
            }
        }
        if let Some((name, keywords)) = placed.double_star {
            let carried: Option<Vec<Keyword>> = keywords
                .into_iter()
                .map(|k| {
                    let value = carry(&k.value)?;
                    Some(Keyword { value, ..k.clone() })
                })
                .collect();
            if let Some(keywords) = carried {
                binding.double_star = Some((name.to_owned(), keywords));
            }
        }
        (binding, renamed)
    }

    /// The arguments of `call` as Python text (`"t", sa.Column("x"), k=1`), each
    /// resolved through the caller's local names first; `None` when the call passes
    /// nothing, spreads `*args`/`**kwargs`, or an argument's text is not at hand.
    fn arguments_as_text(&self, call: &ExprCall, batches: &[Batch]) -> Option<String> {
        let arguments = &call.arguments;
        if arguments.args.is_empty() && arguments.keywords.is_empty() {
            return None;
        }
        let text_of = |value: &Expr| -> Option<&str> {
            let value = match value {
                // A batch alias stays a name: the helper receives the batch.
                Expr::Name(n) if batches.iter().any(|b| b.alias == n.id.as_str()) => value,
                _ => match self.value_of(value) {
                    Expr::Name(n) => self
                        .module
                        .constants
                        .get(n.id.as_str())
                        .copied()
                        .unwrap_or(value),
                    resolved => resolved,
                },
            };
            let range = value.range();
            self.module
                .text
                .get(range.start().to_usize()..range.end().to_usize())
        };
        let mut out = String::from("\n");
        for value in arguments.args.iter() {
            if matches!(value, Expr::Starred(_)) {
                return None;
            }
            out.push_str(text_of(value)?);
            out.push_str(",\n");
        }
        for keyword in arguments.keywords.iter() {
            let name = keyword.arg.as_ref()?;
            out.push_str(name.as_str());
            out.push('=');
            out.push_str(text_of(&keyword.value)?);
            out.push_str(",\n");
        }
        Some(out)
    }

    /// Whether `value` means the same inside the helper: it reads no local name of the
    /// caller, and, for a helper of another module, every name it reads is imported
    /// from the same place there or bound in neither module (a builtin).
    fn portable(&self, value: &Expr, callee: Option<&Module<'_>>) -> bool {
        binding::names_read(value).into_iter().all(|name| {
            if self.locals.contains_key(name) {
                return false;
            }
            let Some(callee) = callee else {
                return true;
            };
            match (self.module.import_of(name), callee.import_of(name)) {
                (Some(here), Some(there)) => here == there,
                (Some(_), None) | (None, Some(_)) => false,
                (None, None) => !self.module.binds(name) && !callee.binds(name),
            }
        })
    }

    /// `x.create(bind)`, `metadata.create_all(bind)`, `ops.add_column(...)` on
    /// something that is not `op`: what the receiver is decides what may change.
    fn ddl_method(
        &mut self,
        method: &str,
        attr: &'a ruff_python_ast::ExprAttribute,
        call: &'a ExprCall,
        batches: &[Batch],
    ) {
        self.arguments(call, batches);
        let receiver = self.value_of(&attr.value);
        if let Expr::Call(made) = receiver
            && matches!(method, "create" | "drop")
        {
            match last_name(&made.func).unwrap_or("") {
                // Types and sequences hold no columns retort models.
                "Enum" | "ENUM" | "Sequence" | "DOMAIN" | "CompositeType" => {
                    return;
                }
                "Index" => {
                    self.push(
                        OpKind::Execute {
                            effect: SqlEffect::Indexes,
                        },
                        call,
                    );
                    return;
                }
                "Table" | "table" => {
                    if let Some(table) = table_construct(receiver) {
                        self.push(
                            OpKind::Opaque {
                                tables: Some(vec![table]),
                                what: format!(
                                    "`{}()` runs DDL",
                                    dotted(&call.func).unwrap_or_default()
                                ),
                            },
                            call,
                        );
                        return;
                    }
                }
                _ => {}
            }
        }
        let what = format!(
            "`{}()` runs DDL retort does not follow",
            dotted(&call.func).unwrap_or_else(|| method.to_owned())
        );
        self.push(OpKind::Opaque { tables: None, what }, call);
    }

    /// The expression a name stands for, through local assignments (one level deep
    /// per name, to a limit).
    fn value_of(&self, expr: &'a Expr) -> &'a Expr {
        let mut current = expr;
        for _ in 0..8 {
            match current {
                Expr::Name(name) => match self.locals.get(name.id.as_str()) {
                    Some(v) => current = v,
                    // A module-level value the function does not rebind.
                    None => match self.module.values.get(name.id.as_str()) {
                        Some(v) => current = v,
                        None => break,
                    },
                },
                _ => break,
            }
        }
        current
    }

    /// Argument holding a table name (a literal, or `op.f(...)`), with `schema=`.
    fn table_arg(
        &self,
        call: &ExprCall,
        position: usize,
        name: &str,
        schema_kw: &str,
    ) -> Option<TableName> {
        let table = self.const_str(arg(call, position, name)?)?;
        let schema = match keyword(call, schema_kw) {
            None => None,
            Some(Expr::NoneLiteral(_)) => None,
            Some(e) => Some(self.const_str(e)?),
        };
        Some(TableName::new(schema, table))
    }

    /// A string literal, or a name the module binds to one (`INDEX = "ix_files_path"`)
    /// and the function does not rebind.
    fn const_str(&self, expr: &'a Expr) -> Option<&'a str> {
        if let Some(text) = str_lit(expr) {
            return Some(text);
        }
        let Expr::Name(name) = expr else {
            return None;
        };
        if let Some(value) = self.locals.get(name.id.as_str()) {
            return str_lit(value);
        }
        self.module
            .constants
            .get(name.id.as_str())
            .copied()
            .and_then(str_lit)
    }

    /// The items of a list or tuple of string literals, or the keys of a dict of them (at
    /// most 64), written out or
    /// bound to a module-level name the function does not rebind.
    fn const_strings(&self, expr: &'a Expr) -> Option<Vec<&'a Expr>> {
        let expr = match expr {
            Expr::Name(name) if !self.locals.contains_key(name.id.as_str()) => {
                self.module.constants.get(name.id.as_str()).copied()?
            }
            other => other,
        };
        let items: Vec<&'a Expr> = match expr {
            Expr::List(list) => list.elts.iter().collect(),
            Expr::Tuple(tuple) => tuple.elts.iter().collect(),
            // Iterating a dict gives its keys.
            Expr::Dict(dict) => dict
                .items
                .iter()
                .map(|item| item.key.as_ref())
                .collect::<Option<_>>()?,
            _ => return None,
        };
        (items.len() <= 64 && items.iter().all(|item| str_lit(item).is_some())).then_some(items)
    }

    fn opaque(&mut self, call: &ExprCall, tables: Option<Vec<TableName>>) {
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
        self.push(OpKind::Opaque { tables, what }, call);
    }

    fn op_call(&mut self, name: &str, call: &ExprCall) {
        let text = self.module.text;
        let table = |position: usize, kw: &str| self.table_arg(call, position, kw, "schema");
        let kind = match name {
            "create_table" => match table(0, "table_name") {
                Some(table) => create_table(table, &call.arguments.args[1..], text),
                None => return self.opaque(call, None),
            },
            "drop_table" => match table(0, "table_name") {
                Some(table) => OpKind::DropTable { table },
                None => return self.opaque(call, None),
            },
            "rename_table" => match (
                table(0, "old_table_name"),
                arg(call, 1, "new_table_name").and_then(str_lit),
            ) {
                (Some(table), Some(new)) => OpKind::RenameTable {
                    table,
                    new_name: new.to_owned(),
                },
                _ => return self.opaque(call, None),
            },
            "add_column" => match (table(0, "table_name"), arg(call, 1, "column")) {
                (Some(table), Some(column)) => match column_def(column, text) {
                    Some(column) => OpKind::AddColumn { table, column },
                    None => return self.opaque(call, Some(vec![table])),
                },
                (table, _) => return self.opaque(call, table.map(|t| vec![t])),
            },
            "drop_column" => match (table(0, "table_name"), arg(call, 1, "column_name")) {
                (Some(table), Some(column)) => match str_lit(column) {
                    Some(column) => OpKind::DropColumn {
                        table,
                        column: column.to_owned(),
                    },
                    None => return self.opaque(call, Some(vec![table])),
                },
                (table, _) => return self.opaque(call, table.map(|t| vec![t])),
            },
            "alter_column" => match (table(0, "table_name"), arg(call, 1, "column_name")) {
                (Some(table), Some(column)) => match alter_column(column, call, text) {
                    Some((column, change)) => OpKind::AlterColumn {
                        table,
                        column,
                        change,
                    },
                    None => return self.opaque(call, Some(vec![table])),
                },
                (table, _) => return self.opaque(call, table.map(|t| vec![t])),
            },
            "create_index" => match table(1, "table_name") {
                Some(table) => OpKind::CreateIndex {
                    table,
                    index: IndexDef {
                        name: arg(call, 0, "index_name")
                            .and_then(|e| self.const_str(e))
                            .map(str::to_owned),
                        ..index_def(call, 0, 2, text)
                    },
                },
                None => return self.opaque(call, None),
            },
            "drop_index" => match arg(call, 0, "index_name").and_then(|e| self.const_str(e)) {
                Some(index) => OpKind::DropIndex {
                    name: index.to_owned(),
                    table: table(1, "table_name"),
                },
                // An index named by an expression: that table's indexes are unknown.
                None => match table(1, "table_name") {
                    Some(t) => return self.opaque(call, Some(vec![t])),
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
                    None => return self.opaque(call, None),
                }
            }
            "create_foreign_key" => {
                match self.table_arg(call, 1, "source_table", "source_schema") {
                    Some(table) => OpKind::CreateConstraint {
                        table,
                        constraint: foreign_key_def(call, 2, text),
                    },
                    None => return self.opaque(call, None),
                }
            }
            "drop_constraint" => match (
                arg(call, 0, "constraint_name").and_then(|e| self.const_str(e)),
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
                (None, Some(table)) => return self.opaque(call, Some(vec![table])),
                _ => OpKind::NoSchemaEffect,
            },
            "execute" => return self.execute(arg(call, 0, "sqltext"), call),
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
                        use_alter: false,
                        name: arg(call, 0, "constraint_name")
                            .and_then(str_lit)
                            .map(str::to_owned),
                        ..ConstraintDef::new(ConstraintKind::Exclude, span(call.range()))
                    },
                },
                None => OpKind::NoSchemaEffect,
            },
            "batch_alter_table" => OpKind::NoSchemaEffect,
            // alembic_utils' replaceable entities (`op.create_entity(PGFunction(...))`):
            // functions, triggers, extensions, policies and grants leave every table's
            // columns as they are; a view is a relation a model may map, so it stays
            // unknown under its own name.
            "create_entity" | "replace_entity" | "drop_entity" => {
                match self.alembic_utils_entity(arg(call, 0, "target")) {
                    Some(Entity::Other) => OpKind::NoSchemaEffect,
                    Some(Entity::View(view)) => {
                        return self.push(
                            OpKind::Opaque {
                                what: format!(
                                    "`op.{name}()` of the view `{}`, which retort does not model",
                                    view.name
                                ),
                                tables: Some(vec![view]),
                            },
                            call,
                        );
                    }
                    None => {
                        return self.push(
                            OpKind::Opaque {
                                tables: None,
                                what: format!("`op.{name}()` is not an operation retort models"),
                            },
                            call,
                        );
                    }
                }
            }
            _ => {
                let tables = table(0, "table_name").map(|t| vec![t]);
                self.push(
                    OpKind::Opaque {
                        tables,
                        what: format!("`op.{name}()` is not an operation retort models"),
                    },
                    call,
                );
                return;
            }
        };
        if kind != OpKind::NoSchemaEffect {
            self.push(kind, call);
            self.mark_guarded(call);
            self.note_run_options(name, call);
        }
    }

    /// What an alembic_utils entity passed to `op.create_entity()` (and the like) is:
    /// the constructor call itself or a local name bound to it.
    fn alembic_utils_entity(&self, target: Option<&'a Expr>) -> Option<Entity> {
        let target = match target? {
            Expr::Name(name) => self.locals.get(name.id.as_str()).copied()?,
            other => other,
        };
        let Expr::Call(call) = target else {
            return None;
        };
        let class = last_name(&call.func)?;
        let from_alembic_utils = root_name(&call.func)
            .and_then(|root| self.module.import_of(root))
            .is_some_and(|module| module.split('.').next() == Some("alembic_utils"));
        if !from_alembic_utils {
            return None;
        }
        match class {
            "PGFunction" | "PGTrigger" | "PGExtension" | "PGPolicy" | "PGGrantTable" => {
                Some(Entity::Other)
            }
            "PGView" | "PGMaterializedView" => {
                let name = keyword(call, "signature").and_then(str_lit)?;
                Some(Entity::View(TableName {
                    schema: keyword(call, "schema")
                        .and_then(str_lit)
                        .filter(|s| *s != "public")
                        .map(str::to_owned),
                    name: name.to_owned(),
                }))
            }
            _ => None,
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
            _ => {}
        }
    }

    /// The SQL of an `execute` whose ops start at `first`, when it is a literal: the
    /// first op holds it, the others are marked as read from it (the safety rules read
    /// the SQL once, as written).
    fn note_written_sql(&mut self, first: usize, sql: Option<&Expr>) {
        let Some(written) = sql.and_then(|e| written_sql(e, self.module.text)) else {
            return;
        };
        if let Some((head, rest)) = self.ops.get_mut(first..).and_then(|o| o.split_first_mut()) {
            head.run.sql = Some(written);
            for op in rest {
                op.run.sql_part = true;
            }
        }
    }

    /// `if_exists=True` / `if_not_exists=True` on the op just pushed.
    fn mark_guarded(&mut self, call: &ExprCall) {
        let guarded = ["if_exists", "if_not_exists"]
            .iter()
            .any(|kw| keyword(call, kw).is_some_and(|v| bool_lit(v) != Some(false)));
        if let Some(op) = self.ops.last_mut() {
            op.guarded |= guarded;
        }
    }

    /// `batch_op.X(...)` inside `with op.batch_alter_table(...) as batch_op:`: the
    /// same operations without the table argument.
    fn batch_call(&mut self, name: &str, call: &ExprCall, table: Option<TableName>) {
        let text = self.module.text;
        let Some(table) = table else {
            return self.opaque(call, None);
        };
        let name_arg = |kw: &str| arg(call, 0, kw).and_then(str_lit).map(str::to_owned);
        let kind = match name {
            "add_column" => match arg(call, 0, "column").and_then(|c| column_def(c, text)) {
                Some(column) => OpKind::AddColumn { table, column },
                None => return self.opaque(call, Some(vec![table])),
            },
            "drop_column" => match name_arg("column_name") {
                Some(column) => OpKind::DropColumn { table, column },
                None => return self.opaque(call, Some(vec![table])),
            },
            "alter_column" => {
                match arg(call, 0, "column_name").and_then(|c| alter_column(c, call, text)) {
                    Some((column, change)) => OpKind::AlterColumn {
                        table,
                        column,
                        change,
                    },
                    None => return self.opaque(call, Some(vec![table])),
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
                None => return self.opaque(call, Some(vec![table])),
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
                None => return self.opaque(call, Some(vec![table])),
            },
            "execute" => return self.execute(arg(call, 0, "sqltext"), call),
            "create_exclude_constraint" => OpKind::CreateConstraint {
                table,
                constraint: ConstraintDef {
                    use_alter: false,
                    name: name_arg("constraint_name"),
                    ..ConstraintDef::new(ConstraintKind::Exclude, span(call.range()))
                },
            },
            "create_table_comment" | "drop_table_comment" => {
                return;
            }
            _ => return self.opaque(call, Some(vec![table])),
        };
        self.push(kind, call);
        self.mark_guarded(call);
        self.note_run_options(name, call);
    }

    /// What the SQL of an `execute` does, from a literal, `sa.text(...)`, or an
    /// SQLAlchemy DML construct (`table.update()...`, `sa.insert(t)...`).
    /// `execute(sql)`: SQL whose text retort knows is read with the SQL parser (its DDL
    /// becomes the ops it amounts to, data statements change nothing); SQLAlchemy
    /// constructs are classified; anything else is unknown.
    fn execute(&mut self, sql: Option<&Expr>, call: &ExprCall) {
        let first = self.ops.len();
        self.execute_effects(sql, call);
        self.note_written_sql(first, sql);
        // `execute(t.delete())` with no `where`: `DELETE FROM t`, all rows.
        if let Some(table) = sql.and_then(|sql| self.core_emptied(sql))
            && let Some(op) = self.ops.get_mut(first)
            && op.run.sql.is_none()
        {
            op.run.sql = Some(delete_all(&table));
        }
    }

    /// The table an unfiltered `X.query(Model).delete()` empties, `Model` an ORM class
    /// of this module (`delete(synchronize_session=...)` is the same).
    fn orm_emptied(&self, method: &str, receiver: &Expr, call: &ExprCall) -> Option<TableName> {
        if method != "delete"
            || !call.arguments.args.is_empty()
            || call.arguments.keywords.iter().any(|k| {
                k.arg
                    .as_ref()
                    .is_none_or(|a| a.as_str() != "synchronize_session")
            })
        {
            return None;
        }
        let Expr::Call(query) = receiver else {
            return None;
        };
        let Expr::Attribute(func) = query.func.as_ref() else {
            return None;
        };
        if func.attr.as_str() != "query" || !query.arguments.keywords.is_empty() {
            return None;
        }
        let [Expr::Name(model)] = &query.arguments.args[..] else {
            return None;
        };
        if !self.module.classes.contains(model.id.as_str()) {
            return None;
        }
        self.module.tables.get(model.id.as_str()).cloned()
    }

    /// The table `t.delete()` (no arguments, no `.where()`) deletes every row of, `t`
    /// a module-level or local `sa.table("x", ...)` / `sa.Table("x", ...)`.
    fn core_emptied(&self, sql: &Expr) -> Option<TableName> {
        let sql: &Expr = match sql {
            Expr::Name(name) => self.locals.get(name.id.as_str()).copied().unwrap_or(sql),
            other => other,
        };
        let Expr::Call(call) = sql else {
            return None;
        };
        let Expr::Attribute(func) = call.func.as_ref() else {
            return None;
        };
        if func.attr.as_str() != "delete"
            || !call.arguments.args.is_empty()
            || !call.arguments.keywords.is_empty()
        {
            return None;
        }
        match func.value.as_ref() {
            Expr::Name(name) => match self.locals.get(name.id.as_str()) {
                Some(value) => table_construct(value),
                None => self.module.tables.get(name.id.as_str()).cloned(),
            },
            other => table_construct(other),
        }
    }

    /// The ops an `execute()` amounts to, from what its SQL does.
    fn execute_effects(&mut self, sql: Option<&Expr>, call: &ExprCall) {
        let Some(sql) = sql else {
            return self.push(
                OpKind::Execute {
                    effect: SqlEffect::Unknown,
                },
                call,
            );
        };
        let Some(text) = self.sql_text(sql, 0) else {
            let effect = self.sql_effect(sql);
            return self.push(OpKind::Execute { effect }, call);
        };
        let mut ops = crate::sql::schema_ops(&text, span(call.range()));
        ops.retain(|(kind, _)| *kind != OpKind::NoSchemaEffect);
        // DDL on a table (or column) whose name is interpolated: unknown.
        let interpolated = ops.iter().any(|(kind, _)| {
            let op = Op {
                kind: kind.clone(),
                span: span(call.range()),
                conditional: false,
                condition: None,
                guarded: false,
                run: RunOptions::default(),
            };
            op.describe().contains(SQL_PLACEHOLDER)
        });
        if ops.is_empty() {
            return self.push(
                OpKind::Execute {
                    effect: SqlEffect::DataOnly,
                },
                call,
            );
        }
        if interpolated {
            return self.push(
                OpKind::Execute {
                    effect: SqlEffect::Unknown,
                },
                call,
            );
        }
        for (kind, at) in ops {
            self.push(kind, call);
            if let Some(op) = self.ops.last_mut() {
                op.run.sql_span = Some(at);
            }
        }
    }

    /// What an SQLAlchemy construct passed to `execute()` does (`table.update()...`).
    fn sql_effect(&self, sql: &Expr) -> SqlEffect {
        let sql: &Expr = match sql {
            Expr::Name(name) => self.locals.get(name.id.as_str()).copied().unwrap_or(sql),
            other => other,
        };
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
                "bindparams",
                "columns",
                // More of a SELECT being built (`select(Model).options(load_only(...))`).
                "options",
                "join",
                "outerjoin",
                "join_from",
                "select_from",
                "group_by",
                "having",
                "distinct",
                "offset",
                "with_only_columns",
                "add_columns",
                "with_for_update",
                "params",
            ];
            if dml.contains(&method) && (root != "op" || method != "execute") {
                return SqlEffect::DataOnly;
            }
        }
        SqlEffect::Unknown
    }

    /// The SQL text an expression builds, with every value retort cannot know (an
    /// f-string interpolation, a `.format()` or `%` argument) replaced by a
    /// placeholder: enough to tell `UPDATE ...` from DDL, and DDL on a named table from
    /// DDL on a computed one.
    fn sql_text(&self, expr: &Expr, depth: usize) -> Option<String> {
        use ruff_python_ast::{FStringPart, InterpolatedStringElement, Operator};
        if depth > 16 {
            return None;
        }
        if let Some(text) = str_lit(expr) {
            return Some(text.to_owned());
        }
        match expr {
            Expr::FString(f) => {
                let mut out = String::new();
                for part in f.value.iter() {
                    match part {
                        FStringPart::Literal(l) => out.push_str(&l.value),
                        FStringPart::FString(fs) => {
                            for element in fs.elements.iter() {
                                match element {
                                    InterpolatedStringElement::Literal(l) => out.push_str(&l.value),
                                    InterpolatedStringElement::Interpolation(_) => {
                                        out.push_str(SQL_PLACEHOLDER)
                                    }
                                }
                            }
                        }
                    }
                }
                Some(out)
            }
            Expr::Name(name) => {
                let value = self.locals.get(name.id.as_str())?;
                self.sql_text(value, depth + 1)
            }
            Expr::BinOp(b) if b.op == Operator::Add => Some(format!(
                "{}{}",
                self.sql_text(&b.left, depth + 1)?,
                self.sql_text(&b.right, depth + 1)
                    .unwrap_or_else(|| SQL_PLACEHOLDER.to_owned())
            )),
            // "... %s ..." % values
            Expr::BinOp(b) if b.op == Operator::Mod => {
                let template = self.sql_text(&b.left, depth + 1)?;
                Some(percent_placeholders(&template))
            }
            Expr::Call(call) => {
                let name = last_name(&call.func).unwrap_or("");
                match (name, call.func.as_ref()) {
                    // "...".format(...)
                    ("format", Expr::Attribute(attr)) => {
                        let template = self.sql_text(&attr.value, depth + 1)?;
                        Some(brace_placeholders(&template))
                    }
                    ("text" | "dedent" | "strip" | "TextClause", _) => {
                        let inner = match call.func.as_ref() {
                            Expr::Attribute(attr) if name == "strip" => &attr.value,
                            _ => call.arguments.args.first()?,
                        };
                        self.sql_text(inner, depth + 1)
                    }
                    _ => None,
                }
            }
            _ => None,
        }
    }
}

/// Methods that read results, log, or work on plain values: harmless even on an object
/// retort does not know.
fn is_harmless_method(method: &str) -> bool {
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
        "replace",
        "info",
        "debug",
        "warning",
        "warn",
        "error",
        "exception",
        "critical",
        "close",
        "commit",
        "flush",
        "query",
        "filter",
        "filter_by",
    ];
    METHODS.contains(&method) || method.starts_with("get_")
}

/// A condition that is statically true or false.
fn constant(value: bool) -> Condition {
    if value {
        Condition::All(Vec::new())
    } else {
        Condition::Any(Vec::new())
    }
}

/// Dialect names SQLAlchemy ships (for `name.startswith(...)`).
const KNOWN_DIALECTS: &[&str] = &[
    "postgresql",
    "sqlite",
    "mysql",
    "mariadb",
    "oracle",
    "mssql",
];

/// The dialects an `isinstance` test on a dialect object names: SQLAlchemy's dialect
/// classes (`MySQLDialect`, `SQLiteDialect_pysqlite`, `PGDialect_psycopg2`, ...) or a
/// dialect module's `dialect` (`postgresql.dialect`), alone or in a tuple. `None` when
/// one of them is something else.
fn dialect_classes(expr: &Expr) -> Option<Vec<String>> {
    let one = |e: &Expr| -> Option<Vec<&'static str>> {
        let written = dotted(e)?;
        let mut parts = written.rsplit('.');
        let last = parts.next()?;
        if last == "dialect" {
            let module = parts.next()?;
            return Some(vec![match module {
                "postgresql" | "postgres" => "postgresql",
                "mysql" => "mysql",
                "mariadb" => "mariadb",
                "sqlite" => "sqlite",
                "oracle" => "oracle",
                "mssql" => "mssql",
                _ => return None,
            }]);
        }
        // MariaDB's dialect is a subclass of MySQL's.
        if last.starts_with("MySQLDialect") {
            Some(vec!["mysql", "mariadb"])
        } else if last.starts_with("MariaDBDialect") {
            Some(vec!["mariadb"])
        } else if last.starts_with("SQLiteDialect") {
            Some(vec!["sqlite"])
        } else if last.starts_with("PGDialect") || last.starts_with("PostgreSQLDialect") {
            Some(vec!["postgresql"])
        } else if last.starts_with("OracleDialect") {
            Some(vec!["oracle"])
        } else if last.starts_with("MSDialect") {
            Some(vec!["mssql"])
        } else {
            None
        }
    };
    let elements: Vec<&Expr> = match expr {
        Expr::Tuple(t) => t.elts.iter().collect(),
        other => vec![other],
    };
    let mut names: Vec<String> = Vec::new();
    for e in elements {
        for name in one(e)? {
            if !names.iter().any(|n| n == name) {
                names.push(name.to_owned());
            }
        }
    }
    Some(names)
}

/// The names a dialect name is compared with: a literal or a literal tuple/list/set.
fn dialect_names(expr: &Expr) -> Option<Vec<String>> {
    match expr {
        Expr::Set(s) => s
            .elts
            .iter()
            .map(|e| str_lit(e).map(str::to_owned))
            .collect(),
        other => str_list(other),
    }
}

/// Whether an expression contains a call anywhere (f-string interpolations).
fn walk_calls(expr: &Expr, found: &mut bool) {
    use ruff_python_ast::visitor::{Visitor, walk_expr};
    struct Finder<'f>(&'f mut bool);
    impl<'x> Visitor<'x> for Finder<'_> {
        fn visit_expr(&mut self, expr: &'x Expr) {
            if matches!(expr, Expr::Call(_)) {
                *self.0 = true;
            }
            walk_expr(self, expr);
        }
    }
    Finder(found).visit_expr(expr);
}

/// Stands for a value retort cannot know inside SQL text.
const SQL_PLACEHOLDER: &str = "__retort_value__";

/// `%s`, `%(name)s`, `%d` of a `%`-formatted string, replaced by the placeholder.
fn percent_placeholders(template: &str) -> String {
    static FORMAT: std::sync::LazyLock<regex::Regex> = std::sync::LazyLock::new(|| {
        regex::Regex::new(r"%(\([^)]*\))?[-#0 +]*\d*(\.\d+)?[sdifrxXeEgGc]").expect("valid")
    });
    FORMAT
        .replace_all(template, SQL_PLACEHOLDER)
        .replace("%%", "%")
}

/// `{}`, `{0}`, `{name!r:>10}` of a `.format()` template, replaced by the placeholder.
fn brace_placeholders(template: &str) -> String {
    static FIELD: std::sync::LazyLock<regex::Regex> =
        std::sync::LazyLock::new(|| regex::Regex::new(r"\{[^{}]*\}").expect("valid"));
    FIELD
        .replace_all(
            &template.replace("{{", "\u{1}").replace("}}", "\u{2}"),
            SQL_PLACEHOLDER,
        )
        .replace('\u{1}', "{")
        .replace('\u{2}', "}")
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
                    use_alter: false,
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
                    use_alter: keyword(call, "use_alter").and_then(bool_lit) == Some(true),
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
                use_alter: false,
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
    // Kept for the whole run, one per revision: no room for more.
    columns.shrink_to_fit();
    constraints.shrink_to_fit();
    indexes.shrink_to_fit();
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
                    use_alter: keyword(inner, "use_alter").and_then(bool_lit) == Some(true),
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
                    use_alter: false,
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
        use_alter: false,
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
        use_alter: false,
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
                // SQL's value functions: SQLAlchemy writes them as keywords, without
                // parentheses (PostgreSQL rejects `localtimestamp()`).
                _ if crate::ops::is_sql_value_function(name)
                    && crate::python::expr::dotted(&call.func)
                        .is_some_and(|d| d.split('.').any(|part| part == "func"))
                    && call.arguments.args.is_empty()
                    && call.arguments.keywords.is_empty() =>
                {
                    Some(name.to_ascii_uppercase())
                }
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

/// `__tablename__ = "x"` in a class body (with `__table_args__ = {"schema": "s"}`).
fn mapped_table(class: &ruff_python_ast::StmtClassDef) -> Option<TableName> {
    let mut name = None;
    let mut schema = None;
    for stmt in &class.body {
        let Stmt::Assign(assign) = stmt else {
            continue;
        };
        let [Expr::Name(target)] = assign.targets.as_slice() else {
            continue;
        };
        match target.id.as_str() {
            "__tablename__" => name = str_lit(&assign.value).map(str::to_owned),
            "__table_args__" => {
                if let Expr::Dict(dict) = assign.value.as_ref() {
                    for item in &dict.items {
                        if item.key.as_ref().and_then(str_lit) == Some("schema") {
                            schema = str_lit(&item.value).map(str::to_owned);
                        }
                    }
                }
            }
            _ => {}
        }
    }
    Some(TableName {
        schema,
        name: name?,
    })
}

/// The table `sa.table("x", ...)`, `sa.Table("x", metadata, ...)` or `table("x")`
/// names (its `schema=` keyword too).
fn table_construct(expr: &Expr) -> Option<TableName> {
    let Expr::Call(call) = expr else {
        return None;
    };
    if !matches!(last_name(&call.func), Some("table" | "Table")) {
        return None;
    }
    let name = call.arguments.args.first().and_then(str_lit)?;
    Some(TableName {
        schema: keyword(call, "schema").and_then(str_lit).map(str::to_owned),
        name: name.to_owned(),
    })
}

/// `DELETE FROM t` as PostgreSQL reads it (names quoted where they must be).
fn delete_all(table: &TableName) -> WrittenSql {
    WrittenSql {
        text: format!("DELETE FROM {}", crate::schema::render::qualified(table)),
        text_start: None,
    }
}

/// Whether a loop body may leave the loop early or skip the rest of an iteration:
/// `break` or `continue` outside an inner loop, `return` or `raise` anywhere.
fn breaks_out(body: &[Stmt]) -> bool {
    // `break` and `continue` of this loop (not of a loop nested in it); `return` and
    // `raise` at any depth.
    super::any_statement(body, false, &|s| {
        matches!(
            s,
            Stmt::Break(_) | Stmt::Continue(_) | Stmt::Return(_) | Stmt::Raise(_)
        )
    }) || super::any_statement(body, true, &|s| {
        matches!(s, Stmt::Return(_) | Stmt::Raise(_))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn upgrade_ops(body: &str) -> Vec<Op> {
        let text = format!(
            "from alembic import op\nimport sqlalchemy as sa\nfrom sqlalchemy.orm import Session\nfrom myapp.legacy import rebuild\nrevision = 'a1'\ndown_revision = None\n\ndef helper(bind):\n    session = Session(bind=bind)\n    for user in session.query(User):\n        user.name = user.name.strip()\n    session.commit()\n\ndef upgrade():\n{body}\n"
        );
        let source = crate::source::SourceFile::new("x.py".into(), "x.py".into(), text);
        let file = crate::python::parse_revision(std::sync::Arc::new(source));
        file.upgrade.unwrap().body.ops
    }

    /// The upgrade ops of a revision whose module holds `helpers` (at top level).
    fn ops_with_helpers(helpers: &str, body: &str) -> Vec<Op> {
        let text = format!(
            "from alembic import op\nimport sqlalchemy as sa\nrevision = 'a1'\ndown_revision = None\n\n{helpers}\n\ndef upgrade():\n{body}\n"
        );
        let source = crate::source::SourceFile::new("x.py".into(), "x.py".into(), text);
        let file = crate::python::parse_revision(std::sync::Arc::new(source));
        file.upgrade.unwrap().body.ops
    }

    /// Each op as `kind table[.column]` (`?` for an op retort could not read).
    fn summary(ops: &[Op]) -> Vec<String> {
        ops.iter()
            .map(|op| match &op.kind {
                OpKind::CreateTable { table, columns, .. } => {
                    let names: Vec<&str> = columns.iter().map(|c| c.name.as_str()).collect();
                    format!("create {table}({})", names.join(","))
                }
                OpKind::AddColumn { table, column } => format!("add {table}.{}", column.name),
                OpKind::AlterColumn { table, column, .. } => format!("alter {table}.{column}"),
                OpKind::CreateIndex { table, index } => {
                    format!("index {} on {table}", index.name.as_deref().unwrap_or("-"))
                }
                OpKind::Opaque { .. } => "?".to_owned(),
                other => format!("{other:?}"),
            })
            .collect()
    }

    #[test]
    fn helper_parameters_are_bound_to_the_call() {
        let widen =
            "def widen(table, column, type_):\n    op.alter_column(table, column, type_=type_)";
        // Positional and keyword arguments, a literal and a name bound to one.
        let ops = ops_with_helpers(
            widen,
            "    name = 'object'\n    widen(name, 'md5', type_=sa.String(64))\n    widen(column='sha1', table='object', type_=sa.Text())",
        );
        assert_eq!(summary(&ops), ["alter object.md5", "alter object.sha1"]);
        // Spans are the call's.
        assert!(ops.iter().all(|op| op.span.start > 0));
        // An argument that reads a local the helper cannot see is not carried; nor is a
        // call that does not fit the parameters.
        let ops = ops_with_helpers(
            widen,
            "    t = pick()\n    widen(t + '_x', 'md5', type_=sa.Text())\n    widen('object', 'md5')",
        );
        assert_eq!(summary(&ops), ["?", "?", "?"], "{ops:?}");

        // `*columns` and `**kwargs` passed on, behind an `if exists: return` guard.
        let create = "def has_table(name):\n    return sa.inspect(op.get_bind()).has_table(name)\n\ndef create_table(name, *columns, **kwargs):\n    if has_table(name):\n        return\n    op.create_table(name, *columns, **kwargs)";
        let ops = ops_with_helpers(
            create,
            "    create_table('events', sa.Column('id', sa.Integer()), sa.Column('kind', sa.String(5)), schema='audit')",
        );
        assert_eq!(summary(&ops), ["create audit.events(id,kind)"], "{ops:?}");

        // A parameter the helper assigns to keeps its own value (unknown here).
        let ops = ops_with_helpers(
            "def drop(table):\n    table = table + '_old'\n    op.add_column(table, sa.Column('x', sa.Integer()))",
            "    drop('users')",
        );
        assert_eq!(summary(&ops), ["?"], "{ops:?}");

        // A batch passed to a helper under another name.
        let ops = ops_with_helpers(
            "def add_flag(batch):\n    batch.add_column(sa.Column('flag', sa.Boolean()))",
            "    with op.batch_alter_table('users') as batch_op:\n        add_flag(batch_op)",
        );
        assert_eq!(summary(&ops), ["add users.flag"], "{ops:?}");

        // A lambda passed in runs where the helper calls it.
        let ops = ops_with_helpers(
            "def run(step):\n    step()",
            "    run(lambda: op.add_column('users', sa.Column('x', sa.Integer())))",
        );
        assert_eq!(summary(&ops), ["add users.x"], "{ops:?}");
    }

    #[test]
    fn loop_over_names_is_unrolled_unless_it_can_leave_early() {
        let dropped = |body: &str| -> Vec<String> {
            upgrade_ops(body)
                .into_iter()
                .filter_map(|op| match op.kind {
                    OpKind::DropIndex { name, .. } => Some(name),
                    _ => None,
                })
                .collect()
        };
        let each = "    for name in ('ix_a', 'ix_b'):\n";
        let drop = "        op.drop_index(name, table_name='t')";
        assert_eq!(dropped(&format!("{each}{drop}")), ["ix_a", "ix_b"]);
        // A `break` of a loop nested in the body leaves only that loop.
        assert_eq!(
            dropped(&format!(
                "{each}        for row in rows:\n            break\n{drop}"
            )),
            ["ix_a", "ix_b"]
        );
        // A `return` or `raise`, even inside a nested loop, may end the upgrade early:
        // not unrolled (which name is dropped is not known).
        for leave in ["return", "raise ValueError(name)", "continue"] {
            let nested = if leave == "continue" {
                format!("{each}        if name == 'ix_a':\n            continue\n{drop}")
            } else {
                format!("{each}        for row in rows:\n            {leave}\n{drop}")
            };
            assert!(
                dropped(&nested).is_empty(),
                "{leave}: {:?}",
                dropped(&nested)
            );
        }
    }

    #[test]
    fn data_work_changes_no_schema() {
        let ops = upgrade_ops(
            "    conn = op.get_bind()\n    for page in conn.execute(sa.text('SELECT id, content FROM pages')):\n        new = page.content.replace('http:', 'https:')\n        conn.execute(sa.text(f\"UPDATE pages SET content = '{new}' WHERE id = {page.id}\"))\n    helper(conn)\n    op.execute('UPDATE pages SET x = %s' % 1)\n    op.execute(\"DELETE FROM t WHERE id IN ({})\".format(ids))",
        );
        assert!(
            ops.iter().all(|op| matches!(
                op.kind,
                OpKind::Execute {
                    effect: SqlEffect::DataOnly
                }
            )),
            "{ops:#?}"
        );
    }

    #[test]
    fn unknown_code_stays_opaque() {
        for body in [
            "    rebuild(op)",
            "    op.execute(f'ALTER TABLE {name} ADD COLUMN x int')",
            "    sa.MetaData().create_all(op.get_bind())",
        ] {
            let ops = upgrade_ops(body);
            assert!(
                ops.iter().any(|op| matches!(
                    op.kind,
                    OpKind::Opaque { tables: None, .. }
                        | OpKind::Execute {
                            effect: SqlEffect::Unknown
                        }
                )),
                "{body}: {ops:#?}"
            );
        }
    }

    #[test]
    fn dialect_branches_and_try_bodies() {
        let ops = upgrade_ops(
            "    bind = op.get_bind()\n    is_sqlite = bind.dialect.name == 'sqlite'\n    if op.get_bind().dialect.name == 'mysql':\n        op.drop_column('t', 'a')\n    elif not is_sqlite:\n        op.drop_column('t', 'b')\n    else:\n        op.drop_column('t', 'c')\n    try:\n        op.drop_index('ix_t_d')\n    except Exception:\n        op.drop_column('t', 'e')\n    if False:\n        op.drop_column('t', 'f')",
        );
        let names: Vec<(String, bool, bool)> = ops
            .iter()
            .map(|op| (op.describe(), op.conditional, op.guarded))
            .collect();
        assert_eq!(names.len(), 4, "{names:?}");
        let run = |dialect: Option<crate::ops::Dialect>| -> Vec<String> {
            ops.iter()
                .filter(|op| {
                    op.condition
                        .as_ref()
                        .is_none_or(|c| c.eval(dialect) != Some(false))
                })
                .map(|op| op.describe())
                .collect()
        };
        use crate::ops::Dialect;
        assert!(run(Some(Dialect::MySQL))[0].contains("`t.a`"));
        assert_eq!(run(Some(Dialect::MySQL)).len(), 2);
        assert!(run(Some(Dialect::PostgreSQL))[0].contains("`t.b`"));
        assert!(run(Some(Dialect::SQLite))[0].contains("`t.c`"));
        assert_eq!(run(None).len(), 4);
        // The try body is the intended path: unconditional, and tolerated if it fails.
        assert_eq!(names[3], ("drop index `ix_t_d`".to_owned(), false, true));
    }
}
