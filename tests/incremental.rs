//! `serve` writes after a save only the outputs whose inputs changed (`Site::update`).
//! Whatever it skips, the served folder must be what a full build of the same files
//! writes, byte for byte, after every kind of edit: on tests/fixtures/rich (code in
//! three languages, a footnote, tables, a standalone page), on long and branching
//! roadmaps, and on a theme whose pages show other stages (tests/fixtures/nosy).

mod common;

use std::path::Path;

use common::snapshot;
use common::updates::Session;
use roadsmith::site::Update;

/// A site of `n` stages `content/NN-stage.md`, slugs `sNN`, a week each, each linking
/// to the next, in a temporary folder with the repository's theme.
fn long_roadmap(n: usize) -> tempfile::TempDir {
    let dir = common::site_without_stages();
    let write = |rel: &str, text: String| std::fs::write(dir.path().join(rel), text).unwrap();
    write(
        "content/_index.md",
        "+++\ntitle = \"Long\"\n+++\nStart at [stage 0](00-stage.md).\n".into(),
    );
    for i in 0..n {
        let next = if i + 1 < n {
            format!("[next]({:02}-stage.md)", i + 1)
        } else {
            "the end".into()
        };
        write(
            &format!("content/{i:02}-stage.md"),
            format!(
                "+++\ntitle = \"Stage {i}\"\nstage = {i}\nduration = \"1 week\"\nslug = \"s{i}\"\n+++\nOn to {next}.\n\n## Topics\n\n- Topic {i}\n"
            ),
        );
    }
    dir
}

/// The files `session`'s update wrote: those that differ from `before`.
fn written_since(
    before: &std::collections::BTreeMap<std::path::PathBuf, Vec<u8>>,
    out: &Path,
) -> Vec<String> {
    let after = snapshot(out);
    let mut written: Vec<String> = (after.iter())
        .filter(|(k, v)| before.get(*k) != Some(*v))
        .map(|(k, _)| k.display().to_string())
        .collect();
    written.sort();
    written
}

#[test]
fn markdown_edits_match_a_full_build() {
    let site = common::site(&["rich"]);
    let mut s = Session::new(site.path());
    let stage = "content/01-languages.md";
    // Prose: the stage's page and the print page.
    s.edit_and_compare(stage, |t| {
        format!("{t}\nA new closing paragraph with `code`.\n")
    });
    // A topic: also the overview, search index, roadmap.json and checklist.
    s.edit_and_compare(stage, |t| {
        t.replacen("\n- ", "\n- Window functions with `Window()`\n- ", 1)
    });
    // A heading: its anchor, the table of contents, the search index.
    s.edit_and_compare(stage, |t| {
        format!("{t}\n## Further reading\n\nMore later.\n")
    });
    // The home page and a standalone page.
    s.edit_and_compare("content/_index.md", |t| format!("{t}\nWelcome back.\n"));
    s.edit_and_compare("content/extras.md", |t| {
        t.replacen("\n- ", "\n- A new bonus topic\n- ", 1)
    });
}

#[test]
fn front_matter_edits_match_a_full_build() {
    let site = common::site(&["rich"]);
    let mut s = Session::new(site.path());
    let stage = "content/01-languages.md";
    // With five stages every page lists every stage: a title is on every page.
    s.edit_and_compare(stage, |t| {
        t.replacen("title = \"", "title = \"Renamed <&\\\"> ", 1)
    });
    s.edit_and_compare(stage, |t| {
        t.replacen("summary = \"", "summary = \"Newly summed up: ", 1)
    });
    s.edit_and_compare(stage, |t| {
        t.replacen(
            "+++\n",
            "+++\nicon = \"🦀\"\ndescription = \"For link previews\"\n",
            1,
        )
    });
    // A duration: the later stages' weeks and the total on every page.
    s.edit_and_compare(stage, |t| {
        t.replacen("duration = \"2–4 weeks\"", "duration = \"1 to 5 weeks\"", 1)
    });
    // Front matter and text at once.
    s.edit_and_compare(stage, |t| {
        format!(
            "{}\n- A topic added with the title\n",
            t.replacen("Renamed", "Retitled", 1)
        )
    });
    s.edit_and_compare("content/extras.md", |t| {
        t.replacen("title = \"", "title = \"More ", 1).replacen(
            "description = \"",
            "description = \"Quite ",
            1,
        )
    });
    s.edit_and_compare("content/_index.md", |t| {
        t.replacen("title = \"", "title = \"Welcome to ", 1)
    });
}

