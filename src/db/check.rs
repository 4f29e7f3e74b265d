//! `retort db check`, after the database was read: which database and version table
//! (from the command line, the environment, `[tool.retort]`, env.py and alembic.ini),
//! then the examination: what the version table says against the history (unknown
//! revisions, pending ones), the replayed schema at the stamp against the database, the
//! revision the database really matches, and the repair plan.

use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::time::Duration;

use petgraph::graph::NodeIndex;

use super::compare::{self, DbIndex, Difference};
use super::order;
use super::plan::{self, Plan};
use super::{DbUrl, ReadOptions, Snapshot, Stamp};
use crate::analysis::Analysis;
use crate::config::Ini;
use crate::error::RunError;
use crate::ops::OpKind;
use crate::schema::replay::{self, Applier, OpRef, Schema};

/// The environment variable `retort db check` reads the URL from when `--url` is not
/// given.
pub const URL_VARIABLE: &str = "RETORT_DATABASE_URL";

/// What the command line asked for.
#[derive(Clone, Debug)]
pub struct Request {
    pub url: Option<String>,
    pub version_table: Option<String>,
    pub version_table_schema: Option<String>,
    pub connect_timeout: Duration,
    pub statement_timeout: Duration,
}

/// Where to connect and what to read, resolved, with notes for stderr.
#[derive(Debug)]
pub struct Target {
    pub url: DbUrl,
    /// Where the URL came from, for the report.
    pub url_source: String,
    pub options: ReadOptions,
    pub notes: Vec<String>,
}

/// Resolve the URL (`--url`, then `$RETORT_DATABASE_URL`, then `sqlalchemy.url` in
/// alembic.ini) and the version table (`--version-table`, then `[tool.retort]`, then
/// env.py's `context.configure(version_table=...)`, then `alembic_version`).
pub fn resolve(request: &Request, analysis: &Analysis) -> Result<Target, RunError> {
    let mut notes = Vec::new();
    let env = read_env_py(analysis);
    let cwd = std::env::current_dir().unwrap_or_else(|_| PathBuf::from("."));
    let (text, source, base_dir) = if let Some(url) = &request.url {
        (url.clone(), "--url".to_owned(), cwd)
    } else if let Some(url) = std::env::var(URL_VARIABLE)
        .ok()
        .filter(|u| !u.trim().is_empty())
    {
        (url, format!("${URL_VARIABLE}"), cwd)
    } else {
        let Some((url, file, line)) = ini_url(analysis)? else {
            return Err(RunError::Other(format!(
                "no database URL: give --url, or set {URL_VARIABLE}, or `sqlalchemy.url` in \
                 alembic.ini's [alembic] section (retort found none{})",
                match &analysis.project.ini_path {
                    Some(p) => format!(" in {}", p.display()),
                    None => " and no alembic.ini".to_owned(),
                }
            )));
        };
        if let Some((env_path, env_line)) = &env
            .as_ref()
            .and_then(|(p, f)| f.sets_url.map(|l| (p.clone(), l)))
        {
            notes.push(format!(
                "{}:{env_line} sets `sqlalchemy.url` at run time; retort used the one in {} \
                 (line {line}): if Alembic connects elsewhere, give that URL with --url or \
                 {URL_VARIABLE}",
                env_path.display(),
                file.display()
            ));
        }
        let base = file
            .parent()
            .map(Path::to_path_buf)
            .unwrap_or_else(|| cwd.clone());
        (url, format!("{}:{line}", file.display()), base)
    };
    let url = DbUrl::parse(&text).map_err(|e| RunError::Other(e.0))?;

    let options = &analysis.config.options;
    let from_env =
        |pick: fn(&crate::python::env::EnvFacts) -> &Vec<crate::python::env::Setting>| {
            env.as_ref()
                .and_then(|(path, facts)| pick(facts).first().map(|s| (path.clone(), s.clone())))
        };
    let version_table = match (&request.version_table, &options.version_table) {
        (Some(t), _) | (None, Some(t)) => t.clone(),
        (None, None) => match from_env(|f| &f.version_table) {
            Some((_, s)) if s.value.is_some() => s.value.unwrap_or_default(),
            Some((path, s)) => {
                notes.push(format!(
                    "{}:{} computes `version_table`; retort assumes `alembic_version` (set \
                     `version-table` in [tool.retort] or give --version-table)",
                    path.display(),
                    s.line
                ));
                "alembic_version".to_owned()
            }
            None => "alembic_version".to_owned(),
        },
    };
    let version_table_schema = match (&request.version_table_schema, &options.version_table_schema)
    {
        (Some(s), _) | (None, Some(s)) => Some(s.clone()),
        (None, None) => match from_env(|f| &f.version_table_schema) {
            Some((_, s)) if s.value.is_some() => s.value,
            Some((path, s)) => {
                notes.push(format!(
                    "{}:{} computes `version_table_schema`; retort looks for the version \
                     table in the default schema (set `version-table-schema` in [tool.retort] \
                     or give --version-table-schema)",
                    path.display(),
                    s.line
                ));
                None
            }
            None => None,
        },
    };
    Ok(Target {
        url,
        url_source: source,
        options: ReadOptions {
            connect_timeout: request.connect_timeout,
            statement_timeout: request.statement_timeout,
            version_table,
            version_table_schema,
            schemas: history_schemas(analysis),
            base_dir,
        },
        notes,
    })
}

