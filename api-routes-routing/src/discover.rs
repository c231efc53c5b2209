//! The only filesystem access of the macros: list the `.rs` files under the pages folder.

use std::path::Path;

use crate::diagnostics::Message;
use crate::files::{FoundFile, is_middleware, is_private};
use crate::model::Naming;

/// Folder nesting beyond this is treated as a symlink loop rather than walked forever.
const MAX_DEPTH: usize = 64;

/// Why the pages folder could not be listed.
#[derive(Debug)]
pub enum DiscoverError {
    /// The folder does not exist (or is not a folder).
    Missing,
    /// A name that is not UTF-8, or an entry that could not be read: `(relative path, reason)`.
    Entry(String, String),
}

impl DiscoverError {
    /// What went wrong and how to fix it, naming the folder or file as `naming` spells it.
    pub fn message(&self, naming: &Naming) -> Message {
        match self {
            DiscoverError::Missing => Message::new(
                format!(
                    "there is no `{}` folder in this crate, so there are no pages to route",
                    naming.pages_dir
                ),
                format!(
                    "create `{}/hello.rs` holding `#[api_route] async fn handler(..)`, or point the macro at your pages with `routes!(dir = \"…\")`",
                    naming.pages_dir
                ),
            ),
            DiscoverError::Entry(relative, reason) => Message::new(
                format!("cannot read `{}`: {reason}", naming.file(relative)),
                "rename or remove it",
            ),
        }
    }
}

/// Every `.rs` file under `root`, sorted (`read_dir` order is not stable), `/`-separated and
/// relative to `root`. Hidden entries (`.name`, as editors leave behind) are skipped. Pages and
/// folder middleware are read so the router can see their handlers; private files are not.
pub fn discover(root: &Path) -> Result<Vec<FoundFile>, Vec<DiscoverError>> {
    if !root.is_dir() {
        return Err(vec![DiscoverError::Missing]);
    }
    let mut files = Vec::new();
    let mut errors = Vec::new();
    walk(root, "", 0, &mut files, &mut errors);
    if !errors.is_empty() {
        return Err(errors);
    }
    files.sort_by(|left: &FoundFile, right| left.relative.cmp(&right.relative));
    Ok(files)
}

fn walk(
    dir: &Path,
    relative_dir: &str,
    depth: usize,
    files: &mut Vec<FoundFile>,
    errors: &mut Vec<DiscoverError>,
) {
    if depth > MAX_DEPTH {
        errors.push(DiscoverError::Entry(
            relative_dir.to_owned(),
            "folders nest too deep (a symlink loop?)".into(),
        ));
        return;
    }
    let entries = match std::fs::read_dir(dir) {
        Ok(entries) => entries,
        Err(error) => {
            errors.push(DiscoverError::Entry(
                relative_dir.to_owned(),
                error.to_string(),
            ));
            return;
        }
    };
    for entry in entries {
        let entry = match entry {
            Ok(entry) => entry,
            Err(error) => {
                errors.push(DiscoverError::Entry(
                    relative_dir.to_owned(),
                    error.to_string(),
                ));
                continue;
            }
        };
        let name = entry.file_name();
        let Some(name) = name.to_str() else {
            let lossy = name.to_string_lossy();
            errors.push(DiscoverError::Entry(
                join(relative_dir, &lossy),
                "the name is not valid UTF-8".into(),
            ));
            continue;
        };
        if name.starts_with('.') {
            continue;
        }
        let relative = join(relative_dir, name);
        let path = entry.path();
        if path.is_dir() {
            walk(&path, &relative, depth + 1, files, errors);
        } else if name.ends_with(".rs") {
            let source = if is_private(&relative) && !is_middleware(&relative) {
                None
            } else {
                match std::fs::read_to_string(&path) {
                    Ok(source) => Some(source),
                    Err(error) => {
                        errors.push(DiscoverError::Entry(relative.clone(), error.to_string()));
                        continue;
                    }
                }
            };
            files.push(FoundFile { relative, source });
        }
    }
}

fn join(dir: &str, name: &str) -> String {
    if dir.is_empty() {
        name.to_owned()
    } else {
        format!("{dir}/{name}")
    }
}
