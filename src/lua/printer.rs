//! Stable rendering of Lua values for the REPL: tables with sorted keys, nested up to a
//! depth, cycle-safe, read with raw access. The only metamethod called is `__tostring`
//! (on userdata, and on a table printed at top level, e.g. a bill or a trace report).
//!
//! Rendering is bounded: [`MAX_DEPTH`] levels, [`MAX_ITEMS`] entries per table,
//! [`MAX_TOTAL_ITEMS`] entries in all and a byte budget, so a table shared many ways
//! renders as a short prefix ending in `…` instead of growing without end.

use mlua::{Table, Value};
use std::cmp::Ordering;
use std::collections::HashSet;

/// Nesting levels shown.
pub const MAX_DEPTH: usize = 4;
/// Entries shown per table.
pub const MAX_ITEMS: usize = 200;
/// Entries shown in one rendering, all tables together.
pub const MAX_TOTAL_ITEMS: usize = 4000;
/// Bytes one rendering may produce (before the output cap, which also applies).
pub const MAX_BYTES: usize = 64 << 10;
const LINE_WIDTH: usize = 72;
const ELLIPSIS: &str = "…";

/// Renders a value as the REPL shows a result: strings bare, tables as sorted literals.
pub fn render(v: &Value) -> mlua::Result<String> {
    render_within(v, MAX_BYTES)
}

/// [`render`] within a byte budget (at most about `bytes`, cut with `…`).
pub fn render_within(v: &Value, bytes: usize) -> mlua::Result<String> {
    match v {
        Value::String(s) => Ok(prefix(&s.as_bytes(), bytes)),
        Value::Table(t) if has_tostring(t) => Ok(prefix(v.to_string()?.as_bytes(), bytes)),
        Value::Table(t) => match records(t)? {
            Some(text) => Ok(prefix(text.as_bytes(), bytes)),
            None => Printer::new(bytes).value(v, 0),
        },
        _ => Printer::new(bytes).value(v, 0),
    }
}

/// The first `bytes` bytes (lossy UTF-8), `…` marking a cut.
fn prefix(b: &[u8], bytes: usize) -> String {
    if b.len() <= bytes {
        return String::from_utf8_lossy(b).into_owned();
    }
    format!("{}{ELLIPSIS}", String::from_utf8_lossy(&b[..bytes]))
}

/// Replaces control characters other than newline and tab by Lua escapes (`\27`), so a
/// result or an error line cannot drive the terminal (retitle it, write the clipboard).
pub fn escape_controls(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '\n' | '\t' => out.push(c),
            c if c.is_control() => out.push_str(&format!("\\{}", c as u32)),
            c => out.push(c),
        }
    }
    out
}

/// Lua's `tostring` of a number (`%.14g`, floats with an integral value end in `.0`).
pub fn number(n: f64) -> String {
    if n.is_nan() {
        return if n.is_sign_negative() { "-nan" } else { "nan" }.to_string();
    }
    if n.is_infinite() {
        return if n > 0.0 { "inf" } else { "-inf" }.to_string();
    }
    let sci = format!("{n:.13e}");
    let (mantissa, exp) = sci.split_once('e').unwrap_or((&sci, "0"));
    let exp: i32 = exp.parse().unwrap_or(0);
    let s = if !(-4..14).contains(&exp) {
        let m = trim_zeros(mantissa);
        format!("{m}e{}{:02}", if exp < 0 { '-' } else { '+' }, exp.abs())
    } else {
        let decimals = usize::try_from(13 - exp).unwrap_or(0);
        trim_zeros(&format!("{n:.decimals$}")).to_string()
    };
    if s.bytes().all(|b| b.is_ascii_digit() || b == b'-') { format!("{s}.0") } else { s }
}

fn trim_zeros(s: &str) -> &str {
    if s.contains('.') { s.trim_end_matches('0').trim_end_matches('.') } else { s }
}

