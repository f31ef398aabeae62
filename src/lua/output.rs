//! Where `print` goes: stdout or a capture buffer, behind a byte cap.

use std::cell::{Cell, RefCell};
use std::io::Write;
use std::rc::Rc;

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

/// The byte-capped sink held in the state's app data.
pub(crate) struct Sink {
    output: Output,
    cap: usize,
    written: Cell<usize>,
}

/// Writing would pass the cap: what fit was written.
#[derive(Debug)]
pub(crate) struct OverCap;

impl Sink {
    pub(crate) fn new(output: Output, cap: usize) -> Sink {
        Sink { output, cap, written: Cell::new(0) }
    }

    /// Starts a fresh per-run budget.
    pub(crate) fn reset(&self) {
        self.written.set(0);
    }

    /// Writes `bytes`, or as much as fits (cut on a UTF-8 boundary) and reports [`OverCap`].
    pub(crate) fn write(&self, bytes: &[u8]) -> Result<(), OverCap> {
        let room = self.cap.saturating_sub(self.written.get());
        let mut cut = bytes.len().min(room);
        if cut < bytes.len() {
            while cut > 0 && (bytes[cut] & 0xC0) == 0x80 {
                cut -= 1;
            }
        }
        self.emit(&bytes[..cut]);
        self.written.set(self.written.get() + cut);
        if cut < bytes.len() { Err(OverCap) } else { Ok(()) }
    }

    /// Writes host text (help pages) without counting it against the cap.
    pub(crate) fn write_uncapped(&self, text: &str) {
        self.emit(text.as_bytes());
    }

    fn emit(&self, bytes: &[u8]) {
        if bytes.is_empty() {
            return;
        }
        match &self.output {
            Output::Stdout => {
                let mut out = std::io::stdout().lock();
                // A closed pipe is not the script's fault; drop the output.
                let _ = out.write_all(bytes).and_then(|()| out.flush());
            }
            Output::Capture(c) => c.0.borrow_mut().extend_from_slice(bytes),
        }
    }
}

/// Writes host text (help pages) to the state's output, not counted against the cap.
pub(crate) fn write_host_text(lua: &mlua::Lua, text: &str) {
    match lua.app_data_ref::<Sink>() {
        Some(sink) => sink.write_uncapped(text),
        None => print!("{text}"),
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
}
