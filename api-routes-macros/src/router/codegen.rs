//! Emits the page module tree, the `router()` function and the `ROUTES` table.

use std::collections::BTreeMap;

use proc_macro2::{Ident, Punct, Spacing, Span, TokenStream, TokenTree};
use quote::{ToTokens, format_ident, quote};

use api_routes_routing::handler_args::HandlerArgs;
use api_routes_routing::lower::registrations;
use api_routes_routing::model::{Naming, Route, RouteTable};
use api_routes_routing::pages::{Handler, MiddlewareForm};
use api_routes_routing::segment::SegmentKind;

/// The module that holds every page; hidden, because users name pages by URL, not by module.
const PAGES_MODULE: &str = "__api_routes_pages";

/// Every path the expansion names goes through the facade's `__private` module, so a user's
/// crate compiles the generated code with `api-routes` as its only dependency.
fn private_path() -> Path {
    Path::new(true, ["api_routes", "__private"].map(call_site_ident))
}

/// The name [`import_private`] gives [`private_path`]: the router names it a dozen times per page,
/// and one token instead of six is that much less for the macro to hand to the compiler.
const PRIVATE_ALIAS: &str = "__api_routes_private";

/// [`private_path`] under its [`PRIVATE_ALIAS`], in a scope that has [`import_private`].
fn private() -> Path {
    Path::new(false, [call_site_ident(PRIVATE_ALIAS)])
}

