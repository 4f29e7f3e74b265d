//! Checks that keep a merge revision from breaking the history it is meant to mend.
//! `alembic merge` checks little before it writes: it writes a branch label that
//! collides with an existing id or label, a message whose `"""` ends the docstring
//! early, or a file in a subdirectory it never reads, and then fails (or reports
//! success). retort checks all of that before anything is written, and after writing
//! loads the project again to confirm that the merge is what was planned.

use std::path::{Component, Path};

use super::FixError;
use crate::analysis::Analysis;
use crate::config::Project;

/// Alembic's symbolic revision names: an id or label equal to one of them can never be
/// addressed (`alembic upgrade head` means the head, not the revision called `head`;
/// a revision called `base` makes `alembic heads` fail with an AssertionError).
const SYMBOLIC_NAMES: [&str; 4] = ["head", "heads", "base", "current"];

/// `text` for a message: control characters (terminal escapes) shown escaped.
fn shown(text: &str) -> String {
    text.chars()
        .map(|c| {
            if c.is_control() {
                c.escape_default().to_string()
            } else {
                c.to_string()
            }
        })
        .collect()
}

/// What `--rev-id` may be, said once for every refusal.
const ALLOWED_IDS: &str = "a revision id may use letters, digits, `_` and `.` (not first), and may not be \
     `head`, `heads`, `base` or `current`";

/// `--rev-id`: what Alembic refuses (`@ - + :`, with its own message), and also what
/// Alembic accepts but makes a file or a history nobody can use: path separators (the
/// file lands in a subdirectory), a leading `.` (a hidden file; `.` and `..`), quotes
/// and backslashes (they break a template that writes the id into a plain literal),
/// white space and control characters, and the symbolic names.
pub fn check_rev_id(id: &str) -> Result<(), FixError> {
    if id.is_empty() {
        return Err(FixError::Invalid(format!(
            "--rev-id is empty (leave the option out for a fresh random id); {ALLOWED_IDS}"
        )));
    }
    let shown = shown(id);
    let mut alembic_refuses: Vec<char> = id
        .chars()
        .filter(|c| ['@', '-', '+', ':'].contains(c))
        .collect();
    alembic_refuses.sort_unstable();
    alembic_refuses.dedup();
    if !alembic_refuses.is_empty() {
        return Err(FixError::Invalid(format!(
            "character(s) '{}' not allowed in revision identifier '{shown}' (Alembic refuses them too); \
             {ALLOWED_IDS}",
            alembic_refuses
                .iter()
                .map(char::to_string)
                .collect::<Vec<_>>()
                .join(", ")
        )));
    }
    if SYMBOLIC_NAMES.contains(&id) {
        let worse = if id == "base" {
            ", and `alembic heads` fails on it"
        } else {
            ""
        };
        return Err(FixError::Invalid(format!(
            "`{id}` cannot be a revision id: Alembic reads `{id}` as a symbolic name, so the revision \
             could never be named on the command line{worse}; {ALLOWED_IDS}"
        )));
    }
    if id.starts_with('.') {
        return Err(FixError::Invalid(format!(
            "`{shown}` cannot be a revision id: the file name would start with `.` (a hidden file); \
             {ALLOWED_IDS}"
        )));
    }
    if let Some(bad) = id
        .chars()
        .find(|&c| !(c.is_alphanumeric() || c == '_' || c == '.'))
    {
        let what = match bad {
            '/' | '\\' => {
                "a path separator would put the file in a subdirectory Alembic may not read"
                    .to_owned()
            }
            '\'' | '"' => {
                "a quote breaks templates that write the id into a string literal".to_owned()
            }
            c if c.is_whitespace() => "white space makes the id unusable on a command line".into(),
            c if c.is_control() => "control characters make the id unusable".into(),
            c => format!("`{c}` is not allowed"),
        };
        return Err(FixError::Invalid(format!(
            "`{shown}` cannot be a revision id ({what}); {ALLOWED_IDS}"
        )));
    }
    Ok(())
}

