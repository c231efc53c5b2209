//! [`serve`] and [`Server`]: run a router on a socket with defaults fit for the open internet.
//!
//! axum's own `serve` offers no header-read timeout and no connection cap, so this is the same
//! accept loop written against hyper-util, with those two added and graceful shutdown kept.

use std::future::Future;
use std::net::SocketAddr;
use std::pin::Pin;
use std::sync::Arc;
use std::time::Duration;

use axum::extract::ConnectInfo;
use axum::{Extension, Router};
use hyper_util::rt::{TokioExecutor, TokioIo, TokioTimer};
use hyper_util::server::conn::auto;
use hyper_util::server::graceful::GracefulShutdown;
use hyper_util::service::TowerToHyperService;
use tokio::net::TcpListener;
use tokio::sync::Semaphore;
use tower::Layer;
use tower::util::option_layer;

use crate::RouteInfo;
use crate::protocol::{NODE_MAX_HEADER_BYTES, NodeProtocolLayer};

/// hyper's own limit on header lines.
const DEFAULT_MAX_HEADERS: usize = 100;

/// hyper's smallest read buffer, which bounds [`Server::max_header_bytes`] from below.
const MIN_HEADER_BYTES: usize = 8 * 1024;

/// Serves `router` on `HOST:PORT` (default `127.0.0.1:3000`, like `next start`'s port) with
/// [`Server`]'s defaults, until Ctrl-C or SIGTERM; then it stops accepting, finishes the requests
/// in flight and returns. At start-up it prints the URL; [`Server::routes`] adds the route table.
///
/// Handlers can take axum's `ConnectInfo<SocketAddr>` for the client's address.
///
/// ```no_run
/// # async fn run(router: api_routes_runtime::axum::Router) -> std::io::Result<()> {
/// api_routes_runtime::serve(router).await
/// # }
/// ```
pub async fn serve(router: Router) -> std::io::Result<()> {
    Server::bind_from_env().await?.run(router).await
}

/// Like [`serve`], on a listener the caller bound (`127.0.0.1:0` in tests).
pub async fn serve_on(listener: TcpListener, router: Router) -> std::io::Result<()> {
    Server::new(listener).run(router).await
}

type ShutdownSignal = Pin<Box<dyn Future<Output = ()> + Send>>;

/// The server behind [`serve`], for when its defaults need changing.
///
/// | setting | default | why |
/// | --- | --- | --- |
/// | [`header_read_timeout`](Self::header_read_timeout) | 10 s | a client that trickles its headers (slow-loris) is dropped instead of holding a connection forever; `None` turns it off (hyper arms a timer for every request, about 1.7k instructions on a small route) |
/// | [`max_connections`](Self::max_connections) | 4096 | past it, new connections wait in the kernel's backlog instead of exhausting memory or file descriptors |
/// | [`shutdown_grace`](Self::shutdown_grace) | 30 s | on shutdown, requests in flight get this long to finish |
/// | [`shutdown_signal`](Self::shutdown_signal) | Ctrl-C or SIGTERM | |
/// | [`max_header_bytes`](Self::max_header_bytes) | 16 KiB | a request line and headers larger than this answer 431 `Request Header Fields Too Large`, as Node's default `max-http-header-size` does |
/// | [`max_headers`](Self::max_headers) | 100 | more header lines than this answer 431 (Node allows 2000; hyper keeps up to 100 on the stack, and a larger limit costs a heap allocation per request) |
/// | [`refuse_unknown_methods`](Self::refuse_unknown_methods) | on | methods Node's parser refuses (`get`, `FOO`) answer 400, as on `next start` |
/// | [`connect_info`](Self::connect_info) | on | handlers can take `ConnectInfo<SocketAddr>`, the client's address |
///
/// ```no_run
/// use std::time::Duration;
/// use api_routes_runtime::{RouteInfo, Server};
///
/// # async fn run(router: api_routes_runtime::axum::Router, ROUTES: &'static [RouteInfo]) -> std::io::Result<()> {
/// Server::bind_from_env().await?
///     .routes(ROUTES) // the table `routes!` generates, printed at start-up
///     .header_read_timeout(Duration::from_secs(5))
///     .max_connections(10_000)
///     .run(router)
///     .await
/// # }
/// ```
#[must_use = "a Server does nothing until `run` is awaited"]
pub struct Server {
    listener: TcpListener,
    header_read_timeout: Option<Duration>,
    max_connections: usize,
    shutdown_grace: Duration,
    shutdown_signal: ShutdownSignal,
    max_header_bytes: usize,
    max_headers: usize,
    refuse_unknown_methods: bool,
    connect_info: bool,
    quiet: bool,
    routes: &'static [RouteInfo],
}

