//! The graded result of each submission: the one model every report format renders.

use super::exercise::Meta;
use super::job::Outcome;

/// How a submission ended (CLI.md "Grading one submission", step 5).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Status {
    /// Ran to the end and every check passed.
    Passed,
    /// Ran to the end, some check failed.
    Failed,
    /// Raised an error or hit a limit (the checks still scored what was built).
    Error,
}

impl Status {
    /// `passed` / `failed` / `error`.
    pub fn as_str(self) -> &'static str {
        match self {
            Status::Passed => "passed",
            Status::Failed => "failed",
            Status::Error => "error",
        }
    }
}

/// One check's result.
#[derive(Debug, Clone, PartialEq)]
pub struct CheckResult {
    /// Position in the exercise's `checks`, from 1.
    pub number: usize,
    /// The check's name.
    pub name: String,
    /// Points earned.
    pub points: f64,
    /// Points it is worth.
    pub max_points: f64,
    /// It passed.
    pub passed: bool,
    /// It failed by an error (a crash, a limit, not run) rather than a failed expectation.
    pub errored: bool,
    /// Why it failed (empty when passed).
    pub feedback: String,
    /// Shown after a failure.
    pub hint: Option<String>,
    /// Named only as "hidden check N" to the student.
    pub hidden: bool,
    /// The check's source (Exercism's `test_code`).
    pub test_code: String,
    /// Wall-clock milliseconds.
    pub time_ms: u64,
}

impl CheckResult {
    /// The name shown: hidden checks are "hidden check N" unless revealed.
    pub fn shown_name(&self, reveal: bool) -> String {
        if self.hidden && !reveal { format!("hidden check {}", self.number) } else { self.name.clone() }
    }

    /// The feedback shown, empty when passed; a hidden check's detail only when revealed.
    pub fn shown_feedback(&self, reveal: bool) -> String {
        match (self.passed, self.hidden && !reveal) {
            (true, _) => String::new(),
            (false, true) => "this hidden check failed".to_string(),
            (false, false) => self.feedback.clone(),
        }
    }

    /// The hint shown after a failure (never for an unrevealed hidden check).
    pub fn shown_hint(&self, reveal: bool) -> Option<&str> {
        (!self.passed && (!self.hidden || reveal)).then_some(self.hint.as_deref()).flatten()
    }

    /// Feedback followed by `Hint: …`, as every format shows a failure.
    pub fn message(&self, reveal: bool) -> String {
        let mut m = self.shown_feedback(reveal);
        if let Some(h) = self.shown_hint(reveal) {
            if !m.is_empty() {
                m.push('\n');
            }
            m.push_str("Hint: ");
            m.push_str(h);
        }
        m
    }
}

/// One submission's result.
#[derive(Debug, Clone, PartialEq)]
pub struct SubmissionResult {
    /// The submission's path as given.
    pub file: String,
    /// How it ended.
    pub status: Status,
    /// Its error (or why it could not be graded).
    pub error: Option<String>,
    /// No check could run (the exercise's setup failed, the worker died before the checks).
    pub no_check_ran: bool,
    /// What it printed.
    pub output: String,
    /// One entry per check of the exercise, in order.
    pub checks: Vec<CheckResult>,
}

impl SubmissionResult {
    /// Points earned.
    pub fn score(&self) -> f64 {
        self.checks.iter().map(|c| c.points).sum()
    }

    /// Points possible.
    pub fn max_score(&self) -> f64 {
        self.checks.iter().map(|c| c.max_points).sum()
    }

    /// Wall-clock milliseconds spent in checks.
    pub fn time_ms(&self) -> u64 {
        self.checks.iter().map(|c| c.time_ms).sum()
    }

    /// Scores a worker's outcome (`Err`: the worker itself failed, with the reason).
    pub fn new(file: String, meta: &Meta, outcome: Result<Outcome, String>) -> SubmissionResult {
        let (outcome, crash) = match outcome {
            Ok(o) => (o, None),
            Err(reason) => (Outcome::default(), Some(reason)),
        };
        let not_run = crash
            .clone()
            .or_else(|| outcome.setup_error.clone())
            .or_else(|| outcome.stopped.clone())
            .unwrap_or_else(|| "the check did not run".to_string());
        let checks: Vec<CheckResult> = meta
            .checks
            .iter()
            .enumerate()
            .map(|(i, c)| {
                let ran = outcome.checks.get(i);
                let passed = ran.is_some_and(|r| r.passed);
                CheckResult {
                    number: i + 1,
                    name: c.name.clone(),
                    points: if passed { c.points } else { 0.0 },
                    max_points: c.points,
                    passed,
                    errored: ran.is_none_or(|r| r.errored),
                    feedback: match ran {
                        Some(r) => r.feedback.clone(),
                        None => format!("not run: {not_run}"),
                    },
                    hint: c.hint.clone(),
                    hidden: c.hidden,
                    test_code: c.test_code.clone(),
                    time_ms: ran.map(|r| r.time_ms).unwrap_or(0),
                }
            })
            .collect();
        let error = match (crash, &outcome.setup_error) {
            (Some(reason), _) => Some(reason),
            (None, Some(setup)) => Some(format!("the exercise could not be set up: {setup}")),
            (None, None) => outcome.error.clone(),
        };
        let no_check_ran = outcome.checks.is_empty();
        let status = match (&error, checks.iter().all(|c| c.passed)) {
            (Some(_), _) => Status::Error,
            (None, true) => Status::Passed,
            (None, false) => Status::Failed,
        };
        SubmissionResult { file, status, error, no_check_ran, output: outcome.output, checks }
    }
}

