//! The index: every key made from the stages' words, with its stages; the keys cut
//! into shards by the prefix of their codes; the shards' JSON and `meta.json`.

use std::borrow::Cow;
use std::fmt::Write as _;

use rayon::prelude::*;
use serde::Serialize;
use serde::ser::{SerializeMap, Serializer};
use serde_json::value::RawValue;

use super::fold::is_spaceless;
use super::postings::Postings;
use super::stage::{TITLE_KINDS, TRACKED_KINDS};
use super::{File, FxMap, Limits, MAX_KEY, MIN_KEY, VERSION};

/// A key of the index, with its stages as a shard writes them.
struct Key<'a> {
    key: &'a str,
    /// The key as shard names write it ([`encode_prefix`]).
    code: Cow<'a, str>,
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
        // A character or two of a script without spaces: a key as it is.
        if word.chars().next().is_some_and(is_spaceless) {
            by_key.entry(word).or_default().push(stages);
            continue;
        }
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
            code: if key
                .bytes()
                .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit())
            {
                Cow::Borrowed(key)
            } else {
                Cow::Owned(encode_prefix(key))
            },
            value: Postings::union(&sources).value(),
        })
        .collect();
    entries.par_sort_unstable_by(|a, b| a.code.cmp(&b.code));
    entries
}

/// A shard: the keys whose codes start with `prefix`, a code or the start of one.
struct Shard<'a> {
    prefix: &'a str,
    entries: &'a [Key<'a>],
}

/// `entries` (sorted by code, every code starting with `prefix`) cut into shards: one,
/// or if it weighs more than `limit` one or more for each next character of their
/// codes. Cutting codes rather than keys cuts a character outside ASCII by the digits
/// of its code point, 16 ways at a time: a few shards for the thousands of characters
/// of a Japanese roadmap, rather than one for each, each named in `meta.json`. A key whose
/// code is the prefix itself is then left out: a query's word that short matches in
/// more places than a shard holds, and the search does not ask.
fn shards<'a>(entries: &'a [Key<'a>], prefix: &'a str, limit: usize, out: &mut Vec<Shard<'a>>) {
    let size: usize = entries.iter().map(Key::size).sum();
    if size <= limit || entries.len() <= 1 {
        out.push(Shard { prefix, entries });
        return;
    }
    let mut i = 0;
    while i < entries.len() {
        let code: &'a str = &entries[i].code;
        // Codes are ASCII: a byte is a character.
        if code.len() == prefix.len() {
            i += 1;
            continue;
        }
        let child = &code[..prefix.len() + 1];
        let n = entries[i..]
            .iter()
            .take_while(|e| e.code.starts_with(child))
            .count();
        shards(&entries[i..i + n], child, limit, out);
        i += n;
    }
}

/// A prefix as file names and `meta.json` write it: `a`-`z` and `0`-`9` as they are,
/// any other character as `_<hex code point>_`. No code is the start of another
/// character's, so that a code starts with another exactly when the text does.
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

pub(super) fn shard_rel(encoded: &str) -> String {
    format!("search/s-{encoded}.json")
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
    /// The kinds whose items are tracked unless their entries say not.
    tracked: [&'a str; 2],
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

/// `meta.json` and the shards, made from the words of `count` stages.
pub(super) fn index_files(
    postings: &FxMap<Box<str>, Postings>,
    count: usize,
    fragments: &[u32],
    limits: Limits,
) -> Vec<File> {
    let entries = entries(postings);
    let mut cut = Vec::new();
    shards(&entries, "", limits.shard, &mut cut);
    let names: Vec<String> = cut.iter().map(|s| s.prefix.to_string()).collect();
    let meta = to_json(&Meta {
        version: VERSION,
        stages: count,
        keys: [MIN_KEY, MAX_KEY],
        bits: BITS,
        kinds: TITLE_KINDS,
        tracked: TRACKED_KINDS,
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

#[cfg(test)]
mod tests {
    use serde_json::Value;

    use super::*;
    use crate::reader::search::tests::client::{Client, Found};
    use crate::reader::search::tests::{Stage, build, stage_of};

    #[test]
    fn prefixes_are_file_names() {
        assert_eq!(encode_prefix("dj"), "dj");
        assert_eq!(encode_prefix("ü1"), "_fc_1");
        assert_eq!(encode_prefix(""), "");
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
}
