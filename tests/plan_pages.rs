//! The dated study plan on the built pages: without JavaScript, week numbers and no
//! form (in the HTML, the CSS and roadmap.json, and in a real headless Chromium with
//! scripts off); with a stored plan, a branching roadmap's plan starting and ending
//! where its study order does, on the overview, its timeline and the print page.
//!
//! tests/fixtures/rich's stages: Basics "3 days", Languages "2–4 weeks", Data "1.5
//! weeks", Raw HTML "1 month", Wrap-up "1 week"; `[plan] hours_per_week` is not set, so
//! the durations assume 10 hours a week.

mod common;

use common::*;

const SLUGS: [&str; 5] = ["basics", "languages", "data", "markup", "wrap-up"];

/// Without JavaScript: week numbers as before; the form is in the page but shown only
/// once the page runs scripts (checked in Chromium with scripts off, below).
#[test]
fn without_javascript_the_pages_show_weeks_and_no_form() {
    let site = site(&["rich"]);
    let out = build(site.path(), &[]);
    assert!(out.status.success(), "{}", stderr(&out));
    let public = site.path().join("public");
    let overview = read(&public, "index.html");
    assert!(overview.contains(
        "<section class=\"plan\" aria-labelledby=\"plan-title\" data-plan data-hours-per-week=\"10\">"
    ));
    assert!(overview.contains("The durations assume 10 hours a week."));
    let css = read(&public, "reader.css");
    assert!(css.contains(".plan {\n  display: none;\n}"), "{css}");
    assert!(css.contains(".js .plan {\n  display: contents;"), "{css}");
    assert!(
        overview.contains("<span class=\"stage-weeks\" data-plan-dates=\"data\">Weeks 3–6</span>")
    );
    assert!(
        overview.contains("about 9–11 weeks"),
        "the total as a person says it"
    );
    assert!(overview.contains("<script src=\"/rich/plan.js\" defer></script>"));
    let stage = read(&public, "stages/data/index.html");
    assert!(stage.contains("data-plan-dates=\"data\">Weeks 3–6</span>"));
    assert!(stage.contains(">1.5 weeks</span>"), "the author's wording");
    let json: serde_json::Value = roadmap_data(&public);
    assert_eq!(json["hours_per_week"], 10.0);
    assert_eq!(json["weeks_label"], "about 9–11 weeks");
    // The exact figures, and each stage's days at the author's pace.
    assert!((json["weeks_max"].as_f64().unwrap() - (3.0 / 7.0 + 10.5)).abs() < 1e-9);
    let days: Vec<(f64, f64)> = json["stages"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| {
            (
                s["days_min"].as_f64().unwrap(),
                s["days_max"].as_f64().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        days,
        [
            (3.0, 3.0),
            (14.0, 28.0),
            (10.5, 10.5),
            (28.0, 28.0),
            (7.0, 7.0)
        ]
    );
    assert!(public.join("plan.js").is_file());
    assert_eq!(SLUGS.len(), json["stages"].as_array().unwrap().len());
}

#[cfg(feature = "serve")]
mod browser {
    use serde_json::json;

    use super::common::chromium::{self, Launch};
    use super::common::plan::stage_1_first;
    use super::common::tab::Tab;
    use super::*;

    /// With scripts off, the overview shows no form and the stages their weeks.
    #[tokio::test(flavor = "current_thread")]
    async fn without_javascript_there_is_no_form() {
        if !chromium::available() {
            return;
        }
        let site = common::site(&["rich"]);
        let server = common::http::build_and_serve(site.path());
        let tab = Tab::launch(
            &server.base(),
            Launch {
                args: &["--blink-settings=scriptEnabled=false"],
                ..Launch::default()
            },
        )
        .await;
        // Without scripts: what WebDriver sees, not what a script in the page reads.
        tab.goto(&tab.base).await;
        let form = tab
            .wait_for("form.plan-form")
            .await
            .is_displayed()
            .await
            .unwrap();
        let weeks = tab
            .wait_for("[data-plan-dates=data]")
            .await
            .text()
            .await
            .unwrap();
        let tools = tab.find_all(".reader-tools *").await.len();
        tab.close().await;
        assert_eq!(tools, 0, "scripts did not run");
        assert!(!form, "the form is hidden");
        assert_eq!(weeks, "Weeks 3–6");
    }

    /// Stage 0 requires stage 1, so stage 1 is dated first and stage 0 last: the plan
    /// starts on stage 1's first day and ends on stage 0's last, in what the overview
    /// says, on its timeline and on the print page.
    #[tokio::test(flavor = "current_thread")]
    async fn a_plan_in_study_order_starts_and_ends_where_that_order_does() {
        if !chromium::available() {
            return;
        }
        let site = stage_1_first();
        let server = common::http::build_and_serve(site.path());
        let tab = Tab::launch(&server.base(), Launch::default()).await;
        tab.open("").await;
        // Without a plan its buttons are hidden (a .button hidden by a script too).
        let shown = "return ['[data-plan-calendar]', '[data-plan-clear]'].map(function (s) { return getComputedStyle(document.querySelector(s)).display; })";
        assert_eq!(tab.js(shown).await, json!(["none", "none"]));
        // Starting in the future: "Your plan starts on ...".
        tab.js("localStorage.setItem('roadsmith:plan:/', JSON.stringify({start: '2099-01-05', hours: 10, pace: 'longest', skipped: []})); return true")
            .await;
        tab.refresh().await;
        tab.wait_for(".plan-status[data-standing]").await;
        // Stage 1 (21 days) from 5 Jan, then stage 0 (7 days) to 1 Feb.
        let got = tab
            .js("var f = new Intl.DateTimeFormat('en', {day: 'numeric', month: 'short', year: 'numeric', timeZone: 'UTC'});
                 var bar = function (svg, slug) { var r = svg.querySelector('a.timeline-stage[data-stage=' + slug + '] rect.timeline-min'); return [Number(r.getAttribute('x')), Number(r.getAttribute('x')) + Number(r.getAttribute('width'))]; };
                 var svgs = Array.prototype.slice.call(document.querySelectorAll('svg.timeline'));
                 return [document.querySelector('.plan-status').textContent === 'Your plan starts on ' + f.format(new Date(Date.UTC(2099, 0, 5))) + '. The plan ends on ' + f.format(new Date(Date.UTC(2099, 1, 1))) + '.',
                         document.querySelector('[data-plan-dates=second]').getAttribute('data-first-day'),
                         document.querySelector('[data-plan-dates=first]').getAttribute('data-last-day'),
                         svgs.length,
                         svgs.map(function (svg) { return Math.abs(bar(svg, 'second')[0] - Number(svg.getAttribute('data-chart-left'))) < 0.01; }),
                         svgs.map(function (svg) { return Math.abs(bar(svg, 'first')[1] - Number(svg.getAttribute('data-chart-right'))) < 0.01; })]")
            .await;
        // In both drawings of the timeline, the wide and the narrow.
        assert_eq!(
            got,
            json!([
                true,
                "2099-01-05",
                "2099-02-01",
                2,
                [true, true],
                [true, true]
            ])
        );
        assert_eq!(tab.js(shown).await, json!(["flex", "flex"]));
        tab.open("print/").await;
        tab.wait_for("[data-plan-summary]:not([hidden])").await;
        let summary = tab
            .js("var f = new Intl.DateTimeFormat('en', {day: 'numeric', month: 'short', year: 'numeric', timeZone: 'UTC'}); return [document.querySelector('[data-plan-summary]').textContent, f.formatRange(new Date(Date.UTC(2099, 0, 5)), new Date(Date.UTC(2099, 1, 1)))]")
            .await;
        let (text, range) = (summary[0].as_str().unwrap(), summary[1].as_str().unwrap());
        assert!(text.contains(range), "{text} holds {range}");
        tab.close().await;
    }
}
