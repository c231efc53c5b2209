use api_routes::prelude::*;

use super::super::_lib::signal;

// nextjs-compat 8.6: `res.write("first")`, then wait for the test's signal `?key=`, then
// `res.end("second")`; the test reads "first" before it sends the signal.
#[api_route]
async fn handler(req: Request, res: Response) -> Response {
    let proceed = signal::of(&req);
    let (res, mut writer) = res.set_header("Content-Type", "text/plain").writer();
    tokio::spawn(async move {
        if writer.write("first\n").await.is_err() {
            return;
        }
        proceed.notified().await;
        let _ = writer.end("second\n").await;
    });
    res
}
