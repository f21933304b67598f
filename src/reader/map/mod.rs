//! The overview's map of the stages: the requires graph as a layered (Sugiyama-style)
//! diagram, computed here and drawn by the theme's `map.html` as SVG.
//!
//! - **Layout** ([`layout`]): layers by the longest path from the stages that require
//!   nothing, a dummy node per layer an edge passes through, then barycenter sweeps
//!   down and up (12 from each of three starts, with neighbours swapped where that
//!   crosses fewer edges; the order with the fewest crossings kept), a track's stages
//!   kept side by side in each layer (a track is ordered by its stages' mean). A linear
//!   roadmap is one path without crossings.
//! - **Geometry** ([`geometry`]): two drawings of the one order. `wide` runs layers
//!   left to right, wrapped into bands of three when there are more (the theme's text
//!   column is 736 px wide: boxes of 184 units keep the text at 13 px there); `narrow`
//!   runs them top to bottom, at most 350 units wide (a 390 px phone less its margins)
//!   so its 13-unit text is never drawn below 12 px. Edges run through dummies' places
//!   and the gaps between layers, never through a box (tests/map_layout.rs checks it).
//! - **Why no crate**: rust-sugiyama (petgraph, one maintainer) and the young dagre
//!   ports give node coordinates for one direction; the map needs the dummies' places
//!   to route edges, tracks kept together, two directions from one order and bands, so
//!   the ~400 lines are written here without a dependency.
//! - **Scale**: past [`MAX_BOXES`] stages a box stands for a block of consecutive
//!   stages in study order ("Stages 12–40 (29 stages)", linked to its first stage), at
//!   most [`MAX_BOXES`] blocks. Blocks of the study order rather than tracks or runs: a
//!   block requires only earlier blocks (study order puts a stage after what it
//!   requires), so the graph of blocks has no cycle and still shows where the roadmap
//!   branches, its size is bounded whatever the roadmap's shape (a roadmap without
//!   tracks, or one long run, would be one box), and it matches the timeline's runs.

pub mod geometry;
pub mod layout;

use std::collections::HashMap;
use std::sync::Arc;

use serde::Serialize;

use super::timeline::{Length, and_list, details, round};
use super::{Roadmap, StageItems};
use geometry::{Direction, Drawn, Spec, draw};
use layout::{Graph, Layered};

/// Up to how many boxes the map draws: a stage each up to this many stages, blocks of
/// stages beyond.
pub const MAX_BOXES: usize = 100;
/// Blocks past [`MAX_BOXES`] stages: at most this many.
pub const MAX_GROUPS: usize = 50;
/// Text size in viewBox units, and how wide a character is taken to be.
const FONT: f64 = 13.0;
const CHAR: f64 = 8.0;
/// Room inside a box, left of its text.
const PAD: f64 = 8.0;

/// The wide drawing: 3 layers of 184 fit 736 units.
pub const WIDE: Spec = Spec {
    direction: Direction::Across,
    box_main: 184.0,
    box_cross: 64.0,
    dummy_cross: 10.0,
    sep: 14.0,
    gap: 44.0,
    band_gap: 40.0,
    margin: 28.0,
    max_width: 736.0,
};

/// The narrow drawing: at most 350 units wide when its layers fit (see [`narrow_spec`]).
pub const NARROW_WIDTH: f64 = 350.0;

/// `roadmap_map` in the overview's and the print page's templates.
#[derive(Debug, Clone, Serialize)]
pub struct RoadmapMap<'a> {
    /// "10 stages, 2 optional" or "1,000 stages in 50 blocks".
    pub summary: String,
    /// Whether a box stands for a block of stages (past [`MAX_BOXES`] stages).
    pub grouped: bool,
    pub optional_count: usize,
    /// The tracks, in the order they first appear (a box's `track_index` is a place here).
    pub tracks: Vec<&'a str>,
    pub wide: View<'a>,
    pub narrow: View<'a>,
}

/// One drawing. Lengths are viewBox units.
#[derive(Debug, Clone, Serialize)]
pub struct View<'a> {
    pub width: Length,
    pub height: Length,
    pub font_size: Length,
    /// In study order: what a keyboard reaches them in.
    pub boxes: Vec<MapBox<'a>>,
    pub edges: Vec<Edge>,
}

