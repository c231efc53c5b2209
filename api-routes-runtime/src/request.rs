//! [`Request`]: Next.js's `req` as an axum extractor (nextjs-compat 2).

use std::future::{Future, ready};
use std::sync::OnceLock;

use axum::body::Body;
use axum::extract::FromRequest;
use bytes::Bytes;
use futures_util::future::Either;
use http::header::{AsHeaderName, CONTENT_LENGTH, CONTENT_TYPE, COOKIE};
use http::request::Parts;
use http::{HeaderMap, Method, Uri};
use http_body_util::{BodyExt, LengthLimitError, Limited};
use serde::de::DeserializeOwned;
use serde_json::Value;

use crate::body::{BodyError, ContentType, MediaKind, check_body, parse_body};
use crate::config::{RouteConfig, SizeLimit};
use crate::cookies::{Cookies, parse_cookie_headers};
use crate::error::ApiError;
use crate::page::Page;
use crate::query::QueryMap;
use crate::rejection::{RawBodyError, RequestRejection};

/// The incoming request, with Next.js's helpers: `query()` (query string merged with route
/// params), `cookies()`, and `body()` parsed by `Content-Type`.
///
/// As an extractor it reads the body up to the route's limit (1mb unless
/// `#[api_route(body_limit = "…")]` says otherwise) and checks it before the handler runs, so a
/// body that is too large answers 413 `Body exceeded 1mb limit` and invalid JSON answers 400
/// `Invalid JSON` without calling the handler (nextjs-compat 2.5); take
/// `Result<Request, RequestRejection>` to answer those yourself. Building `body()`, `query()`
/// and `cookies()` waits until the handler first asks for them.
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
    // Boxed, as `RequestBody::Read`'s value is: built only when the handler asks, and a
    // `Request` is moved by value through the future axum allocates for every request
    // (BENCHMARKS.md, "What changed, one step at a time").
    query: OnceLock<Box<QueryMap>>,
    cookies: OnceLock<Box<Cookies>>,
}

#[derive(Debug)]
enum RequestBody {
    Read {
        bytes: Bytes,
        content_type: ContentType,
        value: OnceLock<Box<Value>>,
    },
    /// `body_parser = false`: the stream, until the handler takes it.
    Raw(Option<Body>),
}

static NO_BODY: Value = Value::Null;

impl<S> FromRequest<S> for Request
where
    S: Send + Sync,
{
    type Rejection = RequestRejection;

    /// Not an `async fn`: axum allocates one future per request that holds this one beside the
    /// `Response`, and an `async fn` would keep the incoming request, its parts and the reading
    /// state in it whether or not there is a body to read (784 bytes, which took that
    /// allocation past glibc's small-size cache). A request without a body is answered at once;
    /// only reading a body has a future of its own, boxed.
    fn from_request(
        request: axum::extract::Request,
        _state: &S,
    ) -> impl Future<Output = Result<Self, Self::Rejection>> + Send {
        let (parts, body) = request.into_parts();
        let config = RouteConfig::of(&parts.extensions);
        if config.raw_body {
            return Either::Left(ready(Ok(Self::new(parts, RequestBody::Raw(Some(body))))));
        }
        // `raw-body` looks the charset up before reading anything, so an unknown one is
        // 400 `Invalid body` even when the body is also over the limit (nextjs-compat 2.5d).
        let content_type = match ContentType::from_header(
            parts
                .headers
                .get(CONTENT_TYPE)
                .map(|value| value.as_bytes()),
        ) {
            Ok(content_type) => content_type,
            Err(error) => return Either::Left(ready(Err(rejection(error)))),
        };
        match BodyToRead::of(&parts.headers, body, config.body_limit_or_default()) {
            BodyToRead::TooLarge(rejection) => Either::Left(ready(Err(rejection))),
            BodyToRead::Empty => {
                Either::Left(ready(Self::with_body(parts, content_type, Bytes::new())))
            }
            BodyToRead::Stream(limited) => Either::Right(Box::pin(async move {
                let bytes = read_body(limited).await?;
                Self::with_body(parts, content_type, bytes)
            })),
        }
    }
}

impl Request {
    fn new(parts: Parts, body: RequestBody) -> Self {
        Self {
            parts,
            body,
            query: OnceLock::new(),
            cookies: OnceLock::new(),
        }
    }

    /// The request with its body read, once the body is known to suit its `Content-Type`.
    fn with_body(
        parts: Parts,
        content_type: ContentType,
        bytes: Bytes,
    ) -> Result<Self, RequestRejection> {
        check_body(&content_type, &bytes).map_err(rejection)?;
        Ok(Self::new(
            parts,
            RequestBody::Read {
                bytes,
                content_type,
                value: OnceLock::new(),
            },
        ))
    }
}

/// What is known of a body before reading any of it.
enum BodyToRead {
    /// Its `Content-Length` is over the limit: refused unread, so an oversized upload is never
    /// held in memory (nextjs-compat 2.5c).
    TooLarge(RequestRejection),
    /// There is none (most GETs).
    Empty,
    /// To be read, refused as soon as it passes the limit.
    Stream(LimitedBody),
}

struct LimitedBody {
    body: Limited<Body>,
    limit: SizeLimit,
}

