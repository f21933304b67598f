//! Build-time code highlighting: the stylesheets for the syntect themes `site.toml` names.
//! (comrak's syntect adapter writes the token classes; see `markdown.rs`.)

/// Class prefix of highlighted tokens, so theme CSS cannot clash with them.
pub const HIGHLIGHT_PREFIX: &str = "hl-";

/// The highlight stylesheet for one syntect theme, `None` when the name is unknown.
pub fn highlight_css(theme: &str) -> Option<String> {
    use syntect::html::{ClassStyle, css_for_theme_with_class_style};
    let theme = themes().themes.get(theme)?;
    css_for_theme_with_class_style(
        theme,
        ClassStyle::SpacedPrefixed {
            prefix: HIGHLIGHT_PREFIX,
        },
    )
    .ok()
}

/// Names of the built-in highlight themes, for error hints.
pub fn highlight_theme_names() -> Vec<String> {
    let mut names: Vec<String> = themes().themes.keys().cloned().collect();
    names.sort();
    names
}

/// syntect's built-in themes, loaded once per process.
fn themes() -> &'static syntect::highlighting::ThemeSet {
    static THEMES: std::sync::OnceLock<syntect::highlighting::ThemeSet> =
        std::sync::OnceLock::new();
    THEMES.get_or_init(syntect::highlighting::ThemeSet::load_defaults)
}
