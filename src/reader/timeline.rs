//! The overview's timeline as geometry. Each stage has a row: its title on the left,
//! and a bar placed by the schedule, solid for its shortest duration and lighter up to
//! its longest. Rows are grouped into lanes, one per `track` in the order tracks first
//! appear (stages without a track share the unnamed lane); within a lane they keep
//! stage order. Parallel branches show as bars side by side in time, and a link joins a
//! stage to each stage it requires that is not the row right above it. The theme's
//! `timeline.html` draws it as SVG; its colours come from the theme's CSS.

use std::collections::HashMap;
use std::sync::Arc;

use serde::Serialize;

use super::{Roadmap, StageItems};

/// Width of the drawing in viewBox units; it scales to its container.
pub const WIDTH: f64 = 760.0;
/// Where the bars' week 0 is: the stage titles sit left of it.
pub const CHART_LEFT: f64 = 290.0;
/// Where the last bar may end: room is left right of it for its duration ("2–3 weeks",
/// up to 66 units wide), so no duration is ever written over a bar.
const CHART_RIGHT: f64 = WIDTH - DURATION_ROOM - 4.0;
const DURATION_ROOM: f64 = 66.0;
const ROW: f64 = 30.0;
const TOP: f64 = 30.0;
/// A named lane's heading, above its rows.
const LANE_HEAD: f64 = 24.0;
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
    /// The lanes, top to bottom; one unnamed lane for a roadmap without tracks.
    pub lanes: Vec<Lane<'a>>,
    /// One per stage, top to bottom: lane by lane, in stage order within a lane.
    pub rows: Vec<Row<'a>>,
    /// From the end of a required stage's bar to the start of the bar that requires it.
    pub links: Vec<Link>,
}

/// A week of the grid: a line and its label ("week 0", "2", "4"...).
#[derive(Debug, Clone, Serialize)]
pub struct GridLine {
    pub x: Length,
    pub label: String,
}

/// A lane: its `track`, or none for the stages without one.
#[derive(Debug, Clone, Serialize)]
pub struct Lane<'a> {
    pub name: Option<&'a str>,
    /// The lane's top and height: a named lane's heading (`head` high) and its rows.
    pub y: Length,
    pub height: Length,
    pub head: Length,
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
    /// The title as shown, cut to 40 characters.
    pub title: String,
    /// "1 week", "2.5 weeks", or the author's "2–3 weeks" for a range.
    pub duration: String,
    pub optional: bool,
    pub track: Option<&'a str>,
    pub weeks_min: Length,
    pub weeks_max: Length,
    /// The row's top: the template places the title, the bar and the duration in the
    /// row (the default theme: bar 7 below the top, text baselines 19 and 19.5).
    pub y: Length,
    #[serde(flatten)]
    pub bar: Bar,
}

/// A bar, in the row's template variables: its start `bar_x`, the solid part's width
/// `solid`, the lighter part's start `extra_x` and width `extra` (0 for none), and
/// `duration_x`, where the duration is written, right of the bar.
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
            duration_x: round((x + solid + extra + 4.0).min(WIDTH - DURATION_ROOM)),
        }
    }
}

/// A stage and one it requires: from where the required bar's solid part ends, in its
/// row, to where the requiring bar starts, in its own. The template draws the line
/// (the default theme: across, down or up to the bar's middle, and into its start).
#[derive(Debug, Clone, Serialize)]
pub struct Link {
    pub from_x: Length,
    pub from_y: Length,
    pub to_x: Length,
    pub to_y: Length,
}

/// Up to how many rows the timeline draws, one per stage. A longer roadmap is drawn as
/// runs of consecutive stages, a row each, so the overview stays a page of some
/// kilobytes (a row is about 700 bytes of SVG) that a phone draws at once.
pub const MAX_ROWS: usize = 100;

