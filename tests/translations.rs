//! Translations (tests/fixtures/translated: English with French, Arabic and Japanese):
//! each language's pages under its folder with `lang`, `dir` and alternates, a page in
//! every language for every stage (the original with a notice where untranslated),
//! staleness after a source edit and after `--accept`, the items' ids shared across
//! languages, and the mistakes a translator can make, each an error with its file and
//! line.

mod common;

use std::path::Path;

use common::{between, build, read, roadsmith, stderr, stdout};

fn translated() -> tempfile::TempDir {
    common::site(&["translated"])
}

fn built() -> tempfile::TempDir {
    let site = translated();
    let out = build(site.path(), &[]);
    assert!(out.status.success(), "{}", stderr(&out));
    site
}

fn page(site: &Path, rel: &str) -> String {
    read(site, &format!("public/{rel}"))
}

fn ids(html: &str) -> Vec<String> {
    html.split("data-item-id=\"")
        .skip(1)
        .map(|s| s[..s.find('"').unwrap()].to_string())
        .collect()
}

#[test]
fn every_language_has_every_page_with_its_lang_and_alternates() {
    let site = built();
    for (prefix, lang) in [("", "en"), ("fr/", "fr"), ("ar/", "ar"), ("ja/", "ja")] {
        for rel in [
            "index.html",
            "stages/basics/index.html",
            "stages/models/index.html",
            "stages/pipelines/index.html",
            "glossary/index.html",
            "print/index.html",
            "404.html",
        ] {
            let html = page(site.path(), &format!("{prefix}{rel}"));
            let open = between(&html, "<html", ">");
            assert!(
                open.contains(&format!("lang=\"{lang}\"")),
                "{prefix}{rel}: {open}"
            );
            if rel == "404.html" {
                continue;
            }
            let path = rel.trim_end_matches("index.html");
            for (other, code) in [("", "en"), ("fr/", "fr"), ("ar/", "ar"), ("ja/", "ja")] {
                let link = format!(
                    "<link rel=\"alternate\" hreflang=\"{code}\" href=\"https://example.com/data/{other}{path}\">"
                );
                assert!(html.contains(&link), "{prefix}{rel} lacks {link}");
                let menu = format!("href=\"/data/{other}{path}\" hreflang=\"{code}\"");
                assert!(html.contains(&menu), "{prefix}{rel}: the menu lacks {menu}");
            }
            let default = format!(
                "<link rel=\"alternate\" hreflang=\"x-default\" href=\"https://example.com/data/{path}\">"
            );
            assert!(html.contains(&default), "{prefix}{rel} lacks x-default");
        }
        // Shared files come from the root, the language's own from its folder.
        let overview = page(site.path(), &format!("{prefix}index.html"));
        assert!(overview.contains("href=\"/data/style.css\""));
        assert!(overview.contains(&format!("href=\"/data/{prefix}manifest.webmanifest\"")));
        assert!(overview.contains(&format!(
            "data-base=\"/data/{prefix}\" data-root=\"/data/\""
        )));
        for file in [
            "roadmap.json",
            "checklist.md",
            "search/meta.json",
            "manifest.webmanifest",
        ] {
            assert!(
                site.path().join("public").join(prefix).join(file).is_file(),
                "{prefix}{file}"
            );
        }
    }
    // Files every language shares are written once, at the root.
    assert!(!site.path().join("public/fr/style.css").exists());
    assert!(!site.path().join("public/fr/sitemap.xml").exists());
}

#[test]
fn pages_show_the_translation_or_the_original_with_a_notice() {
    let site = built();
    let fr = page(site.path(), "fr/stages/basics/index.html");
    assert!(fr.contains("Les bases du SQL &lt;et&gt; les « jointures »"));
    assert!(fr.contains("Écrire une requête"));
    // A heading's link is labelled in the page's language.
    assert!(
        fr.contains("<h2 id=\"sujets\">Sujets<a href=\"#sujets\" aria-label=\"Lien vers la section « Sujets »\" class=\"anchor\"></a></h2>"),
        "{fr}"
    );
    assert!(
        !fr.contains("translation-notice"),
        "a current translation has no notice"
    );
    let ar = page(site.path(), "ar/stages/pipelines/index.html");
    assert!(ar.contains("translation-notice"), "untranslated: a notice");
    assert!(
        ar.contains("Pipelines move data"),
        "untranslated: the original's text"
    );
    assert!(
        ar.contains("<article class=\"stage\" aria-labelledby=\"page-title\" lang=\"en\">"),
        "the original's text is marked as English"
    );
    let stale = page(site.path(), "fr/stages/models/index.html");
    assert!(stale.contains("translation-stale"));
    assert!(stale.contains("href=\"/data/stages/models/\" hreflang=\"en\">"));
    let overview = page(site.path(), "fr/index.html");
    assert!(
        overview.contains("2 étapes sur 3 traduites"),
        "{}",
        between(&overview, "<main", "</section>")
    );
    let ja = page(site.path(), "ja/index.html");
    assert!(ja.contains("<title>データ学習ロードマップ</title>"));
}

