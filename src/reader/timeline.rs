//! The overview's timeline as geometry: one row per stage, a solid bar for its
//! shortest duration and a lighter one up to its longest. The theme's `timeline.html`
//! draws it as SVG; its colours come from the theme's CSS.

use serde::Serialize;

use super::Roadmap;

/// Width of the drawing in viewBox units; it scales to its container.
pub const WIDTH: f64 = 760.0;
/// Where the bars' week 0 is: the stage titles sit left of it.
pub const CHART_LEFT: f64 = 290.0;
const CHART_RIGHT: f64 = WIDTH - 12.0;
const ROW: f64 = 30.0;
const TOP: f64 = 30.0;
/// The bar's height: 7 units of the 30-unit row above it, 7 below.
const BAR: f64 = 16.0;
/// Longer titles are cut (the full one is in the link's name and tooltip).
const TITLE_CHARS: usize = 40;

/// viewBox units per week for a roadmap of `total_weeks`.
pub fn scale(total_weeks: f64) -> f64 {
    (CHART_RIGHT - CHART_LEFT) / total_weeks.max(1.0)
}

/// `timeline` in the overview's template. Lengths are viewBox units rounded to
/// hundredths.
#[derive(Debug, Clone, Serialize)]
pub struct Timeline<'a> {
    pub width: Length,
    pub height: Length,
    pub row_height: Length,
    pub bar_height: Length,
    /// "10 stages over 15–18 weeks".
    pub summary: String,
    /// Where the week grid's lines start and end, top to bottom.
    pub grid_top: Length,
    /// Where the bars' week 0 is, and where the longest total ends: the span a reader's
    /// plan redraws the bars in, by dates.
    pub chart_left: Length,
    pub chart_right: Length,
    pub grid_bottom: Length,
    pub grid: Vec<GridLine>,
    pub rows: Vec<Row<'a>>,
}

/// A week of the grid: a line and its label ("week 0", "2", "4"...).
#[derive(Debug, Clone, Serialize)]
pub struct GridLine {
    pub x: Length,
    pub label: String,
}

/// One stage's row.
#[derive(Debug, Clone, Serialize)]
pub struct Row<'a> {
    pub url: &'a str,
    pub slug: &'a str,
    /// "ORM Mastery: stage 4, 2–3 weeks, weeks 6–10": the link's accessible name, which
    /// starts with the visible title (WCAG 2.5.3, label in name).
    pub label: String,
    /// The title as shown, cut to 40 characters.
    pub title: String,
    /// "1 week", "2.5 weeks", or the author's "2–3 weeks" for a range.
    pub duration: String,
    pub weeks_min: Length,
    pub weeks_max: Length,
    /// The row's top: the template places the title, the bar and the duration in the
    /// row (the default theme: bar 7 below the top, text baselines 19 and 19.5).
    pub y: Length,
    /// The bar: its start, the solid part's width, the lighter part's start and width
    /// (0 for none).
    pub bar_x: Length,
    pub solid: Length,
    pub extra_x: Length,
    pub extra: Length,
    /// Where the duration is written, right of the bar.
    pub duration_x: Length,
}

impl<'a> Timeline<'a> {
    /// `None` for a roadmap without stages.
    pub fn new(roadmap: &'a Roadmap) -> Option<Timeline<'a>> {
        if roadmap.stages.is_empty() {
            return None;
        }
        let total = roadmap.weeks_max;
        let height = TOP + ROW * roadmap.stages.len() as f64 + 8.0;
        Some(Timeline {
            width: Length(WIDTH),
            height: round(height),
            row_height: Length(ROW),
            bar_height: Length(BAR),
            summary: format!(
                "{} stages over {}",
                roadmap.stages.len(),
                roadmap.weeks_label
            ),
            grid_top: round(TOP - 6.0),
            chart_left: Length(CHART_LEFT),
            chart_right: Length(CHART_RIGHT),
            grid_bottom: round(height - 4.0),
            grid: grid(total),
            rows: roadmap
                .stages
                .iter()
                .enumerate()
                .map(|(i, s)| row(i, s, scale(total)))
                .collect(),
        })
    }
}

/// A line and a label every 1, 2 or 5 weeks, by the roadmap's length.
fn grid(total: f64) -> Vec<GridLine> {
    let step = if total > 30.0 {
        5
    } else if total > 12.0 {
        2
    } else {
        1
    };
    let k = scale(total);
    (0..)
        .step_by(step)
        .take_while(|&w| f64::from(w) <= total + 1e-9)
        .map(|w: u32| GridLine {
            x: round(CHART_LEFT + f64::from(w) * k),
            label: if w == 0 {
                "week 0".into()
            } else {
                w.to_string()
            },
        })
        .collect()
}

fn row<'a>(i: usize, stage: &'a super::StageItems, k: f64) -> Row<'a> {
    let y = TOP + ROW * i as f64;
    let x = CHART_LEFT + stage.start_min * k;
    let solid = stage.weeks_min * k;
    let extra = (stage.weeks_max - stage.weeks_min) * k;
    let duration = if stage.weeks_min == stage.weeks_max {
        match round(stage.weeks_min).to_string().as_str() {
            "1" => "1 week".to_string(),
            n => format!("{n} weeks"),
        }
    } else {
        stage.duration.clone()
    };
    Row {
        url: &stage.url,
        slug: &stage.slug,
        label: format!(
            "{}: stage {}, {}, {}",
            stage.title, stage.number, stage.duration, stage.weeks_label
        ),
        title: stage.title.chars().take(TITLE_CHARS).collect(),
        duration,
        weeks_min: round(stage.weeks_min),
        weeks_max: round(stage.weeks_max),
        y: round(y),
        bar_x: round(x),
        solid: round(solid),
        extra_x: round(x + solid),
        extra: if extra > 0.0 {
            round(extra)
        } else {
            Length(0.0)
        },
        duration_x: round((x + solid + extra + 4.0).min(WIDTH - 70.0)),
    }
}

/// A length in the drawing, or a number of weeks: to hundredths (the drawing needs no
/// more, and the page stays small), a whole number without a decimal point.
#[derive(Debug, Clone, Copy, PartialEq, PartialOrd)]
pub struct Length(pub f64);

impl Serialize for Length {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        if self.0.fract() == 0.0 && self.0.abs() < 1e15 {
            serializer.serialize_i64(self.0 as i64)
        } else {
            serializer.serialize_f64(self.0)
        }
    }
}

impl std::fmt::Display for Length {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}", self.0)
    }
}

fn round(x: f64) -> Length {
    let r = (x * 100.0).round() / 100.0;
    // No "-0" in the drawing.
    Length(if r == 0.0 { 0.0 } else { r })
}

#[cfg(test)]
mod tests {
    use super::*;

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
}
