//! Grading one submission inside the worker process (CLI.md "Grading one submission"):
//! setup in the exercise's state, the submission in its own state, the checks in a fresh
//! state over the world the submission left, each check under its own limits.
//!
//! Progress goes out as [`Event`]s so the worker's watchdog can report what finished even
//! when the VM stops answering (a C call the count hook cannot interrupt).

use super::exercise::{ExerciseFile, check_functions, read_meta};
use super::expect::{ExpectFailure, install_expect};
use super::job::{CheckOutcome, Job};
use super::plain::Plain;
use super::stable::{Addresses, install_stable_pairs, stable_addresses};
use crate::lua::api::{ApiOptions, SharedWorld};
use crate::lua::errors::ScriptError;
use crate::lua::limits::Limits;
use crate::lua::output::{Captured, Output};
use crate::lua::sandbox::Sandbox;
use crate::model::World;
use mlua::{Function, Table, Value};
use std::cell::RefCell;
use std::rc::Rc;
use std::sync::mpsc::Sender;
use std::time::{Duration, Instant};

/// What the session reports, in order.
#[derive(Debug, Clone, PartialEq)]
pub enum Event {
    /// A phase begins that must end within this wall time (its limit).
    Phase(Duration),
    /// No check can run: the exercise failed to load, or `params` / `setup` failed.
    SetupFailed(String),
    /// The submission finished: its error, if any, and its output.
    Submission(Option<String>, String),
    /// One check finished.
    Check(CheckOutcome),
    /// Grading finished (without it, the VM thread died).
    Done,
}

/// Grades `job`, sending events to `tx` (a closed receiver just stops the reporting).
pub fn run(job: &Job, tx: &Sender<Event>) {
    let send = |e: Event| {
        let _ = tx.send(e);
    };
    send(Event::Phase(Limits::default().wall));
    let prepared = match prepare(job) {
        Ok(p) => p,
        Err(message) => {
            send(Event::SetupFailed(message));
            return send(Event::Done);
        }
    };
    send(Event::Phase(prepared.limits.wall));
    let (error, output) = run_submission(job, &prepared);
    send(Event::Submission(error, output));
    if let Err(message) = run_checks(&prepared, &send) {
        send(Event::SetupFailed(message));
    }
    send(Event::Done);
}

/// The world after setup, with what the later states need.
struct Prepared {
    file: ExerciseFile,
    world: SharedWorld,
    region: String,
    limits: Limits,
    params: Option<Plain>,
}

/// Loads the exercise, computes `params`, runs `setup`.
fn prepare(job: &Job) -> Result<Prepared, String> {
    let file = ExerciseFile::read(&job.exercise).map_err(|e| e.to_string())?;
    let world: SharedWorld = Rc::new(RefCell::new(World::new()));
    let sandbox = file.sandbox(world.clone(), &job.region, &Limits::default()).map_err(|e| e.to_string())?;
    install_stable_pairs(&sandbox)?;
    let table = file.load_table(&sandbox).map_err(|e| e.to_string())?;
    let meta = read_meta(&file, &table, job.limits.as_deref()).map_err(|e| e.to_string())?;
    let params = compute_params(&sandbox, &table, job.seed)?;
    if let Some(p) = &params {
        set_params(&sandbox, p).map_err(|e| format!("params: {e}"))?;
    }
    if let Value::Function(setup) = table.raw_get::<Value>("setup").map_err(|e| e.to_string())? {
        sandbox.call(&setup, ()).map_err(|e| format!("setup failed: {e}"))?;
    }
    Ok(Prepared { file, world, region: meta.region, limits: meta.limits, params })
}

fn compute_params(sandbox: &Sandbox, table: &Table, seed: i64) -> Result<Option<Plain>, String> {
    let Value::Function(f) = table.raw_get::<Value>("params").map_err(|e| e.to_string())? else {
        return Ok(None);
    };
    let values = sandbox.call(&f, seed).map_err(|e| format!("params({seed}) failed: {e}"))?;
    match values.into_iter().next() {
        Some(v @ Value::Table(_)) => Plain::from_lua(&v).map(Some).map_err(|e| format!("params({seed}): {e}")),
        other => Err(format!(
            "params({seed}) must return a table, not {}",
            other.map(|v| v.type_name()).unwrap_or("nothing")
        )),
    }
}

