//! Differential test: the merge revision `retort merge` writes against the one real
//! `alembic merge` writes, on two copies of the same project, byte for byte.
//!
//! Projects are made by real `alembic init -t <template>` in a temporary directory
//! (so nothing Alembic ships is committed here), given a history with several heads,
//! copied, and merged once by each tool. Most cases freeze the clock of both tools at
//! one instant (`SOURCE_DATE_EPOCH`, see tests/oracle/alembic_cli.py), so the
//! comparison covers the `Create Date` line and date-based file names as well; one
//! case per template runs on the real clock with only the `Create Date` line
//! normalised.

mod common;

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

const EPOCH: &str = "1755097200"; // 2025-08-13 15:00:00 UTC

struct Tools {
    python: PathBuf,
}

impl Tools {
    fn new() -> Option<Tools> {
        Some(Tools {
            python: common::python()?,
        })
    }

    /// Run real Alembic, whatever its exit status.
    fn alembic_unchecked(&self, dir: &Path, args: &[&str], env: &[(&str, &str)]) -> Output {
        Command::new(&self.python)
            .arg(common::repo_root().join("tests/oracle/alembic_cli.py"))
            .args(args)
            .current_dir(dir)
            .envs(env.iter().copied())
            .output()
            .expect("run alembic")
    }

    fn alembic(&self, dir: &Path, args: &[&str], env: &[(&str, &str)]) -> Output {
        let out = self.alembic_unchecked(dir, args, env);
        assert!(
            out.status.success(),
            "alembic {args:?} failed in {}:\n{}{}",
            dir.display(),
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        );
        out
    }
}

fn retort(dir: &Path, args: &[&str], env: &[(&str, &str)]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_retort"))
        .args(args)
        .current_dir(dir)
        .env("NO_COLOR", "1")
        .env_remove("SOURCE_DATE_EPOCH")
        .envs(env.iter().copied())
        .output()
        .expect("run retort")
}

/// One revision file in the plain style a developer might write by hand.
fn revision(id: &str, down: &str, message: &str) -> String {
    format!(
        "\"\"\"{message}\n\nRevision ID: {id}\nRevises: {down}\n\"\"\"\nfrom alembic import op\n\n\
         revision = \"{id}\"\ndown_revision = {}\nbranch_labels = None\ndepends_on = None\n\n\
         def upgrade():\n    pass\n\n\ndef downgrade():\n    pass\n",
        if down.is_empty() {
            "None".to_owned()
        } else {
            format!("\"{down}\"")
        }
    )
}

/// `alembic init -t TEMPLATE migrations` in a new directory, then a history
/// base -> {left, right} (and optionally a third head).
fn make_project(tools: &Tools, parent: &Path, template: &str, three_heads: bool) -> PathBuf {
    let dir = parent.join(format!("{template}-project"));
    std::fs::create_dir_all(&dir).unwrap();
    tools.alembic(&dir, &["init", "-t", template, "migrations"], &[]);
    let versions = dir.join("migrations/versions");
    let mut history = vec![
        ("5f1c0a9e7d23", "", "create base tables"),
        ("b84e2d6c1a97", "5f1c0a9e7d23", "add left side"),
        ("0c9a7e35d1f4", "5f1c0a9e7d23", "add right side"),
    ];
    if three_heads {
        history.push(("e27d4b9c6a10", "5f1c0a9e7d23", "add third side"));
    }
    for (id, down, message) in history {
        std::fs::write(
            versions.join(format!("{id}_{}.py", message.replace(' ', "_"))),
            revision(id, down, message),
        )
        .unwrap();
    }
    dir
}

/// Set an option in `[alembic]` (alembic.ini) or `[tool.alembic]` (pyproject.toml).
fn set_option(project: &Path, key: &str, value: &str) {
    let pyproject = project.join("pyproject.toml");
    if pyproject.is_file() {
        let text = std::fs::read_to_string(&pyproject).unwrap();
        let line = if value == "true" || value == "false" || value.starts_with('[') {
            format!("{key} = {value}\n")
        } else {
            format!("{key} = \"{value}\"\n")
        };
        let text = text.replacen("[tool.alembic]\n", &format!("[tool.alembic]\n{line}"), 1);
        std::fs::write(&pyproject, text).unwrap();
    } else {
        let ini = project.join("alembic.ini");
        let text = std::fs::read_to_string(&ini).unwrap();
        // Drop an existing setting of the key, then set it at the top of [alembic].
        let text: String = text
            .split_inclusive('\n')
            .filter(|l| !l.starts_with(&format!("{key} =")))
            .collect();
        let text = text.replacen("[alembic]\n", &format!("[alembic]\n{key} = {value}\n"), 1);
        std::fs::write(&ini, text).unwrap();
    }
}

