//! Structural correctness of the document.

mod operation_id_missing;
mod operation_id_unique;

pub use operation_id_missing::OperationIdMissing;
pub use operation_id_unique::OperationIdUnique;
