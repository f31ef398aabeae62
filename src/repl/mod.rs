//! The interactive REPL: a testable core ([`Repl`]), completion, and the rustyline loop.

pub mod complete; // tab completion without running code
mod core; // Repl::eval_line
mod editor; // the rustyline loop, history, Ctrl-C
pub mod locals; // top-level `local` kept across lines

pub use self::core::{Outcome, Repl};
pub use editor::run_interactive;
