//! Roadmaps that branch (`requires`, `optional`, `track`), through the real binary:
//! the schedule and total of tests/fixtures/diamond, the rows, track colours and links
//! of tests/fixtures/tracks (and their size in Chromium), what stage pages and the
//! takeaway files say, and every mistake reported by `check` and `serve`. (`build` on
//! each mistake, and the output left as it was, is in tests/build_errors.rs with the
//! other bad inputs.)
//!
//! The diamond: `a` 1 week; `b` 2 weeks and `c` 3 weeks, both requiring `a`; `d` 1 week
//! requiring `b` and `c`; `e` 2 weeks, optional, requiring `a`.
//!
//! The tracks: Setup (1 week); Backend: Python (2 weeks, after Setup by default), Django
//! (2–3 weeks, after Python by default), Caching (1 week, optional, after Django);
//! Frontend: HTML & CSS (1–2 weeks, after Setup), React (2 weeks, after HTML & CSS by
//! default); Capstone (1 week, no track, after Django and React).

mod common;

use std::path::Path;

use common::*;
use serde_json::Value;

fn built(fixtures: &[&str], extra: &[&str]) -> (tempfile::TempDir, std::path::PathBuf) {
    built_site(site(fixtures), extra)
}

fn roadmap_json(public: &Path) -> Value {
    roadmap_data(public)
}

fn stage<'a>(json: &'a Value, slug: &str) -> &'a Value {
    json["stages"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["slug"] == slug)
        .unwrap_or_else(|| panic!("stage {slug}"))
}

#[test]
fn the_diamond_takes_its_longest_path_and_d_starts_in_week_5() {
    let (_site, public) = built(&["diamond"], &[]);
    let json = roadmap_json(&public);
    // a, c, d: 1 + 3 + 1; not the 7 weeks of a, b, c, d added up.
    assert_eq!(json["weeks_label"], "5 weeks");
    assert_eq!(
        (json["weeks_min"].as_f64(), json["weeks_max"].as_f64()),
        (Some(5.0), Some(5.0))
    );
    let d = stage(&json, "d");
    assert_eq!(d["start_min"], 4.0, "after c, the longer branch");
    assert_eq!(
        (d["start_week"].as_u64(), d["weeks_label"].as_str()),
        (Some(5), Some("week 5"))
    );
    assert_eq!(d["requires"], serde_json::json!(["b", "c"]));
    for (slug, weeks) in [
        ("a", "week 1"),
        ("b", "weeks 2–3"),
        ("c", "weeks 2–4"),
        ("e", "weeks 2–3"),
    ] {
        assert_eq!(stage(&json, slug)["weeks_label"], weeks, "{slug}");
    }
    assert_eq!(stage(&json, "e")["optional"], true);
    assert_eq!(stage(&json, "b")["optional"], false);
    assert_eq!(stage(&json, "a")["requires"], serde_json::json!([]));
    assert_eq!(
        json["study_order"],
        serde_json::json!(["a", "b", "c", "d", "e"])
    );

    let overview = read(&public, "index.html");
    assert!(
        overview.contains("5 stages (1 optional) · 5 weeks"),
        "the total leaves e out"
    );
    // The cards, not the timeline's rows, which carry data-stage too.
    let e_card = between(&overview, "data-stage=\"e\" data-items", "</li>");
    assert!(e_card.contains("chip-optional"), "{e_card}");
    assert!(!between(&overview, "data-stage=\"d\" data-items", "</li>").contains("chip-optional"));
    assert_eq!(
        attr(
            between(&overview, "data-stage=\"d\" data-items", ">"),
            "data-requires"
        ),
        "b c"
    );
    // The timeline spans the 5 weeks; d's bar starts after week 4.
    let unit = roadsmith::reader::timeline::scale(5.0);
    // The timeline's row (the map's box has the same name).
    let timeline = between(&overview, "<svg class=\"timeline timeline-wide\"", "</svg>");
    let d_bar = between(timeline, "aria-label=\"D: stage 3", "</a>");
    let x: f64 = attr(between(d_bar, "timeline-min", "/>"), "x")
        .parse()
        .unwrap();
    assert!(
        (x - (roadsmith::reader::timeline::CHART_LEFT + 4.0 * unit)).abs() < 0.006,
        "{x}"
    );
    assert!(
        attr(
            between(
                &overview,
                "<a class=\"timeline-stage\" data-stage=\"d\" href=\"https://example.com/diamond/stages/d/\"",
                ">"
            ),
            "aria-label"
        )
        .ends_with("week 5, requires stage 1 (B) and stage 2 (C)"),
        "text alternatives state the prerequisites"
    );
}

