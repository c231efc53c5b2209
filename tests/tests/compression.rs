//! Compression as `next start` does it (nextjs-compat 10.9, 10.13), byte for byte over HTTP.

mod support;

use std::io::Read;

use api_routes::RouterOptions;
use api_routes_test_support::TestServer;
use api_routes_test_support::raw_http::{RawResponse, request};

const LARGE_JSON: &str = "/api/rt/sized?n=5000&type=application/json";
const GZIP: &str = "Accept-Encoding: gzip";

async fn raw(server: &TestServer, method: &str, path: &str, headers: &[&str]) -> RawResponse {
    request(server.address(), method, path, headers, None).await
}

fn gunzip(bytes: &[u8]) -> String {
    let mut text = String::new();
    flate2::read::GzDecoder::new(bytes)
        .read_to_string(&mut text)
        .expect("a gzip body");
    text
}

fn inflate(bytes: &[u8]) -> String {
    let mut text = String::new();
    flate2::read::ZlibDecoder::new(bytes)
        .read_to_string(&mut text)
        .expect("a deflate body");
    text
}

#[tokio::test]
async fn a_gzip_client_gets_a_gzipped_answer_without_length_keeping_its_etag() {
    // nextjs-compat 10.13: gzip, chunked, `Vary: Accept-Encoding`, the ETag of the plain body
    let server = support::start().await;
    let plain = raw(&server, "GET", LARGE_JSON, &[]).await;
    let gzipped = raw(&server, "GET", LARGE_JSON, &[GZIP]).await;
    assert_eq!(gzipped.status(), 200);
    assert_eq!(gzipped.header("content-encoding"), Some("gzip"));
    assert_eq!(gzipped.header("vary"), Some("Accept-Encoding"));
    assert_eq!(gzipped.header("content-length"), None);
    assert_eq!(gzipped.header("transfer-encoding"), Some("chunked"));
    assert_eq!(gzipped.header("etag"), plain.header("etag"));
    assert!(gzipped.body.len() < 100, "{} bytes", gzipped.body.len());
    assert_eq!(gunzip(&gzipped.body), plain.text());
}

#[tokio::test]
async fn an_identity_client_gets_the_plain_answer_with_vary() {
    // nextjs-compat 10.13: no Accept-Encoding, `identity`, an unknown coding or `gzip;q=0`
    let server = support::start().await;
    for headers in [
        &[][..],
        &["Accept-Encoding: identity"],
        &["Accept-Encoding: br"],
        &["Accept-Encoding: gzip;q=0"],
    ] {
        let response = raw(&server, "GET", LARGE_JSON, headers).await;
        assert_eq!(response.header("content-encoding"), None, "{headers:?}");
        assert_eq!(
            response.header("content-length"),
            Some("5000"),
            "{headers:?}"
        );
        assert_eq!(
            response.header("vary"),
            Some("Accept-Encoding"),
            "{headers:?}"
        );
    }
}

#[tokio::test]
async fn gzip_is_preferred_to_deflate_and_deflate_alone_is_served() {
    // nextjs-compat 10.13
    let server = support::start().await;
    let both = raw(
        &server,
        "GET",
        LARGE_JSON,
        &["Accept-Encoding: gzip, deflate, br"],
    )
    .await;
    assert_eq!(both.header("content-encoding"), Some("gzip"));
    let deflate = raw(&server, "GET", LARGE_JSON, &["Accept-Encoding: deflate"]).await;
    assert_eq!(deflate.header("content-encoding"), Some("deflate"));
}

