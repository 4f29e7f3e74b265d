//! The pre-commit hooks, driven by the real `pre-commit` (pip, in the test
//! virtualenv) in a throwaway project: a commit that adds a second head is refused with
//! retort's message, and after `retort lint --fix` writes the merge revision the same
//! commit goes through. Three ways to get retort into the hook, as users do:
//! - `retort` (`.pre-commit-hooks.yaml`, `language: rust`): pre-commit clones retort
//!   from a git repository and builds it with `cargo install`;
//! - `retort-python` (`language: python`): pre-commit clones it and pip installs the
//!   clone, which maturin builds (with Cargo.lock);
//! - the local hook docs/pre-commit.md recommends (`language: python` with
//!   `additional_dependencies: [retort-lint==VERSION]`): pip installs the released
//!   wheel. Here the wheel maturin builds from this checkout stands in for PyPI's,
//!   and cargo is taken off PATH: the hook must install and run without Rust.
//!
//! Builds share one target directory and profile (tests/common/release_build.rs).
mod common;

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// `pre-commit` from the virtualenv that `.ci/run` makes (next to its Python).
fn pre_commit() -> Option<PathBuf> {
    let python = common::python()?;
    let candidate = python.with_file_name("pre-commit");
    common::require_tool("pre-commit (tests/requirements.txt)", Some(candidate))
}

fn copy_tree(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            copy_tree(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), target).unwrap();
        }
    }
}

/// A git repository holding retort's sources as they are in this checkout (committed
/// or not), the way pre-commit finds a hook repository. Returns its commit.
fn hook_repository(into: &Path) -> String {
    let root = common::repo_root();
    for file in [
        "Cargo.toml",
        "Cargo.lock",
        "README.md",
        "LICENSE",
        "pyproject.toml",
        ".pre-commit-hooks.yaml",
    ] {
        std::fs::copy(root.join(file), into.join(file)).unwrap();
    }
    for dir in ["src", "rules"] {
        copy_tree(&root.join(dir), &into.join(dir));
    }
    common::git(into, &["init", "-q"]);
    common::git(into, &["add", "-A"]);
    common::git(into, &["commit", "-qm", "retort"]);
    common::git(into, &["rev-parse", "HEAD"]).trim().to_owned()
}

fn revision(dir: &Path, id: &str, down: &str, message: &str) {
    let (header, value) = match down {
        "" => (String::new(), "None".to_owned()),
        d if d.starts_with('(') => (
            d.trim_matches(['(', ')'])
                .replace('\'', "")
                .split(", ")
                .collect::<Vec<_>>()
                .join(", "),
            d.to_owned(),
        ),
        d => (d.to_owned(), format!("'{d}'")),
    };
    std::fs::write(
        dir.join(format!("{id}_{}.py", message.replace(' ', "_"))),
        format!(
            "\"\"\"{message}\n\nRevision ID: {id}\nRevises: {header}\nCreate Date: 2024-05-01 10:00:00.000000\n\n\"\"\"\n\
             from typing import Sequence, Union\n\nfrom alembic import op\nimport sqlalchemy as sa\n\n\n\
             # revision identifiers, used by Alembic.\nrevision: str = '{id}'\n\
             down_revision: Union[str, Sequence[str], None] = {value}\n\
             branch_labels: Union[str, Sequence[str], None] = None\n\
             depends_on: Union[str, Sequence[str], None] = None\n\n\n\
             def upgrade() -> None:\n    pass\n\n\ndef downgrade() -> None:\n    pass\n"
        ),
    )
    .unwrap();
}

struct Project {
    dir: PathBuf,
    pre_commit: PathBuf,
    cache: PathBuf,
    extra_env: Vec<(String, std::ffi::OsString)>,
}

impl Project {
    fn git(&self, args: &[&str]) -> Output {
        let mut command = Command::new("git");
        command
            .args([
                "-c",
                "user.name=retort tests",
                "-c",
                "user.email=tests@retort.invalid",
                "-c",
                "commit.gpgsign=false",
            ])
            .args(args)
            .current_dir(&self.dir);
        self.environment(&mut command);
        command.output().expect("run git")
    }

    fn pre_commit(&self, args: &[&str]) -> Output {
        let mut command = Command::new(&self.pre_commit);
        command.args(args).current_dir(&self.dir);
        self.environment(&mut command);
        command.output().expect("run pre-commit")
    }

    /// What the hooks run with: pre-commit's cache in the scratch directory, and
    /// the shared release build (target directory, profile, pinned build tools) so
    /// that the hook's build reuses what earlier builds compiled (a user's first
    /// commit builds it once, too), plus whatever the case adds (`extra_env`).
    fn environment(&self, command: &mut Command) {
        common::release_build::environment(command)
            .env("PRE_COMMIT_HOME", &self.cache)
            .env("PRE_COMMIT_COLOR", "never");
        for (key, value) in &self.extra_env {
            command.env(key, value);
        }
    }
}

