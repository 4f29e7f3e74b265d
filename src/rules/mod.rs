//! The table of every rule retort knows, and the dispatch that runs the enabled ones.
//! Each rule's long documentation lives in `rules/<CODE>-<name>.md` at the top of the
//! repository and is compiled in, so a rule without a doc does not build.

pub mod file_rules;
pub mod graph_rules;

use crate::diagnostic::Severity;

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

macro_rules! rule {
    ($ident:ident, $code:literal, $name:literal, $severity:ident, $enabled:literal, $summary:literal) => {
        pub static $ident: RuleInfo = RuleInfo {
            code: $code,
            name: $name,
            severity: Severity::$severity,
            default_enabled: $enabled,
            summary: $summary,
            doc: include_str!(concat!("../../rules/", $code, "-", $name, ".md")),
        };
    };
}

rule!(SYNTAX_ERROR, "RT001", "syntax-error", Error, true,
    "A revision file is not valid Python.");
rule!(MISSING_REVISION_ID, "RT002", "missing-revision-id", Error, true,
    "A revision file has no `revision` and its file name is not a hex id.");
rule!(NON_LITERAL_IDENTIFIER, "RT003", "non-literal-identifier", Warning, true,
    "A revision identifier is computed, so it cannot be checked without running the file.");
rule!(MULTIPLE_HEADS, "RT101", "multiple-heads", Error, true,
    "The history has more than one head, so `alembic upgrade head` refuses to run.");
rule!(REVISION_CYCLE, "RT102", "revision-cycle", Error, true,
    "Revisions depend on each other in a cycle.");
rule!(MISSING_DOWN_REVISION, "RT103", "missing-down-revision", Error, true,
    "`down_revision` names a revision that does not exist.");
rule!(DUPLICATE_REVISION_ID, "RT104", "duplicate-revision-id", Error, true,
    "Two files declare the same revision id.");
rule!(MULTIPLE_BASES, "RT105", "multiple-bases", Warning, true,
    "More than one revision has no parent.");
rule!(DOCSTRING_MISMATCH, "RT106", "docstring-mismatch", Warning, true,
    "The docstring header disagrees with the code about the revision or its parents.");
rule!(MISSING_DEPENDENCY, "RT107", "missing-dependency", Error, true,
    "`depends_on` names a revision or branch label that does not exist.");
rule!(DUPLICATE_BRANCH_LABEL, "RT108", "duplicate-branch-label", Error, true,
    "Two revisions claim the same branch label.");
rule!(MISSING_UPGRADE_OR_DOWNGRADE, "RT109", "missing-upgrade-or-downgrade", Error, true,
    "A revision file defines no `upgrade()` or no `downgrade()` function.");
rule!(FILENAME_MISMATCH, "RT110", "filename-mismatch", Warning, true,
    "The file name does not start with the revision id that `file_template` puts there.");
rule!(PLACEHOLDER_REVISION_ID, "RT111", "placeholder-revision-id", Warning, true,
    "A revision id looks hand-typed and is likely to collide.");

/// Every rule, in code order. `retort rule --all`, SARIF `rules` and config validation
/// all read this list.
pub static ALL: &[&RuleInfo] = &[
    &SYNTAX_ERROR,
    &MISSING_REVISION_ID,
    &NON_LITERAL_IDENTIFIER,
    &MULTIPLE_HEADS,
    &REVISION_CYCLE,
    &MISSING_DOWN_REVISION,
    &DUPLICATE_REVISION_ID,
    &MULTIPLE_BASES,
    &DOCSTRING_MISMATCH,
    &MISSING_DEPENDENCY,
    &DUPLICATE_BRANCH_LABEL,
    &MISSING_UPGRADE_OR_DOWNGRADE,
    &FILENAME_MISMATCH,
    &PLACEHOLDER_REVISION_ID,
];

/// Find a rule by code (`RT101`) or name (`multiple-heads`), case-insensitively for codes.
pub fn lookup(key: &str) -> Option<&'static RuleInfo> {
    ALL.iter()
        .copied()
        .find(|r| r.code.eq_ignore_ascii_case(key) || r.name == key)
}

/// Rules selected by a code prefix (`RT1`, `RT101`), a name, or `ALL`.
pub fn matching(selector: &str) -> Vec<&'static RuleInfo> {
    if selector.eq_ignore_ascii_case("ALL") {
        return ALL.to_vec();
    }
    if let Some(rule) = ALL.iter().copied().find(|r| r.name == selector) {
        return vec![rule];
    }
    let upper = selector.to_ascii_uppercase();
    ALL.iter()
        .copied()
        .filter(|r| r.code.starts_with(&upper))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_and_names_are_unique_and_well_formed() {
        let mut codes = std::collections::HashSet::new();
        let mut names = std::collections::HashSet::new();
        for rule in ALL {
            assert!(codes.insert(rule.code), "duplicate code {}", rule.code);
            assert!(names.insert(rule.name), "duplicate name {}", rule.name);
            assert!(rule.code.len() == 5 && rule.code.starts_with("RT"));
            assert!(rule.name.chars().all(|c| c.is_ascii_lowercase() || c == '-'));
            assert!(rule.doc.starts_with(&format!("# {} {}", rule.code, rule.name)),
                "doc of {} must open with '# {} {}'", rule.code, rule.code, rule.name);
        }
    }

    #[test]
    fn selectors() {
        assert_eq!(matching("RT1").len(), ALL.iter().filter(|r| r.code.starts_with("RT1")).count());
        assert_eq!(matching("multiple-heads"), vec![&MULTIPLE_HEADS]);
        assert!(matching("RT9").is_empty());
    }
}