#[test]
fn stage_pages_say_what_comes_before_and_what_it_leads_to() {
    let (_site, public) = built(&["diamond"], &[]);
    let deps = |slug: &str| -> String {
        let page = read(&public, &format!("stages/{slug}/index.html"));
        between(&page, "<dl class=\"stage-deps\">", "</dl>").to_string()
    };
    let d = deps("d");
    let before = between(&d, "Before this:", "</dd>");
    assert_eq!(
        urls(before),
        ["/diamond/stages/b/", "/diamond/stages/c/"],
        "{d}"
    );
    assert!(before.contains("Stage 1: B") && before.contains("Stage 2: C"));
    assert!(!d.contains("Leads to:"), "nothing requires d");

    let a = deps("a");
    assert!(
        a.contains("nothing; you can start this stage at once"),
        "{a}"
    );
    let leads = between(&a, "Leads to:", "</dd>");
    assert_eq!(
        urls(leads),
        [
            "/diamond/stages/b/",
            "/diamond/stages/c/",
            "/diamond/stages/e/"
        ]
    );
    assert!(leads.contains("Stage 4: E</a> (optional)"), "{leads}");
    // What requires b is d, not c after it; what requires c is d, the next stage, which
    // the pager names: the page does not say it twice.
    assert_eq!(
        urls(between(&deps("b"), "Leads to:", "</dd>")),
        ["/diamond/stages/d/"]
    );
    assert!(!deps("c").contains("Leads to:"), "{}", deps("c"));
    let c = read(&public, "stages/c/index.html");
    assert!(
        c.contains("rel=\"next\" href=\"/diamond/stages/d/\""),
        "{c}"
    );

    let e = read(&public, "stages/e/index.html");
    assert!(e.contains("<span class=\"chip chip-optional\">Optional</span>"));
    let print = read(&public, "print/index.html");
    assert!(
        print.contains("Before this: Stage 1: B; Stage 2: C</p>"),
        "the print page too"
    );
}

/// The wide drawing of the overview's timeline, and the narrow one.
fn drawings(overview: &str) -> [&str; 2] {
    [
        between(overview, "<svg class=\"timeline timeline-wide\"", "</svg>"),
        between(
            overview,
            "<svg class=\"timeline timeline-narrow\"",
            "</svg>",
        ),
    ]
}

