//! `vpclab grade`, `check` and `prompt`: scores, statuses, hidden checks and hints, params,
//! exit codes, `--out`, `--shard`, folders, byte-identical reports, worker failures.

use super::grade_support::*;
use std::path::PathBuf;
use std::time::Duration;
use vpclab::grade::job::Job;
use vpclab::grade::pool::{WorkerCommand, run_one};

const STUDENTS: &[&str] = &["solution.lua", "open-db.lua", "typo.lua", "broken.lua", "loops.lua"];

#[test]
fn scores_statuses_and_feedback() {
    let dir = web_dir();
    let r = grade_json(&dir, "exercise.lua", STUDENTS, &[]);
    assert_eq!(r["exercise"], "web-and-db");
    let score = |f: &str| (row(&r, f)["score"].as_f64().unwrap(), row(&r, f)["status"].as_str().unwrap().to_string());
    assert_eq!(score("solution.lua"), (8.0, "passed".into()));
    assert_eq!(score("open-db.lua"), (5.0, "failed".into()));
    assert_eq!(score("typo.lua"), (5.0, "failed".into()));
    assert_eq!(score("broken.lua"), (2.0, "error".into()));
    assert_eq!(score("loops.lua"), (0.0, "error".into()));
    for f in STUDENTS {
        assert_eq!(row(&r, f)["max_score"], 8);
    }
    assert_eq!(row(&r, "solution.lua")["output"], "built\n");
    assert_eq!(row(&r, "broken.lua")["output"], "partial\n");
    assert_eq!(row(&r, "broken.lua")["error"], "broken.lua:4: attempt to index a nil value (local 'x')");
    assert_eq!(row(&r, "loops.lua")["error"], "LimitExceeded: instruction limit (5000000) reached at loops.lua:1");
    // A missing resource names what exists with a similar name.
    let typo = &row(&r, "typo.lua")["checks"][1];
    let fb = typo["feedback"].as_str().unwrap();
    assert!(fb.starts_with("no instance named 'web' exists (did you mean 'webb'?)"), "{fb}");
    // Hidden: neutral name and feedback for the student, in full with --reveal.
    let hidden = &row(&r, "open-db.lua")["checks"][2];
    assert_eq!(hidden["name"], "hidden check 3");
    assert_eq!(hidden["hidden"], true);
    assert_eq!(hidden["feedback"], "this hidden check failed");
    let revealed = grade_json(&dir, "exercise.lua", &["open-db.lua"], &["--reveal"]);
    let hidden = &row(&revealed, "open-db.lua")["checks"][2];
    assert_eq!(hidden["name"], "db is private");
    let fb = hidden["feedback"].as_str().unwrap();
    assert!(
        fb.starts_with("internet can reach 'db' on tcp/5432, but must not. The path: internet -> internet-gateway"),
        "{fb}"
    );
    // A failed check's hint; a passed one has none.
    let first = &row(&r, "loops.lua")["checks"][0];
    assert_eq!(first["hint"], "create_vpc takes cidr_block");
    assert!(row(&r, "solution.lua")["checks"][0].get("hint").is_none());
    assert!(first.get("time_ms").is_none());
}

#[test]
fn reachable_feedback_quotes_the_blockers() {
    let dir = web_dir();
    let no_https = WEB_SOLUTION.replace("port = 443", "port = 80");
    std::fs::write(dir.join("no-https.lua"), no_https).unwrap();
    let r = grade_json(&dir, "exercise.lua", &["no-https.lua"], &[]);
    let fb = row(&r, "no-https.lua")["checks"][1]["feedback"].as_str().unwrap().to_string();
    assert!(fb.starts_with("internet cannot reach 'web' on tcp/443:\n  1. "), "{fb}");
    assert!(fb.contains("Add an inbound rule for tcp 443"), "{fb}");
}

