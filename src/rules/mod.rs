//! The table of every rule retort knows, and the dispatch that runs the enabled ones.
//! Each rule's long documentation lives in `rules/<CODE>-<name>.md` at the top of the
//! repository and is compiled in, so a rule without a doc does not build.

pub mod file_rules;
pub mod graph_rules;
pub mod lint;
pub mod safety_rules;
pub mod schema_rules;
pub mod suppression;

use crate::diagnostic::Severity;

pub use crate::diagnostic::RuleInfo;

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

// Declared after the macro, which it uses.
pub mod db_rules;

rule!(
    SYNTAX_ERROR,
    "RT001",
    "syntax-error",
    Error,
    true,
    "A revision file is not valid Python."
);
rule!(
    MISSING_REVISION_ID,
    "RT002",
    "missing-revision-id",
    Error,
    true,
    "A revision file has no `revision` and its file name is not a hex id."
);
rule!(
    NON_LITERAL_IDENTIFIER,
    "RT003",
    "non-literal-identifier",
    Warning,
    true,
    "A revision identifier is computed, so it cannot be checked without running the file."
);
rule!(
    UNLOADABLE_REVISION_FILE,
    "RT004",
    "unloadable-revision-file",
    Error,
    true,
    "Alembic cannot load a revision file: no `down_revision`, an identifier of the wrong type, or a file that cannot be read."
);
rule!(
    MULTIPLE_HEADS,
    "RT101",
    "multiple-heads",
    Error,
    true,
    "The history has more than one head, so `alembic upgrade head` refuses to run."
);
rule!(
    REVISION_CYCLE,
    "RT102",
    "revision-cycle",
    Error,
    true,
    "Revisions depend on each other in a cycle."
);
rule!(
    MISSING_DOWN_REVISION,
    "RT103",
    "missing-down-revision",
    Error,
    true,
    "`down_revision` names a revision that does not exist."
);
rule!(
    DUPLICATE_REVISION_ID,
    "RT104",
    "duplicate-revision-id",
    Error,
    true,
    "Two files declare the same revision id."
);
rule!(
    MULTIPLE_BASES,
    "RT105",
    "multiple-bases",
    Warning,
    true,
    "More than one revision has no parent."
);
rule!(
    DOCSTRING_MISMATCH,
    "RT106",
    "docstring-mismatch",
    Warning,
    true,
    "The docstring header disagrees with the code about the revision or its parents."
);
rule!(
    MISSING_DEPENDENCY,
    "RT107",
    "missing-dependency",
    Error,
    true,
    "`depends_on` names a revision or branch label that does not exist."
);
rule!(
    DUPLICATE_BRANCH_LABEL,
    "RT108",
    "duplicate-branch-label",
    Error,
    true,
    "Two revisions claim the same branch label."
);
rule!(
    MISSING_UPGRADE_OR_DOWNGRADE,
    "RT109",
    "missing-upgrade-or-downgrade",
    Error,
    true,
    "A revision file defines no `upgrade()`, or no `downgrade()` where the project writes them."
);
rule!(
    FILENAME_MISMATCH,
    "RT110",
    "filename-mismatch",
    Warning,
    true,
    "A revision file's name carries a revision id that is not its own."
);
rule!(
    PLACEHOLDER_REVISION_ID,
    "RT111",
    "placeholder-revision-id",
    Warning,
    true,
    "A revision id looks hand-typed and is likely to collide."
);

