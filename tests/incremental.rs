//! `serve` re-renders only what a save changes (`Site::update`). Whatever it skips, the
//! result must be the site a full build of the same files makes, byte for byte. On
//! tests/fixtures/rich: its Languages stage (code in three languages, a footnote), its
//! home page and its standalone page `extras.md`.

mod common;

use std::path::{Path, PathBuf};

use common::{site, snapshot};
use roadsmith::output::{InPlace, Kept, Staging};
use roadsmith::site::Update;
use roadsmith::{BuildOptions, Site};

fn options(root: &Path, out: &Path) -> BuildOptions {
    BuildOptions {
        root: root.to_path_buf(),
        output_dir: Some(out.to_path_buf()),
        ..BuildOptions::default()
    }
}

/// A copy of the rich fixture rendered into `out`, with what updates need kept.
struct Fixture {
    site: tempfile::TempDir,
    _out_dir: tempfile::TempDir,
    out: PathBuf,
    state: (Site, roadsmith::site::Rendering),
}

fn rendered_rich() -> Fixture {
    rendered(site(&["rich"]))
}

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

fn rendered(site: tempfile::TempDir) -> Fixture {
    let out_dir = tempfile::tempdir().unwrap();
    let out = out_dir.path().join("public");
    let model = Site::load(&options(site.path(), &out)).expect("load");
    let staging = Staging::new(&out).unwrap();
    let rendering = model.render_for_updates(&staging).expect("render");
    staging.commit(&Kept::default()).unwrap();
    Fixture {
        site,
        _out_dir: out_dir,
        out,
        state: (model, rendering),
    }
}

/// Applies `edit` to the file, updates `out` in place, and checks `out` against a full
/// build of the edited site. Returns whether the update could be done in place.
fn edit_and_compare(
    root: &Path,
    out: &Path,
    state: &mut (Site, roadsmith::site::Rendering),
    file: &str,
    edit: impl Fn(&str) -> String,
) -> bool {
    let path = root.join(file);
    let text = std::fs::read_to_string(&path).unwrap();
    let edited = edit(&text);
    assert_ne!(text, edited, "the edit changes {file}");
    std::fs::write(&path, edited).unwrap();
    let (site, rendering) = state;
    let updated = site.update(rendering, &[PathBuf::from(file)], &InPlace::new(out));
    if updated.expect("update") == Update::NeedsFullRender {
        return false;
    }
    assert_same_as_a_full_build(root, out, file);
    true
}

/// `out` holds what a full build of the site at `root` writes, after `file` was edited.
fn assert_same_as_a_full_build(root: &Path, out: &Path, file: &str) {
    let full = tempfile::tempdir().unwrap();
    let full_out = full.path().join("public");
    Site::build(&options(root, &full_out)).expect("full build");
    let (got, want) = (snapshot(out), snapshot(&full_out));
    let differing: std::collections::BTreeSet<_> = want
        .keys()
        .chain(got.keys())
        .filter(|k| got.get(*k) != want.get(*k))
        .collect();
    assert!(
        differing.is_empty(),
        "after editing {file}, these files differ from a full build: {differing:?}"
    );
}

#[test]
fn updates_match_a_full_build() {
    let Fixture {
        site,
        out,
        mut state,
        _out_dir,
    } = rendered_rich();
    let root = site.path();
    let stage = "content/01-languages.md";

    // Prose: the stage's page and the print page.
    assert!(edit_and_compare(root, &out, &mut state, stage, |t| {
        format!("{t}\nA new closing paragraph with `code`.\n")
    }));
    // A topic: also the overview, search index, roadmap.json and checklist.
    assert!(edit_and_compare(root, &out, &mut state, stage, |t| {
        t.replacen("\n- ", "\n- Window functions with `Window()`\n- ", 1)
    }));
    // A heading: its anchor, the table of contents, the search index.
    assert!(edit_and_compare(root, &out, &mut state, stage, |t| {
        format!("{t}\n## Further reading\n\nMore later.\n")
    }));
    // The home page and a standalone page.
    assert!(edit_and_compare(
        root,
        &out,
        &mut state,
        "content/_index.md",
        |t| format!("{t}\nWelcome back.\n")
    ));
    assert!(edit_and_compare(
        root,
        &out,
        &mut state,
        "content/extras.md",
        |t| t.replacen("\n- ", "\n- A new bonus topic\n- ", 1)
    ));
}

