//! The request `Content-Type`, parsed once into what body parsing needs: how to parse the body
//! and which charset decodes it (nextjs-compat 2.5a, 2.5b, 2.5d, 10.4).
//!
//! The header is parsed as strictly as the `content-type` package that Next.js bundles: a missing,
//! empty or unparsable header (`text`, `text/plain;`, `application/json;`) means `text/plain`.

use std::borrow::Cow;

use super::{BodyError, Charset};
use crate::js_compat::{decode_latin1, is_js_whitespace};

/// How a body is turned into `req.body` (nextjs-compat 2.5e–g).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MediaKind {
    /// `application/json` or `application/ld+json`: parsed as JSON.
    Json,
    /// `application/x-www-form-urlencoded`: a flat object of strings and arrays.
    UrlEncoded,
    /// Everything else, unparsable types included: the decoded text.
    Text,
}

/// What body parsing uses of a request `Content-Type`: the media kind and the resolved charset.
///
/// ```
/// use api_routes_runtime::__private::fuzzing::{BodyError, Charset, ContentType, MediaKind};
///
/// let form = ContentType::from_header(Some(b"application/x-www-form-urlencoded; charset=latin1"));
/// assert_eq!(form, Ok(ContentType { kind: MediaKind::UrlEncoded, charset: Charset::Latin1 }));
/// assert_eq!(ContentType::from_header(Some(b"application/json;")), Ok(ContentType::default()));
/// assert_eq!(
///     ContentType::from_header(Some(b"text/plain; charset=koi8-r")),
///     Err(BodyError::InvalidBody)
/// );
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ContentType {
    /// How the body will be parsed.
    pub kind: MediaKind,
    /// The charset that decodes the body: the `charset` parameter, UTF-8 when there is none.
    pub charset: Charset,
}

impl Default for ContentType {
    /// `text/plain` in UTF-8, what a missing or unparsable header means (nextjs-compat 2.5a).
    fn default() -> Self {
        ContentType {
            kind: MediaKind::Text,
            charset: Charset::Utf8,
        }
    }
}

impl ContentType {
    /// Parses a request `Content-Type` header value (nextjs-compat 2.5a, 2.5b, 10.4). Header bytes are read
    /// as Latin-1, as Node reads them.
    ///
    /// A charset the port cannot decode is [`BodyError::InvalidBody`]: `raw-body` looks the charset
    /// up before reading anything, so Next.js answers 400 whatever the body (nextjs-compat 2.5d).
    pub fn from_header(header: Option<&[u8]>) -> Result<ContentType, BodyError> {
        let Some(media_type) = header.and_then(|bytes| MediaType::parse(&decode_latin1(bytes)))
        else {
            return Ok(ContentType::default());
        };
        let charset = match media_type.charset {
            Some(name) => Charset::from_name(&name).ok_or(BodyError::InvalidBody)?,
            None => Charset::Utf8,
        };
        Ok(ContentType {
            kind: media_type.kind,
            charset,
        })
    }
}

/// A parsable `Content-Type` as the `content-type` package reads it, its charset still a name.
#[derive(Debug, PartialEq, Eq)]
struct MediaType {
    kind: MediaKind,
    /// The last `charset` parameter as sent; `None` when absent or empty, meaning UTF-8.
    charset: Option<String>,
}

impl MediaType {
    /// Follows the `content-type` package: `type/subtype` made of token characters (surrounding
    /// white space allowed), then zero or more `; name=value` parameters where spaces may surround
    /// `;` and `=` and a value is a token or a quoted string. Anything else, including a trailing
    /// `;`, makes the whole header unparsable (`None`). The media type is compared
    /// case-insensitively; the last `charset` parameter wins.
    fn parse(header: &str) -> Option<MediaType> {
        let (essence, params) = match header.find(';') {
            Some(at) => header.split_at(at),
            None => (header, ""),
        };
        let essence = essence.trim_matches(is_js_whitespace);
        let (main, sub) = essence.split_once('/')?;
        if !is_token(main) || !is_token(sub) {
            return None;
        }
        let mut charset = None;
        let mut rest = params;
        while !rest.is_empty() {
            let (name, value, after) = parse_parameter(rest)?;
            if name.eq_ignore_ascii_case("charset") {
                charset = Some(value);
            }
            rest = after;
        }
        let is = |media_type: &str| essence.eq_ignore_ascii_case(media_type);
        let kind = if is("application/json") || is("application/ld+json") {
            MediaKind::Json
        } else if is("application/x-www-form-urlencoded") {
            MediaKind::UrlEncoded
        } else {
            MediaKind::Text
        };
        Some(MediaType {
            kind,
            // Next.js falls back to UTF-8 with `charset || 'utf-8'`, so `charset=""` means UTF-8.
            charset: charset.filter(|name| !name.is_empty()).map(Cow::into_owned),
        })
    }
}

/// One `; *name *= *value *` step of the `content-type` package's parameter regular expression,
/// returning the name, the unescaped value and the unparsed remainder.
fn parse_parameter(input: &str) -> Option<(&str, Cow<'_, str>, &str)> {
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
                '"' => break (Cow::Owned(value), &quoted[at + 1..]),
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
        let (token, rest) = rest.split_at(len);
        (Cow::Borrowed(token), rest)
    };
    Some((name, value, rest.trim_start_matches(' ')))
}

fn is_token(s: &str) -> bool {
    !s.is_empty() && s.chars().all(is_tchar)
}

