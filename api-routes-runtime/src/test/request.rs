//! [`TestRequest`]: the request builder, sent through the router when awaited.

use std::future::{Future, IntoFuture};
use std::pin::Pin;
use std::time::SystemTime;

use axum::body::Body;
use axum::extract::ConnectInfo;
use bytes::Bytes;
use cookie::Cookie;
use http::header::{CONTENT_LENGTH, CONTENT_TYPE, COOKIE, HOST, SET_COOKIE};
use http::{HeaderMap, HeaderName, HeaderValue, Method, Uri};
use serde::Serialize;
use tower::ServiceExt;

use super::{TestClient, TestResponse};

/// A request being built: `client.get(path)` and the like make one; `.await` sends it through
/// the router and gives the [`TestResponse`].
///
/// Every method panics at once, at the test's line, on what could not be sent (an invalid
/// header, a value that does not serialize): that is the test failing where the mistake is.
///
/// What a real client adds is added unless set: `Host: localhost`, and `Content-Length` for a
/// body. The client's cookies go in one `Cookie` header beside any set with `.header`.
///
/// ```
/// use api_routes_runtime::axum::{Router, http::header, routing::post};
/// use api_routes_runtime::test::TestClient;
/// use api_routes_runtime::{Request, Response};
///
/// async fn echo(res: Response, req: Request) -> Response {
///     res.json(serde_json::json!({
///         "query": req.query(),
///         "body": req.body(),
///         "token": req.header(header::AUTHORIZATION),
///         "theme": req.cookies().get("theme"),
///     }))
/// }
///
/// # #[tokio::main(flavor = "current_thread")]
/// # async fn main() {
/// let client = TestClient::new(Router::new().route("/api/echo", post(echo)));
/// let res = client
///     .post("/api/echo?page=1")
///     .query(&[("sort", "name")])
///     .header(header::AUTHORIZATION, "Bearer t")
///     .cookie("theme", "dark")
///     .json(&serde_json::json!({ "name": "Ada" }))
///     .await;
/// assert_eq!(
///     res.text(),
///     r#"{"query":{"page":"1","sort":"name"},"body":{"name":"Ada"},"token":"Bearer t","theme":"dark"}"#
/// );
/// # }
/// ```
#[derive(Debug)]
#[must_use = "a TestRequest is sent when awaited"]
pub struct TestRequest {
    client: TestClient,
    method: Method,
    uri: Uri,
    headers: HeaderMap,
    /// `name=value`, encoded as `Response::cookie` encodes them.
    cookies: Vec<String>,
    body: Option<Bytes>,
    /// What `.json` and `.form` imply, unless a `Content-Type` header says otherwise.
    body_type: Option<&'static str>,
}

impl TestRequest {
    #[track_caller]
    pub(super) fn new(client: TestClient, method: Method, path: &str) -> Self {
        Self {
            client,
            uri: parse_uri(path),
            method,
            headers: HeaderMap::new(),
            cookies: Vec::new(),
            body: None,
            body_type: None,
        }
    }