impl<'a> Timeline<'a> {
    /// `None` for a roadmap without stages.
    pub fn new(roadmap: &'a Roadmap) -> Option<Timeline<'a>> {
        if roadmap.stages.is_empty() {
            return None;
        }
        if roadmap.stages.len() > MAX_ROWS {
            return Some(Timeline::in_runs(roadmap));
        }
        let k = scale(roadmap.last_end);
        let (lanes, order, tops) = lanes(&roadmap.stages);
        let height = lanes.last().map_or(TOP, |l| l.y.0 + l.height.0) + 8.0;
        let by_slug: HashMap<&str, usize> = roadmap
            .stages
            .iter()
            .enumerate()
            .map(|(i, s)| (s.slug.as_str(), i))
            .collect();
        let rows = order
            .iter()
            .map(|&i| row(&roadmap.stages, i, tops[i], k, &by_slug))
            .collect();
        Some(Timeline {
            width: Length(WIDTH),
            height: round(height),
            row_height: Length(ROW),
            bar_height: Length(BAR),
            summary: format!("{} over {}", roadmap.stage_count(), roadmap.weeks_label),
            optional_count: roadmap.stages.iter().filter(|s| s.optional).count(),
            grid_top: round(TOP - 6.0),
            chart_left: Length(CHART_LEFT),
            chart_right: Length(CHART_RIGHT),
            grid_bottom: round(height - 4.0),
            grid: grid(roadmap.last_end),
            lanes,
            rows,
            links: links(&roadmap.stages, &order, &tops, k, &by_slug),
        })
    }
}

impl<'a> Timeline<'a> {
    /// A roadmap of more than [`MAX_ROWS`] stages: runs of consecutive stages, each a row
    /// from its earliest start to its latest end, linked to its first stage. Tracks and
    /// the lines to what stages require are left to the stages' own pages.
    fn in_runs(roadmap: &'a Roadmap) -> Timeline<'a> {
        let stages = &roadmap.stages;
        let per_row = stages.len().div_ceil(MAX_ROWS);
        let k = scale(roadmap.last_end);
        let rows: Vec<Row<'a>> = stages
            .chunks(per_row)
            .enumerate()
            .map(|(r, run)| run_row(run, TOP + ROW * r as f64, k))
            .collect();
        let height = TOP + ROW * rows.len() as f64 + 8.0;
        Timeline {
            width: Length(WIDTH),
            height: round(height),
            row_height: Length(ROW),
            bar_height: Length(BAR),
            chart_left: Length(CHART_LEFT),
            chart_right: Length(CHART_RIGHT),
            summary: format!(
                "{} over {}, {per_row} stages a row",
                roadmap.stage_count(),
                roadmap.weeks_label
            ),
            optional_count: stages.iter().filter(|s| s.optional).count(),
            grid_top: round(TOP - 6.0),
            grid_bottom: round(height - 4.0),
            grid: grid(roadmap.last_end),
            lanes: vec![Lane {
                name: None,
                y: round(TOP),
                height: round(ROW * rows.len() as f64),
                head: Length(0.0),
            }],
            rows,
            links: Vec::new(),
        }
    }
}

/// A run of consecutive stages as one row: "Stages 200–299".
fn run_row<'a>(run: &'a [Arc<StageItems>], y: f64, k: f64) -> Row<'a> {
    let (first, last) = (&run[0], &run[run.len() - 1]);
    let start = run
        .iter()
        .map(|s| s.start_min)
        .fold(f64::INFINITY, f64::min);
    let end_min = run
        .iter()
        .map(|s| s.start_min + s.weeks_min)
        .fold(0.0, f64::max);
    let end_max = run
        .iter()
        .map(|s| s.start_min + s.weeks_max)
        .fold(0.0, f64::max);
    let x = CHART_LEFT + start * k;
    let (solid, extra) = ((end_min - start) * k, (end_max - end_min) * k);
    let title = format!("Stages {} to {}", first.number, last.number);
    let weeks = if first.start_week == last.end_week {
        format!("week {}", first.start_week)
    } else {
        format!("weeks {}–{}", first.start_week, last.end_week)
    };
    Row {
        url: &first.url,
        slug: &first.slug,
        label: format!("{title}: {} stages, {weeks}", run.len()),
        duration: format!("{} stages", run.len()),
        title,
        optional: false,
        track: None,
        weeks_min: round(end_min - start),
        weeks_max: round(end_max - start),
        y: round(y),
        bar: Bar::new(x, solid, extra),
    }
}

