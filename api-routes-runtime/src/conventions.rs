//! What Next.js's server does around every API route (nextjs-compat 1.10, 1.16–1.18, 3.8):
//! redirect trailing and repeated slashes, refuse malformed percent-encoding, and answer unknown
//! paths with 404; and compress (nextjs-compat 10.13).

use axum::Router;
use axum::response::{IntoResponse, Response as AxumResponse};
use http::StatusCode;
use http::header::{self, HeaderValue};

use crate::error::plain_error;
use crate::guard::GuardLayer;
use crate::js_compat::decode_uri_component;
use crate::options::RouterOptions;

/// `router` with the behaviours `options` switches on, around every route.
///
/// Each page's guard (`guard.rs`) answers the redirects, the `400`s and compression itself, so
/// a request through a page pays for one layer, not three. Only the fallback still needs them:
/// it gets the same guard, from a router of its own merged in (a `Router::layer` here would
/// wrap every page again).
pub(crate) fn apply<S>(options: RouterOptions, router: Router<S>) -> Router<S>
where
    S: Clone + Send + Sync + 'static,
{
    let fallback = if options.not_found_page {
        Router::new().fallback(not_found)
    } else {
        Router::new()
    };
    router.merge(fallback.layer(GuardLayer::fallback(options)))
}

async fn not_found() -> AxumResponse {
    let mut response = (
        StatusCode::NOT_FOUND,
        [(header::CONTENT_TYPE, "text/html; charset=utf-8")],
        "<!DOCTYPE html><html><head><title>404: This page could not be found</title></head><body><h1>404</h1><h2>This page could not be found.</h2></body></html>",
    )
        .into_response();
    response
        .headers_mut()
        .insert(header::CACHE_CONTROL, NO_CACHE);
    response
}

/// Next.js's `Cache-Control` on its 404 and 400 answers (nextjs-compat 10.3).
const NO_CACHE: HeaderValue =
    HeaderValue::from_static("private, no-cache, no-store, max-age=0, must-revalidate");

impl RouterOptions {
    /// The redirect or `400` Next.js answers for `uri` before routing, if any.
    pub(crate) fn answer_before_routing(&self, uri: &http::Uri) -> Option<AxumResponse> {
        let path = uri.path();
        // Every request asks, and most paths hold none of what the rules below look for.
        if !needs_a_closer_look(path) {
            return None;
        }
        // The query string is kept verbatim (nextjs-compat 10.6); built only when redirecting.
        let with_query = |path: &str| match uri.query() {
            Some(query) => format!("{path}?{query}"),
            None => path.to_owned(),
        };
        if self.repeated_slash_redirect && (path.contains("//") || path.contains('\\')) {
            return Some(permanent_redirect(&with_query(&collapse_slashes(path))));
        }
        if path.split('/').any(is_dot_segment) {
            return Some(permanent_redirect(&with_query(&remove_dot_segments(path))));
        }
        if self.trailing_slash_redirect && path.len() > 1 && path.ends_with('/') {
            return Some(permanent_redirect(&with_query(path.trim_end_matches('/'))));
        }
        if path.contains('%')
            && path
                .split('/')
                .any(|segment| decode_uri_component(segment).is_none())
        {
            let mut response = plain_error(StatusCode::BAD_REQUEST, "Bad Request");
            response
                .headers_mut()
                .insert(header::CACHE_CONTROL, NO_CACHE);
            return Some(response);
        }
        None
    }
}

/// Whether `path` has a character one of `answer_before_routing`'s rules looks for: a repeated
/// slash, a backslash, a dot, a percent sign or a trailing slash. One pass over the bytes.
fn needs_a_closer_look(path: &str) -> bool {
    let bytes = path.as_bytes();
    (bytes.len() > 1 && bytes.ends_with(b"/"))
        || bytes.windows(2).any(|pair| pair == b"//")
        || bytes.iter().any(|byte| matches!(byte, b'\\' | b'.' | b'%'))
}

/// `.` or `..`, also percent-encoded (`%2e%2E`): Next.js resolves these before routing
/// (nextjs-compat 10.6), so a handler never sees one in a param or catch-all.
fn is_dot_segment(segment: &str) -> bool {
    matches!(dots_only(segment), Some(1 | 2))
}

/// How many dots `segment` is made of, when it is made of dots alone (`.` or `%2e`).
fn dots_only(segment: &str) -> Option<usize> {
    let mut rest = segment;
    let mut dots = 0;
    while !rest.is_empty() {
        if let Some(after) = rest.strip_prefix('.') {
            rest = after;
        } else if rest
            .get(..3)
            .is_some_and(|escape| escape.eq_ignore_ascii_case("%2e"))
        {
            rest = &rest[3..];
        } else {
            return None;
        }
        dots += 1;
    }
    Some(dots)
}

/// RFC 3986 `remove_dot_segments`, never climbing above the root.
fn remove_dot_segments(path: &str) -> String {
    let mut kept: Vec<&str> = Vec::new();
    for segment in path.split('/').skip(1) {
        match dots_only(segment) {
            Some(1) => {}
            Some(2) => {
                kept.pop();
            }
            _ => kept.push(segment),
        }
    }
    format!("/{}", kept.join("/"))
}

/// `\` → `/`, runs of `/` → one (Next.js's `normalizeRepeatedSlashes`).
fn collapse_slashes(path: &str) -> String {
    let mut out = String::with_capacity(path.len());
    for c in path.chars() {
        let c = if c == '\\' { '/' } else { c };
        if !(c == '/' && out.ends_with('/')) {
            out.push(c);
        }
    }
    out
}

/// Next.js's 308: `Location`, `Refresh: 0;url=…` and the destination as body (nextjs-compat 1.16, 10.6).
fn permanent_redirect(destination: &str) -> AxumResponse {
    let Ok(location) = HeaderValue::try_from(destination) else {
        return plain_error(StatusCode::BAD_REQUEST, "Bad Request");
    };
    let refresh =
        HeaderValue::try_from(format!("0;url={destination}")).unwrap_or_else(|_| location.clone());
    let mut response = (StatusCode::PERMANENT_REDIRECT, destination.to_owned()).into_response();
    response.headers_mut().remove(header::CONTENT_TYPE);
    response.headers_mut().insert(header::LOCATION, location);
    response.headers_mut().insert(header::REFRESH, refresh);
    response
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dot_segments_are_resolved_encoded_or_not() {
        // nextjs-compat 10.6
        assert_eq!(remove_dot_segments("/api/x/../people"), "/api/people");
        assert_eq!(remove_dot_segments("/api/x/%2e%2E/people"), "/api/people");
        assert_eq!(remove_dot_segments("/api/./people"), "/api/people");
        assert_eq!(remove_dot_segments("/../../etc"), "/etc");
        assert!(!is_dot_segment("..."));
        assert!(!is_dot_segment("a.b"));
        assert!(!is_dot_segment(""));
    }

    #[test]
    fn only_plain_paths_skip_the_rules() {
        for plain in ["/", "/api/users", "/api/post/42"] {
            assert!(!needs_a_closer_look(plain), "{plain}");
        }
        for closer in [
            "/api/", "//api", "/api//x", "/a\\b", "/a/./b", "/a/%2e", "/a%20b", "/a.json",
        ] {
            assert!(needs_a_closer_look(closer), "{closer}");
        }
    }

    #[test]
    fn repeated_slashes_and_backslashes_collapse() {
        // nextjs-compat 1.17
        assert_eq!(collapse_slashes("/api//users"), "/api/users");
        assert_eq!(collapse_slashes("/api\\users/"), "/api/users/");
    }
}
