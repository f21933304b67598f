//! The default theme's colours: the highlight stylesheets of every accepted syntect
//! theme are readable on the code background they are shown on (WCAG AA), and, in a
//! real headless Chromium (Debian's `chromium` and `chromium-driver`), the palette
//! follows the system's scheme and the theme toggle, and axe-core finds nothing on the
//! rich fixture's pages in either scheme, with several highlight themes.
//!
//! Without /usr/bin/chromium the browser test is skipped loudly, except under CI, where
//! a missing browser is a failure. axe-core comes from `npm ci --prefix tests/browser`.

mod common;

use common::default_theme_css;
use roadsmith::highlight::{Scheme, highlight_css, highlight_theme_names};

const AA: f64 = 4.5;

// ---------- Colours, measured independently of src/highlight.rs ----------

type Rgb = [u8; 3];

fn hex(s: &str) -> Rgb {
    let s = s.trim().trim_start_matches('#');
    assert!(s.len() == 6, "expected #rrggbb, got #{s}");
    std::array::from_fn(|i| u8::from_str_radix(&s[2 * i..2 * i + 2], 16).unwrap())
}

fn luminance(c: Rgb) -> f64 {
    let lin = |v: u8| {
        let v = f64::from(v) / 255.0;
        if v <= 0.04045 {
            v / 12.92
        } else {
            ((v + 0.055) / 1.055).powf(2.4)
        }
    };
    0.2126 * lin(c[0]) + 0.7152 * lin(c[1]) + 0.0722 * lin(c[2])
}

fn contrast(a: Rgb, b: Rgb) -> f64 {
    let (x, y) = (luminance(a), luminance(b));
    (x.max(y) + 0.05) / (x.min(y) + 0.05)
}

/// `(light, dark)` of a `--name: light-dark(#light, #dark);` token in style.css.
fn palette_token(css: &str, name: &str) -> (Rgb, Rgb) {
    let start = css
        .find(&format!("{name}: light-dark("))
        .unwrap_or_else(|| panic!("style.css has no {name}: light-dark(...)"));
    let rest = &css[start + name.len() + ": light-dark(".len()..];
    let args = &rest[..rest.find(')').unwrap()];
    let (light, dark) = args.split_once(',').unwrap();
    (hex(light), hex(dark))
}

/// What code is really shown on and with in `scheme`: `pre` takes --bg-code and --text
/// from the site theme (the highlight stylesheet's own background is not used).
fn code_colours(scheme: Scheme) -> (Rgb, Rgb) {
    let css = default_theme_css("style.css");
    assert!(
        css.contains("pre {") && css.contains("background: var(--bg-code);"),
        "pre's background is --bg-code"
    );
    let pick = |(l, d): (Rgb, Rgb)| if scheme == Scheme::Light { l } else { d };
    (
        pick(palette_token(&css, "--bg-code")),
        pick(palette_token(&css, "--text")),
    )
}

/// A generated stylesheet's rules: (selectors, color, background-color).
fn rules(css: &str) -> Vec<(String, Option<Rgb>, Option<Rgb>)> {
    let css = match css.find("*/") {
        Some(end) if css.starts_with("/*") => &css[end + 2..],
        _ => css,
    };
    css.split('}')
        .filter_map(|block| block.split_once('{'))
        .map(|(selectors, body)| {
            let decl = |name: &str| {
                body.split(';')
                    .filter_map(|d| d.split_once(':'))
                    .find(|(k, _)| k.trim() == name)
                    .map(|(_, v)| hex(v))
            };
            (
                selectors.trim().to_string(),
                decl("color"),
                decl("background-color"),
            )
        })
        .collect()
}

