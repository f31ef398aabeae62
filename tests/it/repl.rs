//! The REPL driver: multi-line input, printing, fresh budgets, completion, help.

use super::common::install_fakes;
use vpclab::lua::api::ApiOptions;
use vpclab::lua::limits::Limits;
use vpclab::lua::output::{Captured, Output};
use vpclab::repl::{Outcome, Repl};

fn repl() -> (Repl, Captured) {
    let captured = Captured::new();
    let limits = Limits::default().with_overrides("instructions=1e6").unwrap();
    let repl = Repl::new(&ApiOptions::default(), &limits, Output::Capture(captured.clone())).unwrap();
    install_fakes(repl.sandbox().lua()).unwrap();
    (repl, captured)
}

fn out(s: &str) -> Outcome {
    Outcome::Output(s.to_string())
}

#[test]
fn multi_line_for_loop() {
    let (mut r, printed) = repl();
    assert_eq!(r.eval_line("for i = 1, 3 do"), Outcome::Continue);
    assert!(r.is_pending());
    assert_eq!(r.eval_line("  print(i * 10)"), Outcome::Continue);
    assert_eq!(r.eval_line("end"), out(""));
    assert_eq!(printed.take(), "10\n20\n30\n");
    assert_eq!(r.eval_line("x = {"), Outcome::Continue);
    assert_eq!(r.eval_line("1 +"), Outcome::Continue);
    assert_eq!(r.eval_line("2}"), out(""));
    assert_eq!(r.eval_line("x[1]"), out("3"));
    assert_eq!(r.eval_line("local s = [["), Outcome::Continue);
    r.cancel_pending();
    assert!(!r.is_pending());
}

#[test]
fn expressions_print_with_tostring() {
    let (mut r, _) = repl();
    assert_eq!(r.eval_line("1 + 1"), out("2"));
    assert_eq!(r.eval_line("'a', 2.0, nil, true"), out("a\t2.0\tnil\ttrue"));
    assert_eq!(r.eval_line("x = 5"), out(""));
    assert_eq!(r.eval_line("x"), out("5"));
    assert_eq!(r.eval_line(""), out(""));
}

#[test]
fn tables_print_sorted() {
    let (mut r, _) = repl();
    assert_eq!(
        r.eval_line("{zeta = 1, alpha = {2, 1}, [2] = 'b', [1] = 'a'}"),
        out("{\"a\", \"b\", alpha = {2, 1}, zeta = 1}")
    );
    assert_eq!(r.eval_line("local t = {} t.me = t return t"), out("{me = <cycle>}"));
}

#[test]
fn errors_then_the_session_goes_on() {
    let (mut r, _) = repl();
    assert_eq!(r.eval_line("error('x')"), Outcome::Error("stdin:1: x".to_string()));
    assert_eq!(r.eval_line("x = = 1"), Outcome::Error("stdin:1: unexpected symbol near '='".to_string()));
    assert_eq!(
        r.eval_line("fail()"),
        Outcome::Error("stdin:1: InvalidVpc.Range: The CIDR '10.0.0.0/15' is invalid.".to_string())
    );
    assert_eq!(
        r.eval_line("while true do end"),
        Outcome::Error("LimitExceeded: instruction limit (1000000) reached at stdin:1".to_string())
    );
    // Each command gets a fresh budget.
    assert_eq!(r.eval_line("local n = 0 for i = 1, 100000 do n = n + 1 end return n"), out("100000"));
    assert_eq!(r.eval_line("select(2, pcall(fail)).code"), out("InvalidVpc.Range"));
}

