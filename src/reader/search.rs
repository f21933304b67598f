//! The search files under `search/`, which the reader's search downloads a piece at a
//! time: after pagefind's design, an index cut into shards by the first characters of
//! its keys, and the entries in fragments of consecutive stages, each fetched only when
//! a query needs it.
//!
//! The reader's search finds an entry (a stage, a heading, an item) when every term of
//! the query is a substring of its `title text stage-title`, lowercased, and ranks it
//! by the terms in its title. The index is made so that the search finds exactly that,
//! whatever the query, by loading only some fragments:
//!
//! - Its keys are every suffix (of at least [`MIN_KEY`] characters, cut to [`MAX_KEY`])
//!   of every word (a run of letters and digits, lowercased) of every entry. A term's
//!   words are substrings of the entry's words, so each is a prefix of a key: the
//!   stages holding the keys that start with a term's words are all the stages where
//!   the term may be.
//! - A key names the stages it is in, each with where: the stage's title, its summary,
//!   the title of one of its headings or items (by kind). From that the search bounds
//!   the best score an entry of each stage can have, and loads fragments best bound
//!   first, until no stage left could rank among the first ten. A query's word shorter
//!   than [`MIN_KEY`], or so short a prefix that its keys are split across shards,
//!   matches in too many places to ask: it bounds nothing, and fragments tell.
//!
//! Why not the pagefind crate: it indexes HTML pages, ranks its own way and ships its
//! own WebAssembly search; this keeps the search readers had, finds the same entries
//! in the same order, and is made from the stages' parts, which `serve` updates.
//!
//! Files (docs/templates.md has their format):
//!
//! - `search/meta.json`: the format's version, the stage count, the keys' lengths,
//!   what each bit of a key's flags means, the shards' prefixes and the first stage of
//!   each fragment.
//! - `search/s-<prefix>.json`: the keys that start with the prefix, each to its stages
//!   by flags, `[flags, stages, flags, stages...]`, stages written as runs (see
//!   [`Runs::code`]). A prefix whose keys weigh more than [`SHARD_BYTES`] is split by
//!   its next character.
//! - `search/f-<first>.json`: stages from `first` on, each `{t, u, s?, e}`: title, URL,
//!   summary, and its headings' and items' entries `[kind, title, anchor]`. Stages are
//!   grouped up to [`FRAGMENT_BYTES`], never across a [`BLOCK`] boundary, so an edit
//!   regroups one block at most.
//!
//! A build writes them all; `serve` keeps [`SearchFiles`] and, after a save, writes only
//! the files that changed and deletes those that are no longer made.

use std::collections::{BTreeSet, HashMap};
use std::fmt::Write as _;

use rayon::prelude::*;
use serde::Serialize;
use serde::ser::{SerializeMap, SerializeSeq, Serializer};
use serde_json::value::RawValue;

use super::Roadmap;
use super::items::Kind;
use crate::content::Heading;
use crate::gathered::{JsonPart, json_part};
use crate::url::stage_path;

/// The format of the files, in `meta.json`.
pub const VERSION: u32 = 1;
/// Keys have at least this many characters: a shorter word of a query matches almost
/// everywhere, and the search loads fragments without asking the index.
pub const MIN_KEY: usize = 2;
/// Keys are cut to this many characters, and so are a query's words.
pub const MAX_KEY: usize = 12;
/// How the files are cut; [`Limits::DEFAULT`] but in tests.
#[derive(Debug, Clone, Copy)]
struct Limits {
    /// A shard is split when its keys weigh more than this many bytes.
    shard: usize,
    /// A fragment holds stages up to this many bytes (or one stage, however heavy).
    fragment: usize,
    /// Fragments never span two blocks of this many stages.
    block: usize,
    /// Stages are made, and their words gathered, this many at a time: whole blocks.
    chunk: usize,
}

impl Limits {
    const DEFAULT: Limits = Limits {
        shard: SHARD_BYTES,
        fragment: FRAGMENT_BYTES,
        block: BLOCK,
        chunk: 4 * BLOCK,
    };
}

