//! The top-level functions of a source file, read without their bodies.
//!
//! `routes!` reads every page to find its handlers, and all it needs of a page is the head of
//! each top-level `fn`: its attributes, visibility and signature. `syn::parse_file` also built a
//! syntax tree of every function body, which the router never looks at (BENCHMARKS.md,
//! "Expansion"). Here the file is lexed once, its top-level tokens are split into items, and only
//! function heads go to syn; bodies and every other item are stepped over as tokens, and a
//! group's inside (`{…}`, `(…)`, `[…]`) is never even walked.
//!
//! Splitting takes few rules because a group is a single token at the top level:
//!
//! - `use`, `const`, `static`, `type` and `extern crate` end at their `;`;
//! - a macro invocation ends at its group, plus a `;` unless that group is `{…}`;
//! - a function, `struct`, `impl`, `mod`, `trait` or any other item ends at its `;` or at its
//!   body: the first `{…}` outside angle brackets (a const argument `Foo<{ N }>` is inside);
//! - an item is unfinished, an error as in syn, when the file ends or the next item's attribute
//!   (a `#` outside angle brackets) comes before its end.
//!
//! So this reader is more lenient than `syn::parse_file` in one way only, on purpose: a syntax
//! error inside a function's body, or inside an item that is not a function (`struct S { a: }`),
//! is not seen. rustc reports it at its own line either way.
//!
//! And stricter in one: a function head nested deeper than [`MAX_HEAD_NESTING`] is refused
//! before syn sees it. syn parses each `<…>` or bracket level by recursion, about 16 KiB of stack
//! a level when the proc macro is unoptimized, and rustc runs proc macros on an 8 MiB thread: a
//! head 600 levels deep (the fuzzer wrote one) overflowed it, which crashes the compiler instead
//! of reporting an error (RELIABILITY.md, "Stack depth").

use proc_macro2::{Delimiter, Group, Ident, Spacing, TokenStream, TokenTree};
use syn::parse::{ParseStream, Parser};
use syn::{Attribute, Signature, Visibility};

use crate::diagnostics::Message;

/// What the router reads of a top-level `fn` item.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct TopLevelFn {
    /// Its outer attributes, then the inner ones opening its body: `syn::ItemFn::attrs`.
    pub(crate) attrs: Vec<Attribute>,
    /// Its visibility.
    pub(crate) vis: Visibility,
    /// Its signature.
    pub(crate) sig: Signature,
}

/// How deep a function's head may nest `<…>` and brackets: rustc's default `recursion_limit`,
/// and far below what overflows the stack rustc gives a proc macro (see the module docs).
pub(crate) const MAX_HEAD_NESTING: usize = 128;

/// Why a file's functions cannot be read.
#[derive(Debug)]
pub(crate) enum Unreadable {
    /// The file does not lex, an item is unfinished or a function's head does not parse, which
    /// rustc reports at its own line (so the router does not keep syn's error).
    Syntax,
    /// A function's head nests deeper than [`MAX_HEAD_NESTING`].
    TooDeep(TooDeep),
}

impl From<syn::Error> for Unreadable {
    fn from(_: syn::Error) -> Self {
        Unreadable::Syntax
    }
}

impl From<proc_macro2::LexError> for Unreadable {
    fn from(_: proc_macro2::LexError) -> Self {
        Unreadable::Syntax
    }
}

/// A function whose head nests `<…>` and brackets deeper than 128 levels, the most `routes!` and
/// `#[api_route]` read (rustc's default `recursion_limit`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TooDeep {
    /// Its name, or `None` when the head has none to read.
    pub function: Option<String>,
}

impl TooDeep {
    /// `Some` when the function head `head` (its tokens up to the body) nests deeper than
    /// 128 levels (`MAX_HEAD_NESTING`), before anything recursive reads it.
    pub fn of(head: &[TokenTree]) -> Option<Self> {
        (nesting(head.iter().cloned(), 0) > MAX_HEAD_NESTING).then(|| TooDeep {
            function: function_ident(head).map(Ident::to_string),
        })
    }

    /// The error `routes!` reports, for the page at `file`.
    pub fn message(&self, file: String) -> Message {
        self.explained("`routes!`").file(file)
    }

    /// The error `#[api_route]` reports, at the handler.
    pub fn attribute_message(&self) -> Message {
        self.explained("`#[api_route]`")
    }

