//! `--output FILE`: write a report the way a careful shell redirection would, but never
//! half-written. A regular file (or a path that does not exist yet) is replaced
//! atomically by a temporary file beside it, keeping an existing file's permissions; a
//! symbolic link is followed and its target replaced the same way, so the link stays;
//! anything else that exists (`/dev/null`, a FIFO, a terminal) is opened and written to
//! directly, never replaced by a regular file. A file the run read as input (a revision,
//! a model, the configuration) is refused (`refuse_input`).

use std::fs;
use std::io::{self, Write};
use std::path::{Path, PathBuf};

/// Write `contents` to `path` (see the module documentation).
pub fn write_file(path: &Path, contents: &[u8]) -> io::Result<()> {
    let target = follow_links(path)?;
    match fs::metadata(&target) {
        Err(e) if e.kind() == io::ErrorKind::NotFound => replace(&target, contents, None),
        Err(e) => Err(e),
        Ok(meta) if meta.is_file() => replace(&target, contents, Some(&meta)),
        Ok(meta) if meta.is_dir() => Err(io::Error::new(
            io::ErrorKind::IsADirectory,
            "is a directory",
        )),
        Ok(_) => {
            let mut file = fs::OpenOptions::new().write(true).open(&target)?;
            file.write_all(contents)?;
            file.flush()
        }
    }
}

/// The path a chain of symbolic links ends at (which may not exist yet, as when the
/// shell's `>` creates a dangling link's target).
fn follow_links(path: &Path) -> io::Result<PathBuf> {
    let mut current = path.to_path_buf();
    // Linux's own limit on links followed in one lookup.
    for _ in 0..40 {
        match fs::symlink_metadata(&current) {
            Ok(meta) if meta.file_type().is_symlink() => {
                let target = fs::read_link(&current)?;
                current = match current.parent() {
                    Some(dir) if target.is_relative() => dir.join(target),
                    _ => target,
                };
            }
            Ok(_) => return Ok(current),
            Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(current),
            Err(e) => return Err(e),
        }
    }
    Err(io::Error::other("too many levels of symbolic links"))
}

/// Write a temporary file in `path`'s directory, then rename it over `path`. The
/// temporary file is removed on any failure.
fn replace(path: &Path, contents: &[u8], existing: Option<&fs::Metadata>) -> io::Result<()> {
    let dir = path
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let name = path
        .file_name()
        .ok_or_else(|| io::Error::new(io::ErrorKind::InvalidInput, "not a file name"))?;
    let (temp, mut file) = create_temp(dir, &name.to_string_lossy())?;
    let written = (|| {
        file.write_all(contents)?;
        if let Some(meta) = existing {
            file.set_permissions(meta.permissions())?;
            keep_owner(&file, meta);
        }
        file.sync_all()?;
        drop(file);
        fs::rename(&temp, path)
    })();
    if written.is_err() {
        let _ = fs::remove_file(&temp);
    }
    written
}

/// A new temporary file beside the report, named in retort's one pattern
/// (`.<name>.retort-<pid>-<8 hex digits>.tmp`) so that a leftover of a killed run is
/// recognised and removed by the next one.
fn create_temp(dir: &Path, name: &str) -> io::Result<(PathBuf, fs::File)> {
    let mut attempts = 0;
    loop {
        attempts += 1;
        let temp = dir.join(format!(
            ".{name}.retort-{}-{}.tmp",
            std::process::id(),
            crate::fix::random_hex(4)
        ));
        match fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(&temp)
        {
            Ok(file) => return Ok((temp, file)),
            Err(e) if e.kind() == io::ErrorKind::AlreadyExists && attempts < 100 => continue,
            Err(e) => return Err(e),
        }
    }
}

