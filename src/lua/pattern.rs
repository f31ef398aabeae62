//! Lua 5.4 pattern matching (a port of `lstrlib.c`'s matcher) that reports its work.
//!
//! Lua's own matcher runs inside one C call, where the count hook never fires, and may
//! backtrack exponentially (`("a?"):rep(40) .. ("a"):rep(40)`). This one calls a checker
//! every [`STEP_CHUNK`] steps, so a sandbox can charge the steps to its instruction
//! budget and stop the match at any limit (research notes §5.6).

/// Steps between two calls of the checker.
pub const STEP_CHUNK: i64 = 1024;
const MAX_CAPTURES: usize = 32;
const MAX_DEPTH: usize = 200;
const ESC: u8 = b'%';
const SPECIALS: &[u8] = b"^$*+?.([%-";

/// A capture's extent: a substring or a position.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Capture {
    /// Bytes `start..end` of the subject.
    Span(usize, usize),
    /// A position capture `()`: the 1-based index.
    Position(usize),
}

#[derive(Clone, Copy)]
enum Len {
    Unfinished,
    Position,
    Closed(usize),
}

/// Why a match stopped: a malformed pattern or a tripped limit, as the message to raise.
pub type MatchError = String;

/// The state of one match of `pat` against `src`.
pub struct Matcher<'a, 'c> {
    src: &'a [u8],
    pat: &'a [u8],
    level: usize,
    caps: [(usize, Len); MAX_CAPTURES],
    depth: usize,
    steps: i64,
    check: &'c mut dyn FnMut(i64) -> Result<(), MatchError>,
}

impl<'a, 'c> Matcher<'a, 'c> {
    /// A matcher of `pat` over `src`; `check(steps)` is called every [`STEP_CHUNK`] steps
    /// and once at the end, and may stop the match with an error.
    pub fn new(src: &'a [u8], pat: &'a [u8], check: &'c mut dyn FnMut(i64) -> Result<(), MatchError>) -> Self {
        Matcher { src, pat, level: 0, caps: [(0, Len::Unfinished); MAX_CAPTURES], depth: MAX_DEPTH, steps: 0, check }
    }

    /// Charges the steps not yet reported.
    pub fn flush(&mut self) -> Result<(), MatchError> {
        let steps = std::mem::take(&mut self.steps);
        (self.check)(steps)
    }

    /// Tries a match of the pattern from byte `p` at subject position `s`; the end of the
    /// match, if any. Captures are then available through [`Matcher::captures`].
    pub fn match_at(&mut self, s: usize, p: usize) -> Result<Option<usize>, MatchError> {
        self.level = 0;
        self.depth = MAX_DEPTH;
        self.do_match(s, p)
    }

    /// The captures of the last successful match `s..e` (the whole match when the
    /// pattern has none and `whole` is set).
    pub fn captures(&self, s: usize, e: usize, whole: bool) -> Result<Vec<Capture>, MatchError> {
        if self.level == 0 {
            return Ok(if whole { vec![Capture::Span(s, e)] } else { Vec::new() });
        }
        (0..self.level).map(|i| self.capture(i, s, e)).collect()
    }

    /// Capture `i` (0-based) of the match `s..e`; index 0 with no captures is the match.
    pub fn capture(&self, i: usize, s: usize, e: usize) -> Result<Capture, MatchError> {
        if i >= self.level {
            if i != 0 {
                return Err(format!("invalid capture index %{}", i + 1));
            }
            return Ok(Capture::Span(s, e));
        }
        let (init, len) = self.caps[i];
        match len {
            Len::Unfinished => Err("unfinished capture".to_string()),
            Len::Position => Ok(Capture::Position(init + 1)),
            Len::Closed(l) => Ok(Capture::Span(init, init + l)),
        }
    }

    fn p(&self, i: usize) -> u8 {
        self.pat.get(i).copied().unwrap_or(0)
    }

    fn step(&mut self) -> Result<(), MatchError> {
        self.steps += 1;
        if self.steps >= STEP_CHUNK { self.flush() } else { Ok(()) }
    }

