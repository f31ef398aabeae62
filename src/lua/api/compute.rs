//! Instance and NetworkInterface objects.

use super::args::Args;
use super::aws::region_value;
use super::handle::{
    ElasticIp, Handle, Instance, NetworkInterface, Reg, SecurityGroup, Subnet, Vpc, key_of, new_handle, quoted_name,
};
use super::value::{array, invalid, lua_err, opt, write};
use crate::model::{self, AwsError, InstanceKey, LaunchSpec, RegionKey, ResKey, SgKey, SubnetKey, Waiter, World};
use mlua::{Lua, UserData, UserDataRegistry, Value};

const RUN_KEYS: &[&str] = &[
    "subnet",
    "image_id",
    "instance_type",
    "security_groups",
    "count",
    "min_count",
    "max_count",
    "name",
    "tags",
    "key_name",
    "private_ip_address",
    "associate_public_ip_address",
    "hibernation",
    "disable_api_termination",
    "user_data",
];

fn groups_of(lua: &Lua, list: Vec<Value>) -> mlua::Result<Vec<SgKey>> {
    list.iter().map(|v| key_of::<SecurityGroup>(lua, v)).collect()
}

fn parse_ip(text: &str) -> mlua::Result<std::net::Ipv4Addr> {
    crate::net::parse_addr(text)
        .map_err(|_| lua_err(AwsError::new("InvalidParameterValue", format!("'{text}' is not a valid IPv4 address"))))
}

/// `run_instances{…}` of a region (or `run_instance` of a subnet when `subnet` is given).
pub fn run_instances(
    lua: &Lua,
    region: RegionKey,
    opts: Value,
    subnet: Option<SubnetKey>,
) -> mlua::Result<Vec<InstanceKey>> {
    let keys: Vec<&str> = RUN_KEYS
        .iter()
        .copied()
        .filter(|k| subnet.is_none() || !matches!(*k, "subnet" | "count" | "min_count" | "max_count"))
        .collect();
    let func = if subnet.is_some() { "run_instance" } else { "run_instances" };
    let a = Args::new(opts, func, &keys)?;
    let count = a.int("count")?;
    let (min, max) = (a.int("min_count")?, a.int("max_count")?);
    if count.is_some() && (min.is_some() || max.is_some()) {
        return Err(lua_err(AwsError::new(
            "InvalidParameterCombination",
            "give either count or min_count/max_count, not both",
        )));
    }
    let to_u32 = |v: i64, what: &str| {
        u32::try_from(v).map_err(|_| {
            lua_err(AwsError::new("InvalidParameterValue", format!("Invalid {what} {v}: must be at least 1")))
        })
    };
    let (min, max) = match (count, min, max) {
        (Some(c), _, _) => (c, c),
        (None, Some(a), Some(b)) => (a, b),
        (None, Some(a), None) => (a, a),
        (None, None, Some(b)) => (1, b),
        (None, None, None) => (1, 1),
    };
    let subnet = match subnet {
        Some(s) => Some(s),
        None => match a.value("subnet")? {
            Value::Nil => None,
            v => Some(key_of::<Subnet>(lua, &v)?),
        },
    };
    let spec = LaunchSpec {
        subnet,
        image_id: a.str("image_id")?,
        instance_type: a.str("instance_type")?,
        security_groups: a.list("security_groups")?.map(|l| groups_of(lua, l)).transpose()?,
        min_count: to_u32(min, "min_count")?,
        max_count: to_u32(max, "max_count")?,
        key_name: a.str("key_name")?,
        private_ip_address: a.str("private_ip_address")?.map(|t| parse_ip(&t)).transpose()?,
        associate_public_ip_address: a.bool("associate_public_ip_address")?,
        hibernation: a.bool("hibernation")?.unwrap_or(false),
        disable_api_termination: a.bool("disable_api_termination")?.unwrap_or(false),
        user_data: a.str("user_data")?,
        tags: a.tags()?,
    };
    write(lua, |w| w.run_instances(region, &spec))
}

/// `subnet:create_network_interface{…}`.
pub fn create_network_interface(lua: &Lua, subnet: SubnetKey, opts: Value) -> mlua::Result<NetworkInterface> {
    let a = Args::new(
        opts,
        "create_network_interface",
        &["private_ip_address", "security_groups", "description", "name", "tags"],
    )?;
    let ip = a.str("private_ip_address")?.map(|t| parse_ip(&t)).transpose()?;
    let groups = a.list("security_groups")?.map(|l| groups_of(lua, l)).transpose()?;
    let description = a.str("description")?.unwrap_or_default();
    let tags = a.tags()?;
    let k = write(lua, |w| w.create_network_interface(subnet, ip, groups, &description, tags))?;
    new_handle::<NetworkInterface>(lua, k)
}

