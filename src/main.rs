//! The roadsmith binary: parse the command line, run the library, map errors to exit codes.

mod cli;

use std::io::IsTerminal;
use std::process::ExitCode;
use std::time::Duration;

use clap::Parser;
use cli::{
    BuildArgs, CheckArgs, Cli, Command, ExportCommand, ImportArgs, InitArgs, NewCommand,
    NewStageArgs, TranslationsArgs,
};
use roadsmith::check::{CheckOptions, ExternalOptions, annotation_file};
use roadsmith::content::Drafts;
use roadsmith::output::ForeignFiles;
use roadsmith::reader::plan::Electives;
use roadsmith::scaffold::{InitInto, WORKFLOW_FILE, Workflow, Written};
use roadsmith::site::export::{Format, export as export_roadmap};
use roadsmith::{BuildError, BuildOptions, Site};

fn main() -> ExitCode {
    match Cli::parse().command {
        Command::Build(args) => build(args),
        Command::Check(args) => check(args),
        Command::Init(args) => init(args),
        Command::Import(args) => import(args),
        Command::New(args) => match args.what {
            NewCommand::Stage(args) => new_stage(args),
        },
        Command::Export(command) => export(command),
        Command::Translations(args) => translations(args),
        #[cfg(feature = "serve")]
        Command::Serve(args) => serve(args),
    }
}

fn build(args: BuildArgs) -> ExitCode {
    purge_freed_memory_soon();
    let options = BuildOptions {
        root: args.root,
        output_dir: args.output_dir,
        base_url: args.base_url,
        drafts: drafts(args.drafts),
        foreign_files: if args.force {
            ForeignFiles::Delete
        } else {
            ForeignFiles::Refuse
        },
    };
    match Site::build(&options) {
        Ok(s) => {
            let plural = |n: usize, one: &str, many: &str| {
                format!("{n} {}", [one, many][usize::from(n != 1)])
            };
            println!(
                "Built {} and {} ({} files) into {} in {} ms",
                plural(s.stages, "stage", "stages"),
                plural(s.pages, "page", "pages"),
                s.files,
                s.output_dir.display(),
                s.millis
            );
            ExitCode::SUCCESS
        }
        Err(e) => failed(&e, "build", "; the output folder was left as it was"),
    }
}

fn translations(args: TranslationsArgs) -> ExitCode {
    if !args.accept.is_empty() {
        return match roadsmith::translations::accept(&args.root, &args.accept) {
            Ok(done) => {
                for file in done {
                    println!("recorded the source of {}", file.display());
                }
                ExitCode::SUCCESS
            }
            Err(e) => failed(&e, "translations", ""),
        };
    }
    match roadsmith::translations::report(&args.root) {
        Ok(report) => {
            print!("{}", report.text());
            ExitCode::SUCCESS
        }
        Err(e) => failed(&e, "translations", ""),
    }
}

fn check(args: CheckArgs) -> ExitCode {
    let progress = std::io::stderr().is_terminal() && std::env::var_os("CI").is_none();
    let options = CheckOptions {
        build: BuildOptions {
            root: args.root.clone(),
            drafts: drafts(args.drafts),
            ..BuildOptions::default()
        },
        external: args.external.then(|| ExternalOptions {
            timeout: Duration::from_secs_f64(args.timeout),
            retries: args.retries,
            per_host: args.per_host,
            interval: Duration::from_secs_f64(args.interval),
            max_retry_wait: Duration::from_secs_f64(args.max_retry_wait),
            max_time: Duration::from_secs_f64(args.max_time),
            max_age: (!args.no_cache).then_some(args.max_age),
            progress: progress && !github_actions(),
            ..ExternalOptions::default()
        }),
    };
    let report = roadsmith::check::check(&options);
    for finding in &report.findings {
        eprintln!("{finding}");
    }
    if github_actions() {
        annotate(&report, &args.root);
    }
    println!("{}", report.summary());
    if report.passes(args.strict) {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    }
}

/// Whether this runs in GitHub Actions, which reads annotations from standard output.
fn github_actions() -> bool {
    std::env::var_os("GITHUB_ACTIONS").is_some_and(|v| v == "true")
}

/// Every finding as a GitHub annotation, its file named from the repository's root.
fn annotate(report: &roadsmith::check::CheckReport, root: &std::path::Path) {
    let workspace = std::env::var_os("GITHUB_WORKSPACE").map(std::path::PathBuf::from);
    let cwd = std::env::current_dir().unwrap_or_default();
    for finding in &report.findings {
        let file = annotation_file(root, &finding.diagnostic.file, workspace.as_deref(), &cwd);
        println!("{}", finding.annotation(&file));
    }
}

fn init(args: InitArgs) -> ExitCode {
    let into = if args.force {
        InitInto::AnyFolder
    } else {
        InitInto::EmptyFolder
    };
    let workflow = if args.no_workflow {
        Workflow::Skip
    } else {
        Workflow::Write
    };
    match roadsmith::scaffold::init(&args.dir, into, workflow) {
        Ok(files) => {
            println!("Created a roadmap in {}:", args.dir.display());
            let mut has_workflow = false;
            for f in &files {
                match f {
                    Written::Created(p) => println!("  {}", p.display()),
                    Written::Appended(p) => {
                        println!(
                            "  {} (added the build output and link cache to yours)",
                            p.display()
                        )
                    }
                    Written::Kept(p) => println!("  {} (exists, left as it was)", p.display()),
                }
                has_workflow |=
                    matches!(f, Written::Created(p) if p == std::path::Path::new(WORKFLOW_FILE));
            }
            print_next_steps(&args.dir, has_workflow);
            ExitCode::SUCCESS
        }
        Err(e) => failed(&e, "init", ""),
    }
}

