//! `roadsmith import`: roadmap documents of many shapes (tests/fixtures/import/) become
//! sites that `roadsmith build` builds, with their stages, titles and durations, and with
//! every link, code block and line of text of the source kept.

mod common;

use std::path::{Path, PathBuf};

use common::*;
use serde_json::Value;
use tempfile::TempDir;

fn fixture(name: &str) -> PathBuf {
    repo()
        .join("tests/fixtures/import")
        .join(format!("{name}.md"))
}

/// Imports a fixture into a new folder and builds it: the folder, import's output and
/// the built roadmap.json.
fn import_and_build(name: &str, extra: &[&str]) -> (TempDir, String, Value) {
    let dir = tempfile::tempdir().unwrap();
    let into = dir.path().join("site");
    let mut args: Vec<String> = vec![
        "import".into(),
        fixture(name).to_str().unwrap().into(),
        "--into".into(),
    ];
    args.push(into.to_str().unwrap().to_string());
    args.extend(extra.iter().map(|s| s.to_string()));
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    let out = roadsmith(&args);
    assert!(
        out.status.success(),
        "{name}: {}\n{}",
        stdout(&out),
        stderr(&out)
    );
    let built = build(&into, &[]);
    assert!(built.status.success(), "{name}: build: {}", stderr(&built));
    let json = serde_json::from_str(&read(&into.join("public"), "roadmap.json")).unwrap();
    (dir, stdout(&out), json)
}

/// Each stage's (title, duration) in the built roadmap.
fn stages(json: &Value) -> Vec<(String, String)> {
    json["stages"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| {
            (
                s["title"].as_str().unwrap().into(),
                s["duration"].as_str().unwrap().into(),
            )
        })
        .collect()
}

/// Every content file of an imported site, one after another.
fn content(site: &Path) -> String {
    let mut all = String::new();
    for e in walkdir::WalkDir::new(site.join("content")) {
        let e = e.unwrap();
        if e.file_type().is_file() {
            all.push_str(&std::fs::read_to_string(e.path()).unwrap());
        }
    }
    all
}

/// URLs of Markdown links and images and of HTML `href`/`src`.
fn source_urls(text: &str) -> Vec<String> {
    let mut urls = Vec::new();
    for (open, close) in [("](", ')'), ("href=\"", '"'), ("src=\"", '"')] {
        for (i, _) in text.match_indices(open) {
            let rest = &text[i + open.len()..];
            urls.push(rest[..rest.find(close).unwrap()].to_string());
        }
    }
    urls
}

/// Asserts that nothing of `name`'s source is lost: every URL (but the table of
/// contents' `#anchors`), every line of every code block, and every line of text but
/// the headings that became stage titles and `---` rules.
fn assert_nothing_lost(name: &str, site: &Path) {
    let source = std::fs::read_to_string(fixture(name)).unwrap();
    let all = content(site);
    for url in source_urls(&source).iter().filter(|u| !u.starts_with('#')) {
        assert!(
            all.contains(&format!("{url})")) || all.contains(&format!("{url}\"")),
            "{name}: lost the URL {url}"
        );
    }
    let mut in_code = false;
    for line in source.lines() {
        let t = line.trim();
        if t.starts_with("```") {
            in_code = !in_code;
        }
        let structural = !in_code
            && (t.is_empty()
                || t == "---"
                || t.starts_with('#')
                || t.starts_with("**") && t.ends_with("**")
                || t.ends_with("**:")
                || t.contains("](#"));
        if !structural {
            assert!(all.contains(line), "{name}: lost the line {line:?}");
        }
    }
}