/// The groups of `set_security_groups{…}` (a list, or a single group).
fn group_list(lua: &Lua, v: Value) -> mlua::Result<Vec<SgKey>> {
    match v {
        Value::Table(t) => groups_of(lua, t.sequence_values::<Value>().collect::<mlua::Result<Vec<_>>>()?),
        Value::Nil => Err(invalid("set_security_groups takes a list of security groups")),
        v => groups_of(lua, vec![v]),
    }
}

fn primary_eni(w: &World, k: InstanceKey) -> model::Result<&model::NetworkInterface> {
    w.eni(w.instance(k)?.primary_eni)
}

fn instance_summary(w: &World, k: InstanceKey) -> model::Result<String> {
    let i = w.instance(k)?;
    let addr = match w.eni(i.primary_eni) {
        Ok(e) => match w.public_ip_of(e) {
            Some(p) => format!(" {} ({p})", e.private_ip),
            None => format!(" {}", e.private_ip),
        },
        Err(_) => String::new(),
    };
    Ok(format!(
        "{}{} {} {}{addr} {}",
        i.id,
        quoted_name(w, ResKey::Instance(k)),
        i.instance_type,
        i.state.as_str(),
        w.subnet(i.subnet).map(|s| s.id.as_str()).unwrap_or("")
    ))
}

impl UserData for Instance {
    fn register(r: &mut UserDataRegistry<Self>) {
        let mut r = Reg::new(r);
        r.field("state", |_, w, k| Ok(w.instance(k).expect("checked").state.as_str()));
        r.field("state_code", |_, w, k| Ok(w.instance(k).expect("checked").state.code()));
        r.field("instance_type", |_, w, k| Ok(w.instance(k).expect("checked").instance_type.clone()));
        r.field("image_id", |_, w, k| Ok(w.instance(k).expect("checked").image_id.clone()));
        r.field("platform", |_, w, k| Ok(w.instance(k).expect("checked").platform.as_str()));
        r.field("subnet", |_, w, k| Ok(Subnet::new(w.instance(k).expect("checked").subnet, w.generation())));
        r.field("vpc", |_, w, k| Ok(Vpc::new(w.instance(k).expect("checked").vpc, w.generation())));
        r.field("region", |lua, w, k| region_value(lua, w.instance(k).expect("checked").region));
        r.field("availability_zone", |_, w, k| {
            Ok(w.subnet(w.instance(k).expect("checked").subnet).map(|s| s.az).unwrap_or_default())
        });
        r.field("private_ip", |_, w, k| Ok(primary_eni(w, k).ok().map(|e| e.private_ip.to_string())));
        r.field("public_ip", |_, w, k| {
            Ok(primary_eni(w, k).ok().and_then(|e| w.public_ip_of(e)).map(|a| a.to_string()))
        });
        r.field("elastic_ip", |lua, w, k| {
            opt(lua, primary_eni(w, k).ok().and_then(|e| e.eip).map(|e| ElasticIp::new(e, w.generation())))
        });
        r.field("security_groups", |lua, w, k| {
            let groups = primary_eni(w, k).map(|e| e.security_groups.clone()).unwrap_or_default();
            array(lua, groups.into_iter().map(|g| SecurityGroup::new(g, w.generation())))
        });
        r.field("network_interfaces", |lua, w, k| {
            array(lua, w.instance_enis(k).into_iter().map(|e| NetworkInterface::new(e, w.generation())))
        });
        r.field("primary_network_interface", |lua, w, k| {
            opt(
                lua,
                w.enis()
                    .get(w.instance(k).expect("checked").primary_eni)
                    .map(|_| NetworkInterface::new(w.instance(k).expect("checked").primary_eni, w.generation())),
            )
        });
        r.field("source_dest_check", |_, w, k| Ok(primary_eni(w, k).map(|e| e.source_dest_check).unwrap_or(true)));
        r.field("launch_time", |_, w, k| Ok(model::clock::iso8601(w.instance(k).expect("checked").launch_time)));
        r.field("key_name", |_, w, k| Ok(w.instance(k).expect("checked").key_name.clone()));
        r.field("hibernation", |_, w, k| Ok(w.instance(k).expect("checked").hibernation));
        r.field("disable_api_termination", |_, w, k| Ok(w.instance(k).expect("checked").disable_api_termination));
        r.field("user_data", |_, w, k| Ok(w.instance(k).expect("checked").user_data.clone()));
        r.field("state_history", |lua, w, k| {
            let rows: Vec<mlua::Table> = w
                .instance(k)
                .expect("checked")
                .state_history
                .iter()
                .map(|(s, at)| {
                    let t = lua.create_table()?;
                    t.set("state", s.as_str())?;
                    t.set("at", *at as f64 / 1000.0)?;
                    t.set("time", model::clock::iso8601(*at))?;
                    Ok(t)
                })
                .collect::<mlua::Result<_>>()?;
            array(lua, rows)
        });
        r.method("stop", |lua, this, opts: Value| {
            let a = Args::new(opts, "stop", &["hibernate", "force"])?;
            let hibernate = a.bool("hibernate")?.unwrap_or(false);
            let k = this.key();
            write(lua, |w| w.stop_instance(k, hibernate))
        });
        r.method("start", |lua, this, ()| {
            let k = this.key();
            write(lua, |w| w.start_instance(k))
        });
        r.method("reboot", |lua, this, ()| {
            let k = this.key();
            write(lua, |w| w.reboot_instance(k))
        });
        r.method("terminate", |lua, this, ()| {
            let k = this.key();
            write(lua, |w| w.terminate_instance(k))
        });
        r.method("modify", |lua, this, opts: Value| {
            let a = Args::new(opts, "modify", &["instance_type"])?;
            let t = a.req_str("instance_type")?;
            let k = this.key();
            write(lua, |w| w.modify_instance_type(k, &t))
        });
        r.method("set_security_groups", |lua, this, groups: Value| {
            let groups = group_list(lua, groups)?;
            let k = this.key();
            write(lua, |w| {
                let eni = w.instance(k)?.primary_eni;
                w.set_interface_groups(eni, groups)
            })
        });
        r.method("set_source_dest_check", |lua, this, on: bool| {
            let k = this.key();
            write(lua, |w| {
                let eni = w.instance(k)?.primary_eni;
                w.set_source_dest_check(eni, on)
            })
        });
        r.method("set_termination_protection", |lua, this, on: bool| {
            let k = this.key();
            write(lua, |w| w.set_termination_protection(k, on))
        });
        for (name, waiter) in [
            ("wait_until_running", Waiter::Running),
            ("wait_until_stopped", Waiter::Stopped),
            ("wait_until_terminated", Waiter::Terminated),
        ] {
            r.method(name, move |lua, this, ()| {
                let k = this.key();
                write(lua, |w| w.wait_instance(k, waiter))
            });
        }
        r.finish(instance_summary);
    }
}

