//! Emitters: one per output format. Only this module and the binary print.

pub mod facts;
pub mod json;
pub mod text;
