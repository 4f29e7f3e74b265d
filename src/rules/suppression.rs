//! Inline suppressions: `# retort: ignore[RT101]` on the line a finding points at, and
//! `# retort: ignore-file[RT110]` anywhere in a file. A suppression that silences
//! nothing is itself reported (RT900), so stale ones do not pile up.

use crate::diagnostic::{Diagnostic, Location};
use crate::revision::RevisionFile;

use super::{RuleSettings, UNUSED_SUPPRESSION, matching};

/// Drop suppressed diagnostics; append RT900 for suppressions that silenced nothing.
pub fn apply(
    files: &[RevisionFile],
    diagnostics: Vec<Diagnostic>,
    settings: &RuleSettings,
) -> Vec<Diagnostic> {
    // (file index, suppression index) -> used?
    let mut used: Vec<Vec<bool>> = files
        .iter()
        .map(|f| vec![false; f.suppressions.len()])
        .collect();
    let by_path: std::collections::HashMap<&std::path::Path, usize> = files
        .iter()
        .enumerate()
        .map(|(i, f)| (f.source.path.as_path(), i))
        .collect();

    let mut kept = Vec::with_capacity(diagnostics.len());
    for d in diagnostics {
        let Some(location) = &d.location else {
            kept.push(d);
            continue;
        };
        let Some(&file_index) = by_path.get(location.fs_path.as_path()) else {
            kept.push(d);
            continue;
        };
        let file = &files[file_index];
        let mut suppressed = false;
        for (i, s) in file.suppressions.iter().enumerate() {
            let applies_here =
                s.whole_file || file.source.line_col(s.span.start).line == location.start.line;
            let covers = s.rules.is_empty()
                || s.rules
                    .iter()
                    .any(|r| matching(r).iter().any(|rule| rule.code == d.code));
            if applies_here && covers {
                used[file_index][i] = true;
                suppressed = true;
            }
        }
        if !suppressed {
            kept.push(d);
        }
    }

    if settings.is_enabled(&UNUSED_SUPPRESSION) {
        for (file_index, file) in files.iter().enumerate() {
            for (i, s) in file.suppressions.iter().enumerate() {
                if used[file_index][i] {
                    continue;
                }
                let unknown: Vec<&String> =
                    s.rules.iter().filter(|r| matching(r).is_empty()).collect();
                // Only judge suppressions of rules that ran: one for a rule that was not
                // selected this time may well be needed.
                let all_ran = s
                    .rules
                    .iter()
                    .all(|r| matching(r).iter().all(|rule| settings.is_enabled(rule)));
                let message = if !unknown.is_empty() {
                    format!(
                        "suppression names {}, which is no rule",
                        unknown
                            .iter()
                            .map(|r| format!("`{r}`"))
                            .collect::<Vec<_>>()
                            .join(", ")
                    )
                } else if all_ran && !s.rules.is_empty() {
                    format!(
                        "suppression of {} silences nothing here",
                        s.rules.join(", ")
                    )
                } else if all_ran {
                    "suppression silences nothing here".to_owned()
                } else {
                    continue;
                };
                let mut d = Diagnostic::new(&UNUSED_SUPPRESSION, message)
                    .with_help("remove the comment (or fix the rule name)");
                d.location = Some(Location::new(&file.source, s.span));
                kept.push(d);
            }
        }
    }
    kept
}
