//! The overview's timeline as geometry. Each stage has a row, in study order (each
//! stage below what it requires): its title and duration on the left, and a bar placed
//! by the schedule, solid for its shortest duration and lighter up to its longest. A
//! stage's `track` is a colour (a class per track), not a grouping, so the rows keep
//! time order. Parallel branches show as bars side by side in time, and a link joins a
//! stage to each stage it requires that is not the row right above it; links run in the
//! chart only, never over the titles and durations of the left column.
//!
//! One computation gives two drawings of the same rows: [`WIDE`] for screens from
//! 48.5rem (776 px), and [`NARROW`], at most 390 units wide, so that on a phone a unit
//! is about a pixel and no text is under 12 px. The theme's `timeline.html` draws both as
//! SVG and its CSS shows one; the colours come from the theme's CSS.

mod links;
mod rows;
#[cfg(test)]
mod tests;

use serde::Serialize;

use super::Roadmap;
use rows::Order;
pub(super) use rows::{and_list, details};

/// One drawing's widths, in viewBox units.
#[derive(Debug, Clone, Copy)]
pub struct Geometry {
    /// "wide" or "narrow": the SVG's class is `timeline-{kind}`.
    pub kind: &'static str,
    /// The start of the SVG's element ids ("timeline-title"...).
    pub id: &'static str,
    pub width: f64,
    /// Where the bars' week 0 is: titles and durations sit left of it.
    pub chart_left: f64,
    /// Where the longest total ends.
    pub chart_right: f64,
    /// The titles' font size.
    pub title_size: f64,
}

/// For screens at least 48.5rem wide: the overview's column is then at least 720 px
/// wide (at most 46rem, 736 px), a classic scrollbar aside, so a unit is at least a
/// pixel.
pub const WIDE: Geometry = Geometry {
    kind: "wide",
    id: "timeline",
    width: 720.0,
    chart_left: 280.0,
    chart_right: 704.0,
    title_size: 13.0,
};

/// For phones: 320 units, about the overview's column at a 360 px screen (less its
/// gutters of 1.1rem), so a unit is about a pixel there and at least one at 390 px, a
/// classic scrollbar aside. Titles of 12 units leave the left column 18 characters.
pub const NARROW: Geometry = Geometry {
    kind: "narrow",
    id: "timeline-narrow",
    width: 320.0,
    chart_left: 140.0,
    chart_right: 308.0,
    title_size: 12.0,
};

/// The wide drawing's width and week 0 (the narrow one's are in [`NARROW`]).
pub const WIDTH: f64 = WIDE.width;
pub const CHART_LEFT: f64 = WIDE.chart_left;

/// A row's height: the title's line and the duration's under it.
const ROW: f64 = 40.0;
/// The first row's top: the grid's labels are above it.
const TOP: f64 = 30.0;
/// The bar: `BAR_DY` below the row's top, `BAR` high.
const BAR: f64 = 16.0;
const BAR_DY: f64 = 12.0;
/// The title's and the duration's baselines below the row's top, and the duration's
/// and the grid's size (the title's is the drawing's).
const TITLE_DY: f64 = 17.0;
const DURATION_DY: f64 = 33.0;
const TEXT_SIZE: f64 = 12.0;
/// Room kept between the left column's text and week 0.
const LABEL_GAP: f64 = 8.0;
/// The width of a character, as a share of the font size: text is cut to fit by it.
const CHAR_WIDTH: f64 = 0.6;
/// How far apart the week grid's labels are at least.
const GRID_LABEL_ROOM: f64 = 28.0;

impl Geometry {
    /// viewBox units per week for a roadmap of `total_weeks`.
    pub fn scale(&self, total_weeks: f64) -> f64 {
        (self.chart_right - self.chart_left) / total_weeks.max(1.0)
    }

    /// How many characters of text of `size` the left column holds.
    fn chars(&self, size: f64) -> usize {
        ((self.chart_left - LABEL_GAP) / (CHAR_WIDTH * size)).floor() as usize
    }
}

/// viewBox units per week of the wide drawing for a roadmap of `total_weeks`.
pub fn scale(total_weeks: f64) -> f64 {
    WIDE.scale(total_weeks)
}

