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
}

impl Limits {
    const DEFAULT: Limits = Limits {
        shard: SHARD_BYTES,
        fragment: FRAGMENT_BYTES,
        block: BLOCK,
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
/// The kinds of the other entries, from bit 2 on.
pub const TITLE_KINDS: [&str; 6] = [
    "heading",
    "topic",
    "best-practice",
    "suggestion",
    "learning",
    "exercise",
];

/// The bit of a heading's or an item's title, by its kind.
fn in_title(kind: &str) -> u8 {
    let i = TITLE_KINDS.iter().position(|k| *k == kind).unwrap_or(0);
    4 << i
}

/// What the search knows of a stage besides its items.
pub struct SearchText<'a> {
    pub summary: Option<&'a str>,
    pub headings: &'a [Heading],
}

/// One stage's part of the search files.
pub struct StageSearch {
    /// Its object in a fragment.
    fragment: JsonPart,
    /// Its words, distinct and sorted, separated by spaces.
    words: String,
    /// Where each word is (`IN_*` bits).
    flags: Vec<u8>,
}

/// A stage in a fragment.
#[derive(Serialize)]
struct FragmentStage<'a> {
    t: &'a str,
    u: &'a str,
    #[serde(skip_serializing_if = "str::is_empty")]
    s: &'a str,
    e: &'a [(&'a str, &'a str, &'a str)],
}

/// Stage `i`'s part of the search files. `base_path` starts its URL (root-relative,
/// so the search works wherever the site is previewed).
pub fn stage_search(
    roadmap: &Roadmap,
    base_path: &str,
    text: &SearchText<'_>,
    i: usize,
) -> StageSearch {
    let stage = &roadmap.stages[i];
    let url = format!("{base_path}{}", stage_path(&stage.slug));
    let summary = text.summary.unwrap_or("");
    let mut entries = Vec::with_capacity(text.headings.len() + stage.items.len());
    for h in text.headings {
        entries.push(("heading", h.title.as_str(), h.id.as_str()));
    }
    for item in &stage.items {
        entries.push((item.kind.name(), item.text.as_str(), item.section.as_str()));
    }
    StageSearch::new(&stage.title, &url, summary, &entries)
}

impl StageSearch {
    /// A stage titled `title` at `url`, with `summary` and `entries`, its headings' and
    /// items' `(kind, title, anchor)`.
    fn new(title: &str, url: &str, summary: &str, entries: &[(&str, &str, &str)]) -> StageSearch {
        let fragment = json_part(&FragmentStage {
            t: title,
            u: url,
            s: summary,
            e: entries,
        });
        let fields = [(title, IN_STAGE_TITLE), (summary, IN_SUMMARY)]
            .into_iter()
            .chain(entries.iter().map(|e| (e.1, in_title(e.0))));
        let (words, flags) = words_of(fields);
        StageSearch {
            fragment,
            words,
            flags,
        }
    }
}

/// The words of `fields` (each with where it is), lowercased as the reader's search
/// lowercases, at least [`MIN_KEY`] characters long: distinct, sorted, separated by
/// spaces, with the bits of the fields each is in.
fn words_of<'a>(fields: impl Iterator<Item = (&'a str, u8)>) -> (String, Vec<u8>) {
    let mut lower = String::new();
    let mut found: Vec<(usize, usize, u8)> = Vec::new();
    for (text, flag) in fields {
        let start = lower.len();
        if text.is_ascii() {
            lower.push_str(text);
            lower[start..].make_ascii_lowercase();
        } else {
            lower.push_str(&text.to_lowercase());
        }
        let mut word = None;
        for (j, c) in lower[start..].char_indices() {
            if c.is_alphanumeric() {
                word.get_or_insert(start + j);
            } else if let Some(from) = word.take() {
                found.push((from, start + j, flag));
            }
        }
        if let Some(from) = word {
            found.push((from, lower.len(), flag));
        }
        lower.push(' ');
    }
    found.retain(|&(a, b, _)| lower[a..b].chars().nth(MIN_KEY - 1).is_some());
    found.sort_unstable_by(|x, y| lower[x.0..x.1].cmp(&lower[y.0..y.1]));
    let mut words = String::new();
    let mut flags: Vec<u8> = Vec::new();
    let mut last: Option<&str> = None;
    for &(a, b, flag) in &found {
        let word = &lower[a..b];
        if last == Some(word) {
            if let Some(f) = flags.last_mut() {
                *f |= flag;
            }
            continue;
        }
        if last.is_some() {
            words.push(' ');
        }
        words.push_str(word);
        flags.push(flag);
        last = Some(word);
    }
    (words, flags)
}

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
    /// Adds `stage`, which is after every stage already in.
    fn push(&mut self, stage: u32, flags: u8) {
        match self.0.last_mut() {
            Some((_, last, f)) if *last + 1 == stage && *f == flags => *last = stage,
            _ => self.0.push((stage, stage, flags)),
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
        serde_json::value::to_raw_value(&value)
            .unwrap_or_else(|_| serde_json::value::to_raw_value(&()).unwrap_or_default())
    }
}

