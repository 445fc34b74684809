//! Clientela: customer analytics for sales exports.
pub mod ingest;
