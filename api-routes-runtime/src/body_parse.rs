//! Next.js body parsing (`req.body`) over bytes that were already read within the size limit.
//!
//! Implements spec item 2.5 a–i with the refinements of 10.4 and 10.5, following
//! `packages/next/src/server/api-utils/node/parse-body.ts` and the packages it bundles:
//!
//! - a/10.4: the `Content-Type` is parsed as strictly as the `content-type` package; a missing,
//!   empty or unparsable header (`text`, `text/plain;`, `application/json;`) means `text/plain`;
//! - b/d/10.4: the `charset` parameter picks the decoder, as `raw-body`/`iconv-lite` do: names are
//!   compared after lower-casing and dropping everything but letters and digits, a leading BOM is
//!   dropped for UTF-8 and UTF-16, and an unsupported charset is 400 `Invalid body`;
//! - e/10.4: `application/json` and `application/ld+json` only; an empty body is `{}`, white space
//!   alone or invalid JSON is 400 `Invalid JSON`, any JSON value is accepted;
//! - f/10.4: `application/x-www-form-urlencoded` through [`crate::query::parse_form`] (first 1000
//!   pieces);
//! - g/h: anything else is the decoded text, `""` when there is no body;
//! - i/10.5: errors carry the status and the message that is both reason phrase and body.
//!
//! Supported charsets: UTF-8 (`utf-8`, `utf8`, `unicode-1-1-utf-8`), US-ASCII (`us-ascii`,
//! `ascii` and iconv-lite's other aliases; bytes above 0x7F become U+FFFD), Latin-1 (`latin1`,
//! `iso-8859-1`, `binary`, …), Windows-1252 (`windows-1252`, `cp1252`), and UTF-16 in either byte
//! order (`utf-16le`, `ucs2`, `utf-16be`). iconv-lite knows many more (for instance `utf-16` with
//! BOM sniffing, `shift_jis`, `koi8-r`); those are 400 `Invalid body` here, a documented difference.
//!
//! Other differences, all JavaScript accidents (spec 10.12): a lone UTF-16 surrogate becomes U+FFFD
//! (a Rust string cannot hold one); JSON is parsed by `serde_json`, which rejects numbers beyond
//! `f64` (JavaScript gives `Infinity`), escaped lone surrogates (`"\ud800"`) and nesting deeper than
//! 128 levels; urlencoded objects are `serde_json::Map`s, which (without serde_json's
//! `preserve_order` feature) sort their keys instead of keeping the body's order.

use std::fmt;

use http::StatusCode;
use serde_json::{Map, Value};

use crate::cookies::is_js_whitespace;
use crate::query::{QueryValue, parse_form};

/// A body-parsing failure; Next.js answers it without calling the handler (spec 2.5i).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BodyError {
    /// A JSON media type whose body is not JSON (spec 2.5e): 400 `Invalid JSON`.
    InvalidJson,
    /// A body that cannot be decoded, e.g. an unsupported charset (spec 2.5d, 10.4):
    /// 400 `Invalid body`.
    InvalidBody,
}

impl BodyError {
    /// The text Next.js uses as both reason phrase and body (spec 2.5i, 10.5).
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

/// How a body is turned into `req.body` (spec 2.5e–g).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MediaKind {
    /// `application/json` or `application/ld+json`: parsed as JSON.
    Json,
    /// `application/x-www-form-urlencoded`: a flat object of strings and arrays.
    UrlEncoded,
    /// Everything else, unparsable types included: the decoded text.
    Text,
}

/// The parts of a request `Content-Type` that body parsing uses.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ContentType {
    /// How the body will be parsed.
    pub kind: MediaKind,
    /// The `charset` parameter as sent (not normalized); `None` when absent or empty, meaning UTF-8.
    pub charset: Option<String>,
}

impl Default for ContentType {
    /// `text/plain` without a charset, what a missing or unparsable header means (spec 2.5a).
    fn default() -> Self {
        ContentType {
            kind: MediaKind::Text,
            charset: None,
        }
    }
}

