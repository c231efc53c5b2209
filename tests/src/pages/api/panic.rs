use api_routes::prelude::*;

// nextjs-compat 3.8: a panic answers 500 `Internal Server Error` and the server keeps serving.
#[api_route]
async fn handler(res: Response) -> Response {
    if res.status_code().is_success() {
        panic!("this handler always panics");
    }
    res
}