/// A shard is split when its keys weigh more than this: 16 KB, some 4 KB compressed, a
/// few hundred keys.
pub const SHARD_BYTES: usize = 16 * 1024;
/// A fragment holds stages up to this weight (or one stage, however heavy): 16 KB,
/// a dozen stages of a typical roadmap.
pub const FRAGMENT_BYTES: usize = 16 * 1024;
/// Fragments never span two blocks of this many stages, so that a stage whose entries
/// grow or shrink regroups its block only.
pub const BLOCK: usize = 64;

/// Where in a stage a word is, as bits: its title, its summary, or the title of one of
/// its headings or items, by kind. Knowing the kind bounds the score better: two words
/// of a query in a stage's "topic" and "learning" items are in no one title together.
const IN_STAGE_TITLE: u8 = 1;
const IN_SUMMARY: u8 = 2;
/// The kinds of the other entries, from bit 2 on; a fragment names an entry's kind by
/// its place in this list (`kinds` in `meta.json`).
pub const TITLE_KINDS: [&str; 6] = [
    "heading",
    "topic",
    "best-practice",
    "suggestion",
    "learning",
    "exercise",
];

/// An item's kind as its place in [`TITLE_KINDS`].
fn kind_index(kind: Kind) -> u8 {
    match kind {
        Kind::Topic => 1,
        Kind::BestPractice => 2,
        Kind::Suggestion => 3,
        Kind::Learning => 4,
        Kind::Exercise => 5,
    }
}

/// The bit of a heading's or an item's title, by its kind (its place in [`TITLE_KINDS`]).
fn in_title(kind: u8) -> u8 {
    4 << kind
}

/// One stage's part of the search files.
pub struct StageSearch {
    /// Its object in a fragment.
    fragment: JsonPart,
    /// Its entries' text as [`words_of`] writes it: words between spaces.
    words: String,
    /// Where each field of `words` ends, and where it is (an `IN_*` bit).
    fields: Vec<(u32, u8)>,
}

/// A stage in a fragment.
#[derive(Serialize)]
struct FragmentStage<'a> {
    t: &'a str,
    u: &'a str,
    #[serde(skip_serializing_if = "str::is_empty")]
    s: &'a str,
    e: &'a [(u8, &'a str, &'a str)],
}

/// Stage `i`'s part of the search files, with its `headings`. `base_path` starts its
/// URL (root-relative, so the search works wherever the site is previewed).
pub fn stage_search(
    roadmap: &Roadmap,
    base_path: &str,
    headings: &[Heading],
    i: usize,
) -> StageSearch {
    let stage = &roadmap.stages[i];
    let url = [base_path, &stage_path(&stage.slug)].concat();
    let summary = stage.summary.as_deref().unwrap_or("");
    let mut entries = Vec::with_capacity(headings.len() + stage.items.len());
    for h in headings {
        entries.push((0, h.title.as_str(), h.id.as_str()));
    }
    for item in stage.items.iter() {
        let kind = kind_index(item.kind);
        entries.push((kind, item.text.as_str(), item.section.as_str()));
    }
    StageSearch::new(&stage.title, &url, summary, &entries)
}

impl StageSearch {
    /// A stage titled `title` at `url`, with `summary` and `entries`, its headings' and
    /// items' `(kind, title, anchor)`, the kind as its place in [`TITLE_KINDS`].
    fn new(title: &str, url: &str, summary: &str, entries: &[(u8, &str, &str)]) -> StageSearch {
        let fragment = json_part(&FragmentStage {
            t: title,
            u: url,
            s: summary,
            e: entries,
        });
        let fields = [(title, IN_STAGE_TITLE), (summary, IN_SUMMARY)]
            .into_iter()
            .chain(entries.iter().map(|e| (e.1, in_title(e.0))));
        let bytes = title.len() + summary.len() + entries.iter().map(|e| e.1.len()).sum::<usize>();
        let (words, fields) = words_of(fields, bytes);
        StageSearch {
            fragment,
            words,
            fields,
        }
    }

    /// Whether it holds what `other` does: its fragment's text, and so its words.
    fn same_as(&self, other: &StageSearch) -> bool {
        self.fragment.get() == other.fragment.get()
    }
}

