//! The timeline's rows: which stage each row draws (study order), its track's class,
//! and its text and bar in one drawing.

use std::collections::HashMap;
use std::sync::Arc;

use super::{Bar, Geometry, MAX_ROWS, ROW, Row, TEXT_SIZE, TOP, Track, cut, round};
use crate::reader::{Roadmap, StageItems};

/// What both drawings share: the stages top to bottom, and the tracks.
pub(super) struct Order<'a> {
    /// `rows[r]`: the stage drawn in row `r`, in `study_order`.
    pub rows: Vec<usize>,
    /// `row_of[i]`: the row of stage `i`.
    pub row_of: Vec<usize>,
    pub by_slug: HashMap<&'a str, usize>,
    /// The named tracks in the order they first appear in stage order.
    pub track_names: Vec<&'a str>,
    /// `track_of[i]`: stage `i`'s track in `track_names`.
    pub track_of: Vec<Option<usize>>,
}

impl<'a> Order<'a> {
    pub fn new(roadmap: &'a Roadmap) -> Order<'a> {
        let stages = &roadmap.stages;
        let by_slug: HashMap<&str, usize> = (stages.iter().enumerate())
            .map(|(i, s)| (s.slug.as_str(), i))
            .collect();
        let mut rows: Vec<usize> = Vec::with_capacity(stages.len());
        let mut placed = vec![false; stages.len()];
        for slug in &roadmap.study_order {
            if let Some(&i) = by_slug.get(slug.as_str())
                && !placed[i]
            {
                placed[i] = true;
                rows.push(i);
            }
        }
        // A stage the study order misses (none should) after the others.
        rows.extend((0..stages.len()).filter(|&i| !placed[i]));
        let mut row_of = vec![0; stages.len()];
        for (r, &i) in rows.iter().enumerate() {
            row_of[i] = r;
        }
        let mut track_names: Vec<&str> = Vec::new();
        let track_of = (stages.iter())
            .map(|s| {
                let name = s.track.as_deref()?;
                Some(
                    track_names
                        .iter()
                        .position(|n| *n == name)
                        .unwrap_or_else(|| {
                            track_names.push(name);
                            track_names.len() - 1
                        }),
                )
            })
            .collect();
        Order {
            rows,
            row_of,
            by_slug,
            track_names,
            track_of,
        }
    }

    pub fn tracks(&self) -> Vec<Track<'a>> {
        (self.track_names.iter().enumerate())
            .map(|(n, name)| Track {
                name,
                class: track_class(n),
            })
            .collect()
    }
}

/// "timeline-track-N": four colours, taken in turn.
fn track_class(n: usize) -> String {
    format!("timeline-track-{}", n % 4)
}

/// The top of row `r`.
pub(super) fn top(r: usize) -> f64 {
    TOP + ROW * r as f64
}

/// A row per stage, in `order`.
pub(super) fn rows<'a>(roadmap: &'a Roadmap, order: &Order<'a>, g: &Geometry) -> Vec<Row<'a>> {
    let k = g.scale(roadmap.last_end);
    (order.rows.iter().enumerate())
        .map(|(r, &i)| row(roadmap, order, i, top(r), k, g))
        .collect()
}

fn row<'a>(
    roadmap: &'a Roadmap,
    order: &Order<'a>,
    i: usize,
    y: f64,
    k: f64,
    g: &Geometry,
) -> Row<'a> {
    let stages = &roadmap.stages;
    let stage = &stages[i];
    let x = g.chart_left + stage.start_min * k;
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
    let label = format!("{}: {}", stage.title, details(stages, i, &order.by_slug));
    Row {
        url: &stage.url,
        slug: &stage.slug,
        label,
        title: cut(&stage.title, g.chars(g.title_size)),
        duration: cut(&duration, g.chars(TEXT_SIZE)),
        optional: stage.optional,
        track: stage.track.as_deref(),
        track_class: order.track_of[i].map(track_class),
        weeks_min: round(stage.weeks_min),
        weeks_max: round(stage.weeks_max),
        y: round(y),
        bar: Bar::new(x, solid, extra),
    }
}

/// A roadmap of more than [`MAX_ROWS`] stages: runs of consecutive stages, each a row
/// from its earliest start to its latest end, linked to its first stage, and how many
/// stages a row stands for. Tracks and the lines to what stages require are left to
/// the stages' own pages.
pub(super) fn runs<'a>(roadmap: &'a Roadmap, g: &Geometry) -> (Vec<Row<'a>>, usize) {
    let stages = &roadmap.stages;
    let per_row = stages.len().div_ceil(MAX_ROWS);
    let k = g.scale(roadmap.last_end);
    let rows = (stages.chunks(per_row).enumerate())
        .map(|(r, run)| run_row(run, top(r), k, g))
        .collect();
    (rows, per_row)
}

/// A run of consecutive stages as one row: "Stages 200 to 299".
fn run_row<'a>(run: &'a [Arc<StageItems>], y: f64, k: f64, g: &Geometry) -> Row<'a> {
    let (first, last) = (&run[0], &run[run.len() - 1]);
    let start = (run.iter())
        .map(|s| s.start_min)
        .fold(f64::INFINITY, f64::min);
    let end_min = (run.iter())
        .map(|s| s.start_min + s.weeks_min)
        .fold(0.0, f64::max);
    let end_max = (run.iter())
        .map(|s| s.start_min + s.weeks_max)
        .fold(0.0, f64::max);
    let x = g.chart_left + start * k;
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
        title: cut(&title, g.chars(g.title_size)),
        optional: false,
        track: None,
        track_class: None,
        weeks_min: round(end_min - start),
        weeks_max: round(end_max - start),
        y: round(y),
        bar: Bar::new(x, solid, extra),
    }
}

/// What a stage's accessible name says after its title: "stage 4, 2–3 weeks, weeks
/// 6–10, optional, Backend track, requires stage 3 (Models)" (the map's too).
pub(in crate::reader) fn details(
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
    let required: Vec<String> = (stage.requires.iter())
        .filter_map(|s| by_slug.get(s.as_str()))
        .map(|&j| format!("stage {} ({})", stages[j].number, stages[j].title))
        .collect();
    if !required.is_empty() {
        label.push_str(&format!(", requires {}", and_list(&required)));
    }
    label
}

/// "a", "a and b", "a, b and c".
pub(in crate::reader) fn and_list(items: &[String]) -> String {
    match items {
        [] => String::new(),
        [one] => one.clone(),
        [init @ .., last] => format!("{} and {last}", init.join(", ")),
    }
}

/// How wide `text` of `size` is taken to be: [`CHAR_WIDTH`] of its size a character.
#[cfg(test)]
pub(super) fn text_width(text: &str, size: f64) -> f64 {
    super::CHAR_WIDTH * size * text.chars().count() as f64
}
