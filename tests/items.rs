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
