//! `--format json`: a stable, documented schema (docs/json-format.md). Version 1.

use serde::Serialize;

use crate::diagnostic::{Diagnostic, LineCol, Location};

#[derive(Serialize)]
struct Output<'a> {
    schema_version: u32,
    tool: &'static str,
    tool_version: &'static str,
    diagnostics: Vec<JsonDiagnostic<'a>>,
}

#[derive(Serialize)]
struct JsonDiagnostic<'a> {
    code: &'a str,
    name: &'a str,
    severity: &'a str,
    message: &'a str,
    file: Option<&'a str>,
    start: Option<LineCol>,
    end: Option<LineCol>,
    help: Option<&'a str>,
    related: Vec<JsonRelated<'a>>,
}

#[derive(Serialize)]
struct JsonRelated<'a> {
    file: &'a str,
    start: LineCol,
    end: LineCol,
    message: &'a str,
}

pub fn render(diagnostics: &[Diagnostic]) -> String {
    let output = Output {
        schema_version: 1,
        tool: "retort",
        tool_version: env!("CARGO_PKG_VERSION"),
        diagnostics: diagnostics
            .iter()
            .map(|d| JsonDiagnostic {
                code: d.code,
                name: d.name,
                severity: d.severity.as_str(),
                message: &d.message,
                file: d.location.as_ref().map(|l| l.path.as_str()),
                start: d.location.as_ref().map(|l| l.start),
                end: d.location.as_ref().map(|l| l.end),
                help: d.help.as_deref(),
                related: d
                    .related
                    .iter()
                    .map(|r| related(&r.location, &r.message))
                    .collect(),
            })
            .collect(),
    };
    let mut text = serde_json::to_string_pretty(&output).expect("diagnostics serialize");
    text.push('\n');
    text
}

fn related<'a>(location: &'a Location, message: &'a str) -> JsonRelated<'a> {
    JsonRelated {
        file: &location.path,
        start: location.start,
        end: location.end,
        message,
    }
}
