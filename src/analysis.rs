//! Loading one project: find it from the paths given, discover and parse (in parallel)
//! its revision files, evaluate identifiers that name constants, build the graph and
//! read the models. The result, `Analysis`, is what rules, report and fix read; this
//! module sits below all three.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use rayon::prelude::*;

use crate::config::locate::normalize;
use crate::config::{self, LoadOptions, LocationsOrigin, Project, RetortConfig};
use crate::error::RunError;
use crate::graph::RevisionGraph;
use crate::locations::{self, Place};
use crate::python::Extract;
use crate::revision::RevisionFile;
use crate::source::{self, SourceFile};
use crate::{discover, gitbase, python, schema};

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
    /// What the user should know about how the project was read, said once per run.
    pub notes: Vec<Note>,
    /// Whether revisions are expected to define `downgrade()` (RT109).
    pub downgrades: DowngradePolicy,
    /// The SQL dialect the migrations run on, when the project says.
    pub dialect: Option<schema::dialect::DialectChoice>,
}

/// A remark about the run (printed on standard error, never a finding).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Note {
    /// The rule the note is about: shown only when that rule runs.
    pub rule: Option<&'static str>,
    pub text: String,
}

impl Note {
    fn new(text: impl Into<String>) -> Note {
        Note {
            rule: None,
            text: text.into(),
        }
    }
}

/// The project's policy on `downgrade()`: set in `[tool.retort] require-downgrade`, or
/// read from the history (most non-merge revisions define one: required).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DowngradePolicy {
    pub required: bool,
    /// Set by `require-downgrade` rather than read from the history.
    pub explicit: bool,
    /// Non-merge revisions with and without `downgrade()`.
    pub with: usize,
    pub without: usize,
}

