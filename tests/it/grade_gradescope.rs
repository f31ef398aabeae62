//! The Gradescope bundle end to end: `scripts/gradescope/run_autograder` in a fake
//! `/autograder` tree (AUTOGRADER_ROOT) writes a results.json of Gradescope's shape.

use super::grade_formats::{Gradescope, GsStatus};
use super::grade_support::*;
use std::path::{Path, PathBuf};
use std::process::Command;

const EXERCISE: &str = r#"return {
  id = "vpc-cidr", title = "Your own VPC", limits = { instructions = 1e7 },
  prompt = "Create a VPC with CIDR {{cidr}}.",
  params = function(seed) return { cidr = "10." .. (seed % 200) .. ".0.0/16" } end,
  checks = {
    { name = "the VPC exists", points = 3, hint = "region:create_vpc{cidr_block = ...}", run = function()
        local ok = false
        for _, v in ipairs(aws.region("us-east-1"):vpcs()) do ok = ok or v.cidr_block == params.cidr end
        expect(ok, "no VPC " .. params.cidr)
      end },
    { name = "secret", points = 1, hidden = true, run = function() end },
  },
}"#;

const EMAIL: &str = "ada@example.edu";

/// A fake /autograder with the exercise in source/exercise and `files` in submission/.
fn autograder(files: &[(&str, &str)]) -> PathBuf {
    let meta = format!(r#"{{"users": [{{"email": "{EMAIL}", "id": 7, "name": "Ada"}}], "assignment": {{"id": 1}}}}"#);
    let mut all = vec![
        ("source/exercise/exercise.lua".to_string(), EXERCISE.to_string()),
        ("submission_metadata.json".to_string(), meta),
    ];
    all.extend(files.iter().map(|(n, b)| (format!("submission/{n}"), b.to_string())));
    let refs: Vec<(&str, &str)> = all.iter().map(|(a, b)| (a.as_str(), b.as_str())).collect();
    let root = scratch(&refs);
    std::fs::create_dir_all(root.join("submission")).unwrap();
    root
}

fn run_autograder(root: &Path) -> Gradescope {
    let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("scripts/gradescope/run_autograder");
    let out = Command::new(script).env("AUTOGRADER_ROOT", root).env("VPCLAB", bin()).output().unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let results = std::fs::read(root.join("results/results.json")).expect("results.json written");
    serde_json::from_slice(&results).unwrap_or_else(|e| panic!("not Gradescope's shape ({e}): {}", text(&results)))
}

fn my_cidr() -> String {
    format!("10.{}.0.0/16", vpclab::grade::seed::derive(EMAIL) % 200)
}

#[test]
fn a_correct_submission_scores_full_marks_with_its_own_params() {
    let answer = format!("aws.region('us-east-1'):create_vpc{{cidr_block = '{}'}}", my_cidr());
    let g = run_autograder(&autograder(&[("answer.lua", &answer)]));
    assert_eq!(g.score, 4.0);
    assert_eq!(g.tests.len(), 2);
    assert!(g.tests.iter().all(|t| t.status == GsStatus::Passed));
    // The prompt a teacher hands this student names the same values.
    let dir = autograder(&[]);
    let prompt = vpclab_in(&dir, &["prompt", "source/exercise/exercise.lua", "--student-id", EMAIL]);
    assert!(text(&prompt.stdout).contains(&my_cidr()), "{}", text(&prompt.stdout));
}

#[test]
fn another_students_values_do_not_score() {
    let other = format!("10.{}.0.0/16", (vpclab::grade::seed::derive(EMAIL) + 1) % 200);
    let answer = format!("aws.region('us-east-1'):create_vpc{{cidr_block = '{other}'}}");
    let g = run_autograder(&autograder(&[("answer.lua", &answer)]));
    assert_eq!(g.score, 1.0);
    assert!(g.tests[0].output.contains(&format!("no VPC {}", my_cidr())), "{}", g.tests[0].output);
    assert!(g.tests[0].output.ends_with("Hint: region:create_vpc{cidr_block = ...}"));
}

#[test]
fn a_looping_submission_gets_a_result() {
    let g = run_autograder(&autograder(&[("answer.lua", "while true do end")]));
    assert_eq!(g.score, 1.0);
    assert!(
        g.output.as_deref().unwrap().starts_with(
            "Your own VPC: 1/4 (error)\nError: LimitExceeded: instruction limit (10000000) reached at answer.lua:1\n"
        ),
        "{:?}",
        g.output
    );
}

#[test]
fn submission_lua_is_chosen_among_several_and_none_is_explained() {
    let answer = format!("aws.region('us-east-1'):create_vpc{{cidr_block = '{}'}}", my_cidr());
    let g = run_autograder(&autograder(&[("submission.lua", &answer), ("helper.lua", "error('not me')")]));
    assert_eq!(g.score, 4.0);
    let g = run_autograder(&autograder(&[("a.lua", ""), ("b.lua", "")]));
    assert_eq!(g.score, 0.0);
    assert!(g.output.as_deref().unwrap().contains("Name the one to grade submission.lua"), "{:?}", g.output);
    let g = run_autograder(&autograder(&[("notes.txt", "hello")]));
    assert!(g.output.as_deref().unwrap().starts_with("No .lua file was submitted"), "{:?}", g.output);
}
