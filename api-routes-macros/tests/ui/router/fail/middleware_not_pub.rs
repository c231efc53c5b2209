// `middleware` left private: the generated router cannot call it.
api_routes::routes!(dir = "tests/ui/router/fail/middleware_not_pub/pages/api");

fn main() {}
