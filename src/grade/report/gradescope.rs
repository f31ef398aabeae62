//! `gradescope`: Gradescope's results.json (gradescope-autograders.readthedocs.io,
//! "specs"): `score`, `execution_time` (only with `--timings`), `output`,
//! `tests: [{name, score, max_score, status, output, visibility}]`. Hidden checks are
//! `after_published` with a neutral name.

use super::truncate;
use crate::grade::result::{Report, SubmissionResult, score_json, score_text};
use serde_json::{Map, Value};

/// Gradescope shows at most this much top-level output comfortably.
const OUTPUT_CAP: usize = 16 << 10;

pub(super) fn object(r: &Report, s: &SubmissionResult) -> Value {
    let tests: Vec<Value> = s
        .checks
        .iter()
        .map(|c| {
            let mut t = Map::new();
            t.insert("name".into(), c.shown_name(r.reveal).into());
            t.insert("number".into(), c.number.to_string().into());
            t.insert("score".into(), score_json(c.points));
            t.insert("max_score".into(), score_json(c.max_points));
            t.insert("status".into(), (if c.passed { "passed" } else { "failed" }).into());
            t.insert("output".into(), c.message(r.reveal).into());
            t.insert("visibility".into(), (if c.hidden { "after_published" } else { "visible" }).into());
            Value::Object(t)
        })
        .collect();
    let mut output =
        format!("{}: {}/{} ({})\n", r.title, score_text(s.score()), score_text(s.max_score()), s.status.as_str());
    if let Some(e) = &s.error {
        output.push_str(&format!("Error: {e}\n"));
    }
    if !s.output.is_empty() {
        output.push_str("\nYour script printed:\n");
        output.push_str(&s.output);
    }
    let mut o = Map::new();
    o.insert("score".into(), score_json(s.score()));
    if r.timings {
        o.insert("execution_time".into(), Value::from(s.time_ms() as f64 / 1000.0));
    }
    o.insert("output".into(), truncate(&output, OUTPUT_CAP, "\n(output truncated)").into());
    o.insert("tests".into(), tests.into());
    Value::Object(o)
}
