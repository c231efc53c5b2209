//! Collects every error of one expansion so a build shows all of them at once.

use proc_macro2::{Span, TokenStream};

#[derive(Default)]
pub(crate) struct Diagnostics(Vec<syn::Error>);

impl Diagnostics {
    pub(crate) fn push(&mut self, error: syn::Error) {
        self.0.push(error);
    }

    /// An error about something the filesystem told us (a page file, a folder), which has no
    /// span of its own: it points at the macro invocation and names the files in its text.
    pub(crate) fn push_at(&mut self, span: Span, message: impl std::fmt::Display) {
        self.0.push(syn::Error::new(span, message));
    }

    pub(crate) fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    pub(crate) fn to_compile_errors(&self) -> TokenStream {
        self.0.iter().map(syn::Error::to_compile_error).collect()
    }

    #[cfg(test)]
    pub(crate) fn messages(&self) -> Vec<String> {
        self.0.iter().map(ToString::to_string).collect()
    }
}
