//! The arguments of `#[api_route(...)]`, parsed in one place for both macros: the attribute reports
//! mistakes with exact spans, and the router reads the same arguments to build each route.

use syn::parse::{Parse, ParseStream};
use syn::spanned::Spanned;
use syn::{Ident, LitBool, LitInt, LitStr, Token};

use crate::diagnostics::Message;

/// The HTTP methods a handler can be restricted to: those axum's `MethodFilter` knows.
pub const METHODS: [&str; 9] = [
    "GET", "HEAD", "POST", "PUT", "DELETE", "PATCH", "OPTIONS", "TRACE", "CONNECT",
];

const ARGUMENTS: &str = "an HTTP method (`GET`, `POST`, …), `body_limit = \"…\"`, `body_parser = false`, \
                         `response_limit = \"…\"` or `max_duration = <seconds>`";

#[derive(Debug, Default, Clone, PartialEq, Eq)]
/// The arguments of `#[api_route(…)]`: `GET, PUT, body_limit = "5mb", max_duration = 30`.
pub struct HandlerArgs {
    /// Empty: every method, as a Next.js handler answers.
    pub methods: Vec<String>,
    /// `body_limit = "5mb"`: the largest body the route parses.
    pub body_limit: Option<SizeLimit>,
    /// `Some(false)` hands the handler the unread body stream.
    pub body_parser: Option<bool>,
    /// `Some(None)` turns the response-size warning off.
    pub response_limit: Option<Option<SizeLimit>>,
    /// Seconds before the client gets 504 (Next.js's `maxDuration`).
    pub max_duration: Option<u64>,
}

/// A size as Next.js's `bytes` package reads it (`"1mb"` is 1,048,576 bytes), keeping the text
/// the user wrote because Next's 413 message repeats it verbatim (nextjs-compat 2.5c).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SizeLimit {
    /// The size in bytes.
    pub bytes: u64,
    /// The text the user wrote: `5mb`.
    pub label: String,
}

