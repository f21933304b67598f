//! The layered order of a requires graph (Sugiyama's first three steps): layers by the
//! longest path from the roots, a dummy node wherever an edge crosses a layer, and the
//! order within each layer that keeps crossings few. [`super::geometry`] places it.

/// A graph to lay out: nodes `0..n`, edges from a required node to the node that
/// requires it (no cycles: an edge that would close one is left out), and each node's
/// track (nodes of one track are kept side by side in every layer).
#[derive(Debug, Clone, Default)]
pub struct Graph {
    pub n: usize,
    pub edges: Vec<(usize, usize)>,
    pub track: Vec<Option<usize>>,
}

/// The graph in layers: nodes `0..real` are the graph's, the others dummies, one per
/// layer an edge passes through.
#[derive(Debug, Clone)]
pub struct Layered {
    pub real: usize,
    /// Each node's layer.
    pub layer: Vec<usize>,
    /// The nodes of each layer, in drawing order.
    pub layers: Vec<Vec<usize>>,
    /// Per edge of the graph (in its order; empty for one left out): its nodes, from the
    /// required node through its dummies to the requiring one.
    pub chains: Vec<Vec<usize>>,
    /// Each node's neighbours in the layer above (before) and below (after) it.
    pub up: Vec<Vec<usize>>,
    pub down: Vec<Vec<usize>>,
    /// Each node's track (a dummy's: the track of both its edge's ends, if the same).
    pub track: Vec<Option<usize>>,
}

/// Sweeps of the crossing reduction: each a pass down and a pass up.
const SWEEPS: usize = 12;

impl Layered {
    /// `graph` in layers, ordered to cross little.
    pub fn new(graph: &Graph) -> Layered {
        let layer = longest_path_layers(graph);
        let mut l = Layered::with_dummies(graph, layer);
        l.reduce_crossings();
        l
    }

    fn with_dummies(graph: &Graph, mut layer: Vec<usize>) -> Layered {
        let n = graph.n;
        let mut track: Vec<Option<usize>> = (0..n)
            .map(|i| graph.track.get(i).copied().flatten())
            .collect();
        let (mut up, mut down) = (vec![Vec::new(); n], vec![Vec::new(); n]);
        let mut chains = Vec::with_capacity(graph.edges.len());
        for &(u, v) in &graph.edges {
            if u >= n || v >= n || layer[u] >= layer[v] {
                chains.push(Vec::new());
                continue;
            }
            let mut chain = vec![u];
            let same = Some(track[u]).filter(|t| *t == track[v]).flatten();
            for l in layer[u] + 1..layer[v] {
                layer.push(l);
                track.push(same);
                up.push(Vec::new());
                down.push(Vec::new());
                chain.push(layer.len() - 1);
            }
            chain.push(v);
            for pair in chain.windows(2) {
                down[pair[0]].push(pair[1]);
                up[pair[1]].push(pair[0]);
            }
            chains.push(chain);
        }
        let depth = layer.iter().max().map_or(0, |m| m + 1);
        let mut layers = vec![Vec::new(); depth];
        for (node, &l) in layer.iter().enumerate() {
            layers[l].push(node);
        }
        Layered {
            real: n,
            layer,
            layers,
            chains,
            up,
            down,
            track,
        }
    }

    /// Barycenter sweeps down and up with neighbours swapped where that helps, tracks
    /// kept together, from three starts (the nodes' own order, its reverse, a walk depth
    /// first); the order with the fewest crossings kept.
    fn reduce_crossings(&mut self) {
        let start = self.layers.clone();
        let mut best = (self.crossings(), self.layers.clone());
        self.sweeps(&mut best);
        self.layers = (start.iter())
            .map(|l| l.iter().rev().copied().collect())
            .collect();
        self.sweeps(&mut best);
        self.layers = self.depth_first(start);
        self.sweeps(&mut best);
        self.layers = best.1;
    }

