//! `interfaces/index.ts` of the Next.js example, and the one piece of JavaScript it relies on.

use serde::Serialize;

/// `User { id: number; name?: string }`. `id` is `None` where JavaScript has `NaN`, which
/// `JSON.stringify` writes as `null`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct User<Name = String> {
    pub id: Option<i64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub name: Option<Name>,
}

/// JavaScript's `parseInt(text, 10)`: leading white space is skipped, then an optional sign and
/// the longest run of decimal digits is read (`"12abc"` → 12); no digit at all is `NaN`
/// (`None`). Where JavaScript would lose precision (past 2^53) or print an exponent, a number
/// that does not fit in an `i64` is `None` too: nextjs-compat 10.12 says not to copy those accidents.
pub fn parse_int(text: &str) -> Option<i64> {
    let text = text.trim_start_matches(is_js_whitespace);
    let (negative, rest) = match text.as_bytes().first() {
        Some(b'-') => (true, &text[1..]),
        Some(b'+') => (false, &text[1..]),
        _ => (false, text),
    };
    let digits = rest.bytes().take_while(u8::is_ascii_digit).count();
    let magnitude: i64 = rest[..digits].parse().ok()?;
    Some(if negative { -magnitude } else { magnitude })
}

/// The white space `parseInt` skips (ECMAScript `StrWhiteSpaceChar`).
fn is_js_whitespace(c: char) -> bool {
    matches!(
        c,
        '\t' | '\n' | '\u{b}' | '\u{c}' | '\r' | ' ' | '\u{a0}' | '\u{1680}' | '\u{2000}'
            ..='\u{200a}'
                | '\u{2028}'
                | '\u{2029}'
                | '\u{202f}'
                | '\u{205f}'
                | '\u{3000}'
                | '\u{feff}'
    )
}

/// `` `User ${id}` ``: `NaN` prints as `NaN`.
pub fn default_name(id: Option<i64>) -> String {
    match id {
        Some(id) => format!("User {id}"),
        None => "User NaN".to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parse_int_reads_a_leading_integer_like_javascript() {
        // nextjs-compat 6.2: `12abc` → 12, `abc` → NaN
        for (text, expected) in [
            ("1", Some(1)),
            ("12abc", Some(12)),
            ("abc", None),
            ("", None),
            ("-5", Some(-5)),
            ("+5", Some(5)),
            ("-0", Some(0)),
            ("  \t42", Some(42)),
            ("\u{feff}7", Some(7)),
            ("1.9", Some(1)),
            ("1e3", Some(1)),
            ("0x10", Some(0)),
            ("-", None),
            ("- 1", None),
            ("١", None), // only ASCII digits count
            ("99999999999999999999", None),
        ] {
            assert_eq!(parse_int(text), expected, "{text:?}");
        }
    }

    #[test]
    fn nan_prints_as_nan() {
        assert_eq!(default_name(None), "User NaN");
        assert_eq!(default_name(Some(-3)), "User -3");
    }
}