/// `use ::api_routes::__private as __api_routes_private;`
fn import_private() -> TokenStream {
    let path = private_path();
    let alias = call_site_ident(PRIVATE_ALIAS);
    quote!(#[allow(unused_imports)] use #path as #alias;)
}

fn call_site_ident(name: &str) -> Ident {
    Ident::new(name, Span::call_site())
}

/// A path that `quote!` splices into the output token by token.
///
/// Inside a macro, a `TokenStream` is the compiler's, and interpolating one into `quote!` costs
/// round trips over the proc-macro bridge (cloning it, joining it, dropping it), while single
/// tokens are batched. The paths named for every page made those round trips most of the
/// expansion at 1000 pages (BENCHMARKS.md, "Expansion"); as tokens they cost next to nothing.
struct Path(Vec<TokenTree>);

impl Path {
    /// `segments` joined by `::`, after a leading `::` if `absolute`.
    fn new(absolute: bool, segments: impl IntoIterator<Item = Ident>) -> Self {
        let mut tokens = Vec::new();
        for (index, segment) in segments.into_iter().enumerate() {
            if absolute || index > 0 {
                tokens.push(Punct::new(':', Spacing::Joint).into());
                tokens.push(Punct::new(':', Spacing::Alone).into());
            }
            tokens.push(segment.into());
        }
        Path(tokens)
    }
}

impl ToTokens for Path {
    fn to_tokens(&self, tokens: &mut TokenStream) {
        tokens.extend(self.0.iter().cloned());
    }
}

/// `#[path = …] pub mod __api_routes_pages { … }` holding one module per file, nested like the
/// folders. `pages_path` is the `#[path]` of the pages folder as seen from the invoking file.
pub(crate) fn module_tree(files: &[String], pages_path: &str, allow_unused: bool) -> TokenStream {
    let mut root = Folder::default();
    for file in files {
        root.insert(file);
    }
    let pages = Ident::new(PAGES_MODULE, Span::call_site());
    let body = root.emit(false);
    // When the router could not be built, nothing calls the handlers; their warnings would only
    // bury the error that matters.
    let allow = allow_unused.then(|| quote!(#[allow(dead_code, unused_imports)]));
    quote! {
        #[doc(hidden)]
        #[path = #pages_path]
        #allow
        pub mod #pages { #body }
    }
}

#[derive(Default)]
struct Folder {
    files: Vec<String>,
    folders: BTreeMap<String, Folder>,
}

impl Folder {
    fn insert(&mut self, relative: &str) {
        match relative.split_once('/') {
            Some((folder, rest)) => self
                .folders
                .entry(folder.to_owned())
                .or_default()
                .insert(rest),
            None => self.files.push(relative.to_owned()),
        }
    }

    /// `inside_private`: this folder is private or below a private one.
    fn emit(&self, inside_private: bool) -> TokenStream {
        let mut items = TokenStream::new();
        for file in &self.files {
            let module = module_ident(file, inside_private);
            items.extend(quote!(#[path = #file] pub mod #module;));
        }
        for (name, folder) in &self.folders {
            let module = module_ident(name, inside_private);
            let private = inside_private || name.starts_with('_');
            if private && folder.files.iter().any(|file| file == "mod.rs") {
                // A private folder with its own `mod.rs` declares its submodules itself.
                let path = format!("{name}/mod.rs");
                items.extend(quote!(#[path = #path] pub mod #module;));
            } else {
                let body = folder.emit(private);
                items.extend(quote!(#[path = #name] pub mod #module { #body }));
            }
        }
        items
    }
}

/// The module name of a file (`x.rs`) or folder in the page tree.
///
/// Private code (a `_` name, or anything inside a `_` folder) keeps its own name, which the
/// model checked is an identifier, so pages can `use super::_lib::db`. Pages and their folders
/// get a generated, one-to-one name: `user-profile.rs` and `user_profile.rs` must not collide,
/// nor the file `[id].rs` with the folder `[id]/`.
fn module_ident(component: &str, inside_private: bool) -> Ident {
    let (name, prefix) = match component.strip_suffix(".rs") {
        Some(stem) => (stem, "page"),
        None => (component, "dir"),
    };
    if inside_private || name.starts_with('_') {
        Ident::new(name, Span::call_site())
    } else {
        format_ident!("{prefix}_{}", encode(name))
    }
}

/// A reversible spelling of any file name as identifier characters: letters and digits stay,
/// `_` doubles, anything else becomes `_<hex code point>_`.
fn encode(name: &str) -> String {
    let mut out = String::with_capacity(name.len());
    for c in name.chars() {
        match c {
            'a'..='z' | 'A'..='Z' | '0'..='9' => out.push(c),
            '_' => out.push_str("__"),
            other => out.push_str(&format!("_{:x}_", u32::from(other))),
        }
    }
    out
}

/// The path from the invoking module to a page's (or a middleware's) module.
fn page_module_path(relative: &str) -> Path {
    let mut inside_private = false;
    let modules = relative.split('/').map(|component| {
        let module = module_ident(component, inside_private);
        inside_private |= component.starts_with('_');
        module
    });
    let start = ["self", PAGES_MODULE].map(call_site_ident);
    Path::new(false, start.into_iter().chain(modules))
}

/// `pub fn router() -> Router<State>` with one `.route(..)` per axum path, and `ROUTES`.
pub(crate) fn router(
    table: &RouteTable,
    state: Option<&syn::Type>,
    naming: &Naming,
) -> TokenStream {
    let private = private();
    let state = state_type(state);
    let pages = table
        .routes
        .iter()
        .enumerate()
        .filter(|(_, route)| !route.handlers.is_empty())
        .map(|(index, route)| page_static(index, route));
    let routes = registrations(table).into_iter().map(|registration| {
        let route = &table.routes[registration.route];
        let method_router = method_router(table, route, &page_ident(registration.route), &state);
        let path = registration.path.to_string();
        quote!(.route(#path, #method_router))
    });
    let openapi = openapi(table, naming);
    let infos = table.routes.iter().map(|route| {
        let url = route.path.to_string();
        let file = naming.file(&route.relative);
        let methods = route.methods();
        quote!(#private::runtime::RouteInfo { path: #url, file: #file, methods: &[#(#methods),*] })
    });
    let import_private = import_private();
    quote! {
        #import_private

        /// The router for every page under the pages folder, with Next.js's default behaviour
        /// (trailing-slash redirects, 404 page, panics as 500). Generated by `api_routes::routes!`.
        pub fn router() -> #private::axum::Router<#state> {
            router_with(#private::runtime::RouterOptions::new())
        }

        /// What the runtime knows of each page, shared by `router_with` and `openapi`.
        #[doc(hidden)]
        mod __api_routes_page_patterns {
            #import_private
            #(#pages)*
        }

        /// [`router`] with other [`RouterOptions`](::api_routes::RouterOptions).
        pub fn router_with(options: #private::runtime::RouterOptions) -> #private::axum::Router<#state> {
            #[allow(unused_imports)]
            use self::__api_routes_page_patterns::*;
            #private::apply_options(options, #private::axum::Router::new() #(#routes)*)
        }

        /// Every route of `router()`, in Next.js's match order, with its page file.
        pub const ROUTES: &[#private::runtime::RouteInfo] = &[#(#infos),*];

        #openapi
    }
}

/// `pub fn openapi() -> OpenApi`: the document of every page, from the files, the
/// `#[api_route]` arguments and what each handler's types tell (see [`describe_handler`]).
fn openapi(table: &RouteTable, naming: &Naming) -> TokenStream {
    let private = private();
    let pages = table
        .routes
        .iter()
        .enumerate()
        .filter(|(_, route)| !route.handlers.is_empty());
    let calls = pages.map(|(index, route)| {
        let page = page_ident(index);
        let file = naming.file(&route.relative);
        let module = page_module_path(&route.relative);
        let handlers = route.handlers.iter().map(|handler| {
            let methods = &handler.args.methods;
            let body_limit = handler
                .args
                .body_limit
                .as_ref()
                .map_or("1mb", |limit| limit.label.as_str());
            let describe = describe_handler(&module, handler);
            quote! {
                #private::openapi::HandlerDoc {
                    methods: &[#(#methods),*],
                    body_limit: #body_limit,
                    describe: #describe,
                }
            }
        });
        quote!(document.page(&#page, #file, &[#(#handlers),*]);)
    });
    // Through `openapi_items!`: kept only with the facade's `openapi` feature.
    quote! {
        #private::openapi_items! {
            /// The OpenAPI 3.1 document of every page: paths from the files, operations from
            /// `#[api_route]`, schemas from the handlers' types. Generated by `api_routes::routes!`.
            pub fn openapi() -> #private::runtime::openapi::OpenApi {
                #[allow(unused_imports)]
                use self::__api_routes_page_patterns::*;
                // The probes' traits, for every handler's `describe` closure.
                #[allow(unused_imports)]
                use #private::openapi::{DescribedInput as _, DescribedOutput as _, UndescribedInput as _, UndescribedOutput as _};
                let mut document = #private::openapi::DocumentBuilder::new(
                    ::core::env!("CARGO_PKG_NAME"),
                    ::core::env!("CARGO_PKG_VERSION"),
                );
                #(#calls)*
                document.finish()
            }
        }
    }
}

/// The closure that describes one handler: its docs, then what each argument type and the answer
/// type tell. The types come from the handler itself (`let handler: fn(_, _) -> _ = page::handler; probes2(handler)`), so the
/// generated code never restates a type the page wrote: a mistake in one is reported once, in the
/// page, and an `impl IntoResponse` answer needs no name. The probes' traits are imported once,
/// in `openapi()`.
fn describe_handler(module: &Path, handler: &Handler) -> TokenStream {
    let private = private();
    let docs = &handler.docs;
    // axum takes at most 16 arguments, and so do the probes; rustc reports a longer handler.
    if handler.arity > 16 {
        return quote!(|operation: &mut #private::openapi::Describe<'_>| operation.docs(#docs));
    }
    let function = format_ident!("{}", handler.name);
    let probes = format_ident!("probes{}", handler.arity);
    let placeholders = (0..handler.arity).map(|_| quote!(_));
    let arguments: Vec<Ident> = (0..handler.arity)
        .map(|index| format_ident!("argument_{index}"))
        .collect();
    quote! {
        |operation: &mut #private::openapi::Describe<'_>| {
            operation.docs(#docs);
            // A coercion, not an `as` cast: casts are checked last, after the probes are resolved.
            let handler: fn(#(#placeholders),*) -> _ = #module::#function;
            let (#(#arguments,)* answer,) = #private::openapi::#probes(handler);
            #((&#arguments).input(operation);)*
            (&answer).output(operation);
        }
    }
}

/// `PAGE_3`: the static holding the [`page_static`] of `ROUTES[3]`.
fn page_ident(route: usize) -> Ident {
    format_ident!("PAGE_{route}")
}

/// `static PAGE_3: Page = Page { pattern: &[..], max_duration_seconds: .. };`: what the runtime
/// knows of a page, shared by all of its registrations. The pattern is the page's own, so a
/// catch-all registered under a param still reads its parameters from the right segments.
fn page_static(index: usize, route: &Route) -> TokenStream {
    let private = private();
    let ident = page_ident(index);
    let pattern = route.path.segments.iter().map(|segment| {
        let name = &segment.name;
        let kind = call_site_ident(match segment.kind {
            SegmentKind::Static => "Static",
            SegmentKind::Param => "Param",
            SegmentKind::CatchAll => "CatchAll",
            SegmentKind::OptionalCatchAll => "OptionalCatchAll",
        });
        quote!(#private::PatternSegment::#kind(#name))
    });
    let max_duration = match route.max_duration() {
        Some(seconds) => quote!(::core::option::Option::Some(#seconds)),
        None => quote!(::core::option::Option::None),
    };
    quote! {
        pub(super) static #ident: #private::Page = #private::Page {
            pattern: &[#(#pattern),*],
            max_duration_seconds: #max_duration,
        };
    }
}

/// What the user gets when the route table has errors: the same items, so the only errors they
/// see are ours.
pub(crate) fn stub_router(state: Option<&syn::Type>) -> TokenStream {
    let private = private_path();
    let state = state_type(state);
    quote! {
        pub fn router() -> #private::axum::Router<#state> {
            ::core::unreachable!("api_routes::routes! failed to compile")
        }
        pub fn router_with(_: #private::runtime::RouterOptions) -> #private::axum::Router<#state> {
            ::core::unreachable!("api_routes::routes! failed to compile")
        }
        pub const ROUTES: &[#private::runtime::RouteInfo] = &[];
        #private::openapi_items! {
            pub fn openapi() -> #private::runtime::openapi::OpenApi {
                ::core::unreachable!("api_routes::routes! failed to compile")
            }
        }
    }
}

fn state_type(state: Option<&syn::Type>) -> TokenStream {
    state.map_or_else(|| quote!(()), |state| quote!(#state))
}

/// One axum `MethodRouter` for a page: method-restricted handlers each on their methods, and an
/// unrestricted one answering every method (or, beside restricted ones, every other method).
///
/// The state is named in each page's `MethodRouter`, not left to inference from the `.route(..)`
/// it ends up in: with it known, rustc settles each handler's `Handler<T, S>` bound where the
/// page is registered, instead of carrying every page's open bounds through the rest of the
/// `router_with` body (which made type checking grow faster than the page count).
fn method_router(
    table: &RouteTable,
    route: &Route,
    page: &Ident,
    state: &TokenStream,
) -> TokenStream {
    let private = private();
    let module = page_module_path(&route.relative);
    let (restricted, unrestricted): (Vec<_>, Vec<_>) = route
        .handlers
        .iter()
        .partition(|handler| !handler.args.methods.is_empty());
    let mut tokens = quote!(#private::axum::routing::MethodRouter::<#state>::new());
    for handler in &restricted {
        let function = format_ident!("{}", handler.routed_name);
        let filter = method_filter(&handler.args);
        let handler = configured(quote!(#module::#function), &handler.args);
        tokens.extend(quote!(.on(#filter, #handler)));
    }
    if let Some(handler) = unrestricted.first() {
        let function = format_ident!("{}", handler.routed_name);
        let handler = configured(quote!(#module::#function), &handler.args);
        tokens = if restricted.is_empty() {
            quote!(#private::axum::routing::any::<_, _, #state>(#handler))
        } else {
            quote!(#tokens.fallback(#handler))
        };
    } else {
        let allowed = allowed_methods(&restricted);
        tokens = quote!(#private::methods_only(#tokens, &[#(#allowed),*]));
    }
    // Innermost folder first, so the pages folder's own middleware ends up outermost.
    for middleware in table.middlewares_of(route).into_iter().rev() {
        let module = page_module_path(&middleware.relative);
        tokens = match middleware.form {
            // The error type is named because with two layers in a row nothing else fixes the
            // one between them.
            MiddlewareForm::Layer => {
                quote!(#tokens.layer::<_, ::core::convert::Infallible>(#module::layer()))
            }
            MiddlewareForm::Function => quote! {
                #tokens.layer::<_, ::core::convert::Infallible>(#private::axum::middleware::from_fn(#module::middleware))
            },
        };
    }
    // The guard (panic → 500, overrun → 504) wraps the whole page, middleware included;
    // `options` is `router_with`'s argument.
    quote!(#private::guarded(#tokens, &options, &#page))
}

/// The methods a page answers, for its 405's `Allow` lines: as declared, with `HEAD` after
/// `GET` because axum answers HEAD with the GET handler.
fn allowed_methods(handlers: &[&Handler]) -> Vec<String> {
    let mut allowed: Vec<String> = Vec::new();
    for method in handlers.iter().flat_map(|handler| &handler.args.methods) {
        let implied = if method == "GET" {
            vec!["GET", "HEAD"]
        } else {
            vec![method.as_str()]
        };
        for method in implied {
            if !allowed.iter().any(|known| known == method) {
                allowed.push(method.to_owned());
            }
        }
    }
    allowed
}

fn method_filter(args: &HandlerArgs) -> TokenStream {
    let private = private();
    let filters = args.methods.iter().map(|method| {
        let method = format_ident!("{method}");
        quote!(#private::axum::routing::MethodFilter::#method)
    });
    let mut filters = filters.into_iter();
    let first = filters
        .next()
        .unwrap_or_else(|| quote!(#private::axum::routing::MethodFilter::GET));
    quote!(#first #(.or(#filters))*)
}

/// The handler, wrapped with its page's configuration when it has any.
fn configured(handler: TokenStream, args: &HandlerArgs) -> TokenStream {
    let private = private();
    let mut settings = TokenStream::new();
    if let Some(limit) = &args.body_limit {
        let (bytes, label) = (limit.bytes, &limit.label);
        settings.extend(quote!(.body_limit(#bytes, #label)));
    }
    if args.body_parser == Some(false) {
        settings.extend(quote!(.raw_body()));
    }
    match &args.response_limit {
        Some(Some(limit)) => {
            let bytes = limit.bytes;
            settings.extend(quote!(.response_limit(#bytes)));
        }
        Some(None) => settings.extend(quote!(.no_response_limit())),
        None => {}
    }
    if settings.is_empty() {
        return handler;
    }
    quote!(#private::RouteConfig::new() #settings .apply(#handler))
}

#[cfg(test)]
mod tests {
    use super::*;
    use api_routes_routing::pages::{PageHandlers, read_handlers};
    use api_routes_routing::testing::{build, naming};

    /// Each `.route(path, …)` of the router as `(path, the page static its guard is given)`.
    fn routed_pages(paths: &[&str]) -> Vec<(String, String)> {
        let table = build(paths).unwrap();
        let code: String = router(&table, None, &naming())
            .to_string()
            .split_whitespace()
            .collect();
        code.split(".route(")
            .skip(1)
            .map(|call| {
                let path = call.split('"').nth(1).unwrap().to_owned();
                let page = call.split(",&options,&").nth(1).unwrap();
                (path, page[..page.find(')').unwrap()].to_owned())
            })
            .collect()
    }

    fn pairs(expected: &[(&str, &str)]) -> Vec<(String, String)> {
        expected
            .iter()
            .map(|(path, page)| ((*path).to_owned(), (*page).to_owned()))
            .collect()
    }

    #[test]
    fn a_catch_all_registered_under_a_param_is_guarded_with_its_own_page() {
        assert_eq!(
            routed_pages(&["post/create.rs", "post/[pid].rs", "post/[...slug].rs"]),
            pairs(&[
                ("/api/post/create", "PAGE_0"),
                ("/api/post/{pid}", "PAGE_1"),
                ("/api/post/{pid}/{*slug}", "PAGE_2"),
            ])
        );
        let table = build(&["post/create.rs", "post/[pid].rs", "post/[...slug].rs"]).unwrap();
        let private = private();
        assert_eq!(
            page_static(2, &table.routes[2]).to_string(),
            quote! {
                pub(super) static PAGE_2: #private::Page = #private::Page {
                    pattern: &[
                        #private::PatternSegment::Static("api"),
                        #private::PatternSegment::Static("post"),
                        #private::PatternSegment::CatchAll("slug")
                    ],
                    max_duration_seconds: ::core::option::Option::None,
                };
            }
            .to_string()
        );
    }

    #[test]
    fn every_registration_of_an_optional_catch_all_shares_its_page() {
        assert_eq!(
            routed_pages(&["p/[id]/x.rs", "p/[[...rest]].rs"]),
            pairs(&[
                ("/api/p/{id}/x", "PAGE_0"),
                ("/api/p", "PAGE_1"),
                ("/api/p/{id}", "PAGE_1"),
                ("/api/p/{id}/{*rest}", "PAGE_1"),
            ])
        );
        let table = build(&["p/[id]/x.rs", "p/[[...rest]].rs"]).unwrap();
        let code = page_static(1, &table.routes[1]).to_string();
        assert!(
            code.contains(&quote!(PatternSegment::OptionalCatchAll("rest")).to_string()),
            "{code}"
        );
    }

    #[test]
    fn the_page_pattern_starts_with_the_url_prefix_and_carries_max_duration() {
        let mut table = build(&["index.rs"]).unwrap();
        table.routes[0].handlers[0].args.max_duration = Some(30);
        let private = private();
        assert_eq!(
            page_static(0, &table.routes[0]).to_string(),
            quote! {
                pub(super) static PAGE_0: #private::Page = #private::Page {
                    pattern: &[#private::PatternSegment::Static("api")],
                    max_duration_seconds: ::core::option::Option::Some(30u64),
                };
            }
            .to_string()
        );
    }

    #[test]
    fn encoded_names_are_distinct_identifiers() {
        let names = [
            "user-profile",
            "user_profile",
            "[id]",
            "type",
            "2fa",
            "v1.2",
            "$city",
            "[...slug]",
            "ünï",
        ];
        let encoded: Vec<String> = names
            .iter()
            .map(|name| module_ident(&format!("{name}.rs"), false).to_string())
            .collect();
        for (index, name) in encoded.iter().enumerate() {
            assert!(syn::parse_str::<Ident>(name).is_ok(), "{name}");
            assert!(!encoded[..index].contains(name), "{name} collides");
        }
        assert_eq!(
            module_ident("[id].rs", false).to_string(),
            "page__5b_id_5d_"
        );
        assert_ne!(
            module_ident("users.rs", false),
            module_ident("users", false)
        );
    }

    #[test]
    fn a_handler_is_described_through_its_own_signature() {
        let source = "/// Shows one.\n///\n/// In detail.\n#[api_route(GET)] async fn show(a: A, b: B) -> C { todo!() }";
        let PageHandlers::Found(handlers) = read_handlers(source) else {
            panic!("the page parses");
        };
        let code = describe_handler(
            &Path::new(false, ["self", "page"].map(call_site_ident)),
            &handlers[0],
        )
        .to_string();
        assert!(
            code.contains(r#"operation . docs ("Shows one.\n\nIn detail.")"#),
            "{code}"
        );
        // The types are inferred from the handler, never restated.
        assert!(
            code.contains("let handler : fn (_ , _) -> _ = self :: page :: show"),
            "{code}"
        );
        assert!(code.contains("probes2 (handler)"), "{code}");
        assert!(!code.contains(" A ") && !code.contains(" C "), "{code}");
    }

    #[test]
    fn private_code_keeps_its_names() {
        assert_eq!(
            page_module_path("_lib/cookies.rs")
                .to_token_stream()
                .to_string(),
            quote!(self::__api_routes_pages::_lib::cookies).to_string()
        );
        assert_eq!(module_ident("_db.rs", false).to_string(), "_db");
    }

    #[test]
    fn page_path_follows_the_folders() {
        assert_eq!(
            page_module_path("posts/[id].rs")
                .to_token_stream()
                .to_string(),
            quote!(self::__api_routes_pages::dir_posts::page__5b_id_5d_).to_string()
        );
    }
}
