//! What the generated `openapi()` calls: one [`DocumentBuilder::page`] per page file.

use std::collections::{HashMap, HashSet};

use schemars::SchemaGenerator;
use schemars::generate::SchemaSettings;
use serde_json::json;

use super::describe::Describe;
use super::document::{OpenApi, Operation, Parameter, PathItem, Unlisted};
use crate::page::{Page, PatternSegment};

/// The methods an unrestricted handler is listed under: it answers every method, and these are
/// the ones clients send with a purpose.
const EVERY_METHOD: [&str; 5] = ["GET", "POST", "PUT", "PATCH", "DELETE"];

/// One handler of a page, as `routes!` knows it.
#[derive(Debug, Clone, Copy)]
pub struct HandlerDoc {
    /// `#[api_route(GET, …)]`'s methods; empty for a handler that answers every method.
    pub methods: &'static [&'static str],
    /// The body limit as written, `"1mb"` by default.
    pub body_limit: &'static str,
    /// The function `#[api_route]` wrote beside the handler.
    pub describe: fn(&mut Describe<'_>),
}

/// Builds the document page by page.
#[derive(Debug)]
pub struct DocumentBuilder {
    document: OpenApi,
    schemas: SchemaGenerator,
    operation_ids: HashSet<String>,
    /// Each template with its parameter names blanked (`/api/post/{}`) → the page listed there.
    shapes: HashMap<String, &'static str>,
}

impl DocumentBuilder {
    /// An empty document titled with the crate's name and version.
    pub fn new(title: &str, version: &str) -> Self {
        let settings = SchemaSettings::draft2020_12().with(|settings| {
            settings.definitions_path = "#/components/schemas/".into();
            // The document says which dialect it uses; schemas need not repeat it.
            settings.meta_schema = None;
        });
        Self {
            document: OpenApi::new(title, version),
            schemas: settings.into_generator(),
            operation_ids: HashSet::new(),
            shapes: HashMap::new(),
        }
    }

    /// The operations of one page file: one per method of each handler.
    pub fn page(&mut self, page: &Page, file: &'static str, handlers: &[HandlerDoc]) {
        let taken: Vec<&str> = handlers
            .iter()
            .flat_map(|handler| handler.methods.iter().copied())
            .collect();
        for path in openapi_paths(page) {
            // OpenAPI forbids two templates that differ only in parameter names, which is how
            // a catch-all beside a param (`[...slug]` beside `[pid]`) would look: the later
            // page in match order is named in the document instead of listed.
            let shape = blank_parameters(&path.template);
            if let Some(listed) = self.shapes.get(&shape) {
                self.document.unlisted.push(Unlisted {
                    page: file,
                    path: path.template,
                    reason: format!(
                        "OpenAPI cannot tell this path from the one `{listed}` answers; requests with more segments reach this page"
                    ),
                });
                continue;
            }
            self.shapes.insert(shape, file);
            let mut item = PathItem {
                parameters: path_parameters(&path),
                ..PathItem::default()
            };
            for handler in handlers {
                let methods: Vec<&str> = if handler.methods.is_empty() {
                    EVERY_METHOD
                        .into_iter()
                        .filter(|method| !taken.contains(method))
                        .collect()
                } else {
                    handler
                        .methods
                        .iter()
                        .copied()
                        .filter(|method| *method != "HEAD")
                        .collect()
                };
                for method in methods {
                    let operation = self.operation(method, &path, file, handler);
                    item.operations
                        .insert(method.to_ascii_lowercase(), operation);
                }
            }
            self.document.paths.insert(path.template, item);
        }
    }

    fn operation(
        &mut self,
        method: &str,
        path: &OpenApiPath,
        file: &'static str,
        handler: &HandlerDoc,
    ) -> Operation {
        let mut operation = Operation {
            operation_id: self.unique_id(method, path),
            page: file.to_owned(),
            ..Operation::default()
        };
        let mut describe = Describe {
            operation: &mut operation,
            schemas: &mut self.schemas,
            body_limit: handler.body_limit,
        };
        (handler.describe)(&mut describe);
        if matches!(method, "GET" | "DELETE") {
            drop_optional_body(&mut operation);
        }
        if operation.responses.is_empty() {
            describe_unknown_answer(&mut operation);
        }
        operation
    }

