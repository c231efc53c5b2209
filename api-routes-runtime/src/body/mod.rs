//! Next.js body parsing (`req.body`) over bytes that were already read within the size limit.
//!
//! Implements nextjs-compat 2.5a–i with the refinements of 10.4 and 10.5, following
//! `packages/next/src/server/api-utils/node/parse-body.ts` and the packages it bundles:
//!
//! - a/b/d: the [`ContentType`] says how to parse the body and which [`Charset`] decodes it;
//! - e/10.4: `application/json` and `application/ld+json` only; an empty body is `{}`, white space
//!   alone or invalid JSON is 400 `Invalid JSON`, any JSON value is accepted;
//! - f/10.4: `application/x-www-form-urlencoded` through [`crate::query::parse_form`] (first 1000
//!   pieces), keys in the body's order;
//! - g/h: anything else is the decoded text, `""` when there is no body;
//! - i/10.5: errors carry the status and the message that is both reason phrase and body.
//!
//! JSON is parsed by `serde_json`, which rejects numbers beyond `f64` (JavaScript gives
//! `Infinity`), escaped lone surrogates (`"\ud800"`) and nesting deeper than 128 levels: JavaScript
//! accidents the port does not copy (nextjs-compat 10.12).

mod charset;
mod content_type;

use std::fmt;

use http::StatusCode;
use serde_json::{Map, Value};

pub use charset::Charset;
pub use content_type::{ContentType, MediaKind};

use crate::query::parse_form;

/// A body-parsing failure; Next.js answers it without calling the handler (nextjs-compat 2.5i).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BodyError {
    /// A JSON media type whose body is not JSON (nextjs-compat 2.5e): 400 `Invalid JSON`.
    InvalidJson,
    /// A body that cannot be decoded, e.g. an unsupported charset (nextjs-compat 2.5d, 10.4):
    /// 400 `Invalid body`.
    InvalidBody,
}

impl BodyError {
    /// The text Next.js uses as both reason phrase and body (nextjs-compat 2.5i, 10.5).
    pub fn message(&self) -> &'static str {
        match self {
            BodyError::InvalidJson => "Invalid JSON",
            BodyError::InvalidBody => "Invalid body",
        }
    }

    /// The response status: always 400 Bad Request.
    pub fn status(&self) -> StatusCode {
        StatusCode::BAD_REQUEST
    }
}

impl fmt::Display for BodyError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.message())
    }
}

impl std::error::Error for BodyError {}

/// Turns already-read body bytes into `req.body` (nextjs-compat 2.5e–h, 10.4).
///
/// JSON: a body that decodes to nothing (no bytes, or only a BOM) is `{}`; otherwise any JSON value
/// or [`BodyError::InvalidJson`]. Urlencoded: an object of strings, repeated keys as arrays, keys
/// in the body's order. Text: the decoded string, `""` for no body.
///
/// ```
/// use api_routes_runtime::__private::fuzzing::{ContentType, parse_body};
///
/// let form = ContentType::from_header(Some(b"application/x-www-form-urlencoded")).unwrap();
/// let body = parse_body(&form, b"b=1&a=x+y&b=2").unwrap();
/// assert_eq!(body.to_string(), r#"{"b":["1","2"],"a":"x y"}"#);
/// ```
pub fn parse_body(content_type: &ContentType, bytes: &[u8]) -> Result<Value, BodyError> {
    let text = content_type.charset.decode(bytes);
    match content_type.kind {
        MediaKind::Json if text.is_empty() => Ok(Value::Object(Map::new())),
        MediaKind::Json => serde_json::from_str::<PlainJsonValue>(&text)
            .map(|plain| plain.0)
            .map_err(|_| BodyError::InvalidJson),
        MediaKind::UrlEncoded => {
            let object = parse_form(&text)
                .into_iter()
                .map(|(key, value)| (key, Value::from(value)))
                .collect();
            Ok(Value::Object(object))
        }
        MediaKind::Text => Ok(Value::String(text.into_owned())),
    }
}

