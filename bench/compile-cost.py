#!/usr/bin/env python3
"""Compile cost of `routes!()` against the same tree written by hand.

For 10, 100 and 1000 pages it generates two crates in a scratch folder:
  pages:  `api_routes::routes!()` over src/pages/api/**
  manual: the same pages, declared with hand-written `#[path] mod`s and a hand-written axum
          Router (what a user would write without the macros: no `#[api_route]`, the
          body-reading `Request` last as axum wants it)
and times, for each: a clean build of the crate itself (dependencies already built, its build
script included: a `routes!` crate needs one), an incremental build after editing one page, and
one after adding a page (the manual crate also gets its `mod` line and `.route(..)`, as a user
would add them). It also reports the macro's own expansion time (`API_ROUTES_TIMING=1`, median
over every build of the pages crate). Both crates share one target folder so dependencies are
built once, and resolve against the workspace's Cargo.lock so they build the same versions. The
two crates' builds are interleaved (pages, manual, pages, manual…) so that a machine whose load
changes during the run biases neither side; each figure is the median over `--runs`.

`--openapi` turns on the facade's `openapi` feature for the pages crate, so that `routes!` also
generates `openapi()` (off by default; the hand-written crate has no document either).

`--expansion-only` skips the builds: it checks the pages crate `--runs` times (touching main.rs
so `routes!` expands again) and reports the expansion alone. `--build-override` gives both
crates `[profile.dev.build-override] opt-level = 3`, which compiles proc macros optimized.

    python3 bench/compile-cost.py [--sizes 10,100,1000] [--runs 3] [--expansion-only] [--build-override] [--openapi]
"""

import argparse
import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SCRATCH = ROOT / "target" / "compile-cost"

PAGE = """use api_routes::prelude::*;

#[api_route(GET)]
pub async fn handler(req: Request, res: Response) -> Response {{
    res.json(json!({{ "page": {n}, "query": req.query() }}))
}}
"""


# What a user without the macros writes: a plain axum handler, `Request` last.
MANUAL_PAGE = """use api_routes::prelude::*;

pub async fn handler(res: Response, req: Request) -> Response {{
    res.json(json!({{ "page": {n}, "query": req.query() }}))
}}
"""


def page_path(n):
    # A realistic mix: nested folders, dynamic segments.
    group = n // 10
    if n % 10 == 0:
        return f"g{group}/[id{group}]/p{n}.rs"
    return f"g{group}/p{n}.rs"


def url(n):
    group = n // 10
    if n % 10 == 0:
        return f"/api/g{group}/{{id{group}}}/p{n}"
    return f"/api/g{group}/p{n}"


def cargo_toml(name, build_dep, features=()):
    listed = ", ".join(f'"{feature}"' for feature in features)
    deps = f'''[package]
name = "{name}"
version = "0.0.0"
edition = "2024"
publish = false

[dependencies]
api-routes = {{ path = "{ROOT / 'api-routes'}", features = [{listed}] }}
tokio = {{ version = "1", features = ["macros", "rt-multi-thread"] }}
'''
    if build_dep:
        deps += f'''
[build-dependencies]
api-routes-build = {{ path = "{ROOT / 'api-routes-build'}" }}
'''
    return deps


def page_text(kind, n):
    return (PAGE if kind == "pages" else MANUAL_PAGE).format(n=n)


def write_pages(kind, crate, count):
    for n in range(count):
        path = crate / "src" / "pages" / "api" / page_path(n)
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(page_text(kind, n))


def manual_main(count):
    """The hand-written equivalent: nested `#[path]` modules and one `.route` per page."""
    tree = {}
    for n in range(count):
        node = tree
        parts = page_path(n).split("/")
        for part in parts[:-1]:
            node = node.setdefault(part, {})
        node[parts[-1]] = n

    def ident(name):
        return "m_" + re.sub(r"[^A-Za-z0-9]", "_", name.removesuffix(".rs"))

    def emit(node, depth):
        out = []
        for name, child in sorted(node.items()):
            pad = "    " * depth
            if isinstance(child, dict):
                out.append(f'{pad}#[path = "{name}"] pub mod {ident(name)} {{')
                out += emit(child, depth + 1)
                out.append(f"{pad}}}")
            else:
                out.append(f'{pad}#[path = "{name}"] pub mod {ident(name)};')
        return out

    def module_path(n):
        return "pages::" + "::".join(ident(part) for part in page_path(n).split("/")) + "::handler"

    lines = ['#[path = "pages/api"]', "pub mod pages {"] + emit(tree, 1) + ["}", ""]
    lines.append("pub fn router() -> api_routes::axum::Router {")
    lines.append("    api_routes::axum::Router::new()")
    for n in range(count):
        lines.append(f'        .route("{url(n)}", api_routes::axum::routing::get({module_path(n)}))')
    lines.append("}")
    lines.append("")
    lines.append("#[tokio::main]\nasync fn main() -> std::io::Result<()> {\n    api_routes::serve(router()).await\n}")
    return "\n".join(lines) + "\n"


PAGES_MAIN = """api_routes::routes!();

#[tokio::main]
async fn main() -> std::io::Result<()> {
    api_routes::serve(router()).await
}
"""


BUILD_OVERRIDE = "\n[profile.dev.build-override]\nopt-level = 3\n"


