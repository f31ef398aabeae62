//! The hostile-script checklist (research notes §8) as graded submissions. Every item ends
//! with a result row, scores nothing, and leaves the checks' own state intact (the
//! 0-point "grader state intact" check passes); the limits bound the time.

use super::grade_support::*;
use serde_json::Value;

/// Two scored checks nothing hostile builds, and a 0-point probe of the check state.
const EXERCISE: &str = r#"
return {
  id = "hostile",
  limits = { instructions = 2e6, time = "2s", memory = "32M", output = "4K" },
  checks = {
    { name = "a VPC 10.9.0.0/16 exists", points = 1, run = function()
        local found = false
        for _, v in ipairs(aws.region("us-east-1"):vpcs()) do found = found or v.cidr_block == "10.9.0.0/16" end
        expect(found, "no VPC 10.9.0.0/16")
      end },
    { name = "web answers HTTPS", points = 1, run = function()
        expect.reachable("internet", expect.resource("web", "instance"), { protocol = "tcp", port = 443 })
      end },
    { name = "grader state intact", points = 0, run = function()
        assert(("abc"):upper() == "ABC" and string.format("%d", 7) == "7" and string.rep("a", 2) == "aa")
        assert(getmetatable("").__index == string and getmetatable(_G) == nil)
        assert(rawget(_G, "leak") == nil and string.leak == nil and rawget(_G, "params") == nil)
        assert(type(print) == "function" and type(pcall) == "function" and type(error) == "function")
        assert(type(net.reachable) == "function" and type(aws.get) == "function" and type(expect.eq) == "function")
        local ok = pcall(expect.eq, 1, 2)
        assert(not ok, "expect.eq must fail on 1 ~= 2")
        local ok2, reached = net.reachable("internet", "10.9.0.9", { protocol = "tcp", port = 1 })
        assert(ok2 == false, "net.reachable must answer for real")
      end },
  },
}
"#;

