//! What `roadsmith export` reads: the roadmap, from `site.toml` and `content/` alone
//! (no theme, no output folder), its links checked as a build checks them.

use std::path::Path;

use crate::config::{MarkdownConfig, SiteConfig};
use crate::content::translation::Translations;
use crate::content::{Content, Drafts};
use crate::error::{BuildError, Diagnostic};
use crate::i18n::{I18n, Words};
use crate::markdown::Markdown;
use crate::reader::Roadmap;
use crate::reader::files::{checklist, notion_csv};
use crate::reader::ics::{calendar, stamp};
use crate::reader::plan::{Date, Electives, Pace, Plan, schedule};

/// What `roadsmith export` can write.
#[derive(Debug, Clone, PartialEq)]
pub enum Format {
    /// `checklist.md`, as a build publishes it.
    Checklist,
    /// A CSV to import into Notion as a database.
    Notion,
    /// The stages as dated all-day events of an iCalendar file, from `start` at
    /// `hours_per_week` (the author's `[plan] hours_per_week` when `None`) and `pace`,
    /// with the optional stages `electives` names.
    Ics {
        start: Date,
        hours_per_week: Option<f64>,
        pace: Pace,
        electives: Electives,
    },
}

/// The roadmap of the site at `root`, with every stage's items. Broken links and
/// anchors are errors, as in a build.
pub fn roadmap(root: &Path) -> Result<Roadmap, BuildError> {
    roadmap_in(root, None).map(|(roadmap, _)| roadmap)
}

/// The roadmap of the site at `root` in `language` (a code of its `[languages]`; the
/// default language for `None`), with every stage's items, and the words of that
/// language.
pub fn roadmap_in(root: &Path, language: Option<&str>) -> Result<(Roadmap, Words), BuildError> {
    let config = SiteConfig::load(root)?;
    let codes: Vec<String> = config.languages.keys().cloned().collect();
    let i18n = I18n::load(root, &config.theme, &config.languages())?;
    let words_of = |code: &str| Words::new(code, i18n.strings(code));
    let content = Content::load_in(root, Drafts::Skip, &codes)?;
    // Items are all an export needs of the Markdown: no highlighting.
    let markdown = Markdown::new(&MarkdownConfig {
        highlight: false,
        ..config.markdown.clone()
    });
    let words = words_of(&config.language);
    let derived = super::derive::derive((&config, &words), &content, &markdown, None, None)?;
    let Some(code) = language.filter(|c| *c != config.language) else {
        return Ok((derived.roadmap, words));
    };
    if !codes.iter().any(|c| c == code) {
        let known = std::iter::once(config.language.clone()).chain(codes);
        return Err(Diagnostic::new(
            crate::config::CONFIG_FILE,
            format!("--language {code}: the site is not published in that language"),
        )
        .with_hint(format!(
            "choose one of: {}",
            known.collect::<Vec<_>>().join(", ")
        ))
        .into());
    }
    let translations = Translations::load(root, &content, &codes)?;
    let (config, content) = super::languages::in_language(&config, &content, &translations, code);
    let guides = derived.guides();
    let words = words_of(code);
    let derived =
        super::derive::derive((&config, &words), &content, &markdown, None, Some(&guides))?;
    Ok((derived.roadmap, words))
}

/// The roadmap of the site at `root` in `format` and `language` (see
/// [`roadmap_in`]); nothing is written.
pub fn export(root: &Path, format: Format, language: Option<&str>) -> Result<String, BuildError> {
    let (roadmap, words) = roadmap_in(root, language)?;
    let text = match format {
        Format::Checklist => {
            let file = checklist(&roadmap, &words);
            let mut bytes = Vec::new();
            file.write(&mut bytes, &file.made(roadmap.stages.len()))
                .map(|()| String::from_utf8_lossy(&bytes).into_owned())
                .map_err(|e| e.to_string())
        }
        Format::Notion => notion_csv(&roadmap).map_err(|e| e.to_string()),
        Format::Ics {
            start,
            hours_per_week,
            pace,
            electives,
        } => {
            known_electives(&roadmap, &electives)?;
            let plan = Plan {
                start,
                hours_per_week: hours_per_week.unwrap_or(roadmap.hours_per_week),
                pace,
                electives,
            };
            schedule(&roadmap, &plan).map(|dated| calendar(&roadmap, &dated, &stamp(now()), &words))
        }
    };
    text.map_err(|e| Diagnostic::new("(export)", format!("could not write the export: {e}")).into())
}

/// An error unless every stage `electives` names is an optional stage of `roadmap`.
fn known_electives(roadmap: &Roadmap, electives: &Electives) -> Result<(), BuildError> {
    let Electives::Chosen(slugs) = electives else {
        return Ok(());
    };
    let optional: Vec<&str> = (roadmap.stages.iter())
        .filter(|s| s.optional)
        .map(|s| s.slug.as_str())
        .collect();
    match slugs.iter().find(|s| !optional.contains(&s.as_str())) {
        None => Ok(()),
        Some(slug) => {
            let known = if optional.is_empty() {
                "this roadmap has no optional stage".to_string()
            } else {
                format!("its optional stages are {}", optional.join(", "))
            };
            Err(Diagnostic::new(
                "(export)",
                format!(
                    "--include-optional names \"{slug}\", which is not an optional stage: {known}"
                ),
            )
            .into())
        }
    }
}

/// When the file is made, in seconds since 1970 UTC: `SOURCE_DATE_EPOCH` when set (the
/// reproducible-builds convention, for a calendar kept in version control), else now.
fn now() -> u64 {
    std::env::var("SOURCE_DATE_EPOCH")
        .ok()
        .and_then(|s| s.trim().parse().ok())
        .unwrap_or_else(|| {
            std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .map_or(0, |d| d.as_secs())
        })
}