#[test]
fn what_front_matter_shows_is_updated_in_place_as_a_full_build_would() {
    let Fixture {
        site,
        out,
        mut state,
        _out_dir,
    } = rendered_rich();
    let root = site.path();
    let stage = "content/01-languages.md";
    // With five stages every page lists every stage: a title is on every page.
    assert!(edit_and_compare(root, &out, &mut state, stage, |t| {
        t.replacen("title = \"", "title = \"Renamed <&\\\"> ", 1)
    }));
    // A summary: the stage's page, its card, the print page, the search index.
    assert!(edit_and_compare(root, &out, &mut state, stage, |t| {
        t.replacen("summary = \"", "summary = \"Newly summed up: ", 1)
    }));
    assert!(edit_and_compare(root, &out, &mut state, stage, |t| {
        t.replacen(
            "+++\n",
            "+++\nicon = \"🦀\"\ndescription = \"For link previews\"\n",
            1,
        )
    }));
    // A duration: the later stages' weeks and the total on every page.
    assert!(edit_and_compare(root, &out, &mut state, stage, |t| {
        t.replacen("duration = \"2–4 weeks\"", "duration = \"1 to 5 weeks\"", 1)
    }));
    // Front matter and text at once.
    assert!(edit_and_compare(root, &out, &mut state, stage, |t| {
        format!(
            "{}\n- A topic added with the title\n",
            t.replacen("Renamed", "Retitled", 1)
        )
    }));
    // A standalone page's title and description; the home page's.
    assert!(edit_and_compare(
        root,
        &out,
        &mut state,
        "content/extras.md",
        |t| {
            t.replacen("title = \"", "title = \"More ", 1).replacen(
                "description = \"",
                "description = \"Quite ",
                1,
            )
        }
    ));
    assert!(edit_and_compare(
        root,
        &out,
        &mut state,
        "content/_index.md",
        |t| { t.replacen("title = \"", "title = \"Welcome to ", 1) }
    ));
}

