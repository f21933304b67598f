//! What a build publishes for readers (timeline, roadmap.json, checklist, print page,
//! sharing meta, edit link) and `roadsmith export`, through the real binary.

mod common;

use common::*;

fn built_django() -> (tempfile::TempDir, std::path::PathBuf) {
    let site = django();
    let out = build(site.path(), &[]);
    assert!(out.status.success(), "{}", stderr(&out));
    let public = site.path().join("public");
    (site, public)
}

/// The value of `attr="..."` in `tag`.
fn attr<'a>(tag: &'a str, attr: &str) -> &'a str {
    let key = format!(" {attr}=\"");
    let start = tag.find(&key).unwrap_or_else(|| panic!("{attr} in {tag}")) + key.len();
    &tag[start..start + tag[start..].find('"').unwrap()]
}

#[test]
fn the_timeline_links_every_stage_with_bars_proportional_to_durations() {
    let (_site, public) = built_django();
    let overview = read(&public, "index.html");
    let svg = &overview
        [overview.find("<svg class=\"timeline\"").unwrap()..overview.find("</svg>").unwrap()];
    assert!(
        svg.contains("viewBox=\"0 0 "),
        "it scales with its container"
    );
    assert!(
        svg.contains("<title id=\"timeline-title\">Timeline: 10 stages over 15–18 weeks</title>")
    );
    assert!(svg.contains("<desc id=\"timeline-desc\">"));
    let links: Vec<&str> = svg.split("<a class=\"timeline-stage\"").skip(1).collect();
    assert_eq!(links.len(), 10, "one link per stage");
    assert!(attr(links[4], "href").ends_with("/stages/orm/"));
    assert!(
        attr(links[4], "aria-label")
            .contains("ORM Mastery &amp; Query Optimization: stage 4, 2–3 weeks, weeks 6–10")
    );
    // The chart spans the roadmap's longest total, 18 weeks.
    let unit = roadsmith::reader::timeline::scale(18.0);
    let durations = [
        (1.0, 1.0),
        (1.5, 1.5),
        (1.0, 1.0),
        (2.0, 3.0),
        (2.0, 3.0),
        (1.0, 1.0),
        (1.5, 1.5),
        (1.0, 1.0),
        (2.0, 3.0),
        (2.0, 2.0),
    ];
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
    let (_site, public) = built_django();
    let json: serde_json::Value = serde_json::from_str(&read(&public, "roadmap.json")).unwrap();
    let stages = json["stages"].as_array().unwrap();
    assert_eq!(stages.len(), 10);
    let orm = &stages[4];
    assert_eq!(orm["order"], 4);
    assert_eq!(orm["number"], 4);
    assert_eq!(orm["title"], "ORM Mastery & Query Optimization");
    assert_eq!(orm["duration"], "2–3 weeks");
    assert_eq!(orm["weeks_min"], 2.0);
    assert_eq!(orm["weeks_max"], 3.0);
    assert_eq!(orm["start_week"], 6);
    assert_eq!(orm["end_week"], 10);
    assert_eq!(
        orm["url"],
        "https://roadsmith.github.io/roadsmith/stages/orm/"
    );
    let items = orm["items"].as_array().unwrap();
    let find = |text: &str| {
        items
            .iter()
            .find(|i| i["text"] == text)
            .unwrap_or_else(|| panic!("{text}"))
    };
    assert_eq!(
        find("select_related(), prefetch_related()")["kind"],
        "topic"
    );
    assert_eq!(
        find("Compare select_related() vs raw joins")["kind"],
        "exercise"
    );
    assert_eq!(
        find("Profile queries using django-debug-toolbar")["kind"],
        "suggestion"
    );
    assert_eq!(find("Django ORM Optimization Guide")["kind"], "learning");
    assert!(
        find("Q objects and complex filters")["id"]
            .as_str()
            .unwrap()
            .starts_with("orm/")
    );
    assert_eq!(json["weeks_label"], "15–18 weeks");
}

#[test]
fn the_overview_links_the_takeaways_and_the_checklist_is_published() {
    let (_site, public) = built_django();
    let overview = read(&public, "index.html");
    for href in [
        "/roadsmith/checklist.md",
        "/roadsmith/roadmap.json",
        "/roadsmith/print/",
    ] {
        assert!(urls(&overview).iter().any(|u| u == href), "{href} linked");
    }
    let checklist = read(&public, "checklist.md");
    assert!(checklist.starts_with("# Django Developer Roadmap\n"));
    assert!(checklist.contains("## Stage 4: ORM Mastery & Query Optimization\n"));
    assert!(checklist.contains("- [ ] `select_related()`, `prefetch_related()`\n"));
    assert!(checklist.contains("### Exercises\n\n- [ ] Build queries with annotations"));
    let tasks = checklist
        .lines()
        .filter(|l| l.starts_with("- [ ] "))
        .count();
    let json: serde_json::Value = serde_json::from_str(&read(&public, "roadmap.json")).unwrap();
    let count = |key: &str| -> usize {
        json[key]
            .as_array()
            .unwrap()
            .iter()
            .map(|s| s["items"].as_array().unwrap().len())
            .sum()
    };
    assert_eq!(count("pages"), 5, "the bonus topics");
    assert_eq!(
        tasks,
        count("stages") + count("pages"),
        "every item is a task"
    );
}

