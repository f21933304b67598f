//! What `check` says of a site's languages: translations older than their source, and
//! keys a language's string tables lack. Both are warnings that fail the check only
//! with `--strict`: readers still get a page, in the original or the fallback language.

use std::path::Path;

use super::{Finding, Severity, plural};
use crate::error::Diagnostic;
use crate::site::Site;

/// A translation whose source changed since it was made: a warning that fails the
/// check only with `--strict`.
pub(super) fn stale_translations(site: &Site) -> Vec<Finding> {
    use crate::content::translation::staleness::{self, State};
    (site.translations.files.iter())
        .filter_map(|t| match staleness::state(&site.content, t.of, Some(t)) {
            State::Stale(changed) => {
                let source = &site.content.source(t.of).path;
                let what = if changed.is_empty() {
                    String::new()
                } else {
                    format!(" (changed: {})", changed.join(", "))
                };
                Some(Finding {
                    severity: Severity::Unverified,
                    diagnostic: Diagnostic::new(
                        &t.source.path,
                        format!("the translation is older than {}{what}", source.display()),
                    )
                    .with_hint(format!(
                        "bring it up to date, then run: roadsmith translations --accept {}",
                        t.source.path.display()
                    )),
                })
            }
            _ => None,
        })
        .collect()
}

/// The keys of the theme's English table that a language's tables lack, one warning
/// per language, on the site's table for it (where the author can add them).
pub(super) fn untranslated(site: &Site) -> Vec<Finding> {
    let mut by_language: Vec<(String, Vec<String>)> = Vec::new();
    for (code, key) in site.i18n.missing() {
        match by_language.last_mut() {
            Some((c, keys)) if *c == code => keys.push(key),
            _ => by_language.push((code, vec![key])),
        }
    }
    let fallback = &site.config.language;
    by_language
        .into_iter()
        .map(|(code, keys)| {
            let file = Path::new(crate::i18n::SITE_I18N_DIR).join(format!("{code}.toml"));
            let message = format!(
                "{} missing in \"{code}\" (shown in {}): {}",
                plural(keys.len(), "string table key"),
                if code == *fallback { "English".to_string() } else { format!("\"{fallback}\", else English") },
                keys.join(", ")
            );
            Finding {
                severity: Severity::Unverified,
                diagnostic: Diagnostic::new(file, message).with_hint(format!(
                    "add them to i18n/{code}.toml (over the theme's table) or to the theme's i18n/{code}.toml; `check --strict` fails on them"
                )),
            }
        })
        .collect()
}