    /// `get_users_id`, made unique with a number where two pages would share one.
    fn unique_id(&mut self, method: &str, path: &OpenApiPath) -> String {
        let base = format!("{}_{}", method.to_ascii_lowercase(), path.words);
        let mut id = base.clone();
        let mut n = 2;
        while !self.operation_ids.insert(id.clone()) {
            id = format!("{base}_{n}");
            n += 1;
        }
        id
    }

    /// The document, with every named schema in its components.
    pub fn finish(mut self) -> OpenApi {
        for item in self.document.paths.values_mut() {
            for operation in item.operations.values_mut() {
                // `200` before `304` before `400`…, then the ranges, then `default`.
                operation.responses.sort_keys();
            }
        }
        self.document.components.schemas = self.schemas.take_definitions(true);
        self.document
    }
}

/// A `Request` reads a body whatever the method, but a `GET` or `DELETE` body is one clients
/// should not send (RFC 9110 gives it no meaning): an optional one is left out of the contract,
/// with the answers to a bad one.
fn drop_optional_body(operation: &mut Operation) {
    if operation
        .request_body
        .as_ref()
        .is_some_and(|body| !body.required)
    {
        operation.request_body = None;
        operation.responses.shift_remove("400");
        operation.responses.shift_remove("413");
    }
}

/// `/api/post/{pid}` → `/api/post/{}`.
fn blank_parameters(template: &str) -> String {
    let mut blanked = String::with_capacity(template.len());
    let mut in_parameter = false;
    for c in template.chars() {
        match c {
            '{' => {
                in_parameter = true;
                blanked.push_str("{}");
            }
            '}' => in_parameter = false,
            _ if in_parameter => {}
            _ => blanked.push(c),
        }
    }
    blanked
}

fn describe_unknown_answer(operation: &mut Operation) {
    operation.responses.insert(
        "default".to_owned(),
        super::document::Answer {
            description: "The page's answer. Its type is not known here (an `impl IntoResponse` or a type that does not describe itself).".to_owned(),
            content: Default::default(),
        },
    );
}

