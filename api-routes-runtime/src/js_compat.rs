//! What JavaScript does that Rust's std does not: the few JavaScript and Node behaviours that
//! Next.js's request handling relies on and that the port has to reproduce exactly.

use std::borrow::Cow;

use percent_encoding::percent_decode_str;

/// JavaScript's `decodeURIComponent`: every `%XX` becomes a byte and the bytes must form UTF-8.
///
/// Returns `None` where JavaScript throws `URIError`: a `%` not followed by two hex digits
/// (`%`, `%Z1`, `%2`), or escapes that decode to bytes that are not UTF-8 (`%E2%82`, `%ED%A0%80`);
/// the caller answers 400 (nextjs-compat 1.10). A `+` stays a `+`.
///
/// ```
/// use api_routes_runtime::__private::fuzzing::decode_uri_component;
///
/// assert_eq!(decode_uri_component("a%20b+c").as_deref(), Some("a b+c"));
/// assert_eq!(decode_uri_component("%E2%82"), None);
/// ```
pub fn decode_uri_component(s: &str) -> Option<String> {
    // `percent_decode_str` keeps a malformed escape literally where JavaScript throws, so those
    // are refused first: every `%` must start a whole escape.
    let escapes_are_whole = s.split('%').skip(1).all(|after_percent| {
        after_percent
            .as_bytes()
            .get(..2)
            .is_some_and(|hex| hex.iter().all(u8::is_ascii_hexdigit))
    });
    if !escapes_are_whole {
        return None;
    }
    // Literal characters are whole UTF-8 sequences, so a strict UTF-8 check rejects exactly the
    // escape sequences JavaScript rejects (overlong forms, surrogates, truncation, stray bytes).
    percent_decode_str(s)
        .decode_utf8()
        .ok()
        .map(Cow::into_owned)
}

/// The characters JavaScript's `trim` and `\s` treat as white space (ECMAScript WhiteSpace and
/// LineTerminator), which differ from Rust's `char::is_whitespace` (U+0085 out, U+FEFF in).
pub(crate) fn is_js_whitespace(c: char) -> bool {
    matches!(
        c,
        '\t' | '\n' | '\u{0B}' | '\u{0C}' | '\r' | ' ' | '\u{A0}' | '\u{1680}' | '\u{2000}'
            ..='\u{200A}'
                | '\u{2028}'
                | '\u{2029}'
                | '\u{202F}'
                | '\u{205F}'
                | '\u{3000}'
                | '\u{FEFF}'
    )
}

/// Bytes read as Latin-1 (ISO-8859-1), one char per byte, as Node reads header values; borrowed
/// when every byte is ASCII, which is the common case.
pub(crate) fn decode_latin1(bytes: &[u8]) -> Cow<'_, str> {
    match std::str::from_utf8(bytes) {
        Ok(ascii) if bytes.is_ascii() => Cow::Borrowed(ascii),
        _ => Cow::Owned(bytes.iter().map(|&b| char::from(b)).collect()),
    }
}

/// `n.toString(36)`, appended to `out` (the tests' reference for the ETag's digits).
#[cfg(test)]
pub(crate) fn push_base36(out: &mut String, n: u64) {
    let mut digits = [0u8; 13];
    out.extend(
        base36(n, &mut digits)
            .iter()
            .map(|&digit| char::from(digit)),
    );
}

/// `n` in base 36 (`n.toString(36)`), written at the end of `digits`: 13 digits hold any u64.
pub(crate) fn base36(mut n: u64, digits: &mut [u8; 13]) -> &[u8] {
    const DIGITS: &[u8; 36] = b"0123456789abcdefghijklmnopqrstuvwxyz";
    let mut start = digits.len();
    loop {
        start -= 1;
        digits[start] = DIGITS[(n % 36) as usize];
        n /= 36;
        if n == 0 {
            break;
        }
    }
    &digits[start..]
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn decode_uri_component_decodes_valid_escapes() {
        // nextjs-compat 1.6, 2.4
        assert_eq!(decode_uri_component("%C3%A9"), Some("é".to_owned()));
        assert_eq!(decode_uri_component("%F0%9F%98%80"), Some("😀".to_owned()));
        assert_eq!(decode_uri_component("a%2Fb"), Some("a/b".to_owned()));
        assert_eq!(decode_uri_component("é"), Some("é".to_owned()));
    }

    #[test]
    fn decode_uri_component_keeps_plus_as_plus() {
        // nextjs-compat 1.6: decodeURIComponent does not treat `+` as a space
        assert_eq!(decode_uri_component("a+b"), Some("a+b".to_owned()));
    }

    #[test]
    fn decode_uri_component_rejects_what_javascript_rejects() {
        // nextjs-compat 1.10; each throws URIError in node 20
        for bad in [
            "%",
            "%Z1",
            "%2",
            "%E2%82",
            "%ED%A0%80",
            "%E0%A4%A",
            "%C0%80",
            "%FF",
            "%%41",
            "%41%",
        ] {
            assert_eq!(decode_uri_component(bad), None, "{bad}");
        }
    }

    #[test]
    fn js_trim_white_space_is_not_rusts() {
        // nextjs-compat 2.4, 10.2: `String.prototype.trim`
        assert_eq!("\u{FEFF} a\u{A0}".trim_matches(is_js_whitespace), "a");
        assert!(!is_js_whitespace('\u{85}'));
    }

    #[test]
    fn latin1_maps_each_byte_to_one_character() {
        // nextjs-compat 2.5a: Node reads header bytes as Latin-1
        assert_eq!(decode_latin1(b"a\xff\x80"), "aÿ\u{80}");
        assert!(matches!(decode_latin1(b"ascii"), Cow::Borrowed("ascii")));
    }

    #[test]
    fn base36_matches_javascript() {
        // nextjs-compat 3.4
        let base36 = |n: u64| {
            let mut out = String::new();
            push_base36(&mut out, n);
            out
        };
        assert_eq!(base36(0), "0");
        assert_eq!(base36(35), "z");
        assert_eq!(base36(36), "10");
        assert_eq!(base36(1386), "12i");
        assert_eq!(base36(u64::MAX), "3w5e11264sgsf");
    }

    fn percent_encode_all(s: &str) -> String {
        s.bytes().map(|b| format!("%{b:02X}")).collect()
    }

    proptest! {
        #[test]
        fn decode_uri_component_inverts_full_percent_encoding(s in ".{0,32}") {
            // nextjs-compat 1.6
            prop_assert_eq!(decode_uri_component(&percent_encode_all(&s)), Some(s));
        }

        #[test]
        fn decode_uri_component_never_panics(s in "([a%é]|%[0-9A-Fa-f]{0,2}){0,16}") {
            // nextjs-compat 1.10
            let _ = decode_uri_component(&s);
        }
    }
}
