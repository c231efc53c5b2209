//! [`Response`]: Next.js's `res` helpers as a builder that is also an axum response (nextjs-compat 3).

use std::convert::Infallible;
use std::marker::PhantomData;

use axum::body::Body;
use axum::extract::FromRequestParts;
use axum::response::{IntoResponse, Response as AxumResponse};
use bytes::{BufMut, Bytes, BytesMut};
use http::header::{self, AsHeaderName, HeaderName, HeaderValue};
use http::request::Parts;
use http::{HeaderMap, StatusCode, Uri};
use serde::Serialize;

use crate::config::RouteConfig;
use crate::cookie_options::{CookieOptions, is_token_byte};
use crate::error::plain_error;
use crate::etag::{self, Etag};
use crate::guard::NoEtags;

const JSON_CONTENT_TYPE: HeaderValue = HeaderValue::from_static("application/json; charset=utf-8");
const OCTET_STREAM: HeaderValue = HeaderValue::from_static("application/octet-stream");

/// The response, built the way Next.js's `res` is used: `res.status(200).json(&user)`.
///
/// As an extractor it remembers what it needs from the request, the conditional headers for
/// `304 Not Modified` (nextjs-compat 3.4) and the route's response-size limit, and it is itself the
/// handler's return value. Every method consumes and returns it, so a handler cannot write twice
/// and cannot forget to answer (an untouched `Response` is an empty 200).
///
/// Mistakes that Node.js would throw for (a status outside 100–999, a header value with a line
/// break) are logged and answered with 500 `Internal Server Error`; they never panic.
///
/// ```
/// use api_routes_runtime::{Request, Response};
///
/// async fn handler(req: Request, res: Response) -> Response {
///     match req.method().as_str() {
///         "GET" => res.status(200).json(serde_json::json!({ "name": "John Doe" })),
///         method => res
///             .status(405)
///             .set_header("Allow", ["GET", "PUT"])
///             .end(format!("Method {method} Not Allowed")),
///     }
/// }
/// # let _ = handler;
/// ```
///
/// # Typed answers
///
/// `Response<T>` is Next.js's `NextApiResponse<T>`: its [`json`](Self::json) takes only a `T`
/// (or `&T`), so the page's answer is checked by the compiler and described in the OpenAPI
/// document. Errors go through `Err(ApiError)`. A plain `Response` (that is, `Response<Untyped>`)
/// answers anything, with [`send`](Self::send) and [`end`](Self::end) as well.
///
/// ```
/// use api_routes_runtime::{ApiError, Request, Response};
///
/// #[derive(serde::Serialize)]
/// struct User { name: String }
///
/// async fn handler(req: Request, res: Response<User>) -> Result<Response<User>, ApiError> {
///     match req.query().get("id").and_then(|id| id.as_str()) {
///         Some("1") => Ok(res.json(User { name: "Ada".into() })),
///         _ => Err(ApiError::new(404, "no such user")),
///     }
/// }
/// # let _ = handler;
/// ```
///
/// Answering another type is a compile error:
///
/// ```compile_fail
/// # use api_routes_runtime::Response;
/// # #[derive(serde::Serialize)] struct User { name: String }
/// fn answer(res: Response<User>) -> Response<User> {
///     res.json("a string is not a User")
/// }
/// ```
#[must_use = "a Response does nothing until it is returned from the handler"]
pub struct Response<T = Untyped> {
    status: StatusCode,
    headers: HeaderMap,
    body: Payload,
    /// The request's validators, kept only when it sent `If-None-Match`. Boxed, as `error` is:
    /// most requests have neither, and a `Response` is moved by value through every
    /// `res.status(..).json(..)` and the handler's future (BENCHMARKS.md, memcpy).
    conditional: Option<Box<HeaderMap>>,
    response_limit: Option<u64>,
    /// `RouterOptions::generate_etags`.
    etags: bool,
    url: Option<Uri>,
    /// The first mistake made while building; answered as 500.
    error: Option<Box<str>>,
    /// What [`json`](Self::json) accepts; `fn() -> T` so `Response<T>` is `Send` whatever `T`.
    answers: PhantomData<fn() -> T>,
}

