//! Keeping `local` across REPL lines: each line is its own chunk, so a top-level
//! `local region = …` would be gone on the next line. The REPL rewrites top-level `local`
//! declarations into assignments of the session's globals (as several Lua REPLs do);
//! locals inside functions and blocks are left alone.

/// The chunk with its top-level `local` declarations turned into global assignments:
/// `local a, b = 1, 2` → `a, b = 1, 2`; `local x` → `x = nil`; `local function f` →
/// `function f`; attributes (`<const>`, `<close>`) are dropped.
///
/// ```
/// use vpclab::repl::locals::globalize;
/// assert_eq!(globalize("local r = aws.region()"), "r = aws.region()");
/// assert_eq!(globalize("local x"), "x = nil");
/// assert_eq!(globalize("function f() local y = 1 end"), "function f() local y = 1 end");
/// ```
pub fn globalize(src: &str) -> String {
    let tokens = tokens(src);
    let mut out = String::with_capacity(src.len());
    let mut copied = 0;
    let mut depth = 0usize;
    let mut i = 0;
    while i < tokens.len() {
        let t = &tokens[i];
        let word = &src[t.start..t.end];
        if t.name && depth == 0 && word == "local" {
            out.push_str(&src[copied..t.start]);
            copied = skip_space(src, t.end);
            i += 1;
            if tokens.get(i).is_some_and(|n| n.name && &src[n.start..n.end] == "function") {
                continue;
            }
            // The name list: names, commas and attributes, up to `=` or the statement's end.
            let mut last = None;
            while let Some(n) = tokens.get(i) {
                let text = &src[n.start..n.end];
                if n.name {
                    last = Some(n.end);
                    i += 1;
                } else if text == "," {
                    i += 1;
                } else if text == "<" && tokens.get(i + 2).is_some_and(|c| &src[c.start..c.end] == ">") {
                    let from = last.unwrap_or(n.start).max(copied);
                    out.push_str(&src[copied..from]);
                    copied = tokens[i + 2].end;
                    i += 3;
                } else {
                    break;
                }
            }
            let assigned = tokens.get(i).is_some_and(|n| &src[n.start..n.end] == "=");
            if let (false, Some(end)) = (assigned, last) {
                out.push_str(&src[copied..end]);
                out.push_str(" = nil");
                copied = end;
            }
            continue;
        }
        if t.name {
            match word {
                "function" | "if" | "do" | "repeat" => depth += 1,
                "end" | "until" => depth = depth.saturating_sub(1),
                _ => {}
            }
        }
        i += 1;
    }
    out.push_str(&src[copied..]);
    out
}

fn skip_space(src: &str, mut at: usize) -> usize {
    while src.as_bytes().get(at).is_some_and(|b| b.is_ascii_whitespace()) {
        at += 1;
    }
    at
}

/// A token's span and whether it is a name or keyword.
struct Token {
    start: usize,
    end: usize,
    name: bool,
}

/// The tokens of a chunk, without comments, strings' insides or whitespace.
fn tokens(src: &str) -> Vec<Token> {
    let b = src.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < b.len() {
        let c = b[i];
        if c.is_ascii_whitespace() {
            i += 1;
        } else if c == b'-' && b.get(i + 1) == Some(&b'-') {
            i = match long_bracket(b, i + 2) {
                Some(end) => end,
                None => b[i..].iter().position(|&x| x == b'\n').map_or(b.len(), |p| i + p),
            };
        } else if c == b'"' || c == b'\'' {
            let start = i;
            i += 1;
            while i < b.len() && b[i] != c {
                i += if b[i] == b'\\' { 2 } else { 1 };
            }
            i = (i + 1).min(b.len());
            out.push(Token { start, end: i, name: false });
        } else if c == b'[' && long_bracket(b, i).is_some() {
            let start = i;
            i = long_bracket(b, i).unwrap_or(b.len());
            out.push(Token { start, end: i, name: false });
        } else if c.is_ascii_alphabetic() || c == b'_' {
            let start = i;
            while i < b.len() && (b[i].is_ascii_alphanumeric() || b[i] == b'_') {
                i += 1;
            }
            out.push(Token { start, end: i, name: true });
        } else if c.is_ascii_digit() {
            let start = i;
            while i < b.len() && (b[i].is_ascii_alphanumeric() || b[i] == b'.' || b[i] == b'_') {
                i += 1;
            }
            out.push(Token { start, end: i, name: false });
        } else {
            let start = i;
            i += src[i..].chars().next().map_or(1, char::len_utf8);
            out.push(Token { start, end: i, name: false });
        }
    }
    out
}

/// The end of a long bracket (`[[…]]`, `[==[…]==]`) opening at `at`, if one opens there.
fn long_bracket(b: &[u8], at: usize) -> Option<usize> {
    if b.get(at) != Some(&b'[') {
        return None;
    }
    let level = b[at + 1..].iter().take_while(|&&x| x == b'=').count();
    if b.get(at + 1 + level) != Some(&b'[') {
        return None;
    }
    let close: Vec<u8> = std::iter::once(b']').chain(std::iter::repeat_n(b'=', level)).chain([b']']).collect();
    let body = at + 2 + level;
    Some(b[body..].windows(close.len()).position(|w| w == close.as_slice()).map_or(b.len(), |p| body + p + close.len()))
}

#[cfg(test)]
mod tests {
    use super::globalize;

    #[test]
    fn top_level_locals_become_globals() {
        assert_eq!(globalize("local a, b = 1, 2"), "a, b = 1, 2");
        assert_eq!(globalize("local a, b"), "a, b = nil");
        assert_eq!(globalize("local function f() return 1 end"), "function f() return 1 end");
        assert_eq!(globalize("local x <const> = 5"), "x = 5");
        assert_eq!(globalize("local v = 1 local w = v + 1"), "v = 1 w = v + 1");
        assert_eq!(globalize("do local x = 1 end local y = 2"), "do local x = 1 end y = 2");
        assert_eq!(globalize("for i = 1, 2 do local z = i end"), "for i = 1, 2 do local z = i end");
        assert_eq!(globalize("if a then local q = 1 end"), "if a then local q = 1 end");
    }

    #[test]
    fn strings_and_comments_are_not_code() {
        assert_eq!(globalize("local s = 'local x' -- local y"), "s = 'local x' -- local y");
        assert_eq!(globalize("local s = [[ end local ]] local t = 1"), "s = [[ end local ]] t = 1");
        assert_eq!(globalize("--[[ function ]] local u = 1"), "--[[ function ]] u = 1");
    }
}
