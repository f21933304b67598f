//! Item texts: normalized, hashed lowercase.

use super::*;

#[test]
fn normalize_space_keeps_words_and_single_spaces() {
    assert_eq!(normalize_space("  a \n\t b\u{a0}c  ".into()), "a b c");
    assert_eq!(normalize_space(" \n ".into()), "");
    assert_eq!(normalize_space("é  ü".into()), "é ü");
}

#[test]
fn plain_texts_are_kept_and_others_normalized() {
    for plain in ["a", "a b", "select_related() and `x`", "x.y, z!"] {
        assert_eq!(normalize_space(plain.into()), plain);
    }
    for (messy, clean) in [
        (" a", "a"),
        ("a ", "a"),
        ("a  b", "a b"),
        ("a\tb", "a b"),
        ("a\n b", "a b"),
        ("", ""),
        (" ", ""),
    ] {
        assert_eq!(normalize_space(messy.into()), clean, "{messy:?}");
    }
}

#[test]
fn the_lowercase_hash_is_the_hash_of_the_lowercase_text() {
    for text in ["Select_Related", "ÉCOLE Ünïcode", "", "JWT and OAuth2"] {
        assert_eq!(fnv1a_lowercase(text), fnv1a(&text.to_lowercase()), "{text}");
    }
}

#[test]
fn hashes_are_stable() {
    // FNV-1a of "" and "a": the published test vectors.
    assert_eq!(short_hash(""), "811c9dc5");
    assert_eq!(short_hash("a"), "e40c292c");
}
