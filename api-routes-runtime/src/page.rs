//! What `routes!` tells the runtime about each page: its URL pattern, parsed at compile time, and
//! its maximum duration. The guard puts the page in the request's extensions, so [`Request`]
//! reads route parameters from the pattern instead of parsing axum's path syntax again.
//!
//! [`Request`]: crate::Request

use crate::js_compat::decode_uri_component;
use crate::query::QueryValue;

/// A page of the pages folder, as `routes!` generates it (one `const` per page file).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Page {
    /// The page's URL pattern, the URL prefix's static segments included: `post/[...slug].rs`
    /// under `/api` is `[Static("api"), Static("post"), CatchAll("slug")]`.
    pub pattern: &'static [PatternSegment],
    /// The largest `#[api_route(max_duration = N)]` among the page's handlers.
    pub max_duration_seconds: Option<u64>,
}

/// One segment of a page's URL pattern.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PatternSegment {
    /// A folder or file name, matched as written.
    Static(&'static str),
    /// `[name]`: exactly one segment.
    Param(&'static str),
    /// `[...name]`: one segment or more.
    CatchAll(&'static str),
    /// `[[...name]]`: zero segments or more.
    OptionalCatchAll(&'static str),
}

impl Page {
    /// Whether the pattern has a segment that becomes a parameter.
    pub(crate) fn has_params(&self) -> bool {
        self.pattern
            .iter()
            .any(|segment| !matches!(segment, PatternSegment::Static(_)))
    }

    /// The route's parameters in `path`, each segment decoded exactly once, as Next.js does:
    /// `/api/post/a%2Fb` gives the catch-all `["a/b"]`, not `["a", "b"]` (nextjs-compat 1.7). An
    /// absent optional catch-all is no parameter at all (nextjs-compat 1.8).
    ///
    /// `path` is the path the router matched, so it has as many segments as the pattern (a
    /// catch-all takes the rest).
    pub fn params(&self, path: &str) -> Vec<(&'static str, QueryValue)> {
        let decode =
            |segment: &str| decode_uri_component(segment).unwrap_or_else(|| segment.to_owned());
        let mut params = Vec::new();
        // `/` has no segments, not one empty one.
        let path = path.strip_prefix('/').unwrap_or(path);
        let mut segments = path.split('/').filter(|_| !path.is_empty());
        for piece in self.pattern {
            match *piece {
                PatternSegment::Static(_) => {
                    segments.next();
                }
                PatternSegment::Param(name) => {
                    if let Some(segment) = segments.next() {
                        params.push((name, QueryValue::One(decode(segment))));
                    }
                }
                PatternSegment::CatchAll(name) | PatternSegment::OptionalCatchAll(name) => {
                    let rest: Vec<String> = segments.by_ref().map(decode).collect();
                    if !rest.is_empty() {
                        params.push((name, QueryValue::Many(rest)));
                    }
                    break;
                }
            }
        }
        params
    }
}

/// The pattern in Next.js's notation, `/api/post/[...slug]`, as log lines name the page.
impl std::fmt::Display for Page {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        if self.pattern.is_empty() {
            return f.write_str("/");
        }
        for segment in self.pattern {
            match segment {
                PatternSegment::Static(name) => write!(f, "/{name}")?,
                PatternSegment::Param(name) => write!(f, "/[{name}]")?,
                PatternSegment::CatchAll(name) => write!(f, "/[...{name}]")?,
                PatternSegment::OptionalCatchAll(name) => write!(f, "/[[...{name}]]")?,
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::PatternSegment::{CatchAll, OptionalCatchAll, Param, Static};
    use super::*;
    use crate::query::QueryMap;

    fn params(pattern: &'static [PatternSegment], path: &str) -> String {
        let page = Page {
            pattern,
            max_duration_seconds: None,
        };
        let mut query = QueryMap::new();
        for (name, value) in page.params(path) {
            query.insert_param(name.to_owned(), value);
        }
        query.to_json_string()
    }

    #[test]
    fn displays_in_next_js_notation() {
        let page = Page {
            pattern: &[Static("api"), Param("id"), OptionalCatchAll("rest")],
            max_duration_seconds: None,
        };
        assert_eq!(page.to_string(), "/api/[id]/[[...rest]]");
    }

    #[test]
    fn dynamic_segment_is_decoded_once() {
        // nextjs-compat 1.6
        let pattern = &[Static("api"), Static("users"), Param("id")];
        assert_eq!(params(pattern, "/api/users/a%20b"), r#"{"id":"a b"}"#);
        assert_eq!(params(pattern, "/api/users/a%2520b"), r#"{"id":"a%20b"}"#);
    }

    #[test]
    fn catch_all_is_a_list_and_keeps_encoded_slashes_inside_one_element() {
        // nextjs-compat 1.7
        let pattern = &[Static("api"), Static("post"), CatchAll("slug")];
        assert_eq!(
            params(pattern, "/api/post/a/b/c"),
            r#"{"slug":["a","b","c"]}"#
        );
        assert_eq!(params(pattern, "/api/post/a%2Fb"), r#"{"slug":["a/b"]}"#);
    }

    #[test]
    fn several_params_in_one_path() {
        // nextjs-compat 1.14
        let pattern = &[
            Static("api"),
            Static("blog"),
            Param("post"),
            Static("comment"),
            Param("id"),
        ];
        assert_eq!(
            params(pattern, "/api/blog/post-1/comment/1"),
            r#"{"post":"post-1","id":"1"}"#
        );
    }

    #[test]
    fn optional_catch_all_is_absent_on_its_parent_and_a_list_below_it() {
        // nextjs-compat 1.8
        let pattern = &[Static("api"), Static("post"), OptionalCatchAll("slug")];
        assert_eq!(params(pattern, "/api/post"), "{}");
        assert_eq!(params(pattern, "/api/post/a/b"), r#"{"slug":["a","b"]}"#);
        // At the root of a router without a URL prefix.
        assert_eq!(params(&[OptionalCatchAll("slug")], "/"), "{}");
        assert_eq!(
            params(&[OptionalCatchAll("slug")], "/a"),
            r#"{"slug":["a"]}"#
        );
    }
}
