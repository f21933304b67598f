//! Right to left: a site whose language is written right to left (tests/fixtures/arabic,
//! `language = "ar"`) has `dir="rtl"` on every page, and in a real browser its layout,
//! its timeline and its map are mirrored, their words still reading as written; an
//! English site keeps its left-to-right layout.

mod common;

use common::*;

/// One page of each kind the Arabic fixture has.
const KINDS: [&str; 5] = [
    "index.html",
    "stages/sql/index.html",
    "about/index.html",
    "404.html",
    "print/index.html",
];

/// Builds `site` and checks that each HTML page it writes opens with `html`.
fn every_page_opens_with(site: &std::path::Path, html: &str) {
    let out = build(site, &[]);
    assert!(out.status.success(), "{}", stderr(&out));
    let public = site.join("public");
    for kind in KINDS {
        assert!(public.join(kind).is_file(), "{kind}");
    }
    let mut pages = 0;
    for entry in walkdir::WalkDir::new(&public) {
        let path = entry.unwrap().into_path();
        if path.extension().is_some_and(|x| x == "html") {
            let page = std::fs::read_to_string(&path).unwrap();
            assert!(page.contains(html), "{}: {}", path.display(), &page[..80]);
            pages += 1;
        }
    }
    assert!(pages >= KINDS.len(), "{pages} pages");
}

#[test]
fn every_page_of_an_arabic_site_runs_right_to_left() {
    let site = site(&["arabic"]);
    every_page_opens_with(site.path(), "<html lang=\"ar\" dir=\"rtl\">");
    let manifest = read(&site.path().join("public"), "manifest.webmanifest");
    let manifest: serde_json::Value = serde_json::from_str(&manifest).unwrap();
    assert_eq!(
        (&manifest["lang"], &manifest["dir"]),
        (&"ar".into(), &"rtl".into())
    );
}

#[test]
fn site_toml_may_say_the_direction_and_an_english_site_runs_left_to_right() {
    let site = site(&["arabic"]);
    let toml = site.path().join("site.toml");
    let text = read(site.path(), "site.toml");
    std::fs::write(&toml, format!("{text}direction = \"ltr\"\n")).unwrap();
    every_page_opens_with(site.path(), "<html lang=\"ar\" dir=\"ltr\">");
    let english = text.replace("language = \"ar\"", "language = \"en-GB\"");
    std::fs::write(&toml, &english).unwrap();
    every_page_opens_with(site.path(), "<html lang=\"en-GB\" dir=\"ltr\">");
    std::fs::write(&toml, format!("{english}direction = \"rtl\"\n")).unwrap();
    every_page_opens_with(site.path(), "<html lang=\"en-GB\" dir=\"rtl\">");
}

#[test]
fn a_direction_other_than_rtl_or_ltr_is_an_error_on_its_line() {
    let site = site(&["arabic"]);
    let text = read(site.path(), "site.toml");
    std::fs::write(
        site.path().join("site.toml"),
        format!("{text}direction = \"right\"\n"),
    )
    .unwrap();
    let out = build(site.path(), &[]);
    assert!(!out.status.success());
    let err = stderr(&out);
    let line = text.lines().count() + 1;
    assert!(err.contains(&format!("site.toml:{line}")), "{err}");
    assert!(err.contains("`right`") && err.contains("`rtl`"), "{err}");
}

/// The Arabic site and an English one (tests/fixtures/data-branching: the same shape of
/// roadmap) in a real browser at a desktop's size (and the overview at a phone's): where the timeline's first stage,
/// the map's first stage, the titles, the pager, the breadcrumb's arrow and a list's
/// indent are; every text of the drawings inside its drawing and not mirrored; no
/// sideways scroll; and axe-core finds nothing on the Arabic overview and stage page.
#[cfg(feature = "serve")]
mod in_a_browser {
    use super::common;
    use common::chromium;
    use common::tab::Tab;
    use serde_json::{Value, json};