/// A stage's box, or a block's.
#[derive(Debug, Clone, Serialize)]
pub struct MapBox<'a> {
    /// The stage's slug; `None` for a block.
    pub slug: Option<&'a str>,
    /// Its page; a block's first stage's.
    pub url: &'a str,
    /// The whole title: "ORM Mastery" or "Stages 12–40".
    pub title: String,
    /// What its accessible name says after the title: "stage 4, 2–3 weeks, weeks 6–10,
    /// requires stage 3 (Models)"; a block's "(29 stages), weeks 5–30, requires stages
    /// 1–11".
    pub details: String,
    /// Its name: "title: details"; a block's "Stages 12–40 (29 stages), weeks...".
    pub label: String,
    pub number: String,
    /// "2–3 weeks", "29 stages".
    pub duration: String,
    pub optional: bool,
    pub group: bool,
    pub track: Option<&'a str>,
    pub track_index: Option<usize>,
    pub x: Length,
    pub y: Length,
    pub w: Length,
    pub h: Length,
    /// The title as drawn: a line or two, cut to fit.
    pub lines: Vec<TextLine>,
    /// The duration's line, and where a progress mark goes (its right end).
    pub meta: TextLine,
    pub mark_x: Length,
}

#[derive(Debug, Clone, Serialize)]
pub struct TextLine {
    pub x: Length,
    pub y: Length,
    pub text: String,
}

/// A requirement: an SVG path from the required box to the one requiring it.
#[derive(Debug, Clone, Serialize)]
pub struct Edge {
    pub d: String,
    /// To an optional stage (drawn dashed).
    pub optional: bool,
}

/// What a box stands for before it is placed.
struct Unit<'a> {
    slug: Option<&'a str>,
    url: &'a str,
    title: String,
    details: String,
    number: String,
    duration: String,
    optional: bool,
    track: Option<usize>,
}

impl<'a> RoadmapMap<'a> {
    /// `None` for a roadmap without stages.
    pub fn new(roadmap: &'a Roadmap) -> Option<RoadmapMap<'a>> {
        let stages = &roadmap.stages;
        if stages.is_empty() {
            return None;
        }
        let by_slug: HashMap<&str, usize> = (stages.iter().enumerate())
            .map(|(i, s)| (s.slug.as_str(), i))
            .collect();
        let mut tracks: Vec<&str> = Vec::new();
        for t in stages.iter().filter_map(|s| s.track.as_deref()) {
            if !tracks.contains(&t) {
                tracks.push(t);
            }
        }
        let order: Vec<usize> = (roadmap.study_order.iter())
            .filter_map(|s| by_slug.get(s.as_str()).copied())
            .collect();
        let grouped = stages.len() > MAX_BOXES;
        let (units, unit_of) = if grouped {
            blocks(stages, &order)
        } else {
            singles(stages, &order, &by_slug, &tracks)
        };
        let graph = graph_of(stages, &units, &unit_of, &by_slug);
        let layered = Layered::new(&graph);
        let optional_count = stages.iter().filter(|s| s.optional).count();
        let summary = if grouped {
            format!("{} in {} blocks", roadmap.stage_count(), units.len())
        } else {
            roadmap.stage_count()
        };
        Some(RoadmapMap {
            summary,
            grouped,
            optional_count,
            wide: view(&units, &graph, &layered, &WIDE, &tracks),
            narrow: view(&units, &graph, &layered, &narrow_spec(&layered), &tracks),
            tracks,
        })
    }
}

/// The narrow drawing's sizes: boxes as wide as the widest layer leaves room for in
/// [`NARROW_WIDTH`], from 96 to 300 units.
pub fn narrow_spec(layered: &Layered) -> Spec {
    let mut spec = Spec {
        direction: Direction::Down,
        box_main: 64.0,
        box_cross: 300.0,
        dummy_cross: 10.0,
        sep: 12.0,
        gap: 32.0,
        band_gap: 0.0,
        margin: 8.0,
        max_width: NARROW_WIDTH,
    };
    let room = |layer: &Vec<usize>| {
        let real = layer.iter().filter(|&&v| v < layered.real).count().max(1) as f64;
        let dummies = layer.len() as f64 - real;
        let free = NARROW_WIDTH - 2.0 * spec.margin - dummies * (spec.dummy_cross + spec.sep);
        (free - (real - 1.0) * spec.sep) / real
    };
    let fit = layered
        .layers
        .iter()
        .map(room)
        .fold(f64::INFINITY, f64::min);
    spec.box_cross = fit.floor().clamp(96.0, 300.0);
    spec
}

/// A box a stage, in study order.
fn singles<'a>(
    stages: &'a [Arc<StageItems>],
    order: &[usize],
    by_slug: &HashMap<&str, usize>,
    tracks: &[&str],
) -> (Vec<Unit<'a>>, Vec<usize>) {
    let mut unit_of = vec![0; stages.len()];
    let units = (order.iter().enumerate())
        .map(|(u, &i)| {
            unit_of[i] = u;
            let s = &stages[i];
            Unit {
                slug: Some(&s.slug),
                url: &s.url,
                title: s.title.clone(),
                details: details(stages, i, by_slug),
                number: s.number.to_string(),
                duration: s.duration.clone(),
                optional: s.optional,
                track: (s.track.as_deref()).and_then(|t| tracks.iter().position(|n| *n == t)),
            }
        })
        .collect();
    (units, unit_of)
}

