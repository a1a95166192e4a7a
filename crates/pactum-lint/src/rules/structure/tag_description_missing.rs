use crate::rule::{Context, RuleCheck, Sink};

crate::declare_rule! {
    /// ## What it does
    /// Flags a tag of the document's top-level `tags` without a `description`.
    ///
    /// ## Why is this bad?
    /// Documentation tools show the tag's description as the introduction of its group of
    /// operations; SDK generators put it on the generated client class. Without it, a group
    /// is a bare name.
    ///
    /// ## Example
    /// ```yaml
    /// tags:
    ///   - name: pets
    /// ```
    ///
    /// Use instead:
    /// ```yaml
    /// tags:
    ///   - name: pets
    ///     description: Create, find and adopt pets.
    /// ```
    pub TagDescriptionMissing {
        id: "tag-description-missing",
        group: Structure,
        severity: Info,
        summary: "Top-level tag without a description",
    }
}

impl RuleCheck for TagDescriptionMissing {
    fn run(&self, cx: &Context<'_>, out: &mut Sink) {
        for (i, tag) in cx.spec.openapi.tags.iter().enumerate() {
            if tag
                .description
                .as_deref()
                .is_none_or(|d| d.trim().is_empty())
            {
                out.report(
                    format!("/tags/{i}/name"),
                    format!("Tag `{}` has no `description`", tag.name),
                )
                .label("no `description`")
                .help("Add a `description` introducing this group of operations");
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::testing::check_yaml;

    #[test]
    fn fires_on_tags_without_description() {
        let found = check_yaml(
            &super::TagDescriptionMissing,
            r#"
openapi: 3.0.3
info: {title: t, version: 1.0.0}
tags: [{name: a}, {name: b, description: Bees}, {name: c, description: ''}]
paths: {}
"#,
        );
        let got: Vec<_> = found.iter().map(|f| f.pointer.as_str()).collect();
        assert_eq!(got, ["/tags/0/name", "/tags/2/name"]);
    }
}
