//! Differential test of the safety rules (RT3xx) against the real tools. For every RT3xx
//! fixture project (`testdata/rules/RT3*/<case>/`):
//!
//! - real Alembic writes each revision's SQL (`alembic upgrade <parent>:<rev> --sql`,
//!   offline, PostgreSQL dialect; tests/oracle/alembic_sql.py);
//! - the real squawk CLI (npm `squawk-cli`'s linux-x64 binary, pinned in
//!   .ci/npm/package.json) lints that
//!   SQL, with every rule on;
//! - retort lints the project with every RT3xx rule on and every revision reported.
//!
//! Per revision, squawk's violations and retort's findings must be the same list of
//! squawk rule names, except the differences listed in `KNOWN_BETTER`, each with the
//! reason retort knows better. And retort's own SQL for each revision must be Alembic's,
//! statement by statement, except the statements listed in `RENDERING_DIFFERS`.

mod common;

use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};
use std::process::Command;

/// Where retort reports less than squawk on purpose: (case, squawk rule, why).
const KNOWN_BETTER: &[(&str, &str, &str)] = &[
    (
        "RT303/ok_env_autocommit_connection",
        "ban-concurrent-index-creation-in-transaction",
        "env.py migrates on an AUTOCOMMIT connection: begin_transaction() opens no transaction (the oracle's own env.py does)",
    ),
    (
        "RT303/ok_env_hands_over_the_connection",
        "ban-concurrent-index-creation-in-transaction",
        "env.py runs on a connection its caller made and passes in config.attributes: whether a transaction is open is not the revision's to say",
    ),
    (
        "RT306/ok_same_type_again",
        "changing-column-type",
        "users.login already is AppTypes.UniqueText (VARCHAR(512)) from the base revision: the stale existing_type=sa.Text does not make it a change",
    ),
    (
        "RT306/ok_same_type_again",
        "prefer-text-field",
        "retort does not read the project's AppTypes.UniqueText (it writes the quoted name), so no type rule can take it for VARCHAR(512); RT333 is off by default",
    ),
    (
        "RT306/ok_varchar_widened",
        "changing-column-type",
        "VARCHAR(50) -> VARCHAR(200) -> TEXT: the replay knows the old type; widening is a catalog change, no rewrite",
    ),
    (
        "RT307/ok_already_not_null",
        "adding-not-nullable-field",
        "users.login is already NOT NULL (created so in the base revision): SET NOT NULL changes nothing",
    ),
    (
        "RT314/ok_column_of_table_created_in_same_revision",
        "ban-drop-column",
        "events is created earlier in the same revision: no client can be reading it",
    ),
    (
        "RT315/ok_table_created_in_same_revision",
        "ban-drop-table",
        "scratch is created earlier in the same revision: no client can be using it",
    ),
    (
        "RT316/ok_table_created_in_same_revision",
        "ban-drop-not-null",
        "events is created earlier in the same revision: no client reads it yet",
    ),
    (
        "RT350/not_null_without_default",
        "adding-required-field",
        "reported as RT350 not-null-column-on-existing-table (same hazard, known from the history, any dialect)",
    ),
    (
        "RT308/not_null_column_in_sql",
        "adding-required-field",
        "reported as RT350 not-null-column-on-existing-table (this test turns every RT3 rule on; the case's own pyproject.toml turns RT350 off so that the rule fixture shows RT308)",
    ),
    (
        "RT350/not_null_in_batch",
        "adding-required-field",
        "reported as RT350 not-null-column-on-existing-table (same hazard, known from the history, any dialect)",
    ),
    (
        "RT350/ok_table_created_in_same_revision",
        "adding-required-field",
        "events is created earlier in the same revision: it has no rows",
    ),
    (
        "RT350/ok_table_emptied_first",
        "adding-required-field",
        "`DELETE FROM users` just before empties the table: the new NOT NULL column needs no value",
    ),
    (
        "RT350/ok_table_emptied_by_core_delete",
        "adding-required-field",
        "`op.execute(users.delete())` (no `where`) empties the table just before: the new NOT NULL column needs no value",
    ),
    (
        "RT351/drop_mapped_column",
        "ban-drop-column",
        "reported as RT351 dropping-mapped-object: the model still maps users.score",
    ),
    (
        "RT351/drop_mapped_table",
        "ban-drop-table",
        "reported as RT351 dropping-mapped-object: the model still maps orgs",
    ),
    (
        "RT352/rename_mapped_column",
        "renaming-column",
        "reported as RT352 renaming-mapped-object: the model still maps users.name",
    ),
    (
        "RT310/primary_key_on_existing_table",
        "constraint-missing-not-valid",
        "a primary key cannot be NOT VALID: RT310 reports the lock, with the USING INDEX fix",
    ),
    (
        "RT311/unique_constraint",
        "constraint-missing-not-valid",
        "a unique constraint cannot be NOT VALID: RT311 reports the lock, with the USING INDEX fix",
    ),
    (
        "RT305/foreign_key",
        "constraint-missing-not-valid",
        "squawk reports the ADD CONSTRAINT ... FOREIGN KEY twice, with the same fix: RT305 reports it, RT304 keeps CHECKs",
    ),
    (
        "RT305/foreign_key_in_batch",
        "constraint-missing-not-valid",
        "squawk reports the ADD CONSTRAINT ... FOREIGN KEY twice, with the same fix: RT305 reports it, RT304 keeps CHECKs",
    ),
    (
        "RT304/ok_foreign_key_is_rt305",
        "constraint-missing-not-valid",
        "create_foreign_key, add_column with sa.ForeignKey (Alembic emits ADD CONSTRAINT) and FOREIGN KEY in op.execute: RT305 reports each, RT304 keeps CHECKs",
    ),
    (
        "RT305/not_sqlite_in_dialect_description",
        "constraint-missing-not-valid",
        "squawk reports the ADD CONSTRAINT ... FOREIGN KEY twice, with the same fix: RT305 reports it, RT304 keeps CHECKs",
    ),
    (
        "RT301/ok_unreadable_dialect_test",
        "require-concurrent-index-creation",
        "`if not _is_sqlite(...)` reads the dialect in a way retort cannot evaluate: it does not know which branch PostgreSQL runs, so it reports neither",
    ),
    (
        "RT301/ok_unreadable_dialect_test",
        "require-lock-timeout",
        "`if not _is_sqlite(...)` reads the dialect in a way retort cannot evaluate: it does not know which branch PostgreSQL runs, so it reports neither",
    ),
    (
        "RT301/ok_unreadable_dialect_test",
        "require-statement-timeout",
        "`if not _is_sqlite(...)` reads the dialect in a way retort cannot evaluate: it does not know which branch PostgreSQL runs, so it reports neither",
    ),
    (
        "RT301/ok_guarded_by_inspector",
        "require-concurrent-index-creation",
        "the op runs only if the inspector does not list ix_users_email, which the base revision created: on a database that followed the history it never runs (offline, Alembic cannot ask and writes it)",
    ),
    (
        "RT301/ok_guarded_by_inspector",
        "require-lock-timeout",
        "the guarded op never runs on a database that followed the history (see above), so nothing waits for its lock",
    ),
    (
        "RT301/ok_guarded_by_inspector",
        "require-statement-timeout",
        "the guarded op never runs on a database that followed the history (see above)",
    ),
    (
        "RT302/ok_index_column_dropped_next",
        "require-concurrent-index-deletion",
        "the next op drops users.email, the index's column: PostgreSQL drops the index with it, under the same ACCESS EXCLUSIVE lock in the same transaction",
    ),
    (
        "RT302/ok_table_dropped_later_in_same_dialect_branch",
        "require-concurrent-index-deletion",
        "the same `dialect.name == \"postgresql\"` branch drops users a few lines later, in the same transaction",
    ),
    (
        "RT312/ok_column_added_in_same_revision",
        "renaming-column",
        "display_name_tmp is added earlier in the same revision: no running code knows its name",
    ),
    (
        "RT302/ok_index_column_dropped_in_sql",
        "require-concurrent-index-deletion",
        "the same SQL drops users.email next, the column of both indexes (ix_users_email is index=True's unnamed index, named ix_<table>_<column>): PostgreSQL drops them with it, under the same ACCESS EXCLUSIVE lock in the same transaction",
    ),
    (
        "RT306/ok_numeric_widened_in_sql",
        "changing-column-type",
        "numeric(8,2) to numeric(11,2) (more digits, same scale; USING price::numeric(11,2) is the cast PostgreSQL makes anyway) changes only the catalog: no rewrite. orders.price is Numeric(8, 2) in the replay; payments.amount, older than the history, is numeric(8, 2) by downgrade()'s account",
    ),
    (
        "RT302/ok_index_renamed_in_sql_then_column_dropped",
        "require-concurrent-index-deletion",
        "ix_users__email is ix_users_email (on users.email) renamed by ALTER INDEX in op.execute, which the replay follows: the next op drops users.email, and PostgreSQL drops the index with it, under the same lock",
    ),
    (
        "RT302/ok_table_locked_earlier",
        "require-concurrent-index-deletion",
        "the column rename just before takes ACCESS EXCLUSIVE on users, held until the migration commits: the plain DROP INDEX blocks nothing more",
    ),
    (
        "RT302/ok_table_dropped_later",
        "require-concurrent-index-deletion",
        "the same revision drops users right after, under the same ACCESS EXCLUSIVE lock in the same transaction: dropping its index concurrently gains nothing",
    ),
    (
        "RT309/ok_sql_value_function_default",
        "adding-field-with-default",
        "LOCALTIMESTAMP, CURRENT_DATE and CURRENT_USER are STABLE: PostgreSQL 11+ adds the default without a rewrite (squawk only knows CURRENT_TIMESTAMP and now())",
    ),
    (
        "RT316/ok_already_nullable",
        "ban-drop-not-null",
        "users.email is nullable in the base revision, legacy.note says existing_nullable=True: DROP NOT NULL changes nothing",
    ),
    (
        "safety/render-postgresql",
        "constraint-missing-not-valid",
        "uq_orgs_name is a unique constraint, which cannot be NOT VALID: RT311 reports it",
    ),
    (
        "safety/render-postgresql",
        "changing-column-type",
        "user.nickname VARCHAR(30) -> VARCHAR(60) in batch_alter_table: widening, no rewrite",
    ),
];