/// The checks of [`parse_body`] without building the value: a JSON body is valid JSON (the
/// charset was checked by [`ContentType::from_header`]). Next.js rejects a bad body before the
/// handler runs (nextjs-compat 2.5i); this lets the extractor do that while handlers that never look at
/// `req.body()` skip building it.
///
/// ```
/// use api_routes_runtime::__private::fuzzing::{BodyError, ContentType, MediaKind, check_body};
///
/// let json = ContentType { kind: MediaKind::Json, ..ContentType::default() };
/// assert_eq!(check_body(&json, b"[1, 2]"), Ok(()));
/// assert_eq!(check_body(&json, b"{oops"), Err(BodyError::InvalidJson));
/// ```
pub fn check_body(content_type: &ContentType, bytes: &[u8]) -> Result<(), BodyError> {
    match content_type.kind {
        MediaKind::Json => {
            let text = content_type.charset.decode(bytes);
            if text.is_empty() {
                return Ok(());
            }
            serde_json::from_str::<AnyJsonValue>(&text)
                .map(drop)
                .map_err(|_| BodyError::InvalidJson)
        }
        MediaKind::UrlEncoded | MediaKind::Text => Ok(()),
    }
}

/// Any JSON value, checked exactly as `serde_json::Value` checks it but never built: `check_body`
/// must accept only what `parse_body` accepts. `serde::de::IgnoredAny` is not enough: it skips
/// serde_json's nesting limit and does not reject numbers beyond `f64` or escaped lone surrogates
/// (found by `fuzz/`'s `body` target).
struct AnyJsonValue;

impl<'de> serde::Deserialize<'de> for AnyJsonValue {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        // `Value` deserializes through `deserialize_any` too, which is where serde_json checks
        // numbers, string escapes and the nesting depth.
        deserializer.deserialize_any(AnyJsonValue)
    }
}

impl<'de> serde::de::Visitor<'de> for AnyJsonValue {
    type Value = AnyJsonValue;

    fn expecting(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        formatter.write_str("any JSON value")
    }

    fn visit_bool<E>(self, _: bool) -> Result<Self, E> {
        Ok(self)
    }

    fn visit_i64<E>(self, _: i64) -> Result<Self, E> {
        Ok(self)
    }

    fn visit_u64<E>(self, _: u64) -> Result<Self, E> {
        Ok(self)
    }

    fn visit_f64<E>(self, _: f64) -> Result<Self, E> {
        Ok(self)
    }

    fn visit_str<E>(self, _: &str) -> Result<Self, E> {
        Ok(self)
    }

    fn visit_unit<E>(self) -> Result<Self, E> {
        Ok(self)
    }

    fn visit_seq<A: serde::de::SeqAccess<'de>>(self, mut seq: A) -> Result<Self, A::Error> {
        while seq.next_element::<AnyJsonValue>()?.is_some() {}
        Ok(self)
    }

    fn visit_map<A: serde::de::MapAccess<'de>>(self, mut map: A) -> Result<Self, A::Error> {
        while map.next_entry::<AnyJsonValue, AnyJsonValue>()?.is_some() {}
        Ok(self)
    }
}

/// A JSON value built as `serde_json::Value` builds it, with one difference: every object key is
/// a plain key. `Value` reads an object whose first key is `$serde_json::private::RawValue` as a
/// `RawValue` whenever serde_json's `raw_value` feature is on (axum turns it on), so
/// `{"$serde_json::private::RawValue":"[1]"}` became `[1]`, and `{"…RawValue":"1a"}` failed
/// after `check_body` had passed it (found by `fuzz/`'s `cookies` and `path_params` targets).
/// JavaScript's `JSON.parse` gives an object with that key.
struct PlainJsonValue(Value);

impl<'de> serde::Deserialize<'de> for PlainJsonValue {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(PlainJsonVisitor)
    }
}

struct PlainJsonVisitor;

impl<'de> serde::de::Visitor<'de> for PlainJsonVisitor {
    type Value = PlainJsonValue;

