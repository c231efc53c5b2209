//! [`TestResponse`]: an answer, read whole, with typed accessors that fail a test loudly.

use std::fmt::Display;

use bytes::Bytes;
use cookie::Cookie;
use http::header::{AsHeaderName, CONTENT_TYPE, SET_COOKIE};
use http::{HeaderMap, StatusCode};
use serde::de::DeserializeOwned;

/// The answer to a [`TestRequest`](super::TestRequest), body read whole.
///
/// The accessors are made for assertions: where a test could otherwise pass on a bug — a header
/// sent twice, a body that is not the JSON expected — they panic with the request, the status
/// and the body in the message, which is the test failing.
///
/// ```
/// use api_routes_runtime::axum::{Router, routing::get};
/// use api_routes_runtime::test::TestClient;
/// use api_routes_runtime::Response;
///
/// async fn user(res: Response) -> Response {
///     res.status(200).json(serde_json::json!({ "name": "John Doe" }))
/// }
///
/// # #[tokio::main(flavor = "current_thread")]
/// # async fn main() {
/// let client = TestClient::new(Router::new().route("/api/user", get(user)));
/// let res = client.get("/api/user").await;
/// assert_eq!(res.status(), 200);
/// assert_eq!(res.header("content-type"), Some("application/json; charset=utf-8"));
/// assert_eq!(res.text(), r#"{"name":"John Doe"}"#);
/// assert_eq!(res.json::<serde_json::Value>()["name"], "John Doe");
/// # }
/// ```
#[derive(Debug)]
pub struct TestResponse {
    /// `GET /api/user`, for failure messages.
    request: String,
    status: StatusCode,
    headers: HeaderMap,
    body: Bytes,
}

impl TestResponse {
    pub(super) fn new(
        request: String,
        status: StatusCode,
        headers: HeaderMap,
        body: Bytes,
    ) -> Self {
        Self {
            request,
            status,
            headers,
            body,
        }
    }

