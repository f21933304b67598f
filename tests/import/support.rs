//! What the tests of `roadsmith import` share: importing a fixture and building it, and
//! finding every piece of its source in the site.

use std::path::{Path, PathBuf};

use serde_json::Value;
use tempfile::TempDir;

use crate::common::*;

pub fn fixture(name: &str) -> PathBuf {
    repo()
        .join("tests/fixtures/import")
        .join(format!("{name}.md"))
}

/// Imports a fixture into a new folder and builds it: the folder, import's output and
/// the built roadmap.json.
pub fn import_and_build(name: &str, extra: &[&str]) -> (TempDir, String, Value) {
    let dir = tempfile::tempdir().unwrap();
    let into = dir.path().join("site");
    let mut args: Vec<String> = vec![
        "import".into(),
        fixture(name).to_str().unwrap().into(),
        "--into".into(),
    ];
    args.push(into.to_str().unwrap().to_string());
    args.extend(extra.iter().map(|s| s.to_string()));
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    let out = roadsmith(&args);
    assert!(
        out.status.success(),
        "{name}: {}\n{}",
        stdout(&out),
        stderr(&out)
    );
    let built = build(&into, &[]);
    assert!(built.status.success(), "{name}: build: {}", stderr(&built));
    let json = roadmap_data(&into.join("public"));
    (dir, stdout(&out), json)
}

/// Each stage's (title, duration) in the built roadmap.
pub fn stages(json: &Value) -> Vec<(String, String)> {
    json["stages"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| {
            (
                s["title"].as_str().unwrap().into(),
                s["duration"].as_str().unwrap().into(),
            )
        })
        .collect()
}

/// Every content file of an imported site, one after another.
pub fn content(site: &Path) -> String {
    let mut all = String::new();
    for e in walkdir::WalkDir::new(site.join("content")) {
        let e = e.unwrap();
        if e.file_type().is_file() {
            all.push_str(&std::fs::read_to_string(e.path()).unwrap());
        }
    }
    all
}

/// URLs of Markdown links and images and of HTML `href`/`src`.
pub fn source_urls(text: &str) -> Vec<String> {
    let mut urls = Vec::new();
    for (open, close) in [("](", ')'), ("href=\"", '"'), ("src=\"", '"')] {
        for (i, _) in text.match_indices(open) {
            let rest = &text[i + open.len()..];
            urls.push(rest[..rest.find(close).unwrap()].to_string());
        }
    }
    urls
}

/// Header words of a table's time column: its cells become durations, not text.
pub const TIME_HEADERS: [&str; 4] = ["month", "week", "phase", "duration"];

/// The text between the tags of an HTML line, in pieces.
pub fn html_text(line: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut rest = line;
    while let Some(lt) = rest.find('<') {
        out.push(rest[..lt].to_string());
        rest = &rest[rest[lt..].find('>').map_or(rest.len(), |g| lt + g + 1)..];
    }
    out.push(rest.to_string());
    out.iter()
        .map(|p| p.trim().replace("&amp;", "&"))
        .filter(|p| !p.is_empty())
        .collect()
}

/// A table line's cells, split at `|` (the fixtures escape none).
pub fn table_cells(line: &str) -> Vec<String> {
    let t = line.trim().trim_start_matches('|').trim_end_matches('|');
    t.split('|').map(|c| c.trim().to_string()).collect()
}

/// What of a source line must be found in the site when the line itself is not: the
/// text of an HTML line, the non-time cells of a table row that became a stage (a cell's
/// `<br>`-separated parts one by one), the bold title of a numbered item.
pub fn pieces_of(line: &str, time_columns: &[usize]) -> Vec<String> {
    let t = line.trim();
    if t.starts_with('|') {
        let mut out = Vec::new();
        for (i, cell) in table_cells(t).iter().enumerate() {
            if time_columns.contains(&i) {
                continue;
            }
            for part in cell.split("<br>") {
                let part = part.trim().trim_start_matches('•').trim();
                out.push(part.to_string());
            }
        }
        return out;
    }
    if t.starts_with('<') {
        return html_text(t);
    }
    if let Some((n, rest)) = t.split_once(". **")
        && n.bytes().all(|b| b.is_ascii_digit())
    {
        let (title, after) = rest.split_once("**").unwrap();
        let after = after.trim();
        let after = after
            .strip_prefix('(')
            .map_or(after, |a| &a[a.find(')').unwrap() + 1..]);
        let after = after.trim_start_matches([' ', '–', ':']);
        return [title, after]
            .into_iter()
            .filter(|p| !p.is_empty())
            .map(String::from)
            .collect();
    }
    // A numbered item's lines are out-dented with it.
    vec![line.trim_start().to_string()]
}

