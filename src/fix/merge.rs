//! Planning a merge revision: which heads, what id, which file in which directory,
//! and its text, following `alembic merge` (`command.merge` ->
//! `ScriptDirectory.generate_revision`) step by step. Also the summary of what each
//! branch brings, shown before anything is written.

use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};

use petgraph::graph::NodeIndex;

use super::clock::CreateDate;
use super::mako::Template;
use super::pyexpr::{Function, Value, Variables};
use super::{FixError, generic, naming, safety};
use crate::analysis::Analysis;
use crate::graph::EdgeKind;
use crate::revision::Attr;

/// What the user asked for.
#[derive(Debug, Clone, Default)]
pub struct MergeRequest {
    /// Revisions to merge: ids, unique id prefixes (4+ characters), branch labels,
    /// `label@head`, `heads`. Empty: every head.
    pub revisions: Vec<String>,
    /// `-m`; Alembic writes "empty message" into the file when it is absent.
    pub message: Option<String>,
    /// `--rev-id`; a fresh random id when absent.
    pub rev_id: Option<String>,
    /// `--branch-label`: labels for the new revision.
    pub branch_labels: Vec<String>,
    /// `--allow-conflicts`: write the merge even when the branches change the same
    /// table or column in ways that do not commute (RT205).
    pub allow_conflicts: bool,
}

/// Where the text of the new file comes from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TemplateSource {
    /// The project's own `script.py.mako`.
    Project(PathBuf),
    /// Alembic's stock template (the project has none).
    Builtin,
}

/// One revision on a branch being merged.
#[derive(Debug, Clone)]
pub struct BranchRevision {
    pub id: String,
    /// The first line of the docstring (the `-m` message it was made with).
    pub message: Option<String>,
    /// The file, as shown to the user.
    pub path: String,
    /// Index into `Analysis::files`, for anything else to show about the revision.
    pub file: usize,
    /// What its `upgrade()` does, one line per schema operation (`add column
    /// \`transactions.trade_id\``); empty for a revision that changes nothing.
    pub operations: Vec<String>,
}

/// The revisions one head brings that are not shared by every head, oldest first.
#[derive(Debug, Clone)]
pub struct Branch {
    pub head: String,
    pub revisions: Vec<BranchRevision>,
}

/// A merge revision ready to be written.
#[derive(Debug, Clone)]
pub struct MergePlan {
    /// The heads being merged, in `down_revision` order.
    pub heads: Vec<String>,
    /// The nearest revisions every head descends from (empty for separate bases).
    pub common_ancestors: Vec<String>,
    pub branches: Vec<Branch>,
    pub rev_id: String,
    /// Where the file goes, and the same path as shown to the user.
    pub path: PathBuf,
    pub display_path: String,
    pub content: String,
    pub template: TemplateSource,
    /// Things the user should know (post-write hooks retort does not run, ...).
    pub notes: Vec<String>,
    /// Where the branches conflict (RT205); non-empty only with `allow_conflicts`.
    pub conflicts: Vec<String>,
}

fn line_of(analysis: &Analysis, file: usize, span: Option<crate::source::Span>) -> String {
    let f = &analysis.files[file];
    let line = span.map_or(1, |s| f.source.line_col(s.start).line);
    format!("{}:{line}", f.source.display)
}

/// The variables `alembic merge` passes to `script.py.mako`.
pub(super) fn template_variables(
    message: &str,
    rev_id: &str,
    head_ids: &[String],
    labels: Option<&[String]>,
    date: CreateDate,
    main_options: HashMap<String, String>,
) -> Variables {
    let mut values = HashMap::new();
    values.insert("message".into(), Value::Str(message.to_owned()));
    values.insert("up_revision".into(), Value::Str(rev_id.to_owned()));
    values.insert(
        "down_revision".into(),
        generic::down_revision_value(head_ids),
    );
    values.insert("branch_labels".into(), generic::branch_labels_value(labels));
    values.insert("depends_on".into(), Value::None);
    values.insert("create_date".into(), Value::DateTime(date));
    values.insert("comma".into(), Value::Function(Function::Comma));
    values.insert("config".into(), Value::Config);
    Variables {
        values,
        main_options,
    }
}

