use std::time::Duration;

use api_routes::Event;
use api_routes::prelude::*;

use super::super::_lib::signal;

// Streams a piece every 10 ms, written with `res.writer()` or, with `?events`, as server-sent
// events, until the client goes away; then signals `?key=`, which `rt/closed` waits for. A test
// proves with it that a client leaving mid-stream stops the page's stream.
#[api_route(GET)]
async fn handler(req: Request, res: Response) -> Response {
    let stopped = signal::of(&req);
    let pause = || tokio::time::sleep(Duration::from_millis(10));
    if req.query().get("events").is_some() {
        let (res, mut events) = res.event_stream();
        tokio::spawn(async move {
            while events.send(Event::default().data("piece")).await.is_ok() {
                pause().await;
            }
            stopped.notify_one();
        });
        return res;
    }
    let (res, mut writer) = res.set_header("Content-Type", "text/plain").writer();
    tokio::spawn(async move {
        while writer.write("piece\n").await.is_ok() {
            pause().await;
        }
        stopped.notify_one();
    });
    res
}
