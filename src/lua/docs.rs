//! The registry of the Lua API's documentation, used by `help` and REPL completion.
//! Built from the members and functions as they are registered (`lua::api`), so it
//! documents exactly what the runtime has.
//!
//! Keys: globals `aws`, functions `aws.region`, types `Vpc`, methods `Vpc:create_subnet`,
//! fields `Vpc.cidr_block`.

use crate::lua::api;
use std::collections::BTreeMap;
use std::sync::OnceLock;

/// What a documentation entry describes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DocKind {
    /// A global table (`aws`) or function (`help`).
    Global,
    /// A function of a global table (`aws.region`).
    Function,
    /// An object type (`Vpc`).
    Type,
    /// A method of an object type (`Vpc:create_subnet`).
    Method,
    /// A field of an object type (`Vpc.cidr_block`).
    Field,
}

/// One documentation entry.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Doc {
    /// Its key (`Vpc:create_subnet`).
    pub key: String,
    /// What it describes.
    pub kind: DocKind,
    /// A one-line signature (`vpc:create_subnet{cidr_block, …} -> Subnet`).
    pub signature: String,
    /// A short description.
    pub summary: &'static str,
}

impl Doc {
    /// The signature and the description on two lines.
    pub fn render(&self) -> String {
        format!("{}\n  {}", self.signature, self.summary)
    }
}

#[derive(Default)]
struct Registry {
    docs: BTreeMap<String, Doc>,
    methods: BTreeMap<&'static str, Vec<&'static str>>,
    fields: BTreeMap<&'static str, Vec<&'static str>>,
    functions: BTreeMap<&'static str, Vec<&'static str>>,
    globals: Vec<(&'static str, &'static str)>,
}

fn registry() -> &'static Registry {
    static REGISTRY: OnceLock<Registry> = OnceLock::new();
    REGISTRY.get_or_init(build)
}

/// The `help` global's own entry.
const HELP: &str = "help(x) prints the doc of a global, object or method: help(), help(aws), help(vpc), \
help(\"Vpc:create_subnet\"), help(vpc, \"create_subnet\").";

fn build() -> Registry {
    let mut r = Registry::default();
    let mut add = |key: String, kind, signature: String, summary| {
        r.docs.insert(key.clone(), Doc { key, kind, signature, summary });
    };
    add("help".into(), DocKind::Global, "help(x?, member?)".into(), HELP);
    let globals = api::global_docs();
    for g in &globals {
        add(g.name.to_string(), DocKind::Global, g.name.to_string(), g.summary);
        for f in &g.functions {
            add(format!("{}.{}", g.name, f.name), DocKind::Function, format!("{}.{}{}", g.name, f.name, f.args), f.doc);
        }
    }
    let types = api::type_docs();
    for t in &types {
        add(t.name.to_string(), DocKind::Type, t.name.to_string(), t.summary);
        for m in &t.members {
            if m.method {
                add(
                    format!("{}:{}", t.name, m.name),
                    DocKind::Method,
                    format!("{}:{}{}", t.var, m.name, m.signature),
                    m.doc,
                );
            } else {
                add(
                    format!("{}.{}", t.name, m.name),
                    DocKind::Field,
                    format!("{}.{}: {}", t.var, m.name, m.signature),
                    m.doc,
                );
            }
        }
    }
    for t in &types {
        let mut fields: Vec<_> = t.members.iter().filter(|m| !m.method).map(|m| m.name).collect();
        let mut methods: Vec<_> = t.members.iter().filter(|m| m.method).map(|m| m.name).collect();
        fields.sort_unstable();
        methods.sort_unstable();
        r.fields.insert(t.name, fields);
        r.methods.insert(t.name, methods);
    }
    for g in &globals {
        let mut functions: Vec<_> = g.functions.iter().map(|f| f.name).collect();
        functions.sort_unstable();
        r.functions.insert(g.name, functions);
    }
    r.globals = globals.iter().map(|g| (g.name, g.summary)).collect();
    r.globals.push(("help", HELP));
    r
}

