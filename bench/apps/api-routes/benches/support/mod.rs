//! The benchmark's four requests, shared by `benches/in_process.rs` and `examples/profile.rs`.

// Each of the two targets uses a part of this module.
#![allow(dead_code)]

use api_routes::axum::Router;
use api_routes::axum::body::{Body, Bytes, to_bytes};
use api_routes::axum::http::{Request, header};
use tower::ServiceExt;

pub const ECHO_BODY: &str = include_str!("../../../../data/echo.json");

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Route {
    User,
    Post,
    Echo,
    People,
    /// `/api/features/user`: `user` behind a folder middleware that does nothing.
    MiddlewareUser,
    /// `/api/features/echo`: `echo` with `body_parser = false`, the bytes sent back as they came.
    RawEcho,
}

impl Route {
    /// The four routes both servers answer.
    pub const ALL: [Route; 4] = [Route::User, Route::Post, Route::Echo, Route::People];

    /// Routes of the api-routes app alone, for pricing one feature each (`examples/profile.rs`).
    pub const FEATURES: [Route; 2] = [Route::MiddlewareUser, Route::RawEcho];

    pub fn name(self) -> &'static str {
        match self {
            Route::User => "user",
            Route::Post => "post",
            Route::Echo => "echo",
            Route::People => "people",
            Route::MiddlewareUser => "middleware-user",
            Route::RawEcho => "raw-echo",
        }
    }

    pub fn from_name(name: &str) -> Option<Route> {
        Route::ALL
            .into_iter()
            .chain(Route::FEATURES)
            .find(|route| route.name() == name)
    }

    /// The request `bench/e2e.sh` sends on this route.
    pub fn request(self) -> Request<Body> {
        let builder = match self {
            Route::User => Request::get("/api/user"),
            Route::Post => Request::get("/api/post/42?x=1"),
            Route::Echo | Route::RawEcho => {
                let path = if self == Route::Echo {
                    "/api/echo"
                } else {
                    "/api/features/echo"
                };
                return Request::post(path)
                    .header(header::CONTENT_TYPE, "application/json")
                    .header(header::CONTENT_LENGTH, ECHO_BODY.len())
                    .body(Body::from(Bytes::from_static(ECHO_BODY.as_bytes())))
                    .expect("request");
            }
            Route::People => Request::get("/api/people"),
            Route::MiddlewareUser => Request::get("/api/features/user"),
        };
        builder.body(Body::empty()).expect("request")
    }
}

/// One request through `router`, as a server would run it: call, then read the whole body.
pub async fn call(router: &Router, route: Route) -> Bytes {
    call_with(router, route.request()).await
}

/// `request` through `router`, reading the whole body.
pub async fn call_with(router: &Router, request: Request<Body>) -> Bytes {
    let response = router.clone().oneshot(request).await.expect("infallible");
    assert!(response.status().is_success(), "{}", response.status());
    to_bytes(response.into_body(), usize::MAX)
        .await
        .expect("body")
}
