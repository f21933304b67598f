//! What the browser tests of the dated study plan do on its pages, beside what any
//! reader does (tests/common/tab.rs), the Rust schedule they hold plan.js against, and
//! the browser on tests/fixtures/rich they start with.
#![cfg(feature = "serve")]

use std::path::Path;

use fantoccini::key::Key;
use roadsmith::reader::plan::{Date, Electives, Pace, Plan, schedule};
use serde_json::{Value, json};

use super::chromium::Launch;
use super::tab::Tab;

/// What these tests do on the plan's pages, beside what any reader does.
pub trait PlanPage {
    async fn card_dates(&self) -> Value;
    async fn open_plan(&self);
    async fn plan(&self, start: &str, hours: &str, pace: &str);
    async fn take_download(&self, name: &str) -> String;
}

impl PlanPage for Tab {
    /// Each stage card's (slug, first day, last day) as plan.js wrote them.
    async fn card_dates(&self) -> Value {
        self.js("return Array.from(document.querySelectorAll('.stage-card [data-plan-dates]')).map(function (n) { return [n.getAttribute('data-plan-dates'), n.getAttribute('data-first-day'), n.getAttribute('data-last-day')]; })").await
    }

    /// Opens the overview's form ("Plan my dates", or "Change" once there is a plan)
    /// when it is closed, as a reader does.
    async fn open_plan(&self) {
        let toggle = self.wait_for("[data-plan-toggle]").await;
        if self
            .js("return document.getElementById('plan-panel').hidden")
            .await
            == json!(true)
        {
            toggle.click().await.unwrap();
        }
        self.wait_for("#plan-panel:not([hidden])").await;
    }

    /// Opens the overview's form, fills it and sends it with the Enter key.
    async fn plan(&self, start: &str, hours: &str, pace: &str) {
        self.open_plan().await;
        self.js(&format!(
            "document.getElementById('plan-start').value = '{start}'; document.getElementById('plan-pace-{pace}').click(); return true"
        ))
        .await;
        let input = self.wait_for("#plan-hours").await;
        input.clear().await.unwrap();
        input.send_keys(hours).await.unwrap();
        input.send_keys(&Key::Enter.to_string()).await.unwrap();
    }

    /// The download `name`, taken away: the calendar is downloaded again under the
    /// same name.
    async fn take_download(&self, name: &str) -> String {
        let file = self.download(name).await;
        let text = std::fs::read_to_string(&file).unwrap();
        std::fs::remove_file(&file).unwrap();
        text
    }
}

/// The Rust schedule of the same plan: (slug, first day, last day) per stage; null days
/// for an optional stage the plan leaves out.
pub fn expected(root: &Path, start: &str, hours: f64, pace: Pace) -> Value {
    let roadmap = roadsmith::site::export::roadmap(root).unwrap();
    let plan = Plan {
        start: Date::parse(start).unwrap(),
        hours_per_week: hours,
        pace,
        electives: Electives::None,
    };
    let dated = schedule(&roadmap, &plan).unwrap();
    json!(
        roadmap
            .stages
            .iter()
            .zip(dated)
            .map(|(s, d)| match d {
                Some(d) => json!([
                    s.slug,
                    d.start.to_string(),
                    d.end.add_days(-1).unwrap().to_string()
                ]),
                None => json!([s.slug, null, null]),
            })
            .collect::<Vec<_>>()
    )
}

/// A browser on tests/fixtures/rich, with its server and the site (its folder the
/// one `export ics` reads).
pub async fn start() -> (Tab, super::http::Served, tempfile::TempDir) {
    let site = super::site(&["rich"]);
    let server = super::http::serve_dir(&site.path().join("public"));
    let base = server.base();
    // The site's own base_url is the server's, so `export ics` names the same URLs.
    let toml = site.path().join("site.toml");
    let text = std::fs::read_to_string(&toml).unwrap();
    std::fs::write(&toml, text.replace("https://example.com/rich/", &base)).unwrap();
    let out = super::build(site.path(), &[]);
    assert!(out.status.success(), "{}", super::stderr(&out));
    let tab = Tab::launch(&base, Launch::default()).await;
    (tab, server, site)
}
