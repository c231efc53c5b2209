//! Folder middleware: `routes!` wraps every route in `src/pages/api` and below in [`layer`].
//!
//! The original configures the `cors` package (2.8.5) with `methods: ["POST", "GET", "HEAD"]`
//! and its defaults: origin `*`, request headers mirrored, and every `OPTIONS` answered as a
//! preflight with 204 (nextjs-compat 5.3, 10.11). tower-http's [`CorsLayer`] does the CORS work; the
//! small `preflight_as_cors_package` step after it changes only what tower-http sends
//! differently from `cors` on the wire, and `request_headers_on_one_line` before it reads the
//! request as Node does.

use api_routes::axum::extract::Request;
use api_routes::axum::http::{HeaderValue, StatusCode, header};
use api_routes::axum::response::Response;
use tower::layer::util::Stack;
use tower::util::{MapRequestLayer, MapResponseLayer};
use tower_http::cors::{AllowHeaders, Any, CorsLayer};

/// What `routes!` applies: [`CorsLayer`] inside, `preflight_as_cors_package` around its answers
/// and `request_headers_on_one_line` before it.
pub type Layer = Stack<
    Stack<CorsLayer, MapResponseLayer<fn(Response) -> Response>>,
    MapRequestLayer<fn(Request) -> Request>,
>;

pub fn layer() -> Layer {
    let cors = CorsLayer::new()
        // `origin: "*"` (the default of `cors`): `Access-Control-Allow-Origin: *` on every answer.
        .allow_origin(Any)
        // `methods: ["POST", "GET", "HEAD"]`, sent as `POST,GET,HEAD`.
        .allow_methods([
            api_routes::axum::http::Method::POST,
            api_routes::axum::http::Method::GET,
            api_routes::axum::http::Method::HEAD,
        ])
        // `allowedHeaders` unset: the request's `Access-Control-Request-Headers` is echoed.
        .allow_headers(AllowHeaders::mirror_request())
        // tower-http would add its `Vary` to every answer; `cors` sends one on preflights only,
        // so `preflight_as_cors_package` adds it there.
        .vary([]);
    Stack::new(
        Stack::new(
            cors,
            MapResponseLayer::new(preflight_as_cors_package as fn(Response) -> Response),
        ),
        MapRequestLayer::new(request_headers_on_one_line as fn(Request) -> Request),
    )
}

/// Several `Access-Control-Request-Headers` lines become one, joined with `, `: Node joins
/// repeated request headers so, and `cors` echoes the joined value; tower-http would echo only
/// the first line (nextjs-compat 10.11).
fn request_headers_on_one_line(mut request: Request) -> Request {
    let headers = request.headers_mut();
    let lines: Vec<&str> = headers
        .get_all(header::ACCESS_CONTROL_REQUEST_HEADERS)
        .iter()
        .filter_map(|line| line.to_str().ok())
        .collect();
    if lines.len() > 1
        && let Ok(joined) = HeaderValue::try_from(lines.join(", "))
    {
        headers.insert(header::ACCESS_CONTROL_REQUEST_HEADERS, joined);
    }
    request
}

/// Turns tower-http's preflight answer into the one `cors` sends. A preflight is recognized by
/// `Access-Control-Allow-Methods`, which tower-http sets on preflights only; other answers pass
/// untouched.
///
/// 1. Status 204 (`optionsSuccessStatus`) instead of 200.
/// 2. `Vary: Access-Control-Request-Headers`, which `cors` sends because it mirrors the request's
///    headers (tower-http's own `Vary` is turned off above, as it would go on every answer).
/// 3. No `Access-Control-Allow-Headers` when the request's `Access-Control-Request-Headers` was
///    empty: `cors` echoes it only when non-empty, tower-http echoes it as is.
fn preflight_as_cors_package(mut response: Response) -> Response {
    if !response
        .headers()
        .contains_key(header::ACCESS_CONTROL_ALLOW_METHODS)
    {
        return response;
    }
    *response.status_mut() = StatusCode::NO_CONTENT;
    let headers = response.headers_mut();
    headers.insert(
        header::VARY,
        HeaderValue::from_static("Access-Control-Request-Headers"),
    );
    if headers
        .get(header::ACCESS_CONTROL_ALLOW_HEADERS)
        .is_some_and(HeaderValue::is_empty)
    {
        headers.remove(header::ACCESS_CONTROL_ALLOW_HEADERS);
    }
    response
}
