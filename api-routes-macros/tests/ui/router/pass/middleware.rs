// Folder middleware: a `_middleware.rs` in the layer form in one folder, the function form in another.
api_routes::routes!(dir = "tests/ui/router/pass/middleware/pages/api");

fn main() {
    let routes: Vec<&str> = ROUTES.iter().map(|route| route.path).collect();
    assert_eq!(routes, ["/api/admin/users", "/api/public/hello"]);
    let _router: api_routes::axum::Router = router();
}
