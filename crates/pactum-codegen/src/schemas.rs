//! Schemas → [`TypeSpace`]: every component schema and every inline schema that needs a
//! definition becomes a [`TypeDef`]; every use of a schema becomes a [`Shape`].
//!
//! Components are reserved first (in contract order) so they keep their names; inline types
//! are named from where they are (`Pet` + `owner` → `PetOwner`) as the contract is walked.

use std::collections::{HashMap, HashSet};

use indexmap::IndexMap;
use openapiv3::{
    AdditionalProperties, AnySchema, OpenAPI, ReferenceOr, Schema, SchemaKind, StringFormat, Type,
    VariantOrUnknownOrEmpty,
};

use crate::error::Error;
use crate::model::{Checks, Field, Kind, Prim, Shape, Struct, Ty, TypeDef, TypeId};
use crate::naming::{pascal, snake, Namer};
use crate::pointer::push;

const MAX_DEPTH: usize = 48;

/// All generated types of one contract.
#[derive(Debug)]
pub struct TypeSpace {
    /// The definitions, in the order they are emitted.
    pub defs: Vec<TypeDef>,
    /// Component schema name → its type.
    pub components: HashMap<String, TypeId>,
    nullable_components: HashSet<TypeId>,
    names: Namer,
    /// Problems found (unresolvable references, invalid patterns, …).
    pub errors: Vec<Error>,
    depth: usize,
}

/// Where a schema is and what to call a type made for it.
#[derive(Debug, Clone)]
pub struct Site {
    /// JSON pointer of the schema.
    pub pointer: String,
    /// Name for a type defined here (made unique on use).
    pub hint: String,
}

impl Site {
    /// A site.
    pub fn new(pointer: impl Into<String>, hint: impl Into<String>) -> Self {
        Site {
            pointer: pointer.into(),
            hint: hint.into(),
        }
    }

    fn child(&self, segment: &str, hint_suffix: &str) -> Site {
        Site {
            pointer: push(&self.pointer, segment),
            hint: format!("{}{}", self.hint, pascal(hint_suffix)),
        }
    }
}

impl TypeSpace {
    /// Builds the types of every component schema. Types for operations are added by the
    /// server and client builders through [`TypeSpace::shape`].
    pub fn new(openapi: &OpenAPI, reserved: &[&str]) -> Self {
        let mut space = TypeSpace {
            defs: Vec::new(),
            components: HashMap::new(),
            nullable_components: HashSet::new(),
            names: Namer::with_reserved(reserved),
            errors: Vec::new(),
            depth: 0,
        };
        let Some(components) = &openapi.components else {
            return space;
        };
        let schemas = &components.schemas;
        for name in schemas.keys() {
            let rust = space.names.unique(&pascal(name));
            let id = space.placeholder(rust, format!("/components/schemas/{}", escape(name)));
            space.components.insert(name.clone(), id);
        }
        for (name, schema) in schemas {
            let id = space.components[name];
            let site = Site::new(space.defs[id].pointer.clone(), space.defs[id].name.clone());
            match schema {
                ReferenceOr::Item(s) => {
                    if s.schema_data.nullable {
                        space.nullable_components.insert(id);
                    }
                    space.define_into(id, openapi, s, &site);
                }
                ReferenceOr::Reference { reference } => {
                    let shape = space.reference(reference, &site.pointer);
                    space.defs[id].kind = Kind::Newtype(shape);
                }
            }
        }
        space
    }

    fn placeholder(&mut self, name: String, pointer: String) -> TypeId {
        self.defs.push(TypeDef {
            name,
            doc: Vec::new(),
            pointer,
            kind: Kind::Newtype(Shape::of(Ty::Prim(Prim::Json))),
            received: false,
        });
        self.defs.len() - 1
    }

    fn new_def(&mut self, site: &Site) -> TypeId {
        let name = self.names.unique(&site.hint);
        self.placeholder(name, site.pointer.clone())
    }

