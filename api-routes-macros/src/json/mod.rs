//! `json!`: serde_json's `json!` syntax, written as JSON text where it stands instead of built as
//! a `serde_json::Value` (see `api_routes_runtime`'s `json_literal.rs` for why).

use proc_macro2::TokenStream;
use quote::quote;

mod codegen;
mod model;

pub(crate) fn expand(input: TokenStream) -> TokenStream {
    match syn::parse2::<model::JsonValue>(input) {
        Ok(value) => codegen::literal(&value),
        Err(error) => {
            // A literal of the right type after the error, so that the code around the `json!`
            // reports nothing more.
            let error = error.to_compile_error();
            quote! {{
                #error;
                ::api_routes::__private::json::Writer::with_capacity(0).finish()
            }}
        }
    }
}
