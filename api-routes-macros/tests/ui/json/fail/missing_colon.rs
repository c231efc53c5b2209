// A key without its `:`: one error, at the value that follows the key; the literal still has
// its type, so the `res.json(..)` around it reports nothing.
use api_routes::prelude::*;

fn answer(res: Response) -> Response {
    res.json(json!({ "name" "John Doe" }))
}

fn main() {
    let _ = answer;
}
