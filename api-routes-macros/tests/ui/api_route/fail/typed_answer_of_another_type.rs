// A page that declares its answer, `Response<T>` (Next.js's `NextApiResponse<T>`), cannot answer
// another type.
use api_routes::prelude::*;

#[api_route(GET)]
async fn scores(res: Response<Vec<u32>>) -> Response<Vec<u32>> {
    res.json("not a list of scores")
}

fn main() {}
