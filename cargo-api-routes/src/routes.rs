//! `cargo api-routes routes`: the route table `routes!` would generate, read from the page files
//! without building the crate.

use api_routes_routing::model::{Naming, Route, RouteTable};
use api_routes_routing::pages::Handler;
use clap::Args;
use serde::Serialize;

use crate::CrateArgs;
use crate::project::{Project, join_errors};

#[derive(Debug, Args)]
pub(crate) struct RoutesArgs {
    #[command(flatten)]
    krate: CrateArgs,
    /// Print JSON: one object per route, in match order.
    #[arg(long)]
    json: bool,
}

/// Next.js's default request body limit, which the runtime applies when a handler names none.
const DEFAULT_BODY_LIMIT: &str = "1mb";

/// One route as `routes --json` prints it; `path`, `file` and `methods` are those of the
/// generated `ROUTES`.
#[derive(Debug, Serialize)]
struct RouteRow {
    /// The URL in Next.js's notation: `/api/post/[[...slug]]`.
    path: String,
    /// The page file, relative to the crate.
    file: String,
    /// The methods with a handler; `*` for every method.
    methods: Vec<String>,
    /// The `_middleware.rs` files that wrap it, outermost first.
    middleware: Vec<String>,
    /// The largest body it parses: `1mb`, or per method when its handlers differ.
    body_limit: String,
}

pub(crate) fn run(args: &RoutesArgs) -> Result<(), String> {
    let project = Project::locate(&args.krate)?;
    let table = project
        .route_table()
        .map_err(|errors| join_errors(&errors))?;
    let rows = rows(&table, &project.naming);
    if args.json {
        let json = serde_json::to_string_pretty(&rows).map_err(|error| error.to_string())?;
        println!("{json}");
    } else {
        print!("{}", text_table(&rows));
    }
    Ok(())
}

fn rows(table: &RouteTable, naming: &Naming) -> Vec<RouteRow> {
    table
        .routes
        .iter()
        .map(|route| RouteRow {
            path: route.path.to_string(),
            file: naming.file(&route.relative),
            methods: route.methods(),
            middleware: table
                .middlewares_of(route)
                .iter()
                .map(|middleware| naming.file(&middleware.relative))
                .collect(),
            body_limit: body_limit(route),
        })
        .collect()
}

fn body_limit(route: &Route) -> String {
    let limit = |handler: &Handler| match (handler.args.body_parser, &handler.args.body_limit) {
        (Some(false), _) => "unparsed".to_owned(),
        (_, Some(limit)) => limit.label.clone(),
        (_, None) => DEFAULT_BODY_LIMIT.to_owned(),
    };
    let limits: Vec<String> = route.handlers.iter().map(limit).collect();
    if limits.windows(2).all(|pair| pair[0] == pair[1]) {
        return limits.into_iter().next().unwrap_or_else(|| "-".to_owned());
    }
    route
        .handlers
        .iter()
        .map(|handler| {
            let methods = if handler.args.methods.is_empty() {
                "*".to_owned()
            } else {
                handler.args.methods.join(",")
            };
            format!("{methods} {}", limit(handler))
        })
        .collect::<Vec<_>>()
        .join("; ")
}

/// Columns as the start-up banner lays them out, then the body limit and the middleware.
fn text_table(rows: &[RouteRow]) -> String {
    let header = ["METHODS", "URL", "FILE", "BODY", "MIDDLEWARE"];
    let cells: Vec<[String; 5]> = rows
        .iter()
        .map(|row| {
            let methods = if row.methods.is_empty() {
                "-".to_owned()
            } else {
                row.methods.join(",")
            };
            let middleware = if row.middleware.is_empty() {
                "-".to_owned()
            } else {
                row.middleware.join(", ")
            };
            [
                methods,
                row.path.clone(),
                row.file.clone(),
                row.body_limit.clone(),
                middleware,
            ]
        })
        .collect();
    let mut widths = header.map(str::len);
    for row in &cells {
        for (width, cell) in widths.iter_mut().zip(row) {
            *width = (*width).max(cell.chars().count());
        }
    }
    let mut out = String::new();
    let lines = std::iter::once(header.map(str::to_owned)).chain(cells);
    for line in lines {
        let padded: Vec<String> = line
            .iter()
            .zip(widths)
            .map(|(cell, width)| format!("{cell:<width$}"))
            .collect();
        out.push_str(padded.join("  ").trim_end());
        out.push('\n');
    }
    out
}
