//! roadsmith: a static site generator for learning roadmaps.
//!
//! One [`site::Site`] pipeline reads `site.toml` and `content/`, renders Markdown with
//! comrak into tera templates, and writes a site that deploys as it is.

pub mod check;
pub mod config;
pub mod content;
pub mod error;
pub mod highlight;
pub mod markdown;
pub mod output;
pub mod reader;
pub mod scaffold;
#[cfg(feature = "serve")]
pub mod serve;
pub mod site;
pub mod templates;
pub mod theme;
#[cfg(feature = "serve")]
pub mod watch;

pub use error::{BuildError, Diagnostic};
pub use site::{BuildOptions, BuildSummary, Site};
