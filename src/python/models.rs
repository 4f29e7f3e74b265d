//! Lowers a SQLAlchemy model module (or `env.py`) into `crate::model` facts: classes
//! with bases, `__tablename__`, `__table__`, `__table_args__` schema and attributes;
//! module-level `Table(...)`; `declarative_base()` / `SQLAlchemy()` names; imports;
//! `target_metadata`. No code is imported or run.

use std::sync::Arc;

use std::collections::HashMap;

use ruff_python_ast::{Expr, ExprCall, ModModule, Stmt, StmtClassDef, StmtFunctionDef};
use ruff_python_parser::Parsed;
use ruff_text_size::Ranged;

use super::expr::{
    arg, bool_lit, dotted, keyword, last_name, root_name, source, str_lit, type_text,
};
use super::span;
use crate::model::{
    Annotation, AttrValue, ClassAttr, ClassFacts, ColumnAlias, ColumnCall, ColumnKwargs, Import,
    ModelModule, NameExpr, PresetKeywords, TableCall, TableNameAttr,
};
use crate::source::SourceFile;

pub fn parse_model_module(
    source_file: Arc<SourceFile>,
    module: Option<String>,
    is_package: bool,
) -> ModelModule {
    let text = source_file.text.clone();
    super::parse_guarded(&text, |parsed, problems| {
        lower_model_module(source_file, module, is_package, parsed, problems)
    })
}

fn lower_model_module(
    source_file: Arc<SourceFile>,
    module: Option<String>,
    is_package: bool,
    parsed: &Parsed<ModModule>,
    problems: super::Problems,
) -> ModelModule {
    let text: &str = &source_file.text;
    let mut out = ModelModule {
        source: source_file.clone(),
        module,
        is_package,
        classes: Vec::new(),
        tables: Vec::new(),
        declarative_names: Vec::new(),
        flask_db_names: Vec::new(),
        flask_db_unnamed: Vec::new(),
        imports: Vec::new(),
        target_metadata: None,
        url_schemes: url_schemes(parsed.syntax()),
        column_aliases: Vec::new(),
        string_constants: Vec::new(),
        name_functions: Vec::new(),
        naming_convention: None,
        type_decorators: super::types::type_decorators(&parsed.syntax().body, text),
        syntax_error: problems
            .kept
            .into_iter()
            .next()
            .map(|p| (p.message, p.span)),
    };
    let context = prepass(&parsed.syntax().body, text, &mut out);
    statements(&parsed.syntax().body, text, &context, &mut out, true);
    out
}

/// The schemes of string literals that look like database URLs (`scheme://...`).
fn url_schemes(module: &ModModule) -> Vec<String> {
    use ruff_python_ast::visitor::{Visitor, walk_expr};
    struct Urls(Vec<String>);
    impl Urls {
        fn take(&mut self, text: &str) {
            if let Some((scheme, _)) = text.split_once("://")
                && !scheme.is_empty()
                && scheme
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || c == '+' || c == '_')
                && !self.0.iter().any(|s| s == scheme)
            {
                self.0.push(scheme.to_owned());
            }
        }
    }
    impl<'x> Visitor<'x> for Urls {
        fn visit_expr(&mut self, expr: &'x Expr) {
            match expr {
                Expr::StringLiteral(s) => self.take(s.value.to_str()),
                Expr::FString(f) => {
                    for part in f.value.iter() {
                        match part {
                            ruff_python_ast::FStringPart::Literal(l) => self.take(&l.value),
                            ruff_python_ast::FStringPart::FString(fs) => {
                                if let Some(ruff_python_ast::InterpolatedStringElement::Literal(
                                    l,
                                )) = fs.elements.iter().next()
                                {
                                    self.take(&l.value);
                                }
                            }
                        }
                    }
                }
                _ => {}
            }
            walk_expr(self, expr);
        }
    }
    let mut urls = Urls(Vec::new());
    urls.visit_body(&module.body);
    urls.0
}

fn statements(body: &[Stmt], text: &str, context: &NameContext, out: &mut ModelModule, top: bool) {
    for stmt in body {
        match stmt {
            Stmt::Import(import) => {
                for alias in &import.names {
                    let module = alias.name.as_str().to_owned();
                    let bound = match &alias.asname {
                        Some(a) => a.as_str().to_owned(),
                        None => module.split('.').next().unwrap_or("").to_owned(),
                    };
                    out.imports.push(Import {
                        module,
                        level: 0,
                        name: None,
                        bound,
                    });
                }
            }
            Stmt::ImportFrom(import) => {
                for alias in &import.names {
                    out.imports.push(Import {
                        module: import
                            .module
                            .as_ref()
                            .map(|m| m.as_str().to_owned())
                            .unwrap_or_default(),
                        level: import.level,
                        name: Some(alias.name.as_str().to_owned()),
                        bound: alias
                            .asname
                            .as_ref()
                            .unwrap_or(&alias.name)
                            .as_str()
                            .to_owned(),
                    });
                }
            }
            Stmt::ClassDef(class) => out.classes.push(class_facts(class, text, context)),
            Stmt::Assign(assign) => {
                for target in &assign.targets {
                    if let Expr::Name(name) = target {
                        module_assign(name.id.as_str(), &assign.value, text, out);
                    }
                }
            }
            Stmt::AnnAssign(assign) => {
                if let (Expr::Name(name), Some(value)) = (assign.target.as_ref(), &assign.value) {
                    module_assign(name.id.as_str(), value, text, out);
                }
            }
            // Models defined under `if TYPE_CHECKING:` / `try:` still register when
            // the branch runs; imports there matter for resolution.
            Stmt::If(s) if top => {
                statements(&s.body, text, context, out, false);
                for clause in &s.elif_else_clauses {
                    statements(&clause.body, text, context, out, false);
                }
            }
            Stmt::Try(s) if top => {
                statements(&s.body, text, context, out, false);
                statements(&s.orelse, text, context, out, false);
            }
            _ => {}
        }
    }
}

