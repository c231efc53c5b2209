//! How the macros report mistakes: every error of one expansion is collected so a build shows all
//! of them at once, and each error about the page tree is a [`Message`] laid out one way.

use std::fmt;

use proc_macro2::{Span, TokenStream};

#[derive(Debug, Default)]
/// Every error of one expansion, collected so a build shows all of them at once.
pub struct Diagnostics(Vec<syn::Error>);

impl Diagnostics {
    /// Adds an error that has a span of its own.
    pub fn push(&mut self, error: syn::Error) {
        self.0.push(error);
    }

    /// An error about something the filesystem told us (a page file, a folder), which has no
    /// span of its own: it points at the macro invocation and names the files in its text.
    pub fn push_at(&mut self, span: Span, message: Message) {
        self.0.push(syn::Error::new(span, message));
    }

    /// Whether nothing went wrong.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// One `compile_error!` per error, at its span.
    pub fn to_compile_errors(&self) -> TokenStream {
        self.0.iter().map(syn::Error::to_compile_error).collect()
    }

    /// Every error's text, in the order they were found.
    pub fn messages(&self) -> Vec<String> {
        self.0.iter().map(ToString::to_string).collect()
    }
}

/// One error: what is wrong, the files involved, and how to fix it.
///
/// Rendered in the layout of rustc's own notes. rustc prints `error: ` before the text and lines
/// every further line up under it, so the text itself starts each line at column 0:
///
/// ```text
/// error: 2 pages resolve to `/api/users`
///          src/pages/api/users.rs
///          src/pages/api/users/index.rs
///        = help: keep one of them: …
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Message {
    /// What is wrong, in one line.
    rule: String,
    /// The files involved, as paths from the crate root.
    files: Vec<String>,
    /// The fix. Its further lines (code to paste) are indented under its first.
    help: String,
    /// Why the rule exists, when the rule alone does not say.
    note: Option<String>,
}

/// Files are indented under the rule; `= help:` stands at the rule's column, as in rustc.
const FILE_INDENT: &str = "  ";

impl Message {
    /// What is wrong, in one line, and how to fix it.
    pub fn new(rule: impl Into<String>, help: impl Into<String>) -> Self {
        Message {
            rule: rule.into(),
            files: Vec::new(),
            help: help.into(),
            note: None,
        }
    }

    /// Names a file involved, as a path from the crate root.
    pub fn file(mut self, file: impl Into<String>) -> Self {
        self.files.push(file.into());
        self
    }

    /// Names several files involved.
    pub fn files(mut self, files: impl IntoIterator<Item = String>) -> Self {
        self.files.extend(files);
        self
    }

    /// Says why the rule exists, when the rule alone does not.
    pub fn note(mut self, note: impl Into<String>) -> Self {
        self.note = Some(note.into());
        self
    }
}

impl fmt::Display for Message {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.rule)?;
        for file in &self.files {
            write!(f, "\n{FILE_INDENT}{file}")?;
        }
        labelled(f, "help", &self.help)?;
        if let Some(note) = &self.note {
            labelled(f, "note", note)?;
        }
        Ok(())
    }
}

/// `= help: first line`, with the text's further lines aligned under its first.
fn labelled(f: &mut fmt::Formatter<'_>, label: &str, text: &str) -> fmt::Result {
    let prefix = format!("= {label}: ");
    let mut lines = text.lines();
    write!(f, "\n{prefix}{}", lines.next().unwrap_or_default())?;
    for line in lines {
        write!(f, "\n{:width$}{line}", "", width = prefix.len())?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn files_sit_under_the_rule_and_help_lines_under_help() {
        let message = Message::new("two pages answer `/api/x`", "keep one:\n    x.rs")
            .file("src/pages/api/x.rs")
            .file("src/pages/api/x/index.rs")
            .note("Next.js only warns");
        assert_eq!(
            message.to_string(),
            "two pages answer `/api/x`\n  src/pages/api/x.rs\n  src/pages/api/x/index.rs\n\
             = help: keep one:\n            x.rs\n= note: Next.js only warns"
        );
    }

    #[test]
    fn a_message_without_files_is_rule_and_help() {
        assert_eq!(
            Message::new("`x` is not a size", "write `\"5mb\"`").to_string(),
            "`x` is not a size\n= help: write `\"5mb\"`"
        );
    }
}