/// Problems that make any merge meaningless or unsafe: retort could not tell the true
/// heads, or Alembic itself would refuse to load the history.
pub fn blockers(analysis: &Analysis) -> Vec<String> {
    let (files, graph) = (&analysis.files, &analysis.graph);
    let mut out = Vec::new();
    for (i, f) in files.iter().enumerate() {
        if let (Some(why), false) = (&f.unread, f.syntax_errors.is_empty()) {
            out.push(format!("{}: {why} (RT001)", f.source.display));
        } else if let Some(problem) = f.syntax_errors.first() {
            out.push(format!(
                "{}: syntax error (RT001); Alembic cannot import this file",
                line_of(analysis, i, Some(problem.span))
            ));
        }
        for (span, message) in f.load_errors() {
            out.push(format!(
                "{}: {message} (RT004)",
                line_of(analysis, i, Some(span))
            ));
        }
        if f.id().is_none() && f.unread.is_none() && !f.revision.is_invalid() {
            out.push(format!(
                "{}: the revision id is not known statically (RT002/RT003)",
                line_of(analysis, i, f.revision.span())
            ));
        }
        for (name, attr) in [
            ("down_revision", &f.down_revision),
            ("depends_on", &f.depends_on),
            ("branch_labels", &f.branch_labels),
        ] {
            if let Attr::Unknown { span, .. } = attr {
                out.push(format!(
                    "{}: `{name}` is computed, so the heads are not known statically (RT003)",
                    line_of(analysis, i, Some(*span))
                ));
            }
        }
    }
    for cycle in &graph.cycles {
        let ids: Vec<&str> = cycle
            .steps
            .iter()
            .map(|(n, _)| files[graph.file_of(*n)].id().unwrap_or("?"))
            .collect();
        let first = graph.file_of(cycle.steps[0].0);
        out.push(format!(
            "{}: revision cycle through {} (RT102)",
            line_of(analysis, first, files[first].down_revision.span()),
            ids.join(" -> ")
        ));
    }
    for d in &graph.dangling {
        let (what, code) = match d.kind {
            EdgeKind::DownRevision => ("down_revision", "RT103"),
            EdgeKind::DependsOn => ("depends_on", "RT107"),
        };
        out.push(format!(
            "{}: {what} `{}` does not exist ({code})",
            line_of(analysis, d.file, Some(d.target.span)),
            d.target.value
        ));
    }
    for d in &graph.duplicates {
        out.push(format!(
            "{}: revision id `{}` is also declared in {} (RT104)",
            line_of(analysis, d.winner, files[d.winner].revision.span()),
            d.id,
            files[d.shadowed].source.display
        ));
    }
    for d in &graph.duplicate_labels {
        out.push(format!(
            "{}: branch label `{}` is already used by {} (RT108)",
            line_of(analysis, d.file, Some(d.label.span)),
            d.label.value,
            files[d.holder].source.display
        ));
    }
    out
}

fn id_of(analysis: &Analysis, node: NodeIndex) -> String {
    analysis.files[analysis.graph.file_of(node)]
        .id()
        .unwrap_or("?")
        .to_owned()
}

