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
    /// Assigned a literal of a type Alembic cannot use (`revision = 3`); `python_type`
    /// is its Python type name and `exception` what Alembic raises on it.
    Invalid {
        span: Span,
        value_span: Span,
        python_type: &'static str,
        exception: &'static str,
    },
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
            Attr::Known { span, .. } | Attr::Unknown { span, .. } | Attr::Invalid { span, .. } => {
                Some(*span)
            }
        }
    }

    pub fn value_span(&self) -> Option<Span> {
        match self {
            Attr::Missing => None,
            Attr::Known { value_span, .. }
            | Attr::Unknown { value_span, .. }
            | Attr::Invalid { value_span, .. } => Some(*value_span),
        }
    }

    pub fn is_missing(&self) -> bool {
        matches!(self, Attr::Missing)
    }

    pub fn is_invalid(&self) -> bool {
        matches!(self, Attr::Invalid { .. })
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
    /// The first syntax errors, in order (at most 100 are kept).
    pub syntax_errors: Vec<SyntaxProblem>,
    /// How many more there were.
    pub more_syntax_errors: usize,
    /// Set when the file was not read (larger than `max-file-size`, a broken link, a
    /// FIFO...): why, in words. Nothing of its content is known, so it takes no part in
    /// the graph and only RT001 (size) or RT004 speak about it.
    pub unread: Option<String>,
    pub suppressions: Vec<Suppression>,
    /// Identifiers assigned something other than a literal, in a form the loading
    /// stage may still evaluate statically (names of the file's own or imported
    /// module-level constants). What stays unknown keeps its reason here.
    pub unresolved: Vec<Unresolved>,
    /// The file's module-level names, kept when some identifier needs them.
    pub scope: ModuleScope,
    /// Module-level classes that may be `TypeDecorator`s (a column type of the
    /// revision's own).
    pub type_decorators: Vec<crate::model::TypeDecorator>,
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
    /// A file that was not read: `why` says why; `too_large` makes it a syntax error
    /// (RT001) rather than a file Alembic cannot load (RT004).
    pub fn unread(source: Arc<SourceFile>, why: String, too_large: bool) -> RevisionFile {
        let start = Span::new(0, 0);
        RevisionFile {
            source,
            revision: Attr::Missing,
            down_revision: Attr::Missing,
            branch_labels: Attr::Missing,
            depends_on: Attr::Missing,
            docstring: None,
            upgrade: None,
            downgrade: None,
            syntax_errors: if too_large {
                vec![SyntaxProblem {
                    message: why.clone(),
                    span: start,
                }]
            } else {
                Vec::new()
            },
            more_syntax_errors: 0,
            unread: Some(why),
            suppressions: Vec::new(),
            unresolved: Vec::new(),
            scope: ModuleScope::default(),
            type_decorators: Vec::new(),
        }
    }

    /// The revision id as Alembic would determine it: the `revision` attribute, else
    /// (legacy) a file name made only of lowercase hex digits. None for a file that was
    /// not read.
    pub fn id(&self) -> Option<&str> {
        if self.unread.is_some() {
            return None;
        }
        match &self.revision {
            Attr::Known { value, .. } => Some(value),
            Attr::Unknown { .. } | Attr::Invalid { .. } => None,
            Attr::Missing => legacy_id_from_filename(self.source.file_name()),
        }
    }

    /// Why Alembic cannot load this file, beyond syntax errors (which Alembic meets
    /// first): it was not read, `down_revision` is missing (AttributeError), or an
    /// identifier is a literal of the wrong type. Each with where to point.
    pub fn load_errors(&self) -> Vec<(Span, String)> {
        let mut out = Vec::new();
        if let Some(why) = &self.unread {
            if self.syntax_errors.is_empty() {
                out.push((Span::new(0, 0), why.clone()));
            }
            return out;
        }
        if !self.syntax_errors.is_empty() {
            return out;
        }
        for (name, attr) in [
            ("revision", self.revision.as_invalid()),
            ("down_revision", self.down_revision.as_invalid()),
            ("branch_labels", self.branch_labels.as_invalid()),
            ("depends_on", self.depends_on.as_invalid()),
        ] {
            if let Some((value_span, python_type, exception)) = attr {
                let shown = self.source.slice(value_span);
                let what = if name == "revision" {
                    "a string"
                } else {
                    "None, a string, or a tuple or list of strings"
                };
                out.push((
                    value_span,
                    format!(
                        "`{name} = {shown}` holds {} {python_type}, where Alembic needs {what}: \
                         Alembic cannot load this file ({exception})",
                        article(python_type)
                    ),
                ));
            }
        }
        // Without an id Alembic stops earlier (RT002 says so).
        if self.down_revision.is_missing() && self.id().is_some() {
            let name = self.source.file_name();
            let module = name
                .strip_suffix(".py")
                .unwrap_or(name)
                .replace(|c: char| !c.is_alphanumeric() && c != '_', "_");
            out.push((
                crate::diagnostic::Location::file_start(&self.source).span,
                format!(
                    "no `down_revision` in this file: Alembic cannot load it (AttributeError: \
                     module '{module}_py' has no attribute 'down_revision')"
                ),
            ));
        }
        out
    }

    /// Whether the file has a place in the revision graph: it was read, its id is
    /// known, and its `down_revision` is a value Alembic can load (or one retort cannot
    /// evaluate, RT003).
    pub fn has_graph_position(&self) -> bool {
        self.id().is_some() && !self.down_revision.is_missing() && !self.down_revision.is_invalid()
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

fn article(word: &str) -> &'static str {
    if word.starts_with(['a', 'e', 'i', 'o', 'u']) {
        "an"
    } else {
        "a"
    }
}

impl<T> Attr<T> {
    fn as_invalid(&self) -> Option<(Span, &'static str, &'static str)> {
        match self {
            Attr::Invalid {
                value_span,
                python_type,
                exception,
                ..
            } => Some((*value_span, python_type, exception)),
            _ => None,
        }
    }
}

/// Alembic's legacy rule: `([a-f0-9]+)\.py` anchored at the start of the file name.
pub fn legacy_id_from_filename(name: &str) -> Option<&str> {
    let stem = name.strip_suffix(".py")?;
    (!stem.is_empty() && stem.bytes().all(|b| matches!(b, b'0'..=b'9' | b'a'..=b'f')))
        .then_some(stem)
}
