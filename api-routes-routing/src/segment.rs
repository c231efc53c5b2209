//! One folder or file-stem name of the pages folder, read as one URL segment by Next.js's rules
//! for bracketed names (nextjs-compat 1.6–1.8, `[SR]` `_insert`).

use std::fmt;

use crate::diagnostics::Message;

/// The kinds of segment, in Next.js's precedence within one level (nextjs-compat 1.11, 1.12): a static
/// name beats `[param]`, which beats `[...rest]`, which beats `[[...opt]]`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum SegmentKind {
    /// A plain name: `users`.
    Static,
    /// `[id]`: exactly one segment.
    Param,
    /// `[...slug]`: one or more segments.
    CatchAll,
    /// `[[...slug]]`: zero or more segments.
    OptionalCatchAll,
}

/// One segment of a URL pattern: a static name, or a dynamic segment and its parameter name.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Segment {
    /// Static, `[param]`, `[...catch_all]` or `[[...optional]]`.
    pub kind: SegmentKind,
    /// The static text, or the parameter name of a dynamic segment.
    pub name: String,
}

/// Where a segment sits in the URL tree: dynamic segments of one kind are one place whatever
/// their parameter names, which is what the tree's rules compare.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Shape<'a> {
    /// A static name, compared by its text.
    Static(&'a str),
    /// A dynamic segment, compared by its kind only.
    Dynamic(SegmentKind),
}

impl Segment {
    /// A segment of this kind and name.
    pub fn new(kind: SegmentKind, name: impl Into<String>) -> Self {
        Segment {
            kind,
            name: name.into(),
        }
    }

    /// A static segment: `users`.
    pub fn new_static(name: impl Into<String>) -> Self {
        Segment::new(SegmentKind::Static, name)
    }

    /// The parameter name of a dynamic segment.
    pub fn param_name(&self) -> Option<&str> {
        (self.kind != SegmentKind::Static).then_some(self.name.as_str())
    }

    /// `[...slug]` or `[[...slug]]`.
    pub fn is_catch_all(&self) -> bool {
        matches!(
            self.kind,
            SegmentKind::CatchAll | SegmentKind::OptionalCatchAll
        )
    }

    /// Where the segment sits in the URL tree.
    pub fn shape(&self) -> Shape<'_> {
        match self.kind {
            SegmentKind::Static => Shape::Static(&self.name),
            kind => Shape::Dynamic(kind),
        }
    }

    /// Next.js's order of two segments at one level: by kind, then static names in JavaScript's
    /// default string order (UTF-16 code units).
    pub fn next_order(&self, other: &Self) -> std::cmp::Ordering {
        self.kind.cmp(&other.kind).then_with(|| {
            if self.kind == SegmentKind::Static {
                self.name.encode_utf16().cmp(other.name.encode_utf16())
            } else {
                std::cmp::Ordering::Equal
            }
        })
    }
}

/// Next.js's notation, as the segment stands in a file name: `users`, `[id]`, `[...slug]`,
/// `[[...slug]]`. The only place that writes it.
impl fmt::Display for Segment {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let name = &self.name;
        match self.kind {
            SegmentKind::Static => f.write_str(name),
            SegmentKind::Param => write!(f, "[{name}]"),
            SegmentKind::CatchAll => write!(f, "[...{name}]"),
            SegmentKind::OptionalCatchAll => write!(f, "[[...{name}]]"),
        }
    }
}

/// The help for a name whose brackets are wrong.
const BRACKET_FORMS: &str =
    "write `[id]` for one segment, `[...slug]` for one or more, `[[...slug]]` for zero or more";

/// Reads one folder or file-stem name; the error names the rule and the fix, and the caller
/// adds the file.
pub fn parse_segment(name: &str) -> Result<Segment, Message> {
    if !name.starts_with('[') {
        if name.contains(['[', ']']) {
            return Err(Message::new(
                format!("`{name}` mixes brackets into a name"),
                "a dynamic segment is a whole name: `[id]`, `[...slug]` or `[[...slug]]`",
            ));
        }
        return check_static(name).map(|()| Segment::new_static(name));
    }
    let Some(inner) = name
        .strip_prefix('[')
        .and_then(|rest| rest.strip_suffix(']'))
    else {
        return Err(Message::new(
            format!("segment names may not start or end with extra brackets (`{name}`)"),
            BRACKET_FORMS,
        ));
    };
    let (inner, optional) = match inner
        .strip_prefix('[')
        .and_then(|rest| rest.strip_suffix(']'))
    {
        Some(inner) => (inner, true),
        None => (inner, false),
    };
    if inner.starts_with('…') {
        return Err(Message::new(
            format!("`{name}` uses the ellipsis character `…`"),
            format!(
                "write three periods: `[...{}]`",
                inner.trim_start_matches('…')
            ),
        ));
    }
    let (param, catch_all) = match inner.strip_prefix("...") {
        Some(param) => (param, true),
        None => (inner, false),
    };
    if param.starts_with('[') || param.ends_with(']') {
        return Err(Message::new(
            format!(
                "segment names may not start or end with extra brackets (`{param}` in `{name}`)"
            ),
            BRACKET_FORMS,
        ));
    }
    if param.starts_with('.') {
        return Err(Message::new(
            format!("segment names may not start with erroneous periods (`{param}` in `{name}`)"),
            format!(
                "a catch-all has exactly three periods: `[...{}]`",
                param.trim_start_matches('.')
            ),
        ));
    }
    if param.is_empty() {
        return Err(Message::new(
            format!("`{name}` has no parameter name"),
            "name it, for example `[id]`",
        ));
    }
    if let Some(bad) = param
        .chars()
        .find(|c| matches!(c, '{' | '}' | '*' | '/' | '[' | ']') || c.is_whitespace())
    {
        return Err(Message::new(
            format!(
                "the parameter name in `{name}` contains {}",
                describe_char(bad)
            ),
            "use letters, digits, `_` and `-`, for example `[user_id]`",
        ));
    }
    let kind = match (optional, catch_all) {
        (false, false) => SegmentKind::Param,
        (false, true) => SegmentKind::CatchAll,
        (true, true) => SegmentKind::OptionalCatchAll,
        (true, false) => {
            return Err(Message::new(
                format!(
                    "optional route parameters are not supported (`{name}`); only a catch-all can be optional"
                ),
                format!(
                    "write `[{param}]` for exactly one segment or `[[...{param}]]` for zero or more"
                ),
            ));
        }
    };
    Ok(Segment::new(kind, param))
}

