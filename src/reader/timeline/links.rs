//! The lines from a required stage's bar to the bar of the stage that requires it.
//! They run in the chart only (right of week 0), where there is no text: the titles
//! and durations are all in the left column.

use super::rows::{Order, top};
use super::{BAR, BAR_DY, Geometry, Link, round};
use crate::reader::Roadmap;

/// How far left of the requiring bar's start a line comes down to it.
const ELBOW: f64 = 6.0;

/// A link for each requirement that is not the row right above.
pub(super) fn links(roadmap: &Roadmap, order: &Order<'_>, g: &Geometry) -> Vec<Link> {
    let stages = &roadmap.stages;
    let k = g.scale(roadmap.last_end);
    let mut links = Vec::new();
    for (r, &i) in order.rows.iter().enumerate() {
        let stage = &stages[i];
        let above = r.checked_sub(1).map(|p| order.rows[p]);
        let required = (stage.requires.iter())
            .filter_map(|s| order.by_slug.get(s.as_str()).copied())
            .filter(|&j| Some(j) != above);
        for j in required {
            let from = &stages[j];
            let from_x = g.chart_left + (from.start_min + from.weeks_min) * k;
            let to_x = g.chart_left + stage.start_min * k;
            let (from_y, to_y) = (top(order.row_of[j]), top(r));
            links.push(link(from_x, from_y, to_x, to_y, g.chart_left));
        }
    }
    links
}

/// From the end of the bar at `from_x` in the row at `from_y`, along its bottom edge
/// (its top edge when the requiring row is above), across to [`ELBOW`] before `to_x`,
/// down (or up) to the requiring bar's middle and into its start. Every corner is
/// right of `chart_left`, week 0, so the line stays in the chart, clear of the text.
fn link(from_x: f64, from_y: f64, to_x: f64, to_y: f64, chart_left: f64) -> Link {
    let start_y = if to_y > from_y {
        from_y + BAR_DY + BAR
    } else {
        from_y + BAR_DY
    };
    let elbow = (to_x - ELBOW).max(chart_left + 2.0);
    let middle = to_y + BAR_DY + BAR / 2.0;
    let points = vec![
        (from_x, start_y),
        (elbow, start_y),
        (elbow, middle),
        (to_x, middle),
    ];
    let (x0, y0, x1, y2, x3) = (
        round(points[0].0),
        round(points[0].1),
        round(points[1].0),
        round(points[2].1),
        round(points[3].0),
    );
    Link {
        from_x: round(from_x),
        from_y: round(from_y),
        to_x: round(to_x),
        to_y: round(to_y),
        path: format!("M{x0} {y0}H{x1}V{y2}H{x3}"),
        points: points
            .into_iter()
            .map(|(x, y)| (round(x).0, round(y).0))
            .collect(),
    }
}
