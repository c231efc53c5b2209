use api_routes::prelude::*;

pub struct Post {
    pub id: u32,
}

#[api_route(GET)]
async fn show(res: Response) -> Post {
    let _ = res;
    Post { id: 1 }
}