#[test]
fn the_django_seed_imports_into_its_ten_stages_and_a_bonus_page() {
    let (dir, out, json) = import_and_build("django", &[]);
    let s = stages(&json);
    assert_eq!(s.len(), 10, "{out}");
    let numbers: Vec<i64> = json["stages"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["number"].as_i64().unwrap())
        .collect();
    assert_eq!(numbers, (0..10).collect::<Vec<_>>());
    assert_eq!(s[0], ("Refresh Django Basics".into(), "1 week".into()));
    assert_eq!(
        s[1],
        (
            "Django URL Routing & Views (FBV/CBV)".into(),
            "1.5 weeks".into()
        )
    );
    assert_eq!(s[3].1, "2–3 weeks");
    assert_eq!(
        s[9],
        ("Deployment & Real-world Practices".into(), "2 weeks".into())
    );
    let durations: Vec<&str> = s.iter().map(|(_, d)| d.as_str()).collect();
    assert_eq!(
        durations,
        [
            "1 week",
            "1.5 weeks",
            "1 week",
            "2–3 weeks",
            "2–3 weeks",
            "1 week",
            "1.5 weeks",
            "1 week",
            "2–3 weeks",
            "2 weeks"
        ]
    );
    let site = dir.path().join("site");
    let first = read(&site, "content/00-refresh-django-basics.md");
    assert!(first.contains("icon = \"🧭\""), "{first}");
    assert_eq!(json["pages"].as_array().unwrap().len(), 1, "{out}");
    assert!(read(&site, "content/bonus-tools-topics.md").contains("Caching with Redis"));
    assert!(out.contains("level-3 headings"), "{out}");
    assert!(
        site.join(".gitignore").is_file() && site.join(".github/workflows/pages.yml").is_file()
    );
    // Every seed bullet is in the stage files.
    let source = std::fs::read_to_string(fixture("django")).unwrap();
    let all = content(&site);
    for bullet in source.lines().filter(|l| l.starts_with("* ")) {
        assert!(all.contains(bullet), "lost {bullet}");
    }
    assert_nothing_lost("django", &site);
}

#[test]
fn phases_with_week_ranges_an_open_end_a_weekly_effort_and_a_resources_page() {
    let (dir, out, json) = import_and_build("phases", &[]);
    assert_eq!(
        stages(&json),
        [
            ("Python basics", "2 weeks"),
            ("HTTP and the web", "2 weeks"),
            ("APIs", "4 weeks"),
            ("Capstone", "1 week")
        ]
        .map(|(a, b)| (a.to_string(), b.to_string()))
    );
    assert!(out.contains("\"21+\" has no end"), "{out}");
    let toml = read(&dir.path().join("site"), "site.toml");
    assert!(toml.contains("hours_per_week = 17.5"), "{toml}");
    assert_eq!(json["pages"][0]["title"], "Resources");
    // Links to headings that moved to other files point at those files.
    let first = read(&dir.path().join("site"), "content/01-python-basics.md");
    assert!(
        first.contains("[HTTP](02-http-and-the-web.md), then [the capstone](04-capstone.md)"),
        "{first}"
    );
    assert_nothing_lost("phases", &dir.path().join("site"));
}

#[test]
fn months_in_headings_with_tables_and_br_in_cells() {
    let (dir, out, json) = import_and_build("month-table", &[]);
    let d: Vec<String> = stages(&json).into_iter().map(|(_, d)| d).collect();
    assert_eq!(d, ["2 months", "1 month", "3 months"]);
    let site = dir.path().join("site");
    assert!(read(&site, "site.toml").contains("unsafe_html = true"));
    assert!(out.contains("raw HTML"), "{out}");
    assert!(read(&site, "content/01-foundations.md").contains("| Statistics |"));
    assert_nothing_lost("month-table", &site);
}

#[test]
fn bold_lines_as_headings_and_a_progress_page() {
    let (dir, out, json) = import_and_build("bold-lines", &[]);
    assert_eq!(
        stages(&json),
        [
            ("Week 1", "1 week"),
            ("Week 2", "1 week"),
            ("Weeks 3-4", "2 weeks")
        ]
        .map(|(a, b)| (a.to_string(), b.to_string()))
    );
    assert!(out.contains("bold lines"), "{out}");
    assert_eq!(json["pages"][0]["title"], "Progress Tracking");
    assert_nothing_lost("bold-lines", &dir.path().join("site"));
}

#[test]
fn raw_html_lists_are_kept_with_unsafe_html() {
    let (dir, _, json) = import_and_build("html-lists", &[]);
    assert_eq!(
        stages(&json),
        [
            ("HTML", "1–3 days"),
            ("CSS", "2–6 weeks"),
            ("JavaScript", "12–16 weeks")
        ]
        .map(|(a, b)| (a.to_string(), b.to_string()))
    );
    let site = dir.path().join("site");
    assert!(read(&site, "site.toml").contains("unsafe_html = true"));
    assert_nothing_lost("html-lists", &site);
}

#[test]
fn a_document_without_durations_gets_durations_that_are_said() {
    let (dir, out, json) = import_and_build("no-durations", &[]);
    assert_eq!(stages(&json).len(), 3);
    assert_eq!(
        out.matches("the source gives no duration").count(),
        3,
        "{out}"
    );
    let first = read(&dir.path().join("site"), "content/01-basics.md");
    assert!(first.contains("# duration assumed"), "{first}");
    assert_nothing_lost("no-durations", &dir.path().join("site"));
}

