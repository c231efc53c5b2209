//! Run the router on AWS Lambda (feature `lambda`): API Gateway REST (v1) and HTTP (v2) APIs,
//! Application Load Balancers and function URLs, through
//! [`lambda_http`](https://docs.rs/lambda_http).
//!
//! ```no_run
//! # api_routes::routes!(dir = "doc-fixtures/pages/api");
//! #[tokio::main]
//! async fn main() -> Result<(), api_routes::lambda::Error> {
//!     api_routes::lambda::run(router()).await
//! }
//! ```
//!
//! The pages answer exactly as under [`serve`](crate::serve): the body limit (413 from
//! `Content-Length` before reading, or while reading), 400 `Invalid JSON`, 405 with `Allow`, a
//! panic → 500 are all the router's, and the adapter passes the request's headers and body to it
//! untouched. What the adapter adds:
//!
//! - **Stage prefix.** `lambda_http` puts the API Gateway stage in front of the path
//!   (`/prod/api/user`); the pages live at `/api/user`, so the stage is removed again
//!   ([`Lambda::strip_stage`]). A custom-domain base path mapping is removed with
//!   [`Lambda::base_path`]. Redirects to a local path (the trailing-slash 308, `res.redirect`) get
//!   the removed prefix back when the client's URL had it, so they still point inside the API.
//! - **Cookies.** On API Gateway v2 and function URLs every `Set-Cookie` goes to the response's
//!   `cookies` array (by `lambda_http`); REST APIs and ALBs get them in `multiValueHeaders` (an
//!   ALB target group needs multi-value headers turned on to send more than one).
//! - **Repeated headers.** The `headers` of an HTTP API, function URL or ALB response hold one
//!   value per name, and `lambda_http` keeps only the first; so `Allow: GET` + `Allow: PUT` are
//!   joined into `Allow: GET, PUT` there (the same by RFC 9110). REST APIs keep both lines.
//! - **Binary bodies.** Request bodies arrive base64-decoded. A response body is sent as text when
//!   its `Content-Type` is textual (`text/*`, JSON, XML, YAML; `lambda_http`'s rule), otherwise
//!   base64 with `isBase64Encoded: true`. A body with *no* `Content-Type` that is not UTF-8 (such as
//!   `res.end(bytes)`) would be mangled by that rule, so it is sent as `application/octet-stream`.
//!   A textual `Content-Type` must come with UTF-8 bytes.
//! - **Buffering.** Lambda answers with one event, so a streamed body is collected first; if the
//!   stream fails, the answer is a logged 500 (the server would cut the connection).

use std::convert::Infallible;
use std::future::Future;
use std::pin::Pin;
use std::task::{Context, Poll};

use axum::Router;
use axum::body::Body;
use bytes::Bytes;
use http::header::{self, HeaderMap, HeaderValue};
use http::{Request, Response, StatusCode, Uri};
use http_body_util::BodyExt;
use lambda_http::RequestExt;
use lambda_http::request::RequestContext;
use tower::ServiceExt;

/// The `lambda_http` crate this module runs on, for its request extensions
/// ([`RequestExt`]: the API Gateway request context, the Lambda context).
pub use lambda_http;

/// What [`run`] returns when the Lambda runtime cannot start or loses its connection.
pub use lambda_http::Error;

/// Serves `router` as a Lambda function with [`Lambda`]'s defaults (stage prefix removed) until
/// the runtime shuts the process down.
pub async fn run(router: Router) -> Result<(), Error> {
    Lambda::new().run(router).await
}

/// How the router is run on Lambda.
///
/// ```no_run
/// # api_routes::routes!(dir = "doc-fixtures/pages/api");
/// # async fn run() -> Result<(), api_routes::lambda::Error> {
/// use api_routes::lambda::Lambda;
///
/// // REST API on a custom domain with the base path mapping `v1`: `/v1/api/user` → `/api/user`.
/// Lambda::new().base_path("/v1").run(router()).await
/// # }
/// # fn main() {}
/// ```
#[derive(Debug, Clone)]
pub struct Lambda {
    strip_stage: bool,
    base_path: Option<String>,
}

impl Default for Lambda {
    fn default() -> Self {
        Self::new()
    }
}

