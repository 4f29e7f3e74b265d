//! retort: a static analyzer for Alembic migration histories.
//!
//! The pipeline, one module per stage, data flowing one way:
//! `config` (find the project, read alembic.ini / pyproject) -> `discover` (list revision
//! files) -> `python` (parse each file, in parallel) -> `graph` (the revision DAG) ->
//! `rules` (diagnostics) -> `report` (render). Only `report` and the binary print.

pub mod config;
pub mod diagnostic;
pub mod discover;
pub mod fix;
pub mod gitbase;
pub mod graph;
pub mod model;
pub mod ops;
pub mod output;
pub mod python;
pub mod report;
pub mod revision;
pub mod rules;
pub mod schema;
pub mod source;

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use rayon::prelude::*;

use config::{ConfigError, Project, RetortConfig};
use diagnostic::Diagnostic;
use graph::RevisionGraph;
use revision::RevisionFile;
use rules::RuleSettings;
use source::SourceFile;

/// Why retort could not run at all (exit code 2).
#[derive(Debug, thiserror::Error)]
pub enum RunError {
    #[error("{0}")]
    Config(#[from] ConfigError),
    #[error("{path}: {message}")]
    Path { path: PathBuf, message: String },
    #[error("{0}")]
    Other(String),
}

/// One project, loaded: its configuration, parsed revision files and graph.
#[derive(Debug)]
pub struct Analysis {
    pub project: Project,
    pub config: RetortConfig,
    pub files: Vec<RevisionFile>,
    pub graph: RevisionGraph,
    /// When the user named individual files, only findings in them are reported.
    pub only_files: Option<BTreeSet<PathBuf>>,
    /// With `--base REF`: the ref, and which of `files` are present in it.
    pub base: Option<Base>,
    /// The SQLAlchemy model, read statically (schema checks).
    pub models: schema::models::ModelSet,
}

impl Analysis {
    /// Options of the schema replay, from `[tool.retort]`.
    pub fn replay_options(&self) -> schema::replay::ReplayOptions {
        schema::replay::ReplayOptions {
            assume_complete_history: self.config.options.assume_complete_history.unwrap_or(false),
        }
    }

    /// Every source file a diagnostic may point into: revision files and model files.
    pub fn sources(&self) -> impl Iterator<Item = &Arc<SourceFile>> {
        self.files
            .iter()
            .map(|f| &f.source)
            .chain(self.models.modules.iter().map(|m| &m.source))
    }
}

/// What `--base REF` contributed to an analysis.
#[derive(Debug, Clone)]
pub struct Base {
    pub reference: String,
    /// Indices into `Analysis::files` of the files REF holds.
    pub files_in_base: std::collections::HashSet<usize>,
    pub warning: Option<String>,
}

/// Where to look, as given on the command line.
#[derive(Debug, Clone, Default)]
pub struct Target {
    pub paths: Vec<PathBuf>,
    /// `--versions DIR`: lint this directory of revision files.
    pub versions: Option<PathBuf>,
    /// `--base REF`: add the revision files of git ref REF (the tree after the merge).
    pub base: Option<String>,
}

/// Paths that belong to one project: the project, the files named (None: all), and the
/// first path given (for the message when a bare directory holds nothing).
type Group = (
    Project,
    Option<BTreeSet<PathBuf>>,
    (PathBuf, Option<PathBuf>),
);

/// Resolve the command-line paths to projects and load each one.
pub fn load(target: &Target) -> Result<Vec<Analysis>, RunError> {
    let cwd = std::env::current_dir().ok();
    if let Some(versions) = &target.versions {
        let dir = absolute(versions);
        if !dir.is_dir() {
            return Err(RunError::Path {
                path: versions.clone(),
                message: "not a directory (given with --versions)".into(),
            });
        }
        let config = config::options::find_and_load(&dir)?;
        return Ok(vec![load_project(
            Project::bare(&dir),
            config,
            None,
            target.base.as_deref(),
            cwd.as_deref(),
        )?]);
    }
    let paths = if target.paths.is_empty() {
        vec![cwd.clone().unwrap_or_else(|| PathBuf::from("."))]
    } else {
        target.paths.clone()
    };

    // Group the paths by project, keeping the order they were given in (and, for the
    // check of a bare directory, the first path that led to each).
    let mut groups: Vec<Group> = Vec::new();
    for path in &paths {
        let abs = absolute(path);
        let (dir, file) = if abs.is_dir() {
            (abs.clone(), None)
        } else if abs.is_file() {
            (
                abs.parent().map(Path::to_path_buf).unwrap_or_default(),
                Some(abs.clone()),
            )
        } else {
            return Err(RunError::Path {
                path: path.clone(),
                message: "no such file or directory".into(),
            });
        };
        let project = project_for_dir(&dir)?;
        let origin = (path.clone(), file.clone());
        let canonical_file = file.map(|f| f.canonicalize().unwrap_or(f));
        match groups.iter_mut().find(|(p, _, _)| {
            p.root == project.root && p.version_locations == project.version_locations
        }) {
            Some((_, only, _)) => match (only.as_mut(), canonical_file) {
                (Some(set), Some(f)) => {
                    set.insert(f);
                }
                // A directory of the project was named too: report everything.
                _ => *only = None,
            },
            None => groups.push((project, canonical_file.map(|f| BTreeSet::from([f])), origin)),
        }
    }

    groups
        .into_iter()
        .map(|(project, only, (path, file))| {
            let config = config::options::find_and_load(&project.root)?;
            // `versions` in retort's own configuration says where the files are.
            if config.options.versions.is_none() {
                check_bare(&project, &path, file.as_deref())?;
            }
            load_project(
                project,
                config,
                only,
                target.base.as_deref(),
                cwd.as_deref(),
            )
        })
        .collect()
}

/// The project a directory belongs to: the nearest project root at or above it (as
/// `alembic` run there would find), or else, with no project anywhere above, the
/// directory itself as a bare directory of revision files.
fn project_for_dir(dir: &Path) -> Result<Project, RunError> {
    match config::find_project_root(dir) {
        Some(root) => Ok(config::load_project(&root)?),
        None => Ok(Project::bare(dir)),
    }
}

/// A bare directory (no project found) must hold revision files: a path that holds
/// none is a mistake (a CI job pointed at the wrong place), not a clean history.
fn check_bare(project: &Project, path: &Path, file: Option<&Path>) -> Result<(), RunError> {
    if project.ini_path.is_some() || project.pyproject_path.is_some() {
        return Ok(());
    }
    let is_revision_name = |f: &Path| {
        f.file_name()
            .is_some_and(|n| discover::is_revision_file_name(&n.to_string_lossy()))
    };
    let found = match file {
        Some(f) => is_revision_name(f),
        None => discover::revision_files(project).is_ok_and(|files| !files.is_empty()),
    };
    if found {
        return Ok(());
    }
    Err(RunError::Other(match file {
        Some(_) => format!(
            "{} is not a revision file (*.py), and no Alembic project (alembic.ini, \
             pyproject.toml [tool.alembic]) is around it",
            path.display()
        ),
        None => format!(
            "no Alembic project or revision files in {} (looked for alembic.ini, \
             pyproject.toml [tool.alembic], *.py)",
            path.display()
        ),
    }))
}

fn absolute(path: &Path) -> PathBuf {
    std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf())
}

