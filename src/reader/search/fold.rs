//! Folding: the text the search compares, the same in Rust (the index, the model of the
//! client) and in `reader.js` (the query, the entries it reads), so that `donnees`,
//! `DONNÉES` and `données` find each other; and which letters belong to scripts
//! written without spaces, whose words the index cuts into characters.
//!
//! A character folds, on its own, to: its lowercase; `ß` as `ss` and `ς` as `σ` (what
//! Unicode's full case folding does, and a German keyboard without `ß` types); its
//! compatibility decomposition (NFKD: full-width `ＤＢ` is `db`, half-width `ｶ` is `カ`,
//! `ﬁ` is `fi`), without the marks of [`STRIPPED`]; composed again (NFC). The marks
//! stripped are accents and the vowel signs of Hebrew and Arabic (harakat; and the
//! tatweel, which only stretches a word): the ones a reader may type or not.
//! Others stay, since they make another letter: the voicing marks of kana (`が` is not
//! `か`, and composes back), the vowel signs of Indic scripts and Thai. Hiragana and
//! katakana stay apart. Folding a character alone (not the text at once) lets the
//! reader's search map each folded character back to the one it came from, to
//! highlight the original text.
//!
//! `reader.js` folds with `String.prototype.normalize("NFKD")` and `"NFC"`, and with
//! `FOLD_MARKS`, `FOLD_SPECIAL` and `SPACELESS`, which [`js_ranges`] and
//! [`js_special`] write from the tables here (a test checks that they agree).

use unicode_normalization::UnicodeNormalization;
use unicode_normalization::char::decompose_compatible;

/// Marks taken out after decomposition: first and last code point of each range.
pub const STRIPPED: &[(u32, u32)] = &[
    (0x300, 0x36f),   // combining diacritical marks: Latin, Greek, Cyrillic accents
    (0x483, 0x489),   // Cyrillic titlo and the like
    (0x591, 0x5bd),   // Hebrew cantillation and points
    (0x5bf, 0x5bf),   //
    (0x5c1, 0x5c2),   //
    (0x5c4, 0x5c5),   //
    (0x5c7, 0x5c7),   //
    (0x610, 0x61a),   // Arabic honorifics
    (0x640, 0x640),   // Arabic tatweel
    (0x64b, 0x65f),   // Arabic harakat: fatha, damma, kasra, shadda, sukun...
    (0x670, 0x670),   // Arabic superscript alef
    (0x6d6, 0x6dc),   // Quranic annotation signs
    (0x6df, 0x6e4),   //
    (0x6e7, 0x6e8),   //
    (0x6ea, 0x6ed),   //
    (0x1ab0, 0x1aff), // combining diacritical marks extended
    (0x1dc0, 0x1dff), // combining diacritical marks supplement
    (0x20d0, 0x20ff), // combining marks for symbols
    (0xfe20, 0xfe2f), // combining half marks
];

/// Letters of scripts written without spaces between words (Chinese, Japanese, Thai,
/// Lao, Khmer, Myanmar): a run of them is cut into characters and pairs of characters
/// for the index (`search.rs` has why). Korean puts spaces between words: not here.
pub const SPACELESS: &[(u32, u32)] = &[
    (0xe00, 0xeff),     // Thai, Lao
    (0x1000, 0x109f),   // Myanmar
    (0x1780, 0x17ff),   // Khmer
    (0x2e80, 0x2fdf),   // CJK radicals, Kangxi radicals
    (0x3005, 0x3007),   // 々 〆 〇
    (0x3021, 0x3029),   // Hangzhou numerals
    (0x3031, 0x3035),   // kana repeat marks
    (0x3038, 0x303c),   //
    (0x3040, 0x30ff),   // hiragana, katakana
    (0x31f0, 0x31ff),   // katakana phonetic extensions
    (0x3400, 0x4dbf),   // CJK extension A
    (0x4e00, 0x9fff),   // CJK unified ideographs
    (0xf900, 0xfaff),   // CJK compatibility ideographs
    (0x20000, 0x3ffff), // CJK extensions B and on
];

/// Characters folded otherwise than by lowercase and decomposition.
pub const SPECIAL: &[(char, &str)] = &[('ß', "ss"), ('ς', "σ")];

fn in_ranges(ranges: &[(u32, u32)], c: char) -> bool {
    let c = u32::from(c);
    let i = ranges.partition_point(|&(_, last)| last < c);
    ranges.get(i).is_some_and(|&(first, _)| first <= c)
}

/// Whether `c` is a letter of a script written without spaces ([`SPACELESS`]).
pub fn is_spaceless(c: char) -> bool {
    !c.is_ascii() && in_ranges(SPACELESS, c)
}

