//! From the rule table to a project's findings: which rules are enabled (configuration
//! plus command line), running them, then suppressions, severity overrides, per-file
//! ignores and the files the user named.

use std::collections::BTreeSet;

use crate::analysis::Analysis;
use crate::config::RetortConfig;
use crate::diagnostic::{self, Diagnostic};
use crate::error::RunError;
use crate::rules::{self, RuleSettings};

/// Rule selection from the config file and the command line (the latter wins).
#[derive(Debug, Clone, Default)]
pub struct Selection {
    pub select: Option<Vec<String>>,
    pub extend_select: Vec<String>,
    pub ignore: Vec<String>,
}

impl Selection {
    /// The selection given by `--select`, `--extend-select` and `--ignore`, checked.
    /// Empty items are dropped, so `--select=` selects no rule, as `select = []` does
    /// in the config file, and a trailing comma is harmless. A selector that matches
    /// no rule is an error naming the flag.
    pub fn from_flags(
        select: Option<Vec<String>>,
        extend_select: Vec<String>,
        ignore: Vec<String>,
    ) -> Result<Selection, RunError> {
        let clean = |flag: &str, list: Vec<String>| -> Result<Vec<String>, RunError> {
            let list: Vec<String> = list
                .iter()
                .map(|s| s.trim())
                .filter(|s| !s.is_empty())
                .map(str::to_owned)
                .collect();
            if let Some(bad) = list.iter().find(|s| rules::matching(s).is_empty()) {
                return Err(RunError::Other(format!(
                    "{flag}: `{bad}` matches no rule (see `retort rule --all`)"
                )));
            }
            Ok(list)
        };
        Ok(Selection {
            select: select.map(|l| clean("--select", l)).transpose()?,
            extend_select: clean("--extend-select", extend_select)?,
            ignore: clean("--ignore", ignore)?,
        })
    }
}

/// Turn config + CLI selection into the concrete rule settings.
pub fn rule_settings(config: &RetortConfig, cli: &Selection) -> RuleSettings {
    let options = &config.options;
    let select = cli.select.clone().or_else(|| options.select.clone());
    let mut enabled: BTreeSet<&'static str> = match &select {
        Some(list) => list
            .iter()
            .flat_map(|s| rules::matching(s))
            .map(|r| r.code)
            .collect(),
        None => RuleSettings::default().enabled,
    };
    let extend = options
        .extend_select
        .iter()
        .flatten()
        .chain(&cli.extend_select);
    enabled.extend(extend.flat_map(|s| rules::matching(s)).map(|r| r.code));
    // An explicit `--select` on the command line is not undone by the file's `ignore`.
    let file_ignores = if cli.select.is_some() {
        None
    } else {
        options.ignore.as_ref()
    };
    for selector in file_ignores.into_iter().flatten().chain(&cli.ignore) {
        for rule in rules::matching(selector) {
            enabled.remove(rule.code);
        }
    }
    RuleSettings {
        enabled,
        allow_labelled_heads: options.allow_labelled_heads.unwrap_or(true),
        all_revisions: false,
    }
}

/// Run the rules on one loaded project and return sorted diagnostics.
pub fn lint(analysis: &Analysis, settings: &RuleSettings) -> Vec<Diagnostic> {
    lint_with_outcome(analysis, settings).0
}

/// `lint`, plus what the safety rules (RT3xx) left out: their findings in revisions
/// that are not new (see docs/safety-rules.md), for the caller to mention.
pub fn lint_with_outcome(
    analysis: &Analysis,
    settings: &RuleSettings,
) -> (Vec<Diagnostic>, rules::safety_rules::Outcome) {
    let (found, outcome) = rules::check_with_outcome(analysis, settings);
    let mut diagnostics = rules::suppression::apply(&analysis.files, found, settings);
    apply_severities(analysis, &mut diagnostics);
    if let (Some(map), Some(base)) = (
        &analysis.config.options.per_file_ignores,
        analysis.config.base_dir(),
    ) {
        let patterns: Vec<(globset::GlobMatcher, Vec<&'static str>)> = map
            .iter()
            .filter_map(|(pattern, selectors)| {
                let glob = globset::GlobBuilder::new(pattern)
                    .literal_separator(false)
                    .build()
                    .ok()?;
                let codes = selectors
                    .iter()
                    .flat_map(|s| rules::matching(s))
                    .map(|r| r.code)
                    .collect();
                Some((glob.compile_matcher(), codes))
            })
            .collect();
        diagnostics.retain(|d| {
            let Some(location) = &d.location else {
                return true;
            };
            let relative = location
                .fs_path
                .strip_prefix(base)
                .unwrap_or(&location.fs_path);
            !patterns
                .iter()
                .any(|(glob, codes)| codes.contains(&d.code) && glob.is_match(relative))
        });
    }
    if let Some(only) = &analysis.only_files {
        diagnostics.retain(|d| {
            d.location.as_ref().is_some_and(|l| {
                let real = l
                    .fs_path
                    .canonicalize()
                    .unwrap_or_else(|_| l.fs_path.clone());
                only.contains(&real)
            })
        });
    }
    diagnostic::sort(&mut diagnostics);
    (diagnostics, outcome)
}

/// `severity` in `[tool.retort]`: the most specific key wins (a code or name, then the
/// longest prefix).
pub fn apply_severities(analysis: &Analysis, diagnostics: &mut [Diagnostic]) {
    if let Some(severities) = &analysis.config.options.severity {
        for d in diagnostics.iter_mut() {
            // The most specific key wins: a code or name, then the longest prefix.
            if let Some(level) = severities
                .iter()
                .filter(|(key, _)| rules::matching(key).iter().any(|r| r.code == d.code))
                .max_by_key(|(key, _)| {
                    if key.eq_ignore_ascii_case(d.code) || key.as_str() == d.name {
                        usize::MAX
                    } else {
                        key.len()
                    }
                })
                .and_then(|(_, level)| diagnostic::Severity::parse(level))
            {
                d.severity = level;
            }
        }
    }
}
