//! `req.query`: query-string and form-body decoding with Next.js semantics.
//!
//! Implements nextjs-compat 2.2 (route params merged over the query), 2.3 (URLSearchParams decoding:
//! single key → string, repeated key → array in request order, `?c` → `""`, `+` → space, invalid
//! escapes kept literally, no nested parsing), 2.5f and 10.4 (urlencoded bodies through Node's
//! `querystring.decode`, capped at 1000 pieces), 10.6 (a truncated UTF-8 escape in the query becomes
//! U+FFFD) and 10.7 (key order: query keys first, then route params; an overriding param keeps the
//! query key's position). The urlencoded decoding and encoding themselves are `form_urlencoded`'s,
//! which follows the WHATWG URL standard that `URLSearchParams` implements.
//!
//! Differences from Next.js that are JavaScript accidents and deliberately not copied (nextjs-compat 10.12):
//! JS objects list integer-like keys (`?2=a&1=b`) before the others, while [`QueryMap`] keeps request
//! order for every key; and Node's `querystring` fallback decoder truncates non-ASCII characters to one
//! byte when a string also holds an invalid escape, while here non-ASCII text always survives intact.

use indexmap::IndexMap;

use crate::hashing::KeyHasher;
use serde::ser::{SerializeMap, SerializeSeq};
use serde::{Serialize, Serializer};

/// How many `&`-separated pieces of a urlencoded body are read, as Node's `querystring` `maxKeys`.
const FORM_MAX_PIECES: usize = 1000;

/// One entry of `req.query`: a single string, or every value of a repeated key (or a catch-all
/// route param, nextjs-compat 1.7) in order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum QueryValue {
    /// The key occurred once (or is a plain `[param]`).
    One(String),
    /// The key was repeated, or is a catch-all param; serialized as a JSON array.
    Many(Vec<String>),
}

impl QueryValue {
    /// The single value, or `None` when this holds several (`?a=1&a=2`), mirroring the
    /// `string | string[]` check a Next.js handler writes.
    pub fn as_str(&self) -> Option<&str> {
        match self {
            QueryValue::One(value) => Some(value),
            QueryValue::Many(_) => None,
        }
    }

    /// The single value, or the first of several; `None` only for an empty [`QueryValue::Many`].
    pub fn first(&self) -> Option<&str> {
        self.as_slice().first().map(String::as_str)
    }

    /// Every value in order: one element for [`QueryValue::One`].
    pub fn as_slice(&self) -> &[String] {
        match self {
            QueryValue::One(value) => std::slice::from_ref(value),
            QueryValue::Many(values) => values,
        }
    }

    fn push(&mut self, value: String) {
        match self {
            QueryValue::One(first) => {
                let first = std::mem::take(first);
                *self = QueryValue::Many(vec![first, value]);
            }
            QueryValue::Many(values) => values.push(value),
        }
    }
}

impl From<String> for QueryValue {
    fn from(value: String) -> Self {
        QueryValue::One(value)
    }
}

impl From<&str> for QueryValue {
    fn from(value: &str) -> Self {
        QueryValue::One(value.to_owned())
    }
}

impl From<Vec<String>> for QueryValue {
    fn from(values: Vec<String>) -> Self {
        QueryValue::Many(values)
    }
}

/// A JSON string for [`QueryValue::One`], an array of strings for [`QueryValue::Many`], as
/// Next.js puts it in `req.query` and in an urlencoded `req.body`.
impl From<QueryValue> for serde_json::Value {
    fn from(value: QueryValue) -> Self {
        match value {
            QueryValue::One(one) => serde_json::Value::String(one),
            QueryValue::Many(many) => serde_json::Value::from(many),
        }
    }
}

impl Serialize for QueryValue {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self {
            QueryValue::One(value) => serializer.serialize_str(value),
            QueryValue::Many(values) => {
                let mut seq = serializer.serialize_seq(Some(values.len()))?;
                for value in values {
                    seq.serialize_element(value)?;
                }
                seq.end()
            }
        }
    }
}

