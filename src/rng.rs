//! The seeded random numbers every analysis draws from (k-means seeds and samples, the basket
//! oracle's shops, the lifetime-value simulation). The generator itself lives with the sample-data
//! generator for now and is re-exported here, so an analysis never reaches into [`crate::synth`] for it.

pub use crate::synth::Rng;