/// Why `--output path` must not be written: it is one of the files this run read
/// (`inputs`: the path and what it is, e.g. "a revision file"), or a name that would
/// make it a revision file of `version_locations`. Links are followed as the write
/// would follow them.
pub fn refuse_input(
    path: &Path,
    inputs: &[(PathBuf, &'static str)],
    version_locations: &[PathBuf],
) -> Option<String> {
    let target = follow_links(path).unwrap_or_else(|_| path.to_path_buf());
    let real = canonical(&target);
    for (input, what) in inputs {
        if canonical(input) == real {
            return Some(format!(
                "is {what} retort read as input ({}): writing the report there would replace \
                 it; choose another file for --output",
                input.display()
            ));
        }
    }
    let name = real.file_name().map(|n| n.to_string_lossy().into_owned());
    if let (Some(dir), Some(name)) = (real.parent(), name)
        && crate::discover::is_revision_file_name(&name)
        && version_locations.iter().any(|v| canonical(v) == dir)
    {
        return Some(format!(
            "is in a versions directory ({}) with a `.py` name: Alembic would load the report \
             as a revision file; choose another file for --output",
            dir.display()
        ));
    }
    None
}

/// The canonical form of a path that may not exist yet: its directory made canonical.
fn canonical(path: &Path) -> PathBuf {
    if let Ok(real) = path.canonicalize() {
        return real;
    }
    match (path.parent(), path.file_name()) {
        (Some(dir), Some(name)) => {
            let dir = if dir.as_os_str().is_empty() {
                Path::new(".")
            } else {
                dir
            };
            dir.canonicalize()
                .map(|d| d.join(name))
                .unwrap_or_else(|_| path.to_path_buf())
        }
        _ => path.to_path_buf(),
    }
}

/// Give the new file the old one's owner where allowed (root, or one's own file):
/// replacing a report should not change who owns it. Best effort.
#[cfg(unix)]
fn keep_owner(file: &fs::File, meta: &fs::Metadata) {
    use std::os::unix::fs::MetadataExt;
    let _ = std::os::unix::fs::fchown(file, Some(meta.uid()), Some(meta.gid()));
}

#[cfg(not(unix))]
fn keep_owner(_: &fs::File, _: &fs::Metadata) {}

#[cfg(test)]
mod tests {
    use super::*;

    fn leftovers(dir: &Path) -> Vec<String> {
        fs::read_dir(dir)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .filter(|n| n.contains(".retort-"))
            .collect()
    }

    #[test]
    fn new_and_existing_files() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("report.txt");
        write_file(&path, b"one").unwrap();
        assert_eq!(fs::read(&path).unwrap(), b"one");
        write_file(&path, b"two").unwrap();
        assert_eq!(fs::read(&path).unwrap(), b"two");
        assert!(leftovers(dir.path()).is_empty());
        let err = write_file(dir.path(), b"x").unwrap_err();
        assert_eq!(err.kind(), io::ErrorKind::IsADirectory);
    }

    #[cfg(unix)]
    #[test]
    fn links_are_followed_and_modes_kept() {
        use std::os::unix::fs::{PermissionsExt, symlink};
        let dir = tempfile::tempdir().unwrap();
        let sub = dir.path().join("sub");
        fs::create_dir(&sub).unwrap();
        let target = sub.join("real.txt");
        fs::write(&target, "old").unwrap();
        fs::set_permissions(&target, fs::Permissions::from_mode(0o600)).unwrap();
        let link = dir.path().join("link.txt");
        symlink("sub/real.txt", &link).unwrap();
        let chained = dir.path().join("chained.txt");
        symlink(&link, &chained).unwrap();
        write_file(&chained, b"new").unwrap();
        assert!(
            fs::symlink_metadata(&link)
                .unwrap()
                .file_type()
                .is_symlink()
        );
        assert!(
            fs::symlink_metadata(&chained)
                .unwrap()
                .file_type()
                .is_symlink()
        );
        assert_eq!(fs::read(&target).unwrap(), b"new");
        assert_eq!(
            fs::metadata(&target).unwrap().permissions().mode() & 0o777,
            0o600
        );
        // A dangling link: its target is created, the link stays.
        let dangling = dir.path().join("dangling.txt");
        symlink("sub/later.txt", &dangling).unwrap();
        write_file(&dangling, b"made").unwrap();
        assert_eq!(fs::read(sub.join("later.txt")).unwrap(), b"made");
        assert!(leftovers(dir.path()).is_empty() && leftovers(&sub).is_empty());
        // A loop of links is an error, not a hang.
        let a = dir.path().join("a");
        symlink("b", &a).unwrap();
        symlink("a", dir.path().join("b")).unwrap();
        assert!(write_file(&a, b"x").is_err());
    }
}
