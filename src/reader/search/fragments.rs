//! The fragments: stages grouped, block by block, up to a weight, and their JSON.

use serde::ser::{SerializeSeq, Serializer};

use super::stage::StageSearch;

pub(super) fn fragment_rel(first: u32) -> String {
    format!("search/f-{first}.json")
}

pub(super) fn fragment_json(stages: &[StageSearch]) -> Vec<u8> {
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
pub(super) fn group(stages: &[StageSearch], first: usize, limit: usize) -> Vec<u32> {
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

pub(super) fn blocks(count: usize, block: usize) -> impl Iterator<Item = std::ops::Range<usize>> {
    (0..count)
        .step_by(block)
        .map(move |start| start..(start + block).min(count))
}

/// The stages of the fragment starting at `firsts[i]`.
pub(super) fn fragment_range(firsts: &[u32], i: usize, count: usize) -> std::ops::Range<usize> {
    let end = firsts.get(i + 1).map_or(count, |&f| f as usize);
    firsts[i] as usize..end
}
