//! Stage 5: schema replay and model extraction.
//! `replay` applies each revision's ops along the DAG (topological order) and keeps the
//! schema after every revision; `models` resolves the model modules into tables.
pub mod models;
pub mod named;
pub mod replay;
pub mod report;
