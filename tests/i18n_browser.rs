//! The scripts in the page's language, in a real headless Chromium: on a French site
//! (tests/fixtures/tracks with `language = "fr"`) the progress panel, the item
//! controls, the theme button and the plan's status speak French, with plural forms
//! by `Intl.PluralRules` (French takes 0 and 1 as "one") and dates by
//! `Intl.DateTimeFormat`.
#![cfg(feature = "serve")]

mod common;

use serde_json::json;

use common::chromium;
use common::plan_page::PlanPage;
use common::tab::Tab;

#[tokio::test(flavor = "current_thread")]
async fn a_french_site_s_scripts_speak_french() {
    if !chromium::available() {
        return;
    }
    let site = common::site(&["tracks"]);
    let toml = site.path().join("site.toml");
    let text = std::fs::read_to_string(&toml).unwrap();
    std::fs::write(&toml, format!("language = \"fr\"\n{text}")).unwrap();
    let (b, _server, _site) = Tab::on_site(site).await;

    // A stage page: the progress panel and each item's controls.
    b.open("stages/setup/").await;
    b.until(
        "the progress panel",
        "return !!document.querySelector('[data-progress-stage] .progress-note')",
    )
    .await;
    let note = b.text("[data-progress-stage] .progress-note").await;
    assert!(
        note.starts_with("Votre progression dans cette étape : 0 sur "),
        "{note}"
    );
    assert_eq!(
        b.js("return [document.querySelector('.item-status option').textContent, document.querySelector('.note-toggle').firstChild.textContent]").await,
        json!(["À faire", "Note"])
    );
    let theme = b.text(".theme-toggle").await;
    assert!(theme == "Thème sombre" || theme == "Thème clair", "{theme}");

    // Plural forms by Intl.PluralRules("fr"): 0 and 1 are "one", 2 is "other".
    assert_eq!(
        b.js("var t = window.roadsmithKit.t; return [t('count_stages', {n: 0}), t('count_stages', {n: 1}), t('count_stages', {n: 2}), t('count_stages', {n: 1234})]").await,
        json!(["0 étape", "1 étape", "2 étapes", "1\u{202f}234 étapes"])
    );

    // The plan's status: a plan that started a day ago, with nothing done.
    b.open("").await;
    let start = b
        .js("var t = new Date(); return new Date(Date.UTC(t.getFullYear(), t.getMonth(), t.getDate()) - 864e5).toISOString().slice(0, 10)")
        .await;
    b.plan(start.as_str().unwrap(), "10", "longest").await;
    b.until_is(
        "the standing",
        "return document.querySelector('.plan-status').getAttribute('data-standing')",
        json!("behind"),
    )
    .await;
    let status = b.text(".plan-status").await;
    assert!(
        status.starts_with("1 jour de retard. Le plan se termine le "),
        "{status}"
    );
    // French dates: "le 3 févr. 2027", a month in French.
    let months = [
        "janv.", "févr.", "mars", "avr.", "mai", "juin", "juil.", "août", "sept.", "oct.", "nov.",
        "déc.",
    ];
    assert!(months.iter().any(|m| status.contains(m)), "{status}");
    assert_eq!(b.text("[data-plan-toggle]").await, "Modifier");
    assert!(b.errors().await.is_empty(), "{:?}", b.errors().await);
    b.close().await;
}
