//! comrak output for the Markdown features authors use, as snapshots that must not drift.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use roadsmith::config::MarkdownConfig;
use roadsmith::content::Source;
use roadsmith::markdown::{Items, LinkTargets, Markdown};

fn render(config: &MarkdownConfig) -> roadsmith::markdown::Rendered {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/markdown/features.md");
    let body = std::fs::read_to_string(path).unwrap();
    let source = Source::new("content/features.md".into(), "", body, 1);
    let targets = LinkTargets {
        urls: HashMap::from([(PathBuf::from("04-orm.md"), "/repo/stages/orm/".to_string())]),
        base_path: "/repo/".into(),
    };
    Markdown::new(config)
        .render(&source, &targets, Items::None)
        .unwrap()
}

#[test]
fn markdown_features_render_as_expected() {
    let rendered = render(&MarkdownConfig::default());
    insta::assert_snapshot!(rendered.html);
    let ids: Vec<&str> = rendered.headings.iter().map(|h| h.id.as_str()).collect();
    assert_eq!(
        ids,
        ["topics", "topics-1"],
        "repeated headings get distinct ids"
    );
    assert_eq!(rendered.anchor_links.len(), 1);
    assert_eq!(rendered.anchor_links[0].line, 21);
}

#[test]
fn highlighting_can_be_turned_off() {
    let config = MarkdownConfig {
        highlight: false,
        ..MarkdownConfig::default()
    };
    let html = render(&config).html;
    assert!(!html.contains("hl-"));
    assert!(html.contains("<code class=\"language-python\">"));
}
