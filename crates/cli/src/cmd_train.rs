//! `bedside train` (being written).

use clap::Args;

use crate::Outcome;

/// `bedside train`.
#[derive(Debug, Args)]
pub struct TrainArgs {}

pub fn run(_args: &TrainArgs) -> anyhow::Result<Outcome> {
    anyhow::bail!("bedside train is not implemented yet")
}
