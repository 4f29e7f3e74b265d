//! Source files as read from disk, with byte spans and a line index so that any stage
//! can turn a span into 1-based line and column without re-reading the file.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use crate::diagnostic::LineCol;

/// A half-open byte range `[start, end)` into a file's text.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Span {
    pub start: usize,
    pub end: usize,
}

impl Span {
    pub const fn new(start: usize, end: usize) -> Span {
        Span { start, end }
    }

    pub fn len(self) -> usize {
        self.end - self.start
    }

    pub fn is_empty(self) -> bool {
        self.end == self.start
    }
}

/// One file's text plus where its lines start.
#[derive(Debug)]
pub struct SourceFile {
    /// Path on disk.
    pub path: PathBuf,
    /// Path as shown to the user, `/`-separated.
    pub display: String,
    pub text: Arc<str>,
    /// Computed when a position is first asked for: most files never need one.
    line_starts: std::sync::OnceLock<Vec<usize>>,
    /// The file name, with anything that is not UTF-8 replaced.
    name: String,
    /// `--base REF`: the file was read from git ref REF, not from disk; `path` is where
    /// it would be in the working tree and `display` is `REF:path`.
    pub git_ref: Option<Arc<str>>,
}

impl SourceFile {
    pub fn new(path: PathBuf, display: String, text: impl Into<Arc<str>>) -> SourceFile {
        let text: Arc<str> = text.into();
        let name = path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        SourceFile {
            path,
            display,
            text,
            line_starts: std::sync::OnceLock::new(),
            name,
            git_ref: None,
        }
    }

    /// Mark the file as read from git ref `reference` (`--base`).
    pub fn from_git(mut self, reference: &str) -> SourceFile {
        self.git_ref = Some(reference.into());
        self
    }

    /// 1-based line and column (in Unicode scalar values) of a byte offset.
    pub fn line_col(&self, offset: usize) -> LineCol {
        let offset = offset.min(self.text.len());
        let line_starts = self.line_starts.get_or_init(|| {
            let mut starts = vec![0];
            starts.extend(self.text.match_indices('\n').map(|(i, _)| i + 1));
            starts
        });
        let line = match line_starts.binary_search(&offset) {
            Ok(i) => i,
            Err(i) => i - 1,
        };
        let start = line_starts[line];
        let column = self.text[start..floor_char_boundary(&self.text, offset)]
            .chars()
            .count()
            + 1;
        LineCol {
            line: line + 1,
            column,
        }
    }

    pub fn line_cols(&self, span: Span) -> (LineCol, LineCol) {
        (self.line_col(span.start), self.line_col(span.end))
    }

    /// The text of a span (empty if the span is out of range).
    pub fn slice(&self, span: Span) -> &str {
        self.text.get(span.start..span.end).unwrap_or("")
    }

    pub fn file_name(&self) -> &str {
        &self.name
    }
}

fn floor_char_boundary(text: &str, mut offset: usize) -> usize {
    while offset > 0 && !text.is_char_boundary(offset) {
        offset -= 1;
    }
    offset
}

/// The path to show for `path`: relative to the working directory when it lies below
/// it, with `/` separators on every platform.
pub fn display_path(path: &Path, cwd: Option<&Path>) -> String {
    let shown = cwd
        .and_then(|cwd| path.strip_prefix(cwd).ok())
        .unwrap_or(path);
    let text = shown.to_string_lossy().replace('\\', "/");
    text.strip_prefix("./").map(str::to_owned).unwrap_or(text)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_col_is_one_based_and_counts_chars() {
        let file = SourceFile::new("x.py".into(), "x.py".into(), "ab\nцd\n");
        assert_eq!(file.line_col(0), LineCol { line: 1, column: 1 });
        assert_eq!(file.line_col(3), LineCol { line: 2, column: 1 });
        // 'ц' is two bytes; 'd' is the second character of line 2.
        assert_eq!(file.line_col(5), LineCol { line: 2, column: 2 });
        assert_eq!(file.line_col(100), LineCol { line: 3, column: 1 });
    }
}