/// `sqlalchemy.url` from the alembic.ini section the project is read from (`[alembic]`,
/// or the one `--name` chose), interpolated as
/// ConfigParser does (`%(here)s`, `%%`).
fn ini_url(analysis: &Analysis) -> Result<Option<(String, PathBuf, usize)>, RunError> {
    let Some(path) = &analysis.project.ini_path else {
        return Ok(None);
    };
    let text = std::fs::read_to_string(path).map_err(|e| RunError::Path {
        path: path.clone(),
        message: format!("cannot read: {e}"),
    })?;
    let ini = Ini::parse(&text).map_err(|e| RunError::Path {
        path: path.clone(),
        message: format!("line {}: {}", e.line, e.message),
    })?;
    let here = path
        .parent()
        .map(|p| p.to_string_lossy().into_owned())
        .unwrap_or_default();
    match ini.get(&analysis.project.ini_section, "sqlalchemy.url", &here) {
        Ok(Some(entry)) if !entry.value.trim().is_empty() => Ok(Some((
            entry.value.trim().to_owned(),
            path.clone(),
            entry.line,
        ))),
        Ok(_) => Ok(None),
        Err(e) => Err(RunError::Path {
            path: path.clone(),
            message: format!("line {}: `sqlalchemy.url`: {}", e.line, e.message),
        }),
    }
}

fn read_env_py(analysis: &Analysis) -> Option<(PathBuf, crate::python::env::EnvFacts)> {
    let path = analysis.project.script_location.as_ref()?.join("env.py");
    let text = std::fs::read_to_string(&path).ok()?;
    Some((path, crate::python::env::read_env(&text)))
}

/// Schemas the history names (`schema=`), whose tables are read besides the default
/// schema's.
fn history_schemas(analysis: &Analysis) -> Vec<String> {
    let mut out: Vec<String> = analysis
        .files
        .iter()
        .flat_map(|f| upgrade_ops(f).iter())
        .filter_map(|op| op.table().and_then(|t| t.schema.clone()))
        .collect();
    out.sort();
    out.dedup();
    out
}

fn upgrade_ops(file: &crate::revision::RevisionFile) -> &[crate::ops::Op] {
    file.upgrade
        .as_ref()
        .map(|f| f.body.ops.as_slice())
        .unwrap_or(&[])
}

/// What the version table says, resolved against the history.
#[derive(Clone, Debug, Default)]
pub struct StampState {
    /// The rows, as read (empty: nothing stamped).
    pub rows: Vec<String>,
    /// Whether the version table exists at all.
    pub table_exists: bool,
    /// The rows that name revisions of the history, resolved.
    pub known: Vec<NodeIndex>,
    /// The rows that name no revision of the history.
    pub unknown: Vec<String>,
}

/// A set of revisions whose replayed schema was compared with the database.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Candidate {
    /// Empty: the empty schema before the first revision (`base`).
    pub nodes: Vec<NodeIndex>,
    pub differences: Vec<Difference>,
}

/// The revision(s) whose replayed schema the database matches best.
#[derive(Clone, Debug)]
pub struct BestMatch {
    pub candidate: Candidate,
    /// Single revisions that match exactly as well (their revisions between them change
    /// nothing retort sees in the schema).
    pub tied: Vec<NodeIndex>,
    /// Whether it matches better than the stamp (else the stamp is kept).
    pub better_than_stamp: bool,
}

/// Everything `retort db check` found; `rules::db_rules` turns it into diagnostics.
#[derive(Debug)]
pub struct Examination {
    pub stamp: StampState,
    /// Revisions `alembic upgrade heads` would run now, in order (none when a stamped
    /// revision is unknown: Alembic stops before running anything).
    pub pending: Vec<NodeIndex>,
    pub heads: Vec<NodeIndex>,
    /// The replayed schema at the stamp against the database (none when the stamp is
    /// unknown or absent).
    pub differences: Vec<Difference>,
    /// Whether the database holds tables besides the version table.
    pub has_tables: bool,
    pub best: Option<BestMatch>,
    pub plan: Plan,
    /// Code retort cannot read ran at the stamp: the comparison is partial.
    pub wildcard: Option<OpRef>,
}

