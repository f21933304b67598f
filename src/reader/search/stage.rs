//! One stage's part of the search files: its object in a fragment, and the words of its
//! entries, each with where in the stage it is.

use serde::Serialize;

use super::MIN_KEY;
use super::fold::{fold_char, is_spaceless};
use crate::content::Heading;
use crate::gathered::{JsonPart, json_part};
use crate::reader::Roadmap;
use crate::reader::items::Kind;
use crate::url::stage_path;

/// Where in a stage a word is, as bits: its title, its summary, or the title of one of
/// its headings or items, by kind. Knowing the kind bounds the score better: two words
/// of a query in a stage's "topic" and "learning" items are in no one title together.
pub(super) const IN_STAGE_TITLE: u8 = 1;
pub(super) const IN_SUMMARY: u8 = 2;
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

/// The kinds whose items are tracked unless their entry says not (`tracked` in
/// `meta.json`): an item's entry says whether it is only when it differs from its kind.
pub const TRACKED_KINDS: [&str; 2] = ["topic", "exercise"];

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
pub(super) fn in_title(kind: u8) -> u8 {
    4 << kind
}

/// One stage's part of the search files.
pub struct StageSearch {
    /// Its object in a fragment.
    pub(super) fragment: JsonPart,
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
    e: &'a [Entry<'a>],
}

/// A heading or an item of a stage as its fragment holds it: `[kind, title, anchor]`, the
/// kind as its place in [`TITLE_KINDS`]; an item's also with its id (as
/// [`Item::id_within`](crate::reader::items::Item::id_within) its stage writes it) and,
/// when it is not as its kind is ([`TRACKED_KINDS`]), whether it is tracked (1 or 0): the
/// one place the reader's files say a stage's items, so the scripts that follow progress
/// read them here too (`reader.js`, `entries`).
#[derive(Debug, Clone, Copy)]
pub struct Entry<'a> {
    pub kind: u8,
    pub title: &'a str,
    pub anchor: Anchor<'a>,
    /// An item's id, and whether it is tracked when its kind does not say it.
    pub item: Option<(&'a str, Option<bool>)>,
}

/// Where an entry links to in its stage's page: an id, or (an item's section) the place
/// in the stage's entries of the heading with that id, which says it already.
#[derive(Debug, Clone, Copy)]
pub enum Anchor<'a> {
    Id(&'a str),
    Heading(usize),
}

impl Serialize for Anchor<'_> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match *self {
            Anchor::Id(id) => s.serialize_str(id),
            Anchor::Heading(i) => s.serialize_u64(i as u64),
        }
    }
}

impl<'a> From<(u8, &'a str, &'a str)> for Entry<'a> {
    /// A heading's entry, or an item's without its id.
    fn from((kind, title, anchor): (u8, &'a str, &'a str)) -> Entry<'a> {
        Entry {
            kind,
            title,
            anchor: Anchor::Id(anchor),
            item: None,
        }
    }
}

impl Serialize for Entry<'_> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match self.item {
            None => (self.kind, self.title, self.anchor).serialize(s),
            Some((id, None)) => (self.kind, self.title, self.anchor, id).serialize(s),
            Some((id, Some(tracked))) => {
                (self.kind, self.title, self.anchor, id, u8::from(tracked)).serialize(s)
            }
        }
    }
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
        entries.push(Entry::from((0, h.title.as_str(), h.id.as_str())));
    }
    for item in stage.items.iter() {
        let heading = headings.iter().position(|h| h.id == item.section);
        entries.push(Entry {
            kind: kind_index(item.kind),
            title: &item.text,
            anchor: heading.map_or(Anchor::Id(&item.section), Anchor::Heading),
            item: Some((
                item.id_within(&stage.slug),
                (item.tracked != item.kind.is_tracked()).then_some(item.tracked),
            )),
        });
    }
    StageSearch::new(&stage.title, &url, summary, &entries)
}

impl StageSearch {
    /// A stage titled `title` at `url`, with `summary` and `entries`, its headings' and
    /// items'.
    pub(super) fn new(title: &str, url: &str, summary: &str, entries: &[Entry]) -> StageSearch {
        let fragment = json_part(&FragmentStage {
            t: title,
            u: url,
            s: summary,
            e: entries,
        });
        let fields = [(title, IN_STAGE_TITLE), (summary, IN_SUMMARY)]
            .into_iter()
            .chain(entries.iter().map(|e| (e.title, in_title(e.kind))));
        let bytes =
            title.len() + summary.len() + entries.iter().map(|e| e.title.len()).sum::<usize>();
        let (words, fields) = words_of(fields, bytes);
        StageSearch {
            fragment,
            words,
            fields,
        }
    }

