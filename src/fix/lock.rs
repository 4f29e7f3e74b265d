//! One writer per project at a time. `lint --fix` and `merge` take an exclusive lock
//! on the project's root directory (the one holding `alembic.ini`) before they load
//! the history they will merge, and hold it until the new file is written and checked:
//! a second retort waits, then finds the history already merged. On Unix the lock is
//! `flock` on the directory itself, so nothing is left in the user's tree; elsewhere
//! it is a `.retort.lock` file in that directory.
//!
//! Also here: the temporary files an interrupted writer leaves behind
//! (`.<name>.retort-<pid>-<hex>.tmp`, see `write.rs`), found and removed.

use std::fs::File;
use std::path::{Path, PathBuf};

/// Held while writing; released when dropped (or when the process dies).
#[derive(Debug)]
pub struct ProjectLock {
    _file: File,
}

/// Take the project's write lock, waiting for another retort that holds it. `waiting`
/// is called once, before waiting, so the caller can say why nothing happens.
pub fn lock_project(root: &Path, waiting: impl FnOnce()) -> std::io::Result<ProjectLock> {
    let file = open_lock_file(root)?;
    match file.try_lock() {
        Ok(()) => {}
        Err(std::fs::TryLockError::WouldBlock) => {
            waiting();
            file.lock()?;
        }
        Err(std::fs::TryLockError::Error(e)) => return Err(e),
    }
    Ok(ProjectLock { _file: file })
}

#[cfg(unix)]
fn open_lock_file(root: &Path) -> std::io::Result<File> {
    File::open(root)
}

#[cfg(not(unix))]
fn open_lock_file(root: &Path) -> std::io::Result<File> {
    std::fs::OpenOptions::new()
        .create(true)
        .truncate(false)
        .write(true)
        .open(root.join(".retort.lock"))
}

/// A temporary file retort left behind: where, and the process that made it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LeftOver {
    pub path: PathBuf,
    pub pid: u32,
}

/// The process id in a name of retort's own temporary-file pattern,
/// `.<name>.retort-<pid>-<8 hex digits>.tmp`; None for any other name.
pub fn temp_file_pid(name: &str) -> Option<u32> {
    let stem = name.strip_prefix('.')?.strip_suffix(".tmp")?;
    let (rest, random) = stem.rsplit_once('-')?;
    let (original, pid) = rest.rsplit_once(".retort-")?;
    let hex = random.len() == 8
        && random
            .bytes()
            .all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b));
    if original.is_empty() || !hex || pid.is_empty() || !pid.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    pid.parse().ok()
}

/// Retort's temporary files in `dirs` whose process is gone (a kill during a write).
/// A file whose process may still be running is left alone.
pub fn left_overs(dirs: &[PathBuf]) -> Vec<LeftOver> {
    let mut out = Vec::new();
    for dir in dirs {
        let Ok(entries) = std::fs::read_dir(dir) else {
            continue;
        };
        for entry in entries.flatten() {
            let name = entry.file_name();
            let Some(pid) = temp_file_pid(&name.to_string_lossy()) else {
                continue;
            };
            if entry.file_type().is_ok_and(|t| t.is_file()) && !process_may_run(pid, &entry) {
                out.push(LeftOver {
                    path: entry.path(),
                    pid,
                });
            }
        }
    }
    out.sort_by(|a, b| a.path.cmp(&b.path));
    out
}

/// Whether the process that made a temporary file may still be writing it. With
/// `/proc`, exactly; without, any file younger than an hour counts as in use.
fn process_may_run(pid: u32, entry: &std::fs::DirEntry) -> bool {
    if pid == std::process::id() {
        return true;
    }
    let proc = Path::new("/proc");
    if proc.join("self").exists() {
        return proc.join(pid.to_string()).exists();
    }
    entry
        .metadata()
        .and_then(|m| m.modified())
        .ok()
        .and_then(|t| t.elapsed().ok())
        .is_none_or(|age| age.as_secs() < 3600)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_retorts_own_pattern() {
        assert_eq!(
            temp_file_pid(".abc_merge.py.retort-1234-0a1b2c3d.tmp"),
            Some(1234)
        );
        for other in [
            "abc_merge.py.retort-1234-0a1b2c3d.tmp",
            ".abc.py.retort-1234-0a1b2c3.tmp",
            ".abc.py.retort-1234-0A1B2C3D.tmp",
            ".abc.py.retort-x-0a1b2c3d.tmp",
            ".retort-1234-0a1b2c3d.tmp",
            ".abc.py.retort-1234-0a1b2c3d.tmp.bak",
            ".abc.py.tmp",
        ] {
            assert_eq!(temp_file_pid(other), None, "{other}");
        }
    }

    #[test]
    fn a_second_lock_waits() {
        let dir = tempfile::tempdir().unwrap();
        let first = lock_project(dir.path(), || panic!("nobody holds it yet")).unwrap();
        let (tx, rx) = std::sync::mpsc::channel();
        let path = dir.path().to_path_buf();
        let second = std::thread::spawn(move || {
            let lock = lock_project(&path, || tx.send("waiting").unwrap()).unwrap();
            drop(lock);
        });
        assert_eq!(
            rx.recv_timeout(std::time::Duration::from_secs(10)),
            Ok("waiting")
        );
        drop(first);
        second.join().unwrap();
    }

    #[test]
    fn leftovers_of_dead_processes_only() {
        let dir = tempfile::tempdir().unwrap();
        // pid 0 never names a process that could be writing.
        let dead = dir.path().join(".a.py.retort-0-0a1b2c3d.tmp");
        let mine = dir
            .path()
            .join(format!(".b.py.retort-{}-0a1b2c3d.tmp", std::process::id()));
        let foreign = dir.path().join(".c.py.tmp");
        for p in [&dead, &mine, &foreign] {
            std::fs::write(p, "x").unwrap();
        }
        let found = left_overs(&[dir.path().to_path_buf()]);
        assert_eq!(found, [LeftOver { path: dead, pid: 0 }]);
    }
}
