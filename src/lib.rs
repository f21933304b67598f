//! roadsmith: a static site generator for learning roadmaps.
//!
//! One [`site::Site`] pipeline reads `site.toml` and `content/`, renders Markdown with
//! comrak, draws pages with tera templates, and writes a site that deploys as it is.
//! Data flows one way, and each module depends only on those listed above it:
//!
//! | module | owns |
//! |---|---|
//! | [`error`], [`paths`], [`url`], [`html`] | diagnostics; file names; URLs and percent-coding; HTML escaping and the print page's ids |
//! | [`digest`] (`serializer`, `key`) | digests of values as templates see them, whole or only what a template reads; the key a selection is remembered by |
//! | [`lang`] | language tags: whether a name is one, which way each language's text runs (`dir`) |
//! | [`config`], [`languages`] | `site.toml` -> `SiteConfig`; the languages a site is published in, their folders and names |
//! | [`content`] (`load`, `front_matter`, `duration`, `graph`, `schedule`, `translation` with its `staleness`) | `content/` -> the model: reading files, front matter, durations, what stages require, when each can start; translations beside their sources (`intro.fr.md`) and whether each is up to date |
//! | [`gathered`] | files made of one part per stage (the checklist) |
//! | [`reader`] (`items`, `files`, `parts`, `search` with its `fold`, `index`, `postings`, `fragments`, `files`, `stage`; `timeline` with its `rows`, `links`; `map` with its `layout`, `geometry`, `plan`, `ics`) | what readers take away: items, the roadmap as data (an index and parts of 16 stages) and its files, the search files, the timeline's two drawings (rows in study order), the map of the stages (a layered layout), the dated plan and its calendar |
//! | [`highlight`], [`markdown`] (`links`, `format`) | highlight stylesheets; comrak: links rewritten, items read and marked as the HTML is written |
//! | [`theme`], [`i18n`] (`table`, `functions`, `durations`, `words`), [`templates`] (`lexer`, `reads` with its `walk`, `unindent`, `views`, `blocks`) | the embedded default theme; the interface's words per language (string tables, fallbacks, plural forms, the tera functions that write them, durations said in the page's language, and the words views carry already said); tera, HTML templates read without their lines' indentation; what each template reads; the view structs templates see, and the blocks a very long roadmap is listed in |
//! | [`output`] (`staging`, `reuse`, `in_place`) | where a build writes: the output folder's rules, staging and swap (the previous output's unchanged files hard-linked, not written again), in-place updates committed together |
//! | [`site`] (`derive`, `languages`, `links`, `inputs` with its `kinds` and `lazy_vars`, `stage_views`, `outputs`, `pages`, `reader_files`, `extras`, `icon` with its `glyphs`, `offline`, `memory`, `update`, `export`) | the pipeline every command shares: load, derive (links and anchors checked), each language's site (its files' translations in place), list the outputs over their inputs (a stage's views digested per form), write them all or those whose inputs changed; `export` |
//! | [`check`] (`external` with its `queue`, `http`, `anchors`, `run`, `cache`, `progress`; `languages`) | `roadsmith check`: the pipeline into a recorder, plus links a build does not look at; external links on the real web: fine, broken or unverified, asked politely per host, bounded in time, fine ones cached in `.roadsmith/links.json`; findings as GitHub annotations; stale translations and missing string-table keys as warnings that fail only with `--strict` |
//! | [`watch`], [`serve`] (`requests`) | `roadsmith serve`: watching, updating, the preview server |
//! | [`scaffold`] | `roadsmith init` and `new stage` |
//! | [`translations`] | `roadsmith translations`: where each translation stands against its source, per language; `--accept` records the source in a translation |
//! | [`import`] (`model`, `outline`, `durations`, `structure`, `table`, `html`, `names`, `head`, `write`, `links`, `report`) | `roadsmith import`: one Markdown roadmap document -> a site: its stages found with comrak (headings, HTML headings, bold lines, numbered items, table rows with a time column), titles and durations read, the text sliced from the source, raw HTML lists made Markdown, links to `#anchors` pointed at the files they moved to |
//!
//! The binary (`main.rs`, with its command line in `cli.rs`) parses arguments with clap,
//! calls the library and maps errors to exit codes.

pub mod digest;
pub mod error;
pub mod html;
pub mod paths;
pub mod url;

pub mod lang;

pub mod config;
pub mod content;
pub mod gathered;
pub mod languages;
pub mod reader;

pub mod highlight;
pub mod i18n;
pub mod markdown;
pub mod templates;
pub mod theme;

pub mod output;
pub mod site;

pub mod check;
pub mod scaffold;
pub mod translations;

pub mod import;
#[cfg(feature = "serve")]
pub mod serve;
#[cfg(feature = "serve")]
pub mod watch;

pub use error::{BuildError, Diagnostic};
pub use site::{BuildOptions, BuildSummary, Site};
