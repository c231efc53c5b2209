//! The files of the pages folder and what their names make them: a page, private code (`_`), or
//! a folder's middleware (`_middleware.rs`).

/// A `.rs` file found under the pages folder.
#[derive(Debug, Clone)]
pub struct FoundFile {
    /// Relative to the pages folder, `/`-separated: `users/[id].rs`.
    pub relative: String,
    /// The source of a routable page or a middleware; `None` for other private (`_`-prefixed)
    /// files, which are not read.
    pub source: Option<String>,
}

/// The file that holds a folder's middleware.
const MIDDLEWARE_FILE: &str = "_middleware.rs";

/// A `_middleware.rs` outside private folders: it wraps the routes of its folder and below.
pub fn is_middleware(relative: &str) -> bool {
    match relative.rsplit_once('/') {
        Some((folder, file)) => file == MIDDLEWARE_FILE && !is_private(folder),
        None => relative == MIDDLEWARE_FILE,
    }
}

/// Files and folders whose name starts with `_` hold shared code, not routes.
pub fn is_private(relative: &str) -> bool {
    relative
        .split('/')
        .any(|component| component.starts_with('_'))
}

/// The folder holding a file, relative to the pages folder (`""` for the pages folder itself).
pub fn folder_of(relative: &str) -> &str {
    relative.rsplit_once('/').map_or("", |(folder, _)| folder)
}
