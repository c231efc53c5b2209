//! The whole stack: requests through `api_routes_tests::app()` (the test crate's page tree, the
//! runtime and axum) on one current-thread tokio runtime, for `path_routing` and `router`.

use std::sync::{LazyLock, Once};
use std::time::Duration;

use api_routes_runtime::axum::{self, Router};
use http::{HeaderMap, StatusCode};
use http_body_util::BodyExt;

/// The current-thread runtime and the router of `api-routes-tests`, built once per process.
static RUNTIME: LazyLock<tokio::runtime::Runtime> = LazyLock::new(|| {
    tokio::runtime::Builder::new_current_thread()
        .enable_time()
        .build()
        .expect("a tokio runtime")
});

static APP: LazyLock<Router> = LazyLock::new(api_routes_tests::app);

/// How long one request may take before the target reports a hang.
const REQUEST_TIMEOUT: Duration = Duration::from_secs(10);

static PANIC_HOOK: Once = Once::new();

/// libfuzzer-sys aborts on every panic, caught or not. A panic raised by a page of the test tree
/// (`/api/panic`, `/api/rt/error?kind=panic`) is deliberate and the router's guard turns it into
/// a 500, so it is let through; any other panic — in the runtime, axum, or this harness — still
/// reaches libFuzzer's hook and is reported, even when the guard would have hidden it as a 500.
fn install_panic_hook() {
    PANIC_HOOK.call_once(|| {
        let previous = std::panic::take_hook();
        std::panic::set_hook(Box::new(move |info| {
            let deliberate = info
                .location()
                .is_some_and(|location| location.file().replace('\\', "/").contains("pages/api/"));
            if !deliberate {
                previous(info);
            }
        }));
    });
}

/// A status, the headers and the whole body of the router's answer to `request`; panics if the
/// answer (head and body) takes longer than [`REQUEST_TIMEOUT`].
pub(crate) fn send(request: http::Request<axum::body::Body>) -> (StatusCode, HeaderMap, Vec<u8>) {
    install_panic_hook();
    let app = APP.clone();
    let described = format!("{} {}", request.method(), request.uri());
    RUNTIME.block_on(async move {
        let exchange = async move {
            let response = tower::ServiceExt::oneshot(app, request)
                .await
                .unwrap_or_else(|never| match never {});
            let (parts, body) = response.into_parts();
            let body = body.collect().await.expect("a response body").to_bytes();
            (parts.status, parts.headers, body.to_vec())
        };
        tokio::time::timeout(REQUEST_TIMEOUT, exchange)
            .await
            .unwrap_or_else(|_| panic!("{described} did not finish within {REQUEST_TIMEOUT:?}"))
    })
}

/// Pages of the test tree that wait on purpose (`/api/hang` never answers and gets its 504 after
/// one second, `/api/slow?ms=` sleeps as long as asked): not fuzzed.
pub(crate) fn waits_on_purpose(path: &str) -> bool {
    let decoded = percent_encoding::percent_decode_str(path).decode_utf8_lossy();
    let mut collapsed = String::with_capacity(decoded.len());
    for c in decoded.chars() {
        let c = if c == '\\' { '/' } else { c };
        if !(c == '/' && collapsed.ends_with('/')) {
            collapsed.push(c);
        }
    }
    collapsed.starts_with("/api/hang") || collapsed.starts_with("/api/slow")
}
