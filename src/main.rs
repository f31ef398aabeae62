//! The `vpclab` command line: parses flags and calls the library.
//!
//! Exit status: 0 success, 1 the script failed, 2 bad usage or unreadable input; a closed
//! stdout pipe ends a run quietly with 0, any other write failure gives 1.

use anyhow::Context;
use clap::{Args, Parser, Subcommand};
use std::path::PathBuf;
use std::process::ExitCode;
use vpclab::lua::api::ApiOptions;
use vpclab::lua::limits::Limits;
use vpclab::lua::output::write_stream;
use vpclab::lua::runner::{self, RunOptions, Script};

/// A scriptable sandbox of AWS compute and networking, driven by Lua.
#[derive(Parser)]
#[command(name = "vpclab", version)]
struct Cli {
    /// Default region for `aws.region()`.
    #[arg(long, global = true, value_name = "NAME")]
    region: Option<String>,
    /// Override sandbox limits, e.g. `instructions=5e7,memory=64M,time=2s,output=1M`.
    #[arg(long, global = true, value_name = "SPEC")]
    limits: Option<String>,
    #[command(subcommand)]
    command: Option<Command>,
}

#[derive(Subcommand)]
enum Command {
    /// Run a Lua script in the sandbox.
    Run(RunArgs),
    /// Start the interactive REPL (the default).
    Repl,
    /// Grade submissions against an exercise.
    #[command(after_help = vpclab::grade::cli::GRADE_EXIT_CODES)]
    Grade(vpclab::grade::cli::GradeArgs),
    /// Self-test an exercise: its solution scores full marks, its wrong files lose points.
    #[command(after_help = vpclab::grade::cli::CHECK_EXIT_CODES)]
    Check(vpclab::grade::cli::CheckArgs),
    /// Print an exercise's prompt with one student's parameters.
    Prompt(vpclab::grade::cli::PromptArgs),
    /// Internal: grade one job read from stdin (used by `grade` and `check`).
    #[command(name = "__grade-worker", hide = true)]
    GradeWorker,
}

#[derive(Args)]
#[command(after_help = "Everything after FILE reaches the script verbatim, as `...` and in the global `arg` \
(as `lua FILE ARGS` passes it), even words that look like vpclab options: `vpclab run x.lua --limits y` \
gives the script two arguments. Put vpclab's own options before FILE.\n\n\
Exit status: 0 success (also when stdout is a pipe its reader closed early), 1 the script failed, hit a \
limit, or its output could not be written, 2 bad usage or an unreadable script.")]
struct RunArgs {
    /// Run CODE instead of a file (the words after it are the script's arguments).
    #[arg(short = 'e', value_name = "CODE")]
    code: Option<String>,
    /// Print the world summary as JSON after a successful run (counts against the output limit).
    #[arg(long)]
    json: bool,
    /// The script (`-` reads it from stdin; at most 16 MiB), then its arguments.
    #[arg(
        value_name = "FILE [ARGS]",
        trailing_var_arg = true,
        allow_hyphen_values = true,
        required_unless_present = "code"
    )]
    script: Vec<String>,
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    match real_main(cli) {
        Ok(code) => code,
        Err(e) => {
            let _ = write_stream(true, &format!("vpclab: {e:#}\n"));
            ExitCode::from(2)
        }
    }
}

fn real_main(cli: Cli) -> anyhow::Result<ExitCode> {
    let limits = match &cli.limits {
        Some(spec) => Limits::default().with_overrides(spec).context("--limits")?,
        None => Limits::default(),
    };
    let mut api = ApiOptions::default();
    if let Some(region) = cli.region {
        if vpclab::model::region::azs_of(&region).is_none() {
            let known: Vec<&str> = vpclab::model::region::known_regions().collect();
            anyhow::bail!("--region: unknown region '{region}' (known: {})", known.join(", "));
        }
        api.default_region = region;
    }
    match cli.command {
        Some(Command::Grade(args)) => {
            let worker = vpclab::grade::pool::WorkerCommand::current()?;
            Ok(ExitCode::from(vpclab::grade::cli::grade(&args, &worker, cli.limits.as_deref())?))
        }
        Some(Command::Check(args)) => {
            let worker = vpclab::grade::pool::WorkerCommand::current()?;
            let (report, status) = vpclab::grade::cli::check(&args, &worker, cli.limits.as_deref())?;
            print!("{report}");
            Ok(ExitCode::from(status))
        }
        Some(Command::Prompt(args)) => {
            println!("{}", vpclab::grade::cli::prompt(&args)?);
            Ok(ExitCode::SUCCESS)
        }
        Some(Command::GradeWorker) => Ok(ExitCode::from(vpclab::grade::worker::main())),
        None | Some(Command::Repl) => {
            vpclab::repl::run_interactive(api, limits)?;
            Ok(ExitCode::SUCCESS)
        }
        Some(Command::Run(run)) => {
            let mut words = run.script.into_iter();
            let script = match run.code {
                Some(code) => Script::Code(code),
                None => match words.next().as_deref() {
                    Some("-") => Script::Stdin,
                    Some(file) => Script::File(PathBuf::from(file)),
                    None => anyhow::bail!("run: a FILE or -e CODE is required"),
                },
            };
            let options = RunOptions { api, limits, args: words.collect(), capture: false, summary: run.json };
            let report = runner::run(&script, options)?;
            Ok(finish(report))
        }
    }
}

/// Prints what is left to print of a run and picks its exit status. A reader that closed
/// the pipe ends the run quietly with 0; any other write failure is status 1.
fn finish(report: runner::RunReport) -> ExitCode {
    let mut failure = report.output_failure;
    if failure.is_none()
        && let Some(summary) = &report.summary
        && let Err(e) = write_stream(false, summary)
    {
        failure = Some(e.kind());
    }
    match failure {
        Some(std::io::ErrorKind::BrokenPipe) => return ExitCode::SUCCESS,
        Some(kind) => {
            let _ = write_stream(true, &format!("vpclab: cannot write output: {}\n", std::io::Error::from(kind)));
            return ExitCode::from(1);
        }
        None => {}
    }
    match report.error_line {
        Some(line) => {
            let _ = write_stream(true, &format!("{line}\n"));
            ExitCode::from(1)
        }
        None => ExitCode::SUCCESS,
    }
}
