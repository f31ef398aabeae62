//! The `aws` global and the Region object.

use super::args::Args;
use super::handle::{self, check_epoch, handles, key_of, new_handle};
use super::value::{array, invalid, lua_err, read, shared, write};
use crate::model::{self, AwsError, Kind, RegionKey, World, catalog};
use mlua::{Lua, MetaMethod, Table, UserData, UserDataFields, UserDataMethods, Value};

/// Lua handle of a region.
#[derive(Debug, Clone, Copy)]
pub struct Region {
    key: RegionKey,
    epoch: u32,
}

impl Region {
    /// The region's key, checked against the current world.
    pub fn key(&self, lua: &Lua) -> mlua::Result<RegionKey> {
        read(lua, |w| {
            check_epoch(w, self.epoch, Kind::Vpc)
                .map_err(|_| AwsError::new("InvalidParameterValue", "This region handle is from before sim.reset()"))
        })?;
        Ok(self.key)
    }
}

/// The region named `name` (created with its default VPC on first use).
pub fn region_handle(lua: &Lua, name: &str) -> mlua::Result<Region> {
    let (key, epoch) = write(lua, |w| Ok((w.region(name)?, w.generation())))?;
    Ok(Region { key, epoch })
}

/// A region argument: a Region handle or a name.
pub fn region_of(lua: &Lua, v: &Value) -> mlua::Result<RegionKey> {
    match v {
        Value::UserData(ud) => ud.borrow::<Region>().map_err(|_| invalid("expected a Region"))?.key(lua),
        Value::String(s) => Ok(region_handle(lua, &s.to_str()?)?.key),
        other => Err(invalid(format!("expected a Region or a region name, got a {}", other.type_name()))),
    }
}

/// The region a resource lives in, as a handle.
pub fn region_value(lua: &Lua, key: RegionKey) -> mlua::Result<Region> {
    let epoch = shared(lua)?.borrow().generation();
    Ok(Region { key, epoch })
}

fn instance_type_table(lua: &Lua, t: &catalog::InstanceType) -> mlua::Result<Table> {
    let r = lua.create_table()?;
    r.set("name", t.name)?;
    r.set("family", t.family)?;
    r.set("category", t.category)?;
    r.set("vcpus", t.vcpus)?;
    r.set("memory_gib", t.memory_gib)?;
    r.set("network", t.network)?;
    r.set("price_per_hour", t.price_per_hour)?;
    r.set("approximate_price", t.approximate_price)?;
    r.set("max_network_interfaces", t.max_enis)?;
    r.set("ipv4_per_interface", t.ipv4_per_eni)?;
    r.set("architecture", t.architecture)?;
    r.set("hibernation_supported", t.hibernation)?;
    Ok(r)
}

/// An AMI as a plain table.
pub fn image_table(lua: &Lua, i: &catalog::Image) -> mlua::Result<Table> {
    let r = lua.create_table()?;
    r.set("image_id", i.image_id.as_str())?;
    r.set("name", i.name)?;
    r.set("os", i.os.as_str())?;
    r.set("distribution", i.distribution)?;
    r.set("architecture", i.architecture)?;
    r.set("root_device_type", i.root_device_type)?;
    r.set("root_volume_gib", i.root_volume_gib)?;
    r.set("apps", array(lua, i.apps.iter().copied())?)?;
    r.set("public", i.public)?;
    Ok(r)
}

