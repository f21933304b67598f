//! The tera functions templates write strings with, the language always passed:
//!
//! - `fill(s=t.by_author, author=site.author, lang=site.language)`: `s` with its
//!   `{name}` placeholders filled from the other arguments (numbers written for `lang`).
//! - `plural(forms=t.stage_count, n=total.stage_count, lang=site.language, ...)`: the
//!   form of `forms` (a plural table, or a plain string) CLDR's rules pick for `n` in
//!   `lang`, filled likewise (`{n}` included).
//! - `number(n=1234, lang="fr")`: `1 234`.
//! - `strings_script(value=t.js, src=site.base_path ~ "strings.js")`: the tag that
//!   loads the language's `strings.js` ([`strings_js`]: the keys whose value differs
//!   from the English kit.js carries, as `window.roadsmithStrings`), before kit.js;
//!   nothing on an English page, which has no such file.

use tera::{Kwargs, State, Tera, TeraResult, Value};

use super::table;

pub fn register(tera: &mut Tera) {
    tera.register_function("fill", fill);
    tera.register_function("plural", plural);
    tera.register_function("number", number);
    tera.register_function("strings_script", strings_script);
    tera.register_function("duration", super::durations::duration);
}

/// The arguments that are not the function's own, written as placeholders' values.
fn filled(text: &str, kwargs: &Kwargs, own: &[&str], lang: &str) -> String {
    table::fill(text, |name| {
        if own.contains(&name) && name != "n" {
            return None;
        }
        let value = kwargs.iter().find(|(k, _)| k.as_str() == Some(name))?.1;
        Some(shown(value, lang))
    })
}

fn shown(value: &Value, lang: &str) -> String {
    if value.is_number() && !lang.is_empty() {
        value
            .as_f64()
            .map_or_else(|| value.to_string(), |n| table::number(lang, n))
    } else {
        value.to_string()
    }
}

fn lang_of(kwargs: &Kwargs) -> TeraResult<String> {
    Ok(kwargs.get::<&str>("lang")?.unwrap_or("").to_string())
}

fn fill(kwargs: Kwargs, _: &State) -> TeraResult<String> {
    let s = kwargs.must_get::<&str>("s")?;
    let lang = lang_of(&kwargs)?;
    Ok(filled(s, &kwargs, &["s", "lang"], &lang))
}

fn plural(kwargs: Kwargs, _: &State) -> TeraResult<String> {
    let forms = kwargs.must_get::<Value>("forms")?;
    let n = kwargs.must_get::<f64>("n")?;
    let lang = lang_of(&kwargs)?;
    let text = match (forms.as_str(), forms.as_map()) {
        (Some(s), _) => s.to_string(),
        (None, Some(map)) => {
            let category = table::category(&lang, n);
            let pick = |c: &str| {
                map.iter()
                    .find(|(k, _)| k.as_str() == Some(c))
                    .map(|(_, v)| v)
            };
            pick(category)
                .or_else(|| pick("other"))
                .and_then(Value::as_str)
                .unwrap_or("")
                .to_string()
        }
        _ => {
            return Err(tera::Error::message(
                "`plural`: `forms` must be a plural table ({ one = \"…\", other = \"…\" }) or a string",
            ));
        }
    };
    Ok(filled(&text, &kwargs, &["forms", "lang"], &lang))
}

fn number(kwargs: Kwargs, _: &State) -> TeraResult<String> {
    let n = kwargs.must_get::<f64>("n")?;
    let lang = lang_of(&kwargs)?;
    Ok(table::number(&lang, n))
}

/// The English the default theme's kit.js carries (see tests: the two are equal).
fn english_js() -> &'static serde_json::Map<String, serde_json::Value> {
    static ENGLISH: std::sync::OnceLock<serde_json::Map<String, serde_json::Value>> =
        std::sync::OnceLock::new();
    ENGLISH.get_or_init(|| {
        let js = super::embedded_table(super::FALLBACK).and_then(|mut t| t.remove("js"));
        match js.map(serde_json::to_value) {
            Some(Ok(serde_json::Value::Object(map))) => map,
            _ => serde_json::Map::new(),
        }
    })
}

/// The `[js]` words of `strings` that differ from kit.js's built-in English, as the
/// `strings.js` a page loads before kit.js (`window.roadsmithStrings = {…};`); `None`
/// when there are none (an English page loads nothing).
pub fn strings_js(strings: &super::Strings) -> Option<String> {
    let js = strings.get("js")?;
    // The English table's own words, compared as they are (a build asks two or three
    // times): none differs, without making JSON of either.
    static ENGLISH: std::sync::OnceLock<Option<table::Entry>> = std::sync::OnceLock::new();
    let english = ENGLISH.get_or_init(|| super::embedded_table(super::FALLBACK)?.remove("js"));
    if english.as_ref() == Some(js) {
        return None;
    }
    let js = serde_json::to_value(js).ok()?;
    let json = differing(&js)?;
    Some(format!("window.roadsmithStrings = {json};\n"))
}

/// The keys of `js` (a `[js]` table) whose words are not kit.js's English, as JSON.
fn differing(js: &serde_json::Value) -> Option<String> {
    let serde_json::Value::Object(map) = js else {
        return None;
    };
    let english = english_js();
    let differing: serde_json::Map<String, serde_json::Value> = map
        .iter()
        .filter(|(k, v)| english.get(*k) != Some(*v))
        .map(|(k, v)| (k.clone(), v.clone()))
        .collect();
    (!differing.is_empty()).then(|| serde_json::to_string(&differing).ok())?
}

/// `strings_script(value=t.js, src=…)`: the tag that loads `strings.js` (at `src`)
/// when the page's words are not kit.js's English, else nothing. One file per
/// language, cached, rather than the words in every page.
fn strings_script(kwargs: Kwargs, _: &State) -> TeraResult<Value> {
    let value = kwargs.must_get::<Value>("value")?;
    let src = kwargs.must_get::<&str>("src")?;
    let json = serde_json::to_value(&value).map_err(tera::Error::message)?;
    if differing(&json).is_none() {
        return Ok(Value::safe_string(""));
    }
    Ok(Value::safe_string(&format!(
        "\n<script src=\"{}\" defer></script>",
        crate::html::escape(src)
    )))
}
