//! Links to `#anchors` of the document made links between the files it became: a
//! heading that moved to another file is reached as `FILE.md#anchor` (a stage's own
//! heading, as its file), so the build finds every one.

use std::collections::HashMap;

use super::model::Plan;
use super::structure::{BOLD, Outline};
use super::write::{number_width, stage_file};

/// A heading's id as comrak and GitHub make it: lower case, letters, digits, `-` and
/// `_` kept, spaces made `-`, the rest dropped.
pub fn anchor(text: &str) -> String {
    text.to_lowercase()
        .chars()
        .filter_map(|c| match c {
            ' ' => Some('-'),
            c if c.is_alphanumeric() || c == '-' || c == '_' => Some(c),
            _ => None,
        })
        .collect()
}

/// Every file's name in content/ with the source lines it holds, and whether those
/// lines start with the file's own heading (a stage's parents do not); the rest is
/// the home page.
fn files(plan: &Plan) -> Vec<(String, std::ops::Range<usize>, bool)> {
    let width = number_width(plan);
    let mut out = Vec::new();
    for st in &plan.stages {
        for (i, r) in st.lines.iter().enumerate() {
            out.push((stage_file(width, st), r.clone(), i == st.own));
        }
    }
    for p in &plan.pages {
        out.push((format!("{}.md", p.slug), p.lines.clone(), true));
    }
    out
}

/// Rewrites `](#anchor)` in every body whose heading now lives in another file.
pub fn rewrite(plan: &mut Plan, outline: &Outline<'_>) {
    let mut files = files(plan);
    // By first line, so that a heading's file is found by a binary search: a document
    // of 10,000 stages would otherwise take 10,000 x 10,000 steps.
    files.sort_by_key(|(_, r, _)| r.start);
    let mut targets: HashMap<String, String> = HashMap::new();
    for h in outline.headings.iter().filter(|h| h.level < BOLD) {
        let after = files.partition_point(|(_, r, _)| r.start <= h.line);
        let Some((file, range, own)) = after
            .checked_sub(1)
            .map(|i| &files[i])
            .filter(|(_, r, _)| r.contains(&h.line))
        else {
            continue;
        };
        let target = if *own && range.start == h.line {
            file.clone()
        } else {
            format!("{file}#{}", anchor(&h.text))
        };
        targets.entry(anchor(&h.text)).or_insert(target);
    }
    let width = number_width(plan);
    plan.intro = replace(&plan.intro, &targets, "_index.md");
    for st in &mut plan.stages {
        let me = stage_file(width, st);
        st.body = replace(&st.body, &targets, &me);
    }
    for p in &mut plan.pages {
        let me = format!("{}.md", p.slug);
        p.body = replace(&p.body, &targets, &me);
    }
}

/// `text` with each `](#a)` whose target is in another file than `me` pointed there.
fn replace(text: &str, targets: &HashMap<String, String>, me: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(i) = rest.find("](#") {
        out.push_str(&rest[..i + 2]);
        rest = &rest[i + 2..];
        let end = rest.find(')').unwrap_or(rest.len());
        let target = targets.get(&rest[1..end]);
        if let Some(t) = target.filter(|t| t.split('#').next() != Some(me)) {
            out.push_str(t);
            rest = &rest[end..];
        }
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn anchors_are_githubs() {
        assert_eq!(anchor("Week 2: B"), "week-2-b");
        assert_eq!(
            anchor("🧭 STAGE 0: Refresh Django Basics"),
            "-stage-0-refresh-django-basics"
        );
    }

    #[test]
    fn links_to_other_files_are_rewritten() {
        let mut targets = HashMap::new();
        targets.insert("week-2-b".to_string(), "02-b.md".to_string());
        targets.insert("notes".to_string(), "01-a.md#notes".to_string());
        let text = "[B](#week-2-b), [n](#notes), [x](#unknown)";
        assert_eq!(
            replace(text, &targets, "01-a.md"),
            "[B](02-b.md), [n](#notes), [x](#unknown)"
        );
    }
}
