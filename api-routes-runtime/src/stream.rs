//! [`Response::writer`]: Node's `res.write(chunk)` … `res.end()`, as a response and a writer
//! that keeps writing after the handler has returned (nextjs-compat 8.6).
//!
//! Each chunk goes to the connection as soon as it is written. Compression, when on, flushes
//! whenever the writer pauses, so a chunk is never held back waiting for the next (Next.js holds
//! every chunk until `res.end()`: vercel/next.js#9965).

use std::convert::Infallible;

use axum::body::Body;
use bytes::Bytes;
use tokio::sync::mpsc;

use crate::Response;

/// How many written chunks may wait for a slow client before [`ResponseWriter::write`] waits.
const QUEUED_CHUNKS: usize = 16;

/// The client hung up (or the server dropped the answer): nothing more can be written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ClientGone;

impl std::fmt::Display for ClientGone {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("the client is gone: the response can no longer be written")
    }
}

impl std::error::Error for ClientGone {}

/// The writing half of [`Response::writer`]: `res.write(chunk)`, `res.flush()` and `res.end()`.
/// Move it into a task and write for as long as the answer lasts; the answer ends when the
/// writer is ended or dropped.
#[derive(Debug)]
#[must_use = "the answer ends when its writer is dropped"]
pub struct ResponseWriter {
    sender: mpsc::Sender<Bytes>,
}

impl ResponseWriter {
    /// A writer and the body it feeds.
    pub(crate) fn channel() -> (Self, Body) {
        let (sender, receiver) = mpsc::channel::<Bytes>(QUEUED_CHUNKS);
        (Self { sender }, Body::from_stream(received(receiver)))
    }

    /// `res.write(chunk)`: sends `chunk` now. Waits only while earlier chunks still queue for a
    /// slow client; fails once the client is gone, so a loop can stop.
    pub async fn write(&mut self, chunk: impl Into<Bytes>) -> Result<(), ClientGone> {
        let chunk = chunk.into();
        if chunk.is_empty() {
            // An empty chunk would end a chunked body on the wire; Node skips it too.
            return Ok(());
        }
        self.sender.send(chunk).await.map_err(|_| ClientGone)
    }

    /// `res.flush()`: waits until the connection has taken every chunk written so far.
    pub async fn flush(&mut self) -> Result<(), ClientGone> {
        let everything = self.sender.max_capacity();
        let permits = self
            .sender
            .reserve_many(everything)
            .await
            .map_err(|_| ClientGone)?;
        drop(permits);
        Ok(())
    }

    /// `res.end(chunk)`: writes the last chunk and ends the answer. Dropping the writer ends it
    /// too.
    pub async fn end(mut self, chunk: impl Into<Bytes>) -> Result<(), ClientGone> {
        self.write(chunk).await
    }
}

/// What `receiver` receives, as a stream that ends when every sender is gone.
pub(crate) fn received<T: Send + 'static>(
    receiver: mpsc::Receiver<T>,
) -> impl futures_util::Stream<Item = Result<T, Infallible>> + Send + 'static {
    futures_util::stream::unfold(receiver, |mut receiver| async move {
        let item = receiver.recv().await?;
        Some((Ok(item), receiver))
    })
}

impl Response {
    /// Node's `res.write(..)`: the answer (status and headers as set so far, sent at once) and a
    /// writer for its body, which may go on writing after the handler has returned. No
    /// `Content-Type` is added and no ETag is computed, as with `res.write` in Next.js.
    ///
    /// ```
    /// use api_routes_runtime::{Request, Response};
    ///
    /// async fn handler(_req: Request, res: Response) -> Response {
    ///     let (res, mut writer) = res.set_header("Content-Type", "text/plain").writer();
    ///     tokio::spawn(async move {
    ///         for step in ["one\n", "two\n", "three\n"] {
    ///             if writer.write(step).await.is_err() {
    ///                 return; // the client hung up
    ///             }
    ///             tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    ///         }
    ///     });
    ///     res
    /// }
    /// # let _ = handler;
    /// ```
    pub fn writer(self) -> (Response, ResponseWriter) {
        let (writer, body) = ResponseWriter::channel();
        (self.streaming(body), writer)
    }
}
