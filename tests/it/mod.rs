mod aws_cases;
mod cases;
mod cli;
mod common;
mod error_codes;
mod errors;
mod hostile;
mod repl;