/// Statements of Alembic's SQL that retort writes differently: (case, Alembic's
/// statement, why).
const RENDERING_DIFFERS: &[(&str, &str, &str)] = &[
    (
        "RT306/ok_same_type_again",
        "CREATE TABLE users (id BIGINT GENERATED BY DEFAULT AS IDENTITY, email TEXT, name VARCHAR(50), login VARCHAR(512) NOT NULL, org_id BIGINT, score INTEGER, PRIMARY KEY (id))",
        "`AppTypes.UniqueText`, a class attribute of the project's own, is not read: retort writes it as the quoted name \"UniqueText\"",
    ),
    (
        "RT306/ok_same_type_again",
        "ALTER TABLE users ALTER COLUMN login TYPE VARCHAR(512)",
        "the same project type, written as the quoted name \"UniqueText\"",
    ),
    (
        "RT334/ok_project_type_named_timestamp",
        "ALTER TABLE users ADD COLUMN seen_at TIMESTAMP WITH TIME ZONE",
        "a project's TypeDecorator is not read: retort writes it as the quoted name \"Timestamp\", which no type rule can take for TIMESTAMP",
    ),
    (
        "RT301/ok_unreadable_dialect_test",
        "CREATE INDEX ix_users_login ON users (login)",
        "`if not _is_sqlite(...)` reads the dialect in a way retort cannot evaluate: it does not know which branch PostgreSQL runs, so it reports neither",
    ),
];

