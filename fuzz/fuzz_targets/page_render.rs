//! A whole page render: the input is one stage file (front matter and Markdown) of a
//! small site, loaded and rendered by `roadsmith check`'s pipeline (`Site::load`, then
//! `Site::render` into a sink that writes nothing, then the link checks), once with
//! raw HTML dropped and once with `unsafe_html = true`. Findings are fine; panics are not.
#![no_main]

use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use libfuzzer_sys::fuzz_target;
use roadsmith::BuildOptions;
use roadsmith::check::{CheckOptions, check};

const HOME: &str = "+++\ntitle = \"Fuzz\"\ndescription = \"A site for the fuzzer\"\n+++\nStart with [the first stage](00-first.md).\n";
const FIRST: &str = "+++\ntitle = \"First\"\nstage = 0\nduration = \"1 week\"\n+++\n## Topics\n\n- A topic\n\n## Exercises\n\n- [ ] Do it\n";

/// Two sites, safe and unsafe HTML, under fuzz/target/ (libFuzzer exits without running
/// destructors, so a temporary folder would be left behind in /tmp after every run).
fn sites() -> &'static [PathBuf; 2] {
    static SITES: OnceLock<[PathBuf; 2]> = OnceLock::new();
    SITES.get_or_init(|| {
        let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("target/page_render-sites")
            .join(std::process::id().to_string());
        [false, true].map(|unsafe_html| {
            let root = dir.join(format!("unsafe-{unsafe_html}"));
            std::fs::create_dir_all(root.join("content")).unwrap();
            std::fs::write(
                root.join("site.toml"),
                format!("title = \"Fuzz\"\ndescription = \"d\"\nbase_url = \"https://example.com/sub/\"\n[markdown]\nunsafe_html = {unsafe_html}\n"),
            )
            .unwrap();
            std::fs::write(root.join("content/_index.md"), HOME).unwrap();
            std::fs::write(root.join("content/00-first.md"), FIRST).unwrap();
            root
        })
    })
}

fuzz_target!(|data: &[u8]| {
    for root in sites() {
        std::fs::write(root.join("content/01-fuzzed.md"), data).unwrap();
        let report = check(&CheckOptions {
            build: BuildOptions {
                root: root.clone(),
                ..BuildOptions::default()
            },
            external: None,
        });
        for finding in &report.findings {
            // Every problem names a file.
            assert!(!finding.diagnostic.file.as_os_str().is_empty(), "{finding}");
        }
    }
});