fn module_assign(name: &str, value: &Expr, text: &str, out: &mut ModelModule) {
    if name == "target_metadata" {
        out.target_metadata = Some(metadata_names(value));
        return;
    }
    let Expr::Call(call) = value else { return };
    match last_name(&call.func).unwrap_or("") {
        "declarative_base" | "generate_base" => out.declarative_names.push(name.to_owned()),
        "SQLAlchemy" => {
            out.flask_db_names.push(name.to_owned());
            if keyword(call, "disable_autonaming").and_then(bool_lit) == Some(true) {
                out.flask_db_unnamed.push(name.to_owned());
            }
        }
        "Table" => {
            if let Some(table) = table_call(call, text) {
                out.tables.push(table);
            }
        }
        _ => {}
    }
}

/// The dotted names a `target_metadata` value mentions: `Base.metadata` -> `Base`.
fn metadata_names(value: &Expr) -> Vec<String> {
    match value {
        Expr::NoneLiteral(_) => Vec::new(),
        Expr::List(list) => list.elts.iter().flat_map(metadata_names).collect(),
        Expr::Tuple(tuple) => tuple.elts.iter().flat_map(metadata_names).collect(),
        other => dotted(other).into_iter().collect(),
    }
}

fn class_facts(class: &StmtClassDef, text: &str, context: &NameContext) -> ClassFacts {
    let mut facts = ClassFacts {
        name: class.name.as_str().to_owned(),
        name_span: span(class.name.range),
        bases: Vec::new(),
        table_keyword: false,
        declarative_decorator: class.decorator_list.iter().any(|d| {
            let expr = match &d.expression {
                Expr::Call(c) => c.func.as_ref(),
                other => other,
            };
            matches!(
                last_name(expr),
                Some("as_declarative" | "as_declarative_base")
            )
        }),
        mapped_decorator: class.decorator_list.iter().any(|d| {
            let expr = match &d.expression {
                Expr::Call(c) => c.func.as_ref(),
                other => other,
            };
            matches!(last_name(expr), Some("mapped" | "mapped_as_dataclass"))
        }),
        tablename: TableNameAttr::Missing,
        is_abstract: false,
        table: None,
        schema: None,
        table_args_primary_key: None,
        attrs: Vec::new(),
    };
    if let Some(arguments) = &class.arguments {
        for base in &arguments.args {
            // `Generic[T]`-style subscripts: the subscripted name is the base.
            let base = match base {
                Expr::Subscript(s) => s.value.as_ref(),
                other => other,
            };
            facts.bases.push(dotted(base));
        }
        for keyword in &arguments.keywords {
            if keyword.arg.as_ref().is_some_and(|a| a.as_str() == "table") {
                facts.table_keyword = bool_lit(&keyword.value).unwrap_or(false);
            }
        }
    }
    for stmt in &class.body {
        match stmt {
            Stmt::Assign(assign) => {
                for target in &assign.targets {
                    if let Expr::Name(name) = target {
                        class_assign(
                            &mut facts,
                            name.id.as_str(),
                            None,
                            Some(&assign.value),
                            span(assign.range),
                            text,
                            context,
                        );
                    }
                }
            }
            Stmt::AnnAssign(assign) => {
                if let Expr::Name(name) = assign.target.as_ref() {
                    class_assign(
                        &mut facts,
                        name.id.as_str(),
                        Some(&assign.annotation),
                        assign.value.as_deref(),
                        span(assign.range),
                        text,
                        context,
                    );
                }
            }
            Stmt::FunctionDef(def) if def.name.as_str() == "__tablename__" => {
                let subject = def
                    .parameters
                    .args
                    .first()
                    .map(|p| p.parameter.name.as_str())
                    .unwrap_or("cls");
                facts.tablename = match returned_name(&def.body, subject, true, context) {
                    Some((NameExpr::Lower(inner), false)) if *inner == NameExpr::ClassName => {
                        TableNameAttr::LowerClassName
                    }
                    Some((expr, none_when_inherited)) => TableNameAttr::Computed {
                        expr,
                        none_when_inherited,
                        span: span(def.name.range),
                    },
                    None => TableNameAttr::Unknown(span(def.name.range)),
                };
            }
            // `@declared_attr def properties(cls): return mapped_column(...)`: the
            // attribute its one `return` builds (a column, a relationship, ...).
            Stmt::FunctionDef(def)
                if !def.name.as_str().starts_with("__")
                    && def.decorator_list.iter().any(|d| {
                        let expr = match &d.expression {
                            Expr::Call(c) => c.func.as_ref(),
                            other => other,
                        };
                        dotted(expr)
                            .is_some_and(|name| name.split('.').any(|part| part == "declared_attr"))
                    }) =>
            {
                if let Some(value) = only_return(&def.body) {
                    class_assign(
                        &mut facts,
                        def.name.as_str(),
                        def.returns.as_deref(),
                        Some(value),
                        span(def.range),
                        text,
                        context,
                    );
                }
            }
            _ => {}
        }
    }
    // Kept until the models are resolved, one per class: no room for more.
    facts.attrs.shrink_to_fit();
    facts
}