rule!(
    NOT_BASED_ON_BASE_HEAD,
    "RT112",
    "not-based-on-base-head",
    Error,
    true,
    "A revision new on this branch does not descend from the base branch's head (`--base`)."
);
rule!(
    MODEL_COLUMN_NOT_MIGRATED,
    "RT201",
    "model-column-not-migrated",
    Error,
    true,
    "A model column is not added by any migration up to a head."
);
rule!(
    MODEL_TABLE_NOT_MIGRATED,
    "RT202",
    "model-table-not-migrated",
    Error,
    true,
    "A model table is not created by any migration up to a head."
);
rule!(
    MIGRATION_EFFECT_MISSING_FROM_MODEL,
    "RT203",
    "migration-effect-missing-from-model",
    Warning,
    true,
    "A head's schema has a table or column the model lacks."
);
rule!(
    OP_ON_MISSING_OBJECT,
    "RT204",
    "op-on-missing-object",
    Error,
    true,
    "An operation acts on a table or column that does not exist (or already exists) at that point."
);
rule!(
    CONFLICTING_BRANCHES,
    "RT205",
    "conflicting-branches",
    Error,
    true,
    "Two unmerged heads, or the two sides of a merge, change the same table or column."
);
rule!(
    DOWNGRADE_DOES_NOT_REVERSE_UPGRADE,
    "RT206",
    "downgrade-does-not-reverse-upgrade",
    Warning,
    true,
    "Running downgrade() after upgrade() does not restore what upgrade() changed."
);
rule!(
    EMPTY_MIGRATION,
    "RT207",
    "empty-migration",
    Warning,
    false,
    "A revision that is not a merge has an upgrade() that does nothing."
);
rule!(
    SCHEMA_NOT_STATICALLY_KNOWN,
    "RT208",
    "schema-not-statically-known",
    Info,
    true,
    "Something the schema or model check cannot resolve without running code (reported once, never guessed)."
);
rule!(
    REQUIRE_CONCURRENT_INDEX_CREATION,
    "RT301",
    "require-concurrent-index-creation",
    Warning,
    true,
    "`create_index` without `postgresql_concurrently=True` on an existing table blocks writes while the index builds (squawk)."
);
rule!(
    REQUIRE_CONCURRENT_INDEX_DELETION,
    "RT302",
    "require-concurrent-index-deletion",
    Warning,
    true,
    "`drop_index` without `postgresql_concurrently=True` blocks reads and writes of the table (squawk)."
);
rule!(
    BAN_CONCURRENT_INDEX_CREATION_IN_TRANSACTION,
    "RT303",
    "ban-concurrent-index-creation-in-transaction",
    Error,
    true,
    "A concurrent index inside the migration's transaction: PostgreSQL refuses it (squawk)."
);
rule!(
    CONSTRAINT_MISSING_NOT_VALID,
    "RT304",
    "constraint-missing-not-valid",
    Warning,
    true,
    "A constraint added to an existing table without `NOT VALID` checks every row under a lock (squawk)."
);
rule!(
    ADDING_FOREIGN_KEY_CONSTRAINT,
    "RT305",
    "adding-foreign-key-constraint",
    Warning,
    true,
    "A foreign key added to an existing table locks both tables while every row is checked (squawk)."
);
rule!(
    CHANGING_COLUMN_TYPE,
    "RT306",
    "changing-column-type",
    Warning,
    true,
    "A column type change rewrites the table under an ACCESS EXCLUSIVE lock (squawk)."
);
rule!(
    ADDING_NOT_NULLABLE_FIELD,
    "RT307",
    "adding-not-nullable-field",
    Warning,
    true,
    "SET NOT NULL on an existing column scans the table under an ACCESS EXCLUSIVE lock (squawk)."
);
rule!(
    ADDING_REQUIRED_FIELD,
    "RT308",
    "adding-required-field",
    Error,
    true,
    "A NOT NULL column without a default added to an existing table fails once it has rows (squawk)."
);
rule!(
    ADDING_FIELD_WITH_DEFAULT,
    "RT309",
    "adding-field-with-default",
    Warning,
    true,
    "A column with a volatile default (or a stored generated column) rewrites the table (squawk)."
);
rule!(
    ADDING_SERIAL_PRIMARY_KEY_FIELD,
    "RT310",
    "adding-serial-primary-key-field",
    Warning,
    true,
    "Adding a primary key builds its index under an ACCESS EXCLUSIVE lock (squawk)."
);
rule!(
    DISALLOWED_UNIQUE_CONSTRAINT,
    "RT311",
    "disallowed-unique-constraint",
    Warning,
    true,
    "A unique constraint added to an existing table builds its index under an ACCESS EXCLUSIVE lock (squawk)."
);
rule!(
    RENAMING_COLUMN,
    "RT312",
    "renaming-column",
    Warning,
    true,
    "Renaming a column breaks the code still running against the old name (squawk)."
);
rule!(
    RENAMING_TABLE,
    "RT313",
    "renaming-table",
    Warning,
    true,
    "Renaming a table breaks the code still running against the old name (squawk)."
);
rule!(
    BAN_DROP_COLUMN,
    "RT314",
    "ban-drop-column",
    Warning,
    false,
    "Dropping a column may break clients still reading it (squawk; off by default, RT351 reports the drops the model contradicts)."
);
rule!(
    BAN_DROP_TABLE,
    "RT315",
    "ban-drop-table",
    Warning,
    false,
    "Dropping a table may break clients still using it (squawk; off by default, RT351 reports the drops the model contradicts)."
);
rule!(
    BAN_DROP_NOT_NULL,
    "RT316",
    "ban-drop-not-null",
    Warning,
    false,
    "Dropping NOT NULL may break clients that expect a value (squawk; off by default)."
);
rule!(
    BAN_DROP_DATABASE,
    "RT317",
    "ban-drop-database",
    Error,
    true,
    "A migration drops a database (squawk)."
);
rule!(
    TRANSACTION_NESTING,
    "RT318",
    "transaction-nesting",
    Warning,
    true,
    "SQL in a migration begins or ends a transaction Alembic manages (squawk)."
);
rule!(
    BAN_CREATE_DOMAIN_WITH_CONSTRAINT,
    "RT320",
    "ban-create-domain-with-constraint",
    Warning,
    true,
    "A domain created with a constraint: later changes to it lock every table using it (squawk)."
);
rule!(
    BAN_ALTER_DOMAIN_WITH_ADD_CONSTRAINT,
    "RT321",
    "ban-alter-domain-with-add-constraint",
    Warning,
    true,
    "A constraint added to a domain checks every column of that domain under a lock (squawk)."
);
rule!(
    BAN_TRUNCATE_CASCADE,
    "RT322",
    "ban-truncate-cascade",
    Warning,
    true,
    "TRUNCATE ... CASCADE empties every table that refers to the truncated one (squawk)."
);
rule!(
    REQUIRE_CONCURRENT_PARTITION_DETACH,
    "RT323",
    "require-concurrent-partition-detach",
    Warning,
    true,
    "Detaching a partition without CONCURRENTLY blocks the parent table (squawk)."
);
rule!(
    REQUIRE_CONCURRENT_REINDEX,
    "RT324",
    "require-concurrent-reindex",
    Warning,
    true,
    "REINDEX without CONCURRENTLY blocks writes to the table (squawk)."
);
rule!(
    PREFER_REPACK,
    "RT325",
    "prefer-repack",
    Warning,
    true,
    "CLUSTER or VACUUM FULL lock the table where REPACK does not (squawk; PostgreSQL 19+)."
);
rule!(
    BAN_DUPLICATE_COLUMN_ASSIGNMENTS,
    "RT326",
    "ban-duplicate-column-assignments",
    Error,
    true,
    "An UPDATE assigns the same column twice, which PostgreSQL rejects (squawk)."
);
rule!(
    IDENTIFIER_TOO_LONG,
    "RT327",
    "identifier-too-long",
    Warning,
    true,
    "An identifier longer than 63 bytes, which PostgreSQL silently truncates (squawk)."
);
rule!(
    REQUIRE_ENUM_VALUE_ORDERING,
    "RT328",
    "require-enum-value-ordering",
    Warning,
    false,
    "ALTER TYPE ... ADD VALUE without BEFORE/AFTER (squawk; off by default)."
);
rule!(
    PREFER_ROBUST_STMTS,
    "RT329",
    "prefer-robust-stmts",
    Warning,
    false,
    "DDL outside a transaction without IF [NOT] EXISTS cannot be retried (squawk; off by default)."
);
rule!(
    PREFER_BIGINT_OVER_INT,
    "RT330",
    "prefer-bigint-over-int",
    Warning,
    false,
    "A 32-bit integer column may run out of values (squawk; off by default)."
);
rule!(
    PREFER_BIGINT_OVER_SMALLINT,
    "RT331",
    "prefer-bigint-over-smallint",
    Warning,
    false,
    "A 16-bit integer column may run out of values (squawk; off by default)."
);
rule!(
    PREFER_IDENTITY,
    "RT332",
    "prefer-identity",
    Warning,
    false,
    "A serial column where an identity column is preferred (squawk; off by default)."
);
rule!(
    PREFER_TEXT_FIELD,
    "RT333",
    "prefer-text-field",
    Warning,
    false,
    "A VARCHAR(n) column whose limit can only grow under a lock (squawk; off by default)."
);
rule!(
    PREFER_TIMESTAMP_TZ,
    "RT334",
    "prefer-timestamp-tz",
    Warning,
    false,
    "A timestamp column without a time zone (squawk; off by default)."
);
rule!(
    BAN_CHAR_FIELD,
    "RT335",
    "ban-char-field",
    Warning,
    false,
    "A CHAR(n) column (squawk; off by default)."
);
rule!(
    REQUIRE_LOCK_TIMEOUT,
    "RT336",
    "require-lock-timeout",
    Warning,
    false,
    "DDL without a `SET lock_timeout` first may queue behind long transactions (squawk; off by default)."
);
rule!(
    REQUIRE_STATEMENT_TIMEOUT,
    "RT337",
    "require-statement-timeout",
    Warning,
    false,
    "DDL without a `SET statement_timeout` first may run unbounded (squawk; off by default)."
);
rule!(
    REQUIRE_TABLE_SCHEMA,
    "RT338",
    "require-table-schema",
    Warning,
    false,
    "A table named without its schema (squawk; off by default)."
);
rule!(
    NOT_NULL_COLUMN_ON_EXISTING_TABLE,
    "RT350",
    "not-null-column-on-existing-table",
    Error,
    true,
    "A NOT NULL column without a server default is added to a table an earlier revision created: it fails once the table has rows (any dialect)."
);
rule!(
    DROPPING_MAPPED_OBJECT,
    "RT351",
    "dropping-mapped-object",
    Error,
    true,
    "A migration drops a column or table the model still maps (any dialect)."
);
rule!(
    RENAMING_MAPPED_OBJECT,
    "RT352",
    "renaming-mapped-object",
    Error,
    true,
    "A migration renames a column or table the model still maps under the old name (any dialect)."
);
rule!(
    UNUSED_SUPPRESSION,
    "RT900",
    "unused-suppression",
    Warning,
    true,
    "A `# retort: ignore` comment silences nothing."
);

