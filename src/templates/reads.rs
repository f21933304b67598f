//! What a template reads of its context, found from the template itself: every
//! variable it names, with the fields, elements and keys it reaches, in the template,
//! what it extends and includes, and the components of the theme. `serve` digests only
//! those parts of an output's values (see [`crate::digest`]), so a change writes again
//! exactly the outputs that show it, whatever the theme shows where.
//!
//! The analysis may read more than a template does, never less:
//!
//! - A name is read from the context wherever it is used, and, when some `set` or `for`
//!   of the templates binds it to a path (`{% set s = stage %}`, `{% for s in stages %}`),
//!   that path is read too, whatever the scope.
//! - A path is read as far as it is written (`stage.title`, `reader.tracked[...]`); an
//!   index that is not a string (`stages[0]`, `x[stage.slug]`) reads every element; what
//!   a filter or an operator takes is read whole; `| length`, `is defined`, `is none`
//!   and a path standing alone as a condition read only its shape (kind, length, and the
//!   value of a string or number).
//! - A branch `{% if x is defined %}` (or `is not defined`, `is undefined`) is left out
//!   when the output's context decides it and nothing binds `x`.
//! - A tag it does not know, a name it cannot follow (`__tera_context`, an `include` of
//!   a variable), or text it cannot cut: the template reads everything.

mod walk;

use std::collections::{BTreeMap, HashMap, HashSet};

use super::lexer::{self, Kept, Tag, Token};
use crate::digest::Selection;

/// What drawing a template reads of its context.
#[derive(Debug, Clone, PartialEq)]
pub enum Reads {
    /// Anything: the analysis could not follow it.
    Everything,
    /// These variables, each with what of it.
    Vars(BTreeMap<String, Selection>),
}

impl Reads {
    /// What is read of variable `name`: `None` for nothing.
    pub fn of(&self, name: &str) -> Option<&Selection> {
        match self {
            Reads::Everything => Some(&crate::digest::WHOLE),
            Reads::Vars(vars) => vars.get(name),
        }
    }
}

/// A path from a variable: fields and elements.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Step {
    Field(String),
    Each,
}

/// What a name stands for where a `set` or a `for` binds it.
#[derive(Debug, Clone)]
struct Alias {
    root: String,
    path: Vec<Step>,
    /// A map's key (`for k, v in map`): reading it reads the whole map.
    whole: bool,
}

/// One template's tokens and what it names of other templates.
struct Parsed {
    /// `None`: it could not be cut into tokens.
    tokens: Option<Kept>,
    extends: Option<String>,
    includes: Vec<String>,
    /// It includes a template by a name it computes.
    dynamic_include: bool,
    defines_components: bool,
}

/// Every template cut into tokens once, with what it names of other templates: the
/// reads of each kind of page (asked for with different variables) and the digest of
/// what draws it walk the same tokens. Cutting every template again for each was most
/// of the analysis (callgrind, 10 templates: 4 calls, 1.4M instructions each).
pub struct Cut(HashMap<String, Parsed>);

impl Cut {
    pub fn new(sources: &HashMap<String, String>) -> Cut {
        Cut((sources.iter())
            .map(|(n, text)| (n.clone(), parse(text)))
            .collect())
    }

    /// The reads of the template `name` drawn with a context of the variables
    /// `defined`; `sources` are the templates this was cut from.
    pub fn reads(
        &self,
        sources: &HashMap<String, String>,
        name: &str,
        defined: &dyn Fn(&str) -> bool,
    ) -> Reads {
        let Some(names) = closure(&self.0, name) else {
            return Reads::Everything;
        };
        let mut all = Vec::new();
        for n in &names {
            match (&self.0[*n].tokens, sources.get(*n)) {
                (Some(kept), Some(text)) => all.push(kept.tokens(text)),
                _ => return Reads::Everything,
            }
        }
        let all: Vec<&[Token]> = all.iter().map(Vec::as_slice).collect();
        let (aliases, bound) = walk::bindings(&all);
        let mut walker = walk::Walker::new(&aliases, &bound, defined);
        for tokens in all {
            walker.walk(tokens);
        }
        walker.finish()
    }

