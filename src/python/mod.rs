//! The only module that touches the Python parser (`ruff_python_parser`). It parses a
//! revision file with error recovery and lowers what retort needs (module-level
//! identifiers, the docstring header, `upgrade`/`downgrade`) into `crate::revision`
//! types with byte spans. Swapping the parser means rewriting this folder only.

mod docstring;

use std::sync::Arc;

use ruff_python_ast::{Expr, PySourceType, Stmt};
use ruff_python_parser::parse_unchecked_source;
use ruff_text_size::{Ranged, TextRange};

use crate::revision::{Attr, FunctionDef, Ident, RevisionFile, SyntaxProblem};
use crate::source::{SourceFile, Span};

fn span(range: TextRange) -> Span {
    Span::new(range.start().to_usize(), range.end().to_usize())
}

/// Parse one revision file. Never fails: syntax errors are recorded and whatever the
/// recovering parser could still make sense of is extracted.
pub fn parse_revision(source: Arc<SourceFile>) -> RevisionFile {
    let parsed = parse_unchecked_source(&source.text, PySourceType::Python);
    let syntax_errors = parsed
        .errors()
        .iter()
        .map(|e| SyntaxProblem {
            message: e.error.to_string(),
            span: span(e.location),
        })
        .collect();
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
        syntax_errors,
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

    // Python runs the module top to bottom, so the last assignment wins, as in Alembic.
    for stmt in body {
        match stmt {
            Stmt::Assign(assign) => {
                for target in &assign.targets {
                    assign_attr(&mut file, target, Some(&assign.value), span(assign.range));
                }
            }
            Stmt::AnnAssign(assign) => {
                assign_attr(
                    &mut file,
                    &assign.target,
                    assign.value.as_deref(),
                    span(assign.range),
                );
            }
            Stmt::FunctionDef(def) => {
                let function = FunctionDef {
                    name_span: span(def.name.range),
                    span: span(def.range),
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
    file
}

fn assign_attr(file: &mut RevisionFile, target: &Expr, value: Option<&Expr>, stmt_span: Span) {
    let Expr::Name(name) = target else { return };
    // `down_revision: str` without a value assigns nothing at run time.
    let Some(value) = value else { return };
    match name.id.as_str() {
        "revision" => file.revision = lower_id(value, stmt_span),
        "down_revision" => file.down_revision = lower_ids(value, stmt_span),
        "branch_labels" => file.branch_labels = lower_ids(value, stmt_span),
        "depends_on" => file.depends_on = lower_ids(value, stmt_span),
        _ => {}
    }
}

fn string_literal(expr: &Expr) -> Option<&str> {
    match expr {
        Expr::StringLiteral(s) => Some(s.value.to_str()),
        _ => None,
    }
}

fn lower_id(value: &Expr, stmt_span: Span) -> Attr<String> {
    let value_span = span(value.range());
    match string_literal(value) {
        Some(text) => Attr::Known {
            value: text.to_owned(),
            span: stmt_span,
            value_span,
        },
        None => Attr::Unknown {
            span: stmt_span,
            value_span,
        },
    }
}

/// `None`, a string, or a tuple/list of strings, normalised the way Alembic's
/// `util.to_tuple` does.
fn lower_ids(value: &Expr, stmt_span: Span) -> Attr<Vec<Ident>> {
    let value_span = span(value.range());
    let elements: &[Expr] = match value {
        Expr::NoneLiteral(_) => &[],
        Expr::StringLiteral(s) => {
            return Attr::Known {
                value: vec![Ident {
                    value: s.value.to_str().to_owned(),
                    span: value_span,
                }],
                span: stmt_span,
                value_span,
            };
        }
        Expr::Tuple(tuple) => &tuple.elts,
        Expr::List(list) => &list.elts,
        _ => {
            return Attr::Unknown {
                span: stmt_span,
                value_span,
            };
        }
    };
    let mut ids = Vec::with_capacity(elements.len());
    for element in elements {
        match string_literal(element) {
            Some(text) => ids.push(Ident {
                value: text.to_owned(),
                span: span(element.range()),
            }),
            None => {
                return Attr::Unknown {
                    span: stmt_span,
                    value_span,
                };
            }
        }
    }
    Attr::Known {
        value: ids,
        span: stmt_span,
        value_span,
    }
}

#[cfg(test)]
mod tests {
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
    fn spans_point_at_the_elements() {
        let text = "down_revision = ('aaa', 'bbb')\n";
        let file = parse(text);
        let second = &file.down_revision.known().unwrap()[1];
        assert_eq!(&text[second.span.start..second.span.end], "'bbb'");
    }
}
