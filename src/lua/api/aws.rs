//! The `aws` global: regions, catalogs, lookup by id or name.

use super::global::{Functions, Global};
use super::handle::{self, any_key_of, string_map};
use super::region::{Region, region_handle, region_value};
use super::value::{array, invalid, read, write};
use crate::model::{self, Kind};
use mlua::{Lua, Table, Value};

/// The default region of this run.
pub(super) fn default_region(lua: &Lua) -> String {
    lua.app_data_ref::<super::ApiOptions>().map(|o| o.default_region.clone()).unwrap_or_else(|| "us-east-1".into())
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
        super::catalog::functions(f);
        super::catalog::image_functions(f);
    }
}