    /// The template names `name` uses (see [`closure`]), for the digest of what draws
    /// an output; `None` when they cannot be told (then every template counts).
    pub fn used_templates(&self, name: &str) -> Option<Vec<String>> {
        closure(&self.0, name).map(|names| names.into_iter().map(String::from).collect())
    }
}

/// The reads of the template `name` drawn with a context of the variables `defined`,
/// `sources` being every template by name.
pub fn reads(
    sources: &HashMap<String, String>,
    name: &str,
    defined: &dyn Fn(&str) -> bool,
) -> Reads {
    Cut::new(sources).reads(sources, name, defined)
}

/// The templates drawing `name` uses: itself, what it extends and includes, and every
/// template that defines components (a component may be called from anywhere).
/// `None` when one of them cannot be told.
fn closure<'s>(parsed: &'s HashMap<String, Parsed>, name: &str) -> Option<Vec<&'s str>> {
    let mut seen: Vec<&str> = Vec::new();
    let mut stack: Vec<&str> = (parsed.iter())
        .filter(|(_, p)| p.defines_components)
        .map(|(n, _)| n.as_str())
        .collect();
    stack.insert(0, name);
    while let Some(n) = stack.pop() {
        // An include of a template that is not there is one tera ignores (`ignore
        // missing`): tera refused any other when the templates were loaded.
        let Some((n, p)) = parsed.get_key_value(n) else {
            continue;
        };
        if seen.contains(&n.as_str()) {
            continue;
        }
        if p.dynamic_include {
            return None;
        }
        seen.push(n);
        stack.extend(p.extends.as_deref());
        stack.extend(p.includes.iter().map(String::as_str));
    }
    seen.sort_unstable();
    Some(seen)
}

fn parse(text: &str) -> Parsed {
    let tokens = lexer::tokens(text);
    let mut parsed = Parsed {
        tokens: None,
        extends: None,
        includes: Vec::new(),
        dynamic_include: false,
        defines_components: false,
    };
    for tag in statements(tokens.as_deref().unwrap_or_default()) {
        match tag {
            [Token::Ident("extends"), Token::Str(parent)] => {
                parsed.extends = Some(parent.to_string());
            }
            [Token::Ident("include"), rest @ ..] => {
                for t in rest {
                    match t {
                        Token::Str(n) => parsed.includes.push(n.to_string()),
                        Token::Ident("ignore" | "missing") | Token::Punct("[" | "]" | ",") => {}
                        _ => parsed.dynamic_include = true,
                    }
                }
            }
            [Token::Ident("component"), ..] => parsed.defines_components = true,
            _ => {}
        }
    }
    parsed.tokens = tokens.map(|t| Kept::new(text, &t));
    parsed
}

/// The tokens of each `{% %}` tag, without its delimiters.
fn statements<'a, 't>(tokens: &'a [Token<'t>]) -> impl Iterator<Item = &'a [Token<'t>]> {
    tags(tokens)
        .filter(|(tag, _)| *tag == Tag::Statement)
        .map(|(_, t)| t)
}

/// Every tag: its kind and its tokens without delimiters.
fn tags<'a, 't>(tokens: &'a [Token<'t>]) -> impl Iterator<Item = (Tag, &'a [Token<'t>])> {
    let mut rest = tokens;
    std::iter::from_fn(move || {
        let Some(Token::Open(tag)) = rest.first() else {
            return None;
        };
        let end = rest.iter().position(|t| *t == Token::Close)?;
        let inner = &rest[1..end];
        rest = &rest[end + 1..];
        Some((*tag, inner))
    })
}

/// The names `set`, `for` and components bind, for [`walk`].
type Bound<'t> = HashSet<&'t str>;
type Aliases = HashMap<String, Vec<Alias>>;

#[cfg(test)]
mod tests;
