//! The roadsmith binary: parse the command line, run the library, map errors to exit codes.

mod cli;

use std::process::ExitCode;

use clap::Parser;
use cli::{Cli, Command};
use roadsmith::{BuildOptions, Site};

fn main() -> ExitCode {
    let cli = Cli::parse();
    match cli.command {
        Command::Build(args) => {
            let options = BuildOptions {
                root: args.root,
                output_dir: args.output_dir,
                base_url: args.base_url,
                drafts: args.drafts,
            };
            match Site::build(&options) {
                Ok(s) => {
                    println!(
                        "Built {} stages and {} pages ({} files) into {} in {} ms",
                        s.stages,
                        s.pages,
                        s.files,
                        s.output_dir.display(),
                        s.millis
                    );
                    ExitCode::SUCCESS
                }
                Err(e) => {
                    eprintln!("{e}");
                    let n = e.len();
                    eprintln!(
                        "build failed with {n} error{}; the output folder was left as it was",
                        if n == 1 { "" } else { "s" }
                    );
                    ExitCode::FAILURE
                }
            }
        }
        #[cfg(feature = "serve")]
        Command::Serve(args) => serve(args),
    }
}

#[cfg(feature = "serve")]
fn serve(args: cli::ServeArgs) -> ExitCode {
    let options = roadsmith::serve::ServeOptions {
        root: args.root,
        interface: args.interface,
        port: args.port,
        open: args.open,
        drafts: args.drafts,
    };
    match roadsmith::serve::serve(options) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::FAILURE
        }
    }
}