/// The value of a function body's one `return` statement, when it has exactly one
/// (at its top level, as the last statement).
fn only_return(body: &[Stmt]) -> Option<&Expr> {
    let returns = body.iter().filter(|s| matches!(s, Stmt::Return(_))).count();
    match body.last() {
        Some(Stmt::Return(r)) if returns == 1 && !has_nested_return(&body[..body.len() - 1]) => {
            r.value.as_deref()
        }
        _ => None,
    }
}

/// Whether a `return` hides in a compound statement (an `if` that returns early).
fn has_nested_return(body: &[Stmt]) -> bool {
    super::any_statement(body, true, &|s| matches!(s, Stmt::Return(_)))
}

#[allow(clippy::too_many_arguments)]
fn class_assign(
    facts: &mut ClassFacts,
    name: &str,
    annotation: Option<&Expr>,
    value: Option<&Expr>,
    stmt_span: crate::source::Span,
    text: &str,
    context: &NameContext,
) {
    match name {
        "__tablename__" => {
            let reader = NameReader {
                subject: "",
                class_name_attr: true,
                context,
                locals: &HashMap::new(),
            };
            facts.tablename = match value {
                Some(v) => match str_lit(v) {
                    Some(t) => TableNameAttr::Literal(t.to_owned()),
                    None => match reader.read(v, 0) {
                        Some(expr) => TableNameAttr::Computed {
                            expr,
                            none_when_inherited: false,
                            span: stmt_span,
                        },
                        None => TableNameAttr::Unknown(stmt_span),
                    },
                },
                None => TableNameAttr::Unknown(stmt_span),
            };
            return;
        }
        "__abstract__" => {
            facts.is_abstract = value.and_then(bool_lit).unwrap_or(false);
            return;
        }
        "__table__" => {
            facts.table = Some(match value {
                Some(Expr::Call(call)) if last_name(&call.func) == Some("Table") => {
                    table_call(call, text)
                }
                _ => None,
            });
            return;
        }
        "__table_args__" => {
            facts.schema = value.and_then(schema_from_table_args);
            facts.table_args_primary_key = value.and_then(primary_key_from_table_args);
            return;
        }
        // Pydantic and SQLModel configuration, never a field.
        "model_config" | "Config" | "__config__" => return,
        _ if name.starts_with("__") => return,
        _ => {}
    }
    let annotation = annotation.map(|a| read_annotation(a, text));
    let value = match value {
        None => AttrValue::Nothing,
        Some(v) => attr_value(v, text),
    };
    facts.attrs.push(ClassAttr {
        name: name.to_owned(),
        span: stmt_span,
        annotation,
        value,
    });
}

/// `__table_args__ = (PrimaryKeyConstraint("a", "b"), ...)`.
fn primary_key_from_table_args(value: &Expr) -> Option<Vec<String>> {
    let elements = match value {
        Expr::Tuple(t) => &t.elts,
        Expr::List(l) => &l.elts,
        _ => return None,
    };
    elements.iter().find_map(|e| match e {
        Expr::Call(call) if last_name(&call.func) == Some("PrimaryKeyConstraint") => {
            primary_key_columns(call)
        }
        _ => None,
    })
}

fn schema_from_table_args(value: &Expr) -> Option<String> {
    let dict = match value {
        Expr::Dict(d) => d,
        Expr::Tuple(t) => match t.elts.last() {
            Some(Expr::Dict(d)) => d,
            _ => return None,
        },
        _ => return None,
    };
    dict.items.iter().find_map(|item| {
        (item.key.as_ref().and_then(str_lit) == Some("schema"))
            .then(|| str_lit(&item.value).map(str::to_owned))
            .flatten()
    })
}

