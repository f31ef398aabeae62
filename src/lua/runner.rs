//! Running a script file or a string in a fresh sandbox over a fresh world.

use crate::lua::api::ApiOptions;
use crate::lua::errors::ScriptError;
use crate::lua::limits::{Limits, Seconds};
use crate::lua::output::{Captured, Output};
use crate::lua::sandbox::{Sandbox, on_vm_thread};
use crate::model::World;
use mlua::{MultiValue, Value};
use std::cell::RefCell;
use std::path::{Path, PathBuf};
use std::rc::Rc;
use std::time::Duration;

/// What to run.
#[derive(Debug, Clone)]
pub enum Script {
    /// A file; its folder is where `require` finds neighbouring modules.
    File(PathBuf),
    /// Source text (`vpclab run -e CODE`), chunk name `(command line)`.
    Code(String),
}

/// How to run it.
#[derive(Debug, Clone, Default)]
pub struct RunOptions {
    /// Passed to the API layer (default region).
    pub api: ApiOptions,
    /// Sandbox limits.
    pub limits: Limits,
    /// Arguments, reaching the script as `...` and `arg[1..]`.
    pub args: Vec<String>,
    /// Capture printed output into [`RunReport::output`] instead of writing to stdout.
    pub capture: bool,
    /// Produce [`RunReport::summary`], the world summary as pretty JSON, after a success.
    pub summary: bool,
}

/// The outcome of a run that could start.
#[derive(Debug, Clone)]
pub struct RunReport {
    /// `Err` when the script raised an error or hit a limit (exit status 1).
    pub result: Result<(), ScriptError>,
    /// Printed output when captured, else empty.
    pub output: String,
    /// The world summary (pretty JSON) when asked for and the script succeeded.
    pub summary: Option<String>,
}

/// A run that could not start: bad input or environment (exit status 2).
#[derive(Debug, thiserror::Error)]
pub enum RunError {
    /// The script file could not be read.
    #[error("cannot read '{path}': {reason}")]
    Unreadable {
        /// The path given.
        path: String,
        /// Why.
        reason: std::io::Error,
    },
    /// The sandbox could not be built or the VM thread failed.
    #[error("cannot start the Lua sandbox: {0}")]
    Setup(String),
}

/// Runs `script` on a big-stack thread in a fresh sandbox over a fresh world.
///
/// ```
/// use vpclab::lua::runner::{run, RunOptions, Script};
/// let opts = RunOptions { capture: true, args: vec!["x".into()], ..RunOptions::default() };
/// let report = run(&Script::Code("print('hi', ...)".into()), opts).unwrap();
/// assert!(report.result.is_ok());
/// assert_eq!(report.output, "hi\tx\n");
/// ```
pub fn run(script: &Script, options: RunOptions) -> Result<RunReport, RunError> {
    let (source, chunk_name, arg0, dir) = match script {
        Script::File(path) => {
            let source = std::fs::read(path)
                .map_err(|reason| RunError::Unreadable { path: path.display().to_string(), reason })?;
            let dir = path.parent().map(Path::to_path_buf).unwrap_or_default();
            let name = path.display().to_string();
            (source, format!("@{name}"), name, Some(dir))
        }
        Script::Code(code) => (code.clone().into_bytes(), "=(command line)".to_string(), "-e".to_string(), None),
    };
    let wall = options.limits.wall;
    watched(wall, move || run_here(skip_shebang(source), &chunk_name, &arg0, dir, &options))
}

/// Extra time the watchdog grants past the wall-time limit before giving up on the VM.
const WATCHDOG_GRACE: Duration = Duration::from_secs(1);

/// Runs `f` on a VM thread under a watchdog. The count hook stops scripts at the wall-time
/// limit, but it cannot fire inside one C call (a backtracking `string.find`); if the VM
/// has not answered `WATCHDOG_GRACE` after the limit, the run is reported as a time-limit
/// error and its thread is abandoned (the `vpclab` process exits right after).
fn watched(
    wall: Duration,
    f: impl FnOnce() -> Result<RunReport, RunError> + Send + 'static,
) -> Result<RunReport, RunError> {
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::Builder::new()
        .name("lua-vm-watch".to_string())
        .spawn(move || {
            let _ = tx.send(on_vm_thread(f));
        })
        .map_err(|e| RunError::Setup(e.to_string()))?;
    match rx.recv_timeout(wall.saturating_add(WATCHDOG_GRACE)) {
        Ok(done) => done.map_err(|e| RunError::Setup(e.to_string()))?,
        Err(_) => Ok(RunReport {
            result: Err(ScriptError::Limit(format!(
                "LimitExceeded: time limit ({} s) reached inside a library call that cannot be interrupted",
                Seconds(wall)
            ))),
            output: String::new(),
            summary: None,
        }),
    }
}

/// Runs on the current thread (which must have a big stack, see `on_vm_thread`).
fn run_here(
    source: Vec<u8>,
    chunk_name: &str,
    arg0: &str,
    dir: Option<PathBuf>,
    options: &RunOptions,
) -> Result<RunReport, RunError> {
    let world = Rc::new(RefCell::new(World::new()));
    let captured = Captured::new();
    let output = if options.capture { Output::Capture(captured.clone()) } else { Output::Stdout };
    let setup = |e: mlua::Error| RunError::Setup(e.to_string());
    let sandbox = Sandbox::new(world.clone(), &options.api, &options.limits, output).map_err(setup)?;
    if let Some(dir) = dir {
        sandbox.set_script_dir(dir);
    }
    let lua = sandbox.lua();
    let arg = lua.create_table().map_err(setup)?;
    arg.raw_set(0, arg0).map_err(setup)?;
    let mut args = MultiValue::new();
    for (i, a) in options.args.iter().enumerate() {
        arg.raw_set(i + 1, a.as_str()).map_err(setup)?;
        args.push_back(Value::String(lua.create_string(a).map_err(setup)?));
    }
    lua.globals().raw_set("arg", arg).map_err(setup)?;

    let result = sandbox.load(&source, chunk_name).and_then(|f| sandbox.call(&f, args)).map(drop);
    let summary = match (&result, options.summary) {
        (Ok(()), true) => {
            Some(serde_json::to_string_pretty(&world.borrow().summary()).map_err(|e| RunError::Setup(e.to_string()))?)
        }
        _ => None,
    };
    Ok(RunReport { result, output: captured.take(), summary })
}

/// Blanks a first line starting with `#` (a shebang), keeping line numbers.
fn skip_shebang(mut source: Vec<u8>) -> Vec<u8> {
    if source.first() == Some(&b'#') {
        let end = source.iter().position(|&b| b == b'\n').unwrap_or(source.len());
        source.drain(..end);
    }
    source
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shebang_keeps_lines() {
        assert_eq!(skip_shebang(b"#!/usr/bin/env vpclab\nx".to_vec()), b"\nx");
        assert_eq!(skip_shebang(b"x = 1".to_vec()), b"x = 1");
    }
}
