//! Properties of the duration grammar, slugs, front matter splitting, the schedule of
//! a branching roadmap and the loading of `requires`, on generated input.

use proptest::prelude::*;
use roadsmith::content::duration::Duration;
use roadsmith::content::front_matter::{FrontMatter, split};
use roadsmith::content::{Content, Drafts, Step, is_valid_slug, schedule, slugify};

/// A roadmap as the schedule sees it: each stage's shortest and longest weeks, whether it
/// is optional, and what it requires: earlier stages only (so no cycle), and a required
/// stage only required ones (as loading enforces).
fn roadmaps() -> impl Strategy<Value = Vec<(f64, f64, bool, Vec<usize>)>> {
    prop::collection::vec(
        (
            1u32..200,
            0u32..100,
            prop::bool::weighted(0.2),
            prop::collection::vec(any::<prop::sample::Index>(), 0..4),
        ),
        1..40,
    )
    .prop_map(|stages| {
        let mut out: Vec<(f64, f64, bool, Vec<usize>)> = Vec::new();
        for (i, (tenths, extra, optional, picks)) in stages.into_iter().enumerate() {
            let min = f64::from(tenths) / 10.0;
            let mut requires: Vec<usize> = if i == 0 {
                Vec::new()
            } else {
                picks
                    .iter()
                    .map(|p| p.index(i))
                    .filter(|&j| optional || !out[j].2)
                    .collect()
            };
            requires.sort_unstable();
            requires.dedup();
            out.push((min, min + f64::from(extra) / 10.0, optional, requires));
        }
        out
    })
}

fn steps(roadmap: &[(f64, f64, bool, Vec<usize>)]) -> Vec<Step<'_>> {
    roadmap
        .iter()
        .map(|(weeks_min, weeks_max, optional, requires)| Step {
            weeks_min: *weeks_min,
            weeks_max: *weeks_max,
            requires,
            optional: *optional,
        })
        .collect()
}

