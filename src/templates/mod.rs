//! tera: loading a theme's templates (and the site's overrides; HTML ones without their
//! lines' indentation, [`unindent`]) and drawing pages with them; what each template
//! reads of its context ([`reads`]); the view structs that are all templates ever see of
//! the model ([`views`]), and the blocks a very long roadmap is listed in ([`blocks`]).

pub mod blocks;
mod lexer;
pub mod reads;
mod unindent;
pub mod views;

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

use tera::{Context, ErrorKind, Tera};
use walkdir::WalkDir;

use crate::digest::{Digest, Digester};
use crate::error::{BuildError, Diagnostic};
use crate::paths::{is_ignored_name, relative};
use crate::theme::THEMES_DIR;
use crate::url::path_of_file;
pub use blocks::StageBlock;
pub use reads::Reads;
pub use views::{
    HomeView, Html, PRINT_PART_STAGES, PageView, PrintPart, SiteView, StageLink, StageView,
    TotalView,
};

/// A site's own templates, overriding the theme's by file name.
pub const SITE_TEMPLATES_DIR: &str = "templates";

/// The templates every theme must provide.
pub const REQUIRED: [&str; 4] = ["index.html", "stage.html", "page.html", "404.html"];

pub struct Templates {
    tera: Tera,
    /// Template name -> file it was read from, for error messages.
    files: HashMap<String, PathBuf>,
    /// Template name -> its text, for what it reads.
    texts: HashMap<String, String>,
    /// What each template reads with each set of variables, and the digest of the
    /// templates it uses, once found: the templates do not change while loaded.
    known: Mutex<Known>,
    /// The templates cut into tokens, for what they read.
    cut: reads::Cut,
}

#[derive(Default)]
struct Known {
    reads: HashMap<(String, Vec<String>), Arc<Reads>>,
    digests: HashMap<String, Digest>,
}

impl Templates {
    /// Loads `themes/<theme>/templates/`, then the site's `templates/` over it.
    pub fn load(root: &Path, theme: &str) -> Result<Templates, BuildError> {
        let theme_dir = root.join(THEMES_DIR).join(theme).join("templates");
        let embedded = crate::theme::use_embedded(root, theme);
        if !embedded && !theme_dir.is_dir() {
            return Err(Diagnostic::new(
                crate::config::CONFIG_FILE,
                format!(
                    "theme \"{theme}\" not found: there is no {}",
                    relative(root, &theme_dir).display()
                ),
            )
            .with_hint(
                "set `theme` in site.toml to a folder of themes/, or remove it to use \"default\"",
            )
            .into());
        }
        let mut sources = Sources::new();
        let mut errors = Vec::new();
        if embedded {
            read_embedded(&mut sources, &mut errors);
        }
        for dir in [theme_dir, root.join(SITE_TEMPLATES_DIR)] {
            read_folder(root, &dir, &mut sources, &mut errors);
        }
        for name in REQUIRED.iter().filter(|n| !sources.contains_key(**n)) {
            let file = Path::new(THEMES_DIR)
                .join(theme)
                .join("templates")
                .join(name);
            errors.push(
                Diagnostic::new(file, format!("the theme has no {name}")).with_hint(format!(
                    "add {name} to the theme or to the site's templates/ folder"
                )),
            );
        }
        if !errors.is_empty() {
            return Err(errors.into());
        }
        let mut tera = Tera::new();
        crate::i18n::functions::register(&mut tera);
        let (mut files, mut texts) = (HashMap::new(), HashMap::new());
        for (name, (file, text)) in sources {
            let text = match name.ends_with(".html") {
                true => unindent::unindent(&text),
                false => text,
            };
            files.insert(name.clone(), file);
            texts.insert(name, text);
        }
        // What the templates read is cut from their text beside tera's parse, which
        // is the longest part of loading a small site.
        let (result, cut) = rayon::join(
            || tera.add_raw_templates(texts.iter().map(|(n, t)| (n.as_str(), t.as_str()))),
            || reads::Cut::new(&texts),
        );
        let templates = Templates {
            tera,
            files,
            texts,
            known: Mutex::default(),
            cut,
        };
        result.map_err(|e| templates.diagnostic(&e))?;
        Ok(templates)
    }

    /// The theme (or the site) provides this optional template.
    pub fn has(&self, name: &str) -> bool {
        self.files.contains_key(name)
    }

    /// The page template `name` draws with `context`.
    pub fn draw(&self, name: &str, context: &Context) -> Result<String, Diagnostic> {
        self.tera
            .render(name, context)
            .map_err(|e| self.diagnostic(&e).with_template(name, &self.files))
    }