    fn explained(&self, reader: &str) -> Message {
        let function = self
            .function
            .as_ref()
            .map_or_else(|| "a function".to_owned(), |name| format!("`fn {name}`"));
        Message::new(
            format!(
                "the signature of {function} nests `<…>` and brackets more than {MAX_HEAD_NESTING} levels deep, deeper than {reader} reads"
            ),
            "give a part of the type a name with a `type` alias (`type Inner = …;`) and use the alias in the signature",
        )
        .note(format!("syn reads a signature by recursing once a level, on the fixed stack rustc gives a proc macro; rustc's own `recursion_limit` is {MAX_HEAD_NESTING} too"))
    }
}

/// The top-level functions with a body, in file order (a body-less `fn f();` is not a function
/// item for syn either); an error if the file does not lex, an item is unfinished, or a function's
/// head nests too deep or does not parse.
pub(crate) fn top_level_functions(source: &str) -> Result<Vec<TopLevelFn>, Unreadable> {
    let tokens: TokenStream = without_shebang(source).parse()?;
    let mut items = Items {
        tokens: tokens.into_iter().collect(),
        at: 0,
    };
    items.skip_inner_attributes();
    let mut functions = Vec::new();
    while !items.at_end() {
        if let Some(function) = items.next_item()? {
            functions.push(function);
        }
    }
    Ok(functions)
}

/// The source without what `syn::parse_file` strips before lexing: a byte order mark and a `#!`
/// line that does not open an inner attribute (`#![…]`). Unlike syn, a comment between `#!` and
/// `[` is not looked through.
fn without_shebang(source: &str) -> &str {
    let source = source.strip_prefix('\u{feff}').unwrap_or(source);
    match source.strip_prefix("#!") {
        Some(rest) if !rest.trim_start().starts_with('[') => {
            source.find('\n').map_or("", |line_end| &source[line_end..])
        }
        _ => source,
    }
}

/// How an item that is not a function ends; see the module docs.
#[derive(Clone, Copy, PartialEq, Eq)]
enum End {
    Semicolon,
    SemicolonOrBody,
}

/// The file's top-level tokens and the position of the next item.
struct Items {
    tokens: Vec<TokenTree>,
    at: usize,
}

impl Items {
    fn at_end(&self) -> bool {
        self.at == self.tokens.len()
    }

    /// The identifier at `index`, as text.
    fn word(&self, index: usize) -> Option<String> {
        match self.tokens.get(index) {
            Some(TokenTree::Ident(ident)) => Some(ident.to_string()),
            _ => None,
        }
    }

    fn punct_is(&self, index: usize, ch: char) -> bool {
        matches!(self.tokens.get(index), Some(TokenTree::Punct(punct)) if punct.as_char() == ch)
    }

    fn group_at(&self, index: usize) -> Option<&Group> {
        match self.tokens.get(index) {
            Some(TokenTree::Group(group)) => Some(group),
            _ => None,
        }
    }

    fn error(&self, message: &str) -> syn::Error {
        let span = self
            .tokens
            .get(self.at)
            .or(self.tokens.last())
            .map_or_else(proc_macro2::Span::call_site, TokenTree::span);
        syn::Error::new(span, message)
    }

    /// `#![…]` at the top of the file, which syn reads into `File::attrs`.
    fn skip_inner_attributes(&mut self) {
        while is_inner_attribute(&self.tokens[self.at..]) {
            self.at += 3;
        }
    }

    /// The next item: a function's head, or `None` for any other item, stepped over.
    fn next_item(&mut self) -> Result<Option<TopLevelFn>, Unreadable> {
        let start = self.at;
        while self.punct_is(self.at, '#') {
            match self.group_at(self.at + 1) {
                Some(group) if group.delimiter() == Delimiter::Bracket => self.at += 2,
                _ => return Err(self.error("expected an attribute").into()),
            }
        }
        let public = self.word(self.at).as_deref() == Some("pub");
        if public {
            self.at += 1;
            if self
                .group_at(self.at)
                .is_some_and(|group| group.delimiter() == Delimiter::Parenthesis)
            {
                self.at += 1;
            }
        }
        if self.starts_function() {
            return self.function(start);
        }
        let end = match self.word(self.at).as_deref() {
            Some("use" | "const" | "static" | "type") => End::Semicolon,
            Some("extern") if self.word(self.at + 1).as_deref() == Some("crate") => End::Semicolon,
            Some(
                "struct" | "enum" | "union" | "trait" | "impl" | "mod" | "extern" | "unsafe"
                | "auto" | "default" | "macro",
            ) => End::SemicolonOrBody,
            _ if !public => return Ok(self.macro_invocation().map(|()| None)?),
            _ => return Err(self.error("expected an item").into()),
        };
        Ok(self.step_to_end(end).map(|_| None)?)
    }

