//! The arguments of `region:run_instances{…}` and `subnet:run_instance{…}`.

use super::args::{Ref, Refs, arg_table};
use super::handle::{LaunchTemplate, SecurityGroup, Subnet};
use super::value::{lua_err, write};
use crate::model::{Afterwards, AwsError, InstanceKey, LaunchSpec, Market, RegionKey, SubnetKey, Tags};
use mlua::{Lua, Value};

arg_table! {
    /// What every launch takes.
    struct Launch {
        image_id: Option<String>,
        instance_type: Option<String>,
        security_groups: Option<Refs<SecurityGroup>>,
        key_name: Option<String>,
        private_ip_address: Option<String>,
        associate_public_ip_address: Option<bool>,
        hibernation: Option<bool>,
        disable_api_termination: Option<bool>,
        user_data: Option<String>,
        market: Option<String>,
        spot_interruption_behavior: Option<String>,
        instance_initiated_shutdown_behavior: Option<String>,
        root_volume_gb: Option<i64>,
        #[doc = "Whether the root EBS volume is deleted at termination (default true)."]
        delete_on_termination: Option<bool>,
        launch_template: Option<Ref<LaunchTemplate>>,
        tags: Tags,
    }
}

arg_table! {
    /// `region:run_instances{…}`: a launch, where and how many.
    struct RunInstances {
        subnet: Option<Ref<Subnet>>,
        count: Option<i64>,
        min_count: Option<i64>,
        max_count: Option<i64>,
        launch: Launch,
    }
}

impl Launch {
    /// The model's launch request for these arguments.
    fn spec(self, subnet: Option<SubnetKey>, min_count: u32, max_count: u32) -> mlua::Result<LaunchSpec> {
        Ok(LaunchSpec {
            subnet,
            image_id: self.image_id,
            instance_type: self.instance_type,
            security_groups: self.security_groups.map(|g| g.0),
            min_count,
            max_count,
            key_name: self.key_name,
            private_ip_address: self.private_ip_address.map(|t| parse_ip(&t)).transpose()?,
            associate_public_ip_address: self.associate_public_ip_address,
            hibernation: self.hibernation.unwrap_or(false),
            disable_api_termination: self.disable_api_termination.unwrap_or(false),
            user_data: self.user_data,
            market: self.market.map_or(Ok(Market::OnDemand), |t| Market::parse(&t)).map_err(lua_err)?,
            spot_interruption_behavior: behavior(self.spot_interruption_behavior, "spot_interruption_behavior")?,
            instance_initiated_shutdown_behavior: behavior(
                self.instance_initiated_shutdown_behavior,
                "instance_initiated_shutdown_behavior",
            )?,
            root_volume_gib: self
                .root_volume_gb
                .map(|v| {
                    u32::try_from(v).map_err(|_| {
                        lua_err(AwsError::new("InvalidBlockDeviceMapping", format!("Invalid root volume size {v} GiB")))
                    })
                })
                .transpose()?,
            delete_on_termination: self.delete_on_termination,
            launch_template: self.launch_template.map(|t| t.0),
            tags: self.tags,
        })
    }
}

fn behavior(text: Option<String>, what: &str) -> mlua::Result<Option<Afterwards>> {
    text.map(|t| Afterwards::parse(&t, what).map_err(lua_err)).transpose()
}

/// Parses an IPv4 address argument.
pub fn parse_ip(text: &str) -> mlua::Result<std::net::Ipv4Addr> {
    crate::net::parse_addr(text)
        .map_err(|_| lua_err(AwsError::new("InvalidParameterValue", format!("'{text}' is not a valid IPv4 address"))))
}

/// `region:run_instances{…}`.
pub fn run_instances(lua: &Lua, region: RegionKey, opts: Value) -> mlua::Result<Vec<InstanceKey>> {
    let a = RunInstances::read(lua, opts, "run_instances")?;
    let (min_count, max_count) = LaunchSpec::counts(a.count, a.min_count, a.max_count).map_err(lua_err)?;
    let spec = a.launch.spec(a.subnet.map(|s| s.0), min_count, max_count)?;
    write(lua, |w| w.run_instances(region, &spec))
}

/// `subnet:run_instance{…}`: one instance in this subnet.
pub fn run_instance(lua: &Lua, region: RegionKey, subnet: SubnetKey, opts: Value) -> mlua::Result<InstanceKey> {
    let spec = Launch::read(lua, opts, "run_instance")?.spec(Some(subnet), 1, 1)?;
    let keys = write(lua, |w| w.run_instances(region, &spec))?;
    keys.first().copied().ok_or_else(|| lua_err(AwsError::new("InternalError", "no instance was launched")))
}
