//! Item texts: normalized, hashed lowercase.

use super::*;

#[test]
fn normalized_keeps_words_and_single_spaces() {
    assert_eq!(normalized("  a \n\t b\u{a0}c  "), "a b c");
    assert_eq!(normalized(" \n "), "");
    assert_eq!(normalized("é  ü"), "é ü");
}

#[test]
fn plain_texts_are_kept_and_others_normalized() {
    for plain in [
        "a",
        "a b",
        "select_related() and `x`",
        "x.y, z!",
        "Docs — the ORM",
        "café",
    ] {
        assert_eq!(normalized(plain), plain);
        assert!(is_normalized(plain));
    }
    for (messy, clean) in [
        (" a", "a"),
        ("a ", "a"),
        ("a  b", "a b"),
        ("a\tb", "a b"),
        ("a\n b", "a b"),
        ("", ""),
        (" ", ""),
        ("Docs\u{2003}— ORM", "Docs — ORM"),
        ("a\u{1}b", "a\u{1}b"),
    ] {
        assert_eq!(normalized(messy), clean, "{messy:?}");
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
    for h in [0, 0xf, 0xabc, 0x0100_0193, u32::MAX] {
        assert_eq!(hex(h), format!("{h:08x}"));
    }
    // Lowercase hashed as it comes, as the lowercased text would be.
    for text in [
        "ORM",
        "Straße",
        "İstanbul",
        "ΣΑΣ ΟΔΟΣ",
        "École Élan",
        "日本語 ABC",
    ] {
        assert_eq!(fnv1a_lowercase(text), fnv1a(&text.to_lowercase()), "{text}");
    }
    // Lines hashed as they come are hashed as joined.
    for lines in [&[][..], &[""], &["a"], &["s/1", "s/2"], &["", "x", ""]] {
        assert_eq!(
            short_hash_lines(lines.iter().copied()),
            short_hash(&lines.join("\n"))
        );
    }
}
