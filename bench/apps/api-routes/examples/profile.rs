//! Runs one route N times in process, for `valgrind --tool=callgrind` (BENCHMARKS.md):
//!
//! ```sh
//! cargo build --release -p bench-api-routes --example profile
//! valgrind --tool=callgrind target/release/examples/profile api-routes people 2000
//! ```
//!
//! Instructions per request are `(count at N) − (count at 0)` over N: the router is built and
//! the runtime started in both runs, so only the requests differ.

#[path = "../benches/support/mod.rs"]
mod support;

use std::net::{IpAddr, Ipv4Addr, SocketAddr};

use api_routes::__private::{Page, guard_layer};
use api_routes::RouterOptions;
use api_routes::axum::extract::ConnectInfo;
use api_routes::axum::http::{HeaderValue, header};
use support::{Route, call_with};

/// The servers `profile` knows: the api-routes app with its default options or one feature
/// switched, and hand-written axum bare or behind the guard `routes!` puts around each page.
const SERVERS: &[(&str, &str)] = &[
    ("api-routes", "the defaults (Next.js's)"),
    (
        "api-routes-gzip",
        "the defaults, the client sending `Accept-Encoding: gzip`",
    ),
    ("api-routes-uncompressed", "`compress(false)`"),
    ("api-routes-no-etag", "`generate_etags(false)`"),
    (
        "api-routes-lean",
        "`generate_etags(false)` and `compress(false)`",
    ),
    ("api-routes-no-deadline", "`max_duration(None)`"),
    (
        "api-routes-connect-info",
        "the defaults, each request carrying `ConnectInfo` as `serve` adds it",
    ),
    ("axum", "hand-written axum"),
    (
        "axum-guarded",
        "hand-written axum, each route behind the page guard (default options)",
    ),
    (
        "axum-guarded-lean",
        "the same, the guard with `compress(false)`",
    ),
];

/// What `axum-guarded` names in log lines: a page without parameters, as `user`.
static PAGE: Page = Page {
    pattern: &[],
    max_duration_seconds: None,
};

/// The client address `api-routes-connect-info` requests carry.
const PEER: SocketAddr = SocketAddr::new(IpAddr::V4(Ipv4Addr::LOCALHOST), 49152);

fn main() {
    let servers: Vec<String> = SERVERS
        .iter()
        .map(|(name, what)| format!("  {name}: {what}"))
        .collect();
    let usage = format!(
        "usage: profile <server> <user|post|echo|people|middleware-user|raw-echo> <iterations>\nservers:\n{}",
        servers.join("\n")
    );
    let arguments: Vec<String> = std::env::args().skip(1).collect();
    let [server, route, iterations] = arguments.as_slice() else {
        panic!("{usage}");
    };
    let route = Route::from_name(route).unwrap_or_else(|| panic!("{usage}"));
    let iterations: u64 = iterations.parse().unwrap_or_else(|_| panic!("{usage}"));
    let gzip = server == "api-routes-gzip";
    let connect_info = server == "api-routes-connect-info";
    let guarded =
        |options: RouterOptions| bench_axum::router().route_layer(guard_layer(&options, &PAGE));
    let router = match server.as_str() {
        "api-routes" | "api-routes-gzip" | "api-routes-connect-info" => bench_api_routes::router(),
        "api-routes-uncompressed" => {
            bench_api_routes::router_with(RouterOptions::new().compress(false))
        }
        "api-routes-no-etag" => {
            bench_api_routes::router_with(RouterOptions::new().generate_etags(false))
        }
        "api-routes-lean" => bench_api_routes::router_with(
            RouterOptions::new().generate_etags(false).compress(false),
        ),
        "api-routes-no-deadline" => {
            bench_api_routes::router_with(RouterOptions::new().max_duration(None))
        }
        "axum" => bench_axum::router(),
        "axum-guarded" => guarded(RouterOptions::new()),
        "axum-guarded-lean" => guarded(RouterOptions::new().compress(false)),
        _ => panic!("{usage}"),
    };
    // As both servers run it: `axum::serve` and `api_routes::serve` turn every handler into a
    // route once, not on every request.
    let router = router.with_state(());
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("runtime");
    runtime.block_on(async {
        for _ in 0..iterations {
            let mut request = route.request();
            if gzip {
                request
                    .headers_mut()
                    .insert(header::ACCEPT_ENCODING, HeaderValue::from_static("gzip"));
            }
            if connect_info {
                // What `Server`'s per-connection `Extension` layer does to every request.
                request.extensions_mut().insert(ConnectInfo(PEER));
            }
            std::hint::black_box(call_with(&router, request).await);
        }
    });
}
