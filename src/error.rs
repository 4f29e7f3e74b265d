//! The error that stops a run before any finding (exit code 2). Every stage may return
//! it; it sits below them all.

use std::path::PathBuf;

use crate::config::ConfigError;

/// Why retort could not run at all (exit code 2).
#[derive(Debug, thiserror::Error)]
pub enum RunError {
    #[error("{0}")]
    Config(#[from] ConfigError),
    #[error("{path}: {message}")]
    Path { path: PathBuf, message: String },
    #[error("{0}")]
    Other(String),
}
