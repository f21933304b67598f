//! The interface words a stage's view carries already said in its page's language
//! ([`Words`]): its duration, its weeks and its heading ("Stage 4: The ORM"); and the
//! roadmap's total ("10 stages", "about 20–24 weeks") that every page's header shows. Made
//! once per stage in Rust instead of once per mention through a template function,
//! which tera calls at some 1 µs each (an overview of 1,000 stages made 4,000 calls).

use std::collections::BTreeMap;

use tera::Value;

use super::Strings;
use super::durations::say_or_keep;
use super::table::{self, Entry};
use crate::digest::{self, Digest};

/// One language's words for stage views.
#[derive(Debug)]
pub struct Words {
    lang: String,
    durations: Value,
    stage_title: String,
    stage_count: Option<BTreeMap<String, String>>,
    optional_count: Option<BTreeMap<String, String>>,
    /// The texts of [`TEXTS`], in order.
    texts: Vec<String>,
    /// What the views made with these words depend on, for `serve`'s memory.
    pub digest: Digest,
}

impl Words {
    /// The words of `strings`, the table of language `lang`.
    pub fn new(lang: &str, strings: &Strings) -> Words {
        let durations = strings.get("durations");
        let stage_title = match strings.get("stage_title") {
            Some(Entry::Text(s)) => s.clone(),
            _ => "Stage {number}: {title}".to_string(),
        };
        let texts: Vec<String> = (TEXTS.iter())
            .map(|&(key, english)| text_of(strings, key).unwrap_or(english).to_string())
            .collect();
        let (stage_count, optional_count) = (
            plural_of(strings, "stage_count"),
            plural_of(strings, "optional_count"),
        );
        Words {
            lang: lang.to_string(),
            durations: durations.map_or(Value::none(), Value::from_serializable),
            digest: digest::of(&(
                lang,
                durations,
                &stage_title,
                (&stage_count, &optional_count, &texts),
            )),
            stage_title,
            stage_count,
            optional_count,
            texts,
        }
    }

    /// A duration or a week span as roadsmith writes it ("1.5 weeks", "weeks 2–3"), in
    /// the language, as the template function `duration` says it.
    pub fn duration(&self, text: &str) -> String {
        say_or_keep(text, &self.durations, &self.lang)
    }

    /// "Stage 4: The ORM" (the table's `stage_title`).
    pub fn stage_title(&self, number: u32, title: &str) -> String {
        table::fill(&self.stage_title, |name| match name {
            "number" => Some(number.to_string()),
            "title" => Some(title.to_string()),
            _ => None,
        })
    }
}

impl Words {
    /// "10 stages" (the table's `stage_count`, its plural form for `n`).
    pub fn stage_count(&self, n: usize) -> String {
        self.plural(self.stage_count.as_ref(), n)
    }

    /// "(2 optional)" (the table's `optional_count`).
    pub fn optional_count(&self, n: usize) -> String {
        self.plural(self.optional_count.as_ref(), n)
    }

    fn plural(&self, forms: Option<&BTreeMap<String, String>>, n: usize) -> String {
        let n = n as f64;
        let form = forms.map_or("{n}", |f| table::form(f, &self.lang, n));
        form.replace("{n}", &table::number(&self.lang, n))
    }

    /// One of [`TEXTS`] (its key), with `{name}` placeholders filled by `values`.
    /// The text of `key` of [`TEXTS`] as the table writes it, placeholders and all.
    pub fn template<'a>(&'a self, key: &'a str) -> &'a str {
        let k = TEXTS.iter().position(|(k, _)| *k == key);
        k.map_or(key, |k| self.texts[k].as_str())
    }

    pub fn text(&self, key: &str, values: &[(&str, &str)]) -> String {
        table::fill(self.template(key), |name| {
            (values.iter().find(|(n, _)| *n == name)).map(|(_, v)| v.to_string())
        })
    }
}

/// The texts of a table the files roadsmith writes besides pages use (`checklist.md`, the
/// calendar) and the label of a heading's link (written with the Markdown), with the
/// English each falls back to.
pub const TEXTS: [(&str, &str); 11] = [
    ("heading_link", crate::markdown::HEADING_LINK),
    ("optional_word", "optional"),
    ("checklist_track", "track: {track}"),
    ("before_this", "Before this:"),
    ("items_topics", "Topics"),
    ("items_best_practices", "Best practices"),
    ("items_suggestions", "Suggestions"),
    ("items_learning", "Learning"),
    ("items_exercises", "Exercises"),
    ("js.calendar_event", "Stage {number}: {title}"),
    ("js.calendar_duration", "Duration: {duration}"),
];

fn text_of<'s>(strings: &'s Strings, key: &str) -> Option<&'s str> {
    let entry = match key.split_once('.') {
        Some((group, key)) => match strings.get(group)? {
            Entry::Group(g) => g.get(key)?,
            _ => return None,
        },
        None => strings.get(key)?,
    };
    match entry {
        Entry::Text(s) => Some(s),
        _ => None,
    }
}

fn plural_of(strings: &Strings, key: &str) -> Option<BTreeMap<String, String>> {
    match strings.get(key)? {
        Entry::Plural(forms) => Some(forms.clone()),
        Entry::Text(s) => Some(BTreeMap::from([("other".to_string(), s.clone())])),
        Entry::Group(_) => None,
    }
}

impl Default for Words {
    fn default() -> Self {
        Words::new(super::FALLBACK, &Strings::new())
    }
}
