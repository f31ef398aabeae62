//! The parent side of isolation: each job runs in its own worker process, at most `jobs`
//! at a time, killed when it outlives its wall budget; a crash, abort or kill becomes that
//! submission's reason instead of an outcome.

use super::job::{Job, Outcome};
use std::io::{Read, Write};
use std::path::PathBuf;
use std::process::{Child, Command, ExitStatus, Stdio};
use std::sync::Mutex;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

/// How to start a worker: the `vpclab` binary and the hidden subcommand.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WorkerCommand {
    /// The program.
    pub program: PathBuf,
    /// Its arguments.
    pub args: Vec<String>,
}

impl WorkerCommand {
    /// The hidden worker subcommand of the `vpclab` binary at `program`.
    pub fn vpclab(program: impl Into<PathBuf>) -> WorkerCommand {
        WorkerCommand { program: program.into(), args: vec![super::WORKER_SUBCOMMAND.to_string()] }
    }

    /// The running binary (`vpclab grade` re-invokes itself).
    pub fn current() -> std::io::Result<WorkerCommand> {
        Ok(WorkerCommand::vpclab(std::env::current_exe()?))
    }
}

/// Runs every job, `parallel` at a time; results in job order. `budget` is each
/// worker's wall-clock allowance before the parent kills it.
pub fn run_all(
    jobs: &[Job],
    parallel: usize,
    worker: &WorkerCommand,
    budget: Duration,
) -> Vec<Result<Outcome, String>> {
    let next = AtomicUsize::new(0);
    let results: Mutex<Vec<Option<Result<Outcome, String>>>> = Mutex::new(vec![None; jobs.len()]);
    std::thread::scope(|scope| {
        for _ in 0..parallel.clamp(1, jobs.len().max(1)) {
            scope.spawn(|| {
                loop {
                    let i = next.fetch_add(1, Ordering::Relaxed);
                    let Some(job) = jobs.get(i) else { break };
                    let r = run_one(job, worker, budget);
                    if let Ok(mut all) = results.lock() {
                        all[i] = Some(r);
                    }
                }
            });
        }
    });
    results
        .into_inner()
        .unwrap_or_default()
        .into_iter()
        .map(|r| r.unwrap_or_else(|| Err("the grading thread failed".to_string())))
        .collect()
}

/// Bytes of a worker's stderr kept for the crash reason.
const STDERR_KEEP: usize = 4096;

/// One job in one worker process.
pub fn run_one(job: &Job, worker: &WorkerCommand, budget: Duration) -> Result<Outcome, String> {
    let input = serde_json::to_vec(job).map_err(|e| format!("cannot encode the job: {e}"))?;
    let mut child = Command::new(&worker.program)
        .args(&worker.args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .map_err(|e| format!("cannot start the grading process {}: {e}", worker.program.display()))?;
    let stdout = child.stdout.take().map(|mut s| {
        std::thread::spawn(move || {
            let mut buf = Vec::new();
            let _ = s.read_to_end(&mut buf);
            buf
        })
    });
    let stderr = child.stderr.take().map(|mut s| {
        std::thread::spawn(move || {
            let mut buf = Vec::new();
            let _ = s.read_to_end(&mut buf);
            buf
        })
    });
    if let Some(mut stdin) = child.stdin.take() {
        // A worker that died at once shows up in its exit status below.
        let _ = stdin.write_all(&input);
    }
    let status = wait_or_kill(&mut child, budget);
    let out = stdout.and_then(|h| h.join().ok()).unwrap_or_default();
    let err = stderr.and_then(|h| h.join().ok()).unwrap_or_default();
    match status {
        None => Err(format!(
            "the grading process was killed after {} s without finishing",
            crate::lua::limits::Seconds(budget)
        )),
        Some(s) if s.success() => {
            serde_json::from_slice(&out).map_err(|e| format!("the grading process answered something unreadable ({e})"))
        }
        Some(s) => Err(format!("the grading process {}{}", describe_exit(s), last_line(&err))),
    }
}

/// Waits for the child until `budget` has passed; then kills it and returns `None`.
fn wait_or_kill(child: &mut Child, budget: Duration) -> Option<ExitStatus> {
    let deadline = Instant::now() + budget;
    let mut pause = Duration::from_micros(200);
    loop {
        match child.try_wait() {
            Ok(Some(status)) => return Some(status),
            Ok(None) if Instant::now() < deadline => {
                std::thread::sleep(pause);
                pause = (pause * 2).min(Duration::from_millis(5));
            }
            _ => {
                let _ = child.kill();
                let _ = child.wait();
                return None;
            }
        }
    }
}

#[cfg(unix)]
fn describe_exit(s: ExitStatus) -> String {
    use std::os::unix::process::ExitStatusExt;
    match (s.signal(), s.code()) {
        (Some(sig), _) => format!("crashed (signal {sig}{})", signal_name(sig)),
        (None, Some(code)) => format!("exited with status {code}"),
        (None, None) => "ended abnormally".to_string(),
    }
}

#[cfg(not(unix))]
fn describe_exit(s: ExitStatus) -> String {
    match s.code() {
        Some(code) => format!("exited with status {code}"),
        None => "ended abnormally".to_string(),
    }
}

#[cfg(unix)]
fn signal_name(sig: i32) -> &'static str {
    match sig {
        6 => ", SIGABRT",
        9 => ", SIGKILL",
        11 => ", SIGSEGV",
        15 => ", SIGTERM",
        _ => "",
    }
}

/// `: <last stderr line>` when the worker said something.
fn last_line(stderr: &[u8]) -> String {
    let tail = &stderr[stderr.len().saturating_sub(STDERR_KEEP)..];
    let text = String::from_utf8_lossy(tail);
    text.lines().rev().find(|l| !l.trim().is_empty()).map(|l| format!(": {}", l.trim())).unwrap_or_default()
}
