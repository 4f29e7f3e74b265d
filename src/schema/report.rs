//! `retort schema`: the replayed schema at every head (or after one revision), as
//! text for people or JSON for tools (the differential tests read the JSON).

use serde::Serialize;

use crate::analysis::Analysis;
use crate::error::RunError;
use crate::schema::replay::{self, TableState, TableView};

#[derive(Serialize)]
struct Point<'a> {
    revision: String,
    /// The file that holds the revision.
    file: String,
    /// Code or SQL retort cannot read ran before this point: any table may differ.
    wildcard: bool,
    tables: Vec<TableView<'a>>,
}

#[derive(Serialize)]
struct ProjectSchema<'a> {
    root: String,
    heads: Vec<Point<'a>>,
}

/// Render the schema of each analysis at its heads, or after `revision`.
pub fn render(
    analyses: &[Analysis],
    revision: Option<&str>,
    json: bool,
) -> Result<String, RunError> {
    let mut wanted = Vec::new();
    for analysis in analyses {
        let nodes = match revision {
            Some(rev) => {
                let node = analysis
                    .graph
                    .by_id
                    .get(rev)
                    .or_else(|| analysis.graph.labels.get(rev))
                    .copied()
                    .ok_or_else(|| {
                        RunError::Other(format!(
                            "no revision `{rev}` in {}",
                            analysis.project.root.display()
                        ))
                    })?;
                vec![node]
            }
            None => analysis.graph.heads(),
        };
        wanted.push(nodes);
    }
    // Each replay keeps only the schemas of the revisions shown.
    let replays: Vec<_> = analyses
        .iter()
        .zip(&wanted)
        .map(|(a, nodes)| {
            replay::replay_with(&a.files, &a.graph, a.replay_options(), nodes, |_| {})
        })
        .collect();
    let mut projects = Vec::new();
    for ((analysis, replay), nodes) in analyses.iter().zip(&replays).zip(wanted) {
        let mut heads = Vec::new();
        for node in nodes {
            let Some(schema) = replay.after(node) else {
                continue;
            };
            let file = &analysis.files[analysis.graph.file_of(node)];
            heads.push(Point {
                revision: file.id().unwrap_or("?").to_owned(),
                file: file.source.display.clone(),
                wildcard: schema.wildcard.is_some(),
                tables: replay::view(schema),
            });
        }
        projects.push(ProjectSchema {
            root: analysis.project.root.display().to_string(),
            heads,
        });
    }
    if json {
        let mut text =
            serde_json::to_string_pretty(&projects).map_err(|e| RunError::Other(e.to_string()))?;
        text.push('\n');
        return Ok(text);
    }
    let mut out = String::new();
    for (project, replay) in projects.iter().zip(&replays) {
        let _ = replay;
        for head in &project.heads {
            out.push_str(&format!("at {} ({})\n", head.revision, head.file));
            if head.wildcard {
                out.push_str(
                    "  (code or SQL retort cannot read ran earlier: any table may differ)\n",
                );
            }
            for table in &head.tables {
                let state = match table.state {
                    TableState::Exact => "",
                    TableState::Partial => "  [older than the history: may have more columns]",
                    TableState::Opaque => "  [touched by code retort cannot read]",
                };
                let name = match table.schema {
                    Some(s) => format!("{s}.{}", table.name),
                    None => table.name.to_owned(),
                };
                out.push_str(&format!("  table {name}{state}\n"));
                for c in &table.columns {
                    let nullable = match c.nullable {
                        Some(true) => "NULL",
                        Some(false) => "NOT NULL",
                        None => "NULL?",
                    };
                    out.push_str(&format!(
                        "    {:<24} {:<28} {}{}\n",
                        c.name,
                        c.type_text.as_deref().unwrap_or("?"),
                        nullable,
                        if c.primary_key { "  PK" } else { "" }
                    ));
                }
                for i in &table.indexes {
                    out.push_str(&format!(
                        "    {}index {} ({})\n",
                        if i.unique { "unique " } else { "" },
                        i.name,
                        i.columns.join(", ")
                    ));
                }
            }
        }
    }
    Ok(out)
}