/// The text of `fields` (each with where it is, `bytes` long or about) lowercased as the
/// reader's search lowercases, with every character but letters and digits a space:
/// its words are what is between spaces. With where each field ends in it.
fn words_of<'a>(
    fields: impl Iterator<Item = (&'a str, u8)>,
    bytes: usize,
) -> (String, Vec<(u32, u8)>) {
    let mut words: Vec<u8> = Vec::with_capacity(bytes + 20);
    let mut ends = Vec::with_capacity(20);
    for (text, flag) in fields {
        if text.is_ascii() {
            words.extend(text.bytes().map(|b| ASCII_WORDS[usize::from(b)]));
        } else {
            let lower: String = (text.to_lowercase().chars())
                .map(|c| if c.is_alphanumeric() { c } else { ' ' })
                .collect();
            words.extend_from_slice(lower.as_bytes());
        }
        words.push(b' ');
        ends.push((words.len() as u32, flag));
    }
    // ASCII bytes and whole strings: UTF-8.
    let words = String::from_utf8(words)
        .unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned());
    (words, ends)
}

/// An ASCII character as [`words_of`] writes it: a letter lowercased, a digit as it
/// is, anything else a space.
static ASCII_WORDS: [u8; 256] = {
    let mut table = [b' '; 256];
    let mut i = 0;
    while i < 128 {
        let b = i as u8;
        if b.is_ascii_alphanumeric() {
            table[i] = b.to_ascii_lowercase();
        }
        i += 1;
    }
    table
};

/// Calls `each` with every word of a stage's part (at least [`MIN_KEY`] characters
/// long) and where it is.
fn stage_words<'a>(stage: &'a StageSearch, mut each: impl FnMut(&'a str, u8)) {
    let (text, bytes) = (stage.words.as_str(), stage.words.as_bytes());
    let mut i = 0;
    for &(end, flag) in &stage.fields {
        let end = end as usize;
        while i < end {
            if bytes[i] == b' ' {
                i += 1;
                continue;
            }
            let start = i;
            i = word_end(bytes, i);
            let word = &text[start..i];
            if i - start >= MIN_KEY && (word.is_ascii() || word.chars().nth(MIN_KEY - 1).is_some())
            {
                each(word, flag);
            }
        }
    }
}

/// Where the word at `i` in `bytes` ends: at the next space, which there is (every
/// field ends with one). Eight bytes at a time: most words are shorter.
fn word_end(bytes: &[u8], mut i: usize) -> usize {
    while let Some(eight) = bytes.get(i..i + 8) {
        let mut word = [0; 8];
        word.copy_from_slice(eight);
        // The bytes that are spaces are the zeros of `x`; the lowest is found exactly.
        let x = u64::from_le_bytes(word) ^ 0x2020_2020_2020_2020;
        let zeros = x.wrapping_sub(0x0101_0101_0101_0101) & !x & 0x8080_8080_8080_8080;
        if zeros != 0 {
            return i + (zeros.trailing_zeros() / 8) as usize;
        }
        i += 8;
    }
    while bytes[i] != b' ' {
        i += 1;
    }
    i
}

/// A hash map with rustc's Fx hash: words are short and come from the author, who has
/// no reason to collide them, and SipHash was a tenth of the search files' time.
type FxMap<K, V> = rustc_hash::FxHashMap<K, V>;

/// A set of stages as runs `(first, last)`: sorted, neither overlapping nor touching.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
struct Runs(Vec<(u32, u32)>);

impl Runs {
    /// Adds `stage`, which is after every stage already in.
    #[cfg(test)]
    fn push(&mut self, stage: u32) {
        match self.0.last_mut() {
            Some((_, last)) if *last + 1 == stage => *last = stage,
            _ => self.0.push((stage, stage)),
        }
    }

    /// The set as the files write it: runs separated by `,`, each the count of stages
    /// skipped since the previous run (from stage 0), then `~` and how many more stages
    /// it holds when it holds more than one. `0~9999` is stages 0 to 9999; `3~1,5~2`
    /// is 3, 4, 10, 11 and 12.
    fn code(&self) -> String {
        let mut out = String::new();
        let mut next = 0;
        for &(a, b) in &self.0 {
            if !out.is_empty() {
                out.push(',');
            }
            let _ = write!(out, "{}", a - next);
            if b > a {
                let _ = write!(out, "~{}", b - a);
            }
            next = b + 1;
        }
        out
    }
}

/// The stages a word or key is in, each with where (`IN_*` bits): runs `(first, last,
/// flags)` of consecutive stages with the same flags, sorted, not overlapping.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
struct Postings(Vec<(u32, u32, u8)>);

