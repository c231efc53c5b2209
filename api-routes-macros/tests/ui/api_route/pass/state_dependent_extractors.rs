// Handlers axum accepts for the router's state are accepted by `#[api_route]`'s checks too, even
// where the page alone cannot tell the state: a sub-state, and an extractor of the user's own
// that needs one.
use api_routes::axum::extract::FromRef;

#[derive(Clone)]
pub struct AppState {
    pub db: Db,
}

#[derive(Clone)]
pub struct Db;

impl FromRef<AppState> for Db {
    fn from_ref(state: &AppState) -> Db {
        state.db.clone()
    }
}

api_routes::routes!(state = AppState, dir = "tests/ui/api_route/pass/state_dependent_extractors/pages/api");

fn main() {
    let _ = router();
}
