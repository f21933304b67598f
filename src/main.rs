//! The roadsmith binary: parse the command line, run the library, map errors to exit codes.

mod cli;

use std::process::ExitCode;

use clap::Parser;
use cli::{Cli, Command, ExportCommand};
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
        Command::Export(command) => {
            let (format, args) = match command {
                ExportCommand::Checklist(a) => (roadsmith::reader::exports::Format::Checklist, a),
                ExportCommand::Notion(a) => (roadsmith::reader::exports::Format::Notion, a),
            };
            let text = match roadsmith::reader::exports::export(&args.root, format) {
                Ok(t) => t,
                Err(e) => {
                    eprintln!("{e}");
                    return ExitCode::FAILURE;
                }
            };
            let written = match &args.output {
                Some(path) => std::fs::write(path, &text)
                    .map_err(|e| format!("error: {}: could not write: {e}", path.display())),
                None => {
                    use std::io::Write;
                    std::io::stdout()
                        .write_all(text.as_bytes())
                        .map_err(|e| format!("error: could not write to standard output: {e}"))
                }
            };
            match written {
                Ok(()) => ExitCode::SUCCESS,
                Err(message) => {
                    eprintln!("{message}");
                    ExitCode::FAILURE
                }
            }
        }
    }
}
