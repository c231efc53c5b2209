//! What axum would check at the router, checked where the handler is written.
//!
//! axum reports a bad handler as "`Handler<_, _>` is not satisfied" at the `.route(..)` call,
//! which `routes!` generates: the user sees `routes!();` in `main.rs` and must guess which of their
//! pages is meant. `#[api_route]` owns the handler, so it emits the same requirements again with
//! the spans of the page (each argument's type, the return type, the name) and messages naming the
//! handler and the fix. The checks are a never-called function, compiled in debug builds only:
//! release builds do not see them.
//!
//! The router's state type is not known here (it is an argument of `routes!`, in another file),
//! so an argument can only be checked against a state inferred from the arguments, which falls
//! back to `!` when they leave it open. An extractor of the user's own, or a third party's, can be
//! valid for the router's state and still fail that (`SignedCookieJar` needs `Key: FromRef<S>`,
//! and a `Key` that is a sub-state leaves `S` open), so only the arguments whose types say what
//! they are get checked: a known body reader (`Json<T>`, `String`, `Request`…) and a plain value
//! (`u32`, `&str`, `Vec<T>`…), neither of which depends on the state. The rest, `State<T>`
//! included, is left to axum at `routes!`, which knows the state.
//!
//! Nor are the checks that cannot fail emitted, for they cost build time on every page: a last
//! `Request` and a returned `Response` are the prelude's, read by name as the wrapper that moves
//! `Request` last reads them, and those are an extractor and a response whatever the state
//! (BENCHMARKS.md, "Compile cost"). A type of one's own named `Request` or `Response` that is
//! neither is left to axum at `routes!`, as the wrapper already assumes it is not one.

use proc_macro2::TokenStream;
use quote::{ToTokens, format_ident, quote, quote_spanned};
use syn::spanned::Spanned;

use api_routes_routing::handler_args::{
    is_request_type, is_response_type, request_argument_to_move,
};

/// A handler as axum sees it: its arguments in the order axum extracts them (`Request` moved
/// last, as the router routes it) and its declared return type.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct HandlerShape {
    pub(crate) name: syn::Ident,
    pub(crate) arguments: Vec<Argument>,
    /// `None` for `-> ()` written as nothing: `()` is a response.
    pub(crate) output: Option<syn::Type>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Argument {
    /// `x` in `x: u32`; `None` for a destructuring pattern.
    pub(crate) binding: Option<String>,
    pub(crate) ty: syn::Type,
    pub(crate) kind: ArgumentKind,
}

/// What an argument's type says it is, by the last segment of its path (the type behind `Option`
/// or `Result` for those). Decides whether it is checked and how a failure is worded; whether it
/// fails is decided by the traits.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum ArgumentKind {
    /// A well-known extractor that consumes the body: only valid last.
    BodyReader,
    /// A primitive, a reference or a collection: never an extractor.
    PlainValue,
    /// Anything else, which only the router's state can tell.
    Other,
}

/// The extractors that consume the body (axum's, ours, and those `axum-extra` adds), as
/// `axum::debug_handler` recognises them.
const BODY_READERS: [&str; 9] = [
    "Request",
    "String",
    "Bytes",
    "Json",
    "Form",
    "RawForm",
    "Multipart",
    "Body",
    "JsonLines",
];

impl HandlerShape {
    /// `None` when the handler cannot be checked from outside: generic (its types are not known
    /// here) or taking `self`.
    pub(crate) fn of(signature: &syn::Signature) -> Option<Self> {
        if !signature.generics.params.is_empty() {
            return None;
        }
        let mut arguments = Vec::new();
        for input in &signature.inputs {
            let syn::FnArg::Typed(argument) = input else {
                return None;
            };
            if contains_impl_trait(&argument.ty) {
                return None;
            }
            arguments.push(Argument {
                binding: match &*argument.pat {
                    syn::Pat::Ident(pat) => Some(pat.ident.to_string()),
                    _ => None,
                },
                ty: (*argument.ty).clone(),
                kind: ArgumentKind::of(&argument.ty),
            });
        }
        if let Some(position) = request_argument_to_move(signature) {
            let request = arguments.remove(position);
            arguments.push(request);
        }
        let output = match &signature.output {
            syn::ReturnType::Default => None,
            syn::ReturnType::Type(_, ty) => Some((**ty).clone()),
        };
        Some(HandlerShape {
            name: signature.ident.clone(),
            arguments,
            output,
        })
    }