    /// Defines component `id` from its schema: the schema's own kind when it needs a
    /// definition (object, enum, oneOf), else a newtype around its shape.
    fn define_into(&mut self, id: TypeId, api: &OpenAPI, s: &Schema, site: &Site) {
        self.defs[id].doc = doc_of(s);
        let shape = self.schema_shape(api, s, site, Some(id));
        if shape.ty != Ty::Named(id) {
            self.defs[id].kind = Kind::Newtype(Shape {
                nullable: false,
                ..shape
            });
        }
    }

    /// The shape of a schema (or reference) at `site`, defining inline types as needed.
    pub fn shape(&mut self, api: &OpenAPI, schema: &ReferenceOr<Schema>, site: &Site) -> Shape {
        match schema {
            ReferenceOr::Reference { reference } => self.reference(reference, &site.pointer),
            ReferenceOr::Item(s) => self.schema_shape(api, s, site, None),
        }
    }

    fn boxed_shape(
        &mut self,
        api: &OpenAPI,
        schema: &ReferenceOr<Box<Schema>>,
        site: &Site,
    ) -> Shape {
        match schema {
            ReferenceOr::Reference { reference } => self.reference(reference, &site.pointer),
            ReferenceOr::Item(s) => self.schema_shape(api, s, site, None),
        }
    }

    /// The type of a `$ref` (only `#/components/schemas/…` exists after loading).
    pub fn reference(&mut self, reference: &str, pointer: &str) -> Shape {
        let name = reference
            .strip_prefix("#/components/schemas/")
            .map(unescape);
        match name.and_then(|n| self.components.get(&n).copied()) {
            Some(id) => Shape {
                ty: Ty::Named(id),
                checks: Checks::default(),
                nullable: self.nullable_components.contains(&id),
            },
            None => {
                self.errors.push(Error {
                    pointer: pointer.to_owned(),
                    message: format!("cannot resolve `$ref: {reference}`"),
                    location: None,
                });
                Shape::of(Ty::Prim(Prim::Json))
            }
        }
    }

    fn schema_shape(
        &mut self,
        api: &OpenAPI,
        s: &Schema,
        site: &Site,
        slot: Option<TypeId>,
    ) -> Shape {
        if self.depth > MAX_DEPTH {
            return self.fallback(site, slot, "the schema nests deeper than pactum generates");
        }
        self.depth += 1;
        let mut shape = self.kind_shape(api, s, site, slot);
        self.depth -= 1;
        shape.nullable |= s.schema_data.nullable;
        if let Ty::Named(id) = shape.ty {
            if self.defs[id].doc.is_empty() {
                self.defs[id].doc = doc_of(s);
            }
        }
        shape
    }

