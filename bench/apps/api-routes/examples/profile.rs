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

use support::{Route, call};

fn main() {
    let usage = "usage: profile <api-routes|axum> <user|post|echo|people> <iterations>";
    let arguments: Vec<String> = std::env::args().skip(1).collect();
    let [server, route, iterations] = arguments.as_slice() else {
        panic!("{usage}");
    };
    let route = Route::from_name(route).expect(usage);
    let iterations: u64 = iterations.parse().expect(usage);
    let router = match server.as_str() {
        "api-routes" => bench_api_routes::router(),
        "axum" => bench_axum::router(),
        _ => panic!("{usage}"),
    };
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("runtime");
    runtime.block_on(async {
        for _ in 0..iterations {
            std::hint::black_box(call(&router, route).await);
        }
    });
}
