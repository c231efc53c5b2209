//! The charset that decodes a body, named and decoded as `raw-body` does through `iconv-lite`
//! (nextjs-compat 2.5b, 2.5d, 10.4).
//!
//! Supported charsets: UTF-8 (`utf-8`, `utf8`, `unicode-1-1-utf-8`), US-ASCII (`us-ascii`,
//! `ascii` and iconv-lite's other aliases; bytes above 0x7F become U+FFFD), Latin-1 (`latin1`,
//! `iso-8859-1`, `binary`, …), Windows-1252 (`windows-1252`, `cp1252`), and UTF-16 in either byte
//! order (`utf-16le`, `ucs2`, `utf-16be`). iconv-lite knows many more (for instance `utf-16` with
//! BOM sniffing, `shift_jis`, `koi8-r`); those are 400 `Invalid body` here, a documented difference.
//!
//! A lone UTF-16 surrogate becomes U+FFFD (a Rust string cannot hold one), where JavaScript keeps
//! it: a JavaScript accident the port does not copy (nextjs-compat 10.12).

use std::borrow::Cow;

use crate::js_compat::decode_latin1;

/// A charset a request body can be decoded with; UTF-8 unless the `Content-Type` names another.
///
/// ```
/// use api_routes_runtime::__private::fuzzing::Charset;
///
/// let latin1 = Charset::from_name("ISO-8859-1").unwrap();
/// assert_eq!(latin1.decode(b"caf\xe9"), "café");
/// assert_eq!(Charset::default().decode(b"\xef\xbb\xbfhi"), "hi");
/// assert_eq!(Charset::from_name("shift_jis"), None);
/// ```
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum Charset {
    /// UTF-8; invalid sequences become U+FFFD.
    #[default]
    Utf8,
    /// US-ASCII; bytes above 0x7F become U+FFFD.
    Ascii,
    /// Latin-1 (ISO-8859-1): one character per byte.
    Latin1,
    /// Windows-1252: Latin-1 except 0x80–0x9F.
    Windows1252,
    /// UTF-16, little-endian.
    Utf16Le,
    /// UTF-16, big-endian.
    Utf16Be,
}

impl Charset {
    /// iconv-lite's lookup of a `charset` parameter: lower-case, drop a `:YYYY` year suffix, keep
    /// only letters and digits. `None` for a charset the port cannot decode.
    pub fn from_name(name: &str) -> Option<Charset> {
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

    /// Decodes body bytes as `raw-body` does: invalid input becomes U+FFFD as Node's decoders do,
    /// and a leading byte-order mark is dropped for UTF-8 and UTF-16. Borrowed when the bytes are
    /// already the text (UTF-8, the common case).
    pub fn decode(self, bytes: &[u8]) -> Cow<'_, str> {
        let text = match self {
            // `from_utf8` checks a word at a time; `from_utf8_lossy` only pays off on invalid text.
            Charset::Utf8 => match std::str::from_utf8(bytes) {
                Ok(text) => Cow::Borrowed(text),
                Err(_) => String::from_utf8_lossy(bytes),
            },
            Charset::Ascii => Cow::Owned(bytes.iter().map(|&b| ascii(b)).collect()),
            Charset::Latin1 => decode_latin1(bytes),
            Charset::Windows1252 => Cow::Owned(bytes.iter().map(|&b| windows_1252(b)).collect()),
            Charset::Utf16Le => Cow::Owned(decode_utf16(bytes, u16::from_le_bytes)),
            Charset::Utf16Be => Cow::Owned(decode_utf16(bytes, u16::from_be_bytes)),
        };
        if self.strips_bom() {
            strip_bom(text)
        } else {
            text
        }
    }

    /// iconv-lite strips a BOM only for its BOM-aware (Unicode) codecs.
    fn strips_bom(self) -> bool {
        matches!(self, Charset::Utf8 | Charset::Utf16Le | Charset::Utf16Be)
    }
}