/// Adds `c` folded to `out`.
pub fn fold_char(c: char, out: &mut String) {
    if c.is_ascii() {
        out.push(c.to_ascii_lowercase());
        return;
    }
    let mut parts: [char; 4] = ['\0'; 4];
    let mut n = 0;
    let mut more = String::new();
    let mut keep = |d: char| {
        if in_ranges(STRIPPED, d) {
            return;
        }
        if n < parts.len() && more.is_empty() {
            parts[n] = d;
            n += 1;
        } else {
            if more.is_empty() {
                more.extend(&parts[..n]);
            }
            more.push(d);
        }
    };
    for lower in c.to_lowercase() {
        match SPECIAL.iter().find(|(from, _)| *from == lower) {
            Some((_, to)) => to.chars().for_each(|t| decompose_compatible(t, &mut keep)),
            None => decompose_compatible(lower, &mut keep),
        }
    }
    if !more.is_empty() {
        out.extend(more.nfc());
    } else if n == 1 {
        out.push(parts[0]);
    } else {
        out.extend(parts[..n].iter().copied().nfc());
    }
}

/// `text` folded, a character at a time.
pub fn fold(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    text.chars().for_each(|c| fold_char(c, &mut out));
    out
}

/// `ranges` as a JavaScript string that a `u` regular expression's class takes:
/// `\\u{300}-\\u{36f}...`.
pub fn js_ranges(ranges: &[(u32, u32)]) -> String {
    ranges
        .iter()
        .map(|&(a, b)| {
            if a == b {
                format!("\\\\u{{{a:x}}}")
            } else {
                format!("\\\\u{{{a:x}}}-\\\\u{{{b:x}}}")
            }
        })
        .collect()
}

/// [`SPECIAL`] as a JavaScript object literal: `{ "ß": "ss", ... }`.
pub fn js_special() -> String {
    let pairs: Vec<String> = SPECIAL
        .iter()
        .map(|(from, to)| format!("\"{from}\": \"{to}\""))
        .collect();
    format!("{{ {} }}", pairs.join(", "))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accents_case_and_width_fold_away_letters_stay() {
        let cases = [
            ("données", "donnees"),
            ("DONNÉES", "donnees"),
            // The accent as a mark of its own folds away too.
            ("donne\u{301}es", "donnees"),
            ("Café", "cafe"),
            ("Straße", "strasse"),
            ("STRASSE", "strasse"),
            ("ΟΔΟΣ οδός", "οδοσ οδοσ"),
            ("İstanbul", "istanbul"),
            ("Ｄｊａｎｇｏ １２", "django 12"),
            ("ﬁle", "file"),
            ("Tiếng Việt", "tieng viet"),
            // Harakat and the tatweel.
            ("كِتَابٌ", "كتاب"),
            ("كتـــاب", "كتاب"),
            ("שָׁלוֹם", "שלום"),
            // Kana: voicing kept (composed back), hiragana and katakana apart,
            // half-width katakana made full-width.
            ("データ", "データ"),
            ("でーた", "でーた"),
            ("ﾃﾞｰﾀ", "テ\u{3099}ータ"),
            ("日本語", "日本語"),
            // Letters with a sign of their own that is no accent.
            ("हिन्दी", "हिन्दी"),
            ("ภาษาไทย", "ภาษาไทย"),
            ("한국어", "한국어"),
        ];
        for (text, want) in cases {
            assert_eq!(fold(text), want, "{text}");
        }
        // A half-width voicing mark is a character of its own, folded alone.
        assert_eq!(fold("ﾃﾞ"), "テ\u{3099}");
    }

    #[test]
    fn spaceless_scripts() {
        for c in ['日', 'の', 'デ', 'ー', 'ก', '々', '𠀋'] {
            assert!(is_spaceless(c), "{c}");
        }
        for c in ['a', 'é', 'д', 'ك', '한', '1', '１'] {
            assert!(!is_spaceless(c), "{c}");
        }
    }

    /// Ranges sorted, not overlapping, so that the search by halves finds them.
    #[test]
    fn tables_are_sorted() {
        for table in [STRIPPED, SPACELESS] {
            for w in table.windows(2) {
                assert!(w[0].0 <= w[0].1 && w[0].1 < w[1].0, "{w:?}");
            }
        }
    }

    /// `reader.js` folds with the same tables, written by [`js_ranges`] and
    /// [`js_special`].
    #[test]
    fn reader_js_folds_with_these_tables() {
        let js = include_str!("../../../themes/default/static/reader.js.d/30-search.js");
        for (name, want) in [
            ("FOLD_MARKS", format!("\"{}\"", js_ranges(STRIPPED))),
            ("SPACELESS", format!("\"{}\"", js_ranges(SPACELESS))),
            ("FOLD_SPECIAL", js_special()),
        ] {
            let start = format!("var {name} = ");
            let line = js
                .lines()
                .find_map(|l| l.trim().strip_prefix(start.as_str()))
                .unwrap_or_else(|| panic!("reader.js has no `{start}`"));
            assert_eq!(line.trim_end_matches(';'), want, "{name} in reader.js");
        }
    }
}