    /// Where the overview's drawings put things, as a reader sees them.
    const OVERVIEW: &str = "var box = function (e) { return e.getBoundingClientRect(); };
        var shown = function (css) { return Array.prototype.filter.call(document.querySelectorAll(css),
          function (e) { return e.getClientRects().length > 0; })[0]; };
        var timeline = shown('svg.timeline'), map = shown('.roadmap-map svg');
        var rows = timeline.querySelectorAll('a.timeline-stage');
        var firstBar = box(rows[0].querySelector('.timeline-min'));
        var lastBar = box(rows[rows.length - 1].querySelector('.timeline-min'));
        var label = box(rows[0].querySelector('.timeline-label'));
        var stages = map.querySelectorAll('a.map-stage');
        var firstBox = box(stages[0].querySelector('.map-box'));
        var mark = stages[0].parentNode.querySelector('.map-mark');
        mark.textContent = '✓';
        var markBox = box(mark);
        var lastBox = box(stages[stages.length - 1].querySelector('.map-box'));
        var texts = Array.prototype.slice.call(timeline.querySelectorAll('text'))
          .concat(Array.prototype.slice.call(map.querySelectorAll('text')))
          .filter(function (t) { return t.textContent.trim(); });
        var outside = texts.filter(function (t) {
          var r = box(t), s = box(t.ownerSVGElement);
          return r.left < s.left - 1 || r.right > s.right + 1;
        });
        var titlesOut = Array.prototype.filter.call(stages, function (a) {
          var b = box(a.querySelector('.map-box'));
          return Array.prototype.some.call(a.querySelectorAll('.map-title'), function (t) {
            var r = box(t); return r.left < b.left || r.right > b.right;
          });
        });
        var text = function (t) { return t.textContent; };
        return {
          dir: getComputedStyle(document.documentElement).direction,
          timeline: firstBar.left > lastBar.left ? 'first stage right' : 'first stage left',
          titles: label.left >= firstBar.right ? 'right of the bars' : label.right <= firstBar.left ? 'left of the bars' : 'over the bars',
          mark: markBox.left < firstBox.left || markBox.right > firstBox.right ? 'outside its box'
            : markBox.left - firstBox.left < firstBox.right - markBox.right ? 'at the left end' : 'at the right end',
          map: firstBox.left >= lastBox.right ? 'first stage right' : firstBox.right <= lastBox.left ? 'first stage left' : 'overlapping',
          outside: outside.map(text),
          mirrored: texts.filter(function (t) { return t.getScreenCTM().a < 0; }).map(text),
          titles_out_of_their_box: titlesOut.map(function (a) { return a.getAttribute('aria-label'); }),
          sideways: document.documentElement.scrollWidth > window.innerWidth
        };";

    /// Where a stage page puts its pager, its breadcrumb's arrow and a list's indent.
    const STAGE: &str = "var box = function (e) { return e.getBoundingClientRect(); };
        var prev = box(document.querySelector('.pager-prev')), next = box(document.querySelector('.pager-next'));
        var crumb = document.querySelector('.breadcrumb a'), arrow = crumb.querySelector('[aria-hidden]');
        var a = box(arrow), c = box(crumb);
        var list = getComputedStyle(document.querySelector('.prose ul'));
        return {
          pager: prev.left >= next.right ? 'previous right' : prev.right <= next.left ? 'previous left' : 'overlapping',
          arrow: (a.left + a.right) / 2 > (c.left + c.right) / 2 ? 'right' : 'left',
          arrow_turned: getComputedStyle(arrow).transform !== 'none',
          list_indent: list.paddingLeft === '0px' ? 'right' : list.paddingRight === '0px' ? 'left' : 'both',
          sideways: document.documentElement.scrollWidth > window.innerWidth
        };";

