//! `string.find`, `match`, `gmatch` and `gsub` on [`crate::lua::pattern`], so that pattern
//! work counts against the instruction budget and every limit can stop it.

use crate::lua::pattern::{Capture, Matcher, is_plain, start_index};
use crate::lua::sandbox;
use mlua::{Function, Lua, LuaString, MultiValue, Table, Value, Variadic};

/// Replaces the four pattern functions of the state's `string` table.
pub(crate) fn install(lua: &Lua) -> mlua::Result<()> {
    let string: Table = lua.globals().raw_get("string")?;
    string.raw_set("find", lua.create_function(|lua, a: FindArgs| find_aux(lua, a, true))?)?;
    string.raw_set("match", lua.create_function(|lua, a: FindArgs| find_aux(lua, a, false))?)?;
    string.raw_set("gmatch", lua.create_function(gmatch)?)?;
    string.raw_set("gsub", lua.create_function(gsub)?)?;
    Ok(())
}

type FindArgs = (LuaString, LuaString, Option<i64>, Option<Value>);

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
    let caps = m.captures(s, e, whole).map_err(mlua::Error::runtime)?;
    caps.into_iter().map(|c| push_capture(lua, src, c)).collect()
}

fn find_aux(lua: &Lua, (s, p, init, plain): FindArgs, find: bool) -> mlua::Result<MultiValue> {
    let (src, pat) = (s.as_bytes(), p.as_bytes());
    let init = start_index(init.unwrap_or(1), src.len()) - 1;
    if init > src.len() {
        return Ok(MultiValue::from_iter([Value::Nil]));
    }
    let plain = plain.is_some_and(|v| !matches!(v, Value::Nil | Value::Boolean(false)));
    let mut check = checker(lua);
    if find && (plain || is_plain(&pat)) {
        check(i64::try_from(src.len() - init).unwrap_or(i64::MAX) / 16).map_err(mlua::Error::runtime)?;
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
        if let Some(e) = m.match_at(start, p0).map_err(mlua::Error::runtime)? {
            m.flush().map_err(mlua::Error::runtime)?;
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
    m.flush().map_err(mlua::Error::runtime)?;
    Ok(MultiValue::from_iter([Value::Nil]))
}

fn gmatch(lua: &Lua, (s, p, init): (LuaString, LuaString, Option<i64>)) -> mlua::Result<Function> {
    let len = s.as_bytes().len();
    let mut pos = (start_index(init.unwrap_or(1), len) - 1).min(len + 1);
    let mut last: Option<usize> = None;
    lua.create_function_mut(move |lua, ()| {
        let (src, pat) = (s.as_bytes(), p.as_bytes());
        let mut check = checker(lua);
        let mut m = Matcher::new(&src, &pat, &mut check);
        while pos <= src.len() {
            let start = pos;
            pos += 1;
            if let Some(e) = m.match_at(start, 0).map_err(mlua::Error::runtime)?
                && Some(e) != last
            {
                pos = e;
                last = Some(e);
                m.flush().map_err(mlua::Error::runtime)?;
                return captures(lua, &m, &src, start, e, true);
            }
        }
        m.flush().map_err(mlua::Error::runtime)?;
        Ok(MultiValue::new())
    })
}

fn gsub(lua: &Lua, (s, p, repl, max): (LuaString, LuaString, Value, Option<i64>)) -> mlua::Result<(Value, i64)> {
    if !matches!(repl, Value::Integer(_) | Value::Number(_) | Value::String(_) | Value::Table(_) | Value::Function(_)) {
        return Err(mlua::Error::runtime(format!(
            "bad argument #3 to 'gsub' (string/function/table expected, got {})",
            repl.type_name()
        )));
    }
    let (src, pat) = (s.as_bytes(), p.as_bytes());
    let max = max.unwrap_or(src.len() as i64 + 1);
    let anchor = pat.first() == Some(&b'^');
    let p0 = usize::from(anchor);
    let repl_text = match &repl {
        Value::String(t) => Some(t.as_bytes().to_vec()),
        Value::Integer(_) | Value::Number(_) => Some(repl.to_string()?.into_bytes()),
        _ => None,
    };
    let room = sandbox::memory_room(lua);
    let mut out: Vec<u8> = Vec::new();
    let mut check = checker(lua);
    let mut m = Matcher::new(&src, &pat, &mut check);
    let (mut at, mut n, mut changed, mut last) = (0usize, 0i64, false, None);
    while n < max {
        let found = m.match_at(at, p0).map_err(mlua::Error::runtime)?;
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
    m.flush().map_err(mlua::Error::runtime)?;
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
            let key = m.capture(0, s, e).map_err(mlua::Error::runtime)?;
            t.get::<Value>(push_capture(lua, src, key)?)?
        }
        _ => {
            add_text(m, src, s, e, text.unwrap_or_default(), out)?;
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
            out.extend_from_slice(v.to_string()?.as_bytes());
            Ok(true)
        }
        other => Err(mlua::Error::runtime(format!("invalid replacement value (a {})", other.type_name()))),
    }
}

/// A replacement string with `%0`–`%9` and `%%`.
fn add_text(m: &Matcher, src: &[u8], s: usize, e: usize, text: &[u8], out: &mut Vec<u8>) -> mlua::Result<()> {
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
            b'1'..=b'9' => match m.capture(usize::from(d - b'1'), s, e).map_err(mlua::Error::runtime)? {
                Capture::Span(a, b) => out.extend_from_slice(&src[a..b]),
                Capture::Position(p) => out.extend_from_slice(p.to_string().as_bytes()),
            },
            _ => return Err(mlua::Error::runtime("invalid use of '%' in replacement string")),
        }
    }
    Ok(())
}
