//! The search files against the search they replace: a model of the reader's search
//! (`reader.js` does what [`Client::search`] does) finds, on every corpus and query
//! proptest makes, what the search over the whole index found (`reference`). The
//! stages, builds and model here serve the tests of the other parts too.

pub(super) mod client;
mod languages;

use std::collections::HashMap;

use proptest::prelude::*;
use serde_json::Value;

use super::*;
use client::{Client, Found, score, terms};

/// A stage as the search sees it.
#[derive(Debug, Clone)]
pub(super) struct Stage {
    title: String,
    summary: String,
    /// Headings' and items' `(kind, title, anchor)`.
    entries: Vec<(String, String, String)>,
}

impl Stage {
    pub(super) fn part(&self, i: usize) -> StageSearch {
        let entries: Vec<Entry> = self
            .entries
            .iter()
            .map(|(k, t, a)| (kind(k), t.as_str(), a.as_str()).into())
            .collect();
        StageSearch::new(&self.title, &format!("/s{i}/"), &self.summary, &entries)
    }
}

/// A kind's place in [`TITLE_KINDS`].
pub(super) fn kind(name: &str) -> u8 {
    TITLE_KINDS.iter().position(|k| *k == name).unwrap() as u8
}

/// The search before shards, over every entry of every stage: the first ten by score,
/// in index order among equals.
fn reference(stages: &[Stage], query: &str) -> Vec<Found> {
    let (q, _) = terms(query);
    let terms: Vec<&str> = q.split_whitespace().collect();
    if terms.is_empty() {
        return Vec::new();
    }
    let mut found = Vec::new();
    for (i, s) in stages.iter().enumerate() {
        let own = std::iter::once(("stage", s.title.as_str(), s.summary.as_str()));
        let rest = s
            .entries
            .iter()
            .map(|(k, t, _)| (k.as_str(), t.as_str(), ""));
        for (j, (kind, title, text)) in own.chain(rest).enumerate() {
            if let Some(score) = score(kind, title, text, &s.title, &terms) {
                found.push(Found {
                    stage: i,
                    entry: j,
                    score,
                });
            }
        }
    }
    found.sort_by_key(|f| std::cmp::Reverse(f.score)); // stable, as Array.prototype.sort
    found.truncate(10);
    found
}

pub(super) fn build(stages: &[Stage], limits: Limits) -> (SearchFiles, HashMap<String, Vec<u8>>) {
    // Every file written, in order, and what was kept, with or without keeping.
    let write_all = |keep: bool| {
        let written = std::sync::Mutex::new(Vec::new());
        let write = |rel: &str, bytes: &[u8]| {
            written
                .lock()
                .unwrap()
                .push((rel.to_string(), bytes.to_vec()));
        };
        let part = |i: usize| stages[i].part(i);
        let (state, _) = SearchFiles::write_with(stages.len(), part, keep, write, limits);
        (state, written.into_inner().unwrap())
    };
    let (state, files) = write_all(true);
    let map: HashMap<String, Vec<u8>> = files.iter().cloned().collect();
    assert_eq!(map.len(), files.len(), "a file is written twice");
    // Kept or not, the same files.
    let (none, again) = write_all(false);
    assert!(none.is_none());
    let again: HashMap<String, Vec<u8>> = again.into_iter().collect();
    assert!(again == map, "files made without keeping differ");
    (state.unwrap(), map)
}

pub(super) const SMALL: Limits = Limits {
    shard: 200,
    fragment: 300,
    block: 4,
    chunk: 8,
};

/// Words with what the search must get right: `_` and `-` inside, words inside words
/// (`jwt` in `simplejwt`), letters that lowercase or fold to other lengths, accents
/// and harakat (a query may cut a letter from its marks), Japanese and Thai without
/// spaces, full-width letters, digits, symbols.
const WORDS: &[&str] = &[
    "select_related",
    "prefetch_related",
    "Django",
    "django-debug-toolbar",
    "JWT",
    "simplejwt",
    "Gunicorn",
    "ORM",
    "QuerySet",
    "ListView",
    "views",
    "ab",
    "a",
    "x",
    "N+1",
    "C++",
    "2024",
    "12",
    "123",
    "v1.2",
    "Über",
    "straße",
    "İstanbul",
    "ΟΔΟΣ",
    "日本語",
    "データベースを設計する",
    "Python入門",
    "ＤＢ",
    "données",
    "DONNÉES",
    "donnees",
    "café",
    "كِتَابٌ",
    "كتاب",
    "ภาษาไทย",
    "—",
    "<b>",
    "related",
    "Related",
    "abcdefghijklmnopqrstuvwxyz",
];

fn text(max: usize) -> impl Strategy<Value = String> {
    prop::collection::vec(prop::sample::select(WORDS), 0..max).prop_map(|w| w.join(" "))
}

