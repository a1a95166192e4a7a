use crate::rule::{Context, RuleCheck, Sink};

crate::declare_rule! {
    /// ## What it does
    /// Flags an `operationId` containing a character that cannot appear unencoded in a URL
    /// (a space, `#`, `%`, `{`, `}`, `[`, `]`, `"`, `<`, `>`, `\`, `^`, `` ` ``, `|`, a control
    /// character or a non-ASCII letter).
    ///
    /// Reserved characters that are legal in a URL fragment (`/`, `:`, `?`, `@`, `!`, `$`, `&`,
    /// `'`, `(`, `)`, `*`, `+`, `,`, `;`, `=`) are accepted: GitHub's `repos/get` style is
    /// common and works in documentation links.
    ///
    /// ## Why is this bad?
    /// Documentation tools turn the `operationId` into a URL fragment (`docs#getPet`), and
    /// Link Objects and `operationRef`s point at it. A space or a `#` breaks those links or
    /// must be percent-encoded by every tool in a slightly different way; code generators
    /// mangle such ids into method names unpredictably.
    ///
    /// ## Example
    /// ```yaml
    /// paths:
    ///   /pets/{id}:
    ///     get:
    ///       operationId: get pet by id
    /// ```
    ///
    /// Use instead:
    /// ```yaml
    /// paths:
    ///   /pets/{id}:
    ///     get:
    ///       operationId: getPetById
    /// ```
    pub OperationIdNotUrlSafe {
        id: "operation-id-not-url-safe",
        group: Structure,
        severity: Warning,
        summary: "operationId with characters that are not allowed in a URL",
    }
}

/// The first character of `id` that may not appear unencoded in a URL fragment.
fn first_unsafe(id: &str) -> Option<char> {
    id.chars()
        .find(|&c| !(c.is_ascii_alphanumeric() || "-._~!$&'()*+,;=:@/?".contains(c)))
}

fn describe(c: char) -> String {
    match c {
        ' ' => "a space".to_string(),
        '\t' => "a tab".to_string(),
        c if c.is_control() => format!("the control character U+{:04X}", c as u32),
        c => format!("`{c}`"),
    }
}

impl RuleCheck for OperationIdNotUrlSafe {
    fn run(&self, cx: &Context<'_>, out: &mut Sink) {
        for op in &cx.index().operations {
            let Some(id) = op.operation.operation_id.as_deref() else {
                continue;
            };
            if let Some(c) = first_unsafe(id) {
                out.report(
                    format!("{}/operationId", op.pointer),
                    format!(
                        "`operationId` `{id}` contains {}, which is not allowed in a URL",
                        describe(c)
                    ),
                )
                .label("not URL-safe")
                .help("Use letters, digits and `-._~` only, e.g. `getPetById`");
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::testing::check_yaml;

    #[test]
    fn fires_on_spaces_and_hashes_not_on_slashes() {
        let found = check_yaml(
            &super::OperationIdNotUrlSafe,
            r#"
openapi: 3.0.3
info: {title: t, version: 1.0.0}
paths:
  /pets:
    get: {operationId: list pets, responses: {'200': {description: OK}}}
    post: {operationId: 'pets#create', responses: {'200': {description: OK}}}
    put: {operationId: pets/update, responses: {'200': {description: OK}}}
    patch: {operationId: pets.patch-v2_x~, responses: {'200': {description: OK}}}
    delete: {operationId: pätch, responses: {'200': {description: OK}}}
"#,
        );
        let got: Vec<_> = found
            .iter()
            .map(|f| (f.pointer.as_str(), f.message.as_str()))
            .collect();
        assert_eq!(
            got,
            [
                (
                    "/paths/~1pets/get/operationId",
                    "`operationId` `list pets` contains a space, which is not allowed in a URL"
                ),
                (
                    "/paths/~1pets/post/operationId",
                    "`operationId` `pets#create` contains `#`, which is not allowed in a URL"
                ),
                (
                    "/paths/~1pets/delete/operationId",
                    "`operationId` `pätch` contains `ä`, which is not allowed in a URL"
                ),
            ]
        );
    }
}
