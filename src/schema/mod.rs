//! Stage 5: schema replay and model extraction.
//! `replay` applies each revision's ops along the DAG (topological order) in one pass,
//! handing each revision's schema before and after to its visitor and keeping the
//! heads' (`named` holds a table's persistent lists); `models` resolves the model
//! modules into tables.
pub mod ancestry;
pub mod dialect;
pub mod link;
pub mod models;
pub mod named;
pub mod render;
pub mod replay;
pub mod report;
pub mod types;
