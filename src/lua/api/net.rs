//! The `net` global: reachability queries, and the Trace object.

use super::args::{Args, FromArg, arg_table};
use super::global::{Functions, Global};
use super::handle::{self, Handle, Instance, any_key_of, check_epoch};
use super::members::{Members, Object};
use super::value::{array, invalid, lua_err, range, read};
use super::{lazy_trace, reachable_raw};
use crate::model::{AwsError, IcmpMatch, Protocol, ResKey};
use crate::reach::{self, Endpoint, Flow, Hop};
use mlua::{Lua, Table, UserData, UserDataRegistry, Value};

/// A trace as a Lua object (`net.reachable` hands out a lazy table that makes one on first
/// use, see `lazy_trace.rs`).
pub struct Trace(Box<reach::Trace>);

impl Trace {
    fn get(&self, _: &Lua) -> mlua::Result<&reach::Trace> {
        Ok(&self.0)
    }
}

/// Where an endpoint argument stands: a flow's destination address is resolved by the
/// engine along the source's routes; elsewhere an address names the resource holding it.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Role {
    Destination,
    Other,
}

/// An endpoint argument: a handle, id or name of an instance, interface, NAT gateway or
/// host, `"internet"`, or an IP address string.
fn endpoint_of(lua: &Lua, v: &Value, role: Role) -> mlua::Result<Endpoint> {
    if let Value::String(s) = v {
        let text = s.to_str()?.to_string();
        if text == "internet" {
            return Ok(Endpoint::Internet(reach::INTERNET_HOST));
        }
        if let Ok(addr) = crate::net::parse_addr(&text) {
            if role == Role::Destination {
                return Ok(Endpoint::Internet(addr));
            }
            return read(lua, |w| Ok(reach::resolve_address(w, addr)));
        }
    }
    if v.is_nil() {
        return Err(lua_err(AwsError::new("MissingParameter", "a trace needs a source and a destination")));
    }
    Ok(match any_key_of(lua, v)? {
        ResKey::Instance(k) => Endpoint::Instance(k),
        ResKey::Eni(k) => Endpoint::Eni(k),
        ResKey::Nat(k) => Endpoint::Nat(k),
        ResKey::Host(k) => Endpoint::Host(k),
        other => {
            return Err(invalid(format!(
                "a {} is not a traffic endpoint: use an instance, network interface, NAT gateway, host, \"internet\" or an IP address",
                other.kind().name()
            )));
        }
    })
}

/// The options of a flow besides its endpoints, as plain values.
struct Opts<'v> {
    protocol: &'v Value,
    port: &'v Value,
    source_port: &'v Value,
    icmp_type: &'v Value,
    icmp_code: &'v Value,
}

/// `protocol`, `port`, `source_port`, `icmp_type` and `icmp_code`: the protocol, the
/// destination port (for ICMP the packed type and code, echo request 8/0 by default) and the
/// source port.
fn scalar_options(func: &str, o: &Opts) -> mlua::Result<(Protocol, u16, Option<u16>)> {
    let Opts { protocol, port, source_port, icmp_type, icmp_code } = *o;
    let protocol = match protocol {
        Value::Nil => Protocol::Tcp,
        Value::String(p) if p.as_bytes().as_ref() == b"tcp" => Protocol::Tcp,
        Value::String(p) if p.as_bytes().as_ref() == b"udp" => Protocol::Udp,
        Value::String(p) => Protocol::parse(&p.to_str()?).map_err(lua_err)?,
        Value::Integer(n) => Protocol::parse(&n.to_string()).map_err(lua_err)?,
        other => {
            return Err(invalid(format!("field 'protocol' of {func} must be a string, got {}", other.type_name())));
        }
    };
    let port_of = |v: &Value, key: &str| -> mlua::Result<Option<u16>> {
        let n = match v {
            Value::Nil => return Ok(None),
            Value::Integer(n) => *n,
            Value::Number(f) if f.fract() == 0.0 => *f as i64,
            other => {
                return Err(invalid(format!(
                    "field '{key}' of {func} must be a whole number, got {}",
                    other.type_name()
                )));
            }
        };
        u16::try_from(n).map(Some).map_err(|_| {
            lua_err(AwsError::new("InvalidParameterValue", format!("Invalid {key} {n}: ports are 0-65535")))
        })
    };
    let icmp = (port_of(icmp_type, "icmp_type")?, port_of(icmp_code, "icmp_code")?);
    if protocol == Protocol::Icmp {
        if !port.is_nil() || !source_port.is_nil() {
            return Err(lua_err(AwsError::new(
                "InvalidParameterCombination",
                format!("{func}: icmp has no ports; give icmp_type and icmp_code (default 8 and 0, echo request)"),
            )));
        }
        let byte = |v: Option<u16>, default: u8, key: &str| -> mlua::Result<u8> {
            u8::try_from(v.unwrap_or(u16::from(default))).map_err(|_| {
                lua_err(AwsError::new("InvalidParameterValue", format!("Invalid {key} {}: use 0-255", v.unwrap_or(0))))
            })
        };
        let packet = IcmpMatch::packet(byte(icmp.0, 8, "icmp_type")?, byte(icmp.1, 0, "icmp_code")?);
        return Ok((protocol, packet, None));
    }
    if icmp != (None, None) {
        return Err(lua_err(AwsError::new(
            "InvalidParameterCombination",
            format!("{func}: icmp_type and icmp_code apply to protocol = \"icmp\" only, not {protocol}"),
        )));
    }
    let dst = match (port_of(port, "port")?, protocol.has_ports()) {
        (Some(p), _) => p,
        (None, false) => 0,
        (None, true) => {
            return Err(lua_err(AwsError::new(
                "MissingParameter",
                format!("The request must contain the parameter port ({func} needs port = …)"),
            )));
        }
    };
    Ok((protocol, dst, port_of(source_port, "source_port")?))
}

