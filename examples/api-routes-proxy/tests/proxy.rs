//! `/api/secret` against a real upstream server on `127.0.0.1:0`.

mod support;

use std::time::{Duration, Instant};

use example_api_routes_proxy::Config;
use futures_util::StreamExt;
use support::{CHUNK, CHUNKS, KEY, Upstream, client, contains, raw, start_proxy, status_line};

async fn proxy_for(base: &str) -> String {
    start_proxy(Config::new(base, KEY)).await
}

#[tokio::test]
async fn forwards_method_path_query_body_and_headers_and_adds_the_key() {
    let (upstream, base) = Upstream::start().await;
    let proxy = proxy_for(&base).await;

    let response = client()
        .post(format!("{proxy}/api/secret/echo/a%20b?x=1&y=two"))
        .header("content-type", "text/plain")
        .header("x-custom", "kept")
        .header("cookie", "session=for-this-site-only")
        .header("authorization", "Bearer the-client-s-own-token")
        .header("x-forwarded-for", "6.6.6.6")
        .body("hello upstream")
        .send()
        .await
        .expect("proxy answers");

    assert_eq!(response.status(), 201);
    let headers = response.headers().clone();
    assert_eq!(headers["x-upstream"], "yes");
    assert_eq!(headers["content-type"], "text/plain; charset=utf-8");
    for hop in ["x-hop", "keep-alive", "proxy-authenticate"] {
        assert!(headers.get(hop).is_none(), "{hop} was passed back");
    }
    for (name, value) in &headers {
        assert!(!contains(value.as_bytes(), KEY), "{name} carries the key");
    }
    let body = response.text().await.expect("body");
    assert_eq!(body, "POST /base/echo/a%20b?x=1&y=two body=hello upstream");

    let seen = upstream.seen();
    assert_eq!(seen.len(), 1);
    let request = &seen[0];
    assert_eq!(request.method, "POST");
    assert_eq!(request.uri, "/base/echo/a%20b?x=1&y=two");
    assert_eq!(&request.body[..], b"hello upstream");
    assert_eq!(request.headers["authorization"], format!("Bearer {KEY}"));
    assert_eq!(request.headers["x-custom"], "kept");
    assert_eq!(request.headers["content-type"], "text/plain");
    assert_eq!(request.headers["content-length"], "14");
    let host = base.trim_start_matches("http://").trim_end_matches("/base");
    assert_eq!(request.headers["host"], host);
    for dropped in ["cookie", "x-forwarded-for", "transfer-encoding"] {
        assert!(
            request.headers.get(dropped).is_none(),
            "{dropped} reached the upstream"
        );
    }
}

#[tokio::test]
async fn the_bare_route_and_other_methods_are_forwarded() {
    let (upstream, base) = Upstream::start().await;
    let proxy = proxy_for(&base).await;
    let client = client();

    let response = client
        .get(format!("{proxy}/api/secret?q=1"))
        .send()
        .await
        .expect("answer");
    assert_eq!(response.status(), 201);
    assert_eq!(response.text().await.expect("body"), "GET /base?q=1 body=");

    let response = client
        .delete(format!("{proxy}/api/secret/items/7"))
        .send()
        .await
        .expect("answer");
    assert_eq!(
        response.text().await.expect("body"),
        "DELETE /base/items/7 body="
    );

    let seen = upstream.seen();
    // A request without a body is sent without one, not as an empty chunked body.
    assert!(seen[0].headers.get("transfer-encoding").is_none());
    assert!(seen[0].headers.get("content-length").is_none());
    // One client, one pooled connection: the second request reused the first's.
    assert_eq!(seen[0].peer, seen[1].peer, "the connection was not reused");
}

#[tokio::test]
async fn another_key_header_can_be_configured() {
    let (upstream, base) = Upstream::start().await;
    let mut config = Config::new(&base, KEY);
    config.key_header = "X-Api-Key".to_owned();
    let proxy = start_proxy(config).await;

    let response = client()
        .get(format!("{proxy}/api/secret/echo"))
        .header("x-api-key", "forged-by-the-client")
        .header("authorization", "Bearer client")
        .send()
        .await
        .expect("answer");
    assert_eq!(response.status(), 201);
    let seen = upstream.seen();
    let values: Vec<_> = seen[0].headers.get_all("x-api-key").iter().collect();
    assert_eq!(values, [KEY]);
    assert!(seen[0].headers.get("authorization").is_none());
}

