//! `tap`: TAP version 14 (testanything.org): one `ok` / `not ok` line per check of every
//! submission, `1..N` first, the feedback in a YAML block indented two spaces. Every YAML
//! value is written as a JSON string, which is valid YAML.

use crate::grade::result::{Report, score_text};
use std::fmt::Write;

pub(super) fn render(r: &Report) -> String {
    let total: usize = r.submissions.iter().map(|s| s.checks.len()).sum();
    let mut out = format!("TAP version 14\n1..{total}\n");
    let mut n = 0;
    for s in &r.submissions {
        let _ = writeln!(
            out,
            "# {}: {}/{} {}",
            comment(&s.file),
            score_text(s.score()),
            score_text(s.max_score()),
            s.status.as_str()
        );
        if let Some(e) = &s.error {
            let _ = writeln!(out, "# error: {}", comment(e));
        }
        for c in &s.checks {
            n += 1;
            let ok = if c.passed { "ok" } else { "not ok" };
            let _ = writeln!(out, "{ok} {n} - {}: {}", description(&s.file), description(&c.shown_name(r.reveal)));
            if c.passed && !r.timings {
                continue;
            }
            out.push_str("  ---\n");
            if !c.passed {
                let _ = writeln!(out, "  message: {}", quoted(&c.message(r.reveal)));
                let _ = writeln!(out, "  severity: {}", if c.errored { "error" } else { "fail" });
            }
            let _ = writeln!(out, "  points: {}", score_text(c.points));
            let _ = writeln!(out, "  max_points: {}", score_text(c.max_points));
            if r.timings {
                let _ = writeln!(out, "  duration_ms: {}", c.time_ms);
            }
            out.push_str("  ...\n");
        }
    }
    out
}

/// A test description: `\` and `#` escaped, on one line.
fn description(s: &str) -> String {
    comment(s).replace('\\', "\\\\").replace('#', "\\#")
}

/// One line of text.
fn comment(s: &str) -> String {
    s.replace(['\n', '\r'], " ")
}

fn quoted(s: &str) -> String {
    serde_json::to_string(s).unwrap_or_else(|_| "\"\"".to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn descriptions_escape() {
        assert_eq!(description("a#b\\c\nd"), "a\\#b\\\\c d");
        assert_eq!(quoted("say \"x\"\n"), "\"say \\\"x\\\"\\n\"");
    }
}
