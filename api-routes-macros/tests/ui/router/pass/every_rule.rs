// Every file-to-URL rule at once: index files, nesting, `[id]`, `[...slug]`, `[[...slug]]`, a
// private `_lib/` module the pages use, and names that are not Rust identifiers.
api_routes::routes!(dir = "tests/ui/router/pass/every_rule/pages/api");

fn main() {
    let routes: Vec<&str> = ROUTES.iter().map(|route| route.path).collect();
    assert_eq!(
        routes,
        [
            "/api",
            "/api/2fa",
            "/api/docs/[[...slug]]",
            "/api/nested/deep/page",
            "/api/posts/[...slug]",
            "/api/type",
            "/api/user-profile",
            "/api/users",
            "/api/users/[id]",
        ]
    );
    assert_eq!(
        ROUTES[2].file,
        "tests/ui/router/pass/every_rule/pages/api/docs/[[...slug]].rs"
    );
    // axum checks the paths when they are registered.
    let _router: api_routes::axum::Router = router();
}
