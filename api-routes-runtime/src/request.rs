//! [`Request`]: Next.js's `req` as an axum extractor (spec §2).

use std::sync::OnceLock;

use axum::body::Body;
use axum::extract::{FromRequest, MatchedPath, OriginalUri};
use axum::response::Response as AxumResponse;
use bytes::Bytes;
use http::header::{CONTENT_LENGTH, CONTENT_TYPE, COOKIE};
use http::request::Parts;
use http::{HeaderMap, Method, StatusCode, Uri};
use http_body_util::{BodyExt, LengthLimitError, Limited};
use serde::de::DeserializeOwned;
use serde_json::Value;

use crate::body::{BodyError, ContentType, MediaKind, check_body, parse_body};
use crate::config::{RouteConfig, SizeLimit};
use crate::cookies::{Cookies, parse_cookie_headers};
use crate::error::{ApiError, plain_error};
use crate::js_compat::decode_uri_component;
use crate::query::{QueryMap, QueryValue};

/// The incoming request, with Next.js's helpers: `query()` (query string merged with route
/// params), `cookies()`, and `body()` parsed by `Content-Type`.
///
/// As an extractor it reads the body up to the route's limit (1mb unless
/// `#[api_route(body_limit = "…")]` says otherwise) and checks it before the handler runs, so a
/// body that is too large answers 413 `Body exceeded 1mb limit` and invalid JSON answers 400
/// `Invalid JSON` without calling the handler (spec 2.5). Building `body()`, `query()` and
/// `cookies()` waits until the handler first asks for them.
///
/// It reads the body, so axum wants it as the last argument; `#[api_route]` lets you write
/// Next.js's `(req, res)` order and moves it for you.
///
/// ```
/// use api_routes_runtime::{Request, Response};
///
/// async fn handler(req: Request, res: Response) -> Response {
///     match req.method().as_str() {
///         "POST" => res.status(201).json(req.body()),
///         _ => res.json(req.query()),
///     }
/// }
/// # let _ = handler;
/// ```
#[derive(Debug)]
pub struct Request {
    parts: Parts,
    body: RequestBody,
    query: OnceLock<QueryMap>,
    cookies: OnceLock<Cookies>,
}

#[derive(Debug)]
enum RequestBody {
    Read {
        bytes: Bytes,
        content_type: ContentType,
        value: OnceLock<Value>,
    },
    /// `body_parser = false`: the stream, until the handler takes it.
    Raw(Option<Body>),
}

static NO_BODY: Value = Value::Null;

impl<S> FromRequest<S> for Request
where
    S: Send + Sync,
{
    type Rejection = AxumResponse;

    async fn from_request(
        request: axum::extract::Request,
        _state: &S,
    ) -> Result<Self, Self::Rejection> {
        let (parts, body) = request.into_parts();
        let config = RouteConfig::of(&parts.extensions);
        let body = if config.raw_body {
            RequestBody::Raw(Some(body))
        } else {
            // `raw-body` looks the charset up before reading anything, so an unknown one is
            // 400 `Invalid body` even when the body is also over the limit (spec 2.5d).
            let content_type = ContentType::from_header(
                parts
                    .headers
                    .get(CONTENT_TYPE)
                    .map(|value| value.as_bytes()),
            )
            .map_err(|error| plain_error(error.status(), error.message()))?;
            let bytes = read_body(&parts.headers, body, config.body_limit_or_default()).await?;
            check_body(&content_type, &bytes)
                .map_err(|error| plain_error(error.status(), error.message()))?;
            RequestBody::Read {
                bytes,
                content_type,
                value: OnceLock::new(),
            }
        };
        Ok(Self {
            parts,
            body,
            query: OnceLock::new(),
            cookies: OnceLock::new(),
        })
    }
}

/// Reads the whole body, refusing it as soon as it is known to pass the limit: from
/// `Content-Length` before reading anything, or while streaming, so an oversized upload is never
/// held in memory (spec 2.5c).
async fn read_body(
    headers: &HeaderMap,
    body: Body,
    limit: SizeLimit,
) -> Result<Bytes, AxumResponse> {
    let too_large = || {
        plain_error(
            StatusCode::PAYLOAD_TOO_LARGE,
            &format!("Body exceeded {} limit", limit.label),
        )
    };
    let declared = headers
        .get(CONTENT_LENGTH)
        .and_then(|value| value.to_str().ok()?.parse::<u64>().ok());
    if declared.is_some_and(|length| length > limit.bytes) {
        return Err(too_large());
    }
    // A request without a body (most GETs) has nothing to read.
    if http_body::Body::size_hint(&body).exact() == Some(0) {
        return Ok(Bytes::new());
    }
    let limit = usize::try_from(limit.bytes).unwrap_or(usize::MAX);
    match Limited::new(body, limit).collect().await {
        Ok(collected) => Ok(collected.to_bytes()),
        Err(error) if error.downcast_ref::<LengthLimitError>().is_some() => Err(too_large()),
        Err(_) => Err(plain_error(
            StatusCode::BAD_REQUEST,
            BodyError::InvalidBody.message(),
        )),
    }
}

