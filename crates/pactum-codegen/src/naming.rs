//! Rust names from contract names: `PascalCase` types, `snake_case` fields and functions,
//! keywords escaped, collisions resolved deterministically (first come keeps the name, later
//! ones get `2`, `3`, … in the order the contract is walked).

use std::collections::HashSet;

use proc_macro2::{Ident, Span};

/// Splits a name into lower-case words at non-alphanumerics and case changes.
fn words(s: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut cur = String::new();
    let chars: Vec<char> = s.chars().collect();
    for (i, &c) in chars.iter().enumerate() {
        if !c.is_alphanumeric() {
            if !cur.is_empty() {
                out.push(std::mem::take(&mut cur));
            }
            continue;
        }
        let prev = i.checked_sub(1).map(|j| chars[j]);
        let next = chars.get(i + 1).copied();
        let boundary = match prev {
            Some(p) if c.is_uppercase() => {
                p.is_lowercase()
                    || p.is_ascii_digit()
                    || (p.is_uppercase() && next.is_some_and(|n| n.is_lowercase()))
            }
            _ => false,
        };
        if boundary && !cur.is_empty() {
            out.push(std::mem::take(&mut cur));
        }
        cur.extend(c.to_lowercase());
    }
    if !cur.is_empty() {
        out.push(cur);
    }
    out
}

/// `PascalCase` (ASCII only; other characters dropped). Never empty: `Value` for nothing.
pub fn pascal(s: &str) -> String {
    let mut out = String::new();
    for w in words(s) {
        let mut cs = w.chars().filter(char::is_ascii_alphanumeric);
        if let Some(f) = cs.next() {
            out.extend(f.to_uppercase());
            out.extend(cs);
        }
    }
    if out.is_empty() {
        out.push_str("Value");
    }
    if out.starts_with(|c: char| c.is_ascii_digit()) {
        out.insert(0, 'V');
    }
    out
}

/// `snake_case` (ASCII only). Never empty: `value` for nothing.
pub fn snake(s: &str) -> String {
    let parts: Vec<String> = words(s)
        .into_iter()
        .map(|w| {
            w.chars()
                .filter(char::is_ascii_alphanumeric)
                .collect::<String>()
        })
        .filter(|w| !w.is_empty())
        .collect();
    let mut out = parts.join("_");
    if out.is_empty() {
        out.push_str("value");
    }
    if out.starts_with(|c: char| c.is_ascii_digit()) {
        out.insert(0, '_');
    }
    out
}

const KEYWORDS: &[&str] = &[
    "as", "async", "await", "break", "const", "continue", "crate", "dyn", "else", "enum", "extern",
    "false", "fn", "for", "if", "impl", "in", "let", "loop", "match", "mod", "move", "mut", "pub",
    "ref", "return", "self", "Self", "static", "struct", "super", "trait", "true", "type",
    "unsafe", "use", "where", "while", "abstract", "become", "box", "do", "final", "gen", "macro",
    "override", "priv", "try", "typeof", "unsized", "virtual", "yield",
];

/// An identifier, raw (`r#type`) for keywords that allow it, suffixed otherwise.
pub fn ident(name: &str) -> Ident {
    if KEYWORDS.contains(&name) {
        if matches!(name, "self" | "Self" | "super" | "crate") {
            return Ident::new(&format!("{name}_"), Span::call_site());
        }
        return Ident::new_raw(name, Span::call_site());
    }
    Ident::new(name, Span::call_site())
}

/// Hands out unique names within one namespace.
#[derive(Debug, Default, Clone)]
pub struct Namer {
    used: HashSet<String>,
}

impl Namer {
    /// A namer with some names already taken.
    pub fn with_reserved(names: &[&str]) -> Self {
        Namer {
            used: names.iter().map(|s| (*s).to_owned()).collect(),
        }
    }

    /// `base`, or `base2`, `base3`, … if taken.
    pub fn unique(&mut self, base: &str) -> String {
        if self.used.insert(base.to_owned()) {
            return base.to_owned();
        }
        let sep = if base.ends_with(|c: char| c.is_ascii_digit()) {
            "_"
        } else {
            ""
        };
        (2..)
            .map(|i| format!("{base}{sep}{i}"))
            .find(|n| self.used.insert(n.clone()))
            .unwrap_or_default()
    }
}

impl Namer {
    /// Whether `name` is taken.
    pub fn is_taken(&self, name: &str) -> bool {
        self.used.contains(name)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cases() {
        assert_eq!(pascal("pet-store_v2"), "PetStoreV2");
        assert_eq!(pascal("HTTPServer"), "HttpServer");
        assert_eq!(pascal("petId"), "PetId");
        assert_eq!(pascal("123abc"), "V123abc");
        assert_eq!(pascal("ASC"), "Asc");
        assert_eq!(snake("petId"), "pet_id");
        assert_eq!(snake("X-RateLimit-Limit"), "x_rate_limit_limit");
        assert_eq!(snake("$ref"), "ref");
        assert_eq!(snake(""), "value");
        assert_eq!(ident("type").to_string(), "r#type");
        assert_eq!(ident("self").to_string(), "self_");
    }

    #[test]
    fn unique_names() {
        let mut n = Namer::default();
        assert_eq!(n.unique("Pet"), "Pet");
        assert_eq!(n.unique("Pet"), "Pet2");
        assert_eq!(n.unique("V1"), "V1");
        assert_eq!(n.unique("V1"), "V1_2");
    }
}
