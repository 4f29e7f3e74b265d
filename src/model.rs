//! What the parse stage reads from a SQLAlchemy model module, in our own types:
//! classes with their bases, table names and attributes, module-level `Table(...)`
//! definitions and imports. `python/models.rs` produces these per file; `schema/models.rs`
//! resolves them across files into the tables and columns the model declares.

use std::sync::Arc;

use crate::source::{SourceFile, Span};

/// A `Column(...)` / `mapped_column(...)` / `db.Column(...)` call.
#[derive(Clone, Debug, PartialEq, Eq, Default)]
pub struct ColumnCall {
    /// `mapped_column` (nullability follows the `Mapped[...]` annotation) rather than
    /// `Column`.
    pub mapped: bool,
    /// An explicit column name (first positional string or `name=`).
    pub name: Option<String>,
    pub type_text: Option<String>,
    pub nullable: Option<bool>,
    pub primary_key: Option<bool>,
    pub foreign_keys: Vec<String>,
}

/// What an attribute in a class body is assigned.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum AttrValue {
    /// Only annotated (`x: Mapped[int]`, SQLModel's `name: str`).
    Nothing,
    Column(ColumnCall),
    /// SQLModel's `Field(...)`; `sa_column=Column(...)` when given.
    Field {
        primary_key: Option<bool>,
        nullable: Option<bool>,
        sa_column: Option<ColumnCall>,
        /// `sa_column_kwargs={...}`, which SQLModel passes to `Column(...)` last, so
        /// that they override what the field says.
        column_kwargs: ColumnKwargs,
    },
    /// Known not to be a column: `relationship()`, `column_property()`,
    /// `Relationship()`, `synonym()`, ...
    NotColumn,
    /// A literal or name (a plain class attribute; a default value in SQLModel).
    Literal,
    /// A call to something else that is called like `Column(...)` (an alias of
    /// `Column`, a `functools.partial` of it, a small wrapper function): the arguments
    /// as `Column` would read them; the callee is resolved across modules.
    AliasCall {
        callee: String,
        column: ColumnCall,
    },
    /// A call retort does not know (a column factory of the project's own, ...).
    Unknown,
}

/// A name a module binds to a column constructor with some keywords preset:
/// `Column = functools.partial(db.Column, nullable=False)`, `Col = sa.Column`, or a
/// wrapper `def NotNull(*args, **kwargs): kwargs.setdefault("nullable", False);
/// return Column(*args, **kwargs)`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ColumnAlias {
    pub name: String,
    /// What it calls, as written (`db.Column`, `mapped_column`, another alias).
    pub target: String,
    /// Keywords it sets unless the call sets them (`partial`, `setdefault`, a
    /// parameter default).
    pub defaults: PresetKeywords,
    /// Keywords it sets whatever the call says.
    pub forced: PresetKeywords,
    /// A type it passes itself (`partial(Column, Integer)`).
    pub type_text: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Eq, Default)]
pub struct PresetKeywords {
    pub nullable: Option<bool>,
    pub primary_key: Option<bool>,
}

/// A `__tablename__` computed from the class name, as far as retort evaluates it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum NameExpr {
    /// `cls.__name__`
    ClassName,
    Literal(String),
    Concat(Vec<NameExpr>),
    Lower(Box<NameExpr>),
    Upper(Box<NameExpr>),
    /// `s.strip(chars)`, `lstrip`, `rstrip` (`None`: whitespace).
    Strip {
        value: Box<NameExpr>,
        chars: Option<String>,
        left: bool,
        right: bool,
    },
    /// `s.replace(old, new)`
    Replace {
        value: Box<NameExpr>,
        old: String,
        new: String,
    },
    /// `re.sub(pattern, repl, s)` (Python syntax, as written).
    Sub {
        pattern: String,
        repl: String,
        value: Box<NameExpr>,
    },
}

