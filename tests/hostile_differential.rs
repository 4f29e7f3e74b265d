//! Hostile inputs, checked against real Alembic: for each case a project is built,
//! `alembic heads` and `retort heads` run on it, and they must agree on whether the
//! history loads (exit status 0 or not); where Alembic fails, the exception it raises
//! must be the one the case names, and retort's message must say what the case says
//! (for a file Alembic cannot load, retort names the same exception). `retort lint`
//! must report the rule the case names on the culprit file.
//!
//! The same table is the hostile-input table of docs/robustness.md: the test renders it
//! and fails if the document differs (`RETORT_BLESS=1` rewrites it).

mod common;

use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

struct Case {
    /// The row's first column: what is in the project.
    case: &'static str,
    /// Writes the case into a project that has `alembic.ini` (`script_location =
    /// %(here)s/mig`) and one revision `000000000001` in `mig/versions`.
    setup: fn(&Path),
    /// What `alembic heads` does: `loads` or the exception it fails with (`hangs` for
    /// a command that never returns).
    alembic: &'static str,
    /// What retort does, for the table.
    retort: &'static str,
    /// Text retort's `heads` must print on stderr (empty when it loads).
    says: &'static str,
    /// The rule `retort lint` reports (None: no finding, or a configuration error).
    rule: Option<&'static str>,
}

fn versions(root: &Path) -> std::path::PathBuf {
    root.join("mig/versions")
}

fn write(root: &Path, name: &str, text: &[u8]) {
    std::fs::write(versions(root).join(name), text).unwrap();
}

/// A revision `000000000002` on the base with `body` as its identifiers.
fn revision(root: &Path, body: &str) {
    write(
        root,
        "000000000002_b.py",
        format!("{body}\n\ndef upgrade():\n    pass\n\n\ndef downgrade():\n    pass\n").as_bytes(),
    );
}

fn ini(root: &Path, text: &str) {
    std::fs::write(root.join("alembic.ini"), text).unwrap();
}

#[cfg(unix)]
fn link(root: &Path, target: &str, name: &str) {
    std::os::unix::fs::symlink(target, versions(root).join(name)).unwrap();
}

const CHILD: &str = "revision = '000000000002'\ndown_revision = '000000000001'";

