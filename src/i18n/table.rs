//! One string table: a TOML file read into [`Table`], tables merged key by key, and a
//! value written out for a number (its CLDR plural form) and placeholders (`{name}`).

use std::collections::BTreeMap;

use intl_pluralrules::{PluralCategory, PluralRuleType, PluralRules};
use serde::Serialize;

use crate::config::key_line;
use crate::error::{Diagnostic, line_of};

/// The CLDR plural categories, as a plural table names them.
pub const CATEGORIES: [&str; 6] = ["zero", "one", "two", "few", "many", "other"];

/// A table's value: a string with `{name}` placeholders, a plural table (CLDR category
/// -> string, `other` always there), or a group of keys (`[js]`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(untagged)]
pub enum Entry {
    Text(String),
    Plural(BTreeMap<String, String>),
    Group(Table),
}

/// Key -> value, sorted: templates see it as `t`, and the same table writes the same bytes.
pub type Table = BTreeMap<String, Entry>;

/// Reads the text of a table; `file` is how errors name it.
pub fn parse(text: &str, file: &str) -> Result<Table, Diagnostic> {
    let value: toml::Table = toml::from_str(text).map_err(|e| {
        let d = Diagnostic::new(file, e.message().to_string()).with_hint(
            "a string table is TOML: key = \"text\", or key = { one = \"…\", other = \"…\" }",
        );
        match e.span() {
            Some(span) => d.at_line(line_of(text, span.start)),
            None => d,
        }
    })?;
    group(&value, text, file)
}

fn group(value: &toml::Table, text: &str, file: &str) -> Result<Table, Diagnostic> {
    let mut table = Table::new();
    for (key, v) in value {
        let entry = match v {
            toml::Value::String(s) => Entry::Text(s.clone()),
            toml::Value::Table(t) if t.keys().any(|k| CATEGORIES.contains(&k.as_str())) => {
                plural(key, t, text, file)?
            }
            toml::Value::Table(t) => Entry::Group(group(t, text, file)?),
            other => {
                return Err(at_key(
                    text,
                    file,
                    key,
                    format!(
                        "`{key}` is a {}: a string table holds strings and plural tables",
                        other.type_str()
                    ),
                ));
            }
        };
        table.insert(key.clone(), entry);
    }
    Ok(table)
}

fn plural(key: &str, t: &toml::Table, text: &str, file: &str) -> Result<Entry, Diagnostic> {
    let mut forms = BTreeMap::new();
    for (category, v) in t {
        if !CATEGORIES.contains(&category.as_str()) {
            return Err(at_key(
                text,
                file,
                category,
                format!("`{key}` has an unknown plural category `{category}`",),
            )
            .with_hint("CLDR's categories are zero, one, two, few, many and other"));
        }
        let Some(s) = v.as_str() else {
            return Err(at_key(
                text,
                file,
                category,
                format!("`{key}.{category}` is not a string"),
            ));
        };
        forms.insert(category.clone(), s.to_string());
    }
    if !forms.contains_key("other") {
        return Err(
            at_key(text, file, key, format!("`{key}` has no `other` form")).with_hint(
                "every plural table needs `other`, the form of any number no other category takes",
            ),
        );
    }
    Ok(Entry::Plural(forms))
}

/// A diagnostic on the line of `key` (or of `key` inside an inline table).
fn at_key(text: &str, file: &str, key: &str, message: String) -> Diagnostic {
    let line = key_line(text, key).or_else(|| {
        let needle = format!("{key} =");
        text.lines()
            .position(|l| l.contains(&needle))
            .map(|i| i + 1)
    });
    let d = Diagnostic::new(file, message);
    match line {
        Some(l) => d.at_line(l),
        None => d,
    }
}

/// `over` merged onto `base`, key by key (groups merged, other values replaced). A
/// value `base` has already is left as it is: the tables merged are mostly copies of
/// one another (English onto English), and comparing costs less than copying.
pub fn merge(base: &mut Table, over: &Table) {
    for (key, entry) in over {
        match (base.get_mut(key), entry) {
            (Some(Entry::Group(b)), Entry::Group(o)) => merge(b, o),
            (Some(b), _) => {
                if b != entry {
                    *b = entry.clone();
                }
            }
            (None, _) => {
                base.insert(key.clone(), entry.clone());
            }
        }
    }
}

/// Every key of `table`, dotted (`js.plan_status`).
pub fn keys(table: &Table) -> Vec<String> {
    let mut out = Vec::new();
    for (key, entry) in table {
        match entry {
            Entry::Group(g) => out.extend(keys(g).into_iter().map(|k| format!("{key}.{k}"))),
            _ => out.push(key.clone()),
        }
    }
    out
}

/// Whether the dotted `key` is in `table`.
pub fn has(table: &Table, key: &str) -> bool {
    match key.split_once('.') {
        Some((head, rest)) => matches!(table.get(head), Some(Entry::Group(g)) if has(g, rest)),
        None => table.contains_key(key),
    }
}