/// What to do after `init`, and only what works: `serve` previews with links that work
/// (a `build` links to base_url, example.com until it is set), and the workflow publishes.
fn print_next_steps(dir: &std::path::Path, has_workflow: bool) {
    let cd = if dir == std::path::Path::new(".") {
        String::new()
    } else {
        format!("cd {} && ", dir.display())
    };
    println!("Next:");
    if cfg!(feature = "serve") {
        println!(
            "  {cd}roadsmith serve   preview it at http://127.0.0.1:1111/, updated as you save"
        );
    } else {
        println!(
            "  {cd}roadsmith build --base-url http://localhost:8000/   then serve public/ at that address"
        );
    }
    if has_workflow {
        println!("  Push it to a GitHub repository, then in Settings > Pages choose");
        println!(
            "  Source: \"GitHub Actions\": every push to main publishes it ({WORKFLOW_FILE})."
        );
    } else {
        println!(
            "  To publish, build with the URL it is served at: roadsmith build --base-url https://USER.github.io/REPOSITORY/"
        );
    }
}

fn import(args: ImportArgs) -> ExitCode {
    let into = args.into.clone().unwrap_or_else(|| {
        std::path::PathBuf::from(
            args.file
                .file_stem()
                .unwrap_or(std::ffi::OsStr::new("roadmap")),
        )
    });
    let planned = roadsmith::import::read_source(&args.file)
        .and_then(|text| roadsmith::import::plan(&args.file, &text, args.level));
    let plan = match planned {
        Ok(p) => p,
        Err(e) => return failed(&e, "import", ""),
    };
    print!("{}", roadsmith::import::report::report(&plan));
    if args.dry_run {
        println!(
            "Dry run: nothing written (it would go into {}).",
            into.display()
        );
        return ExitCode::SUCCESS;
    }
    match roadsmith::import::write::write(&plan, &into) {
        Ok(files) => {
            println!("Wrote {} files into {}.", files.len(), into.display());
            println!("Next:\n  roadsmith build --root {}", into.display());
            ExitCode::SUCCESS
        }
        Err(e) => failed(&e, "import", ""),
    }
}

fn new_stage(args: NewStageArgs) -> ExitCode {
    match roadsmith::scaffold::new_stage(&args.root, &args.title, &args.duration) {
        Ok(rel) => {
            let path = if args.root == std::path::Path::new(".") {
                rel
            } else {
                args.root.join(rel)
            };
            println!("{}", path.display());
            ExitCode::SUCCESS
        }
        Err(e) => failed(&e, "new stage", ""),
    }
}

#[cfg(feature = "serve")]
fn serve(args: cli::ServeArgs) -> ExitCode {
    let options = roadsmith::serve::ServeOptions {
        root: args.root,
        interface: args.interface,
        port: args.port,
        open: args.open,
        drafts: drafts(args.drafts),
    };
    match roadsmith::serve::serve(options) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::FAILURE
        }
    }
}

fn export(command: ExportCommand) -> ExitCode {
    let (format, args) = match command {
        ExportCommand::Checklist(a) => (Format::Checklist, a),
        ExportCommand::Notion(a) => (Format::Notion, a),
        ExportCommand::Ics(a) => (
            Format::Ics {
                start: a.start,
                hours_per_week: a.hours_per_week,
                pace: a.pace,
                electives: match a.include_optional {
                    None => Electives::None,
                    Some(slugs) if slugs.is_empty() => Electives::All,
                    Some(slugs) => Electives::Chosen(slugs),
                },
            },
            a.export,
        ),
    };
    let text = match export_roadmap(&args.root, format, args.language.as_deref()) {
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

/// `--drafts` as what it means.
fn drafts(flag: bool) -> Drafts {
    if flag { Drafts::Include } else { Drafts::Skip }
}

/// Prints every diagnostic and a last line saying how many there were.
fn failed(e: &BuildError, command: &str, note: &str) -> ExitCode {
    eprintln!("{e}");
    let n = e.len();
    eprintln!(
        "{command} failed with {n} error{}{note}",
        if n == 1 { "" } else { "s" }
    );
    ExitCode::FAILURE
}

#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// A build gives the memory it frees back to the system 20 ms later, not mimalloc
/// v3's default of a second (a build is over by then): a build's peak is then the
/// memory it holds, not also what it freed. Measured on bench/'s item-heavy stages,
/// 15 to 40 alternating builds: peak RSS at 1,000 stages 45.7 -> 41.6 MiB, at 10,000
/// 274 -> 267 MiB, in the same time within noise (at 0 ms the same peaks cost 18-25%
/// more time; never purging, -1, keeps 10,000 stages at 283 MiB). `serve`, which lives
/// on, keeps the default.
fn purge_freed_memory_soon() {
    // mimalloc's own function (its C library, linked through the mimalloc crate),
    // declared here rather than through libmimalloc-sys's `extended` feature, whose
    // list of options lacks this one. `purge_delay` is option 15 of `mi_option_e` in
    // mimalloc v3 (the crate's default) and v2 alike, in milliseconds.
    unsafe extern "C" {
        fn mi_option_set(option: std::ffi::c_int, value: std::ffi::c_long);
    }
    const PURGE_DELAY: std::ffi::c_int = 15;
    // SAFETY: mimalloc's options may be set at any time, from any thread.
    unsafe { mi_option_set(PURGE_DELAY, 20) };
}
