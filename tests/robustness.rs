//! Inputs that must never crash retort or pass silently: code nested deeper than
//! Python can compile, odd file names, broken configuration, special output files.

mod common;

use std::io::Write;
use std::path::Path;
use std::process::{Command, Stdio};

fn stdout(o: &std::process::Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

fn stderr(o: &std::process::Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

/// A project whose single revision file ends with `tail`.
fn project_with(tail: &str) -> tempfile::TempDir {
    project_of("", "", "pass", tail)
}

/// A project of one revision (`c34e8a17f0b9`): `ini_extra` appended to alembic.ini's
/// `[alembic]` section, `imports` after the docstring, `upgrade` as the body of
/// `upgrade()`, `tail` after the functions.
fn project_of(ini_extra: &str, imports: &str, upgrade: &str, tail: &str) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("alembic.ini"),
        format!("[alembic]\nscript_location = %(here)s/migrations\n{ini_extra}"),
    )
    .unwrap();
    let versions = dir.path().join("migrations/versions");
    std::fs::create_dir_all(&versions).unwrap();
    std::fs::write(
        versions.join("c34e8a17f0b9_deep.py"),
        format!(
            "\"\"\"deep\n\nRevision ID: c34e8a17f0b9\nRevises: \nCreate Date: 2024-01-01 00:00:00\n\n\"\"\"\n\
             {imports}revision = 'c34e8a17f0b9'\ndown_revision = None\nbranch_labels = None\ndepends_on = None\n\n\n\
             def upgrade() -> None:\n    {upgrade}\n\n\ndef downgrade() -> None:\n    pass\n\n\n{tail}\n"
        ),
    )
    .unwrap();
    dir
}

/// The exit status, asserting the process was not killed (a stack overflow aborts).
fn code(out: &std::process::Output) -> i32 {
    out.status
        .code()
        .unwrap_or_else(|| panic!("retort died: {:?}\n{}", out.status, stderr(out)))
}

/// The review's inputs: each is RT001 at its line, and the rest of the file is read.
#[test]
fn code_nested_deeper_than_python_compiles_is_rt001_not_a_crash() {
    let cases = [
        (
            format!("x = {}1", "1+".repeat(50_000)),
            "too deeply nested for Python to compile",
        ),
        (
            format!("x = {}1", "-".repeat(50_000)),
            "too deeply nested for Python to compile",
        ),
        (
            format!("x = {}", "[".repeat(100_000)),
            "too many nested parentheses",
        ),
        (
            format!("x = {}1{}", "(".repeat(100_000), ")".repeat(100_000)),
            "too many nested parentheses",
        ),
    ];
    for (tail, expected) in cases {
        let p = project_with(&tail);
        let out = common::retort(p.path(), &["lint", "--format", "json"]);
        assert_eq!(code(&out), 1, "{}", stderr(&out));
        let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
        let diagnostics = json["diagnostics"].as_array().unwrap();
        assert_eq!(diagnostics.len(), 1, "{json:#}");
        let d = &diagnostics[0];
        assert_eq!(d["code"], "RT001");
        assert_eq!(d["file"], "migrations/versions/c34e8a17f0b9_deep.py");
        assert_eq!(d["start"]["line"], 22);
        assert!(
            d["message"].as_str().unwrap().contains(expected),
            "{}",
            d["message"]
        );

        // `retort heads` still names the head, and says why Alembic would fail.
        let out = common::retort(p.path(), &["heads"]);
        assert_eq!(code(&out), 1);
        assert!(stdout(&out).starts_with("c34e8a17f0b9 (head)"));
        assert!(stderr(&out).contains(expected), "{}", stderr(&out));
    }
}

