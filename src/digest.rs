//! Digests: 64-bit hashes (xxh3) of the values an output is made from, so that `serve`
//! can tell, after a save, which outputs' inputs changed. A value is digested as it
//! is serialized for templates (serde), whole or only the parts a [`Selection`] names:
//! what a template reads of it. Large values made from others (HTML rendered from
//! Markdown, a stage's items) travel as [`Digested`], carrying the digest they were
//! made with, so digesting 10,000 pages does not hash their HTML again.

mod key;
mod serializer;

use std::cell::Cell;
use std::collections::BTreeMap;
use std::hash::{Hash, Hasher};
use std::sync::OnceLock;

use serde::{Serialize, Serializer};
use xxhash_rust::xxh3::{Xxh3, xxh3_64};

pub type Digest = u64;

/// What is read of a value: the whole of it, or its shape (its kind, length, and its
/// scalar value if it is one) and some of its fields and elements.
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash)]
pub struct Selection {
    /// All of it.
    pub whole: bool,
    /// Fields of a struct, keys of a map, each with what of it is read.
    pub fields: BTreeMap<String, Selection>,
    /// Every element of a list, every value of a map or struct.
    pub each: Option<Box<Selection>>,
}

impl Selection {
    pub fn whole() -> Selection {
        Selection {
            whole: true,
            ..Selection::default()
        }
    }

    /// What either reads.
    pub fn merge(&mut self, other: &Selection) {
        if self.whole {
            return;
        }
        if other.whole {
            *self = Selection::whole();
            return;
        }
        for (name, sel) in &other.fields {
            self.fields.entry(name.clone()).or_default().merge(sel);
        }
        if let Some(each) = &other.each {
            self.each.get_or_insert_with(Box::default).merge(each);
        }
    }

    /// The part read of field or key `name`, if any.
    pub(crate) fn field(&self, name: &str) -> Option<&Selection> {
        self.fields.get(name).or(self.each.as_deref())
    }

    /// The part read of each element of a list: `x.0` and `x.title` on a list are read
    /// of its elements as well; `None` when only the list's shape is read.
    pub fn element(&self) -> Option<&Selection> {
        match (&self.each, self.fields.is_empty()) {
            _ if self.whole => Some(&WHOLE),
            (Some(each), true) => Some(each),
            (_, false) => Some(&WHOLE),
            (None, true) => None,
        }
    }
}

/// All of a value.
pub static WHOLE: Selection = Selection {
    whole: true,
    fields: BTreeMap::new(),
    each: None,
};

/// An error of a value's own `Serialize`, or a map key that is not a name.
#[derive(Debug)]
pub struct Error(pub String);

impl std::fmt::Display for Error {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for Error {}

impl serde::ser::Error for Error {
    fn custom<T: std::fmt::Display>(msg: T) -> Self {
        Error(msg.to_string())
    }
}

thread_local! {
    /// Set while a digest is taken on this thread: [`Digested`] values then give their
    /// digest instead of themselves.
    static DIGESTING: Cell<bool> = const { Cell::new(false) };
}

/// Whether a digest is being taken on this thread (see [`Digested`]).
pub fn digesting() -> bool {
    DIGESTING.get()
}

/// A value with the digest of everything it holds (its [`Hash`]: every field, whether
/// templates see it or not), computed the first time a digest needs it and kept with it.
/// Templates see the value; digests see the number.
#[derive(Debug, Clone, Default)]
pub struct Digested<T> {
    value: T,
    digest: OnceLock<Digest>,
}

impl<T: Hash> Digested<T> {
    pub const fn new(value: T) -> Digested<T> {
        Digested {
            value,
            digest: OnceLock::new(),
        }
    }

    pub fn digest(&self) -> Digest {
        *self.digest.get_or_init(|| of_hash(&self.value))
    }
}

impl<'a, T> IntoIterator for &'a Digested<std::sync::Arc<[T]>> {
    type Item = &'a T;
    type IntoIter = std::slice::Iter<'a, T>;
    fn into_iter(self) -> Self::IntoIter {
        self.value.iter()
    }
}

impl<T: std::fmt::Display> std::fmt::Display for Digested<T> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        self.value.fmt(f)
    }
}

