//! What the parse stage knows about one revision file, in our own types. The Python
//! parser's AST never leaves `python/`; everything downstream reads these structs.

use std::sync::Arc;

use crate::source::{SourceFile, Span};

/// A module-level attribute such as `down_revision`, as far as it can be known without
/// running the file.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Attr<T> {
    /// The file does not assign it.
    Missing,
    /// Assigned a literal value we could evaluate. `span` covers the whole assignment
    /// statement; `value_span` only the value.
    Known {
        value: T,
        span: Span,
        value_span: Span,
    },
    /// Assigned something we cannot evaluate statically (a name, a call, an f-string).
    Unknown { span: Span, value_span: Span },
}

impl<T> Attr<T> {
    pub fn known(&self) -> Option<&T> {
        match self {
            Attr::Known { value, .. } => Some(value),
            _ => None,
        }
    }

    /// The span of the whole assignment, if there is one.
    pub fn span(&self) -> Option<Span> {
        match self {
            Attr::Missing => None,
            Attr::Known { span, .. } | Attr::Unknown { span, .. } => Some(*span),
        }
    }

    pub fn value_span(&self) -> Option<Span> {
        match self {
            Attr::Missing => None,
            Attr::Known { value_span, .. } | Attr::Unknown { value_span, .. } => Some(*value_span),
        }
    }

    pub fn is_missing(&self) -> bool {
        matches!(self, Attr::Missing)
    }
}

/// One identifier inside a `down_revision`/`depends_on`/`branch_labels` value, with
/// the span of its string literal so that diagnostics can point at the exact element.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Ident {
    pub value: String,
    pub span: Span,
}

/// The conventional docstring header Alembic's templates write:
///
/// ```text
/// """add trades
///
/// Revision ID: fb84c1febfb6
/// Revises: c8d25c64b432
/// Create Date: 2025-08-13 15:00:00.000000
/// """
/// ```
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Docstring {
    pub span: Span,
    /// The first line (the `-m` message).
    pub message: Option<String>,
    pub revision_id: Option<Ident>,
    /// `Revises:` split on commas; empty when the header says nothing after the colon.
    pub revises: Option<(Vec<String>, Span)>,
    pub create_date: Option<Ident>,
}

/// A parse problem with its place in the file.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SyntaxProblem {
    pub message: String,
    pub span: Span,
}

/// A `def upgrade()` / `def downgrade()` at module level.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FunctionDef {
    /// The `def name(...)` header, for labels.
    pub name_span: Span,
    /// The whole statement.
    pub span: Span,
    /// The schema operations of the body (`op.*` calls), lowered in the same parse.
    pub body: crate::ops::Body,
}

/// A `# retort: ignore[...]` (one line) or `# retort: ignore-file[...]` comment.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Suppression {
    /// The comment itself.
    pub span: Span,
    /// Rule codes or names; empty means every rule.
    pub rules: Vec<String>,
    pub whole_file: bool,
}

/// Everything extracted from one revision file.
#[derive(Debug)]
pub struct RevisionFile {
    pub source: Arc<SourceFile>,
    pub revision: Attr<String>,
    /// `None` (the literal) and empty tuples become an empty list.
    pub down_revision: Attr<Vec<Ident>>,
    pub branch_labels: Attr<Vec<Ident>>,
    pub depends_on: Attr<Vec<Ident>>,
    pub docstring: Option<Docstring>,
    pub upgrade: Option<FunctionDef>,
    pub downgrade: Option<FunctionDef>,
    pub syntax_errors: Vec<SyntaxProblem>,
    pub suppressions: Vec<Suppression>,
    /// Identifiers assigned something other than a literal, in a form the loading
    /// stage may still evaluate statically (names of the file's own or imported
    /// module-level constants). What stays unknown keeps its reason here.
    pub unresolved: Vec<Unresolved>,
    /// The file's module-level names, kept when some identifier needs them.
    pub scope: ModuleScope,
}

/// Which identifier an [`Unresolved`] value is assigned to.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum IdentifierAttr {
    Revision,
    DownRevision,
    BranchLabels,
    DependsOn,
}

impl IdentifierAttr {
    pub fn name(self) -> &'static str {
        match self {
            IdentifierAttr::Revision => "revision",
            IdentifierAttr::DownRevision => "down_revision",
            IdentifierAttr::BranchLabels => "branch_labels",
            IdentifierAttr::DependsOn => "depends_on",
        }
    }
}

/// A module-level value as far as it can be read without running code.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ValueShape {
    Str(String),
    None,
    /// A name or a dotted name: `EXPAND_BRANCH`, `cli.EXPAND_BRANCH`, `pkg.mod.NAME`.
    Name(Vec<String>),
    /// A tuple or list, with the span of each element.
    Seq(Vec<(ValueShape, Span)>),
    /// Anything else (a call, an f-string, arithmetic): what it is, for messages.
    Opaque(String),
}

/// An identifier whose value is not a literal.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Unresolved {
    pub attr: IdentifierAttr,
    pub shape: ValueShape,
    /// Where the assignment statement starts: only names bound before it count.
    pub offset: usize,
    /// Why it could not be evaluated, once the loading stage has tried.
    pub reason: Option<String>,
}

/// What a module-level name is bound to.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Binding {
    Value(ValueShape),
    /// `import a.b` binds `a` to module `a`; `import a.b as m` binds `m` to `a.b`.
    Module(String),
    /// `from a import b`: attribute `b` of module `a`, or its submodule `a.b`.
    From {
        module: String,
        name: String,
    },
}

/// A module's top-level bindings, in source order, each with the offset of its
/// statement. Relative imports are kept relative (`.`-prefixed module names).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ModuleScope {
    pub bindings: Vec<(String, usize, Binding)>,
}

impl ModuleScope {
    /// The binding of `name` in force at `offset` (the last one made before it).
    pub fn lookup(&self, name: &str, offset: usize) -> Option<(usize, &Binding)> {
        self.bindings
            .iter()
            .rev()
            .find(|(n, at, _)| n == name && *at < offset)
            .map(|(_, at, b)| (*at, b))
    }
}

impl RevisionFile {
    /// The revision id as Alembic would determine it: the `revision` attribute, else
    /// (legacy) a file name made only of lowercase hex digits.
    pub fn id(&self) -> Option<&str> {
        match &self.revision {
            Attr::Known { value, .. } => Some(value),
            Attr::Unknown { .. } => None,
            Attr::Missing => legacy_id_from_filename(self.source.file_name()),
        }
    }

    /// Where to point when talking about the revision id.
    pub fn id_span(&self) -> Span {
        self.revision
            .span()
            .unwrap_or_else(|| crate::diagnostic::Location::file_start(&self.source).span)
    }

    pub fn down_revisions(&self) -> &[Ident] {
        self.down_revision.known().map(Vec::as_slice).unwrap_or(&[])
    }

    pub fn depends_on_ids(&self) -> &[Ident] {
        self.depends_on.known().map(Vec::as_slice).unwrap_or(&[])
    }

    pub fn branch_label_ids(&self) -> &[Ident] {
        self.branch_labels.known().map(Vec::as_slice).unwrap_or(&[])
    }
}

/// Alembic's legacy rule: `([a-f0-9]+)\.py` anchored at the start of the file name.
pub fn legacy_id_from_filename(name: &str) -> Option<&str> {
    let stem = name.strip_suffix(".py")?;
    (!stem.is_empty() && stem.bytes().all(|b| matches!(b, b'0'..=b'9' | b'a'..=b'f')))
        .then_some(stem)
}
