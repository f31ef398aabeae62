//! Determinism for grading (research notes §5.8): same inputs, byte-identical reports.
//! `pairs` visits keys in a stable order in every grading state, and the addresses Lua
//! prints for tables and functions (`table: 0x55d…`) are renumbered by first appearance.

use crate::lua::sandbox::Sandbox;

/// Replaces the global `pairs` of the state with the stable-order one.
pub fn install_stable_pairs(sandbox: &Sandbox) -> Result<(), String> {
    sandbox.exec(include_str!("stable_pairs.lua").as_bytes(), "=sandbox").map(drop).map_err(|e| e.to_string())
}

/// Renumbers addresses in one text (see [`Addresses`]).
///
/// ```
/// use vpclab::grade::stable::stable_addresses;
/// let s = stable_addresses("table: 0x7f0df8011070 function: 0x7f0d and table: 0x7f0df8011070");
/// assert_eq!(s, "table: 0x1 function: 0x2 and table: 0x1");
/// ```
pub fn stable_addresses(text: &str) -> String {
    Addresses::default().renumber(text)
}

/// Renumbers `table: 0x…` style addresses (`table`, `function`, `thread`, `userdata`,
/// `builtin`) by first appearance across every text it is given.
#[derive(Debug, Default)]
pub struct Addresses {
    seen: Vec<String>,
}

impl Addresses {
    /// `text` with its addresses renumbered.
    pub fn renumber(&mut self, text: &str) -> String {
        renumber(text, &mut self.seen)
    }
}

fn renumber(text: &str, seen: &mut Vec<String>) -> String {
    const PREFIXES: [&str; 5] = ["table: 0x", "function: 0x", "thread: 0x", "userdata: 0x", "builtin: 0x"];
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some((at, prefix)) = PREFIXES.iter().filter_map(|p| rest.find(p).map(|i| (i, *p))).min_by_key(|(i, _)| *i)
    {
        let start = at + prefix.len();
        let digits = rest[start..].bytes().take_while(u8::is_ascii_hexdigit).count();
        out.push_str(&rest[..start]);
        if digits == 0 {
            rest = &rest[start..];
            continue;
        }
        let addr = &rest[start..start + digits];
        let n = match seen.iter().position(|s| s == addr) {
            Some(i) => i + 1,
            None => {
                seen.push(addr.to_string());
                seen.len()
            }
        };
        out.push_str(&format!("{n:x}"));
        rest = &rest[start + digits..];
    }
    out.push_str(rest);
    out
}
