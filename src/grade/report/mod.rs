//! Report formats (CLI.md "Report formats"; field lists and sources in the research
//! notes §9), one module each, all rendering the same [`Report`].

mod exercism;
mod gradescope;
mod json;
mod junit;
mod tap;
mod text;

use super::result::{Report, SubmissionResult};

/// A report format.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// A score line and a ✓/✗ line per check.
    Text,
    /// vpclab's own JSON.
    Json,
    /// Gradescope's results.json.
    Gradescope,
    /// Exercism's test-runner results.json, version 3.
    Exercism,
    /// JUnit XML.
    Junit,
    /// TAP version 14.
    Tap,
}

impl Format {
    /// The file name of one submission's report in an `--out DIR` folder.
    pub fn file_name(self, stem: &str) -> String {
        match self {
            Format::Gradescope | Format::Exercism => format!("{stem}/results.json"),
            Format::Text => format!("{stem}.txt"),
            Format::Json => format!("{stem}.json"),
            Format::Junit => format!("{stem}.xml"),
            Format::Tap => format!("{stem}.tap"),
        }
    }
}

/// Renders the whole report. Gradescope and Exercism describe one submission per object:
/// with one submission (`single`) the object itself, else a JSON array of them.
pub fn render(report: &Report, format: Format, single: bool) -> String {
    match format {
        Format::Text => text::render(report),
        Format::Json => json::render(report),
        Format::Junit => junit::render(report),
        Format::Tap => tap::render(report),
        Format::Gradescope => per_submission(report, single, gradescope::object),
        Format::Exercism => per_submission(report, single, exercism::object),
    }
}

fn per_submission(
    report: &Report,
    single: bool,
    object: fn(&Report, &SubmissionResult) -> serde_json::Value,
) -> String {
    let mut objects: Vec<serde_json::Value> = report.submissions.iter().map(|s| object(report, s)).collect();
    let value = if single && objects.len() == 1 { objects.remove(0) } else { serde_json::Value::Array(objects) };
    pretty(&value)
}

/// Pretty JSON with a final newline.
fn pretty(value: &serde_json::Value) -> String {
    let mut s = serde_json::to_string_pretty(value).unwrap_or_default();
    s.push('\n');
    s
}

/// At most `max` bytes of `text`, cut on a character boundary, with `note` appended when cut.
fn truncate(text: &str, max: usize, note: &str) -> String {
    if text.len() <= max {
        return text.to_string();
    }
    let mut cut = max;
    while !text.is_char_boundary(cut) {
        cut -= 1;
    }
    format!("{}{note}", &text[..cut])
}
