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
        ..Docstring::default()
    };
    // Where each header line starts in the file, found once for all three.
    let mut places: Option<[Span; 3]> = None;
    let mut place =
        |which: usize| places.get_or_insert_with(|| locate_lines(file_text, literal_span))[which];
    // One pass over the lines (as `str::lines` splits them, less the `\r` that the
    // trimming removes anyway): the message is the first that is not blank, and only
    // a line starting with `R` or `C` can be a header.
    let mut rest = value;
    while !rest.is_empty() {
        let (line, next) = match find2(rest.as_bytes(), b'\n', b'\n') {
            Some(n) => (&rest[..n], &rest[n + 1..]),
            None => (rest, ""),
        };
        rest = next;
        let line = line.trim_start();
        if doc.message.is_none() {
            let message = line.trim_end();
            if !message.is_empty() {
                doc.message = Some(message.to_owned());
            }
        }
        match line.as_bytes().first() {
            Some(b'R') => {
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
                }
            }
            Some(b'C') => {
                if let Some(rest) = line.strip_prefix(HEADERS[2]) {
                    doc.create_date = Some(Ident {
                        value: rest.trim().to_owned(),
                        span: place(2),
                    });
                }
            }
            _ => {}
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
    // The common case, one bare id, without the general splitting below (which
    // answers the same for it).
    if text.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_') {
        return if text.is_empty() || text.eq_ignore_ascii_case("none") {
            Vec::new()
        } else {
            vec![text.to_owned()]
        };
    }
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
    let mut from = 0;
    while let Some(n) = find2(&bytes[from..], b'R', b'C') {
        let at = from + n;
        for (slot, header) in spans.iter_mut().zip(HEADERS) {
            if slot.is_none() && bytes[at..].starts_with(header.as_bytes()) {
                let end = find2(&bytes[at..], b'\n', b'\n').map_or(bytes.len(), |n| at + n);
                *slot = Some(Span::new(literal_span.start + at, literal_span.start + end));
            }
        }
        if spans.iter().all(Option::is_some) {
            break;
        }
        from = at + 1;
    }
    spans.map(|slot| slot.unwrap_or(literal_span))
}

/// Where the first byte `a` or `b` of `bytes` is, read eight bytes at a time (a
/// word's bytes equal to `a` are its zero bytes after `^ a` in every byte; the lowest
/// flag `haszero` raises is always a real one, since a false flag needs a borrow
/// from a real zero byte below it).
fn find2(bytes: &[u8], a: u8, b: u8) -> Option<usize> {
    const ONES: u64 = u64::from_ne_bytes([0x01; 8]);
    const HIGHS: u64 = u64::from_ne_bytes([0x80; 8]);
    let zeros = |word: u64| word.wrapping_sub(ONES) & !word & HIGHS;
    let (fill_a, fill_b) = (ONES * u64::from(a), ONES * u64::from(b));
    let mut chunks = bytes.chunks_exact(8);
    let mut at = 0;
    for chunk in &mut chunks {
        let word = u64::from_le_bytes(chunk.try_into().expect("eight bytes"));
        let found = zeros(word ^ fill_a) | zeros(word ^ fill_b);
        if found != 0 {
            return Some(at + found.trailing_zeros() as usize / 8);
        }
        at += 8;
    }
    chunks
        .remainder()
        .iter()
        .position(|&c| c == a || c == b)
        .map(|n| at + n)
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
    fn find2_finds_the_first_of_two_bytes() {
        let text = b"abcRdefghijklmnopCqrstuvwxyz\nRR\x80\x01\x00RC";
        for (a, b) in [
            (b'R', b'C'),
            (b'\n', b'\n'),
            (b'C', b'C'),
            (0, 1),
            (b'z', b'q'),
        ] {
            for start in 0..text.len() {
                let hay = &text[start..];
                assert_eq!(
                    find2(hay, a, b),
                    hay.iter().position(|&c| c == a || c == b),
                    "{a} {b} from {start}"
                );
            }
        }
        // Bytes just above and below the wanted ones (where borrows could mislead).
        let tricky = [0x51u8, 0x53, 0x42, 0x44, 0x01, 0xff, 0x52, 0x00, 0x43];
        for start in 0..tricky.len() {
            let hay = &tricky[start..];
            assert_eq!(
                find2(hay, b'R', b'C'),
                hay.iter().position(|&c| c == b'R' || c == b'C')
            );
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
