//! Fuzz target `rule_language`: see clientela::fuzzing::rule_language (src/fuzzing.rs).
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    clientela::fuzzing::rule_language(data);
});
