//! The Lua edge: sandbox, bindings, conversion. Only this layer knows mlua.

pub mod api;

// Sandbox and running (lua-edge):
pub mod docs; // static API documentation registry
pub mod errors; // AWS error values, one-line script errors
pub mod guard; // limit bookkeeping, the count hook, the cross-thread Monitor
pub mod help; // the `help` global
pub mod limits; // Limits and the --limits syntax
pub(crate) mod os_lib; // the sandbox's os library on the simulated clock
pub mod output; // capped print sink
pub mod pattern; // Lua patterns with a step budget
pub mod printer; // stable, sorted rendering of values (REPL)
pub mod runner; // run a file or a string
pub mod sandbox; // the sandboxed state
pub mod source; // bounded reading of scripts and modules
pub mod stdlib; // what require may load: embedded stdlib/**/*.lua, modules next to the script
mod strmatch; // string.find/match/gmatch/gsub on the budgeted matcher
pub mod watchdog; // wall-clock backstop for calls the hook cannot interrupt
