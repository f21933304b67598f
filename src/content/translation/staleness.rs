//! Whether a translation is up to date with its source. A translation records the
//! source it was made from: `source`, the hash of the source's text (front matter and
//! body), and `source_sections`, a short hash of each of its sections (its front
//! matter's texts, the text before its first heading, each `#`/`##` section), so that a
//! stale translation says which sections changed. `roadsmith translations --accept`
//! writes both.

use std::path::Path;

use super::{RECORDED, RECORDED_SECTIONS, Translation};
use crate::content::{Content, Source, Which};
use crate::digest::Digester;
use crate::error::Diagnostic;

/// Where a translation stands against its source.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum State {
    /// Made from the source as it is.
    Current,
    /// The source changed since: the titles of the sections that did (empty when the
    /// translation recorded no sections).
    Stale(Vec<String>),
    /// The translation records no source.
    Unrecorded,
    /// There is no translation.
    Missing,
}

impl State {
    pub fn name(&self) -> &'static str {
        match self {
            State::Current => "current",
            State::Stale(_) => "stale",
            State::Unrecorded => "unrecorded",
            State::Missing => "missing",
        }
    }
}

/// A section of a source: its key (recorded in the translation), its title for people,
/// and the hash of its text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Section {
    pub key: String,
    pub title: String,
    pub hash: String,
}

/// The hash a translation records of its source's text.
pub fn source_hash(source: &Source) -> String {
    format!("{:016x}", source.text)
}

/// The sections of a file of the content: its translated front matter, the text
/// before its first heading, then one per `#` or `##` heading (outside code fences).
pub fn sections(content: &Content, which: Which) -> Vec<Section> {
    let source = content.source(which);
    let front: [Option<&str>; 4] = match which {
        Which::Home => [
            Some(&content.home.title),
            content.home.description.as_deref(),
            None,
            None,
        ],
        Which::Stage(i) => {
            let s = &content.stages[i];
            [
                Some(&s.title),
                s.summary.as_deref(),
                s.description.as_deref(),
                s.icon.as_deref(),
            ]
        }
        Which::Page(i) => {
            let p = &content.pages[i];
            [Some(&p.title), p.description.as_deref(), None, None]
        }
    };
    let mut d = Digester::new();
    front
        .iter()
        .for_each(|t| _ = d.add_str(t.unwrap_or("\u{0}")));
    let mut out = vec![Section {
        key: "_front".into(),
        title: "front matter".into(),
        hash: short(d.finish()),
    }];
    let mut title = "introduction".to_string();
    let mut key = "_intro".to_string();
    let mut text = String::new();
    let mut fence: Option<String> = None;
    for line in source.body.lines() {
        let trimmed = line.trim_start();
        if let Some(f) = &fence {
            if trimmed.starts_with(f.as_str()) {
                fence = None;
            }
        } else if trimmed.starts_with("```") || trimmed.starts_with("~~~") {
            fence = Some(trimmed[..3].to_string());
        } else if let Some(heading) = heading(trimmed) {
            push(&mut out, &key, &title, &text);
            title = heading.to_string();
            key = unique(&out, &crate::content::slugify(heading));
            text.clear();
            continue;
        }
        text.push_str(line.trim_end());
        text.push('\n');
    }
    push(&mut out, &key, &title, &text);
    out
}

/// The title of a `#` or `##` ATX heading.
fn heading(line: &str) -> Option<&str> {
    let rest = line
        .strip_prefix("## ")
        .or_else(|| line.strip_prefix("# "))?;
    Some(rest.trim().trim_end_matches('#').trim())
}

fn unique(out: &[Section], key: &str) -> String {
    let key = if key.is_empty() { "section" } else { key };
    let mut candidate = key.to_string();
    let mut n = 1;
    while out.iter().any(|s| s.key == candidate) {
        n += 1;
        candidate = format!("{key}-{n}");
    }
    candidate
}

fn push(out: &mut Vec<Section>, key: &str, title: &str, text: &str) {
    if key == "_intro" && text.trim().is_empty() {
        return;
    }
    let hash = short(Digester::new().add_str(text.trim()).finish());
    out.push(Section {
        key: key.to_string(),
        title: title.to_string(),
        hash,
    });
}

fn short(digest: u64) -> String {
    format!("{:08x}", digest >> 32)
}

