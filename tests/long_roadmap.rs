//! A long roadmap keeps its pages light: past 100 stages the overview lists stages a
//! line each and draws the timeline in runs of stages, the 404 page lists none, and
//! past 200 stages the print version comes in parts. In a real browser the compact
//! overview counts the reader's progress and has no accessibility violations.

mod common;

use std::path::Path;

use common::*;

/// A site of `n` stages, a week each, each linking to the next.
fn long_site(n: usize) -> tempfile::TempDir {
    let body = |i: usize| {
        let next = if i + 1 < n {
            format!("[the next stage]({:03}-stage.md)", i + 1)
        } else {
            "the end".into()
        };
        format!("On to {next}.\n\n## Topics\n\n- Topic {i}\n\n## Exercises\n\n- [ ] Exercise {i}\n")
    };
    common::long_site(0..n, 3, body, "Start at [stage 0](000-stage.md).\n")
}

fn built(n: usize) -> (tempfile::TempDir, std::path::PathBuf) {
    built_site(long_site(n), &[])
}

fn size(public: &Path, rel: &str) -> u64 {
    std::fs::metadata(public.join(rel)).unwrap().len()
}

#[test]
fn past_100_stages_the_overview_lists_them_a_line_each() {
    let (_site, public) = built(150);
    let overview = read(&public, "index.html");
    assert_eq!(overview.matches("<li><a href=\"/stages/s").count(), 150);
    assert!(!overview.contains("stage-card"), "no cards");
    assert!(
        overview.contains("data-tracked-total=\"300\""),
        "150 topics, 150 exercises"
    );
    assert!(!overview.contains("data-ready-to-start"));
    // 150 stages in runs of 2: 75 rows, each linked to its first stage, in the wide
    // drawing and in the narrow one.
    let rows = overview.matches("<a class=\"timeline-stage\"").count();
    assert_eq!(rows, 2 * 75);
    assert!(overview.contains("aria-label=\"Stages 148 to 149: 2 stages, weeks 149–150\""));
    // The 404 page names the overview and the search, not 150 stages.
    let not_found = read(&public, "404.html");
    assert!(!not_found.contains("Stage number"), "no list of stages");
    assert!(not_found.contains("all 150 stages"));
    assert!(size(&public, "404.html") < 20_000);
}

#[test]
fn up_to_100_stages_the_overview_has_a_card_each() {
    let (_site, public) = built(100);
    let overview = read(&public, "index.html");
    assert_eq!(overview.matches("<li class=\"stage-card\"").count(), 100);
    assert_eq!(
        overview.matches("<a class=\"timeline-stage\"").count(),
        2 * 100,
        "a row a stage in each drawing"
    );
    assert!(!overview.contains("data-tracked-total"));
}

#[test]
fn past_200_stages_the_print_version_comes_in_parts() {
    let (_site, public) = built(450);
    let parts = [
        "print/index.html",
        "print/2/index.html",
        "print/3/index.html",
    ];
    let counts: Vec<usize> = parts
        .iter()
        .map(|p| read(&public, p).matches("class=\"print-stage\"").count())
        .collect();
    assert_eq!(counts, [200, 200, 50]);
    let second = read(&public, "print/2/index.html");
    assert!(second.contains("Part 2 of 3"));
    assert!(second.contains("<a href=\"/print/3/\">Stages 400 to 449</a>"));
    assert!(!public.join("print/4").exists());
    // Each part links its stages' headings to themselves.
    assert!(second.contains("id=\"stage-s250\""));
    // A stage's text is written once, on its page: a part names the page, and links it
    // for a browser without scripts.
    assert!(second.contains("data-print-from=\"/stages/s250/\" data-print-slug=\"s250\""));
    assert!(second.contains("<a href=\"/stages/s250/\">Stage 250: Stage number 250</a>"));
    assert!(!second.contains("Topic 250"), "no stage text in a part");
    assert!(read(&public, "stages/s250/index.html").contains("Topic 250"));
}

