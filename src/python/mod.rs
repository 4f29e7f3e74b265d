//! The only module that touches the Python parser (`ruff_python_parser`). It parses a
//! revision file with error recovery and lowers what retort needs (module-level
//! identifiers, the docstring header, `upgrade`/`downgrade`) into `crate::revision`
//! types with byte spans. Swapping the parser means rewriting this folder only.

mod binding;
pub mod consts;
mod depth;
mod docstring;
pub mod env;
mod expr;
pub mod models;
mod ops;
mod prescan;
mod scope;
mod types;

pub use ops::ImportRoots;
pub use scope::module_scope;

use std::sync::Arc;

use ruff_python_ast::token::TokenKind;
use ruff_python_ast::{Expr, ModModule, PySourceType, Stmt};
use ruff_python_parser::{Parsed, parse_unchecked_source};
use ruff_text_size::{Ranged, TextRange};

use crate::revision::{
    Attr, FunctionDef, Ident, IdentifierAttr, RevisionFile, Suppression, SyntaxProblem, Unresolved,
};
use crate::source::{SourceFile, Span};

fn span(range: TextRange) -> Span {
    Span::new(range.start().to_usize(), range.end().to_usize())
}

/// Whether `hit` holds for a statement of `body` or of a block nested in it (`if`,
/// `with`, `try`, `match`; loops too when `into_loops`), never looking into a nested
/// function or class, whose statements do not run here.
fn any_statement(body: &[Stmt], into_loops: bool, hit: &dyn Fn(&Stmt) -> bool) -> bool {
    let any = |body: &[Stmt]| any_statement(body, into_loops, hit);
    body.iter().any(|stmt| {
        hit(stmt)
            || match stmt {
                Stmt::If(s) => any(&s.body) || s.elif_else_clauses.iter().any(|c| any(&c.body)),
                Stmt::For(s) if into_loops => any(&s.body) || any(&s.orelse),
                Stmt::While(s) if into_loops => any(&s.body) || any(&s.orelse),
                Stmt::With(s) => any(&s.body),
                Stmt::Try(s) => {
                    any(&s.body)
                        || any(&s.orelse)
                        || any(&s.finalbody)
                        || s.handlers.iter().any(|h| {
                            let ruff_python_ast::ExceptHandler::ExceptHandler(h) = h;
                            any(&h.body)
                        })
                }
                Stmt::Match(s) => s.cases.iter().any(|c| any(&c.body)),
                _ => false,
            }
    })
}

/// An upper bound on the depth of the syntax tree of `text` (expressions and blocks),
/// as retort estimates it from the tokens to refuse what CPython cannot compile.
pub fn nesting_bound(text: &str) -> u32 {
    parse_guarded(text, |parsed, _| depth::scan(parsed.tokens()).depth)
}

/// Files up to this size skip the first pass when the parser accepts them as they are
/// (see `parse_guarded`): at about 150 bytes of parser memory per byte of junk, the
/// worst case is a few tens of megabytes.
const DIRECT_PARSE_MAX: usize = 256 * 1024;

/// Whether `text` holds a NUL byte or a tab. In blocks of 64 bytes, each tested whole
/// (a byte is 0 or a tab when it or its `^ b'\t'` is 0, so the block's minimum over
/// both is 0), which the compiler turns into a few vector instructions per block.
fn has_nul_or_tab(text: &str) -> bool {
    const BLOCK: usize = 64;
    let blocked = |block: &[u8]| block.iter().fold(u8::MAX, |m, &b| m.min(b).min(b ^ b'\t')) == 0;
    let mut blocks = text.as_bytes().chunks_exact(BLOCK);
    if blocks.by_ref().any(blocked) {
        return true;
    }
    // The last part, padded with bytes that are neither.
    let mut last = [u8::MAX; BLOCK];
    let rest = blocks.remainder();
    last[..rest.len()].copy_from_slice(rest);
    blocked(&last)
}