    /// Why each argument could fail, in the words the user needs, as
    /// `(message, label, note)` for `#[diagnostic::on_unimplemented]`.
    pub(crate) fn argument_message(&self, index: usize) -> (String, String, String) {
        let handler = &self.name;
        let argument = &self.arguments[index];
        let what = match &argument.binding {
            Some(binding) => format!("`{binding}: {{Self}}`"),
            None => "`{Self}`".to_owned(),
        };
        let last = index + 1 == self.arguments.len();
        let body_readers: Vec<&Argument> = self
            .arguments
            .iter()
            .filter(|argument| argument.kind == ArgumentKind::BodyReader)
            .collect();
        let reads_body = argument.kind == ArgumentKind::BodyReader;
        if !last && reads_body && body_readers.len() > 1 {
            (
                format!(
                    "`{handler}` reads the request body more than once: {what} and another argument both read it"
                ),
                "a second argument reading the body".to_owned(),
                "a body can be read once: keep one body argument, last (`req: Request` gives \
                 `req.body()` and `req.json::<T>()`; or take one `Json<T>`, `Form<T>`, `String`…)"
                    .to_owned(),
            )
        } else if !last && reads_body {
            (
                format!("{what} reads the request body, so it must be `{handler}`'s last argument"),
                "reads the body but is not last".to_owned(),
                format!(
                    "move it after `{handler}`'s other arguments: axum reads the body once, with \
                     the last argument, after the others took what they need from the headers"
                ),
            )
        } else {
            (
                format!("`{handler}` cannot take {what}: it is not an extractor"),
                "not an extractor".to_owned(),
                EXTRACTOR_HELP.to_owned(),
            )
        }
    }
}

const EXTRACTOR_HELP: &str = "a handler argument must be an axum extractor: `req: Request` \
     (then `req.query()`, `req.body()`…), `res: Response`, `Query<T>`, `Path<T>`, `HeaderMap`, \
     `State<T>`, or, as the last argument, one that reads the body (`Json<T>`, `Form<T>`, \
     `String`); a type of your own needs `impl FromRequestParts<S>` (or `FromRequest<S>` to read \
     the body)";