    fn do_match(&mut self, mut s: usize, mut p: usize) -> Result<Option<usize>, MatchError> {
        if self.depth == 0 {
            return Err("pattern too complex".to_string());
        }
        self.depth -= 1;
        let result = loop {
            self.step()?;
            if p >= self.pat.len() {
                break Some(s);
            }
            match self.pat[p] {
                b'(' => {
                    break if self.p(p + 1) == b')' {
                        self.start_capture(s, p + 2, Len::Position)?
                    } else {
                        self.start_capture(s, p + 1, Len::Unfinished)?
                    };
                }
                b')' => break self.end_capture(s, p + 1)?,
                b'$' if p + 1 == self.pat.len() => break (s == self.src.len()).then_some(s),
                ESC if self.p(p + 1) == b'b' => match self.match_balance(s, p + 2)? {
                    Some(next) => {
                        s = next;
                        p += 4;
                    }
                    None => break None,
                },
                ESC if self.p(p + 1) == b'f' => {
                    p += 2;
                    if self.p(p) != b'[' {
                        return Err("missing '[' after '%f' in pattern".to_string());
                    }
                    let ep = self.class_end(p)?;
                    let prev = if s == 0 { 0 } else { self.src[s - 1] };
                    let cur = self.src.get(s).copied().unwrap_or(0);
                    if !self.bracket_class(prev, p, ep - 1) && self.bracket_class(cur, p, ep - 1) {
                        p = ep;
                    } else {
                        break None;
                    }
                }
                ESC if self.p(p + 1).is_ascii_digit() => match self.match_capture(s, self.p(p + 1))? {
                    Some(next) => {
                        s = next;
                        p += 2;
                    }
                    None => break None,
                },
                _ => {
                    let ep = self.class_end(p)?;
                    let suffix = self.p(ep);
                    if !self.single(s, p, ep) {
                        if matches!(suffix, b'*' | b'?' | b'-') {
                            p = ep + 1;
                            continue;
                        }
                        break None;
                    }
                    match suffix {
                        b'?' => match self.do_match(s + 1, ep + 1)? {
                            Some(r) => break Some(r),
                            None => p = ep + 1,
                        },
                        b'+' => break self.max_expand(s + 1, p, ep)?,
                        b'*' => break self.max_expand(s, p, ep)?,
                        b'-' => break self.min_expand(s, p, ep)?,
                        _ => {
                            s += 1;
                            p = ep;
                        }
                    }
                }
            }
        };
        self.depth += 1;
        Ok(result)
    }

    fn class_end(&self, mut p: usize) -> Result<usize, MatchError> {
        let c = self.p(p);
        p += 1;
        match c {
            ESC => {
                if p >= self.pat.len() {
                    return Err("malformed pattern (ends with '%')".to_string());
                }
                Ok(p + 1)
            }
            b'[' => {
                if self.p(p) == b'^' {
                    p += 1;
                }
                loop {
                    if p >= self.pat.len() {
                        return Err("malformed pattern (missing ']')".to_string());
                    }
                    let c = self.pat[p];
                    p += 1;
                    if c == ESC && p < self.pat.len() {
                        p += 1;
                    }
                    if self.p(p) == b']' {
                        break;
                    }
                }
                Ok(p + 1)
            }
            _ => Ok(p),
        }
    }

    fn single(&self, s: usize, p: usize, ep: usize) -> bool {
        let Some(&c) = self.src.get(s) else {
            return false;
        };
        match self.pat[p] {
            b'.' => true,
            ESC => class(c, self.p(p + 1)),
            b'[' => self.bracket_class(c, p, ep - 1),
            other => other == c,
        }
    }

    /// `[...]` at `p` with its closing `]` at `ec`.
    fn bracket_class(&self, c: u8, mut p: usize, ec: usize) -> bool {
        let mut sig = true;
        if self.p(p + 1) == b'^' {
            sig = false;
            p += 1;
        }
        p += 1;
        while p < ec {
            if self.pat[p] == ESC {
                p += 1;
                if class(c, self.p(p)) {
                    return sig;
                }
            } else if self.p(p + 1) == b'-' && p + 2 < ec {
                if self.pat[p] <= c && c <= self.pat[p + 2] {
                    return sig;
                }
                p += 2;
            } else if self.pat[p] == c {
                return sig;
            }
            p += 1;
        }
        !sig
    }

    fn match_balance(&mut self, s: usize, p: usize) -> Result<Option<usize>, MatchError> {
        if p + 1 >= self.pat.len() {
            return Err("malformed pattern (missing arguments to '%b')".to_string());
        }
        let (open, close) = (self.pat[p], self.pat[p + 1]);
        if self.src.get(s) != Some(&open) {
            return Ok(None);
        }
        let mut depth = 1;
        for i in s + 1..self.src.len() {
            self.step()?;
            let c = self.src[i];
            if c == close {
                depth -= 1;
                if depth == 0 {
                    return Ok(Some(i + 1));
                }
            } else if c == open {
                depth += 1;
            }
        }
        Ok(None)
    }

