//! `text`: per submission, a score line and a ✓/✗ line per check with feedback.

use crate::grade::result::{Report, score_text};
use std::fmt::Write;

pub(super) fn render(r: &Report) -> String {
    let mut out = String::new();
    for s in &r.submissions {
        let _ =
            writeln!(out, "{}: {}/{} {}", s.file, score_text(s.score()), score_text(s.max_score()), s.status.as_str());
        if let Some(e) = &s.error {
            let _ = writeln!(out, "  error: {e}");
        }
        for c in &s.checks {
            let mark = if c.passed { "✓" } else { "✗" };
            let time = if r.timings { format!(" {} ms", c.time_ms) } else { String::new() };
            let _ = writeln!(
                out,
                "  {mark} {} ({}/{}){time}",
                c.shown_name(r.reveal),
                score_text(c.points),
                score_text(c.max_points)
            );
            for line in c.message(r.reveal).lines() {
                let _ = writeln!(out, "      {line}");
            }
        }
    }
    out
}