def make(kind, count, build_override=False, openapi=False):
    crate = SCRATCH / f"{kind}-{count}"
    shutil.rmtree(crate, ignore_errors=True)
    (crate / "src").mkdir(parents=True)
    features = ("openapi",) if openapi and kind == "pages" else ()
    manifest = cargo_toml(f"cost-{kind}-{count}", kind == "pages", features) + "\n[workspace]\n"
    (crate / "Cargo.toml").write_text(manifest + (BUILD_OVERRIDE if build_override else ""))
    # Same dependency versions as the workspace, and no registry look-up when they are cached.
    shutil.copy(ROOT / "Cargo.lock", crate / "Cargo.lock")
    write_pages(kind, crate, count)
    if kind == "pages":
        (crate / "build.rs").write_text("fn main() { api_routes_build::track(); }\n")
        (crate / "src" / "main.rs").write_text(PAGES_MAIN)
    else:
        (crate / "src" / "main.rs").write_text(manual_main(count))
    return crate


def build(crate, env, command="build"):
    started = time.perf_counter()
    result = subprocess.run(["cargo", command, "--quiet"], cwd=crate, env=env, capture_output=True, text=True)
    elapsed = time.perf_counter() - started
    if result.returncode != 0:
        sys.exit(f"build of {crate} failed:\n{result.stderr}")
    expansion = re.findall(r"expanded in ([0-9.]+) ms", result.stderr)
    return elapsed, float(expansion[-1]) if expansion else None


def edit_one_page(crate, run):
    page = crate / "src" / "pages" / "api" / page_path(1)
    page.write_text(page.read_text() + f"\n// edit {run}\n")


def add_one_page(kind, crate, count, run):
    extra = count + 1 + run
    new_page = crate / "src" / "pages" / "api" / f"added{extra}.rs"
    new_page.write_text(page_text(kind, extra))
    if kind == "manual":
        main = crate / "src" / "main.rs"
        text = main.read_text().replace("pub mod pages {", f'pub mod pages {{\n    #[path = "added{extra}.rs"] pub mod m_added{extra};', 1)
        text = text.replace(
            "    api_routes::axum::Router::new()",
            f'    api_routes::axum::Router::new()\n        .route("/api/added{extra}", api_routes::axum::routing::get(pages::m_added{extra}::handler))',
            1,
        )
        main.write_text(text)


KINDS = ("pages", "manual")


def measure_expansion(count, runs, env, build_override, openapi):
    """The pages crate alone, checked `runs` times: the expansion's median and every run."""
    crate = make("pages", count, build_override, openapi)
    build(crate, env, "check")  # dependencies
    expansions = []
    for _ in range(runs):
        (crate / "src" / "main.rs").touch()
        expansions.append(build(crate, env, "check")[1])
    return statistics.median(expansions), expansions


def measure(count, runs, env, build_override, openapi):
    """Both crates of one size, their builds interleaved; medians per kind."""
    crates = {kind: make(kind, count, build_override, openapi) for kind in KINDS}
    for kind in KINDS:
        build(crates[kind], env)  # dependencies
    times = {kind: {"clean": [], "edit": [], "add": []} for kind in KINDS}
    expansions = []

    def timed(kind, step):
        seconds, expansion = build(crates[kind], env)
        times[kind][step].append(seconds)
        if expansion is not None:
            expansions.append(expansion)

    for run in range(runs):
        for kind in KINDS:
            subprocess.run(["cargo", "clean", "--quiet", "-p", f"cost-{kind}-{count}"], cwd=crates[kind], env=env, check=True)
            timed(kind, "clean")
        for kind in KINDS:
            edit_one_page(crates[kind], run)
            timed(kind, "edit")
        for kind in KINDS:
            add_one_page(kind, crates[kind], count, run)
            timed(kind, "add")
    result = {kind: {step: statistics.median(values) for step, values in steps.items()} for kind, steps in times.items()}
    result["pages"]["expansion_ms"] = statistics.median(expansions) if expansions else None
    result["raw"] = {"times": times, "expansions_ms": expansions}
    return result


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", default="10,100,1000")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--raw", help="also write every measurement to this JSON file")
    parser.add_argument("--expansion-only", action="store_true", help="check the pages crate only; report the expansion")
    parser.add_argument("--build-override", action="store_true", help="build proc macros with opt-level 3")
    parser.add_argument("--openapi", action="store_true", help="generate openapi() in the pages crate")
    args = parser.parse_args()
    # The optimized proc macros and build scripts get their own target folder, so switching back
    # and forth rebuilds neither.
    target = SCRATCH / ("target-build-override" if args.build_override else "target")
    env = dict(os.environ, CARGO_TARGET_DIR=str(target), API_ROUTES_TIMING="1", CARGO_TERM_COLOR="never")
    env.pop("__API_ROUTES_MANIFEST_DIR", None)
    if args.expansion_only:
        print("| pages | expansion (median) | every run |")
        print("| ---: | ---: | --- |", flush=True)
        for count in [int(size) for size in args.sizes.split(",")]:
            median, runs = measure_expansion(count, args.runs, env, args.build_override, args.openapi)
            print(f"| {count} | {median:.1f} ms | {', '.join(f'{run:.1f}' for run in runs)} |", flush=True)
        return
    print("| pages | expansion | clean: routes! / by hand (ratio) | edit one page | add one page |")
    print("| ---: | ---: | --- | --- | --- |", flush=True)
    raw = {}
    for count in [int(size) for size in args.sizes.split(",")]:
        measured = measure(count, args.runs, env, args.build_override, args.openapi)
        raw[count] = measured["raw"]
        if args.raw:
            Path(args.raw).write_text(json.dumps(raw, indent=1) + "\n")
        pages, manual = measured["pages"], measured["manual"]
        cell = lambda key: f"{pages[key]:.2f} s / {manual[key]:.2f} s ({pages[key] / manual[key]:.2f}×)"
        expansion = f"{pages['expansion_ms']:.1f} ms" if pages["expansion_ms"] is not None else "n/a"
        print(f"| {count} | {expansion} | {cell('clean')} | {cell('edit')} | {cell('add')} |", flush=True)


if __name__ == "__main__":
    main()
