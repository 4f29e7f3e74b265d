//! Memory guards for the schema replay on long histories. Time is never asserted (it
//! is measured by bench/bench.py); memory is, by running retort under `ulimit -v`: a
//! replay that copies a schema per revision (as retort once did: 1.7 GB for this
//! history; an OOM kill at 23.7 GB in a review) cannot finish inside the limit, a
//! replay that keeps only what it still needs can.

mod common;

use std::path::Path;
use std::process::Command;

/// A revision id that looks random (no RT111) and is the same on every run.
fn rev_id(i: usize) -> String {
    let mut x = (i as u64 + 1).wrapping_mul(0x9E37_79B9_7F4A_7C15);
    x ^= x >> 29;
    x = x.wrapping_mul(0xBF58_476D_1CE4_E5B9);
    x ^= x >> 32;
    format!("{:012x}", x & 0xFFFF_FFFF_FFFF)
}

/// Revision 0 creates table `t`; every later one adds a column to it (and drops it in
/// downgrade()), so the table at the head has `count` columns.
fn add_column_history(dir: &Path, count: usize) {
    let versions = dir.join("versions");
    std::fs::create_dir_all(&versions).unwrap();
    std::fs::write(
        dir.join("alembic.ini"),
        "[alembic]\nscript_location = %(here)s\n",
    )
    .unwrap();
    for i in 0..count {
        let (parent, up, down) = match i {
            0 => (
                "None".to_owned(),
                "op.create_table('t', sa.Column('id', sa.Integer(), primary_key=True))".to_owned(),
                "op.drop_table('t')".to_owned(),
            ),
            _ => (
                format!("'{}'", rev_id(i - 1)),
                format!(
                    "op.add_column('t', sa.Column('column_{i}', sa.String(length=200), nullable=True, server_default='a default value'))"
                ),
                format!("op.drop_column('t', 'column_{i}')"),
            ),
        };
        let id = rev_id(i);
        std::fs::write(
            versions.join(format!("{id}_step_{i}.py")),
            format!(
                "\"\"\"step {i}\n\nRevision ID: {id}\nRevises: {}\n\"\"\"\nfrom alembic import op\nimport sqlalchemy as sa\n\nrevision = '{id}'\ndown_revision = {parent}\nbranch_labels = None\ndepends_on = None\n\n\ndef upgrade():\n    {up}\n\n\ndef downgrade():\n    {down}\n",
                parent.trim_matches('\'').replace("None", "")
            ),
        )
        .unwrap();
    }
}

/// `retort ARGS` in `dir` with at most `kib` KiB of virtual memory.
fn retort_limited(dir: &Path, kib: u64, args: &str) -> std::process::Output {
    let binary = env!("CARGO_BIN_EXE_retort");
    Command::new("sh")
        .arg("-c")
        .arg(format!("ulimit -v {kib} && exec \"$0\" {args}"))
        .arg(binary)
        .current_dir(dir)
        .env("NO_COLOR", "1")
        // One worker thread: each thread's malloc arena reserves address space, which
        // would count against the limit without being used.
        .env("RAYON_NUM_THREADS", "1")
        .env("MALLOC_ARENA_MAX", "1")
        .output()
        .expect("run sh")
}

#[test]
fn twenty_thousand_add_columns_replay_in_bounded_memory() {
    let tmp = tempfile::tempdir().unwrap();
    add_column_history(tmp.path(), 20_000);
    // (A random-looking id may still look hand-typed to RT111.)
    // 400 MiB of address space: measured, the debug build needs less than 150 MiB; the
    // replay that copied the table per revision needed 1.7 GiB of memory and aborted
    // under this limit.
    let out = retort_limited(tmp.path(), 400 * 1024, "lint --ignore RT111");
    let stdout = String::from_utf8_lossy(&out.stdout);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(
        out.status.code(),
        Some(0),
        "stdout:\n{stdout}\nstderr:\n{stderr}"
    );
    assert!(stdout.contains("20000 revision files"), "{stdout}");
    // The replay really ran: the head has every column.
    let out = retort_limited(tmp.path(), 400 * 1024, "schema --format json");
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let columns = json[0]["heads"][0]["tables"][0]["columns"]
        .as_array()
        .unwrap();
    assert_eq!(columns.len(), 20_000);
    assert_eq!(columns[19_999]["name"], "column_19999");
}
