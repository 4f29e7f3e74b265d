//! `--format sarif`: SARIF 2.1.0, the format GitHub code scanning and other review
//! tools ingest. One run; `tool.driver.rules` is the whole rule table with each rule's
//! doc; results point into it by `ruleIndex`, carry 1-based regions whose columns count
//! Unicode code points, paths relative to `%SRCROOT%` (the checkout), related locations
//! linked from the message, and a fingerprint that does not move when lines do.

use std::collections::HashMap;
use std::path::Path;

use serde::Serialize;

use crate::diagnostic::{Diagnostic, Location, Severity};
use crate::rules::{ALL, RuleInfo};

use super::paths;
use super::text::Sources;

const SCHEMA: &str = "https://json.schemastore.org/sarif-2.1.0.json";
const SRCROOT: &str = "%SRCROOT%";
/// The `partialFingerprints` key; bump the version if what is hashed ever changes.
const FINGERPRINT: &str = "retort/v1";

#[derive(Serialize)]
struct Log<'a> {
    #[serde(rename = "$schema")]
    schema: &'static str,
    version: &'static str,
    runs: Vec<Run<'a>>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Run<'a> {
    tool: Tool<'a>,
    invocations: Vec<Invocation>,
    original_uri_base_ids: HashMap<&'static str, ArtifactLocation>,
    column_kind: &'static str,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    version_control_provenance: Vec<VersionControlDetails>,
    results: Vec<SarifResult>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct VersionControlDetails {
    repository_uri: String,
    revision_id: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    branch: Option<String>,
    mapped_to: ArtifactLocation,
}

#[derive(Serialize)]
struct Tool<'a> {
    driver: Driver<'a>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Driver<'a> {
    name: &'static str,
    full_name: &'static str,
    version: &'static str,
    semantic_version: &'static str,
    information_uri: &'static str,
    rules: Vec<Rule<'a>>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Rule<'a> {
    id: &'a str,
    name: &'a str,
    short_description: Text,
    full_description: Text,
    help: Text,
    help_uri: String,
    default_configuration: Configuration,
    properties: RuleProperties,
}

#[derive(Serialize)]
struct Text {
    text: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    markdown: Option<String>,
}

#[derive(Serialize)]
struct Configuration {
    level: &'static str,
}

#[derive(Serialize)]
struct RuleProperties {
    tags: Vec<&'static str>,
    precision: &'static str,
    #[serde(rename = "problem.severity")]
    problem_severity: &'static str,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Invocation {
    execution_successful: bool,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct SarifResult {
    rule_id: &'static str,
    rule_index: usize,
    level: &'static str,
    message: Message,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    locations: Vec<SarifLocation>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    related_locations: Vec<SarifLocation>,
    partial_fingerprints: HashMap<&'static str, String>,
}

#[derive(Serialize)]
struct Message {
    text: String,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct SarifLocation {
    #[serde(skip_serializing_if = "Option::is_none")]
    id: Option<usize>,
    physical_location: PhysicalLocation,
    #[serde(skip_serializing_if = "Option::is_none")]
    message: Option<Message>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct PhysicalLocation {
    artifact_location: ArtifactLocation,
    region: Region,
    #[serde(skip_serializing_if = "Option::is_none")]
    context_region: Option<Region>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct ArtifactLocation {
    #[serde(skip_serializing_if = "String::is_empty")]
    uri: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    uri_base_id: Option<&'static str>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Region {
    start_line: usize,
    start_column: usize,
    end_line: usize,
    end_column: usize,
    #[serde(skip_serializing_if = "Option::is_none")]
    snippet: Option<Text>,
}

/// Render the findings. `cwd` locates the checkout (`%SRCROOT%`); `sources` supplies
/// snippets; `provenance` (the commit and remote of that checkout) is recorded when
/// known.
pub fn render(
    diagnostics: &[Diagnostic],
    sources: &Sources,
    cwd: &Path,
    provenance: Option<&crate::gitbase::Provenance>,
) -> String {
    let root = paths::source_root(cwd);
    let rules = ALL.iter().map(|r| rule(r)).collect();
    let mut seen: HashMap<String, usize> = HashMap::new();
    let results = diagnostics
        .iter()
        .map(|d| {
            let rule_index = ALL
                .iter()
                .position(|r| r.code == d.code)
                .expect("every diagnostic comes from a rule in the table");
            let related: Vec<SarifLocation> = d
                .related
                .iter()
                .enumerate()
                .map(|(i, r)| SarifLocation {
                    id: Some(i + 1),
                    physical_location: physical(&r.location, &root, sources),
                    message: Some(Message {
                        text: sentence(&escape_text(&r.message)),
                    }),
                })
                .collect();
            let key = fingerprint_key(d, &root, sources);
            let occurrence = seen.entry(key.clone()).or_insert(0);
            *occurrence += 1;
            SarifResult {
                rule_id: d.code,
                rule_index,
                level: level(d.severity),
                message: Message {
                    text: result_message(d),
                },
                locations: d
                    .location
                    .iter()
                    .map(|l| SarifLocation {
                        id: None,
                        physical_location: physical(l, &root, sources),
                        message: None,
                    })
                    .collect(),
                related_locations: related,
                partial_fingerprints: HashMap::from([(
                    FINGERPRINT,
                    format!("{:016x}:{occurrence}", fnv1a(key.as_bytes())),
                )]),
            }
        })
        .collect();
    let log = Log {
        schema: SCHEMA,
        version: "2.1.0",
        runs: vec![Run {
            tool: Tool {
                driver: Driver {
                    name: "retort",
                    full_name: "retort: a static linter for Alembic migration histories",
                    version: env!("CARGO_PKG_VERSION"),
                    semantic_version: env!("CARGO_PKG_VERSION"),
                    information_uri: env!("CARGO_PKG_REPOSITORY"),
                    rules,
                },
            },
            invocations: vec![Invocation {
                execution_successful: true,
            }],
            original_uri_base_ids: HashMap::from([(
                SRCROOT,
                ArtifactLocation {
                    uri: paths::file_uri(&root, true),
                    uri_base_id: None,
                },
            )]),
            column_kind: "unicodeCodePoints",
            version_control_provenance: provenance
                .map(|p| VersionControlDetails {
                    repository_uri: p.repository_uri.clone(),
                    revision_id: p.revision_id.clone(),
                    branch: p.branch.clone(),
                    mapped_to: ArtifactLocation {
                        uri: String::new(),
                        uri_base_id: Some(SRCROOT),
                    },
                })
                .into_iter()
                .collect(),
            results,
        }],
    };
    let mut text = serde_json::to_string_pretty(&log).expect("SARIF serializes");
    text.push('\n');
    text
}

fn level(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info => "note",
    }
}

fn rule(info: &'static RuleInfo) -> Rule<'static> {
    let what = doc_section(info.doc, "What it finds").unwrap_or(info.summary);
    Rule {
        id: info.code,
        name: info.name,
        short_description: Text {
            text: sentence(info.summary),
            markdown: None,
        },
        full_description: Text {
            text: sentence(&unwrap_lines(what)),
            markdown: None,
        },
        help: Text {
            text: info.doc.to_owned(),
            markdown: Some(info.doc.to_owned()),
        },
        help_uri: format!(
            "{}/blob/main/{}",
            env!("CARGO_PKG_REPOSITORY"),
            info.doc_path()
        ),
        default_configuration: Configuration {
            level: level(info.severity),
        },
        properties: RuleProperties {
            tags: vec!["alembic", "migrations", "correctness"],
            precision: "very-high",
            problem_severity: match info.severity {
                Severity::Error => "error",
                Severity::Warning => "warning",
                Severity::Info => "recommendation",
            },
        },
    }
}

/// The body of a `## heading` section of a rule doc, up to the next heading.
fn doc_section<'a>(doc: &'a str, heading: &str) -> Option<&'a str> {
    let marker = format!("\n## {heading}\n");
    let start = doc.find(&marker)? + marker.len();
    let body = &doc[start..];
    let end = body.find("\n## ").unwrap_or(body.len());
    Some(body[..end].trim())
}

/// Markdown paragraphs with hard-wrapped lines, as one line each.
fn unwrap_lines(text: &str) -> String {
    let mut out = String::new();
    for line in text.lines().map(str::trim) {
        let starts_item = line.starts_with("- ") || line.starts_with("* ");
        if line.is_empty() {
            out.push_str("\n\n");
        } else if out.is_empty() || out.ends_with('\n') {
            out.push_str(line);
        } else if starts_item {
            out.push('\n');
            out.push_str(line);
        } else {
            out.push(' ');
            out.push_str(line);
        }
    }
    out.trim().to_owned()
}

/// SARIF viewers show messages as sentences: end with a period.
fn sentence(text: &str) -> String {
    let text = text.trim_end();
    if text.ends_with(['.', '!', '?']) {
        text.to_owned()
    } else {
        format!("{text}.")
    }
}

/// In SARIF message text `[` and `]` start embedded links and `\` escapes them.
fn escape_text(text: &str) -> String {
    text.replace('\\', "\\\\")
        .replace('[', "\\[")
        .replace(']', "\\]")
}

/// The message, the help, and links to the related locations (code scanning shows a
/// related location only when the message links to it).
fn result_message(d: &Diagnostic) -> String {
    let mut text = sentence(&escape_text(&d.message));
    if !d.related.is_empty() {
        let links: Vec<String> = d
            .related
            .iter()
            .enumerate()
            .map(|(i, r)| format!("[{}]({})", escape_text(&r.message), i + 1))
            .collect();
        text.push_str(&format!(" See {}.", links.join(", ")));
    }
    if let Some(help) = &d.help {
        text.push_str(&format!("\n{}", sentence(&escape_text(help))));
    }
    text
}

fn physical(location: &Location, root: &Path, sources: &Sources) -> PhysicalLocation {
    let artifact_location = match paths::relative(root, &location.fs_path) {
        Some(relative) => ArtifactLocation {
            uri: paths::uri_path(&relative),
            uri_base_id: Some(SRCROOT),
        },
        None => ArtifactLocation {
            uri: paths::file_uri(&paths::canonical(&location.fs_path), false),
            uri_base_id: None,
        },
    };
    let source = sources.get(&location.fs_path);
    let snippet = source.map(|s| Text {
        text: s.slice(location.span).to_owned(),
        markdown: None,
    });
    // A few lines around the finding, for viewers that show context.
    let context_region = source.map(|s| {
        let lines: Vec<&str> = s.text.split_inclusive('\n').collect();
        let first = location.start.line.saturating_sub(2).max(1);
        let last = (location.end.line + 2).min(lines.len().max(1));
        let text: String = lines
            .get(first - 1..last)
            .map(|l| l.concat())
            .unwrap_or_default();
        let last_line = lines.get(last - 1).copied().unwrap_or("");
        Region {
            start_line: first,
            start_column: 1,
            end_line: last,
            end_column: last_line.trim_end_matches(['\n', '\r']).chars().count() + 1,
            snippet: Some(Text {
                text: text.trim_end_matches(['\n', '\r']).to_owned(),
                markdown: None,
            }),
        }
    });
    let region = Region {
        start_line: location.start.line,
        start_column: location.start.column,
        end_line: location.end.line,
        end_column: location.end.column,
        snippet,
    };
    // SARIF wants the context region to be a proper superset of the region: in a file
    // of nothing (an empty revision file), there is no context to give.
    let same = |c: &Region| {
        (c.start_line, c.start_column, c.end_line, c.end_column)
            == (
                region.start_line,
                region.start_column,
                region.end_line,
                region.end_column,
            )
    };
    let context_region = context_region.filter(|c| !same(c));
    PhysicalLocation {
        artifact_location,
        region,
        context_region,
    }
}

/// What identifies a finding across runs: the rule, the file, and the text it points
/// at, but not line numbers, so that an edit above it does not make a new alert.
fn fingerprint_key(d: &Diagnostic, root: &Path, sources: &Sources) -> String {
    let Some(l) = &d.location else {
        return d.code.to_owned();
    };
    let path = paths::relative(root, &l.fs_path).unwrap_or_else(|| l.path.clone());
    let text = sources
        .get(&l.fs_path)
        .map(|s| {
            s.slice(l.span)
                .split_whitespace()
                .collect::<Vec<_>>()
                .join(" ")
        })
        .unwrap_or_default();
    format!("{}\0{path}\0{text}", d.code)
}

/// FNV-1a, 64 bits: small, stable across Rust releases and platforms (std's hasher
/// promises neither).
fn fnv1a(bytes: &[u8]) -> u64 {
    bytes.iter().fold(0xcbf2_9ce4_8422_2325, |hash, &b| {
        (hash ^ u64::from(b)).wrapping_mul(0x0000_0100_0000_01b3)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fnv1a_known_values() {
        assert_eq!(fnv1a(b""), 0xcbf29ce484222325);
        assert_eq!(fnv1a(b"a"), 0xaf63dc4c8601ec8c);
    }

    #[test]
    fn sentences_and_escapes() {
        assert_eq!(sentence("two heads"), "two heads.");
        assert_eq!(sentence("done."), "done.");
        assert_eq!(escape_text(r"ignore[RT101] \x"), r"ignore\[RT101\] \\x");
    }

    #[test]
    fn every_rule_doc_has_a_what_it_finds_section() {
        for rule in ALL {
            assert!(
                doc_section(rule.doc, "What it finds").is_some_and(|s| !s.is_empty()),
                "{}",
                rule.code
            );
        }
    }
}