impl<T: PartialEq> PartialEq for Digested<T> {
    fn eq(&self, other: &Self) -> bool {
        self.value == other.value
    }
}

impl<T> std::ops::Deref for Digested<T> {
    type Target = T;
    fn deref(&self) -> &T {
        &self.value
    }
}

impl<T: Serialize + Hash> Serialize for Digested<T> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        if DIGESTING.get() {
            s.serialize_u64(self.digest())
        } else {
            self.value.serialize(s)
        }
    }
}

/// Bytes gathered for a digest and hashed at once when it is taken: xxh3 is fastest over
/// a whole buffer, and a value digested field by field makes many small writes. Past
/// [`STREAM_PAST`] bytes they are hashed as they come instead (a file's text, a page's
/// HTML), not copied: xxh3 gives the same digest either way.
#[derive(Default)]
pub struct Bytes {
    gathered: Vec<u8>,
    stream: Option<Box<Xxh3>>,
}

/// How many bytes a digest gathers before it hashes them as they come.
const STREAM_PAST: usize = 4096;

impl Bytes {
    fn with_capacity(n: usize) -> Bytes {
        Bytes {
            gathered: Vec::with_capacity(n),
            stream: None,
        }
    }
}

impl Hasher for Bytes {
    fn write(&mut self, bytes: &[u8]) {
        if let Some(stream) = &mut self.stream {
            stream.update(bytes);
        } else if self.gathered.len() + bytes.len() > STREAM_PAST {
            let mut stream = Box::new(Xxh3::new());
            stream.update(&self.gathered);
            stream.update(bytes);
            self.gathered = Vec::new();
            self.stream = Some(stream);
        } else {
            self.gathered.extend_from_slice(bytes);
        }
    }

    fn finish(&self) -> u64 {
        match &self.stream {
            Some(stream) => stream.digest(),
            None => xxh3_64(&self.gathered),
        }
    }
}

/// A digest being put together from parts.
#[derive(Default)]
pub struct Digester(Bytes);

impl Digester {
    pub fn new() -> Digester {
        // Room for most digests' bytes, so they are not moved as they grow.
        Digester(Bytes::with_capacity(256))
    }

    pub fn add(&mut self, bytes: &[u8]) -> &mut Self {
        (bytes.len() as u64).hash(&mut self.0);
        self.0.write(bytes);
        self
    }

    pub fn add_str(&mut self, text: &str) -> &mut Self {
        self.add(text.as_bytes())
    }

    pub fn add_u64(&mut self, n: u64) -> &mut Self {
        self.0.write_u64(n);
        self
    }

    /// The [`Hash`] of a value.
    pub fn add_hash(&mut self, value: &impl Hash) -> &mut Self {
        value.hash(&mut self.0);
        self
    }

    /// A value as templates see it: all of it, or the parts `selection` names.
    pub fn add_serialized(
        &mut self,
        value: &(impl Serialize + ?Sized),
        selection: Option<&Selection>,
    ) -> &mut Self {
        let was = DIGESTING.replace(true);
        serializer::digest_into(&mut self.0, value, selection);
        DIGESTING.set(was);
        self
    }

    pub fn finish(&self) -> Digest {
        self.0.finish()
    }
}

/// The digest of a value's [`Hash`].
pub fn of_hash(value: &impl Hash) -> Digest {
    Digester::new().add_hash(value).finish()
}

/// The digest of a value as templates see it, whole.
pub fn of(value: &(impl Serialize + ?Sized)) -> Digest {
    Digester::new().add_serialized(value, None).finish()
}

/// The digest of what `selection` reads of a value.
pub fn selected(value: &(impl Serialize + ?Sized), selection: &Selection) -> Digest {
    Digester::new()
        .add_serialized(value, Some(selection))
        .finish()
}

#[cfg(test)]
mod tests;