/// Parses a request `Content-Type` header value (spec 2.5a, 10.4).
///
/// Follows the `content-type` package: `type/subtype` made of token characters (surrounding white
/// space allowed), then zero or more `; name=value` parameters where spaces may surround `;` and
/// `=` and a value is a token or a quoted string. Anything else, including a trailing `;`, makes
/// the whole header unparsable, which Next.js treats as `text/plain`. The media type is compared
/// case-insensitively; the last `charset` parameter wins. Header bytes are read as Latin-1, as Node
/// reads them.
pub fn parse_content_type(header: Option<&[u8]>) -> ContentType {
    let Some(bytes) = header else {
        return ContentType::default();
    };
    parse_media_type(&decode_latin1(bytes)).unwrap_or_default()
}

fn parse_media_type(header: &str) -> Option<ContentType> {
    let (essence, params) = match header.find(';') {
        Some(at) => (&header[..at], &header[at..]),
        None => (header, ""),
    };
    let essence = essence.trim_matches(is_js_whitespace);
    let (main, sub) = essence.split_once('/')?;
    if !is_token(main) || !is_token(sub) {
        return None;
    }
    let essence = essence.to_ascii_lowercase();
    let mut charset = None;
    let mut rest = params;
    while !rest.is_empty() {
        let (name, value, after) = parse_parameter(rest)?;
        if name.eq_ignore_ascii_case("charset") {
            charset = Some(value);
        }
        rest = after;
    }
    let kind = match essence.as_str() {
        "application/json" | "application/ld+json" => MediaKind::Json,
        "application/x-www-form-urlencoded" => MediaKind::UrlEncoded,
        _ => MediaKind::Text,
    };
    Some(ContentType {
        kind,
        // Next.js falls back to UTF-8 with `charset || 'utf-8'`, so `charset=""` means UTF-8.
        charset: charset.filter(|c: &String| !c.is_empty()),
    })
}

/// One `; *name *= *value *` step of the `content-type` package's parameter regular expression,
/// returning the name, the unescaped value and the unparsed remainder.
fn parse_parameter(input: &str) -> Option<(&str, String, &str)> {
    let rest = input.strip_prefix(';')?.trim_start_matches(' ');
    let name_len = rest.find(|c| !is_tchar(c)).unwrap_or(rest.len());
    if name_len == 0 {
        return None;
    }
    let (name, rest) = rest.split_at(name_len);
    let rest = rest.trim_start_matches(' ').strip_prefix('=')?;
    let rest = rest.trim_start_matches(' ');
    let (value, rest) = if let Some(quoted) = rest.strip_prefix('"') {
        let mut value = String::new();
        let mut chars = quoted.char_indices();
        loop {
            let (at, c) = chars.next()?;
            match c {
                '"' => break (value, &quoted[at + 1..]),
                '\\' => {
                    let (_, escaped) = chars.next()?;
                    if !(escaped == '\u{0B}' || ('\u{20}'..='\u{FF}').contains(&escaped)) {
                        return None;
                    }
                    value.push(escaped);
                }
                // The package's qdtext: VT, space, `!`, `#`–`[`, `]`–`~` and 0x80–0xFF.
                '\u{0B}' | '\u{20}'..='\u{7E}' | '\u{80}'..='\u{FF}' => value.push(c),
                _ => return None,
            }
        }
    } else {
        let len = rest.find(|c| !is_tchar(c)).unwrap_or(rest.len());
        if len == 0 {
            return None;
        }
        (rest[..len].to_owned(), &rest[len..])
    };
    Some((name, value, rest.trim_start_matches(' ')))
}

fn is_token(s: &str) -> bool {
    !s.is_empty() && s.chars().all(is_tchar)
}

fn is_tchar(c: char) -> bool {
    c.is_ascii_alphanumeric() || "!#$%&'*+.^_`|~-".contains(c)
}

