//! What a build writes besides pages and the reader's files: sitemap.xml, robots.txt,
//! .nojekyll, CNAME, the highlight stylesheets, the web app manifest and its icons
//! ([`Made`]), and the theme's and the site's static files and content assets, copied
//! ([`StaticFile`]), a stylesheet's parts joined into one file ([`join_parts`]).

use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};

use super::Site;
use super::icon::{Rgb, icon_png, parse_hex};
use super::offline::{self, ICONS, MANIFEST};
use crate::digest::{Digest, Digester};
use crate::error::Diagnostic;
use crate::highlight::{Scheme, highlight_css};
use crate::html::escape;
use crate::output::Sink;
use crate::paths::{is_ignored_name, relative};
use crate::theme::THEMES_DIR;
use crate::url::{page_path, path_of_file, stage_path};

/// The default theme's accent, for themes whose style.css names none.
const DEFAULT_ACCENT: Rgb = [0x0b, 0x6e, 0x4f];

/// The app's accent and background colours ([`colours`]), made when asked for.
pub(super) type Colours<'c> = &'c (dyn Fn() -> (Rgb, Rgb) + Sync);

/// A file roadsmith makes from the site's settings and content.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Made {
    Sitemap,
    Robots,
    NoJekyll,
    Cname,
    Highlight(Scheme),
    Manifest,
    /// `strings.js`: the scripts' words in the site's language, when not English.
    Strings,
    /// An icon, by its place in [`ICONS`].
    Icon(usize),
}

impl Made {
    /// The files a site has, in `statics` its own and its theme's static files and its
    /// assets: a file of its own by the name of the manifest or an icon wins.
    pub fn all(site: &Site, statics: &[(String, StaticFile)]) -> Vec<Made> {
        let mut made = vec![Made::Sitemap, Made::Robots, Made::NoJekyll];
        if site.config.cname.is_some() {
            made.push(Made::Cname);
        }
        if site.config.markdown.highlight {
            made.extend([
                Made::Highlight(Scheme::Light),
                Made::Highlight(Scheme::Dark),
            ]);
        }
        made.push(Made::Manifest);
        if strings_js(site).is_some() {
            made.push(Made::Strings);
        }
        made.extend((0..ICONS.len()).map(Made::Icon));
        made.retain(|m| !statics.iter().any(|(rel, _)| rel == m.rel()));
        made
    }

    pub fn rel(self) -> &'static str {
        match self {
            Made::Sitemap => "sitemap.xml",
            Made::Robots => "robots.txt",
            Made::NoJekyll => ".nojekyll",
            Made::Cname => "CNAME",
            Made::Highlight(Scheme::Light) => "highlight-light.css",
            Made::Highlight(Scheme::Dark) => "highlight-dark.css",
            Made::Manifest => MANIFEST,
            Made::Strings => "strings.js",
            Made::Icon(k) => ICONS[k].0,
        }
    }

    /// The digest of what it is made from: for an icon, a stylesheet or the sitemap,
    /// slow to make, what it is made of; for the others, their bytes.
    pub fn digest(self, site: &Site, colours: Colours) -> Digest {
        let config = &site.config;
        let content = &site.content;
        let mut d = Digester::new();
        match self {
            Made::Sitemap => {
                d.add_str(&config.base_url);
                site.languages.iter().for_each(|l| _ = d.add_str(&l.prefix));
                let stages = content.stages.iter().map(|s| &s.slug);
                stages.for_each(|slug| _ = d.add_str(slug));
                d.add_str("pages");
                content.pages.iter().for_each(|p| _ = d.add_str(&p.slug));
                d.add_u64(block_paths(site).len() as u64);
            }
            Made::Highlight(scheme) => {
                d.add_str(self.theme(site)).add_hash(&scheme);
            }
            Made::Icon(k) => {
                let (accent, _) = colours();
                d.add_str(&config.title).add(&accent).add_hash(&ICONS[k]);
            }
            _ => {
                d.add(&self.bytes(site, colours));
            }
        }
        d.finish()
    }

    fn theme(self, site: &Site) -> &str {
        let md = &site.config.markdown;
        match self {
            Made::Highlight(Scheme::Dark) => &md.highlight_theme_dark,
            _ => &md.highlight_theme,
        }
    }

    fn bytes(self, site: &Site, colours: Colours) -> Vec<u8> {
        let config = &site.config;
        match self {
            Made::Sitemap => sitemap(site).into_bytes(),
            Made::Robots => format!(
                "User-agent: *\nAllow: /\nSitemap: {}sitemap.xml\n",
                config.base_url
            )
            .into_bytes(),
            Made::NoJekyll => Vec::new(),
            Made::Cname => {
                format!("{}\n", config.cname.as_deref().unwrap_or("").trim()).into_bytes()
            }
            Made::Highlight(scheme) => highlight_css(self.theme(site), scheme)
                .unwrap_or_default()
                .into_bytes(),
            Made::Strings => strings_js(site).unwrap_or_default().into_bytes(),
            Made::Manifest => {
                let (accent, background) = colours();
                let up = "../".repeat(site.prefix().matches('/').count());
                offline::manifest(config, accent, background, &up).into_bytes()
            }
            Made::Icon(k) => {
                let previous = (site.output_dir.join(site.prefix())).join(ICONS[k].0);
                icon_png(&config.title, colours().0, ICONS[k].1, &previous)
            }
        }
    }

    pub fn write(self, site: &Site, colours: Colours, sink: &dyn Sink) -> Result<(), Diagnostic> {
        let rel = self.rel();
        sink.write(rel, &self.bytes(site, colours))
            .map_err(|e| Diagnostic::io(Path::new(rel), "write", &e))
    }
}

