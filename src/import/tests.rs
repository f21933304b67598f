//! Documents made of the pieces roadmaps are made of, in any order: [`plan`] never
//! panics on them, under any reading, and what it plans is writable: every stage has a
//! title, a unique slug and a duration the build reads.

use std::collections::HashSet;
use std::path::Path;

use proptest::prelude::*;

use super::plan;
use super::structure::{BOLD, ITEMS, TABLE};
use crate::content::duration::Duration;

/// Lines roadmaps are made of, odd ones among them.
const PIECES: [&str; 30] = [
    "# Roadmap",
    "## Week 1: Basics",
    "## Weeks 3-4",
    "### Month 2",
    "### 🎯",
    "## ",
    "Week 1\r## Week 2",
    "#### ✅ Topics:",
    "**Week 2**",
    "**⏳ Duration:** 1.5 weeks",
    "- a topic with [a link](https://e.x/a)",
    "  - nested",
    "- [ ] a task",
    "1. **Learn Python** (2 weeks)",
    "2. **SQL** – queries",
    "10. **Late** (1 mo)",
    "   - under it",
    "| Month | Topic | Resources |",
    "|---|---|---|",
    "| 1-2 | Python | a<br>• b |",
    "| | | |",
    "<h2>Day 3</h2>",
    "<ul><li><a href=\"https://e.x/b\">b</a></li></ul>",
    "<ul>",
    "<li>x</li>",
    "</ul>",
    "```",
    "- [Week 1](#week-1-basics)",
    "Effort: 8-10 hours/week",
    "",
];

fn document() -> impl Strategy<Value = String> {
    prop::collection::vec(prop::sample::select(PIECES.to_vec()), 1..40).prop_map(|lines| {
        let mut s = lines.join("\n");
        s.push('\n');
        s
    })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn any_document_plans_without_panicking(doc in document()) {
        for level in [None, Some(2), Some(3), Some(BOLD), Some(ITEMS), Some(TABLE)] {
            let Ok(plan) = plan(Path::new("doc.md"), &doc, level) else {
                prop_assert!(level.is_some(), "no plan without --level:\n{doc}");
                continue;
            };
            prop_assert!(!plan.stages.is_empty() || level.is_some(), "no stages:\n{doc}");
            let mut slugs = HashSet::new();
            for st in &plan.stages {
                prop_assert!(!st.title.trim().is_empty(), "an empty title:\n{doc}");
                prop_assert!(slugs.insert(st.slug.clone()), "slug {} twice:\n{doc}", st.slug);
                prop_assert!(Duration::parse(&st.duration).is_ok(), "{}:\n{doc}", st.duration);
            }
            for p in &plan.pages {
                prop_assert!(!p.title.trim().is_empty() && slugs.insert(p.slug.clone()));
            }
        }
    }
}