/// The entry for a key; `Vpc.create_subnet` also finds the method and `Vpc:id` the field.
///
/// ```
/// let doc = vpclab::lua::docs::lookup("Vpc:create_subnet").unwrap();
/// assert!(doc.signature.starts_with("vpc:create_subnet{cidr_block"));
/// ```
pub fn lookup(key: &str) -> Option<&'static Doc> {
    let docs = &registry().docs;
    docs.get(key).or_else(|| {
        let (ty, member) = key.split_once([':', '.'])?;
        docs.get(&format!("{ty}:{member}")).or_else(|| docs.get(&format!("{ty}.{member}")))
    })
}

/// The method names of an object type, sorted (empty for unknown types).
pub fn methods_of(type_name: &str) -> &'static [&'static str] {
    registry().methods.get(type_name).map_or(&[], Vec::as_slice)
}

/// The field names of an object type, sorted.
pub fn fields_of(type_name: &str) -> &'static [&'static str] {
    registry().fields.get(type_name).map_or(&[], Vec::as_slice)
}

/// The function names of a global table (`aws` → `get`, `images`, …), sorted.
pub fn functions_of(global: &str) -> &'static [&'static str] {
    registry().functions.get(global).map_or(&[], Vec::as_slice)
}

/// The documented object type names, sorted.
pub fn types() -> Vec<&'static str> {
    registry().methods.keys().copied().collect()
}

/// The documented globals in the order of LUA_API.md.
pub fn globals() -> Vec<&'static str> {
    registry().globals.iter().map(|g| g.0).collect()
}

/// The closest documented key to a mistyped one (`Vpc:create_subent` → `Vpc:create_subnet`).
pub fn suggest(key: &str) -> Option<&'static str> {
    let lower = key.to_ascii_lowercase();
    registry()
        .docs
        .keys()
        .map(|k| (strsim::levenshtein(&lower, &k.to_ascii_lowercase()), k))
        .filter(|(d, k)| *d <= 2.max(k.len() / 4))
        .min_by_key(|(d, _)| *d)
        .map(|(_, k)| k.as_str())
}

/// Width of help pages (fixed, so pages read the same in every terminal and test).
const PAGE_WIDTH: usize = 100;
/// Column where descriptions start.
const DOC_COLUMN: usize = 46;

/// One entry of a page: the signature, then its description from column 46, wrapped at
/// 100 columns; a signature too long for its column puts the description on the next line.
fn entry_line(signature: &str, doc: &str) -> String {
    let mut lines = wrap_signature(signature);
    let last = lines.pop().unwrap_or_default();
    let mut current = if lines.is_empty() && last.chars().count() < DOC_COLUMN {
        format!("{last:<DOC_COLUMN$}")
    } else {
        lines.push(last);
        " ".repeat(DOC_COLUMN)
    };
    let mut fresh = true;
    for word in doc.split_whitespace() {
        if !fresh && current.chars().count() + 1 + word.chars().count() > PAGE_WIDTH {
            lines.push(std::mem::replace(&mut current, " ".repeat(DOC_COLUMN)));
            fresh = true;
        }
        if !fresh {
            current.push(' ');
        }
        current.push_str(word);
        fresh = false;
    }
    lines.push(current);
    lines.join("\n") + "\n"
}

/// A signature as lines of at most 100 columns, broken after commas.
fn wrap_signature(signature: &str) -> Vec<String> {
    let mut lines = Vec::new();
    let mut current = String::from("  ");
    for (i, piece) in signature.split_inclusive(", ").enumerate() {
        if i > 0 && current.chars().count() + piece.trim_end().chars().count() > PAGE_WIDTH {
            lines.push(current.trim_end().to_string());
            current = " ".repeat(6);
        }
        current.push_str(piece);
    }
    lines.push(current);
    lines
}

/// The page of a global table: its doc and its functions.
pub fn render_global(name: &str) -> Option<String> {
    let doc = registry().docs.get(name).filter(|d| d.kind == DocKind::Global)?;
    let mut out = format!("{}: {}\n", doc.signature, doc.summary);
    for f in functions_of(name) {
        if let Some(d) = lookup(&format!("{name}.{f}")) {
            out.push_str(&entry_line(&d.signature, d.summary));
        }
    }
    Some(out)
}

