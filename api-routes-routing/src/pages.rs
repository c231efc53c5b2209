//! What a page file declares: its `#[api_route]` handlers, read from the file's source text.
//!
//! The router needs each handler's name and methods to build the route, and only the page's own
//! tokens say them; the `outline` module reads them without the function bodies. A page whose
//! items or function signatures do not parse is reported by rustc at its own line (the router
//! still emits its `mod`), so here it only becomes `Broken` and adds no error of ours. A syntax
//! error inside a body is not seen here: the page's handlers are routed, rustc reports the error
//! and recovers the function around it, and `#[api_route]` still emits the handler.

use crate::handler_args::{
    HandlerArgs, is_api_route_attribute, reordered_name, request_argument_to_move,
};
pub use crate::outline::{TooDeep, function_ident};
use crate::outline::{Unreadable, top_level_functions};

#[derive(Debug, Clone, PartialEq, Eq)]
/// The handlers of one page file.
pub enum PageHandlers {
    /// The file's items or function signatures do not parse, or an `#[api_route]` on it is
    /// malformed or on a non-async fn:
    /// rustc or the attribute reports that, with the page's own spans.
    Broken,
    /// A function's signature nests too deep for the router to read: its error.
    TooDeep(TooDeep),
    /// The `#[api_route]` functions, in file order (none when the page forgot them).
    Found(Vec<Handler>),
}

#[derive(Debug, Clone, PartialEq, Eq)]
/// One `#[api_route]` function of a page.
pub struct Handler {
    /// The function's name.
    pub name: String,
    /// What the router calls: the handler, or the wrapper `#[api_route]` emits to move
    /// `Request` last.
    pub routed_name: String,
    /// What its `#[api_route(…)]` says: methods, limits.
    pub args: HandlerArgs,
    /// How many arguments it takes, for the probes that describe it in `openapi()`.
    pub arity: usize,
    /// Its `///` docs, joined as rustdoc joins them.
    pub docs: String,
}

/// The handlers of a page, from its source text.
pub fn read_handlers(source: &str) -> PageHandlers {
    let functions = match top_level_functions(source) {
        Ok(functions) => functions,
        Err(Unreadable::Syntax) => return PageHandlers::Broken,
        Err(Unreadable::TooDeep(too_deep)) => return PageHandlers::TooDeep(too_deep),
    };
    let mut handlers = Vec::new();
    for function in &functions {
        let Some(attr) = function
            .attrs
            .iter()
            .find(|attr| is_api_route_attribute(attr))
        else {
            continue;
        };
        let Ok(args) = HandlerArgs::from_attribute(attr) else {
            return PageHandlers::Broken;
        };
        if function.sig.asyncness.is_none() {
            return PageHandlers::Broken;
        }
        let name = function.sig.ident.to_string();
        let routed_name = if request_argument_to_move(&function.sig).is_some() {
            reordered_name(&name)
        } else {
            name.clone()
        };
        handlers.push(Handler {
            name,
            routed_name,
            args,
            arity: function.sig.inputs.len(),
            docs: doc_text(&function.attrs),
        });
    }
    PageHandlers::Found(handlers)
}

/// The `///` lines of an item, joined as rustdoc joins them.
fn doc_text(attrs: &[syn::Attribute]) -> String {
    let lines: Vec<String> = attrs
        .iter()
        .filter(|attr| attr.path().is_ident("doc"))
        .filter_map(|attr| match &attr.meta {
            syn::Meta::NameValue(syn::MetaNameValue {
                value:
                    syn::Expr::Lit(syn::ExprLit {
                        lit: syn::Lit::Str(text),
                        ..
                    }),
                ..
            }) => Some(text.value()),
            _ => None,
        })
        .collect();
    let lines: Vec<&str> = lines
        .iter()
        .map(|line| line.strip_prefix(' ').unwrap_or(line))
        .collect();
    lines.join("\n")
}

/// The two ways a `_middleware.rs` can wrap its folder's routes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MiddlewareForm {
    /// `pub fn layer() -> impl Layer`: any tower layer, applied as is.
    Layer,
    /// `pub async fn middleware(req, next)`: axum's `middleware::from_fn` style.
    Function,
}