/// Discover, read and parse (in parallel) the revision files of one project, and build
/// its graph.
pub fn load_project(
    mut project: Project,
    config: RetortConfig,
    only_files: Option<BTreeSet<PathBuf>>,
    base: Option<&str>,
    cwd: Option<&Path>,
) -> Result<Analysis, RunError> {
    if let (Some(versions), Some(base)) = (&config.options.versions, config.base_dir()) {
        project.version_locations = versions.iter().map(|v| base.join(v)).collect();
    }
    let paths = discover::revision_files(&project).map_err(|e| RunError::Path {
        path: e.path,
        message: e.message,
    })?;
    let mut files: Vec<RevisionFile> = paths
        .par_iter()
        .map(|path| read_and_parse(path, cwd))
        .collect::<Result<_, _>>()?;
    let base = match base {
        Some(reference) => {
            let from_git = gitbase::read(&project, reference)?;
            files.extend(
                from_git
                    .extra
                    .into_par_iter()
                    .map(|f| {
                        python::parse_revision(Arc::new(
                            SourceFile::new(f.path, f.display, f.text).from_git(reference),
                        ))
                    })
                    .collect::<Vec<_>>(),
            );
            let files_in_base = files
                .iter()
                .enumerate()
                .filter(|(_, f)| {
                    let real = f
                        .source
                        .path
                        .canonicalize()
                        .unwrap_or_else(|_| f.source.path.clone());
                    from_git.in_base.contains(&real) || from_git.in_base.contains(&f.source.path)
                })
                .map(|(i, _)| i)
                .collect();
            Some(Base {
                reference: from_git.reference,
                files_in_base,
                warning: from_git.warning,
            })
        }
        None => None,
    };
    let graph = RevisionGraph::build(&files);
    let models = schema::models::load(&project, &config)?;
    Ok(Analysis {
        project,
        config,
        files,
        graph,
        only_files,
        base,
        models,
    })
}

fn read_and_parse(path: &Path, cwd: Option<&Path>) -> Result<RevisionFile, RunError> {
    let bytes = std::fs::read(path).map_err(|e| RunError::Path {
        path: path.to_path_buf(),
        message: format!("cannot read: {e}"),
    })?;
    // Python source is UTF-8 by default; replace anything else rather than give up, so
    // the identifiers can still be checked.
    let text = match String::from_utf8(bytes) {
        Ok(text) => text,
        Err(e) => String::from_utf8_lossy(e.as_bytes()).into_owned(),
    };
    let display = source::display_path(path, cwd);
    Ok(python::parse_revision(Arc::new(SourceFile::new(
        path.to_path_buf(),
        display,
        text,
    ))))
}