/// `--branch-label`: labels share Alembic's map with revision ids, so a label equal to
/// an existing id or label (or to the new id, or given twice) makes Alembic fail to
/// load the history ("Branch name ... already used by revision ...", RT108). Also
/// refused: labels that can never be addressed (empty, containing `@` or white space,
/// the symbolic names).
pub fn check_branch_labels(
    analysis: &Analysis,
    labels: &[String],
    rev_id: &str,
) -> Result<(), FixError> {
    let graph = &analysis.graph;
    for (i, label) in labels.iter().enumerate() {
        let shown = shown(label);
        let unusable = if label.is_empty() {
            Some("it is empty".to_owned())
        } else if label.contains('@') {
            Some("`@` separates a label from `head` in `LABEL@head`".to_owned())
        } else if SYMBOLIC_NAMES.contains(&label.as_str()) {
            Some(format!("Alembic reads `{label}` as a symbolic name"))
        } else if label.chars().any(|c| c.is_whitespace() || c.is_control()) {
            Some("it contains white space or control characters".to_owned())
        } else {
            None
        };
        if let Some(why) = unusable {
            return Err(FixError::Invalid(format!(
                "`{shown}` cannot be a branch label: {why}"
            )));
        }
        let holder = |node| {
            let file = &analysis.files[graph.file_of(node)];
            format!(
                "revision {} ({})",
                file.id().unwrap_or("?"),
                file.source.display
            )
        };
        if labels[..i].contains(label) {
            return Err(FixError::Invalid(format!(
                "branch label `{shown}` is given twice; give each label once (Alembic would fail to load \
                 a revision that lists a label twice)"
            )));
        }
        let taken = if label == rev_id {
            Some("the id of the merge revision itself".to_owned())
        } else if let Some(&node) = graph.by_id.get(label.as_str()) {
            Some(format!("already the id of {}", holder(node)))
        } else {
            graph
                .labels
                .get(label.as_str())
                .map(|&node| format!("already a branch label of {}", holder(node)))
        };
        if let Some(taken) = taken {
            return Err(FixError::Invalid(format!(
                "branch label `{shown}` is {taken}; labels share one namespace with revision ids, so \
                 Alembic would fail to load the history (\"Branch name '{shown}' ... already used\", \
                 RT108): choose another label"
            )));
        }
    }
    Ok(())
}

/// Whether the new file, `name` (the expanded `file_template`) inside the version
/// location `directory`, is where Alembic (and retort) will read it: inside the
/// location, in a subdirectory only with `recursive_version_locations`, not under
/// `__pycache__`, with a name Alembic loads.
pub fn check_discoverable(project: &Project, directory: &Path, name: &str) -> Result<(), FixError> {
    // Where file_template was set: alembic.ini (with its line) or else pyproject.toml.
    let in_pyproject = project.file_template_origin.is_none() && project.pyproject_path.is_some();
    let template = || {
        let place = match (&project.file_template_origin, &project.pyproject_path) {
            (Some((f, l)), _) => format!(" ({}:{l})", f.display()),
            (None, Some(pyproject)) => format!(" ({})", pyproject.display()),
            (None, None) => String::new(),
        };
        format!("file_template = {}{place}", project.file_template)
    };
    let mut dirs = Vec::new();
    let mut file_name = None;
    for component in Path::new(name).components() {
        match component {
            Component::Normal(part) => {
                if let Some(previous) = file_name.replace(part.to_string_lossy().into_owned()) {
                    dirs.push(previous);
                }
            }
            Component::CurDir => {}
            Component::ParentDir | Component::RootDir | Component::Prefix(_) => {
                return Err(FixError::Invalid(format!(
                    "the new file would be {name}, outside the versions directory {} ({}); \
                     Alembic would never read it",
                    directory.display(),
                    template()
                )));
            }
        }
    }
    let file_name = file_name.unwrap_or_default();
    if !crate::discover::is_revision_file_name(&file_name) {
        return Err(FixError::Invalid(format!(
            "the new file would be named `{file_name}`, which Alembic does not load as a revision \
             (names starting with `__init__` or `.#` are skipped); choose another --rev-id or message"
        )));
    }
    if dirs.iter().any(|d| d == "__pycache__") {
        return Err(FixError::Invalid(format!(
            "the new file would be {name} inside `__pycache__`, which Alembic skips ({})",
            template()
        )));
    }
    if !dirs.is_empty() && !project.recursive_version_locations {
        let section = if in_pyproject {
            "[tool.alembic] in pyproject.toml"
        } else {
            "[alembic] in alembic.ini"
        };
        return Err(FixError::Invalid(format!(
            "not writing a merge revision: {} puts it in the subdirectory {}/ of {}, but \
             recursive_version_locations is off, so Alembic would never read it (alembic merge writes \
             it anyway and the heads stay). Set `recursive_version_locations = true` in {section}, \
             or change file_template to write into the versions directory itself",
            template(),
            dirs.join("/"),
            directory.display()
        )));
    }
    Ok(())
}

