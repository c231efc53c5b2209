//! How a handler's argument and return types describe themselves in the document.
//!
//! The generated `openapi()` hands every argument type and the return type of each handler to
//! [`Probe`] (through `probes2`, which infers them from the handler). A type that implements [`DescribeInput`] or [`DescribeOutput`]
//! adds what it knows (a JSON body and its schema, query parameters, an answer); any other type
//! adds nothing, so a page with custom extractors still compiles and still appears. Picking
//! between the two at compile time without specialization uses method resolution's autoref
//! order ("autoref-based specialization", described by dtolnay in the `case-studies`
//! repository): [`DescribedInput`] is implemented for `Probe<T>` when `T` describes itself,
//! [`UndescribedInput`] for `&Probe<T>` always, and a call on `&Probe<T>` finds the first
//! before the second. The same pair exists for return types.

use std::future::Future;
use std::marker::PhantomData;

use axum::Json;
use axum::extract::{Form, Query};
use axum::response::Html;
use http::StatusCode;
use indexmap::IndexMap;
use schemars::{JsonSchema, SchemaGenerator};
use serde_json::{Value, json};

use super::document::{Answer, MediaType, Operation, Parameter, RequestBody};
use crate::{ApiError, Request, RequestRejection, Response, Untyped};

/// One operation being described, with the schema generator of the whole document.
#[derive(Debug)]
pub struct Describe<'a> {
    pub(super) operation: &'a mut Operation,
    pub(super) schemas: &'a mut SchemaGenerator,
    /// The route's body limit as written (`"1mb"`).
    pub(super) body_limit: &'static str,
}