impl BodyToRead {
    fn of(headers: &HeaderMap, body: Body, limit: SizeLimit) -> Self {
        let declared = headers
            .get(CONTENT_LENGTH)
            .and_then(|value| value.to_str().ok()?.parse::<u64>().ok());
        if declared.is_some_and(|length| length > limit.bytes) {
            return Self::TooLarge(too_large(limit));
        }
        if http_body::Body::size_hint(&body).exact() == Some(0) {
            return Self::Empty;
        }
        let bytes = usize::try_from(limit.bytes).unwrap_or(usize::MAX);
        Self::Stream(LimitedBody {
            body: Limited::new(body, bytes),
            limit,
        })
    }
}

/// Reads the whole body, refusing it as soon as it passes the limit while streaming.
async fn read_body(LimitedBody { body, limit }: LimitedBody) -> Result<Bytes, RequestRejection> {
    match body.collect().await {
        Ok(collected) => Ok(collected.to_bytes()),
        Err(error) if error.downcast_ref::<LengthLimitError>().is_some() => Err(too_large(limit)),
        Err(_) => Err(RequestRejection::InvalidBody),
    }
}

fn too_large(limit: SizeLimit) -> RequestRejection {
    RequestRejection::BodyTooLarge { limit: limit.label }
}

fn rejection(error: BodyError) -> RequestRejection {
    match error {
        BodyError::InvalidJson => RequestRejection::InvalidJson,
        BodyError::InvalidBody => RequestRejection::InvalidBody,
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

    /// Every request header (`req.headers`).
    pub fn headers(&self) -> &HeaderMap {
        &self.parts.headers
    }

    /// One header's first value as text (`req.headers['user-agent']`); `None` when absent or
    /// not visible ASCII. The name is any case: `"user-agent"` or `header::USER_AGENT`.
    ///
    /// ```
    /// # use api_routes_runtime::{Request, Response};
    /// use api_routes_runtime::axum::http::header;
    ///
    /// async fn handler(req: Request, res: Response) -> Response {
    ///     let agent = req.header(header::USER_AGENT).unwrap_or("unknown");
    ///     res.send(format!("hello, {agent}"))
    /// }
    /// # let _ = handler;
    /// ```
    pub fn header(&self, name: impl AsHeaderName) -> Option<&str> {
        self.parts
            .headers
            .get(name)
            .and_then(|value| value.to_str().ok())
    }

    /// The request's extensions: what axum and middleware attached to it.
    pub fn extensions(&self) -> &http::Extensions {
        &self.parts.extensions
    }

    /// `req.query`: the query string with the route's parameters merged in (nextjs-compat 2.2, 2.3).
    /// A parameter overrides a query key of the same name; a repeated key or a catch-all is a
    /// list; an absent optional catch-all is no key at all.
    pub fn query(&self) -> &QueryMap {
        self.query.get_or_init(|| {
            let mut query = QueryMap::parse(self.parts.uri.query().unwrap_or(""));
            if let Some(page) = self.parts.extensions.get::<&'static Page>() {
                for (name, value) in page.params(self.parts.uri.path()) {
                    query.insert_param(name.to_owned(), value);
                }
            }
            Box::new(query)
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

    /// `req.cookies`: the `Cookie` header parsed as Next.js does (nextjs-compat 2.4).
    pub fn cookies(&self) -> &Cookies {
        self.cookies.get_or_init(|| {
            Box::new(parse_cookie_headers(
                self.parts
                    .headers
                    .get_all(COOKIE)
                    .iter()
                    .map(|value| value.as_bytes()),
            ))
        })
    }

    /// `req.body` (nextjs-compat 2.5): JSON bodies as their value (`{}` when empty), urlencoded forms
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
                    Box::new(parsed.unwrap_or(Value::Null))
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

    /// The unread body stream, on routes marked `#[api_route(body_parser = false)]`
    /// (Next.js's `bodyParser: false`). Elsewhere the body was read before the handler ran, and
    /// this is an error that names the fix; `?` turns it into a logged 500.
    ///
    /// ```
    /// use api_routes_runtime::{ApiError, Request, Response};
    /// use http_body_util::BodyExt;
    ///
    /// // #[api_route(body_parser = false)]
    /// async fn upload(mut req: Request, res: Response) -> Result<Response, ApiError> {
    ///     let mut body = req.take_raw_body()?;
    ///     let mut received = 0;
    ///     while let Some(frame) = body.frame().await {
    ///         received += frame?.data_ref().map_or(0, |chunk| chunk.len());
    ///     }
    ///     Ok(res.json(received))
    /// }
    /// # let _ = upload;
    /// ```
    pub fn take_raw_body(&mut self) -> Result<Body, RawBodyError> {
        match &mut self.body {
            RequestBody::Raw(body) => body.take().ok_or(RawBodyError::AlreadyTaken),
            RequestBody::Read { .. } => Err(RawBodyError::BodyParsed),
        }
    }
}

#[cfg(test)]
mod tests {
    use axum::handler::Handler;

    use super::*;
    use crate::Response;

    /// The largest request glibc's malloc serves from its per-thread cache (`tcache`); a larger
    /// one takes the general path, which cost every request about 1.5k instructions on the
    /// benchmark's `post` route (BENCHMARKS.md, "What changed, one step at a time").
    const GLIBC_TCACHE_MAX_BYTES: usize = 1032;

    #[test]
    fn the_future_axum_allocates_for_a_req_res_handler_is_a_small_allocation() {
        async fn handler(res: Response, req: Request) -> Response {
            let _ = req.query();
            res
        }
        let future = Handler::<_, ()>::call(handler, axum::extract::Request::default(), ());
        let size = std::mem::size_of_val(&*future);
        assert!(
            size <= GLIBC_TCACHE_MAX_BYTES,
            "the handler's future is {size} bytes"
        );
    }
}
