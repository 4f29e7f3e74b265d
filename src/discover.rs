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
    let mut real_paths = RealPaths::default();
    let mut files = Vec::new();
    // One walk lists each path once, and without links no two of its paths are the
    // same file: the real paths are only worked out when there is more than one
    // location, or a link.
    let single = existing.len() == 1;
    for location in existing {
        let recursive = project.recursive_version_locations;
        let mut walker =
            WalkDir::new(location)
                .min_depth(1)
                .max_depth(if recursive { usize::MAX } else { 1 });
        // Files in name order, a directory's files before its subdirectories. One level
        // is sorted afterwards, by names taken once (sorting in the walk takes the name
        // apart from the path at every comparison).
        if recursive {
            walker = walker.sort_by(|a, b| {
                (a.file_type().is_dir(), a.file_name())
                    .cmp(&(b.file_type().is_dir(), b.file_name()))
            });
        }
        let mut listed: Vec<walkdir::DirEntry> = Vec::new();
        for entry in walker
            .into_iter()
            .filter_entry(|e| !(e.file_type().is_dir() && e.file_name() == "__pycache__"))
        {
            listed.push(entry.map_err(|e| DiscoverError {
                path: e.path().unwrap_or(location).to_path_buf(),
                message: match e.io_error() {
                    Some(io) => format!("cannot read this directory: {io}"),
                    None => format!("cannot read: {e}"),
                },
            })?);
        }
        if !recursive {
            // Every entry is `location/name`: the whole paths, compared as bytes, sort
            // as the names do, without taking each name apart from its path.
            listed.sort_unstable_by(|a, b| a.path().as_os_str().cmp(b.path().as_os_str()));
        }
        let unique = single && !listed.iter().any(|e| e.file_type().is_symlink());
        for entry in listed {
            // Alembic takes every entry that is not a directory and judges it by the
            // name its path resolves to: `x.txt -> real.py` is loaded, `x.py ->
            // notes.txt` is not, a link to a missing `gone.py` or a FIFO named `x.py`
            // fails the load (analysis reports why), and so does a loop of links
            // whatever its name.
            // The directory listing says what each entry is without a system call; only
            // a link needs following (`walkdir` does not follow them).
            let kind = entry.file_type();
            let name_ok = if kind.is_dir() {
                false
            } else if !kind.is_symlink() {
                is_revision_os_name(entry.file_name())
            } else if entry.path().is_dir() {
                false
            } else {
                match crate::source::follow_links(entry.path()) {
                    Some(resolved) => resolved.file_name().is_some_and(is_revision_os_name),
                    None => true,
                }
            };
            if !name_ok {
                continue;
            }
            if unique || seen.insert(real_paths.key(&entry)) {
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
    // Most files tried are not revisions: `contains` (a vectorized search) rules them
    // out at once. Then each `revision` (alone or in `down_revision`) that starts a
    // line is checked for an assignment, rather than every line of a large model file.
    if !text.contains("down_revision") {
        return false;
    }
    let (mut revision, mut down_revision) = (false, false);
    for (at, _) in text.match_indices("revision") {
        let before = &text[..at];
        let name = if before.is_empty() || before.ends_with('\n') {
            &mut revision
        } else if before.ends_with("\ndown_") || before == "down_" {
            &mut down_revision
        } else {
            continue;
        };
        let rest = text[at + "revision".len()..]
            .trim_start_matches(|c: char| c != '\n' && c.is_whitespace());
        if rest.starts_with('=') && !rest.starts_with("==") || rest.starts_with(':') {
            *name = true;
            if revision && down_revision {
                return true;
            }
        }
    }
    false
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
    Some(match String::from_utf8(bytes) {
        Ok(text) => text,
        Err(e) => String::from_utf8_lossy(e.as_bytes()).into_owned(),
    })
}

/// Whether the file at `path` reads like a revision file (see [`looks_like_revision`]).
pub fn file_looks_like_revision(path: &Path) -> bool {
    head_of(path).is_some_and(|text| looks_like_revision(&text))
}

/// Revision files below `dir` (8 levels deep at most; `__pycache__`, hidden directories
/// and virtualenvs skipped) that are not in `discovered`: files Alembic, configured as
/// the project is, would not load. The files of the directories the discovered ones
/// are in are not looked at (all known), and the walk stops after 20,000 other
/// entries: a script directory that large is a whole repository (`script_location =
/// %(here)s` at its root), not a place where revision files get lost.
pub fn unreached_revision_files(dir: &Path, discovered: &[PathBuf]) -> Vec<PathBuf> {
    const MAX_ENTRIES: usize = 20_000;
    const MAX_DEPTH: usize = 8;
    // The same directory may be spelled two ways (`%(here)s/versions` and `./versions`):
    // directories by their real path, one `realpath` per directory.
    let real_dir = {
        let mut cache: HashMap<PathBuf, PathBuf> = HashMap::new();
        move |dir: &Path| -> PathBuf {
            if let Some(real) = cache.get(dir) {
                return real.clone();
            }
            let real = dir.canonicalize().unwrap_or_else(|_| dir.to_path_buf());
            cache.insert(dir.to_path_buf(), real.clone());
            real
        }
    };
    let real_dir = std::cell::RefCell::new(real_dir);
    // The directories the discovered files are in (files come grouped by directory):
    // their files are all known (the discovery listed every `*.py` there), so only
    // their subdirectories are looked at.
    let mut location_dirs: HashSet<PathBuf> = HashSet::new();
    let mut last: Option<&Path> = None;
    for path in discovered {
        if last.is_some_and(|dir| directly_in(path, dir)) {
            continue;
        }
        if let Some(dir) = path.parent() {
            location_dirs.insert((real_dir.borrow_mut())(dir));
            last = Some(dir);
        }
    }
    // Files elsewhere are rare: what they are compared with is built on first use.
    let by_dir: std::cell::OnceCell<HashSet<(PathBuf, &std::ffi::OsStr)>> =
        std::cell::OnceCell::new();
    let listed = |path: &Path| {
        let by_dir = by_dir.get_or_init(|| {
            let mut last: Option<(&Path, PathBuf)> = None;
            let mut set = HashSet::new();
            for p in discovered {
                let (Some(dir), Some(name)) = (p.parent(), p.file_name()) else {
                    continue;
                };
                let real = match &last {
                    Some((l, real)) if l.as_os_str() == dir.as_os_str() => real.clone(),
                    _ => {
                        let real = (real_dir.borrow_mut())(dir);
                        last = Some((dir, real.clone()));
                        real
                    }
                };
                set.insert((real, name));
            }
            set
        });
        match (path.parent(), path.file_name()) {
            (Some(dir), Some(name)) => by_dir.contains(&((real_dir.borrow_mut())(dir), name)),
            _ => false,
        }
    };
    // Through symlinks, the same file may have another path: compared only when needed.
    let canonical: std::cell::OnceCell<HashSet<PathBuf>> = std::cell::OnceCell::new();
    let linked = |path: &Path| {
        canonical
            .get_or_init(|| {
                discovered
                    .iter()
                    .filter_map(|p| p.canonicalize().ok())
                    .collect()
            })
            .contains(&path.canonicalize().unwrap_or_else(|_| path.to_path_buf()))
    };
    // The walk is not sorted (the few files found are, at the end).
    let skipped_dir = |name: &std::ffi::OsStr, path: &Path| {
        let name = name.to_string_lossy();
        name == "__pycache__"
            || name.starts_with('.')
            || name == "node_modules"
            || name == "site-packages"
            || path.join("pyvenv.cfg").is_file()
    };
    let mut found = std::collections::BTreeSet::new();
    let mut entries = 0;
    let mut stack = vec![(dir.to_path_buf(), 0usize)];
    'walk: while let Some((current, depth)) = stack.pop() {
        let files_known = location_dirs.contains(&(real_dir.borrow_mut())(&current));
        let Ok(listing) = std::fs::read_dir(&current) else {
            continue;
        };
        for entry in listing.flatten() {
            let Ok(kind) = entry.file_type() else {
                continue;
            };
            if files_known && !kind.is_dir() {
                continue;
            }
            entries += 1;
            if entries > MAX_ENTRIES {
                break 'walk;
            }
            let name = entry.file_name();
            if kind.is_dir() {
                let path = entry.path();
                if depth + 2 <= MAX_DEPTH && !skipped_dir(&name, &path) {
                    stack.push((path, depth + 1));
                }
            } else if kind.is_file() && is_revision_os_name(&name) && name != "env.py" {
                let path = entry.path();
                if file_looks_like_revision(&path) && !listed(&path) && !linked(&path) {
                    found.insert(path);
                }
            }
        }
    }
    found.into_iter().collect()
}

/// Whether `path` is `dir/name`, by its bytes (no component parsing): a name in `dir`.
fn directly_in(path: &Path, dir: &Path) -> bool {
    path.as_os_str()
        .as_encoded_bytes()
        .strip_prefix(dir.as_os_str().as_encoded_bytes())
        .and_then(|rest| rest.strip_prefix(b"/"))
        .is_some_and(|name| !name.is_empty() && !name.contains(&b'/'))
}

/// `os.path.realpath` of listed files, as Alembic takes it to skip a file reached
/// twice, in a form cheap to compare: the real directory (numbered) and the name. Only
/// a symlink needs resolving on its own: any other file's real directory is its
/// directory's, resolved once per directory (and looked up only when the directory
/// changes from one entry to the next).
#[derive(Default)]
struct RealPaths {
    dirs: HashMap<PathBuf, usize>,
    /// The directory of the previous entry, as listed, and its number.
    last: Option<(PathBuf, usize)>,
}

impl RealPaths {
    fn number(&mut self, real_dir: PathBuf) -> usize {
        let next = self.dirs.len();
        *self.dirs.entry(real_dir).or_insert(next)
    }

    fn key(&mut self, entry: &walkdir::DirEntry) -> (usize, std::ffi::OsString) {
        let path = entry.path();
        let resolve = |p: &Path| p.canonicalize().unwrap_or_else(|_| p.to_path_buf());
        match (entry.path_is_symlink(), path.parent(), path.file_name()) {
            (false, Some(dir), Some(name)) => {
                let number = match &self.last {
                    Some((last, number)) if last.as_os_str() == dir.as_os_str() => *number,
                    _ => {
                        let number = self.number(resolve(dir));
                        self.last = Some((dir.to_path_buf(), number));
                        number
                    }
                };
                (number, name.to_owned())
            }
            _ => {
                let real = resolve(path);
                match (real.parent(), real.file_name()) {
                    (Some(dir), Some(name)) => (self.number(dir.to_path_buf()), name.to_owned()),
                    _ => (usize::MAX, real.into_os_string()),
                }
            }
        }
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
        assert!(looks_like_revision(
            "down_revision = None\r\nx = 1\r\nrevision\t= 'a'\r\n"
        ));
        assert!(!looks_like_revision(
            "revision == 'a'\ndown_revision = None\n"
        ));
        assert!(!looks_like_revision(
            "my_revision = 'a'\nup_down_revision = None\n"
        ));
        assert!(!looks_like_revision(
            "revision\n= 'a'\ndown_revision = None\n"
        ));
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

    /// Alembic skips a path whose `os.path.realpath` it has already loaded: a link
    /// listed before its target stands for it, in one location or across two.
    #[cfg(unix)]
    #[test]
    fn a_file_reached_twice_is_listed_once() {
        let dir = tempfile::tempdir().unwrap();
        let v = dir.path().join("versions");
        std::fs::create_dir_all(&v).unwrap();
        std::fs::write(v.join("b.py"), "").unwrap();
        std::fs::write(v.join("c.py"), "").unwrap();
        std::os::unix::fs::symlink("b.py", v.join("a.py")).unwrap();
        let mut project = Project::bare(&v);
        assert_eq!(
            revision_files(&project).unwrap(),
            [v.join("a.py"), v.join("c.py")]
        );
        project
            .version_locations
            .push(dir.path().join("./versions"));
        assert_eq!(
            revision_files(&project).unwrap(),
            [v.join("a.py"), v.join("c.py")]
        );
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
