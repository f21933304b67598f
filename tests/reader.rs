//! What a build publishes for readers (timeline, roadmap.json, checklist, print page,
//! sharing meta, edit link) and `roadsmith export`, through the real binary, on
//! tests/fixtures/rich.
//!
//! The rich stages' durations in weeks, shortest and longest, which the figures below
//! come from: Basics "3 days" = 3/7, Languages "2–4 weeks", Data "1.5 weeks", Raw HTML
//! "1 month" = 4, Wrap-up "1 week". The roadmap takes 8.93 to 10.93 weeks.

mod common;

use common::*;

fn built_rich() -> (tempfile::TempDir, std::path::PathBuf) {
    built_site(site(&["rich"]), &[])
}

#[test]
fn the_timeline_links_every_stage_with_bars_proportional_to_durations() {
    let (_site, public) = built_rich();
    let overview = read(&public, "index.html");
    let start = overview
        .find("<svg class=\"timeline timeline-wide\"")
        .unwrap();
    let svg = &overview[start..start + overview[start..].find("</svg>").unwrap()];
    assert!(
        svg.contains("viewBox=\"0 0 "),
        "it scales with its container"
    );
    assert!(
        svg.contains(
            "<title id=\"timeline-title\">Timeline: 5 stages over about 9–11 weeks</title>"
        )
    );
    assert!(svg.contains("<desc id=\"timeline-desc\">"));
    let links: Vec<&str> = svg.split("<a class=\"timeline-stage\"").skip(1).collect();
    assert_eq!(links.len(), 5, "one link per stage");
    assert!(attr(links[1], "href").ends_with("/stages/languages/"));
    // Languages starts after 3 days (week 1) and ends by 3/7 + 4 = 4.43 weeks (week 5).
    assert!(
        attr(links[1], "aria-label")
            .contains("Languages: Rust, Python &amp; JavaScript: stage 1, 2–4 weeks, weeks 1–5")
    );
    // The title as shown is cut to the left column; the link's name keeps it whole.
    assert!(links[1].contains(">Languages: Rust, Python…</text>"));
    // (shortest, longest) of each stage, in weeks.
    let durations = [
        (3.0 / 7.0, 3.0 / 7.0),
        (2.0, 4.0),
        (1.5, 1.5),
        (4.0, 4.0),
        (1.0, 1.0),
    ];
    // The chart spans the roadmap's longest total, 10.93 weeks.
    let longest: f64 = durations.iter().map(|(_, max)| max).sum();
    let unit = roadsmith::reader::timeline::scale(longest);
    let mut start = 0.0;
    for (link, (min, max)) in links.iter().zip(durations) {
        let solid = &link[link.find("timeline-min").unwrap()..];
        let width: f64 = attr(solid, "width").parse().unwrap();
        let x: f64 = attr(solid, "x").parse().unwrap();
        assert!((width - unit * min).abs() < 0.006, "{width} vs {min} weeks");
        assert!(
            (x - (crate_chart_left() + unit * start)).abs() < 0.006,
            "bar starts after the previous minimum"
        );
        match link.find("timeline-extra") {
            Some(i) => {
                let extra: f64 = attr(&link[i..], "width").parse().unwrap();
                assert!((extra - unit * (max - min)).abs() < 0.006);
            }
            None => assert_eq!(min, max, "a range has a lighter extension"),
        }
        start += min;
    }
}

fn crate_chart_left() -> f64 {
    roadsmith::reader::timeline::CHART_LEFT
}