/// Syntax errors kept per file: the first is reported, the others counted.
const KEPT_ERRORS: usize = 100;

/// The syntax problems of a file, in order, at most `KEPT_ERRORS` of them, and how many
/// more there were.
pub(crate) struct Problems {
    pub kept: Vec<SyntaxProblem>,
    pub more: usize,
}

/// Parse `text` and hand the tree to `lower`, on a stack deep enough for it. Lines
/// nested deeper than CPython can compile are reported (as syntax errors, first by
/// position together with the parser's own) and left out of the tree. A first pass
/// (`prescan`) keeps the parser's cost linear in the file: lines nested far beyond
/// CPython's limits are blanked before the parser sees them, and after `ERROR_CAP`
/// certain errors the rest of the file is not parsed.
fn parse_guarded<R>(text: &str, lower: impl FnOnce(&Parsed<ModModule>, Problems) -> R) -> R {
    // The common case first: a file small enough that even the parser's worst case
    // costs little, with no NUL byte and no tab (the only things the first pass finds
    // in text the parser accepts), is parsed directly. Only if the parser or the
    // nesting check objects is it parsed again the careful way, so that every problem
    // is reported exactly as below.
    if text.len() <= DIRECT_PARSE_MAX && !has_nul_or_tab(text) {
        let parsed = parse_unchecked_source(text, PySourceType::Python);
        let scan = depth::check(parsed.tokens());
        if parsed.errors().is_empty() && scan.problems.is_empty() {
            return depth::with_stack(scan.depth, move || {
                lower(
                    &parsed,
                    Problems {
                        kept: Vec::new(),
                        more: 0,
                    },
                )
            });
        }
        depth::with_stack(scan.depth, move || drop(parsed));
    }
    let pre = prescan::scan(text);
    let guard = depth::scan_with(&pre.tokens, depth::GUARD);
    let read = &text[..pre.cut.unwrap_or(text.len())];
    let first: std::borrow::Cow<str> = if guard.problems.iter().any(|p| p.mask.is_some()) {
        depth::masked(read, &pre.tokens, &guard.problems).into()
    } else {
        read.into()
    };
    let mut extra: Vec<SyntaxProblem> = pre
        .problems
        .into_iter()
        .map(|(span, message)| SyntaxProblem { message, span })
        .chain(guard.problems.iter().map(|p| SyntaxProblem {
            message: p.message.clone(),
            span: p.span,
        }))
        .collect();
    drop(pre.tokens);
    let parsed = parse_unchecked_source(&first, PySourceType::Python);
    let scan = depth::check(parsed.tokens());
    extra.extend(scan.problems.iter().map(|p| SyntaxProblem {
        message: p.message.clone(),
        span: p.span,
    }));
    // Where the first pass found CPython's indentation errors (TabError), the
    // parser's own complaints about that line's indentation are left out: CPython's
    // words win.
    let indentation_lines: Vec<Span> = extra
        .iter()
        .filter(|p| p.message.contains("indent"))
        .map(|p| {
            let start = text[..p.span.start].rfind('\n').map_or(0, |i| i + 1);
            let end = text[p.span.start..]
                .find('\n')
                .map_or(text.len(), |i| p.span.start + i);
            Span::new(start, end)
        })
        .collect();
    let echo = |e: &ruff_python_parser::ParseError| {
        let at = e.location.start().to_usize();
        indentation_lines
            .iter()
            .any(|l| l.start <= at && at <= l.end)
            && e.error.to_string().to_lowercase().contains("indent")
    };
    let with_errors = |parsed: &Parsed<ModModule>| {
        let mut total = extra.len();
        let mut kept = Vec::new();
        for e in parsed.errors() {
            if echo(e) {
                continue;
            }
            total += 1;
            if kept.len() < KEPT_ERRORS {
                kept.push(SyntaxProblem {
                    message: e.error.to_string(),
                    span: span(e.location),
                });
            }
        }
        kept.extend(extra.iter().cloned());
        kept.sort_by_key(|p| (p.span.start, p.span.end));
        kept.truncate(KEPT_ERRORS);
        Problems {
            more: total - kept.len(),
            kept,
        }
    };
    if scan.problems.iter().any(|p| p.mask.is_some()) {
        let masked = depth::masked(&first, parsed.tokens(), &scan.problems);
        depth::with_stack(scan.depth, move || drop(parsed));
        let reparsed = parse_unchecked_source(&masked, PySourceType::Python);
        let bound = depth::check(reparsed.tokens()).depth;
        depth::with_stack(bound, move || {
            let problems = with_errors(&reparsed);
            lower(&reparsed, problems)
        })
    } else {
        depth::with_stack(scan.depth, move || {
            let problems = with_errors(&parsed);
            lower(&parsed, problems)
        })
    }
}

