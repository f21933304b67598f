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
        let stage_count = match strings.get("stage_count") {
            Some(Entry::Plural(forms)) => Some(forms.clone()),
            Some(Entry::Text(s)) => Some(BTreeMap::from([("other".to_string(), s.clone())])),
            _ => None,
        };
        Words {
            lang: lang.to_string(),
            durations: durations.map_or(Value::none(), Value::from_serializable),
            digest: digest::of(&(lang, durations, &stage_title, &stage_count)),
            stage_title,
            stage_count,
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
        let n = n as f64;
        let form = (self.stage_count.as_ref()).map_or("{n}", |f| table::form(f, &self.lang, n));
        form.replace("{n}", &table::number(&self.lang, n))
    }
}

impl Default for Words {
    fn default() -> Self {
        Words::new(super::FALLBACK, &Strings::new())
    }
}
