use std::time::Duration;

use api_routes::Event;
use api_routes::prelude::*;

use super::super::_lib::signal;

// nextjs-compat 8.6: an event stream that sends event 1 (with an id, a name and a retry delay),
// waits for the test's signal `?key=`, then sends event 2 and ends.
#[api_route]
async fn handler(req: Request, res: Response) -> Response {
    let proceed = signal::of(&req);
    let (res, mut events) = res.event_stream();
    tokio::spawn(async move {
        let first = Event::default()
            .id("1")
            .event("tick")
            .retry(Duration::from_secs(3))
            .data("one");
        if events.send(first).await.is_err() {
            return;
        }
        proceed.notified().await;
        let _ = events.send(Event::default().id("2").data("two")).await;
    });
    res
}
