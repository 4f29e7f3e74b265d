//! Where a project's configuration is, and where the paths it names lead, as Alembic
//! (and the tools that drive it, such as Flask-Migrate) would find them: the nearest
//! `alembic.ini` / `pyproject.toml [tool.alembic]` / Flask-Migrate `migrations/alembic.ini`
//! at or above a directory; `script_location` and `version_locations` as plain paths
//! (relative ones from the working directory, then from the configuration file's
//! directory) or as package resources (`pkg:path`, `pkg.sub:path`, `pkg:a:b`),
//! resolved statically in the project's tree without importing anything.

use std::path::{Path, PathBuf};

/// The directory Flask-Migrate keeps its environment in unless told otherwise
/// (`Migrate(app, db, directory="migrations")`).
pub const FLASK_MIGRATE_DIR: &str = "migrations";

/// The file that marks a project root: `alembic.ini`, or a `pyproject.toml` with a
/// `[tool.alembic]` table.
pub fn is_project_root(dir: &Path) -> bool {
    // Anything named alembic.ini marks the root, so that a directory of that name or
    // an unreadable file is reported rather than skipped on the way up.
    dir.join("alembic.ini").symlink_metadata().is_ok()
        || super::pyproject_has_alembic(&dir.join("pyproject.toml"))
}

/// Whether `dir` is an Alembic script directory: it holds `env.py` and either a
/// `versions` directory or the `script.py.mako` template. Such a directory can be read
/// without a configuration file, with Alembic's defaults (a CLI that passes
/// `script_location` in code, as Flask-Migrate and many applications do).
pub fn is_script_directory(dir: &Path) -> bool {
    dir.join("env.py").is_file()
        && (dir.join("versions").is_dir() || dir.join("script.py.mako").is_file())
}

/// The project a directory belongs to, searched the way the tools that run Alembic
/// find it:
///
/// 1. walking up from `start`, the first directory holding `alembic.ini` or a
///    `pyproject.toml` with `[tool.alembic]`; at the same level, Flask-Migrate's
///    `migrations/alembic.ini` (what `flask db` reads when run from the application
///    root) counts too, and then `migrations/` is the root;
/// 2. failing that, the nearest Alembic script directory (`env.py` + `versions/`) at or
///    above `start`.
pub fn find_project_root(start: &Path) -> Option<PathBuf> {
    for dir in start.ancestors() {
        if is_project_root(dir) {
            return Some(dir.to_path_buf());
        }
        let flask = dir.join(FLASK_MIGRATE_DIR);
        if flask.join("alembic.ini").is_file() {
            return Some(flask);
        }
    }
    start
        .ancestors()
        .find(|d| is_script_directory(d))
        .map(Path::to_path_buf)
}

/// Alembic's `coerce_resource_to_filename`: a relative value with a `:` names a package
/// resource, `pkg.sub:dir/sub` or `pkg:a:b` (each further `:` is one more path step).
pub fn is_package_resource(value: &str) -> bool {
    let path = Path::new(value);
    !path.is_absolute() && value.contains(':') && !looks_like_windows_drive(value)
}

fn looks_like_windows_drive(value: &str) -> bool {
    let bytes = value.as_bytes();
    bytes.len() >= 2
        && bytes[0].is_ascii_alphabetic()
        && bytes[1] == b':'
        && (bytes.len() == 2 || matches!(bytes[2], b'\\' | b'/'))
}

/// Where a path-valued setting was looked for, and what was found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Resolved {
    /// The directory the setting names.
    Found(PathBuf),
    /// Nothing there: the places looked at, most likely first.
    Missing(Vec<PathBuf>),
}

/// What a relative path resolution may note: the working directory won over an
/// existing directory of the same name next to the configuration file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Shadowed {
    pub used: PathBuf,
    pub other: PathBuf,
}

/// Resolve a path-valued setting (`script_location`, one `version_locations` entry).
///
/// - absolute: as written;
/// - package resource: the package's directory found in the project tree (see
///   [`package_roots`]), then the path below it;
/// - relative: from the working directory, as Alembic reads it, when that holds the
///   directory (for `script_location`, a directory that looks like a script directory);
///   otherwise from the configuration file's directory `here`, where `alembic` is
///   normally run.
pub fn resolve(
    value: &str,
    here: &Path,
    cwd: Option<&Path>,
    is_script_location: bool,
) -> (Resolved, Option<Shadowed>) {
    let value = value.trim();
    if is_package_resource(value) {
        return (resolve_resource(value, here, cwd), None);
    }
    let path = Path::new(value);
    if path.is_absolute() {
        let clean = normalize(path);
        return if clean.is_dir() {
            (Resolved::Found(clean), None)
        } else {
            (Resolved::Missing(vec![clean]), None)
        };
    }
    let from_here = normalize(&here.join(path));
    let from_cwd = cwd.map(|c| normalize(&c.join(path)));
    let usable = |p: &Path| {
        p.is_dir() && (!is_script_location || is_script_directory(p) || p.join("versions").is_dir())
    };
    match from_cwd {
        Some(c) if c != from_here && usable(&c) => {
            let shadow = usable(&from_here).then(|| Shadowed {
                used: c.clone(),
                other: from_here.clone(),
            });
            (Resolved::Found(c), shadow)
        }
        Some(c) if c != from_here && !from_here.is_dir() && c.is_dir() => {
            (Resolved::Found(c), None)
        }
        Some(c) if c != from_here && !from_here.is_dir() => {
            (Resolved::Missing(vec![c, from_here]), None)
        }
        _ if from_here.is_dir() => (Resolved::Found(from_here), None),
        _ => (Resolved::Missing(vec![from_here]), None),
    }
}