    /// Whether the tokens at the cursor are `const`, `async`, `unsafe` and `extern "abi"`, each
    /// optional and in this order, then `fn`: syn's test for a function item.
    fn starts_function(&self) -> bool {
        let mut index = self.at;
        let mut word = self.word(index);
        for qualifier in ["const", "async", "unsafe"] {
            if word.as_deref() == Some(qualifier) {
                index += 1;
                word = self.word(index);
            }
        }
        if word.as_deref() == Some("extern") {
            index += 1;
            if matches!(self.tokens.get(index), Some(TokenTree::Literal(_))) {
                index += 1;
            }
            word = self.word(index);
        }
        word.as_deref() == Some("fn")
    }

    /// A function from its first attribute at `start`: its head parsed, its body stepped over
    /// but for the inner attributes that open it.
    fn function(&mut self, start: usize) -> Result<Option<TopLevelFn>, Unreadable> {
        let body = self.step_to_end(End::SemicolonOrBody)?;
        let head = &self.tokens[start..self.at - 1];
        if let Some(too_deep) = TooDeep::of(head) {
            return Err(Unreadable::TooDeep(too_deep));
        }
        let head: TokenStream = head.iter().cloned().collect();
        let parse_head = |input: ParseStream<'_>| {
            Ok(TopLevelFn {
                attrs: input.call(Attribute::parse_outer)?,
                vis: input.parse()?,
                sig: input.parse()?,
            })
        };
        let mut function = parse_head.parse2(head)?;
        let Some(body) = body else {
            return Ok(None);
        };
        let mut body = body.stream().into_iter();
        let mut opening = TokenStream::new();
        loop {
            let next: Vec<TokenTree> = body.by_ref().take(3).collect();
            if !is_inner_attribute(&next) {
                break;
            }
            opening.extend(next);
        }
        function
            .attrs
            .extend(Attribute::parse_inner.parse2(opening)?);
        Ok(Some(function))
    }

    /// `path! (…);`, `path! […];`, `path! {…}`, and `macro_rules! name {…}`.
    fn macro_invocation(&mut self) -> syn::Result<()> {
        loop {
            if self.punct_is(self.at, ':') && self.punct_is(self.at + 1, ':') {
                self.at += 2;
            }
            if !matches!(self.tokens.get(self.at), Some(TokenTree::Ident(_))) {
                return Err(self.error("expected an item"));
            }
            self.at += 1;
            if !(self.punct_is(self.at, ':') && self.punct_is(self.at + 1, ':')) {
                break;
            }
        }
        if !self.punct_is(self.at, '!') {
            return Err(self.error("expected `!` after a macro's name"));
        }
        self.at += 1;
        if matches!(self.tokens.get(self.at), Some(TokenTree::Ident(_))) {
            self.at += 1;
        }
        let braced = match self.group_at(self.at) {
            Some(group) => group.delimiter() == Delimiter::Brace,
            None => return Err(self.error("expected the macro's arguments")),
        };
        self.at += 1;
        if !braced {
            if !self.punct_is(self.at, ';') {
                return Err(self.error("expected `;` after the macro invocation"));
            }
            self.at += 1;
        }
        Ok(())
    }

    /// Steps past the end of the item at the cursor; its `{…}` body if it ended at one.
    fn step_to_end(&mut self, end: End) -> syn::Result<Option<Group>> {
        let mut angle_depth = 0_usize;
        let mut after_minus = false;
        while let Some(token) = self.tokens.get(self.at) {
            self.at += 1;
            match token {
                TokenTree::Group(group)
                    if end == End::SemicolonOrBody
                        && angle_depth == 0
                        && group.delimiter() == Delimiter::Brace =>
                {
                    return Ok(Some(group.clone()));
                }
                TokenTree::Punct(punct) => match punct.as_char() {
                    ';' => return Ok(None),
                    '#' if angle_depth == 0 => {
                        self.at -= 1;
                        return Err(self.error("unfinished item before this attribute"));
                    }
                    '<' => angle_depth += 1,
                    '>' if !after_minus => angle_depth = angle_depth.saturating_sub(1),
                    _ => {}
                },
                _ => {}
            }
            after_minus = is_joint_minus(token);
        }
        Err(self.error("unfinished item at the end of the file"))
    }
}

