//! Reading SQL text into statements: each with its byte span, what kind of statement
//! it is, and the relation it acts on. The parse tree stays in this file.

use std::ops::Range;

use squawk_syntax::ast::{self, AstNode};

use super::Script;

/// A parse problem: the parser's message and where.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SyntaxError {
    pub message: String,
    pub span: Range<usize>,
}

/// A table or index name as a statement writes it: unquoted parts folded to lower case
/// (as PostgreSQL does), quoted parts kept as written without their quotes.
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct ObjectName {
    pub schema: Option<String>,
    pub name: String,
}

impl std::fmt::Display for ObjectName {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match &self.schema {
            Some(schema) => write!(f, "{schema}.{}", self.name),
            None => f.write_str(&self.name),
        }
    }
}

/// What a statement does, coarsely: enough to tell schema changes from data changes
/// and to know which statements the safety rules look at.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum StatementKind {
    /// `CREATE TABLE` (also `CREATE TABLE ... AS`, `SELECT ... INTO`).
    CreateTable,
    /// `ALTER TABLE` in all its forms (`RENAME TO`, `ADD/DROP/RENAME COLUMN`,
    /// constraints, `ALTER COLUMN`).
    AlterTable,
    DropTable,
    CreateIndex,
    DropIndex,
    /// `ALTER INDEX` (rename, set tablespace, ...).
    AlterIndex,
    /// `CREATE`/`ALTER`/`DROP` of an object that holds no table columns: a view, type,
    /// function, sequence, extension, schema, trigger, domain, policy, role, ...
    OtherDdl,
    /// `INSERT`, `UPDATE`, `DELETE`, `MERGE`, `SELECT`, `VALUES`, `COPY`, `TRUNCATE`:
    /// rows change, the schema does not.
    Data,
    /// `BEGIN`, `COMMIT`, `ROLLBACK`, savepoints, `PREPARE TRANSACTION`.
    Transaction,
    /// `SET`, `RESET`, `SHOW`, `LOCK`, `DISCARD`: session state and locks.
    Session,
    /// `GRANT`, `REVOKE`, `COMMENT ON`, `SECURITY LABEL`, `REASSIGN`, `DROP OWNED`.
    Privileges,
    /// `ANALYZE`, `VACUUM`, `CLUSTER`, `REINDEX`, `REFRESH MATERIALIZED VIEW`,
    /// `CHECKPOINT`, `NOTIFY`, `LISTEN`.
    Maintenance,
    /// `DO`, `CALL`, `EXECUTE`: runs code whose effect the text does not show.
    Procedural,
    /// Anything else, including text the parser could not read as a statement.
    Other,
}

impl StatementKind {
    /// Whether the statement can change which tables, columns or indexes exist.
    /// `Procedural` and `Other` count: their effect is unknown.
    pub fn may_change_schema(self) -> bool {
        matches!(
            self,
            StatementKind::CreateTable
                | StatementKind::AlterTable
                | StatementKind::DropTable
                | StatementKind::CreateIndex
                | StatementKind::DropIndex
                | StatementKind::AlterIndex
                | StatementKind::Procedural
                | StatementKind::Other
        )
    }
}

/// One statement of a script.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Statement {
    /// Byte range in the text, from the first keyword to the end of the statement
    /// (its `;` included when there is one); leading comments and blanks are outside.
    pub span: Range<usize>,
    pub kind: StatementKind,
    /// The table the statement acts on (for `CREATE INDEX`, the indexed table; for
    /// `DROP TABLE a, b`, `a`); for `DROP INDEX`, the first index named.
    pub target: Option<ObjectName>,
    /// `DELETE FROM t` without `WHERE`, or `TRUNCATE t`: the statement leaves `target`
    /// without rows.
    pub empties_target: bool,
}

