//! `bedside inspect`: what bedside detects in an export, and how many records it accepts.

use std::collections::BTreeMap;
use std::io::{self, Write};

use anyhow::Context;

use crate::Outcome;
use crate::args::InspectArgs;

pub fn run(args: &InspectArgs) -> anyhow::Result<Outcome> {
    let builder = args.input.reader_builder()?;
    let mut reader =
        builder.open(&args.file).with_context(|| format!("cannot read {}", args.file.display()))?;
    let mut out = io::stdout().lock();
    writeln!(out, "file: {}", args.file.display())?;
    writeln!(out, "{}", reader.detection())?;
    // Reasons are counted, never the texts shown: the first rows of a file are patient text.
    let mut reasons: BTreeMap<String, (u64, Vec<u64>)> = BTreeMap::new();
    for item in reader.by_ref() {
        if let Err(reject) = item {
            let entry = reasons.entry(reject.reason.clone()).or_default();
            entry.0 += 1;
            if entry.1.len() < 5 {
                entry.1.push(reject.row);
            }
        }
    }
    let stats = reader.stats();
    writeln!(
        out,
        "records: read {}, accepted {}, rejected {}",
        stats.read, stats.accepted, stats.rejected
    )?;
    for (reason, (count, rows)) in &reasons {
        let rows: Vec<String> = rows.iter().map(u64::to_string).collect();
        writeln!(
            out,
            "  rejected {count}: {reason} (rows {}{})",
            rows.join(", "),
            if *count > 5 { ", ..." } else { "" }
        )?;
    }
    Ok(if stats.rejected == 0 { Outcome::Ok } else { Outcome::SomeRejected })
}
