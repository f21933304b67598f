//! Build-time code highlighting: the stylesheets for the syntect themes `site.toml` names.
//! (comrak's syntect adapter writes the token classes; see `markdown.rs`.)
//!
//! A syntect theme's token colours were chosen for the theme's own background, but the
//! page shows code on the site theme's code background (`pre { background:
//! var(--bg-code) }` in style.css; the adapter emits no `.hl-code` element), and many
//! of syntect's themes fall short of WCAG AA even on their own. So each stylesheet is
//! made for the scheme it is shown in: every token colour is darkened (light scheme) or
//! lightened (dark scheme) just until it reaches [`MIN_CONTRAST`] against the code
//! background, and a token background is drawn towards the code background until every
//! colour of the sheet is readable on it. Any accepted theme passes by construction.

use syntect::highlighting::{Color, Theme};

/// Class prefix of highlighted tokens, so theme CSS cannot clash with them.
pub const HIGHLIGHT_PREFIX: &str = "hl-";

/// WCAG 2 AA for normal text (code is never "large text").
pub const MIN_CONTRAST: f64 = 4.5;

/// The colour scheme a highlight stylesheet is shown in: `highlight_theme` is shown in
/// the light one (highlight-light.css), `highlight_theme_dark` in the dark one.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Scheme {
    Light,
    Dark,
}

impl Scheme {
    pub const ALL: [Scheme; 2] = [Scheme::Light, Scheme::Dark];

    /// The default theme's code background in this scheme: `--bg-code` in
    /// themes/default/static/style.css (tests/theme.rs checks they agree).
    pub fn code_background(self) -> [u8; 3] {
        match self {
            Scheme::Light => [0xf6, 0xf8, 0xfa],
            Scheme::Dark => [0x1a, 0x22, 0x26],
        }
    }

    /// The default theme's text colour (`--text`), which untokenised code inherits.
    pub fn text(self) -> [u8; 3] {
        match self {
            Scheme::Light => [0x1b, 0x1f, 0x23],
            Scheme::Dark => [0xe3, 0xe8, 0xe6],
        }
    }
}

/// The highlight stylesheet for one syntect theme shown in `scheme`, `None` when the
/// name is unknown.
pub fn highlight_css(theme: &str, scheme: Scheme) -> Option<String> {
    use syntect::html::{ClassStyle, css_for_theme_with_class_style};
    let mut theme = themes().themes.get(theme)?.clone();
    make_readable(&mut theme, scheme);
    css_for_theme_with_class_style(
        &theme,
        ClassStyle::SpacedPrefixed {
            prefix: HIGHLIGHT_PREFIX,
        },
    )
    .ok()
}

/// Whether `name` is one of the built-in highlight themes.
pub fn is_highlight_theme(name: &str) -> bool {
    themes().themes.contains_key(name)
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

/// Adjusts `theme`'s colours for the code background of `scheme` (see the module doc).
/// Colours come out opaque: syntect's CSS writer drops alpha, so a translucent colour
/// is first laid over the background it is seen on.
fn make_readable(theme: &mut Theme, scheme: Scheme) {
    let base = scheme.code_background();
    let text = scheme.text();
    // `.hl-code`, unused by the markup, says what code really sits on.
    theme.settings.foreground = Some(color(text));
    theme.settings.background = Some(color(base));

    let mut inks = vec![text];
    for item in &mut theme.scopes {
        if let Some(fg) = item.style.foreground {
            let fg = legible(over(fg, base), base);
            item.style.foreground = Some(color(fg));
            inks.push(fg);
        }
    }
    // A token background may hold any token (nesting is up to the syntax), so every
    // colour of the sheet must be readable on it.
    for item in &mut theme.scopes {
        if let Some(bg) = item.style.background {
            let bg = toward(over(bg, base), base, |c| {
                inks.iter().all(|&ink| contrast(ink, c) >= MIN_CONTRAST)
            });
            item.style.background = Some(color(bg));
        }
    }
}

/// `fg` darkened or lightened (towards whichever of black and white contrasts more with
/// `bg`) by the smallest step that makes it readable on `bg`.
fn legible(fg: [u8; 3], bg: [u8; 3]) -> [u8; 3] {
    let target = if contrast([0; 3], bg) >= contrast([255; 3], bg) {
        [0; 3]
    } else {
        [255; 3]
    };
    toward(fg, target, |c| contrast(c, bg) >= MIN_CONTRAST)
}

/// The first colour on the way from `from` to `to` (in 256 steps) that `ok` accepts;
/// `to` itself when none before it does.
fn toward(from: [u8; 3], to: [u8; 3], ok: impl Fn([u8; 3]) -> bool) -> [u8; 3] {
    (0..=255u16)
        .map(|step| mix(from, to, f64::from(step) / 255.0))
        .find(|&c| ok(c))
        .unwrap_or(to)
}

fn mix(a: [u8; 3], b: [u8; 3], t: f64) -> [u8; 3] {
    std::array::from_fn(|i| (f64::from(a[i]) * (1.0 - t) + f64::from(b[i]) * t).round() as u8)
}

/// `c` laid over the opaque `bg` by its alpha.
fn over(c: Color, bg: [u8; 3]) -> [u8; 3] {
    mix([c.r, c.g, c.b], bg, 1.0 - f64::from(c.a) / 255.0)
}

fn color([r, g, b]: [u8; 3]) -> Color {
    Color { r, g, b, a: 0xff }
}

/// WCAG 2 contrast ratio of two opaque sRGB colours, from 1 to 21.
pub fn contrast(a: [u8; 3], b: [u8; 3]) -> f64 {
    let (la, lb) = (luminance(a), luminance(b));
    (la.max(lb) + 0.05) / (la.min(lb) + 0.05)
}

fn luminance(c: [u8; 3]) -> f64 {
    let channel = |v: u8| {
        let v = f64::from(v) / 255.0;
        if v <= 0.04045 {
            v / 12.92
        } else {
            ((v + 0.055) / 1.055).powf(2.4)
        }
    };
    0.2126 * channel(c[0]) + 0.7152 * channel(c[1]) + 0.0722 * channel(c[2])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn contrast_of_known_pairs() {
        assert!((contrast([0; 3], [255; 3]) - 21.0).abs() < 1e-9);
        assert!((contrast([0x77; 3], [255; 3]) - 4.48).abs() < 0.01);
    }

    #[test]
    fn a_readable_colour_is_kept_and_a_faint_one_moves_only_as_far_as_needed() {
        let bg = Scheme::Light.code_background();
        assert_eq!(legible([0x1b, 0x1f, 0x23], bg), [0x1b, 0x1f, 0x23]);
        let fixed = legible([0x00, 0x86, 0xb3], bg);
        assert!(contrast(fixed, bg) >= MIN_CONTRAST);
        // No further than needed: one of 255 steps moves the ratio by far less than 0.1.
        assert!(contrast(fixed, bg) < MIN_CONTRAST + 0.1);
        // Darkened, not another hue: blue stays the strongest channel.
        assert!(fixed[2] > fixed[1] && fixed[1] > fixed[0], "{fixed:?}");
    }

    #[test]
    fn translucent_colours_are_laid_over_their_background() {
        let c = Color {
            r: 255,
            g: 255,
            b: 255,
            a: 0,
        };
        assert_eq!(over(c, [10, 20, 30]), [10, 20, 30]);
    }
}