/// Every rule, in code order. `retort rule --all`, SARIF `rules` and config validation
/// all read this list.
pub static ALL: &[&RuleInfo] = &[
    &SYNTAX_ERROR,
    &MISSING_REVISION_ID,
    &NON_LITERAL_IDENTIFIER,
    &UNLOADABLE_REVISION_FILE,
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
    &NOT_BASED_ON_BASE_HEAD,
    &MODEL_COLUMN_NOT_MIGRATED,
    &MODEL_TABLE_NOT_MIGRATED,
    &MIGRATION_EFFECT_MISSING_FROM_MODEL,
    &OP_ON_MISSING_OBJECT,
    &CONFLICTING_BRANCHES,
    &DOWNGRADE_DOES_NOT_REVERSE_UPGRADE,
    &EMPTY_MIGRATION,
    &SCHEMA_NOT_STATICALLY_KNOWN,
    &REQUIRE_CONCURRENT_INDEX_CREATION,
    &REQUIRE_CONCURRENT_INDEX_DELETION,
    &BAN_CONCURRENT_INDEX_CREATION_IN_TRANSACTION,
    &CONSTRAINT_MISSING_NOT_VALID,
    &ADDING_FOREIGN_KEY_CONSTRAINT,
    &CHANGING_COLUMN_TYPE,
    &ADDING_NOT_NULLABLE_FIELD,
    &ADDING_REQUIRED_FIELD,
    &ADDING_FIELD_WITH_DEFAULT,
    &ADDING_SERIAL_PRIMARY_KEY_FIELD,
    &DISALLOWED_UNIQUE_CONSTRAINT,
    &RENAMING_COLUMN,
    &RENAMING_TABLE,
    &BAN_DROP_COLUMN,
    &BAN_DROP_TABLE,
    &BAN_DROP_NOT_NULL,
    &BAN_DROP_DATABASE,
    &TRANSACTION_NESTING,
    &BAN_CREATE_DOMAIN_WITH_CONSTRAINT,
    &BAN_ALTER_DOMAIN_WITH_ADD_CONSTRAINT,
    &BAN_TRUNCATE_CASCADE,
    &REQUIRE_CONCURRENT_PARTITION_DETACH,
    &REQUIRE_CONCURRENT_REINDEX,
    &PREFER_REPACK,
    &BAN_DUPLICATE_COLUMN_ASSIGNMENTS,
    &IDENTIFIER_TOO_LONG,
    &REQUIRE_ENUM_VALUE_ORDERING,
    &PREFER_ROBUST_STMTS,
    &PREFER_BIGINT_OVER_INT,
    &PREFER_BIGINT_OVER_SMALLINT,
    &PREFER_IDENTITY,
    &PREFER_TEXT_FIELD,
    &PREFER_TIMESTAMP_TZ,
    &BAN_CHAR_FIELD,
    &REQUIRE_LOCK_TIMEOUT,
    &REQUIRE_STATEMENT_TIMEOUT,
    &REQUIRE_TABLE_SCHEMA,
    &NOT_NULL_COLUMN_ON_EXISTING_TABLE,
    &DROPPING_MAPPED_OBJECT,
    &RENAMING_MAPPED_OBJECT,
    &db_rules::UNKNOWN_STAMPED_REVISION,
    &db_rules::PENDING_REVISIONS,
    &db_rules::STAMPED_BUT_NOT_APPLIED,
    &db_rules::CHANGED_OUTSIDE_MIGRATIONS,
    &db_rules::DATABASE_MATCHES_OTHER_REVISION,
    &db_rules::DATABASE_NOT_STAMPED,
    &UNUSED_SUPPRESSION,
];