    /// `layers` each ordered by when a walk down the edges, depth first from the roots
    /// in order, first meets its nodes: a start that keeps a long edge beside the path
    /// it shortcuts.
    fn depth_first(&self, layers: Vec<Vec<usize>>) -> Vec<Vec<usize>> {
        let mut seen = vec![usize::MAX; self.layer.len()];
        let mut count = 0;
        for root in (0..self.real).filter(|&v| self.up[v].is_empty()) {
            let mut stack = vec![root];
            while let Some(v) = stack.pop() {
                if seen[v] != usize::MAX {
                    continue;
                }
                seen[v] = count;
                count += 1;
                stack.extend(self.down[v].iter().rev());
            }
        }
        (layers.into_iter())
            .map(|mut l| {
                l.sort_by_key(|&v| seen[v]);
                l
            })
            .collect()
    }

    fn sweeps(&mut self, best: &mut (usize, Vec<Vec<usize>>)) {
        for _ in 0..SWEEPS {
            for l in 1..self.layers.len() {
                self.sort_layer(l, true);
            }
            self.consider(best);
            for l in (0..self.layers.len().saturating_sub(1)).rev() {
                self.sort_layer(l, false);
            }
            self.consider(best);
            if best.0 == 0 {
                break;
            }
        }
    }

    fn consider(&mut self, best: &mut (usize, Vec<Vec<usize>>)) {
        self.transpose();
        let c = self.crossings();
        if c < best.0 {
            *best = (c, self.layers.clone());
        }
    }

    /// Swaps neighbours of one track (or both of none) in a layer while that crosses
    /// fewer edges, a few rounds.
    fn transpose(&mut self) {
        for _ in 0..4 {
            let mut better = false;
            let mut pos = self.positions();
            for l in 0..self.layers.len() {
                for i in 1..self.layers[l].len() {
                    let (a, b) = (self.layers[l][i - 1], self.layers[l][i]);
                    if self.track[a] != self.track[b] {
                        continue;
                    }
                    if self.pair_crossings(b, a, &pos) < self.pair_crossings(a, b, &pos) {
                        self.layers[l].swap(i - 1, i);
                        pos.swap(a, b);
                        better = true;
                    }
                }
            }
            if !better {
                break;
            }
        }
    }

    /// How many crossings the edges of `a` and `b` make with `a` placed before `b`.
    fn pair_crossings(&self, a: usize, b: usize, pos: &[usize]) -> usize {
        let count = |na: &[usize], nb: &[usize]| {
            na.iter()
                .map(|&x| nb.iter().filter(|&&y| pos[y] < pos[x]).count())
                .sum::<usize>()
        };
        count(&self.up[a], &self.up[b]) + count(&self.down[a], &self.down[b])
    }

    /// Each node's place in its layer.
    pub fn positions(&self) -> Vec<usize> {
        let mut pos = vec![0; self.layer.len()];
        for layer in &self.layers {
            for (p, &v) in layer.iter().enumerate() {
                pos[v] = p;
            }
        }
        pos
    }

    /// Orders layer `l` by the barycenters of its neighbours above (`from_above`) or
    /// below. A track's nodes stay together, the track placed by its nodes' mean.
    fn sort_layer(&mut self, l: usize, from_above: bool) {
        let pos = self.positions();
        let layer = &self.layers[l];
        let bary: Vec<f64> = layer
            .iter()
            .map(|&v| {
                let ns = if from_above {
                    &self.up[v]
                } else {
                    &self.down[v]
                };
                if ns.is_empty() {
                    pos[v] as f64
                } else {
                    ns.iter().map(|&u| pos[u] as f64).sum::<f64>() / ns.len() as f64
                }
            })
            .collect();
        let block = |t: Option<usize>, own: f64| match t {
            None => own,
            Some(t) => {
                let (sum, count) = layer
                    .iter()
                    .zip(&bary)
                    .filter(|(v, _)| self.track[**v] == Some(t))
                    .fold((0.0, 0.0), |(s, c), (_, b)| (s + b, c + 1.0));
                sum / count
            }
        };
        let mut keyed: Vec<(f64, usize, f64, usize, usize)> = layer
            .iter()
            .zip(&bary)
            .map(|(&v, &b)| {
                let t = self.track[v];
                (block(t, b), t.unwrap_or(usize::MAX), b, pos[v], v)
            })
            .collect();
        keyed.sort_by(|a, b| {
            (a.0.total_cmp(&b.0))
                .then(a.1.cmp(&b.1))
                .then(a.2.total_cmp(&b.2))
                .then(a.3.cmp(&b.3))
        });
        self.layers[l] = keyed.into_iter().map(|k| k.4).collect();
    }

