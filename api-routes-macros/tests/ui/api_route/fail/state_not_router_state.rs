// `State<T>` whose `T` is not the router's state: the page cannot know the router's state (an
// argument of `routes!`), so axum reports it, at `routes!`.
#[derive(Clone)]
pub struct AppState;

#[derive(Clone)]
pub struct Other;

api_routes::routes!(state = AppState, dir = "tests/ui/api_route/fail/state_not_router_state/pages/api");

fn main() {}