/// Resolve the revisions named on the command line to heads, in the order given.
fn resolve_heads(analysis: &Analysis, names: &[String]) -> Result<Vec<NodeIndex>, FixError> {
    let graph = &analysis.graph;
    let files = &analysis.files;
    let all_heads = graph.heads();
    if names.is_empty() {
        return Ok(all_heads);
    }
    let heads_with_label = |label: &str| -> Vec<NodeIndex> {
        all_heads
            .iter()
            .copied()
            .filter(|&h| graph.effective_labels(h, files).contains(label))
            .collect()
    };
    let listed = |nodes: &[NodeIndex]| {
        nodes
            .iter()
            .map(|&n| format!("`{}`", id_of(analysis, n)))
            .collect::<Vec<_>>()
            .join(", ")
    };
    let mut out = Vec::new();
    for name in names {
        let resolved: Vec<NodeIndex> = if name == "heads" {
            all_heads.clone()
        } else if let Some((label, which)) = name.split_once('@') {
            if !graph.labels.contains_key(label) && !graph.by_id.contains_key(label) {
                return Err(FixError::Invalid(format!(
                    "no such branch: `{label}` (in `{name}`)"
                )));
            }
            let candidates = match graph.labels.get(label) {
                Some(_) => heads_with_label(label),
                None => {
                    let node = graph.by_id[label];
                    all_heads
                        .iter()
                        .copied()
                        .filter(|&h| graph.ancestors(h).contains(&node))
                        .collect()
                }
            };
            match which {
                "heads" => candidates,
                "head" => match candidates.as_slice() {
                    [one] => vec![*one],
                    [] => {
                        return Err(FixError::Invalid(format!(
                            "`{name}`: the branch has no head"
                        )));
                    }
                    many => {
                        return Err(FixError::Invalid(format!(
                            "`{name}`: the branch has several heads ({}); name them, or use `{label}@heads`",
                            listed(many)
                        )));
                    }
                },
                other => {
                    return Err(FixError::Invalid(format!(
                        "`{name}`: only `{label}@head` and `{label}@heads` are supported, not `@{other}`"
                    )));
                }
            }
        } else if let Some(&node) = graph.by_id.get(name.as_str()) {
            vec![node]
        } else if let Some(&node) = graph.labels.get(name.as_str()) {
            // A branch label stands for the head of its branch.
            if all_heads.contains(&node) {
                vec![node]
            } else {
                match heads_with_label(name).as_slice() {
                    [one] => vec![*one],
                    [] => return Err(FixError::Invalid(format!("branch `{name}` has no head"))),
                    many => {
                        return Err(FixError::Invalid(format!(
                            "branch `{name}` has several heads ({}); name the ones to merge",
                            listed(many)
                        )));
                    }
                }
            }
        } else {
            // A unique prefix of at least four characters, as Alembic accepts.
            let matches: Vec<&String> = if name.len() > 3 {
                let mut m: Vec<&String> = graph
                    .by_id
                    .keys()
                    .filter(|id| id.starts_with(name.as_str()))
                    .collect();
                m.sort();
                m
            } else {
                Vec::new()
            };
            match matches.as_slice() {
                [one] => vec![graph.by_id[*one]],
                [] => {
                    return Err(FixError::Invalid(format!(
                        "no such revision or branch `{name}`{}",
                        if name.len() < 4 {
                            "; give at least four characters of a partial revision id"
                        } else {
                            ""
                        }
                    )));
                }
                many => {
                    return Err(FixError::Invalid(format!(
                        "several revisions start with `{name}`: {}",
                        many.iter()
                            .take(3)
                            .map(|m| format!("`{m}`"))
                            .collect::<Vec<_>>()
                            .join(", ")
                    )));
                }
            }
        };
        for node in resolved {
            if !all_heads.contains(&node) {
                let file = &analysis.files[graph.file_of(node)];
                return Err(FixError::Invalid(format!(
                    "revision `{}` ({}) is not a head: a merge joins heads (see `retort heads`)",
                    id_of(analysis, node),
                    file.source.display
                )));
            }
            if out.contains(&node) {
                return Err(FixError::Invalid(format!(
                    "head `{}` is named more than once",
                    id_of(analysis, node)
                )));
            }
            out.push(node);
        }
    }
    Ok(out)
}

/// What each head brings since the revisions all heads share.
fn branches(analysis: &Analysis, heads: &[NodeIndex], cwd: Option<&Path>) -> Vec<Branch> {
    let graph = &analysis.graph;
    let mut shared: Option<HashSet<NodeIndex>> = None;
    let ancestry: Vec<HashSet<NodeIndex>> = heads.iter().map(|&h| graph.ancestors(h)).collect();
    for a in &ancestry {
        shared = Some(match shared {
            None => a.clone(),
            Some(s) => s.intersection(a).copied().collect(),
        });
    }
    let shared = shared.unwrap_or_default();
    let position: HashMap<NodeIndex, usize> = graph
        .topological_order()
        .into_iter()
        .enumerate()
        .map(|(i, n)| (n, i))
        .collect();
    heads
        .iter()
        .zip(&ancestry)
        .map(|(&head, ancestors)| {
            let mut own: Vec<NodeIndex> = ancestors.difference(&shared).copied().collect();
            own.sort_by_key(|n| {
                (
                    position.get(n).copied().unwrap_or(usize::MAX),
                    graph.file_of(*n),
                )
            });
            Branch {
                head: id_of(analysis, head),
                revisions: own
                    .into_iter()
                    .map(|n| {
                        let file = graph.file_of(n);
                        let f = &analysis.files[file];
                        BranchRevision {
                            id: id_of(analysis, n),
                            message: f.docstring.as_ref().and_then(|d| d.message.clone()),
                            path: crate::source::display_path(&f.source.path, cwd),
                            file,
                            operations: f
                                .upgrade
                                .as_ref()
                                .map(|u| u.body.ops.iter().map(crate::ops::Op::describe).collect())
                                .unwrap_or_default(),
                        }
                    })
                    .collect(),
            }
        })
        .collect()
}