/// `timeline` in the overview's template: the wide drawing, with the narrow one in
/// `narrow`. Lengths are viewBox units rounded to hundredths.
#[derive(Debug, Clone, Serialize)]
pub struct Timeline<'a> {
    /// "wide" or "narrow", and the start of the drawing's element ids.
    pub kind: &'static str,
    pub id: &'static str,
    pub width: Length,
    pub height: Length,
    pub row_height: Length,
    pub bar_height: Length,
    /// The bar's top, the title's and the duration's baselines, below a row's top.
    pub bar_dy: Length,
    pub title_dy: Length,
    pub duration_dy: Length,
    /// Font sizes: the title's, and the duration's and the grid's.
    pub title_size: Length,
    pub text_size: Length,
    /// "10 stages over 15–18 weeks", "7 stages (2 optional) over 5 weeks".
    pub summary: String,
    pub optional_count: usize,
    /// Where the week grid's lines start and end, top to bottom.
    pub grid_top: Length,
    /// Where the bars' week 0 is, and where the longest total ends: the span a reader's
    /// plan redraws the bars in, by dates.
    pub chart_left: Length,
    pub chart_right: Length,
    pub grid_bottom: Length,
    pub grid: Vec<GridLine>,
    /// For templates written when rows were grouped by track: one unnamed lane around
    /// all the rows.
    pub lanes: Vec<Lane<'a>>,
    /// The named tracks in the order they first appear, with their rows' class.
    pub tracks: Vec<Track<'a>>,
    /// One per stage, top to bottom, in study order.
    pub rows: Vec<Row<'a>>,
    /// From the end of a required stage's bar to the start of the bar that requires it.
    pub links: Vec<Link>,
    /// The same rows for phones (only on the wide one).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub narrow: Option<Box<Timeline<'a>>>,
}

/// A week of the grid: a line and its label ("week 0", "2", "4"...).
#[derive(Debug, Clone, Serialize)]
pub struct GridLine {
    pub x: Length,
    pub label: String,
}

/// A lane: its top and height (`head` is 0; `name` null).
#[derive(Debug, Clone, Serialize)]
pub struct Lane<'a> {
    pub name: Option<&'a str>,
    pub y: Length,
    pub height: Length,
    pub head: Length,
}

/// A named track: its rows have the class `class`, "timeline-track-N", N its order of
/// first appearance modulo 4.
#[derive(Debug, Clone, Serialize)]
pub struct Track<'a> {
    pub name: &'a str,
    pub class: String,
}

/// One stage's row.
#[derive(Debug, Clone, Serialize)]
pub struct Row<'a> {
    pub url: &'a str,
    pub slug: &'a str,
    /// "ORM Mastery: stage 4, 2–3 weeks, weeks 6–10, requires stage 3 (Models)": the
    /// link's accessible name, which starts with the visible title (WCAG 2.5.3, label
    /// in name), and states the stage's prerequisites.
    pub label: String,
    /// The title as shown, cut to the left column (ending in "…" when cut).
    pub title: String,
    /// "1 week", "2.5 weeks", or the author's "2–3 weeks" for a range: under the title.
    pub duration: String,
    pub optional: bool,
    pub track: Option<&'a str>,
    /// "timeline-track-N" for a stage with a track (see [`Track`]).
    pub track_class: Option<String>,
    pub weeks_min: Length,
    pub weeks_max: Length,
    /// The row's top: the template places the title, the duration and the bar in the
    /// row (by `title_dy`, `duration_dy` and `bar_dy`).
    pub y: Length,
    #[serde(flatten)]
    pub bar: Bar,
}

/// A bar, in the row's template variables: its start `bar_x`, the solid part's width
/// `solid`, the lighter part's start `extra_x` and width `extra` (0 for none), and
/// `duration_x`, where the duration is written (0: the left column).
#[derive(Debug, Clone, Serialize)]
pub struct Bar {
    pub bar_x: Length,
    pub solid: Length,
    pub extra_x: Length,
    pub extra: Length,
    pub duration_x: Length,
}

impl Bar {
    /// A bar starting `x` units right of the left edge, `solid` then `extra` long.
    fn new(x: f64, solid: f64, extra: f64) -> Bar {
        Bar {
            bar_x: round(x),
            solid: round(solid),
            extra_x: round(x + solid),
            extra: if extra > 0.0 {
                round(extra)
            } else {
                Length(0.0)
            },
            duration_x: Length(0.0),
        }
    }
}

/// A stage and one it requires: `path` (SVG path data) runs from where the required
/// bar's solid part ends, along its bottom edge, down to the middle of the requiring
/// bar and into its start; `from_y` and `to_y` are the two rows' tops.
#[derive(Debug, Clone, Serialize)]
pub struct Link {
    pub from_x: Length,
    pub from_y: Length,
    pub to_x: Length,
    pub to_y: Length,
    pub path: String,
    /// The corners of `path`, for tests.
    #[serde(skip)]
    pub points: Vec<(f64, f64)>,
}

/// Up to how many rows the timeline draws, one per stage. A longer roadmap is drawn as
/// runs of consecutive stages, a row each, so the overview stays a page of some
/// kilobytes (a row is about 700 bytes of SVG a drawing) that a phone draws at once.
pub const MAX_ROWS: usize = 100;

