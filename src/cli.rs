//! The command line: clap derive definitions only.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand};
use roadsmith::config::HOURS_PER_WEEK;
use roadsmith::reader::plan::{Date, Pace};

#[derive(Debug, Parser)]
#[command(
    name = "roadsmith",
    version,
    about = "A static site generator for learning roadmaps",
    after_help = "Example:\n  roadsmith init my-roadmap && cd my-roadmap && roadsmith build"
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Render the site into its output folder (public/ by default).
    #[command(after_help = "Example:\n  roadsmith build --base-url https://user.github.io/repo/")]
    Build(BuildArgs),
    /// Build the site, serve it locally, and rebuild and reload the browser on every change.
    #[command(after_help = "Example:\n  roadsmith serve --open")]
    #[cfg(feature = "serve")]
    Serve(ServeArgs),
    /// Find every problem in a site without writing anything; exit status 1 when there is any.
    ///
    /// Reports, each with file and line: broken links between pages and to headings,
    /// missing files (images, downloads), links from the site root to nothing, duplicate
    /// stages, unreadable durations, template errors, and pages no other page links to
    /// (a warning, which still fails the check). With --external, http(s) links are
    /// requested too: politely (a few at a time per host, as the host asks), with fine
    /// results kept for a day in .roadsmith/links.json; links that cannot be verified
    /// (403, 429, 5xx, no answer) are warnings that fail the check only with --strict.
    /// With GITHUB_ACTIONS=true each finding is also an annotation on its file and line.
    #[command(after_help = "Example:\n  roadsmith check --external --timeout 5")]
    Check(CheckArgs),
    /// Create a new roadmap site (site.toml, a home page and two example stages), with a
    /// .gitignore and a GitHub Pages workflow that publishes it.
    ///
    /// The site builds at once with the default theme built into roadsmith; copy a
    /// template into the site's templates/ folder to change it. The workflow
    /// (.github/workflows/pages.yml) installs this version of roadsmith from its GitHub
    /// release and publishes the site at every push to main.
    #[command(
        after_help = "Example:\n  roadsmith init my-roadmap && cd my-roadmap && roadsmith serve"
    )]
    Init(InitArgs),
    /// Turn a roadmap written as one Markdown document (a README) into a site: a stage
    /// file per stage, with titles and durations read from the document.
    ///
    /// Stages are the heading level (or the bold lines, "**Week 1**") whose sections
    /// carry durations, else the shallowest level with two sections or more; --level
    /// chooses. Text before the first stage becomes the home page, sections after the
    /// stages ("Resources") standalone pages. Writes into a new or empty folder
    /// (default: the document's name), with the .gitignore and Pages workflow `init`
    /// writes, and prints what it found, assumed and dropped.
    #[command(after_help = "Example:\n  roadsmith import README.md --into my-roadmap --dry-run")]
    Import(ImportArgs),
    /// Add something to a roadmap.
    #[command(
        after_help = "Example:\n  roadsmith new stage \"Models and the ORM\" --duration \"2-3 weeks\""
    )]
    New(NewArgs),
    /// Write the roadmap in another format: a Markdown checklist, a CSV for Notion, or a
    /// dated calendar (.ics).
    #[command(
        subcommand,
        after_help = "Example:\n  roadsmith export notion -o roadmap.csv"
    )]
    Export(ExportCommand),
    /// For each language of site.toml's [languages], where each stage's and page's
    /// translation stands: current, stale (its source changed since: which sections),
    /// missing, or unrecorded; and where its items do not line up with its source's.
    ///
    /// A translation records the source it was made from (`source` in its front
    /// matter); --accept records the source as it is now, once the translation is
    /// brought up to date.
    #[command(after_help = "Example:\n  roadsmith translations --accept content/04-orm.fr.md")]
    Translations(TranslationsArgs),
}

#[derive(Debug, Args)]
pub struct TranslationsArgs {
    /// The site's folder, the one that holds site.toml.
    #[arg(long, default_value = ".")]
    pub root: PathBuf,
    /// Record in these translation files the source as it is now.
    #[arg(long, value_name = "FILE", num_args = 1..)]
    pub accept: Vec<PathBuf>,
}

#[derive(Debug, Subcommand)]
pub enum ExportCommand {
    /// The whole roadmap as one Markdown task list (the build's checklist.md).
    #[command(after_help = "Example:\n  roadsmith export checklist -o checklist.md")]
    Checklist(ExportArgs),
    /// A CSV (Stage, Item, Kind, Duration, Status) to import into Notion as a database.
    #[command(after_help = "Example:\n  roadsmith export notion -o roadmap.csv")]
    Notion(ExportArgs),
    /// The stages as dated all-day events of an iCalendar file (RFC 5545), one after
    /// another from --start, each as long as its duration at --hours-per-week.
    #[command(
        after_help = "Example:\n  roadsmith export ics --start 2027-01-04 --hours-per-week 8 -o plan.ics\n  roadsmith export ics --start 2027-01-04 --include-optional streaming -o plan.ics"
    )]
    Ics(IcsArgs),
}

