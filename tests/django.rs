//! The repository's own site, the Django roadmap in `content/`: it builds, it has its ten
//! stages, `check` finds nothing broken, and every item of the roadmap it was written
//! from (tests/fixtures/django-roadmap.md, the seed) is in it.
//!
//! Authors edit this roadmap: nothing here depends on its wording, durations or totals,
//! only on it keeping what the seed lists. Behaviour is tested on fixture sites.

mod common;

use std::path::Path;

use common::*;
use serde_json::Value;
use tempfile::TempDir;

fn built_django() -> (TempDir, Value) {
    let site = django();
    let out = build(site.path(), &[]);
    assert!(out.status.success(), "{}", stderr(&out));
    let json = roadmap_data(&site.path().join("public"));
    (site, json)
}

#[test]
fn the_site_builds_with_its_ten_stages_and_check_finds_nothing_broken() {
    let (site, json) = built_django();
    // The seed's "STAGE 0" to "STAGE 9".
    let seed = read(&repo(), "tests/fixtures/django-roadmap.md");
    let seed_stages = seed.lines().filter(|l| l.contains(" STAGE ")).count();
    assert_eq!(seed_stages, 10, "the seed's stages");
    assert_eq!(json["stages"].as_array().unwrap().len(), 10);

    let out = roadsmith(&["check", "--root", site.path().to_str().unwrap()]);
    assert!(out.status.success(), "{}\n{}", stdout(&out), stderr(&out));
    assert!(!stderr(&out).contains("error:"), "{}", stderr(&out));
}

/// Words of `text` for comparing a seed item with the site's, lower case, each a run of
/// letters and digits. Markup differs on the two sides (the seed's `**bold**`, code
/// spans, `[links](…)` and `*` bullets; the site's plain item text), and so may what an
/// author changes without changing the item: emoji, quotes, dashes, `&` written `&amp;`.
/// Only the words are the item.
fn words(text: &str) -> Vec<String> {
    text.split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
        .collect()
}

/// A bullet of the seed: as written, its words without its link targets, and the URLs
/// of its links.
struct SeedItem<'a> {
    line: &'a str,
    words: Vec<String>,
    urls: Vec<String>,
}

/// The seed's items: its `* ` bullets (every one is an item: a topic, best practice,
/// suggestion, learning resource, exercise or bonus topic).
fn seed_items(seed: &str) -> Vec<SeedItem<'_>> {
    seed.lines()
        .filter_map(|l| l.strip_prefix("* "))
        .map(|item| {
            let (text, urls) = split_links(item);
            SeedItem {
                line: item,
                words: words(&text),
                urls,
            }
        })
        .collect()
}

/// Whether `part` is a run of consecutive words in `whole`.
fn contains_words(whole: &[String], part: &[String]) -> bool {
    whole.windows(part.len()).any(|w| w == part)
}

#[test]
fn every_item_of_the_seed_is_an_item_of_the_site() {
    let (site, json) = built_django();
    let public = site.path().join("public");
    let base = json["url"].as_str().unwrap();
    // Every item of the site with the page it is on: stages', then standalone pages'.
    let mut site_items = Vec::new();
    for group in ["stages", "pages"] {
        for page in json[group].as_array().unwrap() {
            let url = page["url"].as_str().unwrap();
            let file = Path::new(url.strip_prefix(base).unwrap()).join("index.html");
            for item in page["items"].as_array().unwrap() {
                let text = item["text"].as_str().unwrap();
                site_items.push((words(text), file.clone()));
            }
        }
    }

    let seed = read(&repo(), "tests/fixtures/django-roadmap.md");
    let items = seed_items(&seed);
    // The seed's bullets, stage by stage (0 to 9): 6, 13, 11, 12, 12, 9, 9, 8, 9, 9, then
    // 5 bonus topics: 103.
    assert_eq!(items.len(), 103, "the seed's items");
    let mut missing = Vec::new();
    for item in items {
        assert!(!item.words.is_empty(), "{:?} has no words", item.line);
        // An author may say more about an item ("…, see Models"): the seed's words
        // need only be a run of the site item's words.
        let Some((_, file)) = site_items
            .iter()
            .find(|(w, _)| contains_words(w, &item.words))
        else {
            missing.push(item.line);
            continue;
        };
        // Its links, on the page the item is on.
        let html = read(&public, file.to_str().unwrap());
        for url in &item.urls {
            assert!(
                html.contains(&format!("href=\"{url}\"")),
                "{}: no link to {url} for {:?}",
                file.display(),
                item.line
            );
        }
    }
    assert!(
        missing.is_empty(),
        "seed items the site does not have as items:\n{}",
        missing.join("\n")
    );
}

