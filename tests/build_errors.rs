//! `roadsmith build` on bad input, through the real binary: each fixture of
//! tests/fixtures/bad/ (laid over minimal), a folder without site.toml, invalid UTF-8
//! and a symbolic link loop fail with exit status 1 and a message naming the file (and
//! line); the bad fixtures leave the previous `public/` exactly as it was.

mod common;

use common::*;

/// Each fixture of tests/fixtures/bad/, laid over minimal, and what the error must say.
const BAD_INPUTS: &[(&str, &[&str])] = &[
    (
        "bad-duration",
        &[
            "content/01-second.md:4:",
            "unreadable duration \"two weeks\"",
            "hint:",
        ],
    ),
    (
        "duplicate-stage",
        &[
            "stage 1 is used twice",
            "content/01-second.md",
            "content/02-again.md",
        ],
    ),
    ("missing-title", &["content/01-second.md:1:", "no `title`"]),
    ("unknown-site-key", &["site.toml:4:", "colour"]),
    (
        "bad-keep",
        &[
            "site.toml:6:",
            "keep lists \"../notes\"",
            "hint: list names",
        ],
    ),
    (
        "bad-plan-hours",
        &["site.toml:6:", "hours_per_week is 0", "from 1 to 80 hours"],
    ),
    ("broken-link", &["content/01-second.md:8:", "05-forms.md"]),
    (
        "broken-anchor",
        &["content/01-second.md:8:", "#no-such-heading", "#exercises"],
    ),
    ("bad-front-matter", &["content/01-second.md:3:"]),
    (
        "no-front-matter",
        &["content/01-second.md:1:", "does not start with `+++`"],
    ),
    (
        "negative-stage",
        &["content/01-second.md:3:", "out of range"],
    ),
    (
        "bad-slug",
        &["content/01-second.md:5:", "cannot be a URL segment"],
    ),
    ("output-is-content", &["site.toml", "inside content/"]),
    (
        "output-outside-root",
        &["site.toml", "outside the site folder"],
    ),
    ("missing-theme", &["theme \"nope\" not found"]),
    ("template-syntax-error", &["templates/page.html:"]),
    ("template-runtime-error", &["templates/stage.html:4:"]),
    ("bad-site-toml", &["site.toml:2:"]),
    ("missing-base-url", &["site.toml", "base_url"]),
    (
        "bad-base-url",
        &["site.toml:3:", "must start with https://"],
    ),
    (
        "unknown-highlight-theme",
        &["site.toml", "unknown highlight theme", "InspiredGitHub"],
    ),
    (
        "mistyped-stage",
        &["content/01-second.md:3:", "expected a whole number"],
    ),
    ("huge-stage", &["content/01-second.md:3:", "out of range"]),
    (
        "unknown-front-matter-key",
        &["content/01-second.md:5:", "difficulty"],
    ),
    (
        "missing-duration",
        &["content/01-second.md:3:", "no `duration`"],
    ),
    (
        "duration-without-stage",
        &["content/notes.md:1:", "only for stages"],
    ),
    ("empty-file", &["content/01-second.md:1:", "empty"]),
    (
        "unclosed-front-matter",
        &["content/01-second.md:1:", "never closed"],
    ),
    (
        "duplicate-slug",
        &[
            "content/07-again.md",
            "slug \"second\" is also used by content/01-second.md",
        ],
    ),
    (
        "requires-unknown-slug",
        &[
            "content/01-second.md:5: requires \"frist\", but no stage has that slug",
            "hint: did you mean \"first\"?",
        ],
    ),
    (
        "requires-cycle",
        &[
            "content/00-first.md:5:",
            "00-first.md → 01-second.md → 00-first.md",
        ],
    ),
    (
        "requires-itself",
        &[
            "content/01-second.md:5:",
            "stage \"second\" requires itself",
        ],
    ),
    (
        "requires-optional",
        &[
            "content/01-second.md:5:",
            "requires \"first\" (00-first.md), which is optional",
            "hint:",
        ],
    ),
    (
        "requires-on-page",
        &["content/notes.md:1:", "`requires` is only for stages"],
    ),
];

/// Each bad input: exit status 1, a message naming the file (and line), and the previous
/// `public/` exactly as it was.
#[test]
fn bad_input_fails_clearly_and_leaves_public_untouched() {
    for (case, expected) in BAD_INPUTS {
        let site = site(&["minimal", &format!("bad/{case}")]);
        let public = site.path().join("public");
        std::fs::create_dir_all(public.join("stages")).unwrap();
        std::fs::write(public.join("index.html"), "previous build").unwrap();
        std::fs::write(public.join("stages/keep.html"), "keep me").unwrap();
        mark_as_built(&public);
        let before = snapshot(&public);

        let out = build(site.path(), &[]);
        let err = stderr(&out);
        assert_eq!(out.status.code(), Some(1), "{case}: {err}");
        assert!(!err.contains("panicked"), "{case}: {err}");
        for needle in *expected {
            assert!(
                err.contains(needle),
                "{case}: expected {needle:?} in:\n{err}"
            );
        }
        assert_eq!(snapshot(&public), before, "{case}: public/ changed");
        let leftovers = std::fs::read_dir(site.path())
            .unwrap()
            .flatten()
            .filter(|e| e.file_name().to_string_lossy().contains("roadsmith-"))
            .count();
        assert_eq!(leftovers, 0, "{case}: staging folder left behind");
    }
}

#[test]
fn no_site_toml_says_where_it_looked() {
    let empty = tempfile::tempdir().unwrap();
    let out = build(empty.path(), &[]);
    assert_eq!(out.status.code(), Some(1));
    assert!(stderr(&out).contains("site.toml"));
}

#[test]
fn invalid_utf8_and_symlink_loops_are_named() {
    let bad = site(&["minimal"]);
    std::fs::write(
        bad.path().join("content/01-second.md"),
        b"+++\ntitle = \"x\"\nstage = 1\nduration = \"1 week\"\n+++\nline\n\xff\xfe bad\n",
    )
    .unwrap();
    let out = build(bad.path(), &[]);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stderr(&out).contains("content/01-second.md:7: the file is not valid UTF-8"),
        "{}",
        stderr(&out)
    );

    // Symbolic links need no privilege only on Unix.
    #[cfg(unix)]
    {
        let looped = site(&["minimal"]);
        std::os::unix::fs::symlink(
            looped.path().join("content"),
            looped.path().join("content/loop"),
        )
        .unwrap();
        let out = build(looped.path(), &[]);
        assert_eq!(out.status.code(), Some(1));
        assert!(
            stderr(&out).contains("content/loop") && stderr(&out).contains("loop"),
            "{}",
            stderr(&out)
        );
    }
}
