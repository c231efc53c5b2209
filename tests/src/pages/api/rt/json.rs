use api_routes::prelude::*;

// nextjs-compat 3.2 and 3.4: `res.json(value)` for the value named by `?v=`, with the payloads whose
// ETags docs/nextjs-compat.md lists.
#[api_route]
async fn handler(req: Request, res: Response) -> Response {
    let v = req.query().get("v").and_then(|v| v.as_str()).unwrap_or_default();
    match v {
        "true" => res.json(true),
        "null" => res.json(serde_json::Value::Null),
        "none" => res.json(None::<u32>),
        "string" => res.json("Hello world!"),
        "empty-string" => res.json(""),
        "number" => res.json(42),
        "float" => res.json(1.5),
        "ordered" => res.json(json!({ "z": 1, "a": [1, 2], "m": { "y": true, "b": null } })),
        "unicode" => res.json(json!({ "emoji": "😀" })),
        "hello" => res.status(200).json(json!({ "message": "Hello Everyone!" })),
        "list" => res.json(json!([{ "id": 1 }, { "id": 2 }, { "id": 3 }])),
        "user" => res.json(json!({ "id": 1, "name": "User 1" })),
        "missing" => res.status(404).json(json!({ "message": "User with id: 11 not found." })),
        "custom-type" => res.set_header("Content-Type", "text/plain").json(json!({ "a": 1 })),
        "no-content" => res.status(204).json(json!({ "a": 1 })),
        "nan" => res.json(f64::NAN),
        _ => res.status(400).end("unknown vector"),
    }
}
