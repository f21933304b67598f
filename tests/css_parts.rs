//! Stylesheets written in parts: the `*.css` files of a static folder `<name>.css.d/`
//! are served joined, in name order, as `<name>.css` (docs/templates.md), in a site's
//! own theme and its `static/` alike, and `serve` writes the file again when a part is
//! saved, added or removed.

mod common;

use common::updates::Session;
use common::*;

/// The minimal fixture on a theme of its own, `themes/parts/`: the default theme with
/// `parts.css.d/` parts (and a file that is not one) and a plain `plain.css` added.
fn site_on_a_theme_of_parts() -> tempfile::TempDir {
    let site = site(&["minimal"]);
    let root = site.path();
    copy_dir(&root.join("themes/default"), &root.join("themes/parts"));
    let write = |rel: &str, text: &str| {
        let path = root.join(rel);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, text).unwrap();
    };
    write("themes/parts/static/parts.css.d/20-b.css", "b { }\n");
    write("themes/parts/static/parts.css.d/10-a.css", "a { }");
    write("themes/parts/static/parts.css.d/notes.txt", "not a part");
    write("themes/parts/static/plain.css", "plain { }\n");
    let toml = read(root, "site.toml");
    write("site.toml", &format!("theme = \"parts\"\n{toml}"));
    site
}

#[test]
fn a_themes_css_parts_are_served_as_one_file_in_name_order() {
    let site = site_on_a_theme_of_parts();
    let out = build(site.path(), &[]);
    assert!(out.status.success(), "{}", stderr(&out));
    let public = site.path().join("public");
    assert_eq!(read(&public, "parts.css"), "a { }b { }\n");
    assert_eq!(read(&public, "plain.css"), "plain { }\n");
    assert!(
        !public.join("parts.css.d").exists(),
        "the parts stay sources"
    );
}

#[test]
fn the_default_themes_stylesheets_are_its_parts_joined() {
    let site = site(&["minimal"]);
    let out = build(site.path(), &[]);
    assert!(out.status.success(), "{}", stderr(&out));
    let public = site.path().join("public");
    for name in ["style.css", "reader.css"] {
        let css = read(&public, name);
        assert_eq!(css, default_theme_css(name), "{name}");
        assert!(css.len() > 10_000, "{name} is the whole stylesheet");
    }
    let sources = repo().join("themes/default/static");
    for entry in walkdir::WalkDir::new(&sources) {
        let entry = entry.unwrap();
        if entry.file_type().is_file() && entry.path().extension().is_some_and(|x| x == "css") {
            let lines = std::fs::read_to_string(entry.path())
                .unwrap()
                .lines()
                .count();
            assert!(lines <= 500, "{} has {lines} lines", entry.path().display());
        }
    }
}

#[test]
fn a_sites_static_parts_replace_the_themes_file_whole() {
    let site = site(&["minimal"]);
    let dir = site.path().join("static/reader.css.d");
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(dir.join("1.css"), "mine { }\n").unwrap();
    let out = build(site.path(), &[]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(
        read(&site.path().join("public"), "reader.css"),
        "mine { }\n"
    );
}

#[test]
fn serve_writes_a_joined_stylesheet_again_when_a_part_changes() {
    let site = site_on_a_theme_of_parts();
    let mut s = Session::new(site.path());
    let served = |s: &Session| read(&s.out, "parts.css");
    assert_eq!(served(&s), "a { }b { }\n");
    let part = "themes/parts/static/parts.css.d/10-a.css";
    s.edit_and_compare(part, |t| t.replace("a { }", "a { color: red }\n"));
    assert_eq!(served(&s), "a { color: red }\nb { }\n");
    let added = "themes/parts/static/parts.css.d/15-new.css";
    s.save(added, "new { }\n");
    s.update(&[added]).expect("update");
    s.assert_same_as_a_full_build("a part added");
    assert_eq!(served(&s), "a { color: red }\nnew { }\nb { }\n");
    std::fs::remove_file(site.path().join(part)).unwrap();
    s.update(&[part]).expect("update");
    s.assert_same_as_a_full_build("a part removed");
    assert_eq!(served(&s), "new { }\nb { }\n");
}