/// The CLDR category of `n` in `language` (`"pt-BR"`), `other` for a language CLDR
/// does not know.
pub fn category(language: &str, n: f64) -> &'static str {
    thread_local! {
        /// The rules of each language met, made once per thread: making them takes
        /// longer than choosing with them.
        static RULES: std::cell::RefCell<Vec<(String, Option<PluralRules>)>> =
            const { std::cell::RefCell::new(Vec::new()) };
    }
    RULES.with_borrow_mut(|rules| {
        let k = match rules.iter().position(|(l, _)| l == language) {
            Some(k) => k,
            None => {
                rules.push((language.to_string(), rules_of(language)));
                rules.len() - 1
            }
        };
        choose(rules[k].1.as_ref(), n)
    })
}

/// The CLDR cardinal rules of `language`, or of its base language.
fn rules_of(language: &str) -> Option<PluralRules> {
    language
        .parse::<unic_langid::LanguageIdentifier>()
        .ok()
        .and_then(|id| {
            let base = id
                .language
                .as_str()
                .parse::<unic_langid::LanguageIdentifier>()
                .ok();
            PluralRules::create(id, PluralRuleType::CARDINAL)
                .ok()
                .or_else(|| {
                    base.and_then(|b| PluralRules::create(b, PluralRuleType::CARDINAL).ok())
                })
        })
}

fn choose(rules: Option<&PluralRules>, n: f64) -> &'static str {
    let chosen = rules.and_then(|r| {
        if n.fract() == 0.0 && n.abs() < 1e15 {
            r.select(n as i64).ok()
        } else {
            r.select(n).ok()
        }
    });
    match chosen {
        Some(PluralCategory::ZERO) => "zero",
        Some(PluralCategory::ONE) => "one",
        Some(PluralCategory::TWO) => "two",
        Some(PluralCategory::FEW) => "few",
        Some(PluralCategory::MANY) => "many",
        _ => "other",
    }
}

/// The form of a plural table for `n` (its category's, else `other`).
pub fn form<'f>(forms: &'f BTreeMap<String, String>, language: &str, n: f64) -> &'f str {
    let chosen = category(language, n);
    forms
        .get(chosen)
        .or_else(|| forms.get("other"))
        .map_or("", String::as_str)
}

/// `text` with each `{name}` replaced by `value(name)`; a placeholder without a value,
/// or a brace that opens none, stays as written.
pub fn fill(text: &str, value: impl Fn(&str) -> Option<String>) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(open) = rest.find('{') {
        out.push_str(&rest[..open]);
        let after = &rest[open + 1..];
        let name_end = after.find('}');
        let name = name_end.map(|e| &after[..e]);
        match name
            .filter(|n| is_name(n))
            .and_then(|n| value(n).map(|v| (n, v)))
        {
            Some((n, v)) => {
                out.push_str(&v);
                rest = &after[n.len() + 1..];
            }
            None => {
                out.push('{');
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out
}

fn is_name(name: &str) -> bool {
    !name.is_empty() && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
}

/// `n` written for `language`: digits grouped by threes as the language does (CLDR's
/// separators; Spanish and Portuguese leave four digits ungrouped, as `Intl` does),
/// and a decimal comma where the language writes one. Western digits everywhere.
pub fn number(language: &str, n: f64) -> String {
    let base = language.split(['-', '_']).next().unwrap_or(language);
    let (group, decimal, min_grouped) = match base {
        "fr" => ("\u{202f}", ",", 4),
        "de" | "it" | "nl" | "id" | "tr" | "da" => (".", ",", 4),
        "es" => (".", ",", 5),
        "pt" => {
            if language.eq_ignore_ascii_case("pt-PT") {
                ("\u{a0}", ",", 5)
            } else {
                (".", ",", 4)
            }
        }
        "ru" | "uk" | "pl" | "cs" | "sv" | "fi" | "nb" => ("\u{a0}", ",", 5),
        _ => (",", ".", 4),
    };
    let text = if n.fract() == 0.0 && n.abs() < 1e15 {
        format!("{}", n as i64)
    } else {
        format!("{n}")
    };
    let (sign, digits) = match text.strip_prefix('-') {
        Some(d) => ("-", d),
        None => ("", text.as_str()),
    };
    let (whole, fraction) = match digits.split_once('.') {
        Some((w, f)) => (w, Some(f)),
        None => (digits, None),
    };
    let mut out = String::from(sign);
    if whole.len() >= min_grouped {
        for (i, c) in whole.chars().enumerate() {
            if i > 0 && (whole.len() - i) % 3 == 0 {
                out.push_str(group);
            }
            out.push(c);
        }
    } else {
        out.push_str(whole);
    }
    if let Some(f) = fraction {
        out.push_str(decimal);
        out.push_str(f);
    }
    out
}