/// The type parameter of a [`Response`] that answers anything: Next.js's untyped `res`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Untyped {}

/// What a [`Response<T>`] may answer with [`json`](Response::json): a `T` or a `&T`, or anything
/// serializable for an [`Untyped`] response.
#[diagnostic::on_unimplemented(
    message = "this page answers `{Self}`, so `res.json` cannot take a `{V}`",
    label = "not a `{Self}`",
    note = "the page declared its answer as `Response<{Self}>`; answer errors with `Err(ApiError::new(status, message))`, or make it a plain `Response` to answer anything"
)]
pub trait Answers<V: ?Sized> {}

impl<V: Serialize + ?Sized> Answers<V> for Untyped {}
impl<T: Serialize> Answers<T> for T {}
impl<T: Serialize> Answers<&T> for T {}

impl<T> std::fmt::Debug for Response<T> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Response")
            .field("status", &self.status)
            .field("headers", &self.headers)
            .field("body", &self.body)
            .field("answers", &std::any::type_name::<T>())
            .finish_non_exhaustive()
    }
}

#[derive(Debug)]
enum Payload {
    Empty,
    Bytes(Bytes),
    Stream(Body),
}

/// What [`Response::send`] accepts, with Next.js's rules for each (nextjs-compat 3.3).
#[derive(Debug)]
pub enum SendBody {
    /// Sent as is; `Content-Type` untouched.
    Text(String),
    /// `Content-Type: application/octet-stream` unless one is set.
    Bytes(Bytes),
    /// Compact JSON; `Content-Type` forced to `application/json; charset=utf-8`.
    Json(serde_json::Value),
    /// Streamed; `application/octet-stream` unless set; no ETag.
    Stream(Body),
    /// No body, no `Content-Type`, no ETag.
    Empty,
}

macro_rules! send_body_from {
    ($variant:ident: $($ty:ty => $convert:expr),* $(,)?) => {
        $(impl From<$ty> for SendBody {
            fn from(value: $ty) -> Self {
                #[allow(clippy::redundant_closure_call)]
                SendBody::$variant(($convert)(value))
            }
        })*
    };
}