#[test]
fn items_keep_their_ids_across_languages() {
    let site = built();
    let en = ids(&page(site.path(), "stages/basics/index.html"));
    assert_eq!(en.len(), 5);
    for lang in ["fr", "ar", "ja"] {
        let theirs = ids(&page(
            site.path(),
            &format!("{lang}/stages/basics/index.html"),
        ));
        assert_eq!(theirs, en, "{lang}");
    }
    // The Japanese models stage has one topic more than the English one: the first
    // three take the English ids, the fourth its own.
    let en = ids(&page(site.path(), "stages/models/index.html"));
    let ja = ids(&page(site.path(), "ja/stages/models/index.html"));
    assert_eq!(ja.len(), en.len() + 1);
    assert_eq!(ja[..3], en[..3]);
    assert!(!en.contains(&ja[3]));
    assert_eq!(ja[4], en[3]);
    let report = stdout(&roadsmith(&[
        "translations",
        "--root",
        site.path().to_str().unwrap(),
    ]));
    assert!(
        report.contains("structure: \"トピック\" has 4 items here and 3 in the source")
            || report.contains("structure: \"Topics\" has 4 items here and 3 in the source"),
        "{report}"
    );
}

#[test]
fn the_sitemap_and_manifests_know_every_language() {
    let site = built();
    let sitemap = page(site.path(), "sitemap.xml");
    assert!(sitemap.contains("xmlns:xhtml=\"http://www.w3.org/1999/xhtml\""));
    assert!(sitemap.contains("<loc>https://example.com/data/fr/stages/basics/</loc>"));
    assert!(sitemap.contains(
        "<xhtml:link rel=\"alternate\" hreflang=\"ja\" href=\"https://example.com/data/ja/stages/basics/\"/>"
    ));
    assert_eq!(
        sitemap.matches("<url>").count(),
        4 * 5,
        "five pages in four languages"
    );
    let manifest: serde_json::Value =
        serde_json::from_str(&page(site.path(), "fr/manifest.webmanifest")).unwrap();
    assert_eq!(manifest["lang"], "fr");
    assert!(
        manifest["name"]
            .as_str()
            .unwrap()
            .starts_with("Feuille de route")
    );
    assert_eq!(manifest["icons"][0]["src"], "../icon-192.png");
    // A site in one language writes what it wrote before: no alternates, no menu.
    let single = common::site(&["rich"]);
    assert!(build(single.path(), &[]).status.success());
    let html = read(single.path(), "public/index.html");
    assert!(!html.contains("hreflang") && !html.contains("language-menu"));
    assert!(!read(single.path(), "public/sitemap.xml").contains("xhtml"));
}

