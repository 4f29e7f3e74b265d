//! squawk's PostgreSQL rules (`squawk-linter`), run in-process on SQL text. Rules are
//! named by squawk's own kebab-case names; violations come back in our own type with
//! byte spans into the text that was linted.

use std::ops::Range;
use std::str::FromStr;

use squawk_linter::{Linter, LinterSettings, Rule};

/// Every rule of the pinned squawk-linter, by squawk's name, in squawk's order. Left
/// out: `unused-ignore` (about squawk's own ignore comments, which retort does not
/// report) and `require-timeout-settings` (an alias of the two timeout rules).
/// `ban-uncommitted-transaction` is listed but has no RT3xx code: Alembic always
/// commits what it opens, so it cannot fire on a migration.
pub const SQUAWK_RULES: &[&str] = &[
    "require-concurrent-index-creation",
    "require-concurrent-index-deletion",
    "constraint-missing-not-valid",
    "adding-field-with-default",
    "adding-foreign-key-constraint",
    "changing-column-type",
    "adding-not-nullable-field",
    "adding-serial-primary-key-field",
    "renaming-column",
    "renaming-table",
    "disallowed-unique-constraint",
    "ban-drop-database",
    "prefer-bigint-over-int",
    "prefer-bigint-over-smallint",
    "prefer-identity",
    "prefer-repack",
    "prefer-robust-stmts",
    "prefer-text-field",
    "prefer-timestamp-tz",
    "ban-char-field",
    "ban-drop-column",
    "ban-drop-table",
    "ban-drop-not-null",
    "transaction-nesting",
    "adding-required-field",
    "ban-concurrent-index-creation-in-transaction",
    "ban-create-domain-with-constraint",
    "ban-alter-domain-with-add-constraint",
    "ban-truncate-cascade",
    "ban-uncommitted-transaction",
    "require-enum-value-ordering",
    "require-table-schema",
    "identifier-too-long",
    "require-concurrent-partition-detach",
    "require-concurrent-reindex",
    "require-lock-timeout",
    "require-statement-timeout",
    "ban-duplicate-column-assignments",
];

/// How to run squawk.
#[derive(Clone, Debug, Default)]
pub struct LintOptions {
    /// Treat the text as running inside a transaction a migration tool opened, with no
    /// `BEGIN` in the text. Text that writes its own `BEGIN`/`COMMIT` (as Alembic's
    /// offline SQL does) needs `false`.
    pub assume_in_transaction: bool,
    /// The PostgreSQL version the rules assume (`"15"`, `"11.2"`); `None`: squawk's
    /// default (15).
    pub pg_version: Option<String>,
}

/// One finding of a squawk rule.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Violation {
    /// squawk's rule name, one of `SQUAWK_RULES`.
    pub rule: &'static str,
    pub message: String,
    pub help: Option<String>,
    /// Byte range of what the rule points at, in the linted text.
    pub span: Range<usize>,
}

/// Run the named squawk rules on `sql`. Unknown names and an unreadable
/// `pg_version` are errors, so that a typo never silently disables a rule.
pub fn lint(sql: &str, rules: &[&str], options: &LintOptions) -> Result<Vec<Violation>, String> {
    Ok(Prepared::new(rules, options)?.lint(sql))
}

/// Squawk rules and settings, checked once, to lint many texts (one per revision).
#[derive(Clone)]
pub struct Prepared {
    /// Each selected rule with its name in `SQUAWK_RULES`.
    rules: Vec<(Rule, &'static str)>,
    settings: LinterSettings,
}

impl Prepared {
    /// The named rules (of `SQUAWK_RULES`) with the options; an unknown name or an
    /// unreadable `pg_version` is an error.
    pub fn new(rules: &[&str], options: &LintOptions) -> Result<Self, String> {
        let mut selected = Vec::with_capacity(rules.len());
        for name in rules {
            let Some(&known) = SQUAWK_RULES.iter().find(|r| *r == name) else {
                return Err(format!("`{name}` is not a squawk rule retort runs"));
            };
            selected.push((Rule::from_str(name).map_err(|e| e.to_string())?, known));
        }
        let mut settings = LinterSettings {
            assume_in_transaction: options.assume_in_transaction,
            ..LinterSettings::default()
        };
        if let Some(version) = &options.pg_version {
            settings.pg_version = squawk_linter::Version::from_str(version)
                .map_err(|e| format!("PostgreSQL version `{version}`: {e:?}"))?;
        }
        Ok(Prepared {
            rules: selected,
            settings,
        })
    }

    /// The names of the rules, in `SQUAWK_RULES`'s spelling.
    pub fn names(&self) -> impl Iterator<Item = &'static str> + '_ {
        self.rules.iter().map(|(_, name)| *name)
    }

    /// The same rules and settings without the named rules.
    pub fn without(&self, names: &[&str]) -> Prepared {
        Prepared {
            rules: self
                .rules
                .iter()
                .filter(|(_, name)| !names.contains(name))
                .copied()
                .collect(),
            settings: self.settings.clone(),
        }
    }