#[test]
fn reports_are_byte_identical_run_to_run() {
    let dir = web_dir();
    for format in ["text", "json", "junit", "tap", "gradescope", "exercism"] {
        let mut args = vec!["grade", "exercise.lua"];
        args.extend_from_slice(STUDENTS);
        args.extend_from_slice(&["--format", format, "--jobs", "2"]);
        let a = vpclab_in(&dir, &args);
        let b = vpclab_in(&dir, &args);
        assert_eq!(a.status.code(), Some(0), "{format}: {}", text(&a.stderr));
        assert_eq!(a.stdout, b.stdout, "{format} differs run to run");
    }
    let timed = grade_json(&dir, "exercise.lua", &["solution.lua"], &["--timings"]);
    assert!(row(&timed, "solution.lua")["checks"][0]["time_ms"].is_u64());
}

#[test]
fn params_reach_checks_and_solutions_but_not_students() {
    let dir = scratch(&[
        (
            "ex.lua",
            r#"return { id = "p", prompt = "Build {{cidr}} and open port {{port}}.",
                params = function(seed) return { cidr = "10." .. (seed % 200) .. ".0.0/16", port = 8000 + seed % 100 } end,
                solution = "sol.lua", wrong = { "wrong.lua" },
                checks = { { name = "vpc", points = 1, run = function()
                  local ok = false
                  for _, v in ipairs(aws.region():vpcs()) do ok = ok or v.cidr_block == params.cidr end
                  expect(ok, "no VPC " .. params.cidr)
                end } } }"#,
        ),
        ("sol.lua", "aws.region():create_vpc{cidr_block = params.cidr}"),
        ("wrong.lua", "aws.region():create_vpc{cidr_block = '192.168.0.0/16'}"),
        ("student.lua", "print(params) aws.region():create_vpc{cidr_block = params.cidr}"),
    ]);
    let out = vpclab_in(&dir, &["prompt", "ex.lua", "--seed", "7"]);
    assert_eq!(text(&out.stdout), "# p\n\nBuild 10.7.0.0/16 and open port 8007.\n");
    let by_id = vpclab_in(&dir, &["prompt", "ex.lua", "--student-id", "alice"]);
    let seed = vpclab::grade::seed::derive("alice");
    assert_eq!(
        text(&by_id.stdout),
        format!("# p\n\nBuild 10.{}.0.0/16 and open port {}.\n", seed % 200, 8000 + seed % 100)
    );
    let none = vpclab_in(&dir, &["prompt", "ex.lua"]);
    assert_eq!(none.status.code(), Some(2));
    assert!(text(&none.stderr).contains("give --student-id ID or --seed N"), "{}", text(&none.stderr));
    // A student script does not see params, even with the exercise's own seed.
    let r = grade_json(&dir, "ex.lua", &["student.lua"], &["--seed", "7"]);
    assert_eq!(row(&r, "student.lua")["output"], "nil\n");
    assert_eq!(row(&r, "student.lua")["score"], 0);
    // The solution sees them, for every seed.
    let check = vpclab_in(&dir, &["check", "ex.lua"]);
    assert_eq!(check.status.code(), Some(0), "{}{}", text(&check.stdout), text(&check.stderr));
    let lines = text(&check.stdout);
    for seed in 1..=3 {
        assert!(lines.contains(&format!("seed {seed}: ")), "{lines}");
    }
    let one = vpclab_in(&dir, &["check", "ex.lua", "--seed", "9"]);
    assert_eq!(text(&one.stdout).matches("seed 9:").count(), 2, "{}", text(&one.stdout));
}

