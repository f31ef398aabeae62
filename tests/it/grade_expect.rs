//! The check DSL (`stdlib/vpclab/expect.lua`) as graded feedback: each `expect` function's
//! pass and failure message, errors and limits inside checks, each check's fresh budget.

use super::grade_support::*;

const EXERCISE: &str = r#"
return {
  id = "dsl",
  limits = { instructions = 1e6 },
  checks = {
    { name = "plain", run = function() expect(false, "custom message") end },
    { name = "default message", run = function() expect(nil) end },
    { name = "eq tables", run = function() expect.eq({ a = 1, b = { 2 } }, { a = 1, b = { 3 } }, "tables") end },
    { name = "eq deep pass", run = function() expect.eq({ x = { 1, "y" } }, { x = { 1, "y" } }) end },
    { name = "error_code pass", run = function()
        local e = expect.error_code(function() aws.region():create_vpc{cidr_block = "bad"} end, "InvalidParameterValue")
        expect(e.message:find("bad"), "the error is returned")
      end },
    { name = "error_code no error", run = function() expect.error_code(function() end, "X") end },
    { name = "error_code other", run = function() expect.error_code(function() error("plain", 0) end, "X") end },
    { name = "state", run = function() expect.state("web", "stopped") end },
    { name = "cost_below", run = function() expect.cost_below(1) end },
    { name = "cost_below over", run = function()
        sim.cost = function() return { total = 5, items = { { resource = "i-1", name = "web", kind = "compute", usd = 5 } } } end
        expect(expect.cost_below(10) == 5, "returns the total")
        expect.cost_below(1)
      end },
    { name = "resource", run = function() expect.resource("nope") end },
    { name = "resource typo", run = function() expect.resource("wbe", "instance") end },
    { name = "runtime error", run = function() local t = nil return t.x end },
    { name = "limit", run = function() while true do end end },
    { name = "fresh budget and pcall", run = function()
        local ok = pcall(expect, false, "caught")
        expect(not ok, "pcall sees the failure")
        for i = 1, 1e5 do end
      end },
  },
}
"#;

#[test]
fn each_expect_function_passes_and_fails_with_its_message() {
    let dir = scratch(&[("ex.lua", EXERCISE), ("s.lua", "aws.region():run_instances{name = 'web'} sim.advance('1m')")]);
    let r = grade_json(&dir, "ex.lua", &["s.lua"], &[]);
    let checks = row(&r, "s.lua")["checks"].as_array().unwrap().clone();
    let fb = |i: usize| (checks[i]["passed"].as_bool().unwrap(), checks[i]["feedback"].as_str().unwrap().to_string());
    assert_eq!(fb(0), (false, "custom message".into()));
    assert_eq!(fb(1), (false, "expectation failed".into()));
    assert_eq!(fb(2), (false, "tables: got {a = 1, b = {1 = 2}}, expected {a = 1, b = {1 = 3}}".into()));
    assert_eq!(fb(3), (true, String::new()));
    assert_eq!(fb(4), (true, String::new()));
    assert_eq!(fb(5), (false, "expected the call to fail with X, but it succeeded".into()));
    assert_eq!(fb(6), (false, "expected error X, got plain".into()));
    assert_eq!(fb(7), (false, "instance 'web' is 'running', expected 'stopped'".into()));
    // sim.cost (issue 9): a t3.micro for a minute costs well under $1.
    assert_eq!(fb(8), (true, String::new()));
    assert_eq!(fb(9), (false, "the bill is $5.00, expected below $1.00; largest items: web compute $5.00".into()));
    let (passed, text) = fb(10);
    assert!(
        !passed && text.starts_with("no resource named 'nope' exists. Named resources found: 'web' (instance)"),
        "{text}"
    );
    let (_, text) = fb(11);
    assert!(text.starts_with("no instance named 'wbe' exists (did you mean 'web'?)"), "{text}");
    let (_, text) = fb(12);
    assert_eq!(text, "the check stopped with an error: ex.lua:25: attempt to index a nil value (local 't')");
    let (_, text) = fb(13);
    assert_eq!(
        text,
        "the check stopped with an error: LimitExceeded: instruction limit (1000000) reached at ex.lua:26"
    );
    assert_eq!(fb(14), (true, String::new()));
}

#[test]
fn check_errors_are_errors_in_exercism_and_junit() {
    let dir = scratch(&[("ex.lua", EXERCISE), ("s.lua", "")]);
    let out = vpclab_in(&dir, &["grade", "ex.lua", "s.lua", "--format", "exercism", "--out", "r.json"]);
    assert_eq!(out.status.code(), Some(0));
    let e: serde_json::Value = serde_json::from_slice(&std::fs::read(dir.join("r.json")).unwrap()).unwrap();
    let status: Vec<&str> = e["tests"].as_array().unwrap().iter().map(|t| t["status"].as_str().unwrap()).collect();
    assert_eq!(status[0], "fail");
    assert_eq!(status[12], "error");
    assert_eq!(status[13], "error");
    let junit = text(&vpclab_in(&dir, &["grade", "ex.lua", "s.lua", "--format", "junit"]).stdout);
    assert!(junit.contains("<error message=\"the check stopped with an error: ex.lua:25:"), "{junit}");
    assert!(junit.contains("<failure message=\"custom message\" type=\"CheckFailed\">"), "{junit}");
}
