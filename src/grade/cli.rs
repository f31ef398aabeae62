//! The `grade`, `check` and `prompt` commands, called by `main.rs`. Exit statuses:
//! `grade` 0 when every submission got a row (1 with `--fail-under` when one scored
//! below it); `check` 0 when the self-test holds, else 1; 2 for bad usage or an
//! unreadable or invalid exercise (returned as [`CliError`]).

use super::exercise::{ExerciseFile, Meta, read_meta};
use super::job::Job;
use super::pool::{WorkerCommand, run_all};
use super::report::{Format, render};
use super::result::{Report, SubmissionResult};
use super::seed::SeedSource;
use crate::lua::limits::Limits;
use crate::lua::sandbox::on_vm_thread;
use crate::model::World;
use std::cell::RefCell;
use std::path::{Path, PathBuf};
use std::rc::Rc;
use std::time::Duration;

/// The exit statuses of `vpclab grade`, for its `--help`.
pub const GRADE_EXIT_CODES: &str = "Exit status: 0 every submission got a result row (whatever the scores); \
1 with --fail-under SCORE, some submission scored below it; 2 bad usage, or an unreadable or invalid exercise.";

/// The exit statuses of `vpclab check`, for its `--help`.
pub const CHECK_EXIT_CODES: &str = "Exit status: 0 the solution scores full marks and every wrong file \
loses points, for each seed; 1 it does not; 2 bad usage, or an unreadable or invalid exercise (or no solution).";

/// Bad usage or an unusable exercise (exit status 2).
#[derive(Debug, thiserror::Error)]
#[error("{0}")]
pub struct CliError(pub String);

/// `vpclab grade` flags.
#[derive(Debug, Clone, clap::Args)]
pub struct GradeArgs {
    /// The exercise file.
    #[arg(value_name = "EXERCISE")]
    pub exercise: PathBuf,
    /// Submission files, or folders whose .lua files are each a submission.
    #[arg(value_name = "SUBMISSION", required = true)]
    pub submissions: Vec<PathBuf>,
    /// Report format.
    #[arg(long, value_enum, default_value = "text")]
    pub format: Format,
    /// Submissions graded at once (default: the number of cores).
    #[arg(long, value_name = "N")]
    pub jobs: Option<usize>,
    /// Write the report to FILE, or one report per submission into DIR (an existing
    /// folder or a path ending in '/').
    #[arg(long, value_name = "FILE|DIR")]
    pub out: Option<PathBuf>,
    /// Grade only the K-th of N slices of the submissions (1-based), e.g. 2/8.
    #[arg(long, value_name = "K/N")]
    pub shard: Option<String>,
    /// The seed of the exercise's params for every submission.
    #[arg(long, value_name = "N", conflicts_with = "student_id")]
    pub seed: Option<i64>,
    /// Derive the params seed from this student id (default: from each file name).
    #[arg(long, value_name = "ID")]
    pub student_id: Option<String>,
    /// Include wall-clock times (reports are then not byte-identical run to run).
    #[arg(long)]
    pub timings: bool,
    /// Show hidden checks' names and feedback (the teacher's view).
    #[arg(long)]
    pub reveal: bool,
    /// Exit with status 1 when some submission scores below SCORE.
    #[arg(long, value_name = "SCORE")]
    pub fail_under: Option<f64>,
}

/// `vpclab check` flags.
#[derive(Debug, Clone, clap::Args)]
pub struct CheckArgs {
    /// The exercise file.
    #[arg(value_name = "EXERCISE")]
    pub exercise: PathBuf,
    /// Check this params seed only (default: seeds 1, 2 and 3).
    #[arg(long, value_name = "N")]
    pub seed: Option<i64>,
    /// Runs at once (default: the number of cores).
    #[arg(long, value_name = "N")]
    pub jobs: Option<usize>,
}

/// `vpclab prompt` flags.
#[derive(Debug, Clone, clap::Args)]
pub struct PromptArgs {
    /// The exercise file.
    #[arg(value_name = "EXERCISE")]
    pub exercise: PathBuf,
    /// Derive the params seed from this student id.
    #[arg(long, value_name = "ID", conflicts_with = "seed")]
    pub student_id: Option<String>,
    /// The params seed.
    #[arg(long, value_name = "N")]
    pub seed: Option<i64>,
}

/// Runs `vpclab grade`; `limits` is the global `--limits` override.
pub fn grade(args: &GradeArgs, worker: &WorkerCommand, limits: Option<&str>) -> Result<u8, CliError> {
    let meta = load_meta(&args.exercise, limits)?;
    let mut files = expand(&args.submissions)?;
    if let Some(spec) = &args.shard {
        let (k, n) = parse_shard(spec)?;
        files = files.into_iter().enumerate().filter(|(i, _)| i % n == k - 1).map(|(_, f)| f).collect();
    }
    let seeds = match (&args.seed, &args.student_id) {
        (Some(n), _) => SeedSource::Fixed(*n),
        (None, Some(id)) => SeedSource::StudentId(id.clone()),
        (None, None) => SeedSource::FileName,
    };
    let jobs: Vec<Job> = files
        .iter()
        .map(|f| Job {
            exercise: args.exercise.clone(),
            submission: f.clone(),
            region: meta.region.clone(),
            seed: seeds.seed_for(f),
            trusted: false,
            limits: limits.map(str::to_string),
        })
        .collect();
    let submissions = grade_jobs(&jobs, &meta, worker, args.jobs);
    let report = Report {
        exercise: meta.id.clone(),
        title: meta.title.clone(),
        submissions,
        reveal: args.reveal,
        timings: args.timings,
    };
    write_report(&report, args.format, args.out.as_deref())?;
    let below = args.fail_under.is_some_and(|min| report.submissions.iter().any(|s| s.score() < min));
    Ok(u8::from(below))
}