#[derive(Debug, Args)]
pub struct IcsArgs {
    /// The day the first stage starts, YYYY-MM-DD.
    #[arg(long, value_name = "DATE", value_parser = Date::parse)]
    pub start: Date,
    /// Hours of study a week, 1 to 80 (default: [plan] hours_per_week of site.toml, 10
    /// when absent). Stages take longer with fewer hours, in proportion.
    #[arg(long, value_name = "N", value_parser = hours)]
    pub hours_per_week: Option<f64>,
    /// For durations given as a range ("2–3 weeks"): take the shortest, the middle or
    /// the longest.
    #[arg(long, default_value = "longest", value_parser = pace)]
    pub pace: Pace,
    /// Date optional stages too: every one, or those named (slugs, comma-separated).
    /// Without it optional stages are left out, as in a reader's plan until they add one.
    #[arg(long, value_name = "SLUGS", num_args = 0.., value_delimiter = ',')]
    pub include_optional: Option<Vec<String>>,
    #[command(flatten)]
    pub export: ExportArgs,
}

fn hours(text: &str) -> Result<f64, String> {
    match text.trim().parse::<f64>() {
        Ok(h) if HOURS_PER_WEEK.contains(&h) => Ok(h),
        _ => Err(format!("\"{text}\" is not a number of hours from 1 to 80")),
    }
}

fn pace(text: &str) -> Result<Pace, String> {
    Pace::from_name(text).ok_or_else(|| {
        format!(
            "\"{text}\" is not a pace: write one of {}",
            Pace::NAMES.join(", ")
        )
    })
}

#[derive(Debug, Args)]
pub struct ExportArgs {
    /// The site's folder, the one that holds site.toml.
    #[arg(long, default_value = ".")]
    pub root: PathBuf,
    /// The file to write; standard output when absent.
    #[arg(short, long)]
    pub output: Option<PathBuf>,
    /// In a language of site.toml's [languages] (its code), from the translations.
    #[arg(long, value_name = "CODE")]
    pub language: Option<String>,
}

#[derive(Debug, Args)]
pub struct BuildArgs {
    /// The site's folder, the one that holds site.toml.
    #[arg(long, default_value = ".")]
    pub root: PathBuf,
    /// Where to write the site (default: output_dir of site.toml, "public").
    #[arg(long)]
    pub output_dir: Option<PathBuf>,
    /// The URL the site is published at, overriding site.toml's base_url.
    #[arg(long)]
    pub base_url: Option<String>,
    /// Include pages marked `draft = true`.
    #[arg(long)]
    pub drafts: bool,
    /// Replace the output folder even when it holds files roadsmith did not write
    /// (they are deleted; `.git` and the names of keep in site.toml stay). Without it,
    /// such a folder is refused.
    #[arg(long)]
    pub force: bool,
}

#[cfg(feature = "serve")]
#[derive(Debug, Args)]
pub struct ServeArgs {
    /// The site's folder, the one that holds site.toml.
    #[arg(long, default_value = ".")]
    pub root: PathBuf,
    /// The address to listen on; 0.0.0.0 makes the preview reachable from other machines.
    #[arg(long, default_value = "127.0.0.1")]
    pub interface: std::net::IpAddr,
    /// The port to listen on; 0 picks a free one.
    #[arg(short, long, default_value_t = 1111)]
    pub port: u16,
    /// Open the site in the default browser.
    #[arg(long)]
    pub open: bool,
    /// Include pages marked `draft = true`.
    #[arg(long)]
    pub drafts: bool,
}
#[derive(Debug, Args)]
pub struct CheckArgs {
    /// The site's folder, the one that holds site.toml.
    #[arg(long, default_value = ".")]
    pub root: PathBuf,
    /// Also request every http(s) link in the Markdown. Broken links (404, 410, no such
    /// host, connection refused, TLS errors, a missing #anchor) fail the check;
    /// unverified ones (403, 429, 5xx, no answer) are warnings.
    #[arg(long)]
    pub external: bool,
    /// Unverified external links (with --external) and keys missing from a language's
    /// string table fail the check too.
    #[arg(long)]
    pub strict: bool,
    /// With --external: seconds to wait for one request.
    #[arg(long, default_value = "20", value_name = "SECONDS", value_parser = seconds_above_zero)]
    pub timeout: f64,
    /// With --external: further tries after no answer, a broken connection, 429 or 5xx
    /// (waiting as the host asks with Retry-After, else 1 s, 2 s, 4 s...).
    #[arg(long, default_value_t = 2, value_name = "N")]
    pub retries: u32,
    /// With --external: requests in flight at once to one host.
    #[arg(long, default_value = "2", value_name = "N", value_parser = at_least_one)]
    pub per_host: usize,
    /// With --external: seconds between the starts of two requests to one host.
    #[arg(long, default_value = "0.1", value_name = "SECONDS", value_parser = seconds)]
    pub interval: f64,
    /// With --external: the longest Retry-After waited for; a host that asks for more
    /// leaves its link unverified.
    #[arg(long, default_value = "60", value_name = "SECONDS", value_parser = seconds)]
    pub max_retry_wait: f64,
    /// With --external: the most the external check may take in all; links not checked
    /// by then are unverified.
    #[arg(long, default_value = "300", value_name = "SECONDS", value_parser = seconds_above_zero)]
    pub max_time: f64,
    /// With --external: how long a link that was fine is not asked again (kept in
    /// .roadsmith/links.json): 1d, 12h, 30m, 90s, or 0 to ask every link.
    #[arg(long, default_value = "1d", value_name = "AGE", value_parser = age)]
    pub max_age: std::time::Duration,
    /// With --external: ask every link, and neither read nor write .roadsmith/links.json.
    #[arg(long)]
    pub no_cache: bool,
    /// Check pages marked `draft = true` too.
    #[arg(long)]
    pub drafts: bool,
}

