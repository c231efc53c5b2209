//! The answer to a method no handler of a page takes.

use std::convert::Infallible;
use std::future::Ready;
use std::task::{Context, Poll};

use axum::extract::Request as AxumRequest;
use axum::response::{IntoResponse, Response as AxumResponse};
use http::StatusCode;
use http::header::{self, HeaderValue};

/// 405 with one `Allow` line per method and the body of Next.js's own idiom
/// (nextjs-compat 4.3), `Method DELETE Not Allowed`, no `Content-Type`. `routes!` makes it the
/// fallback of pages whose handlers all name their methods.
#[derive(Debug, Clone, Copy)]
pub struct MethodNotAllowed(pub &'static [&'static str]);

impl tower::Service<AxumRequest> for MethodNotAllowed {
    type Response = AxumResponse;
    type Error = Infallible;
    type Future = Ready<Result<AxumResponse, Infallible>>;

    fn poll_ready(&mut self, _cx: &mut Context<'_>) -> Poll<Result<(), Self::Error>> {
        Poll::Ready(Ok(()))
    }

    fn call(&mut self, request: AxumRequest) -> Self::Future {
        let message = format!("Method {} Not Allowed", request.method());
        let mut response = (StatusCode::METHOD_NOT_ALLOWED, message).into_response();
        response.headers_mut().remove(header::CONTENT_TYPE);
        for method in self.0 {
            response
                .headers_mut()
                .append(header::ALLOW, HeaderValue::from_static(method));
        }
        std::future::ready(Ok(response))
    }
}
