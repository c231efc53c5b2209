//! Forwarding one request to the secret service and its answer back, streamed both ways.

use std::fmt;
use std::sync::Arc;
use std::time::Duration;

use api_routes::Request;
use api_routes::axum::body::{Body, HttpBody};
use api_routes::axum::http::header::{self, HeaderMap, HeaderName, HeaderValue};
use api_routes::axum::http::{Method, StatusCode};
use api_routes::axum::response::Response as AxumResponse;
use futures_util::TryStreamExt;

/// The URL of the page that forwards: `/api/secret` and everything under it.
pub(crate) const ROUTE: &str = "/api/secret";

/// Where the secret service is and how to authenticate to it.
#[derive(Clone)]
pub struct Config {
    /// `SECRET_SERVICE_URL`: the service's base URL, `http://…`; `/api/secret/a?b` goes to
    /// `{url}/a?b`.
    pub url: String,
    /// `SECRET_SERVICE_KEY`: sent to the service, never to clients.
    pub key: String,
    /// `SECRET_SERVICE_KEY_HEADER`: the header that carries the key; `authorization` (the
    /// default) sends `Authorization: Bearer {key}`, any other name sends the key as is
    /// (`x-api-key: {key}`).
    pub key_header: String,
    /// `SECRET_SERVICE_TIMEOUT_MS`: how long the service may take to connect, to start
    /// answering (the upload of the request body included), and between two pieces of its
    /// answer.
    pub timeout: Duration,
}

impl Config {
    pub const DEFAULT_TIMEOUT: Duration = Duration::from_secs(10);

    pub fn new(url: impl Into<String>, key: impl Into<String>) -> Self {
        Self {
            url: url.into(),
            key: key.into(),
            key_header: "authorization".to_owned(),
            timeout: Self::DEFAULT_TIMEOUT,
        }
    }

    /// Reads the configuration from the process environment, where
    /// `api_routes::env::load_env_files()` put the `.env` files' values. Errors name the
    /// variable, never its value.
    pub fn from_env() -> Result<Self, String> {
        let required = |name: &str| {
            std::env::var(name)
                .ok()
                .filter(|value| !value.is_empty())
                .ok_or_else(|| format!("{name} is not set: put it in .env.local (see README.md)"))
        };
        let mut config = Self::new(
            required("SECRET_SERVICE_URL")?,
            required("SECRET_SERVICE_KEY")?,
        );
        if let Ok(header) = std::env::var("SECRET_SERVICE_KEY_HEADER") {
            config.key_header = header;
        }
        if let Ok(timeout) = std::env::var("SECRET_SERVICE_TIMEOUT_MS") {
            let millis = timeout.parse::<u64>().map_err(|_| {
                "SECRET_SERVICE_TIMEOUT_MS is not a number of milliseconds".to_owned()
            })?;
            config.timeout = Duration::from_millis(millis.max(1));
        }
        Ok(config)
    }
}

impl fmt::Debug for Config {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Config")
            .field("url", &self.url)
            .field("key", &"<redacted>")
            .field("key_header", &self.key_header)
            .field("timeout", &self.timeout)
            .finish()
    }
}

/// The router's state: one HTTP client for every request (its connection pool reuses
/// connections to the service), and the key, ready as a header.
#[derive(Clone)]
pub struct AppState(Arc<Upstream>);

struct Upstream {
    client: reqwest::Client,
    /// The service's base URL, without a trailing `/`.
    base: String,
    key: String,
    key_header: HeaderName,
    /// Marked sensitive, so `Debug` of the request shows `Sensitive`.
    key_value: HeaderValue,
    timeout: Duration,
}

impl fmt::Debug for AppState {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("AppState")
            .field("base", &self.0.base)
            .field("key_header", &self.0.key_header)
            .field("key", &"<redacted>")
            .field("timeout", &self.0.timeout)
            .finish_non_exhaustive()
    }
}

