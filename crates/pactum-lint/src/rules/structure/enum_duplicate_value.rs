use std::collections::HashMap;

use openapiv3::{SchemaKind, Type};
use serde_json::Value;

use crate::rule::{Context, RuleCheck, Sink};
use crate::schema_check::json_eq;

crate::declare_rule! {
    /// ## What it does
    /// Flags an `enum` value listed more than once (compared as JSON values: `1` and `1.0` are
    /// the same number). The repeat is reported, with the first occurrence as a label.
    ///
    /// ## Why is this bad?
    /// JSON Schema says enum values SHOULD be unique. A repeat adds nothing but breaks code
    /// generators that turn each value into an enum variant (duplicate names do not compile),
    /// and it often hides a typo: the value that was meant is missing.
    ///
    /// ## Example
    /// ```yaml
    /// components:
    ///   schemas:
    ///     Status: {type: string, enum: [active, paused, active]}
    /// ```
    ///
    /// Use instead:
    /// ```yaml
    /// components:
    ///   schemas:
    ///     Status: {type: string, enum: [active, paused, archived]}
    /// ```
    pub EnumDuplicateValue {
        id: "enum-duplicate-value",
        group: Structure,
        severity: Warning,
        summary: "enum value listed more than once",
    }
}

impl RuleCheck for EnumDuplicateValue {
    fn run(&self, cx: &Context<'_>, out: &mut Sink) {
        let index = cx.index();
        for site in &index.schemas {
            let pairs = match &site.schema.schema_kind {
                SchemaKind::Type(Type::String(s)) => {
                    let mut first: HashMap<Option<&str>, usize> = HashMap::new();
                    let mut pairs = Vec::new();
                    for (j, v) in s.enumeration.iter().enumerate() {
                        match first.get(&v.as_deref()) {
                            Some(&i) => pairs.push((i, j, quote(v.as_deref()))),
                            None => {
                                first.insert(v.as_deref(), j);
                            }
                        }
                    }
                    pairs
                }
                SchemaKind::Type(Type::Integer(t)) => repeats(&t.enumeration, |v| {
                    v.map_or("null".into(), |v| v.to_string())
                }),
                SchemaKind::Type(Type::Number(t)) => repeats(&t.enumeration, |v| {
                    v.map_or("null".into(), |v| v.to_string())
                }),
                SchemaKind::Type(Type::Boolean(t)) => repeats(&t.enumeration, |v| {
                    v.map_or("null".into(), |v| v.to_string())
                }),
                SchemaKind::Any(a) if !a.enumeration.is_empty() => json_repeats(&a.enumeration),
                _ => continue,
            };
            for (i, j, shown) in pairs {
                out.report(
                    format!("{}/enum/{j}", site.pointer),
                    format!("`enum` value `{shown}` is listed twice"),
                )
                .label("duplicate")
                .with_label(format!("{}/enum/{i}", site.pointer), "first listed here")
                .help("Remove the repeat (or fix the value that was meant)")
                .via(index.via_in(&site.pointer, site.direction).cloned());
            }
        }
    }
}

fn quote(v: Option<&str>) -> String {
    v.map_or_else(|| "null".to_string(), |s| s.to_string())
}

/// `(first, repeat, shown)` for every repeat of a typed enum.
fn repeats<T: PartialEq + Copy>(
    values: &[Option<T>],
    show: impl Fn(Option<T>) -> String,
) -> Vec<(usize, usize, String)> {
    let mut pairs = Vec::new();
    for (j, v) in values.iter().enumerate() {
        if let Some(i) = values[..j].iter().position(|w| w == v) {
            pairs.push((i, j, show(*v)));
        }
    }
    pairs
}

fn json_repeats(values: &[Value]) -> Vec<(usize, usize, String)> {
    let mut pairs = Vec::new();
    for (j, v) in values.iter().enumerate() {
        if let Some(i) = values[..j].iter().position(|w| json_eq(w, v)) {
            let shown = match v {
                Value::String(s) => s.clone(),
                other => other.to_string(),
            };
            pairs.push((i, j, shown));
        }
    }
    pairs
}

#[cfg(test)]
mod tests {
    use crate::testing::check_yaml;

    #[test]
    fn each_repeat_once() {
        let found = check_yaml(
            &super::EnumDuplicateValue,
            r#"
openapi: 3.0.3
info: {title: t, version: 1.0.0}
paths: {}
components:
  schemas:
    Status: {type: string, enum: [active, paused, active, active]}
    Size: {type: integer, enum: [1, 2, 3]}
    Mixed: {enum: [1, a, 1.0]}
    Flag: {type: boolean, enum: [true, true]}
"#,
        );
        let got: Vec<_> = found
            .iter()
            .map(|f| {
                (
                    f.pointer.as_str(),
                    f.message.as_str(),
                    f.labels[0].pointer.as_str(),
                )
            })
            .collect();
        assert_eq!(
            got,
            [
                (
                    "/components/schemas/Status/enum/2",
                    "`enum` value `active` is listed twice",
                    "/components/schemas/Status/enum/0"
                ),
                (
                    "/components/schemas/Status/enum/3",
                    "`enum` value `active` is listed twice",
                    "/components/schemas/Status/enum/0"
                ),
                (
                    "/components/schemas/Mixed/enum/2",
                    "`enum` value `1.0` is listed twice",
                    "/components/schemas/Mixed/enum/0"
                ),
                (
                    "/components/schemas/Flag/enum/1",
                    "`enum` value `true` is listed twice",
                    "/components/schemas/Flag/enum/0"
                ),
            ]
        );
    }
}
