//! A client for your own tests: it sends requests through the router `routes!` generates, in
//! process, without a socket, and reads the answers back typed — what
//! `next-test-api-route-handler` is to a Next.js app.
//!
//! ```
//! use api_routes_runtime::axum::{Router, routing::get};
//! use api_routes_runtime::test::TestClient;
//! use api_routes_runtime::Response;
//!
//! // In an app: `TestClient::new(router())`, or `router().with_state(state)`. (Without
//! // `#[api_route]`, as in these examples, axum wants `req: Request` as the last argument.)
//! async fn user(res: Response) -> Response {
//!     res.status(200).json(serde_json::json!({ "name": "John Doe" }))
//! }
//!
//! # #[tokio::main(flavor = "current_thread")]
//! # async fn main() {
//! let client = TestClient::new(Router::new().route("/api/user", get(user)));
//! let res = client.get("/api/user").await;
//! assert_eq!(res.status(), 200);
//! assert_eq!(res.json::<serde_json::Value>()["name"], "John Doe");
//! # }
//! ```
//!
//! The router is the one production serves, so folder middleware, state, the 405s, the 404 page
//! and the trailing-slash redirects answer as they do under [`serve`](crate::serve); handlers
//! taking `ConnectInfo<SocketAddr>` see [`TestClient::remote_addr`]. Redirects are answered, not
//! followed. What a socket adds is not here: HTTP framing, `Date`, the header-read timeout; test
//! those against a real server.
//!
//! # Why our own client, not axum-test
//!
//! axum-test is the usual choice in axum projects, and it would work. This module is ours
//! instead because:
//! - it adds no dependency: it is `tower::ServiceExt::oneshot` on a clone of the router, with
//!   the `cookie`, `serde_json` and `serde_html_form` crates the runtime already uses.
//!   axum-test 21 brings anyhow, bytesize, educe, expect-json, mime, reserve-port,
//!   serde_urlencoded, url and pretty_assertions into every user's test build;
//! - its releases break often (twenty major versions, 2.0 to 21.0, with 22.0 in release
//!   candidates), and a re-exported test client is public API: its breaks would be ours;
//! - its in-process transport cannot give handlers `ConnectInfo` (it asks for a real port),
//!   and `serve` gives every handler one;
//! - users reach it as `api_routes::test`, with no line in their `Cargo.toml`, and it speaks
//!   this crate's vocabulary: `res.cookie(..)` read back by `req.cookies()`, `.json(&body)`.
//!
//! What axum-test has that this has not: WebSockets, multipart, `expect_json` partial matching,
//! a real-port transport, and saving cookies only on request.

mod jar;
mod request;
mod response;

use std::net::{Ipv4Addr, SocketAddr};
use std::sync::{Arc, Mutex, PoisonError};
use std::time::SystemTime;

use axum::Router;
use http::Method;

/// A parsed cookie, as [`TestResponse::cookie`] and [`TestClient::cookie`] return it.
pub use cookie::Cookie;
pub use request::TestRequest;
pub use response::TestResponse;

use jar::CookieJar;

/// Sends requests through a router, in process, and keeps the cookies answers set, as a browser
/// would, for later requests. Clones share the cookie jar.
///
/// ```
/// use api_routes_runtime::axum::{Router, routing::{get, post}};
/// use api_routes_runtime::test::TestClient;
/// use api_routes_runtime::{CookieOptions, Request, Response};
///
/// async fn login(res: Response) -> Response {
///     res.cookie("session", "s1", CookieOptions::new().path("/").http_only(true))
/// }
///
/// async fn me(res: Response, req: Request) -> Response {
///     match req.cookies().get("session") {
///         Some(session) => res.send(format!("signed in as {session}")),
///         None => res.status(401).send("sign in first"),
///     }
/// }
///
/// # #[tokio::main(flavor = "current_thread")]
/// # async fn main() {
/// let router = Router::new()
///     .route("/api/login", post(login))
///     .route("/api/me", get(me));
/// let client = TestClient::new(router);
/// assert_eq!(client.get("/api/me").await.status(), 401);
/// client.post("/api/login").await;
/// assert_eq!(client.get("/api/me").await.text(), "signed in as s1");
/// # }
/// ```
#[derive(Debug, Clone)]
pub struct TestClient {
    router: Router,
    remote_addr: SocketAddr,
    jar: Arc<Mutex<CookieJar>>,
}

