//! Files that gather every stage, such as `checklist.md` (the search files and the
//! roadmap's data, cut into many, are `reader::search`'s and `reader::parts`'). Each
//! is one part per stage inside a frame, and this is the one way such a file is made,
//! by a build and by `serve`'s update alike:
//!
//! - a build makes the parts a block at a time on all cores and writes each block as
//!   it comes, so at thousands of stages only a block is ever in memory;
//! - `serve` keeps every part, and after a save makes only the parts whose stage
//!   changed again before writing the file; [`Gathered::frame_digest`] is the digest of
//!   all else the file holds.
//!
//! A JSON file's frame is serialized by serde and its parts are JSON values serde
//! made ([`RawValue`]), so no JSON is ever cut or searched as text.

use std::io::{self, Write};

use rayon::prelude::*;
use serde::ser::{Serialize, SerializeSeq, Serializer};
use serde_json::value::RawValue;

/// One stage's part of a JSON file: a JSON value, serialized once.
pub type JsonPart = Box<RawValue>;

/// Serializes `value` as a part of a JSON file.
pub fn json_part(value: &impl Serialize) -> JsonPart {
    // serde_json fails only on maps with non-string keys, which no part has.
    serde_json::value::to_raw_value(value)
        .unwrap_or_else(|_| serde_json::value::to_raw_value(&()).unwrap_or_default())
}

/// How many parts a build makes at once: enough to keep every core busy, few enough
/// to stay small in memory.
const BLOCK: usize = 256;

type MakePart<'a, P> = dyn Fn(usize) -> P + Send + Sync + 'a;
type Frame<'a, P> = dyn Fn(&mut dyn Write, &Parts<'_, P>) -> io::Result<()> + Send + Sync + 'a;

/// A file made of one part per stage in a frame.
pub struct Gathered<'a, P> {
    /// Where it is written, below the output folder.
    pub rel: &'static str,
    part: Box<MakePart<'a, P>>,
    frame: Box<Frame<'a, P>>,
}

/// The stages' parts for one write: made before (and kept by `serve`), or made as the
/// file is written.
pub enum Parts<'p, P> {
    Known(&'p [P]),
    Made {
        count: usize,
        part: &'p MakePart<'p, P>,
    },
}

impl<P: Send> Parts<'_, P> {
    /// Calls `each` on every part, in stage order.
    pub fn each<E>(&self, mut each: impl FnMut(&P) -> Result<(), E>) -> Result<(), E> {
        match self {
            Parts::Known(parts) => parts.iter().try_for_each(each),
            Parts::Made { count, part } => {
                for start in (0..*count).step_by(BLOCK) {
                    let block: Vec<P> = (start..(start + BLOCK).min(*count))
                        .into_par_iter()
                        .map(part)
                        .collect();
                    block.iter().try_for_each(&mut each)?;
                }
                Ok(())
            }
        }
    }
}

/// The parts of a JSON file as a JSON array.
impl Serialize for Parts<'_, JsonPart> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut seq = serializer.serialize_seq(None)?;
        self.each(|part| seq.serialize_element(part.as_ref()))?;
        seq.end()
    }
}

impl<'a> Gathered<'a, String> {
    /// A text file: `head`, the parts with `separator` between them, `tail`.
    pub fn text(
        rel: &'static str,
        head: String,
        separator: &'static str,
        tail: String,
        part: impl Fn(usize) -> String + Send + Sync + 'a,
    ) -> Self {
        let frame = move |w: &mut dyn Write, parts: &Parts<'_, String>| {
            w.write_all(head.as_bytes())?;
            let mut first = true;
            parts.each(|part| {
                if !std::mem::take(&mut first) {
                    w.write_all(separator.as_bytes())?;
                }
                w.write_all(part.as_bytes())
            })?;
            w.write_all(tail.as_bytes())
        };
        Gathered {
            rel,
            part: Box::new(part),
            frame: Box::new(frame),
        }
    }
}

impl<'a> Gathered<'a, JsonPart> {
    /// A JSON file: `frame` serializes the document, with the parts as one of its
    /// arrays (`Parts` serializes as one).
    pub fn json(
        rel: &'static str,
        part: impl Fn(usize) -> JsonPart + Send + Sync + 'a,
        frame: impl Fn(&mut dyn Write, &Parts<'_, JsonPart>) -> serde_json::Result<()>
        + Send
        + Sync
        + 'a,
    ) -> Self {
        Gathered {
            rel,
            part: Box::new(part),
            frame: Box::new(move |w, parts| frame(w, parts).map_err(io::Error::from)),
        }
    }
}

impl<P: Send + Sync> Gathered<'_, P> {
    /// Stage `i`'s part.
    pub fn part(&self, i: usize) -> P {
        (self.part)(i)
    }

    /// Every stage's part, made on all cores.
    pub fn parts(&self, count: usize) -> Vec<P> {
        (0..count).into_par_iter().map(|i| (self.part)(i)).collect()
    }

    /// All `count` parts, made a block at a time as they are written.
    pub fn made(&self, count: usize) -> Parts<'_, P> {
        Parts::Made {
            count,
            part: &*self.part,
        }
    }

    /// The digest of the file without its parts: its frame (a JSON file's other
    /// fields, a text file's head and tail).
    pub fn frame_digest(&self) -> crate::digest::Digest {
        let mut bytes = Vec::new();
        // Writing into memory fails only if the frame does, and then that is the text.
        if let Err(e) = self.write(&mut bytes, &Parts::Known(&[])) {
            bytes = e.to_string().into_bytes();
        }
        crate::digest::Digester::new().add(&bytes).finish()
    }

    /// Writes the file with `parts`: known ones, or [`Gathered::made`].
    pub fn write(&self, w: &mut dyn Write, parts: &Parts<'_, P>) -> io::Result<()> {
        (self.frame)(w, parts)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn written<P: Send + Sync>(file: &Gathered<'_, P>, parts: &Parts<'_, P>) -> String {
        let mut out = Vec::new();
        file.write(&mut out, parts).unwrap();
        String::from_utf8(out).unwrap()
    }

    #[test]
    fn known_and_made_parts_write_the_same_file() {
        let count = BLOCK * 2 + 3;
        let text = Gathered::text("t", "<".into(), ",", ">".into(), |i| i.to_string());
        let json = Gathered::json(
            "j",
            |i| json_part(&[i]),
            |w, parts| serde_json::to_writer(w, &("x", parts)),
        );
        let known = text.parts(count);
        assert_eq!(
            written(&text, &text.made(count)),
            written(&text, &Parts::Known(&known))
        );
        let made = written(&text, &text.made(3));
        assert_eq!(made, "<0,1,2>");
        let known = json.parts(3);
        assert_eq!(
            written(&json, &Parts::Known(&known)),
            "[\"x\",[[0],[1],[2]]]"
        );
        assert_eq!(
            written(&json, &json.made(3)),
            written(&json, &Parts::Known(&known))
        );
        assert_eq!(written(&text, &text.made(0)), "<>");
    }

    #[test]
    fn the_frame_digest_sees_all_but_the_parts() {
        let file =
            |head: &str| Gathered::text("t", head.into(), ",", ">".into(), |i| i.to_string());
        assert_eq!(file("<").frame_digest(), file("<").frame_digest());
        assert_ne!(file("<").frame_digest(), file("[").frame_digest());
    }
}
