// `(req: Request, res: Response)`, Next.js's argument order, is routed as is.
api_routes::routes!(dir = "tests/ui/router/pass/request_before_response/pages/api");

fn main() {
    assert_eq!(ROUTES[0].path, "/api/echo");
    let _router: api_routes::axum::Router = router();
}
