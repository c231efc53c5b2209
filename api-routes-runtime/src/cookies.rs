//! `req.cookies`: the request's `Cookie` headers parsed as Next.js does.
//!
//! Implements nextjs-compat 2.4 with the observed refinement 10.2, which wins. Next.js joins several
//! `Cookie` header values with `"; "` and hands the result to the `cookie` package (0.4, bundled
//! as `next/dist/compiled/cookie`), whose `parse`:
//!
//! - splits on `;` only: a comma does not separate cookies (`a=1, b=2` is one cookie `a` whose
//!   value is `1, b=2`);
//! - skips pieces without `=` and splits the others at the first `=`;
//! - trims name and value with JavaScript's `String.prototype.trim` (spaces, tabs and the other
//!   Unicode white space);
//! - keeps the first occurrence of a name;
//! - drops the first and last character of a value that starts with `"`, balanced or not
//!   (`a="x` → `""`, `a="` → `""`, nextjs-compat 10.2);
//! - then `decodeURIComponent`s the value when it contains `%`, keeping the raw value when that
//!   fails (`%ZZ` stays `%ZZ`).
//!
//! Header bytes that are not UTF-8 are decoded lossily (U+FFFD) and never cause a panic. Node reads
//! header bytes as Latin-1 instead, which turns UTF-8 cookie values into mojibake; that is a
//! JavaScript accident the port does not copy (nextjs-compat 10.12), nor does it copy JS's `slice(1, -1)`
//! leaving half a surrogate pair when a quoted value ends in an astral character (here the whole
//! character goes), nor prototype keys such as `constructor`.

use indexmap::IndexMap;

use crate::hashing::KeyHasher;
use serde::ser::SerializeMap;
use serde::{Serialize, Serializer};

use crate::js_compat::{decode_uri_component, is_js_whitespace};

/// `req.cookies`: cookie name → decoded value, names unique, in the order the client sent them.
///
/// Two values are equal only when their cookies are equal in the same order.
///
/// ```
/// use api_routes_runtime::__private::fuzzing::parse_cookie_headers;
///
/// let cookies = parse_cookie_headers([b"theme=dark; session=%7Bid%7D".as_slice()]);
/// assert_eq!(cookies.get("session"), Some("{id}"));
/// assert_eq!(cookies.iter().next(), Some(("theme", "dark")));
/// assert_eq!(cookies.len(), 2);
/// ```
#[derive(Debug, Clone, Default)]
pub struct Cookies {
    entries: IndexMap<String, String, KeyHasher>,
}

impl PartialEq for Cookies {
    fn eq(&self, other: &Self) -> bool {
        // `IndexMap`'s own equality ignores order; the order is part of `req.cookies`.
        self.entries.as_slice() == other.entries.as_slice()
    }
}

impl Eq for Cookies {}

impl Cookies {
    /// No cookies, `{}` (nextjs-compat 2.4: no `Cookie` header).
    pub fn new() -> Self {
        Self::default()
    }

    /// The value of the cookie `name`, if sent.
    pub fn get(&self, name: &str) -> Option<&str> {
        self.entries.get(name).map(String::as_str)
    }

    /// Name/value pairs in the order the client sent them.
    pub fn iter(&self) -> impl Iterator<Item = (&str, &str)> {
        self.entries.iter().map(|(n, v)| (n.as_str(), v.as_str()))
    }

    /// Number of distinct cookie names.
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    /// `true` for `{}`.
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }
}

impl Serialize for Cookies {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut map = serializer.serialize_map(Some(self.entries.len()))?;
        for (name, value) in &self.entries {
            map.serialize_entry(name, value)?;
        }
        map.end()
    }
}

/// Parses every `Cookie` header value of a request, in order, into `req.cookies` (nextjs-compat 2.4, 10.2).
///
/// The values are joined with `"; "` as Next.js does, so a cookie in a later header never
/// replaces one of the same name in an earlier header.
pub fn parse_cookie_headers<'a>(headers: impl IntoIterator<Item = &'a [u8]>) -> Cookies {
    let mut joined = Vec::new();
    for (i, header) in headers.into_iter().enumerate() {
        if i > 0 {
            joined.extend_from_slice(b"; ");
        }
        joined.extend_from_slice(header);
    }
    parse_cookie_str(&String::from_utf8_lossy(&joined))
}