#[test]
fn the_timeline_keeps_study_order_and_colours_tracks() {
    let (_site, public) = built(&["tracks"], &[]);
    let overview = read(&public, "index.html");
    for svg in drawings(&overview) {
        assert!(svg.contains("<title id=\"timeline"), "{svg}");
        assert!(svg.contains("-title\">Timeline: 7 stages (1 optional) over 6–7 weeks</title>"));
        assert!(
            !svg.contains("timeline-lane"),
            "no lanes: tracks are colours"
        );
        // Rows in study order, each below what it requires: the capstone last.
        let rows: Vec<&str> = svg
            .split("<a class=\"timeline-stage")
            .skip(1)
            .map(|r| attr(r, "aria-label"))
            .collect();
        let titles: Vec<&str> = rows.iter().map(|l| &l[..l.find(':').unwrap()]).collect();
        assert_eq!(
            titles,
            [
                "Setup",
                "Python",
                "Django",
                "HTML &amp; CSS",
                "React",
                "Caching",
                "Capstone"
            ]
        );
        assert!(
            rows[5].contains(", optional, Backend track, requires stage 2 (Django)"),
            "{}",
            rows[5]
        );
        assert!(svg.contains(
            "<a class=\"timeline-stage timeline-optional timeline-track-0\" data-stage=\"caching\" href=\"https://example.com/tracks/stages/caching/\""
        ));
        assert!(svg.contains("<a class=\"timeline-stage timeline-track-1\" data-stage=\"react\""));
        assert!(svg.contains("<a class=\"timeline-stage\" data-stage=\"capstone\""));
        // The duration under the title, after the link (which names it already).
        let react = between(svg, "data-stage=\"react\"", "<a ");
        assert!(react.contains(">React</text>") && react.contains(">2 weeks</text>"));
    }
    let legend = between(&overview, "<ul class=\"timeline-legend\"", "</ul>");
    assert!(
        legend.contains("<span class=\"timeline-swatch timeline-track-0\" aria-hidden=\"true\"></span>Backend</li>")
            && legend.contains("timeline-track-1\" aria-hidden=\"true\"></span>Frontend</li>"),
        "{legend}"
    );
    assert!(overview.contains("Dashed outline: optional."));
    let card = between(&overview, "data-stage=\"caching\" data-items", "</li>");
    assert!(
        card.contains("Backend track") && card.contains("Optional"),
        "{card}"
    );
}

#[test]
fn the_timeline_links_to_what_is_not_right_above() {
    let (_site, public) = built(&["tracks"], &[]);
    let overview = read(&public, "index.html");
    let svg = drawings(&overview)[0];
    // Links: HTML & CSS to Setup, Caching to Django, Capstone to Django and to React
    // (Caching is the row right above Capstone). Python, Django and React require the
    // row right above them: no link.
    let links: Vec<Vec<f64>> = svg
        .split("<path class=\"timeline-link\" d=\"M")
        .skip(1)
        .map(|p| {
            p[..p.find('"').unwrap()]
                .split(['H', 'V', ' '])
                .map(|n| n.parse().unwrap())
                .collect()
        })
        .collect();
    assert_eq!(links.len(), 4, "{links:?}");
    // Capstone (row 7, top 30 + 6 × 40 = 270) starts after Django's shortest end, week
    // 5; React (row 5, top 190) ends at week 2 + 2 = 4 at the quickest.
    let (left, unit) = (
        roadsmith::reader::timeline::CHART_LEFT,
        roadsmith::reader::timeline::scale(7.0),
    );
    let from_react = &links[3];
    let near = |a: f64, b: f64| (a - b).abs() < 0.011;
    assert!(near(from_react[0], left + 4.0 * unit), "{from_react:?}");
    assert!(
        near(from_react[1], 190.0 + 28.0),
        "from React's bar's bottom edge, down"
    );
    assert!(
        near(from_react[2], left + 5.0 * unit - 6.0),
        "{from_react:?}"
    );
    assert!(near(from_react[3], 270.0 + 20.0), "to Capstone's middle");
    assert!(
        near(from_react[4], left + 5.0 * unit),
        "into Capstone's start"
    );
    // Every line right of week 0: the titles and durations are left of it.
    for link in &links {
        assert!(link.iter().step_by(2).all(|&x| x > left), "{link:?}");
    }
    assert!(svg.contains("Lines join a stage to the stages it requires"));
}

#[test]
fn a_linear_roadmap_keeps_its_line() {
    let (_site, public) = built(&["rich"], &[]);
    let json = roadmap_json(&public);
    let stages = json["stages"].as_array().unwrap();
    for pair in stages.windows(2) {
        assert_eq!(pair[1]["requires"], serde_json::json!([pair[0]["slug"]]));
        assert_eq!(pair[1]["optional"], false);
        assert_eq!(pair[1]["track"], Value::Null);
    }
    let overview = read(&public, "index.html");
    for svg in drawings(&overview) {
        assert!(
            !svg.contains("timeline-link"),
            "each stage follows the bar right above it"
        );
        assert!(!svg.contains("timeline-track"), "no tracks");
        assert!(!svg.contains("optional"));
    }
    assert!(!overview.contains("timeline-legend"));
}

