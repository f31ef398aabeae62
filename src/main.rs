//! The `vpclab` command line: parses flags and calls the library.
//!
//! Exit status: 0 success, 1 the script failed, 2 bad usage or unreadable input.

use anyhow::Context;
use clap::{Args, Parser, Subcommand};
use std::path::PathBuf;
use std::process::ExitCode;
use vpclab::lua::api::ApiOptions;
use vpclab::lua::limits::Limits;
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
struct RunArgs {
    /// Run CODE instead of a file.
    #[arg(short = 'e', value_name = "CODE")]
    code: Option<String>,
    /// Print the world summary as JSON after a successful run.
    #[arg(long)]
    json: bool,
    /// The script to run (with -e: the first argument).
    #[arg(value_name = "FILE", required_unless_present = "code")]
    file: Option<String>,
    /// Arguments passed to the script as `...` and `arg`.
    #[arg(value_name = "ARGS", trailing_var_arg = true, allow_hyphen_values = true)]
    args: Vec<String>,
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    match real_main(cli) {
        Ok(code) => code,
        Err(e) => {
            eprintln!("vpclab: {e:#}");
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
            let mut args = run.args;
            let script = match run.code {
                Some(code) => {
                    if let Some(first) = run.file {
                        args.insert(0, first);
                    }
                    Script::Code(code)
                }
                None => Script::File(PathBuf::from(run.file.unwrap_or_default())),
            };
            let options = RunOptions { api, limits, args, capture: false, summary: run.json };
            let report = runner::run(&script, options)?;
            match report.result {
                Ok(()) => {
                    if let Some(summary) = report.summary {
                        println!("{summary}");
                    }
                    Ok(ExitCode::SUCCESS)
                }
                Err(e) => {
                    eprintln!("{e}");
                    Ok(ExitCode::from(1))
                }
            }
        }
    }
}