impl UserData for NetworkInterface {
    fn register(r: &mut UserDataRegistry<Self>) {
        let mut r = Reg::new(r);
        r.field("subnet", |_, w, k| Ok(Subnet::new(w.eni(k).expect("checked").subnet, w.generation())));
        r.field("vpc", |_, w, k| Ok(Vpc::new(w.eni(k).expect("checked").vpc, w.generation())));
        r.field("private_ip", |_, w, k| Ok(w.eni(k).expect("checked").private_ip.to_string()));
        r.field("public_ip", |_, w, k| Ok(w.public_ip_of(w.eni(k).expect("checked")).map(|a| a.to_string())));
        r.field("security_groups", |lua, w, k| {
            array(
                lua,
                w.eni(k).expect("checked").security_groups.iter().map(|g| SecurityGroup::new(*g, w.generation())),
            )
        });
        r.field("status", |_, w, k| {
            let e = w.eni(k).expect("checked");
            Ok(if e.attachment.is_some() || e.owner != model::EniOwner::User { "in-use" } else { "available" })
        });
        r.field("source_dest_check", |_, w, k| Ok(w.eni(k).expect("checked").source_dest_check));
        r.field("instance", |lua, w, k| {
            opt(lua, w.eni(k).expect("checked").attachment.map(|a| Instance::new(a.instance, w.generation())))
        });
        r.field("device_index", |_, w, k| Ok(w.eni(k).expect("checked").attachment.map(|a| a.device_index)));
        r.field("description", |_, w, k| Ok(w.eni(k).expect("checked").description.clone()));
        r.method("attach", |lua, this, opts: Value| {
            let a = Args::new(opts, "attach", &["instance", "device_index"])?;
            let inst = key_of::<Instance>(lua, &a.value("instance")?)?;
            let index = a.int("device_index")?.ok_or_else(|| a.missing("device_index"))?;
            let index = u32::try_from(index).map_err(|_| {
                lua_err(AwsError::new("InvalidParameterValue", format!("Invalid device index {index}")))
            })?;
            let k = this.key();
            write(lua, |w| w.attach_network_interface(k, inst, index))
        });
        r.method("detach", |lua, this, ()| {
            let k = this.key();
            write(lua, |w| w.detach_network_interface(k))
        });
        r.method("set_security_groups", |lua, this, groups: Value| {
            let groups = group_list(lua, groups)?;
            let k = this.key();
            write(lua, |w| w.set_interface_groups(k, groups))
        });
        r.method("set_source_dest_check", |lua, this, on: bool| {
            let k = this.key();
            write(lua, |w| w.set_source_dest_check(k, on))
        });
        r.method("delete", |lua, this, ()| {
            let k = this.key();
            write(lua, |w| w.delete_network_interface(k))
        });
        r.finish(|w, k| {
            let e = w.eni(k)?;
            let public = w.public_ip_of(e).map(|p| format!(" ({p})")).unwrap_or_default();
            let status = if e.attachment.is_some() { "in-use" } else { "available" };
            Ok(format!(
                "{}{} {}{public} {} {status}",
                e.id,
                quoted_name(w, ResKey::Eni(k)),
                e.private_ip,
                w.subnet(e.subnet)?.id
            ))
        });
    }
}