/// Every colour of every accepted theme, in the scheme it is shown in, on what it is
/// shown on: token colours on the code background, and every colour of the sheet (a
/// token may hold any other) on each token background.
#[test]
fn every_highlight_theme_is_readable_in_both_schemes() {
    let names = highlight_theme_names();
    assert!(names.len() >= 7, "{names:?}");
    let mut failures = Vec::new();
    for name in &names {
        for scheme in Scheme::ALL {
            let (base, text) = code_colours(scheme);
            let css = highlight_css(name, scheme).unwrap();
            let rules = rules(&css);
            let inks: Vec<Rgb> = std::iter::once(text)
                .chain(rules.iter().filter_map(|r| r.1))
                .collect();
            assert!(inks.len() > 10, "{name}: too few colours parsed");
            for (selectors, fg, bg) in &rules {
                if let Some(fg) = fg {
                    let ratio = contrast(*fg, base);
                    if ratio < AA {
                        failures.push(format!("{name} {scheme:?}: {selectors} {ratio:.2}"));
                    }
                }
                if let Some(bg) = bg {
                    let worst = inks
                        .iter()
                        .map(|&ink| contrast(ink, *bg))
                        .fold(21.0, f64::min);
                    if worst < AA {
                        failures.push(format!(
                            "{name} {scheme:?}: background of {selectors} {worst:.2}"
                        ));
                    }
                }
            }
        }
    }
    assert!(
        failures.is_empty(),
        "{} colours below {AA}:1:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

/// src/highlight.rs makes the sheets for the default theme's code background and text.
#[test]
fn the_highlighter_knows_the_themes_code_colours() {
    for scheme in Scheme::ALL {
        assert_eq!(
            (scheme.code_background(), scheme.text()),
            code_colours(scheme),
            "{scheme:?}"
        );
    }
}

/// A theme that already passes keeps its colours.
#[test]
fn readable_colours_are_kept() {
    let css = highlight_css("base16-ocean.dark", Scheme::Dark).unwrap();
    // base16-ocean.dark's strings (#a3be8c) reach 8:1 on the dark code background.
    assert!(css.contains("color: #a3be8c;"), "{css}");
}

// ---------- The browser ----------

#[cfg(feature = "serve")]
mod browser {
    use super::*;
    use common::chromium::{self, Launch};
    use common::tab::Tab;
    use serde_json::{Value, json};
    use std::path::PathBuf;

    fn css_rgb(c: Rgb) -> Value {
        json!(format!("rgb({}, {}, {})", c[0], c[1], c[2]))
    }

    /// The rich fixture built with a pair of highlight themes, served on loopback.
    pub struct Site {
        pub base: String,
        pub light: String,
        pub dark: String,
        public: PathBuf,
        _server: common::http::Served,
        _dir: tempfile::TempDir,
    }

    impl Site {
        pub fn build(light: &str, dark: &str) -> Site {
            let dir = common::site(&["rich"]);
            let toml = dir.path().join("site.toml");
            let mut config = std::fs::read_to_string(&toml).unwrap();
            assert!(config.contains("[markdown]") && !config.contains("highlight_theme"));
            config.push_str(&format!(
                "highlight_theme = {light:?}\nhighlight_theme_dark = {dark:?}\n"
            ));
            std::fs::write(&toml, config).unwrap();
            // Served from the start: the site is built for the server's port.
            let public = dir.path().join("public");
            let server = common::http::build_and_serve(dir.path());
            let base = server.base();
            Site {
                base,
                light: light.into(),
                dark: dark.into(),
                public,
                _server: server,
                _dir: dir,
            }
        }

        /// The colour a lone `.hl-comment` token has in the site's stylesheet for `scheme`.
        pub fn comment_colour(&self, scheme: Scheme) -> Rgb {
            let file = match scheme {
                Scheme::Light => "highlight-light.css",
                Scheme::Dark => "highlight-dark.css",
            };
            let css = std::fs::read_to_string(self.public.join(file)).unwrap();
            rules(&css)
                .into_iter()
                .find(|(selectors, fg, _)| {
                    fg.is_some() && selectors.split(',').any(|s| s.trim() == ".hl-comment")
                })
                .and_then(|r| r.1)
                .unwrap_or_else(|| panic!("{file} colours no .hl-comment"))
        }
    }

    /// Chromium whose system colour scheme is `scheme`, on the site at `base`.
    pub async fn browser(scheme: Scheme, base: &str) -> Tab {
        let system_scheme = match scheme {
            Scheme::Light => "--blink-settings=preferredColorScheme=1",
            Scheme::Dark => "--force-dark-mode",
        };
        Tab::launch(
            base,
            Launch {
                args: &[system_scheme],
                ..Launch::default()
            },
        )
        .await
    }

    /// axe-core's violations on the page at `url`.
    async fn axe_on(b: &Tab, source: &str, url: &str) -> Vec<Value> {
        b.open_url(url).await;
        b.axe(source).await
    }

    #[tokio::test(flavor = "current_thread")]
    async fn colours_in_a_real_browser() {
        if !chromium::available() {
            return;
        }
        let axe = chromium::axe_source();
        let sites = [
            // The defaults, then other accepted themes, one pair the wrong way round.
            Site::build("InspiredGitHub", "base16-ocean.dark"),
            Site::build("Solarized (light)", "Solarized (dark)"),
            Site::build("base16-ocean.light", "base16-eighties.dark"),
            Site::build("base16-mocha.dark", "InspiredGitHub"),
        ];
        let mut failures = Vec::new();
        for scheme in Scheme::ALL {
            let b = browser(scheme, &sites[0].base).await;
            let outcome = in_scheme(&b, scheme, &sites, axe.as_deref()).await;
            b.close().await;
            if let Err(e) = outcome {
                failures.push(format!("system scheme {scheme:?}: {e}"));
            }
        }
        assert!(failures.is_empty(), "{}", failures.join("\n\n"));
    }

    async fn in_scheme(
        b: &Tab,
        scheme: Scheme,
        sites: &[Site],
        axe: Option<&str>,
    ) -> Result<(), String> {
        let default = &sites[0];
        b.open("").await;
        let dark = b
            .js("return matchMedia('(prefers-color-scheme: dark)').matches")
            .await;
        if dark != json!(scheme == Scheme::Dark) {
            return Err(format!("the browser's scheme was not set: dark = {dark}"));
        }
        the_palette_follows_the_system_and_the_toggle(b, scheme, default).await?;

        let Some(axe) = axe else { return Ok(()) };
        let mut report = Vec::new();
        let mut runs = 0;
        for site in sites {
            let pages: &[&str] = if std::ptr::eq(site, default) {
                &[
                    "",
                    "stages/basics/",
                    "stages/languages/",
                    "stages/data/",
                    "stages/markup/",
                    "stages/wrap-up/",
                    "extras/",
                    "print/",
                    "no-such-page/",
                ]
            } else {
                // The stages with code: Rust, Python, JS; SQL, TOML, bash, HTML, CSS, Go.
                &["stages/languages/", "stages/data/"]
            };
            for page in pages {
                let url = format!("{}{page}", site.base);
                b.js("localStorage.clear(); return true").await;
                let violations = axe_on(b, axe, &url).await;
                runs += 1;
                if !violations.is_empty() {
                    report.push(format!(
                        "{} / {} /{page}: {}",
                        site.light,
                        site.dark,
                        serde_json::to_string_pretty(&violations).unwrap()
                    ));
                }
            }
        }
        eprintln!(
            "axe, system scheme {scheme:?}: {runs} pages, {} with violations",
            report.len()
        );
        if report.is_empty() {
            Ok(())
        } else {
            Err(format!("axe-core violations:\n{}", report.join("\n")))
        }
    }

    /// No choice: the system's scheme; the toggle's first click: the other one; the second
    /// click: back to the system's, now as a choice. Page, code block and highlight
    /// stylesheet each time.
    async fn the_palette_follows_the_system_and_the_toggle(
        b: &Tab,
        system: Scheme,
        site: &Site,
    ) -> Result<(), String> {
        let other = match system {
            Scheme::Light => Scheme::Dark,
            Scheme::Dark => Scheme::Light,
        };
        b.js("localStorage.clear(); return true").await;
        b.open_url(&format!("{}stages/languages/", site.base)).await;
        // A lone token, so that only its own rule colours it.
        b.js("var pre = document.createElement('pre'); var code = document.createElement('code');
          var span = document.createElement('span'); span.id = 'probe'; span.className = 'hl-comment';
          span.textContent = '// probe'; code.appendChild(span); pre.appendChild(code);
          document.querySelector('.prose').appendChild(pre); return true")
        .await;
        assert_ne!(
            site.comment_colour(Scheme::Light),
            site.comment_colour(Scheme::Dark),
            "the probe must tell the stylesheets apart"
        );
        for (choice, shown) in [(None, system), (Some(other), other), (Some(system), system)] {
            if choice.is_some() {
                b.click(".theme-toggle").await;
            }
            let want_attr = match choice {
                None => Value::Null,
                Some(Scheme::Light) => json!("light"),
                Some(Scheme::Dark) => json!("dark"),
            };
            let (page_bg, text, code_bg) = match shown {
                Scheme::Light => ("#ffffff", "#1b1f23", "#f6f8fa"),
                Scheme::Dark => ("#0f1416", "#e3e8e6", "#1a2226"),
            };
            let checks = [
                (
                    "return document.documentElement.getAttribute('data-theme')",
                    want_attr,
                ),
                (
                    "return getComputedStyle(document.body).backgroundColor",
                    css_rgb(hex(page_bg)),
                ),
                (
                    "return getComputedStyle(document.body).color",
                    css_rgb(hex(text)),
                ),
                (
                    "return getComputedStyle(document.querySelector('pre.syntax-highlighting')).backgroundColor",
                    css_rgb(hex(code_bg)),
                ),
                (
                    "return getComputedStyle(document.getElementById('probe')).color",
                    css_rgb(site.comment_colour(shown)),
                ),
            ];
            for (script, want) in checks {
                b.poll(script, &want).await.map_err(|got| {
                    format!(
                        "system {system:?}, choice {choice:?}: {script}: {got}, expected {want}"
                    )
                })?;
            }
        }
        b.js("localStorage.clear(); return true").await;
        Ok(())
    }
}
