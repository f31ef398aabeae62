//! The built binary under hostile input, measured from outside (issue 7): each run is a
//! child process killed after a deadline, its peak RSS sampled from `/proc` (VmHWM), its output
//! drained but only counted past a prefix, so no test can hang or exhaust the machine.

use std::io::{Read, Write};
use std::path::PathBuf;
use std::process::{Command, Stdio};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

/// How long any one child may run before it is killed.
const DEADLINE: Duration = Duration::from_secs(30);
/// Bytes of each stream kept for assertions (the rest is only counted).
const KEEP: usize = 1 << 20;

/// Where stdin comes from.
pub enum Input {
    /// Nothing (`/dev/null`).
    Null,
    /// These bytes, then end of file.
    Bytes(Vec<u8>),
    /// `x\n` forever (until the child closes the pipe).
    Endless,
}

/// What a child did.
pub struct Measured {
    /// Exit code (`None` if killed by a signal, e.g. at the deadline).
    pub code: Option<i32>,
    /// The first [`KEEP`] bytes of stdout, and its total length.
    pub stdout: String,
    pub stdout_len: usize,
    /// The first [`KEEP`] bytes of stderr, and its total length.
    pub stderr: String,
    pub stderr_len: usize,
    /// Peak resident set size (VmHWM, sampled every 2 ms), in bytes.
    pub peak_rss: u64,
    /// Whether the deadline killed it.
    pub killed: bool,
}

fn drain(mut r: impl Read + Send + 'static) -> std::thread::JoinHandle<(Vec<u8>, usize)> {
    std::thread::spawn(move || {
        let (mut kept, mut total, mut buf) = (Vec::new(), 0usize, vec![0u8; 64 << 10]);
        while let Ok(n) = r.read(&mut buf) {
            if n == 0 {
                break;
            }
            total += n;
            let room = KEEP.saturating_sub(kept.len());
            kept.extend_from_slice(&buf[..n.min(room)]);
        }
        (kept, total)
    })
}

/// `VmHWM` of a `/proc/PID/status` text, in bytes.
fn vm_hwm(status: &str) -> Option<u64> {
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    let kb: u64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kb * 1024)
}

/// Runs `vpclab ARGS` with `stdin`; stdout goes to `stdout` (a pipe when `None`).
pub fn measure_with(args: &[&str], stdin: Input, stdout: Option<Stdio>) -> Measured {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_vpclab"));
    let history = std::env::temp_dir().join(format!("vpclab-bounds-history-{}", std::process::id()));
    cmd.args(args).env("VPCLAB_HISTORY", history).stderr(Stdio::piped());
    let piped_out = stdout.is_none();
    cmd.stdout(stdout.unwrap_or_else(Stdio::piped));
    cmd.stdin(match stdin {
        Input::Null => Stdio::null(),
        _ => Stdio::piped(),
    });
    let mut child = cmd.spawn().expect("spawn vpclab");
    if let Some(mut pipe) = child.stdin.take() {
        std::thread::spawn(move || match stdin {
            Input::Bytes(b) => {
                let _ = pipe.write_all(&b);
            }
            Input::Endless => {
                let chunk = b"x\n".repeat(32 << 10);
                while pipe.write_all(&chunk).is_ok() {}
            }
            Input::Null => {}
        });
    }
    let out = piped_out.then(|| drain(child.stdout.take().expect("stdout")));
    let err = drain(child.stderr.take().expect("stderr"));
    let status_file = format!("/proc/{}/status", child.id());
    let start = Instant::now();
    let (mut peak_rss, mut killed) = (0u64, false);
    let status = loop {
        // The high-water mark of the child's own memory (getrusage would also count the
        // test process's, inherited through vfork before exec), sampled until it exits.
        if let Some(hwm) = std::fs::read_to_string(&status_file).ok().as_deref().and_then(vm_hwm) {
            peak_rss = peak_rss.max(hwm);
        }
        if let Some(s) = child.try_wait().expect("wait") {
            break s;
        }
        if !killed && start.elapsed() > DEADLINE {
            let _ = child.kill();
            killed = true;
        }
        std::thread::sleep(Duration::from_millis(2));
    };
    let code = status.code();
    let (out, out_len) = out.map(|h| h.join().expect("stdout reader")).unwrap_or_default();
    let (err, err_len) = err.join().expect("stderr reader");
    Measured {
        code,
        stdout: String::from_utf8_lossy(&out).into_owned(),
        stdout_len: out_len,
        stderr: String::from_utf8_lossy(&err).into_owned(),
        stderr_len: err_len,
        peak_rss,
        killed,
    }
}

