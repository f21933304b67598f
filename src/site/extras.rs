//! What a build writes besides pages: sitemap.xml, robots.txt, .nojekyll, CNAME, the
//! highlight stylesheets, the theme's and the site's static files, content assets, the
//! web app manifest and its icons, and last the service worker ([`super::offline`]).

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use super::Site;
use super::icon::{Rgb, icon_png, parse_hex};
use super::offline::{self, MANIFEST, SERVICE_WORKER, WrittenFile};
use super::write::Written;
use crate::error::Diagnostic;
use crate::highlight::{Scheme, highlight_css};
use crate::html::escape;
use crate::output::Sink;
use crate::paths::{is_ignored_name, relative};
use crate::theme::THEMES_DIR;
use crate::url::{page_path, path_of_file, stage_path};

/// The default theme's accent, for themes whose style.css names none.
const DEFAULT_ACCENT: Rgb = [0x0b, 0x6e, 0x4f];

/// Where a static file comes from: the site's folders, or the embedded default theme.
enum StaticFile {
    OnDisk(PathBuf),
    Embedded(&'static [u8]),
}

impl Site {
    /// sitemap.xml, robots.txt, .nojekyll, CNAME, highlight CSS, theme and content assets.
    pub(super) fn write_extras(&self, sink: &dyn Sink) -> Written {
        let mut out = Vec::new();
        let write = |rel: &str, bytes: &[u8]| {
            sink.write(rel, bytes)
                .map_err(|e| Diagnostic::io(Path::new(rel), "write", &e))
        };
        out.push(write("sitemap.xml", self.sitemap().as_bytes()));
        let robots = format!(
            "User-agent: *\nAllow: /\nSitemap: {}sitemap.xml\n",
            self.config.base_url
        );
        out.push(write("robots.txt", robots.as_bytes()));
        out.push(write(".nojekyll", b""));
        if let Some(cname) = &self.config.cname {
            out.push(write("CNAME", format!("{}\n", cname.trim()).as_bytes()));
        }
        let md = &self.config.markdown;
        if md.highlight {
            for (file, theme, scheme) in [
                ("highlight-light.css", &md.highlight_theme, Scheme::Light),
                ("highlight-dark.css", &md.highlight_theme_dark, Scheme::Dark),
            ] {
                let css = highlight_css(theme, scheme).unwrap_or_default();
                out.push(write(file, css.as_bytes()));
            }
        }
        let copy = |rel: &str, from: &Path| {
            sink.copy(rel, from)
                .map_err(|e| Diagnostic::io(&relative(&self.root, from), "copy", &e))
        };
        let statics = self.static_files();
        for (rel, from) in &statics {
            out.push(match from {
                StaticFile::OnDisk(from) => copy(rel, from),
                StaticFile::Embedded(bytes) => write(rel, bytes),
            });
        }
        for asset in &self.content.assets {
            out.push(copy(&asset.rel, &asset.path));
        }
        // A file of the site's own by the same name wins over what roadsmith makes.
        let (statics, assets) = (&statics, &self.content.assets);
        let theirs = |name: &str| {
            statics.iter().any(|(rel, _)| rel == name) || assets.iter().any(|a| a.rel == name)
        };
        let t = std::time::Instant::now();
        let (accent, background) = self.colours(statics);
        if !theirs(MANIFEST) {
            out.push(write(
                MANIFEST,
                offline::manifest(&self.config, accent, background).as_bytes(),
            ));
        }
        // Drawn only when the site has no icon of its own by that name.
        for (file, size) in offline::ICONS {
            if !theirs(file) {
                out.push(write(file, &icon_png(&self.config.title, accent, size)));
            }
        }
        super::lap("manifest, icons", t);
        out
    }

    /// `sw.js`, made of every file the render wrote, unless the site has its own.
    pub(super) fn write_service_worker(&self, sink: &dyn Sink, files: Vec<WrittenFile>) -> Written {
        if files.iter().any(|f| f.rel == SERVICE_WORKER) {
            return Vec::new();
        }
        let t = std::time::Instant::now();
        let worker = offline::service_worker(&files);
        super::lap("service worker", t);
        vec![
            sink.write(SERVICE_WORKER, worker.as_bytes())
                .map_err(|e| Diagnostic::io(Path::new(SERVICE_WORKER), "write", &e)),
        ]
    }

    /// The app's colours: `accent` of site.toml, else the theme's `--accent` (and its
    /// `--bg` as the background), read from its style.css.
    fn colours(&self, statics: &[(String, StaticFile)]) -> (Rgb, Rgb) {
        let css = statics
            .iter()
            .find(|(rel, _)| rel == "style.css")
            .map(|(_, from)| match from {
                StaticFile::OnDisk(path) => std::fs::read_to_string(path).unwrap_or_default(),
                StaticFile::Embedded(bytes) => String::from_utf8_lossy(bytes).into_owned(),
            })
            .unwrap_or_default();
        let accent = self
            .config
            .accent
            .as_deref()
            .and_then(parse_hex)
            .or_else(|| offline::css_colour(&css, "accent"))
            .unwrap_or(DEFAULT_ACCENT);
        let background = offline::css_colour(&css, "bg").unwrap_or([255, 255, 255]);
        (accent, background)
    }

    /// The theme's `static/` then the site's `static/`, each file as (output path, source).
    fn static_files(&self) -> Vec<(String, StaticFile)> {
        let mut files: HashMap<String, StaticFile> = HashMap::new();
        if crate::theme::use_embedded(&self.root, &self.config.theme) {
            for file in crate::theme::embedded_files("static") {
                files.insert(file.path, StaticFile::Embedded(file.contents));
            }
        }
        let theme_static = self
            .root
            .join(THEMES_DIR)
            .join(&self.config.theme)
            .join("static");
        for dir in [theme_static, self.root.join("static")] {
            let walk = walkdir::WalkDir::new(&dir).follow_links(true);
            for entry in walk.into_iter().flatten() {
                if entry.file_type().is_file()
                    && !is_ignored_name(&entry.file_name().to_string_lossy())
                {
                    let rel = path_of_file(entry.path().strip_prefix(&dir).unwrap_or(entry.path()));
                    files.insert(rel, StaticFile::OnDisk(entry.path().to_path_buf()));
                }
            }
        }
        let mut files: Vec<_> = files.into_iter().collect();
        files.sort_by(|a, b| a.0.cmp(&b.0));
        files
    }

    fn sitemap(&self) -> String {
        let base = &self.config.base_url;
        let mut xml = String::from(
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n",
        );
        let paths = std::iter::once(String::new())
            .chain(self.content.stages.iter().map(|s| stage_path(&s.slug)))
            .chain(self.content.pages.iter().map(|p| page_path(&p.slug)));
        for path in paths {
            let loc = format!("{base}{path}");
            xml.push_str(&format!("  <url><loc>{}</loc></url>\n", escape(&loc)));
        }
        xml.push_str("</urlset>\n");
        xml
    }
}
