//! Build-script helper for [`api-routes`](https://docs.rs/api-routes).
//!
//! Cargo rebuilds a crate when a file that rustc read changes, so editing or deleting a page is seen
//! without help. A page that is **added** was never read, and only a build script can tell cargo to
//! watch the folder for it. Put this in `build.rs`, next to `Cargo.toml`:
//!
//! ```no_run
//! fn main() { api_routes_build::track(); }
//! ```
//!
//! and add the crate under `[build-dependencies]`. The `routes!` macro checks that the folder it
//! walks is tracked, and fails the build with these two lines if it is not, so a page can never be
//! silently missing from the route table.

// The examples are whole `build.rs` files, so their `fn main` is the point.
#![allow(clippy::needless_doctest_main)]

use std::path::{Path, PathBuf};
use std::sync::Mutex;

/// The folder `routes!()` walks when no `dir` is given.
pub const DEFAULT_PAGES_DIR: &str = "src/pages/api";

/// The environment variable through which the build script tells the `routes!` macro which
/// folders it tracks, each with a fingerprint of its file listing.
///
/// The fingerprint changes whenever a file is added, removed or renamed, which is what makes
/// rust-analyzer's "rebuild proc macros" see a new page too.
pub const TRACKED_ENV: &str = "API_ROUTES_TRACKED";

static TRACKED: Mutex<Vec<String>> = Mutex::new(Vec::new());

/// Rebuilds the crate whenever a file is added to, removed from or renamed in `src/pages/api`,
/// at any depth.
///
/// ```no_run
/// // build.rs
/// fn main() { api_routes_build::track(); }
/// ```
pub fn track() {
    track_dir(DEFAULT_PAGES_DIR);
}

/// Like [`track`], for pages kept in another folder (`routes!(dir = "…")`). The path is relative
/// to the crate's `Cargo.toml`; call once per folder.
///
/// ```no_run
/// // build.rs
/// fn main() { api_routes_build::track_dir("src/routes/api"); }
/// ```
pub fn track_dir(dir: &str) {
    let dir = normalize(dir);
    let manifest_dir = std::env::var_os("CARGO_MANIFEST_DIR")
        .map(PathBuf::from)
        .unwrap_or_default();
    let fingerprint = listing_fingerprint(&manifest_dir.join(&dir));
    println!("cargo::rerun-if-changed={dir}");

    let mut tracked = TRACKED
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner());
    tracked.retain(|entry| entry.split('=').next() != Some(dir.as_str()));
    tracked.push(format!("{dir}={fingerprint:016x}"));
    println!("cargo::rustc-env={TRACKED_ENV}={}", tracked.join(";"));
}

/// Spells a folder the way the `routes!` macro compares it: `/`-separated, no `./`, no trailing `/`.
pub fn normalize(dir: &str) -> String {
    let dir = dir.replace('\\', "/");
    let parts: Vec<&str> = dir
        .split('/')
        .filter(|part| !part.is_empty() && *part != ".")
        .collect();
    parts.join("/")
}

/// FNV-1a over the sorted relative paths of every entry below `dir` (0 if it does not exist).
fn listing_fingerprint(dir: &Path) -> u64 {
    let mut entries = Vec::new();
    collect_entries(dir, dir, &mut entries);
    entries.sort();
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for entry in entries {
        for byte in entry.bytes().chain([0]) {
            hash ^= u64::from(byte);
            hash = hash.wrapping_mul(0x0000_0100_0000_01b3);
        }
    }
    hash
}

fn collect_entries(root: &Path, dir: &Path, entries: &mut Vec<String>) {
    let Ok(read_dir) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in read_dir.flatten() {
        let path = entry.path();
        if let Ok(relative) = path.strip_prefix(root) {
            entries.push(relative.to_string_lossy().into_owned());
        }
        if entry.file_type().is_ok_and(|kind| kind.is_dir()) {
            collect_entries(root, &path, entries);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn normalize_drops_dot_segments_and_trailing_slashes() {
        assert_eq!(normalize("./src/pages/api/"), "src/pages/api");
        assert_eq!(normalize("src\\pages\\api"), "src/pages/api");
    }

    #[test]
    fn fingerprint_changes_when_a_file_is_added() {
        let dir = std::env::temp_dir().join(format!("api-routes-build-{}", std::process::id()));
        std::fs::create_dir_all(dir.join("nested")).unwrap();
        let before = listing_fingerprint(&dir);
        std::fs::write(dir.join("nested/new.rs"), "").unwrap();
        let after = listing_fingerprint(&dir);
        std::fs::remove_dir_all(&dir).unwrap();
        assert_ne!(before, after);
    }
}