fn files_under(dir: &Path) -> BTreeSet<PathBuf> {
    let mut out = BTreeSet::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for entry in std::fs::read_dir(&d).unwrap() {
            let path = entry.unwrap().path();
            if path.file_name().is_some_and(|n| n == "__pycache__") {
                continue;
            }
            if path.is_dir() {
                stack.push(path);
            } else {
                out.insert(path.strip_prefix(dir).unwrap().to_path_buf());
            }
        }
    }
    out
}

fn normalise_create_date(text: &str) -> String {
    text.lines()
        .map(|l| {
            if l.starts_with("Create Date: ") {
                "Create Date: <normalised>"
            } else {
                l
            }
        })
        .collect::<Vec<_>>()
        .join("\n")
}

struct Case<'a> {
    name: &'a str,
    template: &'a str,
    options: &'a [(&'a str, &'a str)],
    /// Arguments after `merge` for Alembic (retort gets the same, with the
    /// `heads` keyword dropped since that is its default).
    merge_args: &'a [&'a str],
    env: &'a [(&'a str, &'a str)],
    frozen: bool,
    three_heads: bool,
    /// Replace the project's script.py.mako with this file from testdata/.
    custom_template: Option<&'a str>,
}

impl Default for Case<'_> {
    fn default() -> Self {
        Case {
            name: "",
            template: "generic",
            options: &[],
            merge_args: &["heads", "-m", "merge heads", "--rev-id", "ab12cd34ef56"],
            env: &[],
            frozen: true,
            three_heads: false,
            custom_template: None,
        }
    }
}

/// Run one case; return a description of the difference, if any.
fn run_case(tools: &Tools, case: &Case<'_>) -> Result<String, String> {
    let work = tempfile::tempdir().unwrap();
    let original = make_project(tools, work.path(), case.template, case.three_heads);
    for (key, value) in case.options {
        set_option(&original, key, value);
    }
    if let Some(custom) = case.custom_template {
        std::fs::copy(
            common::repo_root().join(custom),
            original.join("migrations/script.py.mako"),
        )
        .unwrap();
    }
    let by_alembic = work.path().join("alembic");
    let by_retort = work.path().join("retort");
    common::copy_dir(&original, &by_alembic);
    common::copy_dir(&original, &by_retort);
    let before = files_under(&original);

    let mut env: Vec<(&str, &str)> = case.env.to_vec();
    if case.frozen {
        env.push(("SOURCE_DATE_EPOCH", EPOCH));
    }
    let mut alembic_args = vec!["merge"];
    alembic_args.extend(case.merge_args);
    tools.alembic(&by_alembic, &alembic_args, &env);

    let retort_args = retort_merge_args(case.merge_args);
    let out = retort(&by_retort, &retort_args, &env);
    if !out.status.success() {
        return Err(format!(
            "retort merge failed: {}{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        ));
    }

    let new_alembic: Vec<PathBuf> = files_under(&by_alembic)
        .difference(&before)
        .cloned()
        .collect();
    let new_retort: Vec<PathBuf> = files_under(&by_retort)
        .difference(&before)
        .cloned()
        .collect();
    if new_alembic.len() != 1 || new_alembic != new_retort {
        return Err(format!(
            "different files written: alembic {new_alembic:?}, retort {new_retort:?}"
        ));
    }
    let a = std::fs::read_to_string(by_alembic.join(&new_alembic[0])).unwrap();
    let r = std::fs::read_to_string(by_retort.join(&new_retort[0])).unwrap();
    let (a_cmp, r_cmp) = if case.frozen {
        (a.clone(), r.clone())
    } else {
        let date_line = r
            .lines()
            .find(|l| l.starts_with("Create Date: "))
            .unwrap_or("");
        let ok = date_line.len() >= "Create Date: 2025-01-01 00:00:00".len()
            && date_line["Create Date: ".len()..]
                .chars()
                .all(|c| c.is_ascii_digit() || " -:.+".contains(c));
        if !ok {
            return Err(format!(
                "retort's Create Date line is malformed: {date_line:?}"
            ));
        }
        (normalise_create_date(&a), normalise_create_date(&r))
    };
    if a_cmp != r_cmp {
        return Err(format!(
            "{} differs:\n--- alembic\n{a}\n--- retort\n{r}",
            new_alembic[0].display()
        ));
    }
    Ok(new_alembic[0].display().to_string())
}

/// `alembic merge` arguments as `retort merge` takes them: revisions by `-r` (a bare
/// word is the project's path there, as for the other subcommands), `heads` left out
/// (retort merges every head by default), options as they are.
fn retort_merge_args<'a>(args: &[&'a str]) -> Vec<&'a str> {
    const WITH_VALUE: &[&str] = &["-m", "--message", "--rev-id", "--branch-label"];
    let mut out = vec!["merge"];
    let mut i = 0;
    while i < args.len() {
        let arg = args[i];
        if WITH_VALUE.contains(&arg) {
            out.push(arg);
            if let Some(value) = args.get(i + 1) {
                out.push(value);
            }
            i += 2;
            continue;
        }
        if arg.starts_with('-') {
            out.push(arg);
        } else if arg != "heads" {
            out.extend(["-r", arg]);
        }
        i += 1;
    }
    out
}

