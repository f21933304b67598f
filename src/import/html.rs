//! Raw HTML in a roadmap document: `<h2>Week 1</h2>` alone on a line read as a heading,
//! and `<ul>`/`<ol>` lists made Markdown lists.
//!
//! A strict tiny converter, chosen over an HTML parser crate: none is in the dependency
//! tree, and one would bring a whole DOM for the handful of tags a list of links uses.
//! It knows `ul`, `ol`, `li`, `a href`, `b`/`strong`, `i`/`em`, `code` and the common
//! entities, nothing else: any other tag or attribute, a comment, or text that Markdown
//! would read as markup makes it give up (`None`), and the HTML is kept as written.

/// One piece of HTML: a start tag with its attributes, an end tag, or text.
#[derive(Debug, Clone, PartialEq)]
enum Tok<'a> {
    Open(String, Vec<(String, String)>),
    Close(String),
    Text(&'a str),
}

/// The attributes of a start tag, `rest` being what follows its name; `None` when they
/// do not read cleanly.
fn attributes(rest: &str) -> Option<Vec<(String, String)>> {
    let mut out = Vec::new();
    let mut s = rest.trim_start();
    while !s.is_empty() {
        let name_end = s
            .find(|c: char| c == '=' || c.is_whitespace())
            .unwrap_or(s.len());
        let name = s[..name_end].to_ascii_lowercase();
        if name.is_empty() || !name.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-') {
            return None;
        }
        s = s[name_end..].trim_start();
        let Some(v) = s.strip_prefix('=') else {
            out.push((name, String::new()));
            continue;
        };
        let v = v.trim_start();
        let quote = v.chars().next().filter(|c| *c == '"' || *c == '\'')?;
        let end = v[1..].find(quote)? + 1;
        out.push((name, decode(&v[1..end])?));
        s = v[end + 1..].trim_start();
    }
    Some(out)
}

fn tokens(html: &str) -> Option<Vec<Tok<'_>>> {
    let mut out = Vec::new();
    let mut rest = html;
    while !rest.is_empty() {
        let Some(lt) = rest.find('<') else {
            out.push(Tok::Text(rest));
            break;
        };
        if lt > 0 {
            out.push(Tok::Text(&rest[..lt]));
        }
        let gt = rest[lt..].find('>')? + lt;
        let tag = rest[lt + 1..gt].trim_end_matches('/').trim_end();
        rest = &rest[gt + 1..];
        if let Some(name) = tag.strip_prefix('/') {
            out.push(Tok::Close(name.trim().to_ascii_lowercase()));
            continue;
        }
        let name_end = tag
            .find(|c: char| !c.is_ascii_alphanumeric())
            .unwrap_or(tag.len());
        if name_end == 0 {
            return None; // a comment, a doctype, a stray "<"
        }
        let attrs = attributes(&tag[name_end..])?;
        out.push(Tok::Open(tag[..name_end].to_ascii_lowercase(), attrs));
    }
    Some(out)
}

/// Text with its entities decoded; `None` for an entity it does not know.
fn decode(text: &str) -> Option<String> {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(i) = rest.find('&') {
        out.push_str(&rest[..i]);
        let end = rest[i..].find(';')? + i;
        out.push(match &rest[i + 1..end] {
            "amp" => '&',
            "lt" => '<',
            "gt" => '>',
            "quot" => '"',
            "#39" | "apos" => '\'',
            "nbsp" => ' ',
            _ => return None,
        });
        rest = &rest[end + 1..];
    }
    out.push_str(rest);
    Some(out)
}

/// Text that reads the same in Markdown, whitespace collapsed; `None` when Markdown
/// would read some of it as markup.
fn plain(text: &str) -> Option<String> {
    let t = decode(text)?;
    if t.contains(['*', '_', '`', '[', ']', '\\', '<', '>', '|', '~']) {
        return None;
    }
    let mut out = String::with_capacity(t.len());
    let mut space = false;
    for c in t.chars() {
        if c.is_whitespace() {
            space = true;
        } else {
            if space && !out.is_empty() {
                out.push(' ');
            }
            space = false;
            out.push(c);
        }
    }
    if t.starts_with(char::is_whitespace) && !out.is_empty() {
        out.insert(0, ' ');
    }
    if space && !out.is_empty() {
        out.push(' ');
    }
    Some(out)
}

/// `<h1>`..`<h6>` alone on a line: its level and its text without tags.
pub fn heading(line: &str) -> Option<(u8, String)> {
    let t = line.trim();
    let toks = tokens(t)?;
    let (Some(Tok::Open(open, _)), Some(Tok::Close(close))) = (toks.first(), toks.last()) else {
        return None;
    };
    let level = open.strip_prefix('h')?.parse::<u8>().ok()?;
    if !(1..=6).contains(&level) || open != close || toks.len() < 3 {
        return None;
    }
    let mut text = String::new();
    for tok in &toks[1..toks.len() - 1] {
        if let Tok::Text(s) = tok {
            text.push_str(&decode(s)?);
        }
    }
    let text = text.split_whitespace().collect::<Vec<_>>().join(" ");
    (!text.is_empty()).then_some((level, text))
}

