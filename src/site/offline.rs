//! Offline and installable: the service worker a build writes last, `sw.js`, which
//! precaches the site from a list made of what the build wrote and carries a version
//! hashed from all of it (so each deployment that changes anything replaces the readers'
//! copy on their next visit), and the web app manifest with its icons ([`super::icon`]).
//! The theme's script registers `sw.js` ([`crate::serve`] answers it with a worker
//! that removes itself, so a preview is never an old copy).

use std::io::{self, Write};
use std::path::Path;
use std::sync::{Mutex, PoisonError};

use serde::Serialize;

use super::icon::{Rgb, hex};
use crate::config::SiteConfig;
use crate::output::Sink;

/// Where the service worker is written, at the top of the site: its scope is the
/// site's base path.
pub const SERVICE_WORKER: &str = "sw.js";
pub const MANIFEST: &str = "manifest.webmanifest";
/// The icons' files and sizes.
pub const ICONS: [(&str, usize); 2] = [("icon-192.png", 192), ("icon-512.png", 512)];

/// Files never precached: what only crawlers and hosts read, and the worker itself.
const NOT_PRECACHED: [&str; 5] = [
    SERVICE_WORKER,
    "robots.txt",
    "sitemap.xml",
    "CNAME",
    ".nojekyll",
];

/// Up to this many bytes of files, the whole site is kept for reading offline, from a
/// reader's second page on (the first visit keeps only what it loaded and the shell, so
/// that it stays light); beyond it, pages are kept as they are visited.
pub const PRECACHE_LIMIT: u64 = 10 * 1024 * 1024;

/// What the worker keeps when it installs: the manifest and the small icon (the page's
/// icon too), which the browser fetches past the worker. What a page loads (styles,
/// scripts, data) the page names to it, and what it loads later passes through it; the
/// large icon is kept with the whole site.
fn is_shell(rel: &str) -> bool {
    rel.ends_with(".webmanifest") || rel == ICONS[0].0
}

const WORKER: &str = include_str!("sw.js");

/// One file a build wrote: its path below the output folder, size and CRC-32.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WrittenFile {
    pub rel: String,
    pub len: u64,
    pub crc: u32,
}

/// A [`Sink`] that passes everything on and remembers each file's size and checksum.
pub struct Recorder<'a> {
    inner: &'a dyn Sink,
    files: Mutex<Vec<WrittenFile>>,
    /// The files an update deleted (search files cut differently).
    removed: Mutex<Vec<String>>,
}

impl<'a> Recorder<'a> {
    pub fn new(inner: &'a dyn Sink) -> Recorder<'a> {
        Recorder {
            inner,
            files: Mutex::new(Vec::new()),
            removed: Mutex::new(Vec::new()),
        }
    }

    fn record(&self, rel: &str, len: u64, crc: u32) {
        let mut files = self.files.lock().unwrap_or_else(PoisonError::into_inner);
        files.push(WrittenFile {
            rel: rel.to_string(),
            len,
            crc,
        });
    }

    /// What was written so far, by path (and forgets it).
    pub fn take_files(&self) -> Vec<WrittenFile> {
        let mut files =
            std::mem::take(&mut *self.files.lock().unwrap_or_else(PoisonError::into_inner));
        files.sort_by(|a, b| a.rel.cmp(&b.rel));
        files
    }

    /// What was deleted so far (and forgets it).
    pub fn take_removed(&self) -> Vec<String> {
        std::mem::take(&mut *self.removed.lock().unwrap_or_else(PoisonError::into_inner))
    }
}

/// Counts and checksums the bytes written through it.
struct Summing<'w, 's> {
    inner: &'w mut dyn Write,
    crc: &'s mut flate2::Crc,
    len: &'s mut u64,
}

impl Write for Summing<'_, '_> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        let n = self.inner.write(buf)?;
        self.crc.update(&buf[..n]);
        *self.len += n as u64;
        Ok(n)
    }

    fn flush(&mut self) -> io::Result<()> {
        self.inner.flush()
    }
}

