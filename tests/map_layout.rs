//! The map's layout (src/reader/map) on fixture graphs and random ones: no two boxes
//! overlap, no edge segment passes through a box, and crossings stay at the fewest the
//! layout reached when each figure was recorded (a change that makes one worse fails
//! here; one that makes it better should lower the figure).

use proptest::prelude::*;
use roadsmith::reader::map::drawings;
use roadsmith::reader::map::geometry::{Drawn, Rect};
use roadsmith::reader::map::layout::Graph;

fn graph(n: usize, edges: &[(usize, usize)], track: Vec<Option<usize>>) -> Graph {
    Graph {
        n,
        edges: edges.to_vec(),
        track: if track.is_empty() {
            vec![None; n]
        } else {
            track
        },
    }
}

/// Whether the segment from `a` to `b` enters the inside of `r` (its edge less `inset`):
/// Liang–Barsky clipping.
fn enters(a: (f64, f64), b: (f64, f64), r: &Rect, inset: f64) -> bool {
    let (x0, y0, x1, y1) = (
        r.x + inset,
        r.y + inset,
        r.x + r.w - inset,
        r.y + r.h - inset,
    );
    let (dx, dy) = (b.0 - a.0, b.1 - a.1);
    let (mut t0, mut t1) = (0.0f64, 1.0f64);
    for (p, q) in [
        (-dx, a.0 - x0),
        (dx, x1 - a.0),
        (-dy, a.1 - y0),
        (dy, y1 - a.1),
    ] {
        if p == 0.0 {
            if q < 0.0 {
                return false;
            }
        } else {
            let t = q / p;
            if p < 0.0 {
                t0 = t0.max(t);
            } else {
                t1 = t1.min(t);
            }
        }
    }
    t0 < t1
}

fn overlap(a: &Rect, b: &Rect) -> bool {
    a.x < b.x + b.w && b.x < a.x + a.w && a.y < b.y + b.h && b.y < a.y + a.h
}

/// Every check on one drawing; the first failure, said.
fn sound(g: &Graph, d: &Drawn) -> Result<(), String> {
    for (i, a) in d.rects.iter().enumerate() {
        for (j, b) in d.rects.iter().enumerate().skip(i + 1) {
            if overlap(a, b) {
                return Err(format!("boxes {i} and {j} overlap: {a:?} {b:?}"));
            }
        }
        if a.x < 0.0 || a.y < 0.0 || a.x + a.w > d.width + 1e-6 || a.y + a.h > d.height + 1e-6 {
            return Err(format!("box {i} outside the drawing: {a:?}"));
        }
    }
    for (e, path) in d.paths.iter().enumerate() {
        let (u, v) = g.edges[e];
        for seg in path.windows(2) {
            for (k, r) in d.rects.iter().enumerate() {
                // Its own ends: it may touch their edges, never go inside.
                let inset = if k == u || k == v { 1.0 } else { 0.0 };
                if enters(seg[0], seg[1], r, inset) {
                    return Err(format!(
                        "edge {u}->{v} segment {seg:?} passes through box {k} {r:?}"
                    ));
                }
            }
        }
        for &(x, y) in path {
            if x < 0.0 || y < 0.0 || x > d.width || y > d.height {
                return Err(format!("edge {u}->{v} leaves the drawing at {x},{y}"));
            }
        }
    }
    Ok(())
}

/// Lays `g` out, checks both drawings, and returns the crossings.
fn checked(name: &str, g: &Graph) -> usize {
    let (layered, wide, narrow) = drawings(g);
    for (which, d) in [("wide", &wide), ("narrow", &narrow)] {
        if let Err(e) = sound(g, d) {
            panic!("{name}, {which}: {e}");
        }
    }
    // Narrow: within a phone's 350 units, unless a layer holds more than boxes of the
    // narrowest width (96) fit; the theme then scrolls the map in its own box.
    assert!(
        narrow.width <= 350.0 + 1e-6 || narrow.rects[0].w == 96.0,
        "{name}: narrow {}",
        narrow.width
    );
    eprintln!(
        "{name}: wide {}x{}, narrow {}x{}",
        wide.width, wide.height, narrow.width, narrow.height
    );
    assert!(wide.width <= 736.0, "{name}: wide {}", wide.width);
    layered.crossings()
}

fn diamond() -> Graph {
    // a; b and c after a; d after b and c; e (optional) after a.
    graph(5, &[(0, 1), (0, 2), (1, 3), (2, 3), (0, 4)], vec![])
}

fn two_tracks() -> Graph {
    // Setup; Backend: Python, Django, Caching; Frontend: HTML & CSS, React; Capstone.
    graph(
        7,
        &[(0, 1), (1, 2), (2, 3), (0, 4), (4, 5), (2, 6), (5, 6)],
        vec![None, Some(0), Some(0), Some(0), Some(1), Some(1), None],
    )
}

