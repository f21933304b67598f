//! `content/` as a model: the home page, the stages in `stage` order with their
//! durations, standalone pages and assets. [`load`] reads them from disk.

pub mod duration;
pub mod front_matter;
pub mod graph;
mod load;
mod schedule;
pub mod translation;

use std::path::{Path, PathBuf};

use duration::Duration;
use graph::{Branching, Graph};
pub use load::{is_valid_slug, slugify};
pub use schedule::{Schedule, Step, WeekSpan, schedule};

pub const CONTENT_DIR: &str = "content";
pub const HOME_FILE: &str = "_index.md";
/// Highest stage number accepted: far beyond any roadmap, low enough to be a typo guard.
pub const MAX_STAGE: i64 = 1_000_000;

/// Whether files marked `draft = true` are part of the site.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Drafts {
    #[default]
    Skip,
    Include,
}

/// A heading of a content file, as rendered: for its table of contents, anchor checks
/// and search.
#[derive(Debug, Clone, PartialEq, Eq, Hash, serde::Serialize)]
pub struct Heading {
    pub level: u8,
    pub id: String,
    pub title: String,
}

/// A Markdown file's body and where it came from.
#[derive(Debug, Clone, PartialEq)]
pub struct Source {
    /// Path relative to the site root, e.g. `content/04-orm.md`: what errors name.
    pub path: PathBuf,
    pub body: String,
    /// Line of the file on which the body starts.
    pub body_line: usize,
    /// The digest of the whole file and its path.
    pub digest: crate::digest::Digest,
    /// The digest of its path and front matter: everything the stage, page or home
    /// page read from it holds but its body.
    pub front_matter: crate::digest::Digest,
    /// The digest of its text (front matter and body), whatever its path: what a
    /// translation records of the source it was made from.
    pub text: crate::digest::Digest,
    /// For a translation, the file it translates (`content/intro.md`): links in it and
    /// to it resolve as in that file.
    pub origin: Option<PathBuf>,
    /// The front matter's TOML as written: what a translation may repeat of it is
    /// compared with it.
    pub front_matter_text: std::sync::Arc<str>,
}

impl Source {
    /// The file at `path` (relative to the site root), its front matter and its body.
    pub fn new(path: PathBuf, front_matter: &str, body: String, body_line: usize) -> Source {
        let front_matter_text = front_matter;
        let mut d = crate::digest::Digester::new();
        d.add_str(&path.to_string_lossy()).add_str(front_matter);
        let front_matter = d.finish();
        let digest = d.add_str(&body).add_u64(body_line as u64).finish();
        let text = crate::digest::Digester::new()
            .add_str(front_matter_text)
            .add_str(&body)
            .finish();
        Source {
            path,
            body,
            body_line,
            digest,
            front_matter,
            text,
            origin: None,
            front_matter_text: front_matter_text.into(),
        }
    }

    /// The file's path relative to `content/`, as Markdown links name it.
    pub fn content_rel(&self) -> &Path {
        content_rel(self.origin.as_ref().unwrap_or(&self.path))
    }
}

/// A path relative to the site root as relative to `content/`.
pub fn content_rel(path: &Path) -> &Path {
    path.strip_prefix(CONTENT_DIR).unwrap_or(path)
}

#[derive(Debug, Clone, PartialEq)]
pub struct Home {
    pub title: String,
    pub description: Option<String>,
    pub source: Source,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Stage {
    pub number: u32,
    pub title: String,
    pub duration: Duration,
    pub icon: Option<String>,
    pub summary: Option<String>,
    pub description: Option<String>,
    pub slug: String,
    /// `requires`, `optional`, `track`: see [`graph`].
    pub branching: Branching,
    pub source: Source,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Page {
    pub title: String,
    pub description: Option<String>,
    pub slug: String,
    pub weight: i64,
    pub source: Source,
}

/// A file in `content/` that is not Markdown (an image, a PDF): copied as it is.
#[derive(Debug, Clone)]
pub struct Asset {
    /// Path relative to `content/`, with `/` separators: also its URL path.
    pub rel: String,
    pub path: PathBuf,
}

/// Everything in `content/`, checked and ordered.
#[derive(Debug, Clone)]
pub struct Content {
    pub home: Home,
    /// Ordered by stage number.
    pub stages: Vec<Stage>,
    /// Ordered by weight, then title.
    pub pages: Vec<Page>,
    pub assets: Vec<Asset>,
    /// What each stage requires, defaults filled in; indexes into `stages`.
    pub graph: Graph,
    /// The translations beside the files (`intro.fr.md`), relative to the site root:
    /// read by [`translation::Translations::load`].
    pub translation_files: Vec<PathBuf>,
}

/// Which of the content's files a path is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Which {
    Home,
    Stage(usize),
    Page(usize),
}

/// A content file read again after a save, where it stands in the content.
#[derive(Debug)]
enum Edited {
    Home(Home),
    Stage(usize, Stage),
    Page(usize, Page),
}

impl Content {
    /// Lets go of every file's Markdown, once it is rendered and nothing will read it
    /// again (a build, between deriving and writing): the largest thing a site holds
    /// that the pages do not need, 30 MB of 10,000 item-heavy stages, which the pages
    /// being written take the place of instead of adding to the peak.
    pub fn forget_bodies(&mut self) {
        let sources = std::iter::once(&mut self.home.source)
            .chain(self.stages.iter_mut().map(|s| &mut s.source))
            .chain(self.pages.iter_mut().map(|p| &mut p.source));
        for source in sources {
            source.body = String::new();
        }
    }

