//! AWS errors as Lua values and as the uncaught one-line message.

use super::common::{run, run_named};

#[test]
fn pcall_gives_code_and_message() {
    let ran = run("local ok, e = pcall(fail)\n\
         print(ok, e.code, e.message)\n\
         print(tostring(e))\n\
         print(getmetatable(e), type(e))");
    assert_eq!(
        ran.output,
        "false\tInvalidVpc.Range\tThe CIDR '10.0.0.0/15' is invalid.\n\
         InvalidVpc.Range: The CIDR '10.0.0.0/15' is invalid.\n\
         AwsError\ttable\n"
    );
}

#[test]
fn methods_xpcall_and_coroutines_convert_too() {
    let ran = run("print(select(2, pcall(vpc.create_subnet, vpc)).code)\n\
         print(select(2, xpcall(fail, function(e) return e.code end)))\n\
         print(select(2, coroutine.resume(coroutine.create(fail))).code)\n\
         print(select(2, pcall(coroutine.wrap(fail))).code)");
    assert_eq!(ran.output, "InvalidSubnet.Range\nInvalidVpc.Range\nInvalidVpc.Range\nInvalidVpc.Range\n");
}

#[test]
fn wrong_lua_type_is_invalid_parameter() {
    let ran = run("local ok, e = pcall(needs_table, 'x') print(e.code) print(e.message)");
    let lines: Vec<&str> = ran.output.lines().collect();
    assert_eq!(lines[0], "InvalidParameter");
    assert!(lines[1].starts_with("bad argument #1"), "{}", lines[1]);
    assert!(lines[1].contains("table expected, got string"), "{}", lines[1]);
}

#[test]
fn other_errors_pass_through() {
    let ran = run("print(pcall(error, 'plain', 0)) print(select(2, pcall(error, {x = 1})).x)");
    assert_eq!(ran.output, "false\tplain\n1\n");
    let ran = run("local ok, e = pcall(rust_error) print(ok, type(e), tostring(e):match('world is on fire') ~= nil)");
    assert_eq!(ran.output, "false\tuserdata\ttrue\n");
}

#[test]
fn uncaught_aws_error_names_the_calling_line() {
    let ran = run_named("local x = 1\n\nfail()\n", "student.lua", super::common::SMALL);
    assert_eq!(ran.err(), "student.lua:3: InvalidVpc.Range: The CIDR '10.0.0.0/15' is invalid.");
    let ran = run_named("local function helper()\n  vpc:create_subnet()\nend\nhelper()", "s.lua", super::common::SMALL);
    assert_eq!(ran.err(), "s.lua:2: InvalidSubnet.Range: The CIDR '10.1.0.0/24' is invalid for VPC vpc-1.");
    let ran = run_named("\nneeds_table(42)", "s.lua", super::common::SMALL);
    assert!(ran.err().starts_with("s.lua:2: InvalidParameter: bad argument #1"), "{}", ran.err());
}

#[test]
fn uncaught_plain_errors_read_like_lua() {
    assert_eq!(
        run("local vpc = nil\n\nprint(vpc.cidr)").err(),
        "test.lua:3: attempt to index a nil value (local 'vpc')"
    );
    assert_eq!(run("\nerror('boom')").err(), "test.lua:2: boom");
    assert_eq!(run("rust_error()").err(), "test.lua:1: the world is on fire");
    assert_eq!(run("x = = 1").err(), "test.lua:1: unexpected symbol near '='");
    let ran = run("local ok, e = pcall(fail) error(e)");
    assert_eq!(ran.err(), "InvalidVpc.Range: The CIDR '10.0.0.0/15' is invalid.");
}

#[test]
fn help_finds_global_tables_and_their_functions() {
    let ran = run("aws = {region = function() end} help(aws) help(aws.region) help(aws, 'regions') help(42)");
    let out = &ran.output;
    assert!(out.starts_with("aws: Entry point"), "{out}");
    assert!(out.contains("\naws.region(name?) -> Region\n  The region"), "{out}");
    assert!(out.contains("\naws.regions() -> {Region}\n"), "{out}");
    assert!(out.ends_with("help: no documentation for a value of type integer; try help()\n"), "{out}");
}

#[test]
fn help_prints_docs() {
    let ran = run("help('Vpc:create_subnet') help(vpc, 'create_subnet') help(vpc) help('cidr.splt') help()");
    let out = &ran.output;
    assert!(out.starts_with("vpc:create_subnet{cidr_block, availability_zone?"), "{out}");
    assert_eq!(out.matches("vpc:create_subnet{").count(), 3, "{out}");
    assert!(out.contains("Vpc: A virtual private cloud"), "{out}");
    assert!(out.contains("Methods:\n"), "{out}");
    assert!(out.contains("help: no entry 'cidr.splt'; did you mean 'cidr.split'?"), "{out}");
    assert!(out.contains("Object types: "), "{out}");
}
