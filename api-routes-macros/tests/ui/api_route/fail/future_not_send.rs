// A future that is not `Send` (an `Rc` held across `.await`): reported at the handler, naming
// the variable. Then axum reports it again at `routes!`, as it does each mistake of these
// cases: only a router change can stop that (see `api_route/checks.rs`).
api_routes::routes!(dir = "tests/ui/api_route/fail/future_not_send/pages/api");

fn main() {}