/// Find a rule by code (`RT101`) or name (`multiple-heads`), case-insensitively for codes.
pub fn lookup(key: &str) -> Option<&'static RuleInfo> {
    ALL.iter()
        .copied()
        .find(|r| r.code.eq_ignore_ascii_case(key) || r.name == key)
}

/// Rules selected by a code prefix (`RT1`, `RT101`), a name, or `ALL`.
pub fn matching(selector: &str) -> Vec<&'static RuleInfo> {
    // Every code starts with "", but an empty selector names no rule.
    if selector.is_empty() {
        return Vec::new();
    }
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
            assert!(
                rule.name
                    .chars()
                    .all(|c| c.is_ascii_lowercase() || c == '-')
            );
            assert!(
                rule.doc
                    .starts_with(&format!("# {} {}", rule.code, rule.name)),
                "doc of {} must open with '# {} {}'",
                rule.code,
                rule.code,
                rule.name
            );
        }
    }

    #[test]
    fn selectors() {
        assert_eq!(
            matching("RT1").len(),
            ALL.iter().filter(|r| r.code.starts_with("RT1")).count()
        );
        assert_eq!(matching("multiple-heads"), vec![&MULTIPLE_HEADS]);
        assert!(matching("RT8").is_empty());
    }
}

/// Which rules run, and the settings rules read.
#[derive(Debug, Clone)]
pub struct RuleSettings {
    pub enabled: std::collections::BTreeSet<&'static str>,
    pub allow_labelled_heads: bool,
    /// `--all-revisions`: the safety rules (RT3xx) report every revision, not only the
    /// new ones.
    pub all_revisions: bool,
}