/// Whether `token` is the `-` of `->`, whose `>` closes no angle bracket.
fn is_joint_minus(token: &TokenTree) -> bool {
    matches!(token, TokenTree::Punct(punct) if punct.as_char() == '-' && punct.spacing() == Spacing::Joint)
}

/// How deep `tokens`, inside `outer` levels, nest `<…>` and groups: exactly up to
/// [`MAX_HEAD_NESTING`], and some number above it when deeper. It stops there so that its own
/// recursion, once a group, stays as shallow as the limit.
fn nesting(tokens: impl IntoIterator<Item = TokenTree>, outer: usize) -> usize {
    let mut deepest = outer;
    let mut angle_depth = 0;
    let mut after_minus = false;
    for token in tokens {
        if deepest > MAX_HEAD_NESTING {
            break;
        }
        match &token {
            TokenTree::Group(group) => {
                deepest = deepest.max(nesting(group.stream(), outer + angle_depth + 1));
            }
            TokenTree::Punct(punct) if punct.as_char() == '<' => {
                angle_depth += 1;
                deepest = deepest.max(outer + angle_depth);
            }
            TokenTree::Punct(punct) if punct.as_char() == '>' && !after_minus => {
                angle_depth = angle_depth.saturating_sub(1);
            }
            _ => {}
        }
        after_minus = is_joint_minus(&token);
    }
    deepest
}

/// The identifier after `fn` in a function's head.
pub fn function_ident(head: &[TokenTree]) -> Option<&Ident> {
    let mut words = head
        .iter()
        .skip_while(|token| !matches!(token, TokenTree::Ident(ident) if ident == "fn"));
    words.next();
    match words.next() {
        Some(TokenTree::Ident(name)) => Some(name),
        _ => None,
    }
}

