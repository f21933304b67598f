//! What `import` says: the reading it chose and why, each stage with its duration and
//! number of items, the pages, what it dropped and what it assumed.

use std::fmt::Write;

use super::model::Plan;

/// The plan as `--dry-run` prints it, and as `import` prints it after writing.
pub fn report(plan: &Plan) -> String {
    let mut s = String::new();
    let _ = writeln!(s, "Title: {}", plan.title);
    let _ = writeln!(s, "Reading: {}", plan.reading);
    let _ = writeln!(s, "Stages ({}):", plan.stages.len());
    let width = super::write::number_width(plan);
    for st in &plan.stages {
        let assumed = if st.assumed { " (assumed)" } else { "" };
        let icon = st
            .icon
            .as_deref()
            .map_or(String::new(), |i| format!("{i} "));
        let _ = writeln!(
            s,
            "  {:>3}  {icon}{}  [{}{assumed}]  {} item{}  -> content/{}",
            st.number,
            st.title,
            st.duration,
            st.items,
            if st.items == 1 { "" } else { "s" },
            super::write::stage_file(width, st)
        );
    }
    if !plan.pages.is_empty() {
        let _ = writeln!(s, "Pages ({}):", plan.pages.len());
        for p in &plan.pages {
            let _ = writeln!(s, "  {}  -> content/{}.md", p.title, p.slug);
        }
    }
    if !plan.dropped.is_empty() {
        let _ = writeln!(s, "Dropped:");
        for d in &plan.dropped {
            let _ = writeln!(s, "  {d}");
        }
    }
    if !plan.notes.is_empty() {
        let _ = writeln!(s, "Notes:");
        for n in &plan.notes {
            let _ = writeln!(s, "  {n}");
        }
    }
    s
}