#[test]
fn check_fails_when_the_self_test_does_not_hold() {
    let dir = web_dir();
    let ex =
        WEB_EXERCISE.replace("checks = {", "solution = \"solution.lua\", wrong = { \"solution.lua\" },\n  checks = {");
    std::fs::write(dir.join("bad-wrong.lua"), ex).unwrap();
    let out = vpclab_in(&dir, &["check", "bad-wrong.lua", "--seed", "1"]);
    assert_eq!(out.status.code(), Some(1), "{}", text(&out.stdout));
    assert!(text(&out.stdout).contains("FAILED: this wrong solution scores full marks"), "{}", text(&out.stdout));
    let no_solution = vpclab_in(&dir, &["check", "exercise.lua"]);
    assert_eq!(no_solution.status.code(), Some(2));
    assert!(text(&no_solution.stderr).contains("names no 'solution'"), "{}", text(&no_solution.stderr));
}

#[test]
fn exit_codes() {
    let dir = web_dir();
    std::fs::write(
        dir.join("bad.lua"),
        "return { id = 'x', checks = { { name = 'a', ponts = 1, run = function() end } } }",
    )
    .unwrap();
    let bad = vpclab_in(&dir, &["grade", "bad.lua", "solution.lua"]);
    assert_eq!(bad.status.code(), Some(2));
    assert!(
        text(&bad.stderr).contains("check 1: unknown check field 'ponts'; did you mean 'points'?"),
        "{}",
        text(&bad.stderr)
    );
    assert_eq!(vpclab_in(&dir, &["grade", "missing.lua", "solution.lua"]).status.code(), Some(2));
    assert_eq!(vpclab_in(&dir, &["grade", "exercise.lua"]).status.code(), Some(2));
    assert_eq!(vpclab_in(&dir, &["grade", "exercise.lua", "solution.lua", "--shard", "3/2"]).status.code(), Some(2));
    let under = vpclab_in(&dir, &["grade", "exercise.lua", "solution.lua", "loops.lua", "--fail-under", "8"]);
    assert_eq!(under.status.code(), Some(1));
    let fine = vpclab_in(&dir, &["grade", "exercise.lua", "solution.lua", "--fail-under", "8"]);
    assert_eq!(fine.status.code(), Some(0));
    // An unreadable submission still gets its row.
    let r = grade_json(&dir, "exercise.lua", &["nobody.lua"], &[]);
    assert_eq!(row(&r, "nobody.lua")["status"], "error");
    assert!(row(&r, "nobody.lua")["error"].as_str().unwrap().starts_with("cannot read 'nobody.lua'"));
}