#[test]
fn merge_revisions_match_alembic_byte_for_byte() {
    let Some(tools) = Tools::new() else {
        return;
    };
    let date_template =
        "%%(year)d_%%(month).2d_%%(day).2d_%%(hour).2d%%(minute).2d-%%(rev)s_%%(slug)s";
    let cases = [
        // Every template Alembic 1.20 ships for `alembic init` whose script.py.mako a
        // merge can use, on the real clock (Create Date normalised) and frozen.
        Case {
            name: "generic, real clock",
            frozen: false,
            ..Case::default()
        },
        Case {
            name: "async, real clock",
            template: "async",
            frozen: false,
            ..Case::default()
        },
        Case {
            name: "pyproject, real clock",
            template: "pyproject",
            frozen: false,
            ..Case::default()
        },
        Case {
            name: "pyproject_async, real clock",
            template: "pyproject_async",
            frozen: false,
            ..Case::default()
        },
        Case {
            name: "generic",
            ..Case::default()
        },
        Case {
            name: "async",
            template: "async",
            ..Case::default()
        },
        Case {
            name: "pyproject",
            template: "pyproject",
            ..Case::default()
        },
        Case {
            name: "pyproject_async",
            template: "pyproject_async",
            ..Case::default()
        },
        Case {
            name: "multidb (Python blocks, re.split, % formatting, context.get)",
            template: "multidb",
            ..Case::default()
        },
        Case {
            name: "multidb, real clock",
            template: "multidb",
            frozen: false,
            ..Case::default()
        },
        Case {
            name: "no message: 'empty message' in the file, empty slug in the name",
            merge_args: &["heads", "--rev-id", "0f1e2d3c4b5a"],
            ..Case::default()
        },
        Case {
            name: "quotes, punctuation and non-ASCII in the message",
            merge_args: &[
                "heads",
                "-m",
                "Merge: it's \"done\" — Zürich/ß & co.",
                "--rev-id",
                "0f1e2d3c4b5b",
            ],
            ..Case::default()
        },
        Case {
            name: "date file_template, slug truncated",
            options: &[
                ("file_template", date_template),
                ("truncate_slug_length", "12"),
            ],
            merge_args: &[
                "heads",
                "-m",
                "join the left and right branches",
                "--rev-id",
                "aa00bb11cc22",
            ],
            ..Case::default()
        },
        Case {
            name: "truncation without an underscore, epoch and seconds",
            options: &[
                (
                    "file_template",
                    "%%(epoch)s_%%(second).2d_%%(rev)s_%%(slug)s",
                ),
                ("truncate_slug_length", "5"),
            ],
            merge_args: &[
                "heads",
                "-m",
                "supercalifragilistic merge",
                "--rev-id",
                "aa00bb11cc23",
            ],
            ..Case::default()
        },
        Case {
            name: "named timezone (+05:30)",
            options: &[
                ("timezone", "Asia/Kolkata"),
                ("file_template", date_template),
            ],
            ..Case::default()
        },
        Case {
            name: "named timezone with DST, lower case (Alembic retries upper case)",
            options: &[("timezone", "utc"), ("file_template", date_template)],
            ..Case::default()
        },
        Case {
            name: "America/New_York timezone",
            options: &[("timezone", "America/New_York")],
            ..Case::default()
        },
        Case {
            name: "local time from TZ, naive Create Date",
            options: &[("file_template", date_template)],
            env: &[("TZ", "Pacific/Chatham")],
            ..Case::default()
        },
        Case {
            name: "pyproject: date subdirectories, recursive version locations",
            template: "pyproject",
            options: &[
                (
                    "file_template",
                    "%%(year)d/%%(month).2d/%%(day).2d_%%(hour).2d%%(minute).2d_%%(second).2d_%%(rev)s_%%(slug)s",
                ),
                ("recursive_version_locations", "true"),
                ("timezone", "Europe/Berlin"),
            ],
            ..Case::default()
        },
        Case {
            name: "unusual but usable revision id (dots, non-ASCII letters)",
            merge_args: &["heads", "-m", "odd id", "--rev-id", "v1.2_héllo"],
            ..Case::default()
        },
        Case {
            name: "message ending in a backslash (valid Python: it continues the docstring line)",
            merge_args: &["heads", "-m", "ends with \\", "--rev-id", "0f1e2d3c4b5c"],
            ..Case::default()
        },
        Case {
            name: "three heads, named in a chosen order by partial ids",
            three_heads: true,
            merge_args: &[
                "e27d4b",
                "b84e",
                "0c9a7e35d1f4",
                "-m",
                "three way",
                "--rev-id",
                "abcabcabcabc",
            ],
            ..Case::default()
        },
        Case {
            name: "three heads, all",
            three_heads: true,
            ..Case::default()
        },
        Case {
            name: "branch label on the merge revision",
            merge_args: &[
                "heads",
                "-m",
                "labelled",
                "--rev-id",
                "fedcba987654",
                "--branch-label",
                "joined",
            ],
            ..Case::default()
        },
        Case {
            name: "custom template (testdata/templates/custom_script.py.mako)",
            custom_template: Some("testdata/templates/custom_script.py.mako"),
            options: &[("databases", "engine1, engine2")],
            merge_args: &[
                "heads",
                "-m",
                "custom merge",
                "--rev-id",
                "c0ffee123456",
                "--branch-label",
                "release",
            ],
            ..Case::default()
        },
        Case {
            name: "custom template, no branch label, three heads",
            custom_template: Some("testdata/templates/custom_script.py.mako"),
            merge_args: &[
                "heads",
                "-m",
                "  custom merge  ",
                "--rev-id",
                "c0ffee123457",
            ],
            three_heads: true,
            ..Case::default()
        },
    ];
    let mut failures = Vec::new();
    for case in &cases {
        match run_case(&tools, case) {
            Ok(file) => eprintln!("ok: {} -> {file}", case.name),
            Err(e) => failures.push(format!("{}: {e}", case.name)),
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {} cases differ:\n\n{}",
        failures.len(),
        cases.len(),
        failures.join("\n\n")
    );
}

#[test]
fn multiple_version_locations_place_the_file_like_alembic() {
    let Some(tools) = Tools::new() else {
        return;
    };
    let work = tempfile::tempdir().unwrap();
    let project = make_project(&tools, work.path(), "generic", false);
    // A second location holding the right-hand head: the merge goes where the first
    // head named lives.
    std::fs::create_dir_all(project.join("extra")).unwrap();
    std::fs::rename(
        project.join("migrations/versions/0c9a7e35d1f4_add_right_side.py"),
        project.join("extra/0c9a7e35d1f4_add_right_side.py"),
    )
    .unwrap();
    set_option(
        &project,
        "version_locations",
        "%(here)s/migrations/versions %(here)s/extra",
    );
    set_option(&project, "path_separator", "space");
    for order in [
        ["0c9a7e35d1f4", "b84e2d6c1a97"],
        ["b84e2d6c1a97", "0c9a7e35d1f4"],
    ] {
        let a = work.path().join(format!("a-{}", order[0]));
        let r = work.path().join(format!("r-{}", order[0]));
        common::copy_dir(&project, &a);
        common::copy_dir(&project, &r);
        let before = files_under(&project);
        let args = [
            "merge",
            order[0],
            order[1],
            "-m",
            "m",
            "--rev-id",
            "999999999999",
        ];
        let env = [("SOURCE_DATE_EPOCH", EPOCH)];
        tools.alembic(&a, &args, &env);
        let out = retort(&r, &retort_merge_args(&args[1..]), &env);
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        let new_a: Vec<_> = files_under(&a).difference(&before).cloned().collect();
        let new_r: Vec<_> = files_under(&r).difference(&before).cloned().collect();
        assert_eq!(new_a, new_r, "order {order:?}");
        assert_eq!(
            std::fs::read(a.join(&new_a[0])).unwrap(),
            std::fs::read(r.join(&new_r[0])).unwrap()
        );
    }
}

/// `retort lint --fix` on each stock template: afterwards real Alembic sees one head
/// and retort reports no RT101; a second `--fix` writes nothing.
#[test]
fn lint_fix_leaves_one_head_for_alembic() {
    let Some(tools) = Tools::new() else {
        return;
    };
    for template in ["generic", "async", "pyproject", "pyproject_async"] {
        let work = tempfile::tempdir().unwrap();
        let project = make_project(&tools, work.path(), template, true);
        let heads = |dir: &Path| -> Vec<String> {
            let out = tools.alembic(dir, &["heads"], &[]);
            String::from_utf8(out.stdout)
                .unwrap()
                .lines()
                .map(|l| l.split_whitespace().next().unwrap_or("").to_owned())
                .filter(|l| !l.is_empty())
                .collect()
        };
        assert_eq!(
            heads(&project).len(),
            3,
            "{template}: the fixture has three heads"
        );
        let before = files_under(&project);
        let out = retort(&project, &["lint", "--fix"], &[]);
        let stdout = String::from_utf8_lossy(&out.stdout);
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(out.status.success(), "{template}: {stdout}{stderr}");
        assert!(!stdout.contains("RT101"), "{template}: {stdout}");
        assert!(stderr.contains("fixed RT101"), "{template}: {stderr}");
        let written: Vec<_> = files_under(&project).difference(&before).cloned().collect();
        assert_eq!(written.len(), 1, "{template}: {written:?}");
        let merge_head = heads(&project);
        assert_eq!(
            merge_head.len(),
            1,
            "{template}: alembic heads = {merge_head:?}"
        );
        assert!(
            written[0].to_string_lossy().contains(&merge_head[0]),
            "{template}: {written:?} vs {merge_head:?}"
        );
        // Alembic can walk the whole history through the merge.
        let history = tools.alembic(&project, &["history"], &[]);
        assert!(String::from_utf8_lossy(&history.stdout).contains("(mergepoint)"));

        let after_first = files_under(&project);
        let out = retort(&project, &["lint", "--fix"], &[]);
        assert!(out.status.success());
        assert!(!String::from_utf8_lossy(&out.stderr).contains("fixed RT101"));
        assert_eq!(
            files_under(&project),
            after_first,
            "{template}: second --fix changed files"
        );
    }
}

/// The seed incident: two heads c8d25c64b432 and fb84c1febfb6.
#[test]
fn seed_wallet_fix_merges_the_two_heads() {
    let Some(tools) = Tools::new() else {
        return;
    };
    let work = tempfile::tempdir().unwrap();
    let project = work.path().join("seed-wallet");
    common::copy_dir(
        &common::repo_root().join("testdata/projects/seed-wallet"),
        &project,
    );
    let before = files_under(&project);
    let out = retort(&project, &["lint", "--fix"], &[]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        out.status.success(),
        "{}{stderr}",
        String::from_utf8_lossy(&out.stdout)
    );
    let written: Vec<_> = files_under(&project).difference(&before).cloned().collect();
    assert_eq!(written.len(), 1, "{written:?}");
    let text = std::fs::read_to_string(project.join(&written[0])).unwrap();
    assert!(
        text.contains(
            "down_revision: Union[str, Sequence[str], None] = ('c8d25c64b432', 'fb84c1febfb6')\n"
        ),
        "{text}"
    );
    assert!(text.contains("Revises: c8d25c64b432, fb84c1febfb6\n"));
    // What is being merged was shown first.
    assert!(
        stderr.contains("common ancestor add_trading_models"),
        "{stderr}"
    );
    assert!(
        stderr.contains("c8d25c64b432  add vouchers table"),
        "{stderr}"
    );

    let heads = tools.alembic(&project, &["heads"], &[]);
    let heads = String::from_utf8_lossy(&heads.stdout);
    assert_eq!(heads.lines().count(), 1, "{heads}");

    let after = files_under(&project);
    let out = retort(&project, &["lint", "--fix"], &[]);
    assert!(out.status.success());
    assert_eq!(
        files_under(&project),
        after,
        "a second --fix must write nothing"
    );
}

/// How real `alembic merge` fares where retort refuses to write.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum AlembicFares {
    /// Alembic refuses too and writes nothing.
    Refuses,
    /// Alembic writes a file and the history is broken afterwards: the command fails
    /// after writing, `alembic heads` fails, or the heads are still there.
    WritesABrokenHistory,
}