#[test]
fn the_checklist_and_the_notion_export_carry_requires_optional_and_track() {
    let (site, public) = built(&["tracks"], &[]);
    let checklist = read(&public, "checklist.md");
    assert!(
        checklist.contains("7 stages (1 optional) · 6–7 weeks · <https://example.com/tracks/>")
    );
    // Caching starts after Django: weeks 5 to 6 at the quickest, 6 to 7 at the slowest.
    assert!(
        checklist.contains(
            "## Stage 5: Caching\n\n1 week · weeks 6–7 · optional · track: Backend · <https://example.com/tracks/stages/caching/>\n\nBefore this: Stage 2: Django\n"
        ),
        "{checklist}"
    );
    assert!(checklist.contains("\nBefore this: Stage 2: Django; Stage 4: React\n"));
    assert!(checklist.contains("## Stage 0: Setup\n\n1 week · week 1 · <https://example.com/tracks/stages/setup/>\n\n### Topics"));

    let out = roadsmith(&["export", "notion", "--root", site.path().to_str().unwrap()]);
    assert!(out.status.success(), "{}", stderr(&out));
    let csv = stdout(&out);
    assert!(csv.starts_with("Stage,Item,Kind,Duration,Status,Requires,Optional,Track\n"));
    assert!(
        csv.contains("Stage 6: Capstone,Capstone basics,Topic,1 week,Not started,Stage 2: Django; Stage 4: React,No,\n"),
        "{csv}"
    );
    assert!(csv.contains(
        "Stage 5: Caching,Caching basics,Topic,1 week,Not started,Stage 2: Django,Yes,Backend\n"
    ));
    let json = roadmap_json(&public);
    assert_eq!(stage(&json, "react")["track"], "Frontend");
    assert_eq!(
        stage(&json, "react")["requires"],
        serde_json::json!(["html-css"])
    );
    assert_eq!(
        stage(&json, "python")["requires"],
        serde_json::json!(["setup"]),
        "the default"
    );
    assert_eq!(
        json["study_order"],
        serde_json::json!([
            "setup", "python", "django", "html-css", "react", "caching", "capstone"
        ])
    );
}

#[test]
fn requiring_a_draft_requires_it_only_when_drafts_are_built() {
    let (_site, public) = built(&["minimal", "requires-draft"], &[]);
    let json = roadmap_json(&public);
    assert_eq!(stage(&json, "after")["requires"], serde_json::json!([]));
    let (_site, public) = built(&["minimal", "requires-draft"], &["--drafts"]);
    let json = roadmap_json(&public);
    assert_eq!(
        stage(&json, "after")["requires"],
        serde_json::json!(["draft"])
    );
}

