//! The worker protocol: one [`Job`] goes to a worker process on stdin as JSON, one
//! [`Outcome`] comes back on stdout as JSON.

use serde::{Deserialize, Serialize};
use std::path::PathBuf;

/// One submission to grade against one exercise.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
pub struct Job {
    /// The exercise file.
    pub exercise: PathBuf,
    /// The submission file.
    pub submission: PathBuf,
    /// The exercise's region (read by the parent), the default region of every state.
    pub region: String,
    /// The seed of the exercise's `params`.
    pub seed: i64,
    /// The submission is the exercise's own solution or wrong file: it sees `params`.
    pub trusted: bool,
    /// Limit overrides from the command line (`--limits`), applied after the exercise's.
    pub limits: Option<String>,
}

/// What a worker reports for its job.
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq, Eq)]
pub struct Outcome {
    /// The exercise could not be loaded or its `setup` (or `params`) failed: no check ran.
    pub setup_error: Option<String>,
    /// The submission raised an error or hit a limit.
    pub error: Option<String>,
    /// What the submission printed (capped by the output limit).
    pub output: String,
    /// One entry per check that ran, in order; missing entries did not run.
    pub checks: Vec<CheckOutcome>,
    /// Why the remaining checks did not run (the VM stopped answering).
    pub stopped: Option<String>,
}

/// The result of one check.
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq, Eq)]
pub struct CheckOutcome {
    /// The check returned without error.
    pub passed: bool,
    /// It failed with a runtime error or a limit rather than a failed expectation.
    pub errored: bool,
    /// The failure message (empty when passed).
    pub feedback: String,
    /// Wall-clock milliseconds (reported only with `--timings`).
    pub time_ms: u64,
}
