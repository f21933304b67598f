//! `roadsmith build` on good input, through the real binary: what it writes (the rich
//! fixture's stages in order with their weeks, prev and next by stage number, a base
//! path in every internal URL, escaped raw HTML, a CNAME, site templates over the theme,
//! drafts only when asked for), the flags that override site.toml, stale files replaced,
//! and files saved with a BOM and CRLF line endings read like any other.

mod common;

use common::*;

/// tests/fixtures/rich as built: five stages, a standalone page, base path `/rich/`.
#[test]
fn the_rich_roadmap_builds() {
    let site = site(&["rich"]);
    let out = build(site.path(), &[]);
    assert!(out.status.success(), "{}", stderr(&out));
    let public = site.path().join("public");

    let overview = read(&public, "index.html");
    // The stages' durations in weeks, shortest and longest: 3 days = 3/7 (0.43),
    // 2–4, 1.5, 1 month = 4, and 1. Shortest total 0.43 + 2 + 1.5 + 4 + 1 = 8.93, longest
    // 0.43 + 4 + 1.5 + 4 + 1 = 10.93, shown as a person would say it.
    assert!(
        overview.contains("about 9–11 weeks"),
        "the overview shows the roadmap's total"
    );
    // Every stage, in order, with its duration and week range. A stage starts where the
    // ones before it end at the quickest pace and ends where they end at the slowest:
    // - Basics: weeks 0 to 0.43: week 1
    // - Languages: from 0.43 (week 1) to at most 0.43 + 4 = 4.43 (week 5)
    // - Data: from 0.43 + 2 = 2.43 (week 3) to at most 4.43 + 1.5 = 5.93 (week 6)
    // - Raw HTML: from 2.43 + 1.5 = 3.93 (week 4) to at most 5.93 + 4 = 9.93 (week 10)
    // - Wrap-up: from 3.93 + 4 = 7.93 (week 8) to at most 9.93 + 1 = 10.93 (week 11)
    // Titles are escaped: the fixture's are full of <&">.
    let expected = [
        (
            "Basics: &lt;Setup&gt; &amp; &quot;Tools&quot;",
            "3 days",
            "week 1",
        ),
        (
            "Languages: Rust, Python &amp; JavaScript",
            "2–4 weeks",
            "weeks 1–5",
        ),
        ("Data: SQL, TOML &amp; Shell", "1.5 weeks", "weeks 3–6"),
        ("Raw &lt;HTML&gt; &amp; Footnotes", "1 month", "weeks 4–10"),
        ("Wrap-up", "1 week", "weeks 8–11"),
    ];
    // The stage list (the timeline above it names every stage too).
    let main = &overview
        [overview.find("<ol class=\"stage-list\"").unwrap()..overview.find("</main>").unwrap()];
    let cards: Vec<&str> = main.split("<li").collect();
    let mut last = 0;
    for (title, duration, weeks) in expected {
        let i = cards
            .iter()
            .position(|c| c.contains(title))
            .unwrap_or_else(|| panic!("{title} missing"));
        assert!(i > last, "{title} is out of order");
        assert!(
            cards[i].contains(duration),
            "{title}: {duration} in {}",
            cards[i]
        );
        assert!(
            cards[i].to_lowercase().contains(weeks),
            "{title}: {weeks} in {}",
            cards[i]
        );
        last = i;
    }
    assert!(
        overview.contains("Extras &amp; &lt;Bonus&gt;"),
        "standalone pages are listed"
    );

    // Stage 2 of 0–4: a page between two others.
    let data = read(&public, "stages/data/index.html");
    assert!(data.contains("Joins and <code>GROUP BY</code>"));
    assert!(data.contains("href=\"/rich/stages/languages/\"") && data.contains("rel=\"prev\""));
    assert!(data.contains("href=\"/rich/stages/markup/\"") && data.contains("rel=\"next\""));
    assert!(
        data.contains("type=\"checkbox\""),
        "exercises are task lists"
    );
    assert!(data.contains("id=\"exercises\""), "headings carry ids");
    for file in [
        "404.html",
        "sitemap.xml",
        "robots.txt",
        ".nojekyll",
        "style.css",
        "highlight-light.css",
        "highlight-dark.css",
        "extras/index.html",
    ] {
        assert!(public.join(file).exists(), "{file}");
    }
    let sitemap = read(&public, "sitemap.xml");
    assert!(sitemap.contains("<loc>https://example.com/rich/stages/wrap-up/</loc>"));
    assert_eq!(
        sitemap.matches("<loc>").count(),
        7,
        "overview, 5 stages, extras"
    );
    assert!(!public.join("CNAME").exists(), "no CNAME unless configured");
}