#[test]
fn roadmap_json_lists_stages_and_their_items() {
    let (_site, public) = built_rich();
    let json: serde_json::Value = roadmap_data(&public);
    let stages = json["stages"].as_array().unwrap();
    assert_eq!(stages.len(), 5);
    let languages = &stages[1];
    assert_eq!(languages["order"], 1);
    assert_eq!(languages["number"], 1);
    assert_eq!(languages["title"], "Languages: Rust, Python & JavaScript");
    assert_eq!(languages["duration"], "2–4 weeks");
    assert_eq!(languages["weeks_min"], 2.0);
    assert_eq!(languages["weeks_max"], 4.0);
    // After Basics' 3 days (week 1), until at most 3/7 + 4 = 4.43 weeks (week 5).
    assert_eq!(languages["start_week"], 1);
    assert_eq!(languages["end_week"], 5);
    assert_eq!(
        languages["url"],
        "https://example.com/rich/stages/languages/"
    );
    let item = |stage: &serde_json::Value, text: &str| {
        stage["items"]
            .as_array()
            .unwrap()
            .iter()
            .find(|i| i["text"] == text)
            .cloned()
            .unwrap_or_else(|| panic!("{text} in {}", stage["title"]))
    };
    assert_eq!(item(languages, "Ownership in Rust")["kind"], "topic");
    assert_eq!(
        item(languages, "Write the JavaScript total() test")["kind"],
        "exercise",
        "code spans as text"
    );
    assert!(
        item(languages, "Promises in JavaScript")["id"]
            .as_str()
            .unwrap()
            .starts_with("languages/")
    );
    let basics = &stages[0];
    assert_eq!(item(basics, "Keep a clean $PATH")["kind"], "best-practice");
    assert_eq!(item(basics, "The Rust book")["kind"], "learning");
    // Shortest total 3/7 + 2 + 1.5 + 4 + 1 = 8.93, longest 3/7 + 4 + 1.5 + 4 + 1 = 10.93.
    assert_eq!(json["weeks_label"], "about 9–11 weeks");

    // The one kind the rich stages lack, from a stage laid over them.
    let site = site(&["rich", "rich-suggestions"]);
    let out = build(site.path(), &[]);
    assert!(out.status.success(), "{}", stderr(&out));
    let json: serde_json::Value = roadmap_data(&site.path().join("public"));
    assert_eq!(
        item(&json["stages"][5], "Read one changelog a week")["kind"],
        "suggestion"
    );
}

#[test]
fn the_overview_links_the_takeaways_and_the_checklist_is_published() {
    let (_site, public) = built_rich();
    let overview = read(&public, "index.html");
    for href in ["/rich/checklist.md", "/rich/roadmap.json", "/rich/print/"] {
        assert!(urls(&overview).iter().any(|u| u == href), "{href} linked");
    }
    let checklist = read(&public, "checklist.md");
    assert!(checklist.starts_with("# Rich <Roadmap> & \"Friends\"\n"));
    assert!(checklist.contains("## Stage 1: Languages: Rust, Python & JavaScript\n"));
    assert!(checklist.contains("- [ ] Write the JavaScript `total()` test\n"));
    assert!(checklist.contains("### Exercises\n\n- [ ] Port the Python loader to Rust"));
    let tasks = checklist
        .lines()
        .filter(|l| l.starts_with("- [ ] "))
        .count();
    let json: serde_json::Value = roadmap_data(&public);
    let count = |key: &str| -> usize {
        json[key]
            .as_array()
            .unwrap()
            .iter()
            .map(|s| s["items"].as_array().unwrap().len())
            .sum()
    };
    assert_eq!(count("pages"), 2, "extras.md's two topics");
    assert_eq!(
        tasks,
        count("stages") + count("pages"),
        "every item is a task"
    );
}

#[test]
fn stage_items_carry_ids_for_progress() {
    let (_site, public) = built_rich();
    let languages = read(&public, "stages/languages/index.html");
    let ids: Vec<&str> = languages
        .split("data-item-id=\"")
        .skip(1)
        .map(|rest| &rest[..rest.find('"').unwrap()])
        .collect();
    // 01-languages.md: three topics and two exercises.
    assert_eq!(ids.len(), 5, "{ids:?}");
    assert!(ids.iter().all(|id| id.starts_with("languages/")), "{ids:?}");
    assert!(
        languages.contains("<ul class=\"contains-task-list\" data-kind=\"exercise\" data-tracked>")
            && languages.contains("<li data-item-id=\"languages/"),
        "exercises are items"
    );
    assert!(languages.contains("data-progress-stage=\"languages\""));
}

#[test]
fn export_commands_write_the_checklist_and_a_notion_csv() {
    let site = site(&["rich"]);
    let root = site.path().to_str().unwrap();
    let file = site.path().join("list.md");
    let out = roadsmith(&[
        "export",
        "checklist",
        "--root",
        root,
        "-o",
        file.to_str().unwrap(),
    ]);
    assert!(out.status.success(), "{}", stderr(&out));
    let exported = std::fs::read_to_string(&file).unwrap();
    let build_out = build(site.path(), &[]);
    assert!(build_out.status.success());
    assert_eq!(
        exported,
        read(&site.path().join("public"), "checklist.md"),
        "same checklist as the build's"
    );

    let out = roadsmith(&["export", "notion", "--root", root]);
    assert!(out.status.success(), "{}", stderr(&out));
    let csv = String::from_utf8(out.stdout).unwrap();
    let mut lines = csv.lines();
    assert_eq!(
        lines.next(),
        Some("Stage,Item,Kind,Duration,Status,Requires,Optional,Track")
    );
    // Stage `Basics: <Setup> & "Tools"` and topic `Shell basics: cd, ls and pipes`: a
    // field with commas or quotes is quoted, and its quotes doubled. The first stage
    // requires nothing; it is not optional, and on no track.
    assert!(
        csv.contains(
            "\"Stage 0: Basics: <Setup> & \"\"Tools\"\"\",\"Shell basics: cd, ls and pipes\",Topic,3 days,Not started,,No,\n"
        ),
        "fields with commas and quotes are quoted: {csv}"
    );
    assert!(csv.contains(",Exercise,"));
    assert!(csv.contains(",Best practice,"));
    assert!(
        csv.contains("Extras & <Bonus>,Profiling with perf,"),
        "the standalone page's topics are part of the roadmap"
    );
    assert!(
        exported.contains("## Extras & <Bonus>")
            && exported.contains("- [ ] Fuzzing with `cargo fuzz`")
    );

    let out = roadsmith(&[
        "export",
        "notion",
        "--root",
        site.path().join("nowhere").to_str().unwrap(),
    ]);
    assert!(!out.status.success());
    assert!(stderr(&out).contains("site.toml"));
}