    /// What drawing `name` reads of a context that holds the variables `defined`.
    pub fn reads(&self, name: &str, defined: &[&str]) -> Arc<Reads> {
        let mut key_names: Vec<String> = defined.iter().map(|n| n.to_string()).collect();
        key_names.sort();
        let key = (name.to_string(), key_names);
        if let Some(reads) = self.known().reads.get(&key) {
            return Arc::clone(reads);
        }
        let defined = |n: &str| defined.contains(&n);
        let reads = Arc::new(self.cut.reads(&self.texts, name, &defined));
        self.known().reads.insert(key, Arc::clone(&reads));
        reads
    }

    /// The digest of the templates drawing `name` uses: itself, what it extends and
    /// includes, and the components, or every template when that cannot be told.
    pub fn digest(&self, name: &str) -> Digest {
        if let Some(&digest) = self.known().digests.get(name) {
            return digest;
        }
        let mut names =
            (self.cut.used_templates(name)).unwrap_or_else(|| self.texts.keys().cloned().collect());
        names.sort();
        let mut d = Digester::new();
        for n in &names {
            d.add_str(n)
                .add_str(self.texts.get(n).map_or("", String::as_str));
        }
        let digest = d.finish();
        self.known().digests.insert(name.to_string(), digest);
        digest
    }

    fn known(&self) -> std::sync::MutexGuard<'_, Known> {
        self.known
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    }

    /// A tera error as a diagnostic on the template file and line it names.
    fn diagnostic(&self, e: &tera::Error) -> Diagnostic {
        let report = match e.kind() {
            ErrorKind::SyntaxError(r) | ErrorKind::RenderingError(r) => Some(r),
            _ => None,
        };
        let mut message = match report {
            Some(r) => r.message().to_string(),
            None => e.to_string(),
        };
        let mut source = std::error::Error::source(e);
        while let Some(cause) = source {
            message.push_str(&format!(": {cause}"));
            source = cause.source();
        }
        let file = report
            .and_then(|r| self.files.get(r.filename()))
            .cloned()
            .unwrap_or_else(|| PathBuf::from(THEMES_DIR));
        let d = Diagnostic::new(file, message)
            .with_hint("fix the template; tera's syntax is described at keats.github.io/tera");
        match report {
            Some(r) => d.at_line(r.span().start_line),
            None => d,
        }
    }
}

/// Template name -> (the file it was read from, as errors name it; its text).
type Sources = HashMap<String, (PathBuf, String)>;

/// The embedded default theme's templates.
fn read_embedded(sources: &mut Sources, errors: &mut Vec<Diagnostic>) {
    for file in crate::theme::embedded_files("templates") {
        let shown = PathBuf::from(crate::theme::EMBEDDED_LABEL).join(&file.path);
        match std::str::from_utf8(file.contents) {
            Ok(text) => {
                sources.insert(file.path, (shown, text.to_string()));
            }
            Err(_) => errors.push(Diagnostic::new(shown, "template is not UTF-8")),
        }
    }
}

/// The templates below `dir`, named by their path in it, over those already read.
fn read_folder(root: &Path, dir: &Path, sources: &mut Sources, errors: &mut Vec<Diagnostic>) {
    if !dir.is_dir() {
        return;
    }
    for entry in WalkDir::new(dir).follow_links(true).sort_by_file_name() {
        let entry = match entry {
            Ok(e) if e.file_type().is_file() => e,
            Ok(_) => continue,
            Err(e) => {
                errors.push(Diagnostic::new(
                    relative(root, dir),
                    format!("could not read templates: {e}"),
                ));
                continue;
            }
        };
        if is_ignored_name(&entry.file_name().to_string_lossy()) {
            continue;
        }
        let name = path_of_file(entry.path().strip_prefix(dir).unwrap_or(entry.path()));
        let shown = relative(root, entry.path());
        match std::fs::read_to_string(entry.path()) {
            Ok(text) => {
                sources.insert(name, (shown, text));
            }
            Err(e) => errors.push(Diagnostic::io(&shown, "read the template", &e)),
        }
    }
}

trait WithTemplate {
    fn with_template(self, name: &str, files: &HashMap<String, PathBuf>) -> Self;
}

impl WithTemplate for Diagnostic {
    /// Errors without a template position still name the template being rendered.
    fn with_template(mut self, name: &str, files: &HashMap<String, PathBuf>) -> Self {
        if self.line.is_none()
            && let Some(file) = files.get(name)
        {
            self.file = file.clone();
        }
        self
    }
}
