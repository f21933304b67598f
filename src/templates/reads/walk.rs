//! Walking a template's tags: first the names `set` and `for` bind, then every use of
//! a name, recorded as a read of a path (see the parent module for the rules).

use std::collections::BTreeMap;

use super::{Alias, Aliases, Bound, Reads, Step, Tag, Token, tags};
use crate::digest::Selection;

/// How far an alias may lead to another before the analysis gives up.
const MAX_ALIAS_DEPTH: usize = 16;

/// How a value at the end of a path is used.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Use {
    Whole,
    /// Its kind, length, emptiness, or the value of a scalar.
    Shape,
}

/// Where an expression stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Place {
    /// Printed, passed, compared...
    Value,
    /// The condition of an `if` or `elif`: a path alone is a truth value.
    Condition,
}

/// The names every `set`, `for` and component of `templates` binds, and those bound to
/// a path.
pub(super) fn bindings<'t>(templates: &[&[Token<'t>]]) -> (Aliases, Bound<'t>) {
    let (mut aliases, mut bound) = (Aliases::new(), Bound::new());
    let mut alias = |name: &str, chain: Option<(String, Vec<Step>)>, each: bool, whole: bool| {
        if let Some((root, mut path)) = chain {
            if each {
                path.push(Step::Each);
            }
            (aliases.entry(name.to_string()).or_default()).push(Alias { root, path, whole });
        }
    };
    for tokens in templates {
        for (tag, t) in tags(tokens) {
            match (tag, t) {
                (
                    Tag::Statement,
                    [
                        Token::Ident("set" | "set_global"),
                        Token::Ident(n),
                        rest @ ..,
                    ],
                ) => {
                    bound.insert(n);
                    if let [Token::Punct("="), value @ ..] = rest {
                        alias(n, pure_chain(value), false, false);
                    }
                }
                (Tag::Statement, [Token::Ident("component"), _, rest @ ..]) => {
                    bound.extend(rest.iter().filter_map(ident));
                }
                _ => {}
            }
            // `for` loops, in tags and in list comprehensions.
            for (i, tok) in t.iter().enumerate() {
                if *tok != Token::Ident("for") {
                    continue;
                }
                let Some(at) = (t[i..].iter()).position(|t| *t == Token::Ident("in")) else {
                    continue;
                };
                let names: Vec<&str> = t[i + 1..i + at].iter().filter_map(ident).collect();
                bound.extend(&names);
                let iterated = chain_prefix(&t[i + at + 1..]);
                match names.as_slice() {
                    [value] => alias(value, iterated, true, false),
                    [key, value] => {
                        alias(key, iterated.clone(), false, true);
                        alias(value, iterated, true, false);
                    }
                    _ => {}
                }
            }
        }
    }
    (aliases, bound)
}

fn ident<'t>(t: &Token<'t>) -> Option<&'t str> {
    match t {
        Token::Ident(n) => Some(n),
        _ => None,
    }
}

/// The path `tokens` are, if they are nothing but a name and its fields and indexes.
fn pure_chain(tokens: &[Token]) -> Option<(String, Vec<Step>)> {
    let Some(Token::Ident(name)) = tokens.first() else {
        return None;
    };
    let (path, end, _) = chain(tokens, 0);
    (end == tokens.len()).then(|| (name.to_string(), path))
}

/// The path a `for` iterates, if it starts with a name: `stages` in `for s in stages`
/// (and in `for s in stages if s.optional`).
fn chain_prefix(tokens: &[Token]) -> Option<(String, Vec<Step>)> {
    let Some(Token::Ident(name)) = tokens.first() else {
        return None;
    };
    let (path, end, _) = chain(tokens, 0);
    let ends = matches!(
        tokens.get(end),
        None | Some(Token::Ident("if")) | Some(Token::Punct("]"))
    );
    ends.then(|| (name.to_string(), path))
}