/// Review 1 items 4, 5, 6, 23, 24: where `alembic merge` writes a file that breaks the
/// history (or fails), retort refuses before writing anything, with a message naming
/// the cause. Each case runs real Alembic on one copy (to show what it does) and
/// retort on another.
#[test]
fn retort_refuses_where_alembic_merge_breaks_the_history() {
    let Some(tools) = Tools::new() else {
        return;
    };
    type Setup = fn(&Path);
    let none: Setup = |_| {};
    let cases: &[(&str, Setup, &[&str], AlembicFares, &str)] = &[
        (
            "4: subdirectory file_template without recursive_version_locations",
            |p| {
                set_option(
                    p,
                    "file_template",
                    "%%(year)d/%%(month).2d/%%(rev)s_%%(slug)s",
                )
            },
            &["-m", "m", "--rev-id", "ab12cd34ef01"],
            AlembicFares::WritesABrokenHistory,
            "Set `recursive_version_locations = true`",
        ),
        (
            "5: branch label equal to an existing revision id",
            none,
            &[
                "-m",
                "m",
                "--rev-id",
                "ab12cd34ef02",
                "--branch-label",
                "b84e2d6c1a97",
            ],
            AlembicFares::WritesABrokenHistory,
            "branch label `b84e2d6c1a97` is already the id of revision b84e2d6c1a97",
        ),
        (
            "5: branch label equal to an existing branch label",
            |p| {
                let file = p.join("migrations/versions/b84e2d6c1a97_add_left_side.py");
                let text = std::fs::read_to_string(&file)
                    .unwrap()
                    .replace("branch_labels = None", "branch_labels = ('left',)");
                std::fs::write(file, text).unwrap();
            },
            &[
                "-m",
                "m",
                "--rev-id",
                "ab12cd34ef03",
                "--branch-label",
                "left",
            ],
            AlembicFares::WritesABrokenHistory,
            "branch label `left` is already a branch label of revision b84e2d6c1a97",
        ),
        (
            "5: branch label equal to the new revision id",
            none,
            &[
                "-m",
                "m",
                "--rev-id",
                "ab12cd34ef04",
                "--branch-label",
                "ab12cd34ef04",
            ],
            AlembicFares::WritesABrokenHistory,
            "is the id of the merge revision itself",
        ),
        (
            "6: triple quotes in the message",
            none,
            &["-m", "tri \"\"\" ple", "--rev-id", "ab12cd34ef05"],
            AlembicFares::WritesABrokenHistory,
            "is not valid Python",
        ),
        (
            "6: a backslash escape Python rejects in the message",
            none,
            &["-m", "C:\\Users\\x", "--rev-id", "ab12cd34ef06"],
            AlembicFares::WritesABrokenHistory,
            "is not valid Python",
        ),
        (
            "23: a character Alembic refuses in the id",
            none,
            &["-m", "m", "--rev-id", "ab-12"],
            AlembicFares::Refuses,
            "not allowed in revision identifier 'ab-12'",
        ),
        (
            "23: the id `base`",
            none,
            &["-m", "m", "--rev-id", "base"],
            AlembicFares::WritesABrokenHistory,
            "`base` cannot be a revision id",
        ),
        (
            "23: a path separator in the id",
            none,
            &["-m", "m", "--rev-id", "ab/12"],
            AlembicFares::WritesABrokenHistory,
            "path separator",
        ),
        (
            "23: an id Alembic's file filter skips",
            none,
            &["-m", "m", "--rev-id", "__init__"],
            AlembicFares::WritesABrokenHistory,
            "which Alembic does not load as a revision",
        ),
        (
            "24: script.py.mako is a directory",
            |p| {
                let mako = p.join("migrations/script.py.mako");
                std::fs::remove_file(&mako).unwrap();
                std::fs::create_dir(&mako).unwrap();
            },
            &["-m", "m", "--rev-id", "ab12cd34ef07"],
            AlembicFares::Refuses,
            "script.py.mako: is a directory",
        ),
        #[cfg(unix)]
        (
            "24: script.py.mako is a dangling symbolic link",
            |p| {
                let mako = p.join("migrations/script.py.mako");
                std::fs::remove_file(&mako).unwrap();
                std::os::unix::fs::symlink("missing.mako", &mako).unwrap();
            },
            &["-m", "m", "--rev-id", "ab12cd34ef08"],
            AlembicFares::Refuses,
            "script.py.mako: is a symbolic link to missing.mako that leads nowhere",
        ),
    ];
    let mut failures = Vec::new();
    for (name, setup, args, expected, message) in cases {
        let work = tempfile::tempdir().unwrap();
        let original = make_project(&tools, work.path(), "generic", false);
        setup(&original);
        let by_alembic = work.path().join("alembic");
        let by_retort = work.path().join("retort");
        copy_tree(&original, &by_alembic);
        copy_tree(&original, &by_retort);
        let before = files_under(&original);

        let mut alembic_args = vec!["merge", "heads"];
        alembic_args.extend(*args);
        let merged = tools.alembic_unchecked(&by_alembic, &alembic_args, &[]);
        let written: Vec<_> = files_under(&by_alembic)
            .difference(&before)
            .cloned()
            .collect();
        let heads = tools.alembic_unchecked(&by_alembic, &["heads"], &[]);
        let one_head =
            heads.status.success() && String::from_utf8_lossy(&heads.stdout).lines().count() == 1;
        let fares = if written.is_empty() && !merged.status.success() {
            Some(AlembicFares::Refuses)
        } else if !written.is_empty() && (!merged.status.success() || !one_head) {
            Some(AlembicFares::WritesABrokenHistory)
        } else {
            None
        };
        if fares != Some(*expected) {
            failures.push(format!(
                "{name}: expected Alembic to be {expected:?}, got {fares:?} (exit {:?}, wrote {written:?}, \
                 heads: {}{})",
                merged.status.code(),
                String::from_utf8_lossy(&heads.stdout),
                String::from_utf8_lossy(&heads.stderr).lines().last().unwrap_or("")
            ));
        }

        let retort_args = retort_merge_args(args);
        let out = retort(&by_retort, &retort_args, &[]);
        let stderr = String::from_utf8_lossy(&out.stderr);
        if out.status.code() != Some(2) || !stderr.contains(message) {
            failures.push(format!(
                "{name}: expected retort to refuse (exit 2) with {message:?}, got exit {:?}: {}{stderr}",
                out.status.code(),
                String::from_utf8_lossy(&out.stdout)
            ));
        }
        if files_under(&by_retort) != before {
            failures.push(format!("{name}: retort changed files"));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}

/// Copy a project, keeping symbolic links as links (`common::copy_dir` follows them).
fn copy_tree(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        let kind = entry.file_type().unwrap();
        #[cfg(unix)]
        if kind.is_symlink() {
            std::os::unix::fs::symlink(std::fs::read_link(entry.path()).unwrap(), target).unwrap();
            continue;
        }
        if kind.is_dir() {
            copy_tree(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), target).unwrap();
        }
    }
}
