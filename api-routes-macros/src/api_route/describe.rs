//! The function `#[api_route]` writes beside each handler for the generated `openapi()`: it hands
//! the handler's docs, argument types and return type to the runtime, which turns the types it
//! knows into the OpenAPI operation. It is written in the page, where the page's `use`s name
//! those types; `routes!` at the crate root only calls it.

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

/// `__api_routes_describe_show` for the handler `show`.
pub(crate) fn describe_name(handler: &str) -> String {
    format!("__api_routes_describe_{handler}")
}

pub(crate) fn describe_function(function: &syn::ItemFn) -> TokenStream {
    let private = quote!(::api_routes::__private::openapi);
    let name = format_ident!("{}", describe_name(&function.sig.ident.to_string()));
    let docs = doc_text(&function.attrs);
    let inputs = function.sig.inputs.iter().filter_map(|input| match input {
        syn::FnArg::Typed(argument) => {
            let ty = &argument.ty;
            Some(quote!((&#private::Probe::<#ty>::new()).input(operation);))
        }
        syn::FnArg::Receiver(_) => None,
    });
    let output = match &function.sig.output {
        // An `impl IntoResponse` cannot be named outside the handler: its answer stays unknown.
        syn::ReturnType::Type(_, ty) if !matches!(**ty, syn::Type::ImplTrait(_)) => {
            quote!((&#private::Probe::<#ty>::new()).output(operation);)
        }
        syn::ReturnType::Type(..) => TokenStream::new(),
        syn::ReturnType::Default => quote!((&#private::Probe::<()>::new()).output(operation);),
    };
    quote! {
        #[doc(hidden)]
        #[allow(non_snake_case, clippy::needless_borrow)]
        pub(crate) fn #name(operation: &mut #private::Describe<'_>) {
            #[allow(unused_imports)]
            use #private::{DescribedInput as _, DescribedOutput as _, UndescribedInput as _, UndescribedOutput as _};
            operation.docs(#docs);
            #(#inputs)*
            #output
        }
    }
}

/// The handler's `///` lines, joined as rustdoc joins them.
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn docs_become_one_text_and_types_are_probed_in_order() {
        let function: syn::ItemFn = syn::parse_quote! {
            /// Shows a user.
            ///
            /// By id.
            async fn show(State(db): State<Db>, query: Query<Page>) -> Result<Json<User>, ApiError> { todo!() }
        };
        let code = describe_function(&function).to_string();
        assert!(code.contains("fn __api_routes_describe_show"), "{code}");
        assert!(
            code.contains(r#"operation . docs ("Shows a user.\n\nBy id.")"#),
            "{code}"
        );
        let state = code.find("Probe :: < State < Db > >").unwrap();
        let query = code.find("Probe :: < Query < Page > >").unwrap();
        assert!(state < query, "{code}");
        assert!(
            code.contains("Probe :: < Result < Json < User > , ApiError > > :: new ()) . output"),
            "{code}"
        );
    }

    #[test]
    fn an_opaque_answer_is_not_probed() {
        let function: syn::ItemFn = syn::parse_quote!(
            async fn show() -> impl IntoResponse {
                "x"
            }
        );
        assert!(
            !describe_function(&function)
                .to_string()
                .contains(". output")
        );
    }
}
