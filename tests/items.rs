//! Every item of every stage carries its id on the stage page, whatever else the
//! Markdown holds: raw HTML lists, footnotes, code, tables (the rich fixture).

mod common;

use common::*;

#[test]
fn every_item_of_every_stage_is_marked_once_on_its_page() {
    let site = site(&["rich"]);
    let out = build(site.path(), &[]);
    assert!(out.status.success(), "{}", stderr(&out));
    let public = site.path().join("public");
    let roadmap: serde_json::Value = roadmap_data(&public);
    let stages = roadmap["stages"].as_array().unwrap();
    assert_eq!(stages.len(), 5);
    let mut marked = 0;
    for stage in stages {
        let slug = stage["slug"].as_str().unwrap();
        let html = read(&public, &format!("stages/{slug}/index.html"));
        let items = stage["items"].as_array().unwrap();
        assert!(!items.is_empty(), "{slug} has items");
        for item in items {
            let id = item["id"].as_str().unwrap();
            let attribute = format!("<li data-item-id=\"{id}\"");
            assert_eq!(html.matches(&attribute).count(), 1, "{id} on {slug}");
            // Its kind is on its list: the last one marked before it.
            let before = &html[..html.find(&attribute).unwrap()];
            let kind = &before[before.rfind(" data-kind=\"").unwrap() + 12..];
            assert_eq!(
                &kind[..kind.find('"').unwrap()],
                item["kind"].as_str().unwrap(),
                "{id} on {slug}"
            );
            marked += 1;
        }
        // Nothing else is marked: a raw `<li>` or a footnote is not an item.
        assert_eq!(html.matches("data-item-id=").count(), items.len(), "{slug}");
    }
    // The stage with a raw HTML list and footnotes, whose marks counting `<li>`s lost.
    let markup = read(&public, "stages/markup/index.html");
    assert!(
        markup.contains("<ul class=\"raw-list\"><li>A list item written in raw HTML</li></ul>")
    );
    assert!(markup.contains("data-item-id=\"markup/"), "{markup}");
    assert_eq!(marked, 9 + 5 + 3 + 4 + 2);
}

/// Tracking is said once where it is not as the kind is: a section's list of topics or
/// exercises says it for all its items, and a task of a section not tracked says it on
/// its own `<li>`; the roadmap's data (from the search fragments) has each item's.
#[test]
fn each_items_tracking_is_said_once_and_read_back_whole() {
    let body = |_| {
        "## Learning\n\n- [ ] Read the tutorial\n- The reference\n\n## Topics\n\n- Views\n  - Generic views\n".to_string()
    };
    let (_site, public) = built_site(long_site(0..2, 1, body, "Two stages.\n"), &[]);
    let page = read(&public, "stages/s1/index.html");
    assert!(page.contains("<ul class=\"contains-task-list\" data-kind=\"learning\">"));
    assert!(page.contains("<ul data-kind=\"topic\" data-tracked>"));
    assert_eq!(page.matches("data-tracked").count(), 2, "{page}");
    let task = page.find("Read the tutorial").unwrap();
    let li = &page[page[..task].rfind("<li").unwrap()..task];
    assert!(li.contains("data-tracked"), "{li}");
    let roadmap = roadmap_data(&public);
    let items: Vec<(String, bool)> = (roadmap["stages"][1]["items"].as_array().unwrap().iter())
        .map(|i| {
            (
                i["text"].as_str().unwrap().to_string(),
                i["tracked"].as_bool().unwrap(),
            )
        })
        .collect();
    let want = [
        ("Read the tutorial", true),
        ("The reference", false),
        ("Views", true),
        ("Generic views", true),
    ];
    assert_eq!(items, want.map(|(t, b)| (t.to_string(), b)));
    assert_eq!(
        roadmap["stages"][1]["url"],
        "https://example.com/stages/s1/"
    );
}