/// `protocol`, `port`, `source_port`, `icmp_type` and `icmp_code` of a query.
struct FlowOpts(Protocol, u16, Option<u16>);

impl FromArg for FlowOpts {
    fn keys(_: &'static str, out: &mut Vec<&'static str>) {
        out.extend(["protocol", "port", "source_port", "icmp_type", "icmp_code"]);
    }
    fn read(_: &Lua, a: &Args, _: &'static str) -> mlua::Result<Self> {
        let (protocol, port, source_port) = (a.value("protocol")?, a.value("port")?, a.value("source_port")?);
        let (icmp_type, icmp_code) = (a.value("icmp_type")?, a.value("icmp_code")?);
        let o = Opts {
            protocol: &protocol,
            port: &port,
            source_port: &source_port,
            icmp_type: &icmp_type,
            icmp_code: &icmp_code,
        };
        let (p, port, sp) = scalar_options(a.func(), &o)?;
        Ok(FlowOpts(p, port, sp))
    }
}

arg_table! {
    /// `net.trace{…}`.
    struct TraceArgs { source: Value, destination: Value, flow: FlowOpts }
}
arg_table! {
    /// The options of `net.reachable(src, dst, opts)`.
    struct ReachableOpts { flow: FlowOpts }
}
arg_table! {
    /// `net.matrix{…}`.
    struct MatrixArgs { sources: Value, destinations: Value, flow: FlowOpts, summary: Option<bool> }
}
arg_table! {
    /// `net.exposure{…}`.
    struct ExposureArgs { region: Value }
}

fn packet_table(lua: &Lua, p: &reach::Packet) -> mlua::Result<Table> {
    let t = lua.create_table()?;
    t.set("src", p.src.to_string())?;
    t.set("dst", p.dst.to_string())?;
    if p.protocol == Protocol::Icmp {
        t.set("icmp_type", p.dst_port >> 8)?;
        t.set("icmp_code", p.dst_port & 0xff)?;
    } else {
        t.set("src_port", p.src_port)?;
        t.set("dst_port", p.dst_port)?;
    }
    t.set("protocol", p.protocol.to_string())?;
    Ok(t)
}

fn hops(lua: &Lua, list: &[Hop]) -> mlua::Result<Table> {
    let rows: Vec<Table> = list
        .iter()
        .map(|h| {
            let t = lua.create_table()?;
            t.set("component", h.component.as_str())?;
            t.set("label", h.label.as_str())?;
            t.set("kind", h.kind)?;
            t.set("action", h.action.as_str())?;
            t.set("rule", h.rule.as_deref())?;
            t.set("packet", packet_table(lua, &h.packet)?)?;
            t.set("detail", h.detail.as_str())?;
            t.set("note", h.note.as_deref())?;
            Ok(t)
        })
        .collect::<mlua::Result<_>>()?;
    array(lua, rows)
}

