//! The billing and availability functions of `sim`: `cost`, `forecast`, `transfer`,
//! `savings_plan`, `interrupt_spot`, `fail_az`, `recover_az`, `failed_azs`.

use super::args::arg_table;
use super::global::Functions;
use super::handle::{Instance, NatGateway, NetworkInterface, key_of};
use super::value::{array, duration, invalid, lua_err, read, write};
use crate::model::billing::{Bill, GroupBy};
use crate::model::{AwsError, ResKey};
use mlua::{Lua, MetaMethod, Table, Value};

arg_table! {
    /// `sim.cost{…}`.
    struct Cost { since: Value, until: Value, by: Option<String> }
}
arg_table! {
    /// `sim.forecast{…}`.
    struct Forecast { days: Option<f64> }
}
arg_table! {
    /// `sim.transfer{…}`.
    struct Transfer { from: Value, to: Option<String>, gb: Option<f64> }
}
arg_table! {
    /// `sim.savings_plan{…}`.
    struct SavingsPlanArgs {
        kind: Option<String>,
        commitment_per_hour: Option<f64>,
        term: Option<String>,
        family: Option<String>,
        region: Value,
    }
}

fn missing(key: &str) -> mlua::Error {
    lua_err(AwsError::new("MissingParameter", format!("The request must contain the parameter {key}")))
}

/// A bill as a Lua table; `tostring` prints it.
fn bill_table(lua: &Lua, b: &Bill) -> mlua::Result<Table> {
    let t = lua.create_table()?;
    t.set("total", b.total)?;
    t.set("since", b.since as f64 / 1000.0)?;
    t.set("until", b.until as f64 / 1000.0)?;
    let mut text = String::new();
    let items = b
        .items
        .iter()
        .map(|i| {
            let it = lua.create_table()?;
            it.set("resource", i.resource.as_str())?;
            it.set("name", i.name.as_deref())?;
            it.set("service", i.service.as_str())?;
            it.set("kind", i.usage.as_str())?;
            it.set("quantity", i.quantity)?;
            it.set("unit", i.unit)?;
            it.set("usd", i.usd)?;
            it.set("covered_usd", i.covered_usd)?;
            let who = match &i.name {
                Some(n) => format!("{} \"{n}\"", i.resource),
                None if i.resource.is_empty() => i.service.as_str().to_string(),
                None => i.resource.clone(),
            };
            let covered = if i.covered_usd > 0.0 {
                format!(" (Savings Plan covered ${:.6})", i.covered_usd)
            } else {
                String::new()
            };
            text.push_str(&format!(
                "  {who:<44} {:<14} {:>12.4} {:<8} ${:>11.6}{covered}\n",
                i.usage.as_str(),
                i.quantity,
                i.unit,
                i.usd
            ));
            Ok(it)
        })
        .collect::<mlua::Result<Vec<_>>>()?;
    t.set("items", array(lua, items)?)?;
    let header = format!(
        "Bill {} .. {} ({} items)\n",
        crate::model::clock::iso8601(b.since),
        crate::model::clock::iso8601(b.until),
        b.items.len()
    );
    let full = format!("{header}{text}  {:<44} {:<14} {:>12} {:<8} ${:>11.6}", "TOTAL", "", "", "", b.total);
    let meta = lua.create_table()?;
    meta.set(MetaMethod::ToString.name(), lua.create_function(move |_, _: Value| Ok(full.clone()))?)?;
    t.set_metatable(Some(meta))?;
    Ok(t)
}

fn ms(v: &Value) -> mlua::Result<u64> {
    Ok((duration(v)? * 1000.0).round() as u64)
}