#[test]
fn the_print_page_holds_every_stage() {
    let (_site, public) = built_rich();
    let print = read(&public, "print/index.html");
    assert_eq!(print.matches("<section class=\"print-stage\"").count(), 5);
    assert!(
        print.contains("id=\"languages-topics\""),
        "ids are prefixed per stage"
    );
    assert!(!print.contains("id=\"topics\""));
    assert!(
        print.contains("<h3 id=\"languages-topics\">"),
        "stage headings go one level down"
    );
    assert!(print.contains("Write the JavaScript <code>total()</code> test"));
    let css = read(&public, "reader.css");
    assert!(css.contains("@media print") && css.contains("break-before: page"));
}

#[test]
fn every_page_has_sharing_meta() {
    let (_site, public) = built_rich();
    let languages = read(&public, "stages/languages/index.html");
    let base = "https://example.com/rich/";
    assert!(languages.contains(&format!(
        "<link rel=\"canonical\" href=\"{base}stages/languages/\">"
    )));
    assert!(languages.contains(&format!(
        "<meta property=\"og:url\" content=\"{base}stages/languages/\">"
    )));
    assert!(languages.contains(
        "<meta property=\"og:title\" content=\"Stage 1: Languages: Rust, Python &amp; JavaScript\">"
    ));
    assert!(
        languages.contains(
            "<meta property=\"og:description\" content=\"Read code in several languages\">"
        )
    );
    assert!(languages.contains("<meta name=\"twitter:card\" content=\"summary\">"));
    // X's cards read the Open Graph title and description: not written twice.
    assert!(!languages.contains("twitter:title") && !languages.contains("twitter:description"));
    let home = read(&public, "index.html");
    assert!(home.contains(&format!("<meta property=\"og:url\" content=\"{base}\">")));
    assert!(home.contains(
        "<meta property=\"og:title\" content=\"Rich &lt;Roadmap&gt; &amp; &quot;Friends&quot;\">"
    ));
    for page in ["extras/index.html", "print/index.html", "404.html"] {
        let html = read(&public, page);
        assert!(html.contains("<meta property=\"og:title\""), "{page}");
        assert!(html.contains("<meta name=\"twitter:card\""), "{page}");
    }
}

#[test]
fn edit_links_appear_only_with_repo_url() {
    // The rich site.toml sets `repo_url = "https://github.com/example/rich"`: a copy
    // without it, and a copy with another one, ending in a slash.
    let with_repo = |line: &str| {
        let site = site(&["rich"]);
        let toml = read(site.path(), "site.toml");
        let setting = "repo_url = \"https://github.com/example/rich\"\n";
        assert!(toml.contains(setting), "{toml}");
        std::fs::write(site.path().join("site.toml"), toml.replace(setting, line)).unwrap();
        let out = build(site.path(), &[]);
        assert!(out.status.success(), "{}", stderr(&out));
        site
    };
    let site = with_repo("");
    let public = site.path().join("public");
    assert!(!read(&public, "stages/languages/index.html").contains("Edit this page"));

    let site = with_repo("repo_url = \"https://github.com/me/roadmap/\"\n");
    let public = site.path().join("public");
    assert!(read(&public, "stages/languages/index.html").contains(
        "<a href=\"https://github.com/me/roadmap/edit/main/content/01-languages.md\">Edit this page</a>"
    ));
    assert!(
        read(&public, "extras/index.html")
            .contains("https://github.com/me/roadmap/edit/main/content/extras.md")
    );
    assert!(
        read(&public, "index.html")
            .contains("https://github.com/me/roadmap/edit/main/content/_index.md")
    );
}
