//! What Next.js's server does around every API route (spec 1.10, 1.16–1.18, 3.8): redirect
//! trailing and repeated slashes, refuse malformed percent-encoding, answer unknown paths with
//! 404, and turn a handler's panic into a logged 500 while the server keeps serving.

use std::convert::Infallible;
use std::future::{Future, Ready};
use std::panic::AssertUnwindSafe;
use std::pin::Pin;
use std::task::{Context, Poll};
use std::time::Duration;

use futures_util::future::Either;

use axum::Router;
use axum::extract::Request as AxumRequest;
use axum::response::{IntoResponse, Response as AxumResponse};
use futures_util::FutureExt;
use http::StatusCode;
use http::header::{self, HeaderValue};

use crate::error::plain_error;
use crate::js_compat::decode_uri_component;

/// Next.js's router behaviour, switchable as `next.config.js` switches it. The defaults are
/// Next.js's defaults; `routes!` applies them in `router()`, and `router_with(options)` takes
/// others.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RouterOptions {
    trailing_slash_redirect: bool,
    repeated_slash_redirect: bool,
    not_found_page: bool,
    max_duration: Option<Duration>,
}

impl Default for RouterOptions {
    fn default() -> Self {
        Self {
            trailing_slash_redirect: true,
            repeated_slash_redirect: true,
            not_found_page: true,
            max_duration: Some(DEFAULT_MAX_DURATION),
        }
    }
}

impl RouterOptions {
    /// Next.js's defaults.
    pub fn new() -> Self {
        Self::default()
    }

    /// `GET /api/users/` → 308 to `/api/users` (on by default; `skipTrailingSlashRedirect`).
    pub fn trailing_slash_redirect(mut self, on: bool) -> Self {
        self.trailing_slash_redirect = on;
        self
    }

    /// `GET /api//users` → 308 to `/api/users` (on by default).
    pub fn repeated_slash_redirect(mut self, on: bool) -> Self {
        self.repeated_slash_redirect = on;
        self
    }

    /// Answer unknown paths with Next.js's 404 (on by default). Turn it off to merge the router
    /// into one that has a fallback of its own.
    pub fn not_found_page(mut self, on: bool) -> Self {
        self.not_found_page = on;
        self
    }

    /// How long a handler may take to produce its response before the client gets 504
    /// `Gateway Timeout` (default 60 s; `None` waits forever). A page whose handlers set
    /// `#[api_route(max_duration = 10)]` (seconds, Next.js's `maxDuration`) uses the largest
    /// of theirs instead.
    /// A streamed body may take longer: the limit is on the response head.
    pub fn max_duration(mut self, limit: Option<Duration>) -> Self {
        self.max_duration = limit;
        self
    }

    /// The layer `routes!` puts around each page (handlers and folder middleware): a panic
    /// answers 500 and a page running past its maximum duration answers 504.
    /// `max_duration_seconds` is the largest `max_duration` among the page's handlers. Applied to
    /// the type-erased route, it is compiled once, not once per handler.
    #[doc(hidden)]
    pub fn guard_layer(&self, max_duration_seconds: Option<u64>) -> GuardLayer {
        let max_duration = max_duration_seconds
            .map(Duration::from_secs)
            .or(self.max_duration);
        GuardLayer { max_duration }
    }

    /// The router with these behaviours added.
    pub fn apply<S>(self, router: Router<S>) -> Router<S>
    where
        S: Clone + Send + Sync + 'static,
    {
        let router = if self.not_found_page {
            router.fallback(not_found)
        } else {
            router
        };
        router.layer(ConventionsLayer { options: self })
    }
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

/// The answer to a method no handler of the page takes: 405 with one `Allow` line per method
/// and the body of Next.js's own idiom (spec 4.3), `Method DELETE Not Allowed`, no
/// `Content-Type`. `routes!` makes it the fallback of pages whose handlers all name methods.
#[doc(hidden)]
#[derive(Debug, Clone, Copy)]
pub struct MethodNotAllowed(pub &'static [&'static str]);

impl tower::Service<AxumRequest> for MethodNotAllowed {
    type Response = AxumResponse;
    type Error = Infallible;
    type Future = Ready<Result<AxumResponse, Infallible>>;

    fn poll_ready(&mut self, _cx: &mut Context<'_>) -> Poll<Result<(), Self::Error>> {
        Poll::Ready(Ok(()))
    }

    fn call(&mut self, request: AxumRequest) -> Self::Future {
        let message = format!("Method {} Not Allowed", request.method());
        let mut response = (StatusCode::METHOD_NOT_ALLOWED, message).into_response();
        response.headers_mut().remove(header::CONTENT_TYPE);
        for method in self.0 {
            response
                .headers_mut()
                .append(header::ALLOW, HeaderValue::from_static(method));
        }
        std::future::ready(Ok(response))
    }
}

/// How long a handler may run by default before the client gets 504.
pub const DEFAULT_MAX_DURATION: Duration = Duration::from_secs(60);

/// Next.js's `Cache-Control` on its 404 and 400 answers (spec 10.3).
const NO_CACHE: HeaderValue =
    HeaderValue::from_static("private, no-cache, no-store, max-age=0, must-revalidate");

