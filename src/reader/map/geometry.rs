//! A [`Layered`] order placed on a page: boxes and edges in viewBox units, one way or
//! the other. Layers run left to right (`Across`, wrapped into bands below one another
//! when they do not fit the width) or top to bottom (`Down`). Within a layer, nodes
//! keep their order and are pulled toward their neighbours' mean (a few sweeps, each
//! resolved so that neighbours keep their distance), so no two boxes overlap and long
//! edges run nearly straight. An edge runs from its required box to the one requiring
//! it through its dummies' places: through a layer at a dummy's place (kept clear of
//! boxes like a box), across the gap between layers in one segment, and around the
//! margins and the gap between bands when it wraps; so it never crosses a box.

use super::layout::Layered;

/// Which way layers run.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Direction {
    /// Left to right, in bands of as many layers as `max_width` holds.
    Across,
    /// Top to bottom.
    Down,
}

/// The sizes of a drawing.
#[derive(Debug, Clone, Copy)]
pub struct Spec {
    pub direction: Direction,
    /// A box's extent along the layers' direction, and across it.
    pub box_main: f64,
    pub box_cross: f64,
    /// The room a dummy takes across, and the space between neighbours in a layer.
    pub dummy_cross: f64,
    pub sep: f64,
    /// Between layers, between bands, around the drawing.
    pub gap: f64,
    pub band_gap: f64,
    pub margin: f64,
    /// `Across`: where layers wrap into another band. `Down`: past it, layers are
    /// packed (centred, not aligned with their neighbours) to stay narrow.
    pub max_width: f64,
}

#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Rect {
    pub x: f64,
    pub y: f64,
    pub w: f64,
    pub h: f64,
}

/// A drawing: a rectangle per real node, a polyline per edge of the graph (empty for
/// an edge left out).
#[derive(Debug, Clone)]
pub struct Drawn {
    pub width: f64,
    pub height: f64,
    pub direction: Direction,
    pub rects: Vec<Rect>,
    pub paths: Vec<Vec<(f64, f64)>>,
}

/// Sweeps of the coordinate assignment.
const PULLS: usize = 8;

/// Places `layered` by `spec`.
pub fn draw(layered: &Layered, spec: &Spec) -> Drawn {
    let size = |v: usize| {
        if v < layered.real {
            spec.box_cross
        } else {
            spec.dummy_cross
        }
    };
    let mut cross = aligned(layered, &size, spec.sep);
    let extent = |c: &[f64]| {
        let lo = (0..c.len())
            .map(|v| c[v] - size(v) / 2.0)
            .fold(f64::INFINITY, f64::min);
        let hi = (0..c.len())
            .map(|v| c[v] + size(v) / 2.0)
            .fold(f64::NEG_INFINITY, f64::max);
        hi - lo
    };
    if spec.direction == Direction::Down && extent(&cross) + 2.0 * spec.margin > spec.max_width {
        cross = packed(layered, &size, spec.sep);
    }
    match spec.direction {
        Direction::Down => down(layered, spec, &cross, &size),
        Direction::Across => across(layered, spec, &cross, &size),
    }
}

/// Centres across the layers: packed, then pulled toward their neighbours.
fn aligned(l: &Layered, size: &dyn Fn(usize) -> f64, sep: f64) -> Vec<f64> {
    let mut c = packed(l, size, sep);
    for _ in 0..PULLS {
        for k in 1..l.layers.len() {
            pull(l, k, &l.up, &mut c, size, sep);
        }
        for k in (0..l.layers.len().saturating_sub(1)).rev() {
            pull(l, k, &l.down, &mut c, size, sep);
        }
    }
    for k in 0..l.layers.len() {
        pull_both(l, k, &mut c, size, sep);
    }
    c
}

/// Each layer's nodes side by side, the layers centred on one another.
fn packed(l: &Layered, size: &dyn Fn(usize) -> f64, sep: f64) -> Vec<f64> {
    let mut c = vec![0.0; l.layer.len()];
    let total = |layer: &[usize]| {
        layer.iter().map(|&v| size(v)).sum::<f64>() + sep * layer.len().saturating_sub(1) as f64
    };
    let widest = l
        .layers
        .iter()
        .map(|layer| total(layer))
        .fold(0.0, f64::max);
    for layer in &l.layers {
        let mut at = (widest - total(layer)) / 2.0;
        for &v in layer {
            c[v] = at + size(v) / 2.0;
            at += size(v) + sep;
        }
    }
    c
}