#[test]
fn stage_items_carry_ids_for_progress() {
    let (_site, public) = built_django();
    let orm = read(&public, "stages/orm/index.html");
    let ids: Vec<&str> = orm
        .match_indices("data-item-id=\"")
        .map(|(i, m)| &orm[i + m.len()..i + m.len() + 12])
        .collect();
    assert!(ids.len() >= 10, "{ids:?}");
    assert!(ids.iter().all(|id| id.starts_with("orm/")));
    assert!(
        orm.contains("data-kind=\"exercise\" data-tracked=\"\" class=\"task-list-item\""),
        "exercises are items"
    );
    assert!(orm.contains("data-progress-stage=\"orm\""));
}

#[test]
fn export_commands_write_the_checklist_and_a_notion_csv() {
    let site = django();
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
    assert_eq!(lines.next(), Some("Stage,Item,Kind,Duration,Status"));
    assert!(csv.contains("Stage 4: ORM Mastery & Query Optimization,\"select_related(), prefetch_related()\",Topic,2–3 weeks,Not started\n"), "fields with commas are quoted");
    assert!(csv.contains(",Exercise,"));
    assert!(csv.contains(",Best practice,"));
    assert!(
        csv.contains("Bonus Tools & Topics,Caching with Redis,"),
        "the bonus topics are part of the roadmap"
    );
    assert!(
        exported.contains("## Bonus Tools & Topics")
            && exported.contains("- [ ] Task queues with Celery")
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
    let (_site, public) = built_django();
    let print = read(&public, "print/index.html");
    assert_eq!(print.matches("<section class=\"print-stage\"").count(), 10);
    assert!(
        print.contains("id=\"orm-topics\""),
        "ids are prefixed per stage"
    );
    assert!(!print.contains("id=\"topics\""));
    assert!(
        print.contains("<h3 id=\"orm-topics\">"),
        "stage headings go one level down"
    );
    assert!(print.contains("Compare <code>select_related()</code> vs raw joins"));
    let css = read(&public, "reader.css");
    assert!(css.contains("@media print") && css.contains("break-before: page"));
}

#[test]
fn every_page_has_sharing_meta() {
    let (_site, public) = built_django();
    let orm = read(&public, "stages/orm/index.html");
    let base = "https://roadsmith.github.io/roadsmith/";
    assert!(orm.contains(&format!(
        "<link rel=\"canonical\" href=\"{base}stages/orm/\">"
    )));
    assert!(orm.contains(&format!(
        "<meta property=\"og:url\" content=\"{base}stages/orm/\">"
    )));
    assert!(orm.contains(
        "<meta property=\"og:title\" content=\"Stage 4: ORM Mastery &amp; Query Optimization\">"
    ));
    assert!(orm.contains("<meta property=\"og:description\" content=\"Write expressive queries"));
    assert!(orm.contains("<meta name=\"twitter:card\" content=\"summary\">"));
    assert!(orm.contains("<meta name=\"twitter:title\" content=\"Stage 4: ORM Mastery"));
    let home = read(&public, "index.html");
    assert!(home.contains(&format!("<meta property=\"og:url\" content=\"{base}\">")));
    assert!(home.contains("<meta property=\"og:title\" content=\"Django Developer Roadmap\">"));
    for page in ["bonus/index.html", "print/index.html", "404.html"] {
        let html = read(&public, page);
        assert!(html.contains("<meta property=\"og:title\""), "{page}");
        assert!(
            html.contains("<meta name=\"twitter:description\""),
            "{page}"
        );
    }
}

#[test]
fn edit_links_appear_only_with_repo_url() {
    let (_site, public) = built_django();
    assert!(!read(&public, "stages/orm/index.html").contains("Edit this page"));

    let site = django();
    let toml = std::fs::read_to_string(site.path().join("site.toml")).unwrap();
    std::fs::write(
        site.path().join("site.toml"),
        toml.replacen(
            "language = ",
            "repo_url = \"https://github.com/me/roadmap/\"\nlanguage = ",
            1,
        ),
    )
    .unwrap();
    let out = build(site.path(), &[]);
    assert!(out.status.success(), "{}", stderr(&out));
    let public = site.path().join("public");
    assert!(read(&public, "stages/orm/index.html").contains(
        "<a href=\"https://github.com/me/roadmap/edit/main/content/04-orm.md\">Edit this page</a>"
    ));
    assert!(
        read(&public, "bonus/index.html")
            .contains("https://github.com/me/roadmap/edit/main/content/bonus.md")
    );
    assert!(
        read(&public, "index.html")
            .contains("https://github.com/me/roadmap/edit/main/content/_index.md")
    );
}
