//! What `api_routes::json!` makes: JSON text, written once, at the `json!`.
//!
//! serde_json's `json!` builds a [`Value`]: a map per object, a `String` per key and per string,
//! each allocated, hashed and freed again after `res.json(..)` has written it out. Ours writes the
//! text directly: the macro renders the keys and the punctuation at compile time, and each value
//! goes through serde_json's serializer into one buffer (`Writer`). `res.json(json!(..))` then
//! costs what `res.json(&a_struct)` costs, plus one copy of the text (BENCHMARKS.md).
//!
//! The values are borrowed only while the text is written, as serde_json's `json!` borrows them,
//! so a `json!` may be returned from a closure or kept in a variable like a `Value`.

use std::fmt;

use serde::ser::{Error as _, SerializeStruct};
use serde::{Serialize, Serializer};
use serde_json::Value;

/// A JSON value written with [`json!`](https://docs.rs/api-routes/latest/api_routes/macro.json.html):
/// its text, ready to send.
///
/// It serializes as that text (`res.json(json!(..))`, `Json(json!(..))`, inside another
/// `json!`), compares with a [`Value`], and converts into one when you need to change it.
///
/// `json!` is the way to write one (its docs have the page example); [`JsonLiteral::of`] makes
/// one from a value, as `json!(value)` does:
///
/// ```
/// use api_routes_runtime::JsonLiteral;
/// use serde_json::{Value, json};
///
/// let tags = JsonLiteral::of(&["a", "b"]);
/// assert_eq!(tags.as_str(), r#"["a","b"]"#);
/// assert_eq!(tags, json!(["a", "b"]));
///
/// // Inside other values it is written as it stands:
/// assert_eq!(json!({ "tags": tags.clone() }).to_string(), r#"{"tags":["a","b"]}"#);
///
/// // A `Value` when you need one:
/// let mut value = Value::from(tags);
/// value[0] = "z".into();
/// assert_eq!(value, json!(["z", "b"]));
/// ```
#[derive(Clone)]
pub struct JsonLiteral {
    text: String,
    /// What a value's `Serialize` reported (a map with non-string keys…): reported again when the
    /// literal is serialized, so `res.json(..)` answers 500 instead of sending broken JSON.
    error: Option<String>,
}

impl JsonLiteral {
    /// The literal of one value, written by serde_json: what `json!(value)` gives.
    pub fn of<T: Serialize + ?Sized>(value: &T) -> Self {
        let mut writer = Writer::with_capacity(64);
        writer.value(value);
        writer.finish()
    }

    /// The JSON text, compact, keys in the order they were written.
    pub fn as_str(&self) -> &str {
        &self.text
    }

    /// The literal as a [`Value`], as serde_json's `json!` would have built it.
    ///
    /// # Panics
    ///
    /// When a value could not be serialized (a map whose keys are not strings, a `Serialize`
    /// that fails), as serde_json's `json!` panics when it builds the value.
    pub fn into_value(self) -> Value {
        if let Some(error) = self.error {
            panic!("json! could not serialize a value: {error}");
        }
        // The text is serde_json's own output, so it parses, unless it nests deeper than
        // serde_json reads (128 levels).
        serde_json::from_str(&self.text)
            .unwrap_or_else(|error| panic!("json! wrote JSON that serde_json cannot read: {error}"))
    }
}

impl Serialize for JsonLiteral {
    /// Writes the text as it is, through serde_json's raw value (`serde_json::value::RawValue`),
    /// whose protocol is this one-field struct: checking the text again, as
    /// `RawValue::from_string` would, would cost what the literal saves.
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        if let Some(error) = &self.error {
            return Err(S::Error::custom(format!(
                "json! could not serialize a value: {error}"
            )));
        }
        const RAW_VALUE_TOKEN: &str = "$serde_json::private::RawValue";
        let mut raw = serializer.serialize_struct(RAW_VALUE_TOKEN, 1)?;
        raw.serialize_field(RAW_VALUE_TOKEN, self.text.as_str())?;
        raw.end()
    }
}