    fn kind_shape(
        &mut self,
        api: &OpenAPI,
        s: &Schema,
        site: &Site,
        slot: Option<TypeId>,
    ) -> Shape {
        match &s.schema_kind {
            SchemaKind::Type(Type::String(t)) => {
                let values: Vec<String> = t.enumeration.iter().flatten().cloned().collect();
                if !values.is_empty() {
                    let null = t.enumeration.iter().any(Option::is_none);
                    let id = slot.unwrap_or_else(|| self.new_def(site));
                    self.defs[id].kind = Kind::StringEnum(values);
                    return Shape {
                        nullable: null,
                        ..Shape::of(Ty::Named(id))
                    };
                }
                let format = match &t.format {
                    VariantOrUnknownOrEmpty::Item(StringFormat::Date) => Some("date"),
                    VariantOrUnknownOrEmpty::Item(StringFormat::DateTime) => Some("date-time"),
                    VariantOrUnknownOrEmpty::Item(StringFormat::Byte) => Some("byte"),
                    VariantOrUnknownOrEmpty::Item(_) => None,
                    VariantOrUnknownOrEmpty::Unknown(f) => Some(f.as_str()),
                    VariantOrUnknownOrEmpty::Empty => None,
                };
                self.string(
                    format,
                    t.pattern.as_deref(),
                    t.min_length,
                    t.max_length,
                    site,
                )
            }
            SchemaKind::Type(Type::Integer(t)) => {
                let prim = match &t.format {
                    VariantOrUnknownOrEmpty::Item(openapiv3::IntegerFormat::Int32) => Prim::I32,
                    _ => Prim::I64,
                };
                let checks = Checks {
                    minimum: t.minimum.map(|m| (m as f64, t.exclusive_minimum)),
                    maximum: t.maximum.map(|m| (m as f64, t.exclusive_maximum)),
                    multiple_of: t.multiple_of.map(|m| m as f64),
                    values: t
                        .enumeration
                        .iter()
                        .flatten()
                        .map(|v| v.to_string())
                        .collect(),
                    ..Checks::default()
                };
                Shape {
                    ty: Ty::Prim(prim),
                    checks,
                    nullable: false,
                }
            }
            SchemaKind::Type(Type::Number(t)) => {
                let prim = match &t.format {
                    VariantOrUnknownOrEmpty::Item(openapiv3::NumberFormat::Float) => Prim::F32,
                    _ => Prim::F64,
                };
                let checks = Checks {
                    minimum: t.minimum.map(|m| (m, t.exclusive_minimum)),
                    maximum: t.maximum.map(|m| (m, t.exclusive_maximum)),
                    multiple_of: t.multiple_of,
                    values: t
                        .enumeration
                        .iter()
                        .flatten()
                        .map(|v| json_number(*v))
                        .collect(),
                    ..Checks::default()
                };
                Shape {
                    ty: Ty::Prim(prim),
                    checks,
                    nullable: false,
                }
            }
            SchemaKind::Type(Type::Boolean(t)) => Shape {
                ty: Ty::Prim(Prim::Bool),
                checks: Checks {
                    values: t
                        .enumeration
                        .iter()
                        .flatten()
                        .map(|b| b.to_string())
                        .collect(),
                    ..Checks::default()
                },
                nullable: false,
            },
            SchemaKind::Type(Type::Array(t)) => self.array(
                api,
                t.items.as_ref(),
                t.min_items,
                t.max_items,
                t.unique_items,
                site,
            ),
            SchemaKind::Type(Type::Object(o)) => self.object(
                api,
                ObjectParts {
                    properties: &o.properties,
                    required: &o.required,
                    additional: o.additional_properties.as_ref(),
                    min: o.min_properties,
                    max: o.max_properties,
                },
                site,
                slot,
            ),
            SchemaKind::AllOf { all_of } => self.all_of(api, all_of, site, slot),
            SchemaKind::OneOf { one_of } => self.choice(
                api,
                one_of,
                true,
                s.schema_data.discriminator.as_ref(),
                site,
                slot,
            ),
            SchemaKind::AnyOf { any_of } => self.choice(
                api,
                any_of,
                false,
                s.schema_data.discriminator.as_ref(),
                site,
                slot,
            ),
            SchemaKind::Not { .. } => {
                self.fallback(site, slot, "`not` cannot be expressed as a Rust type")
            }
            SchemaKind::Any(a) => self.any(api, a, s, site, slot),
        }
    }

