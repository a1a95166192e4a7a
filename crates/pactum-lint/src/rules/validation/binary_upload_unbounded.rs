use crate::rule::{Context, RuleCheck, Sink};
use crate::schema_util::{format, is_binary_node, is_request_input, max_length, subject};

crate::declare_rule! {
    /// ## What it does
    /// Flags request uploads without `maxLength`: strings with `format: binary` or `byte`
    /// (3.1 `contentMediaType`/`contentEncoding` included), e.g. the file part of a
    /// `multipart/form-data` body, and string bodies of opaque media types
    /// (`application/octet-stream`, `image/*`, `application/pdf`, …). For binary data
    /// `maxLength` is the size in bytes.
    ///
    /// Only request-side schemas are checked (uploads); downloads in responses are not
    /// reported. A body with no schema at all is `request-body-without-schema`'s concern.
    ///
    /// In webhooks and callbacks the API is the sender: their payloads count as response side,
    /// and the receiver's replies, which the API reads, as request side.
    ///
    /// ## Why is this bad?
    /// An upload with no declared limit is read until the client stops sending: disks, memory
    /// and object storage fill up, and image or archive processing multiplies the cost
    /// (OWASP API4:2023). Declaring the limit lets gateways and generated servers reject the
    /// request from its `Content-Length` before reading it.
    ///
    /// ## Example
    /// ```yaml
    /// multipart/form-data:
    ///   schema:
    ///     type: object
    ///     properties:
    ///       file: {type: string, format: binary}
    /// ```
    ///
    /// Use instead:
    /// ```yaml
    /// multipart/form-data:
    ///   schema:
    ///     type: object
    ///     properties:
    ///       file: {type: string, format: binary, maxLength: 10485760}
    /// ```
    pub BinaryUploadUnbounded {
        id: "binary-upload-unbounded",
        group: Validation,
        severity: Warning,
        summary: "Binary upload without maxLength",
    }
}

impl RuleCheck for BinaryUploadUnbounded {
    fn run(&self, cx: &Context<'_>, out: &mut Sink) {
        let index = cx.index();
        for site in &index.schemas {
            if !is_request_input(site)
                || !is_binary_node(site)
                || cx
                    .composition()
                    .any(site.schema, |s| max_length(s).is_some())
            {
                continue;
            }
            let what = if format(site.schema) == Some("byte") {
                "Base64 upload"
            } else {
                "Binary upload"
            };
            out.report(
                &site.pointer,
                format!("{what} {} has no `maxLength`", subject(site)),
            )
            .at_key()
            .label("unbounded upload")
            .help("Add `maxLength` (the largest accepted size in bytes)")
            .via(index.via_in(&site.pointer, site.direction).cloned());
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::testing::check_yaml;

    #[test]
    fn unbounded_uploads() {
        let found = check_yaml(
            &super::BinaryUploadUnbounded,
            r#"
openapi: 3.0.3
info: {title: t, version: 1.0.0}
paths:
  /files:
    post:
      requestBody:
        content:
          multipart/form-data:
            schema:
              type: object
              properties:
                file: {type: string, format: binary}
                small: {type: string, format: binary, maxLength: 1024}
                name: {type: string}
          application/octet-stream:
            schema: {type: string}
          application/json:
            schema:
              type: object
              properties:
                photo: {type: string, format: byte}
      responses:
        '200':
          description: OK
          content:
            application/octet-stream:
              schema: {type: string, format: binary}
"#,
        );
        let got: Vec<_> = found.iter().map(|f| f.message.as_str()).collect();
        assert_eq!(
            got,
            [
                "Binary upload property `file` has no `maxLength`",
                "Binary upload `application/octet-stream` body has no `maxLength`",
                "Base64 upload property `photo` has no `maxLength`",
            ]
        );
    }
}
