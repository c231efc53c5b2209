//! [`serve`]: run a router on `HOST:PORT` with graceful shutdown.

use std::net::SocketAddr;

use axum::Router;
use tokio::net::TcpListener;

/// Serves `router` on `HOST:PORT` (default `127.0.0.1:3000`, like `next start`'s port) until
/// Ctrl-C or SIGTERM, then finishes the requests in flight and returns. At start-up it prints the
/// route table of every `routes!` router built so far, then the URL.
///
/// ```no_run
/// # async fn run(router: api_routes_runtime::axum::Router) -> std::io::Result<()> {
/// api_routes_runtime::serve(router).await
/// # }
/// ```
pub async fn serve(router: Router) -> std::io::Result<()> {
    let host = std::env::var("HOST").unwrap_or_else(|_| "127.0.0.1".to_owned());
    let port = std::env::var("PORT").unwrap_or_else(|_| "3000".to_owned());
    let listener = TcpListener::bind(format!("{host}:{port}")).await?;
    serve_on(listener, router).await
}

/// Like [`serve`], on a listener the caller bound (`127.0.0.1:0` in tests).
pub async fn serve_on(listener: TcpListener, router: Router) -> std::io::Result<()> {
    let address: SocketAddr = listener.local_addr()?;
    let routes = crate::route_info::recorded_routes();
    if !routes.is_empty() {
        println!("{:<12} {:<32} page", "methods", "route");
        for route in &routes {
            println!("{route}");
        }
    }
    println!("ready on http://{address}");
    axum::serve(listener, router)
        .with_graceful_shutdown(shutdown_signal())
        .await
}

async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let terminate = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut signal) => {
                signal.recv().await;
            }
            Err(_) => std::future::pending().await,
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! {
        () = ctrl_c => {}
        () = terminate => {}
    }
}