fn pull(
    l: &Layered,
    k: usize,
    neighbours: &[Vec<usize>],
    c: &mut [f64],
    size: &dyn Fn(usize) -> f64,
    sep: f64,
) {
    let want: Vec<f64> = l.layers[k]
        .iter()
        .map(|&v| mean(&neighbours[v], c).unwrap_or(c[v]))
        .collect();
    settle(&l.layers[k], &want, c, size, sep);
}

fn pull_both(l: &Layered, k: usize, c: &mut [f64], size: &dyn Fn(usize) -> f64, sep: f64) {
    let want: Vec<f64> = l.layers[k]
        .iter()
        .map(|&v| {
            let all: Vec<usize> = l.up[v].iter().chain(&l.down[v]).copied().collect();
            mean(&all, c).unwrap_or(c[v])
        })
        .collect();
    settle(&l.layers[k], &want, c, size, sep);
}

fn mean(nodes: &[usize], c: &[f64]) -> Option<f64> {
    (!nodes.is_empty()).then(|| nodes.iter().map(|&u| c[u]).sum::<f64>() / nodes.len() as f64)
}

/// Puts `layer`'s nodes as near `want` as their order and distances allow: the mean of
/// a placement pushed forward then back and one pushed back then forward, both of
/// which keep every pair of neighbours `sep` apart (and so does their mean).
fn settle(layer: &[usize], want: &[f64], c: &mut [f64], size: &dyn Fn(usize) -> f64, sep: f64) {
    let n = layer.len();
    if n == 0 {
        return;
    }
    let d = |i: usize| (size(layer[i - 1]) + size(layer[i])) / 2.0 + sep;
    let forward = |x: &mut Vec<f64>| {
        for i in 1..n {
            x[i] = x[i].max(x[i - 1] + d(i));
        }
    };
    let backward = |x: &mut Vec<f64>| {
        for i in (1..n).rev() {
            x[i - 1] = x[i - 1].min(x[i] - d(i));
        }
    };
    let mut a = want.to_vec();
    forward(&mut a);
    backward(&mut a);
    let mut b = want.to_vec();
    backward(&mut b);
    forward(&mut b);
    for (i, &v) in layer.iter().enumerate() {
        c[v] = (a[i] + b[i]) / 2.0;
    }
}

/// Layers top to bottom.
fn down(l: &Layered, s: &Spec, cross: &[f64], size: &dyn Fn(usize) -> f64) -> Drawn {
    let lo = (0..cross.len())
        .map(|v| cross[v] - size(v) / 2.0)
        .fold(f64::INFINITY, f64::min);
    let hi = (0..cross.len())
        .map(|v| cross[v] + size(v) / 2.0)
        .fold(f64::NEG_INFINITY, f64::max);
    let x = |v: usize| s.margin + cross[v] - lo;
    let top = |k: usize| s.margin + k as f64 * (s.box_main + s.gap);
    let rects = (0..l.real)
        .map(|v| Rect {
            x: x(v) - s.box_cross / 2.0,
            y: top(l.layer[v]),
            w: s.box_cross,
            h: s.box_main,
        })
        .collect();
    let paths = l
        .chains
        .iter()
        .map(|chain| {
            let mut p = Vec::new();
            for (i, &v) in chain.iter().enumerate() {
                let (t, b) = (top(l.layer[v]), top(l.layer[v]) + s.box_main);
                if i > 0 {
                    p.push((x(v), t));
                }
                if i + 1 < chain.len() {
                    p.push((x(v), b));
                }
            }
            p
        })
        .collect();
    let layers = l.layers.len() as f64;
    Drawn {
        width: (hi - lo).max(0.0) + 2.0 * s.margin,
        height: 2.0 * s.margin + layers * s.box_main + (layers - 1.0).max(0.0) * s.gap,
        direction: Direction::Down,
        rects,
        paths,
    }
}