/// A graded batch.
#[derive(Debug, Clone, PartialEq)]
pub struct Report {
    /// The exercise's id.
    pub exercise: String,
    /// The exercise's title.
    pub title: String,
    /// One row per submission, in the order given.
    pub submissions: Vec<SubmissionResult>,
    /// Show hidden checks in full (the teacher's view).
    pub reveal: bool,
    /// Include wall-clock times (reports are then not byte-identical run to run).
    pub timings: bool,
}

/// A score as JSON: an integer when it is whole.
pub fn score_json(x: f64) -> serde_json::Value {
    if x.fract() == 0.0 && x.abs() < 9e15 { serde_json::Value::from(x as i64) } else { serde_json::Value::from(x) }
}

/// A score as text: `12`, `2.5`.
pub fn score_text(x: f64) -> String {
    if x.fract() == 0.0 && x.abs() < 9e15 { format!("{}", x as i64) } else { format!("{x}") }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::grade::exercise::CheckMeta;
    use crate::grade::job::CheckOutcome;
    use crate::lua::limits::Limits;

    fn meta() -> Meta {
        let check = |name: &str, points, hidden| CheckMeta {
            name: name.into(),
            points,
            hint: Some("try again".into()),
            hidden,
            test_code: String::new(),
        };
        Meta {
            id: "x".into(),
            title: "X".into(),
            prompt: String::new(),
            region: "us-east-1".into(),
            limits: Limits::default(),
            checks: vec![check("a", 2.0, false), check("b", 1.5, true)],
            has_params: false,
            solution: None,
            wrong: Vec::new(),
        }
    }

    fn ran(passed: bool) -> CheckOutcome {
        CheckOutcome { passed, errored: false, feedback: if passed { String::new() } else { "no".into() }, time_ms: 3 }
    }

    #[test]
    fn statuses_and_scores() {
        let m = meta();
        let ok = Outcome { checks: vec![ran(true), ran(true)], ..Outcome::default() };
        let r = SubmissionResult::new("s.lua".into(), &m, Ok(ok));
        assert_eq!((r.status, r.score(), r.max_score()), (Status::Passed, 3.5, 3.5));
        let half = Outcome { error: Some("boom".into()), checks: vec![ran(true), ran(false)], ..Outcome::default() };
        let r = SubmissionResult::new("s.lua".into(), &m, Ok(half));
        assert_eq!((r.status, r.score()), (Status::Error, 2.0));
        assert!(!r.no_check_ran);
        let stopped =
            Outcome { checks: vec![ran(false)], stopped: Some("a check did not stop".into()), ..Outcome::default() };
        let r = SubmissionResult::new("s.lua".into(), &m, Ok(stopped));
        assert_eq!(r.status, Status::Failed);
        assert_eq!(r.checks[1].feedback, "not run: a check did not stop");
        assert!(r.checks[1].errored && !r.checks[0].errored);
        let setup = Outcome { setup_error: Some("setup failed: x".into()), ..Outcome::default() };
        let r = SubmissionResult::new("s.lua".into(), &m, Ok(setup));
        assert_eq!(r.error.as_deref(), Some("the exercise could not be set up: setup failed: x"));
        assert!(r.no_check_ran);
    }

    #[test]
    fn hidden_and_hints() {
        let m = meta();
        let r = SubmissionResult::new(
            "s.lua".into(),
            &m,
            Ok(Outcome { checks: vec![ran(false), ran(false)], ..Outcome::default() }),
        );
        assert_eq!(r.checks[0].message(false), "no\nHint: try again");
        assert_eq!(r.checks[1].shown_name(false), "hidden check 2");
        assert_eq!(r.checks[1].message(false), "this hidden check failed");
        assert_eq!(r.checks[1].message(true), "no\nHint: try again");
        assert_eq!(r.checks[1].shown_name(true), "b");
        assert_eq!(score_text(1.5), "1.5");
        assert_eq!(score_json(2.0), serde_json::json!(2));
    }
}
