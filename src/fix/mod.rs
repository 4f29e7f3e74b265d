//! The last stage of the pipeline for `retort lint --fix` and `retort merge`: from a
//! loaded project (graph, configuration), plan the merge revision Alembic's
//! `alembic merge` would write (heads, id, file name, location, text rendered from the
//! project's `script.py.mako`), show what is being merged, and write it atomically.
//! Planning never touches the disk; only [`apply`] writes, and only a new file.

mod clock;
mod generic;
mod mako;
mod merge;
mod naming;
mod pyexpr;
mod write;

pub use clock::CreateDate;
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
}

/// Write a planned merge revision. Never overwrites; leaves nothing behind on failure.
pub fn apply(plan: &MergePlan) -> Result<(), FixError> {
    write::create_new(&plan.path, plan.content.as_bytes())?;
    Ok(())
}

/// `n` random bytes as lower-case hex, from the operating system.
pub(crate) fn random_hex(n: usize) -> String {
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
/// merge of every head. `Ok(None)`: RT101 did not fire, nothing to do.
pub fn fix_multiple_heads(
    analysis: &crate::Analysis,
    diagnostics: &[crate::diagnostic::Diagnostic],
    allow_conflicts: bool,
    cwd: Option<&std::path::Path>,
) -> Result<Option<MergePlan>, FixError> {
    if !diagnostics
        .iter()
        .any(|d| d.code == crate::rules::MULTIPLE_HEADS.code)
    {
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
    apply(&plan)?;
    Ok(Some(plan))
}
