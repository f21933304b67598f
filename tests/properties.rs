//! Properties of the duration grammar, slugs and front matter splitting, on generated input.

use proptest::prelude::*;
use roadsmith::content::duration::Duration;
use roadsmith::content::front_matter::{FrontMatter, split};
use roadsmith::content::{is_valid_slug, slugify};

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
    fn any_file_splits_or_fails_without_panicking(text in "(\\+\\+\\+\r?\n)?\\PC{0,80}(\r?\n\\+\\+\\+)?\\PC{0,20}") {
        if let Ok(s) = split(&text) {
            prop_assert!(s.body_line >= 2);
            let _ = FrontMatter::parse(&s);
        }
    }
}