/// What a hostile submission must end with.
enum Want {
    /// Status `error`, the error containing this text (or one of `a|b`).
    Error(&'static str),
    /// Ran to the end (status `failed`), its output containing this text.
    Ran(&'static str),
    /// Either, as long as it scores nothing (bounded memory items).
    Any,
}

/// Grades every item in one `vpclab grade` run and checks each row.
fn grade_items(items: &[(&str, &str, Want)]) -> Value {
    let mut files: Vec<(String, String)> = vec![("exercise.lua".into(), EXERCISE.into())];
    files.extend(items.iter().map(|(name, src, _)| (format!("{name}.lua"), src.to_string())));
    let refs: Vec<(&str, &str)> = files.iter().map(|(a, b)| (a.as_str(), b.as_str())).collect();
    let dir = scratch(&refs);
    let names: Vec<String> = items.iter().map(|(n, _, _)| format!("{n}.lua")).collect();
    let names: Vec<&str> = names.iter().map(String::as_str).collect();
    let report = grade_json(&dir, "exercise.lua", &names, &["--jobs", "2"]);
    assert_eq!(report["submissions"].as_array().unwrap().len(), items.len());
    for (name, _, want) in items {
        let r = row(&report, &format!("{name}.lua"));
        assert_eq!(r["score"], 0, "{name} gained points: {r:#}");
        let error = r["error"].as_str().unwrap_or("");
        let status = r["status"].as_str().unwrap();
        match want {
            Want::Error(text) => {
                assert_eq!(status, "error", "{name}: {r:#}");
                assert!(text.split('|').any(|t| error.contains(t)), "{name}: error {error:?} lacks {text:?}");
            }
            Want::Ran(text) => {
                assert_eq!(status, "failed", "{name}: {r:#}");
                assert!(
                    r["output"].as_str().unwrap().contains(text),
                    "{name}: output {:?} lacks {text:?}",
                    r["output"]
                );
            }
            Want::Any => assert!(status == "failed" || status == "error", "{name}: {status}"),
        }
        let probe = &r["checks"][2];
        let uninterruptible = error.contains("cannot be interrupted");
        assert!(probe["passed"] == true || uninterruptible, "{name}: the check state was reached: {probe:#}");
        assert!(r["output"].as_str().unwrap().len() <= 4096, "{name}: output over the cap");
    }
    report
}

/// The instruction limit (or, on a machine too loaded to run 2e6 instructions in 2 s, the time limit).
const LIMIT: &str = "LimitExceeded: instruction limit (2000000) reached at|LimitExceeded: time limit (2 s) reached at";
const LOOP: &str = "function() while true do end end";

#[test]
fn cpu_and_liveness_items_1_to_12() {
    let close = format!("local x <close> = setmetatable({{}}, {{__close = {LOOP}}}) while true do end");
    let for_close = format!(
        "local c = setmetatable({{}}, {{__close = {LOOP}}})\nfor _ in next, {{1}}, nil, c do while true do end end"
    );
    let xpcall_both = format!("xpcall({LOOP}, {LOOP})");
    let xpcall_error = format!("xpcall(error, {LOOP})");
    let wrap = format!("coroutine.wrap({LOOP})()");
    let resume = format!("while true do coroutine.resume(coroutine.create({LOOP})) end");
    let gc = format!("setmetatable({{}}, {{__gc = {LOOP}}})");
    let err_obj = format!("error(setmetatable({{}}, {{__tostring = {LOOP}}}))");
    let print_obj = format!("print(setmetatable({{}}, {{__tostring = {LOOP}}}))");
    let sort_loop = format!("table.sort({{3, 1, 2}}, {LOOP})");
    let gsub_loop = format!("string.gsub(('x'):rep(10), '.', {LOOP})");
    let items: Vec<(&str, &str, Want)> = vec![
        ("i01_while", "while true do end", Want::Error(LIMIT)),
        ("i02_repeat", "repeat until false", Want::Error(LIMIT)),
        ("i02_for_huge", "for i = 1, math.huge do end", Want::Error(LIMIT)),
        ("i02_goto", "::top:: goto top", Want::Error(LIMIT)),
        ("i03_pcall_loop", "while true do pcall(function() while true do end end) end", Want::Error(LIMIT)),
        ("i04_xpcall_both", &xpcall_both, Want::Error(LIMIT)),
        ("i04_xpcall_error", &xpcall_error, Want::Error(LIMIT)),
        ("i05_wrap", &wrap, Want::Error(LIMIT)),
        ("i05_resume", &resume, Want::Error(LIMIT)),
        ("i06_close", &close, Want::Error(LIMIT)),
        ("i06_for_close", &for_close, Want::Error(LIMIT)),
        ("i07_gc", &gc, Want::Error("__gc metamethods are not allowed")),
        ("i07_stop", "collectgarbage('stop')", Want::Error("collectgarbage('stop') is not allowed")),
        ("i07_step", "collectgarbage('step', 1e9)", Want::Error("is not allowed")),
        ("i08_error_object", &err_obj, Want::Error(LIMIT)),
        ("i08_print_object", &print_obj, Want::Error(LIMIT)),
        (
            "i09_sort_invalid",
            "local t = {} for i = 1, 200 do t[i] = i % 7 end table.sort(t, function() return true end)",
            Want::Error("invalid order function for sorting"),
        ),
        ("i09_sort_loop", &sort_loop, Want::Error(LIMIT)),
        (
            "i10_backtrack",
            "string.find(('a'):rep(40), ('a?'):rep(40) .. ('a'):rep(40))",
            Want::Error(LIMIT), // pattern steps count as instructions (src/lua/pattern.rs)
        ),
        ("i10_lazy_dots", "local s = ('a'):rep(30000) s:find('.-.-.-.-b')", Want::Error(LIMIT)),
        ("i11_gsub_loop", &gsub_loop, Want::Error(LIMIT)),
        (
            "i12_load_reader",
            "local f, e = load(function() return '--' end) print(f, e)",
            Want::Ran("nil\tload: only string chunks are allowed"),
        ),
    ];
    grade_items(&items);
}

#[test]
fn memory_and_native_stack_items_13_to_19() {
    let items: Vec<(&str, &str, Want)> = vec![
        ("i13_rep", "local s = string.rep('x', 1e9)", Want::Error("memory limit")),
        ("i13_rep_huge", "local s = ('x'):rep(1e10)", Want::Error("")),
        ("i13_rep_sep", "local s = string.rep('', 1e12, 'ab')", Want::Error("")),
        ("i14_doubling", "local s = 'x' while true do s = s .. s end", Want::Error("memory limit")),
        (
            "i14_concat",
            "local t = {} for i = 1, 64 do t[i] = ('x'):rep(1 << 20) end local s = table.concat(t)",
            Want::Error("memory limit"),
        ),
        ("i15_table", "local t = {} for i = 1, 1e9 do t[i] = i end", Want::Error("LimitExceeded")),
        ("i15_unpack", "table.unpack({}, 1, 1e8)", Want::Error("too many results")),
        ("i16_gsub_big", "local s = ('x'):rep(100000) s = s:gsub('.', ('y'):rep(200))", Want::Any),
        ("i17_recursion", "local function f() return 1 + f() end f()", Want::Error("stack overflow|memory limit")),
        ("i17_pcall_recursion", "local function f() return 1 + f() end print(pcall(f))", Want::Ran("false")),
        (
            "i18_index",
            "local t = setmetatable({}, {__index = function(t, k) return t[k] end}) return t.x",
            Want::Error("stack overflow|memory limit"),
        ),
        (
            "i18_tostring",
            "local t = setmetatable({}, {__tostring = function(s) return tostring(s) end}) print(t)",
            Want::Error("stack overflow|memory limit"),
        ),
        (
            "i18_sort_nest",
            "local function f() table.sort({3, 2, 1}, function(a, b) f() return a < b end) end f()",
            Want::Error("stack overflow|memory limit"),
        ),
        (
            "i19_parens",
            "local f, e = load('return ' .. ('('):rep(1e5) .. '1' .. (')'):rep(1e5)) print(f, e)",
            Want::Ran("nil"),
        ),
        ("i19_braces", "local f, e = load('return ' .. ('{'):rep(1e5)) print(f, e)", Want::Ran("nil")),
    ];
    grade_items(&items);
}

#[test]
fn escape_items_20_to_26_and_files_next_to_the_exercise() {
    let items: Vec<(&str, &str, Want)> = vec![
        (
            "i20_libraries",
            "print(io, debug, dofile, loadfile, os.execute, os.exit, os.getenv, os.remove, package.loadlib, string.dump, warn)",
            Want::Ran("nil\tnil\tnil\tnil\tnil\tnil\tnil\tnil\tnil\tnil\tnil\n"),
        ),
        ("i20_require_io", "require('io')", Want::Error("module 'io' not found")),
        ("i20_require_debug", "require('debug')", Want::Error("module 'debug' not found")),
        (
            "i21_bytecode",
            "print(load('\\27LuaT\\0\\25\\147\\r\\n\\26\\n'))",
            Want::Ran("attempt to load a binary chunk (mode is 't')"),
        ),
        ("i21_bytecode_b", "print(load('\\27LuaT\\0', 'x', 'b'))", Want::Ran("attempt to load a binary chunk")),
        ("i22_load_env", "x = 1 print(pcall(load('return x', 'c', 't', nil)))", Want::Ran("false")),
        (
            "i23_string_mt",
            "getmetatable('').__index.upper = function() return 'HACKED' end string.format = nil string.rep = nil",
            Want::Ran(""),
        ),
        ("i24_env", "_ENV = {}", Want::Ran("")),
        (
            "i24_g_mt",
            "setmetatable(_G, {__index = function() return function() return true end end}) print = nil error = nil pcall = nil",
            Want::Ran(""),
        ),
        ("i25_rawset", "rawset(string, 'rep', function() return '' end) collectgarbage('count')", Want::Ran("")),
        (
            "i26_userdata",
            "print(getmetatable(aws.region())) local r = aws.region() r.vpcs(nil)",
            Want::Error("InvalidParameter: vpcs is a method"),
        ),
        (
            "i26_deleted",
            "local v = aws.region():create_vpc{cidr_block = '10.5.0.0/16'} v:delete() print(v.id)",
            Want::Error("InvalidVpcID.NotFound"),
        ),
        ("i26_wrong_types", "aws.region():create_vpc{cidr_block = {}}", Want::Error("InvalidParameter")),
        ("files_exercise", "require('exercise')", Want::Error("module 'exercise' not found")),
        ("files_solution", "require('i20_libraries')", Want::Error("not found")),
        ("files_open", "print(io and io.open('exercise.lua'))", Want::Ran("nil")),
    ];
    grade_items(&items);
}

#[test]
fn cheating_output_and_shared_state() {
    let fake = r#"print('{"setup_error":null,"error":null,"output":"","checks":[{"passed":true,"errored":false,"feedback":"","time_ms":0}],"stopped":null}')"#;
    let items: Vec<(&str, &str, Want)> = vec![
        (
            "cheat_expect",
            "expect = setmetatable({}, {__call = function() end, __index = function() return function() return {} end end})",
            Want::Ran(""),
        ),
        ("cheat_net", "net.reachable = function() return true end net.trace = nil", Want::Ran("")),
        (
            "cheat_aws",
            "aws.get = function() return {} end aws.region = function() return { vpcs = function() return {{cidr_block = '10.9.0.0/16'}} end } end",
            Want::Ran(""),
        ),
        ("cheat_g", "local g = _G for k in pairs(g) do g[k] = nil end", Want::Ran("")),
        ("cheat_string_mt", "getmetatable('').__index = function() return function() return '' end end", Want::Ran("")),
        ("cheat_protocol", fake, Want::Ran("\"passed\":true")),
        ("cheat_stderr_exit", "os.exit(0)", Want::Error("attempt to call a nil value (field 'exit')")),
        (
            "shared_writer",
            "leak = 'A' string.leak = 'A' aws.region('us-east-1'):create_vpc{cidr_block = '10.8.0.0/16'}",
            Want::Ran(""),
        ),
        (
            "shared_reader",
            "print(rawget(_G, 'leak'), string.leak, #aws.region('us-east-1'):vpcs())",
            Want::Ran("nil\tnil\t1\n"),
        ),
        ("i27_flood", "for i = 1, 1e6 do print(('y'):rep(100)) end", Want::Error("output limit (4096 bytes)")),
        ("i29_long_line", "io = nil print(('z'):rep(5000))", Want::Error("output limit")),
        ("i29_bad_utf8", "print('\\255\\254 ok')", Want::Ran("\u{FFFD}\u{FFFD} ok")),
    ];
    let report = grade_items(&items);
    let flood = row(&report, "i27_flood.lua")["output"].as_str().unwrap().len();
    assert!(flood > 4000, "the capped output is kept ({flood} bytes)");
}

#[test]
fn item28_determinism_of_what_a_script_prints() {
    let src = "local t = {} for _, k in ipairs{'q','w','e','r','t','y','u','i','o','p'} do t[k] = true end\nlocal s = '' for k in pairs(t) do s = s .. k end\nprint(s, math.random(1, 1e6), os.time(), tostring({}), tostring(print))\nerror(setmetatable({}, {__tostring = function() return 'boom ' .. tostring(print) end}))";
    let dir = scratch(&[("exercise.lua", EXERCISE), ("det.lua", src)]);
    let a = grade_json(&dir, "exercise.lua", &["det.lua"], &[]);
    let b = grade_json(&dir, "exercise.lua", &["det.lua"], &[]);
    assert_eq!(a, b);
    let r = row(&a, "det.lua");
    let out = r["output"].as_str().unwrap();
    assert!(out.starts_with("eiopqrtuwy\t"), "{out}");
    assert!(out.ends_with("\ttable: 0x1\tbuiltin: 0x2\n") || out.ends_with("\ttable: 0x1\tfunction: 0x2\n"), "{out}");
    let err = r["error"].as_str().unwrap();
    assert!(err.ends_with("0x2"), "the same address gets the same number: {err}");
}
