//! The command line: clap derive definitions only.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand};

#[derive(Debug, Parser)]
#[command(
    name = "roadsmith",
    version,
    about = "A static site generator for learning roadmaps"
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Render the site into its output folder (public/ by default).
    ///
    /// Example: roadsmith build --base-url https://user.github.io/repo/
    Build(BuildArgs),
    /// Write the roadmap in another format: a Markdown checklist, or a CSV for Notion.
    ///
    /// Example: roadsmith export notion -o roadmap.csv
    #[command(subcommand)]
    Export(ExportCommand),
}

#[derive(Debug, Subcommand)]
pub enum ExportCommand {
    /// The whole roadmap as one Markdown task list (the build's checklist.md).
    Checklist(ExportArgs),
    /// A CSV (Stage, Item, Kind, Duration, Status) to import into Notion as a database.
    Notion(ExportArgs),
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
}
