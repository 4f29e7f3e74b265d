//! `--format concise`: one `path:line:col: CODE message` line per finding, the shape
//! editors (`errorformat=%f:%l:%c: %m`), compilers and grep already understand.
//!
//! A file read from git with `--base REF` has no file on disk; it is shown at the path
//! it would have in the working tree (so that `path:line:col:` parsers still read the
//! line), and the message says which ref it came from.

use std::path::Path;

use crate::diagnostic::Diagnostic;

use super::paths;

/// Render every finding; paths are relative to `cwd` where they lie below it.
pub fn render(diagnostics: &[Diagnostic], cwd: &Path) -> String {
    let root = paths::canonical(cwd);
    let mut out = String::new();
    for d in diagnostics {
        // Keep each finding on one line whatever the message holds, and show control
        // characters from files instead of sending them to the terminal.
        let mut message = d.message.replace(['\r', '\n'], " ");
        match &d.location {
            Some(l) => {
                let path = match &l.git_ref {
                    Some(reference) => {
                        message.push_str(&format!(
                            " (this file is in {reference}, not in the working tree)"
                        ));
                        paths::relative(&root, &l.fs_path)
                            .unwrap_or_else(|| l.fs_path.to_string_lossy().replace('\\', "/"))
                    }
                    None => l.path.clone(),
                };
                out.push_str(&format!(
                    "{}:{}:{}: {} {}\n",
                    super::escape::controls(&path),
                    l.start.line,
                    l.start.column,
                    d.code,
                    super::escape::controls(&message)
                ));
            }
            None => out.push_str(&format!(
                "{} {}\n",
                d.code,
                super::escape::controls(&message)
            )),
        }
    }
    out
}
