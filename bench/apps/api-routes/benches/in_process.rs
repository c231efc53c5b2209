//! In-process benchmark: each route through the router `routes!()` generates
//! and through the hand-written axum one (`bench/apps/axum`), via `tower::ServiceExt::oneshot`,
//! in one run; ends with the ratio of their times per request.
//!
//! `cargo bench -p bench-api-routes --bench in_process` (add `-- --quick` for a short run).

mod support;

use std::path::{Path, PathBuf};
use std::time::{Duration, SystemTime};

use api_routes::RouterOptions;
use api_routes::axum::http::{HeaderValue, header};
use criterion::Criterion;
use support::{Route, call, call_with};

const OURS: &str = "api-routes";
const THEIRS: &str = "axum";

fn routes(criterion: &mut Criterion) {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("runtime");
    let ours = bench_api_routes::router();
    let theirs = bench_axum::router();
    for route in Route::ALL {
        let mut group = criterion.benchmark_group(route.name());
        for (name, router) in [(OURS, &ours), (THEIRS, &theirs)] {
            group.bench_function(name, |bencher| {
                bencher.to_async(&runtime).iter(|| call(router, route));
            });
        }
        group.finish();
    }
}

/// What `compress` (on by default) costs per request: off, on for a client that accepts no
/// encoding (the `Vary` check only), and on for a gzip client.
fn compression(criterion: &mut Criterion) {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("runtime");
    let off = bench_api_routes::router_with(RouterOptions::new().compress(false));
    let on = bench_api_routes::router();
    let mut group = criterion.benchmark_group("compression");
    for route in [Route::User, Route::People] {
        for (name, router, gzip) in [
            ("off", &off, false),
            ("on, identity client", &on, false),
            ("on, gzip client", &on, true),
        ] {
            group.bench_function(format!("{} {name}", route.name()), |bencher| {
                bencher.to_async(&runtime).iter(|| {
                    let mut request = route.request();
                    if gzip {
                        request
                            .headers_mut()
                            .insert(header::ACCEPT_ENCODING, HeaderValue::from_static("gzip"));
                    }
                    call_with(router, request)
                });
            });
        }
    }
    group.finish();
}

/// Where criterion writes its estimates; set explicitly so the ratios can be read back.
fn output_directory() -> PathBuf {
    if let Some(home) = std::env::var_os("CRITERION_HOME") {
        return PathBuf::from(home);
    }
    let target = std::env::var_os("CARGO_TARGET_DIR")
        .map(PathBuf::from)
        .or_else(|| {
            // target/<profile>/deps/in_process-<hash>
            let exe = std::env::current_exe().ok()?;
            Some(exe.parent()?.parent()?.parent()?.to_path_buf())
        })
        .unwrap_or_else(|| PathBuf::from("target"));
    target.join("criterion")
}

/// The time per request in nanoseconds and its 95 % interval, if this run measured it: the
/// slope of the linear regression where criterion fitted one (the figure it prints), else the mean.
fn estimate(directory: &Path, group: &str, function: &str, since: SystemTime) -> Option<[f64; 3]> {
    let path = directory
        .join(group)
        .join(function)
        .join("new/estimates.json");
    let fresh = std::fs::metadata(&path).ok()?.modified().ok()? >= since;
    if !fresh {
        return None;
    }
    let estimates: serde_json::Value = serde_json::from_slice(&std::fs::read(&path).ok()?).ok()?;
    let estimate = if estimates["slope"].is_object() {
        &estimates["slope"]
    } else {
        &estimates["mean"]
    };
    let interval = &estimate["confidence_interval"];
    Some([
        estimate["point_estimate"].as_f64()?,
        interval["lower_bound"].as_f64()?,
        interval["upper_bound"].as_f64()?,
    ])
}

fn print_ratios(directory: &Path, since: SystemTime) {
    let rows: Vec<String> = Route::ALL
        .iter()
        .filter_map(|route| {
            let ours = estimate(directory, route.name(), OURS, since)?;
            let theirs = estimate(directory, route.name(), THEIRS, since)?;
            Some(format!(
                "| {} | {:.2} µs | {:.2} µs | {:.2}× ({:.2}–{:.2}) |",
                route.name(),
                ours[0] / 1000.0,
                theirs[0] / 1000.0,
                ours[0] / theirs[0],
                ours[1] / theirs[2],
                ours[2] / theirs[1],
            ))
        })
        .collect();
    if rows.is_empty() {
        return;
    }
    println!(
        "\nin-process time per request (criterion's estimate; its 95 % intervals give the ratio's range)\n"
    );
    println!("| route | {OURS} | {THEIRS} | ours / hand-written |");
    println!("| --- | ---: | ---: | ---: |");
    for row in rows {
        println!("{row}");
    }
}

fn main() {
    let started = SystemTime::now();
    let directory = output_directory();
    let mut criterion = Criterion::default()
        .warm_up_time(Duration::from_secs(1))
        .measurement_time(Duration::from_secs(3))
        .output_directory(&directory)
        .configure_from_args();
    routes(&mut criterion);
    compression(&mut criterion);
    criterion.final_summary();
    print_ratios(&directory, started);
}
