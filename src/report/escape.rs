//! Text from files (revision ids, messages, file names, source lines) is shown, never
//! obeyed: control characters would otherwise reach the terminal as live escape
//! sequences (`\x1b[31m`, a cursor move, a title change) or reorder the line (bidi
//! overrides). Human-readable outputs make them visible as `\u{1b}`; a source snippet
//! keeps its byte offsets by replacing each byte of such a character with `?`. JSON
//! and SARIF need none of this: serde escapes control characters.

use std::borrow::Cow;
use std::fmt::Write;

/// Characters never written raw: C0 controls but newline and tab, DEL, C1 controls,
/// and the bidirectional overrides and isolates.
pub fn is_hidden(c: char) -> bool {
    (c.is_control() && c != '\n' && c != '\t')
        || matches!(c, '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')
}

/// `text` with each hidden character written as `\u{..}`.
pub fn controls(text: &str) -> Cow<'_, str> {
    if !text.chars().any(is_hidden) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 16);
    for c in text.chars() {
        if is_hidden(c) {
            let _ = write!(out, "\\u{{{:x}}}", c as u32);
        } else {
            out.push(c);
        }
    }
    Cow::Owned(out)
}

/// Source text for a snippet: each byte of a hidden character becomes `?`, so every
/// byte offset (and span) stays where it was. A `\r` before `\n` is a line ending and
/// stays.
pub fn snippet(text: &str) -> Cow<'_, str> {
    let hidden =
        |i: usize, c: char| is_hidden(c) && !(c == '\r' && text[i + 1..].starts_with('\n'));
    if !text.char_indices().any(|(i, c)| hidden(i, c)) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len());
    for (i, c) in text.char_indices() {
        if hidden(i, c) {
            out.extend(std::iter::repeat_n('?', c.len_utf8()));
        } else {
            out.push(c);
        }
    }
    Cow::Owned(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_what_a_terminal_would_obey() {
        assert_eq!(controls("plain\ttext\n"), "plain\ttext\n");
        assert_eq!(controls("a\x1b[31mb\r"), "a\\u{1b}[31mb\\u{d}");
        assert_eq!(
            controls("\u{9b}2J \u{7f} \u{202e}x"),
            "\\u{9b}2J \\u{7f} \\u{202e}x"
        );
        let text = "x = '\x1b[2J'\r\n\u{202e}y\u{85}\n";
        let shown = snippet(text);
        assert_eq!(shown.len(), text.len());
        assert_eq!(shown, "x = '?[2J'\r\n???y??\n");
    }
}
