//! Fuzz target `read`: see clientela::fuzzing::read (src/fuzzing.rs).
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    clientela::fuzzing::read(data);
});
