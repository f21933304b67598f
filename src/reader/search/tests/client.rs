//! A model of the reader's search over the search files (`reader.js` does what
//! [`Client::search`] does), counting what it fetches.

use std::collections::{BTreeSet, HashMap};

use serde_json::Value;

use crate::reader::search::fold::fold;
use crate::reader::search::fragments::fragment_rel;
use crate::reader::search::index::shard_rel;
use crate::reader::search::stage::{IN_STAGE_TITLE, IN_SUMMARY, TITLE_KINDS, in_title, segments};
use crate::reader::search::{META, encode_prefix};

/// A result: the stage, the entry's place in it (0 is the stage's own), its score.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(in crate::reader::search) struct Found {
    pub(in crate::reader::search) stage: usize,
    pub(in crate::reader::search) entry: usize,
    pub(in crate::reader::search) score: i32,
}

/// The score the search gives an entry, or `None` if it does not find it: every term
/// in `title text stage`, folded; 2 per term in the title, 1 for a stage.
pub(super) fn score(
    kind: &str,
    title: &str,
    text: &str,
    stage: &str,
    terms: &[&str],
) -> Option<i32> {
    let hay = fold(&format!("{title} {text} {stage}"));
    if !terms.iter().all(|t| hay.contains(t)) {
        return None;
    }
    let title = fold(title);
    let in_title = terms.iter().filter(|t| title.contains(*t)).count() as i32;
    Some(2 * in_title + i32::from(kind == "stage"))
}

pub(super) fn terms(query: &str) -> (String, usize) {
    let q = fold(query.trim());
    let n = q.split_whitespace().count();
    (q, n)
}

/// How many fragments the search loads at once when a query's candidates are in at
/// most this many, and how many per round otherwise: one, then two (as reader.js).
const FEW: usize = 4;
const ROUND: usize = 2;

/// The reader's search over the files of a build, counting what it fetches.
pub(in crate::reader::search) struct Client<'a> {
    pub(in crate::reader::search) files: &'a HashMap<String, Vec<u8>>,
    pub(in crate::reader::search) fetched: Vec<String>,
}

/// What the search knows of a stage before loading its fragment.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct Candidate {
    pub(super) bound: i32,
    pub(super) stage: usize,
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

    pub(in crate::reader::search) fn bytes(&self) -> usize {
        self.fetched.iter().map(|f| self.files[f].len()).sum()
    }

    /// The stages that may hold a result, best bound first; `None` when no word
    /// holds one of the query's.
    pub(super) fn candidates(&mut self, terms: &[&str]) -> Vec<Candidate> {
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
            for word in asked(term, min, max) {
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

    pub(in crate::reader::search) fn search(&mut self, query: &str) -> Vec<Found> {
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

/// The words of `term` the search asks the index for: its runs of letters and digits
/// cut where the script changes to or from one without spaces; of the others those of
/// `min` characters or more, cut to `max`; of those, one character alone, or each two.
fn asked(term: &str, min: usize, max: usize) -> Vec<String> {
    let mut words = Vec::new();
    for word in term.split(|c: char| !c.is_alphanumeric()) {
        segments(word, |segment, spaceless| {
            let chars: Vec<char> = segment.chars().collect();
            if spaceless && chars.len() == 1 {
                words.push(segment.to_string());
            } else if spaceless {
                words.extend(chars.windows(2).map(|w| w.iter().collect::<String>()));
            } else if chars.len() >= min {
                words.push(chars.iter().take(max).collect());
            }
        });
    }
    words
}

/// Adds `bit` to the stages of the set `code` (see
/// [`Runs::code`](crate::reader::search::postings::Runs::code)).
pub(in crate::reader::search) fn decode(code: &str, bit: u8, flags: &mut [u8]) {
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
