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
    /// requested too.
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
        after_help = "Example:\n  roadsmith export ics --start 2027-01-04 --hours-per-week 8 -o plan.ics"
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
    /// Also request every http(s) link in the Markdown (each URL once, concurrently).
    #[arg(long)]
    pub external: bool,
    /// With --external: seconds to wait for one answer.
    #[arg(long, default_value_t = 10.0, value_name = "SECONDS")]
    pub timeout: f64,
    /// With --external: further attempts after a timeout, a connection error, 429 or 5xx.
    #[arg(long, default_value_t = 2, value_name = "N")]
    pub retries: u32,
    /// With --external: requests in flight at once to one host.
    #[arg(long, default_value_t = 2, value_name = "N")]
    pub per_host: usize,
    /// Check pages marked `draft = true` too.
    #[arg(long)]
    pub drafts: bool,
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