    fn expecting(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        formatter.write_str("any JSON value")
    }

    fn visit_bool<E>(self, value: bool) -> Result<PlainJsonValue, E> {
        Ok(PlainJsonValue(Value::Bool(value)))
    }

    fn visit_i64<E>(self, value: i64) -> Result<PlainJsonValue, E> {
        Ok(PlainJsonValue(Value::from(value)))
    }

    fn visit_u64<E>(self, value: u64) -> Result<PlainJsonValue, E> {
        Ok(PlainJsonValue(Value::from(value)))
    }

    fn visit_f64<E>(self, value: f64) -> Result<PlainJsonValue, E> {
        // As `Value`: a non-finite float is `null` (serde_json never reads one from JSON text).
        Ok(PlainJsonValue(Value::from(value)))
    }

    fn visit_str<E>(self, value: &str) -> Result<PlainJsonValue, E> {
        Ok(PlainJsonValue(Value::String(value.to_owned())))
    }

    fn visit_string<E>(self, value: String) -> Result<PlainJsonValue, E> {
        Ok(PlainJsonValue(Value::String(value)))
    }

    fn visit_unit<E>(self) -> Result<PlainJsonValue, E> {
        Ok(PlainJsonValue(Value::Null))
    }

    fn visit_seq<A: serde::de::SeqAccess<'de>>(
        self,
        mut seq: A,
    ) -> Result<PlainJsonValue, A::Error> {
        let mut array = Vec::new();
        while let Some(PlainJsonValue(element)) = seq.next_element()? {
            array.push(element);
        }
        Ok(PlainJsonValue(Value::Array(array)))
    }

    fn visit_map<A: serde::de::MapAccess<'de>>(
        self,
        mut map: A,
    ) -> Result<PlainJsonValue, A::Error> {
        // A repeated key keeps its first place and its last value, as `Value` and `JSON.parse`.
        let mut object = Map::new();
        while let Some((key, PlainJsonValue(value))) = map.next_entry::<String, PlainJsonValue>()? {
            object.insert(key, value);
        }
        Ok(PlainJsonValue(Value::Object(object)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use serde_json::json;

    /// `req.body` for a request with this `Content-Type` header and body, as the extractor and
    /// `req.body()` together produce it.
    fn body(header: Option<&str>, bytes: &[u8]) -> Result<Value, BodyError> {
        let content_type = ContentType::from_header(header.map(str::as_bytes))?;
        check_body(&content_type, bytes)?;
        parse_body(&content_type, bytes)
    }

    // Expectations were printed by node 20 running Next.js 16.4.6's `parseBody` on the same input.

    #[test]
    fn a_utf8_byte_order_mark_is_dropped_before_parsing() {
        // nextjs-compat 10.4
        assert_eq!(
            body(Some("application/json"), b"\xef\xbb\xbf{\"a\":1}"),
            Ok(json!({"a": 1}))
        );
    }

    #[test]
    fn an_unknown_charset_is_invalid_body_even_for_an_empty_body() {
        // nextjs-compat 2.5d, 10.4
        assert_eq!(
            body(Some("application/json; charset=bogus"), b""),
            Err(BodyError::InvalidBody)
        );
        assert_eq!(
            body(Some("text/plain; charset=bogus"), b"x"),
            Err(BodyError::InvalidBody)
        );
    }

    #[test]
    fn an_empty_json_body_is_an_empty_object() {
        // nextjs-compat 2.5e: [T-API] "should special-case empty JSON body", 10.4
        assert_eq!(body(Some("application/json"), b""), Ok(json!({})));
        assert_eq!(body(Some("application/ld+json"), b""), Ok(json!({})));
        assert_eq!(
            body(Some("application/json"), b"\xef\xbb\xbf"),
            Ok(json!({}))
        );
    }

    #[test]
    fn a_white_space_json_body_is_invalid_json() {
        // nextjs-compat 10.4
        assert_eq!(
            body(Some("application/json"), b" "),
            Err(BodyError::InvalidJson)
        );
        assert_eq!(
            body(Some("application/json"), b"\n\t"),
            Err(BodyError::InvalidJson)
        );
    }

    #[test]
    fn any_json_value_is_accepted() {
        // nextjs-compat 2.5e: [T-API] echoes `[{"title":"Nextjs"}]`
        assert_eq!(
            body(Some("application/json"), br#"[{"title":"Nextjs"}]"#),
            Ok(json!([{"title": "Nextjs"}]))
        );
        assert_eq!(body(Some("application/json"), b"\"s\""), Ok(json!("s")));
        assert_eq!(body(Some("application/json"), b" 12 "), Ok(json!(12)));
        assert_eq!(body(Some("application/json"), b"null"), Ok(Value::Null));
    }

    #[test]
    fn invalid_json_is_a_400_with_the_nextjs_message() {
        // nextjs-compat 2.5e, 2.5i
        let err = body(Some("application/json"), b"{oops").unwrap_err();
        assert_eq!(err, BodyError::InvalidJson);
        assert_eq!(err.status(), StatusCode::BAD_REQUEST);
        assert_eq!(err.message(), "Invalid JSON");
        assert_eq!(err.to_string(), "Invalid JSON");
        assert_eq!(
            body(Some("application/json"), b"{} x"),
            Err(BodyError::InvalidJson)
        );
    }

    #[test]
    fn invalid_body_has_the_nextjs_message() {
        // nextjs-compat 2.5d, 2.5i
        assert_eq!(BodyError::InvalidBody.message(), "Invalid body");
        assert_eq!(BodyError::InvalidBody.status(), StatusCode::BAD_REQUEST);
        assert_eq!(BodyError::InvalidBody.to_string(), "Invalid body");
    }

    #[test]
    fn a_json_type_with_a_trailing_semicolon_is_text() {
        // nextjs-compat 10.4
        assert_eq!(
            body(Some("application/json;"), br#"{"a":1}"#),
            Ok(json!(r#"{"a":1}"#))
        );
    }

    #[test]
    fn vnd_api_json_is_text() {
        // nextjs-compat 10.4
        assert_eq!(
            body(Some("application/vnd.api+json"), br#"{"a":1}"#),
            Ok(json!(r#"{"a":1}"#))
        );
    }

    #[test]
    fn the_nextjs_urlencoded_example_becomes_an_object() {
        // nextjs-compat 2.5f: [T-API], sent as `application/x-www-Form-urlencoded`
        assert_eq!(
            body(
                Some("application/x-www-Form-urlencoded"),
                b"title=Nextjs&description=The%20React%20Framework%20for%20Production"
            ),
            Ok(json!({"title": "Nextjs", "description": "The React Framework for Production"}))
        );
    }

    #[test]
    fn urlencoded_repeats_become_arrays_and_plus_is_a_space() {
        // nextjs-compat 2.5f
        assert_eq!(
            body(
                Some("application/x-www-form-urlencoded"),
                b"a=1&b=x+y&a=2&c"
            ),
            Ok(json!({"a": ["1", "2"], "b": "x y", "c": ""}))
        );
        assert_eq!(
            body(Some("application/x-www-form-urlencoded"), b""),
            Ok(json!({}))
        );
    }

    #[test]
    fn urlencoded_bodies_are_decoded_with_their_charset_first() {
        // nextjs-compat 2.5b, 2.5f
        assert_eq!(
            body(
                Some("application/x-www-form-urlencoded; charset=latin1"),
                b"a=\xe9&b=%C3%A9"
            ),
            Ok(json!({"a": "é", "b": "é"}))
        );
    }

    #[test]
    fn other_types_give_the_decoded_text() {
        // nextjs-compat 2.5g
        assert_eq!(body(None, b"hello"), Ok(json!("hello")));
        assert_eq!(body(Some("text/plain"), b"a\xffb"), Ok(json!("a\u{FFFD}b")));
        assert_eq!(
            body(Some("multipart/form-data; boundary=x"), b"--x\r\n"),
            Ok(json!("--x\r\n"))
        );
        assert_eq!(
            body(Some("application/octet-stream"), b"\x00\x01"),
            Ok(json!("\u{0}\u{1}"))
        );
    }

    #[test]
    fn no_body_with_a_non_json_type_is_an_empty_string() {
        // nextjs-compat 2.5h
        assert_eq!(body(None, b""), Ok(json!("")));
        assert_eq!(body(Some("text/plain"), b""), Ok(json!("")));
    }

    #[test]
    fn check_body_rejects_every_json_body_parse_body_rejects() {
        // nextjs-compat 2.5i: the extractor answers 400 when `check_body` fails and `req.body()` relies on
        // `parse_body` succeeding otherwise. Crashers of `fuzz/`'s `body` target: `IgnoredAny`
        // accepted these, so `req.body()` was `null` instead of a 400 `Invalid JSON`.
        let json = ContentType {
            kind: MediaKind::Json,
            ..ContentType::default()
        };
        let nested = |depth: usize| format!("{}{}", "[".repeat(depth), "]".repeat(depth));
        let object_nested =
            |depth: usize| format!("{}1{}", r#"{"a":"#.repeat(depth), "}".repeat(depth));
        for body in [
            "1e400".to_owned(),
            "-1e400".to_owned(),
            r#""\ud800""#.to_owned(),
            r#"["\udc00x"]"#.to_owned(),
            r#"{"\ud800":1}"#.to_owned(),
            nested(127),
            nested(128),
            nested(129),
            nested(10_000),
            object_nested(128),
            object_nested(129),
        ] {
            let parsed = parse_body(&json, body.as_bytes()).map(drop);
            assert_eq!(check_body(&json, body.as_bytes()), parsed, "{body:.40}");
        }
        assert_eq!(check_body(&json, b"1e400"), Err(BodyError::InvalidJson));
        assert_eq!(check_body(&json, nested(127).as_bytes()), Ok(()));
        assert_eq!(
            check_body(&json, nested(128).as_bytes()),
            Err(BodyError::InvalidJson)
        );
        assert_eq!(
            check_body(
                &json,
                b"[1.5e300, -0, 18446744073709551616, \"\\ud83d\\ude00\", {}]"
            ),
            Ok(())
        );
    }

    #[test]
    fn serde_json_s_raw_value_token_is_a_plain_key() {
        // Crashers of `fuzz/`'s `cookies` and `path_params` targets: with serde_json's
        // `raw_value` feature on (axum turns it on), `Value` read this key as a `RawValue`: the
        // body became `[1]`, or failed to parse after `check_body` passed it (`req.body()` was
        // `null`). `JSON.parse` gives an object with that key.
        let json = ContentType {
            kind: MediaKind::Json,
            ..ContentType::default()
        };
        for body in [
            r#"{"$serde_json::private::RawValue":"[1]"}"#,
            r#"{"$serde_json::private::RawValue":"1a"}"#,
            r#"{"$serde_json::private::RawValue":5,"a":{"$serde_json::private::RawValue":""}}"#,
        ] {
            let parsed = parse_body(&json, body.as_bytes()).unwrap();
            assert!(parsed.is_object(), "{body} → {parsed}");
            assert_eq!(parsed.to_string(), body);
            assert_eq!(check_body(&json, body.as_bytes()), Ok(()));
        }
        assert_eq!(
            parse_body(&json, br#"{"a":1,"b":2,"a":3}"#)
                .unwrap()
                .to_string(),
            r#"{"a":3,"b":2}"#
        );
    }

    proptest! {
        #[test]
        fn parsing_any_body_never_panics(
            bytes in proptest::collection::vec(any::<u8>(), 0..48),
            kind in prop_oneof![Just(MediaKind::Json), Just(MediaKind::UrlEncoded), Just(MediaKind::Text)],
        ) {
            // nextjs-compat 2.5
            let _ = parse_body(&ContentType { kind, charset: Charset::Utf8 }, &bytes);
        }
    }
}
