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
    // Where each header line starts in the file, found once for all three.
    let mut places: Option<[Span; 3]> = None;
    let mut place =
        |which: usize| places.get_or_insert_with(|| locate_lines(file_text, literal_span))[which];
    for line in value.lines() {
        let line = line.trim();
        if let Some(rest) = line.strip_prefix(HEADERS[0]) {
            let id = unquote(rest.trim());
            if !id.is_empty() {
                doc.revision_id = Some(Ident {
                    value: id.to_owned(),
                    span: place(0),
                });
            }
        } else if let Some(rest) = line.strip_prefix(HEADERS[1]) {
            let parents = revises(rest);
            doc.revises = Some((parents, place(1)));
        } else if let Some(rest) = line.strip_prefix(HEADERS[2]) {
            doc.create_date = Some(Ident {
                value: rest.trim().to_owned(),
                span: place(2),
            });
        }
    }
    doc
}

/// The header lines of Alembic's template, in the order [`locate_lines`] answers.
const HEADERS: [&str; 3] = ["Revision ID:", "Revises:", "Create Date:"];

/// The parents a `Revises:` line names, by meaning rather than spelling: empty or
/// `None` (any case) is no parent; `a, b`, a quoted id (`'a'`) and the repr of a tuple or list
/// (`('a', 'b')`, as a `script.py.mako` writing `${repr(down_revision)}` produces) all
/// name the same ids.
fn revises(text: &str) -> Vec<String> {
    let text = text.trim();
    let inner = text
        .strip_prefix('(')
        .and_then(|t| t.strip_suffix(')'))
        .or_else(|| text.strip_prefix('[').and_then(|t| t.strip_suffix(']')))
        .unwrap_or(text);
    inner
        .split(|c: char| c == ',' || c.is_whitespace())
        .map(unquote)
        .filter(|p| !p.is_empty() && !p.eq_ignore_ascii_case("none"))
        .map(str::to_owned)
        .collect()
}

/// `'abc'`, `"abc"` and `u'abc'` are `abc`.
fn unquote(text: &str) -> &str {
    let text = text.trim();
    let text = text
        .strip_prefix(['u', 'U'])
        .filter(|t| t.starts_with(['\'', '"']))
        .unwrap_or(text);
    for quote in ['\'', '"'] {
        if let Some(inner) = text.strip_prefix(quote).and_then(|t| t.strip_suffix(quote)) {
            return inner;
        }
    }
    text
}

/// Narrow a header line's span to its place in the file text, when it can be found.
#[cfg(test)]
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

/// [`locate_line`] for each of [`HEADERS`], in one pass over the literal's bytes
/// (the first place each header appears, to the end of its line).
fn locate_lines(file_text: &str, literal_span: Span) -> [Span; 3] {
    let Some(literal) = file_text.get(literal_span.start..literal_span.end) else {
        return [literal_span; 3];
    };
    let bytes = literal.as_bytes();
    let mut spans: [Option<Span>; 3] = [None; 3];
    for (at, &b) in bytes.iter().enumerate() {
        if b != b'R' && b != b'C' {
            continue;
        }
        for (slot, header) in spans.iter_mut().zip(HEADERS) {
            if slot.is_none() && bytes[at..].starts_with(header.as_bytes()) {
                let end = bytes[at..]
                    .iter()
                    .position(|&c| c == b'\n')
                    .map_or(bytes.len(), |n| at + n);
                *slot = Some(Span::new(literal_span.start + at, literal_span.start + end));
            }
        }
        if spans.iter().all(Option::is_some) {
            break;
        }
    }
    spans.map(|slot| slot.unwrap_or(literal_span))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_pass_finds_what_three_searches_find() {
        let texts = [
            "x = 1\n\"\"\"Add users\n\nRevision ID: abc\nRevises: def\nCreate Date: 2024\n\"\"\"\n",
            "\"\"\"Revises: a mention first\nRevision ID: abc\r\nRevises: def\n\"\"\"",
            "\"\"\"no header at all\"\"\"",
            "\"\"\"Create Date: only\"\"\"",
            "r\"\"\"RRCC Revision ID:x Revision ID: y\n\"\"\"",
        ];
        for text in texts {
            let start = text.find("\"\"\"").unwrap();
            let span = Span::new(start, text.len());
            let spans = locate_lines(text, span);
            for (got, header) in spans.into_iter().zip(HEADERS) {
                assert_eq!(got, locate_line(text, span, header), "{header} in {text:?}");
            }
        }
    }

    #[test]
    fn revises_by_meaning() {
        assert!(revises("").is_empty());
        assert!(revises(" None ").is_empty());
        assert!(revises("none").is_empty());
        assert_eq!(revises("f6196627326f"), ["f6196627326f"]);
        assert_eq!(revises("'f6196627326f'"), ["f6196627326f"]);
        assert_eq!(revises("a1, b2"), ["a1", "b2"]);
        assert_eq!(revises("('a1', 'b2')"), ["a1", "b2"]);
        assert_eq!(revises("(u'a1', \"b2\",)"), ["a1", "b2"]);
        assert_eq!(revises("['a1']"), ["a1"]);
        assert_eq!(unquote("'abc'"), "abc");
        assert_eq!(unquote("add_trading_models"), "add_trading_models");
    }
}
