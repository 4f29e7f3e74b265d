//! The last stage of the pipeline for `retort lint --fix` and `retort merge`: from a
//! loaded project (graph, configuration), plan the merge revision Alembic's
//! `alembic merge` would write (heads, id, file name, location, text rendered from the
//! project's `script.py.mako`), show what is being merged, and write it atomically.
//! Planning never touches the disk; only [`apply`] writes, and only a new file.

mod clock;
mod generic;
mod lock;
mod mako;
mod merge;
mod naming;
mod pyexpr;
mod safety;
mod write;

use std::collections::HashMap;

pub use clock::CreateDate;
pub use lock::{LeftOver, ProjectLock, left_overs, lock_project, temp_file_pid};
pub use mako::TemplateError;
pub use merge::{
    Branch, BranchRevision, MergePlan, MergeRequest, TemplateSource, blockers, plan_merge,
    render_summary,
};
pub use write::WriteError;

/// Why a merge cannot be planned or written. Each message says what to do.
#[derive(Debug, thiserror::Error)]
pub enum FixError {
    /// The history is broken in a way that makes a merge meaningless.
    #[error("not writing a merge revision: the history has problems a merge would not fix:\n{}", .0.iter().map(|b| format!("  {b}")).collect::<Vec<_>>().join("\n"))]
    Blocked(Vec<String>),
    /// The branches change the same objects in ways a merge does not reconcile (RT205).
    #[error("not writing a merge revision: the branches conflict:\n{}\nReconcile the revisions first, or pass --allow-conflicts to write the merge anyway.", .0.iter().map(|b| format!("  {b}")).collect::<Vec<_>>().join("\n"))]
    Conflicts(Vec<String>),
    /// Fewer than two heads: there is nothing to do (not a failure).
    #[error("{0}")]
    NothingToMerge(String),
    #[error("{0}")]
    Template(#[from] TemplateError),
    #[error("{0}")]
    Write(#[from] WriteError),
    /// Anything else: bad arguments, configuration retort cannot honour.
    #[error("{0}")]
    Invalid(String),
    /// The file was written, but the project loaded again does not show the merge as
    /// planned, so the file was removed again. The checks before writing should make
    /// this rare: a template that writes something else, or a layout retort misreads.
    #[error(
        "wrote {path}, but loading the project again shows that {problem}; removed it again, \
             nothing was changed. Fix the cause (if the project looks right, this is a retort bug: \
             please report it)"
    )]
    Unverified { path: String, problem: String },
}

/// Write a planned merge revision. Never overwrites; leaves nothing behind on failure.
/// Returns what was created, for [`undo`].
pub fn apply(plan: &MergePlan) -> Result<Written, FixError> {
    let created_dirs = write::create_new(&plan.path, plan.content.as_bytes())?;
    Ok(Written {
        path: plan.path.clone(),
        content: plan.content.clone(),
        created_dirs,
    })
}

/// What [`apply`] created: the file and any directories made for it.
#[derive(Debug, Clone)]
pub struct Written {
    pub path: std::path::PathBuf,
    content: String,
    /// Outermost first.
    created_dirs: Vec<std::path::PathBuf>,
}

/// Remove what [`apply`] wrote: the file, if it still holds exactly what was written,
/// and the directories created for it, if they are empty.
pub fn undo(written: &Written) {
    if std::fs::read(&written.path).is_ok_and(|b| b == written.content.as_bytes()) {
        let _ = std::fs::remove_file(&written.path);
    }
    for dir in written.created_dirs.iter().rev() {
        let _ = std::fs::remove_dir(dir);
    }
}

/// Write the plan, load the project again and check that the merge is what was
/// planned (the new revision is read from its file and replaces the merged heads,
/// nothing new is broken). If not, the file is removed again and the reason returned.
/// Returns the project as loaded after writing.
pub fn apply_and_verify(
    analysis: &crate::analysis::Analysis,
    plan: &MergePlan,
    cwd: Option<&std::path::Path>,
) -> Result<crate::analysis::Analysis, FixError> {
    apply_checked(analysis, plan, cwd, |_| None)
}

/// [`apply_and_verify`] with one more check of the project after writing.
fn apply_checked(
    analysis: &crate::analysis::Analysis,
    plan: &MergePlan,
    cwd: Option<&std::path::Path>,
    also: impl Fn(&crate::analysis::Analysis) -> Option<String>,
) -> Result<crate::analysis::Analysis, FixError> {
    let written = apply(plan)?;
    let after = crate::analysis::load_project(
        analysis.project.clone(),
        analysis.config.clone(),
        None,
        None,
        cwd,
        crate::python::Extract::Everything,
    );
    let problem = match &after {
        Ok(after) => safety::check_written(plan, after)
            .err()
            .or_else(|| also(after)),
        Err(e) => Some(format!("the project no longer loads: {e}")),
    };
    match (problem, after) {
        (None, Ok(after)) => Ok(after),
        (problem, _) => {
            undo(&written);
            Err(FixError::Unverified {
                path: plan.display_path.clone(),
                problem: problem.unwrap_or_default(),
            })
        }
    }
}

