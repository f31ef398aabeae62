//! The `vpclab` binary: exit codes 0/1/2, `-e`, arguments, error lines, `--json`, `--limits`.

use super::bounds::{Input, measure};
use std::io::Write;
use std::path::PathBuf;
use std::process::{Command, Output, Stdio};
use std::sync::atomic::{AtomicUsize, Ordering};

fn vpclab(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_vpclab")).args(args).output().expect("run vpclab")
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

/// A fresh scratch folder holding `files`.
fn scratch(files: &[(&str, &str)]) -> PathBuf {
    static N: AtomicUsize = AtomicUsize::new(0);
    let dir =
        std::env::temp_dir().join(format!("vpclab-it-{}-{}", std::process::id(), N.fetch_add(1, Ordering::Relaxed)));
    for (name, body) in files {
        let path = dir.join(name);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, body).unwrap();
    }
    dir
}

#[test]
fn run_file_with_args_exit_0() {
    let dir = scratch(&[(
        "main.lua",
        "#!/usr/bin/env vpclab\nprint(select('#', ...), ...)\nprint(arg[0]:match('main.lua$') ~= nil, arg[1], arg[2], #arg)",
    )]);
    let out = vpclab(&["run", dir.join("main.lua").to_str().unwrap(), "a", "--b"]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    assert_eq!(text(&out.stdout), "2\ta\t--b\ntrue\ta\t--b\t2\n");
}

#[test]
fn run_e_and_its_args() {
    let out = vpclab(&["run", "-e", "print(1 + 1, ...)", "x"]);
    assert_eq!(out.status.code(), Some(0));
    assert_eq!(text(&out.stdout), "2\tx\n");
}

#[test]
fn script_error_is_one_line_exit_1() {
    let dir = scratch(&[("bad.lua", "local t = {}\nlocal vpc = nil\nprint(vpc.cidr)\n")]);
    let path = dir.join("bad.lua");
    let out = vpclab(&["run", path.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(text(&out.stderr), format!("{}:3: attempt to index a nil value (local 'vpc')\n", path.display()));
}

#[test]
fn limit_error_exit_1() {
    let out = vpclab(&["run", "--limits", "instructions=1e6", "-e", "while true do end"]);
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(text(&out.stderr), "LimitExceeded: instruction limit (1000000) reached at (command line):1\n");
}

#[test]
fn missing_file_exit_2() {
    let out = vpclab(&["run", "no-such-file.lua"]);
    assert_eq!(out.status.code(), Some(2));
    let err = text(&out.stderr);
    assert!(err.starts_with("vpclab: cannot read 'no-such-file.lua': "), "{err}");
    assert_eq!(err.lines().count(), 1, "{err}");
}

#[test]
fn bad_limits_exit_2() {
    let out = vpclab(&["--limits", "memory=lots", "run", "-e", "print(1)"]);
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(text(&out.stderr), "vpclab: --limits: bad value 'lots' for limit 'memory' (expected bytes, e.g. 64M)\n");
    assert!(text(&out.stdout).is_empty());
}

#[test]
fn bad_usage_exit_2() {
    assert_eq!(vpclab(&["run"]).status.code(), Some(2));
    assert_eq!(vpclab(&["frobnicate"]).status.code(), Some(2));
}

#[test]
fn json_summary_after_success() {
    let out = vpclab(&["run", "--json", "-e", "x = 1"]);
    assert_eq!(out.status.code(), Some(0));
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).expect("JSON on stdout");
    assert!(v.is_object(), "{v}");
    let out = vpclab(&["run", "--json", "-e", "error('no')"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(out.stdout.is_empty());
}

#[test]
fn require_next_to_the_script() {
    let dir = scratch(&[
        ("main.lua", "local h = require('lib.helper') print(h.twice(21))\nprint(pcall(require, '..secret'))"),
        ("lib/helper.lua", "return { twice = function(x) return 2 * x end }"),
        ("secret.lua", "return 'leaked'"),
    ]);
    let out = vpclab(&["run", dir.join("main.lua").to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let stdout = text(&out.stdout);
    assert!(stdout.starts_with("42\nfalse\tmodule '..secret' not found"), "{stdout}");
    let out = vpclab(&["run", "-e", "require('lib.helper')"]);
    assert_eq!(out.status.code(), Some(1));
}

#[test]
fn repl_reads_piped_stdin() {
    let mut child = Command::new(env!("CARGO_BIN_EXE_vpclab"))
        .env("VPCLAB_HISTORY", std::env::temp_dir().join(format!("vpclab-it-history-{}", std::process::id())))
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("spawn");
    child
        .stdin
        .take()
        .unwrap()
        .write_all(b"for i = 1, 2 do\nprint(i * 10)\nend\n{b = 1, a = 2}\nerror('oops')\n6 * 7\n")
        .unwrap();
    let out = child.wait_with_output().unwrap();
    assert_eq!(out.status.code(), Some(0));
    let stdout = text(&out.stdout);
    assert!(stdout.contains("10\n20\n"), "{stdout}");
    assert!(stdout.contains("{a = 2, b = 1}\n"), "{stdout}");
    assert!(stdout.contains("42\n"), "{stdout}");
    assert!(text(&out.stderr).contains("stdin:1: oops"));
}

#[test]
fn region_flag_sets_the_default_and_refuses_unknown_names() {
    let ok = vpclab(&["run", "--region", "eu-west-1", "-e", "print(aws.region().name)"]);
    assert_eq!(ok.status.code(), Some(0));
    assert_eq!(text(&ok.stdout).trim(), "eu-west-1");
    let bad = vpclab(&["run", "--region", "nowhere", "-e", "print(1)"]);
    assert_eq!(bad.status.code(), Some(2));
    assert!(text(&bad.stderr).contains("nowhere"), "{}", text(&bad.stderr));
}

#[test]
fn a_backtracking_pattern_stops_at_the_time_limit_and_names_its_line() {
    // Pattern matching charges its steps to the budget and checks the clock as it goes.
    let code = "local s = ('a'):rep(40)\nprint(string.find(s, ('a?'):rep(40) .. ('a'):rep(40)))";
    let m = measure(&["run", "--limits", "time=0.2s,instructions=1e15", "-e", code], Input::Null);
    assert_eq!(m.code, Some(1));
    assert_eq!(m.stderr, "LimitExceeded: time limit (0.2 s) reached at (command line):2\n");
}

#[test]
fn everything_after_file_reaches_the_script() {
    let dir = scratch(&[("args.lua", "print(select('#', ...), ...)\nprint(#arg, arg[1], arg[#arg])")]);
    let file = dir.join("args.lua");
    let out = vpclab(&["run", file.to_str().unwrap(), "--limits", "x", "-e", "CODE", "--", "--help", "--json"]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    assert_eq!(text(&out.stdout), "7\t--limits\tx\t-e\tCODE\t--\t--help\t--json\n7\t--limits\t--json\n");
    // vpclab's own options go before FILE.
    let out = vpclab(&["run", "--limits", "output=3", file.to_str().unwrap(), "abc"]);
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(text(&out.stdout), "1\ta");
    let help = vpclab(&["run", "--help"]);
    assert!(text(&help.stdout).contains("Everything after FILE reaches the script verbatim"), "{}", text(&help.stdout));
}

#[test]
fn require_refuses_links_out_of_the_script_folder() {
    let outside = scratch(&[("x.lua", "return 'leaked'")]);
    let dir = scratch(&[
        ("main.lua", "for _, m in ipairs{'lnk', 'root.x', 'alias'} do print(m, pcall(require, m)) end"),
        ("real.lua", "return 'inside'"),
    ]);
    std::os::unix::fs::symlink("/etc/passwd", dir.join("lnk.lua")).unwrap();
    std::os::unix::fs::symlink(&outside, dir.join("root")).unwrap();
    std::os::unix::fs::symlink(dir.join("real.lua"), dir.join("alias.lua")).unwrap();
    let out = vpclab(&["run", dir.join("main.lua").to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let stdout = text(&out.stdout);
    let lines: Vec<&str> = stdout.lines().collect();
    assert!(lines[0].starts_with("lnk\tfalse\tmodule 'lnk' not found ("), "{stdout}");
    assert!(lines[0].ends_with("lnk.lua' resolves outside the script's folder)"), "{stdout}");
    assert!(lines[1].starts_with("root.x\tfalse\tmodule 'root.x' not found ("), "{stdout}");
    assert!(lines[1].contains("resolves outside the script's folder"), "{stdout}");
    assert_eq!(lines[2], "alias\ttrue\tinside");
    assert!(!stdout.contains("leaked") && !stdout.contains("root:"), "{stdout}");
}

#[test]
fn repl_stops_a_pattern_bomb_and_goes_on() {
    let input = "x = 41\nstring.find(('a'):rep(40), ('a?'):rep(40) .. ('a'):rep(40))\nx + 1\n'\\27]0;title\\7'\n";
    let m = measure(&["--limits", "time=0.3s,instructions=1e15"], Input::Bytes(input.as_bytes().to_vec()));
    assert_eq!(m.code, Some(0), "{}", m.stderr);
    assert!(m.stderr.contains("LimitExceeded: time limit (0.3 s) reached at stdin:1"), "{}", m.stderr);
    assert!(m.stdout.contains("42\n"), "{}", m.stdout);
    assert!(m.stdout.contains("\\27]0;title\\7\n"), "{}", m.stdout);
    assert!(!m.stdout.contains('\x1b'), "{}", m.stdout);
}

#[test]
fn repl_watchdog_ends_a_session_stuck_in_a_c_call() {
    let input = "table.move({}, 1, math.maxinteger - 1, 1, {})\nprint('never')\n";
    let m = measure(&["--limits", "time=0.2s"], Input::Bytes(input.as_bytes().to_vec()));
    assert_eq!(m.code, Some(1));
    assert_eq!(
        m.stderr,
        "LimitExceeded: time limit (0.2 s) reached inside a call that cannot be interrupted \
         (last script line seen: stdin:1); the session cannot continue\n"
    );
    assert!(!m.stdout.contains("never"));
}