impl Statement {
    /// The whole of a text the parser gave up on, as one statement of unknown kind.
    fn unreadable(sql: &str) -> Statement {
        let start = sql.len() - sql.trim_start().len();
        Statement {
            span: start..sql.trim_end().len().max(start),
            kind: StatementKind::Other,
            target: None,
            empties_target: false,
        }
    }
}

/// Read SQL text into statements. Never fails: text the parser cannot read becomes
/// `StatementKind::Other` statements plus `errors`.
pub fn parse(sql: &str) -> Script {
    let Some(parse) = super::guarded(|| ast::SourceFile::parse(sql)) else {
        // The parser gave up: one `Other` statement over the whole text, and an error.
        return Script {
            statements: vec![Statement::unreadable(sql)],
            errors: vec![SyntaxError {
                message: "the SQL parser could not read this text".to_owned(),
                span: 0..sql.len(),
            }],
        };
    };
    let errors = parse
        .errors()
        .into_iter()
        .map(|e| {
            let r = e.range();
            SyntaxError {
                message: e.message().to_owned(),
                span: usize::from(r.start())..usize::from(r.end()),
            }
        })
        .collect();
    let file = parse.tree();
    let statements = file
        .stmts()
        .filter(|stmt| !matches!(stmt, ast::Stmt::EmptyStmt(_)))
        .map(|stmt| {
            let (kind, mut target) = classify(&stmt);
            let empties_target = match &stmt {
                ast::Stmt::Delete(d) => {
                    target = first_path(d.syntax());
                    !d.syntax()
                        .descendants()
                        .any(|n| n.kind() == squawk_syntax::SyntaxKind::WHERE_CLAUSE)
                }
                ast::Stmt::Truncate(t) => {
                    target = first_path(t.syntax());
                    true
                }
                _ => false,
            };
            Statement {
                span: statement_span(stmt.syntax()),
                kind,
                target,
                empties_target,
            }
        })
        .collect();
    Script { statements, errors }
}

/// The node's range without leading trivia (comments, blanks).
pub(super) fn statement_span(node: &squawk_syntax::SyntaxNode) -> Range<usize> {
    let whole = node.text_range();
    let start = node
        .children_with_tokens()
        .find(|t| !t.kind().is_trivia())
        .map(|t| t.text_range().start())
        .unwrap_or(whole.start());
    usize::from(start)..usize::from(whole.end())
}