/// Where the translation `t` of a file stands against the file as it is.
pub fn state(content: &Content, which: Which, t: Option<&Translation>) -> State {
    let Some(t) = t else {
        return State::Missing;
    };
    let Some(recorded) = &t.recorded else {
        return State::Unrecorded;
    };
    if *recorded == source_hash(content.source(which)) {
        return State::Current;
    }
    if t.recorded_sections.is_empty() {
        return State::Stale(Vec::new());
    }
    let now = sections(content, which);
    let mut changed: Vec<String> = (now.iter())
        .filter(|s| {
            !t.recorded_sections
                .iter()
                .any(|(k, h)| *k == s.key && *h == s.hash)
        })
        .map(|s| s.title.clone())
        .collect();
    let gone = (t.recorded_sections.iter())
        .filter(|(k, _)| !now.iter().any(|s| s.key == *k))
        .map(|(k, _)| format!("{k} (removed)"));
    changed.extend(gone);
    State::Stale(changed)
}

/// The text of translation file `text` recording `hash` and `sections` as its source:
/// `source` and `source_sections` set at the end of its front matter, the rest kept.
pub fn record(text: &str, hash: &str, sections: &[Section]) -> Option<String> {
    let split = crate::content::front_matter::split(text).ok()?;
    let kept: String = (split.front_matter.split_inclusive('\n'))
        .filter(|l| {
            let key = l.trim_start();
            ![RECORDED_SECTIONS, RECORDED].iter().any(|k| {
                key.strip_prefix(k)
                    .is_some_and(|rest| rest.trim_start().starts_with('='))
            })
        })
        .collect();
    let mut fm = kept;
    if !fm.is_empty() && !fm.ends_with('\n') {
        fm.push('\n');
    }
    fm.push_str(&format!("{RECORDED} = \"{hash}\"\n"));
    let listed: Vec<String> = (sections.iter())
        .map(|s| format!("{} = \"{}\"", toml_key(&s.key), s.hash))
        .collect();
    fm.push_str(&format!(
        "{RECORDED_SECTIONS} = {{ {} }}\n",
        listed.join(", ")
    ));
    let start = text.find(split.front_matter).unwrap_or(4);
    let end = start + split.front_matter.len();
    Some([&text[..start], &fm, &text[end..]].concat())
}

/// A bare key when it is one, else quoted.
fn toml_key(key: &str) -> String {
    let bare = key
        .bytes()
        .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_');
    if bare && !key.is_empty() {
        key.to_string()
    } else {
        format!("{key:?}")
    }
}

/// `roadsmith translations --accept FILE`: records in the translation at `path`
/// (relative to `root`) the source as it is now.
pub fn accept(
    root: &Path,
    path: &Path,
    content: &Content,
    t: &Translation,
) -> Result<(), Diagnostic> {
    let text = std::fs::read_to_string(root.join(path))
        .map_err(|e| Diagnostic::io(path, "read the translation", &e))?;
    let hash = source_hash(content.source(t.of));
    let new = record(&text, &hash, &sections(content, t.of))
        .ok_or_else(|| Diagnostic::new(path, "the file has no `+++` front matter"))?;
    std::fs::write(root.join(path), new)
        .map_err(|e| Diagnostic::io(path, "write the translation", &e))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn recording_keeps_the_rest_of_the_front_matter() {
        let text = "+++\ntitle = \"Bonjour\"\nsource = \"old\"\n+++\n# Corps\n";
        let sections = [Section {
            key: "_front".into(),
            title: "front matter".into(),
            hash: "0a0b0c0d".into(),
        }];
        let new = record(text, "1234", &sections).unwrap();
        assert_eq!(
            new,
            "+++\ntitle = \"Bonjour\"\nsource = \"1234\"\nsource_sections = { _front = \"0a0b0c0d\" }\n+++\n# Corps\n"
        );
        let again = record(&new, "5678", &sections).unwrap();
        assert!(again.contains("source = \"5678\"") && !again.contains("1234"));
        assert_eq!(again.matches("source_sections").count(), 1);
    }

    #[test]
    fn headings_in_code_fences_are_not_sections() {
        assert_eq!(heading("## Topics"), Some("Topics"));
        assert_eq!(heading("### Deeper"), None);
        assert_eq!(heading("#hashtag"), None);
    }
}