/// The fields and indexes after the name at `at`: the path, where it ends, and the
/// token ranges of the indexes that are expressions (read on their own).
fn chain(tokens: &[Token], at: usize) -> (Vec<Step>, usize, Vec<std::ops::Range<usize>>) {
    let (mut path, mut inner) = (Vec::new(), Vec::new());
    let mut j = at + 1;
    loop {
        match (tokens.get(j), tokens.get(j + 1)) {
            (Some(Token::Punct("." | "?.")), Some(Token::Ident(f))) => {
                path.push(Step::Field(f.to_string()));
                j += 2;
            }
            (Some(Token::Punct("." | "?.")), Some(Token::Number)) => {
                path.push(Step::Each);
                j += 2;
            }
            (Some(Token::Punct("[" | "?[")), _) => {
                let Some(close) = closing(tokens, j) else {
                    // Unbalanced: read the rest as an index, every element.
                    path.push(Step::Each);
                    inner.push(j + 1..tokens.len());
                    return (path, tokens.len(), inner);
                };
                match &tokens[j + 1..close] {
                    [Token::Str(key)] => path.push(Step::Field(key.to_string())),
                    _ => {
                        path.push(Step::Each);
                        inner.push(j + 1..close);
                    }
                }
                j = close + 1;
            }
            _ => return (path, j, inner),
        }
    }
}

/// The `]` that closes the bracket at `open`.
fn closing(tokens: &[Token], open: usize) -> Option<usize> {
    let mut depth = 0usize;
    for (i, t) in tokens.iter().enumerate().skip(open) {
        match t {
            Token::Punct("[" | "?[") => depth += 1,
            Token::Punct("]") => {
                depth -= 1;
                if depth == 0 {
                    return Some(i);
                }
            }
            _ => {}
        }
    }
    None
}

const KEYWORDS: [&str; 13] = [
    "and", "or", "not", "in", "is", "if", "else", "true", "false", "none", "True", "False", "None",
];

/// An `if`, `for`, block or other tag with a body, and whether its body is drawn.
#[derive(Clone, Copy)]
struct Frame {
    /// The body of the tag around it may be drawn.
    outer: bool,
    /// This body may be drawn.
    live: bool,
    /// An earlier branch of this `if` is drawn for sure: the next ones never are.
    settled: bool,
}

/// Records what a template's tags read.
pub(super) struct Walker<'a, 't> {
    aliases: &'a Aliases,
    bound: &'a Bound<'t>,
    defined: &'a dyn Fn(&str) -> bool,
    vars: BTreeMap<String, Selection>,
    everything: bool,
    frames: Vec<Frame>,
}

impl<'a, 't> Walker<'a, 't> {
    pub fn new(
        aliases: &'a Aliases,
        bound: &'a Bound<'t>,
        defined: &'a dyn Fn(&str) -> bool,
    ) -> Walker<'a, 't> {
        Walker {
            aliases,
            bound,
            defined,
            vars: BTreeMap::new(),
            everything: false,
            frames: Vec::new(),
        }
    }

    pub fn finish(self) -> Reads {
        if self.everything {
            Reads::Everything
        } else {
            Reads::Vars(self.vars)
        }
    }

    fn live(&self) -> bool {
        self.frames.last().is_none_or(|f| f.live)
    }

