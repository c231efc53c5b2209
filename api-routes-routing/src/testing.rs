//! Route tables built from path strings, for the unit tests of every stage.

use proc_macro2::Span;

use crate::diagnostics::Diagnostics;
use crate::files::FoundFile;
use crate::model::{Naming, RouteTable};

pub fn naming() -> Naming {
    Naming {
        pages_dir: "src/pages/api".into(),
        url_prefix: "/api".into(),
        span: Span::call_site(),
    }
}

/// A page with one handler, or a private file (which is not read).
pub fn page(relative: &str) -> FoundFile {
    let source = if relative.split('/').any(|c| c.starts_with('_')) {
        None
    } else {
        Some("#[api_route] async fn handler() {}".to_owned())
    };
    FoundFile {
        relative: relative.to_owned(),
        source,
    }
}

pub fn build_files(files: Vec<FoundFile>) -> Result<RouteTable, Vec<String>> {
    let mut diagnostics = Diagnostics::default();
    let table = RouteTable::build(files, &naming(), &mut diagnostics);
    if diagnostics.is_empty() {
        Ok(table)
    } else {
        Err(diagnostics.messages())
    }
}

/// The table of pages with one handler each at these paths, or every error.
pub fn build(paths: &[&str]) -> Result<RouteTable, Vec<String>> {
    build_files(paths.iter().map(|path| page(path)).collect())
}

pub fn one_error(paths: &[&str]) -> String {
    let errors = build(paths).unwrap_err();
    assert_eq!(errors.len(), 1, "{errors:#?}");
    errors.into_iter().next().unwrap()
}

/// The one error of a single file with this source.
pub fn one_error_in(relative: &str, source: &str) -> String {
    let file = FoundFile {
        relative: relative.into(),
        source: Some(source.into()),
    };
    let errors = build_files(vec![file]).unwrap_err();
    assert_eq!(errors.len(), 1, "{errors:#?}");
    errors.into_iter().next().unwrap()
}
