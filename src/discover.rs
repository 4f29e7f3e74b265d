//! Stage 2: list the revision files of a project the way Alembic's
//! `ScriptDirectory._load_revisions` does: every version location in order; in each,
//! a top-down walk (files of a directory sorted by name before its subdirectories,
//! recursing only with `recursive_version_locations`); names ending in `.py` that do
//! not start with `.#` or `__init__`; `__pycache__` skipped; a file reached twice
//! through overlapping locations is listed once.

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
                message: format!("cannot read: {e}"),
            })?;
            if !entry.file_type().is_file() && !entry.path().is_file() {
                continue;
            }
            if !is_revision_os_name(entry.file_name()) {
                continue;
            }
            if seen.insert(real_path(&entry, &mut real_dirs)) {
                files.push(entry.into_path());
            }
        }
    }
    Ok(files)
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
