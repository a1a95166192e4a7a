use crate::rule::{Context, RuleCheck, Sink};

crate::declare_rule! {
    /// ## What it does
    /// Flags a tag of the document's top-level `tags` whose `name` is already used by an
    /// earlier tag.
    ///
    /// ## Why is this bad?
    /// Tag names must be unique (OpenAPI, OpenAPI Object). With two entries of the same name,
    /// tools keep one description and order arbitrarily, or render the group twice.
    ///
    /// ## Example
    /// ```yaml
    /// tags:
    ///   - {name: pets, description: Everything about pets}
    ///   - {name: pets, description: Pet store inventory}
    /// ```
    ///
    /// Use instead:
    /// ```yaml
    /// tags:
    ///   - {name: pets, description: Everything about pets}
    ///   - {name: inventory, description: Pet store inventory}
    /// ```
    pub TagDuplicate {
        id: "tag-duplicate",
        group: Structure,
        severity: Error,
        summary: "Top-level tag declared twice",
    }
}

impl RuleCheck for TagDuplicate {
    fn run(&self, cx: &Context<'_>, out: &mut Sink) {
        let tags = &cx.spec.openapi.tags;
        for (i, tag) in tags.iter().enumerate() {
            let Some(first) = tags[..i].iter().position(|t| t.name == tag.name) else {
                continue;
            };
            out.report(
                format!("/tags/{i}/name"),
                format!("Tag `{}` is declared more than once", tag.name),
            )
            .label("duplicate tag")
            .with_label(format!("/tags/{first}/name"), "first declared here")
            .help("Merge the two entries into one");
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::testing::check_yaml;

    #[test]
    fn fires_on_the_second_tag() {
        let found = check_yaml(
            &super::TagDuplicate,
            r#"
openapi: 3.0.3
info: {title: t, version: 1.0.0}
tags: [{name: a}, {name: b}, {name: a}, {name: A}]
paths: {}
"#,
        );
        let got: Vec<_> = found.iter().map(|f| f.pointer.as_str()).collect();
        assert_eq!(got, ["/tags/2/name"]);
        assert_eq!(found[0].labels[0].pointer, "/tags/0/name");
    }
}