    /// How many pairs of edge segments cross, over all pairs of adjacent layers.
    pub fn crossings(&self) -> usize {
        let pos = self.positions();
        (0..self.layers.len().saturating_sub(1))
            .map(|l| {
                let mut pairs: Vec<(usize, usize)> = self.layers[l]
                    .iter()
                    .flat_map(|&u| self.down[u].iter().map(move |&v| (u, v)))
                    .map(|(u, v)| (pos[u], pos[v]))
                    .collect();
                pairs.sort_unstable();
                inversions(&pairs, self.layers[l + 1].len())
            })
            .sum()
    }
}

/// Pairs `(a, b)` sorted by `a` then `b`: how many pairs `i < j` have `b_i > b_j`
/// (two segments cross when their ends are in opposite orders). A Fenwick tree over
/// `b`, which is below `width`.
fn inversions(pairs: &[(usize, usize)], width: usize) -> usize {
    let mut tree = vec![0usize; width + 1];
    let mut count = 0;
    for (seen, &(_, b)) in pairs.iter().enumerate() {
        let mut i = b + 1;
        let mut not_greater = 0;
        while i > 0 {
            not_greater += tree[i];
            i &= i - 1;
        }
        count += seen - not_greater;
        let mut i = b + 1;
        while i <= width {
            tree[i] += 1;
            i += i & i.wrapping_neg();
        }
    }
    count
}

/// Each node's layer: 0 for a node that requires nothing, otherwise one more than the
/// deepest node it requires (Kahn's order; nodes on a cycle, which the content model
/// rejects, follow the others).
fn longest_path_layers(graph: &Graph) -> Vec<usize> {
    let n = graph.n;
    let mut indegree = vec![0usize; n];
    let mut out = vec![Vec::new(); n];
    for &(u, v) in &graph.edges {
        if u < n && v < n && u != v {
            indegree[v] += 1;
            out[u].push(v);
        }
    }
    let mut layer = vec![0usize; n];
    let mut ready: Vec<usize> = (0..n).rev().filter(|&v| indegree[v] == 0).collect();
    let mut seen = vec![false; n];
    while let Some(u) = ready.pop() {
        seen[u] = true;
        for &v in &out[u] {
            layer[v] = layer[v].max(layer[u] + 1);
            indegree[v] -= 1;
            if indegree[v] == 0 {
                ready.push(v);
            }
        }
    }
    let deepest = layer.iter().copied().max().unwrap_or(0);
    for v in (0..n).filter(|&v| !seen[v]) {
        layer[v] = deepest + 1;
    }
    layer
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn inversions_count_crossing_segments() {
        assert_eq!(inversions(&[(0, 1), (1, 0)], 2), 1);
        assert_eq!(inversions(&[(0, 0), (0, 1), (1, 1)], 2), 0);
        assert_eq!(inversions(&[(0, 2), (1, 1), (2, 0)], 3), 3);
    }

    #[test]
    fn long_edges_get_a_dummy_per_layer() {
        let g = Graph {
            n: 4,
            edges: vec![(0, 1), (1, 2), (2, 3), (0, 3)],
            track: vec![None; 4],
        };
        let l = Layered::new(&g);
        assert_eq!(&l.layer[..4], &[0, 1, 2, 3]);
        assert_eq!(l.chains[3].len(), 4, "two dummies");
        assert_eq!(l.crossings(), 0);
    }
}
