//! Durations in the page's language: `duration(text=…, words=t.durations, lang=…)` says
//! again in the table's words what roadsmith writes in English: a stage's duration as
//! its author wrote it ("2–3 weeks", "10d"; an English page shows it as written), where it falls ("week 1", "weeks 2–3") and
//! the roadmap's total ("about 5–6 weeks"). Text it does not know is kept as it is.

use tera::{Kwargs, State, TeraResult, Value};

use super::table;
use crate::content::duration::{Unit, written};

/// The tera function.
pub fn duration(kwargs: Kwargs, _: &State) -> TeraResult<String> {
    let text = kwargs.must_get::<&str>("text")?;
    let words = kwargs.must_get::<Value>("words")?;
    let lang = kwargs.get::<&str>("lang")?.unwrap_or("");
    Ok(say_or_keep(text, &words, lang))
}

/// `text` said in `lang` with `words`, or as written when it cannot be (or the page
/// is English, the language durations are written in).
pub fn say_or_keep(text: &str, words: &Value, lang: &str) -> String {
    if lang == "en" || lang.starts_with("en-") {
        return text.to_string();
    }
    say(text, words, lang).unwrap_or_else(|| text.to_string())
}

/// `text` in `words` (the table's `durations` group), or `None` when it is not one of
/// the forms above or the table lacks the words.
pub fn say(text: &str, words: &Value, lang: &str) -> Option<String> {
    let trimmed = text.trim();
    if let Some(rest) = trimmed.strip_prefix("about ") {
        let value = say(rest, words, lang)?;
        let about = entry(words, "about")?.as_str()?;
        return Some(about.replace("{value}", &value));
    }
    let span = trimmed
        .strip_prefix("weeks ")
        .or_else(|| trimmed.strip_prefix("week "));
    let (min, max, key) = match span {
        Some(n) => {
            let (a, b) = n.split_once('–').unwrap_or((n, n));
            (a.trim().parse().ok()?, b.trim().parse().ok()?, "span")
        }
        None => {
            let (min, max, unit) = written(trimmed)?;
            let key = match unit {
                Unit::Day => "days",
                Unit::Week => "weeks",
                Unit::Month => "months",
            };
            (min, max, key)
        }
    };
    let n = if min == max {
        table::number(lang, max)
    } else {
        format!("{}–{}", table::number(lang, min), table::number(lang, max))
    };
    let forms = entry(words, key)?;
    let form = match forms.as_map() {
        Some(map) => {
            let pick = |c: &str| {
                map.iter()
                    .find(|(k, _)| k.as_str() == Some(c))
                    .map(|(_, v)| v)
            };
            pick(table::category(lang, max))
                .or_else(|| pick("other"))?
                .as_str()?
        }
        None => forms.as_str()?,
    };
    Some(form.replace("{n}", &n))
}

fn entry<'v>(words: &'v Value, key: &str) -> Option<&'v Value> {
    let map = words.as_map()?;
    map.iter()
        .find(|(k, _)| k.as_str() == Some(key))
        .map(|(_, v)| v)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words(lang: &str) -> Value {
        let text = std::fs::read_to_string(format!(
            "{}/themes/default/i18n/{lang}.toml",
            env!("CARGO_MANIFEST_DIR")
        ))
        .unwrap();
        let table = table::parse(&text, lang).unwrap();
        Value::from_serializable(&table["durations"])
    }

    #[test]
    fn english_says_what_roadsmith_wrote() {
        let en = words("en");
        for (text, said) in [
            ("1 week", "1 week"),
            ("1.5 weeks", "1.5 weeks"),
            ("2–3 weeks", "2–3 weeks"),
            ("2 to 3 weeks", "2–3 weeks"),
            ("10d", "10 days"),
            ("1 month", "1 month"),
            ("week 1", "week 1"),
            ("weeks 2–3", "weeks 2–3"),
            ("about 5–6 weeks", "about 5–6 weeks"),
            ("3 days", "3 days"),
        ] {
            assert_eq!(say(text, &en, "en").as_deref(), Some(said), "{text}");
        }
        assert_eq!(say("soon", &en, "en"), None);
    }

    #[test]
    fn other_languages_say_it_their_way() {
        assert_eq!(
            say("1.5 weeks", &words("fr"), "fr").as_deref(),
            Some("1,5 semaine")
        );
        assert_eq!(
            say("2–3 weeks", &words("fr"), "fr").as_deref(),
            Some("2–3 semaines")
        );
        assert_eq!(
            say("about 5–6 weeks", &words("de"), "de").as_deref(),
            Some("etwa 5–6 Wochen")
        );
        assert_eq!(
            say("weeks 2–3", &words("ja"), "ja").as_deref(),
            Some("第2–3週")
        );
        assert_eq!(
            say("2 weeks", &words("ar"), "ar").as_deref(),
            Some("أسبوعان")
        );
        assert_eq!(say("1 week", &words("zh"), "zh").as_deref(), Some("1周"));
    }
}
