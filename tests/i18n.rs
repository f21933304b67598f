//! The interface in the site's language: a site with `language = "fr"` (and one with
//! `"ar"`) built by the real binary shows the default theme's words from its French
//! (Arabic) string table, plural forms by CLDR's rules; a site's `i18n/fr.toml`
//! overrides a key; `roadsmith check` lists the keys a theme's table lacks.

mod common;

use std::path::Path;

use common::*;

/// The `tracks` fixture (7 stages, one optional, two tracks) in `language`, built.
fn built_in(language: &str) -> tempfile::TempDir {
    let site = site(&["tracks"]);
    let toml = site.path().join("site.toml");
    let text = std::fs::read_to_string(&toml).unwrap();
    std::fs::write(&toml, format!("language = \"{language}\"\n{text}")).unwrap();
    let out = build(site.path(), &[]);
    assert!(out.status.success(), "{}", stderr(&out));
    site
}

fn page(site: &Path, rel: &str) -> String {
    read(&site.join("public"), rel)
}

/// The English a French page must not show: nav, buttons, footer, headings, labels.
const ENGLISH: [&str; 14] = [
    "Skip to content",
    "Built with roadsmith",
    "Plan my dates",
    "Save &amp; share",
    "Printable version",
    "Show my dates",
    "Before this:",
    "All stages",
    "Page not found",
    "Back to the overview",
    "Edit this page",
    "Previous: Stage",
    "On this page",
    "aria-label=\"Stages\"",
];

#[test]
fn a_french_site_speaks_french_in_every_part_of_the_theme() {
    let site = built_in("fr");
    let root = site.path();
    let index = page(root, "index.html");
    let stage = page(root, "stages/setup/index.html");
    let not_found = page(root, "404.html");
    let print = page(root, "print/index.html");
    for (what, html, french) in [
        (
            "index",
            &index,
            &[
                "Aller au contenu",
                "Planifier mes dates",
                "Enregistrer et partager",
                "Réalisé avec roadsmith",
                "Frise chronologique",
                "<h2 id=\"stages-title\" class=\"section-title\">Étapes</h2>",
            ][..],
        ),
        (
            "stage",
            &stage,
            &[
                "Étape 0 : Setup",
                "Avant celle-ci :",
                "Suivante : étape 1",
                "Toutes les étapes",
            ][..],
        ),
        (
            "404",
            &not_found,
            &[
                "<h1 id=\"page-title\">Page introuvable</h1>",
                "Retour à la vue d’ensemble",
                "Toutes les étapes",
            ][..],
        ),
        (
            "print",
            &print,
            &["toute la feuille de route", "Sommaire"][..],
        ),
    ] {
        for word in french {
            assert!(html.contains(word), "{what}: {word:?}");
        }
        for english in ENGLISH {
            assert!(
                !html.contains(english),
                "{what}: {english:?} left in English"
            );
        }
    }
    // Plural forms: 7 stages, 1 of them optional.
    assert!(index.contains("7 étapes (1 facultative)"), "{index}");
    assert!(
        index.contains("<span class=\"site-total\">7 étapes · "),
        "{index}"
    );
    // The scripts' words, for kit.js: one strings.js for the language, loaded first.
    assert!(index.contains("strings.js\" defer></script>"), "{index}");
    assert!(index.find("strings.js").unwrap() < index.find("kit.js").unwrap());
    let strings = page(site.path(), "strings.js");
    assert!(
        strings.starts_with("window.roadsmithStrings = {"),
        "{strings}"
    );
    assert!(
        strings.contains("\"plan_working\":\"Calcul de vos dates…\""),
        "{strings}"
    );
    assert!(index.contains("<html lang=\"fr\" dir=\"ltr\">"));
}

#[test]
fn an_english_site_carries_no_strings_element() {
    let site = built_in("en");
    let index = page(site.path(), "index.html");
    assert!(!index.contains("strings.js"), "kit.js carries the English");
    assert!(!site.path().join("public/strings.js").exists());
    assert!(index.contains("7 stages (1 optional)"), "{index}");
    assert!(index.contains("Plan my dates"));
}

