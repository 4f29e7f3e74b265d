//! Lowers a SQLAlchemy model module (or `env.py`) into `crate::model` facts: classes
//! with bases, `__tablename__`, `__table__`, `__table_args__` schema and attributes;
//! module-level `Table(...)`; `declarative_base()` / `SQLAlchemy()` names; imports;
//! `target_metadata`. No code is imported or run.

use std::sync::Arc;

use ruff_python_ast::{Expr, ExprCall, ModModule, Stmt, StmtClassDef};
use ruff_python_parser::Parsed;
use ruff_text_size::Ranged;

use super::expr::{arg, bool_lit, dotted, keyword, last_name, source, str_lit, type_text};
use super::span;
use crate::model::{
    Annotation, AttrValue, ClassAttr, ClassFacts, ColumnCall, ColumnKwargs, Import, ModelModule,
    TableCall, TableNameAttr,
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
        syntax_error: problems
            .kept
            .into_iter()
            .next()
            .map(|p| (p.message, p.span)),
    };
    statements(&parsed.syntax().body, text, &mut out, true);
    out
}

fn statements(body: &[Stmt], text: &str, out: &mut ModelModule, top: bool) {
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
            Stmt::ClassDef(class) => out.classes.push(class_facts(class, text)),
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
                statements(&s.body, text, out, false);
                for clause in &s.elif_else_clauses {
                    statements(&clause.body, text, out, false);
                }
            }
            Stmt::Try(s) if top => {
                statements(&s.body, text, out, false);
                statements(&s.orelse, text, out, false);
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

fn class_facts(class: &StmtClassDef, text: &str) -> ClassFacts {
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
                    );
                }
            }
            Stmt::FunctionDef(def) if def.name.as_str() == "__tablename__" => {
                let lower = def.body.iter().any(|s| match s {
                    Stmt::Return(r) => r.value.as_deref().is_some_and(|v| {
                        source(v, text).replace(' ', "") == "cls.__name__.lower()"
                    }),
                    _ => false,
                });
                facts.tablename = if lower {
                    TableNameAttr::LowerClassName
                } else {
                    TableNameAttr::Unknown(span(def.name.range))
                };
            }
            _ => {}
        }
    }
    facts
}

fn class_assign(
    facts: &mut ClassFacts,
    name: &str,
    annotation: Option<&Expr>,
    value: Option<&Expr>,
    stmt_span: crate::source::Span,
    text: &str,
) {
    match name {
        "__tablename__" => {
            facts.tablename = match value.and_then(str_lit) {
                Some(t) => TableNameAttr::Literal(t.to_owned()),
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
            return;
        }
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
        Some(open) if compact[..open].rsplit('.').next() == Some("Mapped") => (
            true,
            compact[open + 1..compact.len().saturating_sub(1)].to_owned(),
        ),
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
        "Column" | "mapped_column" => match column_call(call, text) {
            Some(c) => AttrValue::Column(c),
            None => AttrValue::Unknown,
        },
        // `deferred(Column(...))` is still a column.
        "deferred" => match call.arguments.args.first() {
            Some(inner) => attr_value(inner, text),
            None => AttrValue::Unknown,
        },
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
        | "column_property"
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
        _ => AttrValue::Unknown,
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
        incomplete,
        span: span(call.range()),
    })
}