impl Postings {
    /// Adds `stage`, which is not before any stage already in, with `flags` (to those
    /// it has if it is the last).
    fn push(&mut self, stage: u32, flags: u8) {
        match self.0.last_mut() {
            Some((_, last, f)) if *last + 1 == stage && *f == flags => *last = stage,
            Some(&mut (first, last, f)) if last == stage => {
                if f | flags == f {
                    return;
                }
                if first == last {
                    self.0.pop();
                } else if let Some(run) = self.0.last_mut() {
                    run.1 -= 1;
                }
                match self.0.last_mut() {
                    Some((_, last, g)) if *last + 1 == stage && *g == f | flags => *last = stage,
                    _ => self.0.push((stage, stage, f | flags)),
                }
            }
            _ => self.0.push((stage, stage, flags)),
        }
    }

    /// Takes `stage` out.
    fn remove(&mut self, stage: u32) {
        let i = self.0.partition_point(|run| run.1 < stage);
        let Some(&(first, last, flags)) = self.0.get(i) else {
            return;
        };
        if first > stage {
            return;
        }
        let before = (first < stage).then(|| (first, stage - 1, flags));
        let after = (stage < last).then(|| (stage + 1, last, flags));
        self.0.splice(i..=i, before.into_iter().chain(after));
    }

    /// Adds `stage` anywhere, with `flags` (to those it has if it is in).
    fn add(&mut self, stage: u32, flags: u8) {
        let i = self.0.partition_point(|run| run.1 < stage);
        let at = match self.0.get(i) {
            Some(&(first, last, f)) if first <= stage => {
                if f | flags == f {
                    return;
                }
                let before = (first < stage).then(|| (first, stage - 1, f));
                let after = (stage < last).then(|| (stage + 1, last, f));
                let at = i + usize::from(before.is_some());
                let runs = before
                    .into_iter()
                    .chain([(stage, stage, f | flags)])
                    .chain(after);
                self.0.splice(i..=i, runs);
                at
            }
            _ => {
                self.0.insert(i, (stage, stage, flags));
                i
            }
        };
        // Runs are as long as they can be: the new one joins its neighbours if alike.
        let alike = |a: (u32, u32, u8), b: (u32, u32, u8)| a.1 + 1 == b.0 && a.2 == b.2;
        if at + 1 < self.0.len() && alike(self.0[at], self.0[at + 1]) {
            self.0[at].1 = self.0[at + 1].1;
            self.0.remove(at + 1);
        }
        if at > 0 && alike(self.0[at - 1], self.0[at]) {
            self.0[at - 1].1 = self.0[at].1;
            self.0.remove(at);
        }
    }

    /// Adds the stages of `other`, which holds later stages than `self` unless the
    /// two come from the same stages in another order.
    fn append(&mut self, other: &Postings) {
        match (self.0.last(), other.0.first()) {
            (Some(&(_, last, _)), Some(&(first, _, _))) if first <= last => {
                *self = Postings::union(&[self, other]);
            }
            _ => {
                for &(a, b, f) in &other.0 {
                    match self.0.last_mut() {
                        Some((_, last, g)) if *last + 1 == a && *g == f => *last = b,
                        _ => self.0.push((a, b, f)),
                    }
                }
            }
        }
    }

    /// The stages of all `sources`, each with the flags it has in any of them.
    fn union(sources: &[&Postings]) -> Postings {
        if let [one] = sources {
            return (*one).clone();
        }
        // Where a run starts its flags count once more, where it ends once less.
        let mut events: Vec<(u32, bool, u8)> = Vec::new();
        for &(a, b, f) in sources.iter().flat_map(|s| &s.0) {
            events.push((a, true, f));
            events.push((b + 1, false, f));
        }
        events.sort_unstable();
        let mut count = [0u32; 8];
        let mut out = Postings::default();
        let mut at = 0;
        for (pos, starts, f) in events {
            let flags = (0..8)
                .filter(|&i| count[i] > 0)
                .fold(0u8, |m, i| m | 1 << i);
            if pos > at && flags != 0 {
                match out.0.last_mut() {
                    Some((_, last, g)) if *last + 1 == at && *g == flags => *last = pos - 1,
                    _ => out.0.push((at, pos - 1, flags)),
                }
            }
            at = pos;
            for (i, c) in count.iter_mut().enumerate() {
                if f & (1 << i) != 0 {
                    if starts {
                        *c += 1;
                    } else {
                        *c -= 1;
                    }
                }
            }
        }
        out
    }

