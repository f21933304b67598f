//! `roadsmith import`: roadmap documents of many shapes (tests/fixtures/import/) become
//! sites that `roadsmith build` builds, with their stages, titles and durations, and with
//! every link, code block and line of text of the source kept.

mod common;
#[path = "import/plans.rs"]
mod plans;
#[path = "import/seed.rs"]
mod seed;
#[path = "import/support.rs"]
mod support;

use common::*;
use support::*;

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
fn raw_html_lists_become_markdown_and_what_does_not_convert_is_kept_with_unsafe_html() {
    let (dir, out, json) = import_and_build("html-lists", &[]);
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
    let html = read(&site, "content/01-html.md");
    assert!(
        html.contains(
            "- [MDN HTML](https://developer.mozilla.org/en-US/docs/Web/HTML)\n- Semantic elements"
        ) && !html.contains("<li>"),
        "{html}"
    );
    // <kbd> is not a tag the converter knows: that list stays HTML.
    let css = read(&site, "content/02-css.md");
    assert!(css.contains("<li><kbd>Ctrl</kbd>"), "{css}");
    assert!(read(&site, "site.toml").contains("unsafe_html = true"));
    assert!(out.contains("1 raw HTML list became Markdown"), "{out}");
    assert!(
        out.contains("raw HTML that is not a plain list (line 3, 14)"),
        "{out}"
    );
    assert_nothing_lost("html-lists", &site);
}

#[test]
fn html_headings_and_html_lists_only_become_a_markdown_roadmap() {
    let (dir, out, json) = import_and_build("html-only", &[]);
    assert_eq!(
        stages(&json),
        [
            ("Syntax", "1 week"),
            ("Concurrency", "1 week"),
            ("A web service", "2 weeks")
        ]
        .map(|(a, b)| (a.to_string(), b.to_string()))
    );
    assert_eq!(json["title"], "Go Backend in Four Weeks");
    assert!(out.contains("3 raw HTML lists became Markdown"), "{out}");
    let site = dir.path().join("site");
    // Nothing is left that needs raw HTML.
    assert!(!read(&site, "site.toml").contains("unsafe_html"), "{out}");
    let second = read(&site, "content/02-concurrency.md");
    assert!(
        second.contains("- **Goroutines** and *channels*\n  - `sync.WaitGroup`\n  - [Pipelines](https://go.dev/blog/pipelines)"),
        "{second}"
    );
    let third = read(&site, "content/03-a-web-service.md");
    assert!(
        third.contains("1. Routing with `net/http`\n2. [database/sql]"),
        "{third}"
    );
    // The plan counts the lists' items, nested ones too.
    for said in [
        "Syntax  [1 week]  2 items",
        "Concurrency  [1 week]  3 items",
        "A web service  [2 weeks]  2 items",
    ] {
        assert!(out.contains(said), "{out}");
    }
    assert_nothing_lost("html-only", &site);
}

#[test]
fn rows_of_a_table_with_a_month_column_are_stages() {
    let (dir, out, json) = import_and_build("table-rows", &[]);
    assert_eq!(
        stages(&json),
        [
            ("Python & math", "1 month"),
            ("Classic machine learning", "2 months"),
            ("Deep learning", "1 month"),
            ("MLOps and a capstone", "2 months")
        ]
        .map(|(a, b)| (a.to_string(), b.to_string()))
    );
    assert!(out.contains("rows of a table with a time column"), "{out}");
    let site = dir.path().join("site");
    let second = read(&site, "content/02-classic-machine-learning.md");
    assert!(
        second.contains("**Resources:**\n\n- [scikit-learn](https://scikit-learn.org/stable/)\n- Regression\n- Decision trees"),
        "{second}"
    );
    let toml = read(&site, "site.toml");
    let last = read(&site, "content/04-mlops-and-a-capstone.md");
    assert!(
        last.contains("**Topic:** **MLOps** and a capstone\n"),
        "{last}"
    );
    let home = read(&site, "content/_index.md");
    assert!(!home.contains("\n\n\n"), "{home}");
    // The <br>s were the only raw HTML, and they are gone.
    assert!(!toml.contains("unsafe_html"), "{toml}");
    assert!(toml.contains("hours_per_week = 9"), "{toml}");
    assert!(out.contains("hours_per_week = 9"), "{out}");
    // The table's header went into the stages, not the home page.
    assert!(!home.contains("| Month"), "{home}");
    assert_eq!(json["pages"][0]["title"], "Tips");
    assert_nothing_lost("table-rows", &site);
}

#[test]
fn numbered_items_with_bold_titles_are_stages() {
    let (dir, out, json) = import_and_build("numbered", &[]);
    assert_eq!(
        stages(&json),
        [
            ("Learn Python", "2 weeks"),
            ("SQL and databases", "3–4 weeks"),
            ("Pipelines", "1 month")
        ]
        .map(|(a, b)| (a.to_string(), b.to_string()))
    );
    assert!(out.contains("numbered top-level items"), "{out}");
    assert!(out.contains("table of contents"), "{out}");
    let site = dir.path().join("site");
    let second = read(&site, "content/02-sql-and-databases.md");
    // Out-dented: nested lists are lists, not code blocks.
    assert!(
        second.contains("the language of data\n\n- SELECT, JOIN, GROUP BY\n"),
        "{second}"
    );
    let third = read(&site, "content/03-pipelines.md");
    assert!(
        third.contains("\n```python\nprint(\"extract, transform, load\")\n```"),
        "{third}"
    );
    assert_eq!(json["pages"][0]["title"], "Resources");
    // The table of contents went, and the blank lines around it are one.
    let home = read(&site, "content/_index.md");
    assert!(!home.contains("\n\n\n") && !home.contains("](#"), "{home}");
    assert_nothing_lost("numbered", &site);
}

#[test]
fn prose_without_headings_is_one_stage_and_says_why() {
    let (dir, out, json) = import_and_build("prose", &[]);
    assert_eq!(
        stages(&json),
        [("Prose".to_string(), "6 weeks".to_string())]
    );
    assert!(out.contains("one stage of the whole document"), "{out}");
    assert!(out.contains("the first length its text gives"), "{out}");
    assert_eq!(json["title"], "Prose");
    assert_nothing_lost("prose", &dir.path().join("site"));
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
