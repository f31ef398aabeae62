//! The `net` global: reachability queries, and the Trace object.

use super::args::{Args, FromArg, arg_table};
use super::global::{Functions, Global};
use super::handle::{self, Handle, Instance, any_key_of, check_epoch};
use super::members::{Members, Object};
use super::value::{array, invalid, lua_err, range, read};
use crate::model::{AwsError, Protocol, ResKey};
use crate::reach::{self, Endpoint, Flow, Hop};
use mlua::{Lua, Table, UserData, UserDataRegistry, Value};
use std::cell::OnceCell;

/// A trace as a Lua object; `net.reachable` hands one out that is computed when first read.
pub struct Trace {
    flow: Flow,
    trace: OnceCell<Box<reach::Trace>>,
}

impl Trace {
    fn get(&self, lua: &Lua) -> mlua::Result<&reach::Trace> {
        if let Some(t) = self.trace.get() {
            return Ok(t);
        }
        let t = read(lua, |w| reach::trace(w, &self.flow))?;
        Ok(self.trace.get_or_init(|| Box::new(t)))
    }
}

/// An endpoint argument: a handle, id or name of an instance, interface, NAT gateway or
/// host, `"internet"`, or an IP address string.
fn endpoint_of(lua: &Lua, v: &Value) -> mlua::Result<Endpoint> {
    if let Value::String(s) = v {
        let text = s.to_str()?.to_string();
        if text == "internet" {
            return Ok(Endpoint::Internet(reach::INTERNET_HOST));
        }
        if let Ok(addr) = crate::net::parse_addr(&text) {
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

/// `protocol`, `port` and `source_port` given as plain values (the `net.reachable` wrapper
/// reads them out of its options table).
fn scalar_options(
    func: &str,
    protocol: &Value,
    port: &Value,
    source_port: &Value,
) -> mlua::Result<(Protocol, u16, Option<u16>)> {
    let protocol = match protocol {
        Value::Nil => Protocol::Tcp,
        Value::String(p) if p.as_bytes().as_ref() == b"tcp" => Protocol::Tcp,
        Value::String(p) if p.as_bytes().as_ref() == b"udp" => Protocol::Udp,
        Value::String(p) => Protocol::parse(&p.to_str()?).map_err(lua_err)?,
        Value::Integer(n) => Protocol::parse(&n.to_string()).map_err(lua_err)?,
        other => {
            return Err(invalid(format!(
                "field 'protocol' of net.reachable must be a string, got {}",
                other.type_name()
            )));
        }
    };
    let port_of = |v: &Value, key: &str| -> mlua::Result<Option<u16>> {
        let n = match v {
            Value::Nil => return Ok(None),
            Value::Integer(n) => *n,
            Value::Number(f) if f.fract() == 0.0 => *f as i64,
            other => {
                return Err(invalid(format!(
                    "field '{key}' of net.reachable must be a whole number, got {}",
                    other.type_name()
                )));
            }
        };
        u16::try_from(n).map(Some).map_err(|_| {
            lua_err(AwsError::new("InvalidParameterValue", format!("Invalid {key} {n}: ports are 0-65535")))
        })
    };
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

/// `net.reachable` in Lua: options read in the VM, the verdict from Rust, and a Trace that
/// is a small table computing the real trace on first use (no Rust object per call).
const REACHABLE: &str = r#"
local verdict, trace, strict = ...
local setmetatable, rawget, rawset, next, type, tostring = setmetatable, rawget, rawset, next, type, tostring
local function real(self)
  local t = rawget(self, 0)
  if t == nil then
    t = trace{source = rawget(self, 1), destination = rawget(self, 2), protocol = rawget(self, 3),
              port = rawget(self, 4), source_port = rawget(self, 5)}
    rawset(self, 0, t)
  end
  return t
end
local Lazy = {
  __name = "Trace",
  __metatable = "Trace",
  __index = function(self, k) return real(self)[k] end,
  __tostring = function(self) return tostring(real(self)) end,
}
return function(src, dst, opts)
  local protocol, port, source_port
  if opts ~= nil then
    if type(opts) ~= "table" then return strict(src, dst, opts) end
    for k in next, opts do
      if k ~= "protocol" and k ~= "port" and k ~= "source_port" then return strict(src, dst, opts) end
    end
    protocol, port, source_port = rawget(opts, "protocol"), rawget(opts, "port"), rawget(opts, "source_port")
  end
  local ok = verdict(src, dst, protocol, port, source_port)
  return ok, setmetatable({src, dst, protocol, port, source_port}, Lazy)
end
"#;

/// `protocol`, `port` and `source_port` of a query.
struct FlowOpts(Protocol, u16, Option<u16>);

impl FromArg for FlowOpts {
    fn keys(_: &'static str, out: &mut Vec<&'static str>) {
        out.extend(["protocol", "port", "source_port"]);
    }
    fn read(_: &Lua, a: &Args, _: &'static str) -> mlua::Result<Self> {
        let (p, port, sp) =
            scalar_options(a.func(), &a.value("protocol")?, &a.value("port")?, &a.value("source_port")?)?;
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
    struct MatrixArgs { sources: Value, destinations: Value, flow: FlowOpts }
}
arg_table! {
    /// `net.exposure{…}`.
    struct ExposureArgs { region: Value }
}

fn packet_table(lua: &Lua, p: &reach::Packet) -> mlua::Result<Table> {
    let t = lua.create_table()?;
    t.set("src", p.src.to_string())?;
    t.set("dst", p.dst.to_string())?;
    t.set("src_port", p.src_port)?;
    t.set("dst_port", p.dst_port)?;
    t.set("protocol", p.protocol.to_string())?;
    Ok(t)
}

fn hops(lua: &Lua, list: &[Hop]) -> mlua::Result<Table> {
    let rows: Vec<Table> = list
        .iter()
        .map(|h| {
            let t = lua.create_table()?;
            t.set("component", h.component.as_str())?;
            t.set("kind", h.kind)?;
            t.set("action", h.action.as_str())?;
            t.set("rule", h.rule.as_deref())?;
            t.set("packet", packet_table(lua, &h.packet)?)?;
            t.set("detail", h.detail.as_str())?;
            Ok(t)
        })
        .collect::<mlua::Result<_>>()?;
    array(lua, rows)
}

fn explanation(lua: &Lua, e: &reach::Explanation) -> mlua::Result<Table> {
    let t = lua.create_table()?;
    t.set("code", e.code)?;
    t.set("component", e.component.as_str())?;
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
        m.field("forward", "{hop}", "Hops from source to destination.", |lua, this| hops(lua, &this.get(lua)?.forward));
        m.field("return_path", "{hop}", "Hops of the reply.", |lua, this| hops(lua, &this.get(lua)?.return_path));
        m.field(
            "explanations",
            "{{code, component, kind, direction, rule?, message}}",
            "Every blocker found, forward path first.",
            |lua, this| {
                let t = this.get(lua)?;
                array(lua, t.explanations.iter().map(|e| explanation(lua, e)).collect::<mlua::Result<Vec<_>>>()?)
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
    Ok(Flow { source: endpoint_of(lua, src)?, destination: endpoint_of(lua, dst)?, protocol, port, source_port })
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
        let ep = endpoint_of(lua, v)?;
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
local t, srcs, dsts = ...
local width = 2
for _, d in ipairs(dsts) do width = math.max(width, #d) end
local lines = {}
local head = {string.rep(" ", 21)}
for i, d in ipairs(dsts) do head[#head + 1] = ("%-" .. width .. "s"):format(d) end
lines[1] = table.concat(head, " ")
for _, s in ipairs(srcs) do
  local row = {("%-21s"):format(s)}
  for _, d in ipairs(dsts) do row[#row + 1] = ("%-" .. width .. "s"):format(t[s][d] and "yes" or "no") end
  lines[#lines + 1] = table.concat(row, " ")
end
return table.concat(lines, "\n")
"#;

/// `net.trace{…}`.
fn trace(lua: &Lua, opts: Value) -> mlua::Result<Trace> {
    let a = TraceArgs::read(lua, opts, "net.trace")?;
    let flow = flow_of(lua, &a.source, &a.destination, a.flow)?;
    let t = read(lua, |w| reach::trace(w, &flow))?;
    Ok(Trace { flow, trace: OnceCell::from(Box::new(t)) })
}

/// `net.reachable`: a Lua wrapper over a fast verdict, `net.trace` and the strict path.
fn reachable(lua: &Lua, net: &Table) -> mlua::Result<Value> {
    let verdict =
        lua.create_function(|lua, (src, dst, protocol, port, source_port): (Value, Value, Value, Value, Value)| {
            let (protocol, port, source_port) = scalar_options("net.reachable", &protocol, &port, &source_port)?;
            // Fast path: two instance handles, checked and evaluated under one borrow of the world.
            if let (Some(a), Some(b)) = (instance(&src), instance(&dst)) {
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
                source: endpoint_of(lua, &src)?,
                destination: endpoint_of(lua, &dst)?,
                protocol,
                port,
                source_port,
            };
            read(lua, |w| reach::reachable(w, &flow))
        })?;
    let strict = lua.create_function(|lua, (src, dst, opts): (Value, Value, Value)| {
        let a = ReachableOpts::read(lua, opts, "net.reachable")?;
        let flow = flow_of(lua, &src, &dst, a.flow)?;
        let ok = read(lua, |w| reach::reachable(w, &flow))?;
        Ok((ok, Trace { flow, trace: OnceCell::new() }))
    })?;
    let trace_fn: mlua::Function = net.raw_get("trace")?;
    lua.load(REACHABLE).set_name("=sandbox").call((verdict, trace_fn, strict))
}

/// `net.matrix{…}`.
fn matrix(lua: &Lua, opts: Value) -> mlua::Result<Table> {
    let a = MatrixArgs::read(lua, opts, "net.matrix")?;
    let (srcs, src_ids) = endpoint_list(lua, a.sources, "sources")?;
    let (dsts, dst_ids) = endpoint_list(lua, a.destinations, "destinations")?;
    let pairs = srcs.len().saturating_mul(dsts.len());
    crate::lua::sandbox::charge_host_work(lua, pairs, pairs.saturating_mul(64))?;
    let FlowOpts(protocol, port, _) = a.flow;
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
    let (srcs_t, dsts_t) = (array(lua, src_ids)?, array(lua, dst_ids)?);
    let mt = lua.create_table()?;
    let data = out.clone();
    mt.set(
        "__tostring",
        lua.create_function(move |_, _: Value| render.call::<String>((data.clone(), srcs_t.clone(), dsts_t.clone())))?,
    )?;
    out.set_metatable(Some(mt))?;
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
            "{source, destination, protocol = \"tcp\", port, source_port?} -> Trace",
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
            "{sources, destinations, protocol, port} -> table",
            "Reachability grid keyed [src_id][dst_id]; tostring prints it.",
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
