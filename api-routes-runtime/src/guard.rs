//! The layer `routes!` puts around each page, and `apply_options` around the fallback: what
//! Next.js's server does around an API route, in one service so a request pays for one layer.
//!
//! In order: the redirects and `400`s Next.js answers before routing (`conventions.rs`); the
//! page's own parameters and options for the extractors; the page, where a panic answers 500 and
//! a page running past its maximum duration answers 504; compression and `Vary` on the way out
//! (`compression.rs`).

use std::convert::Infallible;
use std::future::Future;
use std::panic::AssertUnwindSafe;
use std::pin::Pin;
use std::task::{Context, Poll, ready};
use std::time::Duration;

use axum::extract::Request as AxumRequest;
use axum::response::Response as AxumResponse;
use futures_util::FutureExt;
use futures_util::future::CatchUnwind;
use http::StatusCode;
use tokio::time::Sleep;

use crate::compression::{self, Compressor, CompressorFuture};
use crate::error::plain_error;
use crate::options::RouterOptions;
use crate::page::Page;

/// Next.js answers 500 when a handler throws (nextjs-compat 3.8); a Rust handler panics
/// instead. This turns the panic into that 500, logged with the page, and bounds how long the
/// page runs. tower-http's `CatchPanic` and `Timeout` would need two boxed futures and cannot
/// name the page in the log line; this is one, unboxed.
#[derive(Debug, Clone, Copy)]
pub struct GuardLayer {
    page: Option<&'static Page>,
    max_duration: Option<Duration>,
    options: RouterOptions,
}

impl GuardLayer {
    /// The guard of `page`: its own `max_duration`, else the router's.
    pub fn new(options: &RouterOptions, page: &'static Page) -> Self {
        let max_duration = page
            .max_duration_seconds
            .map(Duration::from_secs)
            .or(options.max_duration);
        Self {
            page: Some(page),
            max_duration,
            options: *options,
        }
    }

    /// The guard of the router's fallback: redirects and compression, no page and no deadline.
    pub(crate) fn fallback(options: RouterOptions) -> Self {
        Self {
            page: None,
            max_duration: None,
            options,
        }
    }
}

impl<S> tower::Layer<S> for GuardLayer {
    type Service = Guard<S>;

    fn layer(&self, inner: S) -> Self::Service {
        Guard {
            compressor: compression::compressor(Watch {
                inner,
                page: self.page,
                max_duration: self.max_duration,
                fuse_streams: self.options.compress,
            }),
            // Only a page with parameters needs its pattern later; a static page skips the
            // insert, which grows the extension map (about 550 instructions a request).
            params_page: self.page.filter(|page| page.has_params()),
            options: self.options,
        }
    }
}

/// The service [`GuardLayer`] makes.
#[derive(Clone)]
pub struct Guard<S> {
    compressor: Compressor<Watch<S>>,
    params_page: Option<&'static Page>,
    options: RouterOptions,
}

impl<S> std::fmt::Debug for Guard<S> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Guard")
            .field("params_page", &self.params_page)
            .field("options", &self.options)
            .finish_non_exhaustive()
    }
}

/// Tells the extractors that the router was built with `generate_etags(false)`; absent by
/// default, so the default costs no insert.
#[derive(Debug, Clone, Copy)]
pub(crate) struct NoEtags;

impl<S> tower::Service<AxumRequest> for Guard<S>
where
    S: tower::Service<AxumRequest, Response = AxumResponse, Error = Infallible>,
    // axum's `Route` future is: the guard polls it without a box or a pin projection.
    S::Future: Unpin,
{
    type Response = AxumResponse;
    type Error = Infallible;
    type Future = GuardFuture<S::Future>;

    fn poll_ready(&mut self, cx: &mut Context<'_>) -> Poll<Result<(), Self::Error>> {
        self.compressor.poll_ready(cx)
    }

    fn call(&mut self, mut request: AxumRequest) -> Self::Future {
        let vary = self.options.compress;
        if let Some(response) = self.options.answer_before_routing(request.uri()) {
            return GuardFuture(Answer::Ready {
                response: Some(response),
                vary,
            });
        }
        if let Some(page) = self.params_page {
            request.extensions_mut().insert(page);
        }
        if !self.options.generate_etags {
            request.extensions_mut().insert(NoEtags);
        }
        if self.options.compress && compression::may_compress(&request) {
            GuardFuture(Answer::Compressed(self.compressor.call(request)))
        } else {
            GuardFuture(Answer::Direct {
                watched: self.compressor.get_mut().call(request),
                vary,
            })
        }
    }
}

/// The future of [`Guard`]: a named type, so axum's own box is the only one.
#[derive(Debug)]
pub struct GuardFuture<F>(Answer<F>);

