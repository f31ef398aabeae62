mod aws_cases;
mod cases;
mod cli;
mod common;
mod errors;
mod hostile;
mod repl;