impl Lambda {
    /// Stage prefix removed, no base path.
    pub fn new() -> Self {
        Self {
            strip_stage: true,
            base_path: None,
        }
    }

    /// Remove the API Gateway stage (`/prod`) from the front of the path (on by default). The
    /// `$default` stage of HTTP APIs and function URLs has none, nor do ALB requests.
    pub fn strip_stage(mut self, on: bool) -> Self {
        self.strip_stage = on;
        self
    }

    /// Also remove this prefix (a custom domain's API mapping, `"/v1"`), after the stage.
    pub fn base_path(mut self, path: &str) -> Self {
        let path = path.trim_end_matches('/');
        self.base_path = match path {
            "" => None,
            path if path.starts_with('/') => Some(path.to_owned()),
            path => Some(format!("/{path}")),
        };
        self
    }

    /// The router as the service `lambda_http` runs: `lambda_http::run(Lambda::new().service(router()))`
    /// is what [`run`](Self::run) does, so a custom runtime set-up (or a test) can use it too.
    pub fn service(self, router: Router) -> LambdaService {
        LambdaService {
            router,
            options: self,
        }
    }

    /// Serves `router` as a Lambda function until the runtime shuts the process down.
    pub async fn run(self, router: Router) -> Result<(), Error> {
        lambda_http::run(self.service(router)).await
    }

    /// The request with the path the router expects, and what the response needs to know of it.
    fn route(&self, mut request: lambda_http::Request) -> (lambda_http::Request, Reply) {
        let path = request.uri().path().to_owned();
        let mut routed = path.as_str();
        let context = request.request_context_ref();
        if self.strip_stage
            && let Some(stage) = context.and_then(stage_of)
        {
            routed = strip_segments(routed, &format!("/{stage}"));
        }
        if let Some(base_path) = &self.base_path {
            routed = strip_segments(routed, base_path);
        }
        // What the client's own URL held in front of the routed path: the stage on an
        // `execute-api` URL, nothing on a custom domain without a base path.
        let client_path = match context {
            Some(RequestContext::ApiGatewayV1(context)) => context.path.clone(),
            Some(RequestContext::ApiGatewayV2(_)) => Some(request.raw_http_path().to_owned()),
            _ => None,
        };
        let client_prefix = client_path
            .as_deref()
            .and_then(|client| client.strip_suffix(routed))
            .filter(|prefix| prefix.starts_with('/'))
            .unwrap_or_default()
            .to_owned();
        // Only REST APIs answer with `multiValueHeaders` alone; HTTP APIs, function URLs and
        // single-value ALBs read `headers`, where `lambda_http` keeps one value per name.
        let join_repeated_headers = !matches!(context, Some(RequestContext::ApiGatewayV1(_)));
        if routed.len() != path.len() {
            let routed = routed.to_owned();
            *request.uri_mut() = with_path(request.uri(), &routed);
        }
        let reply = Reply {
            client_prefix,
            join_repeated_headers,
        };
        (request, reply)
    }
}

/// What the response event needs from the request.
#[derive(Debug)]
struct Reply {
    /// What the client's URL had in front of the routed path (`/prod`), for local redirects.
    client_prefix: String,
    /// Send `Allow: GET` and `Allow: PUT` as `Allow: GET, PUT`.
    join_repeated_headers: bool,
}

fn stage_of(context: &RequestContext) -> Option<&str> {
    let stage = match context {
        RequestContext::ApiGatewayV1(context) => context.stage.as_deref(),
        RequestContext::ApiGatewayV2(context) => context.stage.as_deref(),
        _ => None,
    }?;
    (!stage.is_empty() && stage != "$default").then_some(stage)
}

/// `path` without `prefix` when the prefix is whole segments of it (`/prod` of `/prod/api`, not
/// of `/production`).
fn strip_segments<'a>(path: &'a str, prefix: &str) -> &'a str {
    match path.strip_prefix(prefix) {
        Some("") => "/",
        Some(rest) if rest.starts_with('/') => rest,
        _ => path,
    }
}

