//! `string.find`, `match`, `gmatch` and `gsub` on [`crate::lua::pattern`], so that pattern
//! work counts against the instruction budget and every limit can stop it.

use crate::lua::errors::lib_error;
use crate::lua::pattern::{Capture, Matcher, is_plain, start_index};
use crate::lua::sandbox;
use mlua::{Function, Lua, LuaString, MultiValue, Table, Value, Variadic};

/// Replaces the four pattern functions of the state's `string` table.
pub(crate) fn install(lua: &Lua) -> mlua::Result<()> {
    let string: Table = lua.globals().raw_get("string")?;
    string
        .raw_set("find", lua.create_function(|lua, a: MultiValue| find_aux(lua, &Args::new(lua, "find", a), true))?)?;
    string.raw_set(
        "match",
        lua.create_function(|lua, a: MultiValue| find_aux(lua, &Args::new(lua, "match", a), false))?,
    )?;
    string.raw_set("gmatch", lua.create_function(|lua, a: MultiValue| gmatch(lua, &Args::new(lua, "gmatch", a)))?)?;
    string.raw_set("gsub", lua.create_function(|lua, a: MultiValue| gsub(lua, &Args::new(lua, "gsub", a)))?)?;
    Ok(())
}

/// A library function's arguments, checked as `luaL_check*` does, with its messages.
struct Args<'a> {
    lua: &'a Lua,
    name: &'static str,
    values: MultiValue,
}

impl<'a> Args<'a> {
    fn new(lua: &'a Lua, name: &'static str, values: MultiValue) -> Args<'a> {
        Args { lua, name, values }
    }

    fn get(&self, n: usize) -> Option<&Value> {
        self.values.get(n - 1)
    }

    /// `bad argument #n to 'name' (extra)`, numbered and named as `luaL_argerror` does.
    fn error(&self, n: usize, extra: &str) -> mlua::Error {
        let (name, what) = self
            .lua
            .inspect_stack(0, |d| {
                let names = d.names();
                (names.name.map(|s| s.into_owned()), names.name_what.map(|s| s.to_owned()))
            })
            .unwrap_or_default();
        let method = what.as_deref() == Some("method");
        let name = name.unwrap_or_else(|| format!("string.{}", self.name));
        match (method, n) {
            (true, 1) => lib_error(self.lua, format!("calling '{name}' on bad self ({extra})")),
            (true, n) => lib_error(self.lua, format!("bad argument #{} to '{name}' ({extra})", n - 1)),
            (false, n) => lib_error(self.lua, format!("bad argument #{n} to '{name}' ({extra})")),
        }
    }

    fn got(&self, n: usize) -> String {
        match self.get(n) {
            None => "no value".to_string(),
            Some(Value::Integer(_) | Value::Number(_)) => "number".to_string(),
            Some(Value::LightUserData(_)) => "light userdata".to_string(),
            Some(v) => v.type_name().to_string(),
        }
    }

    /// A string argument (numbers are converted, as Lua does).
    fn string(&self, n: usize) -> mlua::Result<LuaString> {
        match self.get(n) {
            Some(Value::String(s)) => Ok(s.clone()),
            Some(v @ (Value::Integer(_) | Value::Number(_))) => {
                self.lua.coerce_string(v.clone())?.ok_or_else(|| self.error(n, "string expected"))
            }
            _ => Err(self.error(n, &format!("string expected, got {}", self.got(n)))),
        }
    }

    /// An optional integer argument (`default` when absent or nil).
    fn opt_integer(&self, n: usize, default: i64) -> mlua::Result<i64> {
        match self.get(n) {
            None | Some(Value::Nil) => Ok(default),
            Some(Value::Integer(i)) => Ok(*i),
            Some(v @ (Value::Number(_) | Value::String(_))) => match self.lua.coerce_integer(v.clone())? {
                Some(i) => Ok(i),
                None if matches!(v, Value::Number(_)) || self.lua.coerce_number(v.clone())?.is_some() => {
                    Err(self.error(n, "number has no integer representation"))
                }
                None => Err(self.error(n, &format!("number expected, got {}", self.got(n)))),
            },
            _ => Err(self.error(n, &format!("number expected, got {}", self.got(n)))),
        }
    }
}

/// A failed match as Lua raises it: a located message, or a tripped limit as it stands.
fn fail(lua: &Lua, message: String) -> mlua::Error {
    match sandbox::guard_of(lua).and_then(|g| g.tripped()) {
        Some(_) => mlua::Error::runtime(message),
        None => lib_error(lua, message),
    }
}

