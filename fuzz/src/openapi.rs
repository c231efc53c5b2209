//! The OpenAPI document of an arbitrary page tree: `DocumentBuilder::page` and `finish` over
//! random patterns and handlers, as the generated `openapi()` calls them.

use std::collections::{BTreeMap, BTreeSet, HashSet};

use api_routes_runtime::__private::openapi::{Describe, DocumentBuilder, HandlerDoc};
use api_routes_runtime::__private::{Page, PatternSegment};
use api_routes_runtime::openapi::OpenApi;

use crate::pattern::{intern, parse_page};

/// The methods `#[api_route(…)]` accepts.
const METHODS: [&str; 9] = [
    "GET", "HEAD", "POST", "PUT", "DELETE", "PATCH", "OPTIONS", "TRACE", "CONNECT",
];

/// The methods an unrestricted handler is listed under (the runtime's `EVERY_METHOD`).
const EVERY_METHOD: [&str; 5] = ["GET", "POST", "PUT", "PATCH", "DELETE"];

pub fn run(data: &[u8]) {
    let text = String::from_utf8_lossy(data);
    let mut builder = DocumentBuilder::new("fuzz", "1");
    let mut pages = Vec::new();
    for line in text.split('\n') {
        let mut fields = line.split('\t');
        let Some(page) = parse_page(fields.next().unwrap_or_default()) else {
            continue;
        };
        let Some(file) = intern(&format!("src/pages{page}.rs")) else {
            continue;
        };
        // A page tree has each file once.
        if pages.iter().any(|(_, listed, _)| *listed == file) {
            continue;
        }
        let handlers = handlers(fields);
        builder.page(&page, file, &handlers);
        pages.push((page, file, handlers));
    }
    let document = builder.finish();
    check(&document, &pages);
}

/// Each field is one handler: its methods separated by `,` (none: every method), then optionally
/// `=` and a letter saying what it describes. As `routes!` requires, a page's handlers answer
/// different methods and at most one answers every method: a handler that breaks this is left
/// out.
fn handlers<'a>(fields: impl Iterator<Item = &'a str>) -> Vec<HandlerDoc> {
    let mut handlers = Vec::new();
    let mut taken = HashSet::new();
    let mut unrestricted = false;
    for field in fields {
        let (methods, describes) = field.split_once('=').unwrap_or((field, ""));
        let mut listed = Vec::new();
        for method in methods.split(',').filter(|method| !method.is_empty()) {
            let Some(&method) = METHODS.iter().find(|known| **known == method) else {
                continue;
            };
            if !listed.contains(&method) {
                listed.push(method);
            }
        }
        let clash = if listed.is_empty() {
            std::mem::replace(&mut unrestricted, true)
        } else {
            listed.iter().any(|method| taken.contains(method))
        };
        if clash {
            continue;
        }
        taken.extend(listed.iter().copied());
        let methods: &'static [&'static str] = match listed.as_slice() {
            [] => &[],
            _ => leak_methods(listed),
        };
        handlers.push(HandlerDoc {
            methods,
            body_limit: "1mb",
            describe: match describes.bytes().next() {
                Some(b'd') => describe_docs,
                Some(b'j') => describe_json_body,
                Some(b'q') => describe_query,
                Some(b'a') => describe_answers,
                _ => describe_nothing,
            },
        });
    }
    handlers
}

/// The method lists, interned like names (at most 9! orders of 9 methods, in practice few).
fn leak_methods(methods: Vec<&'static str>) -> &'static [&'static str] {
    use std::sync::{LazyLock, Mutex};
    static LISTS: LazyLock<Mutex<HashSet<&'static [&'static str]>>> =
        LazyLock::new(Default::default);
    let mut lists = LISTS
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner());
    if let Some(&list) = lists.get(methods.as_slice()) {
        return list;
    }
    let list: &'static [&'static str] = Box::leak(methods.into_boxed_slice());
    lists.insert(list);
    list
}

