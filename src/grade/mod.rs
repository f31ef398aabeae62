//! Grading (CLI.md "Exercise format", "Report formats"): exercises, the check DSL's host
//! side, one worker process per submission, scoring, report formats.
//!
//! Flow: the parent reads the exercise's metadata ([`exercise`]), expands and shards the
//! submissions ([`cli`]), runs each in its own `vpclab __grade-worker` process ([`pool`],
//! [`worker`], [`session`]) and renders the [`result`] model in one of the [`report`]
//! formats. Architecture invariant: nothing a submission does reaches another submission
//! or the checks: separate processes, separate Lua states, fresh check states.

pub mod cli; // the grade / check / prompt commands
pub mod exercise; // exercise files: loading and validating the returned table
mod expect; // host side of the `expect` DSL (stdlib/vpclab/expect.lua)
pub mod job; // the worker protocol (Job in, Outcome out, JSON)
pub mod plain; // params: plain data copied between states, prompt rendering
pub mod pool; // parent side: worker processes in parallel, kill, crash reasons
mod prompt; // `vpclab prompt`: the prompt with a student's params
pub mod report; // report formats, one module each
pub mod result; // scored results: the model every format renders
pub mod seed; // params seeds from --seed / --student-id / file name
mod selftest; // `vpclab check`: solution full marks, wrong files lose points
pub mod session; // grading one submission inside the worker
pub mod stable; // determinism: stable pairs order, renumbered addresses
pub mod worker; // the worker process with its phase watchdog

/// The hidden subcommand that runs a worker.
pub const WORKER_SUBCOMMAND: &str = "__grade-worker";
