//! The arguments of `region:run_instances{…}` and `subnet:run_instance{…}`.

use super::args::{Ref, Refs, arg_table};
use super::handle::{SecurityGroup, Subnet};
use super::value::{lua_err, write};
use crate::model::{AwsError, InstanceKey, LaunchSpec, RegionKey, SubnetKey, Tags};
use mlua::{Lua, Value};

arg_table! {
    /// `region:run_instances{…}`.
    struct RunInstances {
        subnet: Option<Ref<Subnet>>,
        count: Option<i64>,
        min_count: Option<i64>,
        max_count: Option<i64>,
        image_id: Option<String>,
        instance_type: Option<String>,
        security_groups: Option<Refs<SecurityGroup>>,
        key_name: Option<String>,
        private_ip_address: Option<String>,
        associate_public_ip_address: Option<bool>,
        hibernation: Option<bool>,
        disable_api_termination: Option<bool>,
        user_data: Option<String>,
        tags: Tags,
    }
}

arg_table! {
    /// `subnet:run_instance{…}`: one instance in this subnet.
    struct RunInstance {
        image_id: Option<String>,
        instance_type: Option<String>,
        security_groups: Option<Refs<SecurityGroup>>,
        key_name: Option<String>,
        private_ip_address: Option<String>,
        associate_public_ip_address: Option<bool>,
        hibernation: Option<bool>,
        disable_api_termination: Option<bool>,
        user_data: Option<String>,
        tags: Tags,
    }
}

/// Parses an IPv4 address argument.
pub fn parse_ip(text: &str) -> mlua::Result<std::net::Ipv4Addr> {
    crate::net::parse_addr(text)
        .map_err(|_| lua_err(AwsError::new("InvalidParameterValue", format!("'{text}' is not a valid IPv4 address"))))
}

fn ip(text: Option<String>) -> mlua::Result<Option<std::net::Ipv4Addr>> {
    text.map(|t| parse_ip(&t)).transpose()
}

/// `region:run_instances{…}`.
pub fn run_instances(lua: &Lua, region: RegionKey, opts: Value) -> mlua::Result<Vec<InstanceKey>> {
    let a = RunInstances::read(lua, opts, "run_instances")?;
    let (min_count, max_count) = LaunchSpec::counts(a.count, a.min_count, a.max_count).map_err(lua_err)?;
    let spec = LaunchSpec {
        subnet: a.subnet.map(|s| s.0),
        image_id: a.image_id,
        instance_type: a.instance_type,
        security_groups: a.security_groups.map(|g| g.0),
        min_count,
        max_count,
        key_name: a.key_name,
        private_ip_address: ip(a.private_ip_address)?,
        associate_public_ip_address: a.associate_public_ip_address,
        hibernation: a.hibernation.unwrap_or(false),
        disable_api_termination: a.disable_api_termination.unwrap_or(false),
        user_data: a.user_data,
        tags: a.tags,
    };
    write(lua, |w| w.run_instances(region, &spec))
}

/// `subnet:run_instance{…}`.
pub fn run_instance(lua: &Lua, region: RegionKey, subnet: SubnetKey, opts: Value) -> mlua::Result<InstanceKey> {
    let a = RunInstance::read(lua, opts, "run_instance")?;
    let spec = LaunchSpec {
        subnet: Some(subnet),
        image_id: a.image_id,
        instance_type: a.instance_type,
        security_groups: a.security_groups.map(|g| g.0),
        min_count: 1,
        max_count: 1,
        key_name: a.key_name,
        private_ip_address: ip(a.private_ip_address)?,
        associate_public_ip_address: a.associate_public_ip_address,
        hibernation: a.hibernation.unwrap_or(false),
        disable_api_termination: a.disable_api_termination.unwrap_or(false),
        user_data: a.user_data,
        tags: a.tags,
    };
    let keys = write(lua, |w| w.run_instances(region, &spec))?;
    keys.first().copied().ok_or_else(|| lua_err(AwsError::new("InternalError", "no instance was launched")))
}