#[test]
fn prev_and_next_follow_stage_numbers_not_file_names() {
    let site = site(&["order"]);
    let out = build(site.path(), &[]);
    assert!(out.status.success(), "{}", stderr(&out));
    let public = site.path().join("public");
    let middle = read(&public, "stages/z-middle/index.html");
    let prev = &middle[middle.find("rel=\"prev\"").expect("prev")..];
    assert!(prev[..prev.find("</a>").unwrap()].contains("First"));
    let next = &middle[middle.find("rel=\"next\"").expect("next")..];
    assert!(next[..next.find("</a>").unwrap()].contains("Last"));
    assert!(!read(&public, "stages/m-first/index.html").contains("rel=\"prev\""));
    assert!(!read(&public, "stages/a-last/index.html").contains("rel=\"next\""));
    let overview = read(&public, "index.html");
    let (f, m, l) = (
        overview.find("First").unwrap(),
        overview.find("Middle").unwrap(),
        overview.find("Last").unwrap(),
    );
    assert!(f < m && m < l, "the overview lists stages by number");
}

#[test]
fn a_project_subpath_prefixes_every_internal_url() {
    let site = site(&["subpath"]);
    let out = build(site.path(), &[]);
    assert!(out.status.success(), "{}", stderr(&out));
    let public = site.path().join("public");
    for page in [
        "index.html",
        "404.html",
        "stages/first/index.html",
        "stages/second/index.html",
        "bonus/index.html",
    ] {
        let html = read(&public, page);
        for url in urls(&html) {
            let ok = url.starts_with("/repo/")
                || url.starts_with('#')
                || url.starts_with("https://")
                || url.starts_with("data:");
            assert!(ok, "{page}: {url} ignores the base path");
        }
    }
    let bonus = read(&public, "bonus/index.html");
    assert!(
        bonus.contains("href=\"/repo/\""),
        "root-relative Markdown link"
    );
    assert!(bonus.contains("href=\"/repo/stages/second/\""));
    assert!(
        bonus.contains("href=\"/repo/stages/first/\""),
        "link to a .md file"
    );
    assert!(bonus.contains("src=\"/repo/img/diagram.gif\""));
    assert!(
        public.join("img/diagram.gif").exists(),
        "content assets are copied"
    );
    let first = read(&public, "stages/first/index.html");
    assert!(first.contains("href=\"/repo/stages/second/#exercises\""));
    assert!(read(&public, "404.html").contains("/repo/style.css"));
    assert!(
        read(&public, "sitemap.xml")
            .contains("<loc>https://user.github.io/repo/stages/first/</loc>")
    );
}

#[test]
fn base_url_and_output_dir_flags_override_site_toml() {
    let site = site(&["minimal"]);
    let out_dir = tempfile::tempdir().unwrap();
    let target = out_dir.path().join("out");
    let out = build(
        site.path(),
        &[
            "--base-url",
            "https://me.github.io/road",
            "--output-dir",
            target.to_str().unwrap(),
        ],
    );
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(read(&target, "index.html").contains("/road/stages/first/"));
    assert!(!site.path().join("public").exists());
}

