//! `retort schema`: the replayed schema at every head (or after one revision), as
//! text for people or JSON for tools (the differential tests read the JSON).

use serde::Serialize;

use crate::schema::replay::{self, TableState, TableView};
use crate::{Analysis, RunError};

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
    let replays: Vec<_> = analyses
        .iter()
        .map(|a| replay::replay(&a.files, &a.graph, a.replay_options()))
        .collect();
    let mut projects = Vec::new();
    for (analysis, replay) in analyses.iter().zip(&replays) {
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
        let mut heads = Vec::new();
        for node in nodes {
            let Some(schema) = replay.after.get(&node) else {
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
                for c in table.columns {
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
                for i in table.indexes {
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