fn read_annotation(annotation: &Expr, text: &str) -> Annotation {
    // `Mapped[Optional[int]]`, `"Mapped[int]"` (a string annotation), `int | None`.
    let written = match annotation {
        Expr::StringLiteral(s) => s.value.to_str().to_owned(),
        other => source(other, text).to_owned(),
    };
    let compact: String = written.chars().filter(|c| !c.is_whitespace()).collect();
    let (mapped, inner) = match compact.find('[') {
        // `[` is one byte, so `open + 1` is a character boundary; the closing bracket
        // may be missing in a broken annotation (`Mapped[`, `Mapped[é`).
        Some(open) if compact[..open].rsplit('.').next() == Some("Mapped") => {
            let rest = &compact[open + 1..];
            (true, rest.strip_suffix(']').unwrap_or(rest).to_owned())
        }
        _ => (false, compact.clone()),
    };
    let classvar = compact.starts_with("ClassVar") || compact.contains(".ClassVar");
    let optional = inner.starts_with("Optional[")
        || inner.contains(".Optional[")
        || inner.split('|').any(|p| p == "None")
        || (inner.starts_with("Union[") && inner.contains(",None"));
    let core = inner
        .trim_start_matches("Optional[")
        .trim_start_matches("typing.Optional[")
        .trim_start_matches("Union[")
        .trim_matches('"')
        .trim_matches('\'');
    let collection = [
        "list[",
        "List[",
        "set[",
        "Set[",
        "dict[",
        "Dict[",
        "typing.List[",
        "WriteOnlyMapped",
        "DynamicMapped",
    ]
    .iter()
    .any(|p| core.starts_with(p));
    let quoted = inner.contains('"') || inner.contains('\'');
    let first = core
        .split(['|', ']', ','])
        .next()
        .unwrap_or("")
        .trim_matches('"')
        .trim_matches('\'')
        .to_owned();
    Annotation {
        mapped,
        optional,
        classvar,
        relation_hint: collection || quoted,
        type_name: first.rsplit('.').next().unwrap_or("").to_owned(),
    }
}

fn attr_value(value: &Expr, text: &str) -> AttrValue {
    let Expr::Call(call) = value else {
        return AttrValue::Literal;
    };
    match last_name(&call.func).unwrap_or("") {
        // The name may be the project's own alias (`Column = partial(db.Column,
        // nullable=False)`): resolved with the other modules.
        "Column" | "mapped_column" => match (column_call(call, text), dotted(&call.func)) {
            (Some(column), Some(callee)) => AttrValue::AliasCall { callee, column },
            (Some(c), None) => AttrValue::Column(c),
            (None, _) => AttrValue::Unknown,
        },
        // `deferred(Column(...))` is still a column, and so is
        // `column_property(Column(...))` (not `column_property(select(...))`).
        "deferred" | "column_property" => match call.arguments.args.first() {
            Some(inner @ Expr::Call(c))
                if matches!(last_name(&c.func), Some("Column" | "mapped_column")) =>
            {
                attr_value(inner, text)
            }
            Some(_) if last_name(&call.func) == Some("column_property") => AttrValue::NotColumn,
            Some(inner) => attr_value(inner, text),
            None => AttrValue::Unknown,
        },
        "ConfigDict" | "SettingsConfigDict" | "SQLModelConfig" => AttrValue::NotColumn,
        "Field" => AttrValue::Field {
            primary_key: keyword(call, "primary_key").and_then(bool_lit),
            nullable: keyword(call, "nullable").and_then(bool_lit),
            sa_column: match keyword(call, "sa_column") {
                Some(Expr::Call(c)) => column_call(c, text),
                _ => None,
            },
            column_kwargs: keyword(call, "sa_column_kwargs")
                .map(column_kwargs)
                .unwrap_or_default(),
        },
        "relationship"
        | "Relationship"
        | "query_expression"
        | "synonym"
        | "association_proxy"
        | "composite"
        | "backref"
        | "dynamic_loader"
        | "hybrid_property"
        | "declared_attr"
        | "validates"
        | "comparable_property"
        | "property"
        | "classmethod"
        | "staticmethod"
        | "with_polymorphic"
        | "ClassVar"
        | "set"
        | "dict"
        | "list"
        | "tuple"
        | "frozenset"
        | "Index"
        | "UniqueConstraint"
        | "PrimaryKeyConstraint"
        | "ForeignKeyConstraint"
        | "CheckConstraint" => AttrValue::NotColumn,
        _ => match (dotted(&call.func), column_call(call, text)) {
            (Some(callee), Some(column)) => AttrValue::AliasCall { callee, column },
            _ => AttrValue::Unknown,
        },
    }
}

/// `sa_column_kwargs={"nullable": True, ...}`: the keys that decide a column's name,
/// nullability and primary key; anything retort cannot read makes it unreadable.
fn column_kwargs(value: &Expr) -> ColumnKwargs {
    let mut out = ColumnKwargs::default();
    let Expr::Dict(dict) = value else {
        out.unreadable = true;
        return out;
    };
    for item in &dict.items {
        let Some(key) = item.key.as_ref() else {
            out.unreadable = true;
            continue;
        };
        match str_lit(key) {
            Some("nullable") => match bool_lit(&item.value) {
                Some(b) => out.nullable = Some(b),
                None => out.unreadable = true,
            },
            Some("primary_key") => match bool_lit(&item.value) {
                Some(b) => out.primary_key = Some(b),
                None => out.unreadable = true,
            },
            Some("name") => match str_lit(&item.value) {
                Some(n) => out.name = Some(n.to_owned()),
                None => out.unreadable = true,
            },
            Some(_) => {}
            None => out.unreadable = true,
        }
    }
    out
}