/// Blocks of consecutive stages in study order, at most [`MAX_GROUPS`].
fn blocks<'a>(stages: &'a [Arc<StageItems>], order: &[usize]) -> (Vec<Unit<'a>>, Vec<usize>) {
    let per = order.len().div_ceil(MAX_GROUPS);
    let mut unit_of = vec![0; stages.len()];
    let units = (order.chunks(per).enumerate())
        .map(|(u, block)| {
            block.iter().for_each(|&i| unit_of[i] = u);
            let numbers = block.iter().map(|&i| stages[i].number);
            let (lo, hi) = (numbers.clone().min(), numbers.max());
            let (lo, hi) = (lo.unwrap_or(0), hi.unwrap_or(0));
            let weeks = |f: fn(&StageItems) -> u64, max: bool| {
                let w = block.iter().map(|&i| f(&stages[i]));
                if max { w.max() } else { w.min() }.unwrap_or(0)
            };
            let (first, last) = (weeks(|s| s.start_week, false), weeks(|s| s.end_week, true));
            let first_stage = &stages[block[0]];
            Unit {
                slug: None,
                url: &first_stage.url,
                title: format!("Stages {lo}–{hi}"),
                details: format!("({} stages), weeks {first}–{last}", block.len()),
                number: format!("{lo}–{hi}"),
                duration: format!("{} stages", block.len()),
                optional: block.iter().all(|&i| stages[i].optional),
                track: None,
            }
        })
        .collect();
    (units, unit_of)
}

/// The graph of units: an edge from a unit to each that requires it, once; a block's
/// details say which blocks it requires.
fn graph_of(
    stages: &[Arc<StageItems>],
    units: &[Unit],
    unit_of: &[usize],
    by_slug: &HashMap<&str, usize>,
) -> Graph {
    let mut edges = Vec::new();
    for (i, s) in stages.iter().enumerate() {
        for &j in s.requires.iter().filter_map(|r| by_slug.get(r.as_str())) {
            let e = (unit_of[j], unit_of[i]);
            if e.0 != e.1 && !edges.contains(&e) {
                edges.push(e);
            }
        }
    }
    edges.sort_unstable();
    Graph {
        n: units.len(),
        edges,
        track: units.iter().map(|u| u.track).collect(),
    }
}

/// One drawing of the units.
fn view<'a>(
    units: &[Unit<'a>],
    graph: &Graph,
    layered: &Layered,
    spec: &Spec,
    tracks: &[&'a str],
) -> View<'a> {
    let drawn = draw(layered, spec);
    let boxes = (units.iter().zip(&drawn.rects))
        .enumerate()
        .map(|(u, (unit, rect))| {
            let required: Vec<&str> = (graph.edges.iter())
                .filter(|e| e.1 == u)
                .map(|e| units[e.0].title.as_str())
                .collect();
            place(unit, rect, &required, tracks)
        })
        .collect();
    let edges = (0..graph.edges.len())
        .filter(|&i| !drawn.paths[i].is_empty())
        .map(|i| Edge {
            d: drawn.path_d(i),
            optional: units[graph.edges[i].1].optional,
        })
        .collect();
    View {
        width: round(drawn.width.ceil()),
        height: round(drawn.height.ceil()),
        font_size: Length(FONT),
        boxes,
        edges,
    }
}