impl std::fmt::Debug for Server {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Server")
            .field("listener", &self.listener)
            .field("header_read_timeout", &self.header_read_timeout)
            .field("max_connections", &self.max_connections)
            .field("shutdown_grace", &self.shutdown_grace)
            .field("max_header_bytes", &self.max_header_bytes)
            .field("max_headers", &self.max_headers)
            .field("refuse_unknown_methods", &self.refuse_unknown_methods)
            .field("connect_info", &self.connect_info)
            .finish_non_exhaustive()
    }
}

impl Server {
    /// Binds `HOST:PORT`, default `127.0.0.1:3000`; the `.env` files loaded by
    /// [`env::load_env_files`](crate::env::load_env_files) count.
    ///
    /// Under `cargo api-routes dev` (or `systemfd`), which bind the socket once and hand it down
    /// as file descriptor 3 with `LISTEN_FDS=1`, the server takes that socket instead, so that
    /// requests made while the app restarts wait for it rather than being refused.
    pub async fn bind_from_env() -> std::io::Result<Self> {
        if let Some(listener) = inherited_listener()? {
            return Ok(Self::new(listener));
        }
        // Through `env::var`, so a `PORT` in `.env` counts even where the loader could not write
        // the process environment.
        let host = crate::env::var("HOST").unwrap_or_else(|| "127.0.0.1".to_owned());
        let port = crate::env::var("PORT").unwrap_or_else(|| "3000".to_owned());
        Ok(Self::new(
            TcpListener::bind(format!("{host}:{port}")).await?,
        ))
    }

    /// A server on a listener the caller bound, with the defaults above.
    pub fn new(listener: TcpListener) -> Self {
        Self {
            listener,
            header_read_timeout: Some(Duration::from_secs(10)),
            max_connections: 4096,
            shutdown_grace: Duration::from_secs(30),
            shutdown_signal: Box::pin(ctrl_c_or_sigterm()),
            max_header_bytes: NODE_MAX_HEADER_BYTES,
            max_headers: DEFAULT_MAX_HEADERS,
            refuse_unknown_methods: true,
            connect_info: true,
            quiet: false,
            routes: &[],
        }
    }

    /// Print this route table at start-up: the `ROUTES` that `routes!` generates beside
    /// `router()`.
    pub fn routes(mut self, routes: &'static [RouteInfo]) -> Self {
        self.routes = routes;
        self
    }

    /// How long a client may take to send a request's headers, or `None` for no limit: for a
    /// server behind a proxy that already bounds it, since hyper arms a timer for every request
    /// (about 1.7k instructions on a small route, BENCHMARKS.md, "What each feature costs").
    ///
    /// ```no_run
    /// use std::time::Duration;
    /// use api_routes_runtime::Server;
    ///
    /// # async fn run(router: api_routes_runtime::axum::Router) -> std::io::Result<()> {
    /// let server = Server::bind_from_env().await?;
    /// let server = if std::env::var_os("BEHIND_PROXY").is_some() {
    ///     server.header_read_timeout(None)
    /// } else {
    ///     server.header_read_timeout(Duration::from_secs(5))
    /// };
    /// server.run(router).await
    /// # }
    /// ```
    pub fn header_read_timeout(mut self, timeout: impl Into<Option<Duration>>) -> Self {
        self.header_read_timeout = timeout.into();
        self
    }

    /// How many connections are served at once (at least one).
    pub fn max_connections(mut self, max: usize) -> Self {
        self.max_connections = max.max(1);
        self
    }

    /// How long requests in flight may run once shutdown starts.
    pub fn shutdown_grace(mut self, grace: Duration) -> Self {
        self.shutdown_grace = grace;
        self
    }

    /// Shut down when `signal` completes instead of on Ctrl-C or SIGTERM.
    pub fn shutdown_signal(mut self, signal: impl Future<Output = ()> + Send + 'static) -> Self {
        self.shutdown_signal = Box::pin(signal);
        self
    }

    /// The largest request line and headers accepted, in bytes (default 16 KiB, Node's
    /// `max-http-header-size`; at least 8 KiB). Larger ones answer 431 `Request Header Fields
    /// Too Large` and the connection closes. Bodies are not counted.
    pub fn max_header_bytes(mut self, max: usize) -> Self {
        self.max_header_bytes = max.max(MIN_HEADER_BYTES);
        self
    }

    /// The most header lines a request may have (default 100, hyper's); more answer 431.
    /// Node accepts 2000; above 100, hyper allocates the header list on the heap for every
    /// request.
    pub fn max_headers(mut self, max: usize) -> Self {
        self.max_headers = max;
        self
    }

    /// Answer 400 to methods Node's HTTP parser refuses, as `next start` does: names outside
    /// its table (`FOO`, `BREW`) and any other spelling of a known one (`get`). On by default;
    /// off, any method token reaches the router.
    pub fn refuse_unknown_methods(mut self, on: bool) -> Self {
        self.refuse_unknown_methods = on;
        self
    }

