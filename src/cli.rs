//! The command line (clap derive). Parsing only: `main.rs` turns these into calls.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};

#[derive(Debug, Parser)]
#[command(
    name = "retort",
    version,
    about = "A fast static linter for Alembic migration histories",
    long_about = "retort reads Alembic revision files without importing them or touching a database, \
builds the revision graph and reports what would break `alembic upgrade`."
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Check a project's revision history (default: the project around the current directory).
    #[command(mut_arg("versions", |a| a.help(
        "Lint the revision files in this directory instead of the configured version locations (repeatable); the settings still come from the project around it"
    )))]
    Lint(LintArgs),
    /// Print a rule's documentation, or list every rule with --all.
    Rule(RuleArgs),
    /// Print the head revisions.
    #[command(mut_arg("versions", |a| a.help(
        "Print the heads of the revision files in this directory instead of the configured version locations (repeatable)"
    )))]
    Heads(FactsArgs),
    /// Print the revision graph (text, JSON), or draw it (Mermaid, Graphviz DOT).
    #[command(mut_arg("versions", |a| a.help(
        "Show the graph of the revision files in this directory instead of the configured version locations (repeatable)"
    )))]
    Graph(GraphArgs),
    /// Write a merge revision joining heads, as `alembic merge` would (default: all heads).
    Merge(MergeArgs),
    /// Print the schema replayed from the migrations, at every head (or one revision).
    #[command(mut_arg("versions", |a| a.help(
        "Replay the revision files in this directory instead of the configured version locations (repeatable)"
    )))]
    Schema(SchemaArgs),
    /// Compare a live database with the history (reads only).
    #[command(subcommand)]
    Db(DbCommand),
}

#[derive(Debug, Subcommand)]
pub enum DbCommand {
    /// Compare the database's version table and schema with the history, name the
    /// revision the database really matches, and print the commands that bring the two
    /// back in step. Reads only: one read-only transaction, with timeouts.
    Check(DbCheckArgs),
}

#[derive(Debug, Args)]
pub struct DbCheckArgs {
    /// The project: its root or a directory inside it (default: the current directory).
    pub path: Option<PathBuf>,
    /// The database, as a SQLAlchemy URL (`postgresql://user@host/db`,
    /// `sqlite:///app.db`). Default: $RETORT_DATABASE_URL, else `sqlalchemy.url` in
    /// alembic.ini. Prefer the variable: a password given here is visible to other users
    /// of the machine.
    #[arg(long, value_name = "URL")]
    pub url: Option<String>,
    /// Output format (the repair plan is data in `json`).
    #[arg(long, value_enum, default_value_t = LintFormat::Text)]
    pub format: LintFormat,
    /// Read this section of alembic.ini instead of [alembic], as `alembic --name`.
    #[arg(long, short = 'n', value_name = "SECTION")]
    pub name: Option<String>,
    /// The version table's name (default: `[tool.retort] version-table`, env.py's
    /// `version_table=`, else alembic_version).
    #[arg(long, value_name = "NAME")]
    pub version_table: Option<String>,
    /// The version table's schema (default: the connection's default schema).
    #[arg(long, value_name = "SCHEMA")]
    pub version_table_schema: Option<String>,
    /// Give up connecting (TCP, TLS and login) after this long.
    #[arg(long, value_name = "SECONDS", default_value_t = 10.0)]
    pub connect_timeout: f64,
    /// Give up on any one query after this long (PostgreSQL's statement_timeout; for
    /// SQLite the whole read).
    #[arg(long, value_name = "SECONDS", default_value_t = 30.0)]
    pub statement_timeout: f64,
    /// Turn rules off (e.g. RT402 before a deploy). Comma-separated.
    #[arg(long, value_delimiter = ',', value_name = "RULES")]
    pub ignore: Vec<String>,
    /// Write the report to this file instead of standard output.
    #[arg(long, short = 'o', value_name = "FILE")]
    pub output: Option<std::path::PathBuf>,
    /// Exit 0 even when there are findings.
    #[arg(long)]
    pub exit_zero: bool,
    /// Colour in text output.
    #[arg(long, value_enum, default_value_t = Color::Auto)]
    pub color: Color,
}