/// A number of seconds, 0 or more.
fn seconds(text: &str) -> Result<f64, String> {
    match text.trim().parse::<f64>() {
        Ok(s) if (0.0..1e9).contains(&s) => Ok(s),
        _ => Err(format!("\"{text}\" is not a number of seconds")),
    }
}

fn seconds_above_zero(text: &str) -> Result<f64, String> {
    let s = seconds(text)?;
    if s > 0.0 {
        Ok(s)
    } else {
        Err("give a number of seconds above 0".to_string())
    }
}

fn at_least_one(text: &str) -> Result<usize, String> {
    match text.trim().parse::<usize>() {
        Ok(n) if n >= 1 => Ok(n),
        _ => Err(format!("\"{text}\" is not a whole number from 1")),
    }
}

/// `1d`, `12h`, `30m`, `90s`, or a bare number of seconds.
fn age(text: &str) -> Result<std::time::Duration, String> {
    let text = text.trim();
    let (number, unit) = match text.char_indices().last() {
        Some((i, c)) if c.is_ascii_alphabetic() => (&text[..i], c.to_ascii_lowercase()),
        _ => (text, 's'),
    };
    let per = match unit {
        's' => 1.0,
        'm' => 60.0,
        'h' => 3600.0,
        'd' => 86_400.0,
        _ => 0.0,
    };
    match number.trim().parse::<f64>() {
        Ok(n) if per > 0.0 && n.is_finite() && n >= 0.0 && n * per < 1e12 => {
            Ok(std::time::Duration::from_secs_f64(n * per))
        }
        _ => Err(format!(
            "\"{text}\" is not an age: write it like 1d, 12h, 30m or 90s"
        )),
    }
}

#[derive(Debug, Args)]
pub struct InitArgs {
    /// The folder to create the site in; created when missing.
    #[arg(default_value = ".")]
    pub dir: PathBuf,
    /// Add the files to a folder that is not empty. Nothing is deleted; roadsmith's own
    /// files (site.toml, content/_index.md, the example stages) are overwritten, an
    /// existing .gitignore gets the lines it lacks, an existing workflow is kept.
    #[arg(long)]
    pub force: bool,
    /// Do not write the GitHub Pages workflow (.github/workflows/pages.yml).
    #[arg(long)]
    pub no_workflow: bool,
}

#[derive(Debug, Args)]
pub struct NewArgs {
    #[command(subcommand)]
    pub what: NewCommand,
}

#[derive(Debug, Subcommand)]
pub enum NewCommand {
    /// Write content/NN-slug.md for a new last stage (number: highest existing + 1) and print its path.
    #[command(
        after_help = "Example:\n  roadsmith new stage \"Forms & ModelForms\" --duration \"1 week\""
    )]
    Stage(NewStageArgs),
}

#[derive(Debug, Args)]
pub struct NewStageArgs {
    /// The stage's title; its file name is made from it.
    pub title: String,
    /// How long the stage takes: "1 week", "1.5 weeks", "2-3 weeks", "10 days", "1 month".
    #[arg(long, default_value = "1 week")]
    pub duration: String,
    /// The site's folder, the one that holds site.toml.
    #[arg(long, default_value = ".")]
    pub root: PathBuf,
}

#[derive(Debug, Args)]
pub struct ImportArgs {
    /// The Markdown document to import.
    pub file: PathBuf,
    /// The folder to write the site into, new or empty (default: the file's name
    /// without its extension).
    #[arg(long)]
    pub into: Option<PathBuf>,
    /// What marks a stage: a heading level, 1 to 6, "bold" for bold lines, "items" for
    /// numbered top-level items, "table" for the rows of a table with a time column.
    #[arg(long, value_name = "N", value_parser = level)]
    pub level: Option<u8>,
    /// Print what would be written, and write nothing.
    #[arg(long)]
    pub dry_run: bool,
}

fn level(text: &str) -> Result<u8, String> {
    match text.trim() {
        "bold" => Ok(roadsmith::import::structure::BOLD),
        "items" => Ok(roadsmith::import::structure::ITEMS),
        "table" => Ok(roadsmith::import::structure::TABLE),
        t => match t.parse::<u8>() {
            Ok(n) if (1..=6).contains(&n) => Ok(n),
            _ => Err(format!(
                "\"{text}\" is not a heading level: write 1 to 6, bold, items or table"
            )),
        },
    }
}
