//! The intermediate model of generated types: what each schema becomes, independent of
//! token syntax. Built by [`crate::schemas`], emitted by [`crate::emit_types`] and
//! [`crate::emit_validate`], reused by the server (and client) generators.

/// Index of a named type in [`TypeSpace::defs`](crate::schemas::TypeSpace).
pub type TypeId = usize;

/// A Rust type that needs no definition of its own.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Prim {
    /// `String`.
    String,
    /// `bool`.
    Bool,
    /// `i32` (`format: int32`).
    I32,
    /// `i64`.
    I64,
    /// `f32` (`format: float`).
    F32,
    /// `f64`.
    F64,
    /// `uuid::Uuid`.
    Uuid,
    /// `chrono::NaiveDate` (`format: date`).
    Date,
    /// `chrono::DateTime<Utc>` (`format: date-time`).
    DateTime,
    /// `pactum::Base64` (`format: byte`).
    Base64,
    /// `serde_json::Value` (any JSON).
    Json,
    /// `pactum::File`: a `format: binary` property of a typed multipart body.
    File,
}

/// Constraints checked by generated validation (absent = unconstrained).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Checks {
    /// `minLength`.
    pub min_length: Option<usize>,
    /// `maxLength`.
    pub max_length: Option<usize>,
    /// `pattern` (validated at generation time).
    pub pattern: Option<String>,
    /// `format` for strings kept as `String` (email, uri, …).
    pub format: Option<String>,
    /// `minimum` and whether it is exclusive.
    pub minimum: Option<(f64, bool)>,
    /// `maximum` and whether it is exclusive.
    pub maximum: Option<(f64, bool)>,
    /// `multipleOf`.
    pub multiple_of: Option<f64>,
    /// `minItems`.
    pub min_items: Option<usize>,
    /// `maxItems`.
    pub max_items: Option<usize>,
    /// `uniqueItems`.
    pub unique_items: bool,
    /// `minProperties`.
    pub min_properties: Option<usize>,
    /// `maxProperties`.
    pub max_properties: Option<usize>,
    /// `enum`/`const` values (JSON texts) for values that are not generated enums.
    pub values: Vec<String>,
}

/// A use of a type: what it is, its own constraints, and whether `null` is allowed.
#[derive(Debug, Clone, PartialEq)]
pub struct Shape {
    /// The type.
    pub ty: Ty,
    /// Its constraints.
    pub checks: Checks,
    /// `nullable` (3.0) or `null` in the type list (3.1).
    pub nullable: bool,
}

impl Shape {
    /// An unconstrained, non-nullable shape.
    pub fn of(ty: Ty) -> Self {
        Shape {
            ty,
            checks: Checks::default(),
            nullable: false,
        }
    }
}

/// The type part of a [`Shape`].
#[derive(Debug, Clone, PartialEq)]
pub enum Ty {
    /// A built-in type.
    Prim(Prim),
    /// A generated type.
    Named(TypeId),
    /// `Vec<item>`.
    Vec(Box<Shape>),
    /// `BTreeMap<String, value>`.
    Map(Box<Shape>),
}

/// A generated type.
#[derive(Debug, Clone)]
pub struct TypeDef {
    /// The Rust name (unique).
    pub name: String,
    /// Doc comment (description, title, fallback reasons).
    pub doc: Vec<String>,
    /// JSON pointer of the schema it comes from.
    pub pointer: String,
    /// What it is.
    pub kind: Kind,
    /// Reachable from a response (clients receive it): string enums get an `Unknown` variant.
    pub received: bool,
}

/// The kinds of generated types.
#[allow(clippy::large_enum_variant)]
#[derive(Debug, Clone)]
pub enum Kind {
    /// An object.
    Struct(Struct),
    /// A string `enum`.
    StringEnum(Vec<String>),
    /// `oneOf` with a `discriminator`.
    Tagged {
        /// The discriminating property.
        tag: String,
        /// (tag value, variant name, variant shape).
        variants: Vec<(String, String, Shape)>,
    },
    /// `oneOf`/`anyOf` without a discriminator.
    Untagged {
        /// (variant name, variant shape).
        variants: Vec<(String, Shape)>,
        /// `oneOf` (exactly one variant must match); `false` for `anyOf` (at least one).
        one_of: bool,
    },
    /// A named alias for another shape (`#[serde(transparent)]` newtype).
    Newtype(Shape),
}

/// An object type.
#[derive(Debug, Clone, Default)]
pub struct Struct {
    /// The declared properties.
    pub fields: Vec<Field>,
    /// `additionalProperties` with a schema (flattened map of the rest).
    pub additional: Option<Shape>,
    /// `additionalProperties: false`.
    pub deny_unknown: bool,
    /// `minProperties`/`maxProperties`.
    pub checks: Checks,
}

/// A property of an object type.
#[derive(Debug, Clone)]
pub struct Field {
    /// The JSON name.
    pub name: String,
    /// The Rust field name.
    pub ident: String,
    /// Its shape.
    pub shape: Shape,
    /// In `required`.
    pub required: bool,
    /// Boxed to break a recursive cycle.
    pub boxed: bool,
    /// Doc comment lines.
    pub doc: Vec<String>,
}
