//! Memory guards for hostile revision files: retort runs under `ulimit -v` (see
//! tests/schema_scale.rs for why one worker thread and one malloc arena) on a project
//! whose versions directory holds junk. Before the first pass that caps the parser
//! (src/python/prescan.rs), 10 MB of NUL bytes or `;` took 1.5 GB, 10 MB of `(` more
//! than 20 GB, 50 MB aborted and a sparse 3 GB file was killed at 24 GB; under this
//! limit each of them aborted. Time is not asserted.

use std::io::Write;
use std::path::Path;
use std::process::Command;

/// 200 MiB of address space: the debug build needs less than 60 MiB of memory for any
/// of these files; the limit leaves room for the binary and its thread stacks.
const LIMIT_KIB: u64 = 200 * 1024;
const TEN_MB: usize = 10_000_000;

fn project(junk: &[u8]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let versions = dir.path().join("migrations/versions");
    std::fs::create_dir_all(&versions).unwrap();
    std::fs::write(
        dir.path().join("alembic.ini"),
        "[alembic]\nscript_location = %(here)s/migrations\n",
    )
    .unwrap();
    std::fs::write(
        versions.join("3f2a9c1b7d4e_base.py"),
        "revision = '3f2a9c1b7d4e'\ndown_revision = None\nbranch_labels = None\ndepends_on = None\n\n\ndef upgrade():\n    pass\n\n\ndef downgrade():\n    pass\n",
    )
    .unwrap();
    std::fs::write(versions.join("x.py"), junk).unwrap();
    dir
}

/// `retort ARGS` in `dir` with at most `LIMIT_KIB` of virtual memory.
fn retort_limited(dir: &Path, args: &str) -> std::process::Output {
    Command::new("sh")
        .arg("-c")
        .arg(format!("ulimit -v {LIMIT_KIB} && exec \"$0\" {args}"))
        .arg(env!("CARGO_BIN_EXE_retort"))
        .current_dir(dir)
        .env("NO_COLOR", "1")
        .env("RAYON_NUM_THREADS", "1")
        .env("MALLOC_ARENA_MAX", "1")
        .output()
        .expect("run sh")
}

/// A repeatable stream of pseudo-random bytes.
fn noise(len: usize, printable: bool) -> Vec<u8> {
    let mut x: u64 = 0x9E37_79B9_7F4A_7C15;
    (0..len)
        .map(|_| {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            if printable {
                b' ' + (x % 95) as u8
            } else {
                x as u8
            }
        })
        .collect()
}

fn repeat(unit: &str, len: usize) -> Vec<u8> {
    unit.as_bytes().iter().copied().cycle().take(len).collect()
}

/// Each junk file is reported where it fails (RT001) and the rest of the history is
/// still read; retort exits 1, not killed, not out of memory.
#[test]
fn ten_megabytes_of_junk_in_bounded_memory() {
    let cases: Vec<(&str, Vec<u8>, &str)> = vec![
        ("NUL bytes", vec![0; TEN_MB], "null bytes"),
        ("semicolons", repeat(";", TEN_MB), "unexpected `;`"),
        (
            "open parentheses",
            repeat("(", TEN_MB),
            "nested parentheses",
        ),
        (
            "open brackets and parentheses",
            repeat("[(", TEN_MB),
            "nested parentheses",
        ),
        ("minus signs", repeat("-", TEN_MB), "too deeply nested"),
        ("powers", repeat("2**", TEN_MB), "too deeply nested"),
        ("nested f-strings", repeat("f\"{", TEN_MB), "nested"),
        ("dollar signs", repeat("$", TEN_MB), "invalid character"),
        ("random bytes", noise(TEN_MB, false), "RT001"),
        ("random printable text", noise(TEN_MB, true), "RT001"),
    ];
    let mut failures = Vec::new();
    for (what, junk, expected) in cases {
        let dir = project(&junk);
        let out = retort_limited(dir.path(), "lint --format concise");
        let stdout = String::from_utf8_lossy(&out.stdout);
        let stderr = String::from_utf8_lossy(&out.stderr);
        if out.status.code() != Some(1)
            || !stdout.contains("migrations/versions/x.py:")
            || !stdout.contains(expected)
        {
            failures.push(format!(
                "{what}: exit {:?}\n{}\n{stderr}",
                out.status,
                stdout.lines().take(5).collect::<Vec<_>>().join("\n")
            ));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}

/// Above `max-file-size` (10 MiB by default) a file is reported with its size and not
/// read at all: 50 MB of junk, and a sparse file of 4 GiB that would not fit in memory.
#[test]
fn files_over_the_size_limit_are_not_read() {
    let dir = project(b"");
    let versions = dir.path().join("migrations/versions");
    let mut file = std::fs::File::create(versions.join("x.py")).unwrap();
    for _ in 0..50 {
        file.write_all(&repeat(";", 1_000_000)).unwrap();
    }
    drop(file);
    let sparse = std::fs::File::create(versions.join("y.py")).unwrap();
    sparse.set_len(4 << 30).unwrap();
    drop(sparse);
    let out = retort_limited(dir.path(), "lint --format concise");
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert_eq!(
        out.status.code(),
        Some(1),
        "{stdout}\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(
        stdout.contains(
            "x.py:1:1: RT001 this file is 47.7 MiB (50,000,000 bytes), larger than the 10.0 MiB"
        ),
        "{stdout}"
    );
    assert!(
        stdout.contains("y.py:1:1: RT001 this file is 4096.0 MiB (4,294,967,296 bytes)"),
        "{stdout}"
    );
    // `heads` reports them too, naming the setting.
    let out = retort_limited(dir.path(), "heads");
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("max-file-size"));
}
