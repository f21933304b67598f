use std::fs;
use std::path::Path;

use super::table::{self, Entry};
use super::*;

fn write(root: &Path, rel: &str, text: &str) {
    let path = root.join(rel);
    fs::create_dir_all(path.parent().unwrap()).unwrap();
    fs::write(path, text).unwrap();
}

fn text<'s>(strings: &'s Strings, key: &str) -> &'s str {
    match strings.get(key) {
        Some(Entry::Text(s)) => s,
        other => panic!("{key}: {other:?}"),
    }
}

fn codes(list: &[&str]) -> Vec<String> {
    list.iter().map(|c| c.to_string()).collect()
}

#[test]
fn the_embedded_tables_read_and_every_language_has_every_key() {
    for code in ["en", "fr", "es", "de", "pt", "ar", "ja", "zh"] {
        let file = crate::theme::embedded_files("i18n")
            .into_iter()
            .find(|f| f.path == format!("{code}.toml"))
            .unwrap_or_else(|| panic!("no {code}.toml"));
        let text = std::str::from_utf8(file.contents).unwrap();
        table::parse(text, code).unwrap_or_else(|d| panic!("{code}: {d}"));
    }
    let dir = tempfile::tempdir().unwrap();
    let all = codes(&["fr", "es", "de", "pt", "ar", "ja", "zh"]);
    let i18n = I18n::load(dir.path(), "default", &all).unwrap();
    assert_eq!(i18n.missing(), Vec::<(String, String)>::new());
}

#[test]
fn a_site_table_overrides_key_by_key_and_the_rest_falls_back() {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "i18n/fr.toml",
        "source = \"Code source\"\n[js]\nnote = \"Remarque\"\n",
    );
    let i18n = I18n::load(dir.path(), "default", &codes(&["fr"])).unwrap();
    let fr = i18n.strings("fr");
    assert_eq!(text(fr, "source"), "Code source");
    assert_eq!(text(fr, "skip_to_content"), "Aller au contenu");
    let Some(Entry::Group(js)) = fr.get("js") else {
        panic!("no js group");
    };
    assert_eq!(text(js, "note"), "Remarque");
    assert_eq!(text(js, "dismiss"), "Fermer");
}

#[test]
fn a_language_without_a_table_falls_back_to_the_default_language_then_english() {
    let dir = tempfile::tempdir().unwrap();
    // The site's own theme: a partial French table and an English one.
    write(dir.path(), "themes/mine/templates/index.html", "x");
    write(
        dir.path(),
        "themes/mine/i18n/en.toml",
        "a = \"A\"\nb = \"B\"\nc = \"C\"\n",
    );
    write(dir.path(), "themes/mine/i18n/fr.toml", "a = \"A fr\"\n");
    write(dir.path(), "themes/mine/i18n/pt.toml", "b = \"B pt\"\n");
    write(dir.path(), "i18n/pt-BR.toml", "c = \"C br\"\n");
    let i18n = I18n::load(dir.path(), "mine", &codes(&["fr", "pt-BR", "xx"])).unwrap();
    let br = i18n.strings("pt-BR");
    assert_eq!(text(br, "c"), "C br");
    assert_eq!(text(br, "b"), "B pt", "the base language");
    assert_eq!(text(br, "a"), "A fr", "the site's default language");
    let xx = i18n.strings("xx");
    assert_eq!(text(xx, "a"), "A fr");
    assert_eq!(text(xx, "b"), "B");
    // A key no table of the theme has: the embedded default theme's English.
    assert_eq!(text(xx, "skip_to_content"), "Skip to content");
    assert_eq!(text(i18n.strings("not-loaded"), "a"), "A fr");
    let missing = i18n.missing();
    for expected in [("fr", "b"), ("fr", "c"), ("pt-BR", "a"), ("xx", "a")] {
        let pair = (expected.0.to_string(), expected.1.to_string());
        assert!(missing.contains(&pair), "{expected:?} in {missing:?}");
    }
    for present in [("fr", "a"), ("pt-BR", "b"), ("pt-BR", "c")] {
        let pair = (present.0.to_string(), present.1.to_string());
        assert!(!missing.contains(&pair), "{present:?} in {missing:?}");
    }
}

