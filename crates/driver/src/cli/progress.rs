//! Progress of a long `kiln compile` on stderr, read from the compiler's
//! [`kiln_driver::Progress`] counters by a display thread.
//!
//! On a terminal the line `<input>: 1234/5678 methods, 950/s, ETA 5s` is
//! drawn at once (`<input>: compiling`), redrawn in place ten times a
//! second, and erased when the input is done (its `compiled N of M`
//! line takes its place). `--progress` forces it
//! where stderr is not a terminal: one line per second and a last one when
//! the input is done. `--quiet` turns it off.

use std::io::Write;
use std::sync::mpsc::{self, RecvTimeoutError};
use std::sync::Arc;
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

use kiln_driver::Progress;

/// How progress is shown.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Mode {
    /// Nothing.
    Off,
    /// Redrawn in place on a terminal.
    Terminal,
    /// Whole lines (`--progress` without a terminal).
    Lines,
}

/// The mode for `--progress`/`--quiet` and whether stderr is a terminal.
pub fn mode(forced: bool, quiet: bool, stderr_is_terminal: bool) -> Mode {
    match (quiet, forced, stderr_is_terminal) {
        (true, _, _) => Mode::Off,
        (false, _, true) => Mode::Terminal,
        (false, true, false) => Mode::Lines,
        (false, false, false) => Mode::Off,
    }
}

/// A running display; [`Display::finish`] stops it.
#[derive(Debug)]
pub struct Display {
    stop: mpsc::Sender<()>,
    thread: JoinHandle<()>,
}

/// The progress line of `label` at `done` of `total` after `elapsed`.
pub fn line(label: &str, done: usize, total: usize, elapsed: Duration) -> String {
    let secs = elapsed.as_secs_f64();
    let rate = if secs > 0.0 { done as f64 / secs } else { 0.0 };
    let mut s = format!("{label}: {done}/{total} methods");
    if rate >= 1.0 {
        s += &format!(", {rate:.0}/s");
        if done < total {
            let eta = (total - done) as f64 / rate;
            s += &format!(", ETA {eta:.0}s");
        }
    }
    s
}

impl Display {
    /// Starts showing `progress` for the input `label`; `None` when `mode`
    /// is [`Mode::Off`].
    pub fn start(label: String, progress: Arc<Progress>, mode: Mode) -> Option<Display> {
        let period = match mode {
            Mode::Off => return None,
            Mode::Terminal => Duration::from_millis(100),
            Mode::Lines => Duration::from_secs(1),
        };
        let (stop, stopped) = mpsc::channel();
        let thread = std::thread::spawn(move || {
            let start = Instant::now();
            let mut err = std::io::stderr();
            if mode == Mode::Terminal {
                let _ = write!(err, "\r{label}: compiling\x1b[K");
                let _ = err.flush();
            }
            loop {
                let finished = match stopped.recv_timeout(period) {
                    Err(RecvTimeoutError::Timeout) => false,
                    Ok(()) | Err(RecvTimeoutError::Disconnected) => true,
                };
                let (done, total) = progress.get();
                let text = line(&label, done, total, start.elapsed());
                let _ = match (mode, finished) {
                    (Mode::Terminal, false) => write!(err, "\r{text}\x1b[K"),
                    (Mode::Terminal, true) => write!(err, "\r\x1b[K"),
                    (Mode::Lines, _) => writeln!(err, "{text}"),
                    (Mode::Off, _) => Ok(()),
                };
                let _ = err.flush();
                if finished {
                    return;
                }
            }
        });
        Some(Display { stop, thread })
    }

    /// Stops the display (its last line drawn or erased).
    pub fn finish(self) {
        let _ = self.stop.send(());
        let _ = self.thread.join();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_line_has_count_rate_and_eta() {
        let l = line("a.dll", 500, 2000, Duration::from_secs(1));
        assert_eq!(l, "a.dll: 500/2000 methods, 500/s, ETA 3s");
        let l = line("a.dll", 2000, 2000, Duration::from_secs(2));
        assert_eq!(l, "a.dll: 2000/2000 methods, 1000/s");
        assert_eq!(line("a", 0, 9, Duration::ZERO), "a: 0/9 methods");
    }

    #[test]
    fn modes() {
        assert_eq!(mode(false, false, true), Mode::Terminal);
        assert_eq!(mode(true, false, false), Mode::Lines);
        assert_eq!(mode(false, false, false), Mode::Off);
        assert_eq!(mode(true, true, true), Mode::Off);
    }
}