    fn string(
        &mut self,
        format: Option<&str>,
        pattern: Option<&str>,
        min: Option<usize>,
        max: Option<usize>,
        site: &Site,
    ) -> Shape {
        let (prim, checked_format) = match format {
            Some("date") => (Prim::Date, None),
            Some("date-time") => (Prim::DateTime, None),
            Some("byte") => (Prim::Base64, None),
            Some("uuid") => (Prim::Uuid, None),
            Some(f @ ("email" | "uri" | "ipv4" | "ipv6" | "hostname")) => {
                (Prim::String, Some(f.to_owned()))
            }
            _ => (Prim::String, None),
        };
        if let Some(p) = pattern {
            if let Err(e) = regress::Regex::new(p) {
                self.errors.push(Error {
                    pointer: push(&site.pointer, "pattern"),
                    message: format!("`pattern` is not a valid ECMAScript regular expression: {e}"),
                    location: None,
                });
            }
        }
        let textual = prim == Prim::String;
        Shape {
            ty: Ty::Prim(prim),
            checks: Checks {
                min_length: min.filter(|_| textual),
                max_length: max.filter(|_| textual),
                pattern: pattern
                    .filter(|p| textual && regress::Regex::new(p).is_ok())
                    .map(str::to_owned),
                format: checked_format,
                ..Checks::default()
            },
            nullable: false,
        }
    }

    fn array(
        &mut self,
        api: &OpenAPI,
        items: Option<&ReferenceOr<Box<Schema>>>,
        min: Option<usize>,
        max: Option<usize>,
        unique: bool,
        site: &Site,
    ) -> Shape {
        let item_site = site.child("items", "Item");
        let item = match items {
            Some(i) => self.boxed_shape(api, i, &item_site),
            None => Shape::of(Ty::Prim(Prim::Json)),
        };
        Shape {
            ty: Ty::Vec(Box::new(item)),
            checks: Checks {
                min_items: min,
                max_items: max,
                unique_items: unique,
                ..Checks::default()
            },
            nullable: false,
        }
    }

    fn object(
        &mut self,
        api: &OpenAPI,
        parts: ObjectParts<'_>,
        site: &Site,
        slot: Option<TypeId>,
    ) -> Shape {
        let additional = match parts.additional {
            Some(AdditionalProperties::Schema(s)) => {
                let value_site = site.child("additionalProperties", "Value");
                Some(self.shape(api, s, &value_site))
            }
            Some(AdditionalProperties::Any(true)) => Some(Shape::of(Ty::Prim(Prim::Json))),
            _ => None,
        };
        let deny = matches!(parts.additional, Some(AdditionalProperties::Any(false)));
        let checks = Checks {
            min_properties: parts.min,
            max_properties: parts.max,
            ..Checks::default()
        };
        if parts.properties.is_empty() && slot.is_none() {
            let value = additional.unwrap_or_else(|| Shape::of(Ty::Prim(Prim::Json)));
            return Shape {
                ty: Ty::Map(Box::new(value)),
                checks,
                nullable: false,
            };
        }
        let id = slot.unwrap_or_else(|| self.new_def(site));
        let mut fields = Vec::new();
        let mut idents = Namer::with_reserved(&["additional_properties"]);
        let props_site = Site::new(push(&site.pointer, "properties"), site.hint.clone());
        for (name, schema) in parts.properties {
            let prop_site = props_site.child(&crate::pointer::segment(name), name);
            let shape = self.boxed_shape(api, schema, &prop_site);
            let doc = match schema {
                ReferenceOr::Item(s) => doc_of(s),
                ReferenceOr::Reference { .. } => Vec::new(),
            };
            fields.push(Field {
                name: name.clone(),
                ident: idents.unique(&snake(name)),
                shape,
                required: parts.required.contains(name),
                boxed: false,
                doc,
            });
        }
        let additional = if parts.properties.is_empty() {
            Some(additional.unwrap_or_else(|| Shape::of(Ty::Prim(Prim::Json))))
        } else {
            additional
        };
        self.defs[id].kind = Kind::Struct(Struct {
            fields,
            additional: additional.filter(|_| !deny),
            deny_unknown: deny,
            checks,
        });
        Shape::of(Ty::Named(id))
    }

