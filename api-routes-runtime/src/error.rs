//! Errors that answer with Next.js's plain-text error shape (nextjs-compat 3.8, 2.5i): the status, the
//! message as reason phrase and as body, and no `Content-Type`.

use std::borrow::Cow;

use axum::response::{IntoResponse, Response as AxumResponse};
use http::StatusCode;

/// An error a handler returns to answer with a chosen status and message, like throwing
/// Next.js's `ApiError(status, message)`.
///
/// `?` on any other error answers 500 `Internal Server Error` and logs the error, as Next.js
/// does in production for an error it does not know.
///
/// ```
/// use api_routes_runtime::{ApiError, Request, Response};
///
/// async fn handler(req: Request, res: Response) -> Result<Response, ApiError> {
///     let Some(id) = req.query().get("id").and_then(|id| id.as_str()) else {
///         return Err(ApiError::new(400, "id is required"));
///     };
///     let id: u32 = id.parse()?; // a parse error becomes a logged 500
///     Ok(res.json(&id))
/// }
/// ```
#[derive(Debug)]
pub struct ApiError {
    status: StatusCode,
    message: Cow<'static, str>,
}

impl ApiError {
    /// An error answering `status` with `message`. A status outside 100–999 is a programming
    /// error: it is logged and answered as 500 rather than panicking.
    pub fn new(status: u16, message: impl Into<Cow<'static, str>>) -> Self {
        let message = message.into();
        match StatusCode::from_u16(status) {
            Ok(status) => Self { status, message },
            Err(_) => {
                tracing::error!(status, %message, "ApiError::new got an invalid status code; answering 500");
                Self::internal()
            }
        }
    }

    /// 500 `Internal Server Error`.
    pub fn internal() -> Self {
        Self {
            status: StatusCode::INTERNAL_SERVER_ERROR,
            message: Cow::Borrowed("Internal Server Error"),
        }
    }

    /// The status it answers with.
    pub fn status(&self) -> StatusCode {
        self.status
    }

    /// The message, sent as the body and as the reason phrase.
    pub fn message(&self) -> &str {
        &self.message
    }
}

impl<E> From<E> for ApiError
where
    E: std::error::Error + Send + Sync + 'static,
{
    fn from(error: E) -> Self {
        tracing::error!(error = %error, "handler failed; answering 500");
        Self::internal()
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> AxumResponse {
        plain_error(self.status, &self.message)
    }
}

/// Next.js's `sendError`: status, reason phrase and body are the message; no `Content-Type`.
pub(crate) fn plain_error(status: StatusCode, message: &str) -> AxumResponse {
    let mut response = (status, message.to_owned()).into_response();
    response.headers_mut().remove(http::header::CONTENT_TYPE);
    // A reason phrase can only hold visible text; anything else keeps the standard one.
    if let Ok(reason) = hyper::ext::ReasonPhrase::try_from(message.as_bytes().to_vec()) {
        response.extensions_mut().insert(reason);
    }
    response
}