/// Every word of `stages` with its stages.
fn postings(stages: &[StageSearch]) -> HashMap<&str, Postings> {
    const CHUNK: usize = 256;
    stages
        .par_chunks(CHUNK)
        .enumerate()
        .map(|(c, chunk)| {
            let mut map: HashMap<&str, Postings> = HashMap::new();
            for (j, stage) in chunk.iter().enumerate() {
                let at = (c * CHUNK + j) as u32;
                for (word, &flags) in stage.words.split(' ').zip(&stage.flags) {
                    map.entry(word).or_default().push(at, flags);
                }
            }
            map
        })
        .reduce(HashMap::new, |a, b| {
            if a.len() < b.len() {
                return merge(b, a, true);
            }
            merge(a, b, false)
        })
}

/// `into` with `from`'s postings added; `from_first` when `from` holds the earlier
/// stages.
fn merge<'a>(
    mut into: HashMap<&'a str, Postings>,
    from: HashMap<&'a str, Postings>,
    from_first: bool,
) -> HashMap<&'a str, Postings> {
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

/// A key of the index, with its sets as a shard writes them.
struct Entry<'a> {
    key: &'a str,
    value: Box<RawValue>,
}

impl Entry<'_> {
    /// Its bytes in a shard: `"key":value,`.
    fn size(&self) -> usize {
        self.key.len() + self.value.get().len() + 4
    }
}

/// Every key of the index, sorted, with its stages.
fn entries<'a>(postings: &'a HashMap<&'a str, Postings>) -> Vec<Entry<'a>> {
    let mut by_key: HashMap<&str, Vec<&Postings>> = HashMap::new();
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
    let mut entries: Vec<Entry> = by_key
        .into_par_iter()
        .map(|(key, sources)| Entry {
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
    entries: &'a [Entry<'a>],
}

/// `entries` (sorted, all starting with `prefix` of `chars` characters) cut into
/// shards: one, or if it weighs more than `limit` one or more for each next character.
/// A key that is the prefix itself is then left out: a query's word that short matches
/// in more places than a shard holds, and the search does not ask.
fn shards<'a>(
    entries: &'a [Entry<'a>],
    prefix: &'a str,
    chars: usize,
    limit: usize,
    out: &mut Vec<Shard<'a>>,
) {
    let size: usize = entries.iter().map(Entry::size).sum();
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

fn shard_json(entries: &[Entry<'_>]) -> Vec<u8> {
    let mut out = Vec::with_capacity(entries.iter().map(Entry::size).sum::<usize>() + 2);
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

/// The first stage of each fragment of `block` (stage numbers `block`).
fn group(stages: &[StageSearch], block: std::ops::Range<usize>, limit: usize) -> Vec<u32> {
    let mut firsts = Vec::new();
    let mut size = 0;
    for i in block.clone() {
        let part = stages[i].fragment.get().len() + 1;
        if i == block.start || size + part > limit {
            firsts.push(i as u32);
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

/// `meta.json` and the shards, made from every stage's words.
fn index_files(stages: &[StageSearch], fragments: &[u32], limits: Limits) -> Vec<File> {
    let postings = postings(stages);
    let entries = entries(&postings);
    let mut cut = Vec::new();
    shards(&entries, "", 0, limits.shard, &mut cut);
    let names: Vec<String> = cut.iter().map(|s| encode_prefix(s.prefix)).collect();
    let meta = to_json(&Meta {
        version: VERSION,
        stages: stages.len(),
        keys: [MIN_KEY, MAX_KEY],
        bits: BITS,
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

impl SearchFiles {
    /// Every search file of `stages` (each stage's part, in order).
    pub fn new(stages: Vec<StageSearch>) -> (SearchFiles, Vec<File>) {
        SearchFiles::with(stages, Limits::DEFAULT)
    }

    fn with(stages: Vec<StageSearch>, limits: Limits) -> (SearchFiles, Vec<File>) {
        let fragments: Vec<u32> = blocks(stages.len(), limits.block)
            .flat_map(|b| group(&stages, b, limits.fragment))
            .collect();
        let (index, mut files) = rayon::join(
            || index_files(&stages, &fragments, limits),
            || {
                (0..fragments.len())
                    .into_par_iter()
                    .map(|i| {
                        let range = fragment_range(&fragments, i, stages.len());
                        (fragment_rel(fragments[i]), fragment_json(&stages[range]))
                    })
                    .collect::<Vec<File>>()
            },
        );
        files.extend(index.iter().cloned());
        let state = SearchFiles {
            stages,
            fragments,
            index: index.into_iter().collect(),
            limits,
        };
        (state, files)
    }

    /// Puts in the `changed` stages' new parts; returns the files that differ from
    /// those last written, and those no longer made.
    pub fn update(&mut self, changed: Vec<(usize, StageSearch)>) -> Changed {
        let (count, limits) = (self.stages.len(), self.limits);
        let mut dirty = BTreeSet::new();
        for (i, part) in changed {
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
            let new = group(&self.stages, block.clone(), limits.fragment);
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
        let index: HashMap<String, Vec<u8>> = index_files(&self.stages, &self.fragments, limits)
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