/// Runs `vpclab check`: the report (one line per run) and the exit status, 0 when the
/// self-test holds.
pub fn check(args: &CheckArgs, worker: &WorkerCommand, limits: Option<&str>) -> Result<(String, u8), CliError> {
    let meta = load_meta(&args.exercise, limits)?;
    let (text, ok) = super::selftest::run(&args.exercise, &meta, args.seed, args.jobs, worker, limits)?;
    Ok((text, u8::from(!ok)))
}

/// Runs `vpclab prompt`: the rendered prompt.
pub fn prompt(args: &PromptArgs) -> Result<String, CliError> {
    let seed = match (&args.seed, &args.student_id) {
        (Some(n), _) => Some(*n),
        (None, Some(id)) => Some(super::seed::derive(id)),
        (None, None) => None,
    };
    super::prompt::prompt(&args.exercise, seed).map_err(|e| CliError(e.to_string()))
}

/// Grades `jobs` in worker processes and scores them against `meta`.
pub(super) fn grade_jobs(
    jobs: &[Job],
    meta: &Meta,
    worker: &WorkerCommand,
    parallel: Option<usize>,
) -> Vec<SubmissionResult> {
    let parallel = parallel.unwrap_or_else(|| std::thread::available_parallelism().map(|n| n.get()).unwrap_or(1));
    let outcomes = run_all(jobs, parallel, worker, worker_budget(meta));
    jobs.iter()
        .zip(outcomes)
        .map(|(job, outcome)| SubmissionResult::new(job.submission.display().to_string(), meta, outcome))
        .collect()
}

/// How long the parent lets a worker run: every phase's wall limit plus slack. The
/// worker's own watchdog answers well before this; the kill is for a worker gone wrong.
fn worker_budget(meta: &Meta) -> Duration {
    let phases = u32::try_from(meta.checks.len() + 1).unwrap_or(u32::MAX);
    Limits::default().wall + meta.limits.wall.saturating_mul(phases) + Duration::from_secs(5)
}

/// Reads the exercise's metadata on a VM thread.
pub(super) fn load_meta(path: &Path, limits: Option<&str>) -> Result<Meta, CliError> {
    let path = path.to_path_buf();
    let limits = limits.map(str::to_string);
    on_vm_thread(move || {
        let file = ExerciseFile::read(&path)?;
        let world = Rc::new(RefCell::new(World::new()));
        let sandbox = file.sandbox(world, "us-east-1", &Limits::default())?;
        let table = file.load_table(&sandbox)?;
        read_meta(&file, &table, limits.as_deref())
    })
    .map_err(|e| CliError(format!("cannot load the exercise: {e}")))?
    .map_err(|e| CliError(e.to_string()))
}

/// Files stay as given; a folder becomes its .lua files in name order.
fn expand(paths: &[PathBuf]) -> Result<Vec<PathBuf>, CliError> {
    let mut out = Vec::new();
    for p in paths {
        if !p.is_dir() {
            out.push(p.clone());
            continue;
        }
        let entries =
            std::fs::read_dir(p).map_err(|e| CliError(format!("cannot read folder '{}': {e}", p.display())))?;
        let mut files: Vec<PathBuf> = entries
            .filter_map(|e| e.ok().map(|e| e.path()))
            .filter(|f| f.is_file() && f.extension().is_some_and(|x| x == "lua"))
            .collect();
        files.sort();
        if files.is_empty() {
            // Still a row: the worker reports that the folder cannot be read as a script.
            out.push(p.clone());
        }
        out.extend(files);
    }
    Ok(out)
}

/// `K/N` with 1 ≤ K ≤ N.
fn parse_shard(spec: &str) -> Result<(usize, usize), CliError> {
    let bad = || CliError(format!("--shard: bad value '{spec}' (expected K/N with 1 <= K <= N, e.g. 2/8)"));
    let (k, n) = spec.split_once('/').ok_or_else(bad)?;
    let (k, n): (usize, usize) = (k.trim().parse().map_err(|_| bad())?, n.trim().parse().map_err(|_| bad())?);
    if k == 0 || n == 0 || k > n {
        return Err(bad());
    }
    Ok((k, n))
}

/// Writes to stdout, to FILE, or one file per submission into DIR.
fn write_report(report: &Report, format: Format, out: Option<&Path>) -> Result<(), CliError> {
    let Some(out) = out else {
        print!("{}", render(report, format, false));
        return Ok(());
    };
    let is_dir = out.is_dir() || out.as_os_str().to_string_lossy().ends_with('/');
    if !is_dir {
        return write_file(out, &render(report, format, true));
    }
    let mut used = std::collections::BTreeSet::new();
    for s in &report.submissions {
        let base = Path::new(&s.file).file_stem().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
        let mut stem = base.clone();
        let mut n = 1;
        while !used.insert(stem.clone()) {
            n += 1;
            stem = format!("{base}-{n}");
        }
        let one = Report { submissions: vec![s.clone()], ..report.clone() };
        write_file(&out.join(format.file_name(&stem)), &render(&one, format, true))?;
    }
    Ok(())
}

fn write_file(path: &Path, text: &str) -> Result<(), CliError> {
    if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
        std::fs::create_dir_all(dir).map_err(|e| CliError(format!("cannot create '{}': {e}", dir.display())))?;
    }
    std::fs::write(path, text).map_err(|e| CliError(format!("cannot write '{}': {e}", path.display())))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shards() {
        assert_eq!(parse_shard("2/8").unwrap(), (2, 8));
        for bad in ["0/3", "4/3", "x", "1/0", "a/b"] {
            assert!(parse_shard(bad).is_err(), "{bad}");
        }
    }
}
