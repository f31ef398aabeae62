//! The catalog functions of `aws`: instance types (with their names explained), the five
//! categories, workload suggestions, and AMIs (`aws.images`).

use super::args::arg_table;
use super::global::Functions;
use super::handle::{Image, handles};
use super::region::region_of;
use super::value::{array, lua_err, read};
use crate::model::catalog::Owner;
use crate::model::{self, AwsError, ImageFilter, Os, catalog};
use mlua::{Lua, Table, Value};

arg_table! {
    /// `aws.instance_types{…}`.
    struct TypeFilter {
        category: Option<String>,
        family: Option<String>,
        architecture: Option<String>,
        min_vcpus: Option<f64>,
        min_memory_gib: Option<f64>,
        max_price: Option<f64>,
    }
}
arg_table! {
    /// `aws.suggest_instance_type{…}`.
    struct Suggest { workload: String, vcpus: Option<i64>, memory_gib: Option<f64>, architecture: Option<String> }
}

fn decoded_table(lua: &Lua, d: &catalog::DecodedName) -> mlua::Result<Table> {
    let t = lua.create_table()?;
    t.set("family", d.family.as_str())?;
    t.set("family_meaning", d.family_meaning)?;
    t.set("generation", d.generation)?;
    t.set("size", d.size.as_str())?;
    let attrs = d
        .attributes
        .iter()
        .map(|(letter, meaning)| {
            let a = lua.create_table()?;
            a.set("letter", letter.to_string())?;
            a.set("meaning", *meaning)?;
            Ok(a)
        })
        .collect::<mlua::Result<Vec<_>>>()?;
    t.set("attributes", array(lua, attrs)?)?;
    Ok(t)
}

/// An instance type as a plain table (LUA_API.md, "Catalogs").
fn instance_type_table(lua: &Lua, t: &catalog::InstanceType) -> mlua::Result<Table> {
    let r = lua.create_table()?;
    r.set("name", t.name)?;
    r.set("family", t.family())?;
    r.set("size", t.size())?;
    r.set("category", t.category.as_str())?;
    r.set("vcpus", t.vcpus)?;
    r.set("memory_gib", t.memory_gib)?;
    r.set("architecture", t.architecture)?;
    r.set("network", t.network)?;
    r.set("instance_store_gb", t.instance_store_gb)?;
    if let Some(a) = t.accelerator {
        let g = lua.create_table()?;
        g.set("count", a.count)?;
        g.set("kind", a.kind)?;
        g.set("model", a.model)?;
        g.set("memory_gib", a.memory_gib)?;
        r.set("gpus", g)?;
    }
    r.set("hibernation_supported", t.hibernation_supported())?;
    r.set("max_network_interfaces", t.max_enis)?;
    r.set("ipv4_per_interface", t.ipv4_per_eni)?;
    r.set("price_per_hour", t.price_per_hour)?;
    r.set("spot_price_per_hour", t.spot_price_per_hour())?;
    r.set("approximate_price", t.approximate_price)?;
    r.set("prices_as_of", catalog::PRICES_AS_OF)?;
    if let Some(d) = catalog::decode(t.name) {
        r.set("decoded", decoded_table(lua, &d)?)?;
    }
    Ok(r)
}

fn category_table(lua: &Lua, c: catalog::Category) -> mlua::Result<Table> {
    let t = lua.create_table()?;
    t.set("name", c.as_str())?;
    t.set("title", c.title())?;
    t.set("description", c.description())?;
    t.set("use_cases", array(lua, c.use_cases().iter().copied())?)?;
    Ok(t)
}