    /// Whether it holds what `other` does: its fragment's text, and so its words.
    pub(super) fn same_as(&self, other: &StageSearch) -> bool {
        self.fragment.get() == other.fragment.get()
    }
}

/// The text of `fields` (each with where it is, `bytes` long or about) folded as the
/// reader's search folds ([`fold_char`]), with every character but letters and digits a
/// space: its words are what is between spaces. With where each field ends in it.
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
            let mut folded = String::with_capacity(8);
            let mut utf8 = [0; 4];
            for c in text.chars() {
                // ASCII as in an ASCII text: most characters of most texts.
                if c.is_ascii() {
                    words.push(ASCII_WORDS[c as usize]);
                    continue;
                }
                folded.clear();
                fold_char(c, &mut folded);
                for f in folded.chars() {
                    let f = if f.is_alphanumeric() { f } else { ' ' };
                    words.extend_from_slice(f.encode_utf8(&mut utf8).as_bytes());
                }
            }
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

/// `word` cut where it goes from letters of scripts written without spaces to others
/// or back: `each` has every piece, and whether it is of those scripts.
pub(super) fn segments<'a>(word: &'a str, mut each: impl FnMut(&'a str, bool)) {
    let mut start = 0;
    let mut class = None;
    for (at, c) in word.char_indices() {
        let spaceless = is_spaceless(c);
        if class.is_some_and(|k| k != spaceless) {
            each(&word[start..at], !spaceless);
            start = at;
        }
        class = Some(spaceless);
    }
    if let Some(spaceless) = class {
        each(&word[start..], spaceless);
    }
}

/// Every character of `run` and every two consecutive ones: the words a run of a
/// script without spaces gives the index.
pub(super) fn grams<'a>(run: &'a str, mut each: impl FnMut(&'a str)) {
    let mut previous = None;
    for (at, c) in run.char_indices() {
        let end = at + c.len_utf8();
        each(&run[at..end]);
        if let Some(before) = previous {
            each(&run[before..end]);
        }
        previous = Some(at);
    }
}

/// Calls `each` with every word of a stage's part and where it is: the words of at
/// least [`MIN_KEY`] characters, and in a run of letters of a script written without
/// spaces, each character and each two ([`grams`]).
pub(super) fn stage_words<'a>(stage: &'a StageSearch, mut each: impl FnMut(&'a str, u8)) {
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
            if word.is_ascii() {
                if i - start >= MIN_KEY {
                    each(word, flag);
                }
            } else {
                segments(word, |segment, spaceless| {
                    if spaceless {
                        grams(segment, |gram| each(gram, flag));
                    } else if segment.chars().nth(MIN_KEY - 1).is_some() {
                        each(segment, flag);
                    }
                });
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::reader::search::tests::kind;

    #[test]
    fn words_are_folded_runs_of_letters_and_digits() {
        let part = StageSearch::new(
            "ÜBER Straße, ΟΔΟΣ",
            "/s/",
            "select_related",
            &[
                (kind("topic"), "Select_related() and N+1", "a").into(),
                (kind("heading"), "Python入門です", "b").into(),
            ],
        );
        assert_eq!(
            part.words,
            "uber strasse  οδοσ select related select related   and n 1 python入門です "
        );
        let mut words: Vec<(&str, u8)> = Vec::new();
        stage_words(&part, |w, f| words.push((w, f)));
        // "n" and "1" are too short to be keys. A run of Japanese: each character and
        // each two in a row.
        let (stage, summary, topic) = (IN_STAGE_TITLE, IN_SUMMARY, in_title(kind("topic")));
        let heading = in_title(kind("heading"));
        assert_eq!(
            words,
            [
                ("uber", stage),
                ("strasse", stage),
                ("οδοσ", stage),
                ("select", summary),
                ("related", summary),
                ("select", topic),
                ("related", topic),
                ("and", topic),
                ("python", heading),
                ("入", heading),
                ("門", heading),
                ("入門", heading),
                ("で", heading),
                ("門で", heading),
                ("す", heading),
                ("です", heading),
            ]
        );
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
        let tracked: Vec<&str> = (TITLE_KINDS.iter().skip(1))
            .filter(|name| TRACKED_KINDS.contains(name))
            .copied()
            .collect();
        assert_eq!(tracked, TRACKED_KINDS);
        assert!(Kind::Topic.is_tracked() && Kind::Exercise.is_tracked());
        for kind in [Kind::BestPractice, Kind::Suggestion, Kind::Learning] {
            assert!(!kind.is_tracked() && !TRACKED_KINDS.contains(&kind.name()));
        }
    }
}
