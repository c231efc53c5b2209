// `routes!(state = …)`: `router()` returns `Router<AppState>` and handlers extract `State<AppState>`.
api_routes::routes!(
    state = AppState,
    dir = "tests/ui/router/pass/state/pages/api"
);

#[derive(Clone)]
struct AppState {
    greeting: &'static str,
}

fn main() {
    let _router: api_routes::axum::Router = router().with_state(AppState { greeting: "hello" });
}
