//! The one integration-test binary (it links once). Modules:
//!
//! - `it::common`  — helpers: run Lua in a sandbox on a VM thread, fake API functions
//! - `it::cases`   — helper: labelled Lua snippets, each in a fresh real world
//! - `it::api_docs` — LUA_API.md against the registered members and functions
//! - `it::aws_cases` — AWS_CASES.md row by row (the "real AWS" column)
//! - `it::error_codes` — every validation code from Lua; lookup by id/name; strict arguments
//! - `it::hybrid`  — BGP and static VPN propagation, NAT gateway waiters, deleting links
//! - `it::hostile` — the hostile-script checklist (research notes §8) and issue 7, in process
//! - `it::bounds`  — the binary under hostile input, from outside: exit codes, capped
//!   output, peak RSS (`/proc` VmHWM), each child killed at a deadline
//! - `it::errors`  — AWS error values through pcall/xpcall/coroutines, uncaught format
//! - `it::patterns` — the pattern matcher against results recorded with stock lua5.4
//! - `it::cli`     — the `vpclab` binary: exit codes, -e, args, --json, --limits, require
//! - `it::repl`    — the REPL driver: multi-line, printing, completion, help
//! - `it::golden`  — scripts in tests/golden/ whose stdout must match their .out files
//! - `it::students` — tests/students/: each issue-10 mistake replayed, its hint's facts asserted
//! - `it::net`     — the net API from Lua: verdicts, lazy traces, errors, matrix, exposure
//! - `it::grade_support` — helper: scratch exercises, running `vpclab grade`
//! - `it::grade`   — grade/check/prompt: scores, hidden checks, params, exit codes, --out, workers
//! - `it::grade_expect` — the check DSL: each expect function, errors and limits in checks
//! - `it::grade_formats` — Gradescope, Exercism v3, JUnit XML and TAP 14 against their shapes
//! - `it::grade_hostile` — the research notes §8 checklist as graded submissions
//! - `it::grade_gradescope` — the Gradescope bundle end to end in a fake /autograder tree
//! - `it::grade_pack` — every exercise of the course pack passes `vpclab check`
//! - `it::ec2`     — EC2 from Lua: catalog, images, lifecycle refusals, billing, root volumes, prices, Spot,
//!   Savings Plans, Auto Scaling, AZ failure

mod it;
