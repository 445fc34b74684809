//! The integration tests, one binary: each file in `tests/` is a module of it, so the tests of all files
//! run side by side on the machine's cores, rather than one file's binary after another while a long
//! test holds one core (here 177 s against ~275 s; the build takes as long as before). The files keep
//! their places; `cargo test --test integration basket::` runs one of them. The three memory-budget
//! tests (`*_budget.rs`) stay binaries of their own: each counts its allocations with a global
//! allocator, which would count every other test running beside it here.
//! `every_test_file_is_compiled` fails when a file in `tests/` is in neither list (`autotests = false`
//! in Cargo.toml: a new file is not found by itself).

mod common;
#[path = "common/sequences.rs"]
mod sequences;

#[path = "basket.rs"]
mod basket;
#[path = "choose_k.rs"]
mod choose_k;
#[path = "cli.rs"]
mod cli;
#[path = "clv.rs"]
mod clv;
#[path = "clv_cdnow.rs"]
mod clv_cdnow;
#[path = "clv_large.rs"]
mod clv_large;
#[path = "clv_raw.rs"]
mod clv_raw;
#[path = "compare.rs"]
mod compare;
#[path = "detection.rs"]
mod detection;
#[path = "dialects.rs"]
mod dialects;
#[path = "export_shapes.rs"]
mod export_shapes;
#[path = "exports.rs"]
mod exports;
#[path = "forecast.rs"]
mod forecast;
#[path = "fuzz_corpus.rs"]
mod fuzz_corpus;
#[path = "habits.rs"]
mod habits;
#[path = "itemset_file.rs"]
mod itemset_file;
#[path = "kmeans.rs"]
mod kmeans;
#[path = "lists.rs"]
mod lists;
#[path = "online_retail_variants.rs"]
mod online_retail_variants;
#[path = "overview.rs"]
mod overview;
#[path = "predict.rs"]
mod predict;
#[path = "profile.rs"]
mod profile;
#[path = "prospects.rs"]
mod prospects;
#[path = "read_ahead.rs"]
mod read_ahead;
#[path = "real_exports.rs"]
mod real_exports;
#[path = "robustness.rs"]
mod robustness;
#[path = "rules.rs"]
mod rules;
#[path = "segment.rs"]
mod segment;
#[path = "segment_behaviour.rs"]
mod segment_behaviour;
#[path = "sequence.rs"]
mod sequence;
#[path = "sequence_paths.rs"]
mod sequence_paths;
#[path = "sequence_rows.rs"]
mod sequence_rows;
#[path = "sequence_two.rs"]
mod sequence_two;
#[path = "sheets.rs"]
mod sheets;
#[path = "unusable.rs"]
mod unusable;
#[path = "warehouse.rs"]
mod warehouse;

/// Every `tests/*.rs` is a module above or a `[[test]]` of its own in Cargo.toml.
#[test]
fn every_test_file_is_compiled() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let root = std::fs::read_to_string(dir.join("tests/integration.rs")).unwrap();
    let manifest = std::fs::read_to_string(dir.join("Cargo.toml")).unwrap();
    let mut missing = Vec::new();
    for entry in std::fs::read_dir(dir.join("tests")).unwrap() {
        let name = entry.unwrap().file_name().into_string().unwrap();
        let Some(stem) = name.strip_suffix(".rs") else { continue };
        if stem == "integration" {
            continue;
        }
        let module = format!("#[path = \"{name}\"]\nmod {stem};");
        let own = format!("path = \"tests/{name}\"");
        if !root.contains(&module) && !manifest.contains(&own) {
            missing.push(name);
        }
    }
    assert!(missing.is_empty(), "not compiled: {missing:?}: add each to tests/integration.rs or as a [[test]]");
}
