//! The Lua edge: sandbox, bindings, conversion. Only this layer knows mlua.

pub mod api;

// Sandbox and running (lua-edge):
pub(crate) mod clock; // os.time/date/clock on the simulated clock
pub mod docs; // static API documentation registry
pub mod errors; // AWS error values, one-line script errors
pub mod help; // the `help` global
pub mod limits; // Limits and the --limits syntax
pub mod output; // capped print sink
pub mod printer; // stable, sorted rendering of values (REPL)
pub mod runner; // run a file or a string
pub mod sandbox; // the sandboxed state and its limit hook
pub mod stdlib; // embedded stdlib/**/*.lua
