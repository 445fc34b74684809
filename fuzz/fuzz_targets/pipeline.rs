//! Fuzz target `pipeline`: see clientela::fuzzing::pipeline (src/fuzzing.rs).
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    clientela::fuzzing::pipeline(data);
});