    fn all_of(
        &mut self,
        api: &OpenAPI,
        parts: &[ReferenceOr<Schema>],
        site: &Site,
        slot: Option<TypeId>,
    ) -> Shape {
        if parts.len() == 1 {
            let shape = self.shape(api, &parts[0], &site.child("allOf/0", ""));
            return shape;
        }
        let mut properties: IndexMap<String, ReferenceOr<Box<Schema>>> = IndexMap::new();
        let mut required = Vec::new();
        let mut min = None;
        let mut max = None;
        let mut doc = Vec::new();
        for (i, part) in parts.iter().enumerate() {
            if !collect_object(
                api,
                part,
                &mut properties,
                &mut required,
                &mut min,
                &mut max,
                &mut doc,
                0,
            ) {
                return self.fallback(
                    site,
                    slot,
                    &format!("`allOf` member {i} is not an object schema, so the members cannot be merged"),
                );
            }
        }
        let shape = self.object(
            api,
            ObjectParts {
                properties: &properties,
                required: &required,
                additional: None,
                min,
                max,
            },
            site,
            slot,
        );
        if let Ty::Named(id) = shape.ty {
            self.defs[id].doc.extend(doc);
        }
        shape
    }

    fn choice(
        &mut self,
        api: &OpenAPI,
        variants: &[ReferenceOr<Schema>],
        one_of: bool,
        discriminator: Option<&openapiv3::Discriminator>,
        site: &Site,
        slot: Option<TypeId>,
    ) -> Shape {
        let mut nullable = false;
        let mut kept: Vec<(usize, &ReferenceOr<Schema>)> = Vec::new();
        for (i, v) in variants.iter().enumerate() {
            if is_null_schema(v) {
                nullable = true;
            } else {
                kept.push((i, v));
            }
        }
        if kept.is_empty() {
            return Shape {
                nullable: true,
                ..Shape::of(Ty::Prim(Prim::Json))
            };
        }
        if kept.len() == 1 && slot.is_none() {
            let (i, v) = kept[0];
            let mut shape = self.shape(api, v, &site.child(&format!("oneOf/{i}"), ""));
            shape.nullable |= nullable;
            return shape;
        }
        let id = slot.unwrap_or_else(|| self.new_def(site));
        let mut names = Namer::with_reserved(&["Unknown"]);
        let mut shapes = Vec::new();
        for (i, v) in &kept {
            let vsite = site.child(&format!("oneOf/{i}"), &format!("Variant{i}"));
            let shape = self.shape(api, v, &vsite);
            let name = names.unique(&self.variant_name(&shape));
            let reference = match v {
                ReferenceOr::Reference { reference } => Some(reference.clone()),
                ReferenceOr::Item(_) => None,
            };
            shapes.push((name, shape, reference));
        }
        let tagged = discriminator.and_then(|d| {
            shapes
                .iter()
                .map(|(name, shape, reference)| {
                    let r = reference.as_ref()?;
                    let tag = d
                        .mapping
                        .iter()
                        .find(|(_, target)| *target == r || r.ends_with(&format!("/{target}")))
                        .map(|(k, _)| k.clone())
                        .or_else(|| r.rsplit('/').next().map(unescape))?;
                    Some((tag, name.clone(), shape.clone()))
                })
                .collect::<Option<Vec<_>>>()
                .map(|variants| (d.property_name.clone(), variants))
        });
        self.defs[id].kind = match tagged {
            Some((tag, variants)) => Kind::Tagged { tag, variants },
            None => Kind::Untagged {
                variants: shapes.into_iter().map(|(n, s, _)| (n, s)).collect(),
                one_of,
            },
        };
        Shape {
            nullable,
            ..Shape::of(Ty::Named(id))
        }
    }