/// Declares the billing and availability functions of `sim`.
pub fn functions<F: Functions>(f: &mut F) {
    f.function(
        "cost",
        "{since?, until?, by = \"resource\"|\"service\"|\"tag:KEY\"} -> Bill",
        "The bill so far: per second, 60 s minimum per running period; items {resource, name, service, kind, quantity, unit, usd, covered_usd}; tostring prints it. `until` is a Lua keyword: write [\"until\"] = 3600.",
        |lua, opts: Value| {
            let a = Cost::read(lua, opts, "sim.cost")?;
            let since = match a.since {
                Value::Nil => 0,
                v => ms(&v)?,
            };
            let until = match a.until {
                Value::Nil => None,
                v => Some(ms(&v)?),
            };
            let by = match a.by.as_deref() {
                None | Some("resource") => GroupBy::Resource,
                Some("service") => GroupBy::Service,
                Some(t) if t.starts_with("tag:") && t.len() > 4 => GroupBy::Tag(t[4..].to_string()),
                Some(t) => {
                    return Err(invalid(format!("sim.cost by must be 'resource', 'service' or 'tag:KEY', got '{t}'")));
                }
            };
            let b = read(lua, |w| w.bill(since, until, &by))?;
            bill_table(lua, &b)
        },
    );
    f.function(
        "forecast",
        "{days = 30} -> Bill",
        "What everything billed right now would cost over the coming days.",
        |lua, opts: Value| {
            let a = Forecast::read(lua, opts, "sim.forecast")?;
            let b = read(lua, |w| w.forecast(a.days.unwrap_or(30.0)))?;
            bill_table(lua, &b)
        },
    );
    f.function(
        "transfer",
        "{from, to = \"internet\", gb} -> NatGateway | nil",
        "Records data sent from an instance, interface or NAT gateway; a NAT gateway on the route bills it per GB.",
        |lua, opts: Value| {
            let a = Transfer::read(lua, opts, "sim.transfer")?;
            let gb = a.gb.ok_or_else(|| missing("gb"))?;
            if let Value::UserData(ud) = &a.from
                && ud.is::<NatGateway>()
            {
                let nat = key_of::<NatGateway>(lua, &a.from)?;
                write(lua, |w| w.transfer_through_nat(nat, gb))?;
                return super::handle::push_res(lua, ResKey::Nat(nat));
            }
            let subnet = match key_of::<Instance>(lua, &a.from) {
                Ok(i) => read(lua, |w| Ok(w.instance(i)?.subnet))?,
                Err(_) => {
                    let e = key_of::<NetworkInterface>(lua, &a.from)?;
                    read(lua, |w| Ok(w.eni(e)?.subnet))?
                }
            };
            let to = match a.to.as_deref() {
                None | Some("internet") => std::net::Ipv4Addr::new(93, 184, 216, 34),
                Some(t) => crate::net::parse_addr(t).map_err(|_| {
                    lua_err(AwsError::new(
                        "InvalidParameterValue",
                        format!("'{t}' is not an IPv4 address or \"internet\""),
                    ))
                })?,
            };
            match write(lua, |w| w.transfer(subnet, to, gb))? {
                Some(n) => super::handle::push_res(lua, ResKey::Nat(n)),
                None => Ok(Value::Nil),
            }
        },
    );
    f.function(
        "savings_plan",
        "{kind = \"compute\"|\"ec2-instance\", commitment_per_hour, term = \"1y\"|\"3y\", family?, region?} -> {id, discount, …}",
        "Buys a No Upfront Savings Plan from now: eligible On-Demand usage is covered up to the commitment.",
        |lua, opts: Value| {
            let a = SavingsPlanArgs::read(lua, opts, "sim.savings_plan")?;
            let commitment = a.commitment_per_hour.ok_or_else(|| missing("commitment_per_hour"))?;
            let three = match a.term.as_deref() {
                None | Some("1y") => false,
                Some("3y") => true,
                Some(t) => {
                    return Err(lua_err(AwsError::new("ValidationException", format!("term must be '1y' or '3y', got '{t}'"))));
                }
            };
            let scope = match a.kind.as_deref() {
                None | Some("compute") => None,
                Some("ec2-instance") => {
                    let family = a.family.ok_or_else(|| missing("family"))?;
                    let region = match a.region {
                        Value::Nil => super::region::region_of(
                            lua,
                            &Value::String(lua.create_string(super::aws::default_region(lua))?),
                        )?,
                        v => super::region::region_of(lua, &v)?,
                    };
                    Some((region, family))
                }
                Some(k) => {
                    return Err(lua_err(AwsError::new(
                        "ValidationException",
                        format!("kind must be 'compute' or 'ec2-instance', got '{k}'"),
                    )));
                }
            };
            let plan = write(lua, |w| {
                let id = w.purchase_savings_plan(scope.as_ref().map(|(r, f)| (*r, f.as_str())), commitment, three)?;
                Ok(w.savings_plans().iter().find(|p| p.id == id).cloned())
            })?;
            let t = lua.create_table()?;
            if let Some(p) = plan {
                t.set("id", p.id)?;
                t.set("commitment_per_hour", p.commitment_per_hour)?;
                t.set("discount", p.discount)?;
                t.set("start", p.start as f64 / 1000.0)?;
                t.set("end", p.end as f64 / 1000.0)?;
            }
            Ok(t)
        },
    );
    f.function(
        "interrupt_spot",
        "(instance, after?) -> nil",
        "Sends a running Spot Instance its two-minute notice (now, or `after` a duration); after timings.spot_warning it stops or terminates.",
        |lua, (inst, after): (Value, Value)| {
            let k = key_of::<Instance>(lua, &inst)?;
            match after {
                Value::Nil => write(lua, |w| w.interrupt_spot(k)),
                v => {
                    let secs = duration(&v)?;
                    write(lua, |w| w.schedule_spot_interruption(k, secs))
                }
            }
        },
    );
    f.function(
        "fail_az",
        "(az) -> nil",
        "Fails an Availability Zone: its instances are impaired, its NAT gateways stop forwarding, Auto Scaling replaces capacity elsewhere.",
        |lua, az: String| write(lua, |w| w.fail_az(&az)),
    );
    f.function("recover_az", "(az) -> nil", "Recovers a failed Availability Zone.", |lua, az: String| {
        write(lua, |w| w.recover_az(&az))
    });
    f.function("failed_azs", "() -> {string}", "The failed Availability Zones.", |lua, ()| {
        let azs: Vec<&str> = read(lua, |w| Ok(w.failed_azs().collect()))?;
        array(lua, azs)
    });
}
