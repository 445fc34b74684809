//! The fuzz targets' corpus replayed on stable (issue 18, item 5): every file under `tests/data` (the seed
//! corpus of the coverage-guided targets in `fuzz/`) through the reader and the whole pipeline, and every
//! input under `tests/data/fuzz/<target>/` (seeds and findings; a finding is pinned by adding its file
//! there, named after what it pins) through its target. The bodies are `clientela::fuzzing`, the same
//! code the fuzzer runs. Passing means: no panic, every row accounted for, each analysis an answer or a
//! typed refusal within its budgets.

use std::path::{Path, PathBuf};

use clientela::fuzzing;

fn files(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for e in std::fs::read_dir(&d).unwrap_or_else(|e| panic!("{}: {e}", d.display())) {
            let p = e.unwrap().path();
            if p.is_dir() { stack.push(p) } else { out.push(p) }
        }
    }
    out.sort();
    out
}

fn data() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests").join("data")
}

#[test]
fn every_test_file_goes_through_the_reader_and_the_pipeline() {
    let fuzz = data().join("fuzz");
    let all: Vec<PathBuf> = files(&data()).into_iter().filter(|p| !p.starts_with(&fuzz)).collect();
    assert!(all.len() > 40, "the seed corpus: {} files", all.len());
    for p in all {
        let bytes = std::fs::read(&p).unwrap();
        eprintln!("{}", p.display());
        fuzzing::pipeline(&bytes);
    }
}

#[test]
fn every_pinned_input_goes_through_its_target() {
    let targets: [(&str, fn(&[u8])); 3] = [
        ("read", |b| {
            fuzzing::read(b);
        }),
        ("rule_language", fuzzing::rule_language),
        ("pipeline", fuzzing::pipeline),
    ];
    for (name, run) in targets {
        let inputs = files(&data().join("fuzz").join(name));
        assert!(!inputs.is_empty(), "tests/data/fuzz/{name} holds inputs");
        for p in inputs {
            eprintln!("{name}: {}", p.display());
            run(&std::fs::read(&p).unwrap());
        }
    }
}