    /// Every tag of one template.
    pub fn walk(&mut self, tokens: &[Token<'t>]) {
        // Each template's frames are its own.
        self.frames.clear();
        for (tag, t) in tags(tokens) {
            match tag {
                Tag::Expression => self.expression(t, Place::Value),
                Tag::Statement => self.statement(t),
            }
        }
    }

    fn statement(&mut self, t: &[Token<'t>]) {
        let live = self.live();
        match t {
            [Token::Ident("if"), cond @ ..] => {
                let known = self.decide(cond);
                self.expression(cond, Place::Condition);
                self.frames.push(Frame {
                    outer: live,
                    live: live && known != Some(false),
                    settled: known == Some(true),
                });
            }
            [Token::Ident("elif"), cond @ ..] => {
                let known = self.decide(cond);
                let Some(&Frame { outer, settled, .. }) = self.frames.last() else {
                    self.everything = true;
                    return;
                };
                let reachable = outer && !settled;
                // The condition is tested when no earlier branch is sure to be taken.
                self.frames.push(Frame {
                    outer,
                    live: reachable,
                    settled,
                });
                self.expression(cond, Place::Condition);
                self.frames.pop();
                if let Some(frame) = self.frames.last_mut() {
                    frame.live = reachable && known != Some(false);
                    frame.settled |= known == Some(true);
                }
            }
            [Token::Ident("else")] => match self.frames.last_mut() {
                Some(frame) => frame.live = frame.outer && !frame.settled,
                None => self.everything = true,
            },
            [Token::Ident("for"), rest @ ..] => {
                self.for_loop(rest);
                self.open(live);
            }
            [
                Token::Ident("set" | "set_global"),
                Token::Ident(_),
                rest @ ..,
            ] => match rest {
                // `set x = stage.title` reads nothing yet: `x` is read as its path.
                [Token::Punct("="), value @ ..] if pure_chain(value).is_some() => {
                    self.chain_indexes(value, 0);
                }
                [Token::Punct("="), value @ ..] => self.expression(value, Place::Value),
                [] => self.open(live),
                _ => self.everything = true,
            },
            [Token::Ident("block" | "filter" | "component"), rest @ ..] => {
                if matches!(t[0], Token::Ident("filter")) {
                    self.expression(rest, Place::Value);
                }
                self.open(live);
            }
            [Token::Punct("<"), rest @ ..] => {
                self.expression(rest, Place::Value);
                self.open(live);
            }
            [
                Token::Ident(
                    "endif" | "endfor" | "endset" | "endblock" | "endfilter" | "endcomponent",
                ),
                ..,
            ]
            | [Token::Punct("</"), ..] => {
                self.frames.pop();
            }
            [
                Token::Ident("extends" | "include" | "break" | "continue"),
                ..,
            ] => {}
            _ => self.everything = true,
        }
    }

    /// `for a, b in <iterated> if <condition>`: the iterated path is read for its
    /// length (its elements are read through the names bound to them).
    fn for_loop(&mut self, t: &[Token]) {
        let Some(at) = t.iter().position(|t| *t == Token::Ident("in")) else {
            self.everything = true;
            return;
        };
        let rest = &t[at + 1..];
        let cond = rest.iter().position(|t| *t == Token::Ident("if"));
        let (iterated, condition) = match cond {
            Some(c) => (&rest[..c], &rest[c + 1..]),
            None => (rest, &[][..]),
        };
        match (iterated.first(), pure_chain(iterated)) {
            (Some(Token::Ident(name)), Some((_, path))) if self.live() => {
                self.chain_indexes(iterated, 0);
                self.read(name, &path, Use::Shape, 0);
            }
            _ => self.expression(iterated, Place::Value),
        }
        self.expression(condition, Place::Condition);
    }

    fn open(&mut self, live: bool) {
        self.frames.push(Frame {
            outer: live,
            live,
            settled: false,
        });
    }

    /// Whether a condition is `x is defined` (or `is not defined`, `is undefined`) for
    /// a name only the context can hold: then the context decides it.
    fn decide(&self, cond: &[Token]) -> Option<bool> {
        let (name, defined) = match cond {
            [Token::Ident(n), Token::Ident("is"), Token::Ident("defined")] => (n, true),
            [
                Token::Ident(n),
                Token::Ident("is"),
                Token::Ident("not"),
                Token::Ident("defined"),
            ]
            | [
                Token::Ident(n),
                Token::Ident("is"),
                Token::Ident("undefined"),
            ] => (n, false),
            _ => return None,
        };
        if self.bound.contains(name) || self.aliases.contains_key(*name) {
            return None;
        }
        Some((self.defined)(name) == defined)
    }

    /// Records what an expression reads.
    fn expression(&mut self, t: &[Token], place: Place) {
        if !self.live() {
            return;
        }
        let mut i = 0;
        while i < t.len() {
            match &t[i] {
                Token::Ident(name) if name.starts_with("__tera_") => self.everything = true,
                // The names a list comprehension binds: `[x for x in xs]`.
                Token::Ident("for") => {
                    let names = t[i..].iter().position(|t| *t == Token::Ident("in"));
                    i += names.unwrap_or(1);
                    continue;
                }
                Token::Ident(name) if is_variable(t, i) => {
                    let (path, end, _) = chain(t, i);
                    self.chain_indexes(t, i);
                    let usage = usage(t, i, end, place);
                    self.read(name, &path, usage, 0);
                    i = end;
                    continue;
                }
                _ => {}
            }
            i += 1;
        }
    }

    /// Reads the expressions that index the path at `at`.
    fn chain_indexes(&mut self, t: &[Token], at: usize) {
        let (_, _, inner) = chain(t, at);
        for range in inner {
            self.expression(&t[range], Place::Value);
        }
    }

    /// Records a read of `path` of `name`, from the context and through what binds it.
    fn read(&mut self, name: &str, path: &[Step], usage: Use, depth: usize) {
        if depth > MAX_ALIAS_DEPTH {
            self.everything = true;
            return;
        }
        let mut at = entry(&mut self.vars, name);
        for step in path {
            if at.whole {
                break;
            }
            at = match step {
                Step::Field(f) => entry(&mut at.fields, f),
                Step::Each => at.each.get_or_insert_with(Box::default),
            };
        }
        if usage == Use::Whole {
            *at = Selection::whole();
        }
        // `self.aliases` outlives `self`: its aliases are read in place, not copied.
        let aliases: &'a Aliases = self.aliases;
        for alias in aliases.get(name).into_iter().flatten() {
            if alias.whole {
                self.read(&alias.root, &alias.path, Use::Whole, depth + 1);
            } else {
                let full: Vec<Step> = alias.path.iter().chain(path).cloned().collect();
                self.read(&alias.root, &full, usage, depth + 1);
            }
        }
    }
}

/// The selection of `key` in `map`, made empty if there is none. One search with a
/// copied key costs less than two without (`contains_key`, then `get_mut`): 3.7M
/// against 4.1M instructions for a build's analyses (callgrind).
fn entry<'m>(map: &'m mut BTreeMap<String, Selection>, key: &str) -> &'m mut Selection {
    map.entry(key.to_string()).or_default()
}

