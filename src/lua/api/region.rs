//! The Region object: creates VPCs, gateways, instances and hybrid links.

use super::args::{Ref, Refs, arg_table};
use super::auto_scaling_group::{missing, size};
use super::handle::{
    AutoScalingGroup, ClientVpnEndpoint, CustomerGateway, DxConnection, ElasticIp, Image, Instance, InternetGateway,
    LaunchTemplate, OnPremSite, SecurityGroup, Subnet, Vpc, VpnConnection, VpnGateway, check_epoch, handles,
    new_handle,
};
use super::launch::run_instances;
use super::members::{Members, Object};
use super::value::{array, invalid, lua_err, read, shared, write};
use crate::model::{self, AwsError, GroupSpec, Kind, Market, RegionKey, ResKey, Tags, World};
use mlua::{Lua, MetaMethod, UserData, UserDataMethods, UserDataRegistry, Value};

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

/// The VPCs of a region.
pub fn vpcs_in(w: &World, region: RegionKey) -> Vec<model::VpcKey> {
    w.vpcs().iter().filter(|(_, v)| v.region == region).map(|(k, _)| k).collect()
}

arg_table! {
    /// `region:create_vpc{…}`.
    struct CreateVpc { cidr_block: String, tags: Tags }
}
arg_table! {
    /// `create_internet_gateway{…}`.
    struct Named { tags: Tags }
}
arg_table! {
    /// `region:create_vpn_gateway{…}`.
    struct CreateVpnGateway { amazon_side_asn: Option<i64>, tags: Tags }
}
arg_table! {
    /// `region:allocate_address{…}`.
    struct AllocateAddress { domain: Option<String>, tags: Tags }
}
arg_table! {
    /// `region:create_customer_gateway{…}`.
    struct CreateCustomerGateway {
        ip_address: String,
        bgp_asn: Option<i64>,
        #[doc = "AWS's `Type`: only `ipsec.1` exists."]
        r#type: Option<String>,
        tags: Tags,
    }
}
arg_table! {
    /// `region:create_vpn_connection{…}`.
    struct CreateVpnConnection {
        vpn_gateway: Ref<VpnGateway>,
        customer_gateway: Ref<CustomerGateway>,
        static_routes: Option<Vec<String>>,
        static_routes_only: Option<bool>,
        tags: Tags,
    }
}
arg_table! {
    /// `region:create_dx_connection{…}`.
    struct CreateDxConnection { location: String, bandwidth: String, tags: Tags }
}
arg_table! {
    /// `region:create_onprem_site{…}`.
    struct CreateOnpremSite { cidr_block: String, tags: Tags }
}
arg_table! {
    /// `region:create_client_vpn_endpoint{…}`.
    struct CreateClientVpnEndpoint { client_cidr_block: String, vpc: Ref<Vpc>, subnets: Option<Refs<Subnet>>, tags: Tags }
}

arg_table! {
    /// `region:create_image{…}`.
    struct CreateImage { instance: Ref<Instance>, name: String, no_reboot: Option<bool>, tags: Tags }
}

arg_table! {
    /// `region:create_launch_template{…}`.
    struct CreateLaunchTemplate {
        image_id: Option<String>,
        instance_type: Option<String>,
        security_groups: Option<Refs<SecurityGroup>>,
        user_data: Option<String>,
        market: Option<String>,
        delete_on_termination: Option<bool>,
        tags: Tags,
    }
}

arg_table! {
    /// `region:create_auto_scaling_group{…}`.
    struct CreateGroup {
        launch_template: Ref<LaunchTemplate>,
        subnets: Option<Refs<Subnet>>,
        min_size: Option<i64>,
        max_size: Option<i64>,
        desired_capacity: Option<i64>,
        tags: Tags,
    }
}