    /// Walks `root/content` and reads every file in it.
    pub fn load(root: &Path, drafts: Drafts) -> Result<Content, crate::error::BuildError> {
        load::content(root, drafts, &[])
    }

    /// Walks `root/content` and reads every file in it; files named for a language of
    /// `codes` (`intro.fr.md`), or for any language beside their source, are set aside
    /// as translations.
    pub fn load_in(
        root: &Path,
        drafts: Drafts,
        codes: &[String],
    ) -> Result<Content, crate::error::BuildError> {
        load::content(root, drafts, codes)
    }

    /// Which file of the content `path` (relative to the site root) is.
    pub fn which(&self, path: &Path) -> Option<Which> {
        if self.home.source.path == path {
            Some(Which::Home)
        } else if let Some(i) = self.stages.iter().position(|s| s.source.path == path) {
            Some(Which::Stage(i))
        } else {
            (self.pages.iter().position(|p| p.source.path == path)).map(Which::Page)
        }
    }

    /// The source of a file of the content.
    pub fn source(&self, which: Which) -> &Source {
        match which {
            Which::Home => &self.home.source,
            Which::Stage(i) => &self.stages[i].source,
            Which::Page(i) => &self.pages[i].source,
        }
    }

    /// When each stage can start and how long the roadmap takes (see [`schedule()`]).
    pub fn schedule(&self) -> Schedule {
        let steps: Vec<Step> = self
            .stages
            .iter()
            .zip(&self.graph.requires)
            .map(|(s, requires)| Step {
                weeks_min: s.duration.weeks_min,
                weeks_max: s.duration.weeks_max,
                requires,
                optional: s.branching.optional,
            })
            .collect();
        schedule(&steps)
    }

    /// Which file each of [`Content::sources`] is, in the same order.
    pub fn every_which(&self) -> impl Iterator<Item = Which> {
        std::iter::once(Which::Home)
            .chain((0..self.stages.len()).map(Which::Stage))
            .chain((0..self.pages.len()).map(Which::Page))
    }

    /// The sources of every Markdown file: the home page, then stages, then pages.
    pub fn sources(&self) -> impl Iterator<Item = &Source> {
        std::iter::once(&self.home.source)
            .chain(self.stages.iter().map(|s| &s.source))
            .chain(self.pages.iter().map(|p| &p.source))
    }

    /// After a save, reads the content files `paths` (relative to the site root) again
    /// and puts them in place of what they held, if each keeps its place in the site:
    /// the same file, stage number, slug, weight, draft, `requires`, `optional` and
    /// `track` (what else it says may change). Returns false, changing nothing, when
    /// one does not (a file added or removed, an error to report): then the whole
    /// content must be loaded again.
    pub fn reread(&mut self, root: &Path, paths: &[&Path], drafts: Drafts) -> bool {
        let mut edits = Vec::new();
        for path in paths {
            match self.reread_one(root, path, drafts) {
                Some(edit) => edits.push(edit),
                None => return false,
            }
        }
        for edit in edits {
            match edit {
                Edited::Home(new) => self.home = new,
                Edited::Stage(i, new) => self.stages[i] = new,
                Edited::Page(i, new) => self.pages[i] = new,
            }
        }
        true
    }

    /// The file `path` read again, if it keeps its place.
    fn reread_one(&self, root: &Path, path: &Path, drafts: Drafts) -> Option<Edited> {
        let which = self.which(path)?;
        let rel = path.strip_prefix(CONTENT_DIR).ok()?;
        let entry = load::entry(root, &root.join(path), rel, drafts).ok()?;
        let edited = match (which, entry) {
            (Which::Home, load::Entry::Home(new)) => Edited::Home(new),
            (Which::Stage(i), load::Entry::Stage(new, _)) => Edited::Stage(i, new),
            (Which::Page(i), load::Entry::Page(new, _)) => Edited::Page(i, new),
            _ => return None,
        };
        self.keeps_place(&edited).then_some(edited)
    }

    /// Whether an edited file stands where it stood: all but what it shows is the same.
    fn keeps_place(&self, edited: &Edited) -> bool {
        match edited {
            Edited::Home(new) => same_but(&self.home, new, |old, new| {
                new.title.clone_from(&old.title);
                new.description.clone_from(&old.description);
                new.source.clone_from(&old.source);
            }),
            Edited::Stage(i, new) => same_but(&self.stages[*i], new, |old, new| {
                new.title.clone_from(&old.title);
                new.icon.clone_from(&old.icon);
                new.summary.clone_from(&old.summary);
                new.description.clone_from(&old.description);
                new.duration.clone_from(&old.duration);
                new.source.clone_from(&old.source);
            }),
            Edited::Page(i, new) => same_but(&self.pages[*i], new, |old, new| {
                new.title.clone_from(&old.title);
                new.description.clone_from(&old.description);
                new.source.clone_from(&old.source);
            }),
        }
    }
}

/// Whether `new` equals `old` once `keep` has copied into it what may change.
fn same_but<T: PartialEq + Clone>(old: &T, new: &T, keep: impl Fn(&T, &mut T)) -> bool {
    let mut new = new.clone();
    keep(old, &mut new);
    new == *old
}
