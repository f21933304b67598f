//! A translated roadmap (tests/fixtures/translated) in a real headless Chromium: the
//! language menu leads to the same stage in another language, progress ticked in one
//! language shows in the others, and axe-core finds nothing on the pages of each
//! language (Arabic right to left, Japanese without spaces, an untranslated stage).
#![cfg(feature = "serve")]

mod common;

use serde_json::json;

use common::chromium;
use common::progress::Items;
use common::tab::Tab;

#[tokio::test(flavor = "current_thread")]
async fn the_menu_leads_to_the_same_stage_and_progress_follows() {
    if !chromium::available() {
        return;
    }
    let (tab, _server, _site) = Tab::on_site(common::site(&["translated"])).await;
    tab.open("stages/basics/").await;
    tab.status("Joins: inner, left, full", "done").await;
    tab.status("Write a query that counts orders", "doing")
        .await;
    // The menu's French entry is this stage in French.
    let href = tab
        .js("return document.querySelector('.language-menu a[hreflang=fr]').getAttribute('href');")
        .await;
    let href = href.as_str().unwrap().to_string();
    assert!(href.ends_with("/fr/stages/basics/"), "{href}");
    tab.open(&href[href.find("fr/").unwrap()..]).await;
    assert_eq!(
        tab.js("return document.documentElement.lang;").await,
        json!("fr")
    );
    assert_eq!(
        tab.item_state("Jointures : interne, gauche, complète")
            .await["status"],
        json!("done")
    );
    assert_eq!(
        tab.item_state("Écrire une requête qui compte").await["status"],
        json!("doing")
    );
    // A status set in French shows in Japanese and in English.
    tab.status("Agrégats avec", "done").await;
    tab.open("ja/stages/basics/").await;
    assert_eq!(
        tab.item_state("GROUP BYによる集計").await["status"],
        json!("done")
    );
    tab.open("stages/basics/").await;
    assert_eq!(
        tab.item_state("Aggregates with").await["status"],
        json!("done")
    );
    // The untranslated Arabic stage is the English one, with its items' progress.
    tab.open("ar/stages/pipelines/").await;
    assert_eq!(
        tab.js("return document.documentElement.dir;").await,
        json!("rtl")
    );
    tab.status("Batch and streaming", "done").await;
    tab.open("stages/pipelines/").await;
    assert_eq!(
        tab.item_state("Batch and streaming").await["status"],
        json!("done")
    );
    assert!(tab.errors().await.is_empty(), "{:?}", tab.errors().await);
    tab.close().await;
}

#[tokio::test(flavor = "current_thread")]
async fn every_language_passes_axe() {
    if !chromium::available() {
        return;
    }
    let (tab, _server, _site) = Tab::on_site(common::site(&["translated"])).await;
    for lang in ["", "fr/", "ar/", "ja/"] {
        for page in [
            "",
            "stages/basics/",
            "stages/models/",
            "stages/pipelines/",
            "glossary/",
        ] {
            tab.open(&format!("{lang}{page}")).await;
            tab.assert_axe(&format!("/{lang}{page}")).await;
            // The menu opens and lists every language.
            let names = tab
                .js("var d = document.querySelector('.language-menu'); d.open = true; return Array.from(d.querySelectorAll('a')).map(function (a) { return a.textContent; });")
                .await;
            assert_eq!(
                names,
                json!(["English", "العربية", "Français", "日本語"]),
                "/{lang}{page}"
            );
        }
    }
    tab.close().await;
}

/// Types `query` in the search of the overview at `lang` (`""`, `fr/`...): the URLs and
/// titles of the results.
async fn search(tab: &Tab, lang: &str, query: &str) -> serde_json::Value {
    tab.open(lang).await;
    tab.type_search(query).await;
    tab.js(
        "return Array.from(document.querySelectorAll('#search-results a.search-result')).map(function (a) {
           return [new URL(a.href).pathname, a.querySelector('.search-title').textContent];
         })",
    )
    .await
}

#[tokio::test(flavor = "current_thread")]
async fn each_language_searches_its_own_pages() {
    if !chromium::available() {
        return;
    }
    let (tab, _server, _site) = Tab::on_site(common::site(&["translated"])).await;
    // French without its accents finds the French stage, on French pages.
    let fr = search(&tab, "fr/", "modeles donnees").await;
    assert_eq!(
        fr[0],
        json!(["/fr/stages/models/", "Modèles de données"]),
        "{fr}"
    );
    // Japanese inside a sentence without spaces.
    let ja = search(&tab, "ja/", "結合").await;
    assert!(
        ja.as_array()
            .unwrap()
            .iter()
            .any(|r| r[0] == "/ja/stages/basics/"),
        "{ja}"
    );
    // The English search does not find the French words, nor the French the English.
    assert_eq!(search(&tab, "", "jointures").await, json!([]));
    assert_eq!(search(&tab, "fr/", "surrogate").await, json!([]));
    // An untranslated stage is found in the language's search by its original words.
    let ar = search(&tab, "ar/", "pipelines").await;
    assert!(
        ar.as_array()
            .unwrap()
            .iter()
            .any(|r| r[0] == "/ar/stages/pipelines/"),
        "{ar}"
    );
    tab.close().await;
}