impl Sink for Recorder<'_> {
    fn write(&self, rel: &str, bytes: &[u8]) -> io::Result<()> {
        self.inner.write(rel, bytes)?;
        let mut crc = flate2::Crc::new();
        crc.update(bytes);
        self.record(rel, bytes.len() as u64, crc.sum());
        Ok(())
    }

    fn copy(&self, rel: &str, from: &Path) -> io::Result<()> {
        self.inner.copy(rel, from)?;
        let (mut crc, mut len) = (flate2::Crc::new(), 0u64);
        let mut file = std::fs::File::open(from)?;
        let mut buf = vec![0; 1 << 16];
        loop {
            let n = io::Read::read(&mut file, &mut buf)?;
            if n == 0 {
                break;
            }
            crc.update(&buf[..n]);
            len += n as u64;
        }
        self.record(rel, len, crc.sum());
        Ok(())
    }

    fn write_with(
        &self,
        rel: &str,
        fill: &mut dyn FnMut(&mut dyn Write) -> io::Result<()>,
    ) -> io::Result<()> {
        let (mut crc, mut len) = (flate2::Crc::new(), 0u64);
        self.inner.write_with(rel, &mut |w| {
            fill(&mut Summing {
                inner: w,
                crc: &mut crc,
                len: &mut len,
            })
        })?;
        self.record(rel, len, crc.sum());
        Ok(())
    }

    fn remove(&self, rel: &str) -> io::Result<()> {
        self.inner.remove(rel)?;
        let mut removed = self.removed.lock().unwrap_or_else(PoisonError::into_inner);
        removed.push(rel.to_string());
        Ok(())
    }
}

/// The build's version: a hash of every file's path, size and checksum, 16 hex digits.
pub fn version(files: &[WrittenFile]) -> String {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    let mut eat = |bytes: &[u8]| {
        for &b in bytes {
            h ^= u64::from(b);
            h = h.wrapping_mul(0x0100_0000_01b3);
        }
    };
    for f in files {
        eat(f.rel.as_bytes());
        eat(&[0]);
        eat(&f.len.to_le_bytes());
        eat(&f.crc.to_le_bytes());
    }
    format!("{h:016x}")
}

/// The URL readers reach a file at, relative to the site's top (where `sw.js` is):
/// `stages/orm/` for `stages/orm/index.html`, `./` for the overview, other files as
/// they are.
fn url_of(rel: &str) -> String {
    match rel.strip_suffix("index.html") {
        Some("") => "./".to_string(),
        Some(dir) if dir.ends_with('/') => dir.to_string(),
        _ => rel.to_string(),
    }
}

/// The files that may be kept: not the hosts' and crawlers' files, nor the worker.
fn keepable(files: &[WrittenFile]) -> impl Iterator<Item = &WrittenFile> {
    files.iter().filter(|f| {
        !NOT_PRECACHED.contains(&f.rel.as_str()) && !f.rel.split('/').any(|p| p.starts_with('.'))
    })
}

/// The shell's URLs ([`is_shell`]): kept when the worker installs.
pub fn shell_list(files: &[WrittenFile]) -> Vec<String> {
    (keepable(files).filter(|f| is_shell(&f.rel)))
        .map(|f| url_of(&f.rel))
        .collect()
}

/// Every URL of the site, when its files add up to [`PRECACHE_LIMIT`] or less: kept
/// from a reader's second page on (the page asks); none beyond it.
pub fn precache_list(files: &[WrittenFile]) -> Vec<String> {
    let total: u64 = keepable(files).map(|f| f.len).sum();
    if total > PRECACHE_LIMIT {
        return Vec::new();
    }
    keepable(files).map(|f| url_of(&f.rel)).collect()
}

/// `sw.js`: the version and the lists, then the worker's code.
pub fn service_worker(files: &[WrittenFile]) -> String {
    let json = |list: Vec<String>| serde_json::to_string(&list).unwrap_or_else(|_| "[]".into());
    format!(
        "var VERSION = \"{}\";\nvar SHELL = {};\nvar PRECACHE = {};\n{WORKER}",
        version(files),
        json(shell_list(files)),
        json(precache_list(files)),
    )
}

#[derive(Serialize)]
struct Manifest<'a> {
    name: &'a str,
    short_name: String,
    description: &'a str,
    lang: &'a str,
    dir: &'a str,
    start_url: &'a str,
    scope: &'a str,
    display: &'a str,
    background_color: String,
    theme_color: String,
    icons: Vec<Icon>,
}

#[derive(Serialize)]
struct Icon {
    src: String,
    sizes: String,
    #[serde(rename = "type")]
    kind: &'static str,
    purpose: &'static str,
}

/// A name for a home screen: the title if it is short, else its words that fit.
fn short_name(title: &str) -> String {
    const MAX: usize = 12;
    if title.chars().count() <= MAX {
        return title.to_string();
    }
    let mut out = String::new();
    for word in title.split_whitespace() {
        let longer = out.chars().count() + usize::from(!out.is_empty()) + word.chars().count();
        if longer > MAX {
            break;
        }
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(word);
    }
    if out.is_empty() {
        out = title.chars().take(MAX).collect();
    }
    out
}