pub(crate) fn column_call(call: &ExprCall, text: &str) -> Option<ColumnCall> {
    if super::expr::has_double_star(call) {
        return None;
    }
    let mut column = ColumnCall {
        mapped: last_name(&call.func) == Some("mapped_column"),
        name: keyword(call, "name").and_then(str_lit).map(str::to_owned),
        type_text: keyword(call, "type_").map(|t| type_text(t, text)),
        nullable: keyword(call, "nullable").and_then(bool_lit),
        primary_key: keyword(call, "primary_key").and_then(bool_lit),
        foreign_keys: Vec::new(),
    };
    for (i, a) in call.arguments.args.iter().enumerate() {
        match a {
            Expr::Starred(_) => return None,
            Expr::StringLiteral(s) if i == 0 => column.name = Some(s.value.to_str().to_owned()),
            Expr::Call(inner) if last_name(&inner.func) == Some("ForeignKey") => {
                if let Some(target) = inner.arguments.args.first().and_then(str_lit) {
                    column.foreign_keys.push(target.to_owned());
                }
            }
            Expr::Call(inner)
                if matches!(
                    last_name(&inner.func),
                    Some("Sequence" | "Identity" | "Computed" | "CheckConstraint" | "FetchedValue")
                ) => {}
            other if column.type_text.is_none() => column.type_text = Some(type_text(other, text)),
            _ => {}
        }
    }
    Some(column)
}

fn table_call(call: &ExprCall, text: &str) -> Option<TableCall> {
    let name = str_lit(arg(call, 0, "name")?)?.to_owned();
    let schema = keyword(call, "schema").and_then(str_lit).map(str::to_owned);
    let mut columns = Vec::new();
    let mut primary_key = None;
    let mut incomplete = keyword(call, "autoload_with").is_some()
        || keyword(call, "autoload").is_some()
        || super::expr::has_double_star(call);
    // `Table("t", metadata, Column(...), ...)`; Flask-SQLAlchemy's `db.Table("t",
    // db.Column(...), ...)` leaves the metadata out.
    let skip = match call.arguments.args.get(1) {
        Some(Expr::Call(c))
            if matches!(
                last_name(&c.func),
                Some(
                    "Column"
                        | "PrimaryKeyConstraint"
                        | "UniqueConstraint"
                        | "ForeignKeyConstraint"
                        | "CheckConstraint"
                        | "Index"
                )
            ) =>
        {
            1
        }
        _ => 2,
    };
    for a in call.arguments.args.iter().skip(skip) {
        match a {
            Expr::Call(inner) if last_name(&inner.func) == Some("Column") => {
                match column_call(inner, text) {
                    Some(c) if c.name.is_some() => columns.push(c),
                    _ => incomplete = true,
                }
            }
            Expr::Call(inner) if last_name(&inner.func) == Some("PrimaryKeyConstraint") => {
                match primary_key_columns(inner) {
                    Some(names) => primary_key = Some(names),
                    None => incomplete = true,
                }
            }
            Expr::Call(inner)
                if matches!(
                    last_name(&inner.func),
                    Some(
                        "PrimaryKeyConstraint"
                            | "UniqueConstraint"
                            | "ForeignKeyConstraint"
                            | "CheckConstraint"
                            | "Index"
                    )
                ) => {}
            _ => incomplete = true,
        }
    }
    Some(TableCall {
        name,
        schema,
        columns,
        primary_key,
        incomplete,
        span: span(call.range()),
    })
}

/// What a computed `__tablename__` may use besides the class name: the module's
/// string constants and its one-parameter name functions.
#[derive(Default)]
struct NameContext {
    constants: HashMap<String, String>,
    functions: HashMap<String, NameExpr>,
}

/// Module-level facts the classes need, read before them: string constants, name
/// functions, column aliases and the naming convention.
fn prepass(body: &[Stmt], text: &str, out: &mut ModelModule) -> NameContext {
    let mut context = NameContext::default();
    let mut dicts: HashMap<&str, &Expr> = HashMap::new();
    for stmt in body {
        match stmt {
            Stmt::Assign(assign) => {
                for target in &assign.targets {
                    let Expr::Name(name) = target else { continue };
                    let name = name.id.as_str();
                    match assign.value.as_ref() {
                        Expr::StringLiteral(s) => {
                            context
                                .constants
                                .insert(name.to_owned(), s.value.to_str().to_owned());
                        }
                        Expr::Dict(_) => {
                            dicts.insert(name, &assign.value);
                        }
                        value => {
                            if let Some(alias) = alias_of(name, value, text) {
                                out.column_aliases.push(alias);
                            }
                        }
                    }
                }
            }
            Stmt::FunctionDef(def) if def.decorator_list.is_empty() => {
                if let Some(alias) = wrapper_alias(def, text) {
                    out.column_aliases.push(alias);
                } else if let Some(expr) = name_function(def, &context) {
                    context.functions.insert(def.name.as_str().to_owned(), expr);
                }
            }
            _ => {}
        }
    }
    out.string_constants = context
        .constants
        .iter()
        .map(|(k, v)| (k.clone(), v.clone()))
        .collect();
    out.string_constants.sort();
    out.name_functions = context
        .functions
        .iter()
        .map(|(k, v)| (k.clone(), v.clone()))
        .collect();
    out.name_functions.sort_by(|a, b| a.0.cmp(&b.0));
    out.naming_convention = naming_convention(body, &dicts);
    context
}