/// The squawk CLI as npm installs it (`@squawk-cli/linux-x64`, the binary the
/// `squawk-cli` package runs on this platform).
fn squawk() -> Option<PathBuf> {
    let path = common::repo_root().join(".ci/npm/node_modules/@squawk-cli/linux-x64/bin/squawk");
    common::require_tool(
        "the squawk CLI (npm @squawk-cli/linux-x64, `npm ci --prefix .ci/npm`)",
        path.is_file().then_some(path),
    )
}

/// `testdata/rules/RT3*/<case>` directories, as `RT3xx/<case>` names and paths.
fn cases() -> Vec<(String, PathBuf)> {
    let root = common::repo_root().join("testdata/rules");
    let mut out = Vec::new();
    for code in std::fs::read_dir(&root).unwrap() {
        let code = code.unwrap().path();
        let code_name = code.file_name().unwrap().to_string_lossy().into_owned();
        if !code_name.starts_with("RT3") {
            continue;
        }
        for case in std::fs::read_dir(&code).unwrap() {
            let case = case.unwrap().path();
            // A case on another database (RT350 on MySQL) is not about PostgreSQL's SQL.
            let ini = std::fs::read_to_string(case.join("alembic.ini")).unwrap_or_default();
            let env = std::fs::read_to_string(case.join("env.py"))
                .unwrap_or_default()
                .to_lowercase();
            if ini.contains("sqlalchemy.url = mysql")
                || ini.contains("sqlalchemy.url = sqlite")
                || (env.contains("mysql") && !env.contains("postgres"))
            {
                continue;
            }
            if case.is_dir() {
                let name = format!(
                    "{code_name}/{}",
                    case.file_name().unwrap().to_string_lossy()
                );
                out.push((name, case));
            }
        }
    }
    out.sort();
    // A project whose revisions use many op forms, types and options: mostly there to
    // compare retort's SQL with Alembic's.
    out.push((
        "safety/render-postgresql".to_owned(),
        common::repo_root().join("testdata/safety/render-postgresql"),
    ));
    out
}

