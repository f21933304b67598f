use std::collections::HashMap;

use super::*;

fn sources(templates: &[(&str, &str)]) -> HashMap<String, String> {
    templates
        .iter()
        .map(|(n, t)| (n.to_string(), t.to_string()))
        .collect()
}

/// The reads of `main` among `templates`, with every variable defined.
fn reads_of(templates: &[(&str, &str)]) -> Reads {
    reads(&sources(templates), templates[0].0, &|_| true)
}

/// `var.a.b` style paths read, `*` for every element, `=` after a path read whole.
fn paths(reads: &Reads) -> Vec<String> {
    let Reads::Vars(vars) = reads else {
        return vec!["everything".into()];
    };
    let mut out = Vec::new();
    for (name, sel) in vars {
        walk_paths(name.clone(), sel, &mut out);
    }
    out
}

fn walk_paths(at: String, sel: &Selection, out: &mut Vec<String>) {
    if sel.whole {
        out.push(format!("{at}="));
        return;
    }
    if sel.fields.is_empty() && sel.each.is_none() {
        out.push(at.clone());
    }
    for (f, s) in &sel.fields {
        walk_paths(format!("{at}.{f}"), s, out);
    }
    if let Some(each) = &sel.each {
        walk_paths(format!("{at}.*"), each, out);
    }
}

#[test]
fn a_page_reads_the_fields_it_prints() {
    let r = reads_of(&[(
        "stage.html",
        "<h1>{{ stage.title }}</h1>{% if stage.summary %}<p>{{ stage.summary | upper }}</p>{% endif %}\
         {% for r in stage.requires %}<a href=\"{{ r.url }}\">{{ r.title }}</a>{% endfor %}\
         {{ prev.title ?? '' }}",
    )]);
    // `??` is not a token the analysis knows: it cannot cut the template.
    assert_eq!(r, Reads::Everything);
    let r = reads_of(&[(
        "stage.html",
        "<h1>{{ stage.title }}</h1>{% if stage.summary %}<p>{{ stage.summary | upper }}</p>{% endif %}\
         {% for r in stage.requires %}<a href=\"{{ r.url }}\">{{ r.title }}</a>{% endfor %}",
    )]);
    assert_eq!(
        paths(&r),
        [
            "r.title=",
            "r.url=",
            "stage.requires.*.title=",
            "stage.requires.*.url=",
            "stage.summary=",
            "stage.title=",
        ]
    );
}

#[test]
fn a_loop_over_every_stage_reads_what_its_body_prints_of_each() {
    let r = reads_of(&[(
        "index.html",
        "{% if stages %}{% for s in stages %}{{ s.title }}{% if s.optional %}*{% endif %}\
         {{ loop.index }}{% endfor %}{% endif %}{{ stages | length }}",
    )]);
    assert_eq!(
        paths(&r),
        [
            "loop.index=",
            "s.optional",
            "s.title=",
            "stages.*.optional",
            "stages.*.title=",
        ]
    );
}

#[test]
fn a_branch_the_context_rules_out_reads_nothing() {
    let text = "{% if home is defined %}{{ reader.items_version }}{% elif page is defined %}\
                {{ page.title }}{% else %}{{ site.title }}{% endif %}";
    let s = sources(&[("base.html", text)]);
    let on_a_stage = reads(&s, "base.html", &|n| n == "stage");
    assert_eq!(paths(&on_a_stage), ["home", "page", "site.title="]);
    let on_the_overview = reads(&s, "base.html", &|n| n == "home");
    assert_eq!(paths(&on_the_overview), ["home", "reader.items_version="]);
    // A name a template binds is not the context's to decide.
    let bound = sources(&[("b.html", &format!("{{% set home = 1 %}}{text}"))]);
    let r = reads(&bound, "b.html", &|n| n == "stage");
    assert!(paths(&r).contains(&"reader.items_version=".to_string()));
}

#[test]
fn names_bound_to_paths_read_those_paths_in_any_template() {
    let r = reads_of(&[
        (
            "page.html",
            "{% extends \"base.html\" %}{% block b %}{{ s.title }}{% endblock b %}",
        ),
        (
            "base.html",
            "{% set s = stage %}{% block b %}{% endblock b %}{% include \"part.html\" %}",
        ),
        ("part.html", "{{ total.label }}"),
    ]);
    assert_eq!(paths(&r), ["s.title=", "stage.title=", "total.label="]);
}

#[test]
fn an_index_that_is_not_a_string_reads_every_entry_and_the_index() {
    let r = reads_of(&[(
        "stage.html",
        "{{ reader.tracked[stage.slug] }}{{ reader[\"home_edit\"] }}{{ stages[0].title }}",
    )]);
    assert_eq!(
        paths(&r),
        [
            "reader.home_edit=",
            "reader.tracked.*=",
            "stage.slug=",
            "stages.*.title=",
        ]
    );
}

#[test]
fn what_it_cannot_follow_reads_everything() {
    for text in [
        "{{ __tera_context }}",
        "{% include name %}",
        "{% macro m() %}{% endmacro %}",
        "{{ unfinished ",
    ] {
        assert_eq!(reads_of(&[("t.html", text)]), Reads::Everything, "{text}");
    }
}

#[test]
fn filters_tests_and_functions_are_not_variables() {
    let r = reads_of(&[(
        "t.html",
        "{{ stage.title | truncate(length=n) }}{% if stage.icon is string %}x{% endif %}\
         {% for i in range(end=3) %}{{ i }}{% endfor %}{{ super() }}",
    )]);
    assert_eq!(paths(&r), ["i=", "n=", "stage.icon=", "stage.title="]);
}

#[test]
fn a_component_is_read_wherever_it_may_be_called() {
    let r = reads_of(&[
        ("t.html", "{{ <Card title=stage.title /> }}"),
        (
            "components.html",
            "{% component Card(title) %}{{ title }}{{ total.label }}{% endcomponent Card %}",
        ),
    ]);
    let p = paths(&r);
    assert!(p.contains(&"stage.title=".to_string()), "{p:?}");
    assert!(p.contains(&"total.label=".to_string()), "{p:?}");
}

#[test]
fn a_loop_over_a_list_of_paths_reads_them_whole() {
    // The default theme's timeline.html draws the wide and the narrow timeline so.
    let r = reads_of(&[(
        "timeline.html",
        "{% for t in [timeline, timeline.narrow] %}{{ t.width }}{% endfor %}{{ timeline.tracks | length }}",
    )]);
    let got = paths(&r);
    assert!(
        got == ["everything"] || got.iter().any(|p| p == "timeline="),
        "{got:?}"
    );
}
