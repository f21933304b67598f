//! When each stage can start, and how long the roadmap takes: a stage starts once
//! everything it requires has ended, so independent stages overlap, and the roadmap
//! takes as long as its longest path through the required (non-optional) stages.

use super::duration::total_label;
use super::graph::Graph;

/// Where a stage falls in the weeks of the roadmap.
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

/// What the schedule needs to know of a stage.
#[derive(Debug, Clone, Copy)]
pub struct Step<'a> {
    pub weeks_min: f64,
    pub weeks_max: f64,
    /// Indexes of the steps it requires.
    pub requires: &'a [usize],
    /// Not counted in the total.
    pub optional: bool,
}

/// Every stage's span, and the roadmap's length.
#[derive(Debug, Clone, PartialEq)]
pub struct Schedule {
    /// `spans[i]` belongs to the i-th stage.
    pub spans: Vec<WeekSpan>,
    /// The longest path through the required stages, at the quickest and the slowest
    /// pace: the roadmap's total.
    pub weeks_min: f64,
    pub weeks_max: f64,
    /// Where the last stage, optional ones included, ends at the slowest pace: how far
    /// a timeline must reach.
    pub last_end: f64,
}

impl Schedule {
    /// "5 weeks", "15–18 weeks".
    pub fn label(&self) -> String {
        total_label(self.weeks_min, self.weeks_max)
    }
}

/// The span of each step: its earliest start is the latest end among what it requires
/// (shortest durations for the early bound, longest for the late bound).
pub fn schedule(steps: &[Step]) -> Schedule {
    let requires: Vec<Vec<usize>> = steps.iter().map(|s| s.requires.to_vec()).collect();
    let graph = Graph::new(requires);
    let mut spans = vec![
        WeekSpan {
            start_min: 0.0,
            start_max: 0.0,
            end_min: 0.0,
            end_max: 0.0,
        };
        steps.len()
    ];
    for i in graph.study_order() {
        let (start_min, start_max) = graph.requires[i]
            .iter()
            .fold((0.0_f64, 0.0_f64), |(a, b), &j| {
                (a.max(spans[j].end_min), b.max(spans[j].end_max))
            });
        spans[i] = WeekSpan {
            start_min,
            start_max,
            end_min: start_min + steps[i].weeks_min,
            end_max: start_max + steps[i].weeks_max,
        };
    }
    let (mut weeks_min, mut weeks_max, mut last_end) = (0.0_f64, 0.0_f64, 0.0_f64);
    for (step, span) in steps.iter().zip(&spans) {
        if !step.optional {
            weeks_min = weeks_min.max(span.end_min);
            weeks_max = weeks_max.max(span.end_max);
        }
        last_end = last_end.max(span.end_max);
    }
    Schedule {
        spans,
        weeks_min,
        weeks_max,
        last_end,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn step(weeks_min: f64, weeks_max: f64, requires: &[usize]) -> Step<'_> {
        Step {
            weeks_min,
            weeks_max,
            requires,
            optional: false,
        }
    }

    #[test]
    fn a_line_of_stages_adds_up() {
        let s = schedule(&[
            step(1.0, 1.0, &[]),
            step(1.5, 1.5, &[0]),
            step(2.0, 3.0, &[1]),
        ]);
        assert_eq!(s.spans[0].label(), "week 1");
        assert_eq!(s.spans[1].label(), "weeks 2–3");
        assert_eq!(s.spans[2].label(), "weeks 3–6");
        assert_eq!((s.spans[2].end_min, s.spans[2].end_max), (4.5, 5.5));
        // As a person says it (the exact figures stay in roadmap.json).
        assert_eq!(s.label(), "about 5–6 weeks");
    }

    /// The diamond: `a` 1 week; `b` 2 and `c` 3 weeks, both after `a`; `d` 1 week
    /// after `b` and `c`; `e` 2 weeks, optional, after `a`.
    #[test]
    fn the_diamond_takes_its_longest_path() {
        let e = Step {
            optional: true,
            ..step(2.0, 2.0, &[0])
        };
        let s = schedule(&[
            step(1.0, 1.0, &[]),
            step(2.0, 2.0, &[0]),
            step(3.0, 3.0, &[0]),
            step(1.0, 1.0, &[1, 2]),
            e,
        ]);
        assert_eq!(
            s.label(),
            "5 weeks",
            "a, c, d; not the 7 of all required stages"
        );
        assert_eq!(s.spans[3].start_min, 4.0);
        assert_eq!(s.spans[3].label(), "week 5");
        assert_eq!(s.spans[4].label(), "weeks 2–3", "e beside b and c");
        assert_eq!(s.last_end, 5.0);
    }

    #[test]
    fn optional_stages_reach_the_timeline_but_not_the_total() {
        let tail = Step {
            optional: true,
            ..step(4.0, 4.0, &[0])
        };
        let s = schedule(&[step(1.0, 2.0, &[]), tail]);
        assert_eq!((s.weeks_min, s.weeks_max, s.last_end), (1.0, 2.0, 6.0));
    }
}
