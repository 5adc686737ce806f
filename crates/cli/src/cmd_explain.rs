//! `bedside explain` (being written).

use clap::Args;

use crate::Outcome;

/// `bedside explain`.
#[derive(Debug, Args)]
pub struct ExplainArgs {}

pub fn run(_args: &ExplainArgs) -> anyhow::Result<Outcome> {
    anyhow::bail!("bedside explain is not implemented yet")
}
