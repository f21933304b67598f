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
        if names_one(line) {
            keep = spaces_shown_after(&line.to_ascii_lowercase(), keep);
        }
    }
    out
}

/// The elements whose spaces show: their names, how they open and how they close.
const SHOWN: [(&str, &str, &str); 2] = [
    ("pre", "<pre", "</pre"),
    ("textarea", "<textarea", "</textarea"),
];

/// Whether `line` may open or close one of the [`SHOWN`] elements: most lines name
/// neither, and are not looked at further.
fn names_one(line: &str) -> bool {
    let line = line.as_bytes();
    line.contains(&b'<')
        && (SHOWN.iter()).any(|(name, _, _)| {
            line.windows(name.len())
                .any(|w| w.eq_ignore_ascii_case(name.as_bytes()))
        })
}

/// The element whose spaces show (its place in [`SHOWN`]) still open after `line`
/// (lowercased), given the one open before it.
fn spaces_shown_after(line: &str, mut open: Option<usize>) -> Option<usize> {
    let mut at = 0;
    loop {
        match open {
            Some(k) => match line[at..].find(SHOWN[k].2) {
                Some(i) => {
                    at += i + SHOWN[k].2.len();
                    open = None;
                }
                None => return open,
            },
            None => {
                let next = (0..SHOWN.len())
                    .filter_map(|k| opening(&line[at..], SHOWN[k].1).map(|i| (i, k)))
                    .min();
                match next {
                    Some((i, k)) => {
                        at += i + SHOWN[k].1.len();
                        open = Some(k);
                    }
                    None => return None,
                }
            }
        }
    }
}

/// Where `tag` (`<name`) opens an element of that name in `text` (not `<prefix`, say).
fn opening(text: &str, tag: &str) -> Option<usize> {
    let mut from = 0;
    while let Some(i) = text[from..].find(tag) {
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