/// What to extract from a revision file.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Extract {
    /// Everything the rules need: identifiers, header, suppressions and the ops of
    /// `upgrade()` / `downgrade()`.
    #[default]
    Everything,
    /// Only what the graph needs (`retort heads`, `graph`): the ops are not lowered
    /// (`upgrade` / `downgrade` are still found, with empty bodies).
    Identifiers,
}

/// Parse one revision file. Never fails: syntax errors are recorded and whatever the
/// recovering parser could still make sense of is extracted.
pub fn parse_revision(source: Arc<SourceFile>) -> RevisionFile {
    parse_revision_with(source, Extract::Everything, None)
}

/// `parse_revision`, extracting only what `extract` asks for, and following the
/// functions the revision imports from the project's own modules (found under
/// `imports`' roots) where it calls them. The syntax tree is dropped before this
/// returns.
pub fn parse_revision_with(
    source: Arc<SourceFile>,
    extract: Extract,
    imports: Option<&ops::ImportRoots>,
) -> RevisionFile {
    let text = source.text.clone();
    parse_guarded(&text, |parsed, problems| {
        lower_revision(source, parsed, problems, extract, imports)
    })
}

fn lower_revision(
    source: Arc<SourceFile>,
    parsed: &Parsed<ModModule>,
    problems: Problems,
    extract: Extract,
    imports: Option<&ops::ImportRoots>,
) -> RevisionFile {
    let body = &parsed.syntax().body;

    let mut file = RevisionFile {
        source: source.clone(),
        revision: Attr::Missing,
        down_revision: Attr::Missing,
        branch_labels: Attr::Missing,
        depends_on: Attr::Missing,
        docstring: None,
        upgrade: None,
        downgrade: None,
        syntax_errors: problems.kept,
        more_syntax_errors: problems.more,
        unread: None,
        suppressions: parsed
            .tokens()
            .iter()
            .filter(|t| t.kind() == TokenKind::Comment)
            .filter_map(|t| suppression(&source.text, span(t.range())))
            .collect(),
        unresolved: Vec::new(),
        scope: Default::default(),
        type_decorators: types::type_decorators(body, &source.text),
    };

    if let Some(Stmt::Expr(expr)) = body.first()
        && let Expr::StringLiteral(literal) = expr.value.as_ref()
    {
        file.docstring = Some(docstring::parse(
            literal.value.to_str(),
            span(literal.range),
            &source.text,
        ));
    }

    // The module's helpers and `op` aliases matter only to the ops.
    let module = (extract == Extract::Everything).then(|| {
        let mut module = ops::Module::new(&source.text, body);
        module.roots = imports;
        module
    });
    // Python runs the module top to bottom, so the last assignment wins, as in Alembic.
    for stmt in body {
        match stmt {
            Stmt::Assign(assign) => {
                for target in &assign.targets {
                    assign_attr(
                        &mut file,
                        target,
                        Some(&assign.value),
                        span(assign.range),
                        &source.text,
                    );
                }
            }
            Stmt::AnnAssign(assign) => {
                assign_attr(
                    &mut file,
                    &assign.target,
                    assign.value.as_deref(),
                    span(assign.range),
                    &source.text,
                );
            }
            Stmt::FunctionDef(def) => {
                let is_migration = matches!(def.name.as_str(), "upgrade" | "downgrade");
                let function = FunctionDef {
                    name_span: span(def.name.range),
                    span: span(def.range),
                    body: match &module {
                        Some(module) if is_migration => ops::lower_body(module, &def.body),
                        _ => crate::ops::Body::default(),
                    },
                };
                match def.name.as_str() {
                    "upgrade" => file.upgrade = Some(function),
                    "downgrade" => file.downgrade = Some(function),
                    _ => {}
                }
            }
            _ => {}
        }
    }
    if !file.unresolved.is_empty() {
        file.scope = scope::scope_of(body, &source.text);
    }
    file
}