/// Alembic's SQL without its `alembic_version` bookkeeping and `--` comments, as the
/// statements' texts.
fn alembic_statements(sql: &str) -> Vec<String> {
    let script = retort::sql::parse(sql);
    script
        .statements
        .iter()
        .map(|s| sql[s.span.clone()].to_owned())
        .filter(|s| !s.contains("alembic_version"))
        .collect()
}

fn normalise(statement: &str) -> String {
    statement
        .trim()
        .trim_end_matches(';')
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .replace("( ", "(")
        .replace(" )", ")")
}

#[test]
fn safety_rules_agree_with_alembic_and_squawk() {
    let (Some(python), Some(squawk)) = (common::python(), squawk()) else {
        return;
    };
    let cases = cases();
    assert!(cases.len() > 40, "{} cases", cases.len());
    let work = tempfile::tempdir().unwrap();

    // 1. Alembic's SQL for every revision of every case, in one process.
    let oracle = Command::new(&python)
        .arg(common::repo_root().join("tests/oracle/alembic_sql.py"))
        .arg(work.path())
        .args(cases.iter().map(|(_, path)| path))
        .output()
        .unwrap();
    assert!(
        oracle.status.success(),
        "alembic_sql.py failed:\n{}",
        String::from_utf8_lossy(&oracle.stderr)
    );
    let alembic: HashMap<String, BTreeMap<String, String>> =
        serde_json::from_slice(&oracle.stdout).unwrap();

    // 2. squawk on each revision's SQL (bookkeeping left out), one run per PostgreSQL
    // version the cases assume.
    let sql_dir = work.path().join("sql");
    std::fs::create_dir(&sql_dir).unwrap();
    let mut files_by_version: BTreeMap<String, Vec<PathBuf>> = BTreeMap::new();
    let mut file_key: HashMap<PathBuf, (String, String)> = HashMap::new();
    let mut analyses = HashMap::new();
    for (n, (name, path)) in cases.iter().enumerate() {
        let analysis = retort::load(&retort::Target {
            paths: vec![path.clone()],
            ..retort::Target::default()
        })
        .unwrap()
        .remove(0);
        let version = analysis
            .config
            .options
            .postgresql_version
            .clone()
            .unwrap_or_else(|| "15".to_owned());
        let revisions = &alembic[&path.to_string_lossy().into_owned()];
        for (rev, sql) in revisions {
            let file = sql_dir.join(format!("{n}_{rev}.sql"));
            std::fs::write(&file, alembic_statements(sql).join("\n\n") + "\n").unwrap();
            files_by_version
                .entry(version.clone())
                .or_default()
                .push(file.clone());
            file_key.insert(file, (name.clone(), rev.clone()));
        }
        analyses.insert(name.clone(), analysis);
    }
    let mut squawk_found: BTreeMap<(String, String), Vec<String>> = BTreeMap::new();
    for (version, files) in &files_by_version {
        let out = Command::new(&squawk)
            .args(["--reporter", "json", "--include", "require-table-schema"])
            .arg(format!("--pg-version={version}"))
            .args(files)
            .output()
            .unwrap();
        let violations: Vec<serde_json::Value> = serde_json::from_slice(&out.stdout)
            .unwrap_or_else(|e| {
                panic!(
                    "squawk output is not JSON ({e}):\n{}\n{}",
                    String::from_utf8_lossy(&out.stdout),
                    String::from_utf8_lossy(&out.stderr)
                )
            });
        for v in violations {
            let file = PathBuf::from(v["file"].as_str().unwrap());
            let key = file_key[&file].clone();
            squawk_found
                .entry(key)
                .or_default()
                .push(v["rule_name"].as_str().unwrap().to_owned());
        }
    }

    // 3. retort, every RT3xx rule on, every revision reported; and its own SQL.
    let mut retort_found: BTreeMap<(String, String), Vec<String>> = BTreeMap::new();
    let mut rendering_problems = Vec::new();
    let mut statements_compared = 0;
    for (name, analysis) in &analyses {
        let selection = retort::Selection {
            select: Some(vec!["RT3".to_owned()]),
            ..Default::default()
        };
        let mut settings = retort::rule_settings(&analysis.config, &selection);
        settings.all_revisions = true;
        let id_of: HashMap<&Path, &str> = analysis
            .files
            .iter()
            .map(|f| (f.source.path.as_path(), f.id().unwrap()))
            .collect();
        for d in retort::lint(analysis, &settings) {
            let rule = retort::rules::lookup(d.code).unwrap();
            if rule.code >= "RT350" {
                continue; // native: no squawk counterpart
            }
            let rev = id_of[d.location.as_ref().unwrap().fs_path.as_path()];
            retort_found
                .entry((name.clone(), rev.to_owned()))
                .or_default()
                .push(rule.name.to_owned());
        }
        let case_path = &cases.iter().find(|(n, _)| n == name).unwrap().1;
        let alembic_sql = &alembic[&case_path.to_string_lossy().into_owned()];
        for file in &analysis.files {
            let rev = file.id().unwrap();
            let ops = &file.upgrade.as_ref().unwrap().body.ops;
            let rendered = retort::schema::render::render_upgrade(ops);
            let ours: Vec<String> = retort::sql::parse(&rendered.text)
                .statements
                .iter()
                .map(|s| normalise(&rendered.text[s.span.clone()]))
                .filter(|s| !s.is_empty())
                .collect();
            let theirs: Vec<String> = alembic_statements(&alembic_sql[rev])
                .iter()
                .map(|s| normalise(s))
                .collect();
            statements_compared += theirs.len();
            for statement in &theirs {
                if !ours.contains(statement)
                    && !RENDERING_DIFFERS
                        .iter()
                        .any(|(c, s, _)| c == name && normalise(s) == *statement)
                {
                    rendering_problems.push(format!(
                        "{name} {rev}: Alembic writes `{statement}`; retort wrote:\n    {}",
                        ours.join(";\n    ")
                    ));
                }
            }
            for statement in &ours {
                // A case listed in RENDERING_DIFFERS writes its listed statement its own way.
                if !theirs.contains(statement)
                    && !RENDERING_DIFFERS.iter().any(|(c, _, _)| c == name)
                {
                    rendering_problems.push(format!(
                        "{name} {rev}: retort writes `{statement}`, which Alembic does not"
                    ));
                }
            }
        }
    }

    // 4. Compare, per revision, by rule name.
    let mut keys: Vec<(String, String)> = squawk_found.keys().cloned().collect();
    keys.extend(retort_found.keys().cloned());
    keys.sort();
    keys.dedup();
    let (mut agreed, mut explained, mut problems) = (0, Vec::new(), Vec::new());
    for key in &keys {
        let mut theirs = squawk_found.get(key).cloned().unwrap_or_default();
        let mut ours = retort_found.get(key).cloned().unwrap_or_default();
        theirs.sort();
        ours.sort();
        let mut only_squawk = theirs.clone();
        for rule in &ours {
            if let Some(i) = only_squawk.iter().position(|r| r == rule) {
                only_squawk.remove(i);
                agreed += 1;
            } else {
                problems.push(format!(
                    "{} {}: retort reports `{rule}`, squawk does not",
                    key.0, key.1
                ));
            }
        }
        for rule in only_squawk {
            match KNOWN_BETTER
                .iter()
                .find(|(case, r, _)| *case == key.0 && *r == rule)
            {
                Some((_, _, why)) => explained.push(format!("{} {}: {rule}: {why}", key.0, key.1)),
                None => problems.push(format!(
                    "{} {}: squawk reports `{rule}`, retort does not",
                    key.0, key.1
                )),
            }
        }
    }
    for (case, rule, _) in KNOWN_BETTER {
        assert!(
            explained
                .iter()
                .any(|e| e.starts_with(&format!("{case} ")) && e.contains(&format!(": {rule}: "))),
            "KNOWN_BETTER lists {case} {rule}, but that difference does not occur any more"
        );
    }
    let rules: std::collections::BTreeSet<&str> = cases
        .iter()
        .map(|(n, _)| n.split('/').next().unwrap())
        .collect();
    println!(
        "{} rules, {} fixture projects, {} revisions, {statements_compared} Alembic statements compared; \
         {agreed} findings agree with squawk, {} differ as listed (retort knows better):",
        rules.len(),
        cases.len(),
        file_key.len(),
        explained.len()
    );
    for e in &explained {
        println!("  {e}");
    }
    assert!(
        problems.is_empty() && rendering_problems.is_empty(),
        "{} finding differences, {} rendering differences:\n{}\n{}",
        problems.len(),
        rendering_problems.len(),
        problems.join("\n"),
        rendering_problems.join("\n")
    );
}
