//! `cargo api-routes dev`: build, serve, and on every save rebuild and restart, on one socket.
//!
//! The socket is bound here once and handed to each run of the app as file descriptor 3 with
//! `LISTEN_FDS=1` (the listenfd protocol, which `api_routes::serve` reads). Between two runs
//! nobody accepts, so a request made during a rebuild waits in the kernel's backlog and is
//! answered by the new build; while the build is broken, this process accepts on the same
//! socket and answers 500 with the first compiler error.

mod broken;
mod build;
mod watch;

use std::net::TcpListener;
use std::path::PathBuf;

use std::time::Duration;

use clap::Args;
use command_fds::{CommandFdExt, FdMapping};
use nix::sys::signal::{Signal, kill};
use nix::unistd::Pid;
use tokio::process::{Child, Command};
use tokio::sync::mpsc;
use tokio::task::JoinHandle;

use crate::CrateArgs;
use crate::project::Project;

#[derive(Debug, Args)]
pub(crate) struct DevArgs {
    #[command(flatten)]
    krate: CrateArgs,
    /// The address to listen on (default: `HOST`, else 127.0.0.1).
    #[arg(long)]
    host: Option<String>,
    /// The port to listen on (default: `PORT`, else 3000; 0 picks a free one).
    #[arg(long)]
    port: Option<u16>,
    /// Passed on to `cargo build`: `-- --release`, `-- -p app --features x`.
    #[arg(last = true)]
    cargo_args: Vec<String>,
}

pub(crate) fn run(args: DevArgs) -> Result<(), String> {
    let runtime = tokio::runtime::Runtime::new().map_err(|error| error.to_string())?;
    runtime.block_on(dev(args))
}

/// How long a stopping app may take to finish its requests before it is killed.
const STOP_GRACE: Duration = Duration::from_secs(2);

/// What answers requests between two saves.
enum Serving {
    App(Child),
    ErrorPage(JoinHandle<()>),
}

impl Serving {
    /// Waits until the app exits on its own; an error page never does.
    async fn exited(&mut self) -> String {
        match self {
            Serving::App(child) => match child.wait().await {
                Ok(status) => status.to_string(),
                Err(error) => error.to_string(),
            },
            Serving::ErrorPage(_) => std::future::pending().await,
        }
    }

    /// Stops the app as a deployment would (SIGTERM: it stops accepting and finishes the
    /// requests it has), and kills it if that takes longer than [`STOP_GRACE`].
    async fn stop(self) {
        match self {
            Serving::App(mut child) => {
                if let Some(pid) = child.id().and_then(|pid| i32::try_from(pid).ok()) {
                    let _ = kill(Pid::from_raw(pid), Signal::SIGTERM);
                }
                if tokio::time::timeout(STOP_GRACE, child.wait())
                    .await
                    .is_err()
                {
                    let _ = child.kill().await;
                }
            }
            Serving::ErrorPage(task) => task.abort(),
        }
    }
}

async fn dev(args: DevArgs) -> Result<(), String> {
    let project = Project::locate(&args.krate)?;
    let host = args
        .host
        .or_else(|| std::env::var("HOST").ok())
        .unwrap_or_else(|| "127.0.0.1".to_owned());
    let port = match args.port {
        Some(port) => port,
        None => std::env::var("PORT")
            .ok()
            .and_then(|port| port.parse().ok())
            .unwrap_or(3000),
    };
    let listener = TcpListener::bind((host.as_str(), port))
        .map_err(|error| format!("cannot listen on {host}:{port}: {error}"))?;
    // Non-blocking for tokio here and in the app: the flag belongs to the socket, shared by both.
    listener
        .set_nonblocking(true)
        .map_err(|error| error.to_string())?;
    let address = listener.local_addr().map_err(|error| error.to_string())?;
    let (changed, mut changes) = mpsc::unbounded_channel();
    let _watcher = watch::start(&project.root, changed)?;
    eprintln!(
        "api-routes dev: http://{address}, watching {}",
        project.root.display()
    );
    loop {
        let mut serving = match build::run(&project, &args.cargo_args).await {
            Ok(executable) => match spawn(&executable, &project, &listener) {
                Ok(child) => Serving::App(child),
                Err(error) => Serving::ErrorPage(broken::serve(&listener, error)?),
            },
            Err(error) => {
                eprintln!("api-routes dev: the build failed; waiting for a change");
                Serving::ErrorPage(broken::serve(&listener, error)?)
            }
        };
        loop {
            tokio::select! {
                change = changes.recv() => match change {
                    Some(paths) => {
                        eprintln!("api-routes dev: {} changed, rebuilding", describe(&paths));
                        break;
                    }
                    None => return Err("the file watcher stopped".into()),
                },
                status = serving.exited() => {
                    let error = format!("the server exited ({status}); fix it and save to restart");
                    eprintln!("api-routes dev: {error}");
                    serving = Serving::ErrorPage(broken::serve(&listener, error)?);
                }
                _ = ctrl_c_or_sigterm() => {
                    serving.stop().await;
                    return Ok(());
                }
            }
        }
        serving.stop().await;
        // Saves that came in while stopping are part of this rebuild.
        while changes.try_recv().is_ok() {}
    }
}

/// Either ends the dev loop, and the app with it (an app left running would hold the port).
async fn ctrl_c_or_sigterm() {
    let Ok(mut terminate) =
        tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate())
    else {
        let _ = tokio::signal::ctrl_c().await;
        return;
    };
    tokio::select! {
        _ = tokio::signal::ctrl_c() => {}
        _ = terminate.recv() => {}
    }
}

/// Runs the app with the socket as its file descriptor 3.
fn spawn(executable: &PathBuf, project: &Project, listener: &TcpListener) -> Result<Child, String> {
    let socket = listener.try_clone().map_err(|error| error.to_string())?;
    let mut command = Command::new(executable);
    command
        .current_dir(&project.root)
        .env("LISTEN_FDS", "1")
        // Without a pid, listenfd takes the socket in whichever process reads it first: the
        // app, since the pid of a child is not known before it starts.
        .env_remove("LISTEN_PID")
        .kill_on_drop(true);
    command
        .fd_mappings(vec![FdMapping {
            parent_fd: socket.into(),
            child_fd: 3,
        }])
        .map_err(|error| error.to_string())?;
    command
        .spawn()
        .map_err(|error| format!("cannot start `{}`: {error}", executable.display()))
}

fn describe(paths: &[PathBuf]) -> String {
    match paths {
        [one] => one.display().to_string(),
        [first, rest @ ..] => format!("{} and {} more", first.display(), rest.len()),
        [] => "a file".to_owned(),
    }
}
