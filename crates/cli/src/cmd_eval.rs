//! `bedside eval` (being written).

use clap::Args;

use crate::Outcome;

/// `bedside eval`.
#[derive(Debug, Args)]
pub struct EvalArgs {}

pub fn run(_args: &EvalArgs) -> anyhow::Result<Outcome> {
    anyhow::bail!("bedside eval is not implemented yet")
}