fn with_path(uri: &Uri, path: &str) -> Uri {
    let path_and_query = match uri.query() {
        Some(query) => format!("{path}?{query}"),
        None => path.to_owned(),
    };
    let mut parts = uri.clone().into_parts();
    parts.path_and_query = path_and_query.parse().ok();
    Uri::from_parts(parts).unwrap_or_else(|_| uri.clone())
}

/// The generated router as a `tower::Service` of `lambda_http` requests; see [`Lambda::service`].
#[derive(Debug, Clone)]
pub struct LambdaService {
    router: Router,
    options: Lambda,
}

impl tower::Service<lambda_http::Request> for LambdaService {
    type Response = Response<Body>;
    type Error = Infallible;
    type Future = Pin<Box<dyn Future<Output = Result<Response<Body>, Infallible>> + Send>>;

    fn poll_ready(&mut self, _cx: &mut Context<'_>) -> Poll<Result<(), Infallible>> {
        // A `Router` is always ready; each call runs on a clone of it.
        Poll::Ready(Ok(()))
    }

    fn call(&mut self, request: lambda_http::Request) -> Self::Future {
        let (request, reply) = self.options.route(request);
        let request: Request<Body> = request.map(Body::new);
        let router = self.router.clone();
        Box::pin(async move {
            let response = match router.oneshot(request).await {
                Ok(response) => response,
                Err(never) => match never {},
            };
            Ok(finish(response, &reply).await)
        })
    }
}

/// The response as `lambda_http` will put it in the event: body collected, local redirects
/// given back the client's prefix, repeated headers joined where the event keeps one value, bytes
/// without a `Content-Type` kept binary.
async fn finish(response: Response<Body>, reply: &Reply) -> Response<Body> {
    let (mut parts, body) = response.into_parts();
    let bytes: Bytes = match body.collect().await {
        Ok(collected) => collected.to_bytes(),
        Err(error) => {
            tracing::error!(%error, "the response body failed while it was read; answering 500");
            let mut response = Response::new(Body::from("Internal Server Error"));
            *response.status_mut() = StatusCode::INTERNAL_SERVER_ERROR;
            return response;
        }
    };
    if !reply.client_prefix.is_empty() && parts.status.is_redirection() {
        prefix_local_redirect(&mut parts.headers, &reply.client_prefix);
    }
    if reply.join_repeated_headers {
        join_repeated_headers(&mut parts.headers);
    }
    if !parts.headers.contains_key(header::CONTENT_TYPE)
        && !parts.headers.contains_key(header::CONTENT_ENCODING)
        && std::str::from_utf8(&bytes).is_err()
    {
        // `lambda_http` would decode it as UTF-8 text and replace what is not.
        parts.headers.insert(
            header::CONTENT_TYPE,
            HeaderValue::from_static("application/octet-stream"),
        );
    } else if sent_as_text(&parts.headers) && std::str::from_utf8(&bytes).is_err() {
        tracing::warn!(
            content_type = ?parts.headers.get(header::CONTENT_TYPE),
            "a textual response body is not UTF-8; Lambda sends it decoded, not byte for byte"
        );
    }
    Response::from_parts(parts, Body::from(bytes))
}

/// `Location: /api/users` → `/prod/api/users` (and the same in Next.js's `Refresh: 0;url=…`).
fn prefix_local_redirect(headers: &mut HeaderMap, prefix: &str) {
    let local = |url: &str| url.starts_with('/') && !url.starts_with("//");
    if let Some(location) = headers.get(header::LOCATION).and_then(|v| v.to_str().ok())
        && local(location)
        && let Ok(value) = HeaderValue::try_from(format!("{prefix}{location}"))
    {
        headers.insert(header::LOCATION, value);
    }
    if let Some(refresh) = headers.get(header::REFRESH).and_then(|v| v.to_str().ok())
        && let Some((delay, url)) = refresh.split_once(";url=")
        && local(url)
        && let Ok(value) = HeaderValue::try_from(format!("{delay};url={prefix}{url}"))
    {
        headers.insert(header::REFRESH, value);
    }
}

