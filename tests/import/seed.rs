//! The "done when": the repository's seed imported is the repository's roadmap.

use serde_json::Value;

use super::support::*;
use crate::common::*;

/// The repository's own stages: (stage, title, duration) from the front matter of
/// content/'s files.
pub fn content_stages() -> Vec<(i64, String, String)> {
    let mut out = Vec::new();
    for e in std::fs::read_dir(repo().join("content")).unwrap() {
        let text = std::fs::read_to_string(e.unwrap().path()).unwrap();
        let front = text.split("+++").nth(1).unwrap();
        let table: toml::Table = toml::from_str(front).unwrap();
        if let Some(stage) = table.get("stage") {
            out.push((
                stage.as_integer().unwrap(),
                table["title"].as_str().unwrap().to_string(),
                table["duration"].as_str().unwrap().to_string(),
            ));
        }
    }
    out.sort();
    out
}

/// The "done when": the seed (tests/fixtures/django-roadmap.md, as
/// tests/django.rs reads it) imported and built has the ten stages of content/, same
/// titles and durations, and every seed bullet tests/django.rs counts is an item of
/// the built site, with its links.
#[test]
fn the_imported_seed_has_the_stages_of_content_and_every_bullet() {
    let dir = tempfile::tempdir().unwrap();
    let into = dir.path().join("django");
    let seed = repo().join("tests/fixtures/django-roadmap.md");
    let out = roadsmith(&[
        "import",
        seed.to_str().unwrap(),
        "--into",
        into.to_str().unwrap(),
    ]);
    assert!(out.status.success(), "{}", stderr(&out));
    let built = build(&into, &[]);
    assert!(built.status.success(), "{}", stderr(&built));
    let json: Value = roadmap_data(&into.join("public"));
    let expected = content_stages();
    assert_eq!(expected.len(), 10, "content/'s stages");
    assert_eq!(numbered_stages(&json), expected);

    let items = built_items(&into, &json);
    let source = std::fs::read_to_string(&seed).unwrap();
    let bullets: Vec<&str> = source
        .lines()
        .filter_map(|l| l.strip_prefix("* "))
        .collect();
    assert_eq!(
        bullets.len(),
        103,
        "the seed's bullets, as tests/django.rs counts"
    );
    // A list under no section heading ("Topics", "Exercises"...) has no items, in the
    // build of any site: the bonus section's bullets are only text of its page.
    let bonus = read(&into.join("public"), "bonus-tools-topics/index.html");
    let bonus = words(&html_text(&bonus).join(" "));
    let mut not_items = Vec::new();
    for b in bullets {
        let (want, urls) = bullet(b);
        let Some((_, html)) = items.iter().find(|(w, _)| has_run(w, &want)) else {
            assert!(
                has_run(&bonus, &want),
                "the seed's {b:?} is not in the site"
            );
            not_items.push(b);
            continue;
        };
        for url in urls {
            assert!(
                html.contains(&format!("href=\"{url}\"")),
                "no link to {url} beside {b:?}"
            );
        }
    }
    assert_eq!(not_items.len(), 5, "only the bonus bullets: {not_items:?}");
}