/// A static name is matched against the raw request path, so it may only hold characters that
/// stand unencoded in a URL path segment (RFC 3986 `pchar` without `%`). axum 0.8 refuses a
/// path segment that starts with `:` or `*` (its 0.7 capture syntax) with a panic when the
/// router is built, so such a name is refused here, where it is still a compile error.
fn check_static(name: &str) -> Result<(), Message> {
    let allowed = |c: char| c.is_ascii_alphanumeric() || "-._~!$&'()*+,;=:@".contains(c);
    if let Some(bad) = name.chars().find(|&c| !allowed(c)) {
        return Err(Message::new(
            format!(
                "`{name}` contains {}, which cannot stand unencoded in a URL path",
                describe_char(bad)
            ),
            "use letters, digits and `-._~!$&'()*+,;=:@` in file and folder names under the pages folder",
        ));
    }
    if let Some(first @ (':' | '*')) = name.chars().next() {
        return Err(Message::new(
            format!(
                "`{name}` starts with `{first}`, which axum refuses at the start of a path segment"
            ),
            "rename it (`:` and `*` are fine after the first character), or write `[id]` to capture the segment; axum 0.7 wrote captures `:id` and `*rest`, and axum 0.8 refuses both",
        ));
    }
    Ok(())
}

/// A character as a message names it: "a space" reads better than "` `".
fn describe_char(c: char) -> String {
    match c {
        ' ' => "a space".to_owned(),
        c if c.is_whitespace() || c.is_control() => format!("the character U+{:04X}", u32::from(c)),
        c => format!("`{c}`"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn brackets_give_the_dynamic_kinds() {
        for (name, kind, param) in [
            ("users", SegmentKind::Static, "users"),
            ("[id]", SegmentKind::Param, "id"),
            ("[...slug]", SegmentKind::CatchAll, "slug"),
            ("[[...slug]]", SegmentKind::OptionalCatchAll, "slug"),
        ] {
            let segment = parse_segment(name).unwrap();
            assert_eq!(segment, Segment::new(kind, param));
            assert_eq!(segment.to_string(), name);
        }
    }

    #[test]
    fn kinds_are_ordered_by_next_js_precedence() {
        // nextjs-compat 1.11, 1.12
        assert!(SegmentKind::Static < SegmentKind::Param);
        assert!(SegmentKind::Param < SegmentKind::CatchAll);
        assert!(SegmentKind::CatchAll < SegmentKind::OptionalCatchAll);
    }

    #[test]
    fn static_names_are_ordered_by_utf16_code_units() {
        // U+FF5E sorts after U+1F600 by code point, before it by UTF-16 code unit (a surrogate).
        let wide = Segment::new(SegmentKind::Static, "\u{FF5E}");
        let astral = Segment::new(SegmentKind::Static, "\u{1F600}");
        assert_eq!(wide.next_order(&astral), std::cmp::Ordering::Greater);
    }

    #[test]
    fn a_static_name_may_not_start_with_a_colon_or_an_asterisk() {
        // axum 0.8 panics on `/api/:id` and `/api/*` when the router is built (found by the
        // `route_model` fuzz target); inside a name they are plain characters.
        for name in [":id", "*", "*.json", "::"] {
            let error = parse_segment(name).unwrap_err().to_string();
            assert!(error.contains("which axum refuses"), "{name}: {error}");
        }
        for name in ["a:b", "v1*", "x@y"] {
            assert_eq!(parse_segment(name).unwrap(), Segment::new_static(name));
        }
    }

    #[test]
    fn malformed_bracket_names_are_rejected() {
        for (name, expected) in [
            ("[[...id]", "extra brackets (`[...id` in `[[...id]`)"),
            ("[...id]]", "extra brackets (`id]` in `[...id]]`)"),
            ("[....id]", "erroneous periods (`.id` in `[....id]`)"),
            ("[..id]", "erroneous periods (`..id` in `[..id]`)"),
            (
                "[[blog]]",
                "optional route parameters are not supported (`[[blog]]`)",
            ),
            ("[…slug]", "uses the ellipsis character"),
            ("[]", "has no parameter name"),
            ("[id", "extra brackets (`[id`)"),
            ("a[id]", "mixes brackets into a name"),
            ("a b", "cannot stand unencoded in a URL path"),
        ] {
            let error = parse_segment(name).unwrap_err().to_string();
            assert!(error.contains(expected), "{name}: {error}");
            assert!(error.contains("\n= help: "), "{name}: {error}");
        }
    }
}