fn explanation(lua: &Lua, e: &reach::Explanation) -> mlua::Result<Table> {
    let t = lua.create_table()?;
    t.set("code", e.code)?;
    t.set("component", e.component.as_str())?;
    t.set("label", e.label.as_str())?;
    t.set("kind", e.kind)?;
    t.set("direction", e.direction.map(|d| d.as_str()))?;
    t.set("rule", e.rule.as_deref())?;
    t.set("message", e.message.as_str())?;
    Ok(t)
}

impl UserData for Trace {
    fn register(r: &mut UserDataRegistry<Self>) {
        super::members::install::<Trace>(r);
    }
}

impl Object for Trace {
    const NAME: &'static str = "Trace";
    const VAR: &'static str = "trace";
    const SUMMARY: &'static str = "The result of net.trace: hops, verdict and explanations; tostring prints a report.";

    fn summary(&self, lua: &Lua) -> mlua::Result<String> {
        Ok(self.get(lua)?.to_string())
    }

    fn members<M: Members<Self>>(m: &mut M) {
        m.field("reachable", "boolean", "Whether the round trip works.", |lua, this| Ok(this.get(lua)?.reachable));
        m.field(
            "details",
            "string",
            "The full report: every hop with its packet headers (addresses and ports after translation) and its note; tostring(trace) is the compact one.",
            |lua, this| Ok(this.get(lua)?.details()),
        );
        m.field("forward", "{hop}", "Hops from source to destination.", |lua, this| hops(lua, &this.get(lua)?.forward));
        m.field("return_path", "{hop}", "Hops of the reply.", |lua, this| hops(lua, &this.get(lua)?.return_path));
        m.field(
            "explanations",
            "{{code, component, label, kind, direction, rule?, message}}",
            "Every blocker found, forward path first.",
            |lua, this| {
                let t = this.get(lua)?;
                array(lua, t.explanations.iter().map(|e| explanation(lua, e)).collect::<mlua::Result<Vec<_>>>()?)
            },
        );
        m.field(
            "loops_to",
            "string | nil",
            "Where a routing loop was cut: the component the path came back to (forward path first); the hop lists end before the repetition.",
            |lua, this| {
                let t = this.get(lua)?;
                Ok(t.loops_to.iter().flatten().next().cloned())
            },
        );
        m.field("explanation", "table | nil", "The first blocker.", |lua, this| {
            this.get(lua)?.explanation().map(|e| explanation(lua, e)).transpose()
        });
        m.field("ephemeral", "{range, allowed}", "Ephemeral ports of the return path.", |lua, this| {
            let e = &this.get(lua)?.ephemeral;
            let t = lua.create_table()?;
            t.set("range", range(lua, e.range.from, e.range.to)?)?;
            t.set(
                "allowed",
                array(lua, e.allowed.iter().map(|r| range(lua, r.from, r.to)).collect::<mlua::Result<Vec<_>>>()?)?,
            )?;
            Ok(t)
        });
    }
}

/// An instance handle, if that is what `v` is.
fn instance(v: &Value) -> Option<Instance> {
    match v {
        Value::UserData(ud) => ud.borrow::<Instance>().ok().map(|h| *h),
        _ => None,
    }
}

fn flow_of(lua: &Lua, src: &Value, dst: &Value, o: FlowOpts) -> mlua::Result<Flow> {
    let FlowOpts(protocol, port, source_port) = o;
    let source = endpoint_of(lua, src, Role::Other)?;
    Ok(Flow { source, destination: endpoint_of(lua, dst, Role::Destination)?, protocol, port, source_port })
}

fn endpoint_list(lua: &Lua, v: Value, key: &str) -> mlua::Result<(Vec<Endpoint>, Vec<String>)> {
    let list: Vec<Value> = match v {
        Value::Table(t) => t.sequence_values::<Value>().collect::<mlua::Result<_>>()?,
        Value::Nil => {
            return Err(lua_err(AwsError::new(
                "MissingParameter",
                format!("The request must contain the parameter {key} (net.matrix needs {key} = {{…}})"),
            )));
        }
        other => return Err(invalid(format!("field '{key}' of net.matrix must be a list, got {}", other.type_name()))),
    };
    let mut eps = Vec::with_capacity(list.len());
    let mut ids = Vec::with_capacity(list.len());
    for v in &list {
        let ep = endpoint_of(lua, v, Role::Other)?;
        ids.push(read(lua, |w| Ok(endpoint_label(w, ep)))?);
        eps.push(ep);
    }
    Ok((eps, ids))
}