impl Request {
    /// The request method (`req.method`).
    pub fn method(&self) -> &Method {
        &self.parts.method
    }

    /// The request URI as the client sent it, path and query (`req.url`).
    pub fn uri(&self) -> &Uri {
        &self.parts.uri
    }

    /// The path and query string, as Next.js's `req.url` gives them.
    pub fn url(&self) -> &str {
        self.parts
            .uri
            .path_and_query()
            .map_or("/", |path| path.as_str())
    }

    pub fn headers(&self) -> &HeaderMap {
        &self.parts.headers
    }

    /// One header's value as text; `None` when absent or not visible ASCII.
    pub fn header(&self, name: &str) -> Option<&str> {
        self.parts
            .headers
            .get(name)
            .and_then(|value| value.to_str().ok())
    }

    pub fn extensions(&self) -> &http::Extensions {
        &self.parts.extensions
    }

    /// `req.query`: the query string with the route's parameters merged in (spec 2.2, 2.3).
    /// A parameter overrides a query key of the same name; a repeated key or a catch-all is a
    /// list; an absent optional catch-all is no key at all.
    pub fn query(&self) -> &QueryMap {
        self.query.get_or_init(|| {
            let mut query = QueryMap::parse(self.parts.uri.query().unwrap_or(""));
            for (name, value) in route_params(&self.parts) {
                query.insert_param(name, value);
            }
            query
        })
    }

    /// The query (with route params) deserialized into `T`; a mismatch is a 400 that says what
    /// did not fit.
    ///
    /// ```
    /// # use api_routes_runtime::{ApiError, Request, Response};
    /// #[derive(serde::Deserialize)]
    /// struct Page { page: u32, tag: Vec<String> }
    ///
    /// async fn handler(req: Request, res: Response) -> Result<Response, ApiError> {
    ///     let Page { page, tag } = req.query_as()?; // ?page=2&tag=a&tag=b
    ///     Ok(res.json(&(page, tag)))
    /// }
    /// # let _ = handler;
    /// ```
    pub fn query_as<T: DeserializeOwned>(&self) -> Result<T, ApiError> {
        serde_html_form::from_str(&self.query().to_urlencoded())
            .map_err(|error| ApiError::new(400, format!("Invalid query: {error}")))
    }

    /// `req.cookies`: the `Cookie` header parsed as Next.js does (spec 2.4).
    pub fn cookies(&self) -> &Cookies {
        self.cookies.get_or_init(|| {
            parse_cookie_headers(
                self.parts
                    .headers
                    .get_all(COOKIE)
                    .iter()
                    .map(|value| value.as_bytes()),
            )
        })
    }

    /// `req.body` (spec 2.5): JSON bodies as their value (`{}` when empty), urlencoded forms
    /// as an object of strings and lists, anything else as text (`""` when there is none).
    /// `Null` when the route reads the raw body instead.
    pub fn body(&self) -> &Value {
        match &self.body {
            RequestBody::Read {
                bytes,
                content_type,
                value,
            } => {
                // `check_body` accepted this body when the request was extracted.
                value.get_or_init(|| {
                    let parsed = parse_body(content_type, bytes);
                    debug_assert!(
                        parsed.is_ok(),
                        "check_body accepted a body parse_body rejects"
                    );
                    parsed.unwrap_or(Value::Null)
                })
            }
            RequestBody::Raw(_) => &NO_BODY,
        }
    }

