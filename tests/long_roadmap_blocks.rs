//! A very long roadmap's overview weighs the same at any length: past 500 stages it
//! lists the roadmap in blocks ("Stages 1–200"), each a page of its own listing its
//! stages; up to 500 it lists every stage, as before. In a real browser a block's page
//! shows the plan's dates and the block's progress, and has no accessibility violations.

mod common;

use std::io::Write;
use std::path::Path;

use common::*;

/// A site of `n` stages numbered from 1, a week each, each with a tracked exercise.
fn long_site(n: usize) -> tempfile::TempDir {
    let body = |i: usize| format!("Text.\n\n## Exercises\n\n- [ ] Exercise {i}\n");
    common::long_site(1..=n, 5, body, "")
}

fn built(n: usize) -> (tempfile::TempDir, std::path::PathBuf) {
    built_site(long_site(n), &[])
}

fn gzipped(public: &Path, rel: &str) -> usize {
    let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::new(6));
    gz.write_all(read(public, rel).as_bytes()).unwrap();
    gz.finish().unwrap().len()
}

#[test]
fn past_500_stages_the_overview_lists_blocks_each_a_page_of_its_stages() {
    let (_site, public) = built(3000);
    let overview = read(&public, "index.html");
    let size = gzipped(&public, "index.html");
    assert!(size < 40 * 1024, "the overview is {size} bytes gzipped");
    assert_eq!(overview.matches("<li><a href=\"/stages/s").count(), 0);
    for k in 1..=15 {
        let (first, last) = (200 * (k - 1) + 1, 200 * k);
        assert!(
            overview.contains(&format!(
                "<li><a href=\"/blocks/{k}/\">Stages {first}–{last}</a> <span class=\"stage-row-meta\">200 stages · weeks {first}–{last}</span>"
            )),
            "block {k} on the overview"
        );
        let block = read(&public, &format!("blocks/{k}/index.html"));
        assert!(block.contains(&format!("<title>Stages {first}–{last} · ")));
        assert!(block.contains("<html lang=\"en\" dir=\"ltr\">"));
        assert!(block.contains("<nav class=\"breadcrumb\""));
        assert!(block.contains("data-tracked-total=\"200\""));
        let rows = block.matches("<li><a href=\"/stages/s").count();
        assert_eq!(rows, 200, "block {k} lists its stages");
        for i in [first, last] {
            assert!(block.contains(&format!("<a href=\"/stages/s{i}/\">")));
            assert!(block.contains(&format!("data-plan-dates=\"s{i}\"")));
        }
        assert!(!block.contains(&format!("href=\"/stages/s{}/\"", last + 1)));
        assert!(gzipped(&public, &format!("blocks/{k}/index.html")) < 20 * 1024);
    }
    assert!(!public.join("blocks/16").exists());
    let second = read(&public, "blocks/2/index.html");
    assert!(second.contains("rel=\"prev\" href=\"/blocks/1/\""));
    assert!(second.contains("rel=\"next\" href=\"/blocks/3/\""));
    let sitemap = read(&public, "sitemap.xml");
    assert!(sitemap.contains("blocks/15/</loc>"));
    // The checklist: a task per stage, its items on its page.
    let checklist = read(&public, "checklist.md");
    assert_eq!(checklist.matches("\n- [ ] ").count(), 3000);
    assert!(checklist.contains(
        "\n- [ ] Stage 250: Stage number 250 · 1 week · week 250 · <https://example.com/stages/s250/>\n"
    ));
    assert!(!checklist.contains("Exercise 250"), "no items");
}

#[test]
fn up_to_500_stages_the_overview_lists_every_stage() {
    let (_site, public) = built(500);
    let overview = read(&public, "index.html");
    assert_eq!(overview.matches("<li><a href=\"/stages/s").count(), 500);
    assert!(!overview.contains("/blocks/"));
    assert!(!public.join("blocks").exists());
    assert!(!read(&public, "sitemap.xml").contains("blocks/"));
    // Up to 500 stages, the checklist has every item.
    let checklist = read(&public, "checklist.md");
    assert!(checklist.contains("\n### Exercises\n\n- [ ] Exercise 250\n"));
}

#[test]
fn each_language_has_its_blocks_in_its_words() {
    let site = long_site(600);
    let toml = site.path().join("site.toml");
    let settings = std::fs::read_to_string(&toml).unwrap();
    std::fs::write(&toml, settings + "\n[languages.ar]\ntitle = \"خريطة\"\n").unwrap();
    let out = build(site.path(), &[]);
    assert!(out.status.success(), "{}", stderr(&out));
    let public = site.path().join("public");
    let overview = read(&public, "ar/index.html");
    assert!(overview.contains("<li><a href=\"/ar/blocks/3/\">المراحل 401–600</a>"));
    let block = read(&public, "ar/blocks/3/index.html");
    assert!(block.contains("<html lang=\"ar\" dir=\"rtl\">"));
    assert!(block.contains("<title>المراحل 401–600 · خريطة</title>"));
    assert!(block.contains("hreflang=\"en\" href=\"https://example.com/blocks/3/\""));
    assert_eq!(block.matches("<li><a href=\"/ar/stages/s").count(), 200);
    assert!(read(&public, "sitemap.xml").contains("https://example.com/ar/blocks/3/</loc>"));
}

#[cfg(feature = "serve")]
#[tokio::test(flavor = "current_thread")]
async fn a_block_shows_the_plan_and_its_progress_and_passes_axe() {
    use common::plan_page::PlanPage;
    use common::tab::Tab;
    use serde_json::json;
    if !common::chromium::available() {
        return;
    }
    let (tab, _server, _site) = Tab::on_site(long_site(600)).await;
    // An exercise of block 2 done.
    tab.open("stages/s250/").await;
    tab.click("li[data-item-id] input.task-list-item-checkbox")
        .await;
    tab.open("").await;
    tab.plan("2027-01-04", "10", "longest").await;
    tab.until(
        "the plan on the overview",
        "return document.querySelector('.plan-status').hasAttribute('data-standing')",
    )
    .await;
    tab.open("blocks/2/").await;
    // Dated as the overview's plan says: 200 weeks of a week each before it.
    tab.until_is(
        "the plan's dates of block 2's first stage",
        "var n = document.querySelector('[data-plan-dates=s201]'); return n && [n.getAttribute('data-first-day'), n.textContent]",
        json!(["2030-11-04", "Nov 4 – 10, 2030"]),
    )
    .await;

    tab.until_is(
        "block 2's progress",
        "var n = document.querySelector('.overall-bar .progress-note'); return n ? n.textContent : null",
        json!("Stages 201–400: 1 of 200 done (1%)"),
    )
    .await;
    if let Some(axe) = common::chromium::axe_source() {
        let violations = tab.chromium.axe(&axe).await.unwrap();
        assert!(violations.is_empty(), "{violations:#?}");
    }
    tab.open("blocks/1/").await;
    tab.until_is(
        "block 1's progress",
        "var n = document.querySelector('.overall-bar .progress-note'); return n ? n.textContent : null",
        json!("Stages 1–200: 0 of 200 done (0%)"),
    )
    .await;
}
