//! Part of loading: how the paths a user names relate to a project's version
//! locations, and what those locations miss. A path inside the history is read as part
//! of it; a directory of revision files the configured locations do not reach is read
//! as a version location on its own (never silently swapped for the configured ones);
//! and revision files below the script directory that no location reaches (a CLI that
//! adds locations in Python) are counted once, with the `[tool.retort]` line that
//! tells retort where they are.

use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};

use rayon::prelude::*;

use crate::config::locate::normalize;
use crate::config::{Project, RetortConfig};
use crate::discover;
use crate::error::RunError;

/// Where a named path falls.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Place {
    /// Part of the history as configured (a version location, a file in one, the
    /// project's root or any other directory of the project holding no revision files
    /// of its own).
    Configured,
    /// A directory of revision files no configured location reaches, to be read as a
    /// version location instead (for a file: its directory).
    Outside(PathBuf),
}

fn same(a: &Path, b: &Path) -> bool {
    a == b
        || match (a.canonicalize(), b.canonicalize()) {
            (Ok(x), Ok(y)) => x == y,
            _ => false,
        }
}

fn below(path: &Path, dir: &Path) -> bool {
    path.starts_with(dir)
        || match (path.canonicalize(), dir.canonicalize()) {
            (Ok(p), Ok(d)) => p.starts_with(d),
            _ => false,
        }
}

/// Whether Alembic, configured as `project` is, reads the `.py` files directly in `dir`.
fn reached(project: &Project, dir: &Path) -> bool {
    project.version_locations.iter().any(|location| {
        same(dir, location)
            || project.recursive_version_locations
                && below(dir, location)
                && !dir.components().any(|c| c.as_os_str() == "__pycache__")
    })
}

/// Where `path` (absolute; a file when `is_file`) falls in `project`.
pub fn classify(project: &Project, path: &Path, is_file: bool) -> Result<Place, RunError> {
    if is_file {
        let name = path.file_name().map(|n| n.to_string_lossy().into_owned());
        if !name.as_deref().is_some_and(discover::is_revision_file_name) {
            return Err(RunError::Path {
                path: path.to_path_buf(),
                message: "is not a file Alembic loads as a revision (it loads `*.py` files \
                          whose names do not start with `__init__` or `.#`)"
                    .into(),
            });
        }
        let dir = path.parent().unwrap_or(Path::new("/"));
        if reached(project, dir) {
            return Ok(Place::Configured);
        }
        return Ok(Place::Outside(dir.to_path_buf()));
    }
    let holds_history = project
        .version_locations
        .iter()
        .chain(project.script_location.iter())
        .any(|location| below(location, path));
    if holds_history || reached(project, path) {
        return Ok(Place::Configured);
    }
    // Another directory of the project: read on its own if it holds revision files.
    let holds_revisions = std::fs::read_dir(path).is_ok_and(|entries| {
        entries.filter_map(Result::ok).any(|e| {
            let p = e.path();
            p.is_file()
                && discover::is_revision_file_name(&e.file_name().to_string_lossy())
                && discover::file_looks_like_revision(&p)
        })
    });
    Ok(if holds_revisions {
        Place::Outside(path.to_path_buf())
    } else {
        Place::Configured
    })
}

/// A path as the user sees it: relative to the working directory (`.` for itself).
pub fn shown(path: &Path, cwd: Option<&Path>) -> String {
    let text = crate::source::display_path(path, cwd);
    if text.is_empty() {
        ".".to_owned()
    } else {
        text
    }
}

fn config_name(project: &Project, cwd: Option<&Path>) -> String {
    project
        .ini_path
        .as_ref()
        .or(project.pyproject_path.as_ref())
        .map(|p| shown(p, cwd))
        .unwrap_or_else(|| format!("the script directory {}", shown(&project.root, cwd)))
}

/// Said when named directories are read as version locations on their own.
pub fn outside_note(project: &Project, dirs: &[PathBuf], cwd: Option<&Path>) -> String {
    let named = dirs
        .iter()
        .map(|d| format!("`{}`", shown(d, cwd)))
        .collect::<Vec<_>>()
        .join(", ");
    let locations = project
        .version_locations
        .iter()
        .map(|d| shown(d, cwd))
        .collect::<Vec<_>>()
        .join(", ");
    format!(
        "{named} {} not among the version locations of {} ({locations}): read as a version \
         location on its own, with that project's settings; revisions it builds on from \
         other directories are reported missing. If the project adds locations in its own \
         code, list them all in [tool.retort] `versions`",
        if dirs.len() == 1 { "is" } else { "are" },
        config_name(project, cwd)
    )
}