fn branching() -> Graph {
    // sql; pipelines, modelling after sql; warehouse after both; streaming (optional)
    // after pipelines. Tracks: engineering (pipelines, streaming), analytics (modelling).
    graph(
        5,
        &[(0, 1), (0, 2), (1, 3), (2, 3), (1, 4)],
        vec![None, Some(0), Some(1), None, Some(0)],
    )
}

fn chain_with_shortcuts() -> Graph {
    let mut edges: Vec<(usize, usize)> = (0..19).map(|i| (i, i + 1)).collect();
    edges.extend([
        (0, 5),
        (3, 10),
        (7, 15),
        (2, 19),
        (10, 18),
        (4, 8),
        (12, 16),
    ]);
    graph(20, &edges, vec![])
}

/// 40 stages: a start, three tracks of 12 with links between them, and 3 capstones.
fn forty() -> Graph {
    let mut edges = Vec::new();
    let mut track = vec![None];
    let mut seed = 7u64;
    let mut next = || {
        seed = seed
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        (seed >> 33) as usize
    };
    for t in 0..3 {
        for k in 0..12 {
            let v = 1 + t * 12 + k;
            track.push(Some(t));
            edges.push((if k == 0 { 0 } else { v - 1 }, v));
            if k > 2 && next() % 3 == 0 {
                let other = (t + 1 + next() % 2) % 3;
                let from = 1 + other * 12 + next() % k;
                edges.push((from, v));
            }
        }
    }
    for c in 37..40 {
        track.push(None);
        edges.push((12 * (c - 37) + 12, c));
        edges.push((if c == 37 { 24 } else { c - 1 }, c));
    }
    edges.sort_unstable();
    edges.dedup();
    graph(40, &edges, track)
}

#[test]
fn a_linear_roadmap_is_one_straight_path() {
    for n in [1, 2, 3, 4, 10, 25] {
        let g = graph(n, &(1..n).map(|i| (i - 1, i)).collect::<Vec<_>>(), vec![]);
        assert_eq!(checked("linear", &g), 0);
        let (_, wide, narrow) = drawings(&g);
        let xs: Vec<f64> = narrow.rects.iter().map(|r| r.x).collect();
        assert!(xs.iter().all(|&x| x == xs[0]), "narrow: one column {xs:?}");
        // Wide: a row per band of 3 layers, each straight.
        for band in wide.rects.chunks(3) {
            assert!(band.iter().all(|r| r.y == band[0].y), "{band:?}");
        }
        for path in &wide.paths {
            for seg in path.windows(2) {
                assert!(
                    seg[0].0 == seg[1].0 || seg[0].1 == seg[1].1,
                    "straight: {seg:?}"
                );
            }
        }
    }
}

/// The fewest crossings the layout reached on each fixture when recorded.
#[test]
fn crossings_stay_at_their_recorded_minimum() {
    let figures = [
        ("diamond", diamond(), 0),
        ("two tracks", two_tracks(), 0),
        ("branching", branching(), 0),
        // 0 is possible (the shortcuts split into two sides without crossing); the
        // barycenter sweeps reach 4.
        ("chain with shortcuts", chain_with_shortcuts(), 4),
        ("forty stages, three tracks", forty(), 15),
    ];
    let mut got = Vec::new();
    for (name, g, _) in &figures {
        got.push((*name, checked(name, g)));
    }
    eprintln!("crossings: {got:?}");
    for ((name, _, most), (_, c)) in figures.iter().zip(&got) {
        assert!(c <= most, "{name}: {c} crossings, recorded {most}");
    }
}

#[test]
fn a_wide_layer_stays_sound() {
    // One start and 12 stages after it: too wide for a phone's 350 units.
    let g = graph(13, &(1..13).map(|i| (0, i)).collect::<Vec<_>>(), vec![]);
    checked("wide layers", &g);
}

fn dag() -> impl Strategy<Value = Graph> {
    (1usize..28).prop_flat_map(|n| {
        let pairs = n * (n - 1) / 2;
        (
            Just(n),
            prop::collection::vec(prop::bool::weighted(0.15), pairs),
            prop::collection::vec(prop::option::of(0usize..3), n),
        )
            .prop_map(|(n, picks, track)| {
                let mut edges = Vec::new();
                let mut k = 0;
                for j in 1..n {
                    for i in 0..j {
                        if picks[k] {
                            edges.push((i, j));
                        }
                        k += 1;
                    }
                }
                Graph { n, edges, track }
            })
    })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]
    #[test]
    fn random_dags_have_no_overlap_and_no_edge_through_a_box(g in dag()) {
        let (_, wide, narrow) = drawings(&g);
        for d in [&wide, &narrow] {
            if let Err(e) = sound(&g, d) {
                prop_assert!(false, "{}", e);
            }
        }
    }
}
