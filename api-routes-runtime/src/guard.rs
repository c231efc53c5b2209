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
use axum::handler::Handler;
use axum::response::Response as AxumResponse;
use futures_util::FutureExt;
use futures_util::future::CatchUnwind;
use http::StatusCode;
use pin_project_lite::pin_project;
use tokio::time::Sleep;
use tower::Service;

use crate::compression::{self, Compressor, CompressorFuture};
use crate::error::plain_error;
use crate::options::RouterOptions;
use crate::page::Page;

/// Next.js answers 500 when a handler throws (nextjs-compat 3.8); a Rust handler panics
/// instead. This turns the panic into that 500, logged with the page, and bounds how long the
/// page runs. tower-http's `CatchPanic` and `Timeout` would need two boxed futures and cannot
/// name the page in the log line; this is one, unboxed.
///
/// It guards a page in one of two ways. [`GuardLayer::guard`] wraps each of the page's handlers
/// and its 405: axum boxes a handler once, as it boxes any handler, and the guard adds no box.
/// As a `tower::Layer` it wraps a page with folder middleware (the guard must be outside the
/// middleware) and the router's fallback: `MethodRouter::layer` boxes each layer it is given
/// into a `Route`, a boxed clone of the service and a boxed future per request.
#[derive(Debug, Clone, Copy)]
pub struct GuardLayer {
    /// The page the log lines name; the fallback has none.
    page: Option<&'static Page>,
    /// The page, for the extractors, when it has parameters: a static page skips the insert,
    /// which grows the extension map (about 550 instructions a request).
    params_page: Option<&'static Page>,
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
            params_page: Some(page).filter(|page| page.has_params()),
            max_duration,
            options: *options,
        }
    }

    /// The guard of the router's fallback: redirects and compression, no page and no deadline.
    pub(crate) fn fallback(options: RouterOptions) -> Self {
        Self {
            page: None,
            params_page: None,
            max_duration: None,
            options,
        }
    }

    /// `handler` inside this guard.
    pub fn guard<H>(self, handler: H) -> Guarded<H> {
        Guarded {
            handler,
            guard: self,
        }
    }

    /// What comes before the page: the answer Next.js gives before routing, if any; else the
    /// page's parameters and options put where the extractors look for them.
    fn prepare(&self, request: &mut AxumRequest) -> Option<AxumResponse> {
        if let Some(response) = self.options.answer_before_routing(request.uri()) {
            return Some(response);
        }
        if let Some(page) = self.params_page {
            request.extensions_mut().insert(page);
        }
        if !self.options.generate_etags {
            request.extensions_mut().insert(NoEtags);
        }
        None
    }

    /// Whether `request`'s answer goes through tower-http's compression.
    fn compresses(&self, request: &AxumRequest) -> bool {
        self.options.compress && compression::may_compress(request)
    }

    fn watch<S>(&self, inner: S) -> Watch<S> {
        Watch {
            inner,
            guard: *self,
        }
    }

    fn watch_future<F: Future>(&self, page: F) -> WatchFuture<F> {
        WatchFuture {
            page: AssertUnwindSafe(page).catch_unwind(),
            name: self.page,
            max_duration: self.max_duration,
            deadline: None,
            fuse_streams: self.options.compress,
        }
    }
}

impl<S> tower::Layer<S> for GuardLayer {
    type Service = Guard<S>;

    fn layer(&self, inner: S) -> Self::Service {
        Guard {
            compressor: compression::compressor(self.watch(inner)),
            guard: *self,
        }
    }
}

/// The service [`GuardLayer`] makes.
#[derive(Clone)]
pub struct Guard<S> {
    compressor: Compressor<Watch<S>>,
    guard: GuardLayer,
}

impl<S> std::fmt::Debug for Guard<S> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Guard")
            .field("guard", &self.guard)
            .finish_non_exhaustive()
    }
}

/// Tells the extractors that the router was built with `generate_etags(false)`; absent by
/// default, so the default costs no insert.
#[derive(Debug, Clone, Copy)]
pub(crate) struct NoEtags;

impl<S> Service<AxumRequest> for Guard<S>
where
    S: tower::Service<AxumRequest, Response = AxumResponse, Error = Infallible>,
{
    type Response = AxumResponse;
    type Error = Infallible;
    type Future = GuardFuture<S::Future>;

    fn poll_ready(&mut self, cx: &mut Context<'_>) -> Poll<Result<(), Self::Error>> {
        self.compressor.poll_ready(cx)
    }

    fn call(&mut self, mut request: AxumRequest) -> Self::Future {
        let vary = self.guard.options.compress;
        if let Some(response) = self.guard.prepare(&mut request) {
            GuardFuture::ready(response, vary)
        } else if self.guard.compresses(&request) {
            GuardFuture::compressed(self.compressor.call(request))
        } else {
            GuardFuture::direct(self.compressor.get_mut().call(request), vary)
        }
    }
}

/// A handler inside its page's guard, as `routes!` registers the handlers of a page without
/// folder middleware: see [`GuardLayer`].
#[derive(Debug, Clone)]
pub struct Guarded<H> {
    handler: H,
    guard: GuardLayer,
}

// Not offered as a way out when a user's handler is not a `Handler`: they never name this type.
#[diagnostic::do_not_recommend]
impl<H, T, S> Handler<T, S> for Guarded<H>
where
    H: Handler<T, S>,
    S: Send + 'static,
{
    type Future = GuardedFuture<H::Future>;

    fn call(self, mut request: AxumRequest, state: S) -> Self::Future {
        let vary = self.guard.options.compress;
        let answer = if let Some(response) = self.guard.prepare(&mut request) {
            GuardFuture::ready(response, vary)
        } else if self.guard.compresses(&request) {
            let handler = CallOnce(Some(move |request| HandlerFuture {
                future: self.handler.call(request, state),
            }));
            GuardFuture::compressed(
                compression::compressor(self.guard.watch(handler)).call(request),
            )
        } else {
            let future = HandlerFuture {
                future: self.handler.call(request, state),
            };
            GuardFuture::direct(self.guard.watch_future(future), vary)
        };
        GuardedFuture { answer }
    }
}