fn strip_bom(text: Cow<'_, str>) -> Cow<'_, str> {
    const BOM: char = '\u{FEFF}';
    match text {
        Cow::Borrowed(text) => Cow::Borrowed(text.strip_prefix(BOM).unwrap_or(text)),
        Cow::Owned(mut text) => {
            if text.starts_with(BOM) {
                text.drain(..BOM.len_utf8());
            }
            Cow::Owned(text)
        }
    }
}

fn ascii(byte: u8) -> char {
    if byte.is_ascii() {
        char::from(byte)
    } else {
        char::REPLACEMENT_CHARACTER
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

    // Expectations were printed by node 20 running Next.js 16.4.6's bundled `raw-body` (through
    // iconv-lite) on the same input.

    /// Decodes with the charset a `charset` parameter names.
    fn decode(bytes: &[u8], name: &str) -> String {
        let charset = Charset::from_name(name).unwrap_or_else(|| panic!("{name} is supported"));
        charset.decode(bytes).into_owned()
    }

    #[test]
    fn utf8_is_the_default_and_decodes_lossily() {
        // nextjs-compat 2.5b, 2.5g
        assert_eq!(Charset::default(), Charset::Utf8);
        assert_eq!(Charset::Utf8.decode(b"h\xc3\xa9"), "hé");
        assert_eq!(decode(b"a\xc3", "utf8"), "a\u{FFFD}");
        assert_eq!(decode(b"a\xc3(\xe2\x82", "UTF-8"), "a\u{FFFD}(\u{FFFD}");
        assert_eq!(
            Charset::Utf8.decode(b"\xed\xa0\x80a"),
            "\u{FFFD}\u{FFFD}\u{FFFD}a"
        );
    }

    #[test]
    fn utf8_text_is_borrowed_not_copied() {
        // nextjs-compat 2.5b: the common case costs no allocation, BOM or not
        assert!(matches!(Charset::Utf8.decode(b"{}"), Cow::Borrowed("{}")));
        assert!(matches!(
            Charset::Utf8.decode(b"\xef\xbb\xbf{}"),
            Cow::Borrowed("{}")
        ));
    }

    #[test]
    fn a_utf8_byte_order_mark_is_dropped_once() {
        // nextjs-compat 10.4
        assert_eq!(Charset::Utf8.decode(b"\xef\xbb\xbfa"), "a");
        assert_eq!(
            Charset::Utf8.decode(b"\xef\xbb\xbf\xef\xbb\xbfa"),
            "\u{FEFF}a"
        );
        assert_eq!(Charset::Utf8.decode(b"\xef\xbb\xbfa\xff"), "a\u{FFFD}");
    }

    #[test]
    fn charset_names_are_normalized_like_iconv_lite() {
        // nextjs-compat 2.5b
        for name in [
            "U.T.F-8",
            "utf_8",
            "UTF8 ",
            "utf-8;",
            "unicode-1-1-utf-8",
            "utf-8:1234",
        ] {
            assert_eq!(Charset::from_name(name), Some(Charset::Utf8), "{name}");
        }
    }

    #[test]
    fn ascii_replaces_high_bytes_and_keeps_a_bom_as_bytes() {
        // nextjs-compat 2.5b
        for name in [
            "ascii",
            "us-ascii",
            "US_ASCII",
            "ansix341968",
            "iso646us",
            "cp367",
        ] {
            assert_eq!(decode(b"a\x80\xff\x7f", name), "a\u{FFFD}\u{FFFD}\x7f");
        }
        assert_eq!(decode(b"\xef\xbb\xbf", "ascii"), "\u{FFFD}\u{FFFD}\u{FFFD}");
    }

    #[test]
    fn latin1_maps_each_byte_to_one_character() {
        // nextjs-compat 2.5b
        for name in [
            "latin1",
            "iso-8859-1",
            "ISO_8859-1:1987",
            "binary",
            "l1",
            "cp819",
        ] {
            assert_eq!(decode(b"a\xff\xe9\x80", name), "aÿé\u{80}");
        }
        assert_eq!(decode(b"\xef\xbb\xbfa", "latin1"), "ï»¿a");
    }

    #[test]
    fn windows_1252_maps_the_c1_range() {
        // nextjs-compat 2.5b; table printed by node 20 through iconv-lite
        let all: Vec<u8> = (0x80..=0x9f).collect();
        let expected = "€\u{FFFD}‚ƒ„…†‡ˆ‰Š‹Œ\u{FFFD}Ž\u{FFFD}\u{FFFD}‘’“”•–—˜™š›œ\u{FFFD}žŸ";
        assert_eq!(decode(&all, "windows-1252"), expected);
        assert_eq!(decode(b"a\xe9", "cp1252"), "aé");
    }

    #[test]
    fn utf16_decodes_drops_its_bom_and_a_trailing_odd_byte() {
        // nextjs-compat 2.5b
        assert_eq!(decode(b"\xff\xfea\x00\x3d\xd8\x00\xde", "utf-16le"), "a😀");
        assert_eq!(decode(b"a\x00b", "ucs2"), "a");
        assert_eq!(decode(b"\xfe\xff\x00a", "UTF-16BE"), "a");
        // nextjs-compat 10.12: JS keeps the lone surrogate; a Rust string cannot
        assert_eq!(decode(b"\x3d\xd8a\x00", "utf16le"), "\u{FFFD}a");
    }

    #[test]
    fn an_unknown_charset_is_not_decoded() {
        // nextjs-compat 2.5d, 10.4: the caller answers 400 `Invalid body`
        for name in ["bogus", "  ", "x-cp1252", "utf-16", "utf-7"] {
            assert_eq!(Charset::from_name(name), None, "{name}");
        }
    }

    proptest! {
        #[test]
        fn decoding_never_panics_for_any_supported_charset(
            bytes in proptest::collection::vec(any::<u8>(), 0..48),
            name in "(utf-8|ascii|latin1|windows-1252|utf-16le|utf-16be)",
        ) {
            // nextjs-compat 2.5b, 2.5d
            let _ = decode(&bytes, &name);
        }

        #[test]
        fn utf8_and_utf16_text_round_trips(s in "[^\u{FEFF}].{0,32}|") {
            // nextjs-compat 2.5b
            prop_assert_eq!(Charset::Utf8.decode(s.as_bytes()), s.as_str());
            let le: Vec<u8> = s.encode_utf16().flat_map(u16::to_le_bytes).collect();
            prop_assert_eq!(Charset::Utf16Le.decode(&le), s.as_str());
            let be: Vec<u8> = s.encode_utf16().flat_map(u16::to_be_bytes).collect();
            prop_assert_eq!(Charset::Utf16Be.decode(&be), s.as_str());
        }
    }
}
