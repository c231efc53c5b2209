#[tokio::main]
async fn main() -> std::io::Result<()> {
    api_routes::serve(api_routes_tests::app()).await
}