    /// The status; compares with a number: `assert_eq!(res.status(), 404)`.
    ///
    /// ```
    /// # use api_routes_runtime::{axum::Router, test::TestClient};
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() {
    /// let res = TestClient::new(Router::new()).get("/nowhere").await;
    /// assert_eq!(res.status(), 404);
    /// assert_eq!(res.status().as_u16(), 404);
    /// # }
    /// ```
    pub fn status(&self) -> StatusCode {
        self.status
    }

    /// The header's only value, as text; `None` when absent. Takes a name as text or an
    /// `http::header` constant.
    ///
    /// # Panics
    ///
    /// When the header was sent more than once (read those with [`headers`](Self::headers)`
    /// .get_all(name)`, cookies with [`cookies`](Self::cookies)) or is not visible ASCII: taking
    /// the first of two values would let a test pass on a bug.
    ///
    /// ```
    /// # use api_routes_runtime::{Request, Response, axum::{Router, routing::get}, test::TestClient};
    /// use api_routes_runtime::axum::http::header;
    ///
    /// async fn handler(res: Response) -> Response {
    ///     res.set_header("x-powered-by", "api-routes").json(serde_json::json!([]))
    /// }
    ///
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() {
    /// let res = TestClient::new(Router::new().route("/", get(handler))).get("/").await;
    /// assert_eq!(res.header("x-powered-by"), Some("api-routes"));
    /// assert_eq!(res.header(header::CONTENT_TYPE), Some("application/json; charset=utf-8"));
    /// assert_eq!(res.header("x-absent"), None);
    /// # }
    /// ```
    #[track_caller]
    pub fn header(&self, name: impl AsHeaderName + Display) -> Option<&str> {
        let label = name.to_string();
        let mut values = self.headers.get_all(name).iter();
        let value = values.next()?;
        let repeats = values.count();
        assert!(
            repeats == 0,
            "{}: `{label}` was sent {} times; read every value with `headers().get_all(..)`",
            self.request,
            repeats + 1,
        );
        match value.to_str() {
            Ok(text) => Some(text),
            Err(_) => panic!(
                "{}: `{label}` is not visible ASCII ({value:?}); read its bytes with `headers()`",
                self.request
            ),
        }
    }

    /// Every header of the answer, repeated ones included.
    ///
    /// ```
    /// # use api_routes_runtime::{Request, Response, axum::{Router, routing::get}, test::TestClient};
    /// async fn handler(res: Response) -> Response {
    ///     res.set_header("allow", ["GET", "PUT"]).status(405)
    /// }
    ///
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() {
    /// let res = TestClient::new(Router::new().route("/", get(handler))).get("/").await;
    /// let allow: Vec<_> = res.headers().get_all("allow").iter().collect();
    /// assert_eq!(allow, ["GET", "PUT"]);
    /// # }
    /// ```
    pub fn headers(&self) -> &HeaderMap {
        &self.headers
    }

    /// The body as text; bytes that are not UTF-8 become `�`.
    ///
    /// ```
    /// # use api_routes_runtime::{Request, Response, axum::{Router, routing::get}, test::TestClient};
    /// async fn handler(res: Response) -> Response {
    ///     res.send("hello")
    /// }
    ///
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() {
    /// let res = TestClient::new(Router::new().route("/", get(handler))).get("/").await;
    /// assert_eq!(res.text(), "hello");
    /// # }
    /// ```
    pub fn text(&self) -> String {
        String::from_utf8_lossy(&self.body).into_owned()
    }

    /// The body as it came; compares with text and byte strings.
    ///
    /// ```
    /// # use api_routes_runtime::{Request, Response, axum::{Router, routing::get}, test::TestClient};
    /// async fn handler(res: Response) -> Response {
    ///     res.send(vec![0xff_u8, 0x00])
    /// }
    ///
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() {
    /// let res = TestClient::new(Router::new().route("/", get(handler))).get("/").await;
    /// assert_eq!(res.bytes(), &b"\xff\x00"[..]);
    /// # }
    /// ```
    pub fn bytes(&self) -> Bytes {
        self.body.clone()
    }

    /// The body parsed as JSON into `T`: a `serde_json::Value`, or any `Deserialize` type.
    ///
    /// # Panics
    ///
    /// When the body is not a `T`, with the request, status, `Content-Type`, serde's error and the
    /// body in the message.
    ///
    /// ```
    /// # use api_routes_runtime::{Request, Response, axum::{Router, routing::get}, test::TestClient};
    /// #[derive(serde::Deserialize)]
    /// struct User {
    ///     name: String,
    /// }
    ///
    /// async fn handler(res: Response) -> Response {
    ///     res.json(serde_json::json!({ "name": "John Doe" }))
    /// }
    ///
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() {
    /// let res = TestClient::new(Router::new().route("/", get(handler))).get("/").await;
    /// assert_eq!(res.json::<User>().name, "John Doe");
    /// # }
    /// ```
    #[track_caller]
    pub fn json<T: DeserializeOwned>(&self) -> T {
        match serde_json::from_slice(&self.body) {
            Ok(value) => value,
            Err(error) => panic!(
                "{} answered {} ({}), and its body is not a `{}`: {error}\nbody: {}",
                self.request,
                self.status,
                self.headers
                    .get(CONTENT_TYPE)
                    .map_or("no Content-Type".into(), |value| {
                        String::from_utf8_lossy(value.as_bytes())
                    }),
                std::any::type_name::<T>(),
                self.text(),
            ),
        }
    }

    /// The cookies the answer set (`Set-Cookie`), values percent-decoded as `req.cookies()`
    /// reads them; lines that do not parse are left out.
    ///
    /// ```
    /// # use api_routes_runtime::{Request, Response, CookieOptions, axum::{Router, routing::get}, test::TestClient};
    /// async fn handler(res: Response) -> Response {
    ///     res.cookie("a", "1", CookieOptions::new()).cookie("b", "2", CookieOptions::new())
    /// }
    ///
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() {
    /// let res = TestClient::new(Router::new().route("/", get(handler))).get("/").await;
    /// let names: Vec<_> = res.cookies().iter().map(|cookie| cookie.name().to_owned()).collect();
    /// assert_eq!(names, ["a", "b"]);
    /// # }
    /// ```
    pub fn cookies(&self) -> Vec<Cookie<'static>> {
        self.headers
            .get_all(SET_COOKIE)
            .iter()
            .filter_map(|line| line.to_str().ok())
            .filter_map(super::decoded_cookie)
            .collect()
    }

    /// The cookie `name` the answer set, with its attributes; the last one when set twice.
    ///
    /// ```
    /// # use api_routes_runtime::{Request, Response, CookieOptions, axum::{Router, routing::get}, test::TestClient};
    /// async fn handler(res: Response) -> Response {
    ///     res.cookie("session", "a b", CookieOptions::new().path("/").http_only(true))
    /// }
    ///
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() {
    /// let res = TestClient::new(Router::new().route("/", get(handler))).get("/").await;
    /// let session = res.cookie("session").unwrap();
    /// assert_eq!(session.value(), "a b");
    /// assert_eq!(session.http_only(), Some(true));
    /// assert_eq!(res.header("set-cookie"), Some("session=a%20b; HttpOnly; Path=/"));
    /// # }
    /// ```
    pub fn cookie(&self, name: &str) -> Option<Cookie<'static>> {
        self.cookies()
            .into_iter()
            .rev()
            .find(|cookie| cookie.name() == name)
    }
}