#[test]
fn a_source_edit_makes_its_translations_stale_until_accepted() {
    let site = translated();
    let root = site.path().to_str().unwrap();
    let report = || stdout(&roadsmith(&["translations", "--root", root]));
    assert!(
        report().contains("current     content/01-basics.fr.md"),
        "{}",
        report()
    );
    // One section of the source changes: the French translation says which.
    let source = site.path().join("content/01-basics.md");
    let text = std::fs::read_to_string(&source).unwrap();
    let edited = text.replace("keep customers without orders", "keep every customer");
    std::fs::write(&source, edited).unwrap();
    let now = report();
    assert!(
        now.contains("stale       content/01-basics.fr.md  (changed: Exercises)"),
        "{now}"
    );
    assert!(now.contains("unrecorded  content/01-basics.ar.md"), "{now}");
    assert!(build(site.path(), &[]).status.success());
    let fr = read(site.path(), "public/fr/stages/basics/index.html");
    assert!(fr.contains("translation-stale") && fr.contains("(Exercises)"));
    // check warns, and fails only with --strict.
    let check = roadsmith(&["check", "--root", root]);
    assert!(check.status.success(), "{}", stderr(&check));
    assert!(stderr(&check).contains("warning: content/01-basics.fr.md: the translation is older than content/01-basics.md (changed: Exercises)"));
    assert!(
        !roadsmith(&["check", "--root", root, "--strict"])
            .status
            .success()
    );
    // Accepted: current again, the notice gone.
    let out = roadsmith(&[
        "translations",
        "--root",
        root,
        "--accept",
        "content/01-basics.fr.md",
    ]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(report().contains("current     content/01-basics.fr.md"));
    assert!(build(site.path(), &[]).status.success());
    let fr = read(site.path(), "public/fr/stages/basics/index.html");
    assert!(!fr.contains("translation-notice"));
    let translation = read(site.path(), "content/01-basics.fr.md");
    assert_eq!(translation.matches("source = ").count(), 1);
    assert!(translation.contains("title = \"Les bases du SQL <et> les « jointures »\""));
}

/// Writes `text` into `rel` of a copy of the fixture, builds it, and returns the
/// build's error output, which must fail.
fn fails_with(files: &[(&str, &str)]) -> (String, tempfile::TempDir) {
    let site = translated();
    assert!(build(site.path(), &[]).status.success());
    let before = common::snapshot(&site.path().join("public"));
    for (rel, text) in files {
        std::fs::write(site.path().join(rel), text).unwrap();
    }
    let out = build(site.path(), &[]);
    assert!(!out.status.success(), "the build should fail");
    assert_eq!(
        common::snapshot(&site.path().join("public")),
        before,
        "a failed build leaves public/ as it was"
    );
    (stderr(&out), site)
}

#[test]
fn a_translation_cannot_change_what_comes_from_its_source() {
    let (err, _site) = fails_with(&[(
        "content/02-models.ja.md",
        "+++\ntitle = \"データモデル\"\nduration = \"3 weeks\"\n+++\n本文\n",
    )]);
    assert!(err.contains("content/02-models.ja.md:3"), "{err}");
    assert!(
        err.contains("`duration` is \"3 weeks\" here, but the source says \"1.5 weeks\""),
        "{err}"
    );
    let (err, _site) = fails_with(&[(
        "content/02-models.ja.md",
        "+++\ntitle = \"データモデル\"\nstage = 7\n+++\n本文\n",
    )]);
    assert!(
        err.contains("content/02-models.ja.md:3") && err.contains("`stage`"),
        "{err}"
    );
    let (err, _site) = fails_with(&[(
        "content/02-models.ja.md",
        "+++\ntitle = \"データモデル\"\n\nauthor = \"me\"\n+++\n本文\n",
    )]);
    assert!(
        err.contains("content/02-models.ja.md:4: a translation cannot set `author`"),
        "{err}"
    );
}

#[test]
fn unknown_languages_and_missing_sources_are_errors() {
    let (err, _site) = fails_with(&[(
        "content/01-basics.de.md",
        "+++\ntitle = \"Grundlagen\"\n+++\n",
    )]);
    assert!(err.contains("content/01-basics.de.md"), "{err}");
    assert!(
        err.contains("\"de\" is not one of the site's languages (site.toml lists: ar, fr, ja)"),
        "{err}"
    );
    assert!(
        err.contains("add a [languages.de] table to site.toml"),
        "{err}"
    );
    let (err, _site) = fails_with(&[("content/ghost.fr.md", "+++\ntitle = \"Fantôme\"\n+++\n")]);
    assert!(
        err.contains("content/ghost.fr.md: this translates content/ghost.md, which does not exist"),
        "{err}"
    );
    let config = read(
        &common::repo().join("tests/fixtures/translated"),
        "site.toml",
    );
    let (err, _site) = fails_with(&[(
        "site.toml",
        &config.replace("[languages.ja]", "[languages.JA]"),
    )]);
    assert!(
        err.contains("site.toml:14") && err.contains("\"JA\" is not a language code"),
        "{err}"
    );
    let (err, _site) = fails_with(&[(
        "site.toml",
        &config.replace("[languages.ja]", "[languages.en]"),
    )]);
    assert!(
        err.contains("[languages.en] is the default language"),
        "{err}"
    );
    let (err, _site) = fails_with(&[(
        "site.toml",
        &config.replace("[languages.ja]", "[languages.ja]\ndirection = \"up\""),
    )]);
    assert!(
        err.contains("site.toml:15") && err.contains("direction is \"up\""),
        "{err}"
    );
}

#[test]
fn a_file_with_a_dot_in_its_name_is_still_a_page() {
    // "notes.v2.md" has no language tag, "setup.py.md" has the shape of one but no
    // source beside it and "py" is not a language of the site: both are pages.
    let site = translated();
    for name in ["notes.v2.md", "setup.py.md"] {
        std::fs::write(
            site.path().join("content").join(name),
            "+++\ntitle = \"Notes\"\nslug = \"notes-SLUG\"\n+++\nText\n"
                .replace("SLUG", &name[6..8]),
        )
        .unwrap();
    }
    let out = build(site.path(), &[]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(stdout(&out).contains("3 pages"), "{}", stdout(&out));
}

/// What `serve` writes after a save, held against a full build of the same files.
mod serve {
    use super::common::updates::Session;

    fn read_out(s: &Session, rel: &str) -> String {
        std::fs::read_to_string(s.out.join(rel)).unwrap()
    }

    #[test]
    fn saves_of_translations_and_sources_match_a_full_build() {
        let site = super::translated();
        let mut s = Session::new(site.path());
        let before = super::common::snapshot(&s.out);
        // A translation: its pages in its language.
        s.edit_and_compare("content/01-basics.fr.md", |t| {
            t.replace("Agrégats avec", "Les agrégats avec")
        });
        let after = super::common::snapshot(&s.out);
        let changed: Vec<String> = (after.iter())
            .filter(|(k, v)| before.get(*k) != Some(*v))
            .map(|(k, _)| k.display().to_string())
            .collect();
        assert!(
            changed.iter().any(|p| p == "fr/stages/basics/index.html"),
            "{changed:?}"
        );
        assert!(
            !changed
                .iter()
                .any(|p| p.starts_with("ja/") || p == "stages/basics/index.html"),
            "only French pages change: {changed:?}"
        );
        // A source: its pages, and the translations it makes stale show it.
        s.edit_and_compare("content/01-basics.md", |t| {
            t.replace("Aggregates with", "Totals with")
        });
        let fr = read_out(&s, "fr/stages/basics/index.html");
        assert!(
            fr.contains("translation-stale"),
            "the French page says it is stale"
        );
        // A new translation, then none.
        s.save(
            "content/03-pipelines.fr.md",
            "+++\ntitle = \"Pipelines de données\"\n+++\nLes pipelines déplacent les données.\n\n## Sujets\n\n- Lots et flux\n- Chargements idempotents\n",
        );
        s.update(&["content/03-pipelines.fr.md"]).unwrap();
        s.assert_same_as_a_full_build("a new translation");
        assert!(read_out(&s, "fr/stages/pipelines/index.html").contains("Pipelines de données"));
        std::fs::remove_file(site.path().join("content/03-pipelines.fr.md")).unwrap();
        s.update(&["content/03-pipelines.fr.md"]).unwrap();
        s.assert_same_as_a_full_build("a translation removed");
        // A language added in site.toml.
        s.edit_and_compare("site.toml", |t| {
            format!("{t}\n[languages.es]\ntitle = \"Hoja de ruta de datos\"\n")
        });
        assert!(read_out(&s, "es/stages/basics/index.html").contains("translation-notice"));
    }
}

#[test]
fn exports_speak_the_language_asked_for() {
    let site = translated();
    let root = site.path().to_str().unwrap();
    let ics = roadsmith(&[
        "export",
        "ics",
        "--root",
        root,
        "--start",
        "2027-01-04",
        "--language",
        "ja",
    ]);
    assert!(ics.status.success(), "{}", stderr(&ics));
    // The calendar's words are the language's too, as plan.js writes them.
    let ics = stdout(&ics);
    assert!(ics.contains("SUMMARY:ステージ 1：SQLの基礎と結合"), "{ics}");
    assert!(ics.contains("\\n期間：1週間\r\n"), "{ics}");
    let checklist = stdout(&roadsmith(&[
        "export",
        "checklist",
        "--root",
        root,
        "--language",
        "fr",
    ]));
    assert!(
        checklist.contains("- [ ] Jointures : interne, gauche, complète"),
        "{checklist}"
    );
    // Its headings, durations and sections are said in French.
    let basics = "## Étape 1 : Les bases du SQL <et> les « jointures »\n\n1 semaine · semaine 1 · <https://example.com/data/fr/stages/basics/>\n\n### Sujets\n";
    assert!(checklist.contains(basics), "{checklist}");
    assert!(
        checklist.contains("\n3 étapes · environ 5–6 semaines · <"),
        "{checklist}"
    );
    let english = stdout(&roadsmith(&["export", "checklist", "--root", root]));
    assert!(english.contains("- [ ] Joins: inner, left, full"));
    assert!(
        english.contains("\n## Stage 1: SQL <basics> & \"joins\"\n"),
        "{english}"
    );
    assert!(english.contains("\n### Topics\n"), "{english}");
    let unknown = roadsmith(&["export", "checklist", "--root", root, "--language", "de"]);
    assert!(!unknown.status.success());
    assert!(
        stderr(&unknown).contains("choose one of: en, ar, fr, ja"),
        "{}",
        stderr(&unknown)
    );
}
