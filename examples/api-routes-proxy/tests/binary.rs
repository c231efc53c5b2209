//! The real binary, as `cargo run` starts it: it must find its configuration in `.env.local`
//! (through `api_routes::env`), and nothing it prints or answers may contain the key.

mod support;

use std::io::{BufRead, BufReader, Read};
use std::process::{Child, Command, Stdio};
use std::sync::mpsc;
use std::thread::JoinHandle;
use std::time::Duration;

use support::{KEY, Upstream, contains, raw, status_line};
use tempfile::TempDir;

const BINARY: &str = env!("CARGO_BIN_EXE_example-api-routes-proxy");

/// The binary, started in `dir` on `127.0.0.1:0`, with nothing of ours in its environment.
fn command(dir: &TempDir) -> Command {
    let mut command = Command::new(BINARY);
    command
        .current_dir(dir.path())
        .env("HOST", "127.0.0.1")
        .env("PORT", "0")
        .env_remove("API_ROUTES_ENV")
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    for name in [
        "SECRET_SERVICE_URL",
        "SECRET_SERVICE_KEY",
        "SECRET_SERVICE_KEY_HEADER",
        "SECRET_SERVICE_TIMEOUT_MS",
    ] {
        command.env_remove(name);
    }
    command
}

/// A running binary whose stdout and stderr are collected as it writes them.
struct Running {
    child: Child,
    readers: Vec<JoinHandle<String>>,
    base: String,
}

impl Running {
    fn start(dir: &TempDir) -> Self {
        let mut child = command(dir).spawn().expect("start the binary");
        let (ready, address) = mpsc::channel();
        let stdout = BufReader::new(child.stdout.take().expect("stdout"));
        let stdout = std::thread::spawn(move || {
            let mut all = String::new();
            for line in stdout.lines() {
                let line = line.expect("stdout line");
                if let Some(url) = line.strip_prefix("ready on ") {
                    let _ = ready.send(url.to_owned());
                }
                all.push_str(&line);
                all.push('\n');
            }
            all
        });
        let mut stderr = child.stderr.take().expect("stderr");
        let stderr = std::thread::spawn(move || {
            let mut all = String::new();
            let _ = stderr.read_to_string(&mut all);
            all
        });
        let base = address
            .recv_timeout(Duration::from_secs(60))
            .expect("the binary prints `ready on http://…`");
        Self {
            child,
            readers: vec![stdout, stderr],
            base,
        }
    }

    /// Stops the binary and returns all it printed.
    fn stop(mut self) -> String {
        let _ = self.child.kill();
        let _ = self.child.wait();
        self.readers
            .into_iter()
            .map(|reader| reader.join().expect("reader"))
            .collect()
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn configuration_comes_from_env_local_and_the_key_never_shows() {
    let (upstream, base) = Upstream::start().await;
    let dir = tempfile::tempdir().expect("a temporary directory");
    std::fs::write(
        dir.path().join(".env"),
        // Lower precedence than `.env.local`: this URL must not be used.
        "SECRET_SERVICE_URL=http://127.0.0.1:9/wrong\nSECRET_SERVICE_TIMEOUT_MS=60000\n",
    )
    .expect("write .env");
    std::fs::write(
        dir.path().join(".env.local"),
        format!(
            "SECRET_SERVICE_URL={base}\nSECRET_SERVICE_KEY={KEY}\nSECRET_SERVICE_TIMEOUT_MS=300\n"
        ),
    )
    .expect("write .env.local");
    let running = Running::start(&dir);

    let mut answers = Vec::new();
    for request in [
        "GET /api/secret/echo?x=1 HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n",
        "POST /api/secret/echo HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\nConnection: close\r\n\r\nhello",
        "GET /api/secret/leak HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n",
        "GET /api/secret/slow HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n",
        "GET /api/nothing-here HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n",
    ] {
        answers.push(raw(&running.base, request).await);
    }
    let output = running.stop();

    assert_eq!(status_line(&answers[0]), "HTTP/1.1 201 Created");
    assert!(contains(&answers[1], "POST /base/echo body=hello"));
    assert_eq!(status_line(&answers[3]), "HTTP/1.1 504 Gateway Timeout");
    assert_eq!(status_line(&answers[4]), "HTTP/1.1 404 Not Found");
    // The key reached the service: `.env.local` was loaded and written to the environment.
    let seen = upstream.seen();
    assert_eq!(seen.len(), 4);
    for request in &seen {
        assert_eq!(request.headers["authorization"], format!("Bearer {KEY}"));
    }
    // What the binary logged: the timeout and the scrubbed header, and no refusal to export.
    assert!(
        output.contains("api/secret: GET /api/secret/slow"),
        "{output}"
    );
    assert!(
        output.contains("dropped the response header x-debug-authorization"),
        "{output}"
    );
    assert!(!output.contains("were not written"), "{output}");
    assert!(!output.contains(KEY), "the key was printed:\n{output}");
    for answer in &answers {
        assert!(
            !contains(answer, KEY),
            "the key was answered:\n{}",
            String::from_utf8_lossy(answer)
        );
    }
}

#[test]
fn a_missing_variable_is_named_and_no_value_is_printed() {
    let dir = tempfile::tempdir().expect("a temporary directory");
    std::fs::write(
        dir.path().join(".env.local"),
        "SECRET_SERVICE_URL=http://127.0.0.1:9/masked-url-4711\n",
    )
    .expect("write .env.local");
    let output = command(&dir).output().expect("run the binary");
    assert!(!output.status.success());
    let printed = format!(
        "{}{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
    assert!(
        printed.contains("SECRET_SERVICE_KEY is not set: put it in .env.local"),
        "{printed}"
    );
    assert!(!printed.contains("masked-url-4711"), "{printed}");
}