impl Describe<'_> {
    /// The handler's `///` docs: the first paragraph is the summary, the rest the description.
    pub fn docs(&mut self, docs: &str) {
        let docs = docs.trim();
        if docs.is_empty() {
            return;
        }
        let (summary, rest) = docs.split_once("\n\n").unwrap_or((docs, ""));
        self.operation.summary = Some(summary.split_whitespace().collect::<Vec<_>>().join(" "));
        if !rest.trim().is_empty() {
            self.operation.description = Some(rest.trim().to_owned());
        }
    }

    /// `T`'s schema: a `$ref` into `#/components/schemas` for named types.
    pub fn schema<T: JsonSchema + ?Sized>(&mut self) -> Value {
        match self.schemas.subschema_for::<T>().to_value() {
            // JSON Schema's `true` (anything, e.g. `serde_json::Value`) is valid OpenAPI 3.1, but
            // several tools read only objects.
            Value::Bool(true) => json!({}),
            Value::Bool(false) => json!({ "not": {} }),
            schema => schema,
        }
    }

    /// A JSON body of type `T` that the handler requires.
    pub fn json_body<T: JsonSchema>(&mut self) {
        let schema = self.schema::<T>();
        self.body("application/json", schema, true);
        self.answer(
            "400",
            "The body is not JSON (axum's `Json`: `Failed to parse the request body as JSON`).",
            None,
        );
        self.body_too_large();
        self.answer(
            "415",
            "The body is not `application/json` (axum's `Json`).",
            None,
        );
        self.answer(
            "422",
            "The JSON does not fit the schema (axum's `Json`).",
            None,
        );
    }

    /// A body with `media_type` and `schema`.
    pub fn body(&mut self, media_type: &str, schema: Value, required: bool) {
        let limit = self.body_limit;
        let body = self
            .operation
            .request_body
            .get_or_insert_with(|| RequestBody {
                description: Some(format!(
                    "At most {limit}; a larger body answers 413 `Body exceeded {limit} limit`."
                )),
                content: IndexMap::new(),
                required,
            });
        body.required |= required;
        body.content.insert(
            media_type.to_owned(),
            MediaType {
                schema,
                example: None,
            },
        );
    }

    /// The answers the body parser of a `Request` gives before the handler runs: Next.js's
    /// plain-text errors, whose body and reason phrase are the message and which carry no
    /// `Content-Type`, so no media type is listed.
    fn body_errors(&mut self) {
        self.answer(
            "400",
            "`Invalid JSON` or `Invalid body`: the body does not parse as its `Content-Type` says (the message is the body, without a `Content-Type`).",
            None,
        );
        self.body_too_large();
    }

    fn body_too_large(&mut self) {
        let limit = self.body_limit;
        self.answer(
            "413",
            &format!(
                "`Body exceeded {limit} limit` (the message is the body, without a `Content-Type`)."
            ),
            None,
        );
    }

    /// Query parameters: one per property of `T`'s object schema.
    pub fn query<T: JsonSchema>(&mut self) {
        let name = T::schema_name();
        let known = self.schemas.definitions().contains_key(name.as_ref());
        let schema = self.schema::<T>();
        let object = self.resolve(&schema);
        // The parameters are the schema; a definition only they used would be left unreferenced.
        if !known {
            self.schemas.definitions_mut().remove(name.as_ref());
        }
        let required: Vec<String> = object["required"]
            .as_array()
            .map(|names| {
                names
                    .iter()
                    .filter_map(|name| name.as_str().map(str::to_owned))
                    .collect()
            })
            .unwrap_or_default();
        if let Some(properties) = object["properties"].as_object() {
            for (name, schema) in properties {
                let mut schema = schema.clone();
                let description = schema
                    .as_object_mut()
                    .and_then(|schema| schema.remove("description"))
                    .and_then(|text| text.as_str().map(str::to_owned));
                self.operation.parameters.push(Parameter {
                    name: name.clone(),
                    location: "query",
                    required: required.contains(name),
                    description,
                    schema: without_null(schema),
                });
            }
        }
    }

    /// An answer with `status` (`"200"`, `"4XX"`, `"default"`), unless one is there already.
    pub fn answer(&mut self, status: &str, description: &str, body: Option<(&str, Value)>) {
        self.operation
            .responses
            .entry(status.to_owned())
            .or_insert_with(|| Answer {
                description: description.to_owned(),
                content: body
                    .into_iter()
                    .map(|(media_type, schema)| {
                        (
                            media_type.to_owned(),
                            MediaType {
                                schema,
                                example: None,
                            },
                        )
                    })
                    .collect(),
            });
    }

    /// A named schema's definition (the `$ref`'s target), or the schema itself.
    fn resolve(&self, schema: &Value) -> Value {
        schema["$ref"]
            .as_str()
            .and_then(|reference| reference.rsplit('/').next())
            .and_then(|name| self.schemas.definitions().get(name))
            .cloned()
            .unwrap_or_else(|| schema.clone())
    }
}

/// A query value is text: `Option<T>`'s `"null"` in a type list cannot arrive, an absent key is
/// `required: false`.
fn without_null(mut schema: Value) -> Value {
    if let Some(types) = schema.get_mut("type").and_then(Value::as_array_mut) {
        types.retain(|kind| kind != "null");
        if let [single] = types.as_slice() {
            let single = single.clone();
            schema["type"] = single;
        }
    }
    schema
}

