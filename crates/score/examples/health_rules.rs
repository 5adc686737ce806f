//! Scores stdin with `HealthRules`, one text a line, for `health_eval.py --engines cmd`:
//! prints `{"sentiment":{"score":..,"label":..}}` a line.

use std::io::{self, BufRead, BufWriter, Write};

use bedside_score::HealthRules;
use bedside_types::Label;

fn main() -> io::Result<()> {
    let rules = HealthRules::new();
    let stdin = io::stdin();
    let mut out = BufWriter::new(io::stdout().lock());
    for line in stdin.lock().lines() {
        let output = rules.analyze_scores(&line?);
        let label = Label::from_score(output.compound);
        writeln!(out, r#"{{"sentiment":{{"score":{},"label":"{}"}}}}"#, output.compound, label)?;
    }
    out.flush()
}