impl<'a> Timeline<'a> {
    /// `None` for a roadmap without stages.
    pub fn new(roadmap: &'a Roadmap) -> Option<Timeline<'a>> {
        if roadmap.stages.is_empty() {
            return None;
        }
        let order = Order::new(roadmap);
        let mut wide = Timeline::drawn(roadmap, &order, &WIDE);
        wide.narrow = Some(Box::new(Timeline::drawn(roadmap, &order, &NARROW)));
        Some(wide)
    }

    /// One drawing of `order`'s rows.
    fn drawn(roadmap: &'a Roadmap, order: &Order<'a>, g: &Geometry) -> Timeline<'a> {
        let (rows, links, summary) = if roadmap.stages.len() > MAX_ROWS {
            let (rows, per_row) = rows::runs(roadmap, g);
            let summary = format!(
                "{} over {}, {per_row} stages a row",
                roadmap.stage_count(),
                roadmap.weeks_label
            );
            (rows, Vec::new(), summary)
        } else {
            let rows = rows::rows(roadmap, order, g);
            let links = links::links(roadmap, order, g);
            let summary = format!("{} over {}", roadmap.stage_count(), roadmap.weeks_label);
            (rows, links, summary)
        };
        let height = TOP + ROW * rows.len() as f64 + 8.0;
        Timeline {
            kind: g.kind,
            id: g.id,
            width: Length(g.width),
            height: round(height),
            row_height: Length(ROW),
            bar_height: Length(BAR),
            bar_dy: Length(BAR_DY),
            title_dy: Length(TITLE_DY),
            duration_dy: Length(DURATION_DY),
            title_size: Length(g.title_size),
            text_size: Length(TEXT_SIZE),
            summary,
            optional_count: roadmap.stages.iter().filter(|s| s.optional).count(),
            grid_top: round(TOP - 6.0),
            chart_left: Length(g.chart_left),
            chart_right: Length(g.chart_right),
            grid_bottom: round(height - 4.0),
            grid: grid(roadmap.last_end, g),
            lanes: vec![Lane {
                name: None,
                y: round(TOP),
                height: round(ROW * rows.len() as f64),
                head: Length(0.0),
            }],
            tracks: order.tracks(),
            rows,
            links,
            narrow: None,
        }
    }
}

/// A line and a label every 1, 2 or 5 weeks, by the roadmap's length and the chart's
/// width: the labels at least [`GRID_LABEL_ROOM`] apart (at most 15 on the wide one).
fn grid(total: f64, g: &Geometry) -> Vec<GridLine> {
    let most = ((g.chart_right - g.chart_left) / GRID_LABEL_ROOM)
        .floor()
        .max(1.0);
    // Every 1, 2, 5, 10, 20, 25, 50, 100... weeks: the first that labels the chart at
    // most `most` times, so the labels never run into each other.
    let steps = [1u32, 2, 5, 10, 20, 25, 50]
        .into_iter()
        .chain((0..).flat_map(|e| [1, 2, 5].map(|m| m * 100 * 10u32.pow(e))));
    let step = steps
        .take_while(|&s| s < 1_000_000)
        .find(|&s| total / f64::from(s) <= most)
        .unwrap_or(1_000_000) as usize;
    let k = g.scale(total);
    (0..)
        .step_by(step)
        .take_while(|&w| f64::from(w) <= total + 1e-9)
        .map(|w: u32| GridLine {
            x: round(g.chart_left + f64::from(w) * k),
            label: if w == 0 {
                "week 0".into()
            } else {
                w.to_string()
            },
        })
        .collect()
}

/// `text` cut to `chars` characters, the last one "…" when cut: at a space when there
/// is one, so the words shown are whole words of the link's name (whose visible text it
/// is, WCAG 2.5.3; axe compares words).
fn cut(text: &str, chars: usize) -> String {
    if text.chars().count() <= chars {
        return text.to_string();
    }
    let kept: Vec<char> = text.chars().take(chars.saturating_sub(1)).collect();
    let mut end = kept.len();
    if text.chars().nth(end).is_some_and(|c| !c.is_whitespace())
        && let Some(space) = kept.iter().rposition(|c| c.is_whitespace())
    {
        end = space;
    }
    let kept: String = kept[..end].iter().collect();
    let kept = kept.trim_end_matches(|c: char| c.is_whitespace() || ",;:&–-/(".contains(c));
    format!("{kept}…")
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

pub(super) fn round(x: f64) -> Length {
    let r = (x * 100.0).round() / 100.0;
    // No "-0" in the drawing.
    Length(if r == 0.0 { 0.0 } else { r })
}
