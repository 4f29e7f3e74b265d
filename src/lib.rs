//! retort: a static analyzer for Alembic migration histories.
//!
//! The pipeline, one module per stage:
//! `config` -> `discover` -> `python` (parse, in parallel) -> `graph` -> `rules` -> `report`.

pub mod diagnostic;
pub mod fix;
pub mod report;
pub mod revision;
pub mod rules;
pub mod source;