#[test]
fn completion_of_globals_fields_and_methods() {
    let (mut r, _) = repl();
    r.eval_line("mycidr = {usable = 1, split = 2, [3] = 4}");
    assert_eq!(r.complete("mycidr.usa", 10), (7, vec!["usable".to_string()]));
    assert_eq!(r.complete("mycidr.", 7).1, vec!["split".to_string(), "usable".to_string()]);
    assert_eq!(r.complete("x = myc", 7), (4, vec!["mycidr".to_string()]));
    assert_eq!(r.complete("pri", 3).1, vec!["print".to_string()]);
    assert_eq!(r.complete("loc", 3).1, vec!["local".to_string()]);
    let (start, methods) = r.complete("vpc:", 4);
    assert_eq!(start, 4);
    assert!(methods.contains(&"create_subnet".to_string()), "{methods:?}");
    assert!(methods.contains(&"delete".to_string()), "{methods:?}");
    assert!(r.complete("vpc.cid", 7).1.contains(&"cidr_block".to_string()));
    // A table whose __index would run code is read raw only.
    r.eval_line("trap = setmetatable({}, {__index = function() while true do end end})");
    assert_eq!(r.complete("trap.x", 6).1, Vec::<String>::new());
}

#[test]
fn help_works_in_the_repl() {
    let (mut r, printed) = repl();
    assert_eq!(r.eval_line("help(vpc, 'create_subnet')"), out(""));
    assert!(printed.take().starts_with("vpc:create_subnet{cidr_block"));
    assert_eq!(r.eval_line("help('Vpc:create_subent')"), out(""));
    assert_eq!(printed.take(), "help: no entry 'Vpc:create_subent'; did you mean 'Vpc:create_subnet'?\n");
}

/// Feeds `lines` to a fresh REPL on a VM thread; fails the test instead of hanging if
/// they have not all been evaluated within 20 s.
fn session(lines: &'static [&'static str]) -> Vec<Outcome> {
    use vpclab::lua::watchdog::{Watched, run_watched};
    let done = run_watched(std::time::Duration::from_secs(19), move |watch| {
        let (mut r, _) = repl();
        watch.watch(r.sandbox());
        lines.iter().map(|l| r.eval_line(l)).collect::<Vec<_>>()
    });
    match done.expect("vm thread") {
        Watched::Finished(outcomes) => outcomes,
        Watched::Overran(message) => panic!("the session did not go on: {message}"),
    }
}