fn set_params(sandbox: &Sandbox, params: &Plain) -> mlua::Result<()> {
    let lua = sandbox.lua();
    lua.globals().raw_set("params", params.to_lua(lua)?)
}

/// Runs the submission in its own state; returns its error and output.
fn run_submission(job: &Job, p: &Prepared) -> (Option<String>, String) {
    let source = match std::fs::read(&job.submission) {
        Ok(s) => s,
        Err(e) => return (Some(format!("cannot read '{}': {e}", job.submission.display())), String::new()),
    };
    let captured = Captured::new();
    let api = ApiOptions { default_region: p.region.clone() };
    let sandbox = match Sandbox::new(p.world.clone(), &api, &p.limits, Output::Capture(captured.clone())) {
        Ok(s) => s,
        Err(e) => return (Some(format!("cannot start the Lua sandbox: {e}")), String::new()),
    };
    if let Err(e) = install_stable_pairs(&sandbox) {
        return (Some(e), String::new());
    }
    if job.trusted
        && let Some(params) = &p.params
        && let Err(e) = set_params(&sandbox, params)
    {
        return (Some(format!("params: {e}")), String::new());
    }
    let chunk = format!("@{}", job.submission.display());
    let error = sandbox.exec(&crate::lua::runner::skip_shebang(source), &chunk).err().map(|e| e.to_string());
    // One numbering for both, so an address printed and quoted in the error matches.
    let mut addresses = Addresses::default();
    let output = addresses.renumber(&captured.take());
    (error.map(|e| addresses.renumber(&e)), output)
}

/// Runs every check in a fresh state over the world as the submission left it.
fn run_checks(p: &Prepared, send: &dyn Fn(Event)) -> Result<(), String> {
    let sandbox = p.file.sandbox(p.world.clone(), &p.region, &p.limits).map_err(|e| e.to_string())?;
    install_stable_pairs(&sandbox)?;
    let table = p.file.load_table(&sandbox).map_err(|e| e.to_string())?;
    if let Some(params) = &p.params {
        set_params(&sandbox, params).map_err(|e| format!("params: {e}"))?;
    }
    install_expect(&sandbox).map_err(|e| format!("cannot install expect: {e}"))?;
    let checks = check_functions(&table).map_err(|e| e.to_string())?;
    for f in &checks {
        send(Event::Phase(p.limits.wall));
        send(Event::Check(run_check(&sandbox, f)));
    }
    Ok(())
}

/// One check under fresh budgets: passed, failed (an `expect` failed) or errored.
fn run_check(sandbox: &Sandbox, f: &Function) -> CheckOutcome {
    let started = Instant::now();
    let result = sandbox.begin_run().and_then(|()| f.call::<()>(()));
    // A limit caught inside the check (a coroutine, pcall) still fails it.
    let result =
        result.and_then(|()| sandbox.tripped_error().map_or(Ok(()), |e| Err(mlua::Error::runtime(e.to_string()))));
    let time_ms = u64::try_from(started.elapsed().as_millis()).unwrap_or(u64::MAX);
    match result {
        Ok(()) => CheckOutcome { passed: true, errored: false, feedback: String::new(), time_ms },
        Err(e) => {
            let (errored, feedback) = match (sandbox.tripped(), e.downcast_ref::<ExpectFailure>()) {
                (None, Some(failure)) => (false, stable_addresses(&failure.0)),
                _ => (true, stable_addresses(&describe(sandbox.script_error(&e)))),
            };
            CheckOutcome { passed: false, errored, feedback, time_ms }
        }
    }
}

fn describe(e: ScriptError) -> String {
    format!("the check stopped with an error: {e}")
}
