//! The tokens of a tera template's tags, for [`super::reads`]: what is between `{{ }}`
//! and `{% %}`, comments and `{% raw %}` blocks left out. It only has to cut a template
//! tera already accepted; what it cannot cut it reports, and the template is then taken
//! to read everything.

/// A token of a tag.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Token<'t> {
    /// `{{` (an expression) or `{%` (a statement).
    Open(Tag),
    /// `}}` or `%}`.
    Close,
    Ident(&'t str),
    /// A string's text, without its quotes (escapes left as they are).
    Str(&'t str),
    Number,
    Punct(&'static str),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Tag {
    Expression,
    Statement,
}

/// A template's tokens kept without borrowing its text (names and strings as their
/// place in it), so that each template is cut once ([`super::reads::Cut`]).
pub struct Kept(Vec<KeptToken>);

enum KeptToken {
    Token(Token<'static>),
    Ident(std::ops::Range<usize>),
    Str(std::ops::Range<usize>),
}

impl Kept {
    /// `tokens`, cut from `text`.
    pub fn new(text: &str, tokens: &[Token]) -> Kept {
        let start = text.as_ptr() as usize;
        let place = |s: &str| {
            let at = s.as_ptr() as usize - start;
            at..at + s.len()
        };
        Kept(
            (tokens.iter())
                .map(|t| match *t {
                    Token::Ident(s) => KeptToken::Ident(place(s)),
                    Token::Str(s) => KeptToken::Str(place(s)),
                    Token::Open(tag) => KeptToken::Token(Token::Open(tag)),
                    Token::Close => KeptToken::Token(Token::Close),
                    Token::Number => KeptToken::Token(Token::Number),
                    Token::Punct(p) => KeptToken::Token(Token::Punct(p)),
                })
                .collect(),
        )
    }

    /// The tokens again, `text` being the text they were cut from.
    pub fn tokens<'t>(&self, text: &'t str) -> Vec<Token<'t>> {
        (self.0.iter())
            .map(|t| match t {
                KeptToken::Token(t) => t.clone(),
                KeptToken::Ident(r) => Token::Ident(&text[r.clone()]),
                KeptToken::Str(r) => Token::Str(&text[r.clone()]),
            })
            .collect()
    }
}

/// Operators and punctuation, longest first.
const PUNCTS: [&str; 30] = [
    "...", "==", "!=", "<=", ">=", "//", "**", "?.", "?[", "</", "+", "-", "*", "/", "%", "!", ".",
    ",", ":", "~", "|", "=", ">", "<", "(", ")", "[", "]", "{", "}",
];
// `@` (decorators of components) is read as punctuation too.
const AT: &str = "@";

/// The tokens of every tag of `text`, or `None` when it cannot tell where a tag ends.
pub fn tokens(text: &str) -> Option<Vec<Token<'_>>> {
    let mut out = Vec::new();
    let mut rest = text;
    while let Some(at) = next_open(rest) {
        let open = &rest[at..at + 2];
        rest = &rest[at + 2..];
        match open {
            "{#" => rest = &rest[rest.find("#}")? + 2..],
            "{%" if raw_tag(rest, "raw").is_some() => {
                rest = &rest[raw_tag(rest, "raw")?..];
                rest = skip_raw(rest)?;
            }
            _ => {
                let tag = if open == "{{" {
                    Tag::Expression
                } else {
                    Tag::Statement
                };
                out.push(Token::Open(tag));
                rest = rest.strip_prefix('-').unwrap_or(rest);
                rest = tag_tokens(rest, tag, &mut out)?;
                out.push(Token::Close);
            }
        }
    }
    Some(out)
}

fn next_open(text: &str) -> Option<usize> {
    let bytes = text.as_bytes();
    (0..bytes.len().saturating_sub(1))
        .find(|&i| bytes[i] == b'{' && matches!(bytes[i + 1], b'{' | b'%' | b'#'))
}

/// After `{%`: the length up to the end of `{% name %}` (whitespace control allowed).
fn raw_tag(rest: &str, name: &str) -> Option<usize> {
    let after = rest.strip_prefix('-').unwrap_or(rest);
    let after = after.trim_start().strip_prefix(name)?;
    let after = after.trim_start();
    let after = after.strip_prefix('-').unwrap_or(after);
    let after = after.strip_prefix("%}")?;
    Some(rest.len() - after.len())
}

/// Past the `{% endraw %}` that ends a raw block.
fn skip_raw(mut rest: &str) -> Option<&str> {
    loop {
        let at = rest.find("{%")?;
        rest = &rest[at + 2..];
        if let Some(len) = raw_tag(rest, "endraw") {
            return Some(&rest[len..]);
        }
    }
}

