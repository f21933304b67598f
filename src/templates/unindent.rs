//! An HTML template's lines without their indentation: what makes a template readable
//! to its author is only bytes to its readers (about 350 of a stage page's 10 KB). A
//! line break stays, so text on either side is still apart; lines in `<pre>` and
//! `<textarea>`, where spaces show, keep theirs. Lines keep their numbers, so an error's
//! line is still the template's.

/// `text` (an HTML template) with the spaces and tabs that start its lines taken out,
/// but within `<pre>` and `<textarea>` elements.
pub fn unindent(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut keep = None;
    for line in text.split_inclusive('\n') {
        out.push_str(match keep {
            Some(_) => line,
            None => line.trim_start_matches([' ', '\t']),
        });
        keep = spaces_shown_after(&line.to_ascii_lowercase(), keep);
    }
    out
}

/// The element whose spaces show (`pre` or `textarea`) still open after `line`
/// (lowercased), given the one open before it.
fn spaces_shown_after(line: &str, mut open: Option<&'static str>) -> Option<&'static str> {
    let mut at = 0;
    loop {
        match open {
            Some(name) => match line[at..].find(&format!("</{name}")) {
                Some(i) => {
                    at += i + 2 + name.len();
                    open = None;
                }
                None => return open,
            },
            None => {
                let next = ["pre", "textarea"]
                    .into_iter()
                    .filter_map(|name| opening(&line[at..], name).map(|i| (i, name)))
                    .min();
                match next {
                    Some((i, name)) => {
                        at += i + 1 + name.len();
                        open = Some(name);
                    }
                    None => return None,
                }
            }
        }
    }
}

/// Where `<name` opens an element of that name in `text` (not `<prefix`, say).
fn opening(text: &str, name: &str) -> Option<usize> {
    let tag = format!("<{name}");
    let mut from = 0;
    while let Some(i) = text[from..].find(&tag) {
        let at = from + i;
        let next = text[at + tag.len()..].chars().next();
        if next.is_none_or(|c| c == '>' || c == '/' || c.is_ascii_whitespace()) {
            return Some(at);
        }
        from = at + tag.len();
    }
    None
}

#[cfg(test)]
mod tests {
    use super::unindent;

    #[test]
    fn lines_lose_their_indentation_but_in_pre_and_textarea() {
        let template = "<ul>\n  <li>{{ a }}</li>\n\t<li>b</li>\n</ul>\n  <pre class=\"x\">\n    code\n  </pre>\n  <p>\n<textarea>\n  typed\n</textarea>  <prefix>\n    <i>x</i>\n";
        assert_eq!(
            unindent(template),
            "<ul>\n<li>{{ a }}</li>\n<li>b</li>\n</ul>\n<pre class=\"x\">\n    code\n  </pre>\n<p>\n<textarea>\n  typed\n</textarea>  <prefix>\n<i>x</i>\n"
        );
    }

    #[test]
    fn a_pre_closed_on_its_line_keeps_nothing_open() {
        assert_eq!(
            unindent("<PRE>a</PRE> <pre>\n  b\n</pre>\n  c"),
            "<PRE>a</PRE> <pre>\n  b\n</pre>\nc"
        );
    }
}