/// What changes a stage's place in the roadmap, what adds or removes a file, and what
/// is not content: each is written in place too, as a full build would write it.
#[test]
fn every_other_kind_of_edit_matches_a_full_build() {
    let site = common::site(&["diamond"]);
    let mut s = Session::new(site.path());
    let (b, e) = ("content/01-b.md", "content/04-e.md");
    s.edit_and_compare(b, |t| t.replacen("requires = [\"a\"]", "requires = []", 1));
    s.edit_and_compare(e, |t| t.replacen("optional = true\n", "", 1));
    s.edit_and_compare(e, |t| t.replacen("+++\n", "+++\ntrack = \"Side\"\n", 1));
    s.edit_and_compare(e, |t| t.replacen("+++\n", "+++\nslug = \"elective\"\n", 1));
    // Moved: a after every other stage, e in its place.
    s.edit_and_compare("content/00-a.md", |t| {
        t.replacen("stage = 0\n", "stage = 8\nrequires = []\n", 1)
    });
    s.edit_and_compare(e, |t| {
        (t.replacen("stage = 4\n", "stage = 0\n", 1)).replacen(
            "requires = [\"a\"]\n",
            "requires = []\n",
            1,
        )
    });
    // A file added; a draft, left out with its page; back; removed.
    let new = "content/07-new.md";
    s.save(
        new,
        "+++\ntitle = \"New & <improved>\"\nstage = 7\nduration = \"3 days\"\n+++\n## Topics\n\n- Fresh\n",
    );
    s.update(&[new]).expect("update");
    s.assert_same_as_a_full_build("a stage added");
    s.edit_and_compare(new, |t| t.replacen("+++\n", "+++\ndraft = true\n", 1));
    assert!(
        !s.out.join("stages/new-improved").exists(),
        "its folder went with its page"
    );
    s.edit_and_compare(new, |t| t.replacen("draft = true\n", "", 1));
    std::fs::remove_file(site.path().join(new)).unwrap();
    s.update(&[new]).expect("update");
    s.assert_same_as_a_full_build("a stage removed");
    // A template, a static file, site.toml.
    s.save("templates/404.html", "{% extends \"base.html\" %}{% block content %}Lost: {{ total.label }}{% endblock content %}");
    s.update(&["templates/404.html"]).expect("update");
    s.assert_same_as_a_full_build("a template added");
    s.save("static/extra.css", "body { color: red }\n");
    s.update(&["static/extra.css"]).expect("update");
    s.assert_same_as_a_full_build("a static file added");
    s.edit_and_compare("site.toml", |t| {
        t.replacen("title = \"", "title = \"Site: ", 1)
    });
}

/// The site of the issue that made updates follow the templates: 40 stages, and a
/// `templates/stage.html` of its own that lists every stage's title on every stage's
/// page. A title saved in stage 30 is on stage 10's page at once.
#[test]
fn a_site_template_that_lists_every_stage_shows_a_title_on_every_page() {
    let site = long_roadmap(40);
    let theme = common::repo().join("themes/default/templates/stage.html");
    let aside =
        "<aside>{% for s in stages %}{{ s.title }};{% endfor %}</aside>{% endblock content %}";
    let stage_html =
        std::fs::read_to_string(theme)
            .unwrap()
            .replacen("{% endblock content %}", aside, 1);
    std::fs::create_dir_all(site.path().join("templates")).unwrap();
    std::fs::write(site.path().join("templates/stage.html"), stage_html).unwrap();
    let mut s = Session::new(site.path());
    s.edit_and_compare("content/30-stage.md", |t| {
        t.replacen("title = \"Stage 30\"", "title = \"Thirty\"", 1)
    });
    let page = std::fs::read_to_string(s.out.join("stages/s10/index.html")).unwrap();
    assert!(
        page.contains("Thirty;"),
        "stage 10's page lists the new title"
    );
}

#[test]
fn a_save_that_changes_nothing_writes_nothing() {
    let site = common::site(&["rich"]);
    let mut s = Session::new(site.path());
    let before = snapshot(&s.out);
    let stage = "content/01-languages.md";
    s.save(stage, &s.read(stage));
    assert_eq!(s.update(&[stage]).expect("update"), Update::Unchanged);
    assert_eq!(snapshot(&s.out), before);
}