    fn any(
        &mut self,
        api: &OpenAPI,
        a: &AnySchema,
        s: &Schema,
        site: &Site,
        slot: Option<TypeId>,
    ) -> Shape {
        if !a.one_of.is_empty() {
            return self.choice(
                api,
                &a.one_of,
                true,
                s.schema_data.discriminator.as_ref(),
                site,
                slot,
            );
        }
        if !a.any_of.is_empty() {
            return self.choice(
                api,
                &a.any_of,
                false,
                s.schema_data.discriminator.as_ref(),
                site,
                slot,
            );
        }
        if !a.all_of.is_empty() && a.properties.is_empty() {
            return self.all_of(api, &a.all_of, site, slot);
        }
        let typ = a.typ.as_deref();
        if !a.properties.is_empty() || typ == Some("object") || a.additional_properties.is_some() {
            return self.object(
                api,
                ObjectParts {
                    properties: &a.properties,
                    required: &a.required,
                    additional: a.additional_properties.as_ref(),
                    min: a.min_properties,
                    max: a.max_properties,
                },
                site,
                slot,
            );
        }
        if a.items.is_some() || typ == Some("array") {
            return self.array(
                api,
                a.items.as_ref(),
                a.min_items,
                a.max_items,
                a.unique_items.unwrap_or(false),
                site,
            );
        }
        let numeric = |prim| Shape {
            ty: Ty::Prim(prim),
            checks: Checks {
                minimum: a.minimum.map(|m| (m, a.exclusive_minimum.unwrap_or(false))),
                maximum: a.maximum.map(|m| (m, a.exclusive_maximum.unwrap_or(false))),
                multiple_of: a.multiple_of,
                values: a.enumeration.iter().map(|v| v.to_string()).collect(),
                ..Checks::default()
            },
            nullable: false,
        };
        match typ {
            Some("string") => {
                let values: Vec<String> = a
                    .enumeration
                    .iter()
                    .filter_map(|v| v.as_str().map(str::to_owned))
                    .collect();
                if !values.is_empty() {
                    let id = slot.unwrap_or_else(|| self.new_def(site));
                    self.defs[id].kind = Kind::StringEnum(values);
                    return Shape::of(Ty::Named(id));
                }
                self.string(
                    a.format.as_deref(),
                    a.pattern.as_deref(),
                    a.min_length,
                    a.max_length,
                    site,
                )
            }
            Some("integer") => numeric(if a.format.as_deref() == Some("int32") {
                Prim::I32
            } else {
                Prim::I64
            }),
            Some("number") => numeric(Prim::F64),
            Some("boolean") => Shape::of(Ty::Prim(Prim::Bool)),
            Some("null") => Shape {
                nullable: true,
                ..Shape::of(Ty::Prim(Prim::Json))
            },
            Some(other) => self.fallback(site, slot, &format!("type `{other}` is not supported")),
            None if a.min_length.is_some() || a.max_length.is_some() || a.pattern.is_some() => self
                .string(
                    a.format.as_deref(),
                    a.pattern.as_deref(),
                    a.min_length,
                    a.max_length,
                    site,
                ),
            None => Shape {
                checks: Checks {
                    values: a.enumeration.iter().map(|v| v.to_string()).collect(),
                    ..Checks::default()
                },
                ..Shape::of(Ty::Prim(Prim::Json))
            },
        }
    }

    /// `serde_json::Value`, documented with the reason (on the named type when there is one).
    fn fallback(&mut self, site: &Site, slot: Option<TypeId>, reason: &str) -> Shape {
        let shape = Shape::of(Ty::Prim(Prim::Json));
        match slot {
            Some(id) => {
                self.defs[id]
                    .doc
                    .push(format!("Any JSON value: {reason} (at `{}`).", site.pointer));
                self.defs[id].kind = Kind::Newtype(shape);
                Shape::of(Ty::Named(id))
            }
            None => shape,
        }
    }

    fn variant_name(&self, shape: &Shape) -> String {
        match &shape.ty {
            Ty::Named(id) => self.defs[*id].name.clone(),
            Ty::Prim(p) => format!("{p:?}"),
            Ty::Vec(_) => "Array".to_owned(),
            Ty::Map(_) => "Object".to_owned(),
        }
    }

