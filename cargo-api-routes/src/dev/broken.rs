//! While the build is broken, this process answers on the app's socket: 500 with the first
//! compiler error, as Next.js's error overlay shows it, as JSON or, to a browser, a page.

use std::net::TcpListener;
use std::sync::Arc;

use axum::Router;
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{Html, IntoResponse, Json, Response};
use tokio::task::JoinHandle;

/// Answers every request with `error` until the returned task is aborted.
pub(super) fn serve(listener: &TcpListener, error: String) -> Result<JoinHandle<()>, String> {
    let listener = listener
        .try_clone()
        .and_then(tokio::net::TcpListener::from_std)
        .map_err(|error| error.to_string())?;
    let error: Arc<str> = error.into();
    let app = Router::new().fallback(move |headers: HeaderMap| {
        let error = Arc::clone(&error);
        async move { answer(&headers, &error) }
    });
    Ok(tokio::spawn(async move {
        let _ = axum::serve(listener, app).await;
    }))
}

fn answer(headers: &HeaderMap, error: &str) -> Response {
    let wants_html = headers
        .get(header::ACCEPT)
        .and_then(|accept| accept.to_str().ok())
        .is_some_and(|accept| accept.contains("text/html"));
    let body = if wants_html {
        Html(page(error)).into_response()
    } else {
        Json(serde_json::json!({ "error": error })).into_response()
    };
    // Closed after each answer, so no client keeps a connection to this page once the app is
    // back: the next request reaches the new build.
    (
        StatusCode::INTERNAL_SERVER_ERROR,
        [
            (header::CONNECTION, "close"),
            (header::CACHE_CONTROL, "no-store"),
        ],
        body,
    )
        .into_response()
}

fn page(error: &str) -> String {
    let escaped = error
        .replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;");
    format!(
        "<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"><title>Build error</title></head>\n\
         <body style=\"font-family:system-ui;margin:2rem\"><h1>Build error</h1>\n\
         <p>Fix it and save: the page answers again once the crate builds.</p>\n\
         <pre style=\"background:#111;color:#f88;padding:1rem;overflow:auto\">{escaped}</pre></body></html>\n"
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_browser_gets_a_page_and_other_clients_json() {
        let mut headers = HeaderMap::new();
        let json = answer(&headers, "error[E0425]: x");
        assert_eq!(json.status(), StatusCode::INTERNAL_SERVER_ERROR);
        assert_eq!(json.headers()[header::CONTENT_TYPE], "application/json");
        headers.insert(header::ACCEPT, "text/html,*/*".parse().unwrap());
        let html = answer(&headers, "<x>");
        assert!(
            html.headers()[header::CONTENT_TYPE]
                .to_str()
                .unwrap()
                .starts_with("text/html")
        );
    }

    #[test]
    fn the_error_is_escaped_in_the_page() {
        assert!(page("Vec<u8>").contains("Vec&lt;u8&gt;"));
    }
}