#[test]
fn raw_html_and_front_matter_are_escaped() {
    let site = site(&["raw-html"]);
    let out = build(site.path(), &[]);
    assert!(out.status.success(), "{}", stderr(&out));
    let public = site.path().join("public");
    for page in ["index.html", "stages/raw/index.html"] {
        let html = read(&public, page);
        assert!(
            !html.contains("<script>alert"),
            "{page}: raw script emitted"
        );
        assert!(!html.contains("<b>Bold</b>"), "{page}: title not escaped");
        assert!(!html.contains("<img src=x"), "{page}: summary not escaped");
    }
    let stage = read(&public, "stages/raw/index.html");
    assert!(stage.contains("&lt;b&gt;Bold&lt;/b&gt;"));
    assert!(!stage.contains("class=\"raw-block\""));
    assert!(!stage.contains("javascript:"));

    std::fs::write(
        site.path().join("site.toml"),
        read(site.path(), "site.toml") + "\n[markdown]\nunsafe_html = true\n",
    )
    .unwrap();
    assert!(build(site.path(), &[]).status.success());
    assert!(
        read(&public, "stages/raw/index.html").contains("<div class=\"raw-block\">"),
        "unsafe_html emits raw HTML"
    );
}

#[test]
fn a_cname_is_written_when_configured() {
    let site = site(&["minimal"]);
    std::fs::write(
        site.path().join("site.toml"),
        read(site.path(), "site.toml") + "cname = \"roadmap.example.org\"\n",
    )
    .unwrap();
    assert!(build(site.path(), &[]).status.success());
    assert_eq!(
        read(&site.path().join("public"), "CNAME"),
        "roadmap.example.org\n"
    );
}

#[test]
fn site_templates_override_the_theme() {
    let site = site(&["minimal"]);
    std::fs::create_dir_all(site.path().join("templates")).unwrap();
    std::fs::write(
        site.path().join("templates/stage.html"),
        "<p>custom {{ stage.title }} {{ stage.weeks_label }}</p>",
    )
    .unwrap();
    assert!(build(site.path(), &[]).status.success());
    assert_eq!(
        read(&site.path().join("public"), "stages/second/index.html"),
        "<p>custom Second Stage weeks 2–4</p>"
    );
}

#[test]
fn drafts_are_left_out_unless_asked_for() {
    let site = site(&["minimal"]);
    std::fs::write(
        site.path().join("content/05-draft.md"),
        "+++\ntitle = \"Draft\"\nstage = 5\nduration = \"1 week\"\ndraft = true\n+++\n",
    )
    .unwrap();
    assert!(build(site.path(), &[]).status.success());
    assert!(!site.path().join("public/stages/draft").exists());
    assert!(build(site.path(), &["--drafts"]).status.success());
    assert!(site.path().join("public/stages/draft/index.html").exists());
}

#[test]
fn a_successful_build_replaces_stale_files() {
    let site = site(&["minimal"]);
    let public = site.path().join("public");
    std::fs::create_dir_all(public.join("stages/gone")).unwrap();
    std::fs::write(public.join("stages/gone/index.html"), "old").unwrap();
    mark_as_built(&public);
    assert!(build(site.path(), &[]).status.success());
    assert!(!public.join("stages/gone").exists());
    let leftovers: Vec<_> = std::fs::read_dir(site.path())
        .unwrap()
        .flatten()
        .filter(|e| e.file_name().to_string_lossy().contains("roadsmith-"))
        .collect();
    assert!(leftovers.is_empty(), "staging folders are cleaned up");
}

#[test]
fn a_bom_and_crlf_line_endings_are_read_like_any_file() {
    let site = site(&["minimal", "bom-crlf"]);
    let out = build(site.path(), &[]);
    assert!(out.status.success(), "{}", stderr(&out));
    let page = read(&site.path().join("public"), "stages/windows/index.html");
    assert!(
        page.contains("Windows Stage")
            && page.contains("Saved on Windows")
            && page.contains("1 to 2 weeks")
    );
}