fn cases() -> Vec<Case> {
    vec![
        Case {
            case: "indentation mixing tabs and spaces inconsistently",
            setup: |r| {
                write(
                    r,
                    "000000000002_b.py",
                    format!("{CHILD}\n\ndef upgrade():\n        pass\n\tpass\n").as_bytes(),
                )
            },
            alembic: "TabError",
            retort: "RT001 at the line, with CPython's TabError message",
            says: "inconsistent use of tabs and spaces in indentation (TabError)",
            rule: Some("RT001"),
        },
        Case {
            case: "a NUL byte (in a comment)",
            setup: |r| {
                write(
                    r,
                    "000000000002_b.py",
                    format!("{CHILD}\n# \0\n").as_bytes(),
                )
            },
            alembic: "SyntaxError",
            retort: "RT001 at the byte: source code cannot contain null bytes",
            says: "source code cannot contain null bytes",
            rule: Some("RT001"),
        },
        Case {
            case: "an empty file with a hex name (`bad.py`)",
            setup: |r| write(r, "bad.py", b""),
            alembic: "AttributeError",
            retort: "RT004: no `down_revision`; not a base named `bad`",
            says: "has no attribute 'down_revision'",
            rule: Some("RT004"),
        },
        Case {
            case: "a file holding only a byte order mark",
            setup: |r| write(r, "bad.py", "\u{feff}".as_bytes()),
            alembic: "AttributeError",
            retort: "RT004: no `down_revision`",
            says: "has no attribute 'down_revision'",
            rule: Some("RT004"),
        },
        Case {
            case: "an empty file with another name (`notes.py`)",
            setup: |r| write(r, "notes.py", b""),
            alembic: "CommandError",
            retort: "RT002: no revision id",
            says: "no `revision = ...` and no hex file name",
            rule: Some("RT002"),
        },
        Case {
            case: "`revision` but no `down_revision`",
            setup: |r| write(r, "000000000002_b.py", b"revision = '000000000002'\n"),
            alembic: "AttributeError",
            retort: "RT004: no `down_revision`; not a base",
            says: "has no attribute 'down_revision'",
            rule: Some("RT004"),
        },
        Case {
            case: "`revision = 3`",
            setup: |r| revision(r, "revision = 3\ndown_revision = '000000000001'"),
            alembic: "TypeError",
            retort: "RT004: an int where Alembic needs a string",
            says: "TypeError",
            rule: Some("RT004"),
        },
        Case {
            case: "`revision = None`",
            setup: |r| revision(r, "revision = None\ndown_revision = '000000000001'"),
            alembic: "TypeError",
            retort: "RT004",
            says: "TypeError",
            rule: Some("RT004"),
        },
        Case {
            case: "`revision = ['000000000002']`",
            setup: |r| {
                revision(
                    r,
                    "revision = ['000000000002']\ndown_revision = '000000000001'",
                )
            },
            alembic: "TypeError",
            retort: "RT004",
            says: "TypeError",
            rule: Some("RT004"),
        },
        Case {
            case: "`revision = b'000000000002'`",
            setup: |r| {
                revision(
                    r,
                    "revision = b'000000000002'\ndown_revision = '000000000001'",
                )
            },
            alembic: "CommandError",
            retort: "RT004",
            says: "CommandError",
            rule: Some("RT004"),
        },
        Case {
            case: "`revision = ('000000000002',)`",
            setup: |r| {
                revision(
                    r,
                    "revision = ('000000000002',)\ndown_revision = '000000000001'",
                )
            },
            alembic: "CommandError",
            retort: "RT004",
            says: "CommandError",
            rule: Some("RT004"),
        },
        Case {
            case: "`down_revision = 3`",
            setup: |r| revision(r, "revision = '000000000002'\ndown_revision = 3"),
            alembic: "TypeError",
            retort: "RT004",
            says: "TypeError",
            rule: Some("RT004"),
        },
        Case {
            case: "`down_revision = ('000000000001', 3)`",
            setup: |r| {
                revision(
                    r,
                    "revision = '000000000002'\ndown_revision = ('000000000001', 3)",
                )
            },
            alembic: "TypeError",
            retort: "RT004",
            says: "TypeError",
            rule: Some("RT004"),
        },
        Case {
            case: "`down_revision = False`",
            setup: |r| revision(r, "revision = '000000000002'\ndown_revision = False"),
            alembic: "KeyError",
            retort: "RT004",
            says: "KeyError",
            rule: Some("RT004"),
        },
        Case {
            case: "`down_revision = (None,)`",
            setup: |r| revision(r, "revision = '000000000002'\ndown_revision = (None,)"),
            alembic: "loads",
            retort: "a second base (Alembic reads a one-element tuple as its element)",
            says: "",
            rule: Some("RT105"),
        },
        Case {
            case: "`branch_labels = 3`",
            setup: |r| revision(r, &format!("{CHILD}\nbranch_labels = 3")),
            alembic: "TypeError",
            retort: "RT004",
            says: "TypeError",
            rule: Some("RT004"),
        },
        Case {
            case: "`branch_labels = (None,)`",
            setup: |r| revision(r, &format!("{CHILD}\nbranch_labels = (None,)")),
            alembic: "TypeError",
            retort: "RT004",
            says: "TypeError",
            rule: Some("RT004"),
        },
        Case {
            case: "`depends_on = 3`",
            setup: |r| revision(r, &format!("{CHILD}\ndepends_on = 3")),
            alembic: "KeyError",
            retort: "RT004",
            says: "KeyError",
            rule: Some("RT004"),
        },
        Case {
            case: "`depends_on = False`",
            setup: |r| revision(r, &format!("{CHILD}\ndepends_on = False")),
            alembic: "loads",
            retort: "loads (a false `depends_on` is no dependency)",
            says: "",
            rule: None,
        },
        #[cfg(unix)]
        Case {
            case: "a symbolic link `b.py` to a missing `gone.py`",
            setup: |r| link(r, "gone.py", "b.py"),
            alembic: "ImportError",
            retort: "RT004: the link and its missing target",
            says: "ImportError",
            rule: Some("RT004"),
        },
        #[cfg(unix)]
        Case {
            case: "a loop of symbolic links `b.py` -> `c.py` -> `b.py`",
            setup: |r| {
                link(r, "c.py", "b.py");
                link(r, "b.py", "c.py");
            },
            alembic: "RuntimeError",
            retort: "RT004 on each link",
            says: "Symlink loop",
            rule: Some("RT004"),
        },
        #[cfg(unix)]
        Case {
            case: "a symbolic link `b.py` to a missing `notes.txt`",
            setup: |r| link(r, "notes.txt", "b.py"),
            alembic: "loads",
            retort: "ignores it, as Alembic does (the name it resolves to is not `*.py`)",
            says: "",
            rule: None,
        },
        #[cfg(unix)]
        Case {
            case: "a symbolic link `b.txt` to a revision file outside the versions directory",
            setup: |r| {
                std::fs::create_dir_all(r.join("elsewhere")).unwrap();
                std::fs::write(
                    r.join("elsewhere/real.py"),
                    format!(
                        "{CHILD}\n\ndef upgrade():\n    pass\n\n\ndef downgrade():\n    pass\n"
                    ),
                )
                .unwrap();
                link(r, "../../elsewhere/real.py", "b.txt");
            },
            alembic: "loads",
            retort: "reads it, as Alembic does (the name it resolves to is `real.py`)",
            says: "",
            rule: None,
        },
        #[cfg(unix)]
        Case {
            case: "a FIFO named `b.py`",
            setup: |r| {
                let status = Command::new("mkfifo")
                    .arg(versions(r).join("b.py"))
                    .status()
                    .expect("run mkfifo");
                assert!(status.success());
            },
            alembic: "hangs",
            retort: "RT004, without opening it",
            says: "wait forever",
            rule: Some("RT004"),
        },
        Case {
            case: "a directory named `b.py`",
            setup: |r| std::fs::create_dir(versions(r).join("b.py")).unwrap(),
            alembic: "loads",
            retort: "ignores it",
            says: "",
            rule: None,
        },
        Case {
            case: "a revision file larger than `max-file-size` (set to 1 kB here; 10 MiB by default)",
            setup: |r| {
                std::fs::write(
                    r.join("pyproject.toml"),
                    "[tool.retort]\nmax-file-size = \"1 kB\"\n",
                )
                .unwrap();
                revision(r, &format!("{CHILD}\n# {}", "x".repeat(2000)));
            },
            alembic: "loads",
            retort: "RT001 with the size, not parsed (the one deliberate difference: raise `max-file-size`)",
            says: "larger than the",
            rule: Some("RT001"),
        },
        Case {
            case: "`path_separator = weird` with `prepend_sys_path`",
            setup: |r| {
                ini(
                    r,
                    "[alembic]\nscript_location = %(here)s/mig\nprepend_sys_path = .\npath_separator = weird\n",
                )
            },
            alembic: "ValueError",
            retort: "exit 2, naming the key and line",
            says: "`weird` is not a valid separator",
            rule: None,
        },
        Case {
            case: "`path_separator = weird`, nothing to split",
            setup: |r| {
                ini(
                    r,
                    "[alembic]\nscript_location = %(here)s/mig\npath_separator = weird\n",
                )
            },
            alembic: "loads",
            retort: "loads (Alembic reads the key only to split a list)",
            says: "",
            rule: None,
        },
        Case {
            case: "a continuation line under `script_location`",
            setup: |r| ini(r, "[alembic]\nscript_location = %(here)s/mig\n    more\n"),
            alembic: "CommandError",
            retort: "exit 2: the two lines are one path, which is not a directory",
            says: "is not a directory",
            rule: None,
        },
        Case {
            case: "a `here` key in `[alembic]`",
            setup: |r| {
                ini(
                    r,
                    "[alembic]\nhere = /nonexistent\nscript_location = %(here)s/mig\n",
                )
            },
            alembic: "CommandError",
            retort: "exit 2: `%(here)s` is that key, as in ConfigParser",
            says: "/nonexistent/mig` is not a directory",
            rule: None,
        },
        Case {
            case: "a blank line inside a multi-line `version_locations`",
            setup: |r| {
                ini(
                    r,
                    "[alembic]\nscript_location = %(here)s/mig\npath_separator = newline\nversion_locations =\n    %(here)s/mig/versions\n\n    %(here)s/mig/versions\n",
                )
            },
            alembic: "loads",
            retort: "loads (the value goes on, as in ConfigParser)",
            says: "",
            rule: None,
        },
        Case {
            case: "references nested ten deep in `alembic.ini`",
            setup: |r| {
                ini(
                    r,
                    "[alembic]\na = %(b)s\nb = %(c)s\nc = %(d)s\nd = %(e)s\ne = %(f)s\nf = %(g)s\ng = %(h)s\nh = %(i)s\ni = %(j)s\nj = %(here)s\nscript_location = %(a)s/mig\n",
                )
            },
            alembic: "InterpolationDepthError",
            retort: "exit 2",
            says: "interpolation nests too deeply",
            rule: None,
        },
        Case {
            case: "a `[post_write_hooks]` value naming a missing key",
            setup: |r| {
                ini(
                    r,
                    "[alembic]\nscript_location = %(here)s/mig\n\n[post_write_hooks]\nhooks = fmt\nfmt.type = %(nope)s\n",
                )
            },
            alembic: "InterpolationMissingOptionError",
            retort: "exit 2, naming the key",
            says: "post_write_hooks.fmt.type",
            rule: None,
        },
        Case {
            case: "`truncate_slug_length = forty`",
            setup: |r| {
                ini(
                    r,
                    "[alembic]\nscript_location = %(here)s/mig\ntruncate_slug_length = forty\n",
                )
            },
            alembic: "ValueError",
            retort: "exit 2",
            says: "is not a whole number",
            rule: None,
        },
        Case {
            case: "`file_template = \"50%\"` in `[tool.alembic]`",
            setup: |r| {
                std::fs::remove_file(r.join("alembic.ini")).unwrap();
                std::fs::write(
                    r.join("pyproject.toml"),
                    "[tool.alembic]\nscript_location = \"%(here)s/mig\"\nfile_template = \"50%\"\n",
                )
                .unwrap();
            },
            alembic: "ValueError",
            retort: "exit 2: Alembic's `%` formatting fails on it",
            says: "incomplete format",
            rule: None,
        },
    ]
}

