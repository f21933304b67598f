//! The overview's map of the stages as pages show it: blocks of stages past 100
//! stages, and in a real browser, on a branching roadmap (tests/fixtures/data-branching)
//! and on the Django roadmap. The layout's geometry is tested in tests/map_layout.rs.

mod common;

use common::*;

#[test]
fn past_100_stages_the_map_draws_blocks_of_stages() {
    let site = site_without_stages();
    for i in 1..=120 {
        let extra = if i > 1 && i % 10 == 0 {
            format!("requires = [\"s{}\", \"s{}\"]\n", i - 1, i - 4)
        } else {
            String::new()
        };
        std::fs::write(
            site.path().join(format!("content/{i:03}.md")),
            format!("+++\ntitle = \"Stage {i}\"\nslug = \"s{i}\"\nstage = {i}\nduration = \"1 week\"\n{extra}+++\n## Topics\n\n- Topic {i}\n"),
        )
        .unwrap();
    }
    let out = build(site.path(), &[]);
    assert!(out.status.success(), "{}", stderr(&out));
    let overview = read(&site.path().join("public"), "index.html");
    let map = between(&overview, "<div class=\"roadmap-map\">", "</details>");
    assert!(
        map.contains("Map of the stages: 120 stages in 40 blocks"),
        "{map}"
    );
    // 120 stages in blocks of 3 (50 blocks at most): "Stages 1–3"...
    let block = between(map, "<a class=\"map-stage map-group\" href=\"", "</a>");
    assert!(
        block.contains("aria-label=\"Stages 1–3 (3 stages), weeks 1–3\""),
        "{block}"
    );
    assert!(
        block.starts_with("<a class=\"map-stage map-group\" href=\"https://example.com/"),
        "{block}"
    );
    assert!(
        attr(block, "href").ends_with("/stages/s1/"),
        "its first stage"
    );
    assert!(map.contains("aria-label=\"Stages 10–12 (3 stages), weeks 10–12, requires stages 4–6 and stages 7–9\""), "{map}");
    assert!(!map.contains("data-stage="), "no box is a stage");
    assert_eq!(map.matches("<a class=\"map-stage").count(), 2 * 40);
}

/// The map of the stages in a real browser, on a branching roadmap (SQL, then
/// pipelines and modelling side by side, an optional streaming stage, two tracks, a
/// warehouse capstone) and on the Django roadmap, at a desktop's and a phone's size:
/// the map starts on the first screen, the page never scrolls sideways, its text is
/// drawn at 12 px or more, every stage has its link, axe-core finds nothing (light and
/// dark), and a finished stage's box says so. With `ROADSMITH_SHOTS=DIR`, screenshots
/// land in DIR (for people to look at; nothing compares them).
#[cfg(feature = "serve")]
mod map_in_a_browser {
    use super::common;
    use common::chromium::{self, Launch};
    use common::tab::Tab;
    use serde_json::Value;

    const SIZES: [(u32, u32); 2] = [(1280, 900), (390, 844)];