/// A list of flat records (route rows, ACL entries, rules) as an aligned table, one row
/// per record and one column per key (sorted); a handle shows as its id. `None` when
/// `t` is not such a list.
fn records(t: &Table) -> mlua::Result<Option<String>> {
    let n = t.raw_len();
    if n == 0 || n > MAX_ITEMS || t.pairs::<Value, Value>().count() != n {
        return Ok(None);
    }
    let mut rows: Vec<Vec<(String, String)>> = Vec::with_capacity(n);
    for row in t.sequence_values::<Value>() {
        let Value::Table(row) = row? else { return Ok(None) };
        let mut cells = Vec::new();
        for pair in row.pairs::<Value, Value>() {
            let (k, v) = pair?;
            let Value::String(k) = k else { return Ok(None) };
            let cell = match &v {
                Value::Table(_) | Value::Function(_) | Value::Thread(_) => return Ok(None),
                Value::String(s) => s.to_string_lossy(),
                Value::UserData(_) => {
                    let text = v.to_string()?;
                    text.split_whitespace().next().unwrap_or_default().to_string()
                }
                Value::Number(x) => number(*x),
                other => other.to_string()?,
            };
            cells.push((k.to_string_lossy(), escape_controls(&cell)));
        }
        rows.push(cells);
    }
    let mut columns: Vec<String> = rows.iter().flat_map(|r| r.iter().map(|(k, _)| k.clone())).collect();
    columns.sort();
    columns.dedup();
    let cell = |row: &[(String, String)], col: &str| {
        row.iter().find(|(k, _)| k == col).map(|(_, v)| v.clone()).unwrap_or_default()
    };
    let widths: Vec<usize> = columns
        .iter()
        .map(|c| rows.iter().map(|r| cell(r, c).chars().count()).max().unwrap_or(0).max(c.chars().count()))
        .collect();
    let line = |cells: Vec<String>| {
        let padded: Vec<String> = cells.iter().zip(&widths).map(|(c, w)| format!("{c:<w$}")).collect();
        padded.join("  ").trim_end().to_string()
    };
    let mut out = vec![line(columns.clone())];
    out.extend(rows.iter().map(|r| line(columns.iter().map(|c| cell(r, c)).collect())));
    Ok(Some(out.join("\n")))
}

fn has_tostring(t: &Table) -> bool {
    t.metatable().is_some_and(|m| m.raw_get::<Value>("__tostring").is_ok_and(|f| !f.is_nil()))
}

struct Printer {
    open: HashSet<usize>,
    items_left: usize,
    bytes_left: usize,
}

impl Printer {
    fn new(bytes: usize) -> Printer {
        Printer { open: HashSet::new(), items_left: MAX_TOTAL_ITEMS, bytes_left: bytes }
    }

    fn exhausted(&self) -> bool {
        self.items_left == 0 || self.bytes_left == 0
    }

    fn value(&mut self, v: &Value, depth: usize) -> mlua::Result<String> {
        let text = match v {
            Value::Nil => "nil".to_string(),
            Value::Boolean(b) => b.to_string(),
            Value::Integer(i) => i.to_string(),
            Value::Number(n) => number(*n),
            Value::String(s) => quote(&prefix(&s.as_bytes(), self.bytes_left)),
            Value::Table(t) => return self.table(t, depth),
            other => prefix(other.to_string()?.as_bytes(), self.bytes_left),
        };
        self.bytes_left = self.bytes_left.saturating_sub(text.len());
        Ok(text)
    }

    fn table(&mut self, t: &Table, depth: usize) -> mlua::Result<String> {
        let id = t.to_pointer() as usize;
        if self.open.contains(&id) {
            return Ok("<cycle>".to_string());
        }
        if depth >= MAX_DEPTH {
            return Ok("{…}".to_string());
        }
        let mut pairs = Vec::new();
        let mut more = false;
        for pair in t.pairs::<Value, Value>() {
            if pairs.len() == MAX_ITEMS.min(self.items_left) {
                more = true;
                break;
            }
            pairs.push(pair?);
        }
        self.items_left -= pairs.len();
        if pairs.is_empty() {
            return Ok("{}".to_string());
        }
        pairs.sort_by(|a, b| key_order(&a.0, &b.0));
        self.open.insert(id);
        let mut items = Vec::with_capacity(pairs.len());
        let mut next_index = 1;
        for (k, v) in &pairs {
            if self.exhausted() {
                more = true;
                break;
            }
            let value = self.value(v, depth + 1)?;
            let in_sequence = matches!(k, Value::Integer(i) if *i == next_index);
            if in_sequence {
                next_index += 1;
                items.push(value);
            } else {
                items.push(format!("{} = {value}", key(k)?));
            }
        }
        self.open.remove(&id);
        if more {
            items.push(ELLIPSIS.to_string());
        }
        let one_line = format!("{{{}}}", items.join(", "));
        if one_line.len() <= LINE_WIDTH && !one_line.contains('\n') {
            return Ok(one_line);
        }
        let mut out = String::from("{\n");
        for item in items {
            out.push_str("  ");
            out.push_str(&item.replace('\n', "\n  "));
            out.push_str(",\n");
        }
        out.push('}');
        Ok(out)
    }
}