send_body_from!(Text: String => |text| text, &str => str::to_owned, &String => String::clone);
send_body_from!(Bytes: Bytes => |bytes| bytes, Vec<u8> => Bytes::from, &'static [u8] => Bytes::from_static);
send_body_from!(Json: serde_json::Value => |value| value, bool => serde_json::Value::from, i64 => serde_json::Value::from,
    u64 => serde_json::Value::from, i32 => serde_json::Value::from, u32 => serde_json::Value::from, f64 => serde_json::Value::from);
send_body_from!(Stream: Body => |body| body);

impl From<crate::JsonLiteral> for SendBody {
    /// `res.send(json!({ .. }))`: JSON, as `res.send` of an object is in Next.js.
    ///
    /// # Panics
    ///
    /// When a value in the literal could not be serialized, as [`JsonLiteral::into_value`](crate::JsonLiteral::into_value);
    /// `res.json(json!(..))` answers 500 instead.
    fn from(literal: crate::JsonLiteral) -> Self {
        SendBody::Json(literal.into_value())
    }
}

impl From<()> for SendBody {
    fn from((): ()) -> Self {
        SendBody::Empty
    }
}

impl<T: Into<SendBody>> From<Option<T>> for SendBody {
    fn from(value: Option<T>) -> Self {
        value.map_or(SendBody::Empty, Into::into)
    }
}

/// One header value or several, each sent on its own line (`Allow: GET` and `Allow: PUT`):
/// what [`Response::set_header`] takes, like Node's `res.setHeader(name, value | value[])`.
pub trait HeaderValues {
    /// The values, one per header line.
    fn into_values(self) -> Vec<String>;
}

impl HeaderValues for &str {
    fn into_values(self) -> Vec<String> {
        vec![self.to_owned()]
    }
}

impl HeaderValues for String {
    fn into_values(self) -> Vec<String> {
        vec![self]
    }
}

impl<const N: usize> HeaderValues for [&str; N] {
    fn into_values(self) -> Vec<String> {
        self.iter().map(|value| (*value).to_owned()).collect()
    }
}

impl HeaderValues for Vec<String> {
    fn into_values(self) -> Vec<String> {
        self
    }
}

impl HeaderValues for &[&str] {
    fn into_values(self) -> Vec<String> {
        self.iter().map(|value| (*value).to_owned()).collect()
    }
}

impl<T> Default for Response<T> {
    /// An empty 200, as [`Response::new`].
    fn default() -> Self {
        Self {
            status: StatusCode::OK,
            headers: HeaderMap::new(),
            body: Payload::Empty,
            conditional: None,
            response_limit: None,
            etags: true,
            url: None,
            error: None,
            answers: PhantomData,
        }
    }
}

impl<S: Send + Sync, T> FromRequestParts<S> for Response<T> {
    type Rejection = Infallible;

    async fn from_request_parts(parts: &mut Parts, _state: &S) -> Result<Self, Self::Rejection> {
        let mut response = Self::default();
        if parts.headers.contains_key(header::IF_NONE_MATCH) {
            let mut conditional = HeaderMap::new();
            for name in [
                header::IF_NONE_MATCH,
                header::IF_MODIFIED_SINCE,
                header::CACHE_CONTROL,
            ] {
                for value in parts.headers.get_all(&name) {
                    conditional.append(name.clone(), value.clone());
                }
            }
            response.conditional = Some(Box::new(conditional));
        }
        response.response_limit = RouteConfig::of(&parts.extensions).response_limit;
        response.etags = parts.extensions.get::<NoEtags>().is_none();
        response.url = Some(parts.uri.clone());
        Ok(response)
    }
}

impl<T> Response<T> {
    /// `res.status(code)`.
    pub fn status(mut self, code: u16) -> Self {
        match StatusCode::from_u16(code) {
            Ok(status) => self.status = status,
            Err(_) => self.fail(format!(
                "invalid status code {code}: a status code is a number from 100 to 999"
            )),
        }
        self
    }

    /// The status set so far (`res.statusCode`).
    pub fn status_code(&self) -> StatusCode {
        self.status
    }

    /// `res.setHeader(name, value)`: replaces the header; a list sends one line per value. The
    /// name is text or a constant of `http::header`.
    ///
    /// ```
    /// use api_routes_runtime::Response;
    /// use api_routes_runtime::axum::http::header;
    ///
    /// let res: Response = Response::new()
    ///     .set_header(header::ALLOW, ["GET", "PUT"])
    ///     .set_header("x-powered-by", "api-routes");
    /// assert_eq!(res.headers().get_all("allow").iter().count(), 2);
    /// assert_eq!(res.header("X-Powered-By"), Some("api-routes"));
    /// ```
    pub fn set_header<N>(mut self, name: N, values: impl HeaderValues) -> Self
    where
        HeaderName: TryFrom<N>,
        <HeaderName as TryFrom<N>>::Error: Into<http::Error>,
    {
        if let Some(name) = self.header_name(name) {
            self.headers.remove(&name);
            self.append_values(name, values);
        }
        self
    }

    /// Adds a header line without removing the ones already set.
    pub fn append_header<N>(mut self, name: N, values: impl HeaderValues) -> Self
    where
        HeaderName: TryFrom<N>,
        <HeaderName as TryFrom<N>>::Error: Into<http::Error>,
    {
        if let Some(name) = self.header_name(name) {
            self.append_values(name, values);
        }
        self
    }

    /// `res.getHeader(name)`: the first value set, as text; `None` when absent or not visible
    /// ASCII. Like [`Request::header`](crate::Request::header).
    pub fn header(&self, name: impl AsHeaderName) -> Option<&str> {
        self.headers.get(name).and_then(|value| value.to_str().ok())
    }

    /// Every header set so far.
    pub fn headers(&self) -> &HeaderMap {
        &self.headers
    }

    /// `res.removeHeader(name)`.
    pub fn remove_header(mut self, name: impl AsHeaderName) -> Self {
        self.headers.remove(name);
        self
    }

    /// `res.json(value)`: compact JSON with `Content-Type: application/json; charset=utf-8`,
    /// an ETag, and 304 when the request's `If-None-Match` already has it (nextjs-compat 3.2, 3.4).
    ///
    /// On a typed `Response<T>` it takes a `T` or `&T` only.
    pub fn json<V: Serialize>(mut self, value: V) -> Self
    where
        T: Answers<V>,
    {
        // Straight into the buffer the body will be, as axum's `Json` does.
        let mut text = BytesMut::with_capacity(128).writer();
        match serde_json::to_writer(&mut text, &value) {
            Ok(()) => {
                self.headers.insert(header::CONTENT_TYPE, JSON_CONTENT_TYPE);
                // Next.js's `sendJson` ends in `send`, whose 204/304 rule comes before the ETag.
                if self.status_forbids_body() {
                    return self.without_body();
                }
                let text = text.into_inner().freeze();
                // serde_json writes UTF-8 only.
                let etag = self.etags.then(|| etag::generate_etag_for_utf8(&text));
                self.finish_with_etag(text, etag)
            }
            Err(error) => {
                self.fail(format!("res.json could not serialize the value: {error}"));
                self
            }
        }
    }

    /// `res.redirect(url)`: 307 Temporary Redirect with `Location` and the URL as body
    /// (nextjs-compat 3.5). A URL with a line break is refused (500), never sent.
    pub fn redirect(self, url: &str) -> Self {
        self.redirect_as(RedirectKind::Temporary, url)
    }

    /// `res.redirect(status, url)`, with the status named.
    ///
    /// ```
    /// use api_routes_runtime::{RedirectKind, Response};
    ///
    /// let res: Response = Response::new().redirect_as(RedirectKind::Permanent, "/api/v2/users");
    /// assert_eq!(res.status_code(), 308);
    /// assert_eq!(res.header("location"), Some("/api/v2/users"));
    /// ```
    pub fn redirect_as(mut self, kind: RedirectKind, url: &str) -> Self {
        self.status = kind.status();
        self.set_header(header::LOCATION, url)
            .finish(Bytes::from(url.to_owned()))
    }

    /// Adds a `Set-Cookie` header, serialized by the `cookie` crate (RFC 6265; name and value
    /// percent-encoded where needed). Earlier cookies are kept.
    ///
    /// ```
    /// use api_routes_runtime::{CookieOptions, Response};
    ///
    /// let res: Response = Response::new().cookie("session", "abc", CookieOptions::new().path("/").http_only(true));
    /// assert_eq!(res.header("set-cookie").unwrap(), "session=abc; HttpOnly; Path=/");
    /// ```
    pub fn cookie(mut self, name: &str, value: &str, options: CookieOptions) -> Self {
        if name.is_empty() || !name.bytes().all(is_token_byte) {
            self.fail(format!(
                "invalid cookie name {name:?}: it must be an RFC 6265 token"
            ));
            return self;
        }
        let cookie = options.builder(name.to_owned(), value.to_owned()).build();
        let line = cookie.encoded().to_string();
        match HeaderValue::try_from(line) {
            Ok(value) => {
                self.headers.append(header::SET_COOKIE, value);
            }
            Err(error) => self.fail(format!("invalid cookie: {error}")),
        }
        self
    }

    /// The bytes as the body, as they are: `res.end`.
    fn finish(mut self, body: Bytes) -> Self {
        self.warn_if_large(body.len());
        self.body = Payload::Bytes(body);
        self
    }

    fn status_forbids_body(&self) -> bool {
        self.status == StatusCode::NO_CONTENT || self.status == StatusCode::NOT_MODIFIED
    }

    /// `send`'s answer on 204 and 304: no body, and none of the headers that describe one.
    fn without_body(mut self) -> Self {
        for name in [
            header::CONTENT_TYPE,
            header::CONTENT_LENGTH,
            header::TRANSFER_ENCODING,
        ] {
            self.headers.remove(name);
        }
        self.body = Payload::Empty;
        self
    }

    /// The body, with its ETag unless the router turned them off.
    fn finish_with_etag(mut self, body: Bytes, etag: Option<Etag>) -> Self {
        self.warn_if_large(body.len());
        let Some(etag) = etag else {
            self.body = Payload::Bytes(body);
            return self;
        };
        let fresh = self
            .conditional
            .as_ref()
            .is_some_and(|request| etag::is_fresh(request, &etag));
        self.headers.insert(header::ETAG, etag.header_value());
        if fresh {
            // Next.js's 304 keeps Content-Type, ETag and Vary and drops the length (nextjs-compat 10.8).
            self.status = StatusCode::NOT_MODIFIED;
            self.headers.remove(header::CONTENT_LENGTH);
            self.body = Payload::Empty;
        } else {
            self.body = Payload::Bytes(body);
        }
        self
    }

    fn warn_if_large(&self, length: usize) {
        if let Some(limit) = self.response_limit
            && length as u64 >= limit
        {
            let url = self
                .url
                .as_ref()
                .map_or_else(String::new, |url| url.to_string());
            tracing::warn!(
                "API response for {url} exceeds {}. API Routes are meant to respond quickly. https://nextjs.org/docs/messages/api-routes-response-size-limit",
                format_size(limit)
            );
        }
    }

    fn header_name<N>(&mut self, name: N) -> Option<HeaderName>
    where
        HeaderName: TryFrom<N>,
        <HeaderName as TryFrom<N>>::Error: Into<http::Error>,
    {
        match HeaderName::try_from(name) {
            Ok(name) => Some(name),
            Err(error) => {
                let error: http::Error = error.into();
                self.fail(format!("{error}: header names are RFC 9110 tokens"));
                None
            }
        }
    }

    fn append_values(&mut self, name: HeaderName, values: impl HeaderValues) {
        for value in values.into_values() {
            match HeaderValue::try_from(value) {
                Ok(value) => {
                    self.headers.append(name.clone(), value);
                }
                Err(_) => {
                    self.fail(format!("invalid value for header `{name}`: header values cannot hold line breaks or other control characters"));
                    return;
                }
            }
        }
    }

    fn fail(&mut self, message: String) {
        self.error.get_or_insert_with(|| message.into_boxed_str());
    }

    /// A streamed body taken as it is: no `Content-Type` added, no ETag, no length (for
    /// [`Response::writer`] and [`Response::event_stream`]).
    pub(crate) fn streaming(mut self, body: Body) -> Self {
        self.body = Payload::Stream(body);
        self
    }
}

/// What only an untyped response does: answer bodies of any kind.
impl Response {
    /// An empty 200 that knows nothing of the request: no `304` answers, no size warning.
    /// Handlers get a request-aware one by taking `res: Response` as an argument. A typed one
    /// is `Response::<T>::default()`.
    pub fn new() -> Self {
        Self::default()
    }

    /// `res.send(body)` with Next.js's rules (nextjs-compat 3.3): text as is, bytes as
    /// `application/octet-stream`, JSON values as JSON, streams piped; on 204 and 304 no body.
    pub fn send(mut self, body: impl Into<SendBody>) -> Self {
        match body.into() {
            SendBody::Empty => {
                self.body = Payload::Empty;
                self
            }
            _ if self.status_forbids_body() => self.without_body(),
            SendBody::Stream(stream) => {
                self.headers
                    .entry(header::CONTENT_TYPE)
                    .or_insert(OCTET_STREAM);
                self.body = Payload::Stream(stream);
                self
            }
            SendBody::Text(text) => {
                let etag = self.etags.then(|| etag::generate_etag(&text));
                self.finish_with_etag(Bytes::from(text), etag)
            }
            SendBody::Bytes(bytes) => {
                let etag = self.etags.then(|| etag::etag_for_bytes(&bytes));
                self.headers
                    .entry(header::CONTENT_TYPE)
                    .or_insert(OCTET_STREAM);
                self.finish_with_etag(bytes, etag)
            }
            SendBody::Json(value) => self.json(value),
        }
    }

    /// `res.end(body)`: the bytes as they are; no `Content-Type`, no ETag. For `res.end()`
    /// with no body, return the response as it is: `res.status(204)`.
    pub fn end(self, body: impl Into<Bytes>) -> Self {
        self.finish(body.into())
    }
}

/// The status of a redirect, named as axum's `Redirect` names them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum RedirectKind {
    /// 307 Temporary Redirect: the method and body are kept. Next.js's default.
    Temporary,
    /// 308 Permanent Redirect: the method and body are kept.
    Permanent,
    /// 303 See Other: the client follows with `GET`, as after a form `POST`.
    SeeOther,
    /// 302 Found: the older temporary redirect; clients may switch to `GET`.
    Found,
    /// 301 Moved Permanently: the older permanent redirect; clients may switch to `GET`.
    MovedPermanently,
}