impl AppState {
    /// Checks the configuration and creates the client.
    pub fn new(config: Config) -> Result<Self, String> {
        let url = reqwest::Url::parse(&config.url)
            .map_err(|error| format!("SECRET_SERVICE_URL is not a URL: {error}"))?;
        match url.scheme() {
            "http" => {}
            "https" => {
                return Err(
                    "SECRET_SERVICE_URL is https, but this example's reqwest is built \
                            without TLS: enable reqwest's `rustls-tls` feature"
                        .to_owned(),
                );
            }
            _ => return Err("SECRET_SERVICE_URL must be an http:// URL".to_owned()),
        }
        if url.query().is_some() || url.fragment().is_some() || !url.username().is_empty() {
            return Err(
                "SECRET_SERVICE_URL must have no query, fragment or user name: \
                        the key goes in SECRET_SERVICE_KEY"
                    .to_owned(),
            );
        }
        let key_header = HeaderName::from_bytes(config.key_header.as_bytes())
            .map_err(|_| "SECRET_SERVICE_KEY_HEADER is not a header name".to_owned())?;
        let value = if key_header == header::AUTHORIZATION {
            format!("Bearer {}", config.key)
        } else {
            config.key.clone()
        };
        let mut key_value = HeaderValue::from_str(&value)
            .map_err(|_| "SECRET_SERVICE_KEY cannot be sent in a header".to_owned())?;
        key_value.set_sensitive(true);
        let client = reqwest::Client::builder()
            .connect_timeout(config.timeout)
            // Between two reads: a service that stops halfway through its answer is cut off.
            .read_timeout(config.timeout)
            // Redirects go back to the client: following one would send the key elsewhere.
            .redirect(reqwest::redirect::Policy::none())
            .pool_idle_timeout(Duration::from_secs(90))
            .build()
            .map_err(|error| format!("cannot create the HTTP client: {error}"))?;
        Ok(Self(Arc::new(Upstream {
            client,
            base: url.as_str().trim_end_matches('/').to_owned(),
            key: config.key,
            key_header,
            key_value,
            timeout: config.timeout,
        })))
    }
}

/// Forwards `req` to the service and streams its answer back: 502 when the service cannot be
/// reached, 504 when it is too slow.
pub(crate) async fn forward(state: &AppState, req: &mut Request) -> AxumResponse {
    let upstream = &*state.0;
    let method = req.method().clone();
    // TRACE would echo the request, key included; CONNECT opens a tunnel.
    if method == Method::TRACE || method == Method::CONNECT {
        return error(
            StatusCode::METHOD_NOT_ALLOWED,
            &format!("Method Not Allowed: {method} is not forwarded"),
        );
    }
    let Some(rest) = req.uri().path().strip_prefix(ROUTE) else {
        return error(StatusCode::NOT_FOUND, "Not Found");
    };
    if !is_plain_path(rest) {
        return error(
            StatusCode::BAD_REQUEST,
            "Bad Request: the path may not contain `.` or `..` segments, encoded slashes or \
             backslashes",
        );
    }
    let rest = rest.to_owned();
    let mut url = format!("{}{rest}", upstream.base);
    if let Some(query) = req.uri().query() {
        url.push('?');
        url.push_str(query);
    }

    let mut headers = end_to_end(req.headers());
    for name in REQUEST_ONLY {
        headers.remove(*name);
    }
    headers.insert(upstream.key_header.clone(), upstream.key_value.clone());
    let mut request = upstream
        .client
        .request(method.clone(), url)
        .headers(headers);
    if let Ok(body) = req.take_raw_body()
        && !body.is_end_stream()
    {
        request = request.body(reqwest::Body::wrap_stream(body.into_data_stream()));
    }

    let response = match tokio::time::timeout(upstream.timeout, request.send()).await {
        Ok(Ok(response)) => response,
        Ok(Err(failure)) if !failure.is_timeout() => {
            log(&method, &rest, "the service could not be reached", &failure);
            return error(
                StatusCode::BAD_GATEWAY,
                "Bad Gateway: the secret service could not be reached",
            );
        }
        outcome => {
            if let Ok(Err(failure)) = outcome {
                log(&method, &rest, "the service timed out", &failure);
            } else {
                eprintln!("api/secret: {method} {ROUTE}{rest}: no answer within the timeout");
            }
            return error(
                StatusCode::GATEWAY_TIMEOUT,
                &format!(
                    "Gateway Timeout: the secret service did not answer within {:?}",
                    upstream.timeout
                ),
            );
        }
    };

    let status = response.status();
    if status == StatusCode::SWITCHING_PROTOCOLS {
        return error(
            StatusCode::BAD_GATEWAY,
            "Bad Gateway: protocol upgrades are not forwarded",
        );
    }
    let mut headers = end_to_end(response.headers());
    scrub(&mut headers, upstream);
    let path = format!("{method} {ROUTE}{rest}");
    let body = response.bytes_stream().inspect_err(move |failure| {
        eprintln!("api/secret: {path}: the answer broke off: {failure}");
    });
    let mut answer = AxumResponse::new(Body::from_stream(body));
    *answer.status_mut() = status;
    *answer.headers_mut() = headers;
    answer
}

/// Request headers that are for this server, not the service: the client's own credentials and
/// cookies, `Host` (the client's name for us), `Expect` (answered here), and forwarding headers a
/// client could forge. The key header is then set, replacing any the client sent.
const REQUEST_ONLY: &[&str] = &[
    "host",
    "authorization",
    "cookie",
    "expect",
    "forwarded",
    "x-forwarded-for",
    "x-forwarded-host",
    "x-forwarded-proto",
    "x-real-ip",
];

