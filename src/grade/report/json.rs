//! `json`: `{exercise, submissions: [{file, score, max_score, status, error?, output,
//! checks: [{name, points, max_points, passed, feedback, hint?, hidden?, time_ms?}]}]}`.

use super::pretty;
use crate::grade::result::{Report, score_json};
use serde_json::{Map, Value, json};

pub(super) fn render(r: &Report) -> String {
    let submissions: Vec<Value> = r
        .submissions
        .iter()
        .map(|s| {
            let checks: Vec<Value> = s
                .checks
                .iter()
                .map(|c| {
                    let mut o = Map::new();
                    o.insert("name".into(), c.shown_name(r.reveal).into());
                    o.insert("points".into(), score_json(c.points));
                    o.insert("max_points".into(), score_json(c.max_points));
                    o.insert("passed".into(), c.passed.into());
                    o.insert("feedback".into(), c.shown_feedback(r.reveal).into());
                    if let Some(h) = c.shown_hint(r.reveal) {
                        o.insert("hint".into(), h.into());
                    }
                    if c.hidden {
                        o.insert("hidden".into(), true.into());
                    }
                    if r.timings {
                        o.insert("time_ms".into(), c.time_ms.into());
                    }
                    Value::Object(o)
                })
                .collect();
            let mut o = Map::new();
            o.insert("file".into(), s.file.clone().into());
            o.insert("score".into(), score_json(s.score()));
            o.insert("max_score".into(), score_json(s.max_score()));
            o.insert("status".into(), s.status.as_str().into());
            if let Some(e) = &s.error {
                o.insert("error".into(), e.clone().into());
            }
            o.insert("output".into(), s.output.clone().into());
            o.insert("checks".into(), checks.into());
            Value::Object(o)
        })
        .collect();
    pretty(&json!({ "exercise": r.exercise, "submissions": submissions }))
}