/// A roadmap of 40 stages, past the 30 that every page (and the 404 page) lists: a
/// title is on its own page, its neighbours', the overview, the print page and the
/// reader's files only (of the search files, the fragment that holds the stage and the
/// shard of its new word: 40 stages make one of each).
#[test]
fn a_title_in_a_long_roadmap_rewrites_only_the_pages_that_show_it() {
    let Fixture {
        site,
        out,
        mut state,
        _out_dir,
    } = rendered(long_roadmap(40));
    let root = site.path();
    let stage = "content/20-stage.md";
    let before = snapshot(&out);
    assert!(edit_and_compare(root, &out, &mut state, stage, |t| {
        t.replacen("title = \"", "title = \"Renamed ", 1)
    }));
    let after = snapshot(&out);
    let mut written: Vec<String> = after
        .iter()
        .filter(|(k, v)| before.get(*k) != Some(*v))
        .map(|(k, _)| k.display().to_string())
        .collect();
    written.sort();
    assert_eq!(
        written,
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
    assert!(edit_and_compare(root, &out, &mut state, stage, |t| {
        t.replacen("duration = \"1 week\"", "duration = \"3 weeks\"", 1)
    }));
    assert!(edit_and_compare(root, &out, &mut state, stage, |t| {
        t.replacen("+++\n", "+++\nsummary = \"A summary\"\n", 1)
    }));
}

/// The diamond of tests/fixtures/diamond: a (1 week); b (2 weeks) and c (3 weeks) after
/// a; d (1 week) after b and c; e (2 weeks, optional) after a. Total 5 weeks: a, c, d.
#[test]
fn a_branching_roadmap_updates_the_stages_an_edit_reaches() {
    let Fixture {
        site,
        out,
        mut state,
        _out_dir,
    } = rendered(site(&["diamond"]));
    let root = site.path();
    let file = |slug: &str| {
        let n = "abcde".find(slug).unwrap();
        format!("content/{n:02}-{slug}.md")
    };
    // a's title is on the pages of b, c and e ("Before this").
    assert!(edit_and_compare(root, &out, &mut state, &file("a"), |t| {
        t.replacen("title = \"", "title = \"First: ", 1)
    }));
    // b is not on the longest path: 2.5 weeks moves b alone, the total stays.
    let before = snapshot(&out);
    assert!(edit_and_compare(root, &out, &mut state, &file("b"), |t| {
        t.replacen("duration = \"2 weeks\"", "duration = \"2.5 weeks\"", 1)
    }));
    let after = snapshot(&out);
    let stage_pages_written = after
        .iter()
        .filter(|(k, v)| k.starts_with("stages") && before.get(*k) != Some(*v))
        .count();
    assert_eq!(stage_pages_written, 1, "only b's page shows its weeks");
    // c is: 4 weeks moves d and the total, on every page.
    assert!(edit_and_compare(root, &out, &mut state, &file("c"), |t| {
        t.replacen("duration = \"3 weeks\"", "duration = \"4 weeks\"", 1)
    }));
}

#[test]
fn moving_a_stage_needs_a_full_render() {
    let Fixture {
        site,
        out,
        mut state,
        _out_dir,
    } = rendered_rich();
    let root = site.path();
    let before = snapshot(&out);
    let in_place = edit_and_compare(root, &out, &mut state, "content/01-languages.md", |t| {
        t.replacen("stage = 1\n", "stage = 7\n", 1)
    });
    assert!(
        !in_place,
        "a stage moved changes every stage's place: a full render"
    );
    assert_eq!(snapshot(&out), before, "nothing was written");
}

#[test]
fn a_broken_link_in_an_update_is_an_error_naming_the_file() {
    let Fixture {
        site,
        out,
        state: (mut site_model, mut rendering),
        _out_dir,
    } = rendered_rich();
    let root = site.path();
    let before = snapshot(&out);
    let path = root.join("content/01-languages.md");
    let text = std::fs::read_to_string(&path).unwrap();
    std::fs::write(&path, format!("{text}\nSee [forms](05-nope.md).\n")).unwrap();
    let result = site_model.update(
        &mut rendering,
        &[PathBuf::from("content/01-languages.md")],
        &InPlace::new(&out),
    );
    let error = result.expect_err("the link is broken").to_string();
    assert!(error.contains("content/01-languages.md"), "{error}");
    assert!(error.contains("05-nope.md"), "{error}");
    assert_eq!(snapshot(&out), before, "nothing was written");
}

/// The search files are cut by size: a stage that grows past what a fragment holds, with
/// words enough to split the index into shards, makes other files, and the update writes
/// them and deletes those a full build no longer makes; and back.
#[test]
fn a_stage_that_grows_recuts_the_search_files() {
    let Fixture {
        site,
        out,
        mut state,
        _out_dir,
    } = rendered(long_roadmap(40));
    let root = site.path();
    let stage = "content/20-stage.md";
    let search_files = |dir: &Path| -> Vec<String> {
        let mut names: Vec<String> = std::fs::read_dir(dir.join("search"))
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        names.sort();
        names
    };
    assert_eq!(search_files(&out), ["f-0.json", "meta.json", "s-.json"]);
    // 600 topics of words no other stage has: some 40 KB of entries and of keys.
    let topics: String = (0..600)
        .map(|i| {
            format!(
                "- Topic number{i} about quux{i}zzy and {}\n",
                "w".repeat(i % 7 + 2)
            )
        })
        .collect();
    assert!(edit_and_compare(root, &out, &mut state, stage, |t| {
        format!("{t}{topics}")
    }));
    let grown = search_files(&out);
    assert!(grown.len() > 5, "{grown:?}");
    assert!(!grown.contains(&"s-.json".to_string()), "{grown:?}");
    assert!(grown.contains(&"f-20.json".to_string()), "{grown:?}");
    assert!(edit_and_compare(root, &out, &mut state, stage, |t| {
        t.replacen(&topics, "", 1)
    }));
    assert_eq!(search_files(&out), ["f-0.json", "meta.json", "s-.json"]);
}

/// A duration that moves every later stage, and the total that every page shows, in a
/// roadmap of 250 stages: more pages than `IN_PARTS_PAST`, so the save is written in
/// two parts. The first holds the saved stage's page and the overview, and the far
/// stages wait for the second; together they are what a full build writes.
#[test]
fn a_save_that_moves_every_stage_is_written_page_first() {
    let Fixture {
        site,
        out,
        mut state,
        _out_dir,
    } = rendered(long_roadmap(250));
    let root = site.path();
    let file = "content/100-stage.md";
    let read = |rel: &str| std::fs::read_to_string(out.join(rel)).unwrap();
    let (saved, far) = ("stages/s100/index.html", "stages/s200/index.html");
    let far_before = read(far);
    let path = root.join(file);
    let text = std::fs::read_to_string(&path).unwrap();
    let edited = text.replacen("duration = \"1 week\"", "duration = \"3 weeks\"", 1);
    std::fs::write(&path, edited).unwrap();

    let (model, rendering) = &mut state;
    let mut first = None;
    let updated = model.update_in_parts(
        rendering,
        &[PathBuf::from(file)],
        &InPlace::new(&out),
        &mut |paths| first = Some((paths, read(saved), read(far))),
    );
    assert!(matches!(updated, Ok(Update::Written(_))), "{updated:?}");
    let (paths, saved_then, far_then) = first.expect("the save was written in two parts");
    assert_eq!(paths, ["/", "/stages/s100/"]);
    assert!(
        saved_then.contains("3 weeks"),
        "the saved page is in the first part"
    );
    assert_eq!(
        far_then, far_before,
        "the far stages wait for the second part"
    );
    assert_ne!(
        read(far),
        far_before,
        "the second part moved the far stages"
    );
    assert_same_as_a_full_build(root, &out, file);

    // What the two parts kept serves the next save as well.
    assert!(edit_and_compare(root, &out, &mut state, file, |t| {
        t.replacen("title = \"", "title = \"Renamed ", 1)
    }));
    assert!(edit_and_compare(root, &out, &mut state, file, |t| {
        t.replacen("duration = \"3 weeks\"", "duration = \"2 weeks\"", 1)
    }));
}
