//! A `json!` literal as plain data, read with serde_json's `json!` grammar: `null`, `[..]` and
//! `{..}` are JSON; anything else in a value's place is a Rust expression, up to the next `,`;
//! a key is everything before its `:`, a string literal or an expression.

use proc_macro2::TokenStream;
use quote::ToTokens;
use syn::parse::{Parse, ParseStream};
use syn::{Token, braced, bracketed};

#[derive(Debug)]
pub(crate) enum JsonValue {
    Null,
    Array(Vec<JsonValue>),
    Object(Object),
    Expr(syn::Expr),
}

#[derive(Debug)]
pub(crate) struct Object {
    pub(crate) members: Vec<Member>,
    /// The tokens between the braces, as written: what serde_json's `json!` gets for an object
    /// whose keys are not [fixed](Object::has_fixed_keys).
    pub(crate) tokens: TokenStream,
    /// The braces.
    pub(crate) span: proc_macro2::Span,
}

#[derive(Debug)]
pub(crate) struct Member {
    pub(crate) key: Key,
    pub(crate) value: JsonValue,
}

#[derive(Debug)]
pub(crate) enum Key {
    /// `"name"`: the string's value.
    Literal(String),
    /// `name`, `code.as_str()`…: serde_json's `json!` turns it `.into()` a `String`, so the
    /// object is left to it (its tokens are [`Object::tokens`]).
    Computed,
}

impl Object {
    /// Every key a string literal, and no key twice: the object's text is known but for its
    /// values. A computed key, or a repeated one (JavaScript and serde_json keep the last value,
    /// at the first one's place), is left to serde_json.
    pub(crate) fn has_fixed_keys(&self) -> bool {
        let mut seen = std::collections::HashSet::new();
        self.members.iter().all(|member| match &member.key {
            Key::Literal(key) => seen.insert(key.as_str()),
            Key::Computed => false,
        })
    }
}

impl Parse for JsonValue {
    fn parse(input: ParseStream<'_>) -> syn::Result<Self> {
        if input.is_empty() {
            return Err(
                input.error("expected a JSON value: `null`, `[..]`, `{..}` or a Rust expression")
            );
        }
        // `null`, `[..]` and `{..}` are JSON only as a whole value: `[1, 2].len()` is Rust.
        if is_whole_value(input) {
            if input.peek(syn::token::Bracket) {
                return parse_array(input);
            }
            if input.peek(syn::token::Brace) {
                return parse_object(input);
            }
            if input.peek(syn::Ident) && input.fork().parse::<syn::Ident>()? == "null" {
                input.parse::<syn::Ident>()?;
                return Ok(JsonValue::Null);
            }
        }
        input.parse().map(JsonValue::Expr)
    }
}

/// The next token tree ends the value: a `,` or the end follows it.
fn is_whole_value(input: ParseStream<'_>) -> bool {
    let fork = input.fork();
    fork.parse::<proc_macro2::TokenTree>().is_ok() && (fork.is_empty() || fork.peek(Token![,]))
}

fn parse_array(input: ParseStream<'_>) -> syn::Result<JsonValue> {
    let content;
    bracketed!(content in input);
    let mut items = Vec::new();
    while !content.is_empty() {
        items.push(content.parse()?);
        if content.is_empty() {
            break;
        }
        content.parse::<Token![,]>()?;
    }
    Ok(JsonValue::Array(items))
}

fn parse_object(input: ParseStream<'_>) -> syn::Result<JsonValue> {
    let content;
    let braces = braced!(content in input);
    let tokens: TokenStream = content.fork().parse()?;
    let mut members = Vec::new();
    while !content.is_empty() {
        let key = parse_key(&content)?;
        content.parse::<Token![:]>()?;
        let value = content.parse()?;
        members.push(Member { key, value });
        if content.is_empty() {
            break;
        }
        content.parse::<Token![,]>()?;
    }
    Ok(JsonValue::Object(Object {
        members,
        tokens,
        span: braces.span.join(),
    }))
}

