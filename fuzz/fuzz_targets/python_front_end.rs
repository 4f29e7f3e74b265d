//! Arbitrary bytes as a revision file and as a model module: no panic, spans inside
//! the text (`retort::python::fuzz_check` asserts what must hold for any input).
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    retort::python::fuzz_check(&text);
});