#[tokio::test]
async fn answers_under_one_kibibyte_are_not_compressed_but_vary() {
    // nextjs-compat 10.13: the threshold is 1024 bytes
    let server = support::start().await;
    let small = raw(
        &server,
        "GET",
        "/api/rt/sized?n=1023&type=text/plain",
        &[GZIP],
    )
    .await;
    assert_eq!(small.header("content-encoding"), None);
    assert_eq!(small.header("content-length"), Some("1023"));
    assert_eq!(small.header("vary"), Some("Accept-Encoding"));
    let at = raw(
        &server,
        "GET",
        "/api/rt/sized?n=1024&type=text/plain",
        &[GZIP],
    )
    .await;
    assert_eq!(at.header("content-encoding"), Some("gzip"));
    let user = raw(&server, "GET", "/api/user", &[GZIP]).await;
    assert_eq!(user.text(), r#"{"name":"John Doe"}"#);
    assert_eq!(user.header("vary"), Some("Accept-Encoding"));
}

#[tokio::test]
async fn only_compressible_types_are_compressed_or_vary() {
    // nextjs-compat 10.13: no Content-Type, images, octet-stream: neither
    let server = support::start().await;
    for path in [
        "/api/rt/sized?n=5000",
        "/api/rt/sized?n=5000&type=image/png",
        "/api/rt/sized?n=5000&type=application/octet-stream",
    ] {
        let response = raw(&server, "GET", path, &[GZIP]).await;
        assert_eq!(response.header("content-encoding"), None, "{path}");
        assert_eq!(response.header("vary"), None, "{path}");
    }
    let svg = raw(
        &server,
        "GET",
        "/api/rt/sized?n=5000&type=image/svg%2Bxml",
        &[GZIP],
    )
    .await;
    assert_eq!(svg.header("content-encoding"), Some("gzip"));
}

#[tokio::test]
async fn cache_control_no_transform_opts_an_answer_out() {
    // nextjs-compat 10.13: neither compressed nor `Vary`, as in Next.js
    let server = support::start().await;
    let path = "/api/rt/sized?n=5000&type=text/plain&cc=public,%20no-transform";
    let response = raw(&server, "GET", path, &[GZIP]).await;
    assert_eq!(response.header("content-encoding"), None);
    assert_eq!(response.header("vary"), None);
    assert_eq!(response.header("content-length"), Some("5000"));
}

#[tokio::test]
async fn head_is_never_compressed_and_keeps_its_length() {
    // nextjs-compat 10.13
    let server = support::start().await;
    let response = raw(&server, "HEAD", LARGE_JSON, &[GZIP]).await;
    assert_eq!(response.header("content-encoding"), None);
    assert_eq!(response.header("content-length"), Some("5000"));
    assert_eq!(response.header("vary"), Some("Accept-Encoding"));
    assert!(response.body.is_empty());
}

#[tokio::test]
async fn a_304_keeps_vary_and_has_no_length_for_get_and_head() {
    // nextjs-compat 10.8, 10.13
    let server = support::start().await;
    let first = raw(&server, "GET", LARGE_JSON, &[]).await;
    let etag = first.header("etag").expect("an ETag").to_owned();
    for method in ["GET", "HEAD"] {
        let if_none_match = format!("If-None-Match: {etag}");
        let response = raw(&server, method, LARGE_JSON, &[GZIP, &if_none_match]).await;
        assert_eq!(response.status(), 304, "{method}");
        assert_eq!(response.header("vary"), Some("Accept-Encoding"), "{method}");
        assert_eq!(
            response.header("content-type"),
            Some("application/json"),
            "{method}"
        );
        assert_eq!(response.header("etag"), Some(etag.as_str()), "{method}");
        for absent in ["content-length", "content-encoding", "transfer-encoding"] {
            assert_eq!(response.header(absent), None, "{method} {absent}");
        }
    }
}

#[tokio::test]
async fn redirects_errors_and_405s_without_a_type_carry_no_vary() {
    // nextjs-compat 10.13: Next.js's 307, 308, 500 and 405 have no Content-Type, so no Vary
    let server = support::start().await;
    for (method, path) in [
        ("GET", "/api/rt/redirect"),
        ("GET", "/api/user/"),
        ("GET", "/api/panic"),
        ("DELETE", "/api/rest"),
    ] {
        let response = raw(&server, method, path, &[GZIP]).await;
        assert_eq!(response.header("vary"), None, "{method} {path}");
        assert_eq!(response.header("content-encoding"), None, "{method} {path}");
    }
    let not_found = raw(&server, "GET", "/nothing-here", &[GZIP]).await;
    assert_eq!(not_found.status(), 404);
    assert_eq!(not_found.header("vary"), Some("Accept-Encoding"));
}

#[tokio::test]
async fn compress_false_turns_compression_and_vary_off() {
    // nextjs-compat 10.13: `compress: false`
    let app = api_routes_tests::app_with(RouterOptions::new().compress(false));
    let server = TestServer::serve(app).await;
    let response = raw(&server, "GET", LARGE_JSON, &[GZIP]).await;
    assert_eq!(response.header("content-encoding"), None);
    assert_eq!(response.header("vary"), None);
    assert_eq!(response.header("content-length"), Some("5000"));
}

#[tokio::test]
async fn hostile_accept_encoding_values_never_fail_the_answer() {
    // Each answer is 200 and either the plain body or one of the codings the client listed,
    // decoding to it: a value tower-http cannot read is no coding at all, never an error.
    let server = support::start().await;
    let plain = raw(&server, "GET", LARGE_JSON, &[]).await.text();
    let many_codings: Vec<String> = (0..1000).map(|n| format!("x{n}")).collect();
    let many_codings = format!("Accept-Encoding: {}, gzip", many_codings.join(", "));
    let values = [
        "Accept-Encoding: gzip;q=abc",
        "Accept-Encoding: gzip;q=-1",
        "Accept-Encoding: gzip;q=1.0000001",
        "Accept-Encoding: gzip;q=",
        "Accept-Encoding: gzip;;;q=1;;",
        "Accept-Encoding: ,,,,",
        "Accept-Encoding: *;q=0",
        "Accept-Encoding: identity;q=0",
        "Accept-Encoding: identity;q=0, *;q=0",
        "Accept-Encoding: *",
        "Accept-Encoding: GZIP",
        "Accept-Encoding: deflate;q=0.5, gzip;q=0.4",
        "Accept-Encoding: gzip\u{ff}, dé",
        "Accept-Encoding: x-gzip",
        many_codings.as_str(),
    ];
    for value in values {
        let response = raw(&server, "GET", LARGE_JSON, &[value]).await;
        let shown = &value[..value.len().min(60)];
        assert_eq!(response.status(), 200, "{shown}");
        let body = match response.header("content-encoding") {
            None => response.text(),
            Some("gzip") => gunzip(&response.body),
            Some("deflate") => inflate(&response.body),
            Some(other) => panic!("{shown}: answered in {other}"),
        };
        if let Some(coding) = response.header("content-encoding") {
            assert!(
                value.to_ascii_lowercase().contains(coding),
                "{shown}: {coding} was not listed"
            );
        }
        assert_eq!(body, plain, "{shown}");
    }
    assert_eq!(raw(&server, "GET", "/api/user", &[]).await.status(), 200);
}