/// The handler as the service tower-http's compression wraps, for the one request it is made
/// for: its `call` hands the request on to the handler with the state it was given.
struct CallOnce<C>(Option<C>);

impl<C, F> Service<AxumRequest> for CallOnce<C>
where
    C: FnOnce(AxumRequest) -> F,
    F: Future<Output = Result<AxumResponse, Infallible>>,
{
    type Response = AxumResponse;
    type Error = Infallible;
    type Future = F;

    fn poll_ready(&mut self, _cx: &mut Context<'_>) -> Poll<Result<(), Self::Error>> {
        Poll::Ready(Ok(()))
    }

    fn call(&mut self, request: AxumRequest) -> F {
        let call = self
            .0
            .take()
            .expect("tower-http's compression calls its service once per request");
        call(request)
    }
}

pin_project! {
    /// A handler's future as a service's: its answer in `Ok`.
    #[derive(Debug)]
    pub struct HandlerFuture<F> {
        #[pin]
        future: F,
    }
}

impl<F: Future<Output = AxumResponse>> Future for HandlerFuture<F> {
    type Output = Result<AxumResponse, Infallible>;

    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Self::Output> {
        self.project().future.poll(cx).map(Ok)
    }
}

pin_project! {
    /// The future of [`Guarded`]: the guard's answer, as a handler's.
    #[derive(Debug)]
    pub struct GuardedFuture<F> {
        #[pin]
        answer: GuardFuture<HandlerFuture<F>>,
    }
}

impl<F: Future<Output = AxumResponse>> Future for GuardedFuture<F> {
    type Output = AxumResponse;

    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Self::Output> {
        let Ok(response) = ready!(self.project().answer.poll(cx));
        Poll::Ready(response)
    }
}

pin_project! {
    /// The future of [`Guard`]: a named type, so axum's own box is the only one.
    #[derive(Debug)]
    pub struct GuardFuture<F> {
        #[pin]
        answer: Answer<F>,
    }
}

impl<F> GuardFuture<F> {
    fn ready(response: AxumResponse, vary: bool) -> Self {
        Self {
            answer: Answer::Ready {
                response: Some(response),
                vary,
            },
        }
    }

    fn direct(watched: WatchFuture<F>, vary: bool) -> Self {
        Self {
            answer: Answer::Direct { watched, vary },
        }
    }

    fn compressed(compressed: CompressorFuture<WatchFuture<F>>) -> Self {
        Self {
            answer: Answer::Compressed { compressed },
        }
    }
}

pin_project! {
    #[project = AnswerProjection]
    #[derive(Debug)]
    enum Answer<F> {
        // Answered before the page ran (a redirect or a `400`).
        Ready {
            response: Option<AxumResponse>,
            vary: bool,
        },
        // The page, answered as it is (`Vary` aside).
        Direct {
            #[pin]
            watched: WatchFuture<F>,
            vary: bool,
        },
        // The page, through tower-http's compression.
        Compressed {
            #[pin]
            compressed: CompressorFuture<WatchFuture<F>>,
        },
    }
}

impl<F> Future for GuardFuture<F>
where
    F: Future<Output = Result<AxumResponse, Infallible>>,
{
    type Output = Result<AxumResponse, Infallible>;

    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Self::Output> {
        let (mut response, vary) = match self.project().answer.project() {
            AnswerProjection::Ready { response, vary } => {
                (response.take().expect("polled after completion"), *vary)
            }
            AnswerProjection::Direct { watched, vary } => {
                let Ok(response) = ready!(watched.poll(cx));
                (response, *vary)
            }
            AnswerProjection::Compressed { compressed } => {
                let Ok(response) = ready!(compressed.poll(cx));
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
    guard: GuardLayer,
}

impl<S> Service<AxumRequest> for Watch<S>
where
    S: tower::Service<AxumRequest, Response = AxumResponse, Error = Infallible>,
{
    type Response = AxumResponse;
    type Error = Infallible;
    type Future = WatchFuture<S::Future>;

    fn poll_ready(&mut self, cx: &mut Context<'_>) -> Poll<Result<(), Self::Error>> {
        self.inner.poll_ready(cx)
    }

    fn call(&mut self, request: AxumRequest) -> Self::Future {
        self.guard.watch_future(self.inner.call(request))
    }
}

pin_project! {
    /// The future of [`Watch`]. Its timer starts only when the page does not answer on the first
    /// poll: most pages answer at once, and never touch the timer wheel.
    #[derive(Debug)]
    pub(crate) struct WatchFuture<F> {
        #[pin]
        page: CatchUnwind<AssertUnwindSafe<F>>,
        name: Option<&'static Page>,
        max_duration: Option<Duration>,
        deadline: Option<Pin<Box<Sleep>>>,
        // Compression is on: tower-http may poll a streamed body past its end.
        fuse_streams: bool,
    }
}

impl<F> Future for WatchFuture<F>
where
    F: Future<Output = Result<AxumResponse, Infallible>>,
{
    type Output = Result<AxumResponse, Infallible>;

    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Self::Output> {
        let this = self.project();
        let page = PageName(*this.name);
        match this.page.poll(cx) {
            Poll::Ready(Ok(Ok(response))) if *this.fuse_streams => {
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
                let Some(limit) = *this.max_duration else {
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