impl RedirectKind {
    /// The status code it answers with.
    pub fn status(self) -> StatusCode {
        match self {
            Self::Temporary => StatusCode::TEMPORARY_REDIRECT,
            Self::Permanent => StatusCode::PERMANENT_REDIRECT,
            Self::SeeOther => StatusCode::SEE_OTHER,
            Self::Found => StatusCode::FOUND,
            Self::MovedPermanently => StatusCode::MOVED_PERMANENTLY,
        }
    }
}

impl<T> IntoResponse for Response<T> {
    fn into_response(self) -> AxumResponse {
        if let Some(error) = self.error {
            let url = self
                .url
                .as_ref()
                .map_or_else(String::new, |url| url.to_string());
            tracing::error!(%url, "{error}; answering 500");
            return plain_error(StatusCode::INTERNAL_SERVER_ERROR, "Internal Server Error");
        }
        let mut headers = self.headers;
        let body = match self.body {
            Payload::Empty => Body::empty(),
            Payload::Bytes(bytes) => {
                // `send` sets Content-Length to the byte length over any user value (nextjs-compat 3.3);
                // a value disagreeing with the body would also break the framing of the
                // connection, since hyper writes the header as given.
                headers.insert(header::CONTENT_LENGTH, content_length(bytes.len()));
                Body::from(bytes)
            }
            Payload::Stream(stream) => stream,
        };
        let mut response = AxumResponse::new(body);
        *response.status_mut() = self.status;
        *response.headers_mut() = headers;
        response
    }
}

