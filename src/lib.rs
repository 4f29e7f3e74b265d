//! retort: a static analyzer for Alembic migration histories.
//!
//! The pipeline, one module per stage, data flowing one way:
//! `config` (find the project, read alembic.ini / pyproject) -> `discover` (list revision
//! files) -> `python` (parse each file, in parallel) -> `graph` (the revision DAG) ->
//! `rules` (diagnostics) -> `report` (render). Only `report` and the binary print.
//! `analysis` loads one project (the first four stages) into the `Analysis` that rules,
//! report and fix read.

/// The hasher of retort's hottest maps (revision ids, RT205's objects, the files findings
/// point into): SipHash, the standard one, took a tenth of `retort lint` on large
/// histories. Seeded per process, so crafted ids cannot make a map degrade.
pub type FastHash = foldhash::fast::RandomState;

pub mod analysis;
pub mod config;
pub mod db;
pub mod diagnostic;
pub mod discover;
pub mod error;
pub mod fix;
pub mod gitbase;
pub mod graph;
pub mod locations;
pub mod model;
pub mod ops;
pub mod output;
pub mod python;
pub mod report;
pub mod revision;
pub mod rules;
pub mod schema;
pub mod source;
pub mod sql;

pub use analysis::{Analysis, Base, Target, load, load_project};
pub use error::RunError;
pub use rules::lint::{Selection, lint, rule_settings};