/// Declares the catalog functions of `aws`.
pub fn functions<F: Functions>(f: &mut F) {
    f.function(
        "instance_type",
        "(name) -> table",
        "Specs of an instance type (vcpus, memory_gib, architecture, network, instance_store_gb, gpus, prices…) and its name explained in `decoded` (InvalidInstanceType if unknown).",
        |lua, name: String| {
            let t = catalog::instance_type(&name).ok_or_else(|| {
                let names: Vec<&str> = catalog::instance_types().iter().map(|t| t.name).collect();
                let hint = model::suggest(&name, &names).map(|s| format!(" Did you mean '{s}'?")).unwrap_or_default();
                lua_err(AwsError::new("InvalidInstanceType", format!("The instance type '{name}' does not exist.{hint}")))
            })?;
            instance_type_table(lua, t)
        },
    );
    f.function(
        "instance_types",
        "{category?, family?, architecture?, min_vcpus?, min_memory_gib?, max_price?} -> {table}",
        "Instance types (teaching prices, us-east-1 Linux on-demand), filtered.",
        |lua, opts: Value| {
            let a = TypeFilter::read(lua, opts, "aws.instance_types")?;
            let filter = catalog::TypeFilter {
                category: a.category.as_deref(),
                family: a.family.as_deref(),
                architecture: a.architecture.as_deref(),
                min_vcpus: a.min_vcpus,
                min_memory_gib: a.min_memory_gib,
                max_price: a.max_price,
            };
            let list = catalog::select(&filter)
                .map_err(lua_err)?
                .into_iter()
                .map(|t| instance_type_table(lua, t))
                .collect::<mlua::Result<Vec<_>>>()?;
            array(lua, list)
        },
    );
    f.function(
        "categories",
        "() -> {{name, title, description, use_cases}}",
        "The five instance categories of the seed notes, with their use cases.",
        |lua, ()| {
            let list =
                catalog::Category::ALL.iter().map(|c| category_table(lua, *c)).collect::<mlua::Result<Vec<_>>>()?;
            array(lua, list)
        },
    );
    f.function(
        "suggest_instance_type",
        "{workload, vcpus?, memory_gib?, architecture?} -> {instance_type, category, price_per_hour, reason}",
        "The cheapest fitting type of the category the seed recommends for a workload (web, hpc, in-memory-db, ml-training, nosql, …).",
        |lua, opts: Value| {
            let a = Suggest::read(lua, opts, "aws.suggest_instance_type")?;
            let vcpus = a.vcpus.map(|v| u32::try_from(v).unwrap_or(u32::MAX));
            let need = catalog::Need {
                workload: &a.workload,
                vcpus,
                memory_gib: a.memory_gib,
                architecture: a.architecture.as_deref(),
            };
            let s = catalog::suggest(&need).map_err(lua_err)?;
            let t = lua.create_table()?;
            t.set("instance_type", s.instance_type.name)?;
            t.set("category", s.category.as_str())?;
            t.set("price_per_hour", s.instance_type.price_per_hour)?;
            t.set("reason", s.reason)?;
            Ok(t)
        },
    );
}

arg_table! {
    /// `aws.images{…}`.
    struct Images {
        region: Value,
        owner: Option<String>,
        os: Option<String>,
        architecture: Option<String>,
        name: Option<String>,
    }
}
fn bad(what: &str, v: &str, allowed: &str) -> mlua::Error {
    lua_err(AwsError::new("InvalidParameterValue", format!("Unknown {what} '{v}': use {allowed}")))
}

/// Declares `aws.images{…}`.
pub fn image_functions<F: Functions>(f: &mut F) {
    f.function(
        "images",
        "{region?, owner?, os?, architecture?, name?} -> {Image}",
        "AMIs of a region (default: the run's): AWS, community, Marketplace and your own golden images.",
        |lua, opts: Value| {
            let a = Images::read(lua, opts, "aws.images")?;
            let region = match a.region {
                Value::Nil => region_of(lua, &Value::String(lua.create_string(super::aws::default_region(lua))?))?,
                v => region_of(lua, &v)?,
            };
            let owner = match a.owner {
                Some(o) => Some(
                    Owner::from_name(&o).ok_or_else(|| bad("owner", &o, "amazon, community, marketplace or self"))?,
                ),
                None => None,
            };
            let os = match a.os.as_deref() {
                None => None,
                Some("linux") => Some(Os::Linux),
                Some("windows") => Some(Os::Windows),
                Some(o) => return Err(bad("os", o, "linux or windows")),
            };
            let filter = ImageFilter { owner, os, architecture: a.architecture, name: a.name };
            let keys = read(lua, |w| w.describe_images(region, &filter))?;
            handles::<Image>(lua, keys)
        },
    );
}