/// The one-time remark about revision files below the script directory that no
/// version location reaches, or `None` when there are none.
pub fn unreached_note(
    project: &Project,
    config: &RetortConfig,
    discovered: &[PathBuf],
    cwd: Option<&Path>,
) -> Option<String> {
    let script = project.script_location.as_ref()?;
    let unreached = discover::unreached_revision_files(script, discovered);
    if unreached.is_empty() {
        return None;
    }
    let count = unreached.len();
    let mut text = format!(
        "{count} revision file{} below {} {} in no version location (e.g. {}): Alembic, \
         configured as {} says, does not load {} either.",
        if count == 1 { "" } else { "s" },
        shown(script, cwd),
        if count == 1 { "is" } else { "are" },
        shown(&unreached[0], cwd),
        config_name(project, cwd),
        if count == 1 { "it" } else { "them" },
    );
    let mut by_dir: BTreeMap<PathBuf, usize> = BTreeMap::new();
    for file in &unreached {
        *by_dir
            .entry(file.parent().unwrap_or(Path::new("/")).to_path_buf())
            .or_default() += 1;
    }
    let histories = separate_histories(discovered, &unreached);
    if histories.len() > 1 {
        let listed = histories
            .iter()
            .map(|dirs| {
                let files: usize = dirs
                    .iter()
                    .map(|d| by_dir.get(d).copied().unwrap_or(0))
                    .sum();
                let flags = dirs
                    .iter()
                    .map(|d| format!("--versions {}", shown(d, cwd)))
                    .collect::<Vec<_>>()
                    .join(" ");
                format!("`retort lint {flags}` ({files} files)")
            })
            .collect::<Vec<_>>()
            .join(", ");
        text.push_str(&format!(
            " They form {} separate histories, each with its own base (the project picks \
             one in its own code): lint each on its own: {listed}.",
            histories.len()
        ));
        return Some(text);
    }
    // One history: the configured locations that hold files, and the others.
    let (base, place) = suggestion_base(project, config, cwd);
    let mut entries: Vec<String> = project
        .version_locations
        .iter()
        .filter(|l| discovered.iter().any(|f| f.parent() == Some(l.as_path())))
        .map(|l| relative_to(l, &base))
        .collect();
    let dirs: Vec<PathBuf> = by_dir.keys().cloned().collect();
    entries.extend(
        compress(&dirs, &unreached)
            .iter()
            .map(|d| relative_to(d, &base)),
    );
    let line = format!(
        "versions = [{}]",
        entries
            .iter()
            .map(|e| format!("\"{}\"", e.replace('\\', "/")))
            .collect::<Vec<_>>()
            .join(", ")
    );
    text.push_str(&format!(
        " If the project adds version locations in its own code, tell retort where they \
         are {place}: {line}"
    ));
    Some(text)
}

/// Where the `[tool.retort]` line would go, and how to say so: the retort
/// configuration in use, else the nearest pyproject.toml at or above the project, else
/// a new retort.toml next to the Alembic configuration.
fn suggestion_base(
    project: &Project,
    config: &RetortConfig,
    cwd: Option<&Path>,
) -> (PathBuf, String) {
    if let Some(path) = &config.path {
        let dir = path.parent().unwrap_or(Path::new("/")).to_path_buf();
        let place = if path.file_name().is_some_and(|n| n == "retort.toml") {
            format!("in {}", shown(path, cwd))
        } else {
            format!("under [tool.retort] in {}", shown(path, cwd))
        };
        return (dir, place);
    }
    if let Some(pyproject) = project
        .root
        .ancestors()
        .map(|d| d.join("pyproject.toml"))
        .find(|p| p.is_file())
    {
        let dir = pyproject.parent().unwrap_or(Path::new("/")).to_path_buf();
        return (
            dir,
            format!("under [tool.retort] in {}", shown(&pyproject, cwd)),
        );
    }
    let dir = project.root.clone();
    let place = format!("in a retort.toml in {}", shown(&dir, cwd));
    (dir, place)
}

