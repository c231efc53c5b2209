fn main() {
    api_routes_build::track();
}
