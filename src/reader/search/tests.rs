//! The search files against the search they replace: a model of the reader's search
//! (`reader.js` does what [`Client::search`] does) finds, on every corpus and query
//! proptest makes, what the search over the whole index found (`reference`).

use std::collections::{BTreeSet, HashMap};

use proptest::prelude::*;
use serde_json::Value;

use super::*;

/// A stage as the search sees it.
#[derive(Debug, Clone)]
struct Stage {
    title: String,
    summary: String,
    /// Headings' and items' `(kind, title, anchor)`.
    entries: Vec<(String, String, String)>,
}

impl Stage {
    fn part(&self, i: usize) -> StageSearch {
        let entries: Vec<(u8, &str, &str)> = self
            .entries
            .iter()
            .map(|(k, t, a)| (kind(k), t.as_str(), a.as_str()))
            .collect();
        StageSearch::new(&self.title, &format!("/s{i}/"), &self.summary, &entries)
    }
}

/// A kind's place in [`TITLE_KINDS`].
fn kind(name: &str) -> u8 {
    TITLE_KINDS.iter().position(|k| *k == name).unwrap() as u8
}

/// A result: the stage, the entry's place in it (0 is the stage's own), its score.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Found {
    stage: usize,
    entry: usize,
    score: i32,
}

/// The score the search gives an entry, or `None` if it does not find it: every term
/// in `title text stage`, lowercased; 2 per term in the title, 1 for a stage.
fn score(kind: &str, title: &str, text: &str, stage: &str, terms: &[&str]) -> Option<i32> {
    let hay = format!("{title} {text} {stage}").to_lowercase();
    if !terms.iter().all(|t| hay.contains(t)) {
        return None;
    }
    let title = title.to_lowercase();
    let in_title = terms.iter().filter(|t| title.contains(*t)).count() as i32;
    Some(2 * in_title + i32::from(kind == "stage"))
}

fn terms(query: &str) -> (String, usize) {
    let q = query.trim().to_lowercase();
    let n = q.split_whitespace().count();
    (q, n)
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

/// How many fragments the search loads at once when a query's candidates are in at
/// most this many, and how many per round otherwise: one, then two (as reader.js).
const FEW: usize = 4;
const ROUND: usize = 2;

/// The reader's search over the files of a build, counting what it fetches.
struct Client<'a> {
    files: &'a HashMap<String, Vec<u8>>,
    fetched: Vec<String>,
}

/// What the search knows of a stage before loading its fragment.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Candidate {
    bound: i32,
    stage: usize,
}

