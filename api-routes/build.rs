// The doc examples route the page tree in `doc-fixtures/`.
fn main() {
    api_routes_build::track_dir("doc-fixtures/pages/api");
}