fn base_project() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    ini(dir.path(), "[alembic]\nscript_location = %(here)s/mig\n");
    std::fs::create_dir_all(versions(dir.path())).unwrap();
    write(
        dir.path(),
        "000000000001_a.py",
        b"revision = '000000000001'\ndown_revision = None\nbranch_labels = None\ndepends_on = None\n\n\ndef upgrade():\n    pass\n\n\ndef downgrade():\n    pass\n",
    );
    dir
}

/// `alembic heads` in `dir`: whether it loaded, and the exception kind when not
/// (`CommandError` for Alembic's `FAILED:` messages, `hangs` after 20 s).
fn alembic_heads(python: &Path, dir: &Path) -> (bool, String) {
    let mut child = Command::new(python)
        .arg(common::repo_root().join("tests/oracle/alembic_cli.py"))
        .arg("heads")
        .current_dir(dir)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("run alembic");
    let started = Instant::now();
    loop {
        if child.try_wait().unwrap().is_some() {
            break;
        }
        if started.elapsed() > Duration::from_secs(20) {
            child.kill().unwrap();
            child.wait().unwrap();
            return (false, "hangs".into());
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    let out = child.wait_with_output().unwrap();
    if out.status.success() {
        return (true, "loads".into());
    }
    let stdout = String::from_utf8_lossy(&out.stdout);
    let stderr = String::from_utf8_lossy(&out.stderr);
    if stdout.contains("FAILED:") || stderr.contains("FAILED:") {
        return (false, "CommandError".into());
    }
    let last = stderr.trim().lines().last().unwrap_or("").to_owned();
    let kind = last
        .split(':')
        .next()
        .unwrap_or("")
        .rsplit('.')
        .next()
        .unwrap_or("")
        .to_owned();
    (false, kind)
}

fn table(cases: &[Case]) -> String {
    let mut out = String::from("| case | `alembic heads` | retort |\n|---|---|---|\n");
    for c in cases {
        let alembic = match c.alembic {
            "loads" => "loads it".to_owned(),
            "hangs" => "hangs (reads the FIFO forever)".to_owned(),
            kind => format!("fails: {kind}"),
        };
        out.push_str(&format!("| {} | {alembic} | {} |\n", c.case, c.retort));
    }
    out
}

const START: &str = "<!-- hostile-table: generated by tests/hostile_differential.rs -->\n";
const END: &str = "<!-- end hostile-table -->\n";

#[test]
fn the_hostile_input_table_in_the_docs_is_this_one() {
    let path = common::repo_root().join("docs/robustness.md");
    let doc = std::fs::read_to_string(&path).unwrap();
    let (Some(start), Some(end)) = (doc.find(START), doc.find(END)) else {
        panic!("docs/robustness.md has no hostile-table markers");
    };
    let expected = table(&cases());
    let current = &doc[start + START.len()..end];
    if current != expected {
        if std::env::var_os("RETORT_BLESS").is_some() {
            let updated = format!("{}{START}{expected}{}", &doc[..start], &doc[end..]);
            std::fs::write(&path, updated).unwrap();
        } else {
            panic!(
                "docs/robustness.md's hostile-input table is out of date (RETORT_BLESS=1 rewrites it); expected:\n{expected}"
            );
        }
    }
}

#[test]
fn hostile_inputs_against_alembic() {
    let Some(python) = common::python() else {
        return;
    };
    let mut failures = Vec::new();
    for case in cases() {
        let project = base_project();
        let root = project.path();
        (case.setup)(root);
        let (alembic_ok, kind) = alembic_heads(&python, root);
        if kind != case.alembic {
            failures.push(format!(
                "{}: Alembic {kind}, the table says {}",
                case.case, case.alembic
            ));
        }
        let out = common::retort(root, &["heads"]);
        let stderr = String::from_utf8_lossy(&out.stderr);
        let code = out.status.code();
        let retort_ok = code == Some(0);
        // The one deliberate difference: a file over `max-file-size` is not read.
        let deliberate = case.case.contains("max-file-size");
        if retort_ok != alembic_ok && !deliberate {
            failures.push(format!(
                "{}: Alembic {kind}, retort heads exited {code:?}: {stderr}",
                case.case
            ));
        }
        if !case.says.is_empty() && !stderr.contains(case.says) {
            failures.push(format!(
                "{}: retort heads should say `{}`, said: {stderr}",
                case.case, case.says
            ));
        }
        if case.says.is_empty() && !deliberate && !retort_ok {
            failures.push(format!("{}: retort heads failed: {stderr}", case.case));
        }
        let lint = common::retort(root, &["lint", "--format", "json"]);
        if code == Some(2) {
            // A configuration Alembic refuses: every command stops.
            if lint.status.code() != Some(2) {
                failures.push(format!("{}: retort lint did not stop", case.case));
            }
            continue;
        }
        let json: serde_json::Value = serde_json::from_slice(&lint.stdout).unwrap_or_else(|e| {
            panic!(
                "{}: {e}: {}",
                case.case,
                String::from_utf8_lossy(&lint.stderr)
            )
        });
        let codes: Vec<&str> = json["diagnostics"]
            .as_array()
            .unwrap()
            .iter()
            .filter_map(|d| d["code"].as_str())
            .collect();
        match case.rule {
            Some(rule) if !codes.contains(&rule) => failures.push(format!(
                "{}: retort lint does not report {rule}: {codes:?}",
                case.case
            )),
            None if codes
                .iter()
                .any(|c| ["RT001", "RT002", "RT003", "RT004"].contains(c)) =>
            {
                failures.push(format!(
                    "{}: retort lint reports a file problem: {codes:?}",
                    case.case
                ))
            }
            _ => {}
        }
    }
    assert!(failures.is_empty(), "\n{}", failures.join("\n"));
}

/// A history with two heads and one file Alembic cannot load: `merge` refuses and
/// names the file; `lint --fix` writes nothing.
#[test]
fn merge_refuses_naming_the_unloadable_file() {
    let project = base_project();
    let root = project.path();
    for id in ["000000000002", "000000000003"] {
        write(
            root,
            &format!("{id}_x.py"),
            format!("revision = '{id}'\ndown_revision = '000000000001'\n\n\ndef upgrade():\n    pass\n\n\ndef downgrade():\n    pass\n").as_bytes(),
        );
    }
    write(root, "bad.py", b"");
    let out = common::retort(root, &["merge", "--dry-run"]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert!(stderr.contains("mig/versions/bad.py"), "{stderr}");
    assert!(stderr.contains("down_revision"), "{stderr}");
    let before = std::fs::read_dir(versions(root)).unwrap().count();
    let out = common::retort(root, &["lint", "--fix"]);
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(std::fs::read_dir(versions(root)).unwrap().count(), before);
}
