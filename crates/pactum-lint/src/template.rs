//! `{name}` templates of path keys (`/pets/{petId}`) and server URLs
//! (`https://{region}.example.com`), parsed once for the rules that check them.

use std::fmt;

/// A parsed template: its `{name}` expressions and what is malformed.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Template<'a> {
    /// The expressions' names, in order (repeats kept).
    pub names: Vec<&'a str>,
    /// Malformed braces, in order.
    pub problems: Vec<Problem>,
}

/// A malformed part of a template; `at` is the byte offset of the offending brace.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Problem {
    /// `{}`.
    EmptyName {
        /// Byte offset of the brace.
        at: usize,
    },
    /// A `{` that is never closed.
    Unclosed {
        /// Byte offset of the brace.
        at: usize,
    },
    /// A `}` with no `{` before it.
    Unopened {
        /// Byte offset of the brace.
        at: usize,
    },
    /// A `{` inside an open `{`.
    Nested {
        /// Byte offset of the brace.
        at: usize,
    },
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Problem::EmptyName { .. } => f.write_str("an empty `{}` expression"),
            Problem::Unclosed { .. } => f.write_str("a `{` that is never closed"),
            Problem::Unopened { .. } => f.write_str("a `}` without a matching `{`"),
            Problem::Nested { .. } => f.write_str("a `{` nested in another expression"),
        }
    }
}

impl<'a> Template<'a> {
    /// Parses `text`. Never fails: problems are collected.
    pub fn parse(text: &'a str) -> Self {
        let mut out = Template::default();
        let mut open: Option<usize> = None;
        for (i, b) in text.bytes().enumerate() {
            match b {
                b'{' => {
                    if open.is_some() {
                        out.problems.push(Problem::Nested { at: i });
                    }
                    open = Some(i);
                }
                b'}' => match open.take() {
                    Some(start) => {
                        let name = &text[start + 1..i];
                        if name.is_empty() {
                            out.problems.push(Problem::EmptyName { at: start });
                        } else {
                            out.names.push(name);
                        }
                    }
                    None => out.problems.push(Problem::Unopened { at: i }),
                },
                _ => {}
            }
        }
        if let Some(at) = open {
            out.problems.push(Problem::Unclosed { at });
        }
        out
    }

    /// True when `name` is one of the expressions.
    pub fn contains(&self, name: &str) -> bool {
        self.names.contains(&name)
    }

    /// The first name used more than once, if any.
    pub fn repeated(&self) -> Option<&'a str> {
        self.names
            .iter()
            .enumerate()
            .find(|(i, n)| self.names[..*i].contains(n))
            .map(|(_, n)| *n)
    }
}

/// `text` with every `{…}` expression replaced by `{}`, so that templates differing only in
/// parameter names compare equal (`/pets/{id}` and `/pets/{petId}` → `/pets/{}`).
pub fn shape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut depth = 0usize;
    for c in text.chars() {
        match c {
            '{' => {
                if depth == 0 {
                    out.push_str("{}");
                }
                depth += 1;
            }
            '}' if depth > 0 => depth -= 1,
            _ if depth > 0 => {}
            _ => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_names_and_problems() {
        let t = Template::parse("/a/{id}/b/{name}");
        assert_eq!(t.names, ["id", "name"]);
        assert!(t.problems.is_empty());
        assert_eq!(
            Template::parse("/a/{}").problems,
            [Problem::EmptyName { at: 3 }]
        );
        assert_eq!(
            Template::parse("/a/{id").problems,
            [Problem::Unclosed { at: 3 }]
        );
        assert_eq!(
            Template::parse("/a/id}").problems,
            [Problem::Unopened { at: 5 }]
        );
        assert_eq!(
            Template::parse("/a/{x{y}}").problems,
            [Problem::Nested { at: 5 }, Problem::Unopened { at: 8 }]
        );
        assert_eq!(Template::parse("/a/{id}/{id}").repeated(), Some("id"));
        assert_eq!(Template::parse("/a/{id}/{x}").repeated(), None);
    }

    #[test]
    fn shapes_ignore_names() {
        assert_eq!(shape("/pets/{id}"), shape("/pets/{petId}"));
        assert_eq!(shape("/pets/{id}.{fmt}"), "/pets/{}.{}");
        assert_ne!(shape("/pets/{id}"), shape("/pets/{id}/toys"));
    }
}
