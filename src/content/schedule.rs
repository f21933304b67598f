//! Where each stage falls in the weeks of the roadmap, followed in `stage` order.

use super::Stage;

/// Where each stage falls on the calendar when the roadmap is followed in order.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct WeekSpan {
    /// Weeks done before this stage starts, at the quickest and the slowest pace.
    pub start_min: f64,
    pub start_max: f64,
    pub end_min: f64,
    pub end_max: f64,
}

impl WeekSpan {
    /// 1-based week in which the stage starts at the earliest.
    pub fn start_week(&self) -> u64 {
        (self.start_min + 1e-9).floor() as u64 + 1
    }
    /// 1-based week in which the stage ends at the latest.
    pub fn end_week(&self) -> u64 {
        ((self.end_max - 1e-9).ceil() as u64).max(self.start_week())
    }
    /// "week 1", "weeks 6–10".
    pub fn label(&self) -> String {
        let (a, b) = (self.start_week(), self.end_week());
        if a == b {
            format!("week {a}")
        } else {
            format!("weeks {a}–{b}")
        }
    }
}

/// Cumulative week spans of `stages` in order; the last span's end is the total.
pub fn schedule(stages: &[Stage]) -> Vec<WeekSpan> {
    let (mut min, mut max) = (0.0, 0.0);
    stages
        .iter()
        .map(|s| {
            let span = WeekSpan {
                start_min: min,
                start_max: max,
                end_min: min + s.duration.weeks_min,
                end_max: max + s.duration.weeks_max,
            };
            (min, max) = (span.end_min, span.end_max);
            span
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::content::Source;
    use crate::content::duration::Duration;

    #[test]
    fn week_spans() {
        let stage = |w: &str| Stage {
            number: 0,
            title: String::new(),
            duration: Duration::parse(w).unwrap(),
            icon: None,
            summary: None,
            description: None,
            slug: String::new(),
            source: Source {
                path: Default::default(),
                body: String::new(),
                body_line: 1,
            },
        };
        let spans = schedule(&[stage("1 week"), stage("1.5 weeks"), stage("2–3 weeks")]);
        assert_eq!(spans[0].label(), "week 1");
        assert_eq!(spans[1].label(), "weeks 2–3");
        assert_eq!(spans[2].label(), "weeks 3–6");
        assert_eq!((spans[2].end_min, spans[2].end_max), (4.5, 5.5));
    }
}
