//! The student script set: every `tests/students/*.lua` (files starting with `_` are their
//! shared helpers) replays a mistake from issue 10 and asserts the facts of its hint or error.
//! Each runs through the built binary; a failure names the script and the failed assertion.

use std::process::Command;

#[test]
fn every_student_script_passes() {
    let mut scripts = super::common::scripts_in("students");
    scripts.retain(|p| !p.file_name().is_some_and(|n| n.to_string_lossy().starts_with('_')));
    assert!(scripts.len() >= 10, "only {} student scripts", scripts.len());
    let mut failures = Vec::new();
    for script in &scripts {
        let out = Command::new(env!("CARGO_BIN_EXE_vpclab")).arg("run").arg(script).output().expect("run vpclab");
        if !out.status.success() {
            let name = script.file_name().unwrap_or_default().to_string_lossy();
            failures.push(format!("{name}: {}", String::from_utf8_lossy(&out.stderr).trim_end()));
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {} student scripts failed:\n{}",
        failures.len(),
        scripts.len(),
        failures.join("\n")
    );
}