/// Compare the database with the history. `needs_merge`: the heads should be joined by
/// a merge revision (RT101 fires), so the plan starts with one.
pub fn examine(analysis: &Analysis, snapshot: &Snapshot, needs_merge: bool) -> Examination {
    let graph = &analysis.graph;
    let files = &analysis.files;
    let stamp = resolve_stamp(analysis, snapshot);
    let heads = graph.heads();
    let db = DbIndex::new(snapshot);
    let has_tables = !snapshot.tables.is_empty();

    // One pass over the history: every revision's schema is compared with the
    // database as it goes by; the stamp's and the heads' are kept to be joined.
    let mut keep: Vec<NodeIndex> = stamp.known.clone();
    keep.extend(heads.iter().copied());
    let mut per_revision: HashMap<NodeIndex, Vec<Difference>> = HashMap::new();
    let replayed = replay::replay_with(files, graph, analysis.replay_options(), &keep, |step| {
        per_revision.insert(step.node, compare::compare(step.after, &db));
    });
    let order = graph.topological_order();

    let stamp_schema = (!stamp.known.is_empty() && stamp.unknown.is_empty())
        .then(|| schema_at(analysis, &replayed, &stamp.known, &order));
    let wildcard = stamp_schema.as_ref().and_then(|s| s.wildcard);
    let differences = match &stamp_schema {
        Some(schema) => compare::compare(schema, &db),
        None => Vec::new(),
    };

    let mut candidates: Vec<Candidate> = Vec::new();
    candidates.push(Candidate {
        nodes: Vec::new(),
        differences: compare::compare(&Schema::default(), &db),
    });
    for &node in &order {
        if let Some(d) = per_revision.remove(&node) {
            candidates.push(Candidate {
                nodes: vec![node],
                differences: d,
            });
        }
    }
    if heads.len() > 1 {
        let schema = schema_at(analysis, &replayed, &heads, &order);
        candidates.push(Candidate {
            nodes: heads.clone(),
            differences: compare::compare(&schema, &db),
        });
    }
    let stamp_candidate = stamp_schema.as_ref().map(|_| Candidate {
        nodes: sorted(graph, &stamp.known),
        differences: differences.clone(),
    });
    let best = best_match(&candidates, stamp_candidate.as_ref(), &stamp);

    let pending = if stamp.unknown.is_empty() {
        order::upgrade_heads(graph, files, &stamp.known)
    } else {
        Vec::new()
    };
    let plan = plan::plan(analysis, &db, &stamp, best.as_ref(), &pending, needs_merge);
    Examination {
        stamp,
        pending,
        heads,
        differences,
        has_tables,
        best,
        plan,
        wildcard,
    }
}

fn sorted(graph: &crate::graph::RevisionGraph, nodes: &[NodeIndex]) -> Vec<NodeIndex> {
    let mut nodes = nodes.to_vec();
    nodes.sort_by_key(|&n| graph.file_of(n));
    nodes.dedup();
    nodes
}

fn resolve_stamp(analysis: &Analysis, snapshot: &Snapshot) -> StampState {
    let graph = &analysis.graph;
    let (rows, table_exists) = match &snapshot.stamp {
        Stamp::NoTable => (Vec::new(), false),
        Stamp::Rows(rows) => (rows.clone(), true),
    };
    let mut known = Vec::new();
    let mut unknown = Vec::new();
    for row in &rows {
        match graph.by_id.get(row.trim()) {
            Some(&n) => known.push(n),
            None => unknown.push(row.clone()),
        }
    }
    StampState {
        rows,
        table_exists,
        known: sorted(graph, &known),
        unknown,
    }
}

/// The schema after every revision of `nodes` ran (the join a merge revision of them
/// would start from).
fn schema_at(
    analysis: &Analysis,
    replayed: &replay::Replay,
    nodes: &[NodeIndex],
    order: &[NodeIndex],
) -> Schema {
    let Some((&first, others)) = nodes.split_first() else {
        return Schema::default();
    };
    let mut schema = replayed.after(first).cloned().unwrap_or_default();
    if others.is_empty() {
        return schema;
    }
    let options = analysis.replay_options();
    let created_anywhere = replayed.created_anywhere.clone();
    let mut applier = Applier {
        options,
        created_anywhere: &created_anywhere,
        created_indexes: None,
        missing: None,
    };
    let (_, brought) =
        crate::schema::ancestry::Ancestry::new(&analysis.graph, order).difference(&[first], others);
    for n in brought {
        let file = analysis.graph.file_of(n);
        for op in upgrade_ops(&analysis.files[file]) {
            applier.apply(&mut schema, op, file);
        }
    }
    schema
}