/// Rule selection from the config file and the command line (the latter wins).
#[derive(Debug, Clone, Default)]
pub struct Selection {
    pub select: Option<Vec<String>>,
    pub extend_select: Vec<String>,
    pub ignore: Vec<String>,
}

impl Selection {
    /// The selection given by `--select`, `--extend-select` and `--ignore`, checked.
    /// Empty items are dropped, so `--select=` selects no rule, as `select = []` does
    /// in the config file, and a trailing comma is harmless. A selector that matches
    /// no rule is an error naming the flag.
    pub fn from_flags(
        select: Option<Vec<String>>,
        extend_select: Vec<String>,
        ignore: Vec<String>,
    ) -> Result<Selection, RunError> {
        let clean = |flag: &str, list: Vec<String>| -> Result<Vec<String>, RunError> {
            let list: Vec<String> = list
                .iter()
                .map(|s| s.trim())
                .filter(|s| !s.is_empty())
                .map(str::to_owned)
                .collect();
            if let Some(bad) = list.iter().find(|s| rules::matching(s).is_empty()) {
                return Err(RunError::Other(format!(
                    "{flag}: `{bad}` matches no rule (see `retort rule --all`)"
                )));
            }
            Ok(list)
        };
        Ok(Selection {
            select: select.map(|l| clean("--select", l)).transpose()?,
            extend_select: clean("--extend-select", extend_select)?,
            ignore: clean("--ignore", ignore)?,
        })
    }
}

/// Turn config + CLI selection into the concrete rule settings.
pub fn rule_settings(config: &RetortConfig, cli: &Selection) -> RuleSettings {
    let options = &config.options;
    let select = cli.select.clone().or_else(|| options.select.clone());
    let mut enabled: BTreeSet<&'static str> = match &select {
        Some(list) => list
            .iter()
            .flat_map(|s| rules::matching(s))
            .map(|r| r.code)
            .collect(),
        None => RuleSettings::default().enabled,
    };
    let extend = options
        .extend_select
        .iter()
        .flatten()
        .chain(&cli.extend_select);
    enabled.extend(extend.flat_map(|s| rules::matching(s)).map(|r| r.code));
    // An explicit `--select` on the command line is not undone by the file's `ignore`.
    let file_ignores = if cli.select.is_some() {
        None
    } else {
        options.ignore.as_ref()
    };
    for selector in file_ignores.into_iter().flatten().chain(&cli.ignore) {
        for rule in rules::matching(selector) {
            enabled.remove(rule.code);
        }
    }
    RuleSettings {
        enabled,
        allow_labelled_heads: options.allow_labelled_heads.unwrap_or(true),
    }
}

/// Run the rules on one loaded project and return sorted diagnostics.
pub fn lint(analysis: &Analysis, settings: &RuleSettings) -> Vec<Diagnostic> {
    let found = rules::check(analysis, settings);
    let mut diagnostics = rules::suppression::apply(&analysis.files, found, settings);
    if let Some(severities) = &analysis.config.options.severity {
        for d in &mut diagnostics {
            // The most specific key wins: a code or name, then the longest prefix.
            if let Some(level) = severities
                .iter()
                .filter(|(key, _)| rules::matching(key).iter().any(|r| r.code == d.code))
                .max_by_key(|(key, _)| {
                    if key.eq_ignore_ascii_case(d.code) || key.as_str() == d.name {
                        usize::MAX
                    } else {
                        key.len()
                    }
                })
                .and_then(|(_, level)| diagnostic::Severity::parse(level))
            {
                d.severity = level;
            }
        }
    }
    if let (Some(map), Some(base)) = (
        &analysis.config.options.per_file_ignores,
        analysis.config.base_dir(),
    ) {
        let patterns: Vec<(globset::GlobMatcher, Vec<&'static str>)> = map
            .iter()
            .filter_map(|(pattern, selectors)| {
                let glob = globset::GlobBuilder::new(pattern)
                    .literal_separator(false)
                    .build()
                    .ok()?;
                let codes = selectors
                    .iter()
                    .flat_map(|s| rules::matching(s))
                    .map(|r| r.code)
                    .collect();
                Some((glob.compile_matcher(), codes))
            })
            .collect();
        diagnostics.retain(|d| {
            let Some(location) = &d.location else {
                return true;
            };
            let relative = location
                .fs_path
                .strip_prefix(base)
                .unwrap_or(&location.fs_path);
            !patterns
                .iter()
                .any(|(glob, codes)| codes.contains(&d.code) && glob.is_match(relative))
        });
    }
    if let Some(only) = &analysis.only_files {
        diagnostics.retain(|d| {
            d.location.as_ref().is_some_and(|l| {
                let real = l
                    .fs_path
                    .canonicalize()
                    .unwrap_or_else(|_| l.fs_path.clone());
                only.contains(&real)
            })
        });
    }
    diagnostic::sort(&mut diagnostics);
    diagnostics
}