pub(super) fn stage() -> impl Strategy<Value = Stage> {
    let entry = (
        prop::sample::select(&["heading", "topic", "exercise", "learning"][..]),
        text(6),
    )
        .prop_map(|(k, t)| (k.to_string(), t, "a".to_string()));
    (text(4), text(5), prop::collection::vec(entry, 0..8)).prop_map(|(title, summary, entries)| {
        Stage {
            title,
            summary,
            entries,
        }
    })
}

/// A query: up to three terms, each a word of [`WORDS`] or a piece of one.
fn query() -> impl Strategy<Value = String> {
    let term = (prop::sample::select(WORDS), 0..8usize, 0..14usize).prop_map(|(w, a, n)| {
        let chars: Vec<char> = w.chars().collect();
        let a = a.min(chars.len().saturating_sub(1));
        let n = n.clamp(1, chars.len() - a);
        chars[a..a + n].iter().collect::<String>()
    });
    prop::collection::vec(term, 1..4).prop_map(|t| t.join(" "))
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

    #[test]
    fn the_search_finds_what_the_whole_index_found(
        stages in prop::collection::vec(stage(), 1..30),
        queries in prop::collection::vec(query(), 1..6),
    ) {
        for limits in [SMALL, Limits::DEFAULT] {
            let (_, files) = build(&stages, limits);
            for q in &queries {
                let mut client = Client { files: &files, fetched: Vec::new() };
                let want = reference(&stages, q);
                let candidates = client.candidates(&terms(q).0.split_whitespace().collect::<Vec<_>>());
                // Every stage with a result is a candidate, bounded above its best.
                for f in &want {
                    let c = candidates.iter().find(|c| c.stage == f.stage);
                    prop_assert!(c.is_some_and(|c| c.bound >= f.score), "{q:?}: {f:?} not bounded by {c:?}");
                }
                let mut client = Client { files: &files, fetched: Vec::new() };
                prop_assert_eq!(client.search(q), want, "{:?}", q);
            }
        }
    }
}

pub(super) fn stage_of(title: &str, summary: &str, items: &[&str]) -> Stage {
    Stage {
        title: title.into(),
        summary: summary.into(),
        entries: items
            .iter()
            .map(|t| ("topic".to_string(), t.to_string(), "topics".to_string()))
            .collect(),
    }
}

/// A roadmap small enough for one shard and one fragment, and the files it makes.
#[test]
fn a_small_roadmap_is_one_shard_and_one_fragment() {
    let stages = [
        stage_of("Django basics", "Start here", &["Views and URLs"]),
        stage_of("ORM", "", &["select_related() and prefetch_related()"]),
    ];
    let (_, files) = build(&stages, Limits::DEFAULT);
    let mut names: Vec<&str> = files.keys().map(String::as_str).collect();
    names.sort();
    assert_eq!(
        names,
        ["search/f-0.json", "search/meta.json", "search/s-.json"]
    );
    let meta: Value = serde_json::from_slice(&files[META]).unwrap();
    assert_eq!(
        meta,
        serde_json::json!({
            "version": 2,
            "stages": 2,
            "keys": [2, 12],
            "bits": ["stage", "summary", "heading", "topic", "best-practice", "suggestion", "learning", "exercise"],
            "kinds": ["heading", "topic", "best-practice", "suggestion", "learning", "exercise"],
            "tracked": ["topic", "exercise"],
            "shards": [""],
            "fragments": [0]
        })
    );
    let fragment = String::from_utf8(files["search/f-0.json"].clone()).unwrap();
    assert_eq!(
        fragment,
        r#"[{"t":"Django basics","u":"/s0/","s":"Start here","e":[[1,"Views and URLs","topics"]]},{"t":"ORM","u":"/s1/","e":[[1,"select_related() and prefetch_related()","topics"]]}]"#
    );
    let shard: Value = serde_json::from_slice(&files["search/s-.json"]).unwrap();
    // A word of a topic of stage 1 (bit 3: 8), and a piece of it.
    assert_eq!(shard["related"], serde_json::json!([8, "1"]));
    assert_eq!(shard["elated"], serde_json::json!([8, "1"]));
    // In stage 1's title (bit 0), stage 0's summary (bit 1), stage 0's title.
    assert_eq!(shard["rm"], serde_json::json!([1, "1"]));
    assert_eq!(shard["ere"], serde_json::json!([2, "0"]));
    assert_eq!(shard["django"], serde_json::json!([1, "0"]));
    // Keys are ends of words: "rls" of "URLs", "re" of "here" (the summary); a query's
    // "ur" or "rel" is a prefix of keys.
    assert_eq!(shard["rls"], serde_json::json!([8, "0"]));
    assert_eq!(shard["re"], serde_json::json!([2, "0"]));
    assert!(shard.get("ur").is_none());
    assert!(shard.get("s").is_none(), "keys have two characters or more");
}
