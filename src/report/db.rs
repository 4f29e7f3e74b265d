//! `retort db check` output: the database read (URL with the password masked, version
//! table, what it holds), the findings as `retort lint` renders them, and the repair
//! plan, as text for people or JSON for tools (docs/db-check.md documents the JSON).

use serde::Serialize;

use super::escape::controls;
use super::text::{Sources, TextOptions};
use crate::analysis::Analysis;
use crate::db::Snapshot;
use crate::db::check::{self, Examination};
use crate::db::compare::Difference;
use crate::diagnostic::Diagnostic;

pub struct Report<'a> {
    pub analysis: &'a Analysis,
    pub snapshot: &'a Snapshot,
    /// Where the URL came from (`--url`, `$RETORT_DATABASE_URL`, `alembic.ini:7`).
    pub url_source: &'a str,
    pub exam: &'a Examination,
    pub diagnostics: &'a [Diagnostic],
}

fn stamp_text(report: &Report<'_>) -> String {
    let stamp = &report.exam.stamp;
    if !stamp.table_exists {
        "absent".to_owned()
    } else if stamp.rows.is_empty() {
        "empty".to_owned()
    } else {
        stamp.rows.join(", ")
    }
}

/// Text: a header, the findings, the plan, the summary line.
pub fn text(report: &Report<'_>, sources: &Sources, options: TextOptions) -> String {
    let snapshot = report.snapshot;
    let analysis = report.analysis;
    let mut out = String::new();
    out.push_str(&format!(
        "database: {} ({}; URL from {})\n",
        snapshot.shown_url, snapshot.server_version, report.url_source
    ));
    out.push_str(&format!(
        "version table {}: {}\n",
        snapshot.version_table,
        stamp_text(report)
    ));
    out.push_str(&format!(
        "history: {} revision{}, head{} {}\n\n",
        analysis.files.len(),
        if analysis.files.len() == 1 { "" } else { "s" },
        if report.exam.heads.len() == 1 {
            ""
        } else {
            "s"
        },
        check::ids(analysis, &report.exam.heads).join(", ")
    ));
    // The findings, without lint's summary line (it comes last, after the plan).
    let rendered = super::text::render(report.diagnostics, sources, analysis.files.len(), options);
    let summary = super::text::summary(report.diagnostics, analysis.files.len());
    let body = rendered
        .strip_suffix(&format!("{summary}\n"))
        .unwrap_or(&rendered);
    out.push_str(body);
    let plan = &report.exam.plan;
    if !plan.steps.is_empty() || !plan.warnings.is_empty() {
        let cwd = std::env::current_dir().ok();
        let place = if cwd.as_deref() == Some(analysis.project.root.as_path()) {
            "in this directory".to_owned()
        } else {
            format!("in {}", analysis.project.root.display())
        };
        out.push_str(&format!(
            "Repair plan (retort runs none of it; run it {place}):\n"
        ));
        for (i, step) in plan.steps.iter().enumerate() {
            out.push_str(&format!("  {}. {}\n", i + 1, step.command));
            out.push_str(&format!("     {}\n", step.why));
            if !step.runs.is_empty() {
                out.push_str(&format!("     runs: {}\n", step.runs.join(", ")));
            }
        }
        for warning in &plan.warnings {
            out.push_str(&format!("  warning: {}\n", warning.message));
        }
        out.push('\n');
    }
    out.push_str(&summary);
    out.push('\n');
    controls(&out).into_owned()
}

#[derive(Serialize)]
struct Output<'a> {
    schema_version: u32,
    tool: &'static str,
    tool_version: &'static str,
    database: Database<'a>,
    heads: Vec<String>,
    /// What `alembic upgrade heads` would run now, in order.
    pending: Vec<String>,
    /// The revision(s) the database matches best (`[]`: the empty schema).
    matches: Option<Matches>,
    diagnostics: serde_json::Value,
    plan: JsonPlan<'a>,
}

#[derive(Serialize)]
struct Database<'a> {
    url: &'a str,
    url_from: &'a str,
    dialect: &'static str,
    server_version: &'a str,
    version_table: &'a str,
    version_table_exists: bool,
    stamped: &'a [String],
    tables: usize,
}

#[derive(Serialize)]
struct Matches {
    revisions: Vec<String>,
    exact: bool,
    /// Whether it is another revision than the stamped one(s).
    differs_from_stamp: bool,
    differences: Vec<String>,
}

#[derive(Serialize)]
struct JsonPlan<'a> {
    steps: &'a [crate::db::plan::PlanStep],
    warnings: Vec<JsonWarning<'a>>,
}

#[derive(Serialize)]
struct JsonWarning<'a> {
    message: &'a str,
    file: Option<&'a str>,
    line: Option<usize>,
}

pub fn json(report: &Report<'_>) -> String {
    let analysis = report.analysis;
    let exam = report.exam;
    let snapshot = report.snapshot;
    let diagnostics: serde_json::Value =
        serde_json::from_str(&super::json::render(report.diagnostics))
            .map(|mut v: serde_json::Value| v["diagnostics"].take())
            .unwrap_or(serde_json::Value::Null);
    let output = Output {
        schema_version: 1,
        tool: "retort",
        tool_version: env!("CARGO_PKG_VERSION"),
        database: Database {
            url: &snapshot.shown_url,
            url_from: report.url_source,
            dialect: snapshot.dialect.as_str(),
            server_version: &snapshot.server_version,
            version_table: &snapshot.version_table,
            version_table_exists: exam.stamp.table_exists,
            stamped: &exam.stamp.rows,
            tables: snapshot.tables.len(),
        },
        heads: check::ids(analysis, &exam.heads),
        pending: check::ids(analysis, &exam.pending),
        matches: exam.best.as_ref().map(|b| Matches {
            revisions: check::ids(analysis, &b.candidate.nodes),
            exact: b.candidate.differences.is_empty(),
            differs_from_stamp: b.better_than_stamp,
            differences: b
                .candidate
                .differences
                .iter()
                .map(Difference::describe)
                .collect(),
        }),
        diagnostics,
        plan: JsonPlan {
            steps: &exam.plan.steps,
            warnings: exam
                .plan
                .warnings
                .iter()
                .map(|w| {
                    let place = w.at.map(|at| {
                        let source = &analysis.files[at.file].source;
                        (source.display.as_str(), source.line_col(at.span.start).line)
                    });
                    JsonWarning {
                        message: &w.message,
                        file: place.map(|p| p.0),
                        line: place.map(|p| p.1),
                    }
                })
                .collect(),
        },
    };
    let mut text = serde_json::to_string_pretty(&output).expect("the report serializes");
    text.push('\n');
    text
}