#[test]
fn a_pattern_bomb_at_the_prompt_stops_and_the_session_goes_on() {
    let outcomes = session(&["x = 41", r#"string.find(("a"):rep(40), ("a?"):rep(40) .. ("a"):rep(40))"#, "x + 1"]);
    assert_eq!(
        outcomes,
        [
            out(""),
            Outcome::Error("LimitExceeded: instruction limit (1000000) reached at stdin:1".to_string()),
            out("42")
        ]
    );
}

#[test]
fn a_table_shared_many_ways_renders_bounded() {
    let outcomes = session(&[
        "local t = {} for i = 1, 200 do t[i] = i end for _ = 1, 4 do local u = {} for i = 1, 200 do u[i] = t end t = u end return t",
        "1 + 1",
    ]);
    let Outcome::Output(text) = &outcomes[0] else { panic!("expected output") };
    assert!(text.len() <= 64 << 10, "{} bytes", text.len());
    assert!(text.ends_with('}'), "{}", &text[text.len() - 20..]);
    assert!(text.contains('…'));
    assert_eq!(outcomes[1], out("2"));
}

#[test]
fn echo_and_error_lines_escape_control_characters() {
    let (mut r, printed) = repl();
    assert_eq!(r.eval_line(r#""\27]0;owned\7 ok""#), out("\\27]0;owned\\7 ok"));
    assert_eq!(r.eval_line(r#"error("\27[2J")"#), Outcome::Error("stdin:1: \\27[2J".to_string()));
    // print itself writes what the script asked for.
    assert_eq!(r.eval_line(r#"print("\27[1mbold")"#), out(""));
    assert_eq!(printed.take(), "\x1b[1mbold\n");
}

#[test]
fn the_echo_counts_against_the_output_cap() {
    let captured = Captured::new();
    let limits = Limits::default().with_overrides("output=1K").unwrap();
    let mut r = Repl::new(&ApiOptions::default(), &limits, Output::Capture(captured.clone())).unwrap();
    let Outcome::Output(text) = r.eval_line("('x'):rep(5000)") else { panic!("expected output") };
    assert_eq!(text.len(), 1024);
    assert!(text.ends_with("…[truncated]"));
    let Outcome::Error(line) = r.eval_line("print(('p'):rep(1000)) error(('E'):rep(5000))") else {
        panic!("expected an error")
    };
    assert!(line.len() <= 256, "{}", line.len());
    assert_eq!(captured.take().len(), 1001);
    // A fresh budget for each evaluation.
    assert_eq!(r.eval_line("'short'"), out("short"));
}

#[test]
fn top_level_locals_live_on_across_lines() {
    let (mut r, _) = repl();
    assert_eq!(r.eval_line("local region = aws.region(\"us-east-1\")"), out(""));
    assert_eq!(r.eval_line("region.name"), out("us-east-1"));
    assert_eq!(r.eval_line("local a, b = 1, 2"), out(""));
    assert_eq!(r.eval_line("a + b"), out("3"));
    assert_eq!(r.eval_line("local function twice(x) local y = x * 2 return y end"), out(""));
    assert_eq!(r.eval_line("twice(4)"), out("8"));
    assert_eq!(r.eval_line("y"), out("nil"), "locals inside functions stay local");
    assert_eq!(r.eval_line("local vpc = region:create_vpc{"), Outcome::Continue);
    assert_eq!(r.eval_line("  cidr_block = \"10.0.0.0/16\"}"), out(""));
    assert_eq!(r.eval_line("vpc.cidr_block"), out("10.0.0.0/16"));
}

#[test]
fn exit_and_quit_leave() {
    for line in ["exit", "quit", "exit()", "quit()", "os.exit()", "  exit  "] {
        let (mut r, _) = repl();
        assert_eq!(r.eval_line(line), Outcome::Exit, "{line}");
    }
    let (mut r, _) = repl();
    assert_eq!(r.eval_line("exit_code = 1"), out(""), "only the bare words leave");
}

#[test]
fn lists_of_records_print_as_rows() {
    let (mut r, _) = repl();
    r.eval_line("vpc = aws.region():create_vpc{cidr_block = \"10.0.0.0/16\"}");
    let Outcome::Output(text) = r.eval_line("vpc.default_network_acl.entries") else { panic!("no output") };
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines.len(), 5, "a header and four entries:\n{text}");
    assert!(lines[0].starts_with("cidr_block") && lines[0].contains("rule_number"), "{text}");
    assert!(lines[2].contains("deny") && lines[2].trim_end().ends_with('*'), "{text}");
    let Outcome::Output(routes) = r.eval_line("vpc.main_route_table.routes") else { panic!("no output") };
    assert!(routes.lines().nth(1).is_some_and(|l| l.starts_with("10.0.0.0/16") && l.contains("local")), "{routes}");
    assert_eq!(r.eval_line("{1, 2}"), out("{1, 2}"), "plain lists stay literals");
}

#[test]
fn reachable_echoes_just_the_verdict() {
    let (mut r, _) = repl();
    for line in [
        "local v = aws.region():create_vpc{cidr_block = \"10.0.0.0/16\"}",
        "local s = v:create_subnet{cidr_block = \"10.0.1.0/24\"}",
        "local a, b = s:run_instance{}, s:run_instance{}",
        "sim.advance(60)",
    ] {
        assert!(matches!(r.eval_line(line), Outcome::Output(_)), "{line}");
    }
    // The default group lets its members reach each other.
    assert_eq!(r.eval_line("net.reachable(a, b, {protocol = \"tcp\", port = 22})"), out("true"));
    assert_eq!(r.eval_line("local ok, t = net.reachable(a, b, {protocol = \"tcp\", port = 22})"), out(""));
    assert_eq!(r.eval_line("t.reachable, #t.forward > 0"), out("true\ttrue"), "the trace stays available");
}