/// Whether `tokens` start with an inner attribute: `#`, `!`, `[…]`.
fn is_inner_attribute(tokens: &[TokenTree]) -> bool {
    matches!(tokens, [TokenTree::Punct(hash), TokenTree::Punct(bang), TokenTree::Group(group), ..]
        if hash.as_char() == '#' && bang.as_char() == '!' && group.delimiter() == Delimiter::Bracket)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// What `syn::parse_file` finds: every top-level `syn::Item::Fn`.
    fn syn_functions(source: &str) -> Vec<TopLevelFn> {
        let file = syn::parse_file(source).unwrap_or_else(|error| panic!("{error}: {source}"));
        file.items
            .into_iter()
            .filter_map(|item| match item {
                syn::Item::Fn(function) => Some(TopLevelFn {
                    attrs: function.attrs,
                    vis: function.vis,
                    sig: function.sig,
                }),
                _ => None,
            })
            .collect()
    }

    fn names(source: &str) -> Vec<String> {
        top_level_functions(source)
            .unwrap_or_else(|error| panic!("{error:?}: {source}"))
            .iter()
            .map(|function| function.sig.ident.to_string())
            .collect()
    }

    /// Valid files with every kind of item around functions: the same functions as syn's, down to
    /// each attribute, visibility and signature.
    const VALID: &[&str] = &[
        "",
        "#[api_route(GET)] async fn show() {}",
        "use api_routes::prelude::*;\n#[api_route(GET)] async fn show() {}\nfn helper() {}\n\
         #[api_routes::api_route(PUT, body_limit = \"5mb\")] pub async fn update() {}",
        "/// Shows one.\n///\n/// In detail.\n#[api_route(GET)] async fn show(a: A, b: B) -> C { todo!() }",
        "#![allow(unused)]\n//! The page.\n#[api_route] pub(crate) async fn handler(req: Request, res: Response) -> Response { res }",
        "\u{feff}#[api_route] async fn handler() {}",
        "#!/usr/bin/env run\n#[api_route] async fn handler() {}",
        "pub fn layer() -> L { L }",
        "pub async fn middleware(req: Request, next: Next) -> Response { next.run(req).await }",
        // Bodies: any tokens at all, inner attributes and doc comments opening them.
        "#[api_route] async fn a() { #![allow(unused)] //! Inner docs.\n let x = { 1 }; match x { _ => {} } }",
        "#[api_route] async fn a() { ![true][0]; } fn b() { #[allow(unused)] let y = 2; }",
        // Function heads: generics, const arguments, where clauses, `->` in bounds, qualifiers.
        "#[api_route] async fn g<T: Fn() -> u8, const N: usize>(x: [u8; { N }]) -> Foo<{ N }> \
         where T: Into<Vec<u8>> { }",
        "const fn c() -> u8 { 1 } unsafe fn u() {} extern \"C\" fn e() {} pub(in crate::x) async unsafe fn q() {}",
        "fn f() -> impl Fn(u8) -> Box<dyn Fn() -> u8> { todo!() } fn after() {}",
        "fn declared_only(); fn defined() {}",
        // Every other item, with the shapes that could end early: const arguments, struct
        // literals and blocks in initializers, `->`, shifts of angle brackets.
        "use a::{b, c::{d, e}}; use ::f; extern crate g; extern crate h as i; fn one() {}",
        "const X: Foo<{ 1 }> = Foo { a: { 2 } }; static Y: u8 = { 3 }; const _: () = { fn hidden() {} };\n\
         type T = fn() -> Bar<{ 4 }>; fn two() {}",
        "struct S; struct T(u8) where u8: Copy; struct U<const N: usize = { 1 }> { a: [u8; N] }\n\
         struct V<F: Fn() -> u8> { f: F } enum E { A = { 1 }, B } union W { a: u8 } fn three() {}",
        "impl<T> Foo<{ N }> for Bar<T> where T: Fn() -> u8 { #[api_route] async fn method() {} }\n\
         impl Baz for <T as Qux>::Assoc {} impl Foo<<T as X>::Y> for Z {} unsafe impl Send for S {}\n\
         fn four() {}",
        "trait Tr: Fn() -> u8 { fn m(&self); } pub trait Alias = Tr; mod m { pub fn inner() {} } mod n;\n\
         extern \"C\" { fn ffi(); } extern { } unsafe extern \"C\" { } fn five() {}",
        "macro_rules! m { ($x:expr) => { $x } } m!(1); m![2]; m! { fn from_macro() {} }\n\
         ::std::println!(\"{}\", 1); self::m!(); fn six() {}",
        "#[cfg(test)] mod tests { #[test] fn t() {} } #[derive(Debug)] struct D<#[cfg(x)] T>(T); fn seven() {}",
    ];

    #[test]
    fn finds_the_functions_syn_finds() {
        for source in VALID {
            let ours =
                top_level_functions(source).unwrap_or_else(|error| panic!("{error:?}: {source}"));
            assert_eq!(ours, syn_functions(source), "{source}");
        }
    }

    #[test]
    fn functions_among_other_items_are_found_in_file_order() {
        assert_eq!(
            names(VALID[VALID.len() - 3]),
            ["five"],
            "functions inside a trait, an impl or a module are not top-level"
        );
        assert_eq!(names(VALID[2]), ["show", "helper", "update"]);
        assert_eq!(names(VALID[14]), ["defined"]);
    }

    fn assert_rejected_by_both(sources: &[&str]) {
        for source in sources {
            assert!(top_level_functions(source).is_err(), "{source}");
            assert!(syn::parse_file(source).is_err(), "{source}");
        }
    }

    #[test]
    fn what_does_not_lex_or_is_unfinished_is_an_error() {
        assert_rejected_by_both(&[
            "#[api_route] async fn broken( {",
            "fn f() { \"unterminated }",
            "struct S",
            "fn f() -> u8",
            "struct S(u8)\n#[api_route] async fn handler() {}",
            "m!(x)\n#[api_route] async fn handler() {}",
            "foo bar baz;",
            "pub m!();",
            "#[api_route]",
            "fn f() {} #![x]",
            "5;",
            "{}",
        ]);
    }

    #[test]
    fn a_function_head_must_parse_as_syn_parses_it() {
        assert_rejected_by_both(&[
            "fn helper(a: ) {} #[api_route] async fn handler() {}",
            "#[api_route] async fn handler() -> {}",
            "#[api_route] async fn handler() {} fn declared(a: );",
            "#[api_route] async fn handler() { #![doc = ] }",
        ]);
    }

    /// The one way the reader is more lenient than syn: it does not look inside bodies or at items
    /// that are not functions. rustc reports those errors at their line.
    #[test]
    fn syntax_errors_inside_bodies_and_other_items_are_left_to_rustc() {
        for source in [
            "#[api_route] async fn handler() { let = 5; }",
            "struct S { a: } #[api_route] async fn handler() {}",
            "use a::{b c}; impl S { fn m(&self) { x. } } #[api_route] async fn handler() {}",
            "const X: u8 = ; #[api_route] async fn handler() {}",
        ] {
            assert_eq!(names(source), ["handler"], "{source}");
            assert!(syn::parse_file(source).is_err(), "{source}");
        }
    }

    /// `depth` levels: `depth - 1` of `Vec<…>` inside the parameter list's parentheses.
    fn nested_head(depth: usize) -> String {
        format!(
            "#[api_route] async fn handler(_: {}u8{}) {{}}",
            "Vec<".repeat(depth - 1),
            ">".repeat(depth - 1)
        )
    }

    /// On the 8 MiB a proc macro runs on in rustc: syn's recursion at this depth needs more than a
    /// test thread's 2 MiB unoptimized (about 16 KiB a level).
    #[test]
    fn a_head_nested_up_to_the_limit_is_read() {
        let read = std::thread::Builder::new()
            .stack_size(8 << 20)
            .spawn(|| {
                let source = nested_head(MAX_HEAD_NESTING);
                assert_eq!(names(&source), ["handler"]);
                assert_eq!(
                    top_level_functions(&source).unwrap(),
                    syn_functions(&source)
                );
            })
            .unwrap()
            .join();
        if let Err(panic) = read {
            std::panic::resume_unwind(panic);
        }
    }

    /// On the test thread's 2 MiB: nothing recurses deeper than the limit (the fuzzer wrote the
    /// third head, 600 `<` deep, which overflowed syn on 8 MiB unoptimized).
    #[test]
    fn a_head_nested_deeper_is_refused_before_syn_reads_it() {
        let too_deep = |source: &str| match top_level_functions(source) {
            Err(Unreadable::TooDeep(too_deep)) => too_deep.function,
            other => panic!("{other:?}: {source}"),
        };
        assert_eq!(
            too_deep(&nested_head(MAX_HEAD_NESTING + 1)).as_deref(),
            Some("handler")
        );
        let parentheses = format!("fn f(x: {}u8{}) {{}}", "(".repeat(500), ")".repeat(500));
        assert_eq!(too_deep(&parentheses).as_deref(), Some("f"));
        let unclosed = format!("pub fn laybr({}) {{}}", "<".repeat(600));
        assert_eq!(too_deep(&unclosed).as_deref(), Some("laybr"));
        let return_type = format!(
            "fn g() -> {}u8{} {{ 1 }}",
            "Box<".repeat(300),
            ">".repeat(300)
        );
        assert_eq!(too_deep(&return_type).as_deref(), Some("g"));
    }

    #[test]
    fn nesting_counts_angle_brackets_and_groups_but_not_arrows() {
        let nesting_of = |head: &str| nesting(head.parse::<TokenStream>().unwrap(), 0);
        assert_eq!(nesting_of("fn f()"), 1);
        assert_eq!(nesting_of("fn f(a: A<B<C>>, b: [u8; 2]) -> D<E>"), 3);
        assert_eq!(
            nesting_of("fn f<T: Fn() -> u8>() -> impl Fn() -> Box<dyn Fn() -> u8>"),
            2
        );
        assert_eq!(
            nesting_of("fn f(a: A<B>>>>>, b: C<D<E>>)"),
            3,
            "extra `>` do not go below zero"
        );
    }

    /// Bodies are never walked, so no depth inside them matters.
    #[test]
    fn a_body_nested_deeper_is_not_read() {
        let source = format!(
            "#[api_route] async fn handler() {{ {}{} }}",
            "(".repeat(5000),
            ")".repeat(5000)
        );
        assert_eq!(names(&source), ["handler"]);
    }
}
