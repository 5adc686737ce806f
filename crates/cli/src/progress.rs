//! Progress on stderr for long runs: records read and their rate (a stream has no known
//! total, so no ETA). Shown only when stderr is a terminal and `--quiet` is not given; never holds
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

    /// Reading `file` (while earlier chunks are scored and written): a spinner with the
    /// records read and analyzed so far and their rate.
    pub fn reading(&self, file: &str) {
        self.bar.set_style(style("{spinner} analyzing {msg}: {human_pos} records ({rate})"));
        self.bar.set_message(file.to_string());
    }

    /// `n` more records read (accepted or rejected).
    pub fn records(&self, n: usize) {
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