/// The rendered file, before it is written: valid Python (a `"""` or a bad backslash
/// escape in the message ends or breaks the docstring; `alembic merge` writes such a
/// file and then fails to import it), declaring the planned id, parents and labels.
pub fn check_rendered(
    content: &str,
    path: &Path,
    template: &str,
    message: &str,
    rev_id: &str,
    heads: &[String],
    labels: &[String],
) -> Result<(), FixError> {
    if let Err(problem) = crate::python::is_valid_python(content) {
        let before = content.get(..problem.span.start).unwrap_or(content);
        let line = before.matches('\n').count() + 1;
        let line_start = before.rfind('\n').map_or(0, |i| i + 1);
        let text: String = content[line_start..]
            .lines()
            .next()
            .unwrap_or("")
            .chars()
            .take(80)
            .collect();
        let cause = if message.contains("\"\"\"") || message.contains("'''") {
            " The message contains triple quotes, which end the docstring early: change -m."
        } else if message.contains('\\') {
            " The message contains a backslash, which Python reads as an escape in the docstring: \
             change -m (or double it)."
        } else if message.contains('\0') {
            " The message contains a NUL character: change -m."
        } else {
            ""
        };
        return Err(FixError::Invalid(format!(
            "not writing a merge revision: the text rendered from {template} is not valid Python \
             (line {line}, `{}`: {}), so Alembic could not import it.{cause} (alembic merge writes \
             such a file anyway and then fails; retort checks first.)",
            shown(&text),
            problem.message
        )));
    }
    let file = crate::python::parse_revision(std::sync::Arc::new(crate::source::SourceFile::new(
        path.to_path_buf(),
        path.display().to_string(),
        content,
    )));
    let down: Vec<&str> = file
        .down_revisions()
        .iter()
        .map(|i| i.value.as_str())
        .collect();
    let written_labels: Vec<&str> = file
        .branch_label_ids()
        .iter()
        .map(|i| i.value.as_str())
        .collect();
    let wanted_labels: Vec<&str> = labels.iter().map(String::as_str).collect();
    let problem = if file.id() != Some(rev_id) {
        Some(format!(
            "it does not declare `revision = {}` (found {})",
            super::pyexpr::python_repr_str(rev_id),
            file.id()
                .map(|i| format!("`{i}`"))
                .unwrap_or_else(|| "no revision id retort can read".into())
        ))
    } else if !matches!(file.down_revision, crate::revision::Attr::Known { .. })
        || down != heads.iter().map(String::as_str).collect::<Vec<_>>()
    {
        Some(format!(
            "its down_revision is not the heads being merged ({})",
            heads.join(", ")
        ))
    } else if written_labels != wanted_labels {
        Some(if written_labels.is_empty() {
            format!(
                "it does not carry the branch label(s) {}; does the template have a `branch_labels` \
                 line? (Alembic refuses this too, after writing)",
                labels.join(", ")
            )
        } else {
            format!(
                "its branch_labels are {} instead of {}",
                written_labels.join(", "),
                if labels.is_empty() {
                    "none".to_owned()
                } else {
                    labels.join(", ")
                }
            )
        })
    } else {
        None
    };
    match problem {
        Some(problem) => Err(FixError::Invalid(format!(
            "not writing a merge revision: the file rendered from {template} would break the history: \
             {problem}"
        ))),
        None => Ok(()),
    }
}

