//! The floor for `retort heads`: read every `*.py` file under a directory and parse it
//! with the same Python parser retort uses, on all cores, and nothing else (no
//! lowering, no graph). bench/bench.py times it beside `retort heads`; it is not part
//! of retort.
//!
//! Usage: cargo run --release --example parse_floor -- DIR

use rayon::prelude::*;
use ruff_python_ast::PySourceType;
use ruff_python_parser::parse_unchecked_source;

// The allocator retort itself uses (src/main.rs), so that the floor differs from
// `retort heads` only in the work heads does.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() {
    let Some(dir) = std::env::args_os().nth(1) else {
        eprintln!("usage: parse_floor DIR");
        std::process::exit(2);
    };
    let files: Vec<std::path::PathBuf> = walkdir::WalkDir::new(dir)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file() && e.path().extension().is_some_and(|x| x == "py"))
        .map(walkdir::DirEntry::into_path)
        .collect();
    let statements: usize = files
        .par_iter()
        .map(|path| {
            let text = std::fs::read_to_string(path).unwrap_or_default();
            parse_unchecked_source(&text, PySourceType::Python)
                .syntax()
                .body
                .len()
        })
        .sum();
    println!("{} files, {statements} top-level statements", files.len());
}
