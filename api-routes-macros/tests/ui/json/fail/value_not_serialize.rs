// A value that is not `Serialize`: reported at the value, in the user's code.
use api_routes::prelude::*;

struct Secret;

fn main() {
    let _ = json!({ "secret": Secret, "ok": 1 });
}