fn classify(stmt: &ast::Stmt) -> (StatementKind, Option<ObjectName>) {
    use StatementKind as K;
    use ast::Stmt as S;
    match stmt {
        S::CreateTable(s) => (
            K::CreateTable,
            s.table_name()
                .and_then(|t| t.path())
                .map(|p| name(p.syntax())),
        ),
        S::CreateTableAs(s) => (K::CreateTable, first_path(s.syntax())),
        S::SelectInto(s) => (K::CreateTable, first_path(s.syntax())),
        S::AlterTable(s) => (
            K::AlterTable,
            s.table_relation_name()
                .and_then(|r| r.table_name_ref())
                .and_then(|t| t.path_ref())
                .map(|p| name(p.syntax())),
        ),
        S::DropTable(s) => (
            K::DropTable,
            s.table_name_refs()
                .next()
                .and_then(|t| t.path_ref())
                .map(|p| name(p.syntax())),
        ),
        S::CreateIndex(s) => (
            K::CreateIndex,
            s.table_relation_name()
                .and_then(|r| r.table_name_ref())
                .and_then(|t| t.path_ref())
                .map(|p| name(p.syntax())),
        ),
        S::DropIndex(s) => (
            K::DropIndex,
            s.index_refs().next().and_then(|i| first_path(i.syntax())),
        ),
        S::AlterIndex(s) => (K::AlterIndex, first_path(s.syntax())),
        S::Insert(_)
        | S::Update(_)
        | S::Delete(_)
        | S::Merge(_)
        | S::Select(_)
        | S::CompoundSelect(_)
        | S::ParenSelect(_)
        | S::Values(_)
        | S::Table(_)
        | S::Copy(_)
        | S::Truncate(_)
        | S::Explain(_)
        | S::Declare(_)
        | S::Fetch(_)
        | S::Move(_)
        | S::Close(_)
        | S::Prepare(_)
        | S::Deallocate(_) => (K::Data, None),
        S::Begin(_)
        | S::Commit(_)
        | S::Rollback(_)
        | S::SavepointCreate(_)
        | S::ReleaseSavepoint(_)
        | S::PrepareTransaction(_)
        | S::SetTransaction(_)
        | S::SetConstraints(_) => (K::Transaction, None),
        S::Set(_)
        | S::Reset(_)
        | S::Show(_)
        | S::Lock(_)
        | S::Discard(_)
        | S::SetRole(_)
        | S::ResetRole(_)
        | S::SetSessionAuth(_)
        | S::ResetSessionAuth(_)
        | S::Load(_) => (K::Session, None),
        S::Grant(_)
        | S::Revoke(_)
        | S::CommentOn(_)
        | S::SecurityLabel(_)
        | S::Reassign(_)
        | S::DropOwned(_)
        | S::AlterDefaultPrivileges(_) => (K::Privileges, None),
        S::Analyze(_)
        | S::Vacuum(_)
        | S::Cluster(_)
        | S::Reindex(_)
        | S::Refresh(_)
        | S::Repack(_)
        | S::Checkpoint(_)
        | S::Notify(_)
        | S::Listen(_)
        | S::Unlisten(_) => (K::Maintenance, None),
        S::Do(_) | S::Call(_) | S::Execute(_) => (K::Procedural, None),
        S::EmptyStmt(_) => (K::Other, None),
        other => {
            // Every remaining statement is CREATE/ALTER/DROP of some other object.
            let first = other
                .syntax()
                .children_with_tokens()
                .find(|t| !t.kind().is_trivia())
                .map(|t| t.kind());
            match first {
                Some(
                    squawk_syntax::SyntaxKind::CREATE_KW
                    | squawk_syntax::SyntaxKind::ALTER_KW
                    | squawk_syntax::SyntaxKind::DROP_KW
                    | squawk_syntax::SyntaxKind::IMPORT_KW,
                ) => (K::OtherDdl, None),
                _ => (K::Other, None),
            }
        }
    }
}

/// The first dotted name (`schema.table`) inside a node.
fn first_path(node: &squawk_syntax::SyntaxNode) -> Option<ObjectName> {
    node.descendants()
        .find(|n| {
            matches!(
                n.kind(),
                squawk_syntax::SyntaxKind::PATH | squawk_syntax::SyntaxKind::PATH_REF
            )
        })
        .map(|n| name(&n))
}

/// `schema.table`, `"Quoted"`, `public."T"` as an `ObjectName`.
pub(super) fn name(path: &squawk_syntax::SyntaxNode) -> ObjectName {
    let text = path.text().to_string();
    let mut parts = split_dotted(&text);
    let name = parts.pop().unwrap_or_default();
    ObjectName {
        schema: parts.pop(),
        name,
    }
}

/// Split on dots outside double quotes; unquote quoted parts and fold the others.
fn split_dotted(text: &str) -> Vec<String> {
    let mut parts = Vec::new();
    let mut current = String::new();
    let mut quoted = false;
    let mut in_quotes = false;
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '"' if in_quotes && chars.peek() == Some(&'"') => {
                chars.next();
                current.push('"');
            }
            '"' => {
                in_quotes = !in_quotes;
                quoted = true;
            }
            '.' if !in_quotes => {
                parts.push(finish(&mut current, quoted));
                quoted = false;
            }
            c if c.is_whitespace() && !in_quotes => {}
            c => current.push(c),
        }
    }
    parts.push(finish(&mut current, quoted));
    parts
}