/// Decodes a body with the named charset (spec 2.5b, 2.5d, 10.4); `None` or `""` is UTF-8.
///
/// Invalid UTF-8 becomes U+FFFD as Node's decoder does; a leading byte-order mark is dropped for
/// UTF-8 and UTF-16; an unsupported charset is [`BodyError::InvalidBody`], whatever the body.
pub fn decode_text(bytes: &[u8], charset: Option<&str>) -> Result<String, BodyError> {
    let charset = match charset {
        Some(name) if !name.is_empty() => Charset::from_name(name).ok_or(BodyError::InvalidBody)?,
        _ => Charset::Utf8,
    };
    let text = match charset {
        Charset::Utf8 => String::from_utf8_lossy(bytes).into_owned(),
        Charset::Ascii => bytes
            .iter()
            .map(|&b| {
                if b.is_ascii() {
                    char::from(b)
                } else {
                    '\u{FFFD}'
                }
            })
            .collect(),
        Charset::Latin1 => decode_latin1(bytes),
        Charset::Windows1252 => bytes.iter().map(|&b| windows_1252(b)).collect(),
        Charset::Utf16Le => decode_utf16(bytes, u16::from_le_bytes),
        Charset::Utf16Be => decode_utf16(bytes, u16::from_be_bytes),
    };
    match text.strip_prefix('\u{FEFF}') {
        Some(rest) if charset.strips_bom() => Ok(rest.to_owned()),
        _ => Ok(text),
    }
}

/// Turns already-read body bytes into `req.body` (spec 2.5e–h, 10.4).
///
/// JSON: a body that decodes to nothing (no bytes, or only a BOM) is `{}`; otherwise any JSON value
/// or [`BodyError::InvalidJson`]. Urlencoded: an object of strings, repeated keys as arrays, its keys
/// sorted by `serde_json::Map` (use [`crate::query::parse_form`] on [`decode_text`]'s result for the
/// body's own order). Text: the decoded string, `""` for no body.
pub fn parse_body(content_type: &ContentType, bytes: &[u8]) -> Result<Value, BodyError> {
    let text = decode_text(bytes, content_type.charset.as_deref())?;
    match content_type.kind {
        MediaKind::Json if text.is_empty() => Ok(Value::Object(Map::new())),
        MediaKind::Json => serde_json::from_str(&text).map_err(|_| BodyError::InvalidJson),
        MediaKind::UrlEncoded => {
            let object = parse_form(&text)
                .iter()
                .map(|(key, value)| (key.to_owned(), query_value_to_json(value)))
                .collect();
            Ok(Value::Object(object))
        }
        MediaKind::Text => Ok(Value::String(text)),
    }
}

/// The checks of [`parse_body`] without building the value: the charset is known, and a JSON
/// body is valid JSON. Next.js rejects a bad body before the handler runs (spec 2.5i); this lets
/// the extractor do that while handlers that never look at `req.body()` skip building it.
pub fn check_body(content_type: &ContentType, bytes: &[u8]) -> Result<(), BodyError> {
    match content_type.kind {
        MediaKind::Json => {
            let text = json_text(content_type, bytes)?;
            if text.is_empty() {
                return Ok(());
            }
            serde_json::from_str::<AnyJsonValue>(&text)
                .map(drop)
                .map_err(|_| BodyError::InvalidJson)
        }
        MediaKind::UrlEncoded | MediaKind::Text => match content_type.charset.as_deref() {
            Some(name) if !name.is_empty() => Charset::from_name(name)
                .map(drop)
                .ok_or(BodyError::InvalidBody),
            _ => Ok(()),
        },
    }
}

/// The text of a JSON body, borrowed when it is UTF-8 already (the common case). Empty when
/// the body decodes to nothing, which Next.js reads as `{}`.
pub fn json_text<'a>(
    content_type: &ContentType,
    bytes: &'a [u8],
) -> Result<std::borrow::Cow<'a, str>, BodyError> {
    let utf8 = matches!(
        content_type
            .charset
            .as_deref()
            .map(str::to_ascii_lowercase)
            .as_deref(),
        None | Some("" | "utf-8" | "utf8")
    );
    if utf8 && let Ok(text) = std::str::from_utf8(bytes) {
        return Ok(std::borrow::Cow::Borrowed(
            text.strip_prefix('\u{FEFF}').unwrap_or(text),
        ));
    }
    decode_text(bytes, content_type.charset.as_deref()).map(std::borrow::Cow::Owned)
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

/// Bytes read as Latin-1 (ISO-8859-1), one char per byte, as Node reads header values.
pub(crate) fn decode_latin1(bytes: &[u8]) -> String {
    bytes.iter().map(|&b| char::from(b)).collect()
}