#[test]
fn an_arabic_site_takes_cldr_s_plural_categories() {
    let site = built_in("ar");
    let index = page(site.path(), "index.html");
    // 7 is "few" in Arabic, 1 is "one".
    assert!(index.contains("7 مراحل (واحدة اختيارية)"), "{index}");
    assert!(index.contains("خطّط مواعيدي"), "{index}");
    let not_found = page(site.path(), "404.html");
    assert!(not_found.contains("الصفحة غير موجودة"), "{not_found}");
    for english in ENGLISH {
        assert!(!index.contains(english), "{english:?} left in English");
        assert!(!not_found.contains(english), "{english:?} left in English");
    }
}

#[test]
fn a_site_table_overrides_the_theme_s_key_by_key() {
    let site = site(&["tracks"]);
    let toml = site.path().join("site.toml");
    let text = std::fs::read_to_string(&toml).unwrap();
    std::fs::write(&toml, format!("language = \"fr\"\n{text}")).unwrap();
    std::fs::create_dir_all(site.path().join("i18n")).unwrap();
    std::fs::write(
        site.path().join("i18n/fr.toml"),
        "plan_toggle = \"Mon calendrier\"\n[js]\nplan_working = \"Un instant…\"\n",
    )
    .unwrap();
    let out = build(site.path(), &[]);
    assert!(out.status.success(), "{}", stderr(&out));
    let index = page(site.path(), "index.html");
    assert!(
        index.contains("data-plan-toggle>Mon calendrier</button>"),
        "{index}"
    );
    let strings = page(site.path(), "strings.js");
    assert!(
        strings.contains("\"plan_working\":\"Un instant…\""),
        "{strings}"
    );
    assert!(
        index.contains("Enregistrer et partager"),
        "the rest from the theme"
    );
}

#[test]
fn a_mistake_in_a_table_names_its_file_and_line() {
    let site = site(&["tracks"]);
    std::fs::create_dir_all(site.path().join("i18n")).unwrap();
    std::fs::write(
        site.path().join("i18n/en.toml"),
        "source = \"Code\"\nstage_count = { one = \"{n} stage\", plenty = \"{n} stages\", other = \"{n} stages\" }\n",
    )
    .unwrap();
    let out = build(site.path(), &[]);
    assert!(!out.status.success());
    let err = stderr(&out);
    assert!(err.contains("i18n/en.toml:2"), "{err}");
    assert!(err.contains("plenty"), "{err}");
}

#[test]
fn check_lists_the_keys_a_theme_s_french_table_lacks() {
    let site = site(&["tracks"]);
    let root = site.path();
    // A theme of the site's own: the default one, its French table cut to two keys.
    std::fs::rename(root.join("themes/default"), root.join("themes/mine")).unwrap();
    std::fs::write(
        root.join("themes/mine/i18n/fr.toml"),
        "stages = \"Étapes\"\n[js]\nnote = \"Note\"\n",
    )
    .unwrap();
    let toml = root.join("site.toml");
    let text = std::fs::read_to_string(&toml).unwrap();
    std::fs::write(
        &toml,
        format!("language = \"fr\"\ntheme = \"mine\"\n{text}"),
    )
    .unwrap();
    let check = |extra: &[&str]| {
        let mut args = vec!["check", "--root", root.to_str().unwrap()];
        args.extend_from_slice(extra);
        roadsmith(&args)
    };
    let out = check(&[]);
    let err = stderr(&out);
    assert!(
        out.status.success(),
        "missing keys alone do not fail: {err}"
    );
    let line = err
        .lines()
        .find(|l| l.starts_with("warning: i18n/fr.toml"))
        .unwrap_or_else(|| panic!("{err}"));
    for key in [
        "skip_to_content",
        "plan_toggle",
        "js.plan_working",
        "js.dismiss",
    ] {
        assert!(line.contains(key), "{key} in {line}");
    }
    for present in [" stages,", "js.note,"] {
        assert!(!line.contains(present), "{present} in {line}");
    }
    assert!(
        !check(&["--strict"]).status.success(),
        "--strict fails on them"
    );
    // The site's own table fills what the theme's lacks.
    std::fs::create_dir_all(root.join("i18n")).unwrap();
    let en = std::fs::read_to_string(root.join("themes/mine/i18n/en.toml")).unwrap();
    std::fs::write(root.join("i18n/fr.toml"), en).unwrap();
    let out = check(&[]);
    assert!(!stderr(&out).contains("i18n/fr.toml"), "{}", stderr(&out));
}