/// `manifest.webmanifest`: the site installable as an app, opening on the overview.
/// URLs are relative to the manifest, at the top of the site.
/// In a language's folder (`fr/`), the icons are `up` from it: `../`.
pub fn manifest(config: &SiteConfig, accent: Rgb, background: Rgb, up: &str) -> String {
    let mut icons = Vec::new();
    for (src, size) in ICONS {
        for purpose in ["any", "maskable"] {
            icons.push(Icon {
                src: format!("{up}{src}"),
                sizes: format!("{size}x{size}"),
                kind: "image/png",
                purpose,
            });
        }
    }
    let manifest = Manifest {
        name: &config.title,
        short_name: short_name(&config.title),
        description: &config.description,
        lang: &config.language,
        dir: config.direction().as_str(),
        start_url: "./",
        scope: "./",
        display: "standalone",
        background_color: hex(background),
        theme_color: hex(accent),
        icons,
    };
    serde_json::to_string_pretty(&manifest).unwrap_or_default() + "\n"
}

/// The first colour of `--NAME:` in a stylesheet (the light one of `light-dark()`).
pub fn css_colour(css: &str, name: &str) -> Option<Rgb> {
    let at = css.find(&format!("--{name}:"))?;
    let value = &css[at..];
    let value = &value[..value.find(';').unwrap_or(value.len())];
    let hash = value.find('#')?;
    let digits: String = value[hash + 1..]
        .chars()
        .take_while(char::is_ascii_hexdigit)
        .collect();
    super::icon::parse_hex(&format!("#{digits}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn file(rel: &str, len: u64) -> WrittenFile {
        WrittenFile {
            rel: rel.into(),
            len,
            crc: 7,
        }
    }

    #[test]
    fn pages_are_precached_as_readers_reach_them_and_hosts_files_not_at_all() {
        let files = [
            file(".nojekyll", 0),
            file("404.html", 10),
            file("index.html", 10),
            file("robots.txt", 10),
            file("roadmap.json", 10),
            file("sitemap.xml", 10),
            file("stages/orm/index.html", 10),
            file("img/a.png", 10),
            file("style.css", 10),
            file("fr/manifest.webmanifest", 10),
            file("icon-192.png", 10),
            file("sw.js", 10),
        ];
        assert_eq!(
            precache_list(&files),
            [
                "404.html",
                "./",
                "roadmap.json",
                "stages/orm/",
                "img/a.png",
                "style.css",
                "fr/manifest.webmanifest",
                "icon-192.png"
            ]
        );
        assert_eq!(
            shell_list(&files),
            ["fr/manifest.webmanifest", "icon-192.png"]
        );
        let big = [
            file("index.html", PRECACHE_LIMIT),
            file("manifest.webmanifest", 1),
            file("stages/orm/index.html", 1),
            file("roadmap.json", 1),
            file("search/meta.json", 1),
        ];
        assert!(precache_list(&big).is_empty());
        assert_eq!(shell_list(&big), ["manifest.webmanifest"]);
    }

    #[test]
    fn the_version_changes_with_any_byte_and_only_then() {
        let files = vec![file("a.html", 3), file("b.css", 4)];
        let same = version(&files);
        assert_eq!(same, version(&files.clone()));
        assert_eq!(same.len(), 16);
        let mut other = files.clone();
        other[1].crc = 8;
        assert_ne!(version(&other), same);
        other[1].crc = 7;
        other[0].rel = "c.html".into();
        assert_ne!(version(&other), same);
    }

    #[test]
    fn the_recorder_sums_what_every_kind_of_write_writes() {
        struct Nowhere;
        impl Sink for Nowhere {
            fn write(&self, _: &str, _: &[u8]) -> io::Result<()> {
                Ok(())
            }
            fn copy(&self, _: &str, _: &Path) -> io::Result<()> {
                Ok(())
            }
        }
        let dir = tempfile::tempdir().unwrap();
        let asset = dir.path().join("a.txt");
        std::fs::write(&asset, b"hello").unwrap();
        let recorder = Recorder::new(&Nowhere);
        recorder.write("w.txt", b"hello").unwrap();
        recorder.copy("c.txt", &asset).unwrap();
        recorder
            .write_with("s.txt", &mut |w| {
                w.write_all(b"hel")?;
                w.write_all(b"lo")
            })
            .unwrap();
        let files = recorder.take_files();
        assert_eq!(files.len(), 3);
        for f in &files {
            assert_eq!((f.len, f.crc), (5, 0x3610_a686), "{}", f.rel);
        }
    }

    #[test]
    fn manifests_name_the_site_and_its_colours() {
        assert_eq!(short_name("Django Developer Roadmap"), "Django");
        assert_eq!(short_name("Rust"), "Rust");
        assert_eq!(short_name("Supercalifragilistic"), "Supercalifra");
        assert_eq!(
            css_colour(
                ":root { --accent: light-dark(#0b6e4f, #5fd4a2); --bg: #fff; }",
                "accent"
            ),
            Some([11, 110, 79])
        );
        assert_eq!(css_colour("--accent: LinkText;", "accent"), None);
    }
}