/// Whether the name at `i` is a variable: not a keyword, an attribute, a filter, a
/// test, a function or an argument's name.
fn is_variable(t: &[Token], i: usize) -> bool {
    let Token::Ident(name) = t[i] else {
        return false;
    };
    let before = |k: usize| i.checked_sub(k).and_then(|j| t.get(j));
    let after = t.get(i + 1);
    !(KEYWORDS.contains(&name)
        || matches!(before(1), Some(Token::Punct("." | "?." | "|")))
        || matches!(before(1), Some(Token::Ident("is")))
        || matches!(
            (before(2), before(1)),
            (Some(Token::Ident("is")), Some(Token::Ident("not")))
        )
        || matches!(after, Some(Token::Punct("(" | "="))))
}

/// How the value of the path from `start` to `end` is used.
fn usage(t: &[Token], start: usize, end: usize, place: Place) -> Use {
    match (t.get(end), t.get(end + 1), t.get(end + 2)) {
        (Some(Token::Punct("|")), Some(Token::Ident("length")), _) => return Use::Shape,
        (Some(Token::Ident("is")), Some(Token::Ident("not")), Some(Token::Ident(test)))
        | (Some(Token::Ident("is")), Some(Token::Ident(test)), _) => {
            return match *test {
                "defined" | "undefined" | "none" => Use::Shape,
                _ => Use::Whole,
            };
        }
        _ => {}
    }
    let alone_before = start
        .checked_sub(1)
        .is_none_or(|j| matches!(t[j], Token::Ident("not" | "and" | "or") | Token::Punct("(")));
    let alone_after = matches!(
        t.get(end),
        None | Some(Token::Ident("and" | "or")) | Some(Token::Punct(")"))
    );
    if place == Place::Condition && alone_before && alone_after {
        Use::Shape
    } else {
        Use::Whole
    }
}