#[test]
fn check_reports_every_branching_mistake_at_once() {
    let site = site(&["minimal", "check/branching"]);
    let out = roadsmith(&["check", "--root", site.path().to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(1));
    let err = stderr(&out);
    for expected in [
        "error: content/02-unknown.md:7: requires \"secnd\", but no stage has that slug\n  hint: did you mean \"second\"?",
        "error: content/02-unknown.md:8: requires \"first\" twice",
        "error: content/03-itself.md:5: stage \"itself\" requires itself",
        "error: content/05-needs-elective.md:5: this stage is required but requires \"elective\" (04-elective.md), which is optional",
        "error: content/06-loop-a.md:5: `requires` goes round in a circle: 06-loop-a.md → 07-loop-b.md → 06-loop-a.md\n  hint: each stage there requires the next, so none of them can start: remove one of these requirements (07-loop-b.md has no `requires`, so it requires the nearest earlier stage that is not optional)",
        "error: content/08-no-track.md:5: `track` is empty",
    ] {
        assert!(err.contains(expected), "{expected}\n---\n{err}");
    }
    assert!(stdout(&out).contains("6 errors"), "{}", stdout(&out));
}

#[cfg(feature = "serve")]
#[test]
fn serve_shows_a_cycle_and_recovers_when_it_is_broken() {
    use common::serve::Server;
    let server = Server::start();
    let mut live = server.live_socket();
    live.next();
    // Deploy (stage 3) requires the ORM (stage 2) by default.
    server.edit(
        "content/02-orm.md",
        "duration = \"2–3 weeks\"",
        "duration = \"2–3 weeks\"\nrequires = [\"deploy\"]",
    );
    let broken = live.next();
    let text = broken["error"]["text"].as_str().unwrap_or_default();
    assert!(
        text.contains("content/02-orm.md:5: `requires` goes round in a circle: 02-orm.md → 03-deploy.md → 02-orm.md"),
        "{broken}"
    );
    assert_eq!(
        server.get("/stages/orm/").status,
        200,
        "the last good site is served"
    );
    server.edit(
        "content/02-orm.md",
        "requires = [\"deploy\"]",
        "requires = [\"basics\"]",
    );
    let fixed = live.next();
    assert!(fixed["error"].is_null(), "{fixed}");
    let json: Value = serde_json::from_str(&server.get("/roadmap.json").body).unwrap();
    assert_eq!(
        stage(&json, "orm")["requires"],
        serde_json::json!(["basics"])
    );
}

/// The tracks' overview in Chromium, on a phone and on a laptop: the page never scrolls
/// sideways, one drawing of the timeline is shown, and its text is at least 12 px.
#[cfg(feature = "serve")]
mod browser {
    use serde_json::json;

    use super::common::chromium;
    use super::common::tab::Tab;
    use super::*;

    /// [no sideways scroll, the shown drawing's class, its smallest text in px, how
    /// many drawings are shown].
    const MEASURE: &str = "var shown = Array.prototype.filter.call(document.querySelectorAll('svg.timeline'), function (s) { return getComputedStyle(s).display !== 'none'; });
        var svg = shown[0];
        var scale = svg.getScreenCTM().a;
        var sizes = Array.prototype.map.call(svg.querySelectorAll('text'), function (t) {
          return Number(getComputedStyle(t).fontSize.replace('px', '')) * scale;
        });
        return [document.documentElement.scrollWidth <= window.innerWidth, svg.getAttribute('class'), Math.min.apply(null, sizes), shown.length];";

    #[tokio::test(flavor = "current_thread")]
    async fn the_timeline_fits_a_phone_and_a_laptop_with_text_of_12_px() {
        if !chromium::available() {
            return;
        }
        let (tab, _server, _site) = Tab::on_site(site(&["tracks"])).await;
        for (width, height, kind) in [(390, 844, "narrow"), (1280, 900, "wide")] {
            tab.set_viewport(width, height).await;
            tab.open("").await;
            let got = tab.js(MEASURE).await;
            assert_eq!(got[0], json!(true), "{width}: sideways scroll");
            assert_eq!(got[1], json!(format!("timeline timeline-{kind}")));
            assert_eq!(got[3], json!(1), "one drawing shown");
            let smallest = got[2].as_f64().unwrap();
            assert!(smallest >= 12.0, "{width}x{height}: text of {smallest} px");
        }
        // With a plan, in both drawings: the optional Caching, left out of the plan by
        // default, says so where its duration was.
        tab.js("localStorage.setItem('roadsmith:plan:/', JSON.stringify({start: '2099-01-05', hours: 10, pace: 'longest', skipped: []})); return true")
            .await;
        tab.refresh().await;
        tab.wait_for(".plan-status[data-standing]").await;
        let durations = "return Array.prototype.map.call(document.querySelectorAll('a.timeline-stage[data-stage=caching] + text.timeline-duration'), function (t) { return t.textContent; })";
        assert_eq!(
            tab.js(durations).await,
            json!(["not in your plan", "not in your plan"])
        );
        tab.set_viewport(390, 844).await;
        let got = tab.js(MEASURE).await;
        assert_eq!(got[0], json!(true), "no sideways scroll with dates");
        assert!(got[2].as_f64().unwrap() >= 12.0, "{got}");
        tab.close().await;
    }
}