/// Read `# retort: ignore[RT101, RT105]`, `# retort: ignore` and
/// `# retort: ignore-file[...]` comments.
fn suppression(text: &str, comment: Span) -> Option<Suppression> {
    // The directive may follow another one in the same comment (`# noqa: E501  # retort: ...`).
    let rest = text
        .get(comment.start..comment.end)?
        .split('#')
        .find_map(|part| part.trim().strip_prefix("retort:"))?
        .trim();
    let (whole_file, rest) = match rest.strip_prefix("ignore-file") {
        Some(r) => (true, r),
        None => (false, rest.strip_prefix("ignore")?),
    };
    let rules = match rest.trim().strip_prefix('[') {
        Some(list) => list
            .split(']')
            .next()
            .unwrap_or("")
            .split(',')
            .map(str::trim)
            .filter(|r| !r.is_empty())
            .map(str::to_owned)
            .collect(),
        None if rest.trim().is_empty() => Vec::new(),
        None => return None,
    };
    Some(Suppression {
        span: comment,
        rules,
        whole_file,
    })
}

fn assign_attr(
    file: &mut RevisionFile,
    target: &Expr,
    value: Option<&Expr>,
    stmt_span: Span,
    text: &str,
) {
    let Expr::Name(name) = target else { return };
    // `down_revision: str` without a value assigns nothing at run time.
    let Some(value) = value else { return };
    let attr = match name.id.as_str() {
        "revision" => {
            file.revision = lower_id(value, stmt_span);
            IdentifierAttr::Revision
        }
        "down_revision" => {
            file.down_revision = lower_ids(value, stmt_span, IdList::DownRevision);
            IdentifierAttr::DownRevision
        }
        "branch_labels" => {
            file.branch_labels = lower_ids(value, stmt_span, IdList::BranchLabels);
            IdentifierAttr::BranchLabels
        }
        "depends_on" => {
            file.depends_on = lower_ids(value, stmt_span, IdList::DependsOn);
            IdentifierAttr::DependsOn
        }
        _ => return,
    };
    // The last assignment wins: forget what an earlier one left unresolved.
    file.unresolved.retain(|u| u.attr != attr);
    let unknown = match attr {
        IdentifierAttr::Revision => matches!(file.revision, Attr::Unknown { .. }),
        IdentifierAttr::DownRevision => matches!(file.down_revision, Attr::Unknown { .. }),
        IdentifierAttr::BranchLabels => matches!(file.branch_labels, Attr::Unknown { .. }),
        IdentifierAttr::DependsOn => matches!(file.depends_on, Attr::Unknown { .. }),
    };
    if unknown {
        file.unresolved.push(Unresolved {
            attr,
            shape: scope::shape_of(value, text),
            offset: stmt_span.start,
            reason: None,
        });
    }
}

fn string_literal(expr: &Expr) -> Option<&str> {
    match expr {
        Expr::StringLiteral(s) => Some(s.value.to_str()),
        _ => None,
    }
}