/// The directories a package may live in, nearest first: the configuration file's
/// directory and each directory above it, each also with a `src/` layout, then the
/// working directory (and its `src/`). The search stops at the repository root (a
/// directory holding `.git`).
pub fn package_roots(here: &Path, cwd: Option<&Path>) -> Vec<PathBuf> {
    let mut roots = Vec::new();
    for dir in here.ancestors() {
        roots.push(dir.to_path_buf());
        roots.push(dir.join("src"));
        if dir.join(".git").exists() {
            break;
        }
    }
    if let Some(cwd) = cwd {
        roots.push(cwd.to_path_buf());
        roots.push(cwd.join("src"));
    }
    let mut seen = std::collections::HashSet::new();
    roots.retain(|r| seen.insert(r.clone()));
    roots
}

/// The directory of package `dotted` (`a.b` -> `a/b`) below one of `roots`.
pub fn find_package(dotted: &str, roots: &[PathBuf]) -> Option<PathBuf> {
    if dotted.is_empty() || dotted.split('.').any(|p| p.is_empty()) {
        return None;
    }
    let relative: PathBuf = dotted.split('.').collect();
    roots
        .iter()
        .map(|r| r.join(&relative))
        .find(|candidate| candidate.is_dir())
}

fn resolve_resource(value: &str, here: &Path, cwd: Option<&Path>) -> Resolved {
    let mut tokens = value.split(':');
    let package = tokens.next().unwrap_or_default().trim();
    let rest: PathBuf = tokens
        .flat_map(|t| t.split(['/', '\\']))
        .filter(|t| !t.is_empty() && *t != ".")
        .collect();
    let roots = package_roots(here, cwd);
    let relative: PathBuf = package.split('.').collect();
    let mut looked = Vec::new();
    // The nearest package directory that holds the resource; a package of the same
    // name without it (an installed copy, a namesake) does not stop the search.
    for root in &roots {
        let package_dir = root.join(&relative);
        if !package_dir.is_dir() {
            continue;
        }
        let target = normalize(&package_dir.join(&rest));
        if target.is_dir() {
            return Resolved::Found(target);
        }
        looked.push(target);
    }
    if looked.is_empty() {
        looked = roots.iter().map(|r| r.join(&relative)).take(6).collect();
    }
    Resolved::Missing(looked)
}

/// Without `.` components and with `..` applied where it can be, as paths are shown.
pub fn normalize(path: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    for component in path.components() {
        match component {
            std::path::Component::CurDir => {}
            std::path::Component::ParentDir => {
                if !out.pop() {
                    out.push("..");
                }
            }
            other => out.push(other),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn touch(path: &Path) {
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, "").unwrap();
    }

    #[test]
    fn package_resources_in_the_tree() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        // A src/ layout, the configuration file deep inside the package.
        std::fs::create_dir_all(root.join("src/app/server/db/migrations/versions")).unwrap();
        std::fs::create_dir_all(root.join("src/app/db/revisions/core")).unwrap();
        let here = root.join("src/app/server/db");
        let found = |value: &str| match resolve(value, &here, None, false).0 {
            Resolved::Found(p) => p,
            Resolved::Missing(looked) => panic!("{value}: looked in {looked:?}"),
        };
        let migrations = root.join("src/app/server/db/migrations");
        assert_eq!(found("app:server:db:migrations"), migrations);
        assert_eq!(found("app.server.db:migrations"), migrations);
        assert_eq!(found("app:server/db/migrations"), migrations);
        assert_eq!(
            found("app:db/revisions/core"),
            root.join("src/app/db/revisions/core")
        );
        assert!(matches!(
            resolve("app:nowhere", &here, None, false).0,
            Resolved::Missing(looked) if looked == [root.join("src/app/nowhere")]
        ));
        assert!(is_package_resource("pkg:dir"));
        assert!(!is_package_resource("/abs/x:y"));
        assert!(!is_package_resource("migrations"));
    }

    #[test]
    fn relative_paths_from_the_working_directory_then_the_file() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        touch(&root.join("pkg/db/migrations/env.py"));
        std::fs::create_dir_all(root.join("pkg/db/migrations/versions")).unwrap();
        let here = root.join("pkg/db/migrations");
        // Run from the repository root, as `alembic -c pkg/db/migrations/alembic.ini`.
        let (found, shadow) = resolve("pkg/db/migrations", &here, Some(root), true);
        assert_eq!(found, Resolved::Found(root.join("pkg/db/migrations")));
        assert_eq!(shadow, None);
        // `.` from the repository root is no script directory: the file's own directory.
        let (found, _) = resolve(".", &here, Some(root), true);
        assert_eq!(found, Resolved::Found(here.clone()));
        // Neither: both places are named.
        let (found, _) = resolve("elsewhere", &here, Some(root), true);
        assert_eq!(
            found,
            Resolved::Missing(vec![root.join("elsewhere"), here.join("elsewhere")])
        );
    }

    #[test]
    fn flask_migrate_and_bare_script_directories_are_found() {
        let dir = tempfile::tempdir().unwrap();
        let app = dir.path().join("app");
        touch(&app.join("migrations/alembic.ini"));
        touch(&app.join("wsgi.py"));
        std::fs::create_dir_all(app.join("models")).unwrap();
        assert_eq!(find_project_root(&app), Some(app.join("migrations")));
        assert_eq!(
            find_project_root(&app.join("models")),
            Some(app.join("migrations"))
        );
        let other = dir.path().join("svc/migrations");
        touch(&other.join("env.py"));
        std::fs::create_dir_all(other.join("versions")).unwrap();
        assert_eq!(
            find_project_root(&other.join("versions")),
            Some(other.clone())
        );
        assert_eq!(find_project_root(&dir.path().join("svc")), None);
    }
}
