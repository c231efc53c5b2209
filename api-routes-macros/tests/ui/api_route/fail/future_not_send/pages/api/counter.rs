use std::rc::Rc;

use api_routes::prelude::*;

async fn tick() {}

#[api_route]
async fn counter(res: Response) -> Response {
    let count = Rc::new(1);
    tick().await;
    res.json(json!({ "count": *count }))
}
