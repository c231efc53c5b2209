//! The layer `routes!` puts around each page: a panic answers 500 and a page running past its
//! maximum duration answers 504; the request carries its [`Page`] to the extractors.

use std::convert::Infallible;
use std::future::Future;
use std::panic::AssertUnwindSafe;
use std::pin::Pin;
use std::task::{Context, Poll};
use std::time::Duration;

use axum::extract::Request as AxumRequest;
use axum::response::Response as AxumResponse;
use futures_util::FutureExt;
use http::StatusCode;

use crate::error::plain_error;
use crate::options::RouterOptions;
use crate::page::Page;

/// Next.js answers 500 when a handler throws (nextjs-compat 3.8); a Rust handler panics
/// instead. This turns the panic into that 500, logged with the page, and bounds how long the
/// page runs. tower-http's `CatchPanic` and `Timeout` would need two boxed futures and cannot
/// name the page in the log line; this is one.
#[derive(Debug, Clone, Copy)]
pub struct GuardLayer {
    page: &'static Page,
    max_duration: Option<Duration>,
}

impl GuardLayer {
    /// The guard of `page`: its own `max_duration`, else the router's.
    pub fn new(options: &RouterOptions, page: &'static Page) -> Self {
        let max_duration = page
            .max_duration_seconds
            .map(Duration::from_secs)
            .or(options.max_duration);
        Self { page, max_duration }
    }
}

impl<S> tower::Layer<S> for GuardLayer {
    type Service = Guard<S>;

    fn layer(&self, inner: S) -> Self::Service {
        Guard {
            inner,
            page: self.page,
            max_duration: self.max_duration,
        }
    }
}

/// The service [`GuardLayer`] makes.
#[derive(Debug, Clone)]
pub struct Guard<S> {
    inner: S,
    page: &'static Page,
    max_duration: Option<Duration>,
}

type BoxFuture = Pin<Box<dyn Future<Output = Result<AxumResponse, Infallible>> + Send>>;

impl<S> tower::Service<AxumRequest> for Guard<S>
where
    S: tower::Service<AxumRequest, Response = AxumResponse, Error = Infallible> + Send + 'static,
    S::Future: Send + 'static,
{
    type Response = AxumResponse;
    type Error = Infallible;
    type Future = BoxFuture;

    fn poll_ready(&mut self, cx: &mut Context<'_>) -> Poll<Result<(), Self::Error>> {
        self.inner.poll_ready(cx)
    }

    fn call(&mut self, mut request: AxumRequest) -> Self::Future {
        let page = self.page;
        // Only a page with parameters needs its pattern later; a static page skips the insert,
        // which grows the extension map (about 550 instructions a request).
        if page.has_params() {
            request.extensions_mut().insert(page);
        }
        let max_duration = self.max_duration;
        let guarded = AssertUnwindSafe(self.inner.call(request)).catch_unwind();
        Box::pin(async move {
            let outcome = match max_duration {
                Some(limit) => match tokio::time::timeout(limit, guarded).await {
                    Ok(outcome) => outcome,
                    Err(_) => {
                        tracing::error!(page = %page, "handler did not answer within {limit:?}; answering 504");
                        return Ok(plain_error(StatusCode::GATEWAY_TIMEOUT, "Gateway Timeout"));
                    }
                },
                None => guarded.await,
            };
            match outcome {
                Ok(result) => result,
                Err(panic) => {
                    let message = panic
                        .downcast_ref::<&str>()
                        .map(|message| (*message).to_owned())
                        .or_else(|| panic.downcast_ref::<String>().cloned())
                        .unwrap_or_else(|| "a non-string panic payload".to_owned());
                    tracing::error!(page = %page, "handler panicked: {message}");
                    Ok(plain_error(
                        StatusCode::INTERNAL_SERVER_ERROR,
                        "Internal Server Error",
                    ))
                }
            }
        })
    }
}