impl fmt::Debug for JsonLiteral {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.error {
            None => write!(f, "json!({})", self.text),
            Some(error) => write!(f, "json!(<error: {error}>)"),
        }
    }
}

impl fmt::Display for JsonLiteral {
    /// The JSON text, as `Value`'s `Display` writes it.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.text)
    }
}

impl From<JsonLiteral> for Value {
    fn from(literal: JsonLiteral) -> Self {
        literal.into_value()
    }
}

impl PartialEq for JsonLiteral {
    /// Equal as JSON values: `{"a":1,"b":2}` equals `{"b":2,"a":1}`, as two `Value`s do.
    fn eq(&self, other: &Self) -> bool {
        self.text == other.text || self.clone().into_value() == other.clone().into_value()
    }
}

impl PartialEq<Value> for JsonLiteral {
    fn eq(&self, other: &Value) -> bool {
        self.clone().into_value() == *other
    }
}

impl PartialEq<JsonLiteral> for Value {
    fn eq(&self, other: &JsonLiteral) -> bool {
        *self == other.clone().into_value()
    }
}

/// The buffer `json!` writes into. Not public API: the macro's code calls it.
#[doc(hidden)]
#[derive(Debug)]
pub struct Writer {
    text: Vec<u8>,
    error: Option<String>,
}

impl Writer {
    /// A buffer for `capacity` bytes: the literal text's length and a guess per value.
    pub fn with_capacity(capacity: usize) -> Self {
        Self {
            text: Vec::with_capacity(capacity),
            error: None,
        }
    }

    /// Text the macro rendered: punctuation, escaped keys, `null`.
    pub fn raw(&mut self, text: &str) {
        self.text.extend_from_slice(text.as_bytes());
    }

    /// One value, as serde_json writes it.
    pub fn value<T: Serialize + ?Sized>(&mut self, value: &T) {
        if let Err(error) = serde_json::to_writer(&mut self.text, value) {
            self.error.get_or_insert_with(|| error.to_string());
        }
    }

    /// The literal.
    pub fn finish(self) -> JsonLiteral {
        let (text, error) = match String::from_utf8(self.text) {
            Ok(text) => (text, self.error),
            // serde_json and the macro write UTF-8 only; kept as an error rather than trusted.
            Err(error) => (String::new(), Some(error.to_string())),
        };
        JsonLiteral { text, error }
    }
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeMap;

    use serde_json::json;

    use super::*;

    fn written(parts: impl FnOnce(&mut Writer)) -> JsonLiteral {
        let mut writer = Writer::with_capacity(0);
        parts(&mut writer);
        writer.finish()
    }

    #[test]
    fn serializes_as_its_text_inside_other_values() {
        let literal = written(|w| {
            w.raw("{\"a\":");
            w.value(&[1, 2]);
            w.raw("}");
        });
        assert_eq!(serde_json::to_string(&literal).unwrap(), r#"{"a":[1,2]}"#);
        let nested = json!({ "outer": literal.clone(), "list": [literal] });
        assert_eq!(
            serde_json::to_string(&nested).unwrap(),
            r#"{"outer":{"a":[1,2]},"list":[{"a":[1,2]}]}"#
        );
    }

    #[test]
    fn equals_the_value_serde_json_builds() {
        let literal = written(|w| {
            w.raw("{\"b\":2,\"a\":");
            w.value("x");
            w.raw("}");
        });
        assert_eq!(literal, json!({ "a": "x", "b": 2 }));
        assert_eq!(json!({ "a": "x", "b": 2 }), literal);
        assert_ne!(literal, json!({ "a": "y", "b": 2 }));
        assert_eq!(literal.to_string(), r#"{"b":2,"a":"x"}"#);
    }

    #[test]
    fn a_value_that_cannot_be_serialized_is_an_error_when_sent() {
        let mut map = BTreeMap::new();
        map.insert(vec![1], 2);
        let literal = written(|w| w.value(&map));
        let error = serde_json::to_string(&literal).unwrap_err().to_string();
        assert!(error.contains("key must be a string"), "{error}");
        assert!(format!("{literal:?}").contains("key must be a string"));
    }
}
