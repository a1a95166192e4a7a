//! `multipart/form-data` bodies: decoded by generated servers, encoded by generated clients.

use bytes::Bytes;

use crate::validate::{Pointer, Violations};

/// One part of a `multipart/form-data` body.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Part {
    /// The form field name.
    pub name: String,
    /// The file name, for file parts.
    pub file_name: Option<String>,
    /// The part's content type, if given.
    pub content_type: Option<String>,
    /// The part's bytes.
    pub data: Bytes,
}

/// A `multipart/form-data` body.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct MultipartForm {
    /// The parts, in order.
    pub parts: Vec<Part>,
}

impl MultipartForm {
    /// The first part with this field name.
    pub fn get(&self, name: &str) -> Option<&Part> {
        self.parts.iter().find(|p| p.name == name)
    }

    /// The body bytes with `boundary` between parts (RFC 7578). Quotes and line breaks in
    /// names are escaped as `%22`, `%0D`, `%0A`.
    pub fn encode(&self, boundary: &str) -> Vec<u8> {
        fn quoted(s: &str) -> String {
            s.replace('"', "%22")
                .replace('\r', "%0D")
                .replace('\n', "%0A")
        }
        let mut out = Vec::new();
        for p in &self.parts {
            out.extend_from_slice(format!("--{boundary}\r\n").as_bytes());
            let mut disposition = format!("form-data; name=\"{}\"", quoted(&p.name));
            if let Some(f) = &p.file_name {
                disposition.push_str(&format!("; filename=\"{}\"", quoted(f)));
            }
            out.extend_from_slice(format!("Content-Disposition: {disposition}\r\n").as_bytes());
            if let Some(ct) = &p.content_type {
                out.extend_from_slice(format!("Content-Type: {}\r\n", quoted(ct)).as_bytes());
            }
            out.extend_from_slice(b"\r\n");
            out.extend_from_slice(&p.data);
            out.extend_from_slice(b"\r\n");
        }
        out.extend_from_slice(format!("--{boundary}--\r\n").as_bytes());
        out
    }
}

impl crate::Validate for MultipartForm {
    fn validate_at(&self, _: &mut Pointer, _: &mut Violations) {}
}

/// A file part of a typed `multipart/form-data` body (a `type: string, format: binary`
/// property): its bytes, and the file name and content type sent with them.
///
/// Typed bodies travel through their JSON form, where a `File` is an object
/// `{"data": "<base64>", "fileName": …, "contentType": …}`; that form never reaches the wire.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct File {
    /// The bytes.
    pub data: Bytes,
    /// The part's file name (clients send the property name when `None`).
    pub file_name: Option<String>,
    /// The part's content type (clients send the contract's `encoding.contentType`, else
    /// `application/octet-stream`, when `None`).
    pub content_type: Option<String>,
}

impl File {
    /// A file part with these bytes, no file name and no content type.
    pub fn new(data: impl Into<Bytes>) -> File {
        File {
            data: data.into(),
            file_name: None,
            content_type: None,
        }
    }

    /// Sets the file name.
    pub fn with_file_name(mut self, name: impl Into<String>) -> File {
        self.file_name = Some(name.into());
        self
    }

    /// Sets the content type.
    pub fn with_content_type(mut self, media: impl Into<String>) -> File {
        self.content_type = Some(media.into());
        self
    }
}

#[derive(serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "camelCase")]
struct FileForm {
    data: crate::Base64,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    file_name: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    content_type: Option<String>,
}

impl serde::Serialize for File {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        FileForm {
            data: crate::Base64(self.data.to_vec()),
            file_name: self.file_name.clone(),
            content_type: self.content_type.clone(),
        }
        .serialize(s)
    }
}

impl<'de> serde::Deserialize<'de> for File {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let f = FileForm::deserialize(d)?;
        Ok(File {
            data: Bytes::from(f.data.0),
            file_name: f.file_name,
            content_type: f.content_type,
        })
    }
}

impl crate::Validate for File {
    fn validate_at(&self, _: &mut Pointer, _: &mut Violations) {}
}

/// How one property of a typed multipart body travels (OpenAPI's default `Content-Type`s per
/// property type, or the media type's `encoding`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PartKind {
    /// `type: string, format: binary`: a [`File`], its bytes as they are.
    File,
    /// A string, as UTF-8 text.
    String,
    /// An integer, as text.
    Integer,
    /// A number, as text.
    Number,
    /// A boolean, as `true`/`false`.
    Boolean,
    /// An object (or anything else): JSON text (`application/json`).
    Json,
}

/// One property of a typed multipart body, as the generator describes it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PartSpec {
    /// The property (and part) name.
    pub name: &'static str,
    /// How each value travels.
    pub kind: PartKind,
    /// An array: one part per item, all with the property's name.
    pub array: bool,
    /// `encoding.<name>.contentType` of the contract, if any.
    pub content_type: Option<&'static str>,
}

impl PartSpec {
    /// The spec of `name` in `specs`; unlisted parts are strings.
    pub fn find(specs: &[PartSpec], name: &str) -> PartSpec {
        specs
            .iter()
            .find(|s| s.name == name)
            .copied()
            .unwrap_or(PartSpec {
                name: "",
                kind: PartKind::String,
                array: false,
                content_type: None,
            })
    }
}