/// Numbers (ascending), then strings, then booleans, then the rest by type name.
fn key_order(a: &Value, b: &Value) -> Ordering {
    fn rank(v: &Value) -> u8 {
        match v {
            Value::Integer(_) | Value::Number(_) => 0,
            Value::String(_) => 1,
            Value::Boolean(_) => 2,
            _ => 3,
        }
    }
    let num = |v: &Value| match v {
        Value::Integer(i) => *i as f64,
        Value::Number(n) => *n,
        _ => 0.0,
    };
    rank(a).cmp(&rank(b)).then_with(|| match (a, b) {
        (Value::String(x), Value::String(y)) => x.as_bytes().cmp(&y.as_bytes()),
        (Value::Boolean(x), Value::Boolean(y)) => x.cmp(y),
        (Value::Integer(x), Value::Integer(y)) => x.cmp(y),
        _ if rank(a) == 0 => num(a).total_cmp(&num(b)),
        _ => a.type_name().cmp(b.type_name()),
    })
}

fn key(k: &Value) -> mlua::Result<String> {
    if let Value::String(s) = k {
        let s = s.to_string_lossy();
        let ident = s.chars().next().is_some_and(|c| c.is_ascii_alphabetic() || c == '_')
            && s.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
            && !crate::repl::complete::KEYWORDS.contains(&s.as_str());
        return Ok(if ident { s } else { format!("[{}]", quote(&s)) });
    }
    Ok(format!("[{}]", Printer::new(MAX_BYTES).value(k, MAX_DEPTH)?))
}

fn quote(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if c.is_control() => out.push_str(&format!("\\{}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// Renders several results separated by tabs, as Lua's `print` does, within `bytes`.
pub fn render_all(values: &mlua::MultiValue, bytes: usize) -> mlua::Result<String> {
    let mut parts = Vec::with_capacity(values.len());
    let mut left = bytes;
    for v in values.iter() {
        let part = render_within(v, left)?;
        left = left.saturating_sub(part.len() + 1);
        parts.push(part);
    }
    Ok(parts.join("\t"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use mlua::Lua;

    fn show(src: &str) -> String {
        let lua = Lua::new();
        let v: Value = lua.load(src).eval().unwrap();
        render(&v).unwrap()
    }

    #[test]
    fn numbers_like_lua() {
        assert_eq!(number(1.0), "1.0");
        assert_eq!(number(0.1), "0.1");
        assert_eq!(number(1e100), "1e+100");
        assert_eq!(number(-2.5e-7), "-2.5e-07");
        assert_eq!(number(123456.789), "123456.789");
        assert_eq!(number(1.0 / 3.0), "0.33333333333333");
        assert_eq!(number(f64::INFINITY), "inf");
    }

    #[test]
    fn tables_sorted_nested_and_safe() {
        assert_eq!(
            show("return {3, 2, 1, z = 1, a = {b = true}, [10] = 'x'}"),
            "{3, 2, 1, [10] = \"x\", a = {b = true}, z = 1}"
        );
        assert_eq!(show("local t = {} t.self = t return t"), "{self = <cycle>}");
        assert_eq!(show("return {{{{{1}}}}}"), "{{{{{…}}}}}");
        assert_eq!(show("return {['a b'] = 1, ['end'] = 2}"), "{[\"a b\"] = 1, [\"end\"] = 2}");
        assert_eq!(show("return 'plain'"), "plain");
        assert_eq!(show("return setmetatable({}, {__tostring = function() return 'bill' end})"), "bill");
        assert_eq!(show("return setmetatable({1}, {__index = function() error('no') end})"), "{1}");
        let long = show("local t = {} for i = 1, 30 do t['key' .. i] = i end return t");
        assert!(long.starts_with("{\n  key1 = 1,\n  key10 = 10,\n"), "{long}");
    }

    #[test]
    fn shared_tables_render_bounded() {
        let lua = Lua::new();
        let v: Value = lua
            .load("local t = {} for i = 1, 200 do t[i] = i end for _ = 1, 4 do local u = {} for i = 1, 200 do u[i] = t end t = u end return t")
            .eval()
            .unwrap();
        let text = render(&v).unwrap();
        assert!(text.len() <= 2 * MAX_BYTES, "{}", text.len());
        assert!(text.contains(ELLIPSIS));
        let s: Value = lua.load("return ('x'):rep(1e6)").eval().unwrap();
        assert_eq!(render_within(&s, 10).unwrap(), format!("xxxxxxxxxx{ELLIPSIS}"));
    }

    #[test]
    fn control_characters_are_escaped() {
        assert_eq!(escape_controls("a\x1b]0;title\x07\nb\tc\r"), "a\\27]0;title\\7\nb\tc\\13");
    }
}