/// The tokens up to the end of a tag; returns what follows it.
fn tag_tokens<'t>(mut rest: &'t str, tag: Tag, out: &mut Vec<Token<'t>>) -> Option<&'t str> {
    let close = match tag {
        Tag::Expression => "}}",
        Tag::Statement => "%}",
    };
    // `}}` inside a map literal (`{"a": {"b": 1}}`) closes maps, not the tag.
    let mut braces = 0usize;
    loop {
        rest = rest.trim_start();
        if braces == 0 {
            if let Some(after) = rest.strip_prefix(close) {
                return Some(after);
            }
            if let Some(after) = rest.strip_prefix('-').and_then(|r| r.strip_prefix(close)) {
                return Some(after);
            }
        }
        let c = rest.chars().next()?;
        let len = if matches!(c, '"' | '\'' | '`') {
            let len = string_len(rest, c)?;
            out.push(Token::Str(&rest[1..len - 1]));
            len
        } else if c.is_ascii_digit() {
            out.push(Token::Number);
            number_len(rest)
        } else if c.is_alphabetic() || c == '_' {
            let len = rest
                .find(|c: char| !(c.is_alphanumeric() || c == '_'))
                .unwrap_or(rest.len());
            out.push(Token::Ident(&rest[..len]));
            len
        } else if let Some(p) = PUNCTS.iter().find(|p| rest.starts_with(**p)) {
            match *p {
                "{" => braces += 1,
                "}" => braces = braces.checked_sub(1)?,
                _ => {}
            }
            out.push(Token::Punct(p));
            p.len()
        } else if c == '@' {
            out.push(Token::Punct(AT));
            1
        } else {
            return None;
        };
        rest = &rest[len..];
    }
}

/// The length of the string that starts `text`, quotes included.
fn string_len(text: &str, quote: char) -> Option<usize> {
    let mut escaped = false;
    for (i, c) in text.char_indices().skip(1) {
        match c {
            _ if escaped => escaped = false,
            '\\' => escaped = true,
            c if c == quote => return Some(i + c.len_utf8()),
            _ => {}
        }
    }
    None
}

/// The length of the number that starts `text`: digits, `_`, a fraction, an exponent.
fn number_len(text: &str) -> usize {
    let bytes = text.as_bytes();
    let mut i = 0;
    let digits = |i: &mut usize| {
        while *i < bytes.len() && (bytes[*i].is_ascii_digit() || bytes[*i] == b'_') {
            *i += 1;
        }
    };
    digits(&mut i);
    if i + 1 < bytes.len() && bytes[i] == b'.' && bytes[i + 1].is_ascii_digit() {
        i += 1;
        digits(&mut i);
    }
    if i < bytes.len() && matches!(bytes[i], b'e' | b'E') {
        let mut j = i + 1;
        if j < bytes.len() && matches!(bytes[j], b'+' | b'-') {
            j += 1;
        }
        if j < bytes.len() && bytes[j].is_ascii_digit() {
            i = j;
            digits(&mut i);
        }
    }
    i
}

#[cfg(test)]
mod tests {
    use super::Token::*;
    use super::*;

    #[test]
    fn tags_are_cut_into_tokens_and_text_comments_and_raw_blocks_left_out() {
        let text = "<p>{{- stage.title | upper -}}</p>{# {{ hidden }} #}\
                    {% raw %}{{ raw }}{% endraw %}{%- if a != \"%}\" %}x{% endif %}";
        assert_eq!(
            tokens(text).unwrap(),
            [
                Open(Tag::Expression),
                Ident("stage"),
                Punct("."),
                Ident("title"),
                Punct("|"),
                Ident("upper"),
                Close,
                Open(Tag::Statement),
                Ident("if"),
                Ident("a"),
                Punct("!="),
                Str("%}"),
                Close,
                Open(Tag::Statement),
                Ident("endif"),
                Close,
            ]
        );
    }

    #[test]
    fn numbers_and_escaped_quotes() {
        assert_eq!(
            tokens(r#"{{ 1.5e3 + x["a\"b"] }}"#).unwrap(),
            [
                Open(Tag::Expression),
                Number,
                Punct("+"),
                Ident("x"),
                Punct("["),
                Str(r#"a\"b"#),
                Punct("]"),
                Close,
            ]
        );
    }

    #[test]
    fn braces_of_map_literals_do_not_close_the_tag() {
        let t = tokens(r#"{{ {"a": {"b": x}} }}"#).unwrap();
        assert_eq!(t.last(), Some(&Close));
        assert!(t.contains(&Ident("x")));
    }

    #[test]
    fn an_unfinished_tag_cannot_be_cut() {
        assert_eq!(tokens("{{ x "), None);
        assert_eq!(tokens("{{ 'x }}"), None);
        assert_eq!(tokens("{# x"), None);
    }
}