fn relative_to(path: &Path, base: &Path) -> String {
    match path.strip_prefix(base) {
        Ok(rel) if rel.as_os_str().is_empty() => ".".to_owned(),
        Ok(rel) => rel.display().to_string(),
        Err(_) => path.display().to_string(),
    }
}

/// The directories, as few entries as possible: one pattern with `*` where their
/// names differ (`versions/*/*` for `versions/<release>/<branch>`), when it matches
/// exactly these among the directories holding Python files; else each directory.
fn compress(dirs: &[PathBuf], files: &[PathBuf]) -> Vec<PathBuf> {
    if dirs.len() < 2 {
        return dirs.to_vec();
    }
    let mut common = dirs[0].clone();
    while !dirs.iter().all(|d| d.starts_with(&common)) {
        if !common.pop() {
            return dirs.to_vec();
        }
    }
    let tails: Vec<Vec<String>> = dirs
        .iter()
        .map(|d| {
            d.strip_prefix(&common)
                .unwrap_or(d)
                .components()
                .map(|c| c.as_os_str().to_string_lossy().into_owned())
                .collect()
        })
        .collect();
    let depth = tails[0].len();
    if depth == 0 || tails.iter().any(|t| t.len() != depth) {
        return dirs.to_vec();
    }
    let mut pattern = common.clone();
    for i in 0..depth {
        let first = &tails[0][i];
        if tails.iter().all(|t| &t[i] == first) {
            pattern.push(first);
        } else {
            pattern.push("*");
        }
    }
    // The pattern must not reach directories of other Python files.
    let pattern_text = pattern.to_string_lossy().into_owned();
    let Ok(matched) = crate::config::options::expand_versions(Path::new("/"), &[pattern_text])
    else {
        return dirs.to_vec();
    };
    let wanted: std::collections::HashSet<&PathBuf> = dirs.iter().collect();
    let clean = matched.iter().all(|m| {
        wanted.contains(m)
            || std::fs::read_dir(m).is_ok_and(|entries| {
                !entries.filter_map(Result::ok).any(|e| {
                    discover::is_revision_file_name(&e.file_name().to_string_lossy())
                        && !files.contains(&e.path())
                })
            })
    });
    if clean {
        vec![normalize(&pattern)]
    } else {
        dirs.to_vec()
    }
}

/// A revision file's id and parents, as far as a parse tells (`None`: computed).
struct Links {
    id: String,
    parents: Option<Vec<String>>,
}

fn links_of(path: &Path) -> Option<Links> {
    let text = std::fs::read(path).ok()?;
    let source = crate::source::SourceFile::new(
        path.to_path_buf(),
        path.display().to_string(),
        String::from_utf8_lossy(&text).into_owned(),
    );
    let file = crate::python::parse_revision(std::sync::Arc::new(source));
    Some(Links {
        id: file.id()?.to_owned(),
        parents: file
            .down_revision
            .known()
            .map(|ids| ids.iter().map(|i| i.value.clone()).collect()),
    })
}

/// Union-find over directory numbers.
struct Components(Vec<usize>);

impl Components {
    fn find(&mut self, mut x: usize) -> usize {
        while self.0[x] != x {
            self.0[x] = self.0[self.0[x]];
            x = self.0[x];
        }
        x
    }

    fn join(&mut self, a: usize, b: usize) {
        let (a, b) = (self.find(a), self.find(b));
        self.0[a] = b;
    }
}