impl Client<'_> {
    fn get(&mut self, rel: &str) -> Value {
        if !self.fetched.iter().any(|f| f == rel) {
            self.fetched.push(rel.to_string());
        }
        let bytes = self
            .files
            .get(rel)
            .unwrap_or_else(|| panic!("{rel} is missing"));
        serde_json::from_slice(bytes).unwrap()
    }

    fn bytes(&self) -> usize {
        self.fetched.iter().map(|f| self.files[f].len()).sum()
    }

    /// The stages that may hold a result, best bound first; `None` when no word
    /// holds one of the query's.
    fn candidates(&mut self, terms: &[&str]) -> Vec<Candidate> {
        let meta = self.get(META);
        let n = meta["stages"].as_u64().unwrap() as usize;
        let (min, max) = (
            meta["keys"][0].as_u64().unwrap() as usize,
            meta["keys"][1].as_u64().unwrap() as usize,
        );
        let shards: Vec<String> = meta["shards"]
            .as_array()
            .unwrap()
            .iter()
            .map(|s| s.as_str().unwrap().to_string())
            .collect();
        let every: u8 = meta["bits"]
            .as_array()
            .unwrap()
            .iter()
            .enumerate()
            .fold(0, |m, (i, _)| m | 1 << i);
        let mut per_term = Vec::new();
        for term in terms {
            let mut all = vec![every; n];
            for word in term.split(|c: char| !c.is_alphanumeric()) {
                if word.chars().count() < min {
                    continue;
                }
                let word: String = word.chars().take(max).collect();
                let code = encode_prefix(&word);
                let Some(shard) = shards.iter().find(|s| code.starts_with(s.as_str())) else {
                    if shards.iter().any(|s| s.starts_with(&code)) {
                        continue; // in too many places to ask
                    }
                    return Vec::new();
                };
                let shard = self.get(&shard_rel(shard));
                let mut flags = vec![0u8; n];
                for (key, sets) in shard.as_object().unwrap() {
                    if key.starts_with(&word) {
                        for pair in sets.as_array().unwrap().chunks(2) {
                            let bits = pair[0].as_u64().unwrap() as u8;
                            decode(pair[1].as_str().unwrap(), bits, &mut flags);
                        }
                    }
                }
                for (a, f) in all.iter_mut().zip(flags) {
                    *a &= f;
                }
            }
            per_term.push(all);
        }
        let mut candidates = Vec::new();
        for stage in 0..n {
            // The stage's own entry: every term in its title or summary.
            let flags: Vec<u8> = per_term.iter().map(|f| f[stage]).collect();
            let mut bound = -1;
            if flags.iter().all(|f| f & (IN_STAGE_TITLE | IN_SUMMARY) != 0) {
                let in_title = flags.iter().filter(|f| *f & IN_STAGE_TITLE != 0).count();
                bound = 1 + 2 * in_title as i32;
            }
            // A heading or item of one kind: every term in its title or the stage's.
            for kind in 0..TITLE_KINDS.len() as u8 {
                let bit = in_title(kind);
                if flags.iter().all(|f| f & (bit | IN_STAGE_TITLE) != 0) {
                    let in_title = flags.iter().filter(|f| *f & bit != 0).count();
                    bound = bound.max(2 * in_title as i32);
                }
            }
            if bound >= 0 {
                candidates.push(Candidate { bound, stage });
            }
        }
        candidates.sort_by(|a, b| b.bound.cmp(&a.bound).then(a.stage.cmp(&b.stage)));
        candidates
    }

    fn search(&mut self, query: &str) -> Vec<Found> {
        let (q, _) = terms(query);
        let terms: Vec<&str> = q.split_whitespace().collect();
        if terms.is_empty() {
            return Vec::new();
        }
        let candidates = self.candidates(&terms);
        let firsts: Vec<usize> = self.get(META)["fragments"]
            .as_array()
            .unwrap()
            .iter()
            .map(|f| f.as_u64().unwrap() as usize)
            .collect();
        let fragment_of = |stage: usize| firsts.partition_point(|&f| f <= stage) - 1;
        let mut found: Vec<Found> = Vec::new();
        let load = |client: &mut Self, found: &mut Vec<Found>, f: usize| {
            let stages = client.get(&fragment_rel(firsts[f] as u32));
            for (k, s) in stages.as_array().unwrap().iter().enumerate() {
                let title = s["t"].as_str().unwrap();
                let own = std::iter::once(("stage", title, s["s"].as_str().unwrap_or("")));
                let rest = s["e"].as_array().unwrap().iter().map(|e| {
                    let kind = TITLE_KINDS[e[0].as_u64().unwrap() as usize];
                    (kind, e[1].as_str().unwrap(), "")
                });
                for (j, (kind, t, text)) in own.chain(rest).enumerate() {
                    if let Some(score) = score(kind, t, text, title, &terms) {
                        found.push(Found {
                            stage: firsts[f] + k,
                            entry: j,
                            score,
                        });
                    }
                }
            }
            found.sort_by(|a, b| {
                (b.score.cmp(&a.score))
                    .then(a.stage.cmp(&b.stage))
                    .then(a.entry.cmp(&b.entry))
            });
        };
        let all: BTreeSet<usize> = candidates.iter().map(|c| fragment_of(c.stage)).collect();
        if all.len() <= FEW {
            for f in all {
                load(self, &mut found, f);
            }
        } else {
            let mut next = 0;
            loop {
                while next < candidates.len()
                    && self.loaded_fragment(&firsts, candidates[next].stage)
                {
                    next += 1;
                }
                let Some(c) = candidates.get(next) else { break };
                if let Some(tenth) = found.get(9)
                    && (c.bound, std::cmp::Reverse(c.stage))
                        < (tenth.score, std::cmp::Reverse(tenth.stage))
                {
                    break;
                }
                let mut round = Vec::new();
                let any = self.fetched.iter().any(|f| f.starts_with("search/f-"));
                let size = if any { ROUND } else { 1 };
                for c in &candidates[next..] {
                    let f = fragment_of(c.stage);
                    if !self.loaded_fragment(&firsts, c.stage) && !round.contains(&f) {
                        round.push(f);
                        if round.len() == size {
                            break;
                        }
                    }
                }
                for f in round {
                    load(self, &mut found, f);
                }
            }
        }
        found.truncate(10);
        found
    }

    fn loaded_fragment(&self, firsts: &[usize], stage: usize) -> bool {
        let f = firsts.partition_point(|&f| f <= stage) - 1;
        self.fetched.contains(&fragment_rel(firsts[f] as u32))
    }
}