impl RuleSettings {
    pub fn is_enabled(&self, rule: &RuleInfo) -> bool {
        self.enabled.contains(rule.code)
    }
}

impl Default for RuleSettings {
    fn default() -> RuleSettings {
        RuleSettings {
            enabled: ALL
                .iter()
                .filter(|r| r.default_enabled)
                .map(|r| r.code)
                .collect(),
            allow_labelled_heads: true,
            all_revisions: false,
        }
    }
}

/// Run every enabled rule. Per-file rules run in parallel; graph rules once.
pub fn check(
    analysis: &crate::analysis::Analysis,
    settings: &RuleSettings,
) -> Vec<crate::diagnostic::Diagnostic> {
    check_with_outcome(analysis, settings).0
}

/// `check`, plus what the safety rules left out (findings in old revisions).
pub fn check_with_outcome(
    analysis: &crate::analysis::Analysis,
    settings: &RuleSettings,
) -> (Vec<crate::diagnostic::Diagnostic>, safety_rules::Outcome) {
    let (project, files, graph) = (
        &analysis.project,
        analysis.files.as_slice(),
        &analysis.graph,
    );
    use rayon::prelude::*;
    let on = |rule: &RuleInfo| settings.is_enabled(rule);

    let numbered = on(&PLACEHOLDER_REVISION_ID) && file_rules::numbered_ids(files);
    let mut out: Vec<crate::diagnostic::Diagnostic> = files
        .par_iter()
        .flat_map_iter(|file| {
            let mut found = Vec::new();
            if on(&SYNTAX_ERROR) {
                file_rules::syntax_error(file, &mut found);
            }
            if on(&UNLOADABLE_REVISION_FILE) {
                file_rules::unloadable_revision_file(file, &mut found);
            }
            // Nothing else is known of a file that was not read.
            if file.unread.is_some() {
                return found;
            }
            if on(&MISSING_REVISION_ID) {
                file_rules::missing_revision_id(file, &mut found);
            }
            if on(&NON_LITERAL_IDENTIFIER) {
                file_rules::non_literal_identifier(file, &mut found);
            }
            if on(&DOCSTRING_MISMATCH) {
                file_rules::docstring_mismatch(file, &mut found);
            }
            if on(&MISSING_UPGRADE_OR_DOWNGRADE) {
                file_rules::missing_upgrade_or_downgrade(file, &analysis.downgrades, &mut found);
            }
            if on(&FILENAME_MISMATCH) {
                file_rules::filename_mismatch(file, project, files, graph, &mut found);
            }
            if on(&PLACEHOLDER_REVISION_ID) {
                file_rules::placeholder_revision_id(file, numbered, &mut found);
            }
            found
        })
        .collect();

    if on(&MULTIPLE_HEADS) {
        graph_rules::multiple_heads(files, graph, settings.allow_labelled_heads, &mut out);
    }
    if on(&REVISION_CYCLE) {
        graph_rules::revision_cycle(files, graph, &mut out);
    }
    if on(&MISSING_DOWN_REVISION) || on(&MISSING_DEPENDENCY) {
        let mut found = Vec::new();
        graph_rules::dangling_references(files, graph, &mut found);
        out.extend(found.into_iter().filter(|d| lookup(d.code).is_some_and(on)));
    }
    if on(&DUPLICATE_REVISION_ID) {
        graph_rules::duplicate_revision_id(files, graph, &mut out);
    }
    if on(&MULTIPLE_BASES) {
        graph_rules::multiple_bases(files, graph, &mut out);
    }
    if on(&DUPLICATE_BRANCH_LABEL) {
        graph_rules::duplicate_branch_label(files, graph, &mut out);
    }
    if on(&NOT_BASED_ON_BASE_HEAD)
        && let Some(base) = &analysis.base
    {
        graph_rules::not_based_on_base_head(files, graph, base, &mut out);
    }
    // The schema rules and the safety rules (which look at the schema before each op)
    // share one replay of the history.
    let mut safety = Vec::new();
    let outcome = schema_checks(analysis, settings, &mut out, &mut safety);
    out.append(&mut safety);
    (out, outcome)
}

