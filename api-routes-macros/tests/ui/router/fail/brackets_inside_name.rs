// `post-[id]`: brackets must enclose the whole name.
api_routes::routes!(dir = "tests/ui/router/fail/brackets_inside_name/pages/api");

fn main() {}
