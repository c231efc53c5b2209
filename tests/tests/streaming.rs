//! Streamed answers are never held back (nextjs-compat 8.6): over a real socket, a client reads
//! the first piece before the page has written the second. The page waits for the test's signal
//! (`POST /api/rt/signal?key=…`), sent only once the first piece has arrived.

mod support;

use std::io::Write;
use std::time::Duration;

use api_routes_test_support::header;
use support::TestServer;

/// The next piece of the body, failing the test if none comes within 5 s (a held-back piece).
async fn next_chunk(response: &mut reqwest::Response) -> Option<Vec<u8>> {
    let chunk = tokio::time::timeout(Duration::from_secs(5), response.chunk())
        .await
        .expect("the piece arrived without waiting for the next")
        .expect("read the body");
    chunk.map(|chunk| chunk.to_vec())
}

/// GET `path` as a client accepting `accept_encoding`; the answer's head has arrived.
async fn open(server: &TestServer, path: &str, accept_encoding: &str) -> reqwest::Response {
    let response = server
        .get(path)
        .header("accept-encoding", accept_encoding)
        .send()
        .await
        .expect("request");
    assert_eq!(response.status().as_u16(), 200, "{path}");
    response
}

async fn signal(server: &TestServer, key: &str) {
    let response = server
        .request("POST", &format!("/api/rt/signal?key={key}"))
        .send()
        .await
        .expect("signal");
    assert_eq!(response.status().as_u16(), 204);
}

/// The rest of the body, decoded by `decode`.
async fn rest(response: &mut reqwest::Response, decode: &mut impl FnMut(&[u8])) {
    while let Some(chunk) = next_chunk(response).await {
        decode(&chunk);
    }
}

#[tokio::test]
async fn written_chunks_arrive_one_by_one_uncompressed() {
    let server = support::start().await;
    let mut response = open(&server, "/api/rt/write?key=plain", "identity").await;
    assert_eq!(
        header(&response, "content-type").as_deref(),
        Some("text/plain")
    );
    assert_eq!(
        header(&response, "transfer-encoding").as_deref(),
        Some("chunked")
    );
    assert_eq!(header(&response, "etag"), None);
    assert_eq!(
        next_chunk(&mut response).await.as_deref(),
        Some(&b"first\n"[..])
    );
    signal(&server, "plain").await;
    let mut body = Vec::new();
    rest(&mut response, &mut |chunk| body.extend_from_slice(chunk)).await;
    assert_eq!(body, b"second\n");
}

#[tokio::test]
async fn written_chunks_arrive_one_by_one_gzipped() {
    // Next.js holds every chunk until `res.end()` when it compresses (#9965); we flush.
    let server = support::start().await;
    let mut response = open(&server, "/api/rt/write?key=gzip", "gzip").await;
    assert_eq!(
        header(&response, "content-encoding").as_deref(),
        Some("gzip")
    );
    assert_eq!(
        header(&response, "vary").as_deref(),
        Some("Accept-Encoding")
    );
    let mut decoder = flate2::write::GzDecoder::new(Vec::new());
    while decoder.get_ref().as_slice() != b"first\n" {
        let chunk = next_chunk(&mut response).await.expect("the first piece");
        decoder.write_all(&chunk).expect("gzip");
        decoder.flush().expect("gzip");
    }
    signal(&server, "gzip").await;
    rest(&mut response, &mut |chunk| {
        decoder.write_all(chunk).expect("gzip")
    })
    .await;
    assert_eq!(
        decoder.finish().expect("a whole gzip stream"),
        b"first\nsecond\n"
    );
}

#[tokio::test]
async fn events_arrive_one_by_one_never_compressed() {
    let server = support::start().await;
    let mut response = open(&server, "/api/rt/events?key=events", "gzip").await;
    assert_eq!(
        header(&response, "content-type").as_deref(),
        Some("text/event-stream")
    );
    assert_eq!(
        header(&response, "cache-control").as_deref(),
        Some("no-cache, no-transform")
    );
    assert_eq!(
        header(&response, "x-accel-buffering").as_deref(),
        Some("no")
    );
    assert_eq!(header(&response, "content-encoding"), None);
    assert_eq!(header(&response, "vary"), None);
    let first = next_chunk(&mut response).await.expect("event 1");
    assert_eq!(
        std::str::from_utf8(&first).expect("text"),
        "id: 1\nevent: tick\nretry: 3000\ndata: one\n\n"
    );
    signal(&server, "events").await;
    let mut body = Vec::new();
    rest(&mut response, &mut |chunk| body.extend_from_slice(chunk)).await;
    assert_eq!(body, b"id: 2\ndata: two\n\n");
}

#[tokio::test]
async fn a_client_leaving_mid_stream_stops_the_stream_and_the_server_keeps_serving() {
    let server = support::start().await;
    for (key, query, accept_encoding) in [
        ("cut-plain", "", "identity"),
        ("cut-gzip", "", "gzip"),
        ("cut-events", "&events", "gzip"),
    ] {
        let mut response = open(
            &server,
            &format!("/api/rt/endless?key={key}{query}"),
            accept_encoding,
        )
        .await;
        next_chunk(&mut response).await.expect("a first piece");
        // An unfinished body: the client closes the connection.
        drop(response);
        let stopped = server.json(&format!("/api/rt/closed?key={key}")).await;
        assert_eq!(
            stopped["closed"], true,
            "{key}: the page's stream was not stopped"
        );
    }
    assert_eq!(server.text("/api/user").await.0, 200);
}