/// A file copied as it is, and where it comes from: the site's folders, or the
/// embedded default theme; or a stylesheet made of parts, written one after the other.
#[derive(Debug, Clone)]
pub(super) enum StaticFile {
    OnDisk(PathBuf),
    Embedded(&'static [u8]),
    /// The `*.css` files of a `<name>.css.d/` folder (or `*.js` of `<name>.js.d/`), in
    /// name order, as `<name>.css` (`<name>.js`).
    Joined(Vec<StaticFile>),
}

/// The kinds of files a static folder `<name>.<ext>.d/` joins: its `*.<ext>` files,
/// one after the other, are served as `<name>.<ext>`: `style.css.d/` as `style.css`,
/// `reader.js.d/` as `reader.js` (one request, and no source file past the project's
/// 500 lines).
pub const JOINED: [&str; 2] = [".css", ".js"];

impl StaticFile {
    /// The digest of the file as it is now: for a file on disk its size and when it was
    /// last modified (a save changes that), for an embedded one its bytes.
    pub fn digest(&self) -> Digest {
        let mut d = Digester::new();
        match self {
            StaticFile::OnDisk(path) => {
                d.add_str(&path.to_string_lossy());
                if let Ok(meta) = std::fs::metadata(path) {
                    let modified = meta.modified().ok();
                    d.add_u64(meta.len()).add_hash(&modified);
                }
            }
            StaticFile::Embedded(bytes) => _ = d.add(bytes),
            StaticFile::Joined(parts) => {
                d.add_u64(parts.len() as u64);
                parts.iter().for_each(|p| _ = d.add_u64(p.digest()));
            }
        }
        d.finish()
    }

    pub fn write(&self, site: &Site, rel: &str, sink: &dyn Sink) -> Result<(), Diagnostic> {
        match self {
            StaticFile::OnDisk(from) => sink
                .copy(rel, from)
                .map_err(|e| Diagnostic::io(&relative(&site.root, from), "copy", &e)),
            StaticFile::Embedded(bytes) => sink
                .write(rel, bytes)
                .map_err(|e| Diagnostic::io(Path::new(rel), "write", &e)),
            StaticFile::Joined(parts) => {
                let mut bytes = Vec::new();
                for part in parts {
                    bytes.extend(part.bytes().map_err(|(path, e)| {
                        Diagnostic::io(&relative(&site.root, &path), "read", &e)
                    })?);
                }
                sink.write(rel, &bytes)
                    .map_err(|e| Diagnostic::io(Path::new(rel), "write", &e))
            }
        }
    }

    /// Its bytes; a file that cannot be read is named with the error.
    fn bytes(&self) -> Result<Vec<u8>, (PathBuf, std::io::Error)> {
        match self {
            StaticFile::OnDisk(path) => std::fs::read(path).map_err(|e| (path.clone(), e)),
            StaticFile::Embedded(bytes) => Ok(bytes.to_vec()),
            StaticFile::Joined(parts) => {
                let mut all = Vec::new();
                for part in parts {
                    all.extend(part.bytes()?);
                }
                Ok(all)
            }
        }
    }

