//! The workspace's shared test server, serving this crate's page tree.

#![allow(dead_code)] // each test binary uses part of this module

pub use api_routes_test_support::TestServer;

/// The test crate's page tree on `127.0.0.1:0`, with its state.
pub async fn start() -> TestServer {
    TestServer::serve(api_routes_tests::app()).await
}

/// [`start`] on a server whose request heads may be up to `bytes` long.
pub async fn start_with_head_limit(bytes: usize) -> TestServer {
    TestServer::serve_with(api_routes_tests::app(), |server| {
        server.max_header_bytes(bytes)
    })
    .await
}
