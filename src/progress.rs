//! Progress on stderr, for people watching a terminal, and plain lines for everyone else.
//!
//! When stderr is a terminal, a run shows a spinner with the stage it is in (reading, each
//! metric family, writing tables, drawing charts), but only once it has taken longer than
//! [`REVEAL_AFTER`], so quick runs print nothing extra; `batch` adds a bar counting finished runs
//! and one spinner per running analysis. When stderr is not a terminal (a pipe, a file, CI) no
//! bar, spinner, cursor movement or colour is ever drawn: stderr gets only the plain lines
//! (warnings, notes, one line per batch run). Nothing here asks a question.
//!
//! The analysis kernels know nothing of this: [`crate::analysis::Analysis::compute_observed`]
//! calls back with stage names, and an [`Observer`] decides what to do with them.

use std::io::IsTerminal;
use std::sync::mpsc;
use std::time::Duration;

use indicatif::{MultiProgress, ProgressBar, ProgressDrawTarget, ProgressStyle};

/// A spinner appears only for work that has run this long.
pub const REVEAL_AFTER: Duration = Duration::from_secs(2);

/// Where a running analysis reports: the stage it starts, and notes (whole stderr lines after
/// the `grapevine: ` prefix, such as `warning: ...`).
pub trait Observer: Sync {
    /// A stage starts (`reading`, `betweenness`, `drawing charts`, ...).
    fn stage(&self, name: &str);
    /// A warning or note for the user.
    fn note(&self, text: String);
}

/// An observer that ignores everything (tests, library callers).
pub struct Silent;

impl Observer for Silent {
    fn stage(&self, _: &str) {}
    fn note(&self, _: String) {}
}

/// The progress display of one command: visible only on a terminal.
pub struct Progress {
    multi: Option<MultiProgress>,
}

impl Progress {
    /// Bars and spinners on stderr when it is a terminal; plain lines otherwise.
    pub fn for_stderr() -> Progress {
        if std::io::stderr().is_terminal() {
            Progress {
                multi: Some(MultiProgress::with_draw_target(ProgressDrawTarget::stderr())),
            }
        } else {
            Progress::plain()
        }
    }

    /// Plain lines only (never draws).
    pub fn plain() -> Progress {
        Progress { multi: None }
    }

    /// True when bars are drawn.
    pub fn is_visible(&self) -> bool {
        self.multi.is_some()
    }

    /// Prints one line on stderr, above any bars.
    pub fn line(&self, text: &str) {
        match &self.multi {
            Some(m) if m.println(text).is_ok() => {}
            _ => eprintln!("{text}"),
        }
    }

    /// A bar counting `len` items (batch runs), shown at once on a terminal.
    pub fn counter(&self, len: u64, what: &'static str) -> ProgressBar {
        match &self.multi {
            None => ProgressBar::hidden(),
            Some(m) => {
                let bar = m.add(ProgressBar::new(len));
                bar.set_style(
                    ProgressStyle::with_template(&format!(
                        "{{bar:30}} {{pos}}/{{len}} {what} ({{elapsed}}, about {{eta}} left)"
                    ))
                    .expect("valid template")
                    .progress_chars("=> "),
                );
                bar.enable_steady_tick(Duration::from_millis(500));
                bar
            }
        }
    }

    /// A spinner for one task, labelled `name`, that appears after [`REVEAL_AFTER`] (terminal
    /// only). It disappears when dropped.
    pub fn task(&self, name: &str) -> Task {
        let bar = ProgressBar::hidden();
        let Some(multi) = self.multi.clone() else {
            return Task {
                bar,
                multi: None,
                stop: None,
                reveal: None,
            };
        };
        bar.set_style(
            ProgressStyle::with_template("{spinner} {prefix}: {msg} ({elapsed})")
                .expect("valid template"),
        );
        bar.set_prefix(name.to_string());
        let (stop, wait) = mpsc::channel::<()>();
        let shown = bar.clone();
        let m = multi.clone();
        let reveal = std::thread::spawn(move || {
            if let Err(mpsc::RecvTimeoutError::Timeout) = wait.recv_timeout(REVEAL_AFTER) {
                let bar = m.add(shown);
                bar.enable_steady_tick(Duration::from_millis(120));
            }
        });
        Task {
            bar,
            multi: Some(multi),
            stop: Some(stop),
            reveal: Some(reveal),
        }
    }
}

impl Drop for Progress {
    fn drop(&mut self) {
        if let Some(m) = &self.multi {
            let _ = m.clear();
        }
    }
}

/// One task's spinner (see [`Progress::task`]).
pub struct Task {
    bar: ProgressBar,
    multi: Option<MultiProgress>,
    stop: Option<mpsc::Sender<()>>,
    reveal: Option<std::thread::JoinHandle<()>>,
}

impl Task {
    /// Shows the stage the task is in.
    pub fn stage(&self, name: &str) {
        if self.multi.is_some() {
            self.bar.set_message(name.to_string());
        }
    }
}

impl Drop for Task {
    fn drop(&mut self) {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
        if let Some(t) = self.reveal.take() {
            let _ = t.join();
        }
        self.bar.finish_and_clear();
        if let Some(m) = &self.multi {
            m.remove(&self.bar);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plain_progress_never_draws() {
        let p = Progress::plain();
        assert!(!p.is_visible());
        let t = p.task("run");
        t.stage("betweenness");
        assert!(t.bar.is_hidden());
        assert!(p.counter(3, "runs").is_hidden());
    }
}