#[tokio::test]
async fn large_bodies_stream_through_both_ways() {
    let (upstream, base) = Upstream::start().await;
    let proxy = proxy_for(&base).await;
    let client = client();

    tokio::time::timeout(Duration::from_secs(20), async {
        // Upload: the rest of the body is sent only once the upstream has the first piece,
        // which it can have only if the proxy forwards the body while it arrives.
        let started = upstream.upload_started.clone();
        let pieces = futures_util::stream::unfold(0usize, move |sent| {
            let started = started.clone();
            async move {
                if sent == CHUNKS {
                    return None;
                }
                if sent == 1 {
                    started.notified().await;
                }
                Some((Ok::<_, std::io::Error>(vec![7u8; CHUNK]), sent + 1))
            }
        });
        let response = client
            .put(format!("{proxy}/api/secret/upload"))
            .body(reqwest::Body::wrap_stream(pieces))
            .send()
            .await
            .expect("upload answered");
        assert_eq!(response.status(), 200);
        assert_eq!(
            response.text().await.expect("body"),
            format!("received {}", CHUNK * CHUNKS)
        );

        // Download: the upstream sends the rest only once the client has the first piece.
        let response = client
            .get(format!("{proxy}/api/secret/big"))
            .send()
            .await
            .expect("download answered");
        assert_eq!(response.status(), 200);
        let mut stream = response.bytes_stream();
        let mut received = 0;
        let mut released = false;
        while let Some(piece) = stream.next().await {
            let piece = piece.expect("a piece of the download");
            received += piece.len();
            if !released {
                upstream.release_download.notify_one();
                released = true;
            }
        }
        assert_eq!(received, CHUNK * CHUNKS);
    })
    .await
    .expect("bodies must stream through: a proxy that buffers them waits here forever");
}

#[tokio::test]
async fn upstream_down_is_a_502_with_a_clear_message() {
    let proxy = proxy_for(&support::closed_port_url().await).await;
    let started = Instant::now();
    let response = client()
        .get(format!("{proxy}/api/secret/anything"))
        .send()
        .await
        .expect("answer");
    assert_eq!(response.status(), 502);
    assert_eq!(
        response.headers()["content-type"],
        "application/json; charset=utf-8"
    );
    assert_eq!(
        response.text().await.expect("body"),
        r#"{"error":"Bad Gateway: the secret service could not be reached"}"#
    );
    assert!(started.elapsed() < Duration::from_secs(5));
}

#[tokio::test]
async fn slow_upstream_is_a_504_within_the_timeout() {
    let (_upstream, base) = Upstream::start().await;
    let mut config = Config::new(&base, KEY);
    config.timeout = Duration::from_millis(300);
    let proxy = start_proxy(config).await;

    let started = Instant::now();
    let response = client()
        .get(format!("{proxy}/api/secret/slow"))
        .send()
        .await
        .expect("answer");
    let elapsed = started.elapsed();
    assert_eq!(response.status(), 504);
    assert_eq!(
        response.text().await.expect("body"),
        r#"{"error":"Gateway Timeout: the secret service did not answer within 300ms"}"#
    );
    assert!(
        elapsed >= Duration::from_millis(300) && elapsed < Duration::from_secs(3),
        "answered after {elapsed:?}"
    );
}

#[tokio::test]
async fn an_answer_that_stalls_is_cut_off_instead_of_hanging() {
    let (_upstream, base) = Upstream::start().await;
    let mut config = Config::new(&base, KEY);
    config.timeout = Duration::from_millis(300);
    let proxy = start_proxy(config).await;

    let response = client()
        .get(format!("{proxy}/api/secret/stall"))
        .send()
        .await
        .expect("answer");
    assert_eq!(response.status(), 200);
    let body = tokio::time::timeout(Duration::from_secs(5), response.bytes())
        .await
        .expect("the proxy ends a stalled answer");
    assert!(
        body.is_err(),
        "a truncated answer is an error, not a success"
    );
}

#[tokio::test]
async fn redirects_are_passed_back_with_the_service_url_masked() {
    let (upstream, base) = Upstream::start().await;
    let proxy = proxy_for(&base).await;
    let response = client()
        .get(format!("{proxy}/api/secret/redirect"))
        .send()
        .await
        .expect("answer");
    assert_eq!(response.status(), 302);
    assert_eq!(response.headers()["location"], "/api/secret/elsewhere?x=1");
    assert_eq!(upstream.seen().len(), 1, "the redirect was not followed");
}

