//! Habits of the core that a reviewer would otherwise have to remember (issue 17, item 2): its messages
//! name no command-line flag (the command line and the page add their own words), and only the binding
//! knows about JavaScript; no source file is over 800 lines.

use std::fs;
use std::path::{Path, PathBuf};

/// Every `.rs` file under `dir`.
fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for e in fs::read_dir(dir).unwrap() {
        let p = e.unwrap().path();
        if p.is_dir() {
            rust_files(&p, out);
        } else if p.extension().is_some_and(|x| x == "rs") {
            out.push(p);
        }
    }
}

/// The core's sources: `src/` without the command line (`src/bin`).
fn core_sources() -> Vec<(PathBuf, String)> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files = Vec::new();
    rust_files(&root, &mut files);
    files.retain(|p| !p.starts_with(root.join("bin")));
    assert!(files.len() > 40, "found the sources: {}", files.len());
    files.into_iter().map(|p| (p.clone(), fs::read_to_string(&p).unwrap())).collect()
}

/// Lines of code (not comments) with a string literal holding a long flag: `"--x` or `(--x` inside quotes.
fn flags_in_strings(text: &str) -> Vec<(usize, String)> {
    let mut found = Vec::new();
    for (i, line) in text.lines().enumerate() {
        let code = line.trim_start();
        if code.starts_with("//") {
            continue;
        }
        let mut in_string = false;
        let b = code.as_bytes();
        for j in 0..b.len() {
            match b[j] {
                b'"' if j == 0 || b[j - 1] != b'\\' => in_string = !in_string,
                b'-' if in_string && b.get(j + 1) == Some(&b'-') && b.get(j + 2).is_some_and(u8::is_ascii_lowercase) => {
                    let before = if j == 0 { b' ' } else { b[j - 1] };
                    if matches!(before, b'"' | b'(' | b' ') {
                        found.push((i + 1, line.to_string()));
                        break;
                    }
                }
                _ => {}
            }
        }
    }
    found
}

#[test]
fn the_finder_finds_a_flag() {
    // The check itself can fail: a message naming a flag, and one that only mentions dashes in data.
    assert_eq!(flags_in_strings("    message: \"try a lower support (--min-support)\".into(),").len(), 1);
    assert_eq!(flags_in_strings("    option: \"--delimiter\".into(),").len(), 1);
    assert!(flags_in_strings("    // see --min-support").is_empty());
    assert!(flags_in_strings("    \"a -- b\", \"1--2\", \"<!--\"").is_empty());
}

#[test]
fn core_messages_name_no_command_line_flag() {
    let mut bad = Vec::new();
    for (path, text) in core_sources() {
        // Test modules may hold any text as data.
        let text = text.split("#[cfg(test)]").next().unwrap_or("");
        for (line, s) in flags_in_strings(text) {
            bad.push(format!("{}:{line}: {}", path.display(), s.trim()));
        }
    }
    assert!(bad.is_empty(), "the core names command-line flags (say the option's name; the CLI adds its flag):\n{}", bad.join("\n"));
}

#[test]
fn only_the_binding_knows_javascript() {
    let mut bad = Vec::new();
    for (path, text) in core_sources() {
        if path.ends_with("wasm.rs") {
            continue;
        }
        for (i, line) in text.lines().enumerate() {
            if !line.trim_start().starts_with("//") && (line.contains("JsValue") || line.contains("wasm_bindgen")) {
                bad.push(format!("{}:{}: {}", path.display(), i + 1, line.trim()));
            }
        }
    }
    assert!(bad.is_empty(), "JavaScript types outside src/wasm.rs:\n{}", bad.join("\n"));
}

/// No source file over 800 lines (issue 17, item 1): a file holds one concern, and a long one is split by
/// phase or by path (see `src/ingest/build/`, `src/sequence/prefixspan/`); long test modules sit beside
/// their code (`tests.rs`). The command line included.
#[test]
fn no_source_file_is_over_800_lines() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files = Vec::new();
    rust_files(&root, &mut files);
    let long: Vec<(String, usize)> = files
        .iter()
        .map(|p| (p.strip_prefix(&root).unwrap().display().to_string(), fs::read_to_string(p).unwrap().lines().count()))
        .filter(|(_, n)| *n > 800)
        .collect();
    assert!(long.is_empty(), "files over 800 lines: {long:?}");
}
