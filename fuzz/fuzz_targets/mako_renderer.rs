//! A project's `script.py.mako` rendered for a merge: whatever the template holds, the
//! renderer returns a result or an error, never a panic.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|input: (&str, &str, Vec<String>)| {
    let (template, message, heads) = input;
    let heads: Vec<String> = heads.into_iter().take(8).collect();
    let _ = retort::fix::render_template_text(template, message, &heads);
});
