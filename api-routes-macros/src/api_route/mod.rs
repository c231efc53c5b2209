//! `#[api_route]`: checks a handler where the user wrote it and re-emits it, reachable from the
//! generated router. The router reads the same arguments (`api_routes_routing::handler_args`) from the page file (see `api_routes_routing::pages`)
//! to build the route, so this attribute generates no routing code of its own.

use proc_macro2::{Delimiter, TokenStream, TokenTree};
use quote::ToTokens;
use syn::parse::{ParseStream, Parser};
use syn::spanned::Spanned;

mod checks;

use api_routes_routing::diagnostics::{Diagnostics, Message};
use api_routes_routing::handler_args::{HandlerArgs, reordered_name, request_argument_to_move};
use api_routes_routing::pages::{TooDeep, function_ident};

pub(crate) fn expand(attr: TokenStream, item: TokenStream) -> TokenStream {
    let mut diagnostics = Diagnostics::default();
    if let Err(error) = syn::parse2::<HandlerArgs>(attr) {
        diagnostics.push(error);
    }
    let mut function = match parse_function(&item) {
        Ok(function) => function,
        Err(error) => {
            diagnostics.push(error);
            // Re-emit the item untouched so its own errors, if any, are reported once.
            let mut output = diagnostics.to_compile_errors();
            output.extend(item);
            return output;
        }
    };
    if let Some(error) = check_async(&function) {
        diagnostics.push(error);
    }
    make_reachable(&mut function);
    let mut output = diagnostics.to_compile_errors();
    let shape = function
        .sig
        .asyncness
        .and_then(|_| checks::HandlerShape::of(&function.sig));
    let request_position = request_argument_to_move(&function.sig);
    function.to_tokens(&mut output);
    if function.sig.asyncness.is_some()
        && let Some(position) = request_position
    {
        output.extend(request_last_wrapper(&function, position));
    }
    if let Some(shape) = &shape {
        output.extend(checks::emit(shape));
    }
    output
}

/// `fn __api_route_handler(res: Response, req: Request) -> impl Future<Output = ..>` returning
/// `handler(req, res)`: the same handler with the body-reading `Request` last, as axum requires
/// (see `request_argument_to_move`). A plain function handing back the handler's own future, not
/// an `async fn` awaiting it: that would be a second state machine per page, to compile (about a
/// tenth of a 1000-page build, BENCHMARKS.md) and to move the `Request` and `Response` through on
/// every request.
fn request_last_wrapper(function: &syn::ItemFn, position: usize) -> TokenStream {
    let name = &function.sig.ident;
    let wrapper = syn::Ident::new(&reordered_name(&name.to_string()), name.span());
    let arguments: Vec<(syn::Ident, &syn::Type)> = function
        .sig
        .inputs
        .iter()
        .enumerate()
        .filter_map(|(index, input)| match input {
            syn::FnArg::Typed(argument) => Some((
                syn::Ident::new(
                    &format!("__argument_{index}"),
                    proc_macro2::Span::mixed_site(),
                ),
                &*argument.ty,
            )),
            syn::FnArg::Receiver(_) => None,
        })
        .collect();
    let mut parameters: Vec<TokenStream> = arguments
        .iter()
        .map(|(ident, ty)| quote::quote!(#ident: #ty))
        .collect();
    let moved = parameters.remove(position);
    parameters.push(moved);
    let call_arguments = arguments.iter().map(|(ident, _)| ident);
    let answer = match &function.sig.output {
        syn::ReturnType::Default => quote::quote!(()),
        syn::ReturnType::Type(_, answer) => answer.to_token_stream(),
    };
    let vis = &function.vis;
    quote::quote! {
        #[doc(hidden)]
        #[allow(non_snake_case, clippy::used_underscore_binding)]
        #vis fn #wrapper(#(#parameters),*) -> impl ::core::future::Future<Output = #answer> {
            #name(#(#call_arguments),*)
        }
    }
}

/// The marked function, its body kept as one token: nothing here reads the body, and rustc has
/// parsed it already. syn would not only parse it again but first copy every token of it into its
/// buffer, each one a call across the proc-macro bridge, so the body, the item's last top-level
/// token, is split off before syn sees the rest (on the one-line handlers of the build benchmark
/// that is 3 % of this attribute's instructions; it grows with the body). A body with a syntax
/// error is still a function: rustc reports the error at its line, while `routes!`, which reads
/// only signatures, routes the handler, so the handler is emitted as usual (reachable, with its
/// wrapper).
///
/// A head nested deeper than syn can read on the stack rustc gives a proc macro is refused
/// before syn sees it, as `routes!` refuses it (RELIABILITY.md, "Stack depth").
fn parse_function(item: &TokenStream) -> syn::Result<syn::ItemFn> {
    let not_a_function = || {
        syn::Error::new(
            item_span(item),
            "`#[api_route]` marks a request handler: put it on an `async fn`",
        )
    };
    let mut head: Vec<TokenTree> = item.clone().into_iter().collect();
    let body = match head.pop() {
        Some(TokenTree::Group(body)) if body.delimiter() == Delimiter::Brace => body,
        _ => return Err(not_a_function()),
    };
    if let Some(too_deep) = TooDeep::of(&head) {
        let span = function_ident(&head).map_or_else(|| item_span(item), proc_macro2::Ident::span);
        return Err(syn::Error::new(span, too_deep.attribute_message()));
    }
    let parse_head = |input: ParseStream<'_>| {
        Ok(syn::ItemFn {
            attrs: input.call(syn::Attribute::parse_outer)?,
            vis: input.parse()?,
            sig: input.parse()?,
            block: Box::new(syn::Block {
                brace_token: syn::token::Brace(body.delim_span()),
                stmts: vec![syn::Stmt::Item(syn::Item::Verbatim(body.stream()))],
            }),
        })
    };
    parse_head
        .parse2(head.into_iter().collect())
        .map_err(|_| not_a_function())
}