/// For the fuzz targets (fuzz/): `template` read as a project's `script.py.mako` and
/// rendered with the variables of a merge of `heads`. Errors are returned, never a
/// panic.
#[doc(hidden)]
pub fn render_template_text(
    template: &str,
    message: &str,
    heads: &[String],
) -> Result<String, TemplateError> {
    let template = mako::Template::parse(template, std::path::Path::new("script.py.mako"))?;
    let date =
        CreateDate::at(jiff::Timestamp::UNIX_EPOCH, Some("UTC")).map_err(|e| TemplateError {
            file: "script.py.mako".into(),
            line: 0,
            message: e.0,
        })?;
    let variables =
        merge::template_variables(message, "5d0c4b3a2f19", heads, None, date, HashMap::new());
    template.render(&variables)
}

/// `n` random bytes as lower-case hex, from the operating system.
pub fn random_hex(n: usize) -> String {
    let mut bytes = vec![0u8; n];
    let from_os = std::fs::File::open("/dev/urandom")
        .and_then(|mut f| std::io::Read::read_exact(&mut f, &mut bytes));
    if from_os.is_err() {
        // No /dev/urandom (Windows): std's per-process random hash keys.
        use std::hash::{BuildHasher, Hasher};
        for chunk in bytes.chunks_mut(8) {
            let mut h = std::collections::hash_map::RandomState::new().build_hasher();
            h.write_u128(
                std::time::SystemTime::now()
                    .duration_since(std::time::UNIX_EPOCH)
                    .map(|d| d.as_nanos())
                    .unwrap_or(0),
            );
            let v = h.finish().to_le_bytes();
            chunk.copy_from_slice(&v[..chunk.len()]);
        }
    }
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// A fresh revision id like Alembic's `uuid.uuid4().hex[-12:]`: 12 random hex digits.
pub fn new_revision_id() -> String {
    random_hex(6)
}

/// The current time, for [`plan_merge`]: the clock, or `SOURCE_DATE_EPOCH` (whole
/// seconds since 1970, the reproducible-builds convention) when that is set.
pub fn now() -> Result<jiff::Timestamp, FixError> {
    match std::env::var("SOURCE_DATE_EPOCH") {
        Ok(value) => value
            .trim()
            .parse::<i64>()
            .ok()
            .and_then(|s| jiff::Timestamp::from_second(s).ok())
            .ok_or_else(|| {
                FixError::Invalid(format!(
                    "SOURCE_DATE_EPOCH=`{value}` is not a whole number of seconds since 1970"
                ))
            }),
        Err(_) => Ok(jiff::Timestamp::now()),
    }
}

/// `lint --fix`: when the diagnostics include RT101 multiple-heads, plan and write a
/// merge of every head, then lint the project again with the same `settings`: if
/// RT101 still fires the merge did not do its job, so it is removed again and that
/// is an error. `Ok(None)`: RT101 did not fire, nothing to do.
pub fn fix_multiple_heads(
    analysis: &crate::analysis::Analysis,
    diagnostics: &[crate::diagnostic::Diagnostic],
    settings: &crate::rules::RuleSettings,
    allow_conflicts: bool,
    cwd: Option<&std::path::Path>,
) -> Result<Option<MergePlan>, FixError> {
    let fires = |diagnostics: &[crate::diagnostic::Diagnostic]| {
        diagnostics
            .iter()
            .any(|d| d.code == crate::rules::MULTIPLE_HEADS.code)
    };
    if !fires(diagnostics) {
        return Ok(None);
    }
    let heads: Vec<String> = analysis
        .graph
        .heads()
        .into_iter()
        .filter_map(|h| {
            analysis.files[analysis.graph.file_of(h)]
                .id()
                .map(str::to_owned)
        })
        .collect();
    let request = MergeRequest {
        message: Some(format!("merge heads {}", heads.join(", "))),
        allow_conflicts,
        ..MergeRequest::default()
    };
    let plan = plan_merge(analysis, &request, now()?, cwd)?;
    apply_checked(analysis, &plan, cwd, |after| {
        fires(&crate::rules::lint::lint(after, settings))
            .then(|| "RT101 multiple-heads still fires after writing it".to_owned())
    })?;
    Ok(Some(plan))
}