    /// The violations of the rules in `sql`.
    pub fn lint(&self, sql: &str) -> Vec<Violation> {
        if self.rules.is_empty() {
            return Vec::new();
        }
        let mut linter = Linter::from(self.rules.iter().map(|(rule, _)| *rule));
        linter.settings = self.settings.clone();
        // SQL squawk's parser gives up on cannot be linted: no finding (a miss, never a
        // crash).
        let Some(found) = super::guarded(|| {
            let parse = squawk_syntax::SourceFile::parse(sql);
            linter.lint(&parse, sql)
        }) else {
            return Vec::new();
        };
        found
            .into_iter()
            .filter_map(|v| {
                let rule = self
                    .rules
                    .iter()
                    .find(|(rule, _)| *rule == v.code)
                    .map(|(_, name)| *name)?;
                let r = v.text_range;
                Some(Violation {
                    rule,
                    message: v.message,
                    help: v.help,
                    span: usize::from(r.start())..usize::from(r.end()),
                })
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_squawk_rule_is_listed_and_round_trips() {
        for name in SQUAWK_RULES {
            let rule = Rule::from_str(name).expect(name);
            assert_eq!(rule.to_string(), *name);
        }
        let mut all = Linter::with_default_rules().rules;
        all.extend(Linter::with_rules(&[Rule::RequireTableSchema], &[]).rules);
        for rule in all {
            let name = rule.to_string();
            assert!(
                name == "unused-ignore" || SQUAWK_RULES.contains(&name.as_str()),
                "squawk rule `{name}` is missing from SQUAWK_RULES"
            );
        }
    }

    #[test]
    fn violations_point_into_the_text() {
        let sql = "BEGIN;\nCREATE INDEX ix ON users (email);\nCOMMIT;\n";
        let found = lint(
            sql,
            &["require-concurrent-index-creation"],
            &LintOptions::default(),
        )
        .unwrap();
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].rule, "require-concurrent-index-creation");
        assert!(sql[found[0].span.clone()].starts_with("CREATE INDEX ix"));
    }

    #[test]
    fn transaction_setting_reaches_squawk() {
        let sql = "CREATE INDEX CONCURRENTLY ix ON users (email);\nSELECT 1;";
        let rule = ["ban-concurrent-index-creation-in-transaction"];
        let outside = LintOptions::default();
        let inside = LintOptions {
            assume_in_transaction: true,
            ..LintOptions::default()
        };
        assert!(lint(sql, &rule, &outside).unwrap().is_empty());
        assert_eq!(lint(sql, &rule, &inside).unwrap().len(), 1);
    }

    #[test]
    fn unknown_rules_and_versions_are_errors() {
        assert!(lint("SELECT 1", &["no-such-rule"], &LintOptions::default()).is_err());
        let bad = LintOptions {
            pg_version: Some("x".into()),
            ..LintOptions::default()
        };
        assert!(lint("SELECT 1", &["renaming-table"], &bad).is_err());
    }
}

/// Parse and lint speed, for docs/adr/0002-sql-front-end.md. Prints; asserts nothing:
/// `cargo test --release --lib sql::speed -- --ignored --nocapture`.
#[cfg(test)]
mod speed {
    #[test]
    #[ignore]
    fn parse_and_lint_speed() {
        let revision = "BEGIN;\n\
            CREATE TABLE t (id SERIAL NOT NULL, name VARCHAR(50), PRIMARY KEY (id));\n\
            ALTER TABLE users ADD COLUMN email VARCHAR(120) DEFAULT 'x' NOT NULL;\n\
            CREATE INDEX ix_users_email ON users (email);\n\
            ALTER TABLE users ADD CONSTRAINT fk FOREIGN KEY(org_id) REFERENCES orgs (id);\n\
            UPDATE users SET email = lower(email);\n\
            COMMIT;\n";
        let texts: Vec<String> = (0..2000)
            .map(|i| revision.replace("users", &format!("users{i}")))
            .collect();
        let statements: usize = texts.len() * 7;
        let start = std::time::Instant::now();
        let mut parsed = 0;
        for text in &texts {
            parsed += super::super::parse(text).statements.len();
        }
        let parse = start.elapsed();
        let start = std::time::Instant::now();
        let mut found = 0;
        for text in &texts {
            found += super::lint(text, super::SQUAWK_RULES, &super::LintOptions::default())
                .unwrap()
                .len();
        }
        let lint = start.elapsed();
        println!(
            "{} revisions, {statements} statements: parse {:.1} ms ({:.1} us/statement), \
             parse + all {} squawk rules {:.1} ms ({:.1} us/statement); {parsed} parsed, {found} violations",
            texts.len(),
            parse.as_secs_f64() * 1e3,
            parse.as_secs_f64() * 1e6 / statements as f64,
            super::SQUAWK_RULES.len(),
            lint.as_secs_f64() * 1e3,
            lint.as_secs_f64() * 1e6 / statements as f64,
        );
    }
}
