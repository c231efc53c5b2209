//! `cargo api-routes dev` against a scratch crate, as a user runs it: start it, request a page,
//! save a change and request during the rebuild, break the page, fix it, add a page with
//! `cargo api-routes new`. Every step goes through the real watcher, `cargo build` and socket.
//!
//! The scratch crate builds into `CARGO_TARGET_TMPDIR/dev-loop`, so only the first run compiles
//! axum and tokio; it reuses the workspace's `Cargo.lock`, so no version is resolved anew.

use std::path::{Path, PathBuf};
use std::process::Stdio;
use std::time::{Duration, Instant};

use nix::sys::signal::{Signal, kill};
use nix::unistd::Pid;
use tokio::io::{AsyncBufReadExt, BufReader};
use tokio::process::{Child, Command};
use tokio::sync::mpsc;

/// Long enough for a first build of axum and tokio on two busy cores; a step that takes this
/// long has failed.
const FIRST_BUILD: Duration = Duration::from_secs(900);
const REBUILD: Duration = Duration::from_secs(300);

const REPOSITORY: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/..");

fn page(text: &str) -> String {
    format!(
        "use api_routes::prelude::*;\n\n#[api_route]\nasync fn handler(_req: Request, res: Response) -> Response {{\n    \
         res.status(200).json(json!({{ \"text\": \"{text}\" }}))\n}}\n"
    )
}

/// A user's crate with one page, `/api/hello`, outside the workspace.
fn scratch_crate(root: &Path) {
    let manifest = format!(
        r#"[package]
name = "dev-loop-scratch"
version = "0.0.0"
edition = "2024"
publish = false

[workspace]

[dependencies]
api-routes = {{ path = "{REPOSITORY}/api-routes" }}
tokio = {{ version = "1", features = ["macros", "rt-multi-thread"] }}

[build-dependencies]
api-routes-build = {{ path = "{REPOSITORY}/api-routes-build" }}
"#
    );
    write(&root.join("Cargo.toml"), &manifest);
    std::fs::copy(
        Path::new(REPOSITORY).join("Cargo.lock"),
        root.join("Cargo.lock"),
    )
    .expect("the workspace has a Cargo.lock");
    write(
        &root.join("build.rs"),
        "fn main() {\n    api_routes_build::track();\n}\n",
    );
    write(
        &root.join("src/main.rs"),
        "api_routes::routes!();\n\n#[tokio::main]\nasync fn main() -> std::io::Result<()> {\n    \
         api_routes::serve(router()).await\n}\n",
    );
    write(&root.join("src/pages/api/hello.rs"), &page("first"));
}

fn write(path: &Path, text: &str) {
    if let Some(folder) = path.parent() {
        std::fs::create_dir_all(folder).expect("the scratch folder is writable");
    }
    std::fs::write(path, text).expect("the scratch crate is writable");
}

/// The running `cargo api-routes dev`, and what it has printed on stderr so far.
struct Dev {
    child: Child,
    lines: mpsc::UnboundedReceiver<String>,
    seen: Vec<String>,
}

impl Dev {
    fn start(root: &Path) -> Dev {
        let mut child = Command::new(env!("CARGO_BIN_EXE_cargo-api-routes"))
            .args(["api-routes", "dev", "--port", "0", "--manifest-path"])
            .arg(root.join("Cargo.toml"))
            .env(
                "CARGO_TARGET_DIR",
                PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("dev-loop"),
            )
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .kill_on_drop(true)
            .spawn()
            .expect("cargo-api-routes starts");
        let stderr = child.stderr.take().expect("stderr is piped");
        let (sender, lines) = mpsc::unbounded_channel();
        tokio::spawn(async move {
            let mut reader = BufReader::new(stderr).lines();
            while let Ok(Some(line)) = reader.next_line().await {
                if sender.send(line).is_err() {
                    break;
                }
            }
        });
        Dev {
            child,
            lines,
            seen: Vec::new(),
        }
    }

    /// The first line from now on that contains `text`.
    async fn wait_for(&mut self, text: &str, within: Duration) -> String {
        let deadline = tokio::time::Instant::now() + within;
        loop {
            match tokio::time::timeout_at(deadline, self.lines.recv()).await {
                Ok(Some(line)) => {
                    self.seen.push(line.clone());
                    if line.contains(text) {
                        return line;
                    }
                }
                Ok(None) => panic!(
                    "dev exited before printing {text:?}; it printed:\n{}",
                    self.seen.join("\n")
                ),
                Err(_) => panic!(
                    "no {text:?} within {within:?}; dev printed:\n{}",
                    self.seen.join("\n")
                ),
            }
        }
    }