/// `MetaData(naming_convention=...)` anywhere in the module, or
/// `X.metadata.naming_convention = {...}`.
fn naming_convention(
    body: &[Stmt],
    dicts: &HashMap<&str, &Expr>,
) -> Option<Option<Vec<(String, String)>>> {
    use ruff_python_ast::visitor::{Visitor, walk_expr, walk_stmt};
    struct Finder<'d, 'x> {
        dicts: &'d HashMap<&'x str, &'x Expr>,
        found: Option<Option<Vec<(String, String)>>>,
    }
    impl Finder<'_, '_> {
        fn read(&mut self, value: &Expr) {
            let dict = match value {
                Expr::Name(n) => self.dicts.get(n.id.as_str()).copied(),
                other => Some(other),
            };
            let pairs = dict.and_then(|d| match d {
                Expr::Dict(d) => d
                    .items
                    .iter()
                    .map(|item| {
                        let key = item.key.as_ref().and_then(str_lit)?;
                        Some((key.to_owned(), str_lit(&item.value)?.to_owned()))
                    })
                    .collect::<Option<Vec<_>>>(),
                _ => None,
            });
            // Two different conventions in one module: retort cannot tell which applies.
            self.found = match (self.found.take(), pairs) {
                (None, p) => Some(p),
                (Some(Some(a)), Some(b)) if a == b => Some(Some(a)),
                _ => Some(None),
            };
        }
    }
    impl<'a> Visitor<'a> for Finder<'_, '_> {
        fn visit_stmt(&mut self, stmt: &'a Stmt) {
            if let Stmt::Assign(assign) = stmt
                && let [Expr::Attribute(target)] = assign.targets.as_slice()
                && target.attr.as_str() == "naming_convention"
            {
                self.read(&assign.value);
            }
            walk_stmt(self, stmt);
        }
        fn visit_expr(&mut self, expr: &'a Expr) {
            if let Expr::Call(call) = expr
                && last_name(&call.func) == Some("MetaData")
                && let Some(value) = keyword(call, "naming_convention")
            {
                self.read(value);
            }
            walk_expr(self, expr);
        }
    }
    let mut finder = Finder { dicts, found: None };
    finder.visit_body(body);
    finder.found
}

/// Whether a callee is a column constructor: `Column`, `mapped_column`, any prefix.
fn is_column_constructor(name: &str) -> bool {
    matches!(name.rsplit('.').next(), Some("Column" | "mapped_column"))
}

/// `Col = db.Column`, `NotNull = functools.partial(sa.Column, nullable=False)`.
fn alias_of(name: &str, value: &Expr, text: &str) -> Option<ColumnAlias> {
    match value {
        Expr::Name(_) | Expr::Attribute(_) => {
            let target = dotted(value)?;
            is_column_constructor(&target).then(|| ColumnAlias {
                name: name.to_owned(),
                target,
                defaults: PresetKeywords::default(),
                forced: PresetKeywords::default(),
                type_text: None,
            })
        }
        Expr::Call(call) if last_name(&call.func) == Some("partial") => {
            let mut args = call.arguments.args.iter();
            let target = dotted(args.next()?)?;
            let mut type_text_value = None;
            for a in args {
                match a {
                    Expr::StringLiteral(_) | Expr::Starred(_) => return None,
                    other if type_text_value.is_none() => {
                        type_text_value = Some(super::expr::type_text(other, text))
                    }
                    _ => return None,
                }
            }
            if super::expr::has_double_star(call) {
                return None;
            }
            Some(ColumnAlias {
                name: name.to_owned(),
                target,
                defaults: PresetKeywords {
                    nullable: keyword(call, "nullable").and_then(bool_lit),
                    primary_key: keyword(call, "primary_key").and_then(bool_lit),
                },
                forced: PresetKeywords::default(),
                type_text: type_text_value,
            })
        }
        _ => None,
    }
}

