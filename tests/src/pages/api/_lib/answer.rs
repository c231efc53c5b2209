use api_routes::Response;
use api_routes::Request;

/// Answers with the page's name and `req.query`, so tests see which page matched and what
/// parameters it got.
pub fn page_and_query(page: &str, req: &Request, res: Response) -> Response {
    res.json(serde_json::json!({ "page": page, "query": req.query() }))
}