/// The tokens before the key's `:` (a path's `::` belongs to the key).
fn parse_key(input: ParseStream<'_>) -> syn::Result<Key> {
    let mut tokens = TokenStream::new();
    loop {
        if input.peek(Token![::]) {
            input.parse::<Token![::]>()?.to_tokens(&mut tokens);
        } else if input.peek(Token![:]) {
            break;
        } else if input.is_empty() || input.peek(Token![,]) {
            return Err(input.error("expected `:` after the key: `\"key\": value`"));
        } else {
            let token = input.parse::<proc_macro2::TokenTree>()?;
            let string_key =
                tokens.is_empty() && syn::parse2::<syn::LitStr>(token.to_token_stream()).is_ok();
            token.to_tokens(&mut tokens);
            // `"a" 1`: the mistake is at the `1`, not at the end of the object.
            if string_key && !input.is_empty() && !input.peek(Token![:]) {
                return Err(input.error("expected `:` after the key: `\"key\": value`"));
            }
        }
    }
    if tokens.is_empty() {
        return Err(input.error("expected a key before `:`: `\"key\": value`"));
    }
    Ok(match syn::parse2::<syn::LitStr>(tokens) {
        Ok(literal) => Key::Literal(literal.value()),
        Err(_) => Key::Computed,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(source: &str) -> Result<JsonValue, String> {
        syn::parse_str::<JsonValue>(source).map_err(|error| error.to_string())
    }

    /// The value as a short outline: `{a: [null, expr]}`.
    fn outline(value: &JsonValue) -> String {
        match value {
            JsonValue::Null => "null".to_owned(),
            JsonValue::Expr(expr) => format!("<{}>", expr.to_token_stream()),
            JsonValue::Array(items) => {
                let items: Vec<String> = items.iter().map(outline).collect();
                format!("[{}]", items.join(", "))
            }
            JsonValue::Object(object) => {
                let members: Vec<String> = object
                    .members
                    .iter()
                    .map(|member| {
                        let key = match &member.key {
                            Key::Literal(key) => key.clone(),
                            Key::Computed => "(computed)".to_owned(),
                        };
                        format!("{key}: {}", outline(&member.value))
                    })
                    .collect();
                format!("{{{}}}", members.join(", "))
            }
        }
    }

    #[test]
    fn nested_json_and_expressions() {
        let value = parse(r#"{ "a": [1, null, { "b": x * 2 }], "c": {}, "d": [], }"#).unwrap();
        assert_eq!(
            outline(&value),
            "{a: [<1>, null, {b: <x * 2>}], c: {}, d: []}"
        );
    }

    #[test]
    fn commas_inside_an_expression_do_not_end_it() {
        let value = parse(r#"{ "map": HashMap::<String, u8>::new(), "t": f(a, b) }"#).unwrap();
        assert_eq!(
            outline(&value),
            "{map: <HashMap :: < String , u8 > :: new ()>, t: <f (a , b)>}"
        );
    }

    #[test]
    fn json_punctuation_followed_by_more_is_an_expression() {
        let value = parse(r#"{ "n": [1, 2].len(), "z": null_count }"#).unwrap();
        assert_eq!(outline(&value), "{n: <[1 , 2] . len ()>, z: <null_count>}");
    }

    #[test]
    fn keys_are_literals_or_expressions_up_to_the_colon() {
        let value = parse(r#"{ "a": 1, code: 2, Kind::NAME: 3, (x + y): 4 }"#).unwrap();
        assert_eq!(
            outline(&value),
            "{a: <1>, (computed): <2>, (computed): <3>, (computed): <4>}"
        );
    }

    #[test]
    fn fixed_keys_are_literal_and_distinct() {
        let fixed = |source: &str| match parse(source).unwrap() {
            JsonValue::Object(object) => object.has_fixed_keys(),
            _ => unreachable!(),
        };
        assert!(fixed(r#"{ "a": 1, "b": 2 }"#));
        assert!(fixed("{}"));
        assert!(!fixed(r#"{ "a": 1, "a": 2 }"#));
        assert!(!fixed(r#"{ "a": 1, b: 2 }"#));
    }

    #[test]
    fn mistakes_are_named() {
        assert_eq!(
            parse("").unwrap_err(),
            "unexpected end of input, expected a JSON value: `null`, `[..]`, `{..}` or a Rust expression"
        );
        assert_eq!(
            parse(r#"{ "a" 1 }"#).unwrap_err(),
            "expected `:` after the key: `\"key\": value`"
        );
        assert_eq!(
            parse(r#"{ : 1 }"#).unwrap_err(),
            "expected a key before `:`: `\"key\": value`"
        );
        assert_eq!(
            parse(r#"{ "a": }"#).unwrap_err(),
            "unexpected end of input, expected a JSON value: `null`, `[..]`, `{..}` or a Rust expression"
        );
        assert_eq!(parse("[1 2]").unwrap_err(), "expected `,`");
        assert_eq!(parse("1, 2").unwrap_err(), "unexpected token");
    }
}
