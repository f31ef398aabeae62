mod cli;
mod common;
mod errors;
mod hostile;
mod repl;