/// A roadmap of 40 stages, past the 30 that every page (and the 404 page) lists: a
/// title is on its own page, its neighbours', the overview, the print page and the
/// reader's files only (of the search files, the fragment that holds the stage and the
/// shard of its new word: 40 stages make one of each).
#[test]
fn a_title_in_a_long_roadmap_rewrites_only_the_pages_that_show_it() {
    let site = long_roadmap(40);
    let mut s = Session::new(site.path());
    let stage = "content/20-stage.md";
    let before = snapshot(&s.out);
    s.edit_and_compare(stage, |t| t.replacen("title = \"", "title = \"Renamed ", 1));
    let written = written_since(&before, &s.out);
    // Of the roadmap's data, the index only: a stage's title is in its row, not in its
    // part.
    assert!(
        !written.iter().any(|f| f.starts_with("roadmap/")),
        "{written:?}"
    );
    let index = std::fs::read_to_string(s.out.join("roadmap.json")).unwrap();
    assert!(index.contains("\"title\":\"Renamed "), "{index}");
    let kept = std::fs::read_dir(s.out.join("roadmap")).unwrap().count();
    assert_eq!(kept, 3, "40 stages in parts of 16");
    assert_eq!(
        (written.iter())
            .filter(|f| !f.starts_with("roadmap/"))
            .collect::<Vec<_>>(),
        [
            "checklist.md",
            "index.html",
            "print/index.html",
            "roadmap.json",
            "search/f-0.json",
            "search/s-.json",
            "stages/s19/index.html",
            "stages/s20/index.html",
            "stages/s21/index.html",
            // The service worker's version follows every file's content.
            "sw.js",
        ]
    );
    s.edit_and_compare(stage, |t| {
        t.replacen("duration = \"1 week\"", "duration = \"3 weeks\"", 1)
    });
    s.edit_and_compare(stage, |t| {
        t.replacen("+++\n", "+++\nsummary = \"A summary\"\n", 1)
    });
}

/// Past 500 stages the overview lists blocks of 200 stages, each a page: a title
/// rewrites its block's page; a duration every block after it (their weeks); a stage
/// removed down to 500 takes the blocks away, one added brings them back.
#[test]
fn a_long_roadmap_s_blocks_follow_its_edits() {
    let site = long_roadmap(501);
    let mut s = Session::new(site.path());
    assert!(s.out.join("blocks/3/index.html").exists());
    let stage = "content/300-stage.md";
    let before = snapshot(&s.out);
    s.edit_and_compare(stage, |t| t.replacen("title = \"", "title = \"Renamed ", 1));
    let written = written_since(&before, &s.out);
    let blocks: Vec<&String> = written
        .iter()
        .filter(|f| f.starts_with("blocks/"))
        .collect();
    assert_eq!(blocks, ["blocks/2/index.html"], "stages 200 to 399");
    let before = snapshot(&s.out);
    s.edit_and_compare(stage, |t| {
        t.replacen("duration = \"1 week\"", "duration = \"3 weeks\"", 1)
    });
    let written = written_since(&before, &s.out);
    assert!(
        written.contains(&"blocks/3/index.html".to_string()),
        "{written:?}"
    );
    let (last, before_last) = ("content/500-stage.md", "content/499-stage.md");
    let (text, linking) = (s.read(last), s.read(before_last));
    std::fs::remove_file(site.path().join(last)).unwrap();
    s.save(
        before_last,
        &linking.replace("[next](500-stage.md)", "the end"),
    );
    s.update(&[last, before_last]).expect("update");
    s.assert_same_as_a_full_build(last);
    assert!(!s.out.join("blocks").exists());
    s.save(last, &text);
    s.save(before_last, &linking);
    s.update(&[last, before_last]).expect("update");
    s.assert_same_as_a_full_build(last);
    assert!(s.out.join("blocks/3/index.html").exists());
}

/// The diamond of tests/fixtures/diamond: a (1 week); b (2 weeks) and c (3 weeks) after
/// a; d (1 week) after b and c; e (2 weeks, optional) after a. Total 5 weeks: a, c, d.
#[test]
fn a_branching_roadmap_updates_the_stages_an_edit_reaches() {
    let site = common::site(&["diamond"]);
    let mut s = Session::new(site.path());
    // a's title is on the pages of b, c and e ("Before this").
    s.edit_and_compare("content/00-a.md", |t| {
        t.replacen("title = \"", "title = \"First: ", 1)
    });
    // b is not on the longest path: 2.5 weeks moves b alone, the total stays.
    let before = snapshot(&s.out);
    s.edit_and_compare("content/01-b.md", |t| {
        t.replacen("duration = \"2 weeks\"", "duration = \"2.5 weeks\"", 1)
    });
    let stage_pages = written_since(&before, &s.out);
    let stage_pages: Vec<&String> = stage_pages
        .iter()
        .filter(|k| k.starts_with("stages"))
        .collect();
    assert_eq!(
        stage_pages,
        ["stages/b/index.html"],
        "only b's page shows its weeks"
    );
    // c is: 4 weeks moves d and the total, on every page.
    s.edit_and_compare("content/02-c.md", |t| {
        t.replacen("duration = \"3 weeks\"", "duration = \"4 weeks\"", 1)
    });
}

