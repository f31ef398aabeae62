//! `junit`: JUnit XML (de-facto; Jenkins' XSD requires `name, tests, failures, errors` on
//! `testsuite` and `name` on `testcase`): `<testsuites>` → one `<testsuite>` per
//! submission → one `<testcase>` per check, `<failure>` for a failed expectation,
//! `<error>` for a check that crashed or did not run, the submission's output in
//! `<system-out>` and its error in `<system-err>`.

use crate::grade::result::{Report, SubmissionResult};
use std::fmt::Write;

pub(super) fn render(r: &Report) -> String {
    let count = |f: fn(&SubmissionResult) -> usize| r.submissions.iter().map(f).sum::<usize>();
    let tests = count(|s| s.checks.len());
    let failures = count(|s| s.checks.iter().filter(|c| !c.passed && !c.errored).count());
    let errors = count(|s| s.checks.iter().filter(|c| !c.passed && c.errored).count());
    let mut out = String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    let _ = writeln!(
        out,
        "<testsuites name=\"{}\" tests=\"{tests}\" failures=\"{failures}\" errors=\"{errors}\">",
        attr(&r.exercise)
    );
    for s in &r.submissions {
        suite(&mut out, r, s);
    }
    out.push_str("</testsuites>\n");
    out
}

fn suite(out: &mut String, r: &Report, s: &SubmissionResult) {
    let failures = s.checks.iter().filter(|c| !c.passed && !c.errored).count();
    let errors = s.checks.iter().filter(|c| !c.passed && c.errored).count();
    let time = if r.timings { format!(" time=\"{:.3}\"", s.time_ms() as f64 / 1000.0) } else { String::new() };
    let _ = writeln!(
        out,
        "  <testsuite name=\"{}\" tests=\"{}\" failures=\"{failures}\" errors=\"{errors}\" skipped=\"0\"{time}>",
        attr(&s.file),
        s.checks.len()
    );
    for c in &s.checks {
        let time = if r.timings { format!(" time=\"{:.3}\"", c.time_ms as f64 / 1000.0) } else { String::new() };
        let _ = write!(
            out,
            "    <testcase name=\"{}\" classname=\"{}\"{time}",
            attr(&c.shown_name(r.reveal)),
            attr(&r.exercise)
        );
        if c.passed {
            out.push_str("/>\n");
            continue;
        }
        let tag = if c.errored { "error" } else { "failure" };
        let message = c.message(r.reveal);
        let first = message.lines().next().unwrap_or("");
        let _ = writeln!(
            out,
            ">\n      <{tag} message=\"{}\" type=\"{}\">{}</{tag}>\n    </testcase>",
            attr(first),
            if c.errored { "CheckError" } else { "CheckFailed" },
            text(&message)
        );
    }
    if !s.output.is_empty() {
        let _ = writeln!(out, "    <system-out>{}</system-out>", text(&s.output));
    }
    if let Some(e) = &s.error {
        let _ = writeln!(out, "    <system-err>{}</system-err>", text(e));
    }
    out.push_str("  </testsuite>\n");
}

/// Text content: XML's special characters escaped, characters XML 1.0 forbids replaced.
fn text(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for ch in s.chars() {
        match ch {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '\t' | '\n' | '\r' => out.push(ch),
            c if (c as u32) < 0x20 || c == '\u{FFFE}' || c == '\u{FFFF}' => out.push('\u{FFFD}'),
            c => out.push(c),
        }
    }
    out
}

/// An attribute value: text escaping plus quotes, and line breaks kept as references.
fn attr(s: &str) -> String {
    text(s).replace('"', "&quot;").replace('\n', "&#10;").replace('\r', "&#13;").replace('\t', "&#9;")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes() {
        assert_eq!(text("a<b>&\u{1}"), "a&lt;b&gt;&amp;\u{FFFD}");
        assert_eq!(attr("say \"hi\"\n"), "say &quot;hi&quot;&#10;");
    }
}
