//! Human output: each diagnostic rendered by miette with a source snippet, labels on
//! the offending text, related places and the help line, then a summary line.

use std::collections::HashMap;
use std::fmt;
use std::path::PathBuf;
use std::sync::Arc;

use miette::{GraphicalReportHandler, GraphicalTheme, LabeledSpan, NamedSource, SourceSpan};

use std::borrow::Cow;

use super::escape::{controls, snippet};
use crate::diagnostic::{Diagnostic, Location, Severity};
use crate::source::SourceFile;

/// Files by path on disk, so snippets can be shown.
pub type Sources = HashMap<PathBuf, Arc<SourceFile>>;

#[derive(Debug, Clone, Copy)]
pub struct TextOptions {
    pub color: bool,
    pub width: usize,
}

/// Render all diagnostics, then the summary line.
pub fn render(
    diagnostics: &[Diagnostic],
    sources: &Sources,
    revisions: usize,
    options: TextOptions,
) -> String {
    let theme = if options.color {
        GraphicalTheme::unicode()
    } else {
        GraphicalTheme::unicode_nocolor()
    };
    let handler = GraphicalReportHandler::new_themed(theme)
        .with_width(options.width)
        .with_links(false);
    let mut out = String::new();
    // Each file's text as shown in snippets (control characters made harmless).
    let mut shown: HashMap<PathBuf, Arc<str>> = HashMap::new();
    for d in diagnostics {
        let report = Report::new(d, sources, &mut shown);
        let mut rendered = String::new();
        if handler.render_report(&mut rendered, &report).is_err() {
            rendered = format!(
                "{}: {} {}\n",
                controls(d.location.as_ref().map_or("", |l| l.path.as_str())),
                d.code,
                report.message
            );
        }
        out.push_str(&rendered);
        for note in &report.notes {
            out.push_str(&format!("  note: {note}\n"));
        }
        out.push('\n');
    }
    out.push_str(&summary(diagnostics, revisions));
    out.push('\n');
    out
}

/// One line: how many of what, or that all is well.
pub fn summary(diagnostics: &[Diagnostic], revisions: usize) -> String {
    let count = |s| diagnostics.iter().filter(|d| d.severity == s).count();
    let (errors, warnings, infos) = (
        count(Severity::Error),
        count(Severity::Warning),
        count(Severity::Info),
    );
    let files = format!(
        "{revisions} revision file{}",
        if revisions == 1 { "" } else { "s" }
    );
    if diagnostics.is_empty() {
        return format!("All checks passed ({files}).");
    }
    let mut parts = Vec::new();
    for (n, word) in [(errors, "error"), (warnings, "warning"), (infos, "info")] {
        if n > 0 {
            parts.push(format!(
                "{n} {word}{}",
                if n == 1 || word == "info" { "" } else { "s" }
            ));
        }
    }
    format!("Found {} in {files}.", parts.join(", "))
}

/// Adapter from our Diagnostic to miette's trait. Every text taken from a file
/// (message, help, labels, paths, the snippet) has its control characters escaped.
struct Report<'a> {
    diagnostic: &'a Diagnostic,
    message: String,
    source: Option<NamedSource<Arc<str>>>,
    labels: Vec<LabeledSpan>,
    help: Option<String>,
    /// Related places in other files: printed after the snippet, one line each, so a
    /// path is never wrapped.
    notes: Vec<String>,
}

impl<'a> Report<'a> {
    fn new(
        diagnostic: &'a Diagnostic,
        sources: &Sources,
        shown: &mut HashMap<PathBuf, Arc<str>>,
    ) -> Report<'a> {
        let mut labels = Vec::new();
        let primary_path = diagnostic.location.as_ref().map(|l| &l.fs_path);
        let source = diagnostic
            .location
            .as_ref()
            .and_then(|l| named_source(l, sources, shown));
        if let Some(location) = &diagnostic.location {
            labels.push(LabeledSpan::new_primary_with_span(
                Some(diagnostic.code.to_owned()),
                span(location),
            ));
        }
        let mut notes = Vec::new();
        for r in &diagnostic.related {
            if Some(&r.location.fs_path) == primary_path {
                labels.push(LabeledSpan::new_with_span(
                    Some(controls(&r.message).into_owned()),
                    span(&r.location),
                ));
            } else {
                notes.push(
                    controls(&format!(
                        "{}:{}: {}",
                        r.location.path, r.location.start.line, r.message
                    ))
                    .into_owned(),
                );
            }
        }
        Report {
            diagnostic,
            message: controls(&diagnostic.message).into_owned(),
            source,
            labels,
            help: diagnostic.help.as_deref().map(|h| controls(h).into_owned()),
            notes,
        }
    }
}

fn named_source(
    location: &Location,
    sources: &Sources,
    shown: &mut HashMap<PathBuf, Arc<str>>,
) -> Option<NamedSource<Arc<str>>> {
    let file = sources.get(&location.fs_path)?;
    let text = shown
        .entry(location.fs_path.clone())
        .or_insert_with(|| match snippet(&file.text) {
            Cow::Borrowed(_) => file.text.clone(),
            Cow::Owned(text) => text.into(),
        })
        .clone();
    Some(NamedSource::new(controls(&location.path), text))
}

fn span(location: &Location) -> SourceSpan {
    SourceSpan::new(location.span.start.into(), location.span.len().max(1))
}

impl fmt::Debug for Report<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl fmt::Display for Report<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for Report<'_> {}

impl miette::Diagnostic for Report<'_> {
    fn code<'b>(&'b self) -> Option<Box<dyn fmt::Display + 'b>> {
        Some(Box::new(format!(
            "{} {}",
            self.diagnostic.code, self.diagnostic.name
        )))
    }

    fn severity(&self) -> Option<miette::Severity> {
        Some(match self.diagnostic.severity {
            Severity::Error => miette::Severity::Error,
            Severity::Warning => miette::Severity::Warning,
            Severity::Info => miette::Severity::Advice,
        })
    }

    fn help<'b>(&'b self) -> Option<Box<dyn fmt::Display + 'b>> {
        self.help
            .as_ref()
            .map(|h| Box::new(h) as Box<dyn fmt::Display>)
    }

    fn source_code(&self) -> Option<&dyn miette::SourceCode> {
        self.source.as_ref().map(|s| s as &dyn miette::SourceCode)
    }

    fn labels(&self) -> Option<Box<dyn Iterator<Item = LabeledSpan> + '_>> {
        self.source.as_ref()?;
        Some(Box::new(self.labels.iter().cloned()))
    }
}