    fn max_expand(&mut self, s: usize, p: usize, ep: usize) -> Result<Option<usize>, MatchError> {
        let mut i = 0;
        while self.single(s + i, p, ep) {
            self.step()?;
            i += 1;
        }
        loop {
            if let Some(r) = self.do_match(s + i, ep + 1)? {
                return Ok(Some(r));
            }
            if i == 0 {
                return Ok(None);
            }
            i -= 1;
        }
    }

    fn min_expand(&mut self, mut s: usize, p: usize, ep: usize) -> Result<Option<usize>, MatchError> {
        loop {
            if let Some(r) = self.do_match(s, ep + 1)? {
                return Ok(Some(r));
            }
            if !self.single(s, p, ep) {
                return Ok(None);
            }
            s += 1;
        }
    }

    fn start_capture(&mut self, s: usize, p: usize, what: Len) -> Result<Option<usize>, MatchError> {
        if self.level >= MAX_CAPTURES {
            return Err("too many captures".to_string());
        }
        self.caps[self.level] = (s, what);
        self.level += 1;
        let r = self.do_match(s, p)?;
        if r.is_none() {
            self.level -= 1;
        }
        Ok(r)
    }

    fn end_capture(&mut self, s: usize, p: usize) -> Result<Option<usize>, MatchError> {
        let l = (0..self.level)
            .rev()
            .find(|&l| matches!(self.caps[l].1, Len::Unfinished))
            .ok_or_else(|| "invalid pattern capture".to_string())?;
        self.caps[l].1 = Len::Closed(s - self.caps[l].0);
        let r = self.do_match(s, p)?;
        if r.is_none() {
            self.caps[l].1 = Len::Unfinished;
        }
        Ok(r)
    }

    fn match_capture(&mut self, s: usize, digit: u8) -> Result<Option<usize>, MatchError> {
        let l = usize::from(digit - b'0');
        let bad = || format!("invalid capture index %{l}");
        let idx = l.checked_sub(1).filter(|&i| i < self.level).ok_or_else(bad)?;
        let (init, len) = match self.caps[idx] {
            (_, Len::Unfinished) => return Err(bad()),
            // As in C, a position capture has a "length" no subject can match.
            (_, Len::Position) => return Ok(None),
            (init, Len::Closed(len)) => (init, len),
        };
        let ok = self.src.len() - s >= len && self.src[init..init + len] == self.src[s..s + len];
        Ok(ok.then_some(s + len))
    }
}

/// `%a`-style classes in the C locale; a non-letter stands for itself.
fn class(c: u8, cl: u8) -> bool {
    let res = match cl.to_ascii_lowercase() {
        b'a' => c.is_ascii_alphabetic(),
        b'c' => c.is_ascii_control(),
        b'd' => c.is_ascii_digit(),
        b'g' => c.is_ascii_graphic(),
        b'l' => c.is_ascii_lowercase(),
        b'p' => c.is_ascii_punctuation(),
        b's' => c.is_ascii_whitespace() || c == 0x0B,
        b'u' => c.is_ascii_uppercase(),
        b'w' => c.is_ascii_alphanumeric(),
        b'x' => c.is_ascii_hexdigit(),
        b'z' => c == 0, // deprecated in Lua, still accepted
        _ => return cl == c,
    };
    if cl.is_ascii_uppercase() { !res } else { res }
}

/// Whether `pat` has no magic characters (so `find` may search it plainly).
pub fn is_plain(pat: &[u8]) -> bool {
    !pat.iter().any(|c| SPECIALS.contains(c))
}

