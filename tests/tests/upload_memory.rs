//! A 1 GB upload to a route with the default 1mb limit (nextjs-compat 2.5c, 10.5): refused with 413 as
//! soon as the limit is passed, without the server holding the body, and without the client
//! having to send it all.
//!
//! Alone in its own test binary on purpose: it reads this process's memory from
//! `/proc/self/status`, and the server runs in this process, so no other test may run beside it.

mod support;

use std::time::{Duration, Instant};

use api_routes_test_support::raw_http::{RawBody, exchange};

const GIB: u64 = 1024 * 1024 * 1024;
const MIB: u64 = 1024 * 1024;

/// `VmRSS` and `VmHWM` (peak RSS) of this process, in bytes.
fn memory() -> (u64, u64) {
    let status = std::fs::read_to_string("/proc/self/status").expect("/proc/self/status");
    let field = |name: &str| {
        status
            .lines()
            .find_map(|line| line.strip_prefix(name))
            .and_then(|rest| {
                rest.trim()
                    .trim_end_matches("kB")
                    .trim()
                    .parse::<u64>()
                    .ok()
            })
            .map(|kib| kib * 1024)
            .unwrap_or_else(|| panic!("{name} in /proc/self/status"))
    };
    (field("VmRSS:"), field("VmHWM:"))
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_one_gigabyte_upload_is_refused_early_with_bounded_server_memory() {
    // nextjs-compat 2.5c, 10.5: 413 `Body exceeded 1mb limit` for a streamed body with no length, and for
    // a declared one, with the server's memory bounded and the client stopped early
    let server = support::start().await;
    // Warm up: the first request allocates the runtime's and the router's lasting state.
    assert_eq!(server.text("/api/rt/probe").await.0, 200);
    let (rss_before, peak_before) = memory();

    let started = Instant::now();
    let chunked = exchange(
        server.address(),
        "POST /api/rt/probe HTTP/1.1\r\nHost: x\r\nContent-Type: application/octet-stream\r\nTransfer-Encoding: chunked\r\n\r\n",
        RawBody::Chunked { total: GIB, chunk: 64 * 1024 },
    )
    .await;
    let chunked_took = started.elapsed();
    assert_eq!(
        chunked.response.status_line,
        "HTTP/1.1 413 Body exceeded 1mb limit"
    );
    assert_eq!(chunked.response.text(), "Body exceeded 1mb limit");
    assert!(
        chunked.bytes_written < 64 * MIB,
        "the client sent {} bytes before the server stopped it",
        chunked.bytes_written
    );
    assert!(
        chunked_took < Duration::from_secs(20),
        "took {chunked_took:?}"
    );

    // The same GB declared up front: refused from Content-Length before any body is read.
    let started = Instant::now();
    let declared = exchange(
        server.address(),
        &format!("POST /api/rt/probe HTTP/1.1\r\nHost: x\r\nContent-Length: {GIB}\r\n\r\n"),
        RawBody::Bytes(vec![b'a'; 8 * MIB as usize]),
    )
    .await;
    assert_eq!(
        declared.response.status_line,
        "HTTP/1.1 413 Body exceeded 1mb limit"
    );
    assert!(started.elapsed() < Duration::from_secs(20));

    // The server still answers.
    assert_eq!(server.text("/api/rt/probe").await.0, 200);

    let (rss_after, peak_after) = memory();
    let rss_growth = rss_after.saturating_sub(rss_before);
    let peak_growth = peak_after.saturating_sub(peak_before);
    assert!(
        peak_growth < 48 * MIB && rss_growth < 48 * MIB,
        "memory grew: RSS {rss_before} → {rss_after}, peak {peak_before} → {peak_after}"
    );
}
