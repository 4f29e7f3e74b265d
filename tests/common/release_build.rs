//! Release builds of retort for the packaging tests (tests/packaging.rs and the
//! pre-commit hooks in tests/pre_commit.rs). Every cargo that maturin, pip, uv and
//! pre-commit start shares one target directory and one release profile, so the
//! dependencies are compiled once per machine and each later build recompiles at most
//! retort itself (a build from another directory, a pre-commit clone, has its own
//! fingerprint for retort's crate). The profile is not optimised: what these tests
//! check is how retort is packaged and installed, not its speed.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use super::{python, repo_root, require_tool};

/// The build settings of `.ci/packaging.env` (`KEY=VALUE` lines; `#` comments): the
/// target directory (relative to the repository) and the release profile. `.ci/run`
/// builds with the same settings before the tests start, so that they find the
/// dependencies compiled.
fn settings() -> Vec<(String, String)> {
    let path = repo_root().join(".ci/packaging.env");
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    text.lines()
        .map(str::trim)
        .filter(|line| !line.is_empty() && !line.starts_with('#'))
        .map(|line| {
            let (key, value) = line
                .split_once('=')
                .unwrap_or_else(|| panic!("{}: not KEY=VALUE: {line}", path.display()));
            (key.to_owned(), value.to_owned())
        })
        .collect()
}

/// The one target directory of these builds.
pub fn target_dir() -> PathBuf {
    let (_, dir) = settings()
        .into_iter()
        .find(|(key, _)| key == "CARGO_TARGET_DIR")
        .expect(".ci/packaging.env sets CARGO_TARGET_DIR");
    repo_root().join(dir)
}

/// Set what every packaging command runs with: the shared target directory and
/// profile, no colours, and the build tools pinned. pip installs a build backend
/// (maturin) into an isolated environment for `pip install .`; `PIP_CONSTRAINT`
/// holds it to the version tests/requirements.txt pins (pip applies the constraint
/// there too), and `UV_BUILD_CONSTRAINT` does the same for uv.
pub fn environment(command: &mut Command) -> &mut Command {
    let pins = repo_root().join("tests/requirements.txt");
    for (key, value) in settings() {
        if key != "CARGO_TARGET_DIR" {
            command.env(key, value);
        }
    }
    command
        .env("CARGO_TARGET_DIR", target_dir())
        .env("CARGO_TERM_COLOR", "never")
        .env("PIP_CONSTRAINT", &pins)
        .env("UV_BUILD_CONSTRAINT", &pins)
        .env("PIP_DISABLE_PIP_VERSION_CHECK", "1")
        .env("PIP_NO_INPUT", "1")
        .env("NO_COLOR", "1")
        .env_remove("VIRTUAL_ENV")
        .env_remove("GIT_DIR")
        .env_remove("GIT_INDEX_FILE")
}

/// A console script of the test virtualenv (tests/requirements.txt installs it next
/// to its Python). Fails in CI when it is missing.
pub fn venv_tool(name: &str) -> Option<PathBuf> {
    let python = python()?;
    require_tool(
        &format!("{name} (tests/requirements.txt)"),
        Some(python.with_file_name(name)),
    )
}

pub fn text(output: &Output) -> String {
    format!(
        "{}{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    )
}

/// One packaging command at a time in a test binary. Cargo already serialises builds
/// that share the target directory, but a build started by pip or uv does not see the
/// same fingerprint as one started by maturin, and may rebuild `retort` while another
/// test copies the binary out of `target/packaging` into its wheel.
static ONE_AT_A_TIME: std::sync::Mutex<()> = std::sync::Mutex::new(());

/// Run a command with [`environment`], and fail with its output unless it succeeds
/// (the end of it, where a build says what went wrong).
pub fn run(command: &mut Command) -> Output {
    let out = {
        let _turn = ONE_AT_A_TIME
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        environment(command)
            .output()
            .unwrap_or_else(|e| panic!("{command:?}: {e}"))
    };
    assert!(
        out.status.success(),
        "{command:?}:\n{}",
        tail(&text(&out), 80)
    );
    out
}

/// The last `lines` lines of `text`.
pub fn tail(text: &str, lines: usize) -> String {
    let all: Vec<&str> = text.lines().collect();
    let start = all.len().saturating_sub(lines);
    let mut out = String::new();
    if start > 0 {
        out.push_str(&format!("[{start} lines before these left out]\n"));
    }
    out.push_str(&all[start..].join("\n"));
    out
}

/// Build retort's wheel with maturin from the repository into `out`; its path.
pub fn build_wheel(maturin: &Path, out: &Path) -> PathBuf {
    run(Command::new(maturin)
        .args(["build", "--release", "--out"])
        .arg(out)
        .current_dir(repo_root()));
    let wheels: Vec<PathBuf> = std::fs::read_dir(out)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "whl"))
        .collect();
    assert_eq!(wheels.len(), 1, "maturin wrote {wheels:?}");
    wheels.into_iter().next().unwrap()
}

/// A new virtualenv at `dir` (made by the test virtualenv's Python); its `bin/`.
pub fn new_virtualenv(dir: &Path) -> Option<PathBuf> {
    let python = python()?;
    run(Command::new(python).args(["-m", "venv"]).arg(dir));
    Some(dir.join("bin"))
}