    fn text(&self) -> String {
        String::from_utf8_lossy(&self.bytes().unwrap_or_default()).into_owned()
    }
}

/// One folder's static files, by output path, with the parts of each `<name>.css.d/`
/// or `<name>.js.d/` folder ([`JOINED`]) joined in name order into `<name>.css` or
/// `<name>.js`, in place of the parts (files in it of another kind are left out). Such
/// a folder wins over a file of its name beside it.
pub(super) fn join_parts(mut files: Vec<(String, StaticFile)>) -> Vec<(String, StaticFile)> {
    files.sort_by(|a, b| a.0.cmp(&b.0));
    let mut joined: BTreeMap<String, Vec<StaticFile>> = BTreeMap::new();
    let mut plain = Vec::new();
    for (rel, file) in files {
        let (folder, name) = rel.rsplit_once('/').unwrap_or(("", &rel));
        let target = folder.strip_suffix(".d");
        match target.and_then(|t| JOINED.iter().find(|ext| t.ends_with(*ext)).map(|e| (t, e))) {
            Some((target, ext)) => {
                if name.ends_with(ext) {
                    joined.entry(target.to_string()).or_default().push(file);
                }
            }
            None => plain.push((rel, file)),
        }
    }
    plain.retain(|(rel, _)| !joined.contains_key(rel));
    plain.extend(
        joined
            .into_iter()
            .map(|(rel, parts)| (rel, StaticFile::Joined(parts))),
    );
    plain
}

/// The files copied as they are, by output path: the theme's `static/`, then the site's
/// `static/` over it, then the content's assets over both; in each static folder the
/// parts of a `<name>.css.d/` folder are one file ([`join_parts`]).
pub(super) fn static_files(site: &Site) -> Vec<(String, StaticFile)> {
    let mut files: HashMap<String, StaticFile> = HashMap::new();
    if crate::theme::use_embedded(&site.root, &site.config.theme) {
        let embedded = crate::theme::embedded_files("static").into_iter();
        let embedded = embedded.map(|f| (f.path, StaticFile::Embedded(f.contents)));
        files.extend(join_parts(embedded.collect()));
    }
    let theme_static = (site.root.join(THEMES_DIR))
        .join(&site.config.theme)
        .join("static");
    for dir in [theme_static, site.root.join("static")] {
        let mut layer = Vec::new();
        let walk = walkdir::WalkDir::new(&dir).follow_links(true);
        for entry in walk.into_iter().flatten() {
            if entry.file_type().is_file() && !is_ignored_name(&entry.file_name().to_string_lossy())
            {
                let rel = path_of_file(entry.path().strip_prefix(&dir).unwrap_or(entry.path()));
                layer.push((rel, StaticFile::OnDisk(entry.path().to_path_buf())));
            }
        }
        files.extend(join_parts(layer));
    }
    for asset in &site.content.assets {
        files.insert(asset.rel.clone(), StaticFile::OnDisk(asset.path.clone()));
    }
    let mut files: Vec<_> = files.into_iter().collect();
    files.sort_by(|a, b| a.0.cmp(&b.0));
    files
}

/// The app's colours: `accent` of site.toml, else the theme's `--accent` (and its
/// `--bg` as the background), read from its style.css.
pub(super) fn colours(site: &Site, statics: &[(String, StaticFile)]) -> (Rgb, Rgb) {
    let css = (statics.iter())
        .find(|(rel, _)| rel == "style.css")
        .map(|(_, from)| from.text())
        .unwrap_or_default();
    let accent = (site.config.accent.as_deref())
        .and_then(parse_hex)
        .or_else(|| offline::css_colour(&css, "accent"))
        .unwrap_or(DEFAULT_ACCENT);
    let background = offline::css_colour(&css, "bg").unwrap_or([255, 255, 255]);
    (accent, background)
}

/// `strings.js` of the site's language (see [`crate::i18n::functions::strings_js`]).
fn strings_js(site: &Site) -> Option<String> {
    crate::i18n::functions::strings_js(site.i18n.strings(&site.config.language))
}

/// The paths of the blocks a very long roadmap is listed in (see
/// [`crate::templates::blocks`]), when the theme draws them.
fn block_paths(site: &Site) -> Vec<String> {
    if !site.templates.has("block.html") {
        return Vec::new();
    }
    let count = crate::templates::blocks::block_count(site.content.stages.len());
    (1..=count)
        .map(crate::templates::blocks::block_path)
        .collect()
}

/// `sitemap.xml`: every page; with several languages, every page in each, each with
/// its alternates (Google's `xhtml:link`).
fn sitemap(site: &Site) -> String {
    let base = escape(&site.config.base_url);
    let many = site.languages.len() > 1;
    let mut xml = String::from(if many {
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\" xmlns:xhtml=\"http://www.w3.org/1999/xhtml\">\n"
    } else {
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n"
    });
    let paths = std::iter::once(String::new())
        .chain(site.content.stages.iter().map(|s| stage_path(&s.slug)))
        .chain(site.content.pages.iter().map(|p| page_path(&p.slug)))
        .chain(block_paths(site));
    for path in paths {
        let path = escape(&path);
        for language in &site.languages {
            let prefix = escape(&language.prefix);
            // Each part escaped alone is the whole escaped: escaping works a character at a time.
            for part in ["  <url><loc>", &base, &prefix, &path, "</loc>"] {
                xml.push_str(part);
            }
            if many {
                for other in &site.languages {
                    let code = escape(&other.code);
                    let at = escape(&other.prefix);
                    for part in [
                        "\n    <xhtml:link rel=\"alternate\" hreflang=\"",
                        &code,
                        "\" href=\"",
                        &base,
                        &at,
                        &path,
                        "\"/>",
                    ] {
                        xml.push_str(part);
                    }
                }
                for part in [
                    "\n    <xhtml:link rel=\"alternate\" hreflang=\"x-default\" href=\"",
                    &base,
                    &path,
                    "\"/>\n  ",
                ] {
                    xml.push_str(part);
                }
            }
            xml.push_str("</url>\n");
        }
    }
    xml.push_str("</urlset>\n");
    xml
}

#[cfg(test)]
mod tests {
    use super::*;