/// `Allow: GET` + `Allow: PUT` → `Allow: GET, PUT` (the same by RFC 9110 §5.3), for events whose
/// `headers` hold one value per name. `Set-Cookie` lines cannot be joined: `lambda_http` moves
/// them to API Gateway v2's `cookies`, and an ALB needs multi-value headers turned on for them.
fn join_repeated_headers(headers: &mut HeaderMap) {
    let repeated: Vec<header::HeaderName> = headers
        .keys()
        .filter(|name| *name != header::SET_COOKIE && headers.get_all(*name).iter().count() > 1)
        .cloned()
        .collect();
    for name in repeated {
        let joined = headers
            .get_all(&name)
            .iter()
            .map(HeaderValue::as_bytes)
            .collect::<Vec<_>>()
            .join(&b", "[..]);
        if let Ok(value) = HeaderValue::from_bytes(&joined) {
            headers.insert(name, value);
        }
    }
}

/// `lambda_http`'s rule for a body sent as text rather than base64.
fn sent_as_text(headers: &HeaderMap) -> bool {
    if headers.contains_key(header::CONTENT_ENCODING) {
        return false;
    }
    let Some(content_type) = headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
    else {
        return true;
    };
    let mime = content_type.split(';').next().unwrap_or_default().trim();
    [
        "text",
        "application/json",
        "application/javascript",
        "application/xml",
        "application/yaml",
    ]
    .iter()
    .any(|prefix| content_type.starts_with(prefix))
        || ["+xml", "+yaml", "+json"]
            .iter()
            .any(|suffix| mime.ends_with(suffix))
        || headers
            .get("x-lambda-http-content-encoding")
            .is_some_and(|value| value == "text")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn prefixes_are_removed_by_whole_segments() {
        assert_eq!(strip_segments("/prod/api/user", "/prod"), "/api/user");
        assert_eq!(strip_segments("/prod", "/prod"), "/");
        assert_eq!(
            strip_segments("/production/api", "/prod"),
            "/production/api"
        );
        assert_eq!(strip_segments("/api/user", "/prod"), "/api/user");
    }

    #[test]
    fn base_path_is_normalised() {
        assert_eq!(Lambda::new().base_path("v1/").base_path, Some("/v1".into()));
        assert_eq!(Lambda::new().base_path("/").base_path, None);
    }

    #[test]
    fn local_redirects_get_the_prefix_back() {
        let mut headers = HeaderMap::new();
        headers.insert(header::LOCATION, HeaderValue::from_static("/api/users"));
        headers.insert(
            header::REFRESH,
            HeaderValue::from_static("0;url=/api/users"),
        );
        prefix_local_redirect(&mut headers, "/prod");
        assert_eq!(headers[header::LOCATION], "/prod/api/users");
        assert_eq!(headers[header::REFRESH], "0;url=/prod/api/users");

        let mut headers = HeaderMap::new();
        headers.insert(
            header::LOCATION,
            HeaderValue::from_static("https://example.com/"),
        );
        prefix_local_redirect(&mut headers, "/prod");
        assert_eq!(headers[header::LOCATION], "https://example.com/");
    }

    #[test]
    fn repeated_headers_are_joined_but_not_cookies() {
        let mut headers = HeaderMap::new();
        headers.append(header::ALLOW, HeaderValue::from_static("GET"));
        headers.append(header::ALLOW, HeaderValue::from_static("PUT"));
        headers.append(header::SET_COOKIE, HeaderValue::from_static("a=1"));
        headers.append(header::SET_COOKIE, HeaderValue::from_static("b=2"));
        join_repeated_headers(&mut headers);
        assert_eq!(
            headers.get_all(header::ALLOW).iter().collect::<Vec<_>>(),
            ["GET, PUT"]
        );
        assert_eq!(headers.get_all(header::SET_COOKIE).iter().count(), 2);
    }

    #[test]
    fn text_rule_matches_lambda_http() {
        let with = |value: &'static str| {
            let mut headers = HeaderMap::new();
            headers.insert(header::CONTENT_TYPE, HeaderValue::from_static(value));
            sent_as_text(&headers)
        };
        assert!(with("application/json; charset=utf-8"));
        assert!(with("text/html"));
        assert!(with("image/svg+xml"));
        assert!(!with("application/octet-stream"));
        assert!(!with("image/png"));
        assert!(sent_as_text(&HeaderMap::new()));
    }
}