impl Analysis {
    /// Options of the schema replay, from `[tool.retort]`.
    pub fn replay_options(&self) -> schema::replay::ReplayOptions {
        schema::replay::ReplayOptions {
            assume_complete_history: self.config.options.assume_complete_history.unwrap_or(false),
            dialect: self.dialect.as_ref().map(|d| d.dialect),
            default_names: self.dialect.as_ref().map(|d| d.dialect)
                == Some(crate::ops::Dialect::PostgreSQL)
                && self
                    .models
                    .naming_convention()
                    .is_some_and(|c| default_naming_convention(&c)),
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

/// Whether a `MetaData(naming_convention=...)` names unnamed objects as SQLAlchemy's
/// default does: no template for primary keys, unique, foreign key or check
/// constraints, and indexes as `ix_%(column_0_label)s`.
fn default_naming_convention(convention: &[(String, String)]) -> bool {
    convention.iter().all(|(key, template)| match key.as_str() {
        "ix" => template == "ix_%(column_0_label)s",
        "pk" | "uq" | "fk" | "ck" => false,
        // Keys are also written as the constraint classes; anything else names
        // nothing retort tracks.
        other => !other.contains("Constraint") && !other.contains("Index"),
    })
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
    /// `--versions DIR` (repeatable): read the revision files in these directories,
    /// with the settings of the project around the first one.
    pub versions: Vec<PathBuf>,
    /// `--base REF`: add the revision files of git ref REF (the tree after the merge).
    pub base: Option<String>,
    /// `--name SECTION`: the alembic.ini section to read, as `alembic --name`.
    pub ini_section: Option<String>,
    /// What the command needs from each file: `heads` and `graph` need only the
    /// identifiers (no ops, no models).
    pub extract: Extract,
}

/// Paths that belong to one history: the project, the directories named outside its
/// version locations (read as locations instead), the files named (None: all), and
/// the first path given (for the message when a bare directory holds nothing).
struct Group {
    project: Project,
    config: RetortConfig,
    outside: Vec<PathBuf>,
    only: Option<BTreeSet<PathBuf>>,
    origin: (PathBuf, Option<PathBuf>),
}

/// Resolve the command-line paths to projects and load each one.
pub fn load(target: &Target) -> Result<Vec<Analysis>, RunError> {
    let cwd = std::env::current_dir().ok();
    let cwd = cwd.as_deref();
    if !target.versions.is_empty() {
        return load_versions(target, cwd).map(|a| vec![a]);
    }
    let paths = if target.paths.is_empty() {
        vec![cwd.map_or_else(|| PathBuf::from("."), Path::to_path_buf)]
    } else {
        target.paths.clone()
    };

    // Group the paths by history, keeping the order they were given in.
    let mut groups: Vec<Group> = Vec::new();
    for path in &paths {
        let abs = normalize(&absolute(path));
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
        let (project, config) = project_around(&dir, target, cwd)?;
        let canonical_file = file.as_ref().map(|f| f.canonicalize().unwrap_or(f.clone()));
        // A bare directory (no project around it) is its own history.
        let place = if project.has_config_file() || project.script_location.is_some() {
            locations::classify(&project, &abs, file.is_some())?
        } else {
            Place::Configured
        };
        let outside = match place {
            Place::Configured => None,
            Place::Outside(dir) => Some(dir),
        };
        let existing = groups.iter_mut().find(|g| {
            g.project.root == project.root
                && g.project.version_locations == project.version_locations
                && g.outside.is_empty() == outside.is_none()
        });
        match existing {
            Some(group) => {
                if let Some(dir) = outside
                    && !group.outside.contains(&dir)
                {
                    group.outside.push(dir);
                }
                match (group.only.as_mut(), canonical_file) {
                    (Some(set), Some(f)) => {
                        set.insert(f);
                    }
                    // A directory was named too: report everything.
                    _ => group.only = None,
                }
            }
            None => groups.push(Group {
                project,
                config,
                outside: outside.into_iter().collect(),
                only: canonical_file.map(|f| BTreeSet::from([f])),
                origin: (path.clone(), file.clone()),
            }),
        }
    }

    groups
        .into_iter()
        .map(|group| {
            let Group {
                mut project,
                config,
                outside,
                only,
                origin: (path, file),
            } = group;
            let mut notes = Vec::new();
            if outside.is_empty() {
                check_bare(&project, &config, &path, file.as_deref())?;
            } else {
                notes.push(Note::new(locations::outside_note(&project, &outside, cwd)));
                project.version_locations = outside;
                project.locations_origin = LocationsOrigin::Named;
            }
            let mut analysis = load_project(
                project,
                config,
                only,
                target.base.as_deref(),
                cwd,
                target.extract,
            )?;
            notes.append(&mut analysis.notes);
            analysis.notes = notes;
            Ok(analysis)
        })
        .collect()
}

/// `--versions DIR...`: these directories, with the settings of the project around
/// the first one (its `file_template`, its `[tool.retort]`), if there is one.
fn load_versions(target: &Target, cwd: Option<&Path>) -> Result<Analysis, RunError> {
    let mut dirs = Vec::new();
    for given in &target.versions {
        let dir = normalize(&absolute(given));
        if !dir.is_dir() {
            return Err(RunError::Path {
                path: given.clone(),
                message: "not a directory (given with --versions)".into(),
            });
        }
        if !dirs.contains(&dir) {
            dirs.push(dir);
        }
    }
    let (mut project, config) = project_around(&dirs[0], target, cwd)?;
    project.version_locations = dirs;
    project.locations_origin = LocationsOrigin::CommandLine;
    load_project(
        project,
        config,
        None,
        target.base.as_deref(),
        cwd,
        target.extract,
    )
}

/// The project a directory belongs to (see `config::find_project_root`), read with
/// the section and working directory of this run, and the retort configuration that
/// goes with it (its `versions` applied, unless `--versions` was given). With no
/// project anywhere around, the directory itself is a bare directory of revision files.
fn project_around(
    dir: &Path,
    target: &Target,
    cwd: Option<&Path>,
) -> Result<(Project, RetortConfig), RunError> {
    let (mut project, config) = match config::find_project_root(dir) {
        Some(root) => {
            let config = config::options::find_and_load(&root)?;
            let options = LoadOptions {
                ini_section: target
                    .ini_section
                    .clone()
                    .or_else(|| config.options.ini_section.clone()),
                cwd: cwd.map(Path::to_path_buf),
                locations_given: !target.versions.is_empty() || config.options.versions.is_some(),
            };
            (config::load_project_with(&root, &options)?, config)
        }
        None => (Project::bare(dir), config::options::find_and_load(dir)?),
    };
    if target.versions.is_empty()
        && let (Some(versions), Some(base), Some(file)) = (
            &config.options.versions,
            config.base_dir(),
            config.path.as_ref(),
        )
    {
        project.version_locations =
            config::options::expand_versions(base, versions).map_err(|message| {
                config::ConfigError {
                    file: file.clone(),
                    line: None,
                    key: Some("versions".into()),
                    message,
                }
            })?;
        project.locations_origin = LocationsOrigin::RetortConfig;
    }
    Ok((project, config))
}

/// A bare directory (no project found) must hold revision files: a path that holds
/// none is a mistake (a CI job pointed at the wrong place, an application's root
/// whose migrations live elsewhere), not a clean history.
fn check_bare(
    project: &Project,
    config: &RetortConfig,
    path: &Path,
    file: Option<&Path>,
) -> Result<(), RunError> {
    if project.has_config_file()
        || project.script_location.is_some()
        || config.options.versions.is_some()
    {
        return Ok(());
    }
    let python_files = match file {
        Some(f) => vec![f.to_path_buf()],
        // A directory that cannot be read is that, not an empty one.
        None => discover::revision_files(project).map_err(|e| RunError::Path {
            path: e.path,
            message: e.message,
        })?,
    };
    if python_files
        .iter()
        .any(|f| discover::file_looks_like_revision(f))
    {
        return Ok(());
    }
    const LOOKED: &str = "looked here and above for alembic.ini, pyproject.toml with \
                          [tool.alembic], Flask-Migrate's migrations/alembic.ini and an \
                          Alembic script directory (env.py with versions/)";
    Err(RunError::Other(match file {
        Some(f) => format!(
            "{} is not a revision file ({}), and no Alembic project is around it ({LOOKED})",
            path.display(),
            if f.file_name()
                .is_some_and(|n| discover::is_revision_file_name(&n.to_string_lossy()))
            {
                "it assigns no `revision` and `down_revision` at the top level"
            } else {
                "Alembic loads `*.py` files only"
            }
        ),
        None if python_files.is_empty() => format!(
            "no Alembic project or revision files in {} ({LOOKED}; nor does it hold *.py \
             revision files)",
            path.display()
        ),
        None => format!(
            "no Alembic project in {} ({LOOKED}), and none of its {} Python files is a \
             revision file (assigning `revision` and `down_revision`); point retort at the \
             directory holding alembic.ini or the migrations",
            path.display(),
            python_files.len()
        ),
    }))
}

fn absolute(path: &Path) -> PathBuf {
    std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf())
}

/// Discover, read and parse (in parallel) the revision files of one project, evaluate
/// identifiers that name constants, and build its graph.
pub fn load_project(
    project: Project,
    config: RetortConfig,
    only_files: Option<BTreeSet<PathBuf>>,
    base: Option<&str>,
    cwd: Option<&Path>,
    extract: Extract,
) -> Result<Analysis, RunError> {
    let paths = discover::revision_files(&project).map_err(|e| RunError::Path {
        path: e.path,
        message: e.message,
    })?;
    let imports = import_roots(&project, &config);
    let limit = config.max_file_size();
    // The model modules are read beside the revision files.
    let (files, models) = rayon::join(
        || {
            // Collected as an indexed iterator: one allocation of the exact size, each
            // file written once.
            paths
                .par_iter()
                .map(|path| read_and_parse(path, cwd, &imports, extract, limit))
                .collect::<Vec<RevisionFile>>()
        },
        || match extract {
            Extract::Everything => schema::models::load(&project, &config),
            Extract::Identifiers => Ok(schema::models::ModelSet::empty()),
        },
    );
    let mut files = files;
    let mut models = models?;
    let base = match base {
        Some(reference) => {
            let from_git = gitbase::read(&project, reference)?;
            files.extend(
                from_git
                    .extra
                    .into_par_iter()
                    .map(|f| {
                        python::parse_revision_with(
                            Arc::new(
                                SourceFile::new(f.path, f.display, f.text).from_git(reference),
                            ),
                            extract,
                            Some(&imports),
                        )
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
    if files.iter().any(|f| !f.unresolved.is_empty()) {
        let roots = config::locate::package_roots(&project.root, cwd);
        python::consts::resolve_identifiers(
            &mut files,
            &mut python::consts::ProjectModules::new(roots),
        );
    }
    let graph = RevisionGraph::build(&files);
    let mut notes: Vec<Note> = project.notes.iter().map(Note::new).collect();
    if matches!(
        project.locations_origin,
        LocationsOrigin::Alembic | LocationsOrigin::RetortConfig
    ) && let Some(note) = locations::unreached_note(&project, &config, &paths, cwd)
    {
        notes.push(Note::new(note));
    }
    let downgrades = downgrade_policy(&files, &config);
    if !downgrades.required && !downgrades.explicit && downgrades.without > 0 {
        notes.push(Note {
            rule: Some(crate::rules::MISSING_UPGRADE_OR_DOWNGRADE.code),
            text: downgrade_note(&downgrades, &config, &project, cwd),
        });
    }
    let dialect = schema::dialect::detect(&project, &config, &models.env_url_schemes);
    schema::link::settle(&mut files, dialect.as_ref().map(|d| d.dialect));
    if let Some(convention) = models.naming_convention() {
        schema::link::apply_naming_convention(&mut files, &convention);
    }
    schema::link::resolve_type_decorators(&mut files, &mut models);
    Ok(Analysis {
        project,
        config,
        files,
        graph,
        only_files,
        base,
        models,
        notes,
        downgrades,
        dialect,
    })
}

/// RT109's policy for `downgrade()`: what `require-downgrade` says, else what most
/// non-merge revisions do (merge revisions, written by `alembic merge` from the
/// template, say nothing about the project's habits).
fn downgrade_policy(files: &[RevisionFile], config: &RetortConfig) -> DowngradePolicy {
    let counted = files.iter().filter(|f| f.down_revisions().len() < 2);
    let with = counted.clone().filter(|f| f.downgrade.is_some()).count();
    let without = counted.count() - with;
    match config.options.require_downgrade {
        Some(required) => DowngradePolicy {
            required,
            explicit: true,
            with,
            without,
        },
        None => DowngradePolicy {
            required: with > 0 && with >= without,
            explicit: false,
            with,
            without,
        },
    }
}

fn downgrade_note(
    policy: &DowngradePolicy,
    config: &RetortConfig,
    project: &Project,
    cwd: Option<&Path>,
) -> String {
    let shown = |p: &Path| locations::shown(p, cwd);
    let total = policy.with + policy.without;
    let which = if total == 1 {
        "the only revision defines no `downgrade()`".to_owned()
    } else if policy.with == 0 {
        format!("none of the {total} revisions defines `downgrade()`")
    } else {
        format!(
            "{} of the {total} revisions define no `downgrade()`",
            policy.without
        )
    };
    let place = match &config.path {
        Some(path) if path.file_name().is_some_and(|n| n == "retort.toml") => {
            format!("in {}", shown(path))
        }
        Some(path) => format!("under [tool.retort] in {}", shown(path)),
        None => format!(
            "under [tool.retort] (or in a retort.toml in {})",
            shown(
                project
                    .ini_path
                    .as_deref()
                    .and_then(Path::parent)
                    .unwrap_or(&project.root)
            )
        ),
    };
    format!(
        "RT109: {which}; retort takes that as the project's policy (downgrades not \
         supported) and does not ask each file for one; to require them, set \
         `require-downgrade = true` {place}"
    )
}

/// Where a revision's imports of the project's own modules are found: the project
/// root (Alembic's `prepend_sys_path = .`), the configuration's directory and the
/// directory above `script_location`.
fn import_roots(project: &Project, config: &RetortConfig) -> python::ImportRoots {
    let mut roots = vec![project.root.clone()];
    let more = [
        config.base_dir().map(Path::to_path_buf),
        project
            .script_location
            .as_deref()
            .and_then(Path::parent)
            .map(Path::to_path_buf),
    ];
    for root in more.into_iter().flatten() {
        if !roots.contains(&root) {
            roots.push(root);
        }
    }
    python::ImportRoots { roots }
}

fn read_and_parse(
    path: &Path,
    cwd: Option<&Path>,
    imports: &python::ImportRoots,
    extract: Extract,
    limit: u64,
) -> RevisionFile {
    let display = source::display_path(path, cwd);
    let bytes = match source::read_bounded(path, limit) {
        Ok(bytes) => bytes,
        Err(e) => {
            let (why, too_large) = unread_reason(&e, cwd);
            let empty = Arc::new(SourceFile::new(path.to_path_buf(), display, ""));
            return RevisionFile::unread(empty, why, too_large);
        }
    };
    // Python source is UTF-8 by default; replace anything else rather than give up, so
    // the identifiers can still be checked.
    let text = match String::from_utf8(bytes) {
        Ok(text) => text,
        Err(e) => String::from_utf8_lossy(e.as_bytes()).into_owned(),
    };
    python::parse_revision_with(
        Arc::new(SourceFile::new(path.to_path_buf(), display, text)),
        extract,
        Some(imports),
    )
}

/// Why a revision file was not read, in the words of RT001 (too large: `true`) or
/// RT004, naming what Alembic does with the same file.
fn unread_reason(e: &source::ReadError, cwd: Option<&Path>) -> (String, bool) {
    use source::ReadError as E;
    let consequence = match e {
        E::TooLarge { .. } => {
            return (
                format!(
                    "this file {e}: not parsed. A revision file this large is most likely not \
                     one; if it is, raise `max-file-size` in [tool.retort]"
                ),
                true,
            );
        }
        E::BrokenLink { target } => {
            let shown = source::display_path(target, cwd);
            return (
                format!(
                    "this file is a symbolic link to `{shown}`, which does not exist: Alembic \
                     cannot load it (ImportError: Can't find Python file)"
                ),
                false,
            );
        }
        E::LinkLoop => "Alembic cannot load it (RuntimeError: Symlink loop)",
        E::NotRegular(what) if what.contains("FIFO") => {
            "Alembic would wait forever reading it (every command hangs)"
        }
        E::NotRegular(what) if what.contains("device") => {
            "Alembic would try to read it as Python source (and hang or run out of memory)"
        }
        E::NotRegular(_) => "Alembic cannot load it (OSError)",
        E::Io(io) if io.kind() == std::io::ErrorKind::PermissionDenied => {
            "Alembic cannot load it either (PermissionError)"
        }
        E::Io(_) => "Alembic cannot load it either",
    };
    (format!("this file {e}: {consequence}"), false)
}
