//! Roadmaps that branch (`requires`, `optional`, `track`), through the real binary:
//! the schedule and total of tests/fixtures/diamond, the lanes and links of
//! tests/fixtures/tracks, what stage pages and the takeaway files say, and every
//! mistake reported by `check` and `serve`. (`build` on each mistake, and the output
//! left as it was, is in tests/build_errors.rs with the other bad inputs.)
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
    let site = site(fixtures);
    let out = build(site.path(), extra);
    assert!(out.status.success(), "{}", stderr(&out));
    let public = site.path().join("public");
    (site, public)
}

fn roadmap_json(public: &Path) -> Value {
    serde_json::from_str(&read(public, "roadmap.json")).unwrap()
}

fn stage<'a>(json: &'a Value, slug: &str) -> &'a Value {
    json["stages"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["slug"] == slug)
        .unwrap_or_else(|| panic!("stage {slug}"))
}

/// The part of `html` from `start` to the next `end` after it.
fn between<'a>(html: &'a str, start: &str, end: &str) -> &'a str {
    let from = html
        .find(start)
        .unwrap_or_else(|| panic!("{start} in {html}"));
    let to = from + html[from..].find(end).unwrap();
    &html[from..to]
}

/// The value of `attr="..."` in `tag`.
fn attr<'a>(tag: &'a str, attr: &str) -> &'a str {
    let key = format!(" {attr}=\"");
    let start = tag.find(&key).unwrap_or_else(|| panic!("{attr} in {tag}")) + key.len();
    &tag[start..start + tag[start..].find('"').unwrap()]
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
    let timeline = between(&overview, "<svg class=\"timeline\"", "</svg>");
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

    let e = read(&public, "stages/e/index.html");
    assert!(e.contains("<span class=\"chip chip-optional\">Optional</span>"));
    let print = read(&public, "print/index.html");
    assert!(
        print.contains("Before this: Stage 1: B; Stage 2: C</p>"),
        "the print page too"
    );
}

#[test]
fn the_timeline_has_a_lane_per_track() {
    let (_site, public) = built(&["tracks"], &[]);
    let overview = read(&public, "index.html");
    let svg = between(&overview, "<svg class=\"timeline\"", "</svg>");
    assert!(svg.contains(
        "<title id=\"timeline-title\">Timeline: 7 stages (1 optional) over 6–7 weeks</title>"
    ));
    let lanes: Vec<&str> = svg
        .split("class=\"timeline-lane-name\"")
        .skip(1)
        .map(|t| &t[t.find('>').unwrap() + 1..t.find("</text>").unwrap()])
        .collect();
    assert_eq!(
        lanes,
        ["Backend", "Frontend"],
        "named lanes, in the order tracks first appear"
    );
    assert_eq!(
        svg.matches("<rect class=\"timeline-lane").count(),
        3,
        "and the unnamed one"
    );
    // Rows lane by lane: the unnamed lane (Setup, Capstone), Backend, Frontend.
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
            "Capstone",
            "Python",
            "Django",
            "Caching",
            "HTML &amp; CSS",
            "React"
        ]
    );
    assert!(
        rows[4].contains(", optional, Backend track, requires stage 2 (Django)"),
        "{}",
        rows[4]
    );
    assert!(svg.contains(
        "<a class=\"timeline-stage timeline-optional\" data-stage=\"caching\" href=\"https://example.com/tracks/stages/caching/\""
    ));
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
    let svg = between(&overview, "<svg class=\"timeline\"", "</svg>");
    // Links: Capstone to Django and React, Python and HTML & CSS to Setup. Django, Caching
    // and React require the row right above them in their lane: no link.
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
    // Capstone (row 2, top 60) starts after Django's shortest end, week 5; React (row 7,
    // top 30 + 60 + 24 + 90 + 24 + 30 = 258) ends at week 2 + 2 = 4 at the quickest.
    let (left, unit) = (
        roadsmith::reader::timeline::CHART_LEFT,
        roadsmith::reader::timeline::scale(7.0),
    );
    let from_react = &links[1];
    let near = |a: f64, b: f64| (a - b).abs() < 0.011;
    assert!(near(from_react[0], left + 4.0 * unit), "{from_react:?}");
    assert!(
        near(from_react[1], 258.0 + 7.0),
        "from React's top edge, up"
    );
    assert!(near(from_react[3], 60.0 + 15.0), "to Capstone's middle");
    assert!(
        near(from_react[4], left + 5.0 * unit),
        "into Capstone's start"
    );
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
    let svg = between(
        &read(&public, "index.html"),
        "<svg class=\"timeline\"",
        "</svg>",
    )
    .to_string();
    assert!(
        !svg.contains("timeline-link"),
        "each stage follows the bar right above it"
    );
    assert!(
        !svg.contains("timeline-lane"),
        "one unnamed lane is not drawn"
    );
    assert!(!svg.contains("optional"));
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
