//! Defensive input validation: bounds on what the server reads.

mod array_without_max_items;
mod binary_upload_unbounded;
mod integer_without_format;
mod map_without_max_properties;
mod number_without_bounds;
mod numeric_id_in_path;
mod pagination_limit_unbounded;
mod pattern_not_anchored;
mod pattern_too_loose;
mod request_body_without_schema;
mod request_object_open;
mod string_without_max_length;
mod string_without_pattern_or_format;

pub use array_without_max_items::ArrayWithoutMaxItems;
pub use binary_upload_unbounded::BinaryUploadUnbounded;
pub use integer_without_format::IntegerWithoutFormat;
pub use map_without_max_properties::MapWithoutMaxProperties;
pub use number_without_bounds::NumberWithoutBounds;
pub use numeric_id_in_path::NumericIdInPath;
pub use pagination_limit_unbounded::PaginationLimitUnbounded;
pub use pattern_not_anchored::PatternNotAnchored;
pub use pattern_too_loose::PatternTooLoose;
pub use request_body_without_schema::RequestBodyWithoutSchema;
pub use request_object_open::RequestObjectOpen;
pub use string_without_max_length::StringWithoutMaxLength;
pub use string_without_pattern_or_format::StringWithoutPatternOrFormat;