fn finish(current: &mut String, quoted: bool) -> String {
    let part = std::mem::take(current);
    if quoted { part } else { part.to_lowercase() }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kinds(sql: &str) -> Vec<(StatementKind, Option<String>)> {
        parse(sql)
            .statements
            .into_iter()
            .map(|s| (s.kind, s.target.map(|t| t.to_string())))
            .collect()
    }

    #[test]
    fn statement_kinds_and_targets() {
        use StatementKind as K;
        let some = |s: &str| Some(s.to_owned());
        assert_eq!(
            kinds(
                "CREATE TABLE Users (id int);\n\
                 ALTER TABLE public.\"Users\" RENAME TO people;\n\
                 alter table if exists only audit.log add column x int;\n\
                 DROP TABLE a, b CASCADE;\n\
                 CREATE UNIQUE INDEX CONCURRENTLY ix ON s.t (email) WHERE x > 1;\n\
                 DROP INDEX CONCURRENTLY IF EXISTS s.ix;\n\
                 ALTER INDEX ix RENAME TO iy;\n\
                 UPDATE users SET x = 1;\n\
                 INSERT INTO t VALUES (1);\n\
                 BEGIN; COMMIT;\n\
                 SET lock_timeout = '2s';\n\
                 CREATE TYPE mood AS ENUM ('a');\n\
                 DO $$ BEGIN END $$;\n\
                 GRANT SELECT ON t TO r;\n\
                 VACUUM t;"
            ),
            vec![
                (K::CreateTable, some("users")),
                (K::AlterTable, some("public.Users")),
                (K::AlterTable, some("audit.log")),
                (K::DropTable, some("a")),
                (K::CreateIndex, some("s.t")),
                (K::DropIndex, some("s.ix")),
                (K::AlterIndex, some("ix")),
                (K::Data, None),
                (K::Data, None),
                (K::Transaction, None),
                (K::Transaction, None),
                (K::Session, None),
                (K::OtherDdl, None),
                (K::Procedural, None),
                (K::Privileges, None),
                (K::Maintenance, None),
            ]
        );
    }

    #[test]
    fn spans_cover_each_statement_without_leading_comments() {
        let sql = "-- first\nCREATE TABLE t (id int);\n\n/* c */ DROP TABLE t";
        let script = parse(sql);
        let texts: Vec<&str> = script
            .statements
            .iter()
            .map(|s| &sql[s.span.clone()])
            .collect();
        assert_eq!(texts, ["CREATE TABLE t (id int);", "DROP TABLE t"]);
        assert!(script.errors.is_empty());
        assert_eq!(
            script.statement_at(sql.find("DROP").unwrap()).unwrap().kind,
            StatementKind::DropTable
        );
    }

    #[test]
    fn unreadable_text_is_reported_not_fatal() {
        let script = parse("ALTER TABLE t ADD COLUMN;\nSELEC 1;");
        assert!(!script.errors.is_empty());
        assert!(!script.statements.is_empty());
        for e in &script.errors {
            assert!(e.span.end <= "ALTER TABLE t ADD COLUMN;\nSELEC 1;".len());
        }
    }

    #[test]
    fn statements_that_empty_a_table() {
        let script = parse(
            "delete from dag_code; DELETE FROM t WHERE id = 1; TRUNCATE audit.log, x; INSERT INTO t VALUES (1)",
        );
        let empties: Vec<(bool, Option<String>)> = script
            .statements
            .iter()
            .map(|s| (s.empties_target, s.target.as_ref().map(|t| t.to_string())))
            .collect();
        assert_eq!(
            empties,
            [
                (true, Some("dag_code".to_owned())),
                (false, Some("t".to_owned())),
                (true, Some("audit.log".to_owned())),
                (false, None),
            ]
        );
        assert!(
            script
                .statements
                .iter()
                .all(|s| s.kind == StatementKind::Data)
        );
    }

    #[test]
    fn schema_changes() {
        assert!(!StatementKind::Data.may_change_schema());
        assert!(StatementKind::AlterTable.may_change_schema());
        assert!(StatementKind::Procedural.may_change_schema());
    }
}