/// Asserts that nothing of `name`'s source is lost: every URL (but the table of
/// contents' `#anchors`), every line of every code block, and every line of text but
/// the headings that became stage titles and `---` rules; of an HTML line, a table row
/// that became a stage and a numbered item that did, the text (see [`pieces_of`]).
pub fn assert_nothing_lost(name: &str, site: &Path) {
    let source = std::fs::read_to_string(fixture(name)).unwrap();
    let all = content(site);
    for url in source_urls(&source).iter().filter(|u| !u.starts_with('#')) {
        assert!(
            all.contains(&format!("{url})")) || all.contains(&format!("{url}\"")),
            "{name}: lost the URL {url}"
        );
    }
    let lines: Vec<&str> = source.lines().collect();
    let mut in_code = false;
    let mut time_columns = Vec::new();
    for (i, line) in lines.iter().enumerate() {
        let t = line.trim();
        if t.starts_with("```") {
            in_code = !in_code;
        }
        let delimiter = t.starts_with('|') && t.chars().all(|c| "|-: ".contains(c));
        let header = lines
            .get(i + 1)
            .is_some_and(|n| n.trim().starts_with("|-") || n.trim().starts_with("| -"));
        if t.starts_with('|') && header {
            time_columns = table_cells(t)
                .iter()
                .enumerate()
                .filter(|(_, c)| TIME_HEADERS.contains(&c.to_lowercase().as_str()))
                .map(|(i, _)| i)
                .collect();
        }
        let structural = !in_code
            && (t.is_empty()
                || t == "---"
                || t.starts_with('#')
                || t.starts_with("<h") && !t.starts_with("<hr")
                || t.starts_with("**") && t.ends_with("**")
                || t.ends_with("**:")
                || t.contains("](#")
                || delimiter
                || header && !all.contains(line));
        if structural || all.contains(line) {
            continue;
        }
        for piece in pieces_of(line, &time_columns) {
            assert!(
                all.contains(&piece),
                "{name}: lost {piece:?} of the line {line:?}"
            );
        }
    }
}

/// Lower-case words of `text`, each a run of letters and digits.
pub fn words(text: &str) -> Vec<String> {
    text.split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
        .collect()
}

/// Each stage's (number, title, duration) in the built roadmap.
pub fn numbered_stages(json: &Value) -> Vec<(i64, String, String)> {
    json["stages"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| {
            (
                s["number"].as_i64().unwrap(),
                s["title"].as_str().unwrap().to_string(),
                s["duration"].as_str().unwrap().to_string(),
            )
        })
        .collect()
}

/// Every item of a built site (stages', then pages'): its words, and the HTML of the
/// page it is on.
pub fn built_items(site: &Path, json: &Value) -> Vec<(Vec<String>, String)> {
    let mut items = Vec::new();
    let base = json["url"].as_str().unwrap();
    for group in ["stages", "pages"] {
        for page in json[group].as_array().unwrap() {
            let url = page["url"].as_str().unwrap().trim_start_matches(base);
            let html = read(&site.join("public").join(url), "index.html");
            for item in page["items"].as_array().unwrap() {
                items.push((words(item["text"].as_str().unwrap()), html.clone()));
            }
        }
    }
    items
}

/// A seed bullet's words without its link targets, and the URLs of its links.
pub fn bullet(text: &str) -> (Vec<String>, Vec<String>) {
    let (plain, urls) = split_links(text);
    (words(&plain), urls)
}

/// Whether `part` is a run of consecutive words of `whole`.
pub fn has_run(whole: &[String], part: &[String]) -> bool {
    whole.windows(part.len()).any(|run| run == part)
}