    /// The stages by flags: `[flags, set, flags, set...]`, flags in increasing order,
    /// as a shard writes them.
    fn value(&self) -> Box<RawValue> {
        let mut by_flags: Vec<(u8, Runs)> = Vec::new();
        for &(a, b, f) in &self.0 {
            let i = match by_flags.iter().position(|(g, _)| *g == f) {
                Some(i) => i,
                None => {
                    by_flags.push((f, Runs::default()));
                    by_flags.len() - 1
                }
            };
            let runs = &mut by_flags[i].1;
            match runs.0.last_mut() {
                Some((_, last)) if *last + 1 == a => *last = b,
                _ => runs.0.push((a, b)),
            }
        }
        by_flags.sort_unstable_by_key(|(f, _)| *f);
        let value: Vec<serde_json::Value> = by_flags
            .into_iter()
            .flat_map(|(f, runs)| [f.into(), runs.code().into()])
            .collect();
        json_part(&value)
    }
}

/// The words of `stages`, the first of which is stage `first`, with their stages.
fn chunk_postings(stages: &[StageSearch], first: usize) -> FxMap<Box<str>, Postings> {
    let mut map: FxMap<Box<str>, Postings> = FxMap::default();
    for (j, stage) in stages.iter().enumerate() {
        let at = (first + j) as u32;
        // Most words are there already: no entry, which makes room each time.
        stage_words(stage, |word, flag| match map.get_mut(word) {
            Some(stages) => stages.push(at, flag),
            None => {
                let mut stages = Postings::default();
                stages.push(at, flag);
                map.insert(word.into(), stages);
            }
        });
    }
    map
}

/// Postings of consecutive chunks of stages, put together.
fn merged(
    chunks: impl IndexedParallelIterator<Item = FxMap<Box<str>, Postings>>,
) -> FxMap<Box<str>, Postings> {
    chunks.reduce(FxMap::default, |a, b| {
        if a.len() < b.len() {
            return merge(b, a, true);
        }
        merge(a, b, false)
    })
}

/// `into` with `from`'s postings added; `from_first` when `from` holds the earlier
/// stages.
fn merge(
    mut into: FxMap<Box<str>, Postings>,
    from: FxMap<Box<str>, Postings>,
    from_first: bool,
) -> FxMap<Box<str>, Postings> {
    for (word, mut postings) in from {
        let target = into.entry(word).or_default();
        if from_first {
            postings.append(target);
            *target = postings;
        } else {
            target.append(&postings);
        }
    }
    into
}

/// A key of the index, with its stages as a shard writes them.
struct Key<'a> {
    key: &'a str,
    value: Box<RawValue>,
}

impl Key<'_> {
    /// Its bytes in a shard: `"key":value,`.
    fn size(&self) -> usize {
        self.key.len() + self.value.get().len() + 4
    }
}

/// Every key of the index, sorted, with its stages.
fn entries(postings: &FxMap<Box<str>, Postings>) -> Vec<Key<'_>> {
    let mut by_key: FxMap<&str, Vec<&Postings>> = FxMap::default();
    for (word, stages) in postings {
        for (at, _) in word.char_indices() {
            let rest = &word[at..];
            if rest.chars().nth(MIN_KEY - 1).is_none() {
                break;
            }
            let end = rest
                .char_indices()
                .nth(MAX_KEY)
                .map_or(rest.len(), |(j, _)| j);
            by_key.entry(&rest[..end]).or_default().push(stages);
        }
    }
    let mut entries: Vec<Key> = by_key
        .into_par_iter()
        .map(|(key, sources)| Key {
            key,
            value: Postings::union(&sources).value(),
        })
        .collect();
    entries.par_sort_unstable_by(|a, b| a.key.cmp(b.key));
    entries
}

/// A shard: the keys that start with `prefix`.
struct Shard<'a> {
    prefix: &'a str,
    entries: &'a [Key<'a>],
}

