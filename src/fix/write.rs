//! Writing a new file so that it is either there whole or not at all, and never in
//! place of an existing one: the text goes to a temporary file in the same directory,
//! is flushed to disk, and is then linked to its final name (which fails if the name
//! is taken) or, where hard links are not available, renamed after a check. Any
//! failure removes the temporary file and any directory this call created.

use std::io::Write;
use std::path::{Path, PathBuf};

/// Why a file could not be written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WriteError {
    pub path: PathBuf,
    pub message: String,
}

impl std::error::Error for WriteError {}

impl std::fmt::Display for WriteError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}: {}", self.path.display(), self.message)
    }
}

/// Create `path` with `bytes`. Missing parent directories are created (as Alembic
/// does) and removed again if the write fails; on success they are returned,
/// outermost first.
pub fn create_new(path: &Path, bytes: &[u8]) -> Result<Vec<PathBuf>, WriteError> {
    let fail = |p: &Path, message: String| WriteError {
        path: p.to_path_buf(),
        message,
    };
    // `symlink_metadata`: a link whose target is missing is there too.
    if let Ok(meta) = std::fs::symlink_metadata(path) {
        let what = if meta.file_type().is_symlink() && !path.exists() {
            match std::fs::read_link(path) {
                Ok(target) => format!(
                    "already exists as a symbolic link to `{}`, which does not exist",
                    target.display()
                ),
                Err(_) => "already exists as a broken symbolic link".to_owned(),
            }
        } else {
            "already exists".to_owned()
        };
        return Err(fail(
            path,
            format!("{what}; retort never overwrites a file (choose another --rev-id or message)"),
        ));
    }
    let dir = path
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let created =
        create_dirs(dir).map_err(|(p, e)| fail(&p, format!("cannot create the directory: {e}")))?;
    match write_via_temp(dir, path, bytes) {
        Ok(()) => Ok(created),
        Err(e) => {
            for d in created.iter().rev() {
                let _ = std::fs::remove_dir(d);
            }
            Err(e)
        }
    }
}

/// Create `dir` and its missing ancestors; return the ones created, outermost first.
fn create_dirs(dir: &Path) -> Result<Vec<PathBuf>, (PathBuf, std::io::Error)> {
    let mut missing = Vec::new();
    let mut current = Some(dir);
    while let Some(d) = current {
        if d.as_os_str().is_empty() || d.is_dir() {
            break;
        }
        missing.push(d.to_path_buf());
        current = d.parent();
    }
    missing.reverse();
    let mut created = Vec::new();
    for d in missing {
        if let Err(e) = std::fs::create_dir(&d) {
            for c in created.iter().rev() {
                let _ = std::fs::remove_dir(c);
            }
            return Err((d, e));
        }
        created.push(d);
    }
    Ok(created)
}

fn write_via_temp(dir: &Path, path: &Path, bytes: &[u8]) -> Result<(), WriteError> {
    let fail = |p: &Path, what: &str, e: std::io::Error| WriteError {
        path: p.to_path_buf(),
        message: format!("{what}: {e}{}", hint(&e)),
    };
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    // Not a `.py` name, so Alembic and retort never load a leftover as a revision.
    let temp = dir.join(format!(
        ".{name}.retort-{}-{}.tmp",
        std::process::id(),
        super::random_hex(4)
    ));
    let write = || -> std::io::Result<()> {
        let mut file = std::fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(&temp)?;
        file.write_all(bytes)?;
        file.sync_all()
    };
    if let Err(e) = write() {
        let _ = std::fs::remove_file(&temp);
        return Err(fail(path, "cannot write the new revision file", e));
    }
    let placed = match std::fs::hard_link(&temp, path) {
        Ok(()) => Ok(()),
        Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => Err(WriteError {
            path: path.to_path_buf(),
            message: "appeared while retort was writing; it was left untouched".into(),
        }),
        // File systems without hard links: rename, after checking the name is free.
        Err(_) if !path.exists() => std::fs::rename(&temp, path)
            .map_err(|e| fail(path, "cannot move the new revision file into place", e)),
        Err(e) => Err(fail(
            path,
            "cannot move the new revision file into place",
            e,
        )),
    };
    let _ = std::fs::remove_file(&temp);
    placed
}

fn hint(e: &std::io::Error) -> &'static str {
    match e.kind() {
        std::io::ErrorKind::PermissionDenied => {
            " (the directory is not writable; nothing was written)"
        }
        std::io::ErrorKind::ReadOnlyFilesystem => " (read-only file system; nothing was written)",
        _ => "",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn creates_and_never_overwrites() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("a/b/x.py");
        create_new(&path, b"one").unwrap();
        assert_eq!(std::fs::read(&path).unwrap(), b"one");
        let e = create_new(&path, b"two").unwrap_err();
        assert!(e.message.contains("never overwrites"), "{e}");
        assert_eq!(std::fs::read(&path).unwrap(), b"one");
        let names: Vec<_> = std::fs::read_dir(dir.path().join("a/b"))
            .unwrap()
            .map(|e| e.unwrap().file_name())
            .collect();
        assert_eq!(names, ["x.py"]);
    }

    #[cfg(unix)]
    #[test]
    fn a_dangling_link_in_the_way_is_named_as_such() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("x.py");
        std::os::unix::fs::symlink("gone.py", &path).unwrap();
        let e = create_new(&path, b"one").unwrap_err();
        assert!(
            e.message
                .contains("already exists as a symbolic link to `gone.py`, which does not exist"),
            "{e}"
        );
        assert!(!dir.path().join("gone.py").exists());
    }
}
