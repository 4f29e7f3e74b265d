//! The SQL front end: the only module that touches the SQL parser (`squawk-syntax`) and
//! squawk's PostgreSQL rules (`squawk-linter`), as `python/` fences the Python parser.
//! It reads SQL text (an `op.execute(...)` string, or the DDL `schema::render` writes
//! for a revision) into statements with byte spans in our own types, and runs squawk's
//! rules on it. Nothing outside this folder sees a squawk type; see
//! docs/adr/0002-sql-front-end.md.

mod effect;
mod lint;
mod statement;

pub use effect::schema_ops;
pub use lint::{LintOptions, Prepared, SQUAWK_RULES, Violation, lint};
pub use statement::{ObjectName, Statement, StatementKind, SyntaxError, parse};

/// Run `f`, a call into squawk's parser or rules, and return `None` if it panics.
/// squawk-parser 2.66 gave up on some texts with a panic ("the parser seems stuck",
/// found by the fuzz smoke; 2.68, which Cargo.lock holds, reads them): should a version
/// do so again, retort treats that SQL as unreadable instead of crashing. The panic
/// message is not printed; any other panic still is.
fn guarded<R>(f: impl FnOnce() -> R) -> Option<R> {
    use std::cell::Cell;
    thread_local! {
        static QUIET: Cell<bool> = const { Cell::new(false) };
    }
    static HOOK: std::sync::Once = std::sync::Once::new();
    HOOK.call_once(|| {
        let previous = std::panic::take_hook();
        std::panic::set_hook(Box::new(move |info| {
            if !QUIET.with(Cell::get) {
                previous(info);
            }
        }));
    });
    let was = QUIET.with(|q| q.replace(true));
    let result = std::panic::catch_unwind(std::panic::AssertUnwindSafe(f));
    QUIET.with(|q| q.set(was));
    result.ok()
}

/// One SQL text read statement by statement.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Script {
    /// In source order. Empty statements (a stray `;`) are left out.
    pub statements: Vec<Statement>,
    /// What the parser could not read, with where. The statements are still there
    /// (the parser recovers), but a statement with an error may be misclassified.
    pub errors: Vec<SyntaxError>,
}

impl Script {
    /// The statement whose span holds byte `offset` (or the first one after it, when
    /// the offset falls between statements).
    pub fn statement_at(&self, offset: usize) -> Option<&Statement> {
        let i = self.statements.partition_point(|s| s.span.end <= offset);
        self.statements.get(i)
    }
}
