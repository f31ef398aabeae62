//! Tab completion of globals, keywords, table fields and userdata members.
//!
//! Never runs Lua code: tables are read with raw access, userdata members come from
//! [`crate::lua::docs`] by the userdata's type name.

use crate::lua::docs;
use mlua::{Lua, Table, Value};

/// Lua's reserved words.
pub const KEYWORDS: &[&str] = &[
    "and", "break", "do", "else", "elseif", "end", "false", "for", "function", "goto", "if", "in", "local", "nil",
    "not", "or", "repeat", "return", "then", "true", "until", "while",
];

/// Candidates for the word ending at `pos`: `(start of the replaced text, names)`.
///
/// `cidr.usa` → `(5, ["usable"])`; `vpc:` → the Vpc methods; `pri` → `["print"]`.
pub fn complete(lua: &Lua, line: &str, pos: usize) -> (usize, Vec<String>) {
    let pos = pos.min(line.len());
    let before = &line[..pos];
    let start = before
        .char_indices()
        .rev()
        .take_while(|(_, c)| c.is_ascii_alphanumeric() || matches!(c, '_' | '.' | ':'))
        .last()
        .map_or(pos, |(i, _)| i);
    let word = &before[start..];
    let (base, sep, prefix) = match word.rfind(['.', ':']) {
        Some(i) => (&word[..i], word.as_bytes()[i], &word[i + 1..]),
        None => ("", b' ', word),
    };
    let names = if sep == b' ' {
        let mut names = table_keys(&lua.globals(), false);
        names.extend(KEYWORDS.iter().map(|k| k.to_string()));
        names
    } else {
        match resolve(lua, base) {
            Some(Value::Table(t)) => table_keys(&t, sep == b':'),
            Some(Value::UserData(ud)) => {
                let ty = ud.type_name().map(|n| n.to_string_lossy()).unwrap_or_default();
                let members = if sep == b':' { docs::methods_of(&ty) } else { docs::fields_of(&ty) };
                members.iter().map(|m| m.to_string()).collect()
            }
            Some(Value::String(_)) if sep == b':' => match lua.globals().raw_get::<Value>("string") {
                Ok(Value::Table(t)) => table_keys(&t, true),
                _ => Vec::new(),
            },
            _ => Vec::new(),
        }
    };
    let mut names: Vec<String> = names.into_iter().filter(|n| n.starts_with(prefix)).collect();
    names.sort();
    names.dedup();
    (pos - prefix.len(), names)
}

/// Follows `a.b.c` from the globals through tables only, with raw gets.
fn resolve(lua: &Lua, path: &str) -> Option<Value> {
    let mut current = Value::Table(lua.globals());
    for segment in path.split(['.', ':']) {
        if segment.is_empty() {
            return None;
        }
        let Value::Table(t) = current else {
            return None;
        };
        current = t.raw_get::<Value>(segment).ok()?;
    }
    Some(current)
}

/// Identifier-like string keys of `t` (only functions when `methods`).
fn table_keys(t: &Table, methods: bool) -> Vec<String> {
    t.pairs::<Value, Value>()
        .filter_map(Result::ok)
        .filter(|(_, v)| !methods || matches!(v, Value::Function(_)))
        .filter_map(|(k, _)| match k {
            Value::String(s) => Some(s.to_string_lossy()),
            _ => None,
        })
        .filter(|s| {
            s.chars().next().is_some_and(|c| c.is_ascii_alphabetic() || c == '_')
                && s.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn globals_fields_and_keywords() {
        let lua = Lua::new();
        lua.load(
            "cidr = {usable = 1, split = 2} t = setmetatable({}, {__index = function() error('ran') end}) s = 'x'",
        )
        .exec()
        .unwrap();
        assert_eq!(complete(&lua, "cidr.usa", 8), (5, vec!["usable".to_string()]));
        assert_eq!(complete(&lua, "x = cid", 7), (4, vec!["cidr".to_string()]));
        assert_eq!(complete(&lua, "whi", 3).1, vec!["while".to_string()]);
        assert_eq!(complete(&lua, "t.a", 3).1, Vec::<String>::new());
        assert!(complete(&lua, "s:up", 4).1.contains(&"upper".to_string()));
        assert!(complete(&lua, "string.fo", 9).1.contains(&"format".to_string()));
    }
}
