//! The `bedside` command-line tool: glue between flags, the library and the terminal.
//!
//! Exit codes: 0 ok, 1 ok but some records were rejected, 2 error.

mod args;
mod cmd_analyze;
mod cmd_eval;
mod cmd_explain;
mod cmd_inspect;
mod cmd_redact;
mod cmd_report;
mod cmd_score;
mod cmd_train;
mod cmd_train_topics;
mod progress;
mod staging;

use std::io::{self, Write};
use std::process::ExitCode;

use clap::Parser;

use crate::args::{Cli, Command};

/// What a command reports back for the exit status.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Outcome {
    /// Everything was read.
    Ok,
    /// The command finished, but some records were rejected.
    SomeRejected,
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    match run(cli) {
        Ok(Outcome::Ok) => ExitCode::from(0),
        Ok(Outcome::SomeRejected) => ExitCode::from(1),
        Err(err) => {
            if is_broken_pipe(&err) {
                return ExitCode::from(0);
            }
            let _ = writeln!(io::stderr(), "bedside: error: {err:#}");
            ExitCode::from(2)
        }
    }
}

fn run(cli: Cli) -> anyhow::Result<Outcome> {
    match cli.command {
        Command::Analyze(args) => cmd_analyze::run(&args),
        Command::Score(args) => cmd_score::run(&args),
        Command::Inspect(args) => cmd_inspect::run(&args),
        Command::Report(args) => cmd_report::run(&args),
        Command::Redact(args) => cmd_redact::run(&args),
        Command::Train(args) => cmd_train::run(&args),
        Command::Eval(args) => cmd_eval::run(&args),
        Command::Explain(args) => cmd_explain::run(&args),
    }
}

fn is_broken_pipe(err: &anyhow::Error) -> bool {
    err.chain().any(|cause| {
        cause.downcast_ref::<io::Error>().is_some_and(|e| e.kind() == io::ErrorKind::BrokenPipe)
    })
}