    /// Adds `value`'s fields to the query string, after any already in the path.
    ///
    /// ```
    /// # use api_routes_runtime::{Request, Response, axum::{Router, routing::get}, test::TestClient};
    /// async fn handler(res: Response, req: Request) -> Response {
    ///     res.send(req.url().to_owned())
    /// }
    ///
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() {
    /// let client = TestClient::new(Router::new().route("/search", get(handler)));
    /// let res = client.get("/search?a=1").query(&[("q", "rust & axum")]).await;
    /// assert_eq!(res.text(), "/search?a=1&q=rust+%26+axum");
    /// # }
    /// ```
    #[track_caller]
    pub fn query(mut self, value: &impl Serialize) -> Self {
        let added = serialize_form(value, "query");
        if !added.is_empty() {
            let separator = match self.uri.query() {
                Some("") => "",
                Some(_) => "&",
                None => "?",
            };
            self.uri = parse_uri(&format!("{}{separator}{added}", self.uri));
        }
        self
    }

    /// Adds a header line; the name as text or an `http::header` constant. A header added twice
    /// is sent twice.
    ///
    /// ```
    /// # use api_routes_runtime::{Request, Response, axum::{Router, routing::get}, test::TestClient};
    /// use api_routes_runtime::axum::http::header;
    ///
    /// async fn handler(res: Response, req: Request) -> Response {
    ///     res.send(format!("{:?} {:?}", req.header("x-trace"), req.header(header::ACCEPT)))
    /// }
    ///
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() {
    /// let client = TestClient::new(Router::new().route("/", get(handler)));
    /// let res = client.get("/").header("x-trace", "1").header(header::ACCEPT, "text/plain").await;
    /// assert_eq!(res.text(), r#"Some("1") Some("text/plain")"#);
    /// # }
    /// ```
    #[track_caller]
    pub fn header<N, V>(mut self, name: N, value: V) -> Self
    where
        N: TryInto<HeaderName>,
        N::Error: std::fmt::Display,
        V: TryInto<HeaderValue>,
        V::Error: std::fmt::Display,
    {
        let name = name
            .try_into()
            .unwrap_or_else(|error| panic!("invalid header name: {error}"));
        let value = value
            .try_into()
            .unwrap_or_else(|error| panic!("invalid value for header `{name}`: {error}"));
        self.headers.append(name, value);
        self
    }

    /// Sends a cookie with this request, as the browser would after `res.cookie(name, value, …)`:
    /// the handler's `req.cookies()` reads `value` back. It replaces a cookie of the same name
    /// from the client's jar for this request only.
    ///
    /// ```
    /// # use api_routes_runtime::{Request, Response, axum::{Router, routing::get}, test::TestClient};
    /// async fn handler(res: Response, req: Request) -> Response {
    ///     res.send(req.cookies().get("name").unwrap_or_default().to_owned())
    /// }
    ///
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() {
    /// let client = TestClient::new(Router::new().route("/", get(handler)));
    /// assert_eq!(client.get("/").cookie("name", "Ada Lovelace").await.text(), "Ada Lovelace");
    /// # }
    /// ```
    pub fn cookie(mut self, name: &str, value: &str) -> Self {
        let pair = Cookie::new(name, value).encoded().to_string();
        self.cookies.push(pair);
        self
    }

    /// A JSON body, `Content-Type: application/json`.
    ///
    /// ```
    /// # use api_routes_runtime::{Request, Response, axum::{Router, routing::post}, test::TestClient};
    /// async fn handler(res: Response, req: Request) -> Response {
    ///     res.status(201).json(req.body())
    /// }
    ///
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() {
    /// let client = TestClient::new(Router::new().route("/", post(handler)));
    /// let res = client.post("/").json(&serde_json::json!({ "id": 1 })).await;
    /// assert_eq!(res.status(), 201);
    /// assert_eq!(res.text(), r#"{"id":1}"#);
    /// # }
    /// ```
    #[track_caller]
    pub fn json(self, value: &impl Serialize) -> Self {
        let body = serde_json::to_vec(value)
            .unwrap_or_else(|error| panic!("the JSON body does not serialize: {error}"));
        self.with_body(body.into(), Some("application/json"))
    }

    /// A form body, `Content-Type: application/x-www-form-urlencoded`.
    ///
    /// ```
    /// # use api_routes_runtime::{Request, Response, axum::{Router, routing::post}, test::TestClient};
    /// async fn handler(res: Response, req: Request) -> Response {
    ///     res.json(req.body())
    /// }
    ///
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() {
    /// let client = TestClient::new(Router::new().route("/", post(handler)));
    /// let res = client.post("/").form(&[("name", "Ada"), ("tag", "a"), ("tag", "b")]).await;
    /// assert_eq!(res.text(), r#"{"name":"Ada","tag":["a","b"]}"#);
    /// # }
    /// ```
    #[track_caller]
    pub fn form(self, value: &impl Serialize) -> Self {
        let body = serialize_form(value, "form body");
        self.with_body(body.into(), Some("application/x-www-form-urlencoded"))
    }

    /// A body sent as given, with no `Content-Type` unless a header sets one.
    ///
    /// ```
    /// # use api_routes_runtime::{Request, Response, axum::{Router, routing::post}, test::TestClient};
    /// use api_routes_runtime::axum::http::header;
    ///
    /// async fn handler(res: Response, req: Request) -> Response {
    ///     res.json(req.body())
    /// }
    ///
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() {
    /// let client = TestClient::new(Router::new().route("/", post(handler)));
    /// let res = client.post("/").header(header::CONTENT_TYPE, "text/plain").body("hi").await;
    /// assert_eq!(res.text(), r#""hi""#);
    /// # }
    /// ```
    pub fn body(self, body: impl Into<Bytes>) -> Self {
        self.with_body(body.into(), None)
    }

    fn with_body(mut self, body: Bytes, body_type: Option<&'static str>) -> Self {
        self.body = Some(body);
        self.body_type = body_type;
        self
    }

    async fn send(self) -> TestResponse {
        let Self {
            client,
            method,
            uri,
            mut headers,
            cookies,
            body,
            body_type,
        } = self;
        let path = uri.path().to_owned();
        let cookie_line = client.with_jar(|jar| {
            let from_jar = jar.pairs_for(&path, SystemTime::now());
            let replaced = |pair: &&str| {
                cookies
                    .iter()
                    .any(|own| cookie_name(own) == cookie_name(pair))
            };
            let mut pairs: Vec<&str> = from_jar
                .into_iter()
                .filter(|pair| !replaced(pair))
                .collect();
            pairs.extend(cookies.iter().map(String::as_str));
            pairs.join("; ")
        });
        if !cookie_line.is_empty() {
            // Both halves were header values already, and "; " keeps it one.
            let value = HeaderValue::try_from(cookie_line).expect("cookie pairs are header text");
            headers.append(COOKIE, value);
        }
        if let Some(body_type) = body_type {
            headers
                .entry(CONTENT_TYPE)
                .or_insert(HeaderValue::from_static(body_type));
        }
        if let Some(body) = &body {
            headers.entry(CONTENT_LENGTH).or_insert(body.len().into());
        }
        headers
            .entry(HOST)
            .or_insert(HeaderValue::from_static("localhost"));

        let shown = format!("{method} {uri}");
        let mut request = http::Request::new(Body::from(body.unwrap_or_default()));
        *request.method_mut() = method;
        *request.uri_mut() = uri;
        *request.headers_mut() = headers;
        request
            .extensions_mut()
            .insert(ConnectInfo(client.remote_addr));

        let response = match client.router.clone().oneshot(request).await {
            Ok(response) => response,
            Err(never) => match never {},
        };
        let (parts, body) = response.into_parts();
        let body = axum::body::to_bytes(body, usize::MAX)
            .await
            .unwrap_or_else(|error| panic!("{shown}: the answer's body failed: {error}"));
        client.with_jar(|jar| {
            let lines = parts.headers.get_all(SET_COOKIE).iter();
            jar.store(
                lines.filter_map(|line| line.to_str().ok()),
                &path,
                SystemTime::now(),
            );
        });
        TestResponse::new(shown, parts.status, parts.headers, body)
    }
}

impl IntoFuture for TestRequest {
    type Output = TestResponse;
    type IntoFuture = Pin<Box<dyn Future<Output = TestResponse> + Send>>;

    fn into_future(self) -> Self::IntoFuture {
        Box::pin(self.send())
    }
}

#[track_caller]
fn parse_uri(path: &str) -> Uri {
    match Uri::try_from(path) {
        Ok(uri) => uri,
        Err(error) => panic!("{path:?} is not a request path: {error}"),
    }
}

#[track_caller]
fn serialize_form(value: &impl Serialize, what: &str) -> String {
    serde_html_form::to_string(value)
        .unwrap_or_else(|error| panic!("the {what} does not serialize as a form: {error}"))
}

fn cookie_name(pair: &str) -> &str {
    pair.split_once('=').map_or(pair, |(name, _)| name)
}
