//! The words of the interface, per language: string tables shipped with the theme
//! (`themes/<theme>/i18n/<code>.toml`, the default theme's embedded), overridden by the
//! site's `i18n/<code>.toml`, falling back key by key to the site's language and then
//! to English ([`I18n`]); reading and writing one table ([`table`]); the tera functions
//! templates write them with ([`functions`]); the words a stage's view, the checklist and
//! the calendar carry already said in a language ([`words`]).

mod durations;
pub mod functions;
pub mod table;
mod words;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::Mutex;

use crate::error::{BuildError, Diagnostic};
use crate::theme::{EMBEDDED_LABEL, THEMES_DIR, use_embedded};
pub use table::{Entry, Table};
pub use words::Words;

/// A site's own string tables, overriding the theme's key by key.
pub const SITE_I18N_DIR: &str = "i18n";

/// The language every key has a value in: the last fallback.
pub const FALLBACK: &str = "en";

/// One language's strings, every key there (fallbacks filled in); templates see it as `t`.
pub type Strings = Table;

/// The string tables of the languages a site is written in.
#[derive(Debug, Default)]
pub struct I18n {
    /// Code -> its strings, fallbacks filled in.
    merged: BTreeMap<String, Strings>,
    /// Code -> the words of its stage views, from `merged`.
    words: BTreeMap<String, Words>,
    /// Code -> what its own tables (the theme's and the site's) give, for [`I18n::missing`].
    own: BTreeMap<String, Table>,
    /// The English table of the theme, whose keys every language should have.
    reference: Table,
    /// The site's default language, `codes[0]`.
    default: String,
}

/// Where one theme's tables are read from.
enum ThemeTables {
    Embedded,
    Folder(PathBuf),
}

impl I18n {
    /// The tables of `codes` (the site's default language first) for a site at `root`
    /// drawn with `theme`. Errors name the file and line.
    pub fn load(root: &Path, theme: &str, codes: &[String]) -> Result<I18n, BuildError> {
        let theme_tables = if use_embedded(root, theme) {
            ThemeTables::Embedded
        } else {
            ThemeTables::Folder(root.join(THEMES_DIR).join(theme).join("i18n"))
        };
        let mut errors = Vec::new();
        let read = |code: &str, errors: &mut Vec<Diagnostic>| {
            let mut t = theme_tables.read(root, code).unwrap_or_else(|d| {
                errors.push(d);
                None
            });
            let site = read_file(root, &root.join(SITE_I18N_DIR).join(format!("{code}.toml")));
            match site {
                Ok(Some(s)) => table::merge(t.get_or_insert_with(Table::new), &s),
                Ok(None) => {}
                Err(d) => errors.push(d),
            }
            t
        };
        // The last fallback: the theme's English, over the embedded theme's, so a key a
        // theme of its own leaves out still has a value.
        let mut english = embedded_table(FALLBACK).unwrap_or_default();
        let reference = match &theme_tables {
            ThemeTables::Embedded => english.clone(),
            ThemeTables::Folder(_) => match theme_tables.read(root, FALLBACK) {
                Ok(Some(t)) => t,
                Ok(None) => english.clone(),
                Err(d) => {
                    errors.push(d);
                    Table::new()
                }
            },
        };
        table::merge(&mut english, &reference);
        if let Some(site_en) = read(FALLBACK, &mut Vec::new()) {
            table::merge(&mut english, &site_en);
        }
        let mut own = BTreeMap::new();
        let mut wanted: Vec<String> = Vec::new();
        for code in codes {
            for c in chain(code) {
                if !wanted.contains(&c) {
                    wanted.push(c);
                }
            }
        }
        for code in &wanted {
            let t = read(code, &mut errors);
            own.insert(code.clone(), t.unwrap_or_default());
        }
        if !errors.is_empty() {
            return Err(errors.into());
        }
        let default = codes
            .first()
            .cloned()
            .unwrap_or_else(|| FALLBACK.to_string());
        let mut i18n = I18n {
            merged: BTreeMap::new(),
            words: BTreeMap::new(),
            own,
            reference,
            default,
        };
        for code in codes.iter().chain([&FALLBACK.to_string()]) {
            // English, a site's language and the fallback, is resolved once.
            if i18n.merged.contains_key(code) {
                continue;
            }
            let strings = i18n.resolve(code, &english);
            i18n.words.insert(code.clone(), Words::new(code, &strings));
            i18n.merged.insert(code.clone(), strings);
        }
        Ok(i18n)
    }

