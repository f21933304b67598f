//! The default theme's colours: the highlight stylesheets of every accepted syntect
//! theme are readable on the code background they are shown on (WCAG AA), and, in a
//! real headless Chromium (Debian's `chromium` and `chromium-driver`), the palette
//! follows the system's scheme and the theme toggle, and axe-core finds nothing on the
//! rich fixture's pages in either scheme, with several highlight themes.
//!
//! A small harness of its own (a loopback file server, chromedriver, fantoccini).
//! Without /usr/bin/chromium the browser test is skipped loudly, except under CI, where
//! a missing browser is a failure. axe-core comes from `npm ci --prefix tests/browser`.

use std::io::{BufRead, BufReader, Write};
use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use fantoccini::{Client, ClientBuilder, Locator};
use roadsmith::highlight::{Scheme, highlight_css, highlight_theme_names};
use serde_json::{Value, json};

const AA: f64 = 4.5;

fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

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

fn css_rgb(c: Rgb) -> Value {
    json!(format!("rgb({}, {}, {})", c[0], c[1], c[2]))
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
    let css = std::fs::read_to_string(repo().join("themes/default/static/style.css")).unwrap();
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

const CHROMIUM: &str = "/usr/bin/chromium";
const WAIT: Duration = Duration::from_secs(10);

fn browser_available() -> bool {
    if Path::new(CHROMIUM).exists() {
        return true;
    }
    if std::env::var_os("CI").is_some() {
        panic!("{CHROMIUM} is missing under CI: apt-get install -y chromium chromium-driver");
    }
    eprintln!("\n!!!!! SKIPPED: {CHROMIUM} is not installed; browser tests did not run !!!!!\n");
    false
}

fn axe_source() -> Option<String> {
    let path = repo().join("tests/browser/node_modules/axe-core/axe.min.js");
    match std::fs::read_to_string(&path) {
        Ok(s) => Some(s),
        Err(_) if std::env::var_os("CI").is_some() => panic!(
            "{} is missing under CI: run npm ci --prefix tests/browser",
            path.display()
        ),
        Err(_) => {
            eprintln!(
                "\n!!!!! SKIPPED axe checks: run `npm ci --prefix tests/browser` to install axe-core !!!!!\n"
            );
            None
        }
    }
}

fn copy_dir(from: &Path, to: &Path) {
    for entry in walkdir::WalkDir::new(from) {
        let entry = entry.unwrap();
        let target = to.join(entry.path().strip_prefix(from).unwrap());
        if entry.file_type().is_dir() {
            std::fs::create_dir_all(&target).unwrap();
        } else {
            std::fs::copy(entry.path(), &target).unwrap();
        }
    }
}

/// The rich fixture built with a pair of highlight themes, served on loopback.
struct Site {
    base: String,
    light: String,
    dark: String,
    public: PathBuf,
    _dir: tempfile::TempDir,
}

impl Site {
    fn build(light: &str, dark: &str) -> Site {
        let dir = tempfile::tempdir().unwrap();
        copy_dir(&repo().join("tests/fixtures/rich"), dir.path());
        copy_dir(&repo().join("themes"), &dir.path().join("themes"));
        let toml = dir.path().join("site.toml");
        let mut config = std::fs::read_to_string(&toml).unwrap();
        assert!(config.contains("[markdown]") && !config.contains("highlight_theme"));
        config.push_str(&format!(
            "highlight_theme = {light:?}\nhighlight_theme_dark = {dark:?}\n"
        ));
        std::fs::write(&toml, config).unwrap();

        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let base = format!(
            "http://127.0.0.1:{}/",
            listener.local_addr().unwrap().port()
        );
        let out = Command::new(env!("CARGO_BIN_EXE_roadsmith"))
            .args(["build", "--root"])
            .arg(dir.path())
            .args(["--base-url", &base])
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        let public = dir.path().join("public");
        let root = public.clone();
        std::thread::spawn(move || {
            for stream in listener.incoming().flatten() {
                let _ = respond(stream, &root);
            }
        });
        Site {
            base,
            light: light.into(),
            dark: dark.into(),
            public,
            _dir: dir,
        }
    }

    /// The colour a lone `.hl-comment` token has in the site's stylesheet for `scheme`.
    fn comment_colour(&self, scheme: Scheme) -> Rgb {
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

/// One request per connection, `Connection: close`: enough for a test.
fn respond(mut stream: TcpStream, dir: &Path) -> std::io::Result<()> {
    stream.set_read_timeout(Some(Duration::from_secs(5)))?;
    let mut reader = BufReader::new(stream.try_clone()?);
    let mut line = String::new();
    reader.read_line(&mut line)?;
    loop {
        let mut header = String::new();
        if reader.read_line(&mut header)? == 0 || header == "\r\n" {
            break;
        }
    }
    let path = line.split_whitespace().nth(1).unwrap_or("/");
    let path = path.split(['?', '#']).next().unwrap_or("/");
    let mut file = dir.join(path.trim_start_matches('/'));
    if path.contains("..") {
        file = dir.join("404.html");
    } else if file.is_dir() {
        file = file.join("index.html");
    }
    let (status, body) = match std::fs::read(&file) {
        Ok(b) => ("200 OK", b),
        Err(_) => {
            file = dir.join("404.html");
            ("404 Not Found", std::fs::read(&file).unwrap_or_default())
        }
    };
    let kind = match file.extension().and_then(|e| e.to_str()) {
        Some("html") => "text/html; charset=utf-8",
        Some("css") => "text/css",
        Some("js") => "text/javascript",
        Some("json") => "application/json",
        Some("svg") => "image/svg+xml",
        _ => "application/octet-stream",
    };
    write!(
        stream,
        "HTTP/1.1 {status}\r\nContent-Type: {kind}\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
        body.len()
    )?;
    stream.write_all(&body)
}

struct Browser {
    client: Client,
    driver: Child,
    _profile: tempfile::TempDir,
}

impl Drop for Browser {
    fn drop(&mut self) {
        let _ = self.driver.kill();
        let _ = self.driver.wait();
    }
}

/// Chromium whose system colour scheme is `scheme`.
async fn browser(scheme: Scheme) -> Browser {
    let port = TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let driver = Command::new("chromedriver")
        .arg(format!("--port={port}"))
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("chromedriver is installed (apt-get install -y chromium-driver)");
    let deadline = Instant::now() + Duration::from_secs(20);
    while TcpStream::connect(("127.0.0.1", port)).is_err() {
        assert!(Instant::now() < deadline, "chromedriver did not listen");
        std::thread::sleep(Duration::from_millis(50));
    }
    let profile = tempfile::tempdir().unwrap();
    let system_scheme = match scheme {
        Scheme::Light => "--blink-settings=preferredColorScheme=1",
        Scheme::Dark => "--force-dark-mode",
    };
    let mut caps = serde_json::Map::new();
    caps.insert(
        "goog:chromeOptions".into(),
        json!({
            "binary": CHROMIUM,
            "args": [
                "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--window-size=1200,900", "--force-prefers-reduced-motion", system_scheme,
                format!("--user-data-dir={}", profile.path().display()),
            ],
        }),
    );
    caps.insert(
        "timeouts".into(),
        json!({"script": 30000, "pageLoad": 10000, "implicit": 0}),
    );
    let client = ClientBuilder::new(hyper_util::client::legacy::connect::HttpConnector::new())
        .capabilities(caps)
        .connect(&format!("http://127.0.0.1:{port}"))
        .await
        .expect("a WebDriver session with Chromium");
    Browser {
        client,
        driver,
        _profile: profile,
    }
}

impl Browser {
    async fn open(&self, url: &str) -> Result<(), String> {
        self.client.goto(url).await.map_err(|e| e.to_string())?;
        // The script has run once its header tools are in.
        self.client
            .wait()
            .at_most(WAIT)
            .for_element(Locator::Css(".reader-tools .theme-toggle"))
            .await
            .map(|_| ())
            .map_err(|e| format!("{url}: no theme toggle: {e}"))
    }

    async fn js(&self, script: &str) -> Result<Value, String> {
        self.client
            .execute(script, vec![])
            .await
            .map_err(|e| e.to_string())
    }

    /// Polls until `script` returns `want`; the last value seen otherwise.
    async fn until(&self, script: &str, want: &Value) -> Result<(), Value> {
        let deadline = Instant::now() + WAIT;
        loop {
            let got = self.js(script).await.map_err(Value::String)?;
            if &got == want {
                return Ok(());
            }
            if Instant::now() > deadline {
                return Err(got);
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
    }

    async fn axe(&self, source: &str, url: &str) -> Result<Vec<Value>, String> {
        self.open(url).await?;
        self.client
            .execute(
                "var s = document.createElement('script'); s.textContent = arguments[0]; document.head.appendChild(s); return true;",
                vec![Value::String(source.to_string())],
            )
            .await
            .map_err(|e| e.to_string())?;
        let result = self
            .client
            .execute_async(
                "var done = arguments[arguments.length - 1];
                 axe.run(document, {resultTypes: ['violations']})
                   .then(function (r) { done(r.violations.map(function (v) {
                     return {id: v.id, impact: v.impact, help: v.help,
                             nodes: v.nodes.map(function (n) {
                               return n.target.join(' ') + ': ' + n.failureSummary; })};
                   })); })
                   .catch(function (e) { done([{id: 'axe-error', help: String(e)}]); });",
                vec![],
            )
            .await
            .map_err(|e| e.to_string())?;
        Ok(result.as_array().cloned().unwrap_or_default())
    }
}

#[tokio::test(flavor = "current_thread")]
async fn colours_in_a_real_browser() {
    if !browser_available() {
        return;
    }
    let axe = axe_source();
    let sites = [
        // The defaults, then other accepted themes, one pair the wrong way round.
        Site::build("InspiredGitHub", "base16-ocean.dark"),
        Site::build("Solarized (light)", "Solarized (dark)"),
        Site::build("base16-ocean.light", "base16-eighties.dark"),
        Site::build("base16-mocha.dark", "InspiredGitHub"),
    ];
    let mut failures = Vec::new();
    for scheme in Scheme::ALL {
        let b = browser(scheme).await;
        let outcome = in_scheme(&b, scheme, &sites, axe.as_deref()).await;
        let _ = b.client.clone().close().await;
        drop(b);
        if let Err(e) = outcome {
            failures.push(format!("system scheme {scheme:?}: {e}"));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}

async fn in_scheme(
    b: &Browser,
    scheme: Scheme,
    sites: &[Site],
    axe: Option<&str>,
) -> Result<(), String> {
    let default = &sites[0];
    b.open(&default.base).await?;
    let dark = b
        .js("return matchMedia('(prefers-color-scheme: dark)').matches")
        .await?;
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
            b.js("localStorage.clear(); return true").await?;
            let violations = b.axe(axe, &url).await?;
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
    b: &Browser,
    system: Scheme,
    site: &Site,
) -> Result<(), String> {
    let other = match system {
        Scheme::Light => Scheme::Dark,
        Scheme::Dark => Scheme::Light,
    };
    b.js("localStorage.clear(); return true").await?;
    b.open(&format!("{}stages/languages/", site.base)).await?;
    // A lone token, so that only its own rule colours it.
    b.js("var pre = document.createElement('pre'); var code = document.createElement('code');
          var span = document.createElement('span'); span.id = 'probe'; span.className = 'hl-comment';
          span.textContent = '// probe'; code.appendChild(span); pre.appendChild(code);
          document.querySelector('.prose').appendChild(pre); return true")
        .await?;
    assert_ne!(
        site.comment_colour(Scheme::Light),
        site.comment_colour(Scheme::Dark),
        "the probe must tell the stylesheets apart"
    );
    for (choice, shown) in [(None, system), (Some(other), other), (Some(system), system)] {
        if choice.is_some() {
            b.client
                .find(Locator::Css(".theme-toggle"))
                .await
                .map_err(|e| e.to_string())?
                .click()
                .await
                .map_err(|e| e.to_string())?;
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
            b.until(script, &want).await.map_err(|got| {
                format!("system {system:?}, choice {choice:?}: {script}: {got}, expected {want}")
            })?;
        }
    }
    b.js("localStorage.clear(); return true").await?;
    Ok(())
}
