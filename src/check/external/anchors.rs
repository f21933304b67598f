//! Anchors of an external HTML page: the ids (and `<a name>`s) a `#fragment` can point
//! at, and which fragments point at no anchor at all, so are not looked for: text
//! fragments (`#:~:text=`), client-side routes (`#/docs`, `#!`), GitHub's line numbers.

use std::collections::HashSet;

/// Whether `fragment` of a link to `host` names an anchor to look for in the page.
pub(super) fn is_anchor(fragment: &str, host: &str) -> bool {
    if fragment.is_empty()
        || fragment.eq_ignore_ascii_case("top")
        || fragment.contains(":~:")
        || fragment.starts_with('/')
        || fragment.starts_with('!')
    {
        return false;
    }
    let github_line = || {
        let mut parts = fragment.split('-');
        parts.all(|p| {
            p.strip_prefix('L')
                .is_some_and(|n| !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()))
        })
    };
    !(host.ends_with("github.com") && github_line())
}

/// Whether `ids` has the anchor `fragment` names (percent-decoded). GitHub shows
/// rendered Markdown with `user-content-` before each heading's id, and its script
/// finds `#name` there.
pub(super) fn has(ids: &HashSet<String>, fragment: &str) -> bool {
    let decoded = crate::url::decode(fragment);
    [fragment, decoded.as_ref()]
        .iter()
        .any(|f| ids.contains(*f) || ids.contains(&format!("user-content-{f}")))
}

/// Every `id` and `name` attribute value of the tags of `html`.
pub(super) fn ids(html: &str) -> HashSet<String> {
    let mut ids = HashSet::new();
    let mut rest = html;
    while let Some(start) = rest.find('<') {
        rest = &rest[start + 1..];
        if let Some(comment) = rest.strip_prefix("!--") {
            rest = comment.find("-->").map_or("", |end| &comment[end + 3..]);
            continue;
        }
        let end = tag_end(rest);
        let tag = &rest[..end];
        rest = &rest[end..];
        // Past the tag's name, each attribute in turn.
        let mut attrs = tag.trim_start_matches(|c: char| !c.is_whitespace() && c != '/');
        while let Some((name, value, after)) = attribute(attrs) {
            if name.eq_ignore_ascii_case("id") || name.eq_ignore_ascii_case("name") {
                ids.insert(unescape(value));
            }
            attrs = after;
        }
    }
    ids
}

/// Where the tag that `rest` starts in ends: its `>`, outside quotes.
fn tag_end(rest: &str) -> usize {
    let mut quote = None;
    for (i, c) in rest.char_indices() {
        match (quote, c) {
            (None, '"' | '\'') => quote = Some(c),
            (Some(q), c) if c == q => quote = None,
            (None, '>') => return i,
            _ => {}
        }
    }
    rest.len()
}

/// The first attribute of `text` (`name="value"`, `name='value'`, `name=value` or
/// `name`), and what follows it.
fn attribute(text: &str) -> Option<(&str, &str, &str)> {
    let text = text.trim_start_matches(|c: char| c.is_whitespace() || c == '/');
    if text.is_empty() {
        return None;
    }
    let name_end = text
        .find(|c: char| c.is_whitespace() || c == '=' || c == '/')
        .unwrap_or(text.len());
    let (name, rest) = text.split_at(name_end);
    let Some(value) = rest.trim_start().strip_prefix('=') else {
        return Some((name, "", rest));
    };
    let value = value.trim_start();
    match value.chars().next() {
        Some(q @ ('"' | '\'')) => {
            let body = &value[1..];
            let end = body.find(q).unwrap_or(body.len());
            Some((name, &body[..end], body.get(end + 1..).unwrap_or("")))
        }
        _ => {
            let end = value.find(char::is_whitespace).unwrap_or(value.len());
            Some((name, &value[..end], &value[end..]))
        }
    }
}

/// The character references an id is likely to hold.
fn unescape(value: &str) -> String {
    if !value.contains('&') {
        return value.to_string();
    }
    value
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&#x27;", "'")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&amp;", "&")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_and_names_are_read_from_every_tag() {
        let html = r#"<!doctype html><h2 id="intro">x</h2><!-- <p id="hidden"> -->
            <a name=old-anchor href="/x">y</a><div data-id="no" ID='Caps' title="a > b" id="after">
            <section id="q&amp;a"/><p id=""></p>"#;
        let ids = ids(html);
        for id in ["intro", "old-anchor", "Caps", "after", "q&a"] {
            assert!(ids.contains(id), "{id} in {ids:?}");
        }
        assert!(!ids.contains("hidden"), "comments hold no anchors");
        assert!(!ids.contains("no"), "data-id is not an id");
    }

    #[test]
    fn fragments_are_matched_decoded_and_as_github_writes_them() {
        let ids: HashSet<String> = ["caf\u{e9}", "user-content-install"]
            .map(String::from)
            .into();
        assert!(has(&ids, "caf%C3%A9"));
        assert!(has(&ids, "install"));
        assert!(!has(&ids, "missing"));
    }

    #[test]
    fn only_fragments_that_name_anchors_are_looked_for() {
        assert!(is_anchor("section-2", "example.com"));
        assert!(is_anchor("L10", "example.com"));
        assert!(!is_anchor("L10", "github.com"));
        assert!(!is_anchor("L10-L20", "github.com"));
        assert!(is_anchor("license", "github.com"));
        for f in ["", "top", ":~:text=hello", "/docs/intro", "!/route"] {
            assert!(!is_anchor(f, "example.com"), "{f}");
        }
    }
}