    /// Marks the types reachable from `shape` as received by clients.
    pub fn mark_received(&mut self, shape: &Shape) {
        let mut stack = Vec::new();
        collect_named(shape, &mut stack);
        while let Some(id) = stack.pop() {
            if self.defs[id].received {
                continue;
            }
            self.defs[id].received = true;
            for s in self.children(id) {
                collect_named(&s, &mut stack);
            }
        }
    }

    /// The shapes a type directly refers to.
    pub fn children_of(&self, id: TypeId) -> Vec<Shape> {
        self.children(id)
    }

    fn children(&self, id: TypeId) -> Vec<Shape> {
        match &self.defs[id].kind {
            Kind::Struct(s) => s
                .fields
                .iter()
                .map(|f| f.shape.clone())
                .chain(s.additional.clone())
                .collect(),
            Kind::StringEnum(_) => Vec::new(),
            Kind::Tagged { variants, .. } => variants.iter().map(|v| v.2.clone()).collect(),
            Kind::Untagged { variants, .. } => variants.iter().map(|v| v.1.clone()).collect(),
            Kind::Newtype(s) => vec![s.clone()],
        }
    }

    /// Boxes struct fields that would make a type contain itself.
    pub fn box_cycles(&mut self) {
        for id in 0..self.defs.len() {
            let Kind::Struct(s) = &self.defs[id].kind else {
                continue;
            };
            let to_box: Vec<usize> = s
                .fields
                .iter()
                .enumerate()
                .filter(|(_, f)| match f.shape.ty {
                    Ty::Named(t) => self.reaches_directly(t, id),
                    _ => false,
                })
                .map(|(i, _)| i)
                .collect();
            if let Kind::Struct(s) = &mut self.defs[id].kind {
                for i in to_box {
                    s.fields[i].boxed = true;
                }
            }
        }
    }

    /// Whether `from` contains `target` without a `Vec`/`Map` (or an already boxed field) in
    /// between.
    fn reaches_directly(&self, from: TypeId, target: TypeId) -> bool {
        let mut seen = HashSet::new();
        let mut stack = vec![from];
        while let Some(id) = stack.pop() {
            if id == target {
                return true;
            }
            if !seen.insert(id) {
                continue;
            }
            let direct: Vec<Shape> = match &self.defs[id].kind {
                Kind::Struct(s) => s
                    .fields
                    .iter()
                    .filter(|f| !f.boxed)
                    .map(|f| f.shape.clone())
                    .collect(),
                _ => self.children(id),
            };
            for s in direct {
                if let Ty::Named(t) = s.ty {
                    stack.push(t);
                }
            }
        }
        false
    }
}

struct ObjectParts<'a> {
    properties: &'a IndexMap<String, ReferenceOr<Box<Schema>>>,
    required: &'a [String],
    additional: Option<&'a AdditionalProperties>,
    min: Option<usize>,
    max: Option<usize>,
}

fn collect_named(shape: &Shape, out: &mut Vec<TypeId>) {
    match &shape.ty {
        Ty::Named(id) => out.push(*id),
        Ty::Vec(s) | Ty::Map(s) => collect_named(s, out),
        Ty::Prim(_) => {}
    }
}

