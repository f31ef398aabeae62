//! The rustyline loop: prompts, history file, completion, Ctrl-C and Ctrl-D, and a
//! watchdog armed around each evaluation.

use super::{Outcome, Repl};
use crate::lua::api::ApiOptions;
use crate::lua::limits::Limits;
use crate::lua::output::{Output, write_stream};
use crate::lua::sandbox::on_vm_thread;
use crate::lua::watchdog::{GRACE, Watchdog, overrun_message};
use mlua::Lua;
use rustyline::completion::{Completer, Pair};
use rustyline::error::ReadlineError;
use rustyline::highlight::Highlighter;
use rustyline::hint::Hinter;
use rustyline::history::DefaultHistory;
use rustyline::validate::Validator;
use rustyline::{CompletionType, Config, Context, Editor, Helper};
use std::path::PathBuf;
use std::sync::atomic::Ordering;

/// Completion for rustyline, over a handle to the session's state.
struct LuaHelper {
    lua: Lua,
}

impl Completer for LuaHelper {
    type Candidate = Pair;

    fn complete(&self, line: &str, pos: usize, _: &Context<'_>) -> rustyline::Result<(usize, Vec<Pair>)> {
        let (start, names) = super::complete::complete(&self.lua, line, pos);
        let pairs = names.into_iter().map(|n| Pair { display: n.clone(), replacement: n }).collect();
        Ok((start, pairs))
    }
}

impl Hinter for LuaHelper {
    type Hint = String;
}
impl Highlighter for LuaHelper {}
impl Validator for LuaHelper {}
impl Helper for LuaHelper {}

/// The history file: `$VPCLAB_HISTORY`, else `~/.vpclab_history`.
fn history_path() -> Option<PathBuf> {
    if let Some(p) = std::env::var_os("VPCLAB_HISTORY") {
        return Some(PathBuf::from(p));
    }
    std::env::var_os("HOME").map(|h| PathBuf::from(h).join(".vpclab_history"))
}

/// Runs the interactive REPL until Ctrl-D (on a big-stack VM thread).
pub fn run_interactive(api: ApiOptions, limits: Limits) -> std::io::Result<()> {
    on_vm_thread(move || interactive(&api, &limits))?
}

fn interactive(api: &ApiOptions, limits: &Limits) -> std::io::Result<()> {
    let mut repl = Repl::new(api, limits, Output::Stdout).map_err(|e| std::io::Error::other(e.to_string()))?;
    let flag = repl.sandbox().cancel_flag();
    // Backstop for a call the hook cannot interrupt: the session cannot go on without its
    // state, so the process ends with the time-limit message.
    let (monitor, limits_copy) = (repl.sandbox().monitor(), limits.clone());
    let watchdog = Watchdog::new(move || {
        let message = overrun_message(&limits_copy, &monitor);
        let _ = write_stream(true, &format!("{message}; the session cannot continue\n"));
        std::process::exit(1);
    })?;
    // Ctrl-C during an evaluation stops it; a second one while it is still running (a C
    // function the hook cannot see) exits. At the prompt rustyline reads Ctrl-C itself.
    let _ = ctrlc::set_handler(move || {
        if flag.swap(true, Ordering::SeqCst) {
            std::process::exit(130);
        }
    });
    // List completion: `vpc:<Tab>` shows every Vpc method instead of cycling through them.
    let config = Config::builder().completion_type(CompletionType::List).auto_add_history(false).build();
    let mut rl: Editor<LuaHelper, DefaultHistory> = Editor::with_config(config).map_err(std::io::Error::other)?;
    rl.set_helper(Some(LuaHelper { lua: repl.sandbox().lua().clone() }));
    let history = history_path();
    if let Some(path) = &history {
        let _ = rl.load_history(path);
    }
    let banner = format!(
        "vpclab {} — help() for documentation; top-level locals are kept across lines; Ctrl-D or exit to quit\n",
        env!("CARGO_PKG_VERSION")
    );
    let _ = write_stream(false, &banner);
    // The lines of the chunk being typed: history keeps a multi-line block as one entry.
    let mut block = String::new();
    loop {
        let prompt = if repl.is_pending() { "...> " } else { "vpclab> " };
        match rl.readline(prompt) {
            Ok(line) => {
                if !block.is_empty() {
                    block.push('\n');
                }
                block.push_str(&line);
                let outcome = {
                    let _armed = watchdog.arm(limits.wall.saturating_add(GRACE));
                    repl.eval_line(&line)
                };
                if outcome != Outcome::Continue {
                    let _ = rl.add_history_entry(std::mem::take(&mut block).as_str());
                }
                let written = match outcome {
                    Outcome::Exit => break,
                    Outcome::Continue => Ok(()),
                    Outcome::Output(text) if text.is_empty() => Ok(()),
                    Outcome::Output(text) => write_stream(false, &format!("{text}\n")),
                    Outcome::Error(e) => write_stream(true, &format!("{e}\n")).or(Ok(())),
                };
                // Output nobody can read (a closed pipe): the session is over.
                if written.is_err() || repl.sandbox().output_failure().is_some() {
                    break;
                }
            }
            Err(ReadlineError::Interrupted) => {
                block.clear();
                repl.cancel_pending();
            }
            Err(ReadlineError::Eof) => break,
            Err(e) => return Err(std::io::Error::other(e)),
        }
    }
    if let Some(path) = &history {
        let _ = rl.save_history(path);
    }
    Ok(())
}
