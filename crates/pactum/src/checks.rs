//! Helpers called by generated validation code, one per constraint that needs more than an
//! expression. Each records a [`Violation`](crate::Violation) and returns nothing.

use crate::validate::{Pointer, Violations};

/// Length in Unicode code points (JSON Schema counts characters, not bytes).
pub fn char_len(s: &str) -> usize {
    s.chars().count()
}

/// `maxLength` / `minLength`.
pub fn length(s: &str, min: Option<usize>, max: Option<usize>, at: &Pointer, out: &mut Violations) {
    let n = char_len(s);
    if let Some(min) = min {
        if n < min {
            out.add(
                at,
                "minLength",
                format!("must be at least {min} characters long, got {n}"),
            );
        }
    }
    if let Some(max) = max {
        if n > max {
            out.add(
                at,
                "maxLength",
                format!("must be at most {max} characters long, got {n}"),
            );
        }
    }
}

/// `pattern` (ECMAScript regular expression, unanchored as JSON Schema specifies).
pub fn pattern(s: &str, re: &regress::Regex, source: &str, at: &Pointer, out: &mut Violations) {
    if re.find(s).is_none() {
        out.add(at, "pattern", format!("must match the pattern `{source}`"));
    }
}

/// `minimum`, `maximum`, `exclusiveMinimum`, `exclusiveMaximum` (as `f64` bounds).
pub fn range(
    v: f64,
    min: Option<(f64, bool)>,
    max: Option<(f64, bool)>,
    at: &Pointer,
    out: &mut Violations,
) {
    if let Some((min, exclusive)) = min {
        if exclusive && v <= min {
            out.add(
                at,
                "exclusiveMinimum",
                format!("must be greater than {min}, got {v}"),
            );
        } else if !exclusive && v < min {
            out.add(at, "minimum", format!("must be at least {min}, got {v}"));
        }
    }
    if let Some((max, exclusive)) = max {
        if exclusive && v >= max {
            out.add(
                at,
                "exclusiveMaximum",
                format!("must be less than {max}, got {v}"),
            );
        } else if !exclusive && v > max {
            out.add(at, "maximum", format!("must be at most {max}, got {v}"));
        }
    }
}

/// `multipleOf`.
pub fn multiple_of(v: f64, m: f64, at: &Pointer, out: &mut Violations) {
    let q = v / m;
    if !q.is_finite() || (q - q.round()).abs() > 1e-9 {
        out.add(
            at,
            "multipleOf",
            format!("must be a multiple of {m}, got {v}"),
        );
    }
}

/// `minItems` / `maxItems`.
pub fn items(n: usize, min: Option<usize>, max: Option<usize>, at: &Pointer, out: &mut Violations) {
    if let Some(min) = min {
        if n < min {
            out.add(
                at,
                "minItems",
                format!("must have at least {min} items, got {n}"),
            );
        }
    }
    if let Some(max) = max {
        if n > max {
            out.add(
                at,
                "maxItems",
                format!("must have at most {max} items, got {n}"),
            );
        }
    }
}

/// `minProperties` / `maxProperties`.
pub fn properties(
    n: usize,
    min: Option<usize>,
    max: Option<usize>,
    at: &Pointer,
    out: &mut Violations,
) {
    if let Some(min) = min {
        if n < min {
            out.add(
                at,
                "minProperties",
                format!("must have at least {min} properties, got {n}"),
            );
        }
    }
    if let Some(max) = max {
        if n > max {
            out.add(
                at,
                "maxProperties",
                format!("must have at most {max} properties, got {n}"),
            );
        }
    }
}

/// `uniqueItems`.
pub fn unique<T: PartialEq>(items: &[T], at: &Pointer, out: &mut Violations) {
    for (i, a) in items.iter().enumerate() {
        if items[..i].contains(a) {
            out.add(
                at,
                "uniqueItems",
                format!("items must be unique; item {i} repeats an earlier one"),
            );
            return;
        }
    }
}

/// `enum` / `const` for values that are not generated Rust enums: the value's JSON form must
/// equal one of `allowed` (JSON texts).
pub fn one_of_values<T: serde::Serialize>(
    v: &T,
    allowed: &[&str],
    at: &Pointer,
    out: &mut Violations,
) {
    let Ok(actual) = serde_json::to_value(v) else {
        return;
    };
    let ok = allowed
        .iter()
        .any(|a| serde_json::from_str::<serde_json::Value>(a).is_ok_and(|a| a == actual));
    if !ok {
        out.add(at, "enum", format!("must be one of {}", allowed.join(", ")));
    }
}

/// A string enum value the contract does not list (the `Unknown` variant of a generated enum).
pub fn unknown_variant(value: &str, allowed: &[&str], at: &Pointer, out: &mut Violations) {
    out.add(
        at,
        "enum",
        format!("`{value}` is not one of {}", allowed.join(", ")),
    );
}

/// `format` checks for strings (`email`, `uri`, `ipv4`, `ipv6`, `hostname`, `date-time`,
/// `date`); unknown formats pass.
pub fn format(s: &str, format: &str, at: &Pointer, out: &mut Violations) {
    let ok = match format {
        "email" => crate::formats::is_email(s),
        "uri" => crate::formats::is_uri(s),
        "ipv4" => s.parse::<std::net::Ipv4Addr>().is_ok(),
        "ipv6" => s.parse::<std::net::Ipv6Addr>().is_ok(),
        "hostname" => crate::formats::is_hostname(s),
        "date-time" => chrono::DateTime::parse_from_rfc3339(s).is_ok(),
        "date" => chrono::NaiveDate::parse_from_str(s, "%Y-%m-%d").is_ok(),
        _ => true,
    };
    if !ok {
        out.add(at, "format", format!("must be a valid {format}"));
    }
}

/// A required value that is missing (used for parameters and untyped bodies).
pub fn required(name: &str, at: &Pointer, out: &mut Violations) {
    out.add(at, "required", format!("`{name}` is required"));
}

/// Whether a JSON value has the JSON Schema type `kind` (`string`, `boolean`, `integer`,
/// `number`, `array`, `object`; anything else accepts every value); records a `type`
/// violation when it does not.
pub fn json_type(
    value: &serde_json::Value,
    kind: &str,
    at: &Pointer,
    out: &mut Violations,
) -> bool {
    use serde_json::Value;
    let ok = match kind {
        "string" => value.is_string(),
        "boolean" => value.is_boolean(),
        "integer" => value.is_i64() || value.is_u64(),
        "number" => value.is_number(),
        "array" => value.is_array(),
        "object" => value.is_object(),
        _ => true,
    };
    if !ok {
        let found = match value {
            Value::Null => "null",
            Value::Bool(_) => "a boolean",
            Value::Number(n) if n.is_f64() => "a floating-point number",
            Value::Number(_) => "an integer",
            Value::String(_) => "a string",
            Value::Array(_) => "an array",
            Value::Object(_) => "an object",
        };
        let article = if matches!(kind, "integer" | "array" | "object") {
            "an"
        } else {
            "a"
        };
        out.add(
            at,
            "type",
            format!("expected {article} {kind}, found {found}"),
        );
    }
    ok
}