/// The directory the new file goes to, as `generate_revision` picks it: the only
/// version location, or with several, the directory of the first head's file (which
/// must itself be a version location).
fn version_directory(analysis: &Analysis, heads: &[NodeIndex]) -> Result<PathBuf, FixError> {
    let locations = &analysis.project.version_locations;
    match locations.as_slice() {
        [] => Err(FixError::Invalid(
            "the project has no version location".into(),
        )),
        [one] => Ok(one.clone()),
        _ => {
            let first = &analysis.files[analysis.graph.file_of(heads[0])];
            let dir = first
                .source
                .path
                .parent()
                .map(Path::to_path_buf)
                .unwrap_or_default();
            let same = |a: &Path, b: &Path| {
                a == b
                    || (a.canonicalize().ok().is_some()
                        && a.canonicalize().ok() == b.canonicalize().ok())
            };
            if locations.iter().any(|l| same(l, &dir)) {
                Ok(dir)
            } else {
                Err(FixError::Invalid(format!(
                    "the first head `{}` lives in {}, which is not one of the version locations; Alembic \
                     refuses this too (\"is not represented in current version locations\"): name the heads \
                     so that the first one sits directly in a version location",
                    first.id().unwrap_or("?"),
                    dir.display()
                )))
            }
        }
    }
}

/// The project's `script.py.mako`, if there is one. Only a name that does not exist
/// at all falls back to the stock template; a directory, a dangling symbolic link or
/// any other file that is not a readable regular file is an error (Alembic fails on
/// those too), so that a broken template is never silently replaced.
fn project_template(path: &Path) -> Result<Option<PathBuf>, FixError> {
    let fail = |what: String| {
        FixError::Invalid(format!(
            "{}: {what}; Alembic cannot render a merge revision from it either. Fix or remove it \
             (without a script.py.mako retort uses Alembic's stock template); nothing was written",
            path.display()
        ))
    };
    let link = match std::fs::symlink_metadata(path) {
        Ok(meta) => meta,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
        Err(e) => return Err(fail(format!("cannot be read: {e}"))),
    };
    let meta = match std::fs::metadata(path) {
        Ok(meta) => meta,
        Err(e) if link.file_type().is_symlink() => {
            let target = std::fs::read_link(path)
                .map(|t| format!(" to {}", t.display()))
                .unwrap_or_default();
            return Err(fail(format!(
                "is a symbolic link{target} that leads nowhere ({e})"
            )));
        }
        Err(e) => return Err(fail(format!("cannot be read: {e}"))),
    };
    if meta.is_dir() {
        return Err(fail("is a directory, not a template file".into()));
    }
    if !meta.is_file() {
        return Err(fail(
            "is not a regular file (a device, socket or FIFO)".into(),
        ));
    }
    Ok(Some(path.to_path_buf()))
}

