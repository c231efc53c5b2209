use api_routes::prelude::*;

#[derive(serde::Deserialize, serde::Serialize)]
struct Person {
    name: String,
    age: u32,
}

#[derive(serde::Deserialize, serde::Serialize)]
struct Page {
    page: u32,
    #[serde(default)]
    tag: Vec<String>,
}

// nextjs-compat 2.5/2.3 typed access: `req.json::<T>()` on POST, `req.query_as::<T>()` otherwise; a
// mismatch is a 400.
#[api_route]
async fn handler(req: Request, res: Response) -> Result<Response, ApiError> {
    if req.method() == "POST" {
        let person: Person = req.json()?;
        Ok(res.json(person))
    } else {
        let page: Page = req.query_as()?;
        Ok(res.json(page))
    }
}