/// The `Content-Length` of a body of `length` bytes. Decimal digits are always a valid header
/// value; `HeaderValue::from(usize)` would allocate twice for the same text.
fn content_length(length: usize) -> HeaderValue {
    HeaderValue::from_str(itoa::Buffer::new().format(length))
        .unwrap_or_else(|_| HeaderValue::from(length))
}

/// `bytes.format` from npm, as Next.js prints limits: `4MB`, `1.5MB`, `500KB`.
fn format_size(bytes: u64) -> String {
    const UNITS: [(u64, &str); 5] = [
        (1 << 50, "PB"),
        (1 << 40, "TB"),
        (1 << 30, "GB"),
        (1 << 20, "MB"),
        (1 << 10, "KB"),
    ];
    let (unit, name) = UNITS
        .into_iter()
        .find(|(unit, _)| bytes >= *unit)
        .unwrap_or((1, "B"));
    let value = format!("{:.2}", bytes as f64 / unit as f64);
    let value = value.trim_end_matches('0').trim_end_matches('.');
    format!("{value}{name}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sizes_are_printed_like_next_js() {
        // nextjs-compat 2.7: "exceeds 4MB.", "exceeds 5MB."
        assert_eq!(format_size(4 * 1024 * 1024), "4MB");
        assert_eq!(format_size(5 * 1024 * 1024), "5MB");
        assert_eq!(format_size(1_572_864), "1.5MB");
        assert_eq!(format_size(100), "100B");
    }
}