/// Serves `site` and runs `steps` in a fresh Chromium (given the server's base URL),
/// then axe; panics with what failed.
#[cfg(feature = "serve")]
async fn in_chromium(
    site: &Path,
    steps: impl AsyncFnOnce(&common::chromium::Chromium, &str) -> Result<(), String>,
) {
    use common::chromium::{self, Launch};
    if !chromium::available() {
        return;
    }
    let server = http::build_and_serve(site);
    let browser = chromium::launch(Launch::default()).await;
    let outcome = async {
        steps(&browser, &server.base()).await?;
        if let Some(axe) = chromium::axe_source() {
            let violations = browser.axe(&axe).await?;
            if !violations.is_empty() {
                return Err(serde_json::to_string_pretty(&violations).unwrap());
            }
        }
        Ok::<(), String>(())
    }
    .await;
    let _ = browser.client.clone().close().await;
    drop(browser);
    outcome.unwrap_or_else(|e| panic!("{e}"));
}

/// A print part in a real browser: each stage's text fetched from its page as it nears
/// the screen, the rest by the part's button before the print dialog, and put in place
/// as the one-page print view has it, the items with their controls; axe clean.
#[cfg(feature = "serve")]
#[tokio::test(flavor = "current_thread")]
async fn a_print_part_shows_each_stages_text_from_its_page() {
    use serde_json::json;
    let site = long_site(450);
    in_chromium(site.path(), async |browser, base| {
        let client = &browser.client;
        client.goto(&format!("{base}print/2/")).await.map_err(|e| e.to_string())?;
        // A visit fetches the stages near the screen only: none at the top of the page
        // (its contents come first), those around stage 300 when scrolled there.
        browser
            .js("document.getElementById('stage-s300').scrollIntoView(); return true")
            .await?;
        browser
            .until("return !!document.querySelector('#stage-s300 .print-prose li[data-item-id]')", &json!(true))
            .await
            .map_err(|v| format!("the first stage not filled in: {v}"))?;
        let left = browser
            .js("return document.querySelectorAll('[data-print-from]').length")
            .await?;
        if left.as_u64().is_none_or(|n| n <= 100) {
            return Err(format!("{left} stages left to fetch: a visit fetched most of them"));
        }
        // The part's button fetches the rest, then opens the print dialog.
        browser
            .js("window.print = function () { window.__printed = document.querySelectorAll('[data-print-from]').length; }; \
                 document.querySelector('[data-print-all]').click(); return true")
            .await?;
        browser
            .until("return window.__printed === 0 && !document.querySelector('[aria-busy]')", &json!(true))
            .await
            .map_err(|v| format!("printed before every stage was filled in: {v}"))?;
        let s250 = browser
            .js("var s = document.getElementById('stage-s250'); var h = s.querySelector('#s250-topics'); \
                 return [h && h.tagName, s.querySelector('.print-prose').textContent.indexOf('Topic 250') >= 0, \
                 s.querySelectorAll('li[data-item-id] input.task-list-item-checkbox:not([disabled])').length, \
                 document.querySelectorAll('.print-stage .print-prose li[data-item-id]').length]")
            .await?;
        if s250 != json!(["H3", true, 1, 400]) {
            return Err(format!("stage 250 in print part 2: {s250}"));
        }
        Ok(())
    })
    .await;
}

#[cfg(feature = "serve")]
#[tokio::test(flavor = "current_thread")]
async fn the_compact_overview_counts_progress_and_passes_axe() {
    use serde_json::json;
    let site = long_site(150);
    in_chromium(site.path(), async |browser, base| {
        let client = &browser.client;
        client.goto(&format!("{base}stages/s3/")).await.map_err(|e| e.to_string())?;
        browser
            .until("return !!document.querySelector('li[data-item-id] input.task-list-item-checkbox:not([disabled])')", &json!(true))
            .await
            .map_err(|v| format!("no tracked checkbox: {v}"))?;
        browser
            .js("document.querySelector('li[data-item-id] input.task-list-item-checkbox').click(); return true")
            .await?;
        client.goto(base).await.map_err(|e| e.to_string())?;
        browser
            .until(
                "var n = document.querySelector('.overall-bar .progress-note'); return n ? n.textContent : null",
                &json!("Whole roadmap: 1 of 300 done (0%)"),
            )
            .await
            .map_err(|v| format!("overall progress: {v}"))?;
        Ok(())
    })
    .await;
}
