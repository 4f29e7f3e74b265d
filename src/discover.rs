//! Stage 2: list the revision files of a project the way Alembic's
//! `ScriptDirectory._load_revisions` does: every version location in order; in each,
//! a top-down walk (files of a directory sorted by name before its subdirectories,
//! recursing only with `recursive_version_locations`); names ending in `.py` that do
//! not start with `.#` or `__init__` (after following symbolic links, as Alembic
//! resolves each path first); `__pycache__` skipped; a file reached twice through
//! overlapping locations is listed once. Entries Alembic would fail on (a broken link,
//! a FIFO) are listed too, for the next stage to report.

use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};

use walkdir::WalkDir;

use crate::config::Project;

#[derive(Debug)]
pub struct DiscoverError {
    pub path: PathBuf,
    pub message: String,
}

/// Whether Alembic would load a file with this name as a revision.
pub fn is_revision_file_name(name: &str) -> bool {
    is_revision_os_name(std::ffi::OsStr::new(name))
}

/// The same for a name as the file system gives it, which need not be UTF-8: Alembic
/// (through Python's surrogate escapes) loads `bad\xff.py` like any other file.
fn is_revision_os_name(name: &std::ffi::OsStr) -> bool {
    let name = name.as_encoded_bytes();
    name.ends_with(b".py") && !name.starts_with(b".#") && !name.starts_with(b"__init__")
}

/// The revision files of `project`, in Alembic's load order.
pub fn revision_files(project: &Project) -> Result<Vec<PathBuf>, DiscoverError> {
    let existing: Vec<&PathBuf> = project
        .version_locations
        .iter()
        .filter(|p| p.is_dir())
        .collect();
    if existing.is_empty() && !project.version_locations.is_empty() {
        // Something there that is not a directory: say what, rather than "none".
        if let Some((path, meta)) = project
            .version_locations
            .iter()
            .find_map(|p| std::fs::metadata(p).ok().map(|m| (p, m)))
        {
            return Err(DiscoverError {
                path: path.clone(),
                message: format!(
                    "is {}, not a directory: Alembic expects the revision files in a directory \
                     here; check `script_location` / `version_locations`",
                    if meta.is_file() {
                        "a file"
                    } else {
                        "not a directory"
                    }
                ),
            });
        }
        let looked: Vec<String> = project
            .version_locations
            .iter()
            .map(|p| p.display().to_string())
            .collect();
        return Err(DiscoverError {
            path: project.version_locations[0].clone(),
            message: format!(
                "no versions directory exists (looked in {}); check `script_location` / `version_locations`",
                looked.join(", ")
            ),
        });
    }
    let mut seen = HashSet::new();
    let mut real_dirs = HashMap::new();
    let mut files = Vec::new();
    for location in existing {
        let walker = WalkDir::new(location)
            .min_depth(1)
            .max_depth(if project.recursive_version_locations {
                usize::MAX
            } else {
                1
            })
            .sort_by(|a, b| {
                (a.file_type().is_dir(), a.file_name())
                    .cmp(&(b.file_type().is_dir(), b.file_name()))
            })
            .into_iter()
            .filter_entry(|e| !(e.file_type().is_dir() && e.file_name() == "__pycache__"));
        for entry in walker {
            let entry = entry.map_err(|e| DiscoverError {
                path: e.path().unwrap_or(location).to_path_buf(),
                message: match e.io_error() {
                    Some(io) => format!("cannot read this directory: {io}"),
                    None => format!("cannot read: {e}"),
                },
            })?;
            // Alembic takes every entry that is not a directory and judges it by the
            // name its path resolves to: `x.txt -> real.py` is loaded, `x.py ->
            // notes.txt` is not, a link to a missing `gone.py` or a FIFO named `x.py`
            // fails the load (analysis reports why), and so does a loop of links
            // whatever its name.
            if entry.path().is_dir() {
                continue;
            }
            let name_ok = match crate::source::follow_links(entry.path()) {
                Some(resolved) => resolved.file_name().is_some_and(is_revision_os_name),
                None => true,
            };
            if !name_ok {
                continue;
            }
            if seen.insert(real_path(&entry, &mut real_dirs)) {
                files.push(entry.into_path());
            }
        }
    }
    Ok(files)
}

/// Whether a Python text reads like an Alembic revision file: module-level
/// `revision = ...` and `down_revision = ...` assignments (annotated or not). A cheap
/// textual test, for telling revision files from the other Python files of a tree.
pub fn looks_like_revision(text: &str) -> bool {
    let assigns = |name: &str| {
        text.lines().any(|line| {
            line.strip_prefix(name).is_some_and(|rest| {
                let rest = rest.trim_start();
                rest.starts_with('=') && !rest.starts_with("==") || rest.starts_with(':')
            })
        })
    };
    assigns("revision") && assigns("down_revision")
}

/// The start of a file, enough to see its module-level identifiers.
fn head_of(path: &Path) -> Option<String> {
    use std::io::Read;
    let mut bytes = Vec::new();
    std::fs::File::open(path)
        .ok()?
        .take(256 * 1024)
        .read_to_end(&mut bytes)
        .ok()?;
    Some(String::from_utf8_lossy(&bytes).into_owned())
}

/// Whether the file at `path` reads like a revision file (see [`looks_like_revision`]).
pub fn file_looks_like_revision(path: &Path) -> bool {
    head_of(path).is_some_and(|text| looks_like_revision(&text))
}

