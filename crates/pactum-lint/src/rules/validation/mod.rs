//! Defensive input validation: bounds on what the server reads.

mod string_without_max_length;

pub use string_without_max_length::StringWithoutMaxLength;