/// One model column as `retort schema --model` shows it.
#[derive(Serialize)]
struct ModelColumnView<'a> {
    name: &'a str,
    #[serde(rename = "type")]
    type_text: Option<&'a str>,
    nullable: Option<bool>,
    primary_key: bool,
}

#[derive(Serialize)]
struct ModelTableView<'a> {
    schema: Option<&'a str>,
    name: &'a str,
    /// The mapped class (absent for a module-level `Table(...)`).
    class: Option<&'a str>,
    file: &'a str,
    line: usize,
    /// Every column is known; `false` when a base, mixin or attribute could not be
    /// resolved (see `unresolved`).
    complete: bool,
    columns: Vec<ModelColumnView<'a>>,
}

#[derive(Serialize)]
struct Unresolved<'a> {
    file: &'a str,
    line: usize,
    message: &'a str,
}

#[derive(Serialize)]
struct ProjectModel<'a> {
    root: String,
    /// `configured` (`[tool.retort] models`), `env.py`, or `none`.
    origin: &'static str,
    tables: Vec<ModelTableView<'a>>,
    unresolved: Vec<Unresolved<'a>>,
}

/// Render the model each analysis reads (`retort schema --model`): the tables and
/// columns retort compares the replayed schema with, and what it could not resolve.
pub fn render_model(analyses: &[Analysis], json: bool) -> Result<String, RunError> {
    use crate::schema::models::ModelOrigin;
    let mut projects = Vec::new();
    for analysis in analyses {
        let models = &analysis.models;
        let tables = models
            .tables
            .values()
            .map(|t| ModelTableView {
                schema: t.name.schema.as_deref(),
                name: &t.name.name,
                class: t.class_name.as_deref(),
                file: &t.source.display,
                line: t.source.line_col(t.span.start).line,
                complete: t.complete,
                columns: t
                    .columns
                    .iter()
                    .map(|c| ModelColumnView {
                        name: &c.name,
                        type_text: c.type_text.as_deref(),
                        nullable: c.nullable,
                        primary_key: c.primary_key,
                    })
                    .collect(),
            })
            .collect();
        let unresolved = models
            .problems
            .iter()
            .map(|p| Unresolved {
                file: &p.source.display,
                line: p.source.line_col(p.span.start).line,
                message: &p.message,
            })
            .collect();
        projects.push(ProjectModel {
            root: analysis.project.root.display().to_string(),
            origin: match models.origin {
                ModelOrigin::None => "none",
                ModelOrigin::Configured => "configured",
                ModelOrigin::EnvPy(_) => "env.py",
            },
            tables,
            unresolved,
        });
    }
    if json {
        let mut text =
            serde_json::to_string_pretty(&projects).map_err(|e| RunError::Other(e.to_string()))?;
        text.push('\n');
        return Ok(text);
    }
    let mut out = String::new();
    for project in &projects {
        match project.origin {
            "none" => out.push_str(&format!(
                "no model in {} (set `[tool.retort] models`, or `target_metadata` in env.py)\n",
                project.root
            )),
            origin => out.push_str(&format!(
                "model of {} (from {})\n",
                project.root,
                if origin == "env.py" {
                    "env.py's imports"
                } else {
                    "[tool.retort] models"
                }
            )),
        }
        for table in &project.tables {
            let name = match table.schema {
                Some(s) => format!("{s}.{}", table.name),
                None => table.name.to_owned(),
            };
            let class = table
                .class
                .map(|c| format!(" (class {c})"))
                .unwrap_or_default();
            let complete = if table.complete {
                ""
            } else {
                "  [not fully resolved: may have more columns]"
            };
            out.push_str(&format!(
                "  table {name}{class}  {}:{}{complete}\n",
                table.file, table.line
            ));
            for c in &table.columns {
                let nullable = match c.nullable {
                    Some(true) => "NULL",
                    Some(false) => "NOT NULL",
                    None => "NULL?",
                };
                out.push_str(&format!(
                    "    {:<24} {:<28} {}{}\n",
                    c.name,
                    c.type_text.unwrap_or("?"),
                    nullable,
                    if c.primary_key { "  PK" } else { "" }
                ));
            }
        }
        for u in &project.unresolved {
            out.push_str(&format!(
                "  unresolved: {}:{}: {}\n",
                u.file, u.line, u.message
            ));
        }
    }
    Ok(out)
}
