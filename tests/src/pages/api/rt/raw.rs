use std::future::poll_fn;
use std::pin::Pin;

use api_routes::RawBodyError;
use api_routes::axum::body::HttpBody;
use api_routes::prelude::*;

// nextjs-compat 2.6: `bodyParser: false`. The handler reads the untouched stream itself, frame by frame
// (never holding it whole), and reports its length and first bytes.
#[api_route(body_parser = false)]
async fn handler(mut req: Request, res: Response) -> Result<Response, ApiError> {
    let parsed_body_is_null = req.body().is_null();
    let mut length = 0usize;
    let mut head = Vec::new();
    let mut body = req.take_raw_body()?;
    let second_take_is_none = matches!(req.take_raw_body(), Err(RawBodyError::AlreadyTaken));
    while let Some(frame) = poll_fn(|cx| Pin::new(&mut body).poll_frame(cx)).await {
        let frame = frame.map_err(|_| ApiError::new(400, "Invalid body"))?;
        if let Ok(data) = frame.into_data() {
            length += data.len();
            let room = 64usize.saturating_sub(head.len());
            head.extend_from_slice(&data[..room.min(data.len())]);
        }
    }
    Ok(res.json(json!({
        "length": length,
        "head": String::from_utf8_lossy(&head),
        "bodyIsNull": parsed_body_is_null,
        "bytesIsEmpty": req.bytes().is_empty(),
        "secondTakeIsNone": second_take_is_none,
    })))
}
