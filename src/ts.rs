//! TypeScript declarations of the core's option and report types, for the page (`www/types/core.d.ts`).
//!
//! The page's worker hands the reports over as plain objects made by serde from these very structs, so the
//! declarations are generated from them (ts-rs reads the same serde attributes) instead of being written by
//! hand. ts-rs is a dev-dependency and its derive is `#[cfg_attr(test, derive(ts_rs::TS))]`: the wasm and
//! the CLI never carry it. The test below fails when the checked-in file is stale; to write it again:
//!
//! ```text
//! CLIENTELA_WRITE_TYPES=1 cargo test --lib ts::
//! ```

use std::any::TypeId;
use std::collections::{BTreeMap, HashMap, HashSet};

use ts_rs::{Config, TS, TypeVisitor};

/// Where the declarations live, from the crate root.
const OUT: &str = "www/types/core.d.ts";

/// Every type reachable from the roots, by TypeScript name (one declaration per name).
struct Collect {
    cfg: Config,
    seen: HashSet<TypeId>,
    decls: BTreeMap<String, String>,
    /// Rust type names by TypeScript name: two Rust types under one name would make one of them wrong.
    owners: HashMap<String, &'static str>,
    clashes: Vec<String>,
}

impl TypeVisitor for Collect {
    fn visit<T: TS + 'static + ?Sized>(&mut self) {
        if T::output_path().is_none() || !self.seen.insert(TypeId::of::<T>()) {
            return;
        }
        let name = T::ident(&self.cfg);
        let rust = std::any::type_name::<T>();
        let docs = T::docs().unwrap_or_default();
        let decl = format!("{docs}export {}", T::decl(&self.cfg));
        if let Some(other) = self.owners.insert(name.clone(), rust) {
            // The same declaration twice is harmless (serde_json's Value and ts-rs's stand-in for it).
            if self.decls.get(&name) != Some(&decl) {
                self.clashes.push(format!("{name}: {other} and {rust}"));
            }
        }
        self.decls.insert(name, decl);
        T::visit_dependencies(self);
    }
}

/// The declarations of the roots (the options the page sends, the reports and answers it receives) and
/// of every type they use, sorted by name.
fn declarations() -> String {
    // serde_wasm_bindgen's json_compatible serializer (src/wasm.rs) sends 64-bit integers as numbers.
    let mut c = Collect {
        cfg: Config::new().with_large_int("number"),
        seen: HashSet::new(),
        decls: BTreeMap::new(),
        owners: HashMap::new(),
        clashes: Vec::new(),
    };
    // Options in.
    c.visit::<crate::ingest::IngestOptions>();
    c.visit::<crate::segment::SegmentOptions>();
    c.visit::<crate::segment::listing::CustomerQuery>();
    c.visit::<crate::lists::ListOptions>();
    c.visit::<crate::basket::RulesOptions>();
    c.visit::<crate::clv::ClvOptions>();
    c.visit::<crate::sequence::SequenceOptions>();
    c.visit::<crate::audience::ProfileOptions>();
    c.visit::<crate::audience::customers::CustomersOptions>();
    c.visit::<crate::audience::prospects::ProspectsOptions>();
    c.visit::<crate::lists::prospects::ProspectListOptions>();
    c.visit::<crate::predict::PredictOptions>();
    c.visit::<crate::forecast::ForecastOptions>();
    c.visit::<crate::compare::CompareOptions>();
    // Reports and answers out.
    c.visit::<crate::ingest::Progress>();
    c.visit::<crate::ingest::Detection>();
    c.visit::<crate::ingest::report::DataReport>();
    c.visit::<crate::segment::SegmentReport>();
    c.visit::<crate::segment::listing::CustomerPage>();
    c.visit::<crate::lists::ListOut>();
    c.visit::<crate::basket::RulesReport>();
    c.visit::<crate::clv::ClvReport>();
    c.visit::<crate::clv::by_segment::SegmentValue>();
    c.visit::<crate::sequence::SequenceReport>();
    c.visit::<crate::sequence::SequenceItem>();
    c.visit::<crate::audience::ProfileReport>();
    c.visit::<crate::audience::customers::CustomersSummary>();
    c.visit::<crate::audience::prospects::ProspectsReport>();
    c.visit::<crate::predict::PredictReport>();
    c.visit::<crate::forecast::ForecastReport>();
    c.visit::<crate::compare::CompareReport>();
    c.visit::<crate::defaults::FormDefaults>();
    c.visit::<crate::error::ErrorJson>();
    assert!(c.clashes.is_empty(), "two Rust types under one TypeScript name (rename one with #[ts(rename = \"…\")]): {:?}", c.clashes);
    let mut out = String::from(
        "// Generated from the core's Rust types by src/ts.rs (ts-rs); do not edit.\n\
         // Write it again with: CLIENTELA_WRITE_TYPES=1 cargo test --lib ts::\n\n",
    );
    for decl in c.decls.values() {
        out.push_str(decl);
        out.push_str("\n\n");
    }
    out.truncate(out.trim_end().len());
    out.push('\n');
    out
}

#[test]
fn page_declarations_are_current() {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join(OUT);
    let fresh = declarations();
    if std::env::var_os("CLIENTELA_WRITE_TYPES").is_some() {
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(&path, &fresh).unwrap();
        return;
    }
    let kept = std::fs::read_to_string(&path).unwrap_or_default();
    assert!(kept == fresh, "{OUT} is stale: run this test with CLIENTELA_WRITE_TYPES=1 (see the module doc) and commit the file");
}
