//! The default theme, embedded in the binary so an installed roadsmith works anywhere.
//!
//! `themes/default/` of this repository is the source; a site uses the embedded copy
//! unless it has a `themes/<theme>/` folder of its own, which always wins.

use std::path::Path;

use include_dir::{Dir, include_dir};

/// The folder of a site that holds its themes, one folder each.
pub const THEMES_DIR: &str = "themes";

/// The theme a site gets when its `site.toml` names none.
pub const DEFAULT_THEME: &str = "default";

static EMBEDDED_DEFAULT: Dir<'static> = include_dir!("$CARGO_MANIFEST_DIR/themes/default");

/// How errors name a file of the embedded theme (it has no path on disk).
pub const EMBEDDED_LABEL: &str = "(built-in default theme)";

/// A file of the embedded default theme: its path below the theme folder and its bytes.
pub struct EmbeddedFile {
    /// `/`-separated, e.g. `templates/base.html` or `static/style.css`.
    pub path: String,
    pub contents: &'static [u8],
}

/// Whether `theme` comes from the binary: the default theme, when the site has no
/// `themes/default/` folder of its own.
pub fn use_embedded(root: &Path, theme: &str) -> bool {
    theme == DEFAULT_THEME && !root.join(THEMES_DIR).join(theme).is_dir()
}

/// Every file of the embedded default theme below `sub` (`"templates"`, `"static"`),
/// with paths relative to `sub`, sorted.
pub fn embedded_files(sub: &str) -> Vec<EmbeddedFile> {
    let mut out = Vec::new();
    if let Some(dir) = EMBEDDED_DEFAULT.get_dir(sub) {
        collect(dir, Path::new(sub), &mut out);
    }
    out.sort_by(|a, b| a.path.cmp(&b.path));
    out
}

fn collect(dir: &Dir<'static>, prefix: &Path, out: &mut Vec<EmbeddedFile>) {
    for file in dir.files() {
        let rel = file.path().strip_prefix(prefix).unwrap_or(file.path());
        let name = rel
            .file_name()
            .map(|n| n.to_string_lossy())
            .unwrap_or_default();
        if crate::paths::is_ignored_name(&name) {
            continue;
        }
        out.push(EmbeddedFile {
            path: crate::url::path_of_file(rel),
            contents: file.contents(),
        });
    }
    for sub in dir.dirs() {
        collect(sub, prefix, out);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_default_theme_is_embedded() {
        let templates: Vec<String> = embedded_files("templates")
            .into_iter()
            .map(|f| f.path)
            .collect();
        for name in crate::templates::REQUIRED {
            assert!(
                templates.iter().any(|t| t == name),
                "{name} in {templates:?}"
            );
        }
        assert!(
            embedded_files("static")
                .iter()
                .any(|f| f.path.starts_with("style.css.d/"))
        );
    }
}
