//! Report formats against their published shapes: Gradescope results.json and Exercism
//! v3 results.json as strict serde types (unknown fields and values refused), JUnit XML
//! parsed with quick-xml against the Jenkins XSD's required attributes, TAP 14 parsed by
//! its grammar.

use super::grade_support::*;
use quick_xml::events::Event;
use serde::Deserialize;
use std::collections::HashMap;

const STUDENTS: &[&str] = &["solution.lua", "open-db.lua", "broken.lua", "loops.lua"];

fn report(format: &str, extra: &[&str]) -> String {
    let dir = web_dir();
    let mut args = vec!["grade", "exercise.lua"];
    args.extend_from_slice(STUDENTS);
    args.extend_from_slice(&["--format", format]);
    args.extend_from_slice(extra);
    let out = vpclab_in(&dir, &args);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    text(&out.stdout)
}

/// Gradescope's top level (gradescope-autograders.readthedocs.io/en/latest/specs/).
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct Gradescope {
    pub(super) score: f64,
    pub(super) execution_time: Option<f64>,
    pub(super) output: Option<String>,
    pub(super) tests: Vec<GradescopeTest>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct GradescopeTest {
    pub(super) name: String,
    pub(super) number: Option<String>,
    pub(super) score: f64,
    pub(super) max_score: f64,
    pub(super) status: GsStatus,
    pub(super) output: String,
    pub(super) visibility: GsVisibility,
}

#[derive(Deserialize, PartialEq, Debug)]
#[serde(rename_all = "snake_case")]
pub(super) enum GsStatus {
    Passed,
    Failed,
}

#[derive(Deserialize, PartialEq, Debug)]
#[serde(rename_all = "snake_case")]
pub(super) enum GsVisibility {
    Hidden,
    AfterDueDate,
    AfterPublished,
    Visible,
}

#[test]
fn gradescope_results_json() {
    let all: Vec<Gradescope> = serde_json::from_str(&report("gradescope", &[])).unwrap();
    assert_eq!(all.len(), STUDENTS.len());
    for g in &all {
        assert_eq!(g.score, g.tests.iter().map(|t| t.score).sum::<f64>());
        assert!(g.execution_time.is_none(), "no wall-clock time without --timings");
        for t in &g.tests {
            assert_eq!(t.status == GsStatus::Passed, t.score == t.max_score, "{}", t.name);
            assert!(t.number.is_some());
        }
        assert_eq!(g.tests[2].visibility, GsVisibility::AfterPublished);
        assert_eq!(g.tests[2].name, "hidden check 3");
        assert_eq!(g.tests[0].visibility, GsVisibility::Visible);
    }
    assert_eq!(all[0].score, 8.0);
    assert!(all[2].output.as_deref().unwrap().contains("Error: broken.lua:4: attempt to index a nil value"));
    assert!(all[3].tests[0].output.ends_with("\nHint: create_vpc takes cidr_block"), "{}", all[3].tests[0].output);
    let timed: Vec<Gradescope> = serde_json::from_str(&report("gradescope", &["--timings"])).unwrap();
    assert!(timed.iter().all(|g| g.execution_time.is_some()));
}

/// Exercism's test-runner results.json (exercism/docs building/tooling/test-runners/interface.md).
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Exercism {
    version: u8,
    status: ExStatus,
    message: Option<String>,
    tests: Option<Vec<ExercismTest>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct ExercismTest {
    name: String,
    status: ExStatus,
    message: Option<String>,
    output: Option<String>,
    test_code: String,
    task_id: Option<u32>,
}

#[derive(Deserialize, PartialEq, Debug)]
#[serde(rename_all = "snake_case")]
enum ExStatus {
    Pass,
    Fail,
    Error,
}

#[test]
fn exercism_results_json_v3() {
    let all: Vec<Exercism> = serde_json::from_str(&report("exercism", &[])).unwrap();
    let status: Vec<&ExStatus> = all.iter().map(|e| &e.status).collect();
    // A submission that raised but whose checks ran is `fail`, its error in `message`.
    assert_eq!(status, [&ExStatus::Pass, &ExStatus::Fail, &ExStatus::Fail, &ExStatus::Fail]);
    for e in &all {
        assert_eq!(e.version, 3);
        let tests = e.tests.as_ref().expect("tests when pass/fail");
        assert_eq!(tests.len(), 3);
        for t in tests {
            assert!(!t.name.is_empty());
            assert!(t.task_id.is_none());
            assert_eq!(t.status != ExStatus::Pass, t.message.is_some(), "message for fail/error only");
            assert!(t.output.as_ref().is_none_or(|o| o.len() <= 500 + 60));
        }
        assert!(tests[0].test_code.contains("expect(found"), "{}", tests[0].test_code);
        assert_eq!(tests[2].test_code, "", "hidden checks do not show their code");
    }
    assert_eq!(all[2].message.as_deref(), Some("broken.lua:4: attempt to index a nil value (local 'x')"));
    assert_eq!(all[0].tests.as_ref().unwrap()[0].output.as_deref(), Some("built\n"));
    // No check could run: `error`, with a message and no tests.
    let dir = scratch(&[
        (
            "ex.lua",
            "return { id = 'x', setup = function() error('broken setup') end, checks = { { name = 'a', run = function() end } } }",
        ),
        ("s.lua", ""),
    ]);
    let out = vpclab_in(&dir, &["grade", "ex.lua", "s.lua", "--format", "exercism", "--out", "results.json"]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let e: Exercism = serde_json::from_slice(&std::fs::read(dir.join("results.json")).unwrap()).unwrap();
    assert_eq!(e.status, ExStatus::Error);
    assert!(e.tests.is_none());
    let m = e.message.unwrap();
    assert!(m.starts_with("the exercise could not be set up: setup failed: ex.lua:1: broken setup"), "{m}");
}

/// Parses JUnit XML into (element path, attributes, text) and checks the Jenkins XSD's
/// required attributes and the counts.
#[test]
fn junit_xml() {
    let xml = report("junit", &[]);
    let mut reader = quick_xml::Reader::from_str(&xml);
    let mut stack: Vec<String> = Vec::new();
    let mut suites: Vec<HashMap<String, String>> = Vec::new();
    let mut cases_per_suite: Vec<(usize, usize, usize)> = Vec::new();
    let mut root = None;
    let mut outputs = Vec::new();
    loop {
        let ev = reader.read_event().unwrap_or_else(|e| panic!("bad XML: {e}\n{xml}"));
        let (name, attrs, empty) = match &ev {
            Event::Start(e) => (e.name(), e.attributes(), false),
            Event::Empty(e) => (e.name(), e.attributes(), true),
            Event::End(_) => {
                stack.pop();
                continue;
            }
            Event::Text(_) | Event::GeneralRef(_) if stack.last().is_some_and(|s| s == "system-out") => {
                push_text(&mut outputs, &ev);
                continue;
            }
            Event::Eof => break,
            _ => continue,
        };
        let name = String::from_utf8(name.as_ref().as_bytes().to_vec()).unwrap();
        let attrs: HashMap<String, String> = attrs
            .map(|a| {
                let a = a.unwrap();
                let key = String::from_utf8(a.key.as_ref().as_bytes().to_vec()).unwrap();
                (key, a.normalized_value(quick_xml::XmlVersion::Explicit1_0).unwrap().into_owned())
            })
            .collect();
        let parent = stack.last().cloned().unwrap_or_default();
        match name.as_str() {
            "testsuites" => {
                assert!(parent.is_empty());
                root = Some(attrs);
            }
            "testsuite" => {
                assert_eq!(parent, "testsuites");
                for required in ["name", "tests", "failures", "errors"] {
                    assert!(attrs.contains_key(required), "testsuite lacks {required}");
                }
                suites.push(attrs);
                cases_per_suite.push((0, 0, 0));
            }
            "testcase" => {
                assert_eq!(parent, "testsuite");
                assert!(attrs.contains_key("name") && attrs.contains_key("classname"));
                cases_per_suite.last_mut().unwrap().0 += 1;
            }
            "failure" | "error" => {
                assert_eq!(parent, "testcase");
                assert!(attrs.contains_key("message") && attrs.contains_key("type"));
                let c = cases_per_suite.last_mut().unwrap();
                if name == "failure" { c.1 += 1 } else { c.2 += 1 }
            }
            "system-out" | "system-err" => assert_eq!(parent, "testsuite"),
            other => panic!("unexpected element {other}"),
        }
        if !empty {
            stack.push(name);
        }
    }
    let root = root.expect("a <testsuites> root");
    assert_eq!(suites.len(), STUDENTS.len());
    for (s, (tests, failures, errors)) in suites.iter().zip(&cases_per_suite) {
        assert_eq!(s["tests"], tests.to_string());
        assert_eq!(s["failures"], failures.to_string());
        assert_eq!(s["errors"], errors.to_string());
    }
    let total: usize = cases_per_suite.iter().map(|c| c.0).sum();
    assert_eq!(root["tests"], total.to_string());
    assert_eq!(suites[0]["name"], "solution.lua");
    assert_eq!(cases_per_suite[0], (3, 0, 0));
    assert!(outputs.contains(&"built\n".to_string()), "{outputs:?}");
}

#[test]
fn junit_survives_hostile_output() {
    let dir = web_dir();
    std::fs::write(dir.join("weird.lua"), "print('<tag a=\"1\"> & \\0 \\1 \\255 ]]>')").unwrap();
    let out = vpclab_in(&dir, &["grade", "exercise.lua", "weird.lua", "--format", "junit"]);
    let xml = text(&out.stdout);
    let mut reader = quick_xml::Reader::from_str(&xml);
    let mut parts = Vec::new();
    loop {
        match reader.read_event().unwrap_or_else(|e| panic!("bad XML: {e}\n{xml}")) {
            Event::Eof => break,
            ev => push_text(&mut parts, &ev),
        }
    }
    let texts = parts.concat();
    assert!(texts.contains("<tag a=\"1\"> & \u{FFFD} \u{FFFD} \u{FFFD} ]]>"), "{texts:?}");
}

/// Appends the text of a text or entity-reference event (quick-xml splits `&amp;` out).
fn push_text(out: &mut Vec<String>, ev: &Event) {
    match ev {
        Event::Text(t) => out.push(t.xml10_content().into_owned()),
        Event::GeneralRef(r) => {
            let c = match r.resolve_char_ref().unwrap() {
                Some(c) => c.to_string(),
                None => {
                    quick_xml::escape::resolve_predefined_entity(&r.xml10_content()).expect("known entity").to_string()
                }
            };
            match out.last_mut() {
                Some(last) => last.push_str(&c),
                None => out.push(c),
            }
        }
        _ => {}
    }
}

/// TAP 14: version line, one plan, numbered test points, YAML blocks indented 2 spaces.
#[test]
fn tap_14() {
    let tap = report("tap", &[]);
    let lines: Vec<&str> = tap.lines().collect();
    assert_eq!(lines[0], "TAP version 14");
    let plans: Vec<&&str> = lines.iter().filter(|l| l.starts_with("1..")).collect();
    assert_eq!(plans.len(), 1);
    let n: usize = plans[0][3..].parse().unwrap();
    assert_eq!(n, STUDENTS.len() * 3);
    let mut expected = 1;
    let mut in_yaml = false;
    let mut not_ok = 0;
    for l in &lines[1..] {
        if in_yaml {
            if *l == "  ..." {
                in_yaml = false;
            } else {
                assert!(l.starts_with("  ") && l[2..].contains(": "), "YAML line {l:?}");
                let value = l.split_once(": ").unwrap().1;
                if l.starts_with("  message: ") {
                    assert!(serde_json::from_str::<String>(value).is_ok(), "{value}");
                }
            }
            continue;
        }
        if *l == "  ---" {
            in_yaml = true;
            continue;
        }
        if l.starts_with('#') || l.starts_with("1..") {
            continue;
        }
        let rest =
            l.strip_prefix("ok ").or_else(|| l.strip_prefix("not ok ")).unwrap_or_else(|| panic!("bad line {l:?}"));
        if l.starts_with("not ok") {
            not_ok += 1;
        }
        let (num, desc) = rest.split_once(" - ").unwrap();
        assert_eq!(num.parse::<usize>().unwrap(), expected);
        assert!(!desc.contains('\n'));
        expected += 1;
    }
    assert!(!in_yaml);
    assert_eq!(expected - 1, n);
    assert_eq!(not_ok, 1 + 2 + 3);
    assert!(tap.contains("# broken.lua: 2/8 error\n# error: broken.lua:4: attempt to index"), "{tap}");
}

#[test]
fn text_report() {
    let t = report("text", &[]);
    assert!(t.starts_with("solution.lua: 8/8 passed\n  ✓ VPC exists (2/2)\n"), "{t}");
    assert!(t.contains("open-db.lua: 5/8 failed\n"), "{t}");
    assert!(t.contains("  ✗ hidden check 3 (0/3)\n      this hidden check failed\n"), "{t}");
    assert!(t.contains("loops.lua: 0/8 error\n  error: LimitExceeded: instruction limit (5000000) reached at loops.lua:1\n  ✗ VPC exists (0/2)\n      no VPC with CIDR 10.0.0.0/16 in us-east-1\n      Hint: create_vpc takes cidr_block\n"), "{t}");
}