/// A unit in its rectangle: its text fitted, its name.
fn place<'a>(
    unit: &Unit<'a>,
    rect: &geometry::Rect,
    required: &[&str],
    tracks: &[&'a str],
) -> MapBox<'a> {
    let chars = ((rect.w - 2.0 * PAD) / CHAR).floor().max(4.0) as usize;
    let mut details = unit.details.clone();
    if unit.slug.is_none() && !required.is_empty() {
        let names: Vec<String> = required.iter().map(|t| t.to_lowercase()).collect();
        details.push_str(&format!(", requires {}", and_list(&names)));
    }
    let text_line = |k: usize, text: String| TextLine {
        x: round(rect.x + PAD),
        y: round(rect.y + 19.0 + 16.0 * k as f64),
        text,
    };
    let lines: Vec<TextLine> = fit(&unit.title, chars, 2)
        .into_iter()
        .enumerate()
        .map(|(k, t)| text_line(k, t))
        .collect();
    let mut meta = text_line(2, unit.duration.clone());
    meta.y = round(rect.y + rect.h - 9.0);
    MapBox {
        slug: unit.slug,
        url: unit.url,
        label: if unit.slug.is_some() {
            format!("{}: {details}", unit.title)
        } else {
            format!("{} {details}", unit.title)
        },
        title: unit.title.clone(),
        details,
        number: unit.number.clone(),
        duration: unit.duration.clone(),
        optional: unit.optional,
        group: unit.slug.is_none(),
        track: unit.track.map(|t| tracks[t]),
        track_index: unit.track,
        x: round(rect.x),
        y: round(rect.y),
        w: round(rect.w),
        h: round(rect.h),
        lines,
        meta,
        mark_x: round(rect.x + rect.w - PAD),
    }
}

/// `text` in at most `lines` lines of `chars` characters, broken between words, the
/// last cut with "…" when it does not fit.
pub fn fit(text: &str, chars: usize, lines: usize) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    let mut words = text.split_whitespace().peekable();
    while let Some(word) = words.next() {
        let last = out.len() == lines;
        match out.last_mut() {
            Some(line) if line.chars().count() + 1 + word.chars().count() <= chars => {
                line.push(' ');
                line.push_str(word);
            }
            Some(line) if last => {
                line.push(' ');
                line.push_str(word);
                words.for_each(|w| {
                    line.push(' ');
                    line.push_str(w);
                });
                break;
            }
            _ => out.push(word.to_string()),
        }
    }
    for line in &mut out {
        if line.chars().count() > chars {
            let cut: String = line.chars().take(chars.saturating_sub(1)).collect();
            *line = format!("{}…", cut.trim_end());
        }
    }
    out
}

/// `graph` laid out and drawn both ways, in numbers (the boxes' rectangles, the edges'
/// polylines): what tests/map_layout.rs checks.
pub fn drawings(graph: &Graph) -> (Layered, Drawn, Drawn) {
    let layered = Layered::new(graph);
    let wide = draw(&layered, &WIDE);
    let narrow = draw(&layered, &narrow_spec(&layered));
    (layered, wide, narrow)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn titles_are_fitted_in_two_lines_and_cut() {
        assert_eq!(fit("Forms", 20, 2), ["Forms"]);
        assert_eq!(
            fit("Django URL Routing & Views (FBV/CBV)", 20, 2),
            ["Django URL Routing &", "Views (FBV/CBV)"]
        );
        assert_eq!(
            fit("Signals, Middleware & Custom Management Commands", 20, 2),
            ["Signals, Middleware", "& Custom Management…"]
        );
        assert_eq!(fit("Supercalifragilistic", 10, 2), ["Supercali…"]);
    }
}