/// The page of an object type: its doc, fields and methods.
pub fn render_type(name: &str) -> Option<String> {
    let doc = registry().docs.get(name).filter(|d| d.kind == DocKind::Type)?;
    let mut out = format!("{}: {}\n", doc.key, doc.summary);
    for (title, sep, names) in [("Fields", '.', fields_of(name)), ("Methods", ':', methods_of(name))] {
        if names.is_empty() {
            continue;
        }
        out.push_str(&format!("{title}:\n"));
        for n in names {
            if let Some(d) = lookup(&format!("{name}{sep}{n}")) {
                out.push_str(&entry_line(&d.signature, d.summary));
            }
        }
    }
    Some(out)
}

/// The page of any key: a global, type, function, method or field.
pub fn render_key(key: &str) -> Option<String> {
    render_global(key).or_else(|| render_type(key)).or_else(|| lookup(key).map(|d| d.render() + "\n"))
}

/// The overview `help()` prints.
pub fn overview() -> String {
    let mut out = String::from("vpclab: a simulated AWS network you script in Lua.\n\nGlobals:\n");
    for (name, summary) in &registry().globals {
        out.push_str(&format!("  {name:<6} {summary}\n"));
    }
    out.push_str("\nObject types: ");
    out.push_str(&types().join(", "));
    out.push_str("\n\nTry help(aws), help(vpc), help(\"Vpc:create_subnet\") or help(vpc, \"create_subnet\").\n");
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_type_of_the_brief_is_documented() {
        for t in [
            "Region",
            "Vpc",
            "Subnet",
            "InternetGateway",
            "VpnGateway",
            "RouteTable",
            "NetworkAcl",
            "SecurityGroup",
            "NetworkInterface",
            "Instance",
            "ElasticIp",
            "NatGateway",
            "VpcPeeringConnection",
            "CustomerGateway",
            "VpnConnection",
            "DxConnection",
            "OnPremSite",
            "Host",
            "ClientVpnEndpoint",
            "Trace",
        ] {
            assert!(lookup(t).is_some(), "{t}");
            assert!(render_type(t).is_some(), "{t}");
        }
    }

    #[test]
    fn members() {
        assert!(methods_of("Vpc").contains(&"create_subnet"));
        assert!(methods_of("Vpc").contains(&"create_tags"));
        assert!(fields_of("Vpc").contains(&"cidr_block"));
        assert!(methods_of("Trace").is_empty());
        assert!(methods_of("Nope").is_empty());
        assert_eq!(functions_of("cidr").first(), Some(&"aws_reserved"));
        assert_eq!(lookup("Vpc.create_subnet").map(|d| d.kind), Some(DocKind::Method));
        assert_eq!(lookup("Vpc:cidr_block").map(|d| d.kind), Some(DocKind::Field));
        assert_eq!(lookup("cidr.split").unwrap().signature, "cidr.split(c, new_prefix) -> {string}");
    }

    #[test]
    fn suggestions() {
        assert_eq!(suggest("Vpc:create_subent"), Some("Vpc:create_subnet"));
        assert_eq!(suggest("cidr.splt"), Some("cidr.split"));
        assert_eq!(suggest("zzzzzzzzzzzz"), None);
    }

    #[test]
    fn long_signatures_wrap_within_the_page() {
        let page = render_type("Region").unwrap();
        assert!(page.lines().all(|l| l.chars().count() <= PAGE_WIDTH), "{page}");
        let vpn = page.lines().position(|l| l.contains("region:create_vpn_connection{")).unwrap();
        let next: Vec<&str> = page.lines().skip(vpn + 1).take(2).collect();
        assert!(next[0].starts_with("      ") && next[0].contains("-> VpnConnection"), "signature continues: {page}");
        assert!(next[1].starts_with(&" ".repeat(DOC_COLUMN)) && next[1].contains("site-to-site"), "{page}");
    }

    #[test]
    fn pages() {
        let page = render_global("cidr").unwrap();
        assert!(page.contains("cidr.usable(c) -> integer"));
        let page = render_type("Vpc").unwrap();
        assert!(page.starts_with("Vpc: "));
        assert!(page.contains("Methods:\n"));
        assert!(overview().contains("aws"));
    }
}