/// The checker a matcher reports its steps to: the sandbox's budget, if any.
fn checker(lua: &Lua) -> impl FnMut(i64) -> Result<(), String> + use<> {
    let guard = sandbox::guard_of(lua);
    let lua = lua.clone();
    move |steps| match &guard {
        Some(g) => g.charge(steps, || sandbox::caller_location(&lua)),
        None => Ok(()),
    }
}

fn push_capture(lua: &Lua, src: &[u8], c: Capture) -> mlua::Result<Value> {
    Ok(match c {
        Capture::Span(s, e) => Value::String(lua.create_string(&src[s..e])?),
        Capture::Position(i) => Value::Integer(i as i64),
    })
}

fn captures(lua: &Lua, m: &Matcher, src: &[u8], s: usize, e: usize, whole: bool) -> mlua::Result<MultiValue> {
    let caps = m.captures(s, e, whole).map_err(|e| fail(lua, e))?;
    caps.into_iter().map(|c| push_capture(lua, src, c)).collect()
}

fn find_aux(lua: &Lua, args: &Args, find: bool) -> mlua::Result<MultiValue> {
    let (s, p) = (args.string(1)?, args.string(2)?);
    let (src, pat) = (s.as_bytes(), p.as_bytes());
    let init = start_index(args.opt_integer(3, 1)?, src.len()) - 1;
    if init > src.len() {
        return Ok(MultiValue::from_iter([Value::Nil]));
    }
    let plain = args.get(4).is_some_and(|v| !matches!(v, Value::Nil | Value::Boolean(false)));
    let mut check = checker(lua);
    if find && (plain || is_plain(&pat)) {
        check(i64::try_from(src.len() - init).unwrap_or(i64::MAX) / 16).map_err(|e| fail(lua, e))?;
        let found = if pat.is_empty() { Some(0) } else { src[init..].windows(pat.len()).position(|w| w == &pat[..]) };
        return Ok(match found {
            Some(at) => MultiValue::from_iter([
                Value::Integer((init + at + 1) as i64),
                Value::Integer((init + at + pat.len()) as i64),
            ]),
            None => MultiValue::from_iter([Value::Nil]),
        });
    }
    let anchor = pat.first() == Some(&b'^');
    let p0 = usize::from(anchor);
    let mut m = Matcher::new(&src, &pat, &mut check);
    let mut start = init;
    loop {
        if let Some(e) = m.match_at(start, p0).map_err(|e| fail(lua, e))? {
            m.flush().map_err(|e| fail(lua, e))?;
            if find {
                let mut out = MultiValue::from_iter([Value::Integer(start as i64 + 1), Value::Integer(e as i64)]);
                out.extend(captures(lua, &m, &src, start, e, false)?);
                return Ok(out);
            }
            return captures(lua, &m, &src, start, e, true);
        }
        start += 1;
        if start > src.len() || anchor {
            break;
        }
    }
    m.flush().map_err(|e| fail(lua, e))?;
    Ok(MultiValue::from_iter([Value::Nil]))
}

fn gmatch(lua: &Lua, args: &Args) -> mlua::Result<Function> {
    let (s, p) = (args.string(1)?, args.string(2)?);
    let len = s.as_bytes().len();
    let mut pos = (start_index(args.opt_integer(3, 1)?, len) - 1).min(len + 1);
    let mut last: Option<usize> = None;
    lua.create_function_mut(move |lua, ()| {
        let (src, pat) = (s.as_bytes(), p.as_bytes());
        let mut check = checker(lua);
        let mut m = Matcher::new(&src, &pat, &mut check);
        while pos <= src.len() {
            let start = pos;
            pos += 1;
            if let Some(e) = m.match_at(start, 0).map_err(|e| fail(lua, e))?
                && Some(e) != last
            {
                pos = e;
                last = Some(e);
                m.flush().map_err(|e| fail(lua, e))?;
                return captures(lua, &m, &src, start, e, true);
            }
        }
        m.flush().map_err(|e| fail(lua, e))?;
        Ok(MultiValue::new())
    })
}

