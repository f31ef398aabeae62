//! Running a script file, stdin or a string in a fresh sandbox over a fresh world.

use crate::lua::api::ApiOptions;
use crate::lua::errors::ScriptError;
use crate::lua::guard::{LimitKind, limit_message};
use crate::lua::limits::Limits;
use crate::lua::output::{Captured, MIN_ERROR_LINE, Output};
use crate::lua::sandbox::Sandbox;
use crate::lua::source::{self, SourceError};
use crate::lua::watchdog::{self, Watch, Watched};
use crate::model::World;
use mlua::{MultiValue, Value};
use std::cell::RefCell;
use std::path::{Path, PathBuf};
use std::rc::Rc;

/// What to run.
#[derive(Debug, Clone)]
pub enum Script {
    /// A file; its folder is where `require` finds neighbouring modules.
    File(PathBuf),
    /// Source read from standard input (`vpclab run -`), chunk name `stdin`.
    Stdin,
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
    /// The line to print on stderr for a failed run: the error, cut with a marker to the
    /// output budget left (at least [`MIN_ERROR_LINE`] bytes).
    pub error_line: Option<String>,
    /// Printed output when captured, else empty.
    pub output: String,
    /// The world summary (pretty JSON) when asked for and the script succeeded; it counts
    /// against the output limit (a summary that does not fit fails the run).
    pub summary: Option<String>,
    /// Why writing to stdout failed, if it did (the run stopped there).
    pub output_failure: Option<std::io::ErrorKind>,
}

/// A run that could not start: bad input or environment (exit status 2).
#[derive(Debug, thiserror::Error)]
pub enum RunError {
    /// The script could not be read.
    #[error("cannot read '{path}': {reason}")]
    Unreadable {
        /// The path given.
        path: String,
        /// Why.
        reason: SourceError,
    },
    /// The sandbox could not be built or the VM thread failed.
    #[error("cannot start the Lua sandbox: {0}")]
    Setup(String),
}

/// Runs `script` in a fresh sandbox over a fresh world, on a big-stack thread under a
/// [`watchdog`] (a call the hook cannot interrupt is given up on one second past the
/// wall-time limit; the process should exit soon after, as `vpclab run` does).
///
/// ```
/// use vpclab::lua::runner::{run, RunOptions, Script};
/// let opts = RunOptions { capture: true, args: vec!["x".into()], ..RunOptions::default() };
/// let report = run(&Script::Code("print('hi', ...)".into()), opts).unwrap();
/// assert!(report.result.is_ok());
/// assert_eq!(report.output, "hi\tx\n");
/// ```
pub fn run(script: &Script, options: RunOptions) -> Result<RunReport, RunError> {
    let unreadable = |path: &str, reason| RunError::Unreadable { path: path.to_string(), reason };
    let (source, chunk_name, arg0, dir) = match script {
        Script::File(path) => {
            let name = path.display().to_string();
            let source = source::read_file(path).map_err(|e| unreadable(&name, e))?;
            let dir = path.parent().map(Path::to_path_buf).unwrap_or_default();
            (source, format!("@{name}"), name, Some(dir))
        }
        Script::Stdin => {
            let source = source::read_bounded(std::io::stdin().lock()).map_err(|e| unreadable("-", e))?;
            (source, "=stdin".to_string(), "-".to_string(), None)
        }
        Script::Code(code) => (code.clone().into_bytes(), "=(command line)".to_string(), "-e".to_string(), None),
    };
    let wall = options.limits.wall;
    let watched = watchdog::run_watched(wall, move |watch| {
        run_here(skip_shebang(source), &chunk_name, &arg0, dir, &options, watch)
    });
    match watched.map_err(|e| RunError::Setup(e.to_string()))? {
        Watched::Finished(report) => report,
        Watched::Overran(message) => Ok(RunReport {
            error_line: Some(message.clone()),
            result: Err(ScriptError::Limit(message)),
            output: String::new(),
            summary: None,
            output_failure: None,
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
    watch: &Watch,
) -> Result<RunReport, RunError> {
    let world = Rc::new(RefCell::new(World::new()));
    let captured = Captured::new();
    let output = if options.capture { Output::Capture(captured.clone()) } else { Output::Stdout };
    let setup = |e: mlua::Error| RunError::Setup(e.to_string());
    let sandbox = Sandbox::new(world.clone(), &options.api, &options.limits, output).map_err(setup)?;
    watch.watch(&sandbox);
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

    let mut result = sandbox.load(&source, chunk_name).and_then(|f| sandbox.call(&f, args)).map(drop);
    let mut summary = None;
    if result.is_ok() && options.summary {
        match summary_json(&world.borrow(), sandbox.output_remaining()) {
            Some(json) => summary = Some(sandbox.fit_host_text(&json, 0)),
            None => result = Err(ScriptError::Limit(limit_message(&options.limits, LimitKind::Output, None))),
        }
    }
    let error_line = result.as_ref().err().map(|e| sandbox.fit_host_text(&e.to_string(), MIN_ERROR_LINE));
    let output_failure = sandbox.output_failure().map(|f| f.0);
    Ok(RunReport { result, error_line, output: captured.take(), summary, output_failure })
}

/// The world summary as pretty JSON, if it fits in `room` bytes (serialised into a
/// bounded buffer, so a huge world never builds a huge string).
fn summary_json(world: &World, room: usize) -> Option<String> {
    let mut buf = Bounded { bytes: Vec::new(), room };
    serde_json::to_writer_pretty(&mut buf, &world.summary()).ok()?;
    buf.bytes.push(b'\n');
    (buf.bytes.len() <= room).then(|| String::from_utf8_lossy(&buf.bytes).into_owned())
}

/// A writer that refuses to grow past `room` bytes.
struct Bounded {
    bytes: Vec<u8>,
    room: usize,
}

impl std::io::Write for Bounded {
    fn write(&mut self, data: &[u8]) -> std::io::Result<usize> {
        if self.bytes.len() + data.len() > self.room {
            return Err(std::io::Error::other("over the output limit"));
        }
        self.bytes.extend_from_slice(data);
        Ok(data.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

/// Blanks a first line starting with `#` (a shebang), keeping line numbers.
pub(crate) fn skip_shebang(mut source: Vec<u8>) -> Vec<u8> {
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