proptest! {
    #[test]
    fn any_text_parses_or_fails_without_panicking(text in "\\PC{0,40}") {
        if let Ok(d) = Duration::parse(&text) {
            prop_assert!(d.weeks_min > 0.0 && d.weeks_min <= d.weeks_max && d.weeks_max <= 1000.0);
        }
    }

    #[test]
    fn written_ranges_read_back(a in 1u32..50, extra in 0u32..50, tenths in 0u32..10, sep in prop::sample::select(vec!["–", "-", " – ", " to "]), unit in prop::sample::select(vec![("day", 1.0 / 7.0), ("week", 1.0), ("month", 4.0)])) {
        let (name, per) = unit;
        let b = a + extra;
        let text = format!("{a}.{tenths}{sep}{b}.{tenths} {name}s");
        let d = Duration::parse(&text).unwrap();
        let (min, max) = (f64::from(a) + f64::from(tenths) / 10.0, f64::from(b) + f64::from(tenths) / 10.0);
        prop_assert!((d.weeks_min - min * per).abs() < 1e-9, "{text}: {}", d.weeks_min);
        prop_assert!((d.weeks_max - max * per).abs() < 1e-9, "{text}: {}", d.weeks_max);
        prop_assert_eq!(d.text, text.trim());
    }

    #[test]
    fn slugify_yields_a_valid_slug_or_nothing(text in "\\PC{0,60}") {
        let slug = slugify(&text);
        prop_assert!(slug.is_empty() || is_valid_slug(&slug), "{text:?} -> {slug:?}");
    }

    #[test]
    fn valid_slugs_are_single_safe_segments(slug in "\\PC{0,30}") {
        if is_valid_slug(&slug) {
            prop_assert!(!slug.contains('/') && !slug.contains("..") && !slug.contains('\\') && !slug.starts_with('.'));
        }
    }

    #[test]
    fn the_total_lies_between_the_longest_stage_and_the_sum_of_the_required_ones(roadmap in roadmaps()) {
        let s = schedule(&steps(&roadmap));
        let required = roadmap.iter().filter(|r| !r.2);
        let sum_min: f64 = required.clone().map(|r| r.0).sum();
        let sum_max: f64 = required.clone().map(|r| r.1).sum();
        let longest_min = required.clone().map(|r| r.0).fold(0.0, f64::max);
        let longest_max = required.map(|r| r.1).fold(0.0, f64::max);
        prop_assert!(s.weeks_min <= sum_min + 1e-9 && s.weeks_max <= sum_max + 1e-9, "{s:?}");
        prop_assert!(s.weeks_min >= longest_min && s.weeks_max >= longest_max, "{s:?}");
        for (i, (_, _, _, requires)) in roadmap.iter().enumerate() {
            for &j in requires {
                prop_assert!(s.spans[i].start_min >= s.spans[j].end_min && s.spans[i].start_max >= s.spans[j].end_max);
            }
        }
    }

    #[test]
    fn a_linear_roadmap_takes_the_sum_of_its_stages(weeks in prop::collection::vec((1u32..200, 0u32..100), 1..40)) {
        let roadmap: Vec<(f64, f64, bool, Vec<usize>)> = weeks
            .iter()
            .enumerate()
            .map(|(i, &(t, e))| (f64::from(t) / 10.0, f64::from(t + e) / 10.0, false, (i > 0).then(|| i - 1).into_iter().collect()))
            .collect();
        let s = schedule(&steps(&roadmap));
        // What the roadmap took before it could branch: each stage after the one before.
        let (mut min, mut max) = (0.0, 0.0);
        for (i, (a, b, _, _)) in roadmap.iter().enumerate() {
            prop_assert_eq!((s.spans[i].start_min, s.spans[i].start_max), (min, max));
            (min, max) = (min + a, max + b);
        }
        prop_assert_eq!((s.weeks_min, s.weeks_max), (min, max));
    }

    #[test]
    fn any_file_splits_or_fails_without_panicking(text in "(\\+\\+\\+\r?\n)?\\PC{0,80}(\r?\n\\+\\+\\+)?\\PC{0,20}") {
        if let Ok(s) = split(&text) {
            prop_assert!(s.body_line >= 2);
            let _ = FrontMatter::parse(&s);
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(48))]

    /// Stages requiring any of each other's slugs (and one no stage has), some optional:
    /// loading reports mistakes with a line, or gives a roadmap whose study order puts
    /// every stage after what it requires and whose required stages require none of the
    /// optional ones.
    #[test]
    fn any_requires_load_or_fail_with_a_line(stages in prop::collection::vec((prop::bool::weighted(0.3), prop::option::of(prop::collection::vec(0usize..7, 0..3))), 1..7)) {
        let dir = tempfile::tempdir().unwrap();
        let content = dir.path().join("content");
        std::fs::create_dir(&content).unwrap();
        std::fs::write(content.join("_index.md"), "+++\ntitle = \"Home\"\n+++\n").unwrap();
        let slug = |k: usize| if k < stages.len() { format!("s{k}") } else { "nowhere".to_string() };
        for (i, (optional, requires)) in stages.iter().enumerate() {
            let mut fm = format!("+++\ntitle = \"S{i}\"\nstage = {i}\nduration = \"1 week\"\noptional = {optional}\n");
            if let Some(list) = requires {
                let names: Vec<String> = list.iter().map(|&k| format!("\"{}\"", slug(k))).collect();
                fm.push_str(&format!("requires = [{}]\n", names.join(", ")));
            }
            std::fs::write(content.join(format!("{i:02}-s{i}.md")), fm + "+++\n").unwrap();
        }
        match Content::load(dir.path(), Drafts::Skip) {
            Ok(loaded) => {
                let order = loaded.graph.study_order();
                let position = |i: usize| order.iter().position(|&o| o == i).unwrap();
                for (i, requires) in loaded.graph.requires.iter().enumerate() {
                    for &j in requires {
                        prop_assert!(position(j) < position(i));
                        prop_assert!(loaded.stages[i].branching.optional || !loaded.stages[j].branching.optional);
                    }
                }
            }
            Err(e) => {
                for d in &e.diagnostics {
                    prop_assert!(d.line.is_some() && d.file.starts_with("content"), "{d}");
                }
            }
        }
    }
}
