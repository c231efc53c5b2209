//! [`Response::event_stream`]: a Server-Sent Events answer built on axum's [`Sse`], fed by an
//! [`EventWriter`] that keeps sending after the handler has returned (nextjs-compat 8.6).
//!
//! The answer says `Cache-Control: no-cache, no-transform` and `X-Accel-Buffering: no`, so
//! neither our compression nor a proxy in front (nginx) holds events back (tower-http#420).

use axum::response::IntoResponse;
use axum::response::sse::{Event, KeepAlive, Sse};
use tokio::sync::mpsc;

use crate::stream::received;
use crate::{ClientGone, Response};

/// How many events may wait for a slow client before [`EventWriter::send`] waits.
const QUEUED_EVENTS: usize = 16;

/// The sending half of [`Response::event_stream`]. The stream ends when it is dropped.
#[derive(Debug)]
#[must_use = "the event stream ends when its writer is dropped"]
pub struct EventWriter {
    sender: mpsc::Sender<Event>,
}

impl EventWriter {
    /// Sends `event` now: data, and optionally a name, an id, a retry delay or a comment (see
    /// [`Event`]). Fails once the client is gone, so a loop can stop.
    pub async fn send(&mut self, event: Event) -> Result<(), ClientGone> {
        self.sender.send(event).await.map_err(|_| ClientGone)
    }
}

impl Response {
    /// A `text/event-stream` answer and the writer that feeds it, with a keep-alive comment
    /// (`:`) every 15 seconds while no event is sent.
    ///
    /// ```
    /// use std::time::Duration;
    /// use api_routes_runtime::{Event, Request, Response};
    ///
    /// async fn handler(_req: Request, res: Response) -> Response {
    ///     let (res, mut events) = res.event_stream();
    ///     tokio::spawn(async move {
    ///         for tick in 0.. {
    ///             let event = Event::default().id(tick.to_string()).event("tick").data("ok");
    ///             if events.send(event).await.is_err() {
    ///                 return; // the client hung up
    ///             }
    ///             tokio::time::sleep(Duration::from_secs(1)).await;
    ///         }
    ///     });
    ///     res
    /// }
    /// # let _ = handler;
    /// ```
    pub fn event_stream(self) -> (Response, EventWriter) {
        self.event_stream_with(KeepAlive::default())
    }

    /// [`event_stream`](Self::event_stream) with another keep-alive interval or text.
    pub fn event_stream_with(self, keep_alive: KeepAlive) -> (Response, EventWriter) {
        let (sender, receiver) = mpsc::channel::<Event>(QUEUED_EVENTS);
        let body = Sse::new(received(receiver))
            .keep_alive(keep_alive)
            .into_response()
            .into_body();
        let response = self
            .set_header("Content-Type", "text/event-stream")
            .set_header("Cache-Control", "no-cache, no-transform")
            .set_header("X-Accel-Buffering", "no")
            .streaming(body);
        (response, EventWriter { sender })
    }
}