impl Parse for HandlerArgs {
    fn parse(input: ParseStream<'_>) -> syn::Result<Self> {
        let mut args = HandlerArgs::default();
        let mut seen: Vec<String> = Vec::new();
        while !input.is_empty() {
            let name: Ident = input
                .parse()
                .map_err(|err| syn::Error::new(err.span(), format!("expected {ARGUMENTS}")))?;
            let key = name.to_string();
            if seen.contains(&key) {
                return Err(syn::Error::new(
                    name.span(),
                    format!("`{key}` is given more than once"),
                ));
            }
            seen.push(key.clone());
            match key.as_str() {
                "body_limit" => {
                    input.parse::<Token![=]>()?;
                    args.body_limit = Some(parse_size(input)?);
                }
                "body_parser" => {
                    input.parse::<Token![=]>()?;
                    let value: LitBool = input.parse()?;
                    args.body_parser = Some(value.value);
                }
                "response_limit" => {
                    input.parse::<Token![=]>()?;
                    args.response_limit = Some(if input.peek(LitBool) {
                        let value: LitBool = input.parse()?;
                        if value.value {
                            return Err(syn::Error::new(
                                value.span(),
                                "`response_limit = true` is the default; give a size such as `\"8mb\"`, or `false` to turn \
                                 the warning off",
                            ));
                        }
                        None
                    } else {
                        Some(parse_size(input)?)
                    });
                }
                "max_duration" => {
                    input.parse::<Token![=]>()?;
                    let seconds: LitInt = input.parse().map_err(|err| {
                        syn::Error::new(
                            err.span(),
                            "expected a number of seconds, such as `max_duration = 30`",
                        )
                    })?;
                    let value = seconds.base10_parse::<u64>()?;
                    if value == 0 {
                        return Err(syn::Error::new(
                            seconds.span(),
                            "`max_duration` is at least 1 second",
                        ));
                    }
                    args.max_duration = Some(value);
                }
                method if METHODS.contains(&method) => args.methods.push(key),
                other if METHODS.contains(&other.to_ascii_uppercase().as_str()) => {
                    return Err(syn::Error::new(
                        name.span(),
                        format!(
                            "HTTP methods are written in capitals: `{}`",
                            other.to_ascii_uppercase()
                        ),
                    ));
                }
                other => {
                    return Err(syn::Error::new(
                        name.span(),
                        format!("unknown `#[api_route]` argument `{other}`; expected {ARGUMENTS}"),
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

fn parse_size(input: ParseStream<'_>) -> syn::Result<SizeLimit> {
    if input.peek(LitInt) {
        let literal: LitInt = input.parse()?;
        let bytes = literal.base10_parse::<u64>()?;
        return Ok(SizeLimit {
            bytes,
            label: bytes.to_string(),
        });
    }
    let literal: LitStr = input.parse().map_err(|err| {
        syn::Error::new(
            err.span(),
            "expected a size such as `\"500kb\"`, `\"5mb\"` or a number of bytes",
        )
    })?;
    parse_size_text(&literal.value())
        .map(|bytes| SizeLimit {
            bytes,
            label: literal.value(),
        })
        .ok_or_else(|| {
            syn::Error::new(
                literal.span(),
                Message::new(
                    format!("`{}` is not a size", literal.value()),
                    "write a number followed by b, kb, mb or gb (1kb = 1024 bytes), as Next.js's \
                     `sizeLimit` does: `\"500kb\"`, `\"5mb\"`",
                ),
            )
        })
}

/// `bytes.parse` from npm, the parser behind Next.js's `sizeLimit`: a decimal number, optional
/// spaces, then a unit (case-insensitive, powers of 1024). Returns `None` rather than guessing.
pub fn parse_size_text(text: &str) -> Option<u64> {
    let text = text.trim();
    let split = text
        .find(|c: char| !(c.is_ascii_digit() || c == '.'))
        .unwrap_or(text.len());
    let (number, unit) = text.split_at(split);
    let multiplier: u64 = match unit.trim_start().to_ascii_lowercase().as_str() {
        "" | "b" => 1,
        "kb" => 1 << 10,
        "mb" => 1 << 20,
        "gb" => 1 << 30,
        "tb" => 1 << 40,
        "pb" => 1 << 50,
        _ => return None,
    };
    let (whole, fraction) = number.split_once('.').unwrap_or((number, ""));
    if whole.is_empty()
        || !whole.bytes().all(|b| b.is_ascii_digit())
        || !fraction.bytes().all(|b| b.is_ascii_digit())
    {
        return None;
    }
    if number.ends_with('.') {
        return None;
    }
    let whole: u64 = whole.parse().ok()?;
    let mut bytes = whole.checked_mul(multiplier)?;
    if !fraction.is_empty() {
        // Exact decimal arithmetic, then floor, as `bytes` does with `Math.floor(value * unit)`.
        let digits = fraction.len().min(18) as u32;
        let numerator: u128 = fraction[..digits as usize].parse().ok()?;
        let extra = numerator * u128::from(multiplier) / 10u128.pow(digits);
        bytes = bytes.checked_add(u64::try_from(extra).ok()?)?;
    }
    Some(bytes)
}

impl HandlerArgs {
    /// Parses the tokens inside `#[api_route(...)]` as they stand in an attribute.
    pub fn from_attribute(attr: &syn::Attribute) -> syn::Result<Self> {
        match &attr.meta {
            syn::Meta::Path(_) => Ok(Self::default()),
            syn::Meta::List(list) => list.parse_args(),
            syn::Meta::NameValue(meta) => Err(syn::Error::new(
                meta.span(),
                "write `#[api_route]` or `#[api_route(GET, POST, …)]`, not `#[api_route = …]`",
            )),
        }
    }
}

/// Whether `attr` is ours: `#[api_route]`, `#[api_routes::api_route]`, `#[prelude::api_route(..)]`.
pub fn is_api_route_attribute(attr: &syn::Attribute) -> bool {
    attr.path()
        .segments
        .last()
        .is_some_and(|segment| segment.ident == "api_route")
}

/// Where `req: Request` must move for axum, if anywhere.
///
/// Next.js handlers take `(req, res)`, but axum wants the one extractor that reads the body
/// last. When a `Request` argument stands before others, `#[api_route]` emits a wrapper named by
/// [`reordered_name`] taking the arguments with `Request` last, and the router routes to that
/// wrapper. Both macros decide through this one function, so they always agree.
pub fn request_argument_to_move(signature: &syn::Signature) -> Option<usize> {
    let last = signature.inputs.len().checked_sub(1)?;
    let position = signature.inputs.iter().position(|input| match input {
        syn::FnArg::Typed(argument) => is_request_type(&argument.ty),
        syn::FnArg::Receiver(_) => false,
    })?;
    (position != last && signature.generics.params.is_empty()).then_some(position)
}

/// Whether `ty` is the prelude's `Request`: a path ending in `Request` without generic arguments.
pub fn is_request_type(ty: &syn::Type) -> bool {
    is_plain_path_to(ty, "Request")
}

/// Whether `ty` is the prelude's `Response`: a path ending in `Response` without generic
/// arguments.
pub fn is_response_type(ty: &syn::Type) -> bool {
    is_plain_path_to(ty, "Response")
}

fn is_plain_path_to(ty: &syn::Type, name: &str) -> bool {
    match ty {
        syn::Type::Path(path) => {
            path.qself.is_none()
                && path
                    .path
                    .segments
                    .last()
                    .is_some_and(|segment| segment.ident == name && segment.arguments.is_empty())
        }
        _ => false,
    }
}

/// The wrapper `#[api_route]` emits for a handler whose `Request` argument moves.
pub fn reordered_name(handler: &str) -> String {
    format!("__api_route_{handler}")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(tokens: proc_macro2::TokenStream) -> Result<HandlerArgs, String> {
        syn::parse2::<HandlerArgs>(tokens).map_err(|err| err.to_string())
    }

    #[test]
    fn no_arguments_answers_every_method() {
        assert_eq!(parse(quote::quote!()).unwrap(), HandlerArgs::default());
    }

    #[test]
    fn methods_and_config_are_read_together() {
        let args = parse(quote::quote!(
            GET,
            HEAD,
            body_limit = "5mb",
            body_parser = false
        ))
        .unwrap();
        assert_eq!(args.methods, ["GET", "HEAD"]);
        assert_eq!(
            args.body_limit,
            Some(SizeLimit {
                bytes: 5 * 1024 * 1024,
                label: "5mb".into()
            })
        );
        assert_eq!(args.body_parser, Some(false));
    }

    #[test]
    fn lower_case_method_is_rejected_with_the_fix() {
        assert_eq!(
            parse(quote::quote!(get)).unwrap_err(),
            "HTTP methods are written in capitals: `GET`"
        );
    }

    #[test]
    fn unknown_argument_names_what_is_expected() {
        assert!(
            parse(quote::quote!(methd = "GET"))
                .unwrap_err()
                .starts_with("unknown `#[api_route]` argument `methd`")
        );
    }

    #[test]
    fn repeated_argument_is_rejected() {
        assert_eq!(
            parse(quote::quote!(GET, GET)).unwrap_err(),
            "`GET` is given more than once"
        );
    }

    #[test]
    fn sizes_follow_the_bytes_package() {
        // nextjs-compat 2.5c: 1mb = 1,048,576 bytes.
        assert_eq!(parse_size_text("1mb"), Some(1_048_576));
        assert_eq!(parse_size_text("500kb"), Some(512_000));
        assert_eq!(parse_size_text("1.5 MB"), Some(1_572_864));
        assert_eq!(parse_size_text("4096"), Some(4096));
        assert_eq!(parse_size_text("10b"), Some(10));
        assert_eq!(parse_size_text("mb"), None);
        assert_eq!(parse_size_text("5 megabytes"), None);
        assert_eq!(parse_size_text("1."), None);
        assert_eq!(parse_size_text("-1mb"), None);
        assert_eq!(parse_size_text("99999999999999999999pb"), None);
    }
}
