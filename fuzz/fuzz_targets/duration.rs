//! The duration grammar: any text is a duration or an error, never a panic, and an
//! accepted duration is finite, positive, in order and within the limit.
#![no_main]

use libfuzzer_sys::fuzz_target;
use roadsmith::content::duration::{Duration, weeks_label};

fuzz_target!(|text: &str| {
    if let Ok(d) = Duration::parse(text) {
        assert!(d.weeks_min.is_finite() && d.weeks_max.is_finite());
        assert!(0.0 < d.weeks_min && d.weeks_min <= d.weeks_max && d.weeks_max <= 1000.0);
        let _ = weeks_label(d.weeks_min, d.weeks_max);
    }
});