/// The example, whatever the durations are: from Monday 2027-01-04 at the
/// author's pace, stage 0 starts on the 4th and ends (DTEND, the day after its last) its
/// length in days later, and stage 1 starts on that day. With stage 0 at "1 week",
/// DTEND is 20270111.
#[test]
fn the_calendar_starts_stage_one_where_stage_zero_ends() {
    let (site, json) = built_django();
    let out = roadsmith(&[
        "export",
        "ics",
        "--start",
        "2027-01-04",
        "--root",
        site.path().to_str().unwrap(),
    ]);
    assert!(out.status.success(), "{}", stderr(&out));
    let ics = stdout(&out);
    let days = json["stages"][0]["days_max"].as_f64().unwrap().ceil() as u32;
    // Day-of-January arithmetic holds while stage 0 is under four weeks.
    assert!(days < 28, "stage 0 is {days} days");
    let end = format!("202701{:02}", 4 + days);
    assert!(
        ics.contains(&format!(
            "DTSTART;VALUE=DATE:20270104\r\nDTEND;VALUE=DATE:{end}\r\n"
        )),
        "{ics}"
    );
    assert!(
        ics.contains(&format!("DTSTART;VALUE=DATE:{end}\r\n")),
        "stage 1 starts on {end}"
    );
    assert_eq!(ics.matches("BEGIN:VEVENT").count(), 10);
}

/// A link to the reader's progress with every item of the roadmap ticked, at times
/// spread over most of a year (the larger varints), stays under 2,000 characters, the
/// length every browser, chat and mail client keeps whole.
#[cfg(feature = "serve")]
#[tokio::test(flavor = "multi_thread")]
async fn a_link_to_every_item_done_fits_in_2000_characters() {
    use serde_json::json;
    if !chromium::available() {
        return;
    }
    let site = django();
    let server = http::build_and_serve(site.path());
    let roadmap: Value = roadmap_data(&site.path().join("public"));
    let tracked: Vec<String> = ["stages", "pages"]
        .iter()
        .flat_map(|part| roadmap[part].as_array().unwrap())
        .flat_map(|s| s["items"].as_array().unwrap())
        .filter(|i| i["tracked"] == true)
        .map(|i| i["id"].as_str().unwrap().to_string())
        .collect();
    let stored = every_item_done(&tracked);

    let browser = chromium::launch(chromium::Launch::default()).await;
    let b = &browser;
    let result = async {
        b.client.goto(&server.base()).await.unwrap();
        b.js(&format!(
            "localStorage.setItem('roadsmith:progress:/', {}); return true;",
            json!(stored.to_string())
        ))
        .await?;
        b.client.refresh().await.unwrap();
        b.until(
            "return !!document.querySelector('.share-tools button')",
            &json!(true),
        )
        .await
        .map_err(|v| v.to_string())?;
        b.js("document.querySelector('.share-tools button').click(); return true;")
            .await?;
        b.until(
            "return document.getElementById('share-link').value.indexOf('#progress=') > 0",
            &json!(true),
        )
        .await
        .map_err(|v| v.to_string())?;
        let link = b
            .js("return document.getElementById('share-link').value")
            .await?;
        let shared = b
            .js("return document.querySelector('.overall-bar .progress-note').textContent")
            .await?;
        Ok::<_, String>((link.as_str().unwrap_or_default().to_string(), shared))
    }
    .await;
    let _ = browser.client.clone().close().await;
    let (link, shared) = result.unwrap();
    eprintln!(
        "{} items done ({shared}): a link of {} characters",
        tracked.len(),
        link.len()
    );
    let in_stages = roadmap["stages"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|s| s["items"].as_array().unwrap())
        .filter(|i| i["tracked"] == true)
        .count();
    assert_eq!(
        shared,
        json!(format!(
            "Whole roadmap: {in_stages} of {in_stages} done (100%)"
        ))
    );
    assert!(link.len() < 2000, "{} characters: {link}", link.len());
}

/// The reader's stored progress with every item of `tracked` done, one item every three
/// days back from now: times spread over most of a year make the link's varints larger.
#[cfg(feature = "serve")]
fn every_item_done(tracked: &[String]) -> Value {
    use serde_json::json;
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_millis() as f64;
    let items: serde_json::Map<String, Value> = tracked
        .iter()
        .enumerate()
        .map(|(i, id)| {
            let at = now - (i as f64) * 3.0 * 86_400_000.0;
            (id.clone(), json!({ "status": "done", "at": at }))
        })
        .collect();
    json!({ "version": 2, "site": "/", "items": items })
}