#[derive(Debug, Clone, PartialEq, Eq)]
/// What a `_middleware.rs` file holds.
pub enum MiddlewareSource {
    /// The file's items or function signatures do not parse; rustc reports it.
    Broken,
    /// A function's signature nests too deep for the router to read: its error.
    TooDeep(TooDeep),
    /// Exactly one of the two forms.
    Found(MiddlewareForm),
    /// Neither form or both: the reason, for the message.
    Invalid(String),
}

/// Which form a `_middleware.rs` defines, from its source text.
pub fn read_middleware_form(source: &str) -> MiddlewareSource {
    let functions = match top_level_functions(source) {
        Ok(functions) => functions,
        Err(Unreadable::Syntax) => return MiddlewareSource::Broken,
        Err(Unreadable::TooDeep(too_deep)) => return MiddlewareSource::TooDeep(too_deep),
    };
    let function = |name: &str| functions.iter().find(|function| function.sig.ident == name);
    match (function("layer"), function("middleware")) {
        (Some(_), Some(_)) => MiddlewareSource::Invalid(
            "this middleware file defines both `layer` and `middleware`".into(),
        ),
        (None, None) => MiddlewareSource::Invalid(
            "this middleware file defines neither `fn layer` nor `async fn middleware`".into(),
        ),
        (Some(layer), None) if layer.sig.asyncness.is_some() || !layer.sig.inputs.is_empty() => {
            MiddlewareSource::Invalid(
                "`layer` must be a plain `fn layer()` with no arguments that returns the layer"
                    .into(),
            )
        }
        (None, Some(middleware)) if middleware.sig.asyncness.is_none() => {
            MiddlewareSource::Invalid("`middleware` must be an `async fn`".into())
        }
        (Some(layer), None) | (None, Some(layer))
            if !matches!(
                layer.vis,
                syn::Visibility::Public(_) | syn::Visibility::Restricted(_)
            ) =>
        {
            MiddlewareSource::Invalid(format!(
                "`{}` must be `pub` so the generated router can call it",
                layer.sig.ident
            ))
        }
        (Some(_), None) => MiddlewareSource::Found(MiddlewareForm::Layer),
        (None, Some(_)) => MiddlewareSource::Found(MiddlewareForm::Function),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_marked_async_fn_is_a_handler_in_file_order() {
        let source = r#"
            use api_routes::prelude::*;
            #[api_route(GET)] async fn show() {}
            fn helper() {}
            #[api_routes::api_route(PUT, body_limit = "5mb")] pub async fn update() {}
        "#;
        let PageHandlers::Found(handlers) = read_handlers(source) else {
            panic!("page parses")
        };
        let names: Vec<_> = handlers
            .iter()
            .map(|handler| handler.name.as_str())
            .collect();
        assert_eq!(names, ["show", "update"]);
        assert_eq!(handlers[1].args.methods, ["PUT"]);
    }

    #[test]
    fn syntax_error_leaves_reporting_to_rustc() {
        assert_eq!(
            read_handlers("#[api_route] async fn broken( {"),
            PageHandlers::Broken
        );
    }

    #[test]
    fn malformed_attribute_leaves_reporting_to_the_attribute() {
        assert_eq!(
            read_handlers("#[api_route(methd)] async fn handler() {}"),
            PageHandlers::Broken
        );
        assert_eq!(
            read_handlers("#[api_route] fn handler() {}"),
            PageHandlers::Broken
        );
    }

    #[test]
    fn middleware_is_a_layer_or_a_function() {
        assert_eq!(
            read_middleware_form("pub fn layer() -> L { L }"),
            MiddlewareSource::Found(MiddlewareForm::Layer)
        );
        assert_eq!(
            read_middleware_form(
                "pub async fn middleware(req: Request, next: Next) -> Response { next.run(req).await }"
            ),
            MiddlewareSource::Found(MiddlewareForm::Function)
        );
        assert!(matches!(
            read_middleware_form("pub fn middleware() {}"),
            MiddlewareSource::Invalid(_)
        ));
        assert!(matches!(
            read_middleware_form("fn layer() -> L { L }"),
            MiddlewareSource::Invalid(_)
        ));
        assert!(matches!(
            read_middleware_form("pub fn other() {}"),
            MiddlewareSource::Invalid(_)
        ));
        assert_eq!(
            read_middleware_form("pub fn layer( {"),
            MiddlewareSource::Broken
        );
    }

    #[test]
    fn page_without_marked_function_has_no_handlers() {
        assert_eq!(
            read_handlers("async fn handler() {}"),
            PageHandlers::Found(vec![])
        );
    }
}
