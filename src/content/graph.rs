//! What each stage requires: `requires` resolved to stages, the default filled in, and
//! every mistake in them found at once: a slug no stage has, a stage requiring itself,
//! a required stage requiring an optional one, and cycles.
//!
//! The default, for a stage without `requires`, is the nearest earlier stage (by `stage`
//! number) that is not optional, or nothing when there is none: a linear roadmap stays
//! linear, and an elective never becomes a prerequisite unless an author says so.

use std::collections::{BTreeSet, BinaryHeap, HashMap, HashSet};
use std::path::Path;

use super::front_matter::{FrontMatter, Split};
use super::{Stage, content_rel, slugify};
use crate::error::Diagnostic;

/// A slug written in `requires`, with the line it is on.
#[derive(Debug, Clone, PartialEq)]
pub struct Required {
    pub slug: String,
    pub line: usize,
}

/// What a stage's front matter says about where it stands among the others.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Branching {
    /// `requires` as written; `None` for the default.
    pub requires: Option<Vec<Required>>,
    pub optional: bool,
    /// The timeline lane, trimmed; `None` for the main lane.
    pub track: Option<String>,
}

impl Branching {
    /// The branching keys of a stage's front matter.
    pub fn read(
        fm: &FrontMatter,
        split: &Split<'_>,
        shown: &Path,
    ) -> Result<Branching, Diagnostic> {
        let track = match &fm.track {
            Some(t) if t.get_ref().trim().is_empty() => {
                return Err(Diagnostic::new(shown, "`track` is empty")
                    .at_line(FrontMatter::line_of(split, t))
                    .with_hint("name the lane, like track = \"Frontend\", or remove `track`"));
            }
            Some(t) => Some(t.get_ref().trim().to_string()),
            None => None,
        };
        let requires = fm.requires.as_ref().map(|list| {
            list.get_ref()
                .iter()
                .map(|slug| Required {
                    slug: slug.get_ref().clone(),
                    line: FrontMatter::line_of(split, slug),
                })
                .collect()
        });
        Ok(Branching {
            requires,
            optional: fm.optional.as_ref().is_some_and(|o| *o.get_ref()),
            track,
        })
    }
}

/// The stages' prerequisites, as indexes into [`super::Content::stages`].
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Graph {
    /// `requires[i]`: the stages stage `i` requires, in stage order.
    pub requires: Vec<Vec<usize>>,
    /// `leads_to[i]`: the stages that require stage `i`, in stage order.
    pub leads_to: Vec<Vec<usize>>,
}

impl Graph {
    /// A graph of `requires` (indexes below `requires.len()`; others are left out).
    pub fn new(mut requires: Vec<Vec<usize>>) -> Graph {
        let count = requires.len();
        let mut leads_to = vec![Vec::new(); count];
        for (i, list) in requires.iter_mut().enumerate() {
            list.retain(|&j| j < count);
            list.sort_unstable();
            list.dedup();
            for &j in list.iter() {
                leads_to[j].push(i);
            }
        }
        Graph { requires, leads_to }
    }

    /// The order in which one learner doing one stage at a time takes the stages: each
    /// after everything it requires, and otherwise by `stage` number. Stages on a cycle
    /// (which a loaded roadmap never has) come last, in stage order.
    pub fn study_order(&self) -> Vec<usize> {
        let count = self.requires.len();
        let mut waiting: Vec<usize> = self.requires.iter().map(Vec::len).collect();
        let mut ready: BinaryHeap<std::cmp::Reverse<usize>> = (0..count)
            .filter(|&i| waiting[i] == 0)
            .map(std::cmp::Reverse)
            .collect();
        let mut order = Vec::with_capacity(count);
        while let Some(std::cmp::Reverse(i)) = ready.pop() {
            order.push(i);
            for &next in &self.leads_to[i] {
                waiting[next] -= 1;
                if waiting[next] == 0 {
                    ready.push(std::cmp::Reverse(next));
                }
            }
        }
        if order.len() < count {
            let placed: HashSet<usize> = order.iter().copied().collect();
            order.extend((0..count).filter(|i| !placed.contains(i)));
        }
        order
    }
}

/// What `requires` may name besides stages: slugs that are not mistakes, or that
/// deserve their own hint.
#[derive(Debug, Default)]
pub(super) struct Elsewhere<'a> {
    /// Stages left out as drafts: requiring one is no mistake, and no requirement.
    pub drafts: HashSet<String>,
    /// Standalone pages' slugs and files.
    pub pages: HashMap<&'a str, &'a Path>,
}

