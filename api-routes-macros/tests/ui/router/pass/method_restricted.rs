// Several handlers in one page, each on its own methods, and one for every other method.
api_routes::routes!(dir = "tests/ui/router/pass/method_restricted/pages/api");

fn main() {
    assert_eq!(ROUTES[0].path, "/api/items");
    assert_eq!(ROUTES[0].methods, ["GET", "HEAD", "POST", "PUT", "*"]);
    let _router: api_routes::axum::Router = router();
}
