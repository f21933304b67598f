//! `serve` after any sequence of saves writes what a full build writes, whatever the
//! site's templates read of other stages and pages: a site's own templates (the
//! default ones with asides that show every stage, the total, the pages, the reader's
//! data, the neighbours...) chosen at random, then random edits of every kind, each
//! followed by an update held against a full build of the same files.

mod common;

use common::updates::Session;
use proptest::prelude::*;

/// Asides a site's templates may add; each reads values of other stages or pages.
const ASIDES: [&str; 12] = [
    "<aside>{% for s in stages %}{{ s.title }}·{{ s.weeks_label }};{% endfor %}</aside>",
    "<p>{{ total.label }} {{ total.stage_count }} {{ total.optional_count }}</p>",
    "<ul>{% for p in pages %}<li>{{ p.title }} {{ p.description }}</li>{% endfor %}</ul>",
    "<p>{% for k, v in reader.tracked %}{{ k }}={{ v }} {% endfor %}</p>",
    "<p>{{ reader.items_version }}</p>",
    "{% if stage is defined %}<p>{{ reader.tracked[stage.slug] }} {{ reader.requires[stage.slug] }}</p>{% endif %}",
    "{% set all = stages %}<p>{{ all | length }}{% for s in all %}{% if s.optional %}{{ s.track }}{% endif %}{{ s.summary }}{% endfor %}</p>",
    "{% include \"aside.html\" %}",
    "{% if prev %}{{ prev.duration }}{% endif %}{% if next %}{{ next.weeks_label }}{% endif %}",
    "<p>{{ site.title }} {{ site.description }}</p>",
    "{% if nav_stages %}{% for s in nav_stages %}{{ s.end_week }}{% endfor %}{% endif %}",
    "{% if stages | length > 3 %}{{ stages[3].title }}{% endif %}",
];

/// An included aside: it reads what the template including it does not name.
const INCLUDED: &str = "<p>{% if stages %}{{ stages[0].description }}{% endif %}\
                        {% for s in stages | reverse %}{{ s.icon }}{% endfor %}</p>";

/// Templates a site may override, and where an aside goes in each.
const TEMPLATES: [(&str, &str); 6] = [
    ("base.html", "</footer>"),
    ("stage.html", "{% endblock content %}"),
    ("page.html", "{% endblock content %}"),
    ("index.html", "{% endblock content %}"),
    ("404.html", "{% endblock content %}"),
    ("print.html", "{% endblock content %}"),
];

/// For each template, the asides it gets (a bit per aside; none: the theme's own).
type Choice = [u16; 6];

fn template_text(name: &str, at: &str, asides: u16) -> String {
    let path = common::repo().join("themes/default/templates").join(name);
    let text = std::fs::read_to_string(path).unwrap();
    let chosen: String = (0..ASIDES.len())
        .filter(|k| asides & (1 << k) != 0)
        .map(|k| ASIDES[k])
        .collect();
    text.replacen(at, &format!("{chosen}{at}"), 1)
}

fn stage_file(i: usize) -> String {
    format!("content/s{i:02}.md")
}

fn stage_text(i: usize, number: usize) -> String {
    format!(
        "+++\ntitle = \"Stage {i}\"\nstage = {number}\nduration = \"{} weeks\"\n+++\n\
         Intro of {i}.\n\n## Topics\n\n- Topic {i} a\n- Topic {i} b\n\n## Exercises\n\n- [ ] Do {i}\n",
        1 + i % 3
    )
}

/// A site of `stages` stages, a standalone page, a static file and the chosen templates.
fn site(stages: usize, choice: &Choice) -> tempfile::TempDir {
    let dir = common::site_without_stages();
    let write = |rel: &str, text: &str| {
        let path = dir.path().join(rel);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, text).unwrap();
    };
    for i in 0..stages {
        write(&stage_file(i), &stage_text(i, i));
    }
    write(
        "content/bonus.md",
        "+++\ntitle = \"Bonus\"\ndescription = \"More\"\n+++\n## Topics\n\n- Extra\n",
    );
    write("static/extra.css", "p { margin: 0 }\n");
    write("templates/aside.html", INCLUDED);
    for ((name, at), asides) in TEMPLATES.iter().zip(choice) {
        if *asides != 0 {
            write(
                &format!("templates/{name}"),
                &template_text(name, at, *asides),
            );
        }
    }
    dir
}

/// A save, by what it changes.
#[derive(Debug, Clone)]
enum Edit {
    Prose(usize),
    Item(usize),
    Heading(usize),
    Title(usize),
    Summary(usize),
    Icon(usize),
    Description(usize),
    Duration(usize, u8),
    Requires(usize, usize),
    Optional(usize),
    Track(usize),
    Draft(usize),
    Number(usize, usize),
    Add(usize),
    Remove(usize),
    Template(usize, u16),
    Static,
    Config,
    Page,
    Home,
}