/// Revision files below `dir` (at any depth; `__pycache__`, hidden directories and
/// virtualenvs skipped) that are not in `discovered`: files Alembic, configured as the
/// project is, would not load. The walk stops after 20,000 entries: a script directory
/// that large is a whole repository (`script_location = %(here)s` at its root), not a
/// place where revision files get lost.
pub fn unreached_revision_files(dir: &Path, discovered: &[PathBuf]) -> Vec<PathBuf> {
    const MAX_ENTRIES: usize = 20_000;
    let known: HashSet<&Path> = discovered.iter().map(PathBuf::as_path).collect();
    // Through symlinks, the same file may have another path: compared only when needed.
    let canonical: std::cell::OnceCell<HashSet<PathBuf>> = std::cell::OnceCell::new();
    let is_known = |path: &Path| {
        known.contains(path)
            || canonical
                .get_or_init(|| {
                    discovered
                        .iter()
                        .filter_map(|p| p.canonicalize().ok())
                        .collect()
                })
                .contains(&path.canonicalize().unwrap_or_else(|_| path.to_path_buf()))
    };
    let walker = WalkDir::new(dir)
        .min_depth(1)
        .max_depth(8)
        .sort_by_file_name()
        .into_iter()
        .filter_entry(|e| {
            let name = e.file_name().to_string_lossy();
            !(e.file_type().is_dir()
                && (name == "__pycache__"
                    || name.starts_with('.')
                    || name == "node_modules"
                    || name == "site-packages"
                    || e.path().join("pyvenv.cfg").is_file()))
        });
    walker
        .take(MAX_ENTRIES)
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file() && is_revision_os_name(e.file_name()))
        .filter(|e| e.file_name() != "env.py")
        .map(|e| e.into_path())
        .filter(|p| !is_known(p))
        .filter(|p| file_looks_like_revision(p))
        .collect()
}

/// `os.path.realpath` of a listed file, as Alembic takes it to skip a file reached
/// twice. Only a symlink needs resolving on its own: any other file's real path is its
/// directory's (resolved once per directory) joined with its name.
fn real_path(entry: &walkdir::DirEntry, real_dirs: &mut HashMap<PathBuf, PathBuf>) -> PathBuf {
    let path = entry.path();
    let resolve = |p: &Path| p.canonicalize().unwrap_or_else(|_| p.to_path_buf());
    match (entry.path_is_symlink(), path.parent(), path.file_name()) {
        (false, Some(dir), Some(name)) => real_dirs
            .entry(dir.to_path_buf())
            .or_insert_with(|| resolve(dir))
            .join(name),
        _ => resolve(path),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn revision_files_are_told_from_other_python() {
        assert!(looks_like_revision(
            "revision = 'a'\ndown_revision: Union[str, None] = None\n"
        ));
        assert!(looks_like_revision(
            "revision: str = \"a\"\ndown_revision = ('b', 'c')\n"
        ));
        assert!(!looks_like_revision(
            "from app import create_app\napp = create_app()\n"
        ));
        assert!(!looks_like_revision("revision = 'a'\n"));
        assert!(!looks_like_revision(
            "    revision = 'a'\n    down_revision = None\n"
        ));
        assert!(!looks_like_revision("revisions = 1\ndown_revisions = 2\n"));
    }

    #[test]
    fn alembic_file_filter() {
        assert!(is_revision_file_name("abc_init.py"));
        assert!(!is_revision_file_name("__init__.py"));
        assert!(!is_revision_file_name(".#abc.py"));
        assert!(!is_revision_file_name("notes.txt"));
        assert!(!is_revision_file_name("abc.pyc"));
    }

    #[cfg(unix)]
    #[test]
    fn names_that_are_not_utf8_are_listed() {
        use std::os::unix::ffi::OsStrExt;
        let dir = tempfile::tempdir().unwrap();
        let name = std::ffi::OsStr::from_bytes(b"bad\xff.py");
        std::fs::write(dir.path().join(name), "").unwrap();
        std::fs::write(
            dir.path().join(std::ffi::OsStr::from_bytes(b"\xff.txt")),
            "",
        )
        .unwrap();
        let files = revision_files(&Project::bare(dir.path())).unwrap();
        assert_eq!(files, [dir.path().join(name)]);
    }

    #[test]
    fn files_before_subdirectories_and_recursion_only_when_asked() {
        let dir = tempfile::tempdir().unwrap();
        let v = dir.path().join("versions");
        std::fs::create_dir_all(v.join("a_sub/__pycache__")).unwrap();
        for f in [
            "b.py",
            "a.py",
            "__init__.py",
            "a_sub/c.py",
            "a_sub/__pycache__/d.py",
        ] {
            std::fs::write(v.join(f), "").unwrap();
        }
        let mut project = Project::bare(&v);
        let names = |p: &Project| -> Vec<String> {
            revision_files(p)
                .unwrap()
                .iter()
                .map(|f| f.strip_prefix(&v).unwrap().to_string_lossy().into_owned())
                .collect()
        };
        assert_eq!(names(&project), ["a.py", "b.py"]);
        project.recursive_version_locations = true;
        assert_eq!(names(&project), ["a.py", "b.py", "a_sub/c.py"]);
    }
}