#[test]
fn repeated_titles_get_unique_slugs() {
    let (dir, _, json) = import_and_build("daily-log", &[]);
    let slugs: Vec<&str> = json["stages"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["slug"].as_str().unwrap())
        .collect();
    assert_eq!(slugs, ["review", "review-2", "practice"]);
    assert!(stages(&json).iter().all(|(_, d)| d == "1 day"));
    assert_nothing_lost("daily-log", &dir.path().join("site"));
}

#[test]
fn a_table_of_contents_is_dropped_and_said() {
    let (dir, out, json) = import_and_build("toc-numbered", &[]);
    assert_eq!(
        stages(&json),
        [
            ("Setup", "2–6 weeks"),
            ("Containers", "12–16 weeks"),
            ("Cloud", "1.5 months")
        ]
        .map(|(a, b)| (a.to_string(), b.to_string()))
    );
    assert!(out.contains("table of contents"), "{out}");
    let site = dir.path().join("site");
    assert!(!content(&site).contains("](#"));
    assert_eq!(json["pages"][0]["title"], "Contributing");
    assert_nothing_lost("toc-numbered", &site);
}

#[test]
fn weeks_that_restart_under_each_month_are_read_within_it() {
    let (dir, _, json) = import_and_build("months-weeks", &[]);
    let titles: Vec<String> = stages(&json).into_iter().map(|(t, _)| t).collect();
    assert_eq!(
        titles,
        [
            "Month 1 · Week 1",
            "Month 1 · Week 2",
            "Month 2 · Week 1",
            "Month 2 · Week 2"
        ]
    );
    assert!(stages(&json).iter().all(|(_, d)| d == "1 week"));
    assert_nothing_lost("months-weeks", &dir.path().join("site"));
}

#[test]
fn level_overrides_the_reading() {
    let (_, out, json) = import_and_build("months-weeks", &["--level", "2"]);
    assert_eq!(stages(&json).len(), 2, "{out}");
    assert!(out.contains("(--level)"), "{out}");
}

#[test]
fn dry_run_prints_the_plan_and_writes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let into = dir.path().join("site");
    let file = fixture("toc-numbered");
    let out = roadsmith(&[
        "import",
        file.to_str().unwrap(),
        "--into",
        into.to_str().unwrap(),
        "--dry-run",
    ]);
    assert!(out.status.success(), "{}", stderr(&out));
    let text = stdout(&out);
    assert!(text.contains("Setup  [2–6 weeks]  2 items"), "{text}");
    assert!(
        text.contains("Contributing") && text.contains("Dropped:"),
        "{text}"
    );
    assert!(!into.exists());
}

#[test]
fn bad_input_is_an_error_naming_the_file() {
    let dir = tempfile::tempdir().unwrap();
    let write = |name: &str, bytes: &[u8]| {
        let p = dir.path().join(name);
        std::fs::write(&p, bytes).unwrap();
        p
    };
    let cases = [
        (dir.path().join("missing.md"), "missing.md"),
        (write("empty.md", b"  \n"), "empty"),
        (write("binary.md", b"\x89PNG\0\0\x01"), "binary"),
        (
            write("prose.md", b"Just a paragraph of prose.\n"),
            "no headings",
        ),
    ];
    for (path, says) in cases {
        let into = dir.path().join("out");
        let out = roadsmith(&[
            "import",
            path.to_str().unwrap(),
            "--into",
            into.to_str().unwrap(),
        ]);
        let err = stderr(&out);
        assert_eq!(out.status.code(), Some(1), "{err}");
        assert!(
            err.contains(path.file_name().unwrap().to_str().unwrap()) && err.contains(says),
            "{err}"
        );
        assert!(!err.contains("panicked"), "{err}");
        assert!(!into.exists());
    }
}

#[test]
fn a_folder_that_is_not_empty_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("notes.txt"), "mine").unwrap();
    let file = fixture("daily-log");
    let out = roadsmith(&[
        "import",
        file.to_str().unwrap(),
        "--into",
        dir.path().to_str().unwrap(),
    ]);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stderr(&out).contains("the folder is not empty"),
        "{}",
        stderr(&out)
    );
    assert!(stderr(&out).contains("choose a new or empty folder"));
    assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1);
}
