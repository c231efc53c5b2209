//! The AWS Lambda function: every page of `src/pages/api` behind API Gateway (REST or HTTP API),
//! an Application Load Balancer or a function URL.
//!
//! `cargo lambda watch`, then `curl localhost:9000/api/hello?name=Lambda`;
//! `cargo lambda build --release --bin example-lambda` and `cargo lambda deploy example-lambda`.

#[tokio::main]
async fn main() -> Result<(), api_routes::lambda::Error> {
    api_routes::lambda::run(example_lambda::router()).await
}
