//! roadsmith: a static site generator for learning roadmaps.
//!
//! One [`site::Site`] pipeline reads `site.toml` and `content/`, renders Markdown with
//! comrak into tera templates, and writes a site that deploys as it is. Data flows one
//! way, and each module depends only on those listed above it:
//!
//! | module | owns |
//! |---|---|
//! | [`error`], [`paths`], [`url`], [`html`] | diagnostics; file names; URLs and percent-coding; HTML escaping |
//! | [`config`] | `site.toml` -> `SiteConfig` |
//! | [`content`] | `content/` -> the model: home, stages (durations, week spans), pages, assets |
//! | [`gathered`] | files made of one part per stage (`roadmap.json`, the checklist) |
//! | [`reader`] | what readers take away: items, the roadmap as data, its files, the search files, the timeline's geometry, the dated plan and its calendar |
//! | [`highlight`], [`markdown`] | highlight stylesheets; comrak: links rewritten, items read and marked as the HTML is written |
//! | [`theme`], [`templates`] | the embedded default theme; tera and the view structs templates see |
//! | [`output`] | where a build writes: the output folder's rules, staging and swap, in-place updates |
//! | [`site`] | the pipeline every command shares: load, render Markdown, write; and `export` |
//! | [`check`] | `roadsmith check`: the pipeline into a recorder, plus links a build does not look at |
//! | [`watch`], [`serve`] | `roadsmith serve`: watching, rebuilding, the preview server |
//! | [`scaffold`] | `roadsmith init` and `new stage` |

pub mod digest;
pub mod error;
pub mod html;
pub mod paths;
pub mod url;

pub mod config;
pub mod content;
pub mod gathered;
pub mod reader;

pub mod highlight;
pub mod markdown;
pub mod templates;
pub mod theme;

pub mod output;
pub mod site;

pub mod check;
pub mod scaffold;
#[cfg(feature = "serve")]
pub mod serve;
#[cfg(feature = "serve")]
pub mod watch;

pub use error::{BuildError, Diagnostic};
pub use site::{BuildOptions, BuildSummary, Site};