fn edits() -> impl Strategy<Value = Edit> {
    let i = 0usize..8;
    prop_oneof![
        i.clone().prop_map(Edit::Prose),
        i.clone().prop_map(Edit::Item),
        i.clone().prop_map(Edit::Heading),
        i.clone().prop_map(Edit::Title),
        i.clone().prop_map(Edit::Summary),
        i.clone().prop_map(Edit::Icon),
        i.clone().prop_map(Edit::Description),
        (i.clone(), 1u8..5).prop_map(|(i, w)| Edit::Duration(i, w)),
        (i.clone(), 0usize..8).prop_map(|(i, j)| Edit::Requires(i, j)),
        i.clone().prop_map(Edit::Optional),
        i.clone().prop_map(Edit::Track),
        i.clone().prop_map(Edit::Draft),
        (i.clone(), 0usize..20).prop_map(|(i, n)| Edit::Number(i, n)),
        (8usize..12).prop_map(Edit::Add),
        i.prop_map(Edit::Remove),
        (0usize..6, any::<u16>()).prop_map(|(t, a)| Edit::Template(t, a & 0xfff)),
        Just(Edit::Static),
        Just(Edit::Config),
        Just(Edit::Page),
        Just(Edit::Home),
    ]
}

/// Applies `edit` to the site's files; returns the file it saved, or `None` when it
/// has nothing to change (a stage that is not there).
fn apply(s: &Session, edit: &Edit, step: usize) -> Option<String> {
    let stage = |i: usize| Some(stage_file(i)).filter(|f| s.root.join(f).exists());
    let front = |i: usize, line: String| -> Option<String> {
        let file = stage(i)?;
        let text = s.read(&file);
        s.save(&file, &text.replacen("+++\n", &format!("+++\n{line}\n"), 1));
        Some(file)
    };
    let body = |i: usize, more: String| -> Option<String> {
        let file = stage(i)?;
        s.save(&file, &format!("{}{more}", s.read(&file)));
        Some(file)
    };
    // A key given twice is an error: an edit of a key replaces its line.
    let set = |i: usize, key: &str, value: &str| -> Option<String> {
        let file = stage(i)?;
        let text = s.read(&file);
        let kept: String = (text.lines())
            .filter(|l| !l.starts_with(&format!("{key} = ")))
            .map(|l| format!("{l}\n"))
            .collect();
        s.save(&file, &kept);
        front(i, format!("{key} = {value}"))
    };
    match edit {
        Edit::Prose(i) => body(*i, format!("\nMore prose {step}.\n")),
        Edit::Item(i) => body(*i, format!("\n## Topics\n\n- Added {step}\n")),
        Edit::Heading(i) => body(*i, format!("\n## Heading {step}\n\nText.\n")),
        Edit::Title(i) => set(*i, "title", &format!("\"Title {step} <&\\\">\"")),
        Edit::Summary(i) => set(*i, "summary", &format!("\"Summary {step}\"")),
        Edit::Icon(i) => set(*i, "icon", "\"🦀\""),
        Edit::Description(i) => set(*i, "description", &format!("\"About {step}\"")),
        Edit::Duration(i, w) => set(*i, "duration", &format!("\"{w} weeks\"")),
        Edit::Requires(i, j) => set(*i, "requires", &format!("[\"s{j:02}\"]")),
        Edit::Optional(i) => set(
            *i,
            "optional",
            if step.is_multiple_of(2) {
                "true"
            } else {
                "false"
            },
        ),
        Edit::Track(i) => set(*i, "track", &format!("\"Track {}\"", step % 2)),
        Edit::Draft(i) => set(
            *i,
            "draft",
            if step.is_multiple_of(2) {
                "true"
            } else {
                "false"
            },
        ),
        Edit::Number(i, n) => set(*i, "stage", &n.to_string()),
        Edit::Add(i) => {
            let file = stage_file(*i);
            s.save(&file, &stage_text(*i, 20 + i));
            Some(file)
        }
        Edit::Remove(i) => {
            let file = stage(*i)?;
            std::fs::remove_file(s.root.join(&file)).unwrap();
            Some(file)
        }
        Edit::Template(t, asides) => {
            let (name, at) = TEMPLATES[*t];
            let file = format!("templates/{name}");
            s.save(&file, &template_text(name, at, *asides | 1 << (step % 12)));
            Some(file)
        }
        Edit::Static => {
            s.save("static/extra.css", &format!("p {{ margin: {step}px }}\n"));
            Some("static/extra.css".into())
        }
        Edit::Config => {
            let text = s.read("site.toml");
            s.save(
                "site.toml",
                &text.replacen("title = \"", &format!("title = \"{step} "), 1),
            );
            Some("site.toml".into())
        }
        Edit::Page => {
            let text = s.read("content/bonus.md");
            s.save(
                "content/bonus.md",
                &text.replacen("title = \"", "title = \"More ", 1),
            );
            Some("content/bonus.md".into())
        }
        Edit::Home => {
            let text = s.read("content/_index.md");
            s.save("content/_index.md", &format!("{text}\nAgain {step}.\n"));
            Some("content/_index.md".into())
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 24, ..ProptestConfig::default() })]

    #[test]
    fn updates_write_what_a_build_writes(
        stages in 3usize..8,
        choice in prop::array::uniform6(0u16..0x1000),
        edits in prop::collection::vec(edits(), 1..8),
    ) {
        let dir = site(stages, &choice);
        let mut s = Session::new(dir.path());
        for (step, edit) in edits.iter().enumerate() {
            let Some(file) = apply(&s, edit, step) else { continue };
            match s.update(&[&file]) {
                Ok(_) => {
                    let differing = s.differences();
                    prop_assert!(
                        differing.is_empty(),
                        "after {edit:?} ({file}), these differ from a full build: {differing:?}"
                    );
                }
                // A mistake (a cycle, a stage number twice...): the build fails too.
                Err(e) => prop_assert!(s.build_fails(), "{edit:?}: update failed: {e}"),
            }
        }
    }
}