    /// The body deserialized into `T`. A JSON body goes straight from its text into `T`; other
    /// bodies go through [`body`](Self::body). A mismatch is a 400 naming what did not fit.
    pub fn json<T: DeserializeOwned>(&self) -> Result<T, ApiError> {
        let invalid =
            |error: serde_json::Error| ApiError::new(400, format!("Invalid body: {error}"));
        match &self.body {
            RequestBody::Read {
                bytes,
                content_type,
                ..
            } if content_type.kind == MediaKind::Json => {
                let text = content_type.charset.decode(bytes);
                serde_json::from_str(if text.is_empty() { "{}" } else { &text }).map_err(invalid)
            }
            _ => T::deserialize(self.body()).map_err(invalid),
        }
    }

    /// The body as it arrived (empty when the route reads the raw body instead).
    pub fn bytes(&self) -> &[u8] {
        match &self.body {
            RequestBody::Read { bytes, .. } => bytes,
            RequestBody::Raw(_) => &[],
        }
    }

    /// The unread body stream, on routes marked `#[api_route(body_parser = false)]`; `None`
    /// elsewhere (the body was read already) or once taken.
    pub fn take_raw_body(&mut self) -> Option<Body> {
        match &mut self.body {
            RequestBody::Raw(body) => body.take(),
            RequestBody::Read { .. } => None,
        }
    }
}

/// The route's parameters, read from the raw path so that each segment is decoded exactly once,
/// as Next.js does: `/api/post/a%2Fb` gives the catch-all `["a/b"]`, not `["a", "b"]`.
fn route_params(parts: &Parts) -> Vec<(String, QueryValue)> {
    let pattern = match parts.extensions.get::<PagePattern>() {
        Some(PagePattern(pattern)) => pattern,
        None => match parts.extensions.get::<MatchedPath>() {
            Some(matched) => matched.as_str(),
            None => return Vec::new(),
        },
    };
    // Inside `Router::nest` the URI lost its prefix; the matched pattern did not.
    let path = parts
        .extensions
        .get::<OriginalUri>()
        .map_or_else(|| parts.uri.path(), |original| original.path());
    params_from_path(pattern, path)
}

/// The pattern of the page answering, where the path axum matched is not it: a catch-all that
/// `routes!` registered under a sibling param, because axum's matcher refuses both at one level.
#[doc(hidden)]
#[derive(Debug, Clone, Copy)]
pub struct PagePattern(pub &'static str);

fn params_from_path(pattern: &str, path: &str) -> Vec<(String, QueryValue)> {
    let decode =
        |segment: &str| decode_uri_component(segment).unwrap_or_else(|| segment.to_owned());
    let mut params = Vec::new();
    let mut segments = path.split('/');
    for piece in pattern.split('/') {
        if let Some(name) = piece
            .strip_prefix("{*")
            .and_then(|rest| rest.strip_suffix('}'))
        {
            let rest: Vec<String> = segments.by_ref().map(decode).collect();
            params.push((name.to_owned(), QueryValue::Many(rest)));
            break;
        }
        let Some(segment) = segments.next() else {
            break;
        };
        if let Some(name) = piece
            .strip_prefix('{')
            .and_then(|rest| rest.strip_suffix('}'))
            && !piece.starts_with("{{")
        {
            params.push((name.to_owned(), QueryValue::One(decode(segment))));
        }
    }
    params
}

#[cfg(test)]
mod tests {
    use super::*;

    fn params(pattern: &str, path: &str) -> String {
        let mut query = QueryMap::new();
        for (name, value) in params_from_path(pattern, path) {
            query.insert_param(name, value);
        }
        query.to_json_string()
    }

    #[test]
    fn dynamic_segment_is_decoded_once() {
        // spec 1.6
        assert_eq!(
            params("/api/users/{id}", "/api/users/a%20b"),
            r#"{"id":"a b"}"#
        );
    }

    #[test]
    fn catch_all_is_a_list_and_keeps_encoded_slashes_inside_one_element() {
        // spec 1.7
        assert_eq!(
            params("/api/post/{*slug}", "/api/post/a/b/c"),
            r#"{"slug":["a","b","c"]}"#
        );
        assert_eq!(
            params("/api/post/{*slug}", "/api/post/a%2Fb"),
            r#"{"slug":["a/b"]}"#
        );
    }

    #[test]
    fn several_params_in_one_path() {
        // spec 1.14
        assert_eq!(
            params(
                "/api/blog/{post}/comment/{id}",
                "/api/blog/post-1/comment/1"
            ),
            r#"{"post":"post-1","id":"1"}"#
        );
    }

    #[test]
    fn bare_parent_of_an_optional_catch_all_has_no_key() {
        // spec 1.8
        assert_eq!(params("/api/post", "/api/post"), "{}");
    }
}
