//! A site in each of its languages. The default language's site is the one loaded; each
//! other language's is the same site with its texts translated ([`Site::translated`]):
//! each file's translation in place of the file, or the file itself when it has none,
//! published under `/<code>/` with its own base URL. Every step of the pipeline then
//! runs on each language's site alike; only the shared files (the theme's, the icons,
//! the sitemap of every language) are written once, by the default language's.

use std::sync::Arc;

use serde::Serialize;

use super::Site;
use crate::config::SiteConfig;
use crate::content::translation::Translations;
use crate::content::translation::staleness::{self, State};
use crate::content::{Content, Which};
use crate::error::BuildError;
use crate::languages::Language;
use crate::url::base_path;

/// What a translated site knows of its translation.
pub(super) struct Translated {
    /// Its language.
    pub language: Language,
    /// Where each file's translation stands, in the order of
    /// [`Content::sources`]: home page, stages, pages.
    pub states: Vec<State>,
    /// The default language's base path, where the originals are.
    pub original_base: String,
}

impl Site {
    /// The site in every language but the default, in the order of `languages`.
    pub(super) fn translated_sites(&self) -> Vec<Site> {
        (self.languages.iter().skip(1))
            .map(|language| self.translated(language))
            .collect()
    }

    /// The site in `language`: its texts translated where a translation exists.
    fn translated(&self, language: &Language) -> Site {
        let code = &language.code;
        let (content, states) = translate(&self.content, &self.translations, code);
        let config = config_in(&self.config, code);
        Site {
            root: self.root.clone(),
            config,
            content,
            output_dir: self.output_dir.clone(),
            languages: self.languages.clone(),
            translations: Translations::default(),
            root_url: self.root_url.clone(),
            translated: Some(Translated {
                language: language.clone(),
                states,
                original_base: base_path(&self.root_url),
            }),
            options: self.options.clone(),
            templates: Arc::clone(&self.templates),
            i18n: Arc::clone(&self.i18n),
            markdown: Arc::clone(&self.markdown),
        }
    }

    /// For each language but the default, for each file (home page, stages, pages),
    /// where its translation's items do not line up with its source's.
    pub fn translation_structure(&self) -> Result<Vec<Vec<Vec<String>>>, BuildError> {
        let others = self.translated_sites();
        let sites = self.with(&others);
        let derived = super::derive_all(&sites, None)?;
        Ok((derived.iter().skip(1))
            .map(|d| {
                std::iter::once(&d.home)
                    .chain(&d.stages)
                    .chain(&d.pages)
                    .map(|r| r.structure.clone())
                    .collect()
            })
            .collect())
    }

    /// Where the default language's site is published.
    pub(super) fn root_url(&self) -> &str {
        &self.root_url
    }

    /// The page at `path` (below a language's base) in every language, when the site
    /// has more than one; the current one marked.
    pub(super) fn alternates(&self, path: &str) -> Vec<Alternate> {
        if self.languages.len() < 2 {
            return Vec::new();
        }
        let root = base_path(&self.root_url);
        (self.languages.iter())
            .map(|l| Alternate {
                code: l.code.clone(),
                name: l.name.clone(),
                dir: l.dir,
                href: [root.as_str(), &l.prefix, path].concat(),
                url: [self.root_url.as_str(), &l.prefix, path].concat(),
                current: l.prefix == self.prefix(),
                default: l.is_default(),
            })
            .collect()
    }

    /// The folder its pages are written in: `""` for the default language, `fr/`.
    pub(super) fn prefix(&self) -> &str {
        self.translated.as_ref().map_or("", |t| &t.language.prefix)
    }

    /// The page of the translation `t` of file `k` shows: its state, the original's
    /// address; `None` in the default language.
    pub(super) fn translation_view(&self, k: usize, original: &str) -> Option<TranslationView> {
        let t = self.translated.as_ref()?;
        let state = &t.states[k];
        Some(TranslationView {
            state: state.name(),
            changed: match state {
                State::Stale(changed) => changed.clone(),
                _ => Vec::new(),
            },
            original_url: format!("{}{}", t.original_base, original),
            original_lang: self.languages[0].code.clone(),
            language: t.language.name.clone(),
        })
    }

    /// How many stages are translated (current or not), of how many.
    pub(super) fn translated_count(&self) -> Option<TranslatedCount> {
        let t = self.translated.as_ref()?;
        let stages = &t.states[1..1 + self.content.stages.len()];
        Some(TranslatedCount {
            count: stages.iter().filter(|s| **s != State::Missing).count(),
            current: stages.iter().filter(|s| **s == State::Current).count(),
            total: stages.len(),
        })
    }
}