/// The Python type of a literal that is not a string, and whether it is false.
fn literal_type(expr: &Expr) -> Option<(&'static str, bool)> {
    use ruff_python_ast::Number;
    Some(match expr {
        Expr::NumberLiteral(n) => match &n.value {
            Number::Int(i) => ("int", *i == ruff_python_ast::Int::ZERO),
            Number::Float(f) => ("float", *f == 0.0),
            Number::Complex { real, imag } => ("complex", *real == 0.0 && *imag == 0.0),
        },
        Expr::BooleanLiteral(b) => ("bool", !b.value),
        Expr::NoneLiteral(_) => ("NoneType", true),
        Expr::BytesLiteral(b) => ("bytes", b.value.is_empty()),
        Expr::List(l) => ("list", l.elts.is_empty()),
        Expr::Tuple(t) => ("tuple", t.elts.is_empty()),
        Expr::Set(_) => ("set", false),
        Expr::Dict(d) => ("dict", d.items.is_empty()),
        _ => return None,
    })
}

fn lower_id(value: &Expr, stmt_span: Span) -> Attr<String> {
    let value_span = span(value.range());
    if let Some(text) = string_literal(value) {
        return Attr::Known {
            value: text.to_owned(),
            span: stmt_span,
            value_span,
        };
    }
    match literal_type(value) {
        // What Alembic does with each, as tests/hostile_differential.rs checks.
        Some((python_type, _)) => Attr::Invalid {
            span: stmt_span,
            value_span,
            python_type,
            exception: match python_type {
                "bytes" => "CommandError: the revision identifier is not a string",
                "tuple" => "CommandError: Can't locate revision",
                "list" | "set" | "dict" => "TypeError: unhashable type",
                _ => "TypeError: object is not iterable",
            },
        },
        None => Attr::Unknown {
            span: stmt_span,
            value_span,
        },
    }
}

/// Which identifier list is being read: Alembic treats each a little differently.
#[derive(Clone, Copy, PartialEq, Eq)]
enum IdList {
    DownRevision,
    BranchLabels,
    DependsOn,
}

/// `None`, a string, or a tuple/list of strings, normalised the way Alembic's
/// `util.to_tuple` does. Numbers, booleans and bytes, alone or in the tuple, are
/// literals Alembic cannot use (it fails with the exception recorded), except that
/// `depends_on` set to a false one means no dependency.
fn lower_ids(value: &Expr, stmt_span: Span, list: IdList) -> Attr<Vec<Ident>> {
    let value_span = span(value.range());
    // Alembic's `tuple_rev_as_scalar`: a one-element tuple or list of parents or
    // dependencies is read as its element (`down_revision = (None,)` is a base).
    let value = match value {
        Expr::Tuple(ruff_python_ast::ExprTuple { elts, .. })
        | Expr::List(ruff_python_ast::ExprList { elts, .. })
            if elts.len() == 1 && list != IdList::BranchLabels =>
        {
            &elts[0]
        }
        _ => value,
    };
    let invalid = |python_type: &'static str, falsy: bool| Attr::Invalid {
        span: stmt_span,
        value_span,
        python_type,
        exception: match (list, falsy) {
            (IdList::BranchLabels, _) => "TypeError: sequence item: expected str instance",
            (IdList::DependsOn, _) | (IdList::DownRevision, true) => "KeyError",
            (IdList::DownRevision, false) => "TypeError: sequence item: expected str instance",
        },
    };
    let elements: &[Expr] = match value {
        Expr::NoneLiteral(_) => &[],
        // A false `depends_on` is no dependency at all.
        Expr::StringLiteral(s) if s.value.is_empty() && list == IdList::DependsOn => &[],
        Expr::StringLiteral(s) => {
            return Attr::Known {
                value: vec![Ident {
                    value: s.value.to_str().to_owned(),
                    span: span(s.range),
                }],
                span: stmt_span,
                value_span,
            };
        }
        Expr::Tuple(tuple) => &tuple.elts,
        Expr::List(list) => &list.elts,
        other => {
            return match literal_type(other) {
                Some((_, true)) if list == IdList::DependsOn => Attr::Known {
                    value: Vec::new(),
                    span: stmt_span,
                    value_span,
                },
                Some((python_type @ ("int" | "float" | "complex" | "bool" | "bytes"), falsy)) => {
                    invalid(python_type, falsy)
                }
                _ => Attr::Unknown {
                    span: stmt_span,
                    value_span,
                },
            };
        }
    };
    let mut ids = Vec::with_capacity(elements.len());
    let mut unknown = false;
    for element in elements {
        match string_literal(element) {
            Some(text) => ids.push(Ident {
                value: text.to_owned(),
                span: span(element.range()),
            }),
            None => match literal_type(element) {
                Some((python_type @ ("int" | "float" | "complex" | "bool" | "bytes"), _)) => {
                    return invalid(python_type, false);
                }
                Some(("NoneType", _)) if list == IdList::BranchLabels => {
                    return invalid("NoneType", false);
                }
                _ => unknown = true,
            },
        }
    }
    if unknown {
        return Attr::Unknown {
            span: stmt_span,
            value_span,
        };
    }
    Attr::Known {
        value: ids,
        span: stmt_span,
        value_span,
    }
}