fn is_tchar(c: char) -> bool {
    c.is_ascii_alphanumeric() || "!#$%&'*+.^_`|~-".contains(c)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    // Expectations were printed by node 20 running Next.js 16.4.6's bundled `content-type` and
    // `raw-body` on the same input.

    fn ct(header: &str) -> ContentType {
        ContentType::from_header(Some(header.as_bytes())).expect("a supported charset")
    }

    /// The charset name a header's `charset` parameter gives, before it is looked up.
    fn charset_name(header: &str) -> Option<String> {
        MediaType::parse(header).and_then(|media_type| media_type.charset)
    }

    fn text(charset: Charset) -> ContentType {
        ContentType {
            kind: MediaKind::Text,
            charset,
        }
    }

    #[test]
    fn a_missing_or_empty_content_type_is_text_plain() {
        // nextjs-compat 2.5a
        assert_eq!(ContentType::from_header(None), Ok(text(Charset::Utf8)));
        assert_eq!(ct(""), text(Charset::Utf8));
    }

    #[test]
    fn an_unparsable_content_type_is_text_plain() {
        // nextjs-compat 2.5a, 10.4
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
            "text/plain; charset=bogus;",
        ] {
            assert_eq!(MediaType::parse(header), None, "{header}");
            assert_eq!(ct(header), text(Charset::Utf8), "{header}");
        }
    }

    #[test]
    fn only_json_and_ld_json_are_json() {
        // nextjs-compat 2.5e, 10.4
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
        // nextjs-compat 2.5a: [T-API] `application/x-www-Form-urlencoded`
        assert_eq!(
            ct("application/x-www-Form-urlencoded").kind,
            MediaKind::UrlEncoded
        );
    }

    #[test]
    fn charset_parameters_are_read_like_the_content_type_package() {
        // nextjs-compat 2.5b
        let name = |header: &str| charset_name(header);
        assert_eq!(name("text/plain; charset=latin1"), Some("latin1".into()));
        assert_eq!(
            name(r#"text/plain;charset="utf-16le""#),
            Some("utf-16le".into())
        );
        assert_eq!(name("text/plain ; charset=utf-8"), Some("utf-8".into()));
        assert_eq!(name("text/plain; charset=utf-8 "), Some("utf-8".into()));
        assert_eq!(
            name("application/json; charset = utf-8"),
            Some("utf-8".into())
        );
        assert_eq!(
            name("application/json; CHARSET=ISO-8859-1"),
            Some("ISO-8859-1".into())
        );
        assert_eq!(
            name("application/json; charset=a; charset=b"),
            Some("b".into())
        );
        assert_eq!(
            name(r#"application/json; charset="a\"b""#),
            Some("a\"b".into())
        );
        assert_eq!(name(r#"application/json; charset="""#), None);
        assert_eq!(
            name("application/json; charset=utf-8; foo=bar"),
            Some("utf-8".into())
        );
    }

    #[test]
    fn the_charset_parameter_is_resolved_once_here() {
        // nextjs-compat 2.5b: an empty charset means UTF-8, as `charset || 'utf-8'` in Next.js
        assert_eq!(ct("text/plain; charset=latin1").charset, Charset::Latin1);
        assert_eq!(
            ct(r#"application/json; charset="UTF-16LE""#).charset,
            Charset::Utf16Le
        );
        assert_eq!(ct(r#"application/json; charset="""#).charset, Charset::Utf8);
        assert_eq!(ct("application/json").charset, Charset::Utf8);
    }

    #[test]
    fn an_unknown_charset_is_invalid_body() {
        // nextjs-compat 2.5d, 10.4: whatever the body, even none
        for header in [
            "application/json; charset=bogus",
            "text/plain; charset=utf-16",
            r#"application/x-www-form-urlencoded; charset="  ""#,
        ] {
            assert_eq!(
                ContentType::from_header(Some(header.as_bytes())),
                Err(BodyError::InvalidBody),
                "{header}"
            );
        }
    }

    #[test]
    fn latin1_header_bytes_are_accepted_in_quoted_values_and_trimmed_around_the_type() {
        // nextjs-compat 2.5a: Node reads header bytes as Latin-1
        assert_eq!(
            MediaType::parse(&decode_latin1(b"text/plain; charset=\"\xe9\"")),
            Some(MediaType {
                kind: MediaKind::Text,
                charset: Some("é".into())
            })
        );
        assert_eq!(
            ContentType::from_header(Some(b"application/json\xa0")).map(|ct| ct.kind),
            Ok(MediaKind::Json)
        );
        assert_eq!(
            ContentType::from_header(Some(b"\xff/json")),
            Ok(text(Charset::Utf8))
        );
    }

    proptest! {
        #[test]
        fn any_content_type_bytes_parse_without_panicking(bytes in proptest::collection::vec(any::<u8>(), 0..48)) {
            // nextjs-compat 2.5a
            let media_type = MediaType::parse(&decode_latin1(&bytes));
            prop_assert!(media_type.and_then(|m| m.charset).as_deref() != Some(""));
            let _ = ContentType::from_header(Some(&bytes));
        }

        #[test]
        fn structured_content_types_parse(
            kind in "(application/json|text/plain|application/x-www-form-urlencoded)",
            name in "[A-Za-z0-9-]{1,10}",
            quoted in any::<bool>(),
        ) {
            // nextjs-compat 2.5a, 2.5b
            let header = if quoted {
                format!("{kind}; foo=bar; charset=\"{name}\"")
            } else {
                format!("{kind};charset={name}")
            };
            prop_assert_eq!(charset_name(&header), Some(name.clone()));
            let resolved = ContentType::from_header(Some(header.as_bytes())).map(|ct| ct.charset);
            prop_assert_eq!(resolved, Charset::from_name(&name).ok_or(BodyError::InvalidBody));
        }
    }
}