/// `entries` (sorted, all starting with `prefix` of `chars` characters) cut into
/// shards: one, or if it weighs more than `limit` one or more for each next character.
/// A key that is the prefix itself is then left out: a query's word that short matches
/// in more places than a shard holds, and the search does not ask.
fn shards<'a>(
    entries: &'a [Key<'a>],
    prefix: &'a str,
    chars: usize,
    limit: usize,
    out: &mut Vec<Shard<'a>>,
) {
    let size: usize = entries.iter().map(Key::size).sum();
    let only_the_prefix = matches!(entries, [e] if e.key == prefix);
    if size <= limit || chars >= MAX_KEY || only_the_prefix {
        out.push(Shard { prefix, entries });
        return;
    }
    let mut i = 0;
    while i < entries.len() {
        let key = entries[i].key;
        let Some(c) = key[prefix.len()..].chars().next() else {
            i += 1;
            continue;
        };
        let child = &key[..prefix.len() + c.len_utf8()];
        let n = entries[i..]
            .iter()
            .take_while(|e| e.key.starts_with(child))
            .count();
        shards(&entries[i..i + n], child, chars + 1, limit, out);
        i += n;
    }
}

/// A prefix as file names and `meta.json` write it: `a`-`z` and `0`-`9` as they are,
/// any other character as `_<hex code point>_`.
pub fn encode_prefix(prefix: &str) -> String {
    let mut out = String::new();
    for c in prefix.chars() {
        if c.is_ascii_lowercase() || c.is_ascii_digit() {
            out.push(c);
        } else {
            let _ = write!(out, "_{:x}_", u32::from(c));
        }
    }
    out
}

fn shard_rel(encoded: &str) -> String {
    format!("search/s-{encoded}.json")
}

fn fragment_rel(first: u32) -> String {
    format!("search/f-{first}.json")
}

pub const META: &str = "search/meta.json";