/// The schema rules and the safety rules share one replay of the history, made only
/// when one of them runs; the safety rules' findings go to `safety`.
fn schema_checks(
    analysis: &crate::analysis::Analysis,
    settings: &RuleSettings,
    out: &mut Vec<crate::diagnostic::Diagnostic>,
    safety: &mut Vec<crate::diagnostic::Diagnostic>,
) -> safety_rules::Outcome {
    let on = |rule: &RuleInfo| settings.is_enabled(rule);
    let (files, graph) = (analysis.files.as_slice(), &analysis.graph);
    if on(&EMPTY_MIGRATION) {
        schema_rules::empty_migration(files, graph, out);
    }
    // A revision left out of the graph (RT004, or RT001 for a file too large to read)
    // may create or drop anything: a replay without it would report what is not so.
    if let Some(&(_, index)) = graph.excluded.first() {
        if on(&SCHEMA_NOT_STATICALLY_KNOWN) {
            let file = &files[index];
            out.push(
                crate::diagnostic::Diagnostic::new(
                    &SCHEMA_NOT_STATICALLY_KNOWN,
                    format!(
                        "the schema checks (RT201-RT206) did not run: Alembic cannot load {} \
                         (RT001/RT004), so the schema it leads to is not known",
                        file.source.display
                    ),
                )
                .at(
                    &file.source,
                    crate::diagnostic::Location::file_start(&file.source).span,
                )
                .with_help("fix that file first; the schema checks run again once it loads"),
            );
        }
        // The safety rules replay what loads: their findings are per revision.
        return safety_rules::check(analysis, settings, safety);
    }
    // RT205 compares branches op by op and needs no replay: it runs beside it.
    let (mut conflicts, outcome) = rayon::join(
        || {
            let mut found = Vec::new();
            if on(&CONFLICTING_BRANCHES) {
                schema_rules::conflicting_branches(
                    files,
                    graph,
                    settings.allow_labelled_heads,
                    &mut found,
                );
            }
            found
        },
        || replay_checks(analysis, settings, out, safety),
    );
    out.append(&mut conflicts);
    outcome
}