/// Runs `vpclab ARGS` with `stdin`, stdout piped.
pub fn measure(args: &[&str], stdin: Input) -> Measured {
    measure_with(args, stdin, None)
}

const MIB: u64 = 1 << 20;

/// A fresh scratch folder.
fn scratch() -> PathBuf {
    static N: AtomicUsize = AtomicUsize::new(0);
    let dir = std::env::temp_dir().join(format!(
        "vpclab-bounds-{}-{}",
        std::process::id(),
        N.fetch_add(1, Ordering::Relaxed)
    ));
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

fn assert_done(m: &Measured, code: i32) {
    assert!(!m.killed, "killed at the deadline; stderr: {}", m.stderr);
    assert_eq!(m.code, Some(code), "stderr: {}", m.stderr);
    assert!(!m.stderr.contains("panicked"), "{}", m.stderr);
}

#[test]
fn dev_zero_is_refused_before_reading() {
    let m = measure(&["run", "/dev/zero"], Input::Null);
    assert_done(&m, 2);
    assert!(m.stderr.contains("not a regular file"), "{}", m.stderr);
    assert!(m.peak_rss < 64 * MIB, "peak RSS {}", m.peak_rss);
}

#[test]
fn endless_stdin_is_refused() {
    let m = measure(&["run", "/dev/stdin"], Input::Endless);
    assert_done(&m, 2);
    assert!(m.stderr.contains("not a regular file"), "{}", m.stderr);
    let m = measure(&["run", "-"], Input::Endless);
    assert_done(&m, 2);
    assert!(m.stderr.contains("larger than the source-size limit of 16777216 bytes"), "{}", m.stderr);
    assert!(m.peak_rss < 96 * MIB, "peak RSS {}", m.peak_rss);
    let m = measure(&["run", "-", "a"], Input::Bytes(b"print('from stdin', ...)".to_vec()));
    assert_done(&m, 0);
    assert_eq!(m.stdout, "from stdin\ta\n");
}

#[test]
fn a_module_linked_to_dev_zero_is_refused() {
    let dir = scratch();
    std::os::unix::fs::symlink("/dev/zero", dir.join("zero.lua")).unwrap();
    std::fs::write(dir.join("main.lua"), "print(pcall(require, 'zero'))").unwrap();
    let m = measure(&["run", "--limits", "memory=64M", dir.join("main.lua").to_str().unwrap()], Input::Null);
    assert_done(&m, 0);
    assert!(m.stdout.starts_with("false\tmodule 'zero' not found"), "{}", m.stdout);
    assert!(m.peak_rss < 64 * MIB, "peak RSS {}", m.peak_rss);
}

#[test]
fn huge_tag_values_are_refused_and_memory_stays_bounded() {
    let code = "local v = aws.region():create_vpc{cidr_block = '10.0.0.0/16'}\n\
                local ok, e = pcall(v.create_tags, v, {k = ('x'):rep(16 << 20)}) print(e.code)\n\
                for i = 1, 12 do pcall(v.create_tags, v, {['k' .. i] = ('x'):rep(16 << 20)}) end\n\
                print(v.tags.k1 == nil)";
    let m = measure(&["run", "--limits", "memory=64M", "-e", code], Input::Null);
    assert_done(&m, 0);
    assert!(m.stdout.starts_with("InvalidParameterValue\n"), "{}", m.stdout);
    assert!(m.peak_rss < 160 * MIB, "peak RSS {} MiB", m.peak_rss / MIB);
}

#[test]
fn ten_million_tags_stop_at_fifty() {
    let code = "local v = aws.region():create_vpc{cidr_block = '10.0.0.0/16'}\n\
                for i = 1, 1e7 do v:create_tags{['k' .. i] = 'x'} end";
    let m = measure(&["run", "-e", code], Input::Null);
    assert_done(&m, 1);
    assert!(m.stderr.contains("TagLimitExceeded"), "{}", m.stderr);
    assert!(m.peak_rss < 64 * MIB, "peak RSS {}", m.peak_rss);
}

#[test]
fn os_date_is_bounded_by_the_memory_limit() {
    let m = measure(&["run", "--limits", "memory=64M", "-e", "local s = os.date(('%c'):rep(25e6))"], Input::Null);
    assert_done(&m, 1);
    assert_eq!(m.stderr, "LimitExceeded: memory limit (67108864 bytes) reached at (command line):1\n");
    assert!(m.peak_rss < 192 * MIB, "peak RSS {} MiB", m.peak_rss / MIB);
}

#[test]
fn json_summary_counts_against_the_output_limit() {
    let code = "local r = aws.region() for j = 1, 4 do local v = r:create_vpc{cidr_block = '10.' .. j .. '.0.0/16'}\n\
                for i = 0, 99 do v:create_subnet{cidr_block = '10.' .. j .. '.' .. i .. '.0/24'} end end";
    let m = measure(&["run", "--json", "--limits", "output=4K", "-e", code], Input::Null);
    assert_done(&m, 1);
    assert_eq!(m.stderr, "LimitExceeded: output limit (4096 bytes)\n");
    assert_eq!(m.stdout_len, 0);
    let m = measure(&["run", "--json", "--limits", "output=1M", "-e", code], Input::Null);
    assert_done(&m, 0);
    assert!(serde_json::from_str::<serde_json::Value>(&m.stdout).is_ok());
}

#[test]
fn help_flood_is_capped() {
    let m = measure(&["run", "-e", "for i = 1, 1e6 do help() end"], Input::Null);
    assert_done(&m, 1);
    // Cut at the cap, on a UTF-8 boundary.
    assert!(m.stdout_len <= 64 << 10 && m.stdout_len > (64 << 10) - 4, "{}", m.stdout_len);
    assert_eq!(m.stderr, "LimitExceeded: output limit (65536 bytes) reached at (command line):1\n");
}

#[test]
fn a_huge_error_message_is_cut() {
    let m = measure(&["run", "--limits", "output=1K", "-e", "error(string.rep('E', 64 << 20))"], Input::Null);
    assert_done(&m, 1);
    assert!(m.stderr_len <= 1024 + 64, "{} bytes on stderr", m.stderr_len);
    assert!(m.stderr.starts_with("(command line):1: EEEE"), "{}", &m.stderr[..40]);
    assert!(m.stderr.ends_with("…[truncated]\n"), "{}", &m.stderr[m.stderr.len() - 40..]);
    // What was printed counts too: the error line gets what is left, or 256 bytes.
    let m =
        measure(&["run", "--limits", "output=1K", "-e", "print(('p'):rep(1000)) error(('E'):rep(5000))"], Input::Null);
    assert_done(&m, 1);
    assert_eq!(m.stdout_len, 1001);
    assert!(m.stderr_len <= 256 + 1, "{}", m.stderr_len);
}

#[test]
fn absorbed_limits_still_fail_the_run() {
    for code in [
        "coroutine.resume(coroutine.create(function() while true do end end))",
        "local co = coroutine.create(function() local x <close> = setmetatable({}, {__close = function() while true do end end}) coroutine.yield() end)\ncoroutine.resume(co) coroutine.close(co)",
        "pcall(coroutine.wrap(function() while true do end end))",
    ] {
        let m = measure(&["run", "--limits", "instructions=1e6", "-e", code], Input::Null);
        assert_done(&m, 1);
        assert!(
            m.stderr.starts_with("LimitExceeded: instruction limit (1000000) reached at (command line):"),
            "{code}: {}",
            m.stderr
        );
    }
    let m = measure(
        &["run", "--limits", "output=100", "-e", "for i = 1, 10 do pcall(print, ('x'):rep(30)) end"],
        Input::Null,
    );
    assert_done(&m, 1);
    assert_eq!(m.stdout_len, 100);
    assert!(m.stderr.starts_with("LimitExceeded: output limit (100 bytes)"), "{}", m.stderr);
}

#[test]
fn a_full_disk_is_an_error_not_a_panic() {
    let full = || std::fs::OpenOptions::new().write(true).open("/dev/full").map(Stdio::from).expect("/dev/full");
    let m = measure_with(&["run", "--json", "-e", "print(1)"], Input::Null, Some(full()));
    assert_done(&m, 1);
    assert!(m.stderr.starts_with("vpclab: cannot write output: "), "{}", m.stderr);
    let m = measure_with(&["run", "-e", "for i = 1, 1e9 do print(i) end"], Input::Null, Some(full()));
    assert_done(&m, 1);
}

#[test]
fn stderr_to_a_full_disk_does_not_panic() {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_vpclab"));
    let full = std::fs::OpenOptions::new().write(true).open("/dev/full").expect("/dev/full");
    let out = cmd.args(["run", "-e", "error('x')"]).stderr(Stdio::from(full)).output().expect("run");
    assert_eq!(out.status.code(), Some(1));
}

#[test]
fn a_closed_pipe_ends_the_run_quietly() {
    let mut child = Command::new(env!("CARGO_BIN_EXE_vpclab"))
        .args(["run", "-e", "for i = 1, 1e9 do print(('y'):rep(50)) end"])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("spawn");
    let mut stdout = child.stdout.take().expect("stdout");
    let mut first = [0u8; 100];
    stdout.read_exact(&mut first).expect("read");
    drop(stdout); // as `head -c 100` does
    let err = drain(child.stderr.take().expect("stderr"));
    let start = Instant::now();
    let status = loop {
        if let Some(s) = child.try_wait().expect("wait") {
            break s;
        }
        if start.elapsed() > DEADLINE {
            let _ = child.kill();
        }
        std::thread::sleep(Duration::from_millis(5));
    };
    let (err, _) = err.join().expect("stderr");
    assert_eq!(status.code(), Some(0), "{}", String::from_utf8_lossy(&err));
    assert!(err.is_empty(), "{}", String::from_utf8_lossy(&err));
}

#[test]
fn a_world_that_outgrows_the_memory_limit_ends_the_run() {
    let code = "local v = aws.region():create_vpc{cidr_block = '10.0.0.0/16'}\n\
                local t = {} for i = 1, 49 do t['k' .. i] = ('v'):rep(256) end\n\
                for i = 0, 199 do pcall(v.create_subnet, v, {cidr_block = '10.0.' .. i .. '.0/24', tags = t}) end\n\
                print('survived')";
    let m = measure(&["run", "--limits", "memory=2M,instructions=1e9", "-e", code], Input::Null);
    assert_done(&m, 1);
    assert_eq!(m.stderr, "LimitExceeded: memory limit (2097152 bytes) reached at (command line):3\n");
    assert!(!m.stdout.contains("survived"));
}

#[test]
fn an_uninterruptible_c_call_is_stopped_by_the_watchdog() {
    // table.move over a huge empty range never returns to the VM and allocates nothing.
    let code = "table.move({}, 1, math.maxinteger - 1, 1, {})";
    let m = measure(&["run", "--limits", "time=0.2s", "-e", code], Input::Null);
    assert_done(&m, 1);
    assert_eq!(
        m.stderr,
        "LimitExceeded: time limit (0.2 s) reached inside a call that cannot be interrupted \
         (last script line seen: (command line):1)\n"
    );
}

#[test]
fn a_check_that_absorbs_its_limit_does_not_pass() {
    let dir = scratch();
    std::fs::write(
        dir.join("exercise.lua"),
        "return { id = 'absorb', limits = { instructions = 1e6 }, checks = {\n\
         { name = 'swallows its limit', points = 1, run = function() pcall(function() while true do end end) end },\n\
         { name = 'swallows it in a coroutine', points = 1, run = function()\n\
             coroutine.resume(coroutine.create(function() while true do end end)) end },\n\
         } }",
    )
    .unwrap();
    std::fs::write(dir.join("sub.lua"), "x = 1").unwrap();
    let (ex, sub) = (dir.join("exercise.lua"), dir.join("sub.lua"));
    let m = measure(&["grade", ex.to_str().unwrap(), sub.to_str().unwrap(), "--format", "json"], Input::Null);
    assert_done(&m, 0);
    let report: serde_json::Value = serde_json::from_str(&m.stdout).expect("JSON");
    let row = &report["submissions"][0];
    assert_eq!(row["score"], 0, "{row:#}");
    for check in row["checks"].as_array().expect("checks") {
        assert_eq!(check["passed"], false, "{check:#}");
        let feedback = check["feedback"].as_str().unwrap_or_default();
        assert!(feedback.contains("LimitExceeded: instruction limit (1000000)"), "{feedback}");
    }
}
