//! `routes!(state = AppState, dir = "src/pages/api", prefix = "/api")`: every argument optional.

use api_routes_routing::model::check_url_prefix;
use syn::parse::{Parse, ParseStream};
use syn::{Ident, LitStr, Token, Type};

pub(crate) const DEFAULT_DIR: &str = "src/pages/api";
pub(crate) const DEFAULT_PREFIX: &str = "/api";

pub(crate) struct RouterArgs {
    /// The router's state type: `router()` returns `Router<State>`.
    pub(crate) state: Option<Type>,
    /// The pages folder, relative to the crate's `Cargo.toml`.
    pub(crate) dir: Option<LitStr>,
    /// The URL of the pages folder.
    pub(crate) prefix: Option<LitStr>,
}

impl Parse for RouterArgs {
    fn parse(input: ParseStream<'_>) -> syn::Result<Self> {
        let mut args = RouterArgs {
            state: None,
            dir: None,
            prefix: None,
        };
        while !input.is_empty() {
            let key: Ident = input.parse()?;
            input.parse::<Token![=]>()?;
            let repeated =
                || syn::Error::new(key.span(), format!("`{key}` is given more than once"));
            match key.to_string().as_str() {
                "state" if args.state.is_none() => args.state = Some(input.parse()?),
                "dir" if args.dir.is_none() => args.dir = Some(input.parse()?),
                "prefix" if args.prefix.is_none() => {
                    let prefix: LitStr = input.parse()?;
                    check_url_prefix(&prefix.value())
                        .map_err(|error| syn::Error::new(prefix.span(), error))?;
                    args.prefix = Some(prefix);
                }
                "state" | "dir" | "prefix" => return Err(repeated()),
                other => {
                    return Err(syn::Error::new(
                        key.span(),
                        format!(
                            "unknown `routes!` argument `{other}`; expected `state = Type`, `dir = \"…\"` or `prefix = \"/…\"`"
                        ),
                    ));
                }
            }
            if !input.is_empty() {
                input.parse::<Token![,]>()?;
            }
        }
        Ok(args)
    }
}

impl RouterArgs {
    pub(crate) fn dir(&self) -> String {
        self.dir
            .as_ref()
            .map_or_else(|| DEFAULT_DIR.to_owned(), LitStr::value)
    }

    pub(crate) fn prefix(&self) -> String {
        self.prefix
            .as_ref()
            .map_or_else(|| DEFAULT_PREFIX.to_owned(), LitStr::value)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use quote::quote;

    #[test]
    fn all_arguments_are_optional() {
        let args = syn::parse2::<RouterArgs>(quote!()).unwrap();
        assert_eq!(
            (args.dir(), args.prefix()),
            ("src/pages/api".to_owned(), "/api".to_owned())
        );
    }

    #[test]
    fn state_dir_and_prefix_are_read() {
        let args = syn::parse2::<RouterArgs>(quote!(
            state = crate::AppState,
            dir = "pages",
            prefix = "/v1"
        ))
        .unwrap();
        assert!(args.state.is_some());
        assert_eq!(
            (args.dir(), args.prefix()),
            ("pages".to_owned(), "/v1".to_owned())
        );
    }

    #[test]
    fn mistakes_are_named() {
        let error = |tokens| {
            syn::parse2::<RouterArgs>(tokens)
                .err()
                .map(|e| e.to_string())
                .unwrap_or_default()
        };
        assert!(error(quote!(sate = AppState)).starts_with("unknown `routes!` argument `sate`"));
        assert_eq!(
            error(quote!(dir = "a", dir = "b")),
            "`dir` is given more than once"
        );
        assert!(error(quote!(prefix = "api/")).starts_with("`prefix` is a URL path"));
        // axum 0.8 panics on a segment that starts with `:` or `*` when the router is built
        // (found by the `route_model` fuzz target); `{…}` would be a capture.
        for prefix in ["/:v1", "/api/*", "/{id}", "/a//b", "/[id]", "/a b"] {
            let message = error(quote!(prefix = #prefix));
            assert!(message.starts_with("`prefix` "), "{prefix}: {message}");
        }
    }
}
