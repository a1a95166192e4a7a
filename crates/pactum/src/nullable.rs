//! [`Nullable`]: an optional property that may also be `null` — absent, null and a value are
//! three different things on the wire.

use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// The value of a property that is both optional and nullable.
///
/// Generated structs use it with `#[serde(default, skip_serializing_if = "Nullable::is_absent")]`
/// so that an absent property stays absent and an explicit `null` stays `null`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash)]
pub enum Nullable<T> {
    /// The property is not there.
    #[default]
    Absent,
    /// The property is `null`.
    Null,
    /// The property has a value.
    Value(T),
}

impl<T> Nullable<T> {
    /// True for [`Nullable::Absent`] (used by `skip_serializing_if`).
    pub fn is_absent(&self) -> bool {
        matches!(self, Nullable::Absent)
    }

    /// The value, if there is one.
    pub fn as_option(&self) -> Option<&T> {
        match self {
            Nullable::Value(v) => Some(v),
            _ => None,
        }
    }

    /// The value, if there is one.
    pub fn into_option(self) -> Option<T> {
        match self {
            Nullable::Value(v) => Some(v),
            _ => None,
        }
    }
}

impl<T> From<Option<T>> for Nullable<T> {
    fn from(v: Option<T>) -> Self {
        match v {
            Some(v) => Nullable::Value(v),
            None => Nullable::Null,
        }
    }
}

impl<T: Serialize> Serialize for Nullable<T> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match self {
            Nullable::Value(v) => v.serialize(s),
            _ => s.serialize_none(),
        }
    }
}

impl<'de, T: Deserialize<'de>> Deserialize<'de> for Nullable<T> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        Ok(Option::<T>::deserialize(d)?.into())
    }
}

/// Deserializes a *required* nullable property: unlike a plain `Option` field, a missing
/// property is an error ("missing field"), and `null` is `None`.
pub fn required_nullable<'de, D, T>(d: D) -> Result<Option<T>, D::Error>
where
    D: Deserializer<'de>,
    T: Deserialize<'de>,
{
    Option::<T>::deserialize(d)
}

/// Deserializes an *optional, non-nullable* property of a request type: absent is `None`
/// (with `#[serde(default)]`), and an explicit `null` is an error, because the schema does
/// not allow it.
pub fn optional_non_null<'de, D, T>(d: D) -> Result<Option<T>, D::Error>
where
    D: Deserializer<'de>,
    T: Deserialize<'de>,
{
    T::deserialize(d).map(Some)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Serialize, Deserialize, PartialEq, Debug)]
    struct S {
        #[serde(default, skip_serializing_if = "Nullable::is_absent")]
        n: Nullable<u8>,
    }

    #[test]
    fn absent_null_value() {
        let absent: S = serde_json::from_str("{}").unwrap();
        assert_eq!(absent.n, Nullable::Absent);
        let null: S = serde_json::from_str(r#"{"n":null}"#).unwrap();
        assert_eq!(null.n, Nullable::Null);
        let value: S = serde_json::from_str(r#"{"n":3}"#).unwrap();
        assert_eq!(value.n, Nullable::Value(3));
        assert_eq!(serde_json::to_string(&absent).unwrap(), "{}");
        assert_eq!(serde_json::to_string(&null).unwrap(), r#"{"n":null}"#);
    }

    #[derive(Deserialize, PartialEq, Debug)]
    struct Strict {
        #[serde(default, deserialize_with = "optional_non_null")]
        tags: Option<Vec<u8>>,
    }

    #[test]
    fn optional_non_null_rejects_null_but_allows_absent() {
        let absent: Strict = serde_json::from_str("{}").unwrap();
        assert_eq!(absent.tags, None);
        let present: Strict = serde_json::from_str(r#"{"tags":[1]}"#).unwrap();
        assert_eq!(present.tags, Some(vec![1]));
        assert!(serde_json::from_str::<Strict>(r#"{"tags":null}"#).is_err());
    }
}