fn item_span(item: &TokenStream) -> proc_macro2::Span {
    item.clone()
        .into_iter()
        .next()
        .map_or_else(proc_macro2::Span::call_site, |token| token.span())
}

fn check_async(function: &syn::ItemFn) -> Option<syn::Error> {
    if function.sig.asyncness.is_some() {
        return None;
    }
    let name = &function.sig.ident;
    Some(syn::Error::new(
        function.sig.fn_token.span(),
        Message::new(
            "`#[api_route]` handlers must be `async fn`",
            format!("add `async`: `async fn {name}(..)`"),
        ),
    ))
}

/// The router lives at the crate root, outside the page's module, so a private handler could not
/// be named there. A handler the user left private becomes `pub(crate)`; one they made public stays.
fn make_reachable(function: &mut syn::ItemFn) {
    if matches!(function.vis, syn::Visibility::Inherited) {
        function.vis = syn::parse_quote!(pub(crate));
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use quote::quote;

    /// The function named `name` among the items `expand` emitted.
    fn emitted_fn(output: TokenStream, name: &str) -> syn::ItemFn {
        let file: syn::File = syn::parse2(output).unwrap();
        file.items
            .into_iter()
            .find_map(|item| match item {
                syn::Item::Fn(function) if function.sig.ident == name => Some(function),
                _ => None,
            })
            .unwrap()
    }

    /// On the test thread's 2 MiB: syn would recurse once a level (about 16 KiB each,
    /// unoptimized), so a 600-deep head must be refused before syn reads it.
    #[test]
    fn a_handler_nested_deeper_than_syn_reads_is_refused_and_re_emitted_as_written() {
        let item: TokenStream = format!(
            "async fn deep(_: {}u8{}) -> &'static str {{ \"hi\" }}",
            "Option<".repeat(600),
            ">".repeat(600)
        )
        .parse()
        .unwrap();
        let output = expand(quote!(GET), item.clone()).to_string();
        assert!(
            output.contains("the signature of `fn deep` nests `<…>` and brackets more than 128 levels deep, deeper than `#[api_route]` reads"),
            "{output}"
        );
        assert!(output.ends_with(&item.to_string()), "{output}");
    }

    #[test]
    fn private_handler_becomes_crate_visible_and_is_otherwise_unchanged() {
        let output = expand(
            quote!(GET),
            quote!(
                async fn handler() -> &'static str {
                    "hi"
                }
            ),
        );
        let expected: syn::ItemFn = syn::parse_quote!(
            pub(crate) async fn handler() -> &'static str {
                "hi"
            }
        );
        assert_eq!(emitted_fn(output, "handler"), expected);
    }

    #[test]
    fn public_handler_keeps_its_visibility() {
        let output = expand(
            quote!(),
            quote!(
                pub async fn handler() {}
            ),
        );
        let expected: syn::ItemFn = syn::parse_quote!(
            pub async fn handler() {}
        );
        assert_eq!(emitted_fn(output, "handler"), expected);
    }

    #[test]
    fn checks_are_emitted_for_debug_builds_only() {
        let output = expand(
            quote!(),
            quote!(
                async fn update(x: u32) -> String {
                    x.to_string()
                }
            ),
        )
        .to_string();
        assert!(
            output.contains("# [cfg (debug_assertions)] # [allow"),
            "{output}"
        );
        assert!(
            output.contains("__api_route_argument_0 :: < u32 , _ , _ >"),
            "{output}"
        );
    }

    #[test]
    fn request_before_response_gets_a_wrapper_with_request_last() {
        let output = expand(
            quote!(),
            quote!(
                async fn handler(req: Request, res: Response) -> Response {
                    res
                }
            ),
        );
        let wrapper = emitted_fn(output, "__api_route_handler");
        let signature = wrapper.sig.to_token_stream().to_string();
        assert!(
            signature.find(": Response").unwrap() < signature.find(": Request").unwrap(),
            "{signature}"
        );
        // The handler's own future, handed back: no second state machine.
        assert!(wrapper.sig.asyncness.is_none(), "{signature}");
        assert!(
            signature.ends_with("-> impl :: core :: future :: Future < Output = Response >"),
            "{signature}"
        );
    }

    #[test]
    fn a_wrapper_of_a_handler_without_a_return_type_answers_unit() {
        let output = expand(
            quote!(),
            quote!(
                async fn handler(req: Request, res: Response) {}
            ),
        );
        let signature = emitted_fn(output, "__api_route_handler")
            .sig
            .to_token_stream()
            .to_string();
        assert!(signature.ends_with("Output = () >"), "{signature}");
    }

    #[test]
    fn request_already_last_needs_no_wrapper() {
        let output = expand(
            quote!(),
            quote!(
                async fn handler(res: Response, req: Request) -> Response {
                    res
                }
            ),
        )
        .to_string();
        assert!(!output.contains("__api_route_handler"));
    }

    #[test]
    fn handler_whose_body_does_not_parse_is_emitted_with_its_wrapper_and_no_error() {
        let output = expand(
            quote!(GET),
            quote!(
                async fn handler(req: Request, res: Response) -> Response {
                    let = req;
                }
            ),
        )
        .to_string();
        assert!(!output.contains("compile_error"), "{output}");
        assert!(output.contains("pub (crate) async fn handler"), "{output}");
        assert!(output.contains("let = req ;"), "{output}");
        assert!(output.contains("fn __api_route_handler"), "{output}");
    }

    #[test]
    fn non_async_handler_is_an_error_and_still_emitted() {
        let output = expand(
            quote!(),
            quote!(
                fn handler() {}
            ),
        )
        .to_string();
        assert!(output.contains("compile_error"));
        assert!(output.contains("must be `async fn`"));
        assert!(output.contains("fn handler"));
    }

    #[test]
    fn bad_argument_and_non_async_are_both_reported() {
        let output = expand(
            quote!(methd),
            quote!(
                fn handler() {}
            ),
        )
        .to_string();
        assert_eq!(output.matches("compile_error").count(), 2);
    }
}