    /// Stops it as Ctrl-C would, so that it stops the app too.
    async fn stop(mut self) {
        if let Some(pid) = self.child.id().and_then(|pid| i32::try_from(pid).ok()) {
            let _ = kill(Pid::from_raw(pid), Signal::SIGTERM);
        }
        let _ = tokio::time::timeout(Duration::from_secs(10), self.child.wait()).await;
    }
}

async fn get(client: &reqwest::Client, url: &str) -> (u16, serde_json::Value) {
    let response = client
        .get(url)
        .timeout(REBUILD)
        .send()
        .await
        .unwrap_or_else(|error| panic!("GET {url} is answered, not refused: {error}"));
    let status = response.status().as_u16();
    let body = response.json().await.unwrap_or_default();
    (status, body)
}

#[tokio::test]
async fn dev_rebuilds_on_save_keeps_requests_waiting_and_shows_the_build_error() {
    let scratch = tempfile::tempdir().expect("a temporary folder");
    let root = scratch.path();
    scratch_crate(root);
    let page_file = root.join("src/pages/api/hello.rs");
    let mut dev = Dev::start(root);
    let banner = dev.wait_for("api-routes dev: http://", FIRST_BUILD).await;
    let base = banner
        .split_whitespace()
        .find(|word| word.starts_with("http://"))
        .map(|url| url.trim_end_matches(','))
        .expect("the banner names the address")
        .to_owned();
    let hello = format!("{base}/api/hello");
    // Keep-alive would pin a connection to one build; a user's browser may do the same, but the
    // old app closes its connections when it stops, and each step here opens a new one.
    let client = reqwest::Client::builder()
        .pool_max_idle_per_host(0)
        .build()
        .expect("a client");

    // The first build may still be running: the request waits for it on the listening socket.
    let (status, body) = get(&client, &hello).await;
    assert_eq!((status, &body["text"]), (200, &"first".into()), "{body}");

    // A save, and a request sent once the rebuild has started: it waits, then the new build
    // answers it.
    write(&page_file, &page("second"));
    dev.wait_for("changed, rebuilding", REBUILD).await;
    dev.wait_for("Compiling dev-loop-scratch", REBUILD).await;
    let sent = Instant::now();
    let (status, body) = get(&client, &hello).await;
    eprintln!(
        "a request sent during the rebuild waited {:?}",
        sent.elapsed()
    );
    assert_eq!((status, &body["text"]), (200, &"second".into()), "{body}");

    // A broken page: 500 carrying the compiler's first error.
    write(
        &page_file,
        &page("third").replace("res.status(200)", "res.status(200).no_such_method()"),
    );
    dev.wait_for("the build failed", REBUILD).await;
    let (status, body) = get(&client, &hello).await;
    assert_eq!(status, 500, "{body}");
    let error = body["error"].as_str().unwrap_or_default();
    assert!(error.contains("no_such_method"), "{body}");
    assert!(error.contains("hello.rs"), "{body}");

    // Fixed: answers again.
    let saved = Instant::now();
    write(&page_file, &page("fixed"));
    dev.wait_for("Compiling dev-loop-scratch", REBUILD).await;
    let (status, body) = get(&client, &hello).await;
    assert_eq!((status, &body["text"]), (200, &"fixed".into()), "{body}");
    eprintln!("from saving the fix to its answer: {:?}", saved.elapsed());

    // A page added with `cargo api-routes new` is served.
    let new = std::process::Command::new(env!("CARGO_BIN_EXE_cargo-api-routes"))
        .args([
            "api-routes",
            "new",
            "/api/added/[id]",
            "--methods",
            "GET",
            "--manifest-path",
        ])
        .arg(root.join("Cargo.toml"))
        .output()
        .expect("cargo-api-routes new runs");
    assert!(
        new.status.success(),
        "{}",
        String::from_utf8_lossy(&new.stderr)
    );
    assert!(root.join("src/pages/api/added/[id].rs").is_file());
    dev.wait_for("Compiling dev-loop-scratch", REBUILD).await;
    let response = client
        .get(format!("{base}/api/added/7"))
        .timeout(REBUILD)
        .send()
        .await
        .expect("the added page is answered");
    assert_eq!(response.status(), 200);
    let body: serde_json::Value = response.json().await.unwrap_or_default();
    assert_eq!(body["query"]["id"], "7", "{body}");

    dev.stop().await;
}
