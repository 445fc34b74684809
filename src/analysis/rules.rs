//! Rule-based segments (in progress).