/// The candidate with the fewest differences; ties go to the stamp, then to the
/// earliest revision (running a revision again is what `alembic upgrade` does anyway;
/// skipping one is not).
fn best_match(
    candidates: &[Candidate],
    stamp: Option<&Candidate>,
    stamp_state: &StampState,
) -> Option<BestMatch> {
    let fewest = candidates.iter().map(|c| c.differences.len()).min()?;
    let stamp_count = stamp.map(|s| s.differences.len());
    if let (Some(s), Some(n)) = (stamp, stamp_count)
        && n <= fewest
    {
        return Some(BestMatch {
            candidate: s.clone(),
            tied: Vec::new(),
            better_than_stamp: false,
        });
    }
    let tied: Vec<&Candidate> = candidates
        .iter()
        .filter(|c| c.differences.len() == fewest)
        .collect();
    let first = tied[0].clone();
    let better = match stamp_count {
        Some(n) => fewest < n,
        None => {
            !(stamp_state.known.is_empty()
                && stamp_state.unknown.is_empty()
                && first.nodes.is_empty())
        }
    };
    Some(BestMatch {
        tied: tied
            .iter()
            .skip(1)
            .filter(|c| c.nodes.len() == 1)
            .map(|c| c.nodes[0])
            .collect(),
        candidate: first,
        better_than_stamp: better,
    })
}

/// Where in the history an object the database has is created, if anywhere: the first
/// op (in replay order) that creates a table, column, index or constraint of that name.
pub fn creator(
    analysis: &Analysis,
    object: &compare::Object,
    names: &compare::Names,
) -> Option<OpRef> {
    let wanted_table = names.table(&object.table);
    let name = object.name.as_deref().map(|n| names.ident(n));
    for node in analysis.graph.topological_order() {
        let file = analysis.graph.file_of(node);
        for op in upgrade_ops(&analysis.files[file]) {
            let at = OpRef {
                file,
                span: op.span,
            };
            let same_table = |t: &crate::ops::TableName| names.table(t) == wanted_table;
            let hit = match (&op.kind, object.kind) {
                (OpKind::CreateTable { table, .. }, compare::ObjectKind::Table) => {
                    same_table(table)
                }
                (OpKind::RenameTable { table, new_name }, compare::ObjectKind::Table) => {
                    same_table(&crate::ops::TableName {
                        schema: table.schema.clone(),
                        name: new_name.clone(),
                    })
                }
                (OpKind::CreateTable { table, columns, .. }, compare::ObjectKind::Column) => {
                    same_table(table) && columns.iter().any(|c| Some(names.ident(&c.name)) == name)
                }
                (OpKind::AddColumn { table, column }, compare::ObjectKind::Column) => {
                    same_table(table) && Some(names.ident(&column.name)) == name
                }
                (OpKind::CreateIndex { table, index }, compare::ObjectKind::Index) => {
                    same_table(table) && index.name.as_deref().map(|n| names.ident(n)) == name
                }
                (OpKind::CreateTable { table, indexes, .. }, compare::ObjectKind::Index) => {
                    same_table(table)
                        && indexes
                            .iter()
                            .any(|i| i.name.as_deref().map(|n| names.ident(n)) == name)
                }
                (
                    OpKind::CreateConstraint { table, constraint },
                    compare::ObjectKind::UniqueConstraint | compare::ObjectKind::ForeignKey,
                ) => {
                    same_table(table) && constraint.name.as_deref().map(|n| names.ident(n)) == name
                }
                (
                    OpKind::CreateTable {
                        table, constraints, ..
                    },
                    compare::ObjectKind::UniqueConstraint | compare::ObjectKind::ForeignKey,
                ) => {
                    same_table(table)
                        && constraints
                            .iter()
                            .any(|c| c.name.as_deref().map(|n| names.ident(n)) == name)
                }
                _ => false,
            };
            if hit {
                return Some(at);
            }
        }
    }
    None
}

/// Revisions whose `upgrade()` is empty or does nothing to the schema retort sees.
pub fn changes_nothing(analysis: &Analysis, node: NodeIndex) -> bool {
    upgrade_ops(&analysis.files[analysis.graph.file_of(node)])
        .iter()
        .all(|op| matches!(op.kind, OpKind::NoSchemaEffect))
}

/// Nodes as their ids, for messages.
pub fn ids(analysis: &Analysis, nodes: &[NodeIndex]) -> Vec<String> {
    nodes
        .iter()
        .map(|&n| {
            analysis.files[analysis.graph.file_of(n)]
                .id()
                .unwrap_or("?")
                .to_owned()
        })
        .collect()
}

/// Whether two lists of nodes are the same set.
pub fn same_set(a: &[NodeIndex], b: &[NodeIndex]) -> bool {
    let a: HashSet<_> = a.iter().collect();
    let b: HashSet<_> = b.iter().collect();
    a == b
}