    fn embedded(files: &[(&str, &'static str)]) -> Vec<(String, StaticFile)> {
        let files = files
            .iter()
            .map(|(rel, text)| (rel.to_string(), StaticFile::Embedded(text.as_bytes())));
        files.collect()
    }

    fn texts(files: &[(String, StaticFile)]) -> Vec<(&str, String)> {
        files
            .iter()
            .map(|(rel, f)| (rel.as_str(), f.text()))
            .collect()
    }

    #[test]
    fn a_css_d_folder_is_one_stylesheet_of_its_css_parts_in_name_order() {
        let files = join_parts(embedded(&[
            ("style.css.d/20-b.css", "b\n"),
            ("app.js", "js"),
            ("style.css.d/README.md", "not a part"),
            ("style.css.d/10-a.css", "a\n"),
            ("style.css", "replaced by the folder"),
            ("print/x.css.d/1.css", "x"),
            ("notes.d/1.css", "not joined"),
            ("reader.js.d/2.js", "})();\n"),
            ("reader.js.d/1.js", "(function () {\n"),
            ("reader.js.d/3.css", "not a script"),
        ]));
        assert_eq!(
            texts(&files),
            [
                ("app.js", "js".to_string()),
                ("notes.d/1.css", "not joined".into()),
                ("print/x.css", "x".into()),
                ("reader.js", "(function () {\n})();\n".into()),
                ("style.css", "a\nb\n".into()),
            ]
        );
    }

    #[test]
    fn a_joined_file_changes_when_a_part_does() {
        let digest = |parts: &[(&str, &'static str)]| join_parts(embedded(parts))[0].1.digest();
        let before = digest(&[("s.css.d/1.css", "a"), ("s.css.d/2.css", "b")]);
        assert_ne!(
            before,
            digest(&[("s.css.d/1.css", "a"), ("s.css.d/2.css", "c")])
        );
        assert_ne!(before, digest(&[("s.css.d/1.css", "ab")]));
        assert_eq!(
            before,
            digest(&[("s.css.d/2.css", "b"), ("s.css.d/1.css", "a")])
        );
    }
}
