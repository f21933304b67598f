//! A content file's front matter: `split` at the `+++` lines, then `FrontMatter::parse`.
//! Either may refuse the text; neither may panic, and error lines must lie in the file.
#![no_main]

use libfuzzer_sys::fuzz_target;
use roadsmith::content::front_matter::{FrontMatter, split};

fuzz_target!(|text: &str| {
    let lines = text.lines().count().max(1);
    let split = match split(text) {
        Ok(split) => split,
        Err(e) => {
            assert!((1..=lines).contains(&e.line), "line {} of {lines}", e.line);
            return;
        }
    };
    assert!(split.body_line <= lines + 1);
    if let Err(e) = FrontMatter::parse(&split) {
        assert!((1..=lines).contains(&e.line), "line {} of {lines}", e.line);
    }
});