/// Every stage's prerequisites; `stages` are in stage order, each with the line of its
/// `stage` key. Mistakes go to `errors`.
pub(super) fn resolve(
    stages: &[(Stage, usize)],
    elsewhere: &Elsewhere<'_>,
    errors: &mut Vec<Diagnostic>,
) -> Graph {
    let index: HashMap<&str, usize> = stages
        .iter()
        .enumerate()
        .map(|(i, (s, _))| (s.slug.as_str(), i))
        .collect();
    let mut requires = Vec::with_capacity(stages.len());
    let mut last_required = None;
    for (i, (stage, _)) in stages.iter().enumerate() {
        requires.push(match &stage.branching.requires {
            None => last_required.into_iter().collect(),
            Some(written) => {
                let mut found = Vec::new();
                let mut seen = HashSet::new();
                for r in written {
                    if !seen.insert(r.slug.as_str()) {
                        errors.push(
                            named(stage, r, format!("requires \"{}\" twice", r.slug))
                                .with_hint("list each stage once"),
                        );
                    } else if let Some(j) = written_slug(stages, &index, elsewhere, i, r, errors) {
                        found.push(j);
                    }
                }
                found
            }
        });
        if !stage.branching.optional {
            last_required = Some(i);
        }
    }
    let graph = Graph::new(requires);
    report_cycles(stages, &graph, errors);
    graph
}

/// The stage `r` names, or the mistake it is.
fn written_slug(
    stages: &[(Stage, usize)],
    index: &HashMap<&str, usize>,
    elsewhere: &Elsewhere<'_>,
    i: usize,
    r: &Required,
    errors: &mut Vec<Diagnostic>,
) -> Option<usize> {
    let stage = &stages[i].0;
    let Some(&j) = index.get(r.slug.as_str()) else {
        if !elsewhere.drafts.contains(&r.slug) {
            errors.push(unknown_slug(stages, elsewhere, stage, r));
        }
        return None;
    };
    let other = &stages[j].0;
    if j == i {
        errors.push(
            named(stage, r, format!("stage \"{}\" requires itself", r.slug))
                .with_hint("remove its own slug from `requires`"),
        );
        return None;
    }
    if other.branching.optional && !stage.branching.optional {
        errors.push(
            named(
                stage,
                r,
                format!(
                    "this stage is required but requires \"{}\" ({}), which is optional",
                    r.slug,
                    content_rel(&other.source.path).display()
                ),
            )
            .with_hint(
                "a reader may skip an optional stage, so nothing required can depend on it: \
                 make this stage optional too, make that one required, or drop it from `requires`",
            ),
        );
    }
    Some(j)
}

fn named(stage: &Stage, r: &Required, message: String) -> Diagnostic {
    Diagnostic::new(&stage.source.path, message).at_line(r.line)
}

/// A slug no stage has, with what the author may have meant.
fn unknown_slug(
    stages: &[(Stage, usize)],
    elsewhere: &Elsewhere<'_>,
    stage: &Stage,
    r: &Required,
) -> Diagnostic {
    let message = format!("requires \"{}\", but no stage has that slug", r.slug);
    let hint = if let Some(page) = elsewhere.pages.get(r.slug.as_str()) {
        format!(
            "\"{}\" is the standalone page {}: only stages (files with `stage = N`) can be required",
            r.slug,
            page.display()
        )
    } else if let Some(closest) = closest_slug(stages, &r.slug) {
        format!("did you mean \"{closest}\"?")
    } else if stages.len() <= 12 {
        let slugs: Vec<String> = stages
            .iter()
            .map(|(s, _)| format!("\"{}\"", s.slug))
            .collect();
        format!("the stages' slugs are {}", slugs.join(", "))
    } else {
        "a stage's slug is its file name less a leading `NN-` (\"orm\" for 04-orm.md), or its `slug`"
            .to_string()
    };
    named(stage, r, message).with_hint(hint)
}

/// The slug of the stage `written` most likely means: one whose file or title it names,
/// else the nearest slug in spelling, if any is near.
fn closest_slug<'a>(stages: &'a [(Stage, usize)], written: &str) -> Option<&'a str> {
    let file = written.trim_end_matches(".md");
    let by_name = stages.iter().find(|(s, _)| {
        let rel = content_rel(&s.source.path).with_extension("");
        rel.to_string_lossy() == file
            || rel.file_name().is_some_and(|n| n.to_string_lossy() == file)
            || slugify(&s.title) == slugify(written)
    });
    if let Some((s, _)) = by_name {
        return Some(&s.slug);
    }
    stages
        .iter()
        .map(|(s, _)| (strsim::jaro_winkler(written, &s.slug), s.slug.as_str()))
        .filter(|(score, _)| *score >= 0.8)
        .max_by(|a, b| a.0.total_cmp(&b.0))
        .map(|(_, slug)| slug)
}