    /// A screenshot of what `tab` shows as `name`.png in `$ROADSMITH_SHOTS`, when set
    /// (for people to look at; nothing compares them).
    async fn shot(tab: &Tab, name: &str) {
        let Some(dir) = std::env::var_os("ROADSMITH_SHOTS") else {
            return;
        };
        std::fs::create_dir_all(&dir).unwrap();
        let png = tab.chromium.client.screenshot().await.unwrap();
        std::fs::write(std::path::Path::new(&dir).join(format!("{name}.png")), png).unwrap();
    }

    async fn look(fixture: &str, axe: bool) -> (Value, Value) {
        let (tab, _server, _site) = Tab::on_site(common::site(&[fixture])).await;
        tab.set_viewport(1280, 900).await;
        tab.open("").await;
        let overview = tab.js(OVERVIEW).await;
        tab.js("document.querySelector('.timeline').scrollIntoView(); return 1")
            .await;
        shot(&tab, &format!("{fixture}-timeline")).await;
        tab.js("document.querySelector('.roadmap-map').scrollIntoView(); return 1")
            .await;
        shot(&tab, &format!("{fixture}-map")).await;
        if axe {
            tab.assert_axe(&format!("{fixture} overview")).await;
        }
        tab.open("stages/pipelines/").await;
        let stage = tab.js(STAGE).await;
        shot(&tab, &format!("{fixture}-stage")).await;
        tab.js("document.querySelector('.pager').scrollIntoView(); return 1")
            .await;
        shot(&tab, &format!("{fixture}-pager")).await;
        if axe {
            tab.assert_axe(&format!("{fixture} stage page")).await;
        }
        // On a phone, last (the window is not made larger again): the narrow drawings,
        // their texts in place, nothing sideways.
        tab.set_viewport(390, 844).await;
        tab.open("").await;
        let phone = tab.js(OVERVIEW).await;
        tab.js("document.querySelector('.map-section').scrollIntoView(); return 1")
            .await;
        shot(&tab, &format!("{fixture}-phone-map")).await;
        tab.js("document.querySelector('.timeline-narrow').scrollIntoView(); return 1")
            .await;
        shot(&tab, &format!("{fixture}-phone-timeline")).await;
        for key in ["outside", "mirrored", "titles_out_of_their_box"] {
            assert_eq!(phone[key], json!([]), "{fixture} on a phone: {phone}");
        }
        assert_eq!(
            phone["sideways"],
            json!(false),
            "{fixture} on a phone: {phone}"
        );
        assert_eq!(phone["timeline"], overview["timeline"], "{phone}");
        assert_eq!(phone["mark"], overview["mark"], "{phone}");
        assert_eq!(tab.errors().await, Vec::<Value>::new(), "{fixture}");
        tab.close().await;
        (overview, stage)
    }

    #[tokio::test(flavor = "current_thread")]
    async fn an_arabic_site_is_mirrored_and_an_english_one_is_not() {
        if !chromium::available() {
            return;
        }
        let (overview, stage) = look("arabic", true).await;
        assert_eq!(
            overview,
            json!({
                "dir": "rtl", "timeline": "first stage right", "titles": "right of the bars",
                "map": "first stage right", "mark": "at the left end", "outside": [], "mirrored": [],
                "titles_out_of_their_box": [], "sideways": false
            })
        );
        assert_eq!(
            stage,
            json!({
                "pager": "previous right", "arrow": "right", "arrow_turned": true,
                "list_indent": "right", "sideways": false
            })
        );
        let (overview, stage) = look("data-branching", false).await;
        assert_eq!(
            overview,
            json!({
                "dir": "ltr", "timeline": "first stage left", "titles": "left of the bars",
                "map": "first stage left", "mark": "at the right end", "outside": [], "mirrored": [],
                "titles_out_of_their_box": [], "sideways": false
            })
        );
        assert_eq!(
            stage,
            json!({
                "pager": "previous left", "arrow": "left", "arrow_turned": false,
                "list_indent": "left", "sideways": false
            })
        );
    }
}