#[derive(Debug, Clone, Copy)]
struct ConventionsLayer {
    options: RouterOptions,
}

impl<S> tower::Layer<S> for ConventionsLayer {
    type Service = Conventions<S>;

    fn layer(&self, inner: S) -> Self::Service {
        Conventions {
            inner,
            options: self.options,
        }
    }
}

#[derive(Debug, Clone)]
pub struct Conventions<S> {
    inner: S,
    options: RouterOptions,
}

impl<S> tower::Service<AxumRequest> for Conventions<S>
where
    S: tower::Service<AxumRequest, Response = AxumResponse, Error = Infallible>,
{
    type Response = AxumResponse;
    type Error = Infallible;
    type Future = Either<Ready<Result<AxumResponse, Infallible>>, S::Future>;

    fn poll_ready(&mut self, cx: &mut Context<'_>) -> Poll<Result<(), Self::Error>> {
        self.inner.poll_ready(cx)
    }

    fn call(&mut self, request: AxumRequest) -> Self::Future {
        match self.options.answer_before_routing(request.uri()) {
            Some(response) => Either::Left(std::future::ready(Ok(response))),
            None => Either::Right(self.inner.call(request)),
        }
    }
}

/// Next.js answers 500 when a handler throws (spec 3.8); a Rust handler panics instead. This
/// turns the panic into that 500, logged with the route, and bounds how long a handler runs.
/// tower-http's `CatchPanic` and `Timeout` would need two boxed futures and cannot name the
/// route in the log line; this is one.
#[doc(hidden)]
#[derive(Debug, Clone, Copy)]
pub struct GuardLayer {
    max_duration: Option<Duration>,
}

impl<S> tower::Layer<S> for GuardLayer {
    type Service = Guard<S>;

    fn layer(&self, inner: S) -> Self::Service {
        Guard {
            inner,
            max_duration: self.max_duration,
        }
    }
}

#[doc(hidden)]
#[derive(Debug, Clone)]
pub struct Guard<S> {
    inner: S,
    max_duration: Option<Duration>,
}

type BoxFuture = Pin<Box<dyn Future<Output = Result<AxumResponse, Infallible>> + Send>>;

impl<S> tower::Service<AxumRequest> for Guard<S>
where
    S: tower::Service<AxumRequest, Response = AxumResponse, Error = Infallible> + Send + 'static,
    S::Future: Send + 'static,
{
    type Response = AxumResponse;
    type Error = Infallible;
    type Future = BoxFuture;

    fn poll_ready(&mut self, cx: &mut Context<'_>) -> Poll<Result<(), Self::Error>> {
        self.inner.poll_ready(cx)
    }

    fn call(&mut self, request: AxumRequest) -> Self::Future {
        // Only read on a panic or a timeout: a reference-counted clone, not a copy of the path.
        let route = request.uri().clone();
        let max_duration = self.max_duration;
        let guarded = AssertUnwindSafe(self.inner.call(request)).catch_unwind();
        Box::pin(async move {
            let outcome = match max_duration {
                Some(limit) => match tokio::time::timeout(limit, guarded).await {
                    Ok(outcome) => outcome,
                    Err(_) => {
                        tracing::error!(route = %route.path(), "handler did not answer within {limit:?}; answering 504");
                        return Ok(plain_error(StatusCode::GATEWAY_TIMEOUT, "Gateway Timeout"));
                    }
                },
                None => guarded.await,
            };
            match outcome {
                Ok(result) => result,
                Err(panic) => {
                    let message = panic
                        .downcast_ref::<&str>()
                        .map(|message| (*message).to_owned())
                        .or_else(|| panic.downcast_ref::<String>().cloned())
                        .unwrap_or_else(|| "a non-string panic payload".to_owned());
                    tracing::error!(route = %route.path(), "handler panicked: {message}");
                    Ok(plain_error(
                        StatusCode::INTERNAL_SERVER_ERROR,
                        "Internal Server Error",
                    ))
                }
            }
        })
    }
}

impl RouterOptions {
    fn answer_before_routing(&self, uri: &http::Uri) -> Option<AxumResponse> {
        let path = uri.path();
        // The query string is kept verbatim (spec 10.6); built only when redirecting.
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

/// `.` or `..`, also percent-encoded (`%2e%2E`): Next.js resolves these before routing
/// (spec 10.6), so a handler never sees one in a param or catch-all.
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

/// Next.js's 308: `Location`, `Refresh: 0;url=…` and the destination as body (spec 1.16, 10.6).
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
        // spec 10.6
        assert_eq!(remove_dot_segments("/api/x/../people"), "/api/people");
        assert_eq!(remove_dot_segments("/api/x/%2e%2E/people"), "/api/people");
        assert_eq!(remove_dot_segments("/api/./people"), "/api/people");
        assert_eq!(remove_dot_segments("/../../etc"), "/etc");
        assert!(!is_dot_segment("..."));
        assert!(!is_dot_segment("a.b"));
        assert!(!is_dot_segment(""));
    }

    #[test]
    fn repeated_slashes_and_backslashes_collapse() {
        // spec 1.17
        assert_eq!(collapse_slashes("/api//users"), "/api/users");
        assert_eq!(collapse_slashes("/api\\users/"), "/api/users/");
    }
}
