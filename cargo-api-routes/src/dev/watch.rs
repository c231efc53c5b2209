//! The files whose change means a rebuild: the crate's `src/`, `Cargo.toml`, `build.rs` and
//! `.env*`, with a burst of saves taken as one change.

use std::path::{Path, PathBuf};
use std::time::Duration;

use notify_debouncer_full::notify::event::{EventKind, ModifyKind};
use notify_debouncer_full::notify::{RecommendedWatcher, RecursiveMode};
use notify_debouncer_full::{DebounceEventResult, Debouncer, RecommendedCache, new_debouncer};
use tokio::sync::mpsc::UnboundedSender;

/// Saves closer together than this are one change (an editor writes a file in several steps,
/// a formatter rewrites it right after).
const DEBOUNCE: Duration = Duration::from_millis(150);

/// Watches until the returned value is dropped, sending each burst's changed files.
pub(super) fn start(
    root: &Path,
    changed: UnboundedSender<Vec<PathBuf>>,
) -> Result<Debouncer<RecommendedWatcher, RecommendedCache>, String> {
    let root = root
        .canonicalize()
        .map_err(|error| format!("{}: {error}", root.display()))?;
    let watched_root = root.clone();
    let mut debouncer = new_debouncer(DEBOUNCE, None, move |result: DebounceEventResult| {
        let Ok(events) = result else { return };
        let mut paths: Vec<PathBuf> = events
            .iter()
            .filter(|event| is_a_change(&event.kind))
            .flat_map(|event| event.paths.iter())
            .filter(|path| is_watched(&watched_root, path))
            .cloned()
            .collect();
        paths.sort();
        paths.dedup();
        if !paths.is_empty() {
            let _ = changed.send(paths);
        }
    })
    .map_err(|error| error.to_string())?;
    let mut watch = |path: &Path, mode| {
        debouncer
            .watch(path, mode)
            .map_err(|error| format!("cannot watch {}: {error}", path.display()))
    };
    watch(&root, RecursiveMode::NonRecursive)?;
    let src = root.join("src");
    if src.is_dir() {
        watch(&src, RecursiveMode::Recursive)?;
    }
    Ok(debouncer)
}

/// Writes, creations, removals and renames. Reads are not: cargo and the build script read
/// `Cargo.toml` and list the pages on every build, which would rebuild forever.
fn is_a_change(kind: &EventKind) -> bool {
    match kind {
        EventKind::Create(_) | EventKind::Remove(_) => true,
        EventKind::Modify(modify) => !matches!(modify, ModifyKind::Metadata(_)),
        EventKind::Access(_) | EventKind::Any | EventKind::Other => false,
    }
}

fn is_watched(root: &Path, path: &Path) -> bool {
    let Ok(relative) = path.strip_prefix(root) else {
        return false;
    };
    let Some(name) = relative.file_name().and_then(|name| name.to_str()) else {
        return false;
    };
    if relative.starts_with("src") {
        // Editors' swap and backup files are not the crate.
        return !name.starts_with('.') && !name.ends_with('~');
    }
    relative.parent() == Some(Path::new(""))
        && (name == "Cargo.toml" || name == "build.rs" || name.starts_with(".env"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sources_manifest_and_env_files_count() {
        let root = Path::new("/app");
        for path in [
            "/app/src/pages/api/x.rs",
            "/app/Cargo.toml",
            "/app/.env.local",
            "/app/build.rs",
        ] {
            assert!(is_watched(root, Path::new(path)), "{path}");
        }
        for path in [
            "/app/src/.x.rs.swp",
            "/app/target/debug/app",
            "/app/README.md",
            "/app/src/x.rs~",
        ] {
            assert!(!is_watched(root, Path::new(path)), "{path}");
        }
    }
}