#[derive(Serialize)]
struct Meta<'a> {
    version: u32,
    stages: usize,
    keys: [usize; 2],
    /// What each bit of a key's flags means, from bit 0.
    bits: [&'a str; 8],
    /// The kinds of entries a fragment names by their place in this list.
    kinds: [&'a str; 6],
    shards: &'a [String],
    fragments: &'a [u32],
}

/// The bits of a key's flags, named in `meta.json`.
const BITS: [&str; 8] = [
    "stage",
    "summary",
    TITLE_KINDS[0],
    TITLE_KINDS[1],
    TITLE_KINDS[2],
    TITLE_KINDS[3],
    TITLE_KINDS[4],
    TITLE_KINDS[5],
];

/// A file to write: where, below the output folder, and its bytes.
pub type File = (String, Vec<u8>);

fn to_json(value: &impl Serialize) -> Vec<u8> {
    // serde_json fails only on maps with non-string keys, which none of these has.
    serde_json::to_vec(value).unwrap_or_default()
}

fn shard_json(entries: &[Key<'_>]) -> Vec<u8> {
    let mut out = Vec::with_capacity(entries.iter().map(Key::size).sum::<usize>() + 2);
    let mut ser = serde_json::Serializer::new(&mut out);
    let written = ser.serialize_map(Some(entries.len())).and_then(|mut map| {
        for e in entries {
            map.serialize_entry(e.key, &*e.value)?;
        }
        SerializeMap::end(map)
    });
    debug_assert!(written.is_ok());
    out
}

fn fragment_json(stages: &[StageSearch]) -> Vec<u8> {
    let mut out = Vec::with_capacity(stages.iter().map(|s| s.fragment.get().len() + 1).sum());
    let mut ser = serde_json::Serializer::new(&mut out);
    let written = ser.serialize_seq(Some(stages.len())).and_then(|mut seq| {
        for s in stages {
            seq.serialize_element(&*s.fragment)?;
        }
        SerializeSeq::end(seq)
    });
    debug_assert!(written.is_ok());
    out
}

/// The first stage of each fragment of a block of `stages`, the first of which is stage
/// `first`.
fn group(stages: &[StageSearch], first: usize, limit: usize) -> Vec<u32> {
    let mut firsts = Vec::new();
    let mut size = 0;
    for (i, stage) in stages.iter().enumerate() {
        let part = stage.fragment.get().len() + 1;
        if i == 0 || size + part > limit {
            firsts.push((first + i) as u32);
            size = 1;
        }
        size += part;
    }
    firsts
}

fn blocks(count: usize, block: usize) -> impl Iterator<Item = std::ops::Range<usize>> {
    (0..count)
        .step_by(block)
        .map(move |start| start..(start + block).min(count))
}

/// The stages of the fragment starting at `firsts[i]`.
fn fragment_range(firsts: &[u32], i: usize, count: usize) -> std::ops::Range<usize> {
    let end = firsts.get(i + 1).map_or(count, |&f| f as usize);
    firsts[i] as usize..end
}

/// `meta.json` and the shards, made from the words of `count` stages.
fn index_files(
    postings: &FxMap<Box<str>, Postings>,
    count: usize,
    fragments: &[u32],
    limits: Limits,
) -> Vec<File> {
    let entries = entries(postings);
    let mut cut = Vec::new();
    shards(&entries, "", 0, limits.shard, &mut cut);
    let names: Vec<String> = cut.iter().map(|s| encode_prefix(s.prefix)).collect();
    let meta = to_json(&Meta {
        version: VERSION,
        stages: count,
        keys: [MIN_KEY, MAX_KEY],
        bits: BITS,
        kinds: TITLE_KINDS,
        shards: &names,
        fragments,
    });
    let mut files: Vec<File> = cut
        .par_iter()
        .zip(&names)
        .map(|(shard, name)| (shard_rel(name), shard_json(shard.entries)))
        .collect();
    files.push((META.to_string(), meta));
    files
}

/// What the search files are made of, kept by `serve` to write after a save only the
/// files that changed.
pub struct SearchFiles {
    stages: Vec<StageSearch>,
    /// The first stage of each fragment.
    fragments: Vec<u32>,
    /// Every word with its stages.
    postings: FxMap<Box<str>, Postings>,
    /// `meta.json` and the shards as last written.
    index: HashMap<String, Vec<u8>>,
    limits: Limits,
}

/// What an update of the search files writes and deletes.
#[derive(Default)]
pub struct Changed {
    pub write: Vec<File>,
    pub remove: Vec<String>,
}

/// A chunk of stages: its fragments (their first stages, and how writing each went),
/// its words, and the stages' parts if kept.
type Chunk<R> = (
    Vec<u32>,
    Vec<R>,
    FxMap<Box<str>, Postings>,
    Vec<StageSearch>,
);

impl SearchFiles {
    /// Writes every search file of `count` stages, `part(i)` making stage `i`'s part,
    /// with `write` (which says how that went). Stages are made a chunk at a time, and
    /// their fragments written, so that only a few chunks are ever in memory; unless
    /// `keep`, to update the files later: then what they are made of is returned.
    pub fn write_all<R: Send>(
        count: usize,
        part: impl Fn(usize) -> StageSearch + Sync,
        keep: bool,
        write: impl Fn(&str, &[u8]) -> R + Sync,
    ) -> (Option<SearchFiles>, Vec<R>) {
        SearchFiles::write_with(count, part, keep, write, Limits::DEFAULT)
    }

    fn write_with<R: Send>(
        count: usize,
        part: impl Fn(usize) -> StageSearch + Sync,
        keep: bool,
        write: impl Fn(&str, &[u8]) -> R + Sync,
        limits: Limits,
    ) -> (Option<SearchFiles>, Vec<R>) {
        let chunk = limits.chunk;
        debug_assert_eq!(chunk % limits.block, 0, "no fragment spans two chunks");
        let starts: Vec<usize> = (0..count).step_by(chunk).collect();
        let chunks: Vec<Chunk<R>> = starts
            .into_par_iter()
            .map(|start| {
                let end = (start + chunk).min(count);
                let parts: Vec<StageSearch> = (start..end).into_par_iter().map(&part).collect();
                let firsts: Vec<u32> = blocks(end - start, limits.block)
                    .flat_map(|b| group(&parts[b.clone()], start + b.start, limits.fragment))
                    .collect();
                let written = (0..firsts.len())
                    .into_par_iter()
                    .map(|i| {
                        let range = fragment_range(&firsts, i, end);
                        let json = fragment_json(&parts[range.start - start..range.end - start]);
                        write(&fragment_rel(firsts[i]), &json)
                    })
                    .collect();
                let postings = chunk_postings(&parts, start);
                let kept = if keep { parts } else { Vec::new() };
                (firsts, written, postings, kept)
            })
            .collect();
        let (mut fragments, mut done, mut stages) = (Vec::new(), Vec::new(), Vec::new());
        let mut maps = Vec::with_capacity(chunks.len());
        for (firsts, written, postings, kept) in chunks {
            fragments.extend(firsts);
            done.extend(written);
            maps.push(postings);
            stages.extend(kept);
        }
        let postings = merged(maps.into_par_iter());
        let index = index_files(&postings, count, &fragments, limits);
        let written: Vec<R> = index
            .par_iter()
            .map(|(rel, bytes)| write(rel, bytes))
            .collect();
        done.extend(written);
        let state = keep.then(|| SearchFiles {
            stages,
            postings,
            fragments,
            index: index.into_iter().collect(),
            limits,
        });
        (state, done)
    }

    /// Every file they are: the fragments, the shards and `meta.json`.
    pub fn files(&self) -> Vec<String> {
        let fragments = self.fragments.iter().map(|&f| fragment_rel(f));
        fragments.chain(self.index.keys().cloned()).collect()
    }

    /// How many stages they hold.
    pub fn stage_count(&self) -> usize {
        self.stages.len()
    }

    /// Puts in the `changed` stages' new parts; returns the files that differ from
    /// those last written, and those no longer made.
    pub fn update(&mut self, changed: Vec<(usize, StageSearch)>) -> Changed {
        let (count, limits) = (self.stages.len(), self.limits);
        let mut dirty = BTreeSet::new();
        for (i, part) in changed {
            // A stage saved as it was changes no file.
            if self.stages[i].same_as(&part) {
                continue;
            }
            // The stage's words: out of the postings as they were, in as they are.
            let postings = &mut self.postings;
            stage_words(&self.stages[i], |word, _| {
                if let Some(stages) = postings.get_mut(word) {
                    stages.remove(i as u32);
                    if stages.0.is_empty() {
                        postings.remove(word);
                    }
                }
            });
            stage_words(&part, |word, flag| match postings.get_mut(word) {
                Some(stages) => stages.add(i as u32, flag),
                None => {
                    let mut stages = Postings::default();
                    stages.push(i as u32, flag);
                    postings.insert(word.into(), stages);
                }
            });
            self.stages[i] = part;
            dirty.insert(i);
        }
        let mut out = Changed::default();
        let touched: BTreeSet<usize> = dirty.iter().map(|i| i / limits.block).collect();
        let mut fragments = Vec::with_capacity(self.fragments.len());
        for (b, block) in blocks(count, limits.block).enumerate() {
            let old: Vec<u32> = self
                .fragments
                .iter()
                .copied()
                .filter(|&f| block.contains(&(f as usize)))
                .collect();
            if !touched.contains(&b) {
                fragments.extend(old);
                continue;
            }
            let new = group(&self.stages[block.clone()], block.start, limits.fragment);
            let ends = |firsts: &[u32]| -> Vec<(u32, usize)> {
                (0..firsts.len())
                    .map(|i| (firsts[i], fragment_range(firsts, i, block.end).end))
                    .collect()
            };
            let (old_groups, new_groups) = (ends(&old), ends(&new));
            for &(first, end) in &new_groups {
                let range = first as usize..end;
                if !old_groups.contains(&(first, end))
                    || dirty.range(range.clone()).next().is_some()
                {
                    out.write
                        .push((fragment_rel(first), fragment_json(&self.stages[range])));
                }
            }
            for &(first, _) in &old_groups {
                if !new.contains(&first) {
                    out.remove.push(fragment_rel(first));
                }
            }
            fragments.extend(new);
        }
        self.fragments = fragments;
        let index: HashMap<String, Vec<u8>> =
            index_files(&self.postings, count, &self.fragments, limits)
                .into_iter()
                .collect();
        for (rel, bytes) in &index {
            if self.index.get(rel) != Some(bytes) {
                out.write.push((rel.clone(), bytes.clone()));
            }
        }
        for rel in self.index.keys() {
            if !index.contains_key(rel) {
                out.remove.push(rel.clone());
            }
        }
        self.index = index;
        out.write.sort_by(|a, b| a.0.cmp(&b.0));
        out.remove.sort();
        out
    }
}

#[cfg(test)]
mod tests;