/// Layers left to right, in bands.
fn across(l: &Layered, s: &Spec, cross: &[f64], size: &dyn Fn(usize) -> f64) -> Drawn {
    let per_band = (((s.max_width - 2.0 * s.margin + s.gap) / (s.box_main + s.gap)) as usize)
        .clamp(1, l.layers.len().max(1));
    let bands = l.layers.len().div_ceil(per_band);
    // Each band's top and height, from its layers' extent across.
    let mut band_top = Vec::with_capacity(bands);
    let mut band_lo = Vec::with_capacity(bands);
    let mut y = s.margin;
    for b in 0..bands {
        let nodes = l.layers[b * per_band..((b + 1) * per_band).min(l.layers.len())]
            .iter()
            .flatten();
        let (lo, hi) = nodes.fold((f64::INFINITY, f64::NEG_INFINITY), |(lo, hi), &v| {
            (
                lo.min(cross[v] - size(v) / 2.0),
                hi.max(cross[v] + size(v) / 2.0),
            )
        });
        let (lo, hi) = if lo.is_finite() { (lo, hi) } else { (0.0, 0.0) };
        band_top.push(y);
        band_lo.push(lo);
        y += hi - lo + s.band_gap;
    }
    let height = y - s.band_gap + s.margin;
    let band = |v: usize| l.layer[v] / per_band;
    let left = |v: usize| s.margin + (l.layer[v] % per_band) as f64 * (s.box_main + s.gap);
    let y = |v: usize| band_top[band(v)] + cross[v] - band_lo[band(v)];
    let rects = (0..l.real)
        .map(|v| Rect {
            x: left(v),
            y: y(v) - s.box_cross / 2.0,
            w: s.box_main,
            h: s.box_cross,
        })
        .collect();
    let columns = per_band.min(l.layers.len()) as f64;
    let width = 2.0 * s.margin + columns * s.box_main + (columns - 1.0).max(0.0) * s.gap;
    let mut wraps = 0;
    let paths = l
        .chains
        .iter()
        .map(|chain| {
            let mut p: Vec<(f64, f64)> = Vec::new();
            for (i, &v) in chain.iter().enumerate() {
                if i > 0 {
                    let u = chain[i - 1];
                    if band(u) != band(v) {
                        // Out right, along the gap under the band, in from the left.
                        let shift = (wraps % 5) as f64 * 3.0 - 6.0;
                        wraps += 1;
                        let (right, back) =
                            (left(u) + s.box_main + s.gap / 2.0, s.margin - s.gap / 2.0);
                        let run = band_top[band(v)] - s.band_gap / 2.0 + shift;
                        p.push((right + shift, y(u)));
                        p.push((right + shift, run));
                        p.push((back - shift, run));
                        p.push((back - shift, y(v)));
                    }
                    p.push((left(v), y(v)));
                }
                if i + 1 < chain.len() {
                    p.push((left(v) + s.box_main, y(v)));
                }
            }
            p
        })
        .collect();
    Drawn {
        width,
        height,
        direction: Direction::Across,
        rects,
        paths,
    }
}

impl Drawn {
    /// Edge `i` as an SVG path: straight through layers and around bands, a curve
    /// (within the gap: its control points are) across the gap between layers.
    pub fn path_d(&self, i: usize) -> String {
        let p = &self.paths[i];
        let mut d = String::new();
        for (k, &(x, y)) in p.iter().enumerate() {
            if k == 0 {
                d.push_str(&format!("M{} {}", r(x), r(y)));
                continue;
            }
            let (px, py) = p[k - 1];
            if px != x && py != y {
                let (c1, c2) = match self.direction {
                    Direction::Across => (((px + x) / 2.0, py), ((px + x) / 2.0, y)),
                    Direction::Down => ((px, (py + y) / 2.0), (x, (py + y) / 2.0)),
                };
                d.push_str(&format!(
                    "C{} {} {} {} {} {}",
                    r(c1.0),
                    r(c1.1),
                    r(c2.0),
                    r(c2.1),
                    r(x),
                    r(y)
                ));
            } else if py == y {
                d.push_str(&format!("H{}", r(x)));
            } else {
                d.push_str(&format!("V{}", r(y)));
            }
        }
        d
    }
}

/// A number for SVG: to hundredths, no "-0".
pub fn r(x: f64) -> String {
    let v = (x * 100.0).round() / 100.0;
    if v == 0.0 { "0".into() } else { format!("{v}") }
}