fn describe_nothing(_: &mut Describe<'_>) {}

fn describe_docs(describe: &mut Describe<'_>) {
    describe.docs("Lists the things.\n\nAll of them, `paged`.");
}

fn describe_json_body(describe: &mut Describe<'_>) {
    describe.json_body::<serde_json::Value>();
}

fn describe_query(describe: &mut Describe<'_>) {
    describe.query::<BTreeMap<String, i64>>();
}

fn describe_answers(describe: &mut Describe<'_>) {
    describe.answer("200", "Fine.", None);
    describe.answer("404", "Not there.", None);
}

fn check(document: &OpenApi, pages: &[(Page, &'static str, Vec<HandlerDoc>)]) {
    // Every operation id once.
    let mut ids = HashSet::new();
    for item in document.paths.values() {
        for operation in item.operations.values() {
            assert!(
                ids.insert(operation.operation_id.as_str()),
                "operationId {} twice",
                operation.operation_id
            );
        }
    }

    // A template's `{name}`s are its path parameters, in order, each once; no two templates
    // differ only in parameter names (OpenAPI forbids both).
    let mut shapes = HashSet::new();
    for (template, item) in &document.paths {
        let (shape, names) = template_parameters(template);
        let listed: Vec<&str> = item.parameters.iter().map(|p| p.name.as_str()).collect();
        assert_eq!(names, listed, "{template}");
        assert!(
            item.parameters
                .iter()
                .all(|p| p.location == "path" && p.required)
        );
        let unique: HashSet<&str> = names.iter().copied().collect();
        assert_eq!(unique.len(), names.len(), "{template}");
        assert!(
            shapes.insert(shape),
            "{template} is listed twice under other names"
        );
    }

    // A page's path is listed, under the methods its handlers take, unless an earlier page's
    // path has the same shape: then it is named as unlisted.
    let mut seen = HashSet::new();
    let mut count = 0;
    for (page, file, handlers) in pages {
        for template in templates(page) {
            count += 1;
            if seen.insert(template_parameters(&template).0) {
                let item = document
                    .paths
                    .get(&template)
                    .unwrap_or_else(|| panic!("{file}'s {template} is not listed"));
                assert!(item.operations.values().all(|op| op.page == *file));
                let methods: BTreeSet<&str> = item.operations.keys().map(String::as_str).collect();
                assert_eq!(methods, expected_methods(handlers), "{template}");
            } else {
                assert!(
                    document
                        .unlisted
                        .iter()
                        .any(|unlisted| unlisted.page == *file && unlisted.path == template),
                    "{file}'s {template} is neither listed nor unlisted"
                );
            }
        }
    }
    assert_eq!(document.paths.len(), shapes.len());
    assert_eq!(document.paths.len(), seen.len());
    assert_eq!(document.unlisted.len(), count - seen.len());

    let json = serde_json::to_value(document).expect("the document serializes");
    assert_eq!(json["openapi"], "3.1.0");
    let paths = json["paths"].as_object().expect("paths");
    assert!(paths.keys().eq(document.paths.keys()));
}

/// `/a/{x}/{y}` → (`/a/{}/{}`, `["x", "y"]`).
fn template_parameters(template: &str) -> (String, Vec<&str>) {
    let mut shape = String::new();
    let mut names = Vec::new();
    let mut rest = template;
    while let Some(open) = rest.find('{') {
        shape.push_str(&rest[..open]);
        shape.push_str("{}");
        let close = rest[open..].find('}').expect("a closing brace") + open;
        names.push(&rest[open + 1..close]);
        rest = &rest[close + 1..];
    }
    shape.push_str(rest);
    (shape, names)
}

/// The page's OpenAPI templates: an optional catch-all gives two, without and with it.
fn templates(page: &Page) -> Vec<String> {
    let mut templates = Vec::new();
    let mut template = String::new();
    for segment in page.pattern {
        match segment {
            PatternSegment::Static(name) => template = template + "/" + name,
            PatternSegment::Param(name) | PatternSegment::CatchAll(name) => {
                template = format!("{template}/{{{name}}}");
            }
            PatternSegment::OptionalCatchAll(name) => {
                templates.push(if template.is_empty() {
                    "/".to_owned()
                } else {
                    template.clone()
                });
                template = format!("{template}/{{{name}}}");
            }
        }
    }
    templates.push(if template.is_empty() {
        "/".to_owned()
    } else {
        template
    });
    templates
}

/// A method is listed when a handler names it (but `HEAD`, which OpenAPI implies with `GET`), or
/// when it is one of [`EVERY_METHOD`], a handler answers every method and no handler names it.
fn expected_methods(handlers: &[HandlerDoc]) -> BTreeSet<&'static str> {
    let named = |method: &str| handlers.iter().any(|h| h.methods.contains(&method));
    let unrestricted = handlers.iter().any(|h| h.methods.is_empty());
    METHODS
        .into_iter()
        .filter(|&method| {
            (named(method) && method != "HEAD")
                || (unrestricted && EVERY_METHOD.contains(&method) && !named(method))
        })
        .map(lowercase)
        .collect()
}

fn lowercase(method: &str) -> &'static str {
    match method {
        "GET" => "get",
        "POST" => "post",
        "PUT" => "put",
        "DELETE" => "delete",
        "PATCH" => "patch",
        "OPTIONS" => "options",
        "TRACE" => "trace",
        _ => "connect",
    }
}