fn skip_space(toks: &[Tok<'_>], pos: &mut usize) {
    while matches!(toks.get(*pos), Some(Tok::Text(s)) if s.trim().is_empty()) {
        *pos += 1;
    }
}

/// `html`, one `<ul>` or `<ol>` and nothing else, as a Markdown list; `None` when it
/// does not convert cleanly.
pub fn list(html: &str) -> Option<String> {
    let toks = tokens(html.trim())?;
    let mut pos = 0;
    let mut out = String::new();
    list_at(&toks, &mut pos, 0, &mut out)?;
    skip_space(&toks, &mut pos);
    (pos == toks.len()).then_some(out)
}

/// The list starting at `pos`, each item indented by `indent` spaces.
fn list_at(toks: &[Tok<'_>], pos: &mut usize, indent: usize, out: &mut String) -> Option<()> {
    skip_space(toks, pos);
    let Some(Tok::Open(name, attrs)) = toks.get(*pos) else {
        return None;
    };
    if !(name == "ul" || name == "ol") || !attrs.is_empty() {
        return None;
    }
    *pos += 1;
    let mut n = 1;
    loop {
        skip_space(toks, pos);
        match toks.get(*pos)? {
            Tok::Close(c) if c == name => {
                *pos += 1;
                return Some(());
            }
            Tok::Open(li, a) if li == "li" && a.is_empty() => {
                *pos += 1;
                let marker = if name == "ol" {
                    format!("{n}. ")
                } else {
                    "- ".into()
                };
                item(toks, pos, indent, &marker, out)?;
                n += 1;
            }
            _ => return None,
        }
    }
}

/// One `<li>`'s content up to its `</li>`: inline text, then nested lists.
fn item(
    toks: &[Tok<'_>],
    pos: &mut usize,
    indent: usize,
    marker: &str,
    out: &mut String,
) -> Option<()> {
    let mut text = String::new();
    let mut nested = String::new();
    // Open inline tags, with what closes each in Markdown.
    let mut open: Vec<(String, String)> = Vec::new();
    loop {
        match toks.get(*pos)? {
            Tok::Text(s) if nested.is_empty() => text.push_str(&plain(s)?),
            Tok::Text(s) if s.trim().is_empty() => {}
            Tok::Open(n, _) if (n == "ul" || n == "ol") && open.is_empty() => {
                list_at(toks, pos, indent + marker.len(), &mut nested)?;
                continue;
            }
            Tok::Open(n, attrs) if nested.is_empty() => {
                let close = inline_open(n, attrs, &mut text)?;
                open.push((n.clone(), close));
            }
            Tok::Close(n) if n == "li" && open.is_empty() => {
                *pos += 1;
                break;
            }
            Tok::Close(n) => {
                let (name, close) = open.pop()?;
                if name != *n {
                    return None;
                }
                text.push_str(&close);
            }
            _ => return None,
        }
        *pos += 1;
    }
    let text = text.trim();
    if text.is_empty() || text.starts_with(['#', '+', '-', '=']) {
        return None;
    }
    out.push_str(&" ".repeat(indent));
    out.push_str(marker);
    out.push_str(text);
    out.push('\n');
    out.push_str(&nested);
    Some(())
}

/// Writes the Markdown that opens an inline tag; returns what closes it.
fn inline_open(name: &str, attrs: &[(String, String)], text: &mut String) -> Option<String> {
    let (opening, closing) = match name {
        "b" | "strong" => ("**".to_string(), "**".to_string()),
        "i" | "em" => ("*".to_string(), "*".to_string()),
        "code" => ("`".to_string(), "`".to_string()),
        "a" => {
            let mut href = None;
            for (k, v) in attrs {
                match k.as_str() {
                    "href" => href = Some(v.as_str()),
                    "target" | "rel" => {}
                    _ => return None,
                }
            }
            let href = href.filter(|h| !h.is_empty() && !h.contains(['(', ')', ' ', '<', '>']))?;
            ("[".to_string(), format!("]({href})"))
        }
        _ => return None,
    };
    if name != "a" && !attrs.is_empty() {
        return None;
    }
    text.push_str(&opening);
    Some(closing)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn clean_lists_become_markdown() {
        let html = "<ul>\n  <li><a href=\"https://a.example/x\">MDN &amp; more</a></li>\n  <li><b>Grid</b> and <em>flex</em>, <code>display</code>\n    <ol><li>one</li><li>two</li></ol>\n  </li>\n</ul>";
        assert_eq!(
            list(html).as_deref(),
            Some(
                "- [MDN & more](https://a.example/x)\n- **Grid** and *flex*, `display`\n  1. one\n  2. two\n"
            )
        );
    }

    #[test]
    fn anything_unexpected_keeps_the_html() {
        for html in [
            "<ul><li style=\"color:red\">x</li></ul>",
            "<ul><li><span>x</span></li></ul>",
            "<ul><li>snake_case</li></ul>",
            "<ul><li>x</li></ul><p>after</p>",
            "<ul><!-- c --><li>x</li></ul>",
            "<ul><li>x</li>",
            "<ul><li></li></ul>",
            "<ul><li><b>x</i></li></ul>",
            "<ul><li>&copy;</li></ul>",
        ] {
            assert_eq!(list(html), None, "{html}");
        }
    }

    #[test]
    fn html_headings() {
        assert_eq!(heading("<h2>Week 1</h2>"), Some((2, "Week 1".into())));
        assert_eq!(
            heading(" <h3 align=\"center\"><b>Month 2</b> &amp; more</h3>"),
            Some((3, "Month 2 & more".into()))
        );
        assert_eq!(heading("<h2>Week 1</h3>"), None);
        assert_eq!(heading("<p>Week 1</p>"), None);
        assert_eq!(heading("<h7>x</h7>"), None);
    }
}
