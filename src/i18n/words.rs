//! The interface words a stage's view carries already said in its page's language
//! ([`Words`]): its duration, its weeks and its heading ("Stage 4: The ORM"), made
//! once per stage in Rust instead of once per mention through a template function,
//! which tera calls at some 1 µs each (an overview of 1,000 stages made 4,000 calls).

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
        Words {
            lang: lang.to_string(),
            durations: durations.map_or(Value::none(), Value::from_serializable),
            digest: digest::of(&(lang, durations, &stage_title)),
            stage_title,
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

impl Default for Words {
    fn default() -> Self {
        Words::new(super::FALLBACK, &Strings::new())
    }
}