/// Adds the properties of an object-like schema (following references and nested `allOf`)
/// to the merged set. False when the schema is not object-like.
#[allow(clippy::too_many_arguments)]
fn collect_object(
    api: &OpenAPI,
    schema: &ReferenceOr<Schema>,
    properties: &mut IndexMap<String, ReferenceOr<Box<Schema>>>,
    required: &mut Vec<String>,
    min: &mut Option<usize>,
    max: &mut Option<usize>,
    doc: &mut Vec<String>,
    depth: usize,
) -> bool {
    if depth > MAX_DEPTH {
        return false;
    }
    let s = match schema {
        ReferenceOr::Item(s) => s,
        ReferenceOr::Reference { reference } => {
            let target = reference
                .strip_prefix("#/components/schemas/")
                .map(unescape)
                .and_then(|n| api.components.as_ref()?.schemas.get(&n));
            match target {
                Some(t) => {
                    return collect_object(api, t, properties, required, min, max, doc, depth + 1)
                }
                None => return false,
            }
        }
    };
    let mut add = |props: &IndexMap<String, ReferenceOr<Box<Schema>>>, req: &[String]| {
        for (k, v) in props {
            properties.insert(k.clone(), v.clone());
        }
        for r in req {
            if !required.contains(r) {
                required.push(r.clone());
            }
        }
    };
    match &s.schema_kind {
        SchemaKind::Type(Type::Object(o)) => {
            add(&o.properties, &o.required);
            *min = min.or(o.min_properties);
            *max = max.or(o.max_properties);
            true
        }
        SchemaKind::AllOf { all_of } => all_of
            .iter()
            .all(|p| collect_object(api, p, properties, required, min, max, doc, depth + 1)),
        SchemaKind::Any(a)
            if a.one_of.is_empty()
                && a.any_of.is_empty()
                && a.items.is_none()
                && matches!(a.typ.as_deref(), None | Some("object")) =>
        {
            add(&a.properties, &a.required);
            let ok = a
                .all_of
                .iter()
                .all(|p| collect_object(api, p, properties, required, min, max, doc, depth + 1));
            if let Some(d) = &s.schema_data.description {
                if a.properties.is_empty() && a.all_of.is_empty() {
                    doc.push(d.clone());
                }
            }
            ok
        }
        _ => false,
    }
}

fn is_null_schema(s: &ReferenceOr<Schema>) -> bool {
    matches!(s, ReferenceOr::Item(Schema { schema_kind: SchemaKind::Any(a), .. }) if a.typ.as_deref() == Some("null"))
}

/// Doc comment lines of a schema: its title and description.
pub fn doc_of(s: &Schema) -> Vec<String> {
    let mut doc = Vec::new();
    if let Some(t) = &s.schema_data.title {
        doc.push(t.clone());
    }
    if let Some(d) = &s.schema_data.description {
        if !doc.is_empty() {
            doc.push(String::new());
        }
        doc.extend(d.lines().map(str::to_owned));
    }
    doc
}

fn json_number(v: f64) -> String {
    serde_json::Number::from_f64(v)
        .map(|n| n.to_string())
        .unwrap_or_else(|| "null".to_owned())
}

fn escape(s: &str) -> String {
    s.replace('~', "~0").replace('/', "~1")
}

fn unescape(s: &str) -> String {
    s.replace("~1", "/").replace("~0", "~")
}

impl TypeSpace {
    /// Adds a definition named after `hint` (made unique) for the schema at `pointer`.
    pub fn add_def(&mut self, hint: &str, pointer: String, doc: Vec<String>, kind: Kind) -> TypeId {
        let name = self.names.unique(hint);
        let id = self.placeholder(name, pointer);
        self.defs[id].doc = doc;
        self.defs[id].kind = kind;
        id
    }

    /// Reserves `<base>Request`, `<base>Response`, `<base>Body` and `<base>Options` (client) for an
    /// operation; returns the prefix actually used (`base`, or `base2`, … on collision).
    pub fn reserve_prefix(&mut self, base: &str) -> String {
        let mut i = 1;
        loop {
            let prefix = if i == 1 {
                base.to_owned()
            } else {
                format!("{base}{i}")
            };
            let request = format!("{prefix}Request");
            let response = format!("{prefix}Response");
            let body = format!("{prefix}Body");
            let options = format!("{prefix}Options");
            if [&request, &response, &body, &options]
                .iter()
                .all(|n| !self.names.is_taken(n))
            {
                self.names.unique(&request);
                self.names.unique(&response);
                self.names.unique(&body);
                self.names.unique(&options);
                return prefix;
            }
            i += 1;
        }
    }
}