/// `req.query`: an insertion-ordered map from key to [`QueryValue`], keys unique.
///
/// The order is Next.js's key order: query keys as they first appear, then route params
/// (nextjs-compat 10.7). It serializes as a JSON object in that order, and two maps are equal only when their
/// entries are equal in the same order.
///
/// ```
/// use api_routes_runtime::{QueryMap, QueryValue};
///
/// let mut query = QueryMap::parse("b=1&a=2&b=3");
/// query.insert_param("id".to_owned(), QueryValue::from("7"));
/// assert_eq!(query.keys().collect::<Vec<_>>(), ["b", "a", "id"]);
/// assert_eq!(query.get("a").and_then(QueryValue::as_str), Some("2"));
/// assert_eq!(query.to_json_string(), r#"{"b":["1","3"],"a":"2","id":"7"}"#);
/// ```
#[derive(Debug, Clone, Default)]
pub struct QueryMap {
    entries: IndexMap<String, QueryValue, KeyHasher>,
}

impl PartialEq for QueryMap {
    fn eq(&self, other: &Self) -> bool {
        // `IndexMap`'s own equality ignores order; the order is part of `req.query`.
        self.entries.as_slice() == other.entries.as_slice()
    }
}

impl Eq for QueryMap {}

impl QueryMap {
    /// An empty map, `{}` (nextjs-compat 2.2: no query string).
    pub fn new() -> Self {
        Self::default()
    }

    /// Decodes a raw query string (the part after `?`, without the `?`) the way `URLSearchParams`
    /// does (nextjs-compat 2.3, 10.6): pieces split on `&`, empty pieces skipped, the first `=` splits key
    /// from value (no `=` → value `""`), `+` is a space, `%XX` is a byte and an invalid escape stays
    /// literal, and decoded bytes that are not UTF-8 become U+FFFD. A repeated key becomes
    /// [`QueryValue::Many`] in request order.
    pub fn parse(raw_query: &str) -> QueryMap {
        let mut map = QueryMap::new();
        for (key, value) in form_urlencoded::parse(raw_query.as_bytes()) {
            match map.entries.get_mut(key.as_ref()) {
                Some(values) => values.push(value.into_owned()),
                None => {
                    map.entries
                        .insert(key.into_owned(), QueryValue::One(value.into_owned()));
                }
            }
        }
        map
    }

    /// The value for `key`, if present.
    pub fn get(&self, key: &str) -> Option<&QueryValue> {
        self.entries.get(key)
    }

    /// Merges a route param (nextjs-compat 2.2, 10.7): it replaces a same-named query key in that key's
    /// position, otherwise it is appended after every existing key.
    pub fn insert_param(&mut self, key: String, value: QueryValue) {
        self.entries.insert(key, value);
    }

    /// Entries in order.
    pub fn iter(&self) -> impl Iterator<Item = (&str, &QueryValue)> {
        self.entries.iter().map(|(k, v)| (k.as_str(), v))
    }

    /// Keys in order.
    pub fn keys(&self) -> impl Iterator<Item = &str> {
        self.entries.keys().map(String::as_str)
    }

    /// Number of distinct keys.
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    /// `true` for `{}`.
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// Compact JSON text of the map in key order, as `JSON.stringify(req.query)` prints it.
    pub fn to_json_string(&self) -> String {
        // Keys and values are plain strings, which serde_json always serializes.
        serde_json::to_string(self).unwrap_or_else(|_| String::from("{}"))
    }

    /// Re-encodes the map as an `application/x-www-form-urlencoded` string (each value of a
    /// [`QueryValue::Many`] as a repeated key), for a serde form deserializer to give typed access.
    /// Decoding the result with [`QueryMap::parse`] gives back an equal map whenever no
    /// [`QueryValue::Many`] has fewer than two values.
    pub fn to_urlencoded(&self) -> String {
        let mut form = form_urlencoded::Serializer::new(String::new());
        for (key, value) in &self.entries {
            for item in value.as_slice() {
                form.append_pair(key, item);
            }
        }
        form.finish()
    }
}

impl IntoIterator for QueryMap {
    type Item = (String, QueryValue);
    type IntoIter = indexmap::map::IntoIter<String, QueryValue>;

    /// Entries in order, owned.
    fn into_iter(self) -> Self::IntoIter {
        self.entries.into_iter()
    }
}

impl Serialize for QueryMap {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut map = serializer.serialize_map(Some(self.entries.len()))?;
        for (key, value) in &self.entries {
            map.serialize_entry(key, value)?;
        }
        map.end()
    }
}

