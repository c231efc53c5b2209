// `[....id]`: four periods.
api_routes::routes!(dir = "tests/ui/router/fail/erroneous_periods/pages/api");

fn main() {}