    /// What the test reads of the overview: the drawing shown, where it starts, the
    /// page's width, text drawn under 12 px, the stage links.
    const LOOK: &str = "var shown = Array.prototype.filter.call(
          document.querySelectorAll('.roadmap-map svg'), function (s) { return s.getClientRects().length > 0; });
        var svg = shown[0];
        var texts = svg ? Array.prototype.slice.call(svg.querySelectorAll('text')) : [];
        return {
          shown: shown.map(function (s) { return s.parentNode.className; }),
          top: svg ? svg.getBoundingClientRect().top + window.scrollY : null,
          inner: [window.innerWidth, window.innerHeight],
          scroll: document.documentElement.scrollWidth,
          small: texts.filter(function (t) {
            var h = t.getBoundingClientRect().height;
            return t.textContent.trim() && h > 0 && h < 12;
          }).map(function (t) { return t.textContent + ': ' + t.getBoundingClientRect().height; }),
          texts: texts.filter(function (t) { return t.textContent.trim(); }).length,
          stages: svg ? Array.prototype.map.call(svg.querySelectorAll('a.map-stage[data-stage]'),
            function (a) { return a.getAttribute('data-stage'); }) : []
        };";

    /// A screenshot of what `tab` shows as `name`.png in `$ROADSMITH_SHOTS`, when set.
    async fn shot(tab: &Tab, name: &str) {
        let Some(dir) = std::env::var_os("ROADSMITH_SHOTS") else {
            return;
        };
        let file = std::path::Path::new(&dir).join(format!("{name}.png"));
        std::fs::create_dir_all(&dir).unwrap();
        std::fs::write(&file, tab.chromium.client.screenshot().await.unwrap()).unwrap();
        eprintln!("screenshot: {}", file.display());
    }

    async fn look(tab: &Tab, name: &str, slugs: &[&str]) {
        for (w, h) in SIZES {
            tab.set_viewport(w, h).await;
            tab.open("").await;
            let got: Value = tab.js(LOOK).await;
            let what = format!("{name} at {w}x{h}: {got}");
            let want = if w > 600 {
                "roadmap-map-wide"
            } else {
                "roadmap-map-narrow"
            };
            assert_eq!(got["shown"], serde_json::json!([want]), "{what}");
            assert!(
                got["top"].as_f64().unwrap() < f64::from(h),
                "the map starts on the first screen: {what}"
            );
            assert!(
                got["scroll"].as_i64().unwrap() <= i64::from(w),
                "no sideways scroll: {what}"
            );
            assert!(
                got["small"].as_array().unwrap().is_empty(),
                "text under 12 px: {what}"
            );
            assert!(
                got["texts"].as_u64().unwrap() >= 2 * slugs.len() as u64,
                "{what}"
            );
            let mut stages: Vec<&str> = got["stages"]
                .as_array()
                .unwrap()
                .iter()
                .map(|s| s.as_str().unwrap())
                .collect();
            stages.sort_unstable();
            let mut want: Vec<&str> = slugs.to_vec();
            want.sort_unstable();
            assert_eq!(stages, want, "{what}");
            shot(tab, &format!("{name}-{w}x{h}")).await;
            tab.assert_axe(&format!("{name} overview at {w}x{h}")).await;
        }
    }

    /// Every item of `done` done, one of `doing`: their boxes say so, by mark, class and
    /// name, and so does the list.
    async fn progress_shows(tab: &Tab, done: &str, doing: &str) {
        tab.open("").await;
        let script = format!(
            "var items = function (slug) {{
               return document.querySelector('.stage-card[data-stage=\"' + slug + '\"]').getAttribute('data-items').split(' ');
             }};
             items('{done}').forEach(function (id) {{ window.roadsmith.setStatus(id, 'done', id); }});
             window.roadsmith.setStatus(items('{doing}')[0], 'doing', 'x');
             return true;"
        );
        tab.js(&script).await;
        let state = format!(
            "return ['{done}', '{doing}'].map(function (slug) {{
               var a = document.querySelector('.roadmap-map-wide a[data-stage=\"' + slug + '\"]');
               return [a.getAttribute('class'), a.parentNode.querySelector('.map-mark').textContent,
                       a.getAttribute('aria-label').split(', ').pop(),
                       document.querySelector('[data-map-list=\"' + slug + '\"]').parentNode.lastChild.textContent];
             }});"
        );
        tab.until_is(
            "the map marks the stages done and in progress",
            &state,
            serde_json::json!([
                ["map-stage map-done", "✓", "done", " (✓ done)"],
                [
                    "map-stage map-track-0 map-doing",
                    "◐",
                    "in progress",
                    " (◐ in progress)"
                ]
            ]),
        )
        .await;
        shot(tab, "branching-progress-1280x900").await;
    }

    #[tokio::test(flavor = "current_thread")]
    async fn the_map_is_readable_at_a_desktops_and_a_phones_size() {
        if !chromium::available() {
            return;
        }
        let (tab, server, _site) = Tab::on_site(common::site(&["data-branching"])).await;
        let slugs = ["sql", "pipelines", "modelling", "streaming", "warehouse"];
        look(&tab, "branching", &slugs).await;
        tab.set_viewport(1280, 900).await;
        progress_shows(&tab, "sql", "pipelines").await;
        tab.close().await;
        // Dark: the map's colours are the theme's custom properties.
        let dark = Launch {
            args: &["--force-dark-mode"],
            ..Launch::default()
        };
        let tab = Tab::launch(&server.base(), dark).await;
        assert_eq!(
            tab.js("return matchMedia('(prefers-color-scheme: dark)').matches")
                .await,
            serde_json::json!(true)
        );
        look(&tab, "branching-dark", &slugs).await;
        tab.close().await;

        let (tab, _server, django) = Tab::on_site(common::django()).await;
        let json: Value =
            serde_json::from_str(&common::read(&django.path().join("public"), "roadmap.json"))
                .unwrap();
        let slugs: Vec<&str> = (json["stages"].as_array().unwrap().iter())
            .map(|s| s["slug"].as_str().unwrap())
            .collect();
        look(&tab, "django", &slugs).await;
        tab.close().await;
    }
}
