//! Memory guards for the schema replay on long and merge-heavy histories. Time is never
//! asserted (it is measured by bench/bench.py); memory is, by running retort under
//! `ulimit -v`: a replay that copies a schema per revision (as retort once did: 1.7 GB
//! for the add-column history; an OOM kill at 23.7 GB in a review), or what merged
//! branches share (800 MB for 10,000 merge-heavy revisions), cannot finish inside the
//! limit; a replay that keeps only what it still needs can.

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

/// `retort lint` and `retort schema` on the `revisions`-file history in `dir`, each
/// under 400 MiB of address space: lint must pass; the schema (JSON) is returned.
fn lint_and_schema_limited(dir: &Path, revisions: usize) -> serde_json::Value {
    // (A random-looking id may still look hand-typed to RT111.)
    let out = retort_limited(dir, 400 * 1024, "lint --ignore RT111");
    let stdout = String::from_utf8_lossy(&out.stdout);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(
        out.status.code(),
        Some(0),
        "stdout:\n{stdout}\nstderr:\n{stderr}"
    );
    assert!(
        stdout.contains(&format!("{revisions} revision files")),
        "{stdout}"
    );
    let out = retort_limited(dir, 400 * 1024, "schema --format json");
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).unwrap()
}

#[test]
fn twenty_thousand_add_columns_replay_in_bounded_memory() {
    let tmp = tempfile::tempdir().unwrap();
    add_column_history(tmp.path(), 20_000);
    // 400 MiB of address space: measured, the debug build needs less than 150 MiB; the
    // replay that copied the table per revision needed 1.7 GiB of memory and aborted
    // under this limit. The replay really ran: the head has every column.
    let json = lint_and_schema_limited(tmp.path(), 20_000);
    let columns = json[0]["heads"][0]["tables"][0]["columns"]
        .as_array()
        .unwrap();
    assert_eq!(columns.len(), 20_000);
    assert_eq!(columns[19_999]["name"], "column_19999");
}

/// A busy team's history of about `count` revisions (the shape of bench/bench.py's
/// merge-heavy histories, with a fixed pseudo-random sequence): feature branches of one
/// to three revisions fork off one of the 30 newest trunk revisions, up to ten are open
/// at once, and each is merged back by a two-parent merge revision after a delay. Every
/// other revision creates a table; one in three also adds a column to a table its own
/// branch created. One base, one head.
fn merge_heavy_history(dir: &Path, count: usize) -> (usize, usize) {
    let versions = dir.join("versions");
    std::fs::create_dir_all(&versions).unwrap();
    std::fs::write(
        dir.join("alembic.ini"),
        "[alembic]\nscript_location = %(here)s\n",
    )
    .unwrap();
    let mut state: u64 = 14;
    let mut next = |n: u64| {
        state = state
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        (state >> 33) % n
    };
    let write = |i: usize, parents: &[String], up: &str, down: &str| {
        let id = rev_id(i);
        let down_revision = match parents {
            [] => "None".to_owned(),
            [one] => format!("'{one}'"),
            many => format!(
                "({})",
                many.iter()
                    .map(|p| format!("'{p}'"))
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
        };
        std::fs::write(
            versions.join(format!("{id}_step_{i}.py")),
            format!(
                "\"\"\"step {i}\n\nRevision ID: {id}\nRevises: {}\n\"\"\"\nfrom alembic import op\nimport sqlalchemy as sa\n\nrevision = '{id}'\ndown_revision = {down_revision}\nbranch_labels = None\ndepends_on = None\n\n\ndef upgrade():\n    {up}\n\n\ndef downgrade():\n    {down}\n",
                parents.join(", ")
            ),
        )
        .unwrap();
        id
    };
    let create = |i: usize, branch_tables: &mut Vec<String>, extra: Option<usize>| {
        let table = format!("t{i}");
        let mut up = format!(
            "op.create_table('{table}', sa.Column('id', sa.Integer(), nullable=False), sa.PrimaryKeyConstraint('id'))"
        );
        let mut down = format!("op.drop_table('{table}')");
        if let Some(pick) = extra.filter(|_| !branch_tables.is_empty() && i.is_multiple_of(3)) {
            let other = &branch_tables[pick % branch_tables.len()];
            up.push_str(&format!(
                "\n    op.add_column('{other}', sa.Column('c{i}', sa.Integer(), nullable=True))"
            ));
            down = format!("op.drop_column('{other}', 'c{i}')\n    {down}");
        }
        branch_tables.push(table);
        (up, down)
    };
    struct Branch {
        tip: String,
        left: u64,
        delay: u64,
        tables: Vec<String>,
        written: bool,
    }
    let mut trunk: Vec<String> = Vec::new();
    let mut open: Vec<Branch> = Vec::new();
    let mut merges = 0;
    let (up, down) = create(0, &mut Vec::new(), None);
    trunk.push(write(0, &[], &up, &down));
    let mut i = 1;
    while i < count {
        let roll = next(100);
        if roll < 25 && open.len() < 10 {
            let recent = trunk.len().saturating_sub(30);
            let fork = trunk[recent + next((trunk.len() - recent) as u64) as usize].clone();
            open.push(Branch {
                tip: fork,
                left: 1 + next(3),
                delay: next(16),
                tables: Vec::new(),
                written: false,
            });
        } else if roll < 75 && !open.is_empty() {
            let at = next(open.len() as u64) as usize;
            let pick = next(1000) as usize;
            let branch = &mut open[at];
            if branch.left > 0 {
                let (up, down) = create(i, &mut branch.tables, Some(pick));
                branch.tip = write(i, std::slice::from_ref(&branch.tip), &up, &down);
                branch.left -= 1;
                branch.written = true;
                i += 1;
            } else if branch.delay > 0 {
                branch.delay -= 1;
            } else {
                let branch = open.remove(at);
                if branch.written {
                    let parents = [trunk.last().unwrap().clone(), branch.tip];
                    trunk.push(write(i, &parents, "pass", "pass"));
                    merges += 1;
                    i += 1;
                }
            }
        } else {
            let (up, down) = create(i, &mut Vec::new(), None);
            trunk.push(write(
                i,
                std::slice::from_ref(trunk.last().unwrap()),
                &up,
                &down,
            ));
            i += 1;
        }
    }
    for branch in open.into_iter().filter(|b| b.written) {
        let parents = [trunk.last().unwrap().clone(), branch.tip];
        trunk.push(write(i, &parents, "pass", "pass"));
        merges += 1;
        i += 1;
    }
    (i, merges)
}

#[test]
fn merge_heavy_history_replays_in_bounded_memory() {
    let tmp = tempfile::tempdir().unwrap();
    let (revisions, merges) = merge_heavy_history(tmp.path(), 10_000);
    assert!(merges > 1_000, "{merges} merge revisions");
    // 400 MiB of address space: the replay that copied what merged branches share
    // needed 800 MB for 10,000 revisions of this shape (release build). The replay
    // really ran through every merge: the one head has every table.
    let json = lint_and_schema_limited(tmp.path(), revisions);
    let heads = json[0]["heads"].as_array().unwrap();
    assert_eq!(heads.len(), 1);
    let tables = heads[0]["tables"].as_array().unwrap();
    assert_eq!(tables.len(), revisions - merges);
}