/// `translation`, on a page of a language other than the default.
#[derive(Debug, Clone, Serialize)]
pub(super) struct TranslationView {
    /// `current`, `stale`, `unrecorded` or `missing`.
    pub state: &'static str,
    /// For a stale translation, the titles of the source's sections that changed.
    pub changed: Vec<String>,
    /// The page in the default language.
    pub original_url: String,
    /// The default language's code.
    pub original_lang: String,
    /// The page's language, by its name.
    pub language: String,
}

/// A page in one of the site's languages (`alternates`).
#[derive(Debug, Clone, Serialize)]
pub(super) struct Alternate {
    pub code: String,
    pub name: String,
    pub dir: &'static str,
    /// Its path, with the base path: `/repo/fr/stages/orm/`.
    pub href: String,
    /// Its address: `https://user.github.io/repo/fr/stages/orm/`.
    pub url: String,
    /// The page's own language.
    pub current: bool,
    /// The default language (`x-default`).
    pub default: bool,
}

/// A language's folder must not be a page's: `[languages.glossary]` beside a page
/// `glossary` would write both at `/glossary/`.
/// site.toml (under `root`) is read again only to point at the line of a collision.
pub(super) fn check_folders(
    languages: &[Language],
    content: &Content,
    root: &std::path::Path,
) -> Result<(), crate::error::Diagnostic> {
    for language in languages.iter().skip(1) {
        let folder = language.prefix.trim_end_matches('/');
        if let Some(page) = content.pages.iter().find(|p| p.slug == folder) {
            let text =
                std::fs::read_to_string(root.join(crate::config::CONFIG_FILE)).unwrap_or_default();
            let line = crate::config::language_line(&text, &language.code).unwrap_or(1);
            return Err(crate::error::Diagnostic::new(
                crate::config::CONFIG_FILE,
                format!(
                    "the language {} is published in /{folder}/, where {} is published too",
                    language.code,
                    page.source.path.display()
                ),
            )
            .at_line(line)
            .with_hint("set another `slug` in that page's front matter"));
        }
    }
    Ok(())
}

/// `translated` on the overview of a language other than the default.
#[derive(Debug, Clone, Copy, Serialize)]
pub(super) struct TranslatedCount {
    pub count: usize,
    pub current: usize,
    pub total: usize,
}

/// The settings of a site in language `code`: its title and description, its base URL
/// (`/fr/` below the default language's).
fn config_in(config: &SiteConfig, code: &str) -> SiteConfig {
    let mut out = config.clone();
    if let Some(own) = config.languages.get(code) {
        if let Some(title) = &own.title {
            out.title.clone_from(title);
        }
        if let Some(description) = &own.description {
            out.description.clone_from(description);
        }
    }
    out.language = code.to_string();
    // The default language's `direction` is not this one's.
    out.direction = (config.languages.get(code)).map(|own| crate::languages::direction(code, own));
    out.base_url = format!("{}{code}/", config.base_url);
    out
}

/// The settings and content of a site in language `code`, for `export`.
pub(super) fn in_language(
    config: &SiteConfig,
    content: &Content,
    translations: &Translations,
    code: &str,
) -> (SiteConfig, Content) {
    (
        config_in(config, code),
        translate(content, translations, code).0,
    )
}

/// `content` in language `code`: each file's translation in its place, and where each
/// stands, by [`Content::sources`] order.
fn translate(content: &Content, translations: &Translations, code: &str) -> (Content, Vec<State>) {
    let mut out = content.clone();
    let mut states = Vec::with_capacity(1 + content.stages.len() + content.pages.len());
    let home = translations.get(code, Which::Home);
    states.push(staleness::state(content, Which::Home, home));
    if let Some(t) = home {
        set(&mut out.home.title, &t.title);
        if t.description.is_some() {
            out.home.description.clone_from(&t.description);
        }
        out.home.source = t.source.clone();
    }
    for (i, stage) in out.stages.iter_mut().enumerate() {
        let t = translations.get(code, Which::Stage(i));
        states.push(staleness::state(content, Which::Stage(i), t));
        let Some(t) = t else { continue };
        set(&mut stage.title, &t.title);
        for (mine, theirs) in [
            (&mut stage.summary, &t.summary),
            (&mut stage.description, &t.description),
            (&mut stage.icon, &t.icon),
        ] {
            if theirs.is_some() {
                mine.clone_from(theirs);
            }
        }
        stage.source = t.source.clone();
    }
    for (i, page) in out.pages.iter_mut().enumerate() {
        let t = translations.get(code, Which::Page(i));
        states.push(staleness::state(content, Which::Page(i), t));
        let Some(t) = t else { continue };
        set(&mut page.title, &t.title);
        if t.description.is_some() {
            page.description.clone_from(&t.description);
        }
        page.source = t.source.clone();
    }
    (out, states)
}

fn set(mine: &mut String, theirs: &Option<String>) {
    if let Some(t) = theirs {
        mine.clone_from(t);
    }
}