#[derive(Debug, Args)]
pub struct SchemaArgs {
    #[command(flatten)]
    pub target: TargetArgs,
    #[arg(long, value_enum, default_value_t = FactsFormat::Text)]
    pub format: FactsFormat,
    /// The schema after this revision instead of at every head.
    #[arg(long, value_name = "REV")]
    pub revision: Option<String>,
    /// Print the SQLAlchemy model as retort reads it (tables, columns, what it could not
    /// resolve) instead of the replayed schema.
    #[arg(long, conflicts_with = "revision")]
    pub model: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum LintFormat {
    Text,
    Json,
    /// SARIF 2.1.0, for GitHub code scanning and other review tools.
    Sarif,
    /// GitHub Actions workflow commands: annotations on the pull request.
    Github,
    /// One `path:line:col: CODE message` line per finding.
    Concise,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum FactsFormat {
    Text,
    Json,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Color {
    Auto,
    Always,
    Never,
}

#[derive(Debug, Args)]
pub struct TargetArgs {
    /// A project (its root, any directory inside it, a Flask application's root), a
    /// directory of revision files, or revision files.
    pub paths: Vec<PathBuf>,
    // Each subcommand words this help for itself (`mut_arg` in `Command`).
    /// Read the revision files in this directory instead of the configured version
    /// locations (repeatable).
    #[arg(long, value_name = "DIR", conflicts_with = "paths")]
    pub versions: Vec<PathBuf>,
    /// Read this section of alembic.ini instead of [alembic], as `alembic --name`.
    #[arg(long, short = 'n', value_name = "SECTION")]
    pub name: Option<String>,
}

#[derive(Debug, Args)]
pub struct LintArgs {
    #[command(flatten)]
    pub target: TargetArgs,
    /// Output format.
    #[arg(long, value_enum, default_value_t = LintFormat::Text)]
    pub format: LintFormat,
    /// Only these rules (codes, code prefixes such as RT1, names, or ALL). Comma-separated.
    #[arg(long, value_delimiter = ',', value_name = "RULES")]
    pub select: Option<Vec<String>>,
    /// Add rules to the selection. Comma-separated.
    #[arg(long, value_delimiter = ',', value_name = "RULES")]
    pub extend_select: Vec<String>,
    /// Turn rules off. Comma-separated.
    #[arg(long, value_delimiter = ',', value_name = "RULES")]
    pub ignore: Vec<String>,
    /// Write the report to this file instead of standard output.
    #[arg(long, short = 'o', value_name = "FILE")]
    pub output: Option<std::path::PathBuf>,
    /// Exit 0 even when there are findings.
    #[arg(long)]
    pub exit_zero: bool,
    /// Lint the history as it will be after merging into this git ref (e.g. origin/main):
    /// revision files added there are read from git and joined to the working tree's.
    #[arg(long, value_name = "REF")]
    pub base: Option<String>,
    /// Colour in text output.
    #[arg(long, value_enum, default_value_t = Color::Auto)]
    pub color: Color,
    /// Safety rules (RT3xx): report every revision, not only the new ones (new: not in
    /// --base, named on the command line, or after `safety-baseline`).
    #[arg(long)]
    pub all_revisions: bool,
    /// When the history has several heads (RT101) and nothing else makes a merge
    /// meaningless, write a merge revision joining them, then lint again. See docs/fix.md.
    #[arg(long, conflicts_with = "base")]
    pub fix: bool,
    /// With --fix: write the merge even when the branches conflict (RT205).
    #[arg(long, requires = "fix")]
    pub allow_conflicts: bool,
}

#[derive(Debug, Args)]
pub struct RuleArgs {
    /// A rule code (RT101) or name (multiple-heads).
    #[arg(required_unless_present = "all")]
    pub rule: Option<String>,
    /// List every rule.
    #[arg(long, conflicts_with = "rule")]
    pub all: bool,
}

#[derive(Debug, Args)]
pub struct FactsArgs {
    #[command(flatten)]
    pub target: TargetArgs,
    #[arg(long, value_enum, default_value_t = FactsFormat::Text)]
    pub format: FactsFormat,
}

#[derive(Debug, Args)]
#[command(
    after_help = "Examples:\n  retort merge -m 'merge heads'            every head of the project here\n  \
retort merge path/to/project --rev-id 5d0c4b3a2f19\n  retort merge --rev billing --rev search   two branches, by label\n  \
retort merge . -- 4e8d17b2a9c5 c2b95e04f7a1"
)]
pub struct MergeArgs {
    /// The project: its root, a directory inside it, or its versions directory (default:
    /// the current directory), as for the other subcommands.
    #[arg(value_name = "PATH", conflicts_with = "project")]
    pub path: Option<PathBuf>,
    /// A head to merge: a revision id (or a unique prefix of 4+ characters), a branch
    /// label (the head of that branch), `LABEL@head`, or `heads`. Repeatable; revisions
    /// may also follow `--`. Default: every head.
    #[arg(long = "rev", short = 'r', value_name = "REV")]
    pub rev: Vec<String>,
    /// Revisions given after `--` (`retort merge PATH -- REV REV`).
    #[arg(last = true, value_name = "REV", hide = true)]
    pub trailing_revisions: Vec<String>,
    /// The message of the merge revision (Alembic's default: "empty message").
    #[arg(short = 'm', long)]
    pub message: Option<String>,
    /// Use this revision id instead of a fresh random one.
    #[arg(long, value_name = "ID")]
    pub rev_id: Option<String>,
    /// Give the merge revision this branch label (repeatable).
    #[arg(long, value_name = "LABEL")]
    pub branch_label: Vec<String>,
    /// Print the file and where it would go; write nothing.
    #[arg(long)]
    pub dry_run: bool,
    /// Write the merge even when the branches change the same table or column in ways
    /// that do not commute (RT205 conflicting-branches).
    #[arg(long)]
    pub allow_conflicts: bool,
    /// The project, as PATH (the flag that came before PATH; both work).
    #[arg(long, value_name = "PATH")]
    pub project: Option<PathBuf>,
    /// Read this section of alembic.ini instead of [alembic], as `alembic --name`.
    #[arg(long, short = 'n', value_name = "SECTION")]
    pub name: Option<String>,
}

impl MergeArgs {
    /// The revisions asked for, by `--rev` and after `--`, in that order.
    pub fn revisions(&self) -> Vec<String> {
        self.rev
            .iter()
            .chain(&self.trailing_revisions)
            .cloned()
            .collect()
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum GraphFormat {
    Text,
    Json,
    /// A Mermaid flowchart (renders in GitHub Markdown).
    Mermaid,
    /// Graphviz DOT (`retort graph --format dot | dot -Tsvg > graph.svg`).
    Dot,
}

#[derive(Debug, Args)]
pub struct GraphArgs {
    #[command(flatten)]
    pub target: TargetArgs,
    #[arg(long, value_enum, default_value_t = GraphFormat::Text)]
    pub format: GraphFormat,
}