/// The headers meant for the far end: everything but the hop-by-hop headers (RFC 9110 §7.6.1)
/// and those `Connection` names.
pub(crate) fn end_to_end(headers: &HeaderMap) -> HeaderMap {
    let listed: Vec<HeaderName> = headers
        .get_all(header::CONNECTION)
        .iter()
        .filter_map(|value| value.to_str().ok())
        .flat_map(|value| value.split(','))
        .filter_map(|name| HeaderName::from_bytes(name.trim().as_bytes()).ok())
        .collect();
    let mut kept = HeaderMap::with_capacity(headers.len());
    for (name, value) in headers {
        if !is_hop_by_hop(name) && !listed.contains(name) {
            kept.append(name.clone(), value.clone());
        }
    }
    kept
}

fn is_hop_by_hop(name: &HeaderName) -> bool {
    matches!(
        name.as_str(),
        "connection" | "keep-alive" | "te" | "trailer" | "transfer-encoding" | "upgrade"
    ) || name.as_str().starts_with("proxy-")
}

/// Keeps the service's address and key out of the answer's headers: a redirect to the service
/// is rewritten to `/api/secret/…`, and a header that repeats the key is dropped.
fn scrub(headers: &mut HeaderMap, upstream: &Upstream) {
    if let Some(location) = headers
        .get(header::LOCATION)
        .and_then(|value| value.to_str().ok())
        && let Some(rest) = location.strip_prefix(&upstream.base)
        && (rest.is_empty() || rest.starts_with(['/', '?', '#']))
        && let Ok(local) = HeaderValue::from_str(&format!("{ROUTE}{rest}"))
    {
        headers.insert(header::LOCATION, local);
    }
    let key = upstream.key.as_bytes();
    let leaking: Vec<HeaderName> = headers
        .iter()
        .filter(|(_, value)| contains(value.as_bytes(), key))
        .map(|(name, _)| name.clone())
        .collect();
    for name in leaking {
        eprintln!("api/secret: dropped the response header {name}: it contained the key");
        headers.remove(name);
    }
}

fn contains(haystack: &[u8], needle: &[u8]) -> bool {
    !needle.is_empty()
        && haystack
            .windows(needle.len())
            .any(|window| window == needle)
}

/// Whether the path below `/api/secret` stays below the service's URL: no `.` or `..` segment
/// (which URL parsing would resolve, also as `%2e`), no encoded slash or backslash.
fn is_plain_path(rest: &str) -> bool {
    rest.split('/').all(|segment| {
        let lower = segment.to_ascii_lowercase();
        let dots = lower.replace("%2e", ".");
        dots != "."
            && dots != ".."
            && !lower.contains("%2f")
            && !lower.contains("%5c")
            && !lower.contains('\\')
    })
}

fn error(status: StatusCode, message: &str) -> AxumResponse {
    let body = format!("{{\"error\":{}}}", json_string(message));
    let mut response = AxumResponse::new(Body::from(body));
    *response.status_mut() = status;
    response.headers_mut().insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("application/json; charset=utf-8"),
    );
    response
}

fn json_string(text: &str) -> String {
    api_routes::prelude::json!(text).to_string()
}

/// One line on stderr; reqwest's own message names the service's URL (never the key) and its
/// sources say why.
fn log(method: &Method, rest: &str, what: &str, failure: &reqwest::Error) {
    let mut message = failure.to_string();
    let mut source = std::error::Error::source(failure);
    while let Some(cause) = source {
        message.push_str(": ");
        message.push_str(&cause.to_string());
        source = cause.source();
    }
    eprintln!("api/secret: {method} {ROUTE}{rest}: {what}: {message}");
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dot_segments_and_encoded_separators_are_refused() {
        for path in ["", "/a/b", "/a.b/c..d", "/.well", "/%2e%2ex"] {
            assert!(is_plain_path(path), "{path}");
        }
        for path in [
            "/..", "/a/../b", "/.", "/%2e%2E", "/.%2e", "/a%2fb", "/a%5Cb", "/a\\b",
        ] {
            assert!(!is_plain_path(path), "{path}");
        }
    }

    #[test]
    fn hop_by_hop_headers_and_those_connection_names_are_dropped() {
        let mut headers = HeaderMap::new();
        for (name, value) in [
            ("connection", "keep-alive, X-Private"),
            ("keep-alive", "timeout=5"),
            ("proxy-authorization", "Basic x"),
            ("te", "trailers"),
            ("trailer", "x-checksum"),
            ("transfer-encoding", "chunked"),
            ("upgrade", "websocket"),
            ("x-private", "1"),
            ("accept", "text/plain"),
            ("accept", "application/json"),
        ] {
            headers.append(
                HeaderName::from_static(name),
                HeaderValue::from_static(value),
            );
        }
        let kept = end_to_end(&headers);
        assert_eq!(kept.len(), 2);
        assert_eq!(kept.get_all("accept").iter().count(), 2);
    }
}
