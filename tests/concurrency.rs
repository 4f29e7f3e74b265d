//! Several writers at once, and writers killed mid-write: `lint --fix` and `merge` run
//! one at a time per project (a lock), the ones that wait find the history merged and
//! exit 0, nothing is ever half-written, and the temporary file of a killed run is
//! reported and removed by the next run.

mod common;

use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::Duration;

fn project() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(dir.path().join("migrations/versions")).unwrap();
    std::fs::write(
        dir.path().join("alembic.ini"),
        "[alembic]\nscript_location = %(here)s/migrations\n",
    )
    .unwrap();
    for (id, down) in [
        ("9f3a61c0d2b7", "None"),
        ("4e8d17b2a9c5", "'9f3a61c0d2b7'"),
        ("c2b95e04f7a1", "'9f3a61c0d2b7'"),
    ] {
        std::fs::write(
            dir.path().join(format!("migrations/versions/{id}_rev.py")),
            format!(
                "\"\"\"revision {id}\"\"\"\nrevision = '{id}'\ndown_revision = {down}\n\
                 branch_labels = None\ndepends_on = None\n\n\ndef upgrade():\n    pass\n\n\n\
                 def downgrade():\n    pass\n"
            ),
        )
        .unwrap();
    }
    dir
}

fn spawn(dir: &Path, args: &[&str]) -> Child {
    Command::new(env!("CARGO_BIN_EXE_retort"))
        .args(args)
        .current_dir(dir)
        .env("NO_COLOR", "1")
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("run retort")
}

fn names(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir.join("migrations/versions"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

fn merge_files(dir: &Path) -> Vec<String> {
    names(dir)
        .into_iter()
        .filter(|n| n.ends_with(".py") && !n.ends_with("_rev.py"))
        .collect()
}

/// Three `lint --fix` at once, ten times over: one merge file each time, every process
/// exits 0, none blames itself.
#[test]
fn racing_fixes_write_one_merge_and_all_succeed() {
    for round in 0..10 {
        let dir = project();
        let children: Vec<Child> = (0..3)
            .map(|_| spawn(dir.path(), &["lint", "--fix"]))
            .collect();
        for child in children {
            let out = child.wait_with_output().unwrap();
            let stderr = String::from_utf8_lossy(&out.stderr);
            let stdout = String::from_utf8_lossy(&out.stdout);
            assert_eq!(
                out.status.code(),
                Some(0),
                "round {round}: {stdout}\n{stderr}"
            );
            assert!(!stderr.contains("retort bug"), "round {round}: {stderr}");
        }
        assert_eq!(
            merge_files(dir.path()).len(),
            1,
            "round {round}: {:?}",
            names(dir.path())
        );
        assert!(
            !names(dir.path()).iter().any(|n| n.contains(".retort-")),
            "{:?}",
            names(dir.path())
        );
    }
}

/// The same with `retort merge`: one writes, the others say there is nothing to merge.
#[test]
fn racing_merges_write_one_and_the_others_find_nothing_to_merge() {
    for round in 0..5 {
        let dir = project();
        let children: Vec<Child> = (0..3)
            .map(|_| spawn(dir.path(), &["merge", "-m", "join"]))
            .collect();
        let mut wrote = 0;
        for child in children {
            let out = child.wait_with_output().unwrap();
            let stdout = String::from_utf8_lossy(&out.stdout);
            let stderr = String::from_utf8_lossy(&out.stderr);
            assert_eq!(
                out.status.code(),
                Some(0),
                "round {round}: {stdout}\n{stderr}"
            );
            if stdout.contains("Wrote ") {
                wrote += 1;
            } else {
                assert!(
                    stdout.contains("nothing to merge") || stdout.contains("one head"),
                    "{stdout}"
                );
            }
        }
        assert_eq!(wrote, 1, "round {round}");
        assert_eq!(merge_files(dir.path()).len(), 1, "round {round}");
    }
}

/// A second writer waits for the first and says so.
#[test]
fn a_writer_waits_for_the_lock_and_says_so() {
    let dir = project();
    let lock = retort::fix::lock_project(dir.path(), || panic!("free")).unwrap();
    let child = spawn(dir.path(), &["merge", "-m", "join"]);
    std::thread::sleep(Duration::from_millis(1500));
    drop(lock);
    let out = child.wait_with_output().unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(0), "{stderr}");
    assert!(
        stderr.contains("another retort is writing in")
            && stderr.contains("waiting for it to finish"),
        "{stderr}"
    );
    assert_eq!(merge_files(dir.path()).len(), 1);
}

/// `kill -9` at random moments of `lint --fix`: never a partial revision file; the
/// next run leaves a complete history and no temporary file.
#[test]
fn killed_fixes_never_leave_a_partial_file() {
    let mut seed: u64 = 0x2545_F491_4F6C_DD1D;
    for round in 0..30 {
        let dir = project();
        let mut child = spawn(dir.path(), &["lint", "--fix"]);
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        std::thread::sleep(Duration::from_micros(seed % 60_000));
        let _ = child.kill();
        let _ = child.wait();
        // Whatever is there is whole: every revision file parses, and at most one merge.
        let out = common::retort(dir.path(), &["lint", "--format", "concise"]);
        let stdout = String::from_utf8_lossy(&out.stdout);
        assert!(!stdout.contains("RT001"), "round {round}: {stdout}");
        assert!(merge_files(dir.path()).len() <= 1, "round {round}");
        assert!(
            !names(dir.path()).iter().any(|n| n.contains(".retort-")),
            "round {round}: the run after the kill left {:?}",
            names(dir.path())
        );
        // And a fix after the kill completes the job.
        let out = common::retort(dir.path(), &["lint", "--fix"]);
        assert_eq!(
            out.status.code(),
            Some(0),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        assert_eq!(merge_files(dir.path()).len(), 1);
    }
}

/// The temporary file of a killed writer (its process gone) is reported and removed by
/// the next run, whatever command it is; one whose process still runs, and files of
/// any other pattern, are left alone.
#[test]
fn leftover_temporary_files_are_reported_and_removed() {
    let dir = project();
    let versions = dir.path().join("migrations/versions");
    // A process that has exited: its pid names no running process.
    let mut gone = Command::new("true").spawn().unwrap();
    let gone_pid = gone.id();
    gone.wait().unwrap();
    let dead = format!(".abc_merge.py.retort-{gone_pid}-0a1b2c3d.tmp");
    let alive = format!(".abc_merge.py.retort-{}-0a1b2c3d.tmp", std::process::id());
    let foreign = ".abc_merge.py.retort-1-zzzzzzzz.tmp";
    for name in [dead.as_str(), alive.as_str(), foreign] {
        std::fs::write(versions.join(name), "partial").unwrap();
    }
    let out = common::retort(dir.path(), &["heads"]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains(&format!("removed {}", versions.join(&dead).display()))
            && stderr.contains(&format!("process {gone_pid} is gone")),
        "{stderr}"
    );
    let left = names(dir.path());
    assert!(!left.contains(&dead), "{left:?}");
    assert!(
        left.contains(&alive) && left.contains(&foreign.to_owned()),
        "{left:?}"
    );
}
