//! What an import makes of a document: the [`Plan`] of its stages and pages, which
//! [`super::write`] writes and [`super::report`] describes.

use std::ops::Range;

/// One stage file to write.
#[derive(Debug, Clone)]
pub struct Stage {
    pub number: u32,
    pub title: String,
    pub icon: Option<String>,
    pub slug: String,
    pub duration: String,
    /// Set when the source gives no duration: the one written is assumed.
    pub assumed: bool,
    pub body: String,
    pub items: usize,
    /// The source lines it was cut from (0-based, end exclusive): its parents'
    /// blocks and its own, which is `lines[own]`.
    pub lines: Vec<Range<usize>>,
    pub own: usize,
}

/// A standalone page (a section after the stages, like "Resources").
#[derive(Debug, Clone)]
pub struct Page {
    pub title: String,
    pub slug: String,
    pub body: String,
    /// The source lines it was cut from, its heading first.
    pub lines: Range<usize>,
}

/// Everything `import` would write, and what it has to say about it.
#[derive(Debug, Clone, Default)]
pub struct Plan {
    pub title: String,
    pub description: String,
    pub intro: String,
    pub stages: Vec<Stage>,
    pub pages: Vec<Page>,
    pub hours_per_week: Option<f64>,
    pub unsafe_html: bool,
    /// Why the stages are what they are.
    pub reading: String,
    pub dropped: Vec<String>,
    pub notes: Vec<String>,
}
