//! HTML text: the one escaper for what roadsmith writes into HTML and XML itself (tera
//! escapes what templates print), and the print page's version of a stage's HTML.

use std::borrow::Cow;

/// Escapes `&`, `<`, `>` and `"`: safe in text and in double-quoted attribute values,
/// of HTML and of XML.
pub fn escape(text: &str) -> Cow<'_, str> {
    if !text.contains(['&', '"', '<', '>']) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 16);
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '"' => out.push_str("&quot;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            c => out.push(c),
        }
    }
    Cow::Owned(out)
}

/// A stage's HTML for the one-page print view: ids and in-page links prefixed with the
/// slug, so the stages' "#topics" do not clash, and headings `<h2>` to `<h5>` one level
/// down, below each stage's own `<h2>`. One pass from tag to tag.
pub fn for_print(slug: &str, html: &str) -> String {
    let mut out = String::with_capacity(html.len() + html.len() / 8);
    let bytes = html.as_bytes();
    let mut last = 0;
    for lt in memchr::memchr_iter(b'<', bytes) {
        if lt < last {
            continue;
        }
        let tag_end = memchr::memchr(b'>', &bytes[lt..]).map_or(bytes.len(), |i| lt + i);
        let tag = &bytes[lt..tag_end];
        // The heading level's digit, bumped by one.
        let digit = match tag {
            [b'<', b'h', d @ b'2'..=b'5', ..] => Some((lt + 2, *d)),
            [b'<', b'/', b'h', d @ b'2'..=b'5'] => Some((lt + 3, *d)),
            _ => None,
        };
        if let Some((at, d)) = digit {
            out.push_str(&html[last..at]);
            out.push(char::from(d + 1));
            last = at + 1;
        }
        // Attributes whose value gets the slug in front: ` id="…"`, ` href="#…"`.
        for eq in memchr::memchr_iter(b'=', tag) {
            let (name, value) = (&tag[..eq], &tag[eq + 1..]);
            let skip = if name.ends_with(b" id") && value.starts_with(b"\"") {
                2
            } else if name.ends_with(b" href") && value.starts_with(b"\"#") {
                3
            } else {
                continue;
            };
            let at = lt + eq + skip;
            out.push_str(&html[last..at]);
            out.push_str(slug);
            out.push('-');
            last = at;
        }
    }
    out.push_str(&html[last..]);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_the_four_characters() {
        assert_eq!(escape("plain"), "plain");
        assert!(matches!(escape("plain"), Cow::Borrowed(_)));
        assert_eq!(
            escape("<a href=\"x\">&amp;</a> é"),
            "&lt;a href=&quot;x&quot;&gt;&amp;amp;&lt;/a&gt; é"
        );
    }

    #[test]
    fn print_html_prefixes_ids_and_moves_headings_down() {
        let html = "<h2 id=\"topics\">Topics</h2>\n<p>See <a href=\"#topics\">x</a>, \
            <a href=\"https://a.b/#c\">y</a> and <code>h2 id=\"no\"</code></p>\n\
            <h3 id=\"sub\">Sub</h3><h5>5</h5><h6>6</h6><h1>1</h1><hr />\
            <ul>\n<li id=\"x\" data-kind=\"topic\">t</li>\n</ul>\n\
            <a href=\"#b\" id=\"a\">both</a>";
        assert_eq!(
            for_print("orm", html),
            "<h3 id=\"orm-topics\">Topics</h3>\n<p>See <a href=\"#orm-topics\">x</a>, \
            <a href=\"https://a.b/#c\">y</a> and <code>h2 id=\"no\"</code></p>\n\
            <h4 id=\"orm-sub\">Sub</h4><h6>5</h6><h6>6</h6><h1>1</h1><hr />\
            <ul>\n<li id=\"orm-x\" data-kind=\"topic\">t</li>\n</ul>\n\
            <a href=\"#orm-b\" id=\"orm-a\">both</a>"
        );
    }
}
