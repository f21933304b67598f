use std::sync::Arc;

use super::rows::text_width;
use super::*;
use crate::digest::Digested;
use crate::reader::StageItems;

#[test]
fn numbers_have_at_most_two_decimals() {
    let got: Vec<String> = [0.0, 3.0, 2.5, 1.25, 0.125, 12.999, 7.1, -1.5, -0.001]
        .into_iter()
        .map(|x| round(x).to_string())
        .collect();
    assert_eq!(
        got,
        ["0", "3", "2.5", "1.25", "0.13", "13", "7.1", "-1.5", "0"]
    );
}

/// A stage: slug, weeks (shortest, longest), what it requires, its track, optional.
type Spec<'s> = (&'s str, (f64, f64), &'s [&'s str], Option<&'s str>, bool);

/// A roadmap of `specs` in stage order, scheduled at the quickest pace, its study order
/// each stage after what it requires, by stage number otherwise (as the content's graph
/// orders it).
fn roadmap(specs: &[Spec<'_>]) -> Roadmap {
    let index = |slug: &str| specs.iter().position(|s| s.0 == slug).unwrap();
    let mut start = vec![0.0; specs.len()];
    let mut order: Vec<usize> = Vec::new();
    while order.len() < specs.len() {
        let next = (0..specs.len())
            .find(|i| !order.contains(i) && specs[*i].2.iter().all(|r| order.contains(&index(r))))
            .expect("no cycle");
        start[next] = (specs[next].2.iter())
            .map(|r| start[index(r)] + specs[index(r)].1.0)
            .fold(0.0, f64::max);
        order.push(next);
    }
    let stages: Vec<Arc<StageItems>> = (specs.iter().enumerate())
        .map(|(i, &(slug, (min, max), requires, track, optional))| {
            Arc::new(StageItems {
                order: i,
                number: i as u32,
                title: format!("{} {}", slug.to_uppercase(), "title ".repeat(8)),
                summary: None,
                slug: slug.to_string(),
                duration: format!("{min}–{max} weeks"),
                weeks_min: min,
                weeks_max: max,
                days_min: min * 7.0,
                days_max: max * 7.0,
                start_min: start[i],
                start_week: start[i] as u64 + 1,
                end_week: (start[i] + max).ceil() as u64,
                weeks_label: "weeks".into(),
                url: format!("/stages/{slug}/"),
                requires: requires.iter().map(|s| s.to_string()).collect(),
                optional,
                track: track.map(str::to_string),
                items: Digested::new(Arc::from(Vec::new())),
                tracked: String::new(),
            })
        })
        .collect();
    let last_end = (stages.iter())
        .map(|s| s.start_min + s.weeks_max)
        .fold(0.0, f64::max);
    Roadmap {
        title: "T".into(),
        description: String::new(),
        url: "/".into(),
        weeks_min: last_end,
        weeks_max: last_end,
        weeks_label: "weeks".into(),
        last_end,
        hours_per_week: 10.0,
        study_order: order.iter().map(|&i| specs[i].0.to_string()).collect(),
        stages,
        pages: Vec::new(),
        items_version: String::new(),
    }
}

/// Two tracks, the capstone numbered before the stages it requires and without a
/// track: grouped by track it would be drawn above them.
fn two_tracks() -> Roadmap {
    roadmap(&[
        ("setup", (1.0, 1.0), &[], None, false),
        ("capstone", (1.0, 2.0), &["django", "react"], None, false),
        ("python", (2.0, 2.0), &["setup"], Some("Backend"), false),
        ("html", (1.0, 2.0), &["setup"], Some("Frontend"), false),
        ("django", (2.0, 3.0), &["python"], Some("Backend"), false),
        ("react", (2.0, 2.0), &["html"], Some("Frontend"), false),
        ("caching", (1.0, 1.0), &["django"], Some("Backend"), true),
        ("extra", (0.5, 0.5), &["setup"], Some("Data"), true),
    ])
}

fn both<'t, 'a>(t: &'t Timeline<'a>) -> [&'t Timeline<'a>; 2] {
    [t, t.narrow.as_deref().expect("a narrow drawing")]
}

#[test]
fn rows_are_in_study_order() {
    let roadmap = two_tracks();
    let t = Timeline::new(&roadmap).unwrap();
    for t in both(&t) {
        let slugs: Vec<&str> = t.rows.iter().map(|r| r.slug).collect();
        assert_eq!(
            slugs,
            [
                "setup", "python", "html", "django", "react", "capstone", "caching", "extra"
            ],
            "{}",
            t.kind
        );
        let row = |slug: &str| slugs.iter().position(|s| *s == slug).unwrap();
        for stage in &roadmap.stages {
            for required in &stage.requires {
                assert!(
                    row(required) < row(&stage.slug),
                    "{required} above {}",
                    stage.slug
                );
            }
        }
        // Each row below the one before it, a row's height apart.
        for pair in t.rows.windows(2) {
            assert_eq!(pair[1].y.0 - pair[0].y.0, t.row_height.0);
        }
    }
}

#[test]
fn tracks_are_classes_in_the_order_they_first_appear() {
    let roadmap = two_tracks();
    let t = Timeline::new(&roadmap).unwrap();
    let tracks: Vec<(&str, &str)> = (t.tracks.iter())
        .map(|t| (t.name, t.class.as_str()))
        .collect();
    assert_eq!(
        tracks,
        [
            ("Backend", "timeline-track-0"),
            ("Frontend", "timeline-track-1"),
            ("Data", "timeline-track-2")
        ]
    );
    let react = t.rows.iter().find(|r| r.slug == "react").unwrap();
    assert_eq!(react.track_class.as_deref(), Some("timeline-track-1"));
    assert!(react.label.contains(", Frontend track"), "{}", react.label);
    let setup = &t.rows[0];
    assert_eq!(setup.track_class, None);
}

/// The boxes of a row's title and duration: (left, top, right, bottom).
fn label_boxes(t: &Timeline<'_>) -> Vec<(f64, f64, f64, f64)> {
    let mut boxes = Vec::new();
    for row in &t.rows {
        for (text, dy, size) in [
            (&row.title, t.title_dy.0, t.title_size.0),
            (&row.duration, t.duration_dy.0, t.text_size.0),
        ] {
            let (x, baseline) = (row.bar.duration_x.0, row.y.0 + dy);
            // From the ascent (about the font size) to the descent (a quarter of it).
            boxes.push((
                x,
                baseline - size,
                x + text_width(text, size),
                baseline + size / 4.0,
            ));
        }
    }
    boxes
}

/// Whether the segment from `a` to `b` (level or upright) meets `rect`.
fn crosses(a: (f64, f64), b: (f64, f64), rect: (f64, f64, f64, f64)) -> bool {
    let (x0, x1) = (a.0.min(b.0), a.0.max(b.0));
    let (y0, y1) = (a.1.min(b.1), a.1.max(b.1));
    x1 >= rect.0 && x0 <= rect.2 && y1 >= rect.1 && y0 <= rect.3
}

#[test]
fn links_never_cross_a_label() {
    let roadmap = two_tracks();
    let t = Timeline::new(&roadmap).unwrap();
    for t in both(&t) {
        assert!(t.links.len() >= 4, "{}: {:?}", t.kind, t.links);
        let boxes = label_boxes(t);
        for link in &t.links {
            assert_eq!(link.points.len(), 4);
            for pair in link.points.windows(2) {
                for rect in &boxes {
                    assert!(
                        !crosses(pair[0], pair[1], *rect),
                        "{}: {:?} crosses {rect:?}",
                        t.kind,
                        link.points
                    );
                }
            }
            // Into the requiring bar's start, at its middle.
            let end = link.points[3];
            assert_eq!(
                end,
                (link.to_x.0, link.to_y.0 + t.bar_dy.0 + t.bar_height.0 / 2.0)
            );
        }
        // The labels fit the left column, clear of week 0.
        for rect in boxes {
            assert!(rect.2 <= t.chart_left.0 - 4.0, "{}: {rect:?}", t.kind);
        }
    }
}

#[test]
fn text_is_at_least_12_units_and_the_narrow_drawing_fits_a_phone() {
    let roadmap = two_tracks();
    let t = Timeline::new(&roadmap).unwrap();
    for t in both(&t) {
        assert!(
            t.title_size.0 >= 12.0 && t.text_size.0 >= 12.0,
            "{}",
            t.kind
        );
        assert!(t.row_height.0 >= t.duration_dy.0 + t.text_size.0 / 4.0);
        assert!(t.chart_right.0 <= t.width.0);
        let labels = t.grid.iter().map(|g| g.x.0).collect::<Vec<_>>();
        for pair in labels.windows(2) {
            assert!(pair[1] - pair[0] >= 28.0, "{}: grid {labels:?}", t.kind);
        }
    }
    let narrow = t.narrow.as_ref().unwrap();
    assert!(narrow.width.0 <= 390.0);
    assert!(narrow.narrow.is_none());
    assert_eq!((t.kind, narrow.kind), ("wide", "narrow"));
    // A long title is cut, with its whole in the link's name.
    let row = &narrow.rows[0];
    assert!(row.title.ends_with('…'), "{}", row.title);
    assert!(
        row.label.starts_with("SETUP title title title"),
        "{}",
        row.label
    );
}

#[test]
fn past_max_rows_both_drawings_show_runs() {
    let slugs: Vec<String> = (0..250).map(|i| format!("s{i}")).collect();
    let specs: Vec<Spec<'_>> = (slugs.iter())
        .map(|s| (s.as_str(), (1.0, 1.0), &[][..], None, false))
        .collect();
    let roadmap = roadmap(&specs);
    let t = Timeline::new(&roadmap).unwrap();
    for t in both(&t) {
        assert_eq!(t.rows.len(), 84, "{}: runs of 3", t.kind);
        assert!(t.links.is_empty());
        assert!(t.summary.ends_with(", 3 stages a row"), "{}", t.summary);
        assert!(t.rows[83].label.starts_with("Stages 249 to 249: 1 stages"));
        for pair in t.rows.windows(2) {
            assert!(pair[1].y.0 > pair[0].y.0);
        }
    }
}

#[test]
fn long_text_is_cut_at_a_word() {
    assert_eq!(
        cut("Languages: Rust, Python & JavaScript", 34),
        "Languages: Rust, Python…"
    );
    assert_eq!(cut("Supercalifragilistic", 10), "Supercali…");
    assert_eq!(cut("SQL and relational thinking", 18), "SQL and…");
    assert_eq!(cut("Short", 10), "Short");
    assert_eq!(cut("Stages 1000 to 1099", 15), "Stages 1000 to…");
}