/// The rules that need the replay (RT201-RT204, RT206, RT208), in one pass over it.
fn replay_checks(
    analysis: &crate::analysis::Analysis,
    settings: &RuleSettings,
    out: &mut Vec<crate::diagnostic::Diagnostic>,
    safety: &mut Vec<crate::diagnostic::Diagnostic>,
) -> safety_rules::Outcome {
    let on = |rule: &RuleInfo| settings.is_enabled(rule);
    let model_rules = [
        on(&MODEL_COLUMN_NOT_MIGRATED),
        on(&MODEL_TABLE_NOT_MIGRATED),
        on(&MIGRATION_EFFECT_MISSING_FROM_MODEL),
        on(&SCHEMA_NOT_STATICALLY_KNOWN),
    ];
    let schema_rules_on = model_rules.contains(&true)
        || on(&OP_ON_MISSING_OBJECT)
        || on(&DOWNGRADE_DOES_NOT_REVERSE_UPGRADE);
    match safety_rules::start(analysis, settings) {
        Err(outcome) => {
            if schema_rules_on {
                replay_schema_rules(analysis, settings, model_rules, None, out, safety);
            }
            // No safety rule runs: the outcome (a note at most) is known already.
            outcome
        }
        Ok(collector) if schema_rules_on => replay_schema_rules(
            analysis,
            settings,
            model_rules,
            Some(collector),
            out,
            safety,
        )
        .unwrap_or_default(),
        Ok(collector) => collector.run_alone(safety),
    }
}

/// One replay for the rules that need one: RT206 checks each revision as the replay
/// reaches it, and the safety rules' collector (if given) sees each revision too; then
/// the safety rules' checks (squawk on every revision's SQL) run beside RT204 and the
/// model check. The safety rules' outcome, if they ran.
fn replay_schema_rules(
    analysis: &crate::analysis::Analysis,
    settings: &RuleSettings,
    model_rules: [bool; 4],
    mut collector: Option<safety_rules::Collector<'_>>,
    out: &mut Vec<crate::diagnostic::Diagnostic>,
    safety: &mut Vec<crate::diagnostic::Diagnostic>,
) -> Option<safety_rules::Outcome> {
    let on = |rule: &RuleInfo| settings.is_enabled(rule);
    let files = analysis.files.as_slice();
    let graph = &analysis.graph;
    let options = analysis.replay_options();
    let rt206 = on(&DOWNGRADE_DOES_NOT_REVERSE_UPGRADE);
    let mut downgrades = Vec::new();
    // squawk's pass needs no replay: it runs beside it.
    let pass = collector.as_ref().map(|c| c.squawk_pass());
    let (replay, linted) = rayon::join(
        || {
            crate::schema::replay::replay_with(files, graph, options, &[], |step| {
                if rt206 {
                    schema_rules::downgrade_does_not_reverse_upgrade(files, step, &mut downgrades);
                }
                if let Some(collector) = collector.as_mut() {
                    collector.visit(step);
                }
            })
        },
        || pass.map(|pass| pass.run()).unwrap_or_default(),
    );
    let (outcome, ()) = rayon::join(
        || collector.map(|collector| collector.finish(&replay, linted, safety)),
        || {
            if on(&OP_ON_MISSING_OBJECT) {
                schema_rules::op_on_missing_object(files, &replay, out);
            }
            out.append(&mut downgrades);
            if model_rules.contains(&true) {
                schema_rules::model_check(
                    files,
                    graph,
                    &replay,
                    &analysis.models,
                    options,
                    model_rules,
                    out,
                );
            }
        },
    );
    outcome
}
