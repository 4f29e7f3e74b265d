//! `--format github`: GitHub Actions workflow commands, one per finding, which the
//! runner turns into annotations on the pull request's diff:
//! `::error file=F,line=L,endLine=L,col=C,endColumn=C,title=T::message`.
//! Paths are relative to the checkout (the git top), as annotations require.

use std::path::Path;

use crate::diagnostic::{Diagnostic, Severity};

use super::paths;

/// Render every finding; `cwd` locates the checkout.
pub fn render(diagnostics: &[Diagnostic], cwd: &Path) -> String {
    let root = paths::source_root(cwd);
    let mut out = String::new();
    for d in diagnostics {
        let command = match d.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Info => "notice",
        };
        let mut properties = Vec::new();
        if let Some(l) = &d.location {
            let file = paths::relative(&root, &l.fs_path).unwrap_or_else(|| l.path.clone());
            properties.push(("file", file));
            properties.push(("line", l.start.line.to_string()));
            properties.push(("endLine", l.end.line.to_string()));
            // Annotations carry columns only for a range on one line.
            if l.start.line == l.end.line {
                properties.push(("col", l.start.column.to_string()));
                properties.push(("endColumn", l.end.column.to_string()));
            }
        }
        properties.push(("title", format!("{} {}", d.code, d.name)));
        let mut message = d.message.clone();
        if let Some(help) = &d.help {
            message.push_str(&format!("\nhelp: {help}"));
        }
        for r in &d.related {
            message.push_str(&format!(
                "\nnote: {} at {}:{}",
                r.message, r.location.path, r.location.start.line
            ));
        }
        let properties = properties
            .iter()
            .map(|(k, v)| format!("{k}={}", escape_property(&super::escape::controls(v))))
            .collect::<Vec<_>>()
            .join(",");
        out.push_str(&format!(
            "::{command} {properties}::{}\n",
            escape_data(&super::escape::controls(&message))
        ));
    }
    out
}

/// The escaping the Actions runner undoes in a command's message.
pub fn escape_data(text: &str) -> String {
    text.replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

/// The escaping the Actions runner undoes in a command's property values.
pub fn escape_property(text: &str) -> String {
    escape_data(text).replace(':', "%3A").replace(',', "%2C")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_like_the_runner_expects() {
        assert_eq!(
            escape_data("50% done\r\nnext: a,b"),
            "50%25 done%0D%0Anext: a,b"
        );
        assert_eq!(
            escape_property("main:dir/a,b%.py\n"),
            "main%3Adir/a%2Cb%25.py%0A"
        );
    }
}