#[test]
fn mistakes_name_the_file_and_line() {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "i18n/fr.toml",
        "a = \"ok\"\nb = { one = \"x\", sevral = \"y\", other = \"z\" }\n",
    );
    let e = I18n::load(dir.path(), "default", &codes(&["fr"])).unwrap_err();
    let d = &e.diagnostics[0];
    assert_eq!(d.file, Path::new("i18n/fr.toml"));
    assert_eq!(d.line, Some(2));
    assert!(d.message.contains("sevral"), "{}", d.message);

    write(dir.path(), "i18n/fr.toml", "a = \"ok\"\n\nb = \"unclosed\n");
    let e = I18n::load(dir.path(), "default", &codes(&["fr"])).unwrap_err();
    assert_eq!(e.diagnostics[0].line, Some(3), "{}", e.diagnostics[0]);

    write(dir.path(), "i18n/fr.toml", "b = { one = \"x\" }\n");
    let e = I18n::load(dir.path(), "default", &codes(&["fr"])).unwrap_err();
    assert!(
        e.diagnostics[0].message.contains("no `other`"),
        "{}",
        e.diagnostics[0]
    );
}

#[test]
fn plural_categories_are_cldr_s() {
    let cases: &[(&str, f64, &str)] = &[
        ("en", 1.0, "one"),
        ("en", 0.0, "other"),
        ("en", 2.0, "other"),
        ("fr", 0.0, "one"),
        ("fr", 1.5, "one"),
        ("fr", 2.0, "other"),
        // intl_pluralrules 7.0 has CLDR 37's rules: French "many" (a million) came in 38.
        ("fr", 1_000_000.0, "other"),
        ("ar", 0.0, "zero"),
        ("ar", 1.0, "one"),
        ("ar", 2.0, "two"),
        ("ar", 3.0, "few"),
        ("ar", 11.0, "many"),
        ("ar", 100.0, "other"),
        ("ja", 1.0, "other"),
        ("pt-BR", 0.0, "one"),
        ("pt-PT", 0.0, "other"),
        ("xx", 1.0, "other"),
    ];
    for &(lang, n, want) in cases {
        assert_eq!(table::category(lang, n), want, "{lang} {n}");
    }
}

#[test]
fn placeholders_are_filled_and_unknown_ones_kept() {
    let value = |name: &str| match name {
        "n" => Some("3".to_string()),
        "title" => Some("Models".to_string()),
        _ => None,
    };
    assert_eq!(
        table::fill("{n} stages: {title}", value),
        "3 stages: Models"
    );
    assert_eq!(table::fill("{key} {n} {", value), "{key} 3 {");
    assert_eq!(table::fill("{ n} {}", value), "{ n} {}");
}

#[test]
fn numbers_are_written_for_the_language() {
    assert_eq!(table::number("en", 1234.0), "1,234");
    assert_eq!(table::number("en", 7.5), "7.5");
    assert_eq!(table::number("fr", 1234567.0), "1\u{202f}234\u{202f}567");
    assert_eq!(table::number("de", 7.5), "7,5");
    assert_eq!(table::number("es", 1234.0), "1234");
    assert_eq!(table::number("es", 12345.0), "12.345");
    assert_eq!(table::number("en", 999.0), "999");
}

/// kit.js carries the English of the scripts for a page without its strings element:
/// the same as the English table's `[js]`.
#[test]
fn kit_js_carries_the_english_table() {
    let kit = include_str!("../../themes/default/static/kit.js");
    let start = kit.find("/* english-begin */").unwrap() + "/* english-begin */".len();
    let end = kit.find("/* english-end */").unwrap();
    let carried: serde_json::Value = serde_json::from_str(&kit[start..end]).unwrap();
    let english = embedded_table("en").unwrap().remove("js").unwrap();
    assert_eq!(carried, serde_json::to_value(english).unwrap());
}
