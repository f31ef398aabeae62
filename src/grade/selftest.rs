//! `vpclab check EXERCISE`: the reference solution must score full marks and each known-wrong
//! solution must lose points, for seed N or seeds 1, 2 and 3.

use super::cli::{CliError, grade_jobs};
use super::exercise::Meta;
use super::job::Job;
use super::pool::WorkerCommand;
use super::result::{Status, SubmissionResult, score_text};
use std::fmt::Write;
use std::path::Path;

/// Runs the self-test: one line per run, and whether it holds.
pub(super) fn run(
    exercise: &Path,
    meta: &Meta,
    seed: Option<i64>,
    parallel: Option<usize>,
    worker: &WorkerCommand,
    limits: Option<&str>,
) -> Result<(String, bool), CliError> {
    let solution = meta
        .solution
        .clone()
        .ok_or_else(|| CliError(format!("{}: the exercise names no 'solution' to check", exercise.display())))?;
    let seeds: Vec<i64> = match seed {
        Some(n) => vec![n],
        None if meta.has_params => vec![1, 2, 3],
        None => vec![1],
    };
    let mut jobs = Vec::new();
    let mut roles = Vec::new();
    for &s in &seeds {
        for (i, file) in std::iter::once(&solution).chain(&meta.wrong).enumerate() {
            roles.push(i == 0);
            jobs.push(Job {
                exercise: exercise.to_path_buf(),
                submission: file.clone(),
                region: meta.region.clone(),
                seed: s,
                trusted: true,
                limits: limits.map(str::to_string),
            });
        }
    }
    let results = grade_jobs(&jobs, meta, worker, parallel);
    let mut ok = true;
    let mut out = String::new();
    for ((job, r), &is_solution) in jobs.iter().zip(&results).zip(&roles) {
        let good = if is_solution {
            r.status == Status::Passed && r.score() == r.max_score()
        } else {
            r.score() < r.max_score()
        };
        ok &= good;
        let verdict = match (is_solution, good) {
            (true, true) => "full marks",
            (true, false) => "FAILED: the solution must score full marks",
            (false, true) => "loses points",
            (false, false) => "FAILED: this wrong solution scores full marks",
        };
        let _ = writeln!(
            out,
            "seed {}: {} {}/{} {} — {verdict}",
            job.seed,
            r.file,
            score_text(r.score()),
            score_text(r.max_score()),
            r.status.as_str()
        );
        if is_solution && !good {
            explain(&mut out, r);
        }
    }
    let _ = writeln!(out, "{}: {}", meta.id, if ok { "check passed" } else { "check FAILED" });
    Ok((out, ok))
}

/// Why the solution lost points, for the exercise's author.
fn explain(out: &mut String, r: &SubmissionResult) {
    if let Some(e) = &r.error {
        let _ = writeln!(out, "    error: {e}");
    }
    for c in r.checks.iter().filter(|c| !c.passed) {
        let _ = writeln!(out, "    ✗ {}: {}", c.name, c.feedback.replace('\n', "\n      "));
    }
}
