//! Progress on stderr for long runs: records read, scored and their rate, with an ETA while
//! scoring. Shown only when stderr is a terminal and `--quiet` is not given; never holds
//! mention text.

use std::io::IsTerminal;
use std::time::Duration;

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressState, ProgressStyle};

/// A progress line that is either drawn on stderr or hidden.
pub struct Progress {
    bar: ProgressBar,
}

impl Progress {
    /// A progress line, drawn only if `!quiet` and stderr is a terminal.
    pub fn new(quiet: bool) -> Progress {
        let target = if !quiet && std::io::stderr().is_terminal() {
            ProgressDrawTarget::stderr()
        } else {
            ProgressDrawTarget::hidden()
        };
        let bar = ProgressBar::with_draw_target(None, target);
        if !bar.is_hidden() {
            bar.enable_steady_tick(Duration::from_millis(120));
        }
        Progress { bar }
    }

    /// Reading `file`: a spinner with the records read so far and their rate.
    pub fn reading(&self, file: &str) {
        self.bar.set_style(style("{spinner} reading {msg}: {human_pos} records ({rate})"));
        self.bar.set_message(file.to_string());
    }

    /// One more record read (accepted or rejected).
    pub fn record(&self) {
        self.bar.inc(1);
    }

    /// Scoring `n` mentions: a bar with the rate and the time left.
    pub fn scoring(&self, n: usize) {
        self.bar.set_style(style(
            "{spinner} scoring [{bar:30}] {human_pos}/{human_len} ({rate}, {eta} left)",
        ));
        self.bar.set_position(0);
        self.bar.set_length(n as u64);
        self.bar.reset_eta();
    }

    /// `n` more mentions scored.
    pub fn scored(&self, n: usize) {
        self.bar.inc(n as u64);
    }

    /// A final step without a count ("aggregating", "writing").
    pub fn step(&self, what: &'static str) {
        self.bar.set_style(style("{spinner} {msg}"));
        self.bar.set_message(what);
    }

    /// Removes the line, before the summary is printed.
    pub fn finish(&self) {
        self.bar.finish_and_clear();
    }
}

fn style(template: &str) -> ProgressStyle {
    ProgressStyle::with_template(template)
        .expect("BUG: the progress templates are valid")
        .with_key("rate", |state: &ProgressState, w: &mut dyn std::fmt::Write| {
            let _ = write!(w, "{:.0}/s", state.per_sec());
        })
        .progress_chars("=> ")
}