/// Plan the merge revision: nothing is written.
pub fn plan_merge(
    analysis: &Analysis,
    request: &MergeRequest,
    now: jiff::Timestamp,
    cwd: Option<&Path>,
) -> Result<MergePlan, FixError> {
    let problems = blockers(analysis);
    if !problems.is_empty() {
        return Err(FixError::Blocked(problems));
    }
    let heads = resolve_heads(analysis, &request.revisions)?;
    if heads.len() < 2 {
        return Err(match heads.as_slice() {
            [] => FixError::NothingToMerge("the history has no revisions: nothing to merge".into()),
            [one] if request.revisions.is_empty() => FixError::NothingToMerge(format!(
                "there is one head (`{}`): nothing to merge",
                id_of(analysis, *one)
            )),
            _ => FixError::Invalid(format!(
                "only one head (`{}`) was named; a merge needs two or more",
                id_of(analysis, heads[0])
            )),
        });
    }
    let head_ids: Vec<String> = heads.iter().map(|&h| id_of(analysis, h)).collect();
    let conflicts = conflicts(analysis, &heads);
    if !conflicts.is_empty() && !request.allow_conflicts {
        return Err(FixError::Conflicts(conflicts));
    }

    let rev_id = match &request.rev_id {
        Some(id) => {
            safety::check_rev_id(id)?;
            id.clone()
        }
        None => super::new_revision_id(),
    };
    if let Some(&node) = analysis
        .graph
        .by_id
        .get(&rev_id)
        .or_else(|| analysis.graph.labels.get(&rev_id))
    {
        return Err(FixError::Invalid(format!(
            "revision id `{rev_id}` is already used by {}",
            analysis.files[analysis.graph.file_of(node)].source.display
        )));
    }
    safety::check_branch_labels(analysis, &request.branch_labels, &rev_id)?;
    let project = &analysis.project;
    if !matches!(
        project
            .output_encoding
            .to_ascii_lowercase()
            .replace('_', "-")
            .as_str(),
        "utf-8" | "utf8"
    ) {
        return Err(FixError::Invalid(format!(
            "output_encoding `{}` is not supported: retort writes UTF-8 (remove the option or use `alembic merge`)",
            project.output_encoding
        )));
    }

    let date =
        CreateDate::at(now, project.timezone.as_deref()).map_err(|e| FixError::Invalid(e.0))?;
    let directory = version_directory(analysis, &heads)?;
    // Alembic treats 0 (or an absent value) as 40.
    let truncate = project
        .truncate_slug_length
        .filter(|&n| n != 0)
        .unwrap_or(40);
    let slug = naming::slug(request.message.as_deref(), truncate);
    let name = naming::file_name(&project.file_template, &rev_id, &slug, &date).map_err(|e| {
        let place = project
            .file_template_origin
            .as_ref()
            .map(|(f, l)| format!("{}:{l}: ", f.display()))
            .unwrap_or_default();
        FixError::Invalid(format!("{place}{}", e.0))
    })?;
    safety::check_discoverable(project, &directory, &name)?;
    let path = directory.join(&name);
    if path.exists() {
        return Err(FixError::Invalid(format!(
            "{} already exists; retort never overwrites a file (choose another --rev-id or message)",
            path.display()
        )));
    }

    let message = request
        .message
        .clone()
        .unwrap_or_else(|| "empty message".into());
    let labels = (!request.branch_labels.is_empty()).then_some(request.branch_labels.as_slice());
    let template_path = match &project.script_location {
        Some(dir) => project_template(&dir.join("script.py.mako"))?,
        None => None,
    };
    let (content, template) = match template_path {
        Some(template_path) => {
            let template = Template::load(&template_path)?;
            let variables = template_variables(
                &message,
                &rev_id,
                &head_ids,
                labels,
                date.clone(),
                main_options(project),
            );
            (
                template.render(&variables)?,
                TemplateSource::Project(template_path),
            )
        }
        None => (
            generic::render(&generic::MergeScript {
                message: &message,
                rev_id: &rev_id,
                heads: &head_ids,
                branch_labels: labels,
                create_date: &date.python_str(),
            }),
            TemplateSource::Builtin,
        ),
    };
    safety::check_rendered(
        &content,
        &path,
        &match &template {
            TemplateSource::Project(p) => crate::source::display_path(p, cwd),
            TemplateSource::Builtin => "Alembic's stock script.py.mako".to_owned(),
        },
        &message,
        &rev_id,
        &head_ids,
        &request.branch_labels,
    )?;

    let mut notes = Vec::new();
    if !project.post_write_hooks.is_empty() {
        notes.push(format!(
            "the project configures post_write_hooks ({}); retort does not run them: run them on the new \
             file yourself (for example your formatter) before committing",
            project.post_write_hooks.join(", ")
        ));
    }
    if project.revision_environment {
        notes.push(
            "revision_environment = true: Alembic would run env.py first, which may pass extra template \
             variables; retort renders the template without running env.py"
                .into(),
        );
    }
    Ok(MergePlan {
        common_ancestors: analysis
            .graph
            .nearest_common_ancestors(&heads)
            .into_iter()
            .map(|n| id_of(analysis, n))
            .collect(),
        branches: branches(analysis, &heads, cwd),
        heads: head_ids,
        rev_id,
        display_path: crate::source::display_path(&path, cwd),
        path,
        content,
        template,
        notes,
        conflicts,
    })
}