/// The checks, as a never-called function in a `const _: () = { … };` compiled in debug builds
/// only.
pub(crate) fn emit(shape: &HandlerShape) -> TokenStream {
    let axum = quote!(::api_routes::__private::axum);
    let name = &shape.name;
    let mut items = TokenStream::new();
    let mut calls = TokenStream::new();
    let last = shape.arguments.len().checked_sub(1);
    for (index, argument) in shape.arguments.iter().enumerate() {
        let request_last = Some(index) == last && is_request_type(&argument.ty);
        if argument.kind == ArgumentKind::Other || request_last {
            continue;
        }
        let (message, label, note) = shape.argument_message(index);
        let check_trait = format_ident!("__ApiRouteArgument{index}");
        let check_fn = format_ident!("__api_route_argument_{index}");
        let ty = &argument.ty;
        if Some(index) == last {
            items.extend(quote! {
                #[diagnostic::on_unimplemented(message = #message, label = #label, note = #note)]
                trait #check_trait<S, M> {}
                impl<T: #axum::extract::FromRequest<S, M>, S, M> #check_trait<S, M> for T {}
                fn #check_fn<T: #check_trait<S, M>, S, M>(_: &S) {}
            });
            calls.extend(quote_spanned!(ty.span()=> #check_fn::<#ty, _, _>(&state);));
        } else {
            items.extend(quote! {
                #[diagnostic::on_unimplemented(message = #message, label = #label, note = #note)]
                trait #check_trait<S> {}
                impl<T: #axum::extract::FromRequestParts<S>, S> #check_trait<S> for T {}
                fn #check_fn<T: #check_trait<S>, S>(_: &S) {}
            });
            calls.extend(quote_spanned!(ty.span()=> #check_fn::<#ty, _>(&state);));
        }
    }
    // An `impl Trait` return type promises its bounds itself, and cannot be named here.
    let checked_output = shape
        .output
        .as_ref()
        .filter(|ty| !contains_impl_trait(ty) && !is_response_type(ty));
    if let Some(output) = checked_output {
        let message = format!("`{name}` returns `{{Self}}`, which is not a response");
        let note = format!(
            "return something that implements `IntoResponse` from `{name}`: `Response` \
             (`res.json(..)`), `String`, `Json<T>`, `StatusCode`, `Result<T, ApiError>`, a \
             tuple of those…"
        );
        items.extend(quote! {
            #[diagnostic::on_unimplemented(message = #message, label = "not a response", note = #note)]
            trait __ApiRouteResponse {}
            impl<T: #axum::response::IntoResponse> __ApiRouteResponse for T {}
            fn __api_route_response<T: __ApiRouteResponse>() {}
        });
        calls.extend(quote_spanned!(output.span()=> __api_route_response::<#output>();));
    }
    // The two helpers every handler's check calls live in the runtime: a page's items are what
    // rustc's incremental graph grows with, and an edit walks that graph (BENCHMARKS.md).
    let checks = quote!(::api_routes::__private::checks);
    let placeholders = shape
        .arguments
        .iter()
        .map(|_| quote!(#checks::placeholder()));
    let send_check = quote_spanned! {name.span()=>
        #checks::future_is_send(#name(#(#placeholders),*));
    };
    quote! {
        #[cfg(debug_assertions)]
        #[allow(warnings, clippy::all, clippy::pedantic)]
        const _: () = {
            #items
            fn __api_route_check() {
                // Diverging, so a state no extractor pins down falls back to `!`, which every
                // state-generic extractor accepts.
                let state = loop {};
                #calls
                #send_check
            }
        };
    }
}

/// Types that are never extractors, whatever the state.
const PLAIN_VALUES: [&str; 20] = [
    "bool", "char", "str", "u8", "u16", "u32", "u64", "u128", "usize", "i8", "i16", "i32", "i64",
    "i128", "isize", "f32", "f64", "Vec", "HashMap", "BTreeMap",
];

impl ArgumentKind {
    fn of(ty: &syn::Type) -> Self {
        if matches!(
            ty,
            syn::Type::Reference(_) | syn::Type::Slice(_) | syn::Type::Array(_)
        ) {
            return ArgumentKind::PlainValue;
        }
        match last_segment(ty) {
            Some(name) if BODY_READERS.contains(&name.as_str()) => ArgumentKind::BodyReader,
            Some(name) if PLAIN_VALUES.contains(&name.as_str()) => ArgumentKind::PlainValue,
            _ => ArgumentKind::Other,
        }
    }
}

fn last_segment(ty: &syn::Type) -> Option<String> {
    let syn::Type::Path(path) = ty else {
        return None;
    };
    let segment = path.path.segments.last()?;
    let name = segment.ident.to_string();
    // `Result<Request, RequestRejection>` and `Option<Json<T>>` read the body as their inner type.
    if (name == "Result" || name == "Option")
        && let syn::PathArguments::AngleBracketed(arguments) = &segment.arguments
        && let Some(syn::GenericArgument::Type(inner)) = arguments.args.first()
    {
        return last_segment(inner);
    }
    Some(name)
}

fn contains_impl_trait(ty: &syn::Type) -> bool {
    fn any_impl(tokens: TokenStream) -> bool {
        tokens.into_iter().any(|token| match token {
            proc_macro2::TokenTree::Ident(ident) => ident == "impl",
            proc_macro2::TokenTree::Group(group) => any_impl(group.stream()),
            _ => false,
        })
    }
    any_impl(ty.to_token_stream())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn shape(signature: &str) -> Option<HandlerShape> {
        HandlerShape::of(&syn::parse_str::<syn::Signature>(signature).unwrap())
    }

    fn messages(signature: &str) -> Vec<String> {
        let shape = shape(signature).unwrap();
        (0..shape.arguments.len())
            .map(|index| shape.argument_message(index).0)
            .collect()
    }

    /// The argument and answer checks `emit` writes, by their trait names.
    fn checks_emitted(signature: &str) -> Vec<String> {
        let code = emit(&shape(signature).unwrap()).to_string();
        code.split_whitespace()
            .filter(|word| word.starts_with("__ApiRouteArgument") || *word == "__ApiRouteResponse")
            .map(str::to_owned)
            .collect::<std::collections::BTreeSet<_>>()
            .into_iter()
            .collect()
    }

    #[test]
    fn checks_that_cannot_fail_are_not_emitted() {
        assert_eq!(
            checks_emitted("async fn handler(req: Request, res: Response) -> Response"),
            Vec::<String>::new()
        );
        assert_eq!(
            checks_emitted(
                "async fn handler(res: Response, body: Json<A>) -> Result<Response, ApiError>"
            ),
            ["__ApiRouteArgument1", "__ApiRouteResponse"]
        );
        assert_eq!(
            checks_emitted(
                "async fn handler(req: Request, x: u32, req2: Request) -> http::Response<String>"
            ),
            [
                "__ApiRouteArgument0",
                "__ApiRouteArgument1",
                "__ApiRouteResponse"
            ],
            "the `Request` that stays before the end, a plain value and a generic `Response` are checked"
        );
    }

    #[test]
    fn arguments_are_in_the_order_axum_extracts_them() {
        let shape = shape("async fn handler(req: Request, res: Response) -> Response").unwrap();
        let order: Vec<_> = shape.arguments.iter().map(|a| a.binding.clone()).collect();
        assert_eq!(order, [Some("res".to_owned()), Some("req".to_owned())]);
    }

    #[test]
    fn a_body_reader_before_the_end_is_told_to_move() {
        assert_eq!(
            messages("async fn create(body: String, headers: HeaderMap)")[0],
            "`body: {Self}` reads the request body, so it must be `create`'s last argument"
        );
    }

    #[test]
    fn two_body_readers_are_told_apart_from_one_misplaced() {
        assert_eq!(
            messages("async fn create(Json(a): Json<A>, b: Result<Request, RequestRejection>)")[0],
            "`create` reads the request body more than once: `{Self}` and another argument both read it"
        );
    }

    #[test]
    fn anything_else_is_not_an_extractor() {
        assert_eq!(
            messages("async fn update(x: u32)"),
            ["`update` cannot take `x: {Self}`: it is not an extractor"]
        );
    }

    #[test]
    fn only_types_that_say_what_they_are_are_checked() {
        let shape = shape(
            "async fn handler(x: Option<u32>, s: &str, jar: SignedCookieJar, State(db): State<Db>, \
             body: Result<Request, RequestRejection>)",
        )
        .unwrap();
        let kinds: Vec<_> = shape.arguments.iter().map(|a| a.kind).collect();
        assert_eq!(
            kinds,
            [
                ArgumentKind::PlainValue,
                ArgumentKind::PlainValue,
                ArgumentKind::Other,
                ArgumentKind::Other,
                ArgumentKind::BodyReader,
            ]
        );
    }

    #[test]
    fn generic_handlers_are_left_to_the_router() {
        assert_eq!(shape("async fn handler<T>(x: T)"), None);
        assert_eq!(shape("async fn handler(x: impl Sized)"), None);
    }
}
