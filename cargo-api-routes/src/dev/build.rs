//! One `cargo build` of the crate: the compiler's messages go to the terminal as they come, and
//! the outcome is the executable to run or the first error, for the error page.

use std::path::PathBuf;
use std::process::Stdio;

use cargo_metadata::diagnostic::DiagnosticLevel;
use cargo_metadata::{Artifact, Message, TargetKind};
use tokio::io::{AsyncBufReadExt, BufReader};
use tokio::process::Command;

use crate::project::Project;

/// Builds the crate with `cargo_args` added; `Err` holds the first error as rustc printed it.
pub(super) async fn run(project: &Project, cargo_args: &[String]) -> Result<PathBuf, String> {
    let cargo = std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into());
    let mut child = Command::new(cargo)
        .arg("build")
        .arg("--message-format=json")
        .arg("--manifest-path")
        .arg(project.root.join("Cargo.toml"))
        .args(cargo_args)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .kill_on_drop(true)
        .spawn()
        .map_err(|error| format!("cannot run cargo: {error}"))?;
    let (Some(stdout), Some(stderr)) = (child.stdout.take(), child.stderr.take()) else {
        return Err("cargo's output is not readable".into());
    };
    // cargo's own lines (progress, manifest errors) pass through; the first `error` line is kept
    // for when the compiler gave no message.
    let cargo_lines = tokio::spawn(async move {
        let mut lines = BufReader::new(stderr).lines();
        let mut first_error = None;
        while let Ok(Some(line)) = lines.next_line().await {
            eprintln!("{line}");
            if first_error.is_none() && line.starts_with("error") {
                first_error = Some(line);
            }
        }
        first_error
    });
    let mut lines = BufReader::new(stdout).lines();
    let mut first_error = None;
    let mut executables = Vec::new();
    while let Ok(Some(line)) = lines.next_line().await {
        match serde_json::from_str::<Message>(&line) {
            Ok(Message::CompilerMessage(message)) => {
                let Some(rendered) = message.message.rendered else {
                    continue;
                };
                eprint!("{rendered}");
                let is_error = matches!(
                    message.message.level,
                    DiagnosticLevel::Error | DiagnosticLevel::Ice
                );
                if is_error && first_error.is_none() {
                    first_error = Some(rendered);
                }
            }
            Ok(Message::CompilerArtifact(artifact)) if is_binary(&artifact) => {
                executables.push(artifact);
            }
            _ => {}
        }
    }
    let status = child.wait().await.map_err(|error| error.to_string())?;
    let cargo_error = cargo_lines.await.ok().flatten();
    if !status.success() {
        return Err(first_error
            .or(cargo_error)
            .unwrap_or_else(|| format!("cargo build failed ({status})")));
    }
    executable(project, executables)
}

fn is_binary(artifact: &Artifact) -> bool {
    artifact.executable.is_some() && artifact.target.kind.contains(&TargetKind::Bin)
}

/// The one binary built, or the one of the crate whose manifest was given.
fn executable(project: &Project, artifacts: Vec<Artifact>) -> Result<PathBuf, String> {
    let manifest = project
        .root
        .join("Cargo.toml")
        .canonicalize()
        .unwrap_or_default();
    let chosen = match artifacts.as_slice() {
        [one] => Some(one),
        several => {
            let own: Vec<&Artifact> = several
                .iter()
                .filter(|artifact| artifact.manifest_path.as_std_path() == manifest)
                .collect();
            match own.as_slice() {
                [one] => Some(*one),
                _ => None,
            }
        }
    };
    match chosen.and_then(|artifact| artifact.executable.clone()) {
        Some(executable) => Ok(executable.into_std_path_buf()),
        None => {
            let names: Vec<&str> = artifacts
                .iter()
                .map(|artifact| artifact.target.name.as_str())
                .collect();
            Err(format!(
                "cargo built {} binaries ({}); name one: `cargo api-routes dev -- --bin NAME` (or `-p PACKAGE`)",
                names.len(),
                names.join(", ")
            ))
        }
    }
}
