//! Measuring child processes for `cargo xtask bench`: wall time, CPU time
//! (user + system) and peak resident set size of one run, read from the
//! kernel's accounting of the child (`wait4(2)`'s `rusage`), plus the small
//! statistics the report needs (median, ratios).

use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use xtask::Result;

/// What one measured run of a child process cost.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct Cost {
    /// Elapsed time.
    pub wall: Duration,
    /// User + system CPU time of the child (and its waited-for children).
    pub cpu: Duration,
    /// Peak resident set size, bytes.
    pub peak_rss: u64,
}

/// A finished measured run: its cost and captured output.
#[derive(Debug)]
pub struct Measured {
    /// The cost.
    pub cost: Cost,
    /// Exit code (`None` if killed by a signal).
    pub code: Option<i32>,
    /// Captured stdout.
    pub stdout: String,
    /// Captured stderr.
    pub stderr: String,
}

fn duration_of(tv: libc::timeval) -> Duration {
    Duration::from_secs(tv.tv_sec.max(0) as u64) + Duration::from_micros(tv.tv_usec.max(0) as u64)
}

/// Runs `cmd` to completion (stdout and stderr captured to temporary files
/// under `scratch`) and measures it.
///
/// # Errors
/// If the child cannot be started or waited for.
pub fn run(cmd: &mut Command, scratch: &Path) -> Result<Measured> {
    std::fs::create_dir_all(scratch)?;
    let out_path = scratch.join("stdout.txt");
    let err_path = scratch.join("stderr.txt");
    cmd.stdin(Stdio::null())
        .stdout(std::fs::File::create(&out_path)?)
        .stderr(std::fs::File::create(&err_path)?);
    let start = Instant::now();
    let child = cmd
        .spawn()
        .map_err(|e| format!("cannot start {:?}: {e}", cmd.get_program()))?;
    let pid = child.id() as libc::pid_t;
    let mut status = 0;
    // SAFETY: `rusage` is plain data; wait4 fills it for our own child, which
    // std has not waited for (the `Child` is dropped without waiting).
    let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
    let r = unsafe { libc::wait4(pid, &mut status, 0, &mut usage) };
    let wall = start.elapsed();
    if r != pid {
        return Err(format!("wait4 failed: {}", std::io::Error::last_os_error()).into());
    }
    let code = libc::WIFEXITED(status).then(|| libc::WEXITSTATUS(status));
    Ok(Measured {
        cost: Cost {
            wall,
            cpu: duration_of(usage.ru_utime) + duration_of(usage.ru_stime),
            // Linux reports ru_maxrss in kilobytes.
            peak_rss: usage.ru_maxrss.max(0) as u64 * 1024,
        },
        code,
        stdout: std::fs::read_to_string(&out_path).unwrap_or_default(),
        stderr: std::fs::read_to_string(&err_path).unwrap_or_default(),
    })
}

/// Runs `cmd` and fails unless it exits with code 0.
///
/// # Errors
/// As [`run`], or the child's failure with its output.
pub fn run_ok(cmd: &mut Command, scratch: &Path) -> Result<Measured> {
    let what = format!("{:?}", cmd.get_program());
    let m = run(cmd, scratch)?;
    if m.code != Some(0) {
        return Err(format!(
            "{what} failed ({:?}):\n{}{}",
            m.code,
            tail(&m.stdout),
            tail(&m.stderr)
        )
        .into());
    }
    Ok(m)
}

fn tail(s: &str) -> &str {
    let cut = s.len().saturating_sub(2000);
    s.get(cut..).unwrap_or(s)
}

/// The run with the median wall time (lower median for an even count).
pub fn median(mut costs: Vec<Cost>) -> Option<Cost> {
    if costs.is_empty() {
        return None;
    }
    costs.sort_by_key(|c| c.wall);
    Some(costs[(costs.len() - 1) / 2])
}

/// The median of durations (lower median for an even count).
pub fn median_duration(mut v: Vec<Duration>) -> Option<Duration> {
    if v.is_empty() {
        return None;
    }
    v.sort();
    Some(v[(v.len() - 1) / 2])
}

/// `count / seconds`, 0 for a zero duration.
pub fn rate(count: f64, time: Duration) -> f64 {
    let s = time.as_secs_f64();
    if s > 0.0 {
        count / s
    } else {
        0.0
    }
}

/// `a / b` as text (`n/a` when `b` is 0).
pub fn ratio(a: f64, b: f64) -> String {
    if b > 0.0 {
        format!("{:.2}x", a / b)
    } else {
        "n/a".into()
    }
}

/// The 1-minute load average (how busy the machine was), if readable.
pub fn load_average() -> Option<String> {
    let text = std::fs::read_to_string("/proc/loadavg").ok()?;
    text.split_whitespace().next().map(str::to_owned)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ms(n: u64) -> Duration {
        Duration::from_millis(n)
    }

    #[test]
    fn median_takes_the_middle_run_by_wall_time() {
        let c = |w| Cost {
            wall: ms(w),
            cpu: ms(w / 2),
            peak_rss: w,
        };
        assert_eq!(median(vec![c(30), c(10), c(20)]), Some(c(20)));
        assert_eq!(median(vec![c(40), c(10), c(20), c(30)]), Some(c(20)));
        assert_eq!(median(vec![]), None);
        assert_eq!(median_duration(vec![ms(5), ms(1), ms(3)]), Some(ms(3)));
    }

    #[test]
    fn rates_and_ratios() {
        assert_eq!(rate(100.0, ms(500)), 200.0);
        assert_eq!(rate(1.0, Duration::ZERO), 0.0);
        assert_eq!(ratio(3.0, 2.0), "1.50x");
        assert_eq!(ratio(1.0, 0.0), "n/a");
    }

    #[test]
    fn measures_a_child() {
        let dir = std::env::temp_dir().join(format!("kiln-bench-proc-{}", std::process::id()));
        let m = run_ok(Command::new("sh").args(["-c", "echo hi; exit 0"]), &dir).unwrap();
        assert_eq!(m.stdout, "hi\n");
        assert!(m.cost.peak_rss > 0);
        let bad = run_ok(Command::new("sh").args(["-c", "exit 3"]), &dir);
        assert!(bad.is_err());
        let _ = std::fs::remove_dir_all(dir);
    }
}