/// Installs `aws`.
pub fn register(lua: &Lua) -> mlua::Result<()> {
    let aws = lua.create_table()?;
    aws.set(
        "region",
        lua.create_function(|lua, name: Option<String>| {
            let name = match name {
                Some(n) => n,
                None => lua
                    .app_data_ref::<super::ApiOptions>()
                    .map(|o| o.default_region.clone())
                    .unwrap_or_else(|| "us-east-1".into()),
            };
            region_handle(lua, &name)
        })?,
    )?;
    aws.set(
        "regions",
        lua.create_function(|lua, ()| {
            let (keys, epoch) = read(lua, |w| Ok((w.regions().map(|(k, _)| k).collect::<Vec<_>>(), w.generation())))?;
            array(lua, keys.into_iter().map(|key| Region { key, epoch }))
        })?,
    )?;
    aws.set(
        "get",
        lua.create_function(|lua, (what, kind): (Value, Option<String>)| {
            let kind = match kind {
                None => None,
                Some(k) => Some(Kind::from_name(&k).ok_or_else(|| {
                    let names: Vec<&str> = Kind::ALL.iter().map(|k| k.name()).collect();
                    let hint = model::suggest(&k, &names).map(|s| format!("; did you mean '{s}'?")).unwrap_or_default();
                    invalid(format!("unknown kind '{k}'{hint}"))
                })?),
            };
            let Value::String(s) = what else {
                return Err(invalid(format!("aws.get takes an id or a name, got a {}", what.type_name())));
            };
            let text = s.to_str()?.to_string();
            let found = read(lua, |w| w.find(&text, kind))?;
            match found {
                Some(r) => handle::push_res(lua, r),
                None => Ok(Value::Nil),
            }
        })?,
    )?;
    aws.set(
        "create_tags",
        lua.create_function(|lua, (id, tags): (Value, Table)| {
            let res = handle::any_key_of(lua, &id)?;
            let mut t = model::Tags::new();
            for pair in tags.pairs::<String, String>() {
                let (k, v) = pair.map_err(|_| invalid("aws.create_tags takes a table of string keys and values"))?;
                t.insert(k, v);
            }
            write(lua, |w| w.create_tags(res, &t))
        })?,
    )?;
    aws.set(
        "instance_type",
        lua.create_function(|lua, name: String| {
            let t = catalog::instance_type(&name).ok_or_else(|| {
                let names: Vec<&str> = catalog::instance_types().iter().map(|t| t.name).collect();
                let hint = model::suggest(&name, &names).map(|s| format!(" Did you mean '{s}'?")).unwrap_or_default();
                lua_err(AwsError::new(
                    "InvalidInstanceType",
                    format!("The instance type '{name}' does not exist.{hint}"),
                ))
            })?;
            instance_type_table(lua, t)
        })?,
    )?;
    aws.set(
        "instance_types",
        lua.create_function(|lua, opts: Value| {
            let a = Args::new(opts, "aws.instance_types", &["category", "family"])?;
            let (cat, fam) = (a.str("category")?, a.str("family")?);
            let list: Vec<Table> = catalog::instance_types()
                .iter()
                .filter(|t| {
                    cat.as_deref().is_none_or(|c| t.category == c) && fam.as_deref().is_none_or(|f| t.family == f)
                })
                .map(|t| instance_type_table(lua, t))
                .collect::<mlua::Result<_>>()?;
            array(lua, list)
        })?,
    )?;
    aws.set(
        "images",
        lua.create_function(|lua, opts: Value| {
            let a = Args::new(opts, "aws.images", &["region"])?;
            let name = match a.value("region")? {
                Value::Nil => lua
                    .app_data_ref::<super::ApiOptions>()
                    .map(|o| o.default_region.clone())
                    .unwrap_or_else(|| "us-east-1".into()),
                v => {
                    let key = region_of(lua, &v)?;
                    read(lua, |w| Ok(w.region_info(key).name.to_string()))?
                }
            };
            if model::region::azs_of(&name).is_none() {
                return Err(lua_err(AwsError::new("InvalidParameterValue", format!("Unknown region '{name}'"))));
            }
            let list: Vec<Table> =
                catalog::images(&name).iter().map(|i| image_table(lua, i)).collect::<mlua::Result<_>>()?;
            array(lua, list)
        })?,
    )?;
    lua.globals().set("aws", aws)
}

fn vpcs_in(w: &World, region: RegionKey) -> Vec<model::VpcKey> {
    w.vpcs().iter().filter(|(_, v)| v.region == region).map(|(k, _)| k).collect()
}