/// When the unreached files fall into several histories, each with its own base and
/// none building on another's revisions (or on the configured ones): their directory
/// groups. Otherwise empty.
fn separate_histories(discovered: &[PathBuf], unreached: &[PathBuf]) -> Vec<Vec<PathBuf>> {
    let parsed: Vec<Option<Links>> = unreached.par_iter().map(|p| links_of(p)).collect();
    if parsed
        .iter()
        .any(|l| l.as_ref().is_none_or(|l| l.parents.is_none()))
    {
        // A parent that cannot be read could be anywhere: no claim.
        return Vec::new();
    }
    let mut dirs: Vec<PathBuf> = Vec::new();
    let mut dir_of = Vec::new();
    for path in unreached {
        let dir = path.parent().unwrap_or(Path::new("/"));
        let index = match dirs.iter().position(|d| d == dir) {
            Some(i) => i,
            None => {
                dirs.push(dir.to_path_buf());
                dirs.len() - 1
            }
        };
        dir_of.push(index);
    }
    // Node `dirs.len()` stands for the configured locations.
    let configured = dirs.len();
    // Which directories hold each id (two histories may share ids: one per dialect).
    let mut owners: HashMap<String, Vec<usize>> = HashMap::new();
    for links in discovered
        .par_iter()
        .filter_map(|p| links_of(p))
        .collect::<Vec<_>>()
    {
        owners.entry(links.id).or_default().push(configured);
    }
    for (links, &dir) in parsed.iter().flatten().zip(&dir_of) {
        owners.entry(links.id.clone()).or_default().push(dir);
    }
    let mut components = Components((0..=configured).collect());
    let mut has_base = vec![false; dirs.len()];
    for (links, &dir) in parsed.iter().flatten().zip(&dir_of) {
        let parents = links.parents.as_deref().unwrap_or_default();
        has_base[dir] |= parents.is_empty();
        for parent in parents {
            let Some(holders) = owners.get(parent) else {
                continue;
            };
            // A parent in the file's own directory is the one it means.
            if holders.contains(&dir) {
                continue;
            }
            for &holder in holders {
                components.join(dir, holder);
            }
        }
    }
    let mut groups: BTreeMap<usize, Vec<usize>> = BTreeMap::new();
    for dir in 0..dirs.len() {
        groups.entry(components.find(dir)).or_default().push(dir);
    }
    let configured_root = components.find(configured);
    let separate = groups.len() > 1
        && groups.iter().all(|(root, members)| {
            *root != configured_root && members.iter().any(|&m| has_base[m])
        });
    if !separate {
        return Vec::new();
    }
    groups
        .into_values()
        .map(|members| members.into_iter().map(|m| dirs[m].clone()).collect())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn write(path: &Path, text: &str) {
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, text).unwrap();
    }

    fn revision(id: &str, down: Option<&str>) -> String {
        format!(
            "revision = '{id}'\ndown_revision = {}\n\ndef upgrade():\n    pass\n",
            down.map_or("None".to_owned(), |d| format!("'{d}'"))
        )
    }

    #[test]
    fn patterns_for_release_directories() {
        let dir = tempfile::tempdir().unwrap();
        let v = dir.path().join("versions");
        let mut files = Vec::new();
        for (i, d) in ["liberty/expand", "liberty/contract", "mitaka/expand"]
            .iter()
            .enumerate()
        {
            let f = v.join(d).join(format!("{i}.py"));
            write(&f, "");
            files.push(f);
        }
        let dirs: Vec<PathBuf> = files
            .iter()
            .map(|f| f.parent().unwrap().to_path_buf())
            .collect();
        assert_eq!(compress(&dirs, &files), [v.join("*/*")]);
        // A directory of other Python files under the same pattern: list them instead.
        write(&v.join("helpers/misc/tool.py"), "");
        assert_eq!(compress(&dirs, &files), dirs);
    }

    #[test]
    fn histories_per_dialect_are_told_apart() {
        let dir = tempfile::tempdir().unwrap();
        let v = dir.path().join("versions");
        let pg = [
            write_rev(&v.join("postgresql/a.py"), "a1", None),
            write_rev(&v.join("postgresql/b.py"), "b1", Some("a1")),
        ];
        let lite = [
            write_rev(&v.join("sqlite/c.py"), "c1", None),
            write_rev(&v.join("sqlite/d.py"), "d1", Some("c1")),
        ];
        let all: Vec<PathBuf> = pg.iter().chain(&lite).cloned().collect();
        let groups = separate_histories(&[], &all);
        assert_eq!(groups, [vec![v.join("postgresql")], vec![v.join("sqlite")]]);
        // Directories that build on each other are one history.
        let linked = [
            write_rev(&v.join("r1/expand/e.py"), "e1", Some("base")),
            write_rev(&v.join("r2/expand/f.py"), "f1", Some("e1")),
        ];
        let base = write_rev(&v.join("base.py"), "base", None);
        assert!(separate_histories(&[base], &linked).is_empty());
    }

    fn write_rev(path: &Path, id: &str, down: Option<&str>) -> PathBuf {
        write(path, &revision(id, down));
        path.to_path_buf()
    }
}