#[test]
fn folders_shards_and_out() {
    let dir = web_dir();
    std::fs::create_dir_all(dir.join("class")).unwrap();
    for (i, f) in ["a", "b", "c", "d", "e"].iter().enumerate() {
        std::fs::write(dir.join(format!("class/{f}.lua")), if i % 2 == 0 { WEB_SOLUTION } else { "" }).unwrap();
    }
    std::fs::write(dir.join("class/notes.txt"), "not lua").unwrap();
    let all = grade_json(&dir, "exercise.lua", &["class"], &[]);
    let files: Vec<&str> = all["submissions"].as_array().unwrap().iter().map(|s| s["file"].as_str().unwrap()).collect();
    assert_eq!(files, ["class/a.lua", "class/b.lua", "class/c.lua", "class/d.lua", "class/e.lua"]);
    let mut seen = Vec::new();
    for k in 1..=2 {
        let part = grade_json(&dir, "exercise.lua", &["class"], &["--shard", &format!("{k}/2")]);
        seen.extend(part["submissions"].as_array().unwrap().iter().map(|s| s["file"].as_str().unwrap().to_string()));
    }
    seen.sort();
    assert_eq!(seen, files);
    // --out DIR: one Gradescope object per submission; --out FILE with one: the object.
    let out = vpclab_in(&dir, &["grade", "exercise.lua", "class", "--format", "gradescope", "--out", "results/"]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let a: serde_json::Value =
        serde_json::from_slice(&std::fs::read(dir.join("results/a/results.json")).unwrap()).unwrap();
    assert_eq!(a["score"], 8);
    let b: serde_json::Value =
        serde_json::from_slice(&std::fs::read(dir.join("results/b/results.json")).unwrap()).unwrap();
    assert_eq!(b["score"], 0);
    let out =
        vpclab_in(&dir, &["grade", "exercise.lua", "solution.lua", "--format", "gradescope", "--out", "one.json"]);
    assert_eq!(out.status.code(), Some(0));
    let one: serde_json::Value = serde_json::from_slice(&std::fs::read(dir.join("one.json")).unwrap()).unwrap();
    assert!(one.is_object() && one["tests"].is_array());
    let stdout = vpclab_in(&dir, &["grade", "exercise.lua", "solution.lua", "--format", "gradescope"]);
    assert!(serde_json::from_slice::<serde_json::Value>(&stdout.stdout).unwrap().is_array());
}

fn job() -> Job {
    let dir = web_dir();
    Job {
        exercise: dir.join("exercise.lua"),
        submission: dir.join("solution.lua"),
        region: "us-east-1".into(),
        seed: 1,
        trusted: false,
        limits: None,
    }
}

fn fake_worker(script: &str) -> WorkerCommand {
    WorkerCommand { program: PathBuf::from("/bin/sh"), args: vec!["-c".into(), script.into()] }
}

#[test]
fn worker_crash_kill_and_garbage_become_reasons() {
    let j = job();
    let crash = run_one(&j, &fake_worker("cat >/dev/null; kill -SEGV $$"), Duration::from_secs(20)).unwrap_err();
    assert_eq!(crash, "the grading process crashed (signal 11, SIGSEGV)");
    let status =
        run_one(&j, &fake_worker("cat >/dev/null; echo 'thread panicked' >&2; exit 101"), Duration::from_secs(20))
            .unwrap_err();
    assert_eq!(status, "the grading process exited with status 101: thread panicked");
    let hung = run_one(&j, &fake_worker("exec sleep 30"), Duration::from_millis(300)).unwrap_err();
    assert_eq!(hung, "the grading process was killed after 0.3 s without finishing");
    let garbage = run_one(&j, &fake_worker("cat >/dev/null; echo nope"), Duration::from_secs(20)).unwrap_err();
    assert!(garbage.starts_with("the grading process answered something unreadable"), "{garbage}");
    let missing = WorkerCommand { program: PathBuf::from("/nonexistent/vpclab"), args: vec![] };
    assert!(run_one(&j, &missing, Duration::from_secs(1)).unwrap_err().starts_with("cannot start the grading process"));
    let real = run_one(&j, &WorkerCommand::vpclab(bin()), Duration::from_secs(60)).unwrap();
    assert_eq!(real.checks.len(), 3);
    assert!(real.checks.iter().all(|c| c.passed), "{real:?}");
}

#[test]
fn a_crashed_worker_still_gets_a_row_with_every_check() {
    let dir = web_dir();
    let meta = vpclab::grade::result::SubmissionResult::new(
        "x.lua".into(),
        &exercise_meta(&dir),
        Err("the grading process crashed (signal 6, SIGABRT)".into()),
    );
    assert_eq!(meta.status, vpclab::grade::result::Status::Error);
    assert_eq!(meta.checks.len(), 3);
    assert!(meta.checks.iter().all(|c| !c.passed && c.errored));
    assert_eq!(meta.checks[0].feedback, "not run: the grading process crashed (signal 6, SIGABRT)");
}

fn exercise_meta(dir: &std::path::Path) -> vpclab::grade::exercise::Meta {
    let path = dir.join("exercise.lua");
    vpclab::lua::sandbox::on_vm_thread(move || {
        let file = vpclab::grade::exercise::ExerciseFile::read(&path).unwrap();
        let world = std::rc::Rc::new(std::cell::RefCell::new(vpclab::model::World::new()));
        let sb = file.sandbox(world, "us-east-1", &vpclab::lua::limits::Limits::default()).unwrap();
        let t = file.load_table(&sb).unwrap();
        vpclab::grade::exercise::read_meta(&file, &t, None).unwrap()
    })
    .unwrap()
}