/// For the fuzz targets (fuzz/): parse `text` as a revision file and as a model
/// module, and check what must hold for any input: spans inside the text, and no
/// certain error of the first pass (other than CPython's own NUL and TabError checks)
/// on text the parser accepts. Panics when something does not hold.
#[doc(hidden)]
pub fn fuzz_check(text: &str) {
    let source = Arc::new(SourceFile::new("v/x.py".into(), "v/x.py".into(), text));
    let file = parse_revision(source.clone());
    let spans = [
        file.revision.span(),
        file.down_revision.span(),
        file.branch_labels.span(),
        file.depends_on.span(),
    ];
    for span in spans.into_iter().flatten().chain(
        file.syntax_errors
            .iter()
            .map(|p| p.span)
            .chain(file.load_errors().into_iter().map(|(s, _)| s)),
    ) {
        assert!(
            span.start <= span.end && span.end <= text.len(),
            "span {span:?} outside a text of {} bytes",
            text.len()
        );
        assert!(text.is_char_boundary(span.start) && text.is_char_boundary(span.end));
    }
    let _ = models::parse_model_module(source, Some("m".into()), false);
    let pre = prescan::scan(text);
    let pythonic = pre
        .problems
        .iter()
        .all(|(_, m)| m.contains("null bytes") || m.contains("indent"));
    if pre.certain_errors > 0 && pythonic && !text.contains('\0') {
        let parsed = parse_unchecked_source(text, PySourceType::Python);
        let tab_error = pre.problems.iter().any(|(_, m)| m.contains("indent"));
        assert!(
            !parsed.errors().is_empty() || tab_error,
            "the first pass found {} certain errors in text the parser accepts",
            pre.certain_errors
        );
    }
}

