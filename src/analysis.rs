//! Loading one project: find it from the paths given, discover and parse (in parallel)
//! its revision files, build the graph and read the models. The result, `Analysis`, is
//! what rules, report and fix read; this module sits below all three.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use rayon::prelude::*;

use crate::config::{self, Project, RetortConfig};
use crate::error::RunError;
use crate::graph::RevisionGraph;
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
        // A directory that cannot be read is that, not an empty one.
        None => !discover::revision_files(project)
            .map_err(|e| RunError::Path {
                path: e.path,
                message: e.message,
            })?
            .is_empty(),
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
    let limit = config.max_file_size();
    let mut files: Vec<RevisionFile> = paths
        .par_iter()
        .map(|path| read_and_parse(path, cwd, limit))
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

fn read_and_parse(path: &Path, cwd: Option<&Path>, limit: u64) -> Result<RevisionFile, RunError> {
    let display = source::display_path(path, cwd);
    let bytes = match source::read_bounded(path, limit) {
        Ok(bytes) => bytes,
        Err(e) => {
            let (why, too_large) = unread_reason(&e, cwd);
            let empty = Arc::new(SourceFile::new(path.to_path_buf(), display, ""));
            return Ok(RevisionFile::unread(empty, why, too_large));
        }
    };
    // Python source is UTF-8 by default; replace anything else rather than give up, so
    // the identifiers can still be checked.
    let text = match String::from_utf8(bytes) {
        Ok(text) => text,
        Err(e) => String::from_utf8_lossy(e.as_bytes()).into_owned(),
    };
    Ok(python::parse_revision(Arc::new(SourceFile::new(
        path.to_path_buf(),
        display,
        text,
    ))))
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
