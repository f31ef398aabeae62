//! The REPL core: multi-line input, `return <line>` first, results printed stably.
//!
//! Each evaluation is one run with fresh budgets. Its echo and error line count against
//! the output cap and have control characters escaped; rendering is bounded
//! ([`crate::lua::printer`]).

use crate::lua::api::ApiOptions;
use crate::lua::limits::Limits;
use crate::lua::output::{MIN_ERROR_LINE, Output};
use crate::lua::printer;
use crate::lua::sandbox::Sandbox;
use crate::model::World;
use mlua::chunk::ChunkMode;
use mlua::{Error, Function, Lua};
use std::cell::RefCell;
use std::rc::Rc;

/// What one line of input produced.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outcome {
    /// The chunk is incomplete: read another line (prompt `...> `).
    Continue,
    /// The chunk ran; its results rendered (empty when there were none).
    Output(String),
    /// The chunk failed to compile or run; the one-line error.
    Error(String),
    /// `exit`, `quit`, `exit()`, `quit()` or `os.exit()`: leave the REPL.
    Exit,
}

/// Lines that leave the REPL.
const EXIT: [&str; 5] = ["exit", "quit", "exit()", "quit()", "os.exit()"];

/// A REPL session: one sandbox over one world, fresh budgets per command.
pub struct Repl {
    sandbox: Sandbox,
    pending: String,
}

impl Repl {
    /// A session over a fresh world; `print` goes to `output`.
    pub fn new(api: &ApiOptions, limits: &Limits, output: Output) -> mlua::Result<Repl> {
        let world = Rc::new(RefCell::new(World::new()));
        Ok(Repl { sandbox: Sandbox::new(world, api, limits, output)?, pending: String::new() })
    }

    /// The session's sandbox.
    pub fn sandbox(&self) -> &Sandbox {
        &self.sandbox
    }

    /// Whether an incomplete chunk is waiting for more lines.
    pub fn is_pending(&self) -> bool {
        !self.pending.is_empty()
    }

    /// Drops an incomplete chunk (Ctrl-C at the prompt).
    pub fn cancel_pending(&mut self) {
        self.pending.clear();
    }

    /// Feeds one line: runs the chunk once complete, as an expression if it is one.
    pub fn eval_line(&mut self, line: &str) -> Outcome {
        if self.pending.is_empty() {
            if line.trim().is_empty() {
                return Outcome::Output(String::new());
            }
            if EXIT.contains(&line.trim()) {
                return Outcome::Exit;
            }
            self.pending = line.to_string();
        } else {
            self.pending.push('\n');
            self.pending.push_str(line);
        }
        let source = std::mem::take(&mut self.pending);
        let f = match compile(self.sandbox.lua(), &source) {
            Compiled::Ok(f) => f,
            Compiled::Incomplete => {
                self.pending = source;
                return Outcome::Continue;
            }
            Compiled::Err(e) => return self.error(&self.sandbox.script_error(&e).to_string()),
        };
        let result = self.sandbox.call(&f, ()).map(verdict_only).and_then(|values| {
            let room = self.sandbox.output_remaining().min(printer::MAX_BYTES);
            let text = printer::render_all(&values, room);
            match self.sandbox.tripped_error() {
                Some(e) => Err(e),
                None => text.map_err(|e| self.sandbox.script_error(&e)),
            }
        });
        match result {
            Ok(text) => Outcome::Output(self.sandbox.fit_host_text(&printer::escape_controls(&text), 0)),
            Err(e) => self.error(&e.to_string()),
        }
    }

    /// An error line as shown: control characters escaped, charged against the output cap.
    fn error(&self, line: &str) -> Outcome {
        Outcome::Error(self.sandbox.fit_host_text(&printer::escape_controls(line), MIN_ERROR_LINE))
    }

    /// Completion candidates at `pos` (see [`crate::repl::complete`]).
    pub fn complete(&self, line: &str, pos: usize) -> (usize, Vec<String>) {
        super::complete::complete(self.sandbox.lua(), line, pos)
    }
}

/// `true, <Trace>` (what `net.reachable` returns) echoes as just `true`: the trace stays
/// available with `local ok, trace = net.reachable(…)`.
fn verdict_only(values: mlua::MultiValue) -> mlua::MultiValue {
    let is_trace = |v: &mlua::Value| match v {
        mlua::Value::UserData(ud) => ud.type_name().is_ok_and(|n| n.to_string_lossy() == "Trace"),
        mlua::Value::Table(t) => {
            t.metatable().is_some_and(|m| m.raw_get::<String>("__name").is_ok_and(|n| n == "Trace"))
        }
        _ => false,
    };
    match (values.front(), values.get(1)) {
        (Some(mlua::Value::Boolean(_)), Some(t)) if values.len() == 2 && is_trace(t) => {
            values.into_iter().take(1).collect()
        }
        _ => values,
    }
}

enum Compiled {
    Ok(Function),
    Incomplete,
    Err(Error),
}

/// `return <src>` if that compiles, else `<src>` with its top-level `local`s kept as
/// session globals ([`super::locals`]); incomplete when either form could still be
/// completed by more input (research notes §7).
fn compile(lua: &Lua, src: &str) -> Compiled {
    let load = |code: &str| lua.load(code).set_name("=stdin").set_mode(ChunkMode::Text).into_function();
    let expr = load(&format!("return {src}"));
    if let Ok(f) = expr {
        return Compiled::Ok(f);
    }
    let incomplete = |r: &mlua::Result<Function>| matches!(r, Err(Error::SyntaxError { incomplete_input: true, .. }));
    let stmt = load(&super::locals::globalize(src));
    match stmt {
        Ok(f) => Compiled::Ok(f),
        Err(_) if incomplete(&expr) || incomplete(&stmt) => Compiled::Incomplete,
        Err(e) => Compiled::Err(e),
    }
}