#[derive(Debug)]
enum Answer<F> {
    /// Answered before the page ran (a redirect or a `400`).
    Ready {
        response: Option<AxumResponse>,
        vary: bool,
    },
    /// The page, answered as it is (`Vary` aside).
    Direct { watched: WatchFuture<F>, vary: bool },
    /// The page, through tower-http's compression.
    Compressed(CompressorFuture<WatchFuture<F>>),
}

impl<F> Future for GuardFuture<F>
where
    F: Future<Output = Result<AxumResponse, Infallible>> + Unpin,
{
    type Output = Result<AxumResponse, Infallible>;

    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Self::Output> {
        let (mut response, vary) = match &mut self.get_mut().0 {
            Answer::Ready { response, vary } => {
                (response.take().expect("polled after completion"), *vary)
            }
            Answer::Direct { watched, vary } => {
                let Ok(response) = ready!(Pin::new(watched).poll(cx));
                (response, *vary)
            }
            Answer::Compressed(compressed) => {
                let Ok(response) = ready!(Pin::new(compressed).poll(cx));
                return Poll::Ready(Ok(compression::finish_compressed(response)));
            }
        };
        if vary {
            compression::vary_on_accept_encoding(&mut response);
        }
        Poll::Ready(Ok(response))
    }
}

/// The page with its panics caught and its deadline watched.
#[derive(Debug, Clone)]
pub(crate) struct Watch<S> {
    inner: S,
    page: Option<&'static Page>,
    max_duration: Option<Duration>,
    /// Compression is on: tower-http may poll a streamed body past its end.
    fuse_streams: bool,
}

impl<S> tower::Service<AxumRequest> for Watch<S>
where
    S: tower::Service<AxumRequest, Response = AxumResponse, Error = Infallible>,
    S::Future: Unpin,
{
    type Response = AxumResponse;
    type Error = Infallible;
    type Future = WatchFuture<S::Future>;

    fn poll_ready(&mut self, cx: &mut Context<'_>) -> Poll<Result<(), Self::Error>> {
        self.inner.poll_ready(cx)
    }

    fn call(&mut self, request: AxumRequest) -> Self::Future {
        WatchFuture {
            page: AssertUnwindSafe(self.inner.call(request)).catch_unwind(),
            name: self.page,
            max_duration: self.max_duration,
            deadline: None,
            fuse_streams: self.fuse_streams,
        }
    }
}

/// The future of [`Watch`]. Its timer starts only when the page does not answer on the first
/// poll: most pages answer at once, and never touch the timer wheel.
#[derive(Debug)]
pub(crate) struct WatchFuture<F> {
    page: CatchUnwind<AssertUnwindSafe<F>>,
    name: Option<&'static Page>,
    max_duration: Option<Duration>,
    deadline: Option<Pin<Box<Sleep>>>,
    fuse_streams: bool,
}

impl<F> Future for WatchFuture<F>
where
    F: Future<Output = Result<AxumResponse, Infallible>> + Unpin,
{
    type Output = Result<AxumResponse, Infallible>;

    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Self::Output> {
        let this = self.get_mut();
        let page = PageName(this.name);
        match Pin::new(&mut this.page).poll(cx) {
            Poll::Ready(Ok(Ok(response))) if this.fuse_streams => {
                Poll::Ready(Ok(compression::fuse_stream(response)))
            }
            Poll::Ready(Ok(Ok(response))) => Poll::Ready(Ok(response)),
            Poll::Ready(Err(panic)) => {
                let message = panic
                    .downcast_ref::<&str>()
                    .map(|message| (*message).to_owned())
                    .or_else(|| panic.downcast_ref::<String>().cloned())
                    .unwrap_or_else(|| "a non-string panic payload".to_owned());
                tracing::error!(page = %page, "handler panicked: {message}");
                Poll::Ready(Ok(plain_error(
                    StatusCode::INTERNAL_SERVER_ERROR,
                    "Internal Server Error",
                )))
            }
            Poll::Pending => {
                let Some(limit) = this.max_duration else {
                    return Poll::Pending;
                };
                let deadline = this
                    .deadline
                    .get_or_insert_with(|| Box::pin(tokio::time::sleep(limit)));
                ready!(deadline.as_mut().poll(cx));
                tracing::error!(page = %page, "handler did not answer within {limit:?}; answering 504");
                Poll::Ready(Ok(plain_error(
                    StatusCode::GATEWAY_TIMEOUT,
                    "Gateway Timeout",
                )))
            }
        }
    }
}

/// The page as log lines name it; the fallback has none.
struct PageName(Option<&'static Page>);

impl std::fmt::Display for PageName {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self.0 {
            Some(page) => page.fmt(f),
            None => f.write_str("(fallback)"),
        }
    }
}
