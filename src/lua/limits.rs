//! Sandbox limits and the `--limits` override syntax.

use std::fmt;
use std::time::Duration;

/// Per-run resource limits of a sandboxed Lua state.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Limits {
    /// VM instructions per run.
    pub instructions: u64,
    /// Bytes of Lua heap.
    pub memory: usize,
    /// Wall-clock time per run.
    pub wall: Duration,
    /// Bytes of printed output per run.
    pub output_bytes: usize,
}

impl Default for Limits {
    /// The defaults of CLI.md: 200 million instructions, 256 MiB, 10 s, 64 KiB.
    fn default() -> Limits {
        Limits { instructions: 200_000_000, memory: 256 << 20, wall: Duration::from_secs(10), output_bytes: 64 << 10 }
    }
}

/// A bad `--limits` specification.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum LimitsError {
    /// A key other than instructions/memory/time/output.
    #[error("unknown limit '{0}' (expected instructions, memory, time or output)")]
    UnknownKey(String),
    /// A value that does not parse or is zero.
    #[error("bad value '{value}' for limit '{key}' (expected {expected})")]
    BadValue {
        /// The limit's name.
        key: String,
        /// The text given.
        value: String,
        /// An example of what is accepted.
        expected: &'static str,
    },
    /// An item without `=`.
    #[error("bad limit '{0}' (expected key=value, e.g. instructions=5e7)")]
    Malformed(String),
}

impl Limits {
    /// Applies comma-separated overrides such as `instructions=5e7,memory=64M,time=2s,output=1M`.
    ///
    /// ```
    /// use vpclab::lua::limits::Limits;
    /// let l = Limits::default().with_overrides("memory=64M,time=500ms").unwrap();
    /// assert_eq!(l.memory, 64 << 20);
    /// assert_eq!(l.wall.as_millis(), 500);
    /// ```
    pub fn with_overrides(mut self, spec: &str) -> Result<Limits, LimitsError> {
        for item in spec.split(',').map(str::trim).filter(|s| !s.is_empty()) {
            let (key, value) = item.split_once('=').ok_or_else(|| LimitsError::Malformed(item.to_string()))?;
            self.set(key.trim(), value.trim())?;
        }
        Ok(self)
    }

    /// Sets one limit from its textual value (`set("time", "2s")`).
    pub fn set(&mut self, key: &str, value: &str) -> Result<(), LimitsError> {
        let bad = |expected| LimitsError::BadValue { key: key.to_string(), value: value.to_string(), expected };
        match key {
            "instructions" => self.instructions = parse_count(value).ok_or_else(|| bad("a count, e.g. 5e7"))?,
            "memory" => self.memory = parse_bytes(value).ok_or_else(|| bad("bytes, e.g. 64M"))?,
            "output" => self.output_bytes = parse_bytes(value).ok_or_else(|| bad("bytes, e.g. 1M"))?,
            "time" | "wall" => self.wall = parse_duration(value).ok_or_else(|| bad("a duration, e.g. 2s"))?,
            _ => return Err(LimitsError::UnknownKey(key.to_string())),
        }
        Ok(())
    }
}

/// A positive number, possibly written with an exponent (`5e7`), as an integer.
fn parse_number(text: &str) -> Option<f64> {
    let n: f64 = text.trim().parse().ok()?;
    (n.is_finite() && n > 0.0 && n < 1e18).then_some(n)
}

fn parse_count(text: &str) -> Option<u64> {
    let n = parse_number(text)?;
    (n.fract() == 0.0).then_some(n as u64)
}

/// Bytes with an optional binary suffix: `4096`, `64K`, `64M`, `1G`, `64MiB`, `64MB`.
fn parse_bytes(text: &str) -> Option<usize> {
    let upper = text.trim().to_ascii_uppercase();
    let digits = upper.trim_end_matches("IB").trim_end_matches('B');
    let (number, scale) = match digits.chars().last()? {
        'K' => (&digits[..digits.len() - 1], 1u64 << 10),
        'M' => (&digits[..digits.len() - 1], 1 << 20),
        'G' => (&digits[..digits.len() - 1], 1 << 30),
        _ => (digits, 1),
    };
    let bytes = parse_number(number)? * scale as f64;
    (bytes >= 1.0 && bytes < usize::MAX as f64).then_some(bytes as usize)
}

/// A duration: `2s`, `500ms`, `1.5` (seconds), `2m`.
fn parse_duration(text: &str) -> Option<Duration> {
    let t = text.trim();
    let (number, scale) = if let Some(n) = t.strip_suffix("ms") {
        (n, 0.001)
    } else if let Some(n) = t.strip_suffix('s') {
        (n, 1.0)
    } else if let Some(n) = t.strip_suffix('m') {
        (n, 60.0)
    } else {
        (t, 1.0)
    };
    Duration::try_from_secs_f64(parse_number(number)? * scale).ok()
}

/// Seconds as students read them: `10`, `0.5`.
pub(crate) struct Seconds(pub Duration);

impl fmt::Display for Seconds {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.0.as_secs_f64())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn defaults_match_cli_md() {
        let l = Limits::default();
        assert_eq!(l.instructions, 200_000_000);
        assert_eq!(l.memory, 268_435_456);
        assert_eq!(l.wall, Duration::from_secs(10));
        assert_eq!(l.output_bytes, 65_536);
    }

    #[test]
    fn overrides_parse() {
        let l = Limits::default().with_overrides("instructions=5e7, memory=64M,time=2s,output=1M").unwrap();
        assert_eq!(l.instructions, 50_000_000);
        assert_eq!(l.memory, 64 << 20);
        assert_eq!(l.wall, Duration::from_secs(2));
        assert_eq!(l.output_bytes, 1 << 20);
        let l = Limits::default().with_overrides("memory=1GiB,output=300,time=1.5").unwrap();
        assert_eq!(l.memory, 1 << 30);
        assert_eq!(l.output_bytes, 300);
        assert_eq!(l.wall, Duration::from_millis(1500));
    }

    #[test]
    fn bad_overrides_name_the_problem() {
        let err = Limits::default().with_overrides("memroy=1M").unwrap_err();
        assert_eq!(err.to_string(), "unknown limit 'memroy' (expected instructions, memory, time or output)");
        let err = Limits::default().with_overrides("memory=lots").unwrap_err();
        assert_eq!(err.to_string(), "bad value 'lots' for limit 'memory' (expected bytes, e.g. 64M)");
        assert!(Limits::default().with_overrides("time").is_err());
        assert!(Limits::default().with_overrides("instructions=0").is_err());
        assert!(Limits::default().with_overrides("instructions=1.5").is_err());
        assert!(Limits::default().with_overrides("time=-1s").is_err());
    }

    #[test]
    fn seconds_display() {
        assert_eq!(Seconds(Duration::from_secs(10)).to_string(), "10");
        assert_eq!(Seconds(Duration::from_millis(500)).to_string(), "0.5");
    }
}
