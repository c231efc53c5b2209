//! Run the router as a Vercel Function (feature `vercel`) on
//! [`vercel_runtime`](https://docs.rs/vercel_runtime) 2, the official Rust runtime.
//!
//! ```no_run
//! // api/main.rs, a `[[bin]]` of the crate; vercel.json rewrites `/api/:path*` to `/api/main`
//! # api_routes::routes!(dir = "doc-fixtures/pages/api");
//! #[tokio::main]
//! async fn main() -> Result<(), api_routes::vercel::Error> {
//!     api_routes::vercel::run(router()).await
//! }
//! ```
//!
//! The runtime hands every request to the function as HTTP, with the path the client asked for
//! (a rewrite keeps it), so the router sees `/api/users/1` as under [`serve`](crate::serve) and
//! answers the same: body limits, 400 `Invalid JSON`, 405 with `Allow`, a panic → 500, every
//! `Set-Cookie` on its own line.
//!
//! Unlike `vercel_runtime::axum::VercelLayer`, this service neither buffers the request body (the
//! pages' body limit refuses an oversized upload while it streams in, as on the server) nor the
//! response: every body is streamed to the platform as the handler produces it. Handlers reach
//! the invocation's [`AppState`] (for `wait_until`) as an extension:
//! `Extension(state): Extension<api_routes::vercel::AppState>`.

use std::future::Future;
use std::pin::Pin;
use std::sync::{Mutex, PoisonError};
use std::task::{Context, Poll};

use axum::Router;
use axum::body::Body;
use bytes::Bytes;
use http_body::{Frame, SizeHint};
use http_body_util::BodyExt;
use tower::ServiceExt;

/// The `vercel_runtime` crate this module runs on.
pub use vercel_runtime;

/// The invocation's state: `wait_until` for work that outlives the response, and its logger.
pub use vercel_runtime::AppState;

/// What [`run`] returns when the runtime cannot start.
pub use vercel_runtime::Error;

/// Serves `router` as a Vercel Function until the platform shuts the instance down.
pub async fn run(router: Router) -> Result<(), Error> {
    vercel_runtime::run(VercelService::new(router)).await
}

/// The generated router as the service `vercel_runtime::run` takes:
/// `vercel_runtime::run(VercelService::new(router()))` is what [`run`] does.
#[derive(Debug, Clone)]
pub struct VercelService {
    router: Router,
}

impl VercelService {
    /// The service answering with `router`.
    pub fn new(router: Router) -> Self {
        Self { router }
    }
}

impl<B> tower::Service<(AppState, http::Request<B>)> for VercelService
where
    B: http_body::Body<Data = Bytes> + Send + 'static,
    B::Error: Into<axum::BoxError>,
{
    type Response = http::Response<vercel_runtime::ResponseBody>;
    type Error = Error;
    type Future = Pin<Box<dyn Future<Output = Result<Self::Response, Error>> + Send>>;

    fn poll_ready(&mut self, _cx: &mut Context<'_>) -> Poll<Result<(), Error>> {
        // A `Router` is always ready; each call runs on a clone of it.
        Poll::Ready(Ok(()))
    }

    fn call(&mut self, (state, request): (AppState, http::Request<B>)) -> Self::Future {
        let (mut parts, body) = request.into_parts();
        parts.extensions.insert(state);
        let request = http::Request::from_parts(parts, Body::new(body));
        let router = self.router.clone();
        Box::pin(async move {
            let response = match router.oneshot(request).await {
                Ok(response) => response,
                Err(never) => match never {},
            };
            Ok(response.map(|body| {
                vercel_runtime::ResponseBody(
                    SyncBody(Mutex::new(body))
                        .map_err(|error| Box::new(error) as Error)
                        .boxed(),
                )
            }))
        })
    }
}

/// `vercel_runtime` takes a `Sync` body and axum's is not; the body is only ever polled through
/// `&mut`, so the lock is never contended (`get_mut`), except for the size hint.
struct SyncBody(Mutex<Body>);

impl SyncBody {
    fn inner(&self) -> std::sync::MutexGuard<'_, Body> {
        self.0.lock().unwrap_or_else(PoisonError::into_inner)
    }
}

impl http_body::Body for SyncBody {
    type Data = Bytes;
    type Error = axum::Error;

    fn poll_frame(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
    ) -> Poll<Option<Result<Frame<Bytes>, axum::Error>>> {
        let body = self
            .get_mut()
            .0
            .get_mut()
            .unwrap_or_else(PoisonError::into_inner);
        Pin::new(body).poll_frame(cx)
    }

    fn is_end_stream(&self) -> bool {
        self.inner().is_end_stream()
    }

    fn size_hint(&self) -> SizeHint {
        self.inner().size_hint()
    }
}
