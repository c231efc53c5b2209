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

use api_routes::RouterOptions;
use api_routes::axum::http::{HeaderValue, header};
use support::{Route, call_with};

fn main() {
    let usage = "usage: profile <api-routes|api-routes-gzip|api-routes-uncompressed|axum> <user|post|echo|people> <iterations>";
    let arguments: Vec<String> = std::env::args().skip(1).collect();
    let [server, route, iterations] = arguments.as_slice() else {
        panic!("{usage}");
    };
    let route = Route::from_name(route).expect(usage);
    let iterations: u64 = iterations.parse().expect(usage);
    // `api-routes-gzip`: a client sending `Accept-Encoding: gzip`; `-uncompressed`: `compress(false)`.
    let gzip = server == "api-routes-gzip";
    let router = match server.as_str() {
        "api-routes" | "api-routes-gzip" => bench_api_routes::router(),
        "api-routes-uncompressed" => {
            bench_api_routes::router_with(RouterOptions::new().compress(false))
        }
        "axum" => bench_axum::router(),
        _ => panic!("{usage}"),
    };
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
            std::hint::black_box(call_with(&router, request).await);
        }
    });
}
