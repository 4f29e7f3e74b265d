//! `--format concise`: one `path:line:col: CODE message` line per finding, the shape
//! editors (`errorformat=%f:%l:%c: %m`), compilers and grep already understand.

use crate::diagnostic::Diagnostic;

pub fn render(diagnostics: &[Diagnostic]) -> String {
    let mut out = String::new();
    for d in diagnostics {
        // Keep each finding on one line whatever the message holds, and show control
        // characters from files instead of sending them to the terminal.
        let message = d.message.replace(['\r', '\n'], " ");
        let message = super::escape::controls(&message);
        match &d.location {
            Some(l) => out.push_str(&format!(
                "{}:{}:{}: {} {message}\n",
                super::escape::controls(&l.path),
                l.start.line,
                l.start.column,
                d.code
            )),
            None => out.push_str(&format!("{} {message}\n", d.code)),
        }
    }
    out
}