/// A model file nested 200,000 levels deep is read on the main thread: still no crash.
#[test]
fn deep_model_file_is_reported_not_a_crash() {
    let dir = tempfile::tempdir().unwrap();
    common::copy_dir(
        &common::repo_root().join("testdata/projects/seed-wallet"),
        dir.path(),
    );
    let models = dir.path().join("wallet/models.py");
    let mut file = std::fs::OpenOptions::new()
        .append(true)
        .open(&models)
        .unwrap();
    writeln!(file, "x = {}1", "-".repeat(200_000)).unwrap();
    drop(file);
    let out = common::retort(dir.path(), &["lint", "--format", "json"]);
    assert_eq!(code(&out), 1, "{}", stderr(&out));
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let rt208 = json["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["code"] == "RT208")
        .expect("the model's syntax error is reported");
    assert_eq!(rt208["file"], "wallet/models.py");
    assert!(
        rt208["message"]
            .as_str()
            .unwrap()
            .contains("too deeply nested for Python to compile")
    );
    // The classes above the deep line are still read: the incident's RT201 is there.
    assert!(
        json["diagnostics"]
            .as_array()
            .unwrap()
            .iter()
            .any(|d| d["code"] == "RT201"),
        "{json:#}"
    );
}

/// String annotations are read as text: one cut short (`"Mapped["`) or ending in a
/// character wider than a byte (`"Mapped[é"`) once made the model reader slice inside a
/// character and panic (found by the fuzz smoke in CI, python_front_end).
#[test]
fn model_annotations_cut_short_are_not_a_crash() {
    let dir = tempfile::tempdir().unwrap();
    common::copy_dir(
        &common::repo_root().join("testdata/projects/seed-wallet"),
        dir.path(),
    );
    let models = dir.path().join("wallet/models.py");
    let mut file = std::fs::OpenOptions::new()
        .append(true)
        .open(&models)
        .unwrap();
    writeln!(
        file,
        "\n\nclass Odd(Base):\n    __tablename__ = 'odd'\n    id: \"Mapped[é\"\n    \
         name: \"Mapped[\"\n    note: \"sqlalchemy.orm.Mapped[Optional[str]]ü\"\n"
    )
    .unwrap();
    drop(file);
    let out = common::retort(dir.path(), &["lint", "--format", "json"]);
    let status = code(&out);
    assert!(
        status <= 1 && !stderr(&out).contains("panicked"),
        "retort lint exited {status}:\n{}{}",
        stdout(&out),
        stderr(&out)
    );
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    // The file is still read: the incident's RT201 is there.
    assert!(
        json["diagnostics"]
            .as_array()
            .unwrap()
            .iter()
            .any(|d| d["code"] == "RT201"),
        "{json:#}"
    );
}

/// Run the nesting oracle (CPython's compile()) on sources; `None` where it compiles.
fn cpython_refusals(python: &Path, sources: &[String]) -> Vec<Option<String>> {
    let mut child = Command::new(python)
        .arg(common::repo_root().join("tests/oracle/nesting.py"))
        .arg("compiles")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    let mut stdin = child.stdin.take().unwrap();
    let input: String = sources
        .iter()
        .map(|s| serde_json::to_string(s).unwrap() + "\n")
        .collect();
    let writer = std::thread::spawn(move || stdin.write_all(input.as_bytes()).unwrap());
    let out = child.wait_with_output().unwrap();
    writer.join().unwrap();
    assert!(out.status.success());
    stdout(&out)
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect()
}

/// Near the limits, retort never refuses what CPython compiles, and refuses what is
/// clearly beyond them.
#[test]
fn nesting_limits_agree_with_cpython() {
    let Some(python) = common::python() else {
        return;
    };
    let shapes: [(&str, &str, &str); 8] = [
        ("1+", "", "1"),
        ("-", "", "1"),
        ("not ", "", "1"),
        ("", ".b", "a"),
        ("", "()", "f"),
        ("", "[0]", "a"),
        ("lambda: ", "", "1"),
        ("a if b else ", "", "1"),
    ];
    // (source, whether it is clearly beyond CPython's limits)
    let mut cases: Vec<(String, bool)> = Vec::new();
    for (prefix, suffix, atom) in shapes {
        for n in [100, 1_000, 2_000, 2_900, 2_990, 3_100, 5_000] {
            let expr = format!("{}{atom}{}", prefix.repeat(n), suffix.repeat(n));
            cases.push((format!("x = {expr}\n"), n >= 3_100));
            cases.push((
                format!("def upgrade():\n    op.execute({expr})\n"),
                n >= 3_100,
            ));
        }
    }
    for n in [199, 200, 201, 1_000] {
        cases.push((
            format!("x = {}1{}\n", "(".repeat(n), ")".repeat(n)),
            n > 200,
        ));
        cases.push((format!("x = {}{}\n", "[".repeat(n), "]".repeat(n)), n > 200));
    }
    let sources: Vec<String> = cases.iter().map(|(s, _)| s.clone()).collect();
    let cpython = cpython_refusals(&python, &sources);
    let dir = tempfile::tempdir().unwrap();
    let versions = dir.path().join("versions");
    std::fs::create_dir(&versions).unwrap();
    for (i, source) in sources.iter().enumerate() {
        std::fs::write(versions.join(format!("case_{i:03}.py")), source).unwrap();
    }
    let out = common::retort(
        dir.path(),
        &[
            "lint",
            "--format",
            "json",
            "--select",
            "RT001",
            "--versions",
            "versions",
        ],
    );
    assert_eq!(code(&out), 1, "{}", stderr(&out));
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let refused: std::collections::BTreeSet<String> = json["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["file"].as_str().unwrap().to_owned())
        .collect();
    for (i, (source, beyond)) in cases.iter().enumerate() {
        let ours = refused.contains(&format!("versions/case_{i:03}.py"));
        let theirs = &cpython[i];
        let shown = &source[..source.len().min(60)];
        if ours {
            assert!(
                theirs.is_some(),
                "retort refuses what CPython compiles: {shown}"
            );
        }
        if *beyond {
            assert!(theirs.is_some(), "CPython compiles {shown}");
            assert!(
                ours,
                "CPython refuses ({theirs:?}) but retort does not: {shown}"
            );
        }
    }
}

/// retort's estimate of a tree's depth is never below the depth of CPython's own tree,
/// on random code mixing every kind of expression and statement.
#[test]
fn nesting_estimate_is_an_upper_bound_of_cpythons_tree() {
    let Some(python) = common::python() else {
        return;
    };
    let out = Command::new(python)
        .arg(common::repo_root().join("tests/oracle/nesting.py"))
        .args(["corpus", "7", "3000"])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    let mut worst = 0;
    for line in stdout(&out).lines() {
        let (depth, source): (u32, String) = serde_json::from_str(line).unwrap();
        let bound = retort::python::nesting_bound(&source);
        assert!(
            bound >= depth,
            "estimate {bound} below CPython's depth {depth}:\n{source}"
        );
        worst = worst.max(bound - depth);
    }
    // Loose, but not uselessly so.
    assert!(worst < 40, "estimate overshoots by {worst}");
}

/// Real code (the standard library, SQLAlchemy, Alembic and the rest of the test
/// virtualenv) is never near the limit.
#[test]
fn real_python_code_is_far_from_the_nesting_limit() {
    let Some(python) = common::python() else {
        return;
    };
    let out = Command::new(python)
        .args([
            "-c",
            "import sysconfig; print(sysconfig.get_paths()['stdlib']); print(sysconfig.get_paths()['purelib'])",
        ])
        .output()
        .unwrap();
    let mut files = 0;
    let mut deepest = (0, String::new());
    for root in stdout(&out).lines() {
        for entry in walkdir::WalkDir::new(root)
            .into_iter()
            .filter_entry(|e| e.file_name() != "site-packages" || e.depth() == 0)
            .flatten()
        {
            if entry.path().extension().is_none_or(|e| e != "py") {
                continue;
            }
            let Ok(text) = std::fs::read_to_string(entry.path()) else {
                continue;
            };
            files += 1;
            let bound = retort::python::nesting_bound(&text);
            if bound > deepest.0 {
                deepest = (bound, entry.path().display().to_string());
            }
        }
    }
    assert!(files > 1_000, "only {files} files");
    assert!(deepest.0 < 1_000, "{deepest:?}");
}

fn write_revision(versions: &Path, id: &str, down: &str) {
    std::fs::write(
        versions.join(format!("{id}_step.py")),
        format!(
            "revision = '{id}'\ndown_revision = {down}\nbranch_labels = None\ndepends_on = None\n\n\
             def upgrade():\n    pass\n\n\ndef downgrade():\n    pass\n"
        ),
    )
    .unwrap();
}

/// A project with alembic.ini and these (id, down_revision literal) revisions.
fn project(revisions: &[(&str, &str)]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("alembic.ini"),
        "[alembic]\nscript_location = %(here)s/migrations\n",
    )
    .unwrap();
    let versions = dir.path().join("migrations/versions");
    std::fs::create_dir_all(&versions).unwrap();
    for (id, down) in revisions {
        write_revision(&versions, id, down);
    }
    dir
}

/// `alembic heads` fails on a cycle or a missing parent; `retort heads`, `graph` and
/// `schema` print what they know, say what is wrong on stderr, and exit 1.
#[test]
fn broken_history_prints_what_is_known_and_exits_one() {
    let p = project(&[
        ("aaaa00000001", "'aaaa00000003'"),
        ("aaaa00000002", "'aaaa00000001'"),
        ("aaaa00000003", "'aaaa00000002'"),
        ("bbbb00000001", "None"),
        ("bbbb00000002", "'bbbb00000001'"),
        ("cccc00000001", "'nope'"),
    ]);
    let expect_problems = |out: &std::process::Output| {
        assert_eq!(code(out), 1, "{}", stderr(out));
        let err = stderr(out);
        assert!(
            err.contains("cycle: aaaa00000001 -> aaaa00000002 -> aaaa00000003 -> aaaa00000001"),
            "{err}"
        );
        assert!(
            err.contains(
                "missing down_revision `nope` in migrations/versions/cccc00000001_step.py"
            ),
            "{err}"
        );
    };
    let out = common::retort(p.path(), &["heads"]);
    expect_problems(&out);
    assert_eq!(
        stdout(&out),
        "bbbb00000002 (head)  migrations/versions/bbbb00000002_step.py\n\
         cccc00000001 (head)  migrations/versions/cccc00000001_step.py\n"
    );
    let out = common::retort(p.path(), &["graph"]);
    expect_problems(&out);
    let graph = stdout(&out);
    assert!(
        graph.contains("bbbb00000001 -> bbbb00000002 (head)"),
        "{graph}"
    );
    assert!(
        graph.contains("aaaa00000003 -> aaaa00000001 (on a cycle)"),
        "{graph}"
    );
    let out = common::retort(p.path(), &["graph", "--format", "json"]);
    expect_problems(&out);
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(json["errors"].as_array().unwrap().len(), 2);
    let out = common::retort(p.path(), &["schema"]);
    expect_problems(&out);
    assert!(stdout(&out).contains("at bbbb00000002"), "{}", stdout(&out));

    // A healthy history: exit 0 and nothing on stderr.
    let p = project(&[("bbbb00000001", "None"), ("bbbb00000002", "'bbbb00000001'")]);
    for command in [&["heads"][..], &["graph"], &["schema"]] {
        let out = common::retort(p.path(), command);
        assert_eq!(code(&out), 0, "{command:?}: {}", stderr(&out));
        assert_eq!(stderr(&out), "");
    }
}

/// A reader that goes away (`retort lint | head -c1`) does not turn findings into
/// success: the exit status is the one the run would have had, and nothing is said.
#[test]
fn broken_pipe_keeps_the_exit_status() {
    let p = project(&[
        ("bbbb00000001", "None"),
        ("bbbb00000002", "'bbbb00000001'"),
        ("bbbb00000003", "'bbbb00000001'"),
    ]);
    for (args, expected) in [
        (&["lint"][..], 1),
        (&["lint", "--format", "json"], 1),
        (&["lint", "--exit-zero"], 0),
        (&["heads"], 0),
        (&["rule", "--all"], 0),
    ] {
        let (reader, writer) = std::io::pipe().unwrap();
        drop(reader);
        let out = Command::new(env!("CARGO_BIN_EXE_retort"))
            .args(args)
            .current_dir(p.path())
            .stdout(writer)
            .stderr(Stdio::piped())
            .output()
            .unwrap();
        assert_eq!(code(&out), expected, "{args:?}: {}", stderr(&out));
        assert_eq!(stderr(&out), "", "{args:?}");
    }
}

/// `--output` writes through links and into special files instead of replacing them,
/// and keeps an existing report's permissions.
#[cfg(unix)]
#[test]
fn output_writes_through_links_and_special_files() {
    use std::os::unix::fs::{FileTypeExt, PermissionsExt, symlink};
    let p = project(&[("bbbb00000001", "None"), ("bbbb00000002", "'bbbb00000001'")]);
    let dir = p.path();
    let lint_to = |target: &str| {
        let out = common::retort(
            dir,
            &[
                "lint",
                "--exit-zero",
                "--format",
                "concise",
                "--output",
                target,
            ],
        );
        (code(&out), stderr(&out))
    };
    let expected = stdout(&common::retort(dir, &["lint", "--format", "concise"]));
    assert!(expected.contains("RT111"), "{expected}");

    // A symbolic link: the target gets the report, the link stays a link.
    std::fs::create_dir(dir.join("reports")).unwrap();
    std::fs::write(dir.join("reports/real.txt"), "old").unwrap();
    symlink("reports/real.txt", dir.join("link.txt")).unwrap();
    assert_eq!(lint_to("link.txt"), (0, String::new()));
    assert!(
        std::fs::symlink_metadata(dir.join("link.txt"))
            .unwrap()
            .file_type()
            .is_symlink()
    );
    assert_eq!(
        std::fs::read_to_string(dir.join("reports/real.txt")).unwrap(),
        expected
    );

    // An existing report keeps its mode.
    std::fs::write(dir.join("private.txt"), "old").unwrap();
    std::fs::set_permissions(dir.join("private.txt"), PermissionsExt::from_mode(0o600)).unwrap();
    assert_eq!(lint_to("private.txt").0, 0);
    let meta = std::fs::metadata(dir.join("private.txt")).unwrap();
    assert_eq!(meta.permissions().mode() & 0o777, 0o600);
    assert_eq!(
        std::fs::read_to_string(dir.join("private.txt")).unwrap(),
        expected
    );

    // A FIFO is written to, and is still a FIFO afterwards.
    let fifo = dir.join("fifo");
    let made = Command::new("mkfifo").arg(&fifo).status().unwrap();
    assert!(made.success());
    let reader = {
        let fifo = fifo.clone();
        std::thread::spawn(move || std::fs::read_to_string(fifo).unwrap())
    };
    assert_eq!(lint_to("fifo").0, 0);
    assert_eq!(reader.join().unwrap(), expected);
    assert!(std::fs::metadata(&fifo).unwrap().file_type().is_fifo());

    // Character devices are written to, never replaced.
    assert_eq!(lint_to("/dev/null").0, 0);
    assert!(
        std::fs::metadata("/dev/null")
            .unwrap()
            .file_type()
            .is_char_device()
    );
    if Path::new("/dev/full").exists() {
        let (status, err) = lint_to("/dev/full");
        assert_eq!(status, 2);
        assert!(err.contains("/dev/full: cannot write the report"), "{err}");
        assert!(
            std::fs::metadata("/dev/full")
                .unwrap()
                .file_type()
                .is_char_device()
        );
    }

    // A directory is refused; nothing temporary is left anywhere.
    assert_eq!(lint_to("reports").0, 2);
    for d in [dir.to_path_buf(), dir.join("reports")] {
        for entry in std::fs::read_dir(d).unwrap() {
            let name = entry.unwrap().file_name();
            assert!(!name.to_string_lossy().contains(".retort-"), "{name:?}");
        }
    }
}

/// alembic.ini problems Alembic's ConfigParser refuses, each with its line and cause.
#[test]
fn alembic_ini_errors_name_line_and_cause() {
    let cases: [(&[u8], &str); 6] = [
        (
            b"[alembic]\nscript_location = %(here)s/migrations\nScript_Location = x\n",
            "alembic.ini:3: `script_location` is set a second time in [alembic] (first on line 2",
        ),
        (
            b"[alembic]\nscript_location = %(here)s/migrations\n\n[loggers]\nkeys = root\n[alembic]\nx = 1\n",
            "alembic.ini:6: section `[alembic]` appears a second time (first on line 1)",
        ),
        (
            b"\xef\xbb\xbf[alembic]\nscript_location = %(here)s/migrations\n",
            "alembic.ini:1: the file starts with a UTF-8 byte order mark (BOM)",
        ),
        (
            b"[alembic\nscript_location = %(here)s/migrations\n",
            "alembic.ini:1: section header `[alembic` is missing its closing `]`",
        ),
        (
            b"[alembic]\nscript_location = %(here)s/migrations\n# caf\xe9\n",
            "alembic.ini:3: byte 0xE9 at column 6 is not valid UTF-8",
        ),
        (
            b"[alembic]\nscript_location = %(here)s/migrations\n= 1\n",
            "alembic.ini:3: no key before `=`",
        ),
    ];
    let python = common::python();
    for (ini, expected) in cases {
        let p = project(&[("bbbb00000001", "None")]);
        std::fs::write(p.path().join("alembic.ini"), ini).unwrap();
        let out = common::retort(p.path(), &["lint"]);
        assert_eq!(code(&out), 2, "{expected}");
        assert!(stderr(&out).contains(expected), "{}", stderr(&out));
        // Alembic itself refuses each of these files.
        if let Some(python) = &python {
            let alembic = Command::new(python)
                .args(["-m", "alembic", "heads"])
                .current_dir(p.path())
                .output()
                .unwrap();
            assert!(!alembic.status.success(), "alembic accepts: {expected}");
        }
    }
}

/// pyproject.toml `[tool.alembic]` problems name their line.
#[test]
fn pyproject_alembic_errors_name_the_line() {
    let cases: [(&[u8], &str); 3] = [
        (
            b"[project]\nname = \"x\"\n\n[tool.alembic]\nscript_location = \"%(here)s/migrations\"\nrecursive_version_locations = \"yes\"\n",
            "pyproject.toml:6: `tool.alembic.recursive_version_locations`: expected true or false",
        ),
        (
            b"[tool.alembic]\nscript_location = \"%(here)s/nowhere\"\n",
            "pyproject.toml:2: `script_location`: `",
        ),
        (
            b"[tool.alembic]\nscript_location = \"%(here)s/migrations\"\n# caf\xe9\n",
            "pyproject.toml:3: byte 0xE9 at column 6 is not valid UTF-8",
        ),
    ];
    for (toml, expected) in cases {
        let p = project(&[("bbbb00000001", "None")]);
        std::fs::remove_file(p.path().join("alembic.ini")).unwrap();
        std::fs::write(p.path().join("pyproject.toml"), toml).unwrap();
        let out = common::retort(p.path(), &["lint"]);
        assert_eq!(code(&out), 2, "{expected}");
        assert!(stderr(&out).contains(expected), "{}", stderr(&out));
    }
}

/// A revision file whose name is not UTF-8 is read like any other (Alembic lists it
/// too), so the second head it makes is reported; its name is shown lossily.
#[cfg(unix)]
#[test]
fn file_names_that_are_not_utf8_are_linted() {
    use std::os::unix::ffi::OsStrExt;
    let p = project(&[("bbbb00000001", "None"), ("bbbb00000002", "'bbbb00000001'")]);
    let versions = p.path().join("migrations/versions");
    let name = std::ffi::OsStr::from_bytes(b"bad\xff.py");
    std::fs::write(
        versions.join(name),
        "revision = 'bbbb00000003'\ndown_revision = 'bbbb00000001'\n\n\
         def upgrade():\n    pass\n\n\ndef downgrade():\n    pass\n",
    )
    .unwrap();
    let out = common::retort(p.path(), &["heads"]);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    assert_eq!(
        stdout(&out),
        "bbbb00000003 (head)  migrations/versions/bad\u{fffd}.py\n\
         bbbb00000002 (head)  migrations/versions/bbbb00000002_step.py\n"
    );
    let out = common::retort(p.path(), &["lint", "--format", "json", "--select", "RT101"]);
    assert_eq!(code(&out), 1);
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let message = json["diagnostics"][0]["message"].as_str().unwrap();
    assert!(
        message.starts_with("2 heads: `bbbb00000003`, `bbbb00000002`"),
        "{message}"
    );
    // Real Alembic agrees: two heads.
    if let Some(python) = common::python() {
        let alembic = Command::new(python)
            .args(["-m", "alembic", "heads"])
            .current_dir(p.path())
            .output()
            .unwrap();
        assert!(alembic.status.success(), "{}", stderr(&alembic));
        assert_eq!(stdout(&alembic).lines().count(), 2, "{}", stdout(&alembic));
    }
}

/// Control characters in files never reach the terminal raw: a revision id that sets
/// the terminal's title, a message that clears the screen, a binary model file.
#[test]
fn control_characters_from_files_are_shown_escaped() {
    let p = project(&[]);
    let versions = p.path().join("migrations/versions");
    std::fs::write(
        versions.join("a1b2c3d4e5f6_evil.py"),
        "\"\"\"evil \x1b[2J message\n\nRevision ID: a1b2c3d4e5f6\nRevises: \n\"\"\"\n\
         revision = 'a1b2c3d4e5f6\x1b]0;pwned\x07'\ndown_revision = '0f9e8d7c6b5a'\n\n\
         def upgrade():\n    pass\n\n\ndef downgrade():\n    pass\n",
    )
    .unwrap();
    std::fs::write(
        versions.join("0f9e8d7c6b5a_next.py"),
        "revision = '0f9e8d7c6b5a'\ndown_revision = None\nx = '\u{9b}31m'\n\n\
         def upgrade():\n    pass\n\n\ndef downgrade():\n    pass\n",
    )
    .unwrap();
    std::fs::write(
        p.path().join("retort.toml"),
        "models = [\"binary_model.py\"]\n",
    )
    .unwrap();
    std::fs::write(
        p.path().join("binary_model.py"),
        b"\x00\x01\x1b]0;pwned\x07\x7f( \x9b\xff\n",
    )
    .unwrap();
    let raw = |out: &std::process::Output| {
        let text = [out.stdout.as_slice(), out.stderr.as_slice()].concat();
        for needle in [
            &b"\x1b]0;pwned"[..],
            b"\x07",
            b"\x1b[2J",
            b"\xc2\x9b",
            b"\x00",
        ] {
            assert!(
                !text.windows(needle.len()).any(|w| w == needle),
                "raw {needle:?} in:\n{}",
                String::from_utf8_lossy(&text)
            );
        }
        String::from_utf8_lossy(&text).into_owned()
    };
    for args in [
        &["lint"][..],
        &["lint", "--color", "always"],
        &["lint", "--format", "concise"],
        &["lint", "--format", "github"],
        &["heads"],
        &["graph"],
        &["graph", "--format", "mermaid"],
        &["graph", "--format", "dot"],
        &["schema"],
    ] {
        let out = common::retort(p.path(), args);
        let shown = raw(&out);
        if args[0] != "graph" || args.len() == 1 {
            assert!(
                shown.contains("a1b2c3d4e5f6\\u{1b}]0;pwned\\u{7}"),
                "{args:?}:\n{shown}"
            );
        }
    }
    let out = common::retort(p.path(), &["lint", "--format", "concise"]);
    let shown = raw(&out);
    assert!(shown.contains("binary_model.py:1:"), "{shown}");
    // JSON (and SARIF) escape control characters themselves.
    for format in ["json", "sarif"] {
        let out = common::retort(p.path(), &["lint", "--format", format]);
        assert!(!out.stdout.contains(&0x1b) && !out.stdout.contains(&0x07));
        let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
        assert!(
            json.to_string()
                .contains("a1b2c3d4e5f6\\u001b]0;pwned\\u0007")
        );
    }
}

/// SQL on which squawk-parser 2.66 gives up: `squawk_parser_stuck.sql` made it panic
/// ("the parser seems stuck") after seconds, `squawk_parser_blowup.sql` (95 bytes) after
/// 1.8 GB of memory. Both found by the fuzz smoke in CI (fuzz/, sql_front_end), the first
/// minimised by libFuzzer. retort ships squawk-parser 2.68 (Cargo.lock), which reads both
/// at once; a panic in squawk is caught all the same (src/sql/mod.rs). In `op.execute()`
/// they are never a crash, and cost little.
#[test]
fn sql_the_parser_gave_up_on_is_not_a_crash() {
    for name in ["squawk_parser_stuck.sql", "squawk_parser_blowup.sql"] {
        let bytes = std::fs::read(common::repo_root().join("testdata/sql").join(name)).unwrap();
        let sql = String::from_utf8(bytes).unwrap();
        // A Python string literal of the text (escapes for quotes, backslashes and
        // control characters).
        let mut literal = String::from("\"");
        for c in sql.chars() {
            match c {
                '"' => literal.push_str("\\\""),
                '\\' => literal.push_str("\\\\"),
                '\n' => literal.push_str("\\n"),
                c if (c as u32) < 0x20 || c as u32 == 0x7f => {
                    literal.push_str(&format!("\\x{:02x}", c as u32))
                }
                c => literal.push(c),
            }
        }
        literal.push('"');
        let dir = project_of(
            "sqlalchemy.url = postgresql://localhost/app\n",
            "from alembic import op\n\n",
            &format!("op.execute({literal})"),
            "",
        );
        // Under an address-space limit: the 2.66 parser took 1.8 GB on the second text.
        let out = Command::new("sh")
            .arg("-c")
            .arg("ulimit -v 1048576 && exec \"$0\" lint --all-revisions")
            .arg(env!("CARGO_BIN_EXE_retort"))
            .current_dir(dir.path())
            .output()
            .unwrap();
        let status = code(&out);
        assert!(
            status <= 1 && !stderr(&out).contains("panicked"),
            "{name}: retort lint exited {status}:\n{}{}",
            stdout(&out),
            stderr(&out)
        );
    }
}
