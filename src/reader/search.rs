//! The search files under `search/`, which the reader's search downloads a piece at a
//! time: after pagefind's design, an index cut into shards by the first characters of
//! its keys, and the entries in fragments of consecutive stages, each fetched only when
//! a query needs it.
//!
//! The reader's search finds an entry (a stage, a heading, an item) when every term of
//! the query is a substring of its `title text stage-title`, both folded ([`fold`]:
//! lowercased, accents and harakat taken out, full-width letters made plain), and
//! ranks it by the terms in its title. The index is made so that the search finds
//! exactly that, whatever the query, by loading only some fragments:
//!
//! - Its keys are every suffix (of at least [`MIN_KEY`] characters, cut to [`MAX_KEY`])
//!   of every word (a run of letters and digits, folded) of every entry. A term's
//!   words are substrings of the entry's words, so each is a prefix of a key: the
//!   stages holding the keys that start with a term's words are all the stages where
//!   the term may be.
//! - Except in scripts written without spaces ([`fold::SPACELESS`]: Chinese, Japanese,
//!   Thai), where a sentence is one run of letters: its suffixes would be as many keys
//!   as it has characters, each [`MAX_KEY`] long, nearly all different. There a word is cut
//!   where the script changes (`python入門` is `python` and `入門`), and a run of such
//!   letters gives as keys each character and each two consecutive ones, as search
//!   engines index CJK text (bigrams). Unicode's word boundaries (UAX #29) cut Han
//!   text into single characters and leave a katakana run whole, no words either, and
//!   a dictionary that finds words weighs megabytes. Measured on a 1,000-stage roadmap
//!   (bench.py's shape, sentences of 40 nouns and 20 verbs): `search/` is 1.52 MB in
//!   Japanese with pairs, 3.34 MB with suffixes, and 1.52 MB for the same roadmap in
//!   English. A query's run of one character asks for that key; of more, for each of
//!   its pairs, all of which a stage holding the run holds in the same place (so the
//!   bounds below stay bounds); the fragments then tell whether the pairs are in a
//!   row. Pairs rather than only characters, since one character is in too many
//!   stages to narrow a query of two or three down.
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
//! - `search/s-<prefix>.json`: the keys whose codes ([`encode_prefix`]) start with the
//!   prefix, each to its stages by flags, `[flags, stages, flags, stages...]`, stages
//!   written as runs (see [`Runs::code`](postings::Runs::code)). A prefix whose keys
//!   weigh more than [`SHARD_BYTES`] is split by the next character of their codes.
//! - `search/f-<first>.json`: stages from `first` on, each `{t, u, s?, e}`: title, URL,
//!   summary, and its headings' and items' entries `[kind, title, anchor]`, an item's
//!   anchor the place of its section's heading among them, and an item's entry with its
//!   id and, when not as its kind is, whether it is tracked (the roadmap's data says a
//!   stage's items nowhere else: see [`stage::Entry`]). Stages are
//!   grouped up to [`FRAGMENT_BYTES`], never across a [`BLOCK`] boundary, so an edit
//!   regroups one block at most.
//!
//! A build writes them all; `serve` keeps [`SearchFiles`] and, after a save, writes only
//! the files that changed and deletes those that are no longer made.
//!
//! The parts, by what each owns:
//!
//! - [`fold`]: the text the search compares, and the scripts written without spaces;
//!   the same tables as `reader.js`.
//! - [`stage`]: one stage's part, its object in a fragment and its entries' words, each
//!   with where in the stage it is.
//! - [`postings`]: the stages each word is in, as runs, and those runs as the files
//!   write them.
//! - [`index`]: the keys made from the words, cut into shards, and `meta.json`.
//! - [`fragments`]: the stages grouped into fragments, and their JSON.
//! - [`files`]: [`SearchFiles`], writing every file of a build and, after a save, only
//!   those that changed.

mod files;
pub mod fold;
mod fragments;
mod index;
mod postings;
mod stage;

pub use files::{Changed, SearchFiles};
pub use index::{META, encode_prefix};
pub use stage::{Entry, StageSearch, TITLE_KINDS, stage_search};

/// The format of the files, in `meta.json`.
pub const VERSION: u32 = 2;
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

/// A hash map with rustc's Fx hash: words are short and come from the author, who has
/// no reason to collide them, and SipHash was a tenth of the search files' time.
type FxMap<K, V> = rustc_hash::FxHashMap<K, V>;

/// A file to write: where, below the output folder, and its bytes.
pub type File = (String, Vec<u8>);

#[cfg(test)]
mod tests;