/// After writing: the project loaded again must show the new revision, read from the
/// planned file, as a head replacing the heads it merges, and no new problem.
pub fn check_written(plan: &super::MergePlan, after: &Analysis) -> Result<(), String> {
    let graph = &after.graph;
    let real = |p: &Path| p.canonicalize().unwrap_or_else(|_| p.to_path_buf());
    let planned = real(&plan.path);
    let Some(index) = after
        .files
        .iter()
        .position(|f| real(&f.source.path) == planned)
    else {
        return Err(format!(
            "{} is not among the revision files of the project (Alembic would not read it)",
            plan.display_path
        ));
    };
    match graph.by_id.get(&plan.rev_id) {
        Some(&node) if graph.file_of(node) == index => {
            let heads = graph.heads();
            if !heads.contains(&node) {
                return Err(format!(
                    "revision {} is not a head after writing",
                    plan.rev_id
                ));
            }
            let still: Vec<&str> = heads
                .iter()
                .filter_map(|&h| after.files[graph.file_of(h)].id())
                .filter(|id| plan.heads.iter().any(|m| m == id))
                .collect();
            if !still.is_empty() {
                return Err(format!("{} still a head after writing", still.join(", ")));
            }
        }
        _ => {
            return Err(format!(
                "revision {} is not read from {}",
                plan.rev_id, plan.display_path
            ));
        }
    }
    let problems = super::blockers(after);
    if !problems.is_empty() {
        return Err(format!(
            "the history now has problems: {}",
            problems.join("; ")
        ));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rev_ids() {
        for ok in ["ab12cd34ef56", "Ab_C", "1234", "x.y", "héllo", "v1.2"] {
            assert!(check_rev_id(ok).is_ok(), "{ok}");
        }
        for (bad, expected) in [
            ("", "is empty"),
            ("a-b", "not allowed in revision identifier"),
            ("a@b", "not allowed in revision identifier"),
            ("head", "symbolic name"),
            ("heads", "symbolic name"),
            ("base", "symbolic name"),
            ("current", "symbolic name"),
            (".", "hidden file"),
            ("..", "hidden file"),
            (".x", "hidden file"),
            ("a/b", "path separator"),
            ("a\\b", "path separator"),
            ("a'b", "quote"),
            ("a\"b", "quote"),
            ("a b", "white space"),
            ("a\u{1b}[31m", "control characters"),
            ("a%b", "`%` is not allowed"),
        ] {
            let e = check_rev_id(bad).unwrap_err().to_string();
            assert!(e.contains(expected), "{bad:?}: {e}");
            assert!(e.contains("letters, digits"), "{bad:?}: {e}");
        }
        // Terminal escapes are shown escaped, never raw.
        let e = check_rev_id("a\u{1b}[31m").unwrap_err().to_string();
        assert!(!e.contains('\u{1b}'), "{e:?}");
    }

    #[test]
    fn discoverable_names() {
        let dir = Path::new("/p/versions");
        let mut project = Project::bare(dir);
        assert!(check_discoverable(&project, dir, "ab_merge.py").is_ok());
        let e = check_discoverable(&project, dir, "2026/11/ab_merge.py")
            .unwrap_err()
            .to_string();
        assert!(
            e.contains("recursive_version_locations = true") && e.contains("2026/11/"),
            "{e}"
        );
        project.recursive_version_locations = true;
        assert!(check_discoverable(&project, dir, "2026/11/ab_merge.py").is_ok());
        for (name, expected) in [
            ("../ab.py", "outside the versions directory"),
            ("/tmp/ab.py", "outside the versions directory"),
            ("__pycache__/ab.py", "`__pycache__`"),
            ("__init___m.py", "does not load"),
            (".#ab.py", "does not load"),
        ] {
            let e = check_discoverable(&project, dir, name)
                .unwrap_err()
                .to_string();
            assert!(e.contains(expected), "{name}: {e}");
        }
    }

    #[test]
    fn rendered_text_must_parse_and_declare_the_plan() {
        let path = Path::new("v/ab_m.py");
        let good =
            "\"\"\"m\"\"\"\nrevision = 'ab'\ndown_revision = ('x', 'y')\nbranch_labels = None\n";
        let heads = ["x".to_owned(), "y".to_owned()];
        let check = |text: &str, message: &str, labels: &[String]| {
            check_rendered(text, path, "T", message, "ab", &heads, labels)
        };
        assert!(check(good, "m", &[]).is_ok());
        let e = check(
            "\"\"\"tri \"\"\" ple\"\"\"\nrevision = 'ab'\n",
            "tri \"\"\" ple",
            &[],
        )
        .unwrap_err()
        .to_string();
        assert!(
            e.contains("not valid Python (line 1") && e.contains("triple quotes"),
            "{e}"
        );
        let e = check("\"\"\"C:\\Users\"\"\"\n", "C:\\Users", &[])
            .unwrap_err()
            .to_string();
        assert!(e.contains("backslash"), "{e}");
        let e = check(&good.replace("'ab'", "'zz'"), "m", &[])
            .unwrap_err()
            .to_string();
        assert!(e.contains("does not declare `revision = 'ab'`"), "{e}");
        let e = check(&good.replace("('x', 'y')", "'x'"), "m", &[])
            .unwrap_err()
            .to_string();
        assert!(e.contains("down_revision is not the heads"), "{e}");
        let e = check(good, "m", &["rel".to_owned()])
            .unwrap_err()
            .to_string();
        assert!(e.contains("does not carry the branch label(s) rel"), "{e}");
    }
}