/// The lanes, the stages in drawing order, and each stage's row top.
fn lanes(stages: &[Arc<StageItems>]) -> (Vec<Lane<'_>>, Vec<usize>, Vec<f64>) {
    let mut names: Vec<Option<&str>> = Vec::new();
    let mut members: Vec<Vec<usize>> = Vec::new();
    for (i, s) in stages.iter().enumerate() {
        let name = s.track.as_deref();
        let lane = names.iter().position(|n| *n == name).unwrap_or_else(|| {
            names.push(name);
            members.push(Vec::new());
            names.len() - 1
        });
        members[lane].push(i);
    }
    let mut y = TOP;
    let mut tops = vec![0.0; stages.len()];
    let mut order = Vec::with_capacity(stages.len());
    let mut lanes = Vec::with_capacity(names.len());
    for (name, rows) in names.into_iter().zip(members) {
        let head = if name.is_some() { LANE_HEAD } else { 0.0 };
        let height = head + ROW * rows.len() as f64;
        for (r, &i) in rows.iter().enumerate() {
            tops[i] = y + head + ROW * r as f64;
        }
        order.extend(rows);
        lanes.push(Lane {
            name,
            y: round(y),
            height: round(height),
            head: Length(head),
        });
        y += height;
    }
    (lanes, order, tops)
}

/// A link for each requirement that is not the row right above in the same lane.
fn links(
    stages: &[Arc<StageItems>],
    order: &[usize],
    tops: &[f64],
    k: f64,
    by_slug: &HashMap<&str, usize>,
) -> Vec<Link> {
    let mut links = Vec::new();
    for (r, &i) in order.iter().enumerate() {
        let stage = &stages[i];
        let above = r
            .checked_sub(1)
            .map(|p| order[p])
            .filter(|&p| stages[p].track == stage.track);
        for j in stage
            .requires
            .iter()
            .filter_map(|s| by_slug.get(s.as_str()))
        {
            if Some(*j) == above {
                continue;
            }
            let required = &stages[*j];
            links.push(Link {
                from_x: round(CHART_LEFT + (required.start_min + required.weeks_min) * k),
                from_y: round(tops[*j]),
                to_x: round(CHART_LEFT + stage.start_min * k),
                to_y: round(tops[i]),
            });
        }
    }
    links
}

/// A line and a label every 1, 2 or 5 weeks, by the roadmap's length.
fn grid(total: f64) -> Vec<GridLine> {
    // Every 1, 2, 5, 10, 20, 25, 50, 100... weeks: the first that labels the chart at
    // most 15 times, so the labels never run into each other.
    let steps = [1u32, 2, 5, 10, 20, 25, 50]
        .into_iter()
        .chain((0..).flat_map(|e| [1, 2, 5].map(|m| m * 100 * 10u32.pow(e))));
    let step = steps
        .take_while(|&s| s < 1_000_000)
        .find(|&s| total / f64::from(s) <= 15.0)
        .unwrap_or(1_000_000) as usize;
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

fn row<'a>(
    stages: &'a [Arc<StageItems>],
    i: usize,
    y: f64,
    k: f64,
    by_slug: &HashMap<&str, usize>,
) -> Row<'a> {
    let stage = &stages[i];
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
    let label = format!("{}: {}", stage.title, details(stages, i, by_slug));
    Row {
        url: &stage.url,
        slug: &stage.slug,
        label,
        title: stage.title.chars().take(TITLE_CHARS).collect(),
        duration,
        optional: stage.optional,
        track: stage.track.as_deref(),
        weeks_min: round(stage.weeks_min),
        weeks_max: round(stage.weeks_max),
        y: round(y),
        bar: Bar::new(x, solid, extra),
    }
}

/// What a stage's accessible name says after its title: "stage 4, 2–3 weeks, weeks
/// 6–10, optional, Backend track, requires stage 3 (Models)" (the map's too).
pub(super) fn details(
    stages: &[Arc<StageItems>],
    i: usize,
    by_slug: &HashMap<&str, usize>,
) -> String {
    let stage = &stages[i];
    let mut label = format!(
        "stage {}, {}, {}",
        stage.number, stage.duration, stage.weeks_label
    );
    if stage.optional {
        label.push_str(", optional");
    }
    if let Some(track) = &stage.track {
        label.push_str(&format!(", {track} track"));
    }
    let required: Vec<String> = stage
        .requires
        .iter()
        .filter_map(|s| by_slug.get(s.as_str()))
        .map(|&j| format!("stage {} ({})", stages[j].number, stages[j].title))
        .collect();
    if !required.is_empty() {
        label.push_str(&format!(", requires {}", and_list(&required)));
    }
    label
}

/// "a", "a and b", "a, b and c".
pub(super) fn and_list(items: &[String]) -> String {
    match items {
        [] => String::new(),
        [one] => one.clone(),
        [init @ .., last] => format!("{} and {last}", init.join(", ")),
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

pub(super) fn round(x: f64) -> Length {
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
