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
