//! SQL as `op.execute()` carries it: the statement splitter, the schema effects the
//! replay applies, and squawk's rules, on any text: no panic.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|sql: &str| {
    let script = retort::sql::parse(sql);
    for statement in &script.statements {
        assert!(statement.span.start <= statement.span.end && statement.span.end <= sql.len());
    }
    let _ = retort::sql::schema_ops(sql, retort::source::Span::new(0, 0));
    let _ = retort::sql::lint(
        sql,
        retort::sql::SQUAWK_RULES,
        &retort::sql::LintOptions {
            assume_in_transaction: true,
            pg_version: None,
        },
    );
});
