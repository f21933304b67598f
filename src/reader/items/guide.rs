//! A translation's items, lined up with its source's (see [`Guide`]).

use super::{Item, Kind};

/// How a translation's items line up with its source's: each section of items of the
/// source, by its heading's level and place among the headings of that level, with
/// its kind and its items' ids in order. A translation's item takes the id of the
/// source's item at the same place of the same section, so progress follows a reader
/// from one language to the other; items past the source's are tracked on their own.
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash)]
pub struct Guide {
    pub(super) sections: Vec<GuideSection>,
}

#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub(super) struct GuideSection {
    pub level: u8,
    /// Its heading's place among the file's headings of its level, from 0.
    pub ordinal: usize,
    pub kind: Kind,
    pub title: String,
    pub ids: Vec<String>,
}

impl Guide {
    /// The guide of a source file, from its rendered headings and items.
    pub fn of(headings: &[crate::content::Heading], items: &[Item]) -> Guide {
        let mut counts = [0usize; 7];
        let mut sections: Vec<GuideSection> = Vec::new();
        for h in headings {
            let level = usize::from(h.level.min(6));
            let ordinal = counts[level];
            counts[level] += 1;
            let ids: Vec<String> = (items.iter())
                .filter(|i| i.section == h.id)
                .map(|i| i.id.clone())
                .collect();
            let kind = items.iter().find(|i| i.section == h.id).map(|i| i.kind);
            if let Some(kind) = kind.or_else(|| Kind::from_heading(&h.title)) {
                sections.push(GuideSection {
                    level: h.level,
                    ordinal,
                    kind,
                    title: h.title.clone(),
                    ids,
                });
            }
        }
        Guide { sections }
    }

    pub(super) fn section(&self, level: u8, ordinal: usize) -> Option<usize> {
        (self.sections.iter()).position(|s| s.level == level && s.ordinal == ordinal)
    }
}
