//! The header Alembic's templates put in a revision's docstring (`Revision ID:`,
//! `Revises:`, `Create Date:`). The docstring is plain text to Python, so this is a
//! line-based reader over the literal's value, with spans mapped back into the file.

use crate::revision::{Docstring, Ident};
use crate::source::Span;

/// Read the header out of a docstring's value. `literal_span` is the span of the whole
/// string literal in the file; spans of header lines are found by searching the
/// literal's source text, so escapes in the docstring only cost precision, never a panic.
pub fn parse(value: &str, literal_span: Span, file_text: &str) -> Docstring {
    let mut doc = Docstring {
        span: literal_span,
        message: value
            .lines()
            .map(str::trim)
            .find(|l| !l.is_empty())
            .map(str::to_owned),
        ..Docstring::default()
    };
    for line in value.lines() {
        let line = line.trim();
        if let Some(rest) = line.strip_prefix("Revision ID:") {
            let id = rest.trim();
            if !id.is_empty() {
                doc.revision_id = Some(Ident {
                    value: id.to_owned(),
                    span: locate_line(file_text, literal_span, "Revision ID:"),
                });
            }
        } else if let Some(rest) = line.strip_prefix("Revises:") {
            let parents = rest
                .split(',')
                .map(str::trim)
                .filter(|p| !p.is_empty())
                .map(str::to_owned)
                .collect();
            doc.revises = Some((parents, locate_line(file_text, literal_span, "Revises:")));
        } else if let Some(rest) = line.strip_prefix("Create Date:") {
            doc.create_date = Some(Ident {
                value: rest.trim().to_owned(),
                span: locate_line(file_text, literal_span, "Create Date:"),
            });
        }
    }
    doc
}

/// Narrow a header line's span to its place in the file text, when it can be found.
fn locate_line(file_text: &str, literal_span: Span, prefix: &str) -> Span {
    let Some(literal) = file_text.get(literal_span.start..literal_span.end) else {
        return literal_span;
    };
    match literal.find(prefix) {
        Some(offset) => {
            let start = literal_span.start + offset;
            let end = file_text[start..literal_span.end]
                .find('\n')
                .map_or(literal_span.end, |n| start + n);
            Span::new(start, end)
        }
        None => literal_span,
    }
}
