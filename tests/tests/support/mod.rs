//! The workspace's shared test server, serving this crate's page tree.

#![allow(dead_code)] // each test binary uses part of this module

pub use api_routes_test_support::TestServer;

/// The test crate's page tree on `127.0.0.1:0`, with its state.
pub async fn start() -> TestServer {
    TestServer::serve(api_routes_tests::app()).await
}
