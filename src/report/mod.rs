//! Emitters: one per output format. Only this module and the binary print.

pub mod concise;
pub mod db;
pub mod diagram;
pub mod escape;
pub mod facts;
pub mod github;
pub mod json;
pub mod paths;
pub mod sarif;
pub mod text;
