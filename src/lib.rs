//! Clientela: customer analytics for sales exports, computed where the data is.
//!
//! The core reads a sales file once into a compact columnar [`Dataset`] with a [`DataReport`] that accounts
//! for every input row; analyses take the dataset and return plain serialisable reports. The same core is
//! compiled to WebAssembly for the page (see `wasm.rs`, the only module that knows about JavaScript) and
//! to a native command-line tool.
#![deny(missing_docs)]

pub mod audience;
pub mod basket;
pub mod clv;
pub mod compare;
pub mod dataset;
pub mod defaults;
pub mod error;
pub mod forecast;
#[doc(hidden)]
pub mod fuzzing;
pub mod ingest;
pub mod lists;
pub mod notice;
pub mod numbers;
pub mod parallel;
pub mod predict;
pub mod rng;
pub mod segment;
pub mod sequence;
pub mod synth;
pub mod time;
#[cfg(test)]
mod ts;
pub mod warehouse;
pub mod warmup;

#[cfg(target_arch = "wasm32")]
mod wasm;

pub use dataset::{Dataset, Layout, LineKind};
pub use error::{Error, Result};
pub use ingest::report::DataReport;
pub use ingest::{IngestOptions, Ingestor};
