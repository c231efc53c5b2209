//! `api_routes::Server`'s defaults for the open internet: a header-read timeout against
//! slow-loris, a connection cap, and graceful shutdown.

use std::time::{Duration, Instant};

use api_routes::Server;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};

struct Running {
    address: std::net::SocketAddr,
    stop: Option<tokio::sync::oneshot::Sender<()>>,
    done: tokio::task::JoinHandle<std::io::Result<()>>,
}

async fn start(configure: impl FnOnce(Server) -> Server) -> Running {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let address = listener.local_addr().unwrap();
    let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
    let server = configure(Server::new(listener).quiet().shutdown_signal(async {
        let _ = stopped.await;
    }));
    let done = tokio::spawn(server.run(api_routes_tests::app()));
    Running {
        address,
        stop: Some(stop),
        done,
    }
}

async fn get(address: std::net::SocketAddr, path: &str) -> reqwest::Result<String> {
    reqwest::Client::new()
        .get(format!("http://{address}{path}"))
        .timeout(Duration::from_secs(5))
        .send()
        .await?
        .text()
        .await
}

/// Whether the server closed `stream` (end of stream or a reset), reading and dropping whatever
/// it sent first, within two seconds.
async fn hung_up(stream: &mut TcpStream) -> bool {
    let mut buffer = [0u8; 512];
    let closed = async {
        loop {
            match stream.read(&mut buffer).await {
                Ok(0) | Err(_) => return,
                Ok(_) => continue,
            }
        }
    };
    tokio::time::timeout(Duration::from_secs(2), closed)
        .await
        .is_ok()
}

#[tokio::test]
async fn idle_half_open_connections_do_not_stop_normal_requests() {
    let server = start(|server| server.header_read_timeout(Duration::from_millis(500))).await;
    // 200 clients that start a request and never finish its headers.
    let mut loris = Vec::new();
    for _ in 0..200 {
        let mut stream = TcpStream::connect(server.address).await.unwrap();
        stream
            .write_all(b"GET /api/user HTTP/1.1\r\nHost: x\r\n")
            .await
            .unwrap();
        loris.push(stream);
    }
    assert_eq!(
        get(server.address, "/api/user").await.unwrap(),
        r#"{"name":"John Doe"}"#
    );
    // Past the header-read timeout the server has hung up on every one of them.
    tokio::time::sleep(Duration::from_millis(1200)).await;
    for stream in &mut loris {
        assert!(hung_up(stream).await, "a slow client was still connected");
    }
    assert_eq!(
        get(server.address, "/api/user").await.unwrap(),
        r#"{"name":"John Doe"}"#
    );
}

#[tokio::test]
async fn without_a_header_read_timeout_a_slow_client_is_answered() {
    // Set short first, so that the test fails unless `None` turns the timeout off.
    let server = start(|server| {
        server
            .header_read_timeout(Duration::from_millis(500))
            .header_read_timeout(None)
    })
    .await;
    let mut slow = TcpStream::connect(server.address).await.unwrap();
    slow.write_all(b"GET /api/user HTTP/1.1\r\nHost: x\r\n")
        .await
        .unwrap();
    // Longer than the 500 ms after which the test above finds its clients gone.
    tokio::time::sleep(Duration::from_millis(1200)).await;
    slow.write_all(b"Connection: close\r\n\r\n").await.unwrap();
    let mut answer = Vec::new();
    slow.read_to_end(&mut answer).await.unwrap();
    let answer = String::from_utf8_lossy(&answer);
    assert!(answer.starts_with("HTTP/1.1 200"), "{answer}");
    assert!(answer.ends_with(r#"{"name":"John Doe"}"#), "{answer}");
}

#[tokio::test]
async fn connections_past_the_cap_wait_for_a_free_slot() {
    let server = start(|server| server.max_connections(1)).await;
    let mut holder = TcpStream::connect(server.address).await.unwrap();
    holder
        .write_all(b"GET /api/user HTTP/1.1\r\nHost: x\r\n\r\n")
        .await
        .unwrap();
    let mut buffer = [0u8; 1024];
    let read = holder.read(&mut buffer).await.unwrap();
    assert!(String::from_utf8_lossy(&buffer[..read]).starts_with("HTTP/1.1 200"));
    // The kept-alive connection holds the only slot: a second client waits...
    let waiting = tokio::spawn(get(server.address, "/api/user"));
    tokio::time::sleep(Duration::from_millis(300)).await;
    assert!(
        !waiting.is_finished(),
        "a connection past the cap was served"
    );
    // ...and is served as soon as the slot frees.
    drop(holder);
    assert_eq!(waiting.await.unwrap().unwrap(), r#"{"name":"John Doe"}"#);
}

#[tokio::test]
async fn shutdown_finishes_requests_in_flight_and_refuses_new_ones() {
    let mut server = start(|server| server).await;
    let in_flight = tokio::spawn(get(server.address, "/api/slow?ms=500"));
    tokio::time::sleep(Duration::from_millis(100)).await;
    let started = Instant::now();
    server.stop.take().unwrap().send(()).unwrap();
    assert_eq!(in_flight.await.unwrap().unwrap(), "slept 500");
    tokio::time::timeout(Duration::from_secs(5), &mut server.done)
        .await
        .unwrap()
        .unwrap()
        .unwrap();
    assert!(
        started.elapsed() >= Duration::from_millis(300),
        "shutdown did not wait for the request"
    );
    assert!(
        TcpStream::connect(server.address).await.is_err(),
        "a new connection was accepted after shutdown"
    );
}

/// A router whose only route answers the client's address as `ConnectInfo` gives it.
fn peer_router() -> api_routes::axum::Router {
    use api_routes::axum::extract::ConnectInfo;
    async fn peer(ConnectInfo(peer): ConnectInfo<std::net::SocketAddr>) -> String {
        peer.ip().to_string()
    }
    api_routes::axum::Router::new().route("/peer", api_routes::axum::routing::get(peer))
}

#[tokio::test]
async fn handlers_get_the_client_address_unless_connect_info_is_off() {
    let on = api_routes_test_support::TestServer::serve(peer_router()).await;
    assert_eq!(on.text("/peer").await, (200, "127.0.0.1".to_owned()));
    let off = api_routes_test_support::TestServer::serve_with(peer_router(), |server| {
        server.connect_info(false)
    })
    .await;
    // axum's own answer to a missing extension.
    assert_eq!(off.text("/peer").await.0, 500);
}

#[test]
fn a_socket_handover_that_is_not_a_socket_stops_the_app_with_a_message() {
    // `LISTEN_FDS=1` with no socket at file descriptor 3 (the child inherits no descriptor past
    // stderr): a mistake in how the app was started, reported as one, never a panic or a hang.
    let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_api-routes-tests"))
        .env("LISTEN_FDS", "1")
        .env_remove("LISTEN_PID")
        .env("PORT", "0")
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .expect("the app starts");
    let deadline = Instant::now() + Duration::from_secs(30);
    let status = loop {
        if let Some(status) = child.try_wait().expect("wait") {
            break status;
        }
        if Instant::now() > deadline {
            let _ = child.kill();
            panic!("the app kept running on a socket it was not given");
        }
        std::thread::sleep(Duration::from_millis(20));
    };
    let mut stderr = String::new();
    std::io::Read::read_to_string(&mut child.stderr.take().expect("stderr"), &mut stderr)
        .expect("stderr");
    assert!(!status.success(), "{stderr}");
    assert!(stderr.contains("LISTEN_FDS"), "{stderr}");
    assert!(stderr.contains("not a socket"), "{stderr}");
    assert!(!stderr.contains("panicked"), "{stderr}");
}
