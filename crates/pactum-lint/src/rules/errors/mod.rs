//! Error responses: declared, typed and in a standard format.

mod error_response_not_problem_json;
mod operation_without_400;
mod secured_operation_without_401;

pub use error_response_not_problem_json::ErrorResponseNotProblemJson;
pub use operation_without_400::OperationWithout400;
pub use secured_operation_without_401::SecuredOperationWithout401;
