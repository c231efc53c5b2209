// `dir` twice.
api_routes::routes!(dir = "a", dir = "b");

fn main() {}