/// An argument type that tells the document what it reads.
pub trait DescribeInput {
    /// Adds to the operation what this extractor reads.
    fn describe_input(operation: &mut Describe<'_>);
}

/// A return type that tells the document what it answers.
pub trait DescribeOutput {
    /// Adds to the operation what this answer sends.
    fn describe_output(operation: &mut Describe<'_>);
}

/// A type, carried to the `Described…` or `Undescribed…` traits; see the module docs.
#[derive(Debug)]
pub struct Probe<T>(PhantomData<fn() -> T>);

impl<T> Probe<T> {
    /// The probe of `T`.
    pub const fn new() -> Self {
        Self(PhantomData)
    }
}

/// `probes2(handler)`, with `handler: fn(_, _) -> _`: a probe per argument type and one for the answer, the
/// types inferred from the handler itself. The generated code never writes a type the page
/// wrote, so a mistake in one is reported once, at the page, and an `impl IntoResponse`
/// answer needs no name.
macro_rules! probes {
    ($($name:ident: $($arg:ident),*;)*) => {$(
        /// Probes of the handler's argument types and of its answer.
        #[allow(clippy::type_complexity)]
        pub fn $name<$($arg,)* Fut: Future>(_handler: fn($($arg),*) -> Fut) -> ($(Probe<$arg>,)* Probe<Fut::Output>,) {
            ($(Probe::<$arg>::new(),)* Probe::new(),)
        }
    )*};
}

probes! {
    probes0: ;
    probes1: A1;
    probes2: A1, A2;
    probes3: A1, A2, A3;
    probes4: A1, A2, A3, A4;
    probes5: A1, A2, A3, A4, A5;
    probes6: A1, A2, A3, A4, A5, A6;
    probes7: A1, A2, A3, A4, A5, A6, A7;
    probes8: A1, A2, A3, A4, A5, A6, A7, A8;
    probes9: A1, A2, A3, A4, A5, A6, A7, A8, A9;
    probes10: A1, A2, A3, A4, A5, A6, A7, A8, A9, A10;
    probes11: A1, A2, A3, A4, A5, A6, A7, A8, A9, A10, A11;
    probes12: A1, A2, A3, A4, A5, A6, A7, A8, A9, A10, A11, A12;
    probes13: A1, A2, A3, A4, A5, A6, A7, A8, A9, A10, A11, A12, A13;
    probes14: A1, A2, A3, A4, A5, A6, A7, A8, A9, A10, A11, A12, A13, A14;
    probes15: A1, A2, A3, A4, A5, A6, A7, A8, A9, A10, A11, A12, A13, A14, A15;
    probes16: A1, A2, A3, A4, A5, A6, A7, A8, A9, A10, A11, A12, A13, A14, A15, A16;
}

impl<T> Default for Probe<T> {
    fn default() -> Self {
        Self::new()
    }
}

/// Chosen for argument types that describe themselves.
pub trait DescribedInput {
    /// `T`'s description.
    fn input(&self, operation: &mut Describe<'_>);
}

/// Chosen for every other argument type: it adds nothing.
pub trait UndescribedInput {
    /// Nothing.
    fn input(&self, _operation: &mut Describe<'_>) {}
}

/// Chosen for return types that describe themselves.
pub trait DescribedOutput {
    /// `T`'s description.
    fn output(&self, operation: &mut Describe<'_>);
}

/// Chosen for every other return type: it adds nothing.
pub trait UndescribedOutput {
    /// Nothing.
    fn output(&self, _operation: &mut Describe<'_>) {}
}

impl<T: DescribeInput> DescribedInput for Probe<T> {
    fn input(&self, operation: &mut Describe<'_>) {
        T::describe_input(operation);
    }
}

impl<T> UndescribedInput for &Probe<T> {}

impl<T: DescribeOutput> DescribedOutput for Probe<T> {
    fn output(&self, operation: &mut Describe<'_>) {
        T::describe_output(operation);
    }
}

impl<T> UndescribedOutput for &Probe<T> {}

impl DescribeInput for Request {
    fn describe_input(operation: &mut Describe<'_>) {
        operation.body("application/json", json!({}), false);
        operation.body(
            "application/x-www-form-urlencoded",
            // `req.body()` of a form: each key a string, or a list where it repeats.
            json!({
                "type": "object",
                "additionalProperties": {
                    "anyOf": [
                        { "type": "string" },
                        { "type": "array", "items": { "type": "string" } }
                    ]
                }
            }),
            false,
        );
        operation.body("text/plain", json!({ "type": "string" }), false);
        operation.body_errors();
    }
}

impl<T: JsonSchema> DescribeInput for Json<T> {
    fn describe_input(operation: &mut Describe<'_>) {
        operation.json_body::<T>();
    }
}

impl<T: JsonSchema> DescribeOutput for Json<T> {
    fn describe_output(operation: &mut Describe<'_>) {
        let schema = operation.schema::<T>();
        operation.answer("200", "The answer.", Some(("application/json", schema)));
    }
}

impl<T: JsonSchema> DescribeInput for Query<T> {
    fn describe_input(operation: &mut Describe<'_>) {
        operation.query::<T>();
        operation.answer(
            "400",
            "The query string does not fit (axum's `Query`).",
            None,
        );
    }
}

impl<T: JsonSchema> DescribeInput for Form<T> {
    fn describe_input(operation: &mut Describe<'_>) {
        let schema = operation.schema::<T>();
        operation.body("application/x-www-form-urlencoded", schema, true);
        operation.body_errors();
    }
}

impl DescribeOutput for Response<Untyped> {
    fn describe_output(operation: &mut Describe<'_>) {
        operation.answer(
            "200",
            "The page's answer, untyped: declare `Response<T>` to describe its body.",
            None,
        );
    }
}

impl<T: JsonSchema> DescribeOutput for Response<T> {
    fn describe_output(operation: &mut Describe<'_>) {
        let schema = operation.schema::<T>();
        operation.answer("200", "The answer.", Some(("application/json", schema)));
        operation.answer(
            "304",
            "Not Modified: the request's `If-None-Match` has the answer's `ETag`.",
            None,
        );
    }
}

impl DescribeOutput for ApiError {
    fn describe_output(operation: &mut Describe<'_>) {
        // Next.js's `sendError`: the message is the body and the reason phrase, and no
        // `Content-Type` is sent, so no media type is listed.
        operation.answer(
            "4XX",
            "An `ApiError`: its message is the body (without a `Content-Type`) and the reason phrase.",
            None,
        );
        operation.answer(
            "5XX",
            "An `ApiError`, or a failure the page did not expect (`Internal Server Error`).",
            None,
        );
    }
}

/// `(StatusCode, answer)`: the answer's description under `2XX`, since the status is only known
/// when the page runs.
impl<T: DescribeOutput> DescribeOutput for (StatusCode, T) {
    fn describe_output(operation: &mut Describe<'_>) {
        T::describe_output(operation);
        if let Some(success) = operation.operation.responses.shift_remove("200") {
            operation
                .operation
                .responses
                .insert("2XX".to_owned(), success);
        }
    }
}

impl DescribeOutput for RequestRejection {
    fn describe_output(operation: &mut Describe<'_>) {
        operation.body_errors();
    }
}

impl DescribeOutput for String {
    fn describe_output(operation: &mut Describe<'_>) {
        operation.answer(
            "200",
            "The answer, as text.",
            Some(("text/plain; charset=utf-8", json!({ "type": "string" }))),
        );
    }
}

impl DescribeOutput for &'static str {
    fn describe_output(operation: &mut Describe<'_>) {
        String::describe_output(operation);
    }
}

impl<T> DescribeOutput for Html<T> {
    fn describe_output(operation: &mut Describe<'_>) {
        operation.answer(
            "200",
            "The answer, as HTML.",
            Some(("text/html; charset=utf-8", json!({ "type": "string" }))),
        );
    }
}

impl DescribeOutput for StatusCode {
    fn describe_output(operation: &mut Describe<'_>) {
        operation.answer("default", "A status without a body.", None);
    }
}

impl DescribeOutput for () {
    fn describe_output(operation: &mut Describe<'_>) {
        operation.answer("200", "An empty answer.", None);
    }
}

impl<T: DescribeOutput, E: DescribeOutput> DescribeOutput for Result<T, E> {
    fn describe_output(operation: &mut Describe<'_>) {
        T::describe_output(operation);
        E::describe_output(operation);
    }
}