/// The key a matrix uses for an endpoint: its id, or its address for outside endpoints.
fn endpoint_label(w: &crate::model::World, ep: Endpoint) -> String {
    let res = match ep {
        Endpoint::Instance(k) => ResKey::Instance(k),
        Endpoint::Eni(k) => ResKey::Eni(k),
        Endpoint::Nat(k) => ResKey::Nat(k),
        Endpoint::Host(k) => ResKey::Host(k),
        Endpoint::Internet(a) if a == reach::INTERNET_HOST => return "internet".into(),
        Endpoint::Internet(a) => return a.to_string(),
    };
    w.id_of(res).unwrap_or_default().to_string()
}

const GRID: &str = r#"
local t, srcs, dsts, src_names, dst_names = ...
local width, left = 2, 21
for _, d in ipairs(dst_names) do width = math.max(width, #d) end
for _, s in ipairs(src_names) do left = math.max(left, #s) end
local lines = {}
local head = {string.rep(" ", left)}
for _, d in ipairs(dst_names) do head[#head + 1] = ("%-" .. width .. "s"):format(d) end
lines[1] = table.concat(head, " ")
for i, s in ipairs(srcs) do
  local row = {("%-" .. left .. "s"):format(src_names[i])}
  for _, d in ipairs(dsts) do row[#row + 1] = ("%-" .. width .. "s"):format(t[s][d] and "yes" or "no") end
  lines[#lines + 1] = table.concat(row, " ")
end
return table.concat(lines, "\n")
"#;

/// `net.trace{…}`.
fn trace(lua: &Lua, opts: Value) -> mlua::Result<Trace> {
    let a = TraceArgs::read(lua, opts, "net.trace")?;
    let flow = flow_of(lua, &a.source, &a.destination, a.flow)?;
    Ok(Trace(Box::new(read(lua, |w| reach::trace(w, &flow))?)))
}

/// The flow of a `net.reachable` call as the caller gave it: protocol, port, source port,
/// ICMP type and code (each may be nil).
type FlowValues = [Value; 5];

/// The keys of a plain `net.reachable` options table, in [`FlowValues`] order.
const FLOW_KEYS: [&str; 5] = ["protocol", "port", "source_port", "icmp_type", "icmp_code"];

/// The flow values of `opts` when it is nil or a table of known keys only; `None` sends the
/// call down the strict path (unknown keys get their "did you mean", anything else its error).
fn plain_flow(opts: &Value) -> mlua::Result<Option<FlowValues>> {
    let mut out = FlowValues::default();
    let t = match opts {
        Value::Nil => return Ok(Some(out)),
        Value::Table(t) => t,
        _ => return Ok(None),
    };
    let mut plain = true;
    t.for_each::<Value, Value>(|k, v| {
        let slot = match &k {
            Value::String(s) => FLOW_KEYS.iter().position(|n| s.as_bytes().as_ref() == n.as_bytes()),
            _ => None,
        };
        match slot {
            Some(i) => out[i] = v,
            None => plain = false,
        }
        Ok(())
    })?;
    Ok(plain.then_some(out))
}

/// The verdict of `src` → `dst` for plain flow values.
fn verdict(lua: &Lua, src: &Value, dst: &Value, flow: &FlowValues) -> mlua::Result<bool> {
    let [protocol, port, source_port, icmp_type, icmp_code] = flow;
    let o = Opts { protocol, port, source_port, icmp_type, icmp_code };
    let (protocol, port, source_port) = scalar_options("net.reachable", &o)?;
    // Fast path: two instance handles, checked and evaluated under one borrow of the world.
    if let (Some(a), Some(b)) = (instance(src), instance(dst)) {
        return read(lua, |w| {
            check_epoch(w, a.epoch(), Instance::KIND)?;
            check_epoch(w, b.epoch(), Instance::KIND)?;
            let flow = Flow {
                source: Endpoint::Instance(a.key()),
                destination: Endpoint::Instance(b.key()),
                protocol,
                port,
                source_port,
            };
            reach::reachable(w, &flow)
        });
    }
    let flow = Flow {
        source: endpoint_of(lua, src, Role::Other)?,
        destination: endpoint_of(lua, dst, Role::Destination)?,
        protocol,
        port,
        source_port,
    };
    read(lua, |w| reach::reachable(w, &flow))
}

/// Teaches the fast path an instance handle (see `reachable_raw.rs`).
fn remember(lua: &Lua, v: &Value) -> mlua::Result<()> {
    match instance(v) {
        Some(h) => reachable_raw::remember(lua, v, h.key(), h.epoch()),
        None => Ok(()),
    }
}

/// `net.reachable(src, dst, opts)`: the verdict now, the trace on first use. The common case
/// takes the raw fast path; this is the full one.
fn reachable(lua: &Lua, net: &Table) -> mlua::Result<Value> {
    let trace_fn: mlua::Function = net.raw_get("trace")?;
    let lazies = lazy_trace::install(lua, trace_fn)?;
    let hand_out = lazies.hand_out.clone();
    let full = lua.create_function(move |lua, (src, dst, opts): (Value, Value, Value)| {
        let Some(flow) = plain_flow(&opts)? else {
            // Anything but a plain options table: read strictly and traced at once.
            let a = ReachableOpts::read(lua, opts, "net.reachable")?;
            let flow = flow_of(lua, &src, &dst, a.flow)?;
            let t = read(lua, |w| reach::trace(w, &flow))?;
            return Ok((t.reachable, Value::UserData(lua.create_userdata(Trace(Box::new(t)))?)));
        };
        let ok = verdict(lua, &src, &dst, &flow)?;
        remember(lua, &src)?;
        remember(lua, &dst)?;
        lazy_trace::mark_pending(lua);
        let [protocol, port, source_port, icmp_type, icmp_code] = flow;
        let lazy: Value = hand_out.call((src, dst, protocol, port, source_port, icmp_type, icmp_code))?;
        Ok((ok, lazy))
    })?;
    Ok(Value::Function(reachable_raw::install(lua, full, &lazies)?))
}

/// `net.matrix{…}`.
fn matrix(lua: &Lua, opts: Value) -> mlua::Result<Table> {
    let a = MatrixArgs::read(lua, opts, "net.matrix")?;
    let (srcs, src_ids) = endpoint_list(lua, a.sources, "sources")?;
    let (dsts, dst_ids) = endpoint_list(lua, a.destinations, "destinations")?;
    let FlowOpts(protocol, port, _) = a.flow;
    if a.summary.unwrap_or(false) {
        // A summary never holds a per-pair table: charged per endpoint here, per class pair
        // once the classes are known.
        let endpoints = srcs.len().saturating_add(dsts.len());
        crate::lua::sandbox::charge_host_work(lua, endpoints, endpoints.saturating_mul(64))?;
        return summary_table(lua, &srcs, &dsts, protocol, port);
    }
    let pairs = srcs.len().saturating_mul(dsts.len());
    crate::lua::sandbox::charge_host_work(lua, pairs, pairs.saturating_mul(64))?;
    let grid = read(lua, |w| reach::matrix(w, &srcs, &dsts, protocol, port))?;
    let out = lua.create_table()?;
    for (s, row) in src_ids.iter().zip(grid) {
        let r = match out.raw_get::<Value>(s.as_str())? {
            Value::Table(t) => t,
            _ => lua.create_table()?,
        };
        for (d, ok) in dst_ids.iter().zip(row) {
            r.raw_set(d.as_str(), ok)?;
        }
        out.raw_set(s.as_str(), r)?;
    }
    let render = lua.load(GRID).set_name("=net.matrix").into_function()?;
    let names = |ids: &[String]| -> mlua::Result<Vec<String>> {
        read(lua, |w| Ok(ids.iter().map(|i| reach::explain::label_of(w, i)).collect()))
    };
    let (src_names, dst_names) = (array(lua, names(&src_ids)?)?, array(lua, names(&dst_ids)?)?);
    let (srcs_t, dsts_t) = (array(lua, src_ids)?, array(lua, dst_ids)?);
    let mt = lua.create_table()?;
    let data = out.clone();
    mt.set(
        "__tostring",
        lua.create_function(move |_, _: Value| {
            render.call::<String>((data.clone(), srcs_t.clone(), dsts_t.clone(), src_names.clone(), dst_names.clone()))
        })?,
    )?;
    out.set_metatable(Some(mt))?;
    Ok(out)
}

/// `net.matrix{…, summary = true}`: classes of endpoints that behave alike, and the class
/// pairs that are reachable with their pair counts (every other class pair is not).
fn summary_table(
    lua: &Lua,
    srcs: &[Endpoint],
    dsts: &[Endpoint],
    protocol: Protocol,
    port: u16,
) -> mlua::Result<Table> {
    let (sum, labels) = read(lua, |w| {
        let sum = reach::summary(w, srcs, dsts, protocol, port)?;
        let labels: Vec<String> = sum.endpoints.iter().map(|e| endpoint_label(w, *e)).collect();
        Ok((sum, labels))
    })?;
    let classes = sum.classes.len();
    crate::lua::sandbox::charge_host_work(lua, classes.saturating_mul(classes), sum.pairs.len().saturating_mul(96))?;
    let classes = sum
        .classes
        .iter()
        .enumerate()
        .map(|(i, c)| {
            let t = lua.create_table()?;
            t.set("id", i + 1)?;
            t.set("members", array(lua, c.members.iter().map(|m| labels[*m].as_str()))?)?;
            Ok(t)
        })
        .collect::<mlua::Result<Vec<_>>>()?;
    let pairs = sum
        .pairs
        .iter()
        .map(|p| {
            let t = lua.create_table()?;
            t.set("from", p.from + 1)?;
            t.set("to", p.to + 1)?;
            t.set("reachable", true)?;
            t.set("count", p.count)?;
            Ok(t)
        })
        .collect::<mlua::Result<Vec<_>>>()?;
    let out = lua.create_table()?;
    out.set("classes", array(lua, classes)?)?;
    out.set("pairs", array(lua, pairs)?)?;
    out.set("reachable_count", sum.reachable_count)?;
    out.set("total", sum.total)?;
    Ok(out)
}

/// `net.exposure{…}`.
fn exposure(lua: &Lua, opts: Value) -> mlua::Result<Table> {
    let a = ExposureArgs::read(lua, opts, "net.exposure")?;
    let region = match a.region {
        Value::Nil => None,
        v => Some(super::region::region_of(lua, &v)?),
    };
    let list = read(lua, |w| Ok(reach::exposure(w, region)))?;
    let rows: Vec<Table> = list
        .iter()
        .map(|e| {
            let t = lua.create_table()?;
            t.set("resource", handle::push_res(lua, e.resource)?)?;
            t.set("protocol", e.protocol.to_string())?;
            t.set(
                "ports",
                array(lua, e.ports.iter().map(|r| range(lua, r.from, r.to)).collect::<mlua::Result<Vec<_>>>()?)?,
            )?;
            t.set("from", array(lua, e.from.iter().map(|c| c.to_string()))?)?;
            Ok(t)
        })
        .collect::<mlua::Result<_>>()?;
    array(lua, rows)
}

/// The `net` global.
pub struct Net;

impl Global for Net {
    const NAME: &'static str = "net";
    const SUMMARY: &'static str = "Reachability queries over the simulated network.";

    fn functions<F: Functions>(f: &mut F) {
        f.function(
            "trace",
            "{source, destination, protocol = \"tcp\", port, source_port?, icmp_type?, icmp_code?} -> Trace",
            "Follows a packet hop by hop and explains every blocker.",
            trace,
        );
        f.computed(
            "reachable",
            "(source, destination, opts) -> boolean, Trace",
            "Whether a round trip works, with the trace.",
            reachable,
        );
        f.function(
            "matrix",
            "{sources, destinations, protocol, port, summary?} -> table",
            "Reachability grid keyed [src_id][dst_id]; tostring prints it, headed by `id \"name\"`. summary = true: {classes, pairs, reachable_count, total}.",
            matrix,
        );
        f.function(
            "exposure",
            "{region?} -> {table}",
            "Every port range on running endpoints that the internet reaches.",
            exposure,
        );
        f.function(
            "diff",
            "(before_snapshot) -> {table}",
            "Flows whose verdict changed since a snapshot. (a later milestone: not available yet)",
            |_, _: mlua::MultiValue| -> mlua::Result<()> {
                Err(lua_err(AwsError::new("NotImplemented", "net.diff comes in a later version of vpclab")))
            },
        );
    }
}
