//! The reader's search, in a real headless Chromium, on roadmaps whose language is not
//! English: French found without its accents (`donnees` finds "Données"), Japanese
//! found inside sentences that have no spaces, Arabic with or without harakat; and the
//! words found highlighted as the roadmap writes them.
#![cfg(feature = "serve")]

mod common;

use serde_json::{Value, json};

use common::chromium;
use common::tab::Tab;

/// A site in `language` (its `site.toml`'s) with `stages`, each a title and its items
/// (topics), built from strings in a temporary folder.
fn site(language: &str, stages: &[(&str, &[&str])]) -> tempfile::TempDir {
    let dir = common::site_without_stages();
    let toml = dir.path().join("site.toml");
    let config = std::fs::read_to_string(&toml).unwrap();
    std::fs::write(&toml, format!("{config}language = \"{language}\"\n")).unwrap();
    for (i, (title, items)) in stages.iter().enumerate() {
        let list: String = items.iter().map(|t| format!("- {t}\n")).collect();
        let page = format!(
            "+++\ntitle = \"{title}\"\nstage = {i}\nduration = \"1 week\"\nslug = \"s{i}\"\n+++\n## Topics\n\n{list}"
        );
        std::fs::write(dir.path().join(format!("content/{i:02}.md")), page).unwrap();
    }
    dir
}

/// Types `query` in the overview's search: each result shown as `[href, title, the
/// title's highlighted parts]`.
async fn search(tab: &Tab, query: &str) -> Value {
    tab.open("").await;
    tab.type_search(query).await;
    tab.js(
        "return Array.from(document.querySelectorAll('#search-results a.search-result')).map(function (a) {
           var title = a.querySelector('.search-title');
           return [a.getAttribute('href'), title.textContent,
             Array.from(title.querySelectorAll('mark')).map(function (m) { return m.textContent; })];
         })",
    )
    .await
}

/// The first result of each query: `[href, title, highlighted]`.
async fn first_results(tab: &Tab, cases: &[(&str, Value)]) {
    for (query, want) in cases {
        let got = search(tab, query).await;
        assert_eq!(&got[0], want, "{query:?}: {got}");
    }
}

#[tokio::test(flavor = "current_thread")]
async fn french_is_found_without_its_accents() {
    if !chromium::available() {
        return;
    }
    let site = site(
        "fr",
        &[
            ("Les bases", &["Installer Python"]),
            (
                "Données et modèles",
                &["Créer un modèle", "Requêtes et agrégations"],
            ),
            ("Straße", &["Un café à Paris"]),
        ],
    );
    let (tab, _server, _site) = Tab::on_site(site).await;
    let stage = |title: &str, marks: &[&str]| json!(["/stages/s1/", title, marks]);
    first_results(
        &tab,
        &[
            ("donnees", stage("Données et modèles", &["Données"])),
            ("DONNÉES", stage("Données et modèles", &["Données"])),
            (
                "données modeles",
                stage("Données et modèles", &["Données", "modèles"]),
            ),
            (
                "requetes agregations",
                json!([
                    "/stages/s1/#topics",
                    "Requêtes et agrégations",
                    ["Requêtes", "agrégations"]
                ]),
            ),
            ("strasse", json!(["/stages/s2/", "Straße", ["Straße"]])),
            (
                "cafe a",
                json!(["/stages/s2/#topics", "Un café à Paris", ["café", "à", "a"]]),
            ),
        ],
    )
    .await;
    assert_eq!(search(&tab, "donnes").await, json!([]));
    tab.close().await;
}

#[tokio::test(flavor = "current_thread")]
async fn japanese_is_found_inside_sentences() {
    if !chromium::available() {
        return;
    }
    let site = site(
        "ja",
        &[
            ("データベースの基本", &["テーブルを設計して正規化する"]),
            (
                "ウェブ開発入門",
                &["Pythonでサーバーを書く", "ＤＢに接続する"],
            ),
        ],
    );
    let (tab, _server, _site) = Tab::on_site(site).await;
    let item = |stage: usize, title: &str, marks: &[&str]| {
        json!([format!("/stages/s{stage}/#topics"), title, marks])
    };
    first_results(
        &tab,
        &[
            ("設計", item(0, "テーブルを設計して正規化する", &["設計"])),
            (
                "正規化",
                item(0, "テーブルを設計して正規化する", &["正規化"]),
            ),
            ("書", item(1, "Pythonでサーバーを書く", &["書"])),
            ("onでサ", item(1, "Pythonでサーバーを書く", &["onでサ"])),
            ("db", item(1, "ＤＢに接続する", &["ＤＢ"])),
            ("入門", json!(["/stages/s1/", "ウェブ開発入門", ["入門"]])),
        ],
    )
    .await;
    // Katakana is not hiragana.
    assert_eq!(search(&tab, "てーぶる").await, json!([]));
    tab.close().await;
}

#[tokio::test(flavor = "current_thread")]
async fn arabic_is_found_with_or_without_harakat() {
    if !chromium::available() {
        return;
    }
    let site = site(
        "ar",
        &[
            ("مقدمة", &["تثبيت الأدوات"]),
            ("قواعد البيانات", &["كِتَابَةُ الاستعلامات", "كتابة النماذج"]),
        ],
    );
    let (tab, _server, _site) = Tab::on_site(site).await;
    let item = |title: &str, marks: &[&str]| json!(["/stages/s1/#topics", title, marks]);
    first_results(
        &tab,
        &[
            // The harakat are highlighted with their letters.
            (
                "كتابة الاستعلامات",
                item("كِتَابَةُ الاستعلامات", &["كِتَابَةُ", "الاستعلامات"]),
            ),
            (
                "كِتَابَة النماذج",
                item("كتابة النماذج", &["كتابة", "النماذج"]),
            ),
            (
                "البيانات",
                json!(["/stages/s1/", "قواعد البيانات", ["البيانات"]]),
            ),
        ],
    )
    .await;
    tab.close().await;
}
