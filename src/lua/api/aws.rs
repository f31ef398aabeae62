//! The `aws` global: regions, catalogs, lookup by id or name.

use super::args::arg_table;
use super::global::{Functions, Global};
use super::handle::{self, any_key_of, string_map};
use super::region::{Region, region_handle, region_of, region_value};
use super::value::{array, invalid, lua_err, read, write};
use crate::model::{self, AwsError, Kind, catalog};
use mlua::{Lua, Table, Value};

arg_table! {
    /// `aws.instance_types{…}`.
    struct TypeFilter { category: Option<String>, family: Option<String> }
}
arg_table! {
    /// `aws.images{…}`.
    struct ImageFilter { region: Value }
}

/// The default region of this run.
fn default_region(lua: &Lua) -> String {
    lua.app_data_ref::<super::ApiOptions>().map(|o| o.default_region.clone()).unwrap_or_else(|| "us-east-1".into())
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

/// The `aws` global.
pub struct Aws;

impl Global for Aws {
    const NAME: &'static str = "aws";
    const SUMMARY: &'static str = "Entry point: regions, catalogs, lookup by id or name.";

    fn functions<F: Functions>(f: &mut F) {
        f.function(
            "region",
            "(name?) -> Region",
            "The region `name` (default: the run's region), created on first use with its default VPC.",
            |lua, name: Option<String>| region_handle(lua, &name.unwrap_or_else(|| default_region(lua))),
        );
        f.function("regions", "() -> {Region}", "The regions in use.", |lua, ()| {
            let keys = read(lua, |w| Ok(w.regions().map(|(k, _)| k).collect::<Vec<_>>()))?;
            let list: Vec<Region> = keys.into_iter().map(|k| region_value(lua, k)).collect::<mlua::Result<_>>()?;
            array(lua, list)
        });
        f.function(
            "get",
            "(id_or_name, kind?) -> resource | nil",
            "The resource with this id or unique Name tag, or nil when nothing matches.",
            |lua, (what, kind): (Value, Option<String>)| {
                let kind = match kind {
                    None => None,
                    Some(k) => Some(Kind::from_name(&k).ok_or_else(|| {
                        let names: Vec<&str> = Kind::ALL.iter().map(|k| k.name()).collect();
                        let hint =
                            model::suggest(&k, &names).map(|s| format!("; did you mean '{s}'?")).unwrap_or_default();
                        invalid(format!("unknown kind '{k}'{hint}"))
                    })?),
                };
                let Value::String(s) = what else {
                    return Err(invalid(format!("aws.get takes an id or a name, got a {}", what.type_name())));
                };
                let text = s.to_str()?.to_string();
                match read(lua, |w| w.find(&text, kind))? {
                    Some(r) => handle::push_res(lua, r),
                    None => Ok(Value::Nil),
                }
            },
        );
        f.function(
            "create_tags",
            "(id, {k = v}) -> nil",
            "Adds tags to the resource with this id (unknown id: NotFound).",
            |lua, (id, tags): (Value, Table)| {
                let res = any_key_of(lua, &id)?;
                let t = string_map(&tags, "aws.create_tags")?;
                write(lua, |w| w.create_tags(res, &t))
            },
        );
        f.function(
            "instance_type",
            "(name) -> table",
            "Specs of an instance type: vcpus, memory_gib, network, price_per_hour… (InvalidInstanceType if unknown).",
            |lua, name: String| {
                let t = catalog::instance_type(&name).ok_or_else(|| {
                    let names: Vec<&str> = catalog::instance_types().iter().map(|t| t.name).collect();
                    let hint =
                        model::suggest(&name, &names).map(|s| format!(" Did you mean '{s}'?")).unwrap_or_default();
                    lua_err(AwsError::new(
                        "InvalidInstanceType",
                        format!("The instance type '{name}' does not exist.{hint}"),
                    ))
                })?;
                instance_type_table(lua, t)
            },
        );
        f.function(
            "instance_types",
            "{category?, family?} -> {table}",
            "Instance types, filtered by category (general, compute, memory, accelerated, storage) or family.",
            |lua, opts: Value| {
                let a = TypeFilter::read(lua, opts, "aws.instance_types")?;
                let list: Vec<Table> = catalog::instance_types()
                    .iter()
                    .filter(|t| {
                        a.category.as_deref().is_none_or(|c| t.category == c)
                            && a.family.as_deref().is_none_or(|f| t.family == f)
                    })
                    .map(|t| instance_type_table(lua, t))
                    .collect::<mlua::Result<_>>()?;
                array(lua, list)
            },
        );
        f.function(
            "images",
            "{region?} -> {table}",
            "The AMI catalog: image_id, name, os, distribution, architecture…",
            |lua, opts: Value| {
                let a = ImageFilter::read(lua, opts, "aws.images")?;
                let name = match a.region {
                    Value::Nil => default_region(lua),
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
            },
        );
    }
}