impl UserData for Region {
    fn register(r: &mut mlua::UserDataRegistry<Self>) {
        r.add_meta_field("__name", "Region");
        r.add_field_method_get("name", |lua, this| {
            read(lua, |w| {
                Ok(w.region_info(this.key(lua).map_err(|_| AwsError::new("InvalidParameterValue", "stale region"))?)
                    .name)
            })
        });
        r.add_field_method_get("azs", |lua, this| {
            let key = this.key(lua)?;
            let azs = read(lua, |w| Ok(w.region_info(key).azs))?;
            array(lua, azs.iter().copied())
        });
        r.add_meta_method(MetaMethod::Eq, |_, this, o: Value| {
            Ok(matches!(o, Value::UserData(ud) if ud.borrow::<Region>().is_ok_and(|o| o.key == this.key && o.epoch == this.epoch)))
        });
        r.add_meta_method(MetaMethod::ToString, |lua, this, ()| {
            read(lua, |w| {
                if w.generation() != this.epoch {
                    return Ok("Region (from before sim.reset())".to_string());
                }
                let r = w.region_info(this.key);
                let vpcs = vpcs_in(w, this.key).len();
                Ok(format!("{} ({} AZs, {vpcs} VPCs)", r.name, r.azs.len()))
            })
        });
        r.add_method("create_vpc", |lua, this, opts: Value| {
            let a = Args::new(opts, "create_vpc", &["cidr_block", "name", "tags"])?;
            let cidr = a.req_str("cidr_block")?;
            let tags = a.tags()?;
            let region = this.key(lua)?;
            let k = write(lua, |w| w.create_vpc(region, &cidr, tags))?;
            new_handle::<handle::Vpc>(lua, k)
        });
        r.add_method("default_vpc", |lua, this, ()| {
            let region = this.key(lua)?;
            let k = read(lua, |w| Ok(w.region_info(region).default_vpc.filter(|v| w.vpcs().get(*v).is_some())))?;
            k.map(|k| new_handle::<handle::Vpc>(lua, k)).transpose()
        });
        r.add_method("create_default_vpc", |lua, this, ()| {
            let region = this.key(lua)?;
            let k = write(lua, |w| w.create_default_vpc(region))?;
            new_handle::<handle::Vpc>(lua, k)
        });
        r.add_method("vpcs", |lua, this, ()| {
            let region = this.key(lua)?;
            let keys = read(lua, |w| Ok(vpcs_in(w, region)))?;
            handles::<handle::Vpc>(lua, keys)
        });
        r.add_method("subnets", |lua, this, ()| {
            let region = this.key(lua)?;
            let keys = read(lua, |w| {
                let vpcs = vpcs_in(w, region);
                Ok(w.subnets().iter().filter(|(_, s)| vpcs.contains(&s.vpc)).map(|(k, _)| k).collect::<Vec<_>>())
            })?;
            handles::<handle::Subnet>(lua, keys)
        });
        r.add_method("security_groups", |lua, this, ()| {
            let region = this.key(lua)?;
            let keys = read(lua, |w| {
                let vpcs = vpcs_in(w, region);
                Ok(w.sgs().iter().filter(|(_, s)| vpcs.contains(&s.vpc)).map(|(k, _)| k).collect::<Vec<_>>())
            })?;
            handles::<handle::SecurityGroup>(lua, keys)
        });
        r.add_method("instances", |lua, this, opts: Value| {
            let a = Args::new(opts, "instances", &["state", "vpc", "name"])?;
            let state = a.str("state")?;
            let name = a.str("name")?;
            let vpc = match a.value("vpc")? {
                Value::Nil => None,
                v => Some(key_of::<handle::Vpc>(lua, &v)?),
            };
            let region = this.key(lua)?;
            let keys = read(lua, |w| {
                Ok(w.instances()
                    .iter()
                    .filter(|(_, i)| i.region == region)
                    .filter(|(_, i)| state.as_deref().is_none_or(|s| i.state.as_str() == s))
                    .filter(|(_, i)| vpc.is_none_or(|v| i.vpc == v))
                    .filter(|(_, i)| name.as_deref().is_none_or(|n| i.tags.get("Name").is_some_and(|x| x == n)))
                    .map(|(k, _)| k)
                    .collect::<Vec<_>>())
            })?;
            handles::<handle::Instance>(lua, keys)
        });
        r.add_method("create_internet_gateway", |lua, this, opts: Value| {
            let a = Args::new(opts, "create_internet_gateway", &["name", "tags"])?;
            let tags = a.tags()?;
            let region = this.key(lua)?;
            let k = write(lua, |w| w.create_internet_gateway(region, tags))?;
            new_handle::<handle::InternetGateway>(lua, k)
        });
        r.add_method("create_vpn_gateway", |lua, this, opts: Value| {
            let a = Args::new(opts, "create_vpn_gateway", &["name", "tags", "amazon_side_asn"])?;
            let tags = a.tags()?;
            let asn = a.int("amazon_side_asn")?;
            let asn = asn
                .map(|v| {
                    u32::try_from(v)
                        .map_err(|_| lua_err(AwsError::new("InvalidParameterValue", format!("Invalid ASN {v}"))))
                })
                .transpose()?;
            let region = this.key(lua)?;
            let k = write(lua, |w| w.create_vpn_gateway(region, asn, tags))?;
            new_handle::<handle::VpnGateway>(lua, k)
        });
        r.add_method("allocate_address", |lua, this, opts: Value| {
            let a = Args::new(opts, "allocate_address", &["name", "tags", "domain"])?;
            if let Some(d) = a.str("domain")?
                && d != "vpc"
            {
                return Err(lua_err(AwsError::new(
                    "InvalidParameterValue",
                    format!("Invalid domain '{d}': only 'vpc' exists"),
                )));
            }
            let tags = a.tags()?;
            let region = this.key(lua)?;
            let k = write(lua, |w| w.allocate_address(region, tags))?;
            new_handle::<handle::ElasticIp>(lua, k)
        });
        r.add_method("run_instances", |lua, this, opts: Value| {
            let region = this.key(lua)?;
            let keys = super::compute::run_instances(lua, region, opts, None)?;
            handles::<handle::Instance>(lua, keys)
        });
        super::hybrid::region_methods(r);
    }
}