    /// Give every request the client's address as axum's `ConnectInfo<SocketAddr>` (on by
    /// default). It is one more request extension on every request (BENCHMARKS.md prices it);
    /// turn it off when no handler or middleware asks for the address.
    pub fn connect_info(mut self, on: bool) -> Self {
        self.connect_info = on;
        self
    }

    /// Print nothing at start-up.
    pub fn quiet(mut self) -> Self {
        self.quiet = true;
        self
    }

    /// The address the server listens on (the port the system chose for `127.0.0.1:0`).
    pub fn local_addr(&self) -> std::io::Result<SocketAddr> {
        self.listener.local_addr()
    }

    /// Serves until the shutdown signal, then waits for the requests in flight (up to the grace
    /// period) and returns.
    pub async fn run(self, router: Router) -> std::io::Result<()> {
        // As `axum::serve` does: every handler becomes a route once, not on every request.
        let router: Router = router.with_state(());
        let address = self.listener.local_addr()?;
        if !self.quiet {
            print_banner(address, self.routes);
        }
        let mut builder = auto::Builder::new(TokioExecutor::new());
        // hyper answers 431 once this much is buffered without a complete head.
        builder.http1().max_buf_size(self.max_header_bytes);
        match self.header_read_timeout {
            Some(timeout) => {
                builder
                    .http1()
                    .timer(TokioTimer::new())
                    .header_read_timeout(timeout);
            }
            // Said outright: hyper's own default (30 s) applies whenever a timer is set.
            None => {
                builder.http1().header_read_timeout(None);
            }
        }
        if self.max_headers != DEFAULT_MAX_HEADERS {
            // Only when changed: setting it at all moves hyper's header list to the heap.
            builder.http1().max_headers(self.max_headers);
        }
        let protocol = NodeProtocolLayer {
            refuse_unknown_methods: self.refuse_unknown_methods,
        };
        let connections = Arc::new(Semaphore::new(self.max_connections));
        let graceful = GracefulShutdown::new();
        let mut signal = self.shutdown_signal;
        loop {
            let permit = tokio::select! {
                permit = connections.clone().acquire_owned() => match permit {
                    Ok(permit) => permit,
                    Err(_) => break,
                },
                () = &mut signal => break,
            };
            let (stream, peer) = tokio::select! {
                accepted = self.listener.accept() => match accepted {
                    Ok(accepted) => accepted,
                    Err(error) => {
                        // Out of file descriptors or a connection reset before accept: both pass.
                        tracing::warn!(%error, "accept failed");
                        tokio::time::sleep(Duration::from_millis(50)).await;
                        continue;
                    }
                },
                () = &mut signal => break,
            };
            // As `axum::serve` with `into_make_service_with_connect_info`, unless turned off.
            let connect_info = self.connect_info.then_some(Extension(ConnectInfo(peer)));
            let service = protocol.layer(option_layer(connect_info).layer(router.clone()));
            let service = TowerToHyperService::new(service);
            let connection = builder
                .serve_connection_with_upgrades(TokioIo::new(stream), service)
                .into_owned();
            let connection = graceful.watch(connection);
            tokio::spawn(async move {
                // A client that hangs up or breaks the protocol ends only its own connection.
                let _ = connection.await;
                drop(permit);
            });
        }
        // Refuse new connections from here on; finish the ones in flight.
        drop(self.listener);
        if tokio::time::timeout(self.shutdown_grace, graceful.shutdown())
            .await
            .is_err()
        {
            tracing::warn!("shutdown grace period over; dropping the connections still open");
        }
        Ok(())
    }
}

/// The listening socket the parent process passed down (systemd's socket-activation protocol,
/// read by `listenfd`), if `LISTEN_FDS` says there is one for this process.
fn inherited_listener() -> std::io::Result<Option<TcpListener>> {
    let inherited = listenfd::ListenFd::from_env()
        .take_tcp_listener(0)
        .map_err(|error| {
            std::io::Error::new(
                error.kind(),
                format!(
                    "LISTEN_FDS says a listening socket was passed down as file descriptor 3, \
                     but it cannot be used ({error}); unset LISTEN_FDS, or start the app from \
                     `cargo api-routes dev` or `systemfd`"
                ),
            )
        })?;
    let Some(listener) = inherited else {
        return Ok(None);
    };
    listener.set_nonblocking(true)?;
    TcpListener::from_std(listener).map(Some)
}

fn print_banner(address: SocketAddr, routes: &[RouteInfo]) {
    if !routes.is_empty() {
        println!("{:<12} {:<32} page", "methods", "route");
        for route in routes {
            println!("{route}");
        }
    }
    if let Some(env) = crate::env::loaded() {
        println!("{env}");
    }
    println!("ready on http://{address}");
}

async fn ctrl_c_or_sigterm() {
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