#[tokio::test]
async fn paths_that_would_climb_out_of_the_service_url_are_refused() {
    let (upstream, base) = Upstream::start().await;
    let proxy = proxy_for(&base).await;
    // Dot segments never reach the page: the router resolves them first and redirects
    // (api-routes answers 308 where Next.js serves the resolved path in place).
    for (path, resolved) in [
        ("/api/secret/../admin", "/api/admin"),
        ("/api/secret/a/%2e%2e/%2E%2E/admin", "/api/admin"),
    ] {
        let answer = raw(
            &proxy,
            &format!("GET {path} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"),
        )
        .await;
        assert_eq!(
            status_line(&answer),
            "HTTP/1.1 308 Permanent Redirect",
            "{path}"
        );
        assert!(
            contains(&answer, &format!("location: {resolved}")),
            "{path}"
        );
    }
    // An encoded slash hides `..` from the router; the page refuses it itself.
    let answer = raw(
        &proxy,
        "GET /api/secret/a%2F..%2Fadmin HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n",
    )
    .await;
    assert_eq!(status_line(&answer), "HTTP/1.1 400 Bad Request");
    assert!(contains(&answer, "may not contain `.` or `..` segments"));
    let answer = raw(
        &proxy,
        "TRACE /api/secret/echo HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n",
    )
    .await;
    assert_eq!(status_line(&answer), "HTTP/1.1 405 Method Not Allowed");
    assert!(upstream.seen().is_empty(), "{:?}", upstream.seen());
}

#[tokio::test]
async fn the_key_is_in_no_byte_of_any_answer() {
    let (upstream, base) = Upstream::start().await;
    let proxy = proxy_for(&base).await;
    let mut answers = Vec::new();
    for request in [
        "GET /api/secret/echo?x=1 HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n",
        "POST /api/secret/echo HTTP/1.1\r\nHost: x\r\nContent-Length: 2\r\nConnection: close\r\n\r\nhi",
        "GET /api/secret/leak HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n",
        "GET /api/secret/redirect HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n",
        "HEAD /api/secret/echo HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n",
        "TRACE /api/secret HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n",
        "GET /api/secret/.. HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n",
    ] {
        answers.push(raw(&proxy, request).await);
    }
    let down = proxy_for(&support::closed_port_url().await).await;
    answers.push(
        raw(
            &down,
            "GET /api/secret HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n",
        )
        .await,
    );

    // The upstream did receive it, and the leaky answer was scrubbed.
    assert!(
        upstream
            .seen()
            .iter()
            .all(|seen| seen.headers["authorization"] == format!("Bearer {KEY}"))
    );
    let leak = String::from_utf8_lossy(&answers[2]).to_lowercase();
    assert!(leak.contains("x-upstream: yes") && !leak.contains("x-debug-authorization"));
    for answer in &answers {
        assert!(!answer.is_empty());
        assert!(
            !contains(answer, KEY),
            "the key is in:\n{}",
            String::from_utf8_lossy(answer)
        );
        assert!(
            !contains(answer, &base),
            "the service URL is in:\n{}",
            String::from_utf8_lossy(answer)
        );
    }
}

#[tokio::test]
async fn bad_configurations_are_refused_without_showing_the_key() {
    for (url, header, expected) in [
        (
            "not a url",
            "authorization",
            "SECRET_SERVICE_URL is not a URL",
        ),
        ("https://example.test/x", "authorization", "without TLS"),
        ("http://example.test/x?key=1", "authorization", "no query"),
        (
            "http://example.test/x",
            "bad header",
            "SECRET_SERVICE_KEY_HEADER",
        ),
    ] {
        let mut config = Config::new(url, KEY);
        config.key_header = header.to_owned();
        let message = example_api_routes_proxy::app(config).expect_err("refused");
        assert!(message.contains(expected), "{message}");
        assert!(!message.contains(KEY));
    }
    let config = Config::new("http://example.test", "line\nbreak");
    let message = example_api_routes_proxy::app(config).expect_err("refused");
    assert!(
        message.contains("SECRET_SERVICE_KEY cannot be sent"),
        "{message}"
    );
    assert!(!format!("{:?}", Config::new("http://x", KEY)).contains(KEY));
}
