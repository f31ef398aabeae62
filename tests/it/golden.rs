//! Golden outputs: each `tests/golden/NAME.lua` runs through the built binary and its
//! stdout must equal `tests/golden/NAME.out`. Set `UPDATE_GOLDEN=1` to rewrite them.

use std::process::Command;

#[test]
fn golden_outputs_match() {
    let scripts = super::common::scripts_in("golden");
    assert!(!scripts.is_empty(), "no golden scripts");
    let update = std::env::var_os("UPDATE_GOLDEN").is_some();
    let mut failures = Vec::new();
    for script in scripts {
        let out = Command::new(env!("CARGO_BIN_EXE_vpclab")).arg("run").arg(&script).output().expect("run vpclab");
        let stdout = String::from_utf8_lossy(&out.stdout).to_string();
        assert!(out.status.success(), "{} failed: {}", script.display(), String::from_utf8_lossy(&out.stderr));
        let golden = script.with_extension("out");
        if update {
            std::fs::write(&golden, &stdout).expect("write golden");
            continue;
        }
        let want = std::fs::read_to_string(&golden).unwrap_or_default();
        if want != stdout {
            failures.push(format!("{} differs from {}:\n{stdout}", script.display(), golden.display()));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