/// One error per cycle of `requires`, printed `a.md → b.md → a.md` (each requires the
/// next), at the `requires` line of its first file that lists the next one.
fn report_cycles(stages: &[(Stage, usize)], graph: &Graph, errors: &mut Vec<Diagnostic>) {
    let mut reported = HashSet::new();
    for cycle in cycles(graph) {
        if !reported.insert(cycle.iter().copied().collect::<BTreeSet<usize>>()) {
            continue;
        }
        let written = |i: usize, next: usize| {
            let (stage, _) = &stages[i];
            let slug = &stages[next].0.slug;
            stage
                .branching
                .requires
                .as_ref()
                .and_then(|list| list.iter().find(|r| &r.slug == slug))
        };
        let n = cycle.len();
        // Defaults point to earlier stages, so some stage of a cycle lists its next.
        let Some(start) = (0..n).find(|&k| written(cycle[k], cycle[(k + 1) % n]).is_some()) else {
            continue;
        };
        let (first, next) = (cycle[start], cycle[(start + 1) % n]);
        let line = written(first, next).map_or(stages[first].1, |r| r.line);
        let mut files: Vec<String> = (0..=n)
            .map(|k| {
                content_rel(&stages[cycle[(start + k) % n]].0.source.path)
                    .display()
                    .to_string()
            })
            .collect();
        files.dedup();
        let mut hint = "each stage there requires the next, so none of them can start: remove one of these requirements".to_string();
        let defaults: Vec<String> = (0..n)
            .filter(|&k| written(cycle[k], cycle[(k + 1) % n]).is_none())
            .map(|k| {
                content_rel(&stages[cycle[k]].0.source.path)
                    .display()
                    .to_string()
            })
            .collect();
        if !defaults.is_empty() {
            hint.push_str(&format!(
                " ({} {} no `requires`, so {} the nearest earlier stage that is not optional)",
                defaults.join(", "),
                if defaults.len() == 1 { "has" } else { "have" },
                if defaults.len() == 1 {
                    "it requires"
                } else {
                    "each requires"
                },
            ));
        }
        errors.push(
            Diagnostic::new(
                &stages[first].0.source.path,
                format!("`requires` goes round in a circle: {}", files.join(" → ")),
            )
            .at_line(line)
            .with_hint(hint),
        );
    }
}

/// Cycles of `graph`, each as the stages on it in order (each requires the next, the
/// last the first), found by a depth-first walk without recursion.
fn cycles(graph: &Graph) -> Vec<Vec<usize>> {
    #[derive(Clone, Copy, PartialEq)]
    enum Mark {
        New,
        OnPath,
        Done,
    }
    let count = graph.requires.len();
    let mut mark = vec![Mark::New; count];
    let mut found = Vec::new();
    for root in 0..count {
        if mark[root] != Mark::New {
            continue;
        }
        // The path being walked: each stage with how many of its requirements are seen.
        let mut path: Vec<(usize, usize)> = vec![(root, 0)];
        mark[root] = Mark::OnPath;
        while let Some(&mut (node, ref mut next)) = path.last_mut() {
            let Some(&to) = graph.requires[node].get(*next) else {
                mark[node] = Mark::Done;
                path.pop();
                continue;
            };
            *next += 1;
            match mark[to] {
                Mark::New => {
                    mark[to] = Mark::OnPath;
                    path.push((to, 0));
                }
                Mark::OnPath => {
                    let from = path.iter().position(|&(n, _)| n == to).unwrap_or(0);
                    found.push(path[from..].iter().map(|&(n, _)| n).collect());
                }
                Mark::Done => {}
            }
        }
    }
    found
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn study_order_follows_requires_then_stage_numbers() {
        // 0 requires 2, 1 requires nothing, 2 requires 1, 3 requires 0.
        let graph = Graph::new(vec![vec![2], vec![], vec![1], vec![0]]);
        assert_eq!(graph.study_order(), [1, 2, 0, 3]);
        assert_eq!(graph.leads_to, [vec![3], vec![2], vec![0], vec![]]);
        let linear = Graph::new(vec![vec![], vec![0], vec![1]]);
        assert_eq!(linear.study_order(), [0, 1, 2]);
        let circle = Graph::new(vec![vec![1], vec![0], vec![]]);
        assert_eq!(circle.study_order(), [2, 0, 1], "no stage is lost");
    }

    #[test]
    fn cycles_are_found_without_recursion() {
        let graph = Graph::new(vec![vec![1], vec![2], vec![0], vec![2]]);
        assert_eq!(cycles(&graph), [vec![0, 1, 2]]);
        let long: Vec<Vec<usize>> = (0..100_000).map(|i| vec![(i + 1) % 100_000]).collect();
        assert_eq!(cycles(&Graph::new(long))[0].len(), 100_000);
        let chain: Vec<Vec<usize>> = (0..100_000)
            .map(|i| if i == 0 { vec![] } else { vec![i - 1] })
            .collect();
        assert!(cycles(&Graph::new(chain)).is_empty());
    }
}