fn query_value_to_json(value: &QueryValue) -> Value {
    match value {
        QueryValue::One(one) => Value::String(one.clone()),
        QueryValue::Many(many) => Value::Array(many.iter().cloned().map(Value::String).collect()),
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Charset {
    Utf8,
    Ascii,
    Latin1,
    Windows1252,
    Utf16Le,
    Utf16Be,
}

impl Charset {
    /// iconv-lite's lookup: lower-case, drop a `:YYYY` year suffix, keep only letters and digits.
    fn from_name(name: &str) -> Option<Charset> {
        let lower = name.to_lowercase();
        let without_year = match lower.rsplit_once(':') {
            Some((head, year)) if year.len() == 4 && year.bytes().all(|b| b.is_ascii_digit()) => {
                head
            }
            _ => lower.as_str(),
        };
        let canonical: String = without_year
            .chars()
            .filter(|c| c.is_ascii_lowercase() || c.is_ascii_digit())
            .collect();
        let charset = match canonical.as_str() {
            "utf8" | "unicode11utf8" => Charset::Utf8,
            "ascii" | "usascii" | "ansix341968" | "ansix341986" | "csascii" | "ibm367"
            | "cp367" | "iso646us" | "isoir6" | "us" | "ascii8bit" => Charset::Ascii,
            "latin1" | "binary" | "iso88591" | "l1" | "cp819" | "ibm819" | "csisolatin1"
            | "isoir100" => Charset::Latin1,
            "windows1252" | "cp1252" => Charset::Windows1252,
            "utf16le" | "ucs2" => Charset::Utf16Le,
            "utf16be" => Charset::Utf16Be,
            _ => return None,
        };
        Some(charset)
    }

    /// iconv-lite strips a BOM only for its BOM-aware (Unicode) codecs.
    fn strips_bom(self) -> bool {
        matches!(self, Charset::Utf8 | Charset::Utf16Le | Charset::Utf16Be)
    }
}

/// UTF-16 with a trailing odd byte dropped and unpaired surrogates replaced.
fn decode_utf16(bytes: &[u8], unit: fn([u8; 2]) -> u16) -> String {
    let units = bytes.chunks_exact(2).map(|pair| unit([pair[0], pair[1]]));
    char::decode_utf16(units)
        .map(|c| c.unwrap_or(char::REPLACEMENT_CHARACTER))
        .collect()
}

/// Windows-1252: Latin-1 except 0x80–0x9F; the five unassigned bytes become U+FFFD as in iconv-lite.
fn windows_1252(byte: u8) -> char {
    const HIGH: [char; 32] = [
        '\u{20AC}', '\u{FFFD}', '\u{201A}', '\u{0192}', '\u{201E}', '\u{2026}', '\u{2020}',
        '\u{2021}', '\u{02C6}', '\u{2030}', '\u{0160}', '\u{2039}', '\u{0152}', '\u{FFFD}',
        '\u{017D}', '\u{FFFD}', '\u{FFFD}', '\u{2018}', '\u{2019}', '\u{201C}', '\u{201D}',
        '\u{2022}', '\u{2013}', '\u{2014}', '\u{02DC}', '\u{2122}', '\u{0161}', '\u{203A}',
        '\u{0153}', '\u{FFFD}', '\u{017E}', '\u{0178}',
    ];
    match byte {
        0x80..=0x9F => HIGH[usize::from(byte - 0x80)],
        _ => char::from(byte),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use serde_json::json;

    fn ct(header: &str) -> ContentType {
        parse_content_type(Some(header.as_bytes()))
    }

    fn text(charset: Option<&str>) -> ContentType {
        ContentType {
            kind: MediaKind::Text,
            charset: charset.map(str::to_owned),
        }
    }

    fn body(header: Option<&str>, bytes: &[u8]) -> Result<Value, BodyError> {
        parse_body(&parse_content_type(header.map(str::as_bytes)), bytes)
    }

    // Content-Type and charset expectations were printed by node 20 running Next.js 16.4.6's
    // bundled `content-type` and `raw-body` on the same input.

    #[test]
    fn a_missing_or_empty_content_type_is_text_plain() {
        // spec 2.5a
        assert_eq!(parse_content_type(None), text(None));
        assert_eq!(ct(""), text(None));
    }

    #[test]
    fn an_unparsable_content_type_is_text_plain() {
        // spec 2.5a, 10.4
        for header in [
            "text",
            "text/plain;",
            "application/json;",
            "application/json;charset=utf-8;",
            "application/json; charset",
            "application/json; charset=",
            "application/json;\tcharset=utf-8",
            "application/json, text/plain",
            "a/b/c",
            "/json",
            "application/",
        ] {
            assert_eq!(ct(header), text(None), "{header}");
        }
    }

    #[test]
    fn only_json_and_ld_json_are_json() {
        // spec 2.5e, 10.4
        assert_eq!(ct("application/json").kind, MediaKind::Json);
        assert_eq!(ct("APPLICATION/JSON").kind, MediaKind::Json);
        assert_eq!(ct(" application/json ").kind, MediaKind::Json);
        assert_eq!(ct("\tapplication/json").kind, MediaKind::Json);
        assert_eq!(ct("application/ld+json").kind, MediaKind::Json);
        assert_eq!(ct("application/vnd.api+json").kind, MediaKind::Text);
        assert_eq!(
            ct("multipart/form-data; boundary=----abc").kind,
            MediaKind::Text
        );
    }

    #[test]
    fn the_form_type_matches_case_insensitively() {
        // spec 2.5a: [T-API] `application/x-www-Form-urlencoded`
        assert_eq!(
            ct("application/x-www-Form-urlencoded").kind,
            MediaKind::UrlEncoded
        );
    }

    #[test]
    fn charset_parameters_are_read_like_the_content_type_package() {
        // spec 2.5b
        let charset = |h: &str| ct(h).charset;
        assert_eq!(charset("text/plain; charset=latin1"), Some("latin1".into()));
        assert_eq!(
            charset(r#"text/plain;charset="utf-16le""#),
            Some("utf-16le".into())
        );
        assert_eq!(charset("text/plain ; charset=utf-8"), Some("utf-8".into()));
        assert_eq!(charset("text/plain; charset=utf-8 "), Some("utf-8".into()));
        assert_eq!(
            charset("application/json; charset = utf-8"),
            Some("utf-8".into())
        );
        assert_eq!(
            charset("application/json; CHARSET=ISO-8859-1"),
            Some("ISO-8859-1".into())
        );
        assert_eq!(
            charset("application/json; charset=a; charset=b"),
            Some("b".into())
        );
        assert_eq!(
            charset(r#"application/json; charset="a\"b""#),
            Some("a\"b".into())
        );
        assert_eq!(charset(r#"application/json; charset="""#), None);
        assert_eq!(
            charset("application/json; charset=utf-8; foo=bar"),
            Some("utf-8".into())
        );
    }

    #[test]
    fn latin1_header_bytes_are_accepted_in_quoted_values_and_trimmed_around_the_type() {
        // spec 2.5a: Node reads header bytes as Latin-1
        assert_eq!(
            parse_content_type(Some(b"text/plain; charset=\"\xe9\"")).charset,
            Some("é".into())
        );
        assert_eq!(
            parse_content_type(Some(b"application/json\xa0")).kind,
            MediaKind::Json
        );
        assert_eq!(parse_content_type(Some(b"\xff/json")), text(None));
    }

    #[test]
    fn utf8_is_the_default_and_decodes_lossily() {
        // spec 2.5b, 2.5g
        assert_eq!(decode_text(b"h\xc3\xa9", None), Ok("hé".into()));
        assert_eq!(decode_text(b"a\xc3", Some("utf8")), Ok("a\u{FFFD}".into()));
        assert_eq!(
            decode_text(b"a\xc3(\xe2\x82", Some("UTF-8")),
            Ok("a\u{FFFD}(\u{FFFD}".into())
        );
        assert_eq!(
            decode_text(b"\xed\xa0\x80a", None),
            Ok("\u{FFFD}\u{FFFD}\u{FFFD}a".into())
        );
        assert_eq!(decode_text(b"a", Some("")), Ok("a".into()));
    }

    #[test]
    fn a_utf8_byte_order_mark_is_dropped_once() {
        // spec 10.4
        assert_eq!(decode_text(b"\xef\xbb\xbfa", None), Ok("a".into()));
        assert_eq!(
            decode_text(b"\xef\xbb\xbf\xef\xbb\xbfa", None),
            Ok("\u{FEFF}a".into())
        );
        assert_eq!(
            body(Some("application/json"), b"\xef\xbb\xbf{\"a\":1}"),
            Ok(json!({"a": 1}))
        );
    }

    #[test]
    fn charset_names_are_normalized_like_iconv_lite() {
        // spec 2.5b
        for name in [
            "U.T.F-8",
            "utf_8",
            "UTF8 ",
            "utf-8;",
            "unicode-1-1-utf-8",
            "utf-8:1234",
        ] {
            assert_eq!(decode_text(b"a", Some(name)), Ok("a".into()), "{name}");
        }
    }

    #[test]
    fn ascii_replaces_high_bytes_and_keeps_a_bom_as_bytes() {
        // spec 2.5b
        for name in [
            "ascii",
            "us-ascii",
            "US_ASCII",
            "ansix341968",
            "iso646us",
            "cp367",
        ] {
            assert_eq!(
                decode_text(b"a\x80\xff\x7f", Some(name)),
                Ok("a\u{FFFD}\u{FFFD}\x7f".into())
            );
        }
        assert_eq!(
            decode_text(b"\xef\xbb\xbf", Some("ascii")),
            Ok("\u{FFFD}\u{FFFD}\u{FFFD}".into())
        );
    }

    #[test]
    fn latin1_maps_each_byte_to_one_character() {
        // spec 2.5b
        for name in [
            "latin1",
            "iso-8859-1",
            "ISO_8859-1:1987",
            "binary",
            "l1",
            "cp819",
        ] {
            assert_eq!(
                decode_text(b"a\xff\xe9\x80", Some(name)),
                Ok("aÿé\u{80}".into())
            );
        }
        assert_eq!(
            decode_text(b"\xef\xbb\xbfa", Some("latin1")),
            Ok("ï»¿a".into())
        );
    }

    #[test]
    fn windows_1252_maps_the_c1_range() {
        // spec 2.5b; table printed by node 20 through iconv-lite
        let all: Vec<u8> = (0x80..=0x9f).collect();
        let decoded = decode_text(&all, Some("windows-1252")).unwrap();
        let expected = "€\u{FFFD}‚ƒ„…†‡ˆ‰Š‹Œ\u{FFFD}Ž\u{FFFD}\u{FFFD}‘’“”•–—˜™š›œ\u{FFFD}žŸ";
        assert_eq!(decoded, expected);
        assert_eq!(decode_text(b"a\xe9", Some("cp1252")), Ok("aé".into()));
    }

    #[test]
    fn utf16_decodes_drops_its_bom_and_a_trailing_odd_byte() {
        // spec 2.5b
        assert_eq!(
            decode_text(b"\xff\xfea\x00\x3d\xd8\x00\xde", Some("utf-16le")),
            Ok("a😀".into())
        );
        assert_eq!(decode_text(b"a\x00b", Some("ucs2")), Ok("a".into()));
        assert_eq!(
            decode_text(b"\xfe\xff\x00a", Some("UTF-16BE")),
            Ok("a".into())
        );
        // spec 10.12: JS keeps the lone surrogate; a Rust string cannot
        assert_eq!(
            decode_text(b"\x3d\xd8a\x00", Some("utf16le")),
            Ok("\u{FFFD}a".into())
        );
    }

    #[test]
    fn an_unknown_charset_is_invalid_body_even_for_an_empty_body() {
        // spec 2.5d, 10.4
        for name in ["bogus", "  ", "x-cp1252", "utf-16", "utf-7"] {
            assert_eq!(
                decode_text(b"a", Some(name)),
                Err(BodyError::InvalidBody),
                "{name}"
            );
        }
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
        // spec 2.5e: [T-API] "should special-case empty JSON body", 10.4
        assert_eq!(body(Some("application/json"), b""), Ok(json!({})));
        assert_eq!(body(Some("application/ld+json"), b""), Ok(json!({})));
        assert_eq!(
            body(Some("application/json"), b"\xef\xbb\xbf"),
            Ok(json!({}))
        );
    }

    #[test]
    fn a_white_space_json_body_is_invalid_json() {
        // spec 10.4
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
        // spec 2.5e: [T-API] echoes `[{"title":"Nextjs"}]`
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
        // spec 2.5e, 2.5i
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
        // spec 2.5d, 2.5i
        assert_eq!(BodyError::InvalidBody.message(), "Invalid body");
        assert_eq!(BodyError::InvalidBody.status(), StatusCode::BAD_REQUEST);
        assert_eq!(BodyError::InvalidBody.to_string(), "Invalid body");
    }

    #[test]
    fn a_json_type_with_a_trailing_semicolon_is_text() {
        // spec 10.4
        assert_eq!(
            body(Some("application/json;"), br#"{"a":1}"#),
            Ok(json!(r#"{"a":1}"#))
        );
    }

    #[test]
    fn vnd_api_json_is_text() {
        // spec 10.4
        assert_eq!(
            body(Some("application/vnd.api+json"), br#"{"a":1}"#),
            Ok(json!(r#"{"a":1}"#))
        );
    }

    #[test]
    fn the_nextjs_urlencoded_example_becomes_an_object() {
        // spec 2.5f: [T-API], sent as `application/x-www-Form-urlencoded`
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
        // spec 2.5f
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
    fn urlencoded_bodies_keep_only_the_first_1000_keys() {
        // spec 10.4
        let form = (0..1001)
            .map(|i| format!("k{i}=v"))
            .collect::<Vec<_>>()
            .join("&");
        let parsed = body(Some("application/x-www-form-urlencoded"), form.as_bytes()).unwrap();
        let object = parsed.as_object().unwrap();
        assert_eq!(object.len(), 1000);
        assert!(object.contains_key("k999") && !object.contains_key("k1000"));
    }

    #[test]
    fn urlencoded_bodies_are_decoded_with_their_charset_first() {
        // spec 2.5b, 2.5f
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
        // spec 2.5g
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
        // spec 2.5h
        assert_eq!(body(None, b""), Ok(json!("")));
        assert_eq!(body(Some("text/plain"), b""), Ok(json!("")));
    }

    #[test]
    fn check_body_rejects_every_json_body_parse_body_rejects() {
        // spec 2.5i: the extractor answers 400 when `check_body` fails and `req.body()` relies on
        // `parse_body` succeeding otherwise. Crashers of `fuzz/`'s `body` target: `IgnoredAny`
        // accepted these, so `req.body()` was `null` instead of a 400 `Invalid JSON`.
        let json = ContentType {
            kind: MediaKind::Json,
            charset: None,
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

    proptest! {
        #[test]
        fn any_content_type_bytes_parse_without_panicking(bytes in proptest::collection::vec(any::<u8>(), 0..48)) {
            // spec 2.5a
            let parsed = parse_content_type(Some(&bytes));
            prop_assert!(parsed.charset.as_deref() != Some(""));
        }

        #[test]
        fn structured_content_types_parse(
            kind in "(application/json|text/plain|application/x-www-form-urlencoded)",
            name in "[A-Za-z0-9-]{1,10}",
            quoted in any::<bool>(),
        ) {
            // spec 2.5a, 2.5b
            let header = if quoted {
                format!("{kind}; foo=bar; charset=\"{name}\"")
            } else {
                format!("{kind};charset={name}")
            };
            prop_assert_eq!(ct(&header).charset, Some(name));
        }

        #[test]
        fn decoding_never_panics_for_any_supported_charset(
            bytes in proptest::collection::vec(any::<u8>(), 0..48),
            charset in "(utf-8|ascii|latin1|windows-1252|utf-16le|utf-16be|nope)",
        ) {
            // spec 2.5b, 2.5d
            let _ = decode_text(&bytes, Some(&charset));
        }

        #[test]
        fn utf8_and_utf16_text_round_trips(s in "[^\u{FEFF}].{0,32}|") {
            // spec 2.5b
            prop_assert_eq!(decode_text(s.as_bytes(), None), Ok(s.clone()));
            let le: Vec<u8> = s.encode_utf16().flat_map(u16::to_le_bytes).collect();
            prop_assert_eq!(decode_text(&le, Some("utf-16le")), Ok(s.clone()));
            let be: Vec<u8> = s.encode_utf16().flat_map(u16::to_be_bytes).collect();
            prop_assert_eq!(decode_text(&be, Some("utf-16be")), Ok(s));
        }

        #[test]
        fn parsing_any_body_never_panics(
            bytes in proptest::collection::vec(any::<u8>(), 0..48),
            kind in prop_oneof![Just(MediaKind::Json), Just(MediaKind::UrlEncoded), Just(MediaKind::Text)],
        ) {
            // spec 2.5
            let _ = parse_body(&ContentType { kind, charset: None }, &bytes);
        }
    }
}
