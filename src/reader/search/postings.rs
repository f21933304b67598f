//! The stages each word is in, with where in them, kept as runs of stages, and a set of
//! stages as the files write it.

use rayon::prelude::*;
use serde_json::value::RawValue;

use super::FxMap;
use super::stage::{StageSearch, stage_words};
use crate::gathered::json_part;

/// A set of stages as runs `(first, last)`: sorted, neither overlapping nor touching.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub(super) struct Runs(Vec<(u32, u32)>);

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
            push_decimal(&mut out, a - next);
            if b > a {
                out.push('~');
                push_decimal(&mut out, b - a);
            }
            next = b + 1;
        }
        out
    }
}

/// `n` in decimal at the end of `out`, without the formatting machinery: every word of
/// a large roadmap's search writes a few (a quarter of the postings' time went to
/// `write!`).
fn push_decimal(out: &mut String, mut n: u32) {
    let mut digits = [0u8; 10];
    let mut at = digits.len();
    loop {
        at -= 1;
        digits[at] = b'0' + (n % 10) as u8;
        n /= 10;
        if n == 0 {
            break;
        }
    }
    // ASCII digits: always a `str`.
    out.push_str(std::str::from_utf8(&digits[at..]).unwrap_or_default());
}

/// The stages a word or key is in, each with where (`IN_*` bits): runs `(first, last,
/// flags)` of consecutive stages with the same flags, sorted, not overlapping.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub(super) struct Postings(pub(super) Vec<(u32, u32, u8)>);

impl Postings {
    /// Adds `stage`, which is not before any stage already in, with `flags` (to those
    /// it has if it is the last).
    pub(super) fn push(&mut self, stage: u32, flags: u8) {
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
    pub(super) fn remove(&mut self, stage: u32) {
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
    pub(super) fn add(&mut self, stage: u32, flags: u8) {
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
    pub(super) fn union(sources: &[&Postings]) -> Postings {
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
    pub(super) fn value(&self) -> Box<RawValue> {
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
pub(super) fn chunk_postings(stages: &[StageSearch], first: usize) -> FxMap<Box<str>, Postings> {
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
pub(super) fn merged(
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::reader::search::tests::client::decode;

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
        for n in [0, 7, 10, 99, 100, 4_000_000_000, u32::MAX] {
            let mut out = String::from("x");
            push_decimal(&mut out, n);
            assert_eq!(out, format!("x{n}"));
        }
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
}
