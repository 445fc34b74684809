//! Ingestion.
pub mod date;
pub mod number;
pub mod tokenizer;
