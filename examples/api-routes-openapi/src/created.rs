//! `201 Created` as a type the document can read.
//!
//! axum's `(StatusCode::CREATED, Json(user))` answers the same, but a tuple's status is a value,
//! unknown to the type: the document could only say "some answer". A type of our own that
//! implements [`DescribeOutput`] tells it the status and the body's schema. This is how any
//! answer type of an app joins the document.

use api_routes::axum::http::StatusCode;
use api_routes::openapi::{Describe, DescribeOutput};
use api_routes::prelude::*;
use schemars::JsonSchema;
use serde::Serialize;

/// `201 Created` with `T` as JSON.
#[derive(Debug)]
pub struct Created<T>(pub T);

impl<T: Serialize> IntoResponse for Created<T> {
    fn into_response(self) -> api_routes::axum::response::Response {
        (StatusCode::CREATED, Json(self.0)).into_response()
    }
}

impl<T: JsonSchema> DescribeOutput for Created<T> {
    fn describe_output(operation: &mut Describe<'_>) {
        let schema = operation.schema::<T>();
        operation.answer("201", "Created.", Some(("application/json", schema)));
    }
}