/// Decodes an `application/x-www-form-urlencoded` body as Node's `querystring.decode` does for
/// Next.js (nextjs-compat 2.5f, 10.4): the same decoding as [`QueryMap::parse`], but only the first 1000
/// `&`-separated pieces are read. Node counts pieces, not distinct keys: empty pieces (`&&`) and
/// repeats of a key each use up one of the 1000, and everything after the 1000th piece is ignored.
pub fn parse_form(body: &str) -> QueryMap {
    // `form_urlencoded` skips empty pieces without counting them, so the cap cuts the text instead.
    let read = match body.match_indices('&').nth(FORM_MAX_PIECES - 1) {
        Some((end_of_last_piece, _)) => &body[..end_of_last_piece],
        None => body,
    };
    QueryMap::parse(read)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn one(s: &str) -> QueryValue {
        QueryValue::One(s.to_owned())
    }

    fn many(values: &[&str]) -> QueryValue {
        QueryValue::Many(values.iter().map(|v| (*v).to_owned()).collect())
    }

    #[test]
    fn an_empty_query_is_an_empty_object() {
        // nextjs-compat 2.2
        let query = QueryMap::parse("");
        assert!(query.is_empty());
        assert_eq!(query.to_json_string(), "{}");
    }

    #[test]
    fn repeated_keys_become_arrays_in_request_order() {
        // nextjs-compat 2.3: [T-API] `?a=1&b=2&a=3`
        let query = QueryMap::parse("a=1&b=2&a=3");
        assert_eq!(query.get("a"), Some(&many(&["1", "3"])));
        assert_eq!(query.get("b"), Some(&one("2")));
        assert_eq!(query.to_json_string(), r#"{"a":["1","3"],"b":"2"}"#);
    }

    #[test]
    fn a_key_without_equals_sign_has_an_empty_value() {
        // nextjs-compat 2.3: `?c` → {"c":""}
        assert_eq!(QueryMap::parse("c").to_json_string(), r#"{"c":""}"#);
    }

    #[test]
    fn invalid_escapes_are_kept_literally() {
        // nextjs-compat 2.3, 10.6: `%ZZ` stays `%ZZ`; a lone `%` too
        let query = QueryMap::parse("%41=%ZZ&%&b=%4&c=%%41");
        assert_eq!(
            query.to_json_string(),
            r#"{"A":"%ZZ","%":"","b":"%4","c":"%A"}"#
        );
    }

    #[test]
    fn invalid_utf8_escapes_are_replaced_per_maximal_subpart_as_whatwg_does() {
        // nextjs-compat 10.6; expected values printed by node 20's URLSearchParams
        let query = QueryMap::parse("a=%ED%A0%80&b=%C0%80&c=%FF%41&d=%f0%9f%98%80");
        assert_eq!(query.get("a"), Some(&one("\u{FFFD}\u{FFFD}\u{FFFD}")));
        assert_eq!(query.get("b"), Some(&one("\u{FFFD}\u{FFFD}")));
        assert_eq!(query.get("c"), Some(&one("\u{FFFD}A")));
        assert_eq!(query.get("d"), Some(&one("😀")));
    }

    #[test]
    fn a_byte_order_mark_in_a_key_is_kept() {
        // nextjs-compat 2.3: URLSearchParams decodes UTF-8 without stripping a BOM (node 20)
        let query = QueryMap::parse("%EF%BB%BFa=1");
        assert_eq!(query.keys().collect::<Vec<_>>(), ["\u{FEFF}a"]);
    }

    #[test]
    fn empty_pieces_between_ampersands_are_skipped() {
        // nextjs-compat 2.3
        assert_eq!(QueryMap::parse("&&a&&").to_json_string(), r#"{"a":""}"#);
    }

    #[test]
    fn only_the_first_equals_sign_splits_and_empty_keys_are_kept() {
        // nextjs-compat 2.3: URLSearchParams semantics (node 20: `=x` → ["", "x"])
        let query = QueryMap::parse("a=b=c&=x");
        assert_eq!(query.to_json_string(), r#"{"a":"b=c","":"x"}"#);
    }

    #[test]
    fn brackets_are_not_parsed_as_nesting() {
        // nextjs-compat 2.3: `a[]=1` → key `a[]`
        assert_eq!(QueryMap::parse("a[]=1").to_json_string(), r#"{"a[]":"1"}"#);
    }

    #[test]
    fn non_ascii_text_passes_through() {
        // nextjs-compat 2.3
        assert_eq!(QueryMap::parse("é=%C3%A9").get("é"), Some(&one("é")));
    }

    #[test]
    fn a_route_param_overrides_a_query_key_in_that_keys_position() {
        // nextjs-compat 2.2 (`/post/abc?pid=bcd` → {"pid":"abc"}) and 10.7
        let mut query = QueryMap::parse("pid=bcd&x=1&pid=e");
        query.insert_param("pid".to_owned(), one("abc"));
        assert_eq!(query.to_json_string(), r#"{"pid":"abc","x":"1"}"#);
    }

    #[test]
    fn route_params_come_after_query_keys() {
        // nextjs-compat 1.14 (`/api/post-1?val=1` → {"val":"1","post":"post-1"}) and 10.7
        let mut query = QueryMap::parse("val=1");
        query.insert_param("post".to_owned(), one("post-1"));
        query.insert_param("slug".to_owned(), many(&["a", "b"]));
        assert_eq!(
            query.to_json_string(),
            r#"{"val":"1","post":"post-1","slug":["a","b"]}"#
        );
        assert_eq!(query.keys().collect::<Vec<_>>(), ["val", "post", "slug"]);
        assert_eq!(query.len(), 3);
    }

    #[test]
    fn maps_with_the_same_entries_in_another_order_differ() {
        // nextjs-compat 10.7: the key order is part of `req.query`
        assert_ne!(QueryMap::parse("a=1&b=2"), QueryMap::parse("b=2&a=1"));
        assert_eq!(QueryMap::parse("a=1&b=2"), QueryMap::parse("a=1&&b=2"));
    }

    #[test]
    fn integer_like_keys_keep_request_order_unlike_a_js_object() {
        // nextjs-compat 10.12: JS would list "1" before "2" and "b"; the port keeps request order
        assert_eq!(
            QueryMap::parse("b=1&2=x&1=y").to_json_string(),
            r#"{"b":"1","2":"x","1":"y"}"#
        );
    }

    #[test]
    fn query_value_helpers_tell_one_from_many() {
        // nextjs-compat 2.3: `string | string[]`
        assert_eq!(one("x").as_str(), Some("x"));
        assert_eq!(many(&["a", "b"]).as_str(), None);
        assert_eq!(many(&["a", "b"]).first(), Some("a"));
        assert_eq!(many(&[]).first(), None);
        assert_eq!(one("x").as_slice(), ["x"]);
    }

    #[test]
    fn urlencoding_repeats_keys_and_escapes_reserved_bytes() {
        // nextjs-compat 2.3: re-encoding for typed access
        let mut query = QueryMap::parse("a=1&b=x+y&a=3");
        query.insert_param("p".to_owned(), one("&=+%é"));
        assert_eq!(query.to_urlencoded(), "a=1&a=3&b=x+y&p=%26%3D%2B%25%C3%A9");
        assert_eq!(QueryMap::parse(&query.to_urlencoded()), query);
    }

    #[test]
    fn the_nextjs_urlencoded_example_decodes() {
        // nextjs-compat 2.5f: [T-API] urlencoded body
        let form =
            parse_form("title=Nextjs&description=The%20React%20Framework%20for%20Production");
        assert_eq!(
            form.to_json_string(),
            r#"{"title":"Nextjs","description":"The React Framework for Production"}"#
        );
    }

    #[test]
    fn empty_pieces_and_repeats_count_towards_the_form_cap() {
        // nextjs-compat 10.4; expected values printed by node 20 `querystring.decode`
        let nine_hundred_ninety_nine = "&".repeat(999);
        assert_eq!(
            parse_form(&format!("{nine_hundred_ninety_nine}a=1&b=2")).to_json_string(),
            r#"{"a":"1"}"#
        );
        assert_eq!(
            parse_form(&format!("{}a=1&b=2", "&".repeat(998))).to_json_string(),
            r#"{"a":"1","b":"2"}"#
        );
        let repeated = parse_form(&"a=1&".repeat(1001));
        assert_eq!(repeated.get("a").map(|v| v.as_slice().len()), Some(1000));
    }

    proptest! {
        #[test]
        fn parsing_any_query_never_panics_and_keeps_keys_unique(raw in ".{0,64}") {
            // nextjs-compat 2.3
            let query = QueryMap::parse(&raw);
            let mut keys: Vec<_> = query.keys().collect();
            let count = keys.len();
            keys.sort_unstable();
            keys.dedup();
            prop_assert_eq!(keys.len(), count);
        }

        #[test]
        fn urlencoding_a_parsed_query_round_trips(raw in "([a-c%+=&é ]|%[0-9A-Fa-f]{2}){0,24}") {
            // nextjs-compat 2.3
            let query = QueryMap::parse(&raw);
            prop_assert_eq!(QueryMap::parse(&query.to_urlencoded()), query);
        }
    }
}