fn gsub(lua: &Lua, args: &Args) -> mlua::Result<(Value, i64)> {
    let (s, p) = (args.string(1)?, args.string(2)?);
    let repl = args.get(3).cloned().unwrap_or(Value::Nil);
    if !matches!(repl, Value::Integer(_) | Value::Number(_) | Value::String(_) | Value::Table(_) | Value::Function(_)) {
        return Err(args.error(3, &format!("string/function/table expected, got {}", args.got(3))));
    }
    let (src, pat) = (s.as_bytes(), p.as_bytes());
    let max = args.opt_integer(4, src.len() as i64 + 1)?;
    let anchor = pat.first() == Some(&b'^');
    let p0 = usize::from(anchor);
    let repl_text = match &repl {
        Value::String(t) => Some(t.as_bytes().to_vec()),
        Value::Integer(_) | Value::Number(_) => lua.coerce_string(repl.clone())?.map(|t| t.as_bytes().to_vec()),
        _ => None,
    };
    let room = sandbox::memory_room(lua);
    let mut out: Vec<u8> = Vec::new();
    let mut check = checker(lua);
    let mut m = Matcher::new(&src, &pat, &mut check);
    let (mut at, mut n, mut changed, mut last) = (0usize, 0i64, false, None);
    while n < max {
        let found = m.match_at(at, p0).map_err(|e| fail(lua, e))?;
        match found {
            Some(e) if Some(e) != last => {
                n += 1;
                changed |= add_value(lua, &m, &src, at, e, &repl, repl_text.as_deref(), &mut out)?;
                at = e;
                last = Some(e);
            }
            _ if at < src.len() => {
                out.push(src[at]);
                at += 1;
            }
            _ => break,
        }
        if out.len() > room {
            return Err(mlua::Error::MemoryError("not enough memory".to_string()));
        }
        if anchor {
            break;
        }
    }
    m.flush().map_err(|e| fail(lua, e))?;
    if !changed {
        return Ok((Value::String(s.clone()), n));
    }
    out.extend_from_slice(&src[at..]);
    if out.len() > room {
        return Err(mlua::Error::MemoryError("not enough memory".to_string()));
    }
    Ok((Value::String(lua.create_string(&out)?), n))
}

/// Appends the replacement of match `s..e`; whether it changed the text.
#[allow(clippy::too_many_arguments)]
fn add_value(
    lua: &Lua,
    m: &Matcher,
    src: &[u8],
    s: usize,
    e: usize,
    repl: &Value,
    text: Option<&[u8]>,
    out: &mut Vec<u8>,
) -> mlua::Result<bool> {
    let value = match repl {
        Value::Function(f) => f.call::<Value>(Variadic::from_iter(captures(lua, m, src, s, e, true)?))?,
        Value::Table(t) => {
            let key = m.capture(0, s, e).map_err(|e| fail(lua, e))?;
            t.get::<Value>(push_capture(lua, src, key)?)?
        }
        _ => {
            add_text(lua, m, src, s, e, text.unwrap_or_default(), out)?;
            return Ok(true);
        }
    };
    match value {
        Value::Nil | Value::Boolean(false) => {
            out.extend_from_slice(&src[s..e]);
            Ok(false)
        }
        Value::String(v) => {
            out.extend_from_slice(&v.as_bytes());
            Ok(true)
        }
        v @ (Value::Integer(_) | Value::Number(_)) => {
            if let Some(t) = lua.coerce_string(v)? {
                out.extend_from_slice(&t.as_bytes());
            }
            Ok(true)
        }
        other => Err(lib_error(lua, format!("invalid replacement value (a {})", other.type_name()))),
    }
}

/// A replacement string with `%0`–`%9` and `%%`.
fn add_text(
    lua: &Lua,
    m: &Matcher,
    src: &[u8],
    s: usize,
    e: usize,
    text: &[u8],
    out: &mut Vec<u8>,
) -> mlua::Result<()> {
    let mut i = 0;
    while i < text.len() {
        let c = text[i];
        i += 1;
        if c != b'%' {
            out.push(c);
            continue;
        }
        let d = text.get(i).copied().unwrap_or(0);
        i += 1;
        match d {
            b'%' => out.push(b'%'),
            b'0' => out.extend_from_slice(&src[s..e]),
            b'1'..=b'9' => match m.capture(usize::from(d - b'1'), s, e).map_err(|e| fail(lua, e))? {
                Capture::Span(a, b) => out.extend_from_slice(&src[a..b]),
                Capture::Position(p) => out.extend_from_slice(p.to_string().as_bytes()),
            },
            _ => return Err(lib_error(lua, "invalid use of '%' in replacement string")),
        }
    }
    Ok(())
}
