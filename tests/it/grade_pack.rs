//! Every exercise of the course pack (`scripts/exercises/*/exercise.lua`) passes
//! `vpclab check` for seed 1 (CI runs every seed); the pack has at least 10 exercises,
//! three of them with per-student params, and each prompt renders every placeholder.

use super::grade_support::{bin, text};
use std::path::Path;
use std::process::Command;

#[test]
fn every_exercise_passes_its_self_test() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("scripts/exercises");
    let mut exercises: Vec<_> =
        std::fs::read_dir(&root).unwrap().map(|e| e.unwrap().path().join("exercise.lua")).collect();
    exercises.sort();
    assert!(exercises.len() >= 10, "{} exercises", exercises.len());
    let mut with_params = 0;
    for ex in &exercises {
        let source = std::fs::read_to_string(ex).unwrap();
        with_params += usize::from(source.contains("params = function"));
        let out = Command::new(bin()).arg("check").arg(ex).args(["--seed", "1"]).output().unwrap();
        assert_eq!(out.status.code(), Some(0), "{}:\n{}{}", ex.display(), text(&out.stdout), text(&out.stderr));
        let report = text(&out.stdout);
        assert!(report.contains("loses points"), "{}: no wrong solution\n{report}", ex.display());
        assert!(source.contains("hint = "), "{}: no hints", ex.display());
        let prompt = Command::new(bin()).arg("prompt").arg(ex).args(["--seed", "1"]).output().unwrap();
        assert_eq!(prompt.status.code(), Some(0), "{}", text(&prompt.stderr));
        assert!(
            !text(&prompt.stdout).contains("{{"),
            "{}: a placeholder is left\n{}",
            ex.display(),
            text(&prompt.stdout)
        );
    }
    assert!(with_params >= 3, "{with_params} exercises with params");
}
