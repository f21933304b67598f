//! The GitHub Pages workflow: it parses as YAML, uses GitHub's official Pages actions,
//! caches cargo builds, and the roadsmith command it runs works on this repository.

mod common;

use common::*;
use serde_yaml_ng::Value;

fn workflow() -> Value {
    let text = std::fs::read_to_string(repo().join(".github/workflows/pages.yml")).unwrap();
    serde_yaml_ng::from_str(&text).expect("pages.yml is valid YAML")
}

/// Every step of every job.
fn steps(workflow: &Value) -> Vec<&Value> {
    workflow["jobs"]
        .as_mapping()
        .expect("jobs")
        .values()
        .flat_map(|job| job["steps"].as_sequence().into_iter().flatten())
        .collect()
}

#[test]
fn the_workflow_uses_the_official_pages_actions_and_a_cache() {
    let wf = workflow();
    let uses: Vec<&str> = steps(&wf)
        .iter()
        .filter_map(|s| s["uses"].as_str())
        .collect();
    for action in [
        "actions/checkout@",
        "actions/configure-pages@",
        "actions/upload-pages-artifact@",
        "actions/deploy-pages@",
    ] {
        assert!(
            uses.iter().any(|u| u.starts_with(action)),
            "{action} in {uses:?}"
        );
    }
    assert!(
        uses.iter()
            .any(|u| u.starts_with("Swatinem/rust-cache@") || u.starts_with("actions/cache@")),
        "cargo builds are cached: {uses:?}"
    );
    let permissions = &wf["permissions"];
    assert_eq!(permissions["pages"].as_str(), Some("write"));
    assert_eq!(permissions["id-token"].as_str(), Some("write"));
}

/// Splits a shell command line on spaces, keeping double-quoted words whole.
fn words(line: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut word = String::new();
    let mut quoted = false;
    for c in line.chars() {
        match c {
            '"' => quoted = !quoted,
            ' ' if !quoted => {
                if !word.is_empty() {
                    out.push(std::mem::take(&mut word));
                }
            }
            c => word.push(c),
        }
    }
    if !word.is_empty() {
        out.push(word);
    }
    out
}

#[test]
fn the_workflow_builds_this_site_with_the_pages_base_url() {
    let wf = workflow();
    let run = steps(&wf)
        .iter()
        .filter_map(|s| s["run"].as_str())
        .find(|r| r.contains("roadsmith build"))
        .expect("a step runs roadsmith build")
        .trim()
        .to_string();
    let expression = "${{ steps.pages.outputs.base_url }}";
    assert!(
        run.contains(&format!("--base-url \"{expression}\"")),
        "base_url comes from configure-pages: {run}"
    );
    let line = run.replace(expression, "https://someone.github.io/a-project");
    let mut args = words(&line);
    assert!(args[0].ends_with("roadsmith"), "{line}");
    args.remove(0);
    let out_dir = tempfile::tempdir().unwrap();
    let target = out_dir.path().join("public");
    if let Some(i) = args.iter().position(|a| a == "--output-dir") {
        args[i + 1] = target.to_str().unwrap().to_string();
    } else {
        args.extend(["--output-dir".into(), target.to_str().unwrap().into()]);
    }
    let out = assert_cmd::Command::new(env!("CARGO_BIN_EXE_roadsmith"))
        .current_dir(repo())
        .args(&args)
        .output()
        .unwrap();
    assert!(out.status.success(), "{args:?}: {}", stderr(&out));
    let overview = read(&target, "index.html");
    assert!(
        overview.contains("href=\"/a-project/stages/"),
        "links carry the project's subpath"
    );
    assert!(read(&target, "sitemap.xml").contains("https://someone.github.io/a-project/stages/"));
}