#[test]
fn a_broken_link_in_an_update_is_an_error_naming_the_file() {
    let site = common::site(&["rich"]);
    let mut s = Session::new(site.path());
    let before = snapshot(&s.out);
    let stage = "content/01-languages.md";
    s.edit(stage, |t| format!("{t}\nSee [forms](05-nope.md).\n"));
    let error = s
        .update(&[stage])
        .expect_err("the link is broken")
        .to_string();
    assert!(error.contains("content/01-languages.md"), "{error}");
    assert!(error.contains("05-nope.md"), "{error}");
    assert_eq!(snapshot(&s.out), before, "nothing was written");
    // Mended, the site is what a full build makes.
    s.edit(stage, |t| t.replace("05-nope.md", "02-data.md"));
    s.update(&[stage]).expect("update");
    s.assert_same_as_a_full_build("the mended link");
}

#[test]
fn a_template_that_fails_to_draw_leaves_the_served_folder_as_it_was() {
    let site = common::site(&["rich"]);
    let mut s = Session::new(site.path());
    let before = snapshot(&s.out);
    let template = "templates/page.html";
    s.save(template, "{{ page.title | no_such_filter }}");
    assert!(s.update(&[template]).is_err());
    assert_eq!(snapshot(&s.out), before, "nothing was written");
    s.save(template, "{{ page.title | upper }}");
    s.update(&[template]).expect("update");
    s.assert_same_as_a_full_build("the mended template");
}

/// The search files are cut by size: a stage that grows past what a fragment holds, with
/// words enough to split the index into shards, makes other files, and the update writes
/// them and deletes those a full build no longer makes; and back.
#[test]
fn a_stage_that_grows_recuts_the_search_files() {
    let site = long_roadmap(40);
    let mut s = Session::new(site.path());
    let stage = "content/20-stage.md";
    let search_files = |dir: &Path| -> Vec<String> {
        let mut names: Vec<String> = std::fs::read_dir(dir.join("search"))
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        names.sort();
        names
    };
    assert_eq!(search_files(&s.out), ["f-0.json", "meta.json", "s-.json"]);
    // 600 topics of words no other stage has: some 40 KB of entries and of keys.
    let topics: String = (0..600)
        .map(|i| {
            format!(
                "- Topic number{i} about quux{i}zzy and {}\n",
                "w".repeat(i % 7 + 2)
            )
        })
        .collect();
    s.edit_and_compare(stage, |t| format!("{t}{topics}"));
    let grown = search_files(&s.out);
    assert!(grown.len() > 5, "{grown:?}");
    assert!(!grown.contains(&"s-.json".to_string()), "{grown:?}");
    assert!(grown.contains(&"f-20.json".to_string()), "{grown:?}");
    s.edit_and_compare(stage, |t| t.replacen(&topics, "", 1));
    assert_eq!(search_files(&s.out), ["f-0.json", "meta.json", "s-.json"]);
}

/// A duration that moves more stages than `IN_PARTS_PAST` (400 of 450): the stages'
/// inputs tell it before any page is digested, and the pages that show the saved file
/// are written first, then the rest; together they are what a full build writes.
#[test]
fn a_save_that_moves_many_stages_is_written_page_first() {
    let site = long_roadmap(450);
    let mut s = Session::new(site.path());
    moved_page_first(&mut s, "content/50-stage.md", "/stages/s50/");
}

/// A duration that moves every later stage, and the total that every page shows, in a
/// roadmap of 250 stages: more pages than `IN_PARTS_PAST`, so the save is written in
/// two parts. The first holds the saved stage's page and the overview, and the far
/// stages wait for the second; together they are what a full build writes.
#[test]
fn a_save_that_moves_every_stage_is_written_page_first() {
    let site = long_roadmap(250);
    let mut s = Session::new(site.path());
    moved_page_first(&mut s, "content/100-stage.md", "/stages/s100/");
}

/// Makes `file`'s stage three weeks long: the save is written in two parts, the first
/// holding its print part, the overview and its page (`page`); together they are what
/// a full build writes, and what they kept serves the next saves as well.
fn moved_page_first(s: &mut Session, file: &str, page: &str) {
    s.edit(file, |t| {
        t.replacen("duration = \"1 week\"", "duration = \"3 weeks\"", 1)
    });
    assert!(matches!(s.update(&[file]), Ok(Update::Written(_))));
    let paths = s
        .first_part
        .take()
        .expect("the save was written in two parts");
    assert_eq!(paths, ["/print/", "/", page]);
    s.assert_same_as_a_full_build(file);
    s.edit_and_compare(file, |t| t.replacen("title = \"", "title = \"Renamed ", 1));
    s.edit_and_compare(file, |t| {
        t.replacen("duration = \"3 weeks\"", "duration = \"2 weeks\"", 1)
    });
}