impl TestClient {
    /// A client for `router`, whose state is already given (`router().with_state(state)`).
    ///
    /// ```
    /// # use api_routes_runtime::{axum::Router, test::TestClient};
    /// let client = TestClient::new(Router::new());
    /// # let _ = client;
    /// ```
    pub fn new(router: Router) -> Self {
        Self {
            router,
            remote_addr: SocketAddr::from((Ipv4Addr::LOCALHOST, 49152)),
            jar: Arc::default(),
        }
    }

    /// The client address handlers see in `ConnectInfo<SocketAddr>`; `127.0.0.1:49152` unless
    /// changed.
    ///
    /// ```
    /// use std::net::SocketAddr;
    /// use api_routes_runtime::axum::{Router, extract::ConnectInfo, routing::get};
    /// use api_routes_runtime::test::TestClient;
    ///
    /// async fn ip(ConnectInfo(peer): ConnectInfo<SocketAddr>) -> String {
    ///     peer.ip().to_string()
    /// }
    ///
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() {
    /// let router = Router::new().route("/ip", get(ip));
    /// assert_eq!(TestClient::new(router.clone()).get("/ip").await.text(), "127.0.0.1");
    /// let client = TestClient::new(router).with_remote_addr(([10, 0, 0, 7], 5000).into());
    /// assert_eq!(client.remote_addr().to_string(), "10.0.0.7:5000");
    /// assert_eq!(client.get("/ip").await.text(), "10.0.0.7");
    /// # }
    /// ```
    pub fn with_remote_addr(mut self, address: SocketAddr) -> Self {
        self.remote_addr = address;
        self
    }

    /// The client address handlers see; see [`with_remote_addr`](Self::with_remote_addr).
    pub fn remote_addr(&self) -> SocketAddr {
        self.remote_addr
    }

    /// A `GET` request for `path`, which may carry a query string.
    ///
    /// # Panics
    ///
    /// When `path` is not a request path, such as one with a space.
    ///
    /// ```
    /// # use api_routes_runtime::{Request, Response, axum::{Router, routing::get}, test::TestClient};
    /// async fn handler(res: Response, req: Request) -> Response {
    ///     res.json(req.query())
    /// }
    ///
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() {
    /// let client = TestClient::new(Router::new().route("/api/posts", get(handler)));
    /// assert_eq!(client.get("/api/posts?page=2").await.text(), r#"{"page":"2"}"#);
    /// # }
    /// ```
    #[track_caller]
    pub fn get(&self, path: &str) -> TestRequest {
        self.request(Method::GET, path)
    }

    /// A `POST` request for `path`; add a body with [`TestRequest::json`] and the like.
    ///
    /// ```
    /// # use api_routes_runtime::{Request, Response, axum::{Router, routing::post}, test::TestClient};
    /// async fn handler(res: Response, req: Request) -> Response {
    ///     res.status(201).json(req.body())
    /// }
    ///
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() {
    /// let client = TestClient::new(Router::new().route("/api/posts", post(handler)));
    /// let res = client.post("/api/posts").json(&serde_json::json!({ "title": "Hi" })).await;
    /// assert_eq!(res.status(), 201);
    /// # }
    /// ```
    #[track_caller]
    pub fn post(&self, path: &str) -> TestRequest {
        self.request(Method::POST, path)
    }

    /// A `PUT` request for `path`.
    ///
    /// ```
    /// # use api_routes_runtime::{Request, Response, axum::{Router, routing::put}, test::TestClient};
    /// async fn handler(res: Response, req: Request) -> Response {
    ///     res.json(req.body())
    /// }
    ///
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() {
    /// let client = TestClient::new(Router::new().route("/api/posts/1", put(handler)));
    /// let res = client.put("/api/posts/1").form(&[("title", "Hi")]).await;
    /// assert_eq!(res.text(), r#"{"title":"Hi"}"#);
    /// # }
    /// ```
    #[track_caller]
    pub fn put(&self, path: &str) -> TestRequest {
        self.request(Method::PUT, path)
    }

    /// A `PATCH` request for `path`.
    ///
    /// ```
    /// # use api_routes_runtime::{Request, Response, axum::{Router, routing::patch}, test::TestClient};
    /// async fn handler(res: Response, req: Request) -> Response {
    ///     res.send(req.method().to_string())
    /// }
    ///
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() {
    /// let client = TestClient::new(Router::new().route("/api/posts/1", patch(handler)));
    /// assert_eq!(client.patch("/api/posts/1").await.text(), "PATCH");
    /// # }
    /// ```
    #[track_caller]
    pub fn patch(&self, path: &str) -> TestRequest {
        self.request(Method::PATCH, path)
    }

    /// A `DELETE` request for `path`.
    ///
    /// ```
    /// # use api_routes_runtime::{Request, Response, axum::{Router, routing::get}, test::TestClient};
    /// async fn handler(res: Response) -> Response {
    ///     res.send("here")
    /// }
    ///
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() {
    /// let client = TestClient::new(Router::new().route("/api/posts/1", get(handler)));
    /// let res = client.delete("/api/posts/1").await;
    /// assert_eq!(res.status(), 405); // axum's own 405: the route has only GET
    /// # }
    /// ```
    #[track_caller]
    pub fn delete(&self, path: &str) -> TestRequest {
        self.request(Method::DELETE, path)
    }

    /// A request with any method, `HEAD` and `OPTIONS` included.
    ///
    /// ```
    /// # use api_routes_runtime::{Request, Response, axum::{Router, routing::get}, test::TestClient};
    /// use api_routes_runtime::axum::http::Method;
    ///
    /// async fn handler(res: Response) -> Response {
    ///     res.send("hello")
    /// }
    ///
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() {
    /// let client = TestClient::new(Router::new().route("/", get(handler)));
    /// let res = client.request(Method::HEAD, "/").await;
    /// assert_eq!(res.status(), 200);
    /// assert_eq!(res.text(), "");
    /// assert_eq!(res.header("content-length"), Some("5"));
    /// # }
    /// ```
    #[track_caller]
    pub fn request(&self, method: Method, path: &str) -> TestRequest {
        TestRequest::new(self.clone(), method, path)
    }

    /// The cookie `name` in the client's jar, value percent-decoded; `None` when absent or
    /// expired.
    ///
    /// ```
    /// # use api_routes_runtime::{Request, Response, CookieOptions, axum::{Router, routing::post}, test::TestClient};
    /// async fn login(res: Response) -> Response {
    ///     res.cookie("session", "s1", CookieOptions::new().path("/"))
    /// }
    ///
    /// async fn logout(res: Response) -> Response {
    ///     res.cookie("session", "", CookieOptions::new().path("/").max_age(0))
    /// }
    ///
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() {
    /// let router = Router::new().route("/login", post(login)).route("/logout", post(logout));
    /// let client = TestClient::new(router);
    /// client.post("/login").await;
    /// assert_eq!(client.cookie("session").unwrap().value(), "s1");
    /// client.post("/logout").await;
    /// assert!(client.cookie("session").is_none());
    /// # }
    /// ```
    pub fn cookie(&self, name: &str) -> Option<Cookie<'static>> {
        self.cookies()
            .into_iter()
            .find(|cookie| cookie.name() == name)
    }

    /// Every cookie in the client's jar, oldest first.
    ///
    /// ```
    /// # use api_routes_runtime::{axum::Router, test::TestClient};
    /// assert!(TestClient::new(Router::new()).cookies().is_empty());
    /// ```
    pub fn cookies(&self) -> Vec<Cookie<'static>> {
        self.with_jar(|jar| {
            jar.lines(SystemTime::now())
                .filter_map(decoded_cookie)
                .collect()
        })
    }

    /// Forgets every cookie, as a new browser session would.
    ///
    /// ```
    /// # use api_routes_runtime::{axum::Router, test::TestClient};
    /// let client = TestClient::new(Router::new());
    /// client.clear_cookies();
    /// assert!(client.cookies().is_empty());
    /// ```
    pub fn clear_cookies(&self) {
        self.with_jar(|jar| *jar = CookieJar::default());
    }

    fn with_jar<T>(&self, use_jar: impl FnOnce(&mut CookieJar) -> T) -> T {
        // Nothing panics while holding the lock, and a jar is valid in any state.
        let mut jar = self.jar.lock().unwrap_or_else(PoisonError::into_inner);
        use_jar(&mut jar)
    }
}

/// A `Set-Cookie` line parsed with its value percent-decoded, as `req.cookies()` decodes it; raw
/// when it does not decode to UTF-8.
fn decoded_cookie(line: &str) -> Option<Cookie<'static>> {
    Cookie::parse_encoded(line.to_owned())
        .or_else(|_| Cookie::parse(line.to_owned()))
        .ok()
}
