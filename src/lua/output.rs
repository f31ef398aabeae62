//! Where printed output goes: stdout or a capture buffer, behind one byte cap per run.
//!
//! Everything a script can cause to be written counts against the cap: `print`, `help`
//! pages, the REPL's result echo and error lines, the `--json` summary and the error line
//! on stderr (see [`Sink::fit`]). A failed write to stdout (a closed pipe, a full disk)
//! is remembered and stops the run.

use std::cell::{Cell, RefCell};
use std::io::Write;
use std::rc::Rc;

/// Marker appended to host text (an error line, a REPL echo) cut at the output cap.
pub const TRUNCATED: &str = "…[truncated]";
/// The least room an error line gets, even past the cap, so a limit message always shows.
pub const MIN_ERROR_LINE: usize = 256;

/// A buffer that collects a script's printed output (tests, grading).
#[derive(Debug, Clone, Default)]
pub struct Captured(Rc<RefCell<Vec<u8>>>);

impl Captured {
    /// A new empty buffer.
    pub fn new() -> Captured {
        Captured::default()
    }

    /// The output so far (invalid UTF-8 replaced).
    pub fn text(&self) -> String {
        String::from_utf8_lossy(&self.0.borrow()).into_owned()
    }

    /// The output so far, emptying the buffer.
    pub fn take(&self) -> String {
        let bytes = std::mem::take(&mut *self.0.borrow_mut());
        String::from_utf8_lossy(&bytes).into_owned()
    }
}

/// The destination of a sandbox's printed output.
#[derive(Debug, Clone)]
pub enum Output {
    /// The process's standard output (`vpclab run`, the REPL).
    Stdout,
    /// An in-memory buffer.
    Capture(Captured),
}

/// Why a write did not complete.
#[derive(Debug)]
pub(crate) enum WriteError {
    /// It would pass the cap: what fit was written.
    OverCap,
    /// Stdout refused it (closed pipe, full disk).
    Failed,
}

/// The byte-capped sink held in the state's app data.
pub(crate) struct Sink {
    output: Output,
    cap: usize,
    written: Cell<usize>,
    failure: RefCell<Option<std::io::Error>>,
}

impl Sink {
    pub(crate) fn new(output: Output, cap: usize) -> Sink {
        Sink { output, cap, written: Cell::new(0), failure: RefCell::new(None) }
    }

    /// Starts a fresh per-run budget.
    pub(crate) fn reset(&self) {
        self.written.set(0);
    }

    /// Bytes left under the cap.
    pub(crate) fn remaining(&self) -> usize {
        self.cap.saturating_sub(self.written.get())
    }

    /// The write error that stopped output, if any (its kind and text).
    pub(crate) fn failure(&self) -> Option<(std::io::ErrorKind, String)> {
        self.failure.borrow().as_ref().map(|e| (e.kind(), e.to_string()))
    }

    /// Writes `bytes`, or as much as fits (cut on a UTF-8 boundary).
    pub(crate) fn write(&self, bytes: &[u8]) -> Result<(), WriteError> {
        let cut = utf8_cut(bytes, self.remaining());
        self.written.set(self.written.get() + cut);
        self.emit(&bytes[..cut])?;
        if cut < bytes.len() { Err(WriteError::OverCap) } else { Ok(()) }
    }

    /// Charges host text (an echo, an error line) against the cap without writing it, and
    /// returns what may be shown: all of it, or a prefix of at least `floor` bytes ending
    /// in [`TRUNCATED`].
    pub(crate) fn fit(&self, text: &str, floor: usize) -> String {
        let room = self.remaining().max(floor);
        self.written.set(self.written.get().saturating_add(text.len().min(room)));
        truncate(text, room)
    }

    fn emit(&self, bytes: &[u8]) -> Result<(), WriteError> {
        if bytes.is_empty() {
            return Ok(());
        }
        match &self.output {
            Output::Stdout => {
                if self.failure.borrow().is_some() {
                    return Err(WriteError::Failed);
                }
                let mut out = std::io::stdout().lock();
                if let Err(e) = out.write_all(bytes).and_then(|()| out.flush()) {
                    *self.failure.borrow_mut() = Some(e);
                    return Err(WriteError::Failed);
                }
                Ok(())
            }
            Output::Capture(c) => {
                c.0.borrow_mut().extend_from_slice(bytes);
                Ok(())
            }
        }
    }
}

/// The longest prefix of `bytes` of at most `room` bytes that ends on a UTF-8 boundary.
fn utf8_cut(bytes: &[u8], room: usize) -> usize {
    let mut cut = bytes.len().min(room);
    if cut < bytes.len() {
        while cut > 0 && (bytes[cut] & 0xC0) == 0x80 {
            cut -= 1;
        }
    }
    cut
}

/// `text` if it fits in `room` bytes, else a prefix ending in [`TRUNCATED`] that does.
pub fn truncate(text: &str, room: usize) -> String {
    if text.len() <= room {
        return text.to_string();
    }
    let keep = utf8_cut(text.as_bytes(), room.saturating_sub(TRUNCATED.len()));
    format!("{}{TRUNCATED}", &text[..keep])
}

/// Writes `text` to stdout or stderr, reporting (never panicking on) a failed write.
pub fn write_stream(to_stderr: bool, text: &str) -> std::io::Result<()> {
    if to_stderr {
        let mut err = std::io::stderr().lock();
        err.write_all(text.as_bytes()).and_then(|()| err.flush())
    } else {
        let mut out = std::io::stdout().lock();
        out.write_all(text.as_bytes()).and_then(|()| out.flush())
    }
}

/// Writes host text the script asked for (help pages) through the capped sink; past the
/// cap the output limit trips and the run stops at its next instruction.
pub(crate) fn write_host_text(lua: &mlua::Lua, text: &str) {
    let written = match lua.app_data_ref::<Sink>() {
        Some(sink) => sink.write(text.as_bytes()),
        None => return,
    };
    if let Err(e) = written {
        crate::lua::sandbox::trip_output(lua, e);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cap_cuts_on_char_boundary() {
        let cap = Captured::new();
        let sink = Sink::new(Output::Capture(cap.clone()), 5);
        assert!(sink.write(b"abc").is_ok());
        assert!(sink.write("dé!".as_bytes()).is_err());
        assert_eq!(cap.text(), "abcd");
        assert!(sink.write(b"xy").is_err());
        sink.reset();
        assert!(sink.write(b"z").is_ok());
        assert_eq!(cap.take(), "abcdxz");
        assert_eq!(cap.text(), "");
    }

    #[test]
    fn host_text_is_charged_and_cut() {
        let sink = Sink::new(Output::Capture(Captured::new()), 40);
        assert_eq!(sink.fit("short", 0), "short");
        assert_eq!(sink.remaining(), 35);
        let long = "x".repeat(100);
        let shown = sink.fit(&long, 0);
        assert_eq!(shown.len(), 35);
        assert!(shown.ends_with(TRUNCATED));
        assert_eq!(sink.remaining(), 0);
        assert_eq!(sink.fit(&long, 20).len(), 20);
        assert_eq!(truncate("ab", 2), "ab");
    }
}
