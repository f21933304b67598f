//! A real headless Chromium for tests of what readers see: Debian's `chromium`, driven
//! through `chromedriver` with fantoccini, started with the flags this machine needs
//! and a fresh profile, and axe-core (from `npm ci --prefix tests/browser`) to run in
//! its pages. Without /usr/bin/chromium a browser test is skipped loudly, except under
//! CI, where a missing browser is a failure.

use std::path::Path;
use std::process::Child;
use std::time::{Duration, Instant};

use fantoccini::{Client, ClientBuilder};
use serde_json::{Value, json};

pub const CHROMIUM: &str = "/usr/bin/chromium";
/// How long a test waits for what a page should do by itself.
pub const WAIT: Duration = Duration::from_secs(10);

/// Whether browser tests can run here; says so loudly when they cannot.
pub fn available() -> bool {
    if Path::new(CHROMIUM).exists() {
        return true;
    }
    if std::env::var_os("CI").is_some() {
        panic!("{CHROMIUM} is missing under CI: apt-get install -y chromium chromium-driver");
    }
    eprintln!("\n!!!!! SKIPPED: {CHROMIUM} is not installed; browser tests did not run !!!!!\n");
    false
}

/// axe-core's source, to inject into pages; `None` (said loudly) when not installed.
pub fn axe_source() -> Option<String> {
    let path = super::repo().join("tests/browser/node_modules/axe-core/axe.min.js");
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

/// How to start the browser, beyond what every test needs.
#[derive(Default)]
pub struct Launch<'a> {
    /// More command-line flags, e.g. `--force-dark-mode`.
    pub args: &'a [&'a str],
    /// Where downloads land (without a prompt).
    pub downloads: Option<&'a Path>,
    /// More of Chromium's preferences, e.g. `{"profile.default_content_setting_values.cookies": 2}`
    /// (site data blocked: `localStorage` throws).
    pub prefs: Option<Value>,
}

/// A browser session; the browser and its driver go when it is dropped, also when a
/// test panics before closing it.
pub struct Chromium {
    pub client: Client,
    driver: Child,
    /// Where chromedriver listens, and the session: ended on drop, which quits the
    /// browser (killing chromedriver alone would leave Chromium running).
    port: u16,
    session: Option<String>,
    _profile: tempfile::TempDir,
}

impl Drop for Chromium {
    fn drop(&mut self) {
        if let Some(session) = &self.session {
            // Fails harmlessly when the test closed the session already.
            let agent: ureq::Agent = ureq::Agent::config_builder()
                .proxy(None)
                .http_status_as_error(false)
                .timeout_global(Some(Duration::from_secs(20)))
                .build()
                .into();
            let _ = agent
                .delete(format!("http://127.0.0.1:{}/session/{session}", self.port))
                .call();
        }
        let _ = self.driver.kill();
        let _ = self.driver.wait();
    }
}

/// Starts chromedriver and a headless Chromium with a fresh profile, 1200x900, motion
/// reduced (WebDriver clicks need elements in place, and the theme scrolls smoothly).
pub async fn launch(options: Launch<'_>) -> Chromium {
    let (driver, port) = super::start_chromedriver();
    let profile = tempfile::tempdir().unwrap();
    let mut args: Vec<String> = [
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--window-size=1200,900",
        "--force-prefers-reduced-motion",
    ]
    .iter()
    .chain(options.args)
    .map(|a| a.to_string())
    .collect();
    args.push(format!("--user-data-dir={}", profile.path().display()));
    let mut chrome = json!({ "binary": CHROMIUM, "args": args, "prefs": {} });
    if let Some(dir) = options.downloads {
        chrome["prefs"]["download.default_directory"] = json!(dir.to_str().unwrap());
        chrome["prefs"]["download.prompt_for_download"] = json!(false);
    }
    if let Some(Value::Object(prefs)) = options.prefs {
        for (k, v) in prefs {
            chrome["prefs"][k] = v;
        }
    }
    let mut caps = serde_json::Map::new();
    caps.insert("goog:chromeOptions".into(), chrome);
    // What pages write to the console and their uncaught errors, for Chromium::console.
    caps.insert("goog:loggingPrefs".into(), json!({ "browser": "ALL" }));
    caps.insert(
        "timeouts".into(),
        json!({"script": 30000, "pageLoad": 10000, "implicit": 0}),
    );
    let client = ClientBuilder::new(hyper_util::client::legacy::connect::HttpConnector::new())
        .capabilities(caps)
        .connect(&format!("http://127.0.0.1:{port}"))
        .await
        .expect("a WebDriver session with Chromium");
    let session = client.session_id().await.ok().flatten();
    Chromium {
        client,
        driver,
        port,
        session,
        _profile: profile,
    }
}

impl Chromium {
    pub async fn js(&self, script: &str) -> Result<Value, String> {
        self.client
            .execute(script, vec![])
            .await
            .map_err(|e| e.to_string())
    }

    /// The first element `css` selects, waiting for it up to [`WAIT`]; panics naming it.
    pub async fn wait_for(&self, css: &str) -> fantoccini::elements::Element {
        self.client
            .wait()
            .at_most(WAIT)
            .for_element(fantoccini::Locator::Css(css))
            .await
            .unwrap_or_else(|e| panic!("{css} did not appear: {e}"))
    }

    /// Polls `script` until it returns `want`; the last value seen when it never does.
    /// A script that throws is polled again too: between two documents (a reload the
    /// page does itself) it finds neither.
    pub async fn until(&self, script: &str, want: &Value) -> Result<(), Value> {
        let deadline = Instant::now() + WAIT;
        loop {
            let got = self.js(script).await.unwrap_or_else(Value::String);
            if &got == want {
                return Ok(());
            }
            if Instant::now() > deadline {
                return Err(got);
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
    }

    /// The console's entries since the last call (errors, uncaught exceptions, failed
    /// requests, `console.*`), each as `{level, source, message}`.
    pub async fn console(&self) -> Vec<Value> {
        let got = self.client.issue_cmd(BrowserLog).await;
        got.ok()
            .and_then(|v| v.as_array().cloned())
            .unwrap_or_default()
    }

    /// axe-core's violations on the page open now, the whole page: each as `{id,
    /// impact, help, nodes}`, a node as its selector and what fails.
    pub async fn axe(&self, source: &str) -> Result<Vec<Value>, String> {
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

/// ChromeDriver's log of the browser's console (not in the W3C standard, which
/// fantoccini follows).
#[derive(Debug)]
struct BrowserLog;

impl fantoccini::wd::WebDriverCompatibleCommand for BrowserLog {
    fn endpoint(
        &self,
        base_url: &url::Url,
        session_id: Option<&str>,
    ) -> Result<url::Url, url::ParseError> {
        base_url.join(&format!(
            "session/{}/se/log",
            session_id.unwrap_or_default()
        ))
    }

    fn method_and_body(&self, _: &url::Url) -> (http::Method, Option<String>) {
        (
            http::Method::POST,
            Some(json!({ "type": "browser" }).to_string()),
        )
    }
}
