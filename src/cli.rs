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
    /// Build the site, serve it locally, and rebuild and reload the browser on every change.
    ///
    /// Example: roadsmith serve --open
    #[cfg(feature = "serve")]
    Serve(ServeArgs),
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
