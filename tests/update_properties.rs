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
    let on = |even| {
        if step.is_multiple_of(2) == even {
            "true"
        } else {
            "false"
        }
    };
    let stages = Stages(s);
    match edit {
        Edit::Prose(i) => stages.append(*i, &format!("\nMore prose {step}.\n")),
        Edit::Item(i) => stages.append(*i, &format!("\n## Topics\n\n- Added {step}\n")),
        Edit::Heading(i) => stages.append(*i, &format!("\n## Heading {step}\n\nText.\n")),
        Edit::Title(i) => stages.set(*i, "title", &format!("\"Title {step} <&\\\">\"")),
        Edit::Summary(i) => stages.set(*i, "summary", &format!("\"Summary {step}\"")),
        Edit::Icon(i) => stages.set(*i, "icon", "\"🦀\""),
        Edit::Description(i) => stages.set(*i, "description", &format!("\"About {step}\"")),
        Edit::Duration(i, w) => stages.set(*i, "duration", &format!("\"{w} weeks\"")),
        Edit::Requires(i, j) => stages.set(*i, "requires", &format!("[\"s{j:02}\"]")),
        Edit::Optional(i) => stages.set(*i, "optional", on(true)),
        Edit::Track(i) => stages.set(*i, "track", &format!("\"Track {}\"", step % 2)),
        Edit::Draft(i) => stages.set(*i, "draft", on(true)),
        Edit::Number(i, n) => stages.set(*i, "stage", &n.to_string()),
        Edit::Add(i) => {
            let file = stage_file(*i);
            s.save(&file, &stage_text(*i, 20 + i));
            Some(file)
        }
        Edit::Remove(i) => {
            let file = stages.file(*i)?;
            std::fs::remove_file(s.root.join(&file)).unwrap();
            Some(file)
        }
        _ => Some(apply_elsewhere(s, edit, step)),
    }
}

/// The stage files of a session's site.
struct Stages<'s>(&'s Session);

impl Stages<'_> {
    /// Stage `i`'s file, if it is there.
    fn file(&self, i: usize) -> Option<String> {
        Some(stage_file(i)).filter(|f| self.0.root.join(f).exists())
    }

    fn append(&self, i: usize, more: &str) -> Option<String> {
        let file = self.file(i)?;
        self.0.save(&file, &format!("{}{more}", self.0.read(&file)));
        Some(file)
    }

    /// Sets front matter `key` (a key given twice is an error: its line is replaced).
    fn set(&self, i: usize, key: &str, value: &str) -> Option<String> {
        let file = self.file(i)?;
        let kept: String = (self.0.read(&file).lines())
            .filter(|l| !l.starts_with(&format!("{key} = ")))
            .map(|l| format!("{l}\n"))
            .collect();
        let line = format!("+++\n{key} = {value}\n");
        self.0.save(&file, &kept.replacen("+++\n", &line, 1));
        Some(file)
    }
}

/// Applies an edit of something else than a stage: a template, a static file, site.toml,
/// the standalone page or the home page. Returns the file it saved.
fn apply_elsewhere(s: &Session, edit: &Edit, step: usize) -> String {
    let replace = |file: &str, from: &str, to: &str| {
        s.save(file, &s.read(file).replacen(from, to, 1));
        file.to_string()
    };
    match edit {
        Edit::Template(t, asides) => {
            let (name, at) = TEMPLATES[*t];
            let file = format!("templates/{name}");
            s.save(&file, &template_text(name, at, *asides | 1 << (step % 12)));
            file
        }
        Edit::Static => {
            s.save("static/extra.css", &format!("p {{ margin: {step}px }}\n"));
            "static/extra.css".into()
        }
        Edit::Config => replace("site.toml", "title = \"", &format!("title = \"{step} ")),
        Edit::Page => replace("content/bonus.md", "title = \"", "title = \"More "),
        _ => {
            let text = s.read("content/_index.md");
            s.save("content/_index.md", &format!("{text}\nAgain {step}.\n"));
            "content/_index.md".into()
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