/// One OpenAPI path of a page: `[[...slug]]` pages have two.
#[derive(Debug)]
struct OpenApiPath {
    /// `/api/users/{id}`.
    template: String,
    /// `users_id`, for operation ids.
    words: String,
    params: Vec<(&'static str, ParamKind)>,
}

#[derive(Debug, Clone, Copy)]
enum ParamKind {
    One,
    Rest,
}

fn openapi_paths(page: &Page) -> Vec<OpenApiPath> {
    let mut template = String::new();
    let mut words: Vec<&str> = Vec::new();
    let mut params = Vec::new();
    let mut paths = Vec::new();
    for segment in page.pattern {
        match *segment {
            PatternSegment::Static(name) => {
                template.push('/');
                template.push_str(name);
                words.push(name);
            }
            PatternSegment::Param(name) => {
                template.push_str(&format!("/{{{name}}}"));
                words.push(name);
                params.push((name, ParamKind::One));
            }
            PatternSegment::CatchAll(name) => {
                template.push_str(&format!("/{{{name}}}"));
                words.push(name);
                params.push((name, ParamKind::Rest));
            }
            PatternSegment::OptionalCatchAll(name) => {
                // The bare parent answers too, without the parameter.
                paths.push(path(&template, &words, params.clone()));
                template.push_str(&format!("/{{{name}}}"));
                words.push(name);
                params.push((name, ParamKind::Rest));
            }
        }
    }
    paths.push(path(&template, &words, params));
    paths
}

fn path(template: &str, words: &[&str], params: Vec<(&'static str, ParamKind)>) -> OpenApiPath {
    let words: Vec<String> = words
        .iter()
        .map(|word| {
            word.chars()
                .map(|c| if c.is_ascii_alphanumeric() { c } else { '_' })
                .collect()
        })
        .collect();
    OpenApiPath {
        template: if template.is_empty() {
            "/".to_owned()
        } else {
            template.to_owned()
        },
        words: if words.is_empty() {
            "index".to_owned()
        } else {
            words.join("_")
        },
        params,
    }
}

fn path_parameters(path: &OpenApiPath) -> Vec<Parameter> {
    path.params
        .iter()
        .map(|(name, kind)| Parameter {
            name: (*name).to_owned(),
            location: "path",
            required: true,
            description: match kind {
                ParamKind::One => None,
                ParamKind::Rest => Some(format!(
                    "A catch-all (`[...{name}]`): one or more path segments joined by `/`, \
                     which the page receives as a list. OpenAPI has no such parameter: a client \
                     that percent-encodes `/` in it sends one segment."
                )),
            },
            schema: json!({ "type": "string" }),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::page::PatternSegment::{CatchAll, OptionalCatchAll, Param, Static};

    fn templates(pattern: &'static [PatternSegment]) -> Vec<String> {
        let page = Page {
            pattern,
            max_duration_seconds: None,
        };
        openapi_paths(&page)
            .into_iter()
            .map(|path| path.template)
            .collect()
    }

    #[test]
    fn brackets_become_openapi_templates() {
        assert_eq!(
            templates(&[Static("api"), Static("users"), Param("id")]),
            ["/api/users/{id}"]
        );
        assert_eq!(
            templates(&[Static("api"), CatchAll("slug")]),
            ["/api/{slug}"]
        );
        assert_eq!(
            templates(&[Static("api"), Static("opt"), OptionalCatchAll("slug")]),
            ["/api/opt", "/api/opt/{slug}"]
        );
        assert_eq!(templates(&[]), ["/"]);
    }

    #[test]
    fn a_catch_all_beside_a_param_is_named_not_listed() {
        fn nothing(_: &mut Describe<'_>) {}
        static PID: Page = Page {
            pattern: &[Static("api"), Param("pid")],
            max_duration_seconds: None,
        };
        static SLUG: Page = Page {
            pattern: &[Static("api"), CatchAll("slug")],
            max_duration_seconds: None,
        };
        let handlers = [HandlerDoc {
            methods: &["GET"],
            body_limit: "1mb",
            describe: nothing,
        }];
        let mut builder = DocumentBuilder::new("t", "1");
        builder.page(&PID, "src/pages/api/[pid].rs", &handlers);
        builder.page(&SLUG, "src/pages/api/[...slug].rs", &handlers);
        let document = builder.finish();
        assert_eq!(document.paths.keys().collect::<Vec<_>>(), ["/api/{pid}"]);
        assert_eq!(document.unlisted[0].page, "src/pages/api/[...slug].rs");
        assert_eq!(document.unlisted[0].path, "/api/{slug}");
    }

    #[test]
    fn an_unrestricted_handler_is_listed_under_the_methods_no_other_handler_takes() {
        fn nothing(_: &mut Describe<'_>) {}
        static PAGE: Page = Page {
            pattern: &[Static("api"), Static("user")],
            max_duration_seconds: None,
        };
        let mut builder = DocumentBuilder::new("t", "1");
        builder.page(
            &PAGE,
            "src/pages/api/user.rs",
            &[
                HandlerDoc {
                    methods: &["GET", "HEAD"],
                    body_limit: "1mb",
                    describe: nothing,
                },
                HandlerDoc {
                    methods: &[],
                    body_limit: "1mb",
                    describe: nothing,
                },
            ],
        );
        let document = builder.finish();
        let item = &document.paths["/api/user"];
        let methods: Vec<&str> = item.operations.keys().map(String::as_str).collect();
        assert_eq!(methods, ["get", "post", "put", "patch", "delete"]);
        assert_eq!(item.operations["get"].operation_id, "get_api_user");
        assert!(item.operations["post"].responses.contains_key("default"));
    }
}
