//! Page patterns in Next.js's notation (`api/post/[...slug]`), read by the rules `routes!`
//! applies to file names, as the `&'static` data `routes!` generates.

use std::collections::{HashMap, HashSet};
use std::sync::{LazyLock, Mutex};

use api_routes_routing::segment::{SegmentKind, parse_segment};
use api_routes_runtime::__private::{Page, PatternSegment};

/// Every distinct name and pattern a target has used, leaked once: `Page` and the OpenAPI builder
/// take `&'static` data, and leaking each input's copy would grow without bound over millions of
/// executions. Distinct values grow too (a first 8-million-execution run reached 1.4 GB), so
/// past [`LIMIT`] of either an input with a new one is skipped: one fuzzing process explores the
/// first `LIMIT` names and patterns, and every input made of them.
static NAMES: LazyLock<Mutex<HashSet<&'static str>>> = LazyLock::new(Default::default);
/// Keyed by the pattern's names joined with `/` (`PatternSegment` is not `Hash`).
static PATTERNS: LazyLock<Mutex<HashMap<String, &'static [PatternSegment]>>> =
    LazyLock::new(Default::default);

const LIMIT: usize = 100_000;

pub(crate) fn intern(name: &str) -> Option<&'static str> {
    let mut names = NAMES
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner());
    if let Some(&name) = names.get(name) {
        return Some(name);
    }
    if names.len() >= LIMIT {
        return None;
    }
    let name: &'static str = Box::leak(name.into());
    names.insert(name);
    Some(name)
}

fn intern_pattern(key: String, pattern: Vec<PatternSegment>) -> Option<&'static [PatternSegment]> {
    let mut patterns = PATTERNS
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner());
    if patterns.len() >= LIMIT {
        return None;
    }
    Some(
        patterns
            .entry(key)
            .or_insert_with(|| Box::leak(pattern.into_boxed_slice())),
    )
}

/// The page `routes!` would generate for `text` (see [`parse_pattern`]).
pub(crate) fn parse_page(text: &str) -> Option<Page> {
    Some(Page {
        pattern: parse_pattern(text)?,
        max_duration_seconds: None,
    })
}

/// The pattern `routes!` would generate for `text`'s `/`-separated folder and file names, or
/// `None` past the [`LIMIT`] or where `routes!` refuses the names: each name read by
/// `api-routes-routing`'s `parse_segment`, as `routes!` reads it; a catch-all comes last;
/// parameter names in one pattern differ.
fn parse_pattern(text: &str) -> Option<&'static [PatternSegment]> {
    let names: Vec<&str> = text.split('/').filter(|name| !name.is_empty()).collect();
    let key = names.join("/");
    if let Some(&pattern) = PATTERNS
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner())
        .get(&key)
    {
        return Some(pattern);
    }
    let mut pattern = Vec::new();
    let mut param_names = HashSet::new();
    for name in names {
        if matches!(
            pattern.last(),
            Some(PatternSegment::CatchAll(_) | PatternSegment::OptionalCatchAll(_))
        ) {
            return None;
        }
        let segment = parse_segment(name).ok()?;
        let name = intern(&segment.name)?;
        if segment.kind != SegmentKind::Static && !param_names.insert(name) {
            return None;
        }
        pattern.push(match segment.kind {
            SegmentKind::Static => PatternSegment::Static(name),
            SegmentKind::Param => PatternSegment::Param(name),
            SegmentKind::CatchAll => PatternSegment::CatchAll(name),
            SegmentKind::OptionalCatchAll => PatternSegment::OptionalCatchAll(name),
        });
    }
    intern_pattern(key, pattern)
}