/// Lua's `posrelatI`: a 1-based start position from a possibly negative index.
pub fn start_index(pos: i64, len: usize) -> usize {
    let len_i = i64::try_from(len).unwrap_or(i64::MAX);
    if pos > 0 {
        usize::try_from(pos).unwrap_or(usize::MAX)
    } else if pos == 0 || pos < -len_i {
        1
    } else {
        len - usize::try_from(-pos).unwrap_or(0) + 1
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `string.find(src, pat)` without the plain shortcut: (start, end) 1-based.
    fn find(src: &str, pat: &str) -> Result<Option<(usize, usize, Vec<Capture>)>, MatchError> {
        let mut ok = |_| Ok(());
        let (anchor, p0) = if pat.starts_with('^') { (true, 1) } else { (false, 0) };
        let mut m = Matcher::new(src.as_bytes(), pat.as_bytes(), &mut ok);
        for s in 0..=src.len() {
            if let Some(e) = m.match_at(s, p0)? {
                return Ok(Some((s + 1, e, m.captures(s, e, false)?)));
            }
            if anchor {
                break;
            }
        }
        Ok(None)
    }

    #[test]
    fn matches_like_lua() {
        assert_eq!(find("hello world", "o w").unwrap().map(|f| (f.0, f.1)), Some((5, 7)));
        assert_eq!(find("hello", "l+").unwrap().map(|f| (f.0, f.1)), Some((3, 4)));
        assert_eq!(find("hello", "^h").unwrap().map(|f| (f.0, f.1)), Some((1, 1)));
        assert_eq!(find("hello", "^e").unwrap(), None);
        assert_eq!(find("hello", "o$").unwrap().map(|f| (f.0, f.1)), Some((5, 5)));
        assert_eq!(
            find("key = value", "(%w+)%s*=%s*(%w+)").unwrap().unwrap().2,
            vec![Capture::Span(0, 3), Capture::Span(6, 11)]
        );
        assert_eq!(find("f(a(b)c)d", "%b()").unwrap().map(|f| (f.0, f.1)), Some((2, 8)));
        assert_eq!(find("THE (quick) fox", "%f[%a]%a+").unwrap().map(|f| (f.0, f.1)), Some((1, 3)));
        assert_eq!(find("abcabc", "(abc)%1").unwrap().map(|f| (f.0, f.1)), Some((1, 6)));
        assert_eq!(find("a,b", "()").unwrap().unwrap().2, vec![Capture::Position(1)]);
        assert_eq!(find("x = 10.5", "[%d%.]+").unwrap().map(|f| (f.0, f.1)), Some((5, 8)));
        assert_eq!(find("aaab", "a-b").unwrap().map(|f| (f.0, f.1)), Some((1, 4)));
        assert_eq!(find("]", "[]]").unwrap().map(|f| (f.0, f.1)), Some((1, 1)));
        assert_eq!(find("a-z", "[a%-]+").unwrap().map(|f| (f.0, f.1)), Some((1, 2)));
        assert_eq!(find("\x0b", "%s").unwrap().map(|f| (f.0, f.1)), Some((1, 1)));
        assert_eq!(find("abc", "[^a]").unwrap().map(|f| (f.0, f.1)), Some((2, 2)));
    }

    #[test]
    fn malformed_patterns_are_errors() {
        assert_eq!(find("x", "%").unwrap_err(), "malformed pattern (ends with '%')");
        assert_eq!(find("x", "[a").unwrap_err(), "malformed pattern (missing ']')");
        assert_eq!(find("x", "(").unwrap_err(), "unfinished capture");
        assert_eq!(find("x", ")").unwrap_err(), "invalid pattern capture");
        assert_eq!(find("x", "%1").unwrap_err(), "invalid capture index %1");
        assert_eq!(find("xb", "()b%1"), Ok(None));
        assert_eq!(find("x", "%b").unwrap_err(), "malformed pattern (missing arguments to '%b')");
        assert_eq!(find("x", "%f").unwrap_err(), "missing '[' after '%f' in pattern");
    }

    #[test]
    fn backtracking_is_charged_and_stoppable() {
        let src = "a".repeat(40);
        let pat = "a?".repeat(40) + &"a".repeat(40);
        let mut spent = 0i64;
        let mut check = |n: i64| {
            spent += n;
            if spent > 1_000_000 { Err("stopped".to_string()) } else { Ok(()) }
        };
        let mut m = Matcher::new(src.as_bytes(), pat.as_bytes(), &mut check);
        assert_eq!(m.match_at(0, 0), Err("stopped".to_string()));
    }

    #[test]
    fn start_positions() {
        assert_eq!(start_index(1, 5), 1);
        assert_eq!(start_index(0, 5), 1);
        assert_eq!(start_index(-2, 5), 4);
        assert_eq!(start_index(-9, 5), 1);
        assert_eq!(start_index(9, 5), 9);
    }
}
