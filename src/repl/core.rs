//! The REPL core: multi-line input, `return <line>` first, results printed stably.

use crate::lua::api::ApiOptions;
use crate::lua::limits::Limits;
use crate::lua::output::Output;
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
}

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
            Compiled::Err(e) => return Outcome::Error(self.sandbox.script_error(&e).to_string()),
        };
        let result = self.sandbox.call(&f, ()).and_then(|values| {
            printer::render_all(self.sandbox.lua(), &values).map_err(|e| self.sandbox.script_error(&e))
        });
        match result {
            Ok(text) => Outcome::Output(text),
            Err(e) => Outcome::Error(e.to_string()),
        }
    }

    /// Completion candidates at `pos` (see [`crate::repl::complete`]).
    pub fn complete(&self, line: &str, pos: usize) -> (usize, Vec<String>) {
        super::complete::complete(self.sandbox.lua(), line, pos)
    }
}

enum Compiled {
    Ok(Function),
    Incomplete,
    Err(Error),
}

/// `return <src>` if that compiles, else `<src>`; incomplete when either form could
/// still be completed by more input (research notes §7).
fn compile(lua: &Lua, src: &str) -> Compiled {
    let load = |code: &str| lua.load(code).set_name("=stdin").set_mode(ChunkMode::Text).into_function();
    let expr = load(&format!("return {src}"));
    if let Ok(f) = expr {
        return Compiled::Ok(f);
    }
    let incomplete = |r: &mlua::Result<Function>| matches!(r, Err(Error::SyntaxError { incomplete_input: true, .. }));
    let stmt = load(src);
    match stmt {
        Ok(f) => Compiled::Ok(f),
        Err(_) if incomplete(&expr) || incomplete(&stmt) => Compiled::Incomplete,
        Err(e) => Compiled::Err(e),
    }
}