/// RT205 between every pair of heads being merged: objects both branches change in
/// ways that do not commute, each with the two places.
fn conflicts(analysis: &Analysis, heads: &[NodeIndex]) -> Vec<String> {
    use crate::rules::schema_rules::head_conflicts;
    let files = &analysis.files;
    let place = |file: usize, span: crate::source::Span| {
        let f = &files[file];
        format!(
            "{}:{}",
            f.source.display,
            f.source.line_col(span.start).line
        )
    };
    let mut out = Vec::new();
    for (a, b, found) in head_conflicts(files, &analysis.graph, heads, |_, _| false) {
        for c in found {
            out.push(format!(
                "heads `{}` and `{}` conflict on {}: {} ({}: {}; {}: {}) (RT205)",
                id_of(analysis, a),
                id_of(analysis, b),
                c.object,
                c.reason,
                place(c.left.file, c.left.span),
                c.left.description,
                place(c.right.file, c.right.span),
                c.right.description
            ));
        }
    }
    out
}

/// The options of the ini's section (`[alembic]`, or `--name`'s), interpolated, for
/// `config.get_main_option`.
fn main_options(project: &crate::config::Project) -> HashMap<String, String> {
    let Some(ini_path) = &project.ini_path else {
        return HashMap::new();
    };
    let Ok(text) = std::fs::read_to_string(ini_path) else {
        return HashMap::new();
    };
    let Ok(ini) = crate::config::Ini::parse(&text) else {
        return HashMap::new();
    };
    let here = project.root.to_string_lossy();
    let section = project.ini_section.as_str();
    ini.keys(section)
        .into_iter()
        .filter_map(|k| {
            let entry = ini.get(section, k, &here).ok().flatten()?;
            Some((k.to_owned(), entry.value))
        })
        .collect()
}

/// What is being merged, for a reviewer (as Django's `makemigrations --merge` shows
/// it): each branch's revisions since the revisions all heads share, each with the
/// schema operations of its `upgrade()`.
pub fn render_summary(plan: &MergePlan) -> String {
    let mut out = String::new();
    let ancestors = match plan.common_ancestors.as_slice() {
        [] => "no common ancestor (separate bases)".to_owned(),
        [one] => format!("common ancestor {one}"),
        many => format!("common ancestors {}", many.join(", ")),
    };
    out.push_str(&format!(
        "Merging {} heads ({ancestors}):\n",
        plan.heads.len()
    ));
    for conflict in &plan.conflicts {
        out.push_str(&format!(
            "  warning: {conflict}; writing anyway (--allow-conflicts)\n"
        ));
    }
    for branch in &plan.branches {
        out.push_str(&format!(
            "  head {} ({} revision{} since then):\n",
            branch.head,
            branch.revisions.len(),
            if branch.revisions.len() == 1 { "" } else { "s" }
        ));
        for revision in &branch.revisions {
            for line in revision_lines(revision) {
                out.push_str("    ");
                out.push_str(&line);
                out.push('\n');
            }
        }
    }
    out
}

/// The lines shown for one revision of a branch.
fn revision_lines(revision: &BranchRevision) -> Vec<String> {
    let mut lines = vec![format!(
        "{}  {}  ({})",
        revision.id,
        revision.message.as_deref().unwrap_or("(no message)"),
        revision.path
    )];
    lines.extend(revision.operations.iter().map(|op| format!("  - {op}")));
    lines
}
