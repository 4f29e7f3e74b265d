//! Our own diagnostic type: what every rule produces and every emitter in `report/`
//! renders. Positions are resolved here (1-based line and column, columns counted in
//! Unicode scalar values) so that emitters never need the parser or the source text.

use std::cmp::Ordering;
use std::path::PathBuf;
use std::sync::Arc;

use serde::Serialize;

use crate::source::{SourceFile, Span};

/// How serious a finding is. Ordered so that `Error > Warning > Info`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Info,
    Warning,
    Error,
}

impl Severity {
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Info => "info",
            Severity::Warning => "warning",
            Severity::Error => "error",
        }
    }

    pub fn parse(text: &str) -> Option<Severity> {
        match text {
            "info" => Some(Severity::Info),
            "warning" => Some(Severity::Warning),
            "error" => Some(Severity::Error),
            _ => None,
        }
    }
}

/// A 1-based line and column.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
pub struct LineCol {
    pub line: usize,
    pub column: usize,
}

/// A place in a file, with both the byte span (for snippets) and resolved positions.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Location {
    /// Path as shown to the user (relative to the working directory when possible,
    /// always with `/` separators).
    pub path: String,
    /// Path on disk, for emitters that need the file again (e.g. the miette snippet).
    /// For a file read from git (`--base`), where it would be in the working tree.
    pub fs_path: PathBuf,
    /// `--base REF`: the file is REF's, read from git (`path` is then `REF:path`).
    pub git_ref: Option<Arc<str>>,
    pub span: Span,
    pub start: LineCol,
    pub end: LineCol,
}

impl Location {
    pub fn new(file: &SourceFile, span: Span) -> Location {
        let (start, end) = file.line_cols(span);
        Location {
            path: file.display.clone(),
            fs_path: file.path.clone(),
            git_ref: file.git_ref.clone(),
            span,
            start,
            end,
        }
    }

    /// The whole first line of a file, for findings about a file as a whole.
    pub fn file_start(file: &SourceFile) -> Location {
        let end = file.text.find('\n').unwrap_or(file.text.len());
        Location::new(file, Span::new(0, end))
    }
}

/// A secondary place that explains the finding (the other head, the other file).
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Related {
    pub location: Location,
    pub message: String,
}

/// Static facts about one rule.
#[derive(Debug, PartialEq, Eq)]
pub struct RuleInfo {
    /// Stable code, e.g. `RT101`. Never reused.
    pub code: &'static str,
    /// Stable kebab-case name, e.g. `multiple-heads`.
    pub name: &'static str,
    pub severity: Severity,
    /// Whether the rule runs when no `select` is given.
    pub default_enabled: bool,
    /// One line: what the rule finds.
    pub summary: &'static str,
    /// The Markdown doc from `rules/`.
    pub doc: &'static str,
}

impl RuleInfo {
    /// The doc's path inside the repository (used for SARIF `helpUri`).
    pub fn doc_path(&self) -> String {
        format!("rules/{}-{}.md", self.code, self.name)
    }
}

/// One finding.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Diagnostic {
    pub code: &'static str,
    pub name: &'static str,
    pub severity: Severity,
    pub message: String,
    /// `None` for findings about the project as a whole (none today; kept so that
    /// emitters handle it).
    pub location: Option<Location>,
    /// Other places in the same or other files that belong to this finding.
    pub related: Vec<Related>,
    pub help: Option<String>,
}

impl Diagnostic {
    pub fn new(rule: &'static RuleInfo, message: impl Into<String>) -> Diagnostic {
        Diagnostic {
            code: rule.code,
            name: rule.name,
            severity: rule.severity,
            message: message.into(),
            location: None,
            related: Vec::new(),
            help: None,
        }
    }

    pub fn at(mut self, file: &SourceFile, span: Span) -> Diagnostic {
        self.location = Some(Location::new(file, span));
        self
    }

    pub fn with_related(
        mut self,
        file: &SourceFile,
        span: Span,
        message: impl Into<String>,
    ) -> Diagnostic {
        self.related.push(Related {
            location: Location::new(file, span),
            message: message.into(),
        });
        self
    }

    pub fn with_help(mut self, help: impl Into<String>) -> Diagnostic {
        self.help = Some(help.into());
        self
    }

    /// The order every emitter prints in: file, line, column, code, then message.
    pub fn sort_key(&self) -> (Option<(&str, usize, usize)>, &str, &str) {
        (
            self.location
                .as_ref()
                .map(|l| (l.path.as_str(), l.start.line, l.start.column)),
            self.code,
            self.message.as_str(),
        )
    }
}

pub fn sort(diagnostics: &mut [Diagnostic]) {
    diagnostics.sort_by(|a, b| match a.sort_key().cmp(&b.sort_key()) {
        Ordering::Equal => a.related.len().cmp(&b.related.len()),
        other => other,
    });
}