/// Adds `bit` to the stages of the set `code` (see [`Runs::code`]).
fn decode(code: &str, bit: u8, flags: &mut [u8]) {
    let mut next = 0;
    for run in code.split(',').filter(|r| !r.is_empty()) {
        let (skip, more) = run.split_once('~').unwrap_or((run, "0"));
        let first = next + skip.parse::<usize>().unwrap();
        let last = first + more.parse::<usize>().unwrap();
        for f in &mut flags[first..=last] {
            *f |= bit;
        }
        next = last + 1;
    }
}

fn build(stages: &[Stage], limits: Limits) -> (SearchFiles, HashMap<String, Vec<u8>>) {
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

const SMALL: Limits = Limits {
    shard: 200,
    fragment: 300,
    block: 4,
    chunk: 8,
};

/// Words with what the search must get right: `_` and `-` inside, words inside words
/// (`jwt` in `simplejwt`), letters that lowercase to other lengths, digits, symbols.
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
    "—",
    "<b>",
    "related",
    "Related",
    "abcdefghijklmnopqrstuvwxyz",
];

fn text(max: usize) -> impl Strategy<Value = String> {
    prop::collection::vec(prop::sample::select(WORDS), 0..max).prop_map(|w| w.join(" "))
}

fn stage() -> impl Strategy<Value = Stage> {
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

    #[test]
    fn updates_write_what_a_build_writes(
        before in prop::collection::vec(stage(), 1..24),
        rounds in prop::collection::vec(prop::collection::vec((0..24usize, stage()), 1..4), 1..4),
    ) {
        let (mut state, mut files) = build(&before, SMALL);
        let mut after = before.clone();
        for edits in rounds {
            let mut changed = Vec::new();
            for (i, s) in edits {
                let i = i % after.len();
                after[i] = s.clone();
                changed.push((i, s.part(i)));
            }
            let update = state.update(changed);
            for (rel, bytes) in update.write {
                prop_assert_ne!(files.get(&rel), Some(&bytes), "{} is written unchanged", rel);
                files.insert(rel, bytes);
            }
            for rel in update.remove {
                prop_assert!(files.remove(&rel).is_some(), "{} was not there", rel);
            }
            let (_, want) = build(&after, SMALL);
            let (got, want): (BTreeSet<_>, BTreeSet<_>) =
                (files.iter().collect(), want.iter().collect());
            prop_assert_eq!(got, want);
        }
    }
}

fn stage_of(title: &str, summary: &str, items: &[&str]) -> Stage {
    Stage {
        title: title.into(),
        summary: summary.into(),
        entries: items
            .iter()
            .map(|t| ("topic".to_string(), t.to_string(), "topics".to_string()))
            .collect(),
    }
}

#[test]
fn sets_are_runs_of_stages() {
    let mut runs = Runs::default();
    for s in [3, 4, 10, 11, 12] {
        runs.push(s);
    }
    assert_eq!(runs.code(), "3~1,5~2");
    let mut flags = vec![0; 14];
    decode(&runs.code(), 2, &mut flags);
    let stages: Vec<usize> = (0..14).filter(|&s| flags[s] == 2).collect();
    assert_eq!(stages, [3, 4, 10, 11, 12]);
    let mut all = Runs::default();
    (0..10_000).for_each(|s| all.push(s));
    assert_eq!(all.code(), "0~9999");
    assert_eq!(Runs::default().code(), "");
}

