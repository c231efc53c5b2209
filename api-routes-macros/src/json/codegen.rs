//! A `json!` literal as code: the text known at compile time (punctuation, keys, `null`) in as
//! few `raw` calls as there are values between them, each value written by serde_json.

use proc_macro2::{Delimiter, Group, Span, TokenStream};
use quote::{ToTokens, quote, quote_spanned};
use syn::spanned::Spanned;

use super::model::{JsonValue, Key};

/// One step of the writer.
#[derive(Debug)]
enum Part {
    Raw(String),
    /// An expression, and where the user wrote it.
    Value(TokenStream, Span),
}

/// What a value of unknown length is guessed to take in the buffer.
const BYTES_PER_VALUE: usize = 16;

/// `{ let mut w = Writer::with_capacity(..); w.raw("{\"a\":"); w.value(&(x)); w.raw("}"); w.finish() }`
pub(crate) fn literal(value: &JsonValue) -> TokenStream {
    let mut parts = Vec::new();
    write(value, &mut parts);
    let writer = syn::Ident::new("__json", Span::mixed_site());
    let capacity: usize = parts
        .iter()
        .map(|part| match part {
            Part::Raw(text) => text.len(),
            Part::Value(..) => BYTES_PER_VALUE,
        })
        .sum();
    let steps = parts.iter().map(|part| match part {
        Part::Raw(text) => quote!(#writer.raw(#text);),
        // Spanned so that "`X` is not `Serialize`" points at the user's expression.
        Part::Value(value, span) => quote_spanned!(*span=> #writer.value(&#value);),
    });
    quote! {{
        let mut #writer = ::api_routes::__private::json::Writer::with_capacity(#capacity);
        #(#steps)*
        #writer.finish()
    }}
}

fn write(value: &JsonValue, parts: &mut Vec<Part>) {
    match value {
        JsonValue::Null => raw(parts, "null"),
        JsonValue::Expr(expr) => {
            // `(expr)`, the parentheses where the expression is, so that an error about the
            // value points at the value alone.
            let mut parenthesized = Group::new(Delimiter::Parenthesis, expr.to_token_stream());
            parenthesized.set_span(expr.span());
            parts.push(Part::Value(parenthesized.into_token_stream(), expr.span()));
        }
        JsonValue::Array(items) => {
            raw(parts, "[");
            for (index, item) in items.iter().enumerate() {
                if index > 0 {
                    raw(parts, ",");
                }
                write(item, parts);
            }
            raw(parts, "]");
        }
        JsonValue::Object(object) if object.has_fixed_keys() => {
            raw(parts, "{");
            for (index, member) in object.members.iter().enumerate() {
                if index > 0 {
                    raw(parts, ",");
                }
                let Key::Literal(key) = &member.key else {
                    unreachable!("fixed keys are literals")
                };
                raw(parts, &escaped(key));
                raw(parts, ":");
                write(&member.value, parts);
            }
            raw(parts, "}");
        }
        JsonValue::Object(object) => {
            let tokens = &object.tokens;
            parts.push(Part::Value(
                quote!((::api_routes::__private::json::serde_json_value!({ #tokens }))),
                object.span,
            ));
        }
    }
}

/// Appends to the last raw part, so that text between two values is one call.
fn raw(parts: &mut Vec<Part>, text: &str) {
    match parts.last_mut() {
        Some(Part::Raw(last)) => last.push_str(text),
        _ => parts.push(Part::Raw(text.to_owned())),
    }
}

/// The key as a JSON string, escaped as serde_json escapes it.
fn escaped(key: &str) -> String {
    serde_json::Value::from(key).to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parts_of(source: &str) -> Vec<Part> {
        let mut parts = Vec::new();
        write(&syn::parse_str(source).unwrap(), &mut parts);
        parts
    }

    /// Each part as `raw …` or `value …`.
    fn described(parts: &[Part]) -> Vec<String> {
        parts
            .iter()
            .map(|part| match part {
                Part::Raw(text) => format!("raw {text}"),
                Part::Value(tokens, _) => format!("value {tokens}"),
            })
            .collect()
    }

    #[test]
    fn the_text_between_values_is_one_raw_part() {
        let parts = parts_of(r#"{ "name": name, "tags": ["a", null], "empty": {} }"#);
        let raws: Vec<&str> = parts
            .iter()
            .filter_map(|part| match part {
                Part::Raw(text) => Some(text.as_str()),
                Part::Value(..) => None,
            })
            .collect();
        assert_eq!(
            raws,
            [r#"{"name":"#, r#","tags":["#, r#",null],"empty":{}}"#]
        );
        assert_eq!(parts.len(), 5);
    }

    #[test]
    fn keys_are_escaped_as_json() {
        assert_eq!(
            described(&parts_of(r#"{ "quote\"and\\line\n": 1 }"#))[0],
            r#"raw {"quote\"and\\line\n":"#
        );
    }

    #[test]
    fn an_object_with_computed_or_repeated_keys_goes_to_serde_json() {
        for source in [r#"{ key: 1 }"#, r#"{ "a": 1, "a": 2 }"#] {
            let parts = parts_of(&format!("[{source}]"));
            let Part::Value(tokens, _) = &parts[1] else {
                panic!("{parts:?}")
            };
            assert!(
                tokens.to_string().contains("serde_json_value ! ({"),
                "{tokens}"
            );
        }
        // Its neighbours are still written directly.
        assert_eq!(parts_of(r#"[1, { key: 1 }]"#).len(), 5);
    }

    #[test]
    fn null_is_text_and_true_is_a_value() {
        assert_eq!(described(&parts_of("null")), ["raw null"]);
        assert_eq!(described(&parts_of("true")), ["value (true)"]);
    }
}