    /// `code`'s strings: its own tables over its base language's (`pt` for `pt-BR`),
    /// over the site's default language's, over English.
    fn resolve(&self, code: &str, english: &Table) -> Strings {
        let mut out = english.clone();
        let mut layers: Vec<String> = chain(&self.default);
        layers.reverse();
        let mut own_chain = chain(code);
        own_chain.reverse();
        layers.extend(own_chain);
        for layer in layers {
            if let Some(t) = self.own.get(&layer) {
                table::merge(&mut out, t);
            }
        }
        out
    }

    /// The strings of `code`, every key there; a language not loaded gets the default
    /// language's.
    pub fn strings(&self, code: &str) -> &Strings {
        self.merged
            .get(code)
            .or_else(|| self.merged.get(&self.default))
            .or_else(|| self.merged.get(FALLBACK))
            .unwrap_or_else(|| empty())
    }

    /// The words of `code`'s stage views, chosen as [`I18n::strings`] chooses.
    pub fn words(&self, code: &str) -> &Words {
        static NONE: std::sync::OnceLock<Words> = std::sync::OnceLock::new();
        (self.words.get(code))
            .or_else(|| self.words.get(&self.default))
            .or_else(|| self.words.get(FALLBACK))
            .unwrap_or_else(|| NONE.get_or_init(Words::default))
    }

    /// The keys of the theme's English table that a language's own tables (the theme's
    /// and the site's, its base language's included) leave out, by language.
    pub fn missing(&self) -> Vec<(String, String)> {
        let mut out = Vec::new();
        for code in self.merged.keys().filter(|c| c.as_str() != FALLBACK) {
            let chain = chain(code);
            for key in table::keys(&self.reference) {
                let found = chain
                    .iter()
                    .any(|c| self.own.get(c).is_some_and(|t| table::has(t, &key)));
                if !found {
                    out.push((code.clone(), key));
                }
            }
        }
        out
    }
}

fn empty() -> &'static Strings {
    static EMPTY: std::sync::OnceLock<Strings> = std::sync::OnceLock::new();
    EMPTY.get_or_init(Strings::new)
}

/// `code` and the languages it falls back to before the site's default: `pt-BR` ->
/// `pt-BR`, `pt`.
fn chain(code: &str) -> Vec<String> {
    let mut out = vec![code.to_string()];
    let mut current = code;
    while let Some(at) = current.rfind(['-', '_']) {
        current = &current[..at];
        out.push(current.to_string());
    }
    out
}

impl ThemeTables {
    fn read(&self, root: &Path, code: &str) -> Result<Option<Table>, Diagnostic> {
        match self {
            ThemeTables::Embedded => Ok(embedded_table(code)),
            ThemeTables::Folder(dir) => read_file(root, &dir.join(format!("{code}.toml"))),
        }
    }
}

/// The embedded default theme's table of `code`, if it ships one. Its tables are
/// tested (see the tests), so one that does not read is a bug of roadsmith.
///
/// Each is parsed once per process and cloned after: a build asks for English up to
/// five times (the fallback, the reference, the site's languages, `strings.js`), and
/// a site with a copy of the default theme reads files of the very same bytes
/// ([`read_file`]); parsing the TOML was a sixth of a small build (callgrind).
pub(crate) fn embedded_table(code: &str) -> Option<Table> {
    static PARSED: Mutex<BTreeMap<String, Option<Table>>> = Mutex::new(BTreeMap::new());
    let mut parsed = PARSED
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner);
    (parsed.entry(code.to_string()))
        .or_insert_with(|| {
            let text = embedded_text(code)?;
            let shown = format!("{EMBEDDED_LABEL}/i18n/{code}.toml");
            table::parse(text, &shown).ok()
        })
        .clone()
}

/// The text of the embedded default theme's table of `code`.
fn embedded_text(code: &str) -> Option<&'static str> {
    let file = crate::theme::embedded_files("i18n")
        .into_iter()
        .find(|f| f.path == format!("{code}.toml"))?;
    std::str::from_utf8(file.contents).ok()
}

/// The table in `path`, if there is one. A file with the bytes of the embedded
/// theme's table of the same name (a copy of the default theme) is not parsed again.
fn read_file(root: &Path, path: &Path) -> Result<Option<Table>, Diagnostic> {
    let shown = crate::paths::relative(root, path);
    let text = match std::fs::read_to_string(path) {
        Ok(text) => text,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
        Err(e) => return Err(Diagnostic::io(&shown, "read the string table", &e)),
    };
    let code = path.file_stem().and_then(|s| s.to_str());
    if let Some(code) = code.filter(|c| embedded_text(c) == Some(text.as_str()))
        && let Some(table) = embedded_table(code)
    {
        return Ok(Some(table));
    }
    table::parse(&text, &shown.to_string_lossy()).map(Some)
}

#[cfg(test)]
mod tests;