/// Whether `text` is a Python module CPython would compile, as far as the parser can
/// tell: the first syntax error (with its place), if any. Used to check generated
/// files (a merge revision) before they are written. Beyond the parser's own errors,
/// CPython refuses source containing NUL bytes.
pub fn is_valid_python(text: &str) -> Result<(), SyntaxProblem> {
    if let Some(at) = text.find('\0') {
        return Err(SyntaxProblem {
            message: "source code cannot contain null bytes".into(),
            span: Span::new(at, at + 1),
        });
    }
    let parsed = parse_unchecked_source(text, PySourceType::Python);
    match parsed.errors().first() {
        Some(e) => Err(SyntaxProblem {
            message: e.error.to_string(),
            span: span(e.location),
        }),
        None => Ok(()),
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn nul_or_tab_anywhere() {
        for len in [0, 1, 63, 64, 65, 127, 128, 200] {
            let plain = "a".repeat(len);
            assert!(!has_nul_or_tab(&plain));
            for at in 0..len {
                for odd in ['\0', '\t'] {
                    let mut text = plain.clone().into_bytes();
                    text[at] = odd as u8;
                    assert!(
                        has_nul_or_tab(std::str::from_utf8(&text).unwrap()),
                        "{len} {at}"
                    );
                }
            }
        }
        assert!(!has_nul_or_tab("\u{9}".trim()));
        assert!(!has_nul_or_tab("é\u{ff}\n\r\x08\x0a\x01"));
    }

    use super::*;

    fn parse(text: &str) -> RevisionFile {
        parse_revision(Arc::new(SourceFile::new(
            "v/x.py".into(),
            "v/x.py".into(),
            text,
        )))
    }

    fn ids(attr: &Attr<Vec<Ident>>) -> Vec<&str> {
        attr.known()
            .unwrap()
            .iter()
            .map(|i| i.value.as_str())
            .collect()
    }

    #[test]
    fn plain_and_annotated_assignments() {
        let file = parse(
            "from typing import Sequence, Union\n\
             revision: str = 'b2'\n\
             down_revision: Union[str, Sequence[str], None] = ('a1', \"a2\")\n\
             branch_labels = None\n\
             depends_on = ['c3']\n\
             def upgrade() -> None:\n    pass\n",
        );
        assert_eq!(file.revision.known().unwrap(), "b2");
        assert_eq!(ids(&file.down_revision), ["a1", "a2"]);
        assert!(ids(&file.branch_labels).is_empty());
        assert_eq!(ids(&file.depends_on), ["c3"]);
        assert!(file.upgrade.is_some());
        assert!(file.downgrade.is_none());
        assert!(file.syntax_errors.is_empty());
    }

    #[test]
    fn non_literal_values_are_unknown_not_guessed() {
        let file =
            parse("revision = make_id()\ndown_revision = PARENT\nbranch_labels = ('x', y)\n");
        assert!(matches!(file.revision, Attr::Unknown { .. }));
        assert!(matches!(file.down_revision, Attr::Unknown { .. }));
        assert!(matches!(file.branch_labels, Attr::Unknown { .. }));
    }

    #[test]
    fn syntax_error_still_recovers_identifiers() {
        let file = parse(
            "revision = 'abc'\ndown_revision = 'def'\ndef upgrade():\n    op.add_column('t', (\n",
        );
        assert!(!file.syntax_errors.is_empty());
        assert_eq!(file.revision.known().unwrap(), "abc");
        assert_eq!(ids(&file.down_revision), ["def"]);
    }

    #[test]
    fn suppression_comments() {
        let file = parse(
            "revision = 'a'  # retort: ignore[RT111, RT110]\n# retort: ignore-file\nx = 1  # a comment\n",
        );
        assert_eq!(file.suppressions.len(), 2);
        assert_eq!(file.suppressions[0].rules, ["RT111", "RT110"]);
        assert!(!file.suppressions[0].whole_file);
        assert!(file.suppressions[1].whole_file && file.suppressions[1].rules.is_empty());
    }

    #[test]
    fn spans_point_at_the_elements() {
        let text = "down_revision = ('aaa', 'bbb')\n";
        let file = parse(text);
        let second = &file.down_revision.known().unwrap()[1];
        assert_eq!(&text[second.span.start..second.span.end], "'bbb'");
    }
}

#[cfg(test)]
mod robustness {
    use super::*;

    /// Every prefix of a realistic revision file (cut at each character), and the same
    /// with every single byte replaced by a troublesome one, parses without a panic.
    #[test]
    fn truncated_and_mangled_files_never_panic() {
        let text = "\"\"\"add trades\n\nRevision ID: fb84c1febfb6\nRevises: add_trading_models\nCreate Date: 2025-08-13 15:00:00\n\n\"\"\"\n\
            from typing import Sequence, Union\nfrom alembic import op\nimport sqlalchemy as sa\n\n\
            revision: str = 'fb84c1febfb6'  # retort: ignore[RT111]\n\
            down_revision: Union[str, Sequence[str], None] = ('add_trading_models', \"c8d25c64b432\")\n\
            branch_labels = None\ndepends_on = ['23e791c49f3a']\n\n\
            def upgrade() -> None:\n    op.add_column('transactions', sa.Column('trade_id', sa.Integer(), nullable=True))\n\n\
            def downgrade() -> None:\n    op.drop_column('transactions', 'trade_id')\n";
        for (cut, _) in text.char_indices() {
            let file = SourceFile::new("x.py".into(), "x.py".into(), &text[..cut]);
            let parsed = parse_revision(Arc::new(file));
            for d in [&parsed.revision.span(), &parsed.down_revision.span()]
                .into_iter()
                .flatten()
            {
                assert!(d.end <= cut);
            }
        }
        for replacement in ["(", "\"", "'", "\\", "\u{feff}", "é", "\t", "\0"] {
            for (at, ch) in text.char_indices().step_by(3) {
                let mut mangled = text.to_owned();
                mangled.replace_range(at..at + ch.len_utf8(), replacement);
                let _ = parse_revision(Arc::new(SourceFile::new(
                    "x.py".into(),
                    "x.py".into(),
                    mangled,
                )));
            }
        }
    }
}

#[cfg(test)]
mod deep_nesting {
    use super::*;

    fn parse_on_small_stack(text: String) -> RevisionFile {
        // A small stack on purpose: the parse must size its own.
        std::thread::Builder::new()
            .stack_size(256 * 1024)
            .spawn(move || {
                parse_revision(Arc::new(SourceFile::new(
                    "v/x.py".into(),
                    "v/x.py".into(),
                    text,
                )))
            })
            .unwrap()
            .join()
            .unwrap()
    }

    const HEADER: &str = "revision = 'abc'\ndown_revision = None\n";

    /// Expressions as deep as CPython still compiles are read; deeper ones are a
    /// syntax error at their line, and the rest of the file is still read.
    #[test]
    fn deep_expressions_are_read_or_refused_never_a_crash() {
        let chains: [(&str, &str, &str); 7] = [
            ("1+", "", "1"),
            ("-", "", "1"),
            ("not ", "", "1"),
            ("", ".b", "a"),
            ("", "()", "f"),
            ("", ".f()", "q"),
            ("lambda: ", "", "1"),
        ];
        for (prefix, suffix, atom) in chains {
            for (n, refused) in [
                (1_400, false),
                (2_900 / suffix.len().max(1), false),
                (60_000, true),
            ] {
                let expr = if suffix.is_empty() {
                    format!("{}{atom}", prefix.repeat(n))
                } else {
                    format!("{atom}{}", suffix.repeat(n))
                };
                let text = format!(
                    "{HEADER}def upgrade():\n    op.execute({expr})\n\ndef downgrade():\n    pass\n"
                );
                let file = parse_on_small_stack(text);
                assert_eq!(file.revision.known().map(String::as_str), Some("abc"));
                assert!(file.upgrade.is_some() && file.downgrade.is_some());
                let problem = file.syntax_errors.first();
                assert_eq!(
                    problem.is_some(),
                    refused,
                    "{prefix}{suffix} x {n}: {problem:?}"
                );
                if let Some(problem) = problem {
                    assert!(problem.message.contains("too deeply nested"), "{problem:?}");
                    assert_eq!(file.source.line_col(problem.span.start).line, 4);
                }
            }
        }
        for text in [
            format!("{HEADER}x = {}\n", "[".repeat(100_000)),
            format!(
                "{HEADER}x = {}1{}\n",
                "(".repeat(100_000),
                ")".repeat(100_000)
            ),
        ] {
            let file = parse_on_small_stack(text);
            assert_eq!(file.revision.known().map(String::as_str), Some("abc"));
            assert!(
                file.syntax_errors[0]
                    .message
                    .contains("too many nested parentheses"),
                "{:?}",
                file.syntax_errors
            );
            assert_eq!(
                file.source.line_col(file.syntax_errors[0].span.start).line,
                3
            );
        }
    }
}