/// A wrapper function that passes its arguments on to a column constructor:
/// ```python
/// def NotNullColumn(*args, **kwargs):
///     kwargs.setdefault("nullable", False)
///     return db.Column(*args, **kwargs)
/// ```
/// (also with `kwargs["nullable"] = False`, a keyword parameter with a default passed
/// on, or keywords written in the call).
fn wrapper_alias(def: &StmtFunctionDef, text: &str) -> Option<ColumnAlias> {
    let params = &def.parameters;
    let kwargs = params.kwarg.as_ref().map(|k| k.name.as_str());
    let varargs = params.vararg.as_ref().map(|k| k.name.as_str());
    let mut defaults = PresetKeywords::default();
    let mut forced = PresetKeywords::default();
    let set = |preset: &mut PresetKeywords, key: &str, value: &Expr| -> Option<()> {
        match key {
            "nullable" => preset.nullable = Some(bool_lit(value)?),
            "primary_key" => preset.primary_key = Some(bool_lit(value)?),
            _ => {}
        }
        Some(())
    };
    let mut statements = def.body.iter().peekable();
    if let Some(Stmt::Expr(e)) = statements.peek()
        && matches!(e.value.as_ref(), Expr::StringLiteral(_))
    {
        statements.next();
    }
    for stmt in statements {
        match stmt {
            // kwargs.setdefault("nullable", False)
            Stmt::Expr(e) => {
                let Expr::Call(call) = e.value.as_ref() else {
                    return None;
                };
                let Expr::Attribute(attr) = call.func.as_ref() else {
                    return None;
                };
                if attr.attr.as_str() != "setdefault"
                    || root_name(&attr.value) != kwargs
                    || call.arguments.args.len() != 2
                {
                    return None;
                }
                let key = str_lit(&call.arguments.args[0])?;
                set(&mut defaults, key, &call.arguments.args[1])?;
            }
            // kwargs["nullable"] = False
            Stmt::Assign(assign) => {
                let [Expr::Subscript(sub)] = assign.targets.as_slice() else {
                    return None;
                };
                if root_name(&sub.value) != kwargs {
                    return None;
                }
                let key = str_lit(&sub.slice)?;
                set(&mut forced, key, &assign.value)?;
            }
            Stmt::Return(r) => {
                let Some(Expr::Call(call)) = r.value.as_deref() else {
                    return None;
                };
                let target = dotted(&call.func)?;
                let mut type_text_value = None;
                for a in &call.arguments.args {
                    match a {
                        Expr::Starred(s) if root_name(&s.value) == varargs => {}
                        Expr::Name(n)
                            if params
                                .args
                                .iter()
                                .any(|p| p.parameter.name.as_str() == n.id.as_str()) => {}
                        other if type_text_value.is_none() && kwargs.is_some() => {
                            type_text_value = Some(super::expr::type_text(other, text))
                        }
                        _ => return None,
                    }
                }
                for k in &call.arguments.keywords {
                    match &k.arg {
                        None if root_name(&k.value) == kwargs => {}
                        None => return None,
                        Some(key) => match &k.value {
                            // nullable=nullable, with `nullable=False` in the signature
                            Expr::Name(n) => {
                                let default = params
                                    .kwonlyargs
                                    .iter()
                                    .chain(&params.args)
                                    .find(|p| p.parameter.name.as_str() == n.id.as_str())?
                                    .default
                                    .as_deref()?;
                                set(&mut defaults, key.as_str(), default)?;
                            }
                            value => set(&mut forced, key.as_str(), value)?,
                        },
                    }
                }
                return Some(ColumnAlias {
                    name: def.name.as_str().to_owned(),
                    target,
                    defaults,
                    forced,
                    type_text: type_text_value,
                });
            }
            _ => return None,
        }
    }
    None
}

/// `def snake(name): return re.sub(..., name).lower()`: a function of one parameter
/// whose body returns a name computed from it.
fn name_function(def: &StmtFunctionDef, context: &NameContext) -> Option<NameExpr> {
    let params = &def.parameters;
    if params.args.len() + params.posonlyargs.len() != 1 {
        return None;
    }
    let param = params
        .args
        .iter()
        .chain(&params.posonlyargs)
        .next()?
        .parameter
        .name
        .as_str();
    let (expr, _) = returned_name(&def.body, param, false, context)?;
    Some(expr)
}

/// The name a function body returns, with `subject` standing for the class name
/// (`cls.__name__` when `subject` is `cls` and `class_name_attr`, else the parameter
/// itself). Also tells whether it returns `None` for an inheriting class first
/// (`if has_inherited_table(cls): return None`).
fn returned_name(
    body: &[Stmt],
    subject: &str,
    class_name_attr: bool,
    context: &NameContext,
) -> Option<(NameExpr, bool)> {
    let mut locals: HashMap<&str, NameExpr> = HashMap::new();
    let mut none_when_inherited = false;
    for stmt in body {
        let reader = NameReader {
            subject,
            class_name_attr,
            context,
            locals: &locals,
        };
        match stmt {
            Stmt::Expr(e) if matches!(e.value.as_ref(), Expr::StringLiteral(_)) => {}
            Stmt::If(s)
                if s.elif_else_clauses.is_empty()
                    && matches!(s.test.as_ref(), Expr::Call(c) if last_name(&c.func) == Some("has_inherited_table"))
                    && matches!(s.body.as_slice(), [Stmt::Return(r)] if r.value.as_deref().is_none_or(|v| matches!(v, Expr::NoneLiteral(_)))) =>
            {
                none_when_inherited = true;
            }
            Stmt::Assign(assign) => {
                let [Expr::Name(name)] = assign.targets.as_slice() else {
                    return None;
                };
                let value = reader.read(&assign.value, 0)?;
                locals.insert(name.id.as_str(), value);
            }
            Stmt::Return(r) => {
                let value = reader.read(r.value.as_deref()?, 0)?;
                return Some((value, none_when_inherited));
            }
            _ => return None,
        }
    }
    None
}

struct NameReader<'c> {
    subject: &'c str,
    class_name_attr: bool,
    context: &'c NameContext,
    locals: &'c HashMap<&'c str, NameExpr>,
}

