//! Writing a [`Plan`]: `site.toml`, `content/_index.md`, one file per stage and page,
//! and what `init` writes beside (`.gitignore`, the Pages workflow), into a folder
//! that is new or empty.

use std::path::{Path, PathBuf};

use super::model::{Page, Plan, Stage};
use crate::content::duration::fmt_number;
use crate::error::BuildError;
use crate::scaffold::{self, InitInto, Workflow};

/// `text` as a TOML basic string, quotes included.
fn toml_string(text: &str) -> String {
    toml::Value::String(text.to_string()).to_string()
}

/// How many digits stage numbers are padded to, so that files sort: 2 at least.
pub fn number_width(plan: &Plan) -> usize {
    let highest = plan.stages.iter().map(|s| s.number).max().unwrap_or(0);
    (highest.checked_ilog10().unwrap_or(0) as usize + 1).max(2)
}

/// A stage's file name in content/: its number, padded to `width`, and its slug.
pub fn stage_file(width: usize, stage: &Stage) -> String {
    format!("{:0width$}-{}.md", stage.number, stage.slug)
}

fn site_toml(plan: &Plan) -> String {
    let mut s = format!(
        "# roadsmith site settings: see docs/authoring.md. Written by `roadsmith import`.\n\
         title = {}\ndescription = {}\nbase_url = \"https://example.com/\"\nlanguage = \"en\"\n",
        toml_string(&plan.title),
        toml_string(&plan.description)
    );
    if plan.unsafe_html {
        s.push_str("\n[markdown]\n# The document has raw HTML, kept as it was written.\nunsafe_html = true\n");
    }
    let hours = plan.hours_per_week.map_or("10".to_string(), fmt_number);
    let said = if plan.hours_per_week.is_some() {
        "as the document states"
    } else {
        "the default"
    };
    s.push_str(&format!(
        "\n[plan]\n# The weekly study time the durations assume ({said}).\nhours_per_week = {hours}\n"
    ));
    s
}

fn stage_text(stage: &Stage) -> String {
    let mut s = format!(
        "+++\ntitle = {}\nstage = {}\n",
        toml_string(&stage.title),
        stage.number
    );
    if stage.assumed {
        s.push_str("# duration assumed by `roadsmith import`: the source gives none\n");
    }
    s.push_str(&format!("duration = {}\n", toml_string(&stage.duration)));
    if let Some(icon) = &stage.icon {
        s.push_str(&format!("icon = {}\n", toml_string(icon)));
    }
    s.push_str("+++\n");
    s.push_str(&stage.body);
    s
}

fn page_text(page: &Page, weight: usize) -> String {
    format!(
        "+++\ntitle = {}\nslug = {}\nweight = {weight}\n+++\n{}",
        toml_string(&page.title),
        toml_string(&page.slug),
        page.body
    )
}

fn home_text(plan: &Plan) -> String {
    let body = if plan.intro.trim().is_empty() {
        "Follow the stages in order.\n"
    } else {
        &plan.intro
    };
    format!(
        "+++\ntitle = {}\ndescription = {}\n+++\n{body}",
        toml_string(&plan.title),
        toml_string(&plan.description)
    )
}

/// Every file of the plan, relative to the site's folder.
pub fn files(plan: &Plan) -> Vec<(PathBuf, String)> {
    let mut out = vec![
        (PathBuf::from("site.toml"), site_toml(plan)),
        (PathBuf::from("content/_index.md"), home_text(plan)),
    ];
    let width = number_width(plan);
    for st in &plan.stages {
        out.push((
            Path::new("content").join(stage_file(width, st)),
            stage_text(st),
        ));
    }
    for (i, p) in plan.pages.iter().enumerate() {
        out.push((
            Path::new("content").join(format!("{}.md", p.slug)),
            page_text(p, i + 1),
        ));
    }
    out
}

/// Writes the plan into `dir`, refused unless `dir` is new or empty; returns the files
/// written, relative to `dir`.
pub fn write(plan: &Plan, dir: &Path) -> Result<Vec<PathBuf>, BuildError> {
    scaffold::check_folder(dir, InitInto::EmptyFolder, false)?;
    let mut written = Vec::new();
    for (rel, text) in files(plan) {
        scaffold::write_file(dir, &rel.to_string_lossy(), &text)?;
        written.push(rel);
    }
    for w in scaffold::write_beside(dir, Workflow::Write)? {
        if let scaffold::Written::Created(p) | scaffold::Written::Appended(p) = w {
            written.push(p);
        }
    }
    Ok(written)
}