/// A method of a live region; `f` gets its key.
pub(super) fn call<A, R, M, F>(m: &mut M, name: &'static str, args: &'static str, doc: &'static str, f: F)
where
    A: mlua::FromLuaMulti,
    R: mlua::IntoLuaMulti,
    M: Members<Region>,
    F: Fn(&Lua, RegionKey, A) -> mlua::Result<R> + 'static,
{
    m.method(name, args, doc, move |lua, this, a| f(lua, this.key(lua)?, a));
}

fn asn(v: Option<i64>) -> mlua::Result<Option<u32>> {
    v.map(|v| u32::try_from(v).map_err(|_| lua_err(AwsError::new("InvalidParameterValue", format!("Invalid ASN {v}")))))
        .transpose()
}

impl UserData for Region {
    fn register(r: &mut UserDataRegistry<Self>) {
        super::members::install::<Region>(r);
        r.add_meta_method(MetaMethod::Eq, |_, this, o: Value| {
            Ok(matches!(o, Value::UserData(ud) if ud.borrow::<Region>().is_ok_and(|o| o.key == this.key && o.epoch == this.epoch)))
        });
    }
}

impl Object for Region {
    const NAME: &'static str = "Region";
    const VAR: &'static str = "region";
    const SUMMARY: &'static str = "An AWS region: creates VPCs, gateways, instances and hybrid links.";

    fn summary(&self, lua: &Lua) -> mlua::Result<String> {
        read(lua, |w| {
            if w.generation() != self.epoch {
                return Ok("Region (from before sim.reset())".to_string());
            }
            let r = w.region_info(self.key);
            Ok(format!("{} ({} AZs, {} VPCs)", r.name, r.azs.len(), vpcs_in(w, self.key).len()))
        })
    }

    fn members<M: Members<Self>>(m: &mut M) {
        m.field("name", "string", "The region name, e.g. us-east-1.", |lua, this| {
            let key = this.key(lua)?;
            read(lua, |w| Ok(w.region_info(key).name))
        });
        m.field("azs", "{string}", "Its availability zone names.", |lua, this| {
            let key = this.key(lua)?;
            let azs = read(lua, |w| Ok(w.region_info(key).azs))?;
            array(lua, azs.iter().copied())
        });
        call(
            m,
            "create_vpc",
            "{cidr_block, name?, tags?} -> Vpc",
            "Creates a VPC (available at once).",
            |lua, r, opts: Value| {
                let a = CreateVpc::read(lua, opts, "create_vpc")?;
                let k = write(lua, |w| w.create_vpc(r, &a.cidr_block, a.tags))?;
                new_handle::<Vpc>(lua, k)
            },
        );
        call(m, "default_vpc", "() -> Vpc | nil", "The default VPC, or nil if deleted.", |lua, r, ()| {
            let k = read(lua, |w| Ok(w.region_info(r).default_vpc.filter(|v| w.vpcs().get(*v).is_some())))?;
            k.map(|k| new_handle::<Vpc>(lua, k)).transpose()
        });
        call(
            m,
            "create_default_vpc",
            "() -> Vpc",
            "Recreates the default VPC (DefaultVpcAlreadyExists when one exists).",
            |lua, r, ()| {
                let k = write(lua, |w| w.create_default_vpc(r))?;
                new_handle::<Vpc>(lua, k)
            },
        );
        super::region_lists::members(m);
        call(
            m,
            "run_instances",
            "{subnet?, image_id?, instance_type = \"t3.micro\", count = 1, …} -> {Instance}",
            "Launches instances (RunInstances).",
            |lua, r, opts: Value| handles::<Instance>(lua, run_instances(lua, r, opts)?),
        );
        call(
            m,
            "create_internet_gateway",
            "{name?} -> InternetGateway",
            "Creates an internet gateway (attach it to a VPC).",
            |lua, r, opts: Value| {
                let a = Named::read(lua, opts, "create_internet_gateway")?;
                let k = write(lua, |w| w.create_internet_gateway(r, a.tags))?;
                new_handle::<InternetGateway>(lua, k)
            },
        );
        call(
            m,
            "create_vpn_gateway",
            "{name?, amazon_side_asn?} -> VpnGateway",
            "Creates a virtual private gateway.",
            |lua, r, opts: Value| {
                let a = CreateVpnGateway::read(lua, opts, "create_vpn_gateway")?;
                let asn = asn(a.amazon_side_asn)?;
                let k = write(lua, |w| w.create_vpn_gateway(r, asn, a.tags))?;
                new_handle::<VpnGateway>(lua, k)
            },
        );
        call(
            m,
            "allocate_address",
            "{name?} -> ElasticIp",
            "Allocates an Elastic IP address.",
            |lua, r, opts: Value| {
                let a = AllocateAddress::read(lua, opts, "allocate_address")?;
                let k = write(lua, |w| w.allocate_address(r, a.domain.as_deref(), a.tags))?;
                new_handle::<ElasticIp>(lua, k)
            },
        );
        call(
            m,
            "create_customer_gateway",
            "{ip_address, bgp_asn?, name?} -> CustomerGateway",
            "Describes the on-premises VPN device.",
            |lua, r, opts: Value| {
                let a = CreateCustomerGateway::read(lua, opts, "create_customer_gateway")?;
                let k = write(lua, |w| {
                    w.create_customer_gateway(r, &a.ip_address, a.bgp_asn, a.r#type.as_deref(), a.tags)
                })?;
                new_handle::<CustomerGateway>(lua, k)
            },
        );
        call(
            m,
            "create_vpn_connection",
            "{vpn_gateway, customer_gateway, static_routes?, static_routes_only?} -> VpnConnection",
            "Creates a site-to-site VPN with two tunnels: static routing with static_routes, else dynamic (BGP).",
            |lua, r, opts: Value| {
                let a = CreateVpnConnection::read(lua, opts, "create_vpn_connection")?;
                let routes = a.static_routes.unwrap_or_default();
                let k = write(lua, |w| {
                    w.create_vpn_connection(
                        r,
                        a.vpn_gateway.0,
                        a.customer_gateway.0,
                        &routes,
                        a.static_routes_only,
                        a.tags,
                    )
                })?;
                new_handle::<VpnConnection>(lua, k)
            },
        );
        call(
            m,
            "create_client_vpn_endpoint",
            "{client_cidr_block, vpc, subnets, name?} -> ClientVpnEndpoint",
            "Creates a Client VPN endpoint.",
            |lua, r, opts: Value| {
                let a = CreateClientVpnEndpoint::read(lua, opts, "create_client_vpn_endpoint")?;
                let subnets = a
                    .subnets
                    .ok_or_else(|| {
                        lua_err(AwsError::new("MissingParameter", "The request must contain the parameter subnets"))
                    })?
                    .0;
                let k =
                    write(lua, |w| w.create_client_vpn_endpoint(r, &a.client_cidr_block, a.vpc.0, &subnets, a.tags))?;
                new_handle::<ClientVpnEndpoint>(lua, k)
            },
        );
        call(
            m,
            "create_dx_connection",
            "{location, bandwidth, name?} -> DxConnection",
            "Creates a Direct Connect connection.",
            |lua, r, opts: Value| {
                let a = CreateDxConnection::read(lua, opts, "create_dx_connection")?;
                let k = write(lua, |w| w.create_dx_connection(r, &a.location, &a.bandwidth, a.tags))?;
                new_handle::<DxConnection>(lua, k)
            },
        );
        call(
            m,
            "create_onprem_site",
            "{name, cidr_block} -> OnPremSite",
            "A customer data center.",
            |lua, r, opts: Value| {
                let a = CreateOnpremSite::read(lua, opts, "create_onprem_site")?;
                let k = write(lua, |w| w.create_onprem_site(r, &a.cidr_block, a.tags))?;
                new_handle::<OnPremSite>(lua, k)
            },
        );
        call(
            m,
            "create_image",
            "{instance, name, no_reboot = false} -> Image",
            "A golden AMI of an instance (pending for timings.image_pending, then available); the instance reboots unless no_reboot.",
            |lua, _, opts: Value| {
                let a = CreateImage::read(lua, opts, "create_image")?;
                let no_reboot = a.no_reboot.unwrap_or(false);
                let k = write(lua, |w| {
                    let k = w.create_image(a.instance.0, &a.name, no_reboot)?;
                    if !a.tags.is_empty() {
                        w.create_tags(ResKey::Image(k), &a.tags)?;
                    }
                    Ok(k)
                })?;
                new_handle::<Image>(lua, k)
            },
        );
        call(
            m,
            "create_launch_template",
            "{name, image_id?, instance_type = \"t3.micro\", security_groups?, user_data?, market?, delete_on_termination?} -> LaunchTemplate",
            "Creates a launch template (version 1).",
            |lua, r, opts: Value| {
                let a = CreateLaunchTemplate::read(lua, opts, "create_launch_template")?;
                let market = Market::parse(a.market.as_deref().unwrap_or("on-demand")).map_err(lua_err)?;
                let name = a.tags.get("Name").cloned().unwrap_or_default();
                let lt = model::LaunchTemplate {
                    id: String::new(),
                    name,
                    region: r,
                    image_id: a.image_id,
                    instance_type: a.instance_type.unwrap_or_else(|| "t3.micro".into()),
                    security_groups: a.security_groups.map(|g| g.0),
                    user_data: a.user_data,
                    market,
                    delete_on_termination: a.delete_on_termination,
                    tags: a.tags,
                };
                let k = write(lua, |w| w.create_launch_template(r, lt))?;
                new_handle::<LaunchTemplate>(lua, k)
            },
        );
        call(
            m,
            "create_auto_scaling_group",
            "{name, launch_template, subnets, min_size, max_size, desired_capacity?} -> AutoScalingGroup",
            "Creates an Auto Scaling group and launches its desired capacity across the subnets' AZs.",
            |lua, r, opts: Value| {
                let a = CreateGroup::read(lua, opts, "create_auto_scaling_group")?;
                let spec = GroupSpec {
                    name: a.tags.get("Name").cloned().ok_or_else(|| missing("name"))?,
                    launch_template: a.launch_template.0,
                    subnets: a.subnets.ok_or_else(|| missing("subnets"))?.0,
                    min_size: size(a.min_size, "min_size")?.ok_or_else(|| missing("min_size"))?,
                    max_size: size(a.max_size, "max_size")?.ok_or_else(|| missing("max_size"))?,
                    desired_capacity: size(a.desired_capacity, "desired_capacity")?,
                    tags: a.tags,
                };
                let k = write(lua, |w| w.create_auto_scaling_group(r, spec))?;
                new_handle::<AutoScalingGroup>(lua, k)
            },
        );
        for (name, args, what) in LATER {
            call(m, name, args, what, move |_, _, _: mlua::MultiValue| -> mlua::Result<()> {
                Err(lua_err(AwsError::new(
                    "NotImplemented",
                    format!("region:{name} comes in a later version of vpclab"),
                )))
            });
        }
    }
}

/// Region methods LUA_API.md names that later milestones build; calling one says so.
const LATER: [(&str, &str, &str); 3] = [
    (
        "create_function",
        "{function_name, handler, memory_size?, timeout?, vpc_config?} -> LambdaFunction",
        "Creates a Lambda function. (a later milestone: not available yet)",
    ),
    ("create_ecs_cluster", "{name} -> EcsCluster", "Creates an ECS cluster. (a later milestone: not available yet)"),
    (
        "create_eks_cluster",
        "{name, subnets} -> EksCluster",
        "Creates an EKS cluster. (a later milestone: not available yet)",
    ),
];