#[test]
fn postings_are_runs_of_stages_with_the_same_flags() {
    let mut p = Postings::default();
    for (s, f) in [(0, 1), (1, 1), (2, 4), (5, 4), (5, 4)] {
        p.push(s, f);
    }
    assert_eq!(p, Postings(vec![(0, 1, 1), (2, 2, 4), (5, 5, 4)]));
    // A word twice in a stage: its flags add up.
    let mut twice = Postings::default();
    for (s, f) in [(0, 1), (1, 1), (1, 4), (2, 5), (2, 1), (3, 1), (3, 4)] {
        twice.push(s, f);
    }
    assert_eq!(twice, Postings(vec![(0, 0, 1), (1, 3, 5)]));
    assert_eq!(p.value().get(), r#"[1,"0~1",4,"2,2"]"#);
    let mut later = p.clone();
    later.append(&Postings(vec![(6, 9, 4)]));
    assert_eq!(later, Postings(vec![(0, 1, 1), (2, 2, 4), (5, 9, 4)]));
    // Overlapping: flags add up where both are.
    let other = Postings(vec![(1, 2, 2), (4, 5, 4)]);
    assert_eq!(
        Postings::union(&[&p, &other]),
        Postings(
            vec![(0, 0, 1), (1, 1, 3), (2, 2, 6), (4, 4, 4), (5, 5, 4)]
                .into_iter()
                .fold(Vec::new(), |mut v: Vec<(u32, u32, u8)>, r| {
                    match v.last_mut() {
                        Some(l) if l.1 + 1 == r.0 && l.2 == r.2 => l.1 = r.1,
                        _ => v.push(r),
                    }
                    v
                })
        )
    );
    // Taking out and adding any stage keeps the runs as long as they can be.
    let mut runs = Postings(vec![(0, 5, 1), (6, 6, 3), (9, 12, 1)]);
    runs.remove(3);
    assert_eq!(
        runs,
        Postings(vec![(0, 2, 1), (4, 5, 1), (6, 6, 3), (9, 12, 1)])
    );
    runs.remove(6);
    runs.remove(7);
    runs.remove(12);
    assert_eq!(runs, Postings(vec![(0, 2, 1), (4, 5, 1), (9, 11, 1)]));
    runs.add(3, 1);
    runs.add(6, 1);
    runs.add(10, 2);
    assert_eq!(
        runs,
        Postings(vec![(0, 6, 1), (9, 9, 1), (10, 10, 3), (11, 11, 1)])
    );
    runs.add(10, 1);
    runs.add(8, 1);
    runs.add(7, 1);
    runs.remove(10);
    runs.add(10, 1);
    assert_eq!(runs, Postings(vec![(0, 11, 1)]));
    let mut early = p.clone();
    early.append(&other);
    assert_eq!(early, Postings::union(&[&p, &other]));
}

#[test]
fn words_are_lowercased_runs_of_letters_and_digits() {
    let part = StageSearch::new(
        "ÜBER Straße, ΟΔΟΣ",
        "/s/",
        "select_related",
        &[(kind("topic"), "Select_related() and N+1", "a")],
    );
    assert_eq!(
        part.words,
        "über straße  οδος select related select related   and n 1 "
    );
    let mut words: Vec<(&str, u8)> = Vec::new();
    stage_words(&part, |w, f| words.push((w, f)));
    // "n" and "1" are too short to be keys; the final sigma lowercases to "ς".
    let (stage, summary, topic) = (IN_STAGE_TITLE, IN_SUMMARY, in_title(kind("topic")));
    assert_eq!(
        words,
        [
            ("über", stage),
            ("straße", stage),
            ("οδος", stage),
            ("select", summary),
            ("related", summary),
            ("select", topic),
            ("related", topic),
            ("and", topic),
        ]
    );
}

#[test]
fn prefixes_are_file_names() {
    assert_eq!(encode_prefix("dj"), "dj");
    assert_eq!(encode_prefix("ü1"), "_fc_1");
    assert_eq!(encode_prefix(""), "");
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
            "version": 1,
            "stages": 2,
            "keys": [2, 12],
            "bits": ["stage", "summary", "heading", "topic", "best-practice", "suggestion", "learning", "exercise"],
            "kinds": ["heading", "topic", "best-practice", "suggestion", "learning", "exercise"],
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

/// Heavy prefixes are split by their next character, and a query's word loads the
/// one shard that holds it.
#[test]
fn shards_split_by_prefix_and_a_word_loads_one() {
    let stages: Vec<Stage> = (0..2000)
        .map(|i| stage_of(&format!("Stage {i}"), "", &[&format!("topic {i} in depth")]))
        .collect();
    let (_, files) = build(&stages, Limits::DEFAULT);
    let meta: Value = serde_json::from_slice(&files[META]).unwrap();
    let shards: Vec<&str> = meta["shards"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s.as_str().unwrap())
        .collect();
    assert!(shards.len() > 1, "{shards:?}");
    for s in &shards {
        assert!(files.contains_key(&shard_rel(s)), "{s}");
    }
    for (i, a) in shards.iter().enumerate() {
        for b in &shards[i + 1..] {
            assert!(!a.starts_with(b) && !b.starts_with(a), "{a} and {b}");
        }
    }
    let mut client = Client {
        files: &files,
        fetched: Vec::new(),
    };
    let found = client.search("123");
    assert_eq!(
        found.first(),
        Some(&Found {
            stage: 123,
            entry: 0,
            score: 3
        })
    );
    let shards_fetched = client.fetched.iter().filter(|f| f.contains("/s-")).count();
    assert_eq!(shards_fetched, 1, "{:?}", client.fetched);
    assert!(client.bytes() < 40_000, "{}", client.bytes());
}

/// `meta.json`'s kinds name each item kind as `data-kind` and roadmap.json do.
#[test]
fn title_kinds_are_the_item_kinds_names() {
    for kind in [
        Kind::Topic,
        Kind::BestPractice,
        Kind::Suggestion,
        Kind::Learning,
        Kind::Exercise,
    ] {
        assert_eq!(TITLE_KINDS[usize::from(kind_index(kind))], kind.name());
    }
    assert_eq!(TITLE_KINDS[0], "heading");
}