impl NameReader<'_> {
    fn read(&self, expr: &Expr, depth: usize) -> Option<NameExpr> {
        use ruff_python_ast::{FStringPart, InterpolatedStringElement, Operator};
        if depth > 16 {
            return None;
        }
        match expr {
            Expr::StringLiteral(s) => Some(NameExpr::Literal(s.value.to_str().to_owned())),
            Expr::Attribute(attr)
                if self.class_name_attr
                    && attr.attr.as_str() == "__name__"
                    && root_name(&attr.value) == Some(self.subject)
                    && matches!(attr.value.as_ref(), Expr::Name(_)) =>
            {
                Some(NameExpr::ClassName)
            }
            Expr::Name(n) if !self.class_name_attr && n.id.as_str() == self.subject => {
                Some(NameExpr::ClassName)
            }
            Expr::Name(n) => {
                if let Some(local) = self.locals.get(n.id.as_str()) {
                    return Some(local.clone());
                }
                self.context
                    .constants
                    .get(n.id.as_str())
                    .map(|c| NameExpr::Literal(c.clone()))
            }
            Expr::BinOp(b) if b.op == Operator::Add => Some(NameExpr::Concat(vec![
                self.read(&b.left, depth + 1)?,
                self.read(&b.right, depth + 1)?,
            ])),
            Expr::FString(f) => {
                let mut parts = Vec::new();
                for part in f.value.iter() {
                    match part {
                        FStringPart::Literal(l) => {
                            parts.push(NameExpr::Literal(l.value.to_string()))
                        }
                        FStringPart::FString(fs) => {
                            for element in fs.elements.iter() {
                                match element {
                                    InterpolatedStringElement::Literal(l) => {
                                        parts.push(NameExpr::Literal(l.value.to_string()))
                                    }
                                    InterpolatedStringElement::Interpolation(i) => {
                                        if i.conversion != ruff_python_ast::ConversionFlag::None
                                            || i.format_spec.is_some()
                                        {
                                            return None;
                                        }
                                        parts.push(self.read(&i.expression, depth + 1)?);
                                    }
                                }
                            }
                        }
                    }
                }
                Some(NameExpr::Concat(parts))
            }
            Expr::Call(call) => self.call(call, depth),
            _ => None,
        }
    }

    fn call(&self, call: &ExprCall, depth: usize) -> Option<NameExpr> {
        let args = &call.arguments.args;
        if !call.arguments.keywords.is_empty() {
            return None;
        }
        let literal = |i: usize| args.get(i).and_then(str_lit).map(str::to_owned);
        match call.func.as_ref() {
            Expr::Attribute(attr) => {
                let method = attr.attr.as_str();
                // re.sub(pattern, repl, value)
                if method == "sub" && root_name(&attr.value) == Some("re") && args.len() == 3 {
                    return Some(NameExpr::Sub {
                        pattern: literal(0)?,
                        repl: literal(1)?,
                        value: Box::new(self.read(&args[2], depth + 1)?),
                    });
                }
                let value = Box::new(self.read(&attr.value, depth + 1)?);
                match (method, args.len()) {
                    ("lower", 0) => Some(NameExpr::Lower(value)),
                    ("upper", 0) => Some(NameExpr::Upper(value)),
                    ("strip" | "lstrip" | "rstrip", 0 | 1) => Some(NameExpr::Strip {
                        value,
                        chars: if args.is_empty() {
                            None
                        } else {
                            Some(literal(0)?)
                        },
                        left: method != "rstrip",
                        right: method != "lstrip",
                    }),
                    ("replace", 2) => Some(NameExpr::Replace {
                        value,
                        old: literal(0)?,
                        new: literal(1)?,
                    }),
                    _ => None,
                }
            }
            // sub(pattern, repl, value) imported from re, or a name function.
            Expr::Name(n) => {
                if n.id.as_str() == "sub" && args.len() == 3 {
                    return Some(NameExpr::Sub {
                        pattern: literal(0)?,
                        repl: literal(1)?,
                        value: Box::new(self.read(&args[2], depth + 1)?),
                    });
                }
                let function = self.context.functions.get(n.id.as_str())?;
                if args.len() != 1 {
                    return None;
                }
                let argument = self.read(&args[0], depth + 1)?;
                Some(substitute(function, &argument))
            }
            _ => None,
        }
    }
}

/// `function` with its parameter (`ClassName`) replaced by `argument`.
fn substitute(function: &NameExpr, argument: &NameExpr) -> NameExpr {
    let sub = |e: &NameExpr| Box::new(substitute(e, argument));
    match function {
        NameExpr::ClassName => argument.clone(),
        NameExpr::Literal(l) => NameExpr::Literal(l.clone()),
        NameExpr::Concat(parts) => {
            NameExpr::Concat(parts.iter().map(|p| substitute(p, argument)).collect())
        }
        NameExpr::Lower(v) => NameExpr::Lower(sub(v)),
        NameExpr::Upper(v) => NameExpr::Upper(sub(v)),
        NameExpr::Strip {
            value,
            chars,
            left,
            right,
        } => NameExpr::Strip {
            value: sub(value),
            chars: chars.clone(),
            left: *left,
            right: *right,
        },
        NameExpr::Replace { value, old, new } => NameExpr::Replace {
            value: sub(value),
            old: old.clone(),
            new: new.clone(),
        },
        NameExpr::Sub {
            pattern,
            repl,
            value,
        } => NameExpr::Sub {
            pattern: pattern.clone(),
            repl: repl.clone(),
            value: sub(value),
        },
    }
}

/// The columns of a `PrimaryKeyConstraint("a", "b")` (names, or `table.c.x` / `x`
/// objects by their last name).
fn primary_key_columns(call: &ExprCall) -> Option<Vec<String>> {
    call.arguments
        .args
        .iter()
        .map(|a| match str_lit(a) {
            Some(s) => Some(s.to_owned()),
            None => last_name(a).map(str::to_owned),
        })
        .collect()
}