/// SQLModel's `Field(sa_column_kwargs={...})`, as far as it is a literal dict.
#[derive(Clone, Debug, PartialEq, Eq, Default)]
pub struct ColumnKwargs {
    pub nullable: Option<bool>,
    pub primary_key: Option<bool>,
    pub name: Option<String>,
    /// Given, but not a dict of literals retort can read (`**extra`, a variable, ...).
    pub unreadable: bool,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Annotation {
    /// `Mapped[...]` (any prefix).
    pub mapped: bool,
    /// `Optional[...]`, `X | None`, `Union[X, None]` inside.
    pub optional: bool,
    pub classvar: bool,
    /// A collection (`list[...]`) or a quoted forward reference: a relationship.
    pub relation_hint: bool,
    /// The first type name inside (`int`, `Decimal`, `User`), to tell a reference
    /// to another model class (a relationship) from a column type.
    pub type_name: String,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ClassAttr {
    pub name: String,
    pub span: Span,
    pub annotation: Option<Annotation>,
    pub value: AttrValue,
}

/// `__tablename__` as written in a class body.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum TableNameAttr {
    Missing,
    Literal(String),
    /// `@declared_attr def __tablename__(cls): return cls.__name__.lower()`.
    LowerClassName,
    /// A `@declared_attr` (or class-level) `__tablename__` computed from the class
    /// name; `none_when_inherited`: it returns `None` for a subclass of a mapped
    /// class (`if has_inherited_table(cls): return None`), which then shares its
    /// parent's table.
    Computed {
        expr: NameExpr,
        none_when_inherited: bool,
        span: Span,
    },
    /// Something retort cannot evaluate.
    Unknown(Span),
}

/// A `Table("name", metadata, Column(...), ..., schema="s")` call.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TableCall {
    pub name: String,
    pub schema: Option<String>,
    pub columns: Vec<ColumnCall>,
    /// The columns of a `PrimaryKeyConstraint(...)` among the arguments.
    pub primary_key: Option<Vec<String>>,
    /// Some arguments could not be read (`*columns`, `autoload_with=`).
    pub incomplete: bool,
    pub span: Span,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ClassFacts {
    pub name: String,
    pub name_span: Span,
    /// Base classes as dotted names; `None` for an expression that is not one.
    pub bases: Vec<Option<String>>,
    /// `class X(SQLModel, table=True)`.
    pub table_keyword: bool,
    /// Decorated with `@as_declarative()` / `@reg.as_declarative_base()`.
    pub declarative_decorator: bool,
    /// Decorated with `@registry.mapped` / `@reg.mapped_as_dataclass`.
    pub mapped_decorator: bool,
    pub tablename: TableNameAttr,
    pub is_abstract: bool,
    /// `__table__ = Table(...)`; `Some(None)` when assigned something else.
    pub table: Option<Option<TableCall>>,
    /// `__table_args__ = {"schema": ...}` (or a tuple ending in such a dict).
    pub schema: Option<String>,
    /// The columns of a `PrimaryKeyConstraint(...)` in `__table_args__`.
    pub table_args_primary_key: Option<Vec<String>>,
    pub attrs: Vec<ClassAttr>,
}

/// `from a.b import C as D` (level counts leading dots) or `import a.b as c`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Import {
    pub module: String,
    pub level: u32,
    /// The imported name (`None` for `import module`).
    pub name: Option<String>,
    /// The local name it is bound to.
    pub bound: String,
}

/// One model module as the parser saw it.
#[derive(Clone, Debug)]
pub struct ModelModule {
    pub source: Arc<SourceFile>,
    /// Dotted module name (`wallet.models`), when the file lies under an import root.
    pub module: Option<String>,
    pub is_package: bool,
    pub classes: Vec<ClassFacts>,
    /// Module-level `name = Table(...)`.
    pub tables: Vec<TableCall>,
    /// Names bound to `declarative_base()` / `registry().generate_base()`.
    pub declarative_names: Vec<String>,
    /// Names bound to `SQLAlchemy(...)` (Flask-SQLAlchemy).
    pub flask_db_names: Vec<String>,
    /// Of those, the ones made with `SQLAlchemy(disable_autonaming=True)`: their models
    /// get no automatic table name.
    pub flask_db_unnamed: Vec<String>,
    pub imports: Vec<Import>,
    /// `target_metadata = ...` in `env.py`: the dotted names it mentions; `Some(vec![])`
    /// for `None`.
    pub target_metadata: Option<Vec<String>>,
    /// Names bound to column constructors with preset keywords.
    pub column_aliases: Vec<ColumnAlias>,
    /// Module-level names bound to a string literal (`PREFIX = "app_"`).
    pub string_constants: Vec<(String, String)>,
    /// Module-level functions of one parameter that return a name computed from it
    /// (`def snake(name): return re.sub(..., name).lower()`), with `ClassName`
    /// standing for the parameter.
    pub name_functions: Vec<(String, NameExpr)>,
    /// `MetaData(naming_convention=...)` as a dict of literals, when the module has one;
    /// `Some(None)` when it has one retort cannot read.
    pub naming_convention: Option<Option<Vec<(String, String)>>>,
    /// Schemes of the database URLs written as string literals (`postgresql+psycopg2`
    /// of `"postgresql+psycopg2://..."`): in `env.py`, they tell the dialect.
    pub url_schemes: Vec<String>,
    /// Classes that may be `TypeDecorator`s (see [`TypeDecorator`]).
    pub type_decorators: Vec<TypeDecorator>,
    pub syntax_error: Option<(String, Span)>,
}

/// A module-level class that may be a `TypeDecorator`: `class Slug(TypeDecorator):
/// impl = String(40)`. Whether it is one is decided across the project (it may derive
/// from another project class that is).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TypeDecorator {
    pub name: String,
    /// Base classes, last names (`TypeDecorator`, `Slug`); empty for an expression.
    pub bases: Vec<String>,
    /// `impl = ...` as `type_text` renders it, when written.
    pub impl_type: Option<String>,
    /// `impl = String(40)` (an instance: the type's own arguments are ignored) rather
    /// than `impl = String` (the type's arguments are passed on to it).
    pub impl_is_instance: bool,
    /// Its DDL is not its `impl`'s, or not readable: `impl` is not a type expression,
    /// or it defines `load_dialect_impl`, `__init__`, ...
    pub unknown: bool,
}
