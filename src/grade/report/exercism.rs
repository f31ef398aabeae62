//! `exercism`: Exercism's test-runner results.json, version 3 (exercism/docs
//! `building/tooling/test-runners/interface.md`): `version`, `status` (`pass` / `fail` /
//! `error`, the last only when no check could run), `message`, `tests: [{name, status,
//! message, output, test_code}]` in the exercise's order; a test's `output` is what the
//! submission printed (at most 500 bytes).

use super::truncate;
use crate::grade::result::{Report, SubmissionResult};
use serde_json::{Map, Value};

/// Exercism's cap on a test's `output`.
const TEST_OUTPUT_CAP: usize = 500;
/// Exercism's cap on the top-level `message`.
const MESSAGE_CAP: usize = 65_535;

pub(super) fn object(r: &Report, s: &SubmissionResult) -> Value {
    let status = if s.no_check_ran {
        "error"
    } else if s.checks.iter().all(|c| c.passed) && s.error.is_none() {
        "pass"
    } else {
        "fail"
    };
    let printed = truncate(&s.output, TEST_OUTPUT_CAP, "\nOutput was truncated. Please limit to 500 chars");
    let tests: Vec<Value> = s
        .checks
        .iter()
        .map(|c| {
            let mut t = Map::new();
            t.insert("name".into(), c.shown_name(r.reveal).into());
            let st = if c.passed {
                "pass"
            } else if c.errored {
                "error"
            } else {
                "fail"
            };
            t.insert("status".into(), st.into());
            if !c.passed {
                t.insert("message".into(), c.message(r.reveal).into());
            }
            if !s.output.is_empty() {
                t.insert("output".into(), printed.clone().into());
            }
            let code = if c.hidden && !r.reveal { String::new() } else { c.test_code.clone() };
            t.insert("test_code".into(), code.into());
            Value::Object(t)
        })
        .collect();
    let mut o = Map::new();
    o.insert("version".into(), 3.into());
    o.insert("status".into(), status.into());
    let message = s.error.clone().unwrap_or_default();
    if !message.is_empty() || status == "error" {
        o.insert("message".into(), truncate(&message, MESSAGE_CAP, "").into());
    }
    if status != "error" {
        o.insert("tests".into(), tests.into());
    }
    Value::Object(o)
}