fn text(output: &Output) -> String {
    format!(
        "{}{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    )
}

/// The whole story with one hook: `config` is the `.pre-commit-config.yaml`, `hook` the
/// id pre-commit prints. The first commit installs the hook and passes; a commit
/// touching no revision file skips it; a second head is refused with retort's message
/// (exactly as docs/pre-commit.md shows it); after `retort lint --fix` the commit goes
/// through.
fn refuses_a_second_head_then_accepts_the_merge(
    pre_commit: PathBuf,
    scratch: &Path,
    config: &str,
    hook: &str,
    extra_env: Vec<(String, std::ffi::OsString)>,
) {
    let project = Project {
        dir: scratch.join("app"),
        pre_commit,
        cache: scratch.join("pre-commit-cache"),
        extra_env,
    };
    let versions = project.dir.join("migrations/versions");
    std::fs::create_dir_all(&versions).unwrap();
    std::fs::write(
        project.dir.join("alembic.ini"),
        "[alembic]\nscript_location = %(here)s/migrations\n",
    )
    .unwrap();
    std::fs::write(project.dir.join(".pre-commit-config.yaml"), config).unwrap();
    revision(&versions, "23e791c49f3a", "", "initial schema");
    revision(&versions, "c8d25c64b432", "23e791c49f3a", "add vouchers");
    let git = |args: &[&str]| {
        let out = project.git(args);
        assert!(out.status.success(), "git {args:?}:\n{}", text(&out));
        out
    };
    git(&["init", "-q", "-b", "main"]);
    let out = project.pre_commit(&["install"]);
    assert!(out.status.success(), "{}", text(&out));
    // The first commit installs the hook (builds or downloads retort) and passes: one
    // head.
    git(&["add", "-A"]);
    let out = project.git(&["commit", "-m", "initial history"]);
    assert!(
        out.status.success(),
        "first commit refused:\n{}",
        text(&out)
    );
    assert!(text(&out).contains("retort (Alembic migration history)"));

    // A change outside revision files does not run the hook.
    std::fs::write(project.dir.join("app.py"), "print('hi')\n").unwrap();
    git(&["add", "app.py"]);
    let out = git(&["commit", "-m", "app"]);
    assert!(
        text(&out).contains("(no files to check)Skipped"),
        "{}",
        text(&out)
    );

    // A second revision on the same parent: refused, with retort's own message.
    revision(&versions, "fb84c1febfb6", "23e791c49f3a", "add trades");
    git(&["add", "-A"]);
    let out = project.git(&["commit", "-m", "add trades"]);
    let said = text(&out);
    assert!(
        !out.status.success(),
        "a second head was committed:\n{said}"
    );
    assert!(said.contains("Failed"), "{said}");
    assert!(
        said.contains("RT101 multiple-heads")
            && said.contains(
                "2 heads: `c8d25c64b432`, `fb84c1febfb6`; they diverge after `23e791c49f3a`"
            ),
        "{said}"
    );
    // Exactly what docs/pre-commit.md shows (with this hook's id).
    let doc = std::fs::read_to_string(common::repo_root().join("docs/pre-commit.md")).unwrap();
    let shown = doc
        .split("$ git commit -m \"add trades\"\n")
        .nth(1)
        .and_then(|rest| rest.split("```").next())
        .expect("docs/pre-commit.md shows the refused commit");
    assert!(shown.contains("Failed\n- hook id: retort\n"), "{shown}");
    let shown = shown.replace("- hook id: retort\n", &format!("- hook id: {hook}\n"));
    assert!(
        said.contains(shown.trim_end()),
        "docs/pre-commit.md:\n{shown}\nthe hook:\n{said}"
    );
    let log = git(&["log", "--format=%s"]);
    assert_eq!(
        String::from_utf8_lossy(&log.stdout),
        "app\ninitial history\n"
    );

    // Repair the history with `retort lint --fix`, then the same commit goes through.
    let fix = common::retort(&project.dir, &["lint", "--fix"]);
    assert_eq!(fix.status.code(), Some(0), "{}", text(&fix));
    assert!(
        text(&fix).contains("fixed RT101: wrote merge revision"),
        "{}",
        text(&fix)
    );
    let heads = common::retort(&project.dir, &["heads"]);
    assert_eq!(String::from_utf8_lossy(&heads.stdout).lines().count(), 1);
    git(&["add", "-A"]);
    let out = project.git(&["commit", "-m", "add trades, merged"]);
    assert!(
        out.status.success(),
        "the repaired history was refused:\n{}",
        text(&out)
    );
    assert!(text(&out).contains("Passed"), "{}", text(&out));
}

/// `.pre-commit-config.yaml` using hook `id` of the hook repository at `rev`.
fn config_for(hooks: &Path, rev: &str, id: &str) -> String {
    format!(
        "repos:\n  - repo: {}\n    rev: {rev}\n    hooks:\n      - id: {id}\n",
        hooks.display()
    )
}

#[test]
fn rust_hook_refuses_a_second_head_and_accepts_the_merge() {
    let Some(pre_commit) = pre_commit() else {
        return;
    };
    let scratch = tempfile::tempdir().unwrap();
    let hooks = scratch.path().join("retort");
    std::fs::create_dir_all(&hooks).unwrap();
    let rev = hook_repository(&hooks);
    let config = config_for(&hooks, &rev, "retort");
    refuses_a_second_head_then_accepts_the_merge(
        pre_commit,
        scratch.path(),
        &config,
        "retort",
        Vec::new(),
    );
}

#[test]
fn python_hook_from_the_repository_refuses_a_second_head_and_accepts_the_merge() {
    let Some(pre_commit) = pre_commit() else {
        return;
    };
    let scratch = tempfile::tempdir().unwrap();
    let hooks = scratch.path().join("retort");
    std::fs::create_dir_all(&hooks).unwrap();
    let rev = hook_repository(&hooks);
    let config = config_for(&hooks, &rev, "retort-python");
    refuses_a_second_head_then_accepts_the_merge(
        pre_commit,
        scratch.path(),
        &config,
        "retort-python",
        Vec::new(),
    );
}

/// PATH without the directories that hold cargo, rustc or rustup.
fn path_without_rust() -> std::ffi::OsString {
    let path = std::env::var_os("PATH").unwrap_or_default();
    std::env::join_paths(std::env::split_paths(&path).filter(|dir| {
        !["cargo", "rustc", "rustup"]
            .iter()
            .any(|tool| dir.join(tool).exists())
    }))
    .unwrap()
}

/// The `.pre-commit-config.yaml` docs/pre-commit.md recommends: a local hook that pip
/// installs `retort-lint==VERSION`, the released wheel.
fn recommended_config() -> String {
    let doc = std::fs::read_to_string(common::repo_root().join("docs/pre-commit.md")).unwrap();
    let start = doc
        .find("```yaml\n# .pre-commit-config.yaml\n")
        .expect("docs/pre-commit.md shows a .pre-commit-config.yaml")
        + "```yaml\n".len();
    let block = &doc[start..];
    let block = &block[..block.find("```").unwrap()];
    assert!(
        block.contains("language: python")
            && block.contains(&format!(
                "additional_dependencies: [\"retort-lint=={}\"]",
                env!("CARGO_PKG_VERSION")
            )),
        "the first configuration in docs/pre-commit.md is not the wheel hook of this \
         version:\n{block}"
    );
    block.to_owned()
}

#[test]
fn recommended_wheel_hook_needs_no_rust() {
    let Some(pre_commit) = pre_commit() else {
        return;
    };
    let Some(maturin) = common::release_build::venv_tool("maturin") else {
        return;
    };
    let scratch = tempfile::tempdir().unwrap();
    // This checkout's wheel in a directory pip searches as it would search PyPI.
    let wheels = scratch.path().join("wheels");
    common::release_build::build_wheel(&maturin, &wheels);
    let config = recommended_config();
    refuses_a_second_head_then_accepts_the_merge(
        pre_commit,
        scratch.path(),
        &config,
        "retort",
        vec![
            ("PIP_FIND_LINKS".into(), wheels.into_os_string()),
            ("PATH".into(), path_without_rust()),
            // Nothing may be built: a source build would need cargo, which is gone.
            ("PIP_ONLY_BINARY".into(), "retort-lint".into()),
        ],
    );
}

#[test]
fn system_hook_runs_the_retort_on_path() {
    let Some(pre_commit) = pre_commit() else {
        return;
    };
    let scratch = tempfile::tempdir().unwrap();
    let hooks = scratch.path().join("retort");
    std::fs::create_dir_all(&hooks).unwrap();
    let rev = hook_repository(&hooks);
    let dir = scratch.path().join("app");
    let versions = dir.join("migrations/versions");
    std::fs::create_dir_all(&versions).unwrap();
    std::fs::write(
        dir.join("alembic.ini"),
        "[alembic]\nscript_location = %(here)s/migrations\n",
    )
    .unwrap();
    std::fs::write(
        dir.join(".pre-commit-config.yaml"),
        format!(
            "repos:\n  - repo: {}\n    rev: {rev}\n    hooks:\n      - id: retort-system\n",
            hooks.display()
        ),
    )
    .unwrap();
    revision(&versions, "23e791c49f3a", "", "initial schema");
    revision(&versions, "c8d25c64b432", "23e791c49f3a", "add vouchers");
    revision(&versions, "fb84c1febfb6", "23e791c49f3a", "add trades");
    let project = Project {
        dir,
        pre_commit,
        cache: scratch.path().join("pre-commit-cache"),
        extra_env: Vec::new(),
    };
    let out = project.git(&["init", "-q"]);
    assert!(out.status.success());
    let out = project.git(&["add", "-A"]);
    assert!(out.status.success());
    // The built binary's directory first on PATH.
    let bin = Path::new(env!("CARGO_BIN_EXE_retort")).parent().unwrap();
    let path = std::env::join_paths(
        std::iter::once(bin.to_path_buf())
            .chain(std::env::split_paths(&std::env::var_os("PATH").unwrap())),
    )
    .unwrap();
    let mut command = Command::new(&project.pre_commit);
    command
        .args(["run", "--all-files"])
        .current_dir(&project.dir)
        .env("PATH", path);
    project.environment(&mut command);
    let out = command.output().unwrap();
    let said = text(&out);
    assert_eq!(out.status.code(), Some(1), "{said}");
    assert!(said.contains("RT101 multiple-heads"), "{said}");
}

/// `retort-safety-system`: the staged revision files are passed, so the safety rules
/// report the revision being committed and not the old one already in the history.
#[test]
fn safety_hook_reports_the_revision_being_committed() {
    let Some(pre_commit) = pre_commit() else {
        return;
    };
    let scratch = tempfile::tempdir().unwrap();
    let hooks = scratch.path().join("retort");
    std::fs::create_dir_all(&hooks).unwrap();
    let rev = hook_repository(&hooks);
    let dir = scratch.path().join("app");
    let versions = dir.join("migrations/versions");
    std::fs::create_dir_all(&versions).unwrap();
    std::fs::write(
        dir.join("alembic.ini"),
        "[alembic]\nscript_location = %(here)s/migrations\nsqlalchemy.url = postgresql://localhost/app\n",
    )
    .unwrap();
    std::fs::write(
        dir.join(".pre-commit-config.yaml"),
        format!(
            "repos:\n  - repo: {}\n    rev: {rev}\n    hooks:\n      - id: retort-safety-system\n",
            hooks.display()
        ),
    )
    .unwrap();
    let with_body = |id: &str, down: &str, message: &str, body: &str| {
        revision(&versions, id, down, message);
        let path = versions.join(format!("{id}_{}.py", message.replace(' ', "_")));
        let text = std::fs::read_to_string(&path).unwrap();
        let text = text.replacen(
            "def upgrade() -> None:\n    pass",
            &format!("def upgrade() -> None:\n{body}"),
            1,
        );
        std::fs::write(&path, text).unwrap();
    };
    with_body(
        "23e791c49f3a",
        "",
        "create users",
        "    op.create_table(\"users\", sa.Column(\"id\", sa.BigInteger(), sa.Identity(), primary_key=True), sa.Column(\"email\", sa.Text()))",
    );
    with_body(
        "c8d25c64b432",
        "23e791c49f3a",
        "index emails",
        "    op.create_index(\"ix_users_email\", \"users\", [\"email\"])",
    );
    let project = Project {
        dir,
        pre_commit,
        cache: scratch.path().join("pre-commit-cache"),
        extra_env: Vec::new(),
    };
    assert!(project.git(&["init", "-q"]).status.success());
    assert!(project.git(&["add", "-A"]).status.success());
    assert!(
        project
            .git(&["commit", "-qm", "history", "--no-verify"])
            .status
            .success()
    );
    with_body(
        "fb84c1febfb6",
        "c8d25c64b432",
        "add plan",
        "    op.add_column(\"users\", sa.Column(\"plan\", sa.Text(), nullable=False))",
    );
    assert!(project.git(&["add", "-A"]).status.success());
    let bin = Path::new(env!("CARGO_BIN_EXE_retort")).parent().unwrap();
    let path = std::env::join_paths(
        std::iter::once(bin.to_path_buf())
            .chain(std::env::split_paths(&std::env::var_os("PATH").unwrap())),
    )
    .unwrap();
    let mut command = Command::new(&project.pre_commit);
    command
        .arg("run")
        .current_dir(&project.dir)
        .env("PATH", path);
    project.environment(&mut command);
    let out = command.output().unwrap();
    let said = text(&out);
    assert_eq!(out.status.code(), Some(1), "{said}");
    assert!(
        said.contains("RT350 not-null-column-on-existing-table"),
        "{said}"
    );
    assert!(said.contains("fb84c1febfb6_add_plan.py"), "{said}");
    // The old revision's index is history: not reported.
    assert!(!said.contains("RT301"), "{said}");
}