fn parse_cookie_str(header: &str) -> Cookies {
    let mut cookies = Cookies::new();
    for piece in header.split(';') {
        let Some((raw_name, raw_value)) = piece.split_once('=') else {
            continue;
        };
        let name = raw_name.trim_matches(is_js_whitespace);
        if cookies.entries.contains_key(name) {
            continue;
        }
        let value = strip_leading_quote(raw_value.trim_matches(is_js_whitespace));
        let value = if value.contains('%') {
            decode_uri_component(value).unwrap_or_else(|| value.to_owned())
        } else {
            value.to_owned()
        };
        cookies.entries.insert(name.to_owned(), value);
    }
    cookies
}

/// JavaScript's `slice(1, -1)` applied to any value starting with `"`, closing quote or not.
fn strip_leading_quote(value: &str) -> &str {
    let Some(rest) = value.strip_prefix('"') else {
        return value;
    };
    match rest.char_indices().next_back() {
        Some((last, _)) => &rest[..last],
        None => rest,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn parse(header: &str) -> String {
        serde_json::to_string(&parse_cookie_headers([header.as_bytes()])).unwrap()
    }

    // Expected JSON below was printed by node 20 running Next.js 16.4.6's bundled
    // `next/dist/compiled/cookie` `parse` on the same input.

    #[test]
    fn no_cookie_header_gives_an_empty_object() {
        // nextjs-compat 2.4
        let cookies = parse_cookie_headers(std::iter::empty::<&[u8]>());
        assert!(cookies.is_empty());
        assert_eq!(serde_json::to_string(&cookies).unwrap(), "{}");
    }

    #[test]
    fn a_trailing_semicolon_is_ignored() {
        // nextjs-compat 2.4: [T-API] `Cookie: nextjs=cool;`
        assert_eq!(parse("nextjs=cool;"), r#"{"nextjs":"cool"}"#);
    }

    #[test]
    fn names_and_values_are_trimmed() {
        // nextjs-compat 2.4, 10.2
        assert_eq!(parse(" a = 1 ; b=2"), r#"{"a":"1","b":"2"}"#);
        assert_eq!(parse("a=\t1\t;\tb=2"), r#"{"a":"1","b":"2"}"#);
        assert_eq!(parse("a=\u{A0}1"), r#"{"a":"1"}"#);
    }

    #[test]
    fn a_comma_does_not_separate_cookies() {
        // nextjs-compat 10.2
        assert_eq!(parse("a=1, b=2"), r#"{"a":"1, b=2"}"#);
    }

    #[test]
    fn the_first_occurrence_of_a_name_wins() {
        // nextjs-compat 2.4, 10.2
        assert_eq!(parse("a=1;a=2"), r#"{"a":"1"}"#);
    }

    #[test]
    fn pieces_without_equals_sign_are_skipped() {
        // nextjs-compat 2.4
        assert_eq!(parse("noeq; a=1;b"), r#"{"a":"1"}"#);
        assert_eq!(parse(";;a=1;;"), r#"{"a":"1"}"#);
        assert_eq!(parse("a"), "{}");
        assert_eq!(parse(""), "{}");
    }

    #[test]
    fn the_value_is_split_at_the_first_equals_sign_and_an_empty_name_is_kept() {
        // nextjs-compat 2.4
        assert_eq!(parse("a=b=c"), r#"{"a":"b=c"}"#);
        assert_eq!(parse("=v"), r#"{"":"v"}"#);
    }

    #[test]
    fn a_value_starting_with_a_quote_loses_its_first_and_last_character() {
        // nextjs-compat 10.2: balanced or not
        assert_eq!(parse(r#"a="b""#), r#"{"a":"b"}"#);
        assert_eq!(parse(r#"a=" b ""#), r#"{"a":" b "}"#);
        assert_eq!(parse(r#"a="x"#), r#"{"a":""}"#);
        assert_eq!(parse(r#"a=""#), r#"{"a":""}"#);
        assert_eq!(parse(r#"a="""#), r#"{"a":""}"#);
        assert_eq!(parse(r#"a="xyz"#), r#"{"a":"xy"}"#);
        assert_eq!(parse(r#"a="x;y""#), r#"{"a":""}"#);
    }

    #[test]
    fn a_quote_only_at_the_end_is_kept() {
        // nextjs-compat 10.2
        assert_eq!(parse(r#"a=x""#), r#"{"a":"x\""}"#);
    }

    #[test]
    fn values_are_percent_decoded_after_quote_stripping() {
        // nextjs-compat 2.4
        assert_eq!(parse("a=%41"), r#"{"a":"A"}"#);
        assert_eq!(parse(r#"a="%41""#), r#"{"a":"A"}"#);
        assert_eq!(parse("a=%22x%22"), r#"{"a":"\"x\""}"#);
        assert_eq!(parse("a=%E2%82%AC+"), r#"{"a":"€+"}"#);
    }

    #[test]
    fn a_value_that_fails_to_decode_is_kept_raw() {
        // nextjs-compat 2.4
        assert_eq!(parse("a=%41%ZZ"), r#"{"a":"%41%ZZ"}"#);
        assert_eq!(parse("a=%E0%A4%A"), r#"{"a":"%E0%A4%A"}"#);
        assert_eq!(parse("a=%ff"), r#"{"a":"%ff"}"#);
    }

    #[test]
    fn names_are_not_decoded() {
        // nextjs-compat 2.4
        assert_eq!(parse("%41=1"), r#"{"%41":"1"}"#);
    }

    #[test]
    fn several_cookie_headers_are_joined_and_the_earliest_wins() {
        // nextjs-compat 2.4: array headers joined with "; "
        let cookies = parse_cookie_headers([b"a=1; b=2".as_slice(), b"b=3; c=4".as_slice()]);
        assert_eq!(
            serde_json::to_string(&cookies).unwrap(),
            r#"{"a":"1","b":"2","c":"4"}"#
        );
        assert_eq!(cookies.get("b"), Some("2"));
        assert_eq!(cookies.len(), 3);
        assert_eq!(
            cookies.iter().collect::<Vec<_>>(),
            [("a", "1"), ("b", "2"), ("c", "4")]
        );
    }

    #[test]
    fn the_same_cookies_in_another_order_differ() {
        // nextjs-compat 2.4: the order the client sent is part of `req.cookies`
        let cookies = |header: &str| parse_cookie_headers([header.as_bytes()]);
        assert_ne!(cookies("a=1; b=2"), cookies("b=2; a=1"));
        assert_eq!(cookies("a=1; b=2"), cookies("a=1;b=2;a=3"));
    }

    #[test]
    fn non_utf8_header_bytes_are_replaced_not_fatal() {
        // nextjs-compat 2.4
        let cookies = parse_cookie_headers([b"a=\xff\xfe; b=ok".as_slice()]);
        assert_eq!(cookies.get("a"), Some("\u{FFFD}\u{FFFD}"));
        assert_eq!(cookies.get("b"), Some("ok"));
    }

    #[test]
    fn utf8_cookie_values_are_kept_as_text() {
        // nextjs-compat 10.12: Node would show Latin-1 mojibake ("Ã©"); the port keeps "é"
        assert_eq!(parse("a=é"), r#"{"a":"é"}"#);
    }

    proptest! {
        #[test]
        fn any_header_bytes_parse_without_panicking(
            headers in proptest::collection::vec(proptest::collection::vec(any::<u8>(), 0..48), 0..4)
        ) {
            // nextjs-compat 2.4
            let cookies = parse_cookie_headers(headers.iter().map(Vec::as_slice));
            prop_assert!(cookies.len() <= headers.iter().map(|h| h.len()).sum::<usize>());
        }

        #[test]
        fn plain_cookies_round_trip(
            pairs in proptest::collection::vec(("[A-Za-z0-9_]{1,8}", "[A-Za-z0-9_.!*-]{0,12}"), 0..8)
        ) {
            // nextjs-compat 2.4: first occurrence wins
            let header = pairs.iter().map(|(n, v)| format!("{n}={v}")).collect::<Vec<_>>().join("; ");
            let cookies = parse_cookie_headers([header.as_bytes()]);
            for (name, _) in &pairs {
                let first = pairs.iter().find(|(n, _)| n == name).map(|(_, v)| v.as_str());
                prop_assert_eq!(cookies.get(name), first);
            }
        }
    }
}
