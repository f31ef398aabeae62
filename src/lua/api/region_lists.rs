//! The Region object's listings: VPCs, subnets, security groups, instances, volumes.

use super::args::{Ref, arg_table};
use super::handle::{Instance, SecurityGroup, Subnet, Volume, Vpc, handles};
use super::members::Members;
use super::region::{Region, call, vpcs_in};
use super::value::{lua_err, read};
use crate::model::{AwsError, VolumeState};
use mlua::Value;

arg_table! {
    /// `region:instances{…}`.
    struct InstanceFilter { state: Option<String>, vpc: Option<Ref<Vpc>>, name: Option<String> }
}
arg_table! {
    /// `region:volumes{…}`.
    struct VolumeFilter { state: Option<String> }
}

const VOLUME_STATES: [VolumeState; 3] = [VolumeState::InUse, VolumeState::Available, VolumeState::Deleted];

/// Registers the listings.
pub(super) fn members<M: Members<Region>>(m: &mut M) {
    call(m, "vpcs", "() -> {Vpc}", "The region's VPCs.", |lua, r, ()| {
        handles::<Vpc>(lua, read(lua, |w| Ok(vpcs_in(w, r)))?)
    });
    call(m, "subnets", "() -> {Subnet}", "The region's subnets.", |lua, r, ()| {
        let keys = read(lua, |w| {
            let vpcs = vpcs_in(w, r);
            Ok(w.subnets().iter().filter(|(_, s)| vpcs.contains(&s.vpc)).map(|(k, _)| k).collect::<Vec<_>>())
        })?;
        handles::<Subnet>(lua, keys)
    });
    call(m, "security_groups", "() -> {SecurityGroup}", "The region's security groups.", |lua, r, ()| {
        let keys = read(lua, |w| {
            let vpcs = vpcs_in(w, r);
            Ok(w.sgs().iter().filter(|(_, s)| vpcs.contains(&s.vpc)).map(|(k, _)| k).collect::<Vec<_>>())
        })?;
        handles::<SecurityGroup>(lua, keys)
    });
    call(
        m,
        "instances",
        "{state?, vpc?, name?} -> {Instance}",
        "The region's instances, filtered.",
        |lua, r, opts: Value| {
            let a = InstanceFilter::read(lua, opts, "instances")?;
            let vpc = a.vpc.map(|v| v.0);
            let keys = read(lua, |w| {
                Ok(w.instances()
                    .iter()
                    .filter(|(_, i)| i.region == r)
                    .filter(|(_, i)| a.state.as_deref().is_none_or(|s| i.state.as_str() == s))
                    .filter(|(_, i)| vpc.is_none_or(|v| i.vpc == v))
                    .filter(|(_, i)| a.name.as_deref().is_none_or(|n| i.tags.get("Name").is_some_and(|x| x == n)))
                    .map(|(k, _)| k)
                    .collect::<Vec<_>>())
            })?;
            handles::<Instance>(lua, keys)
        },
    );
    call(
        m,
        "volumes",
        "{state?} -> {Volume}",
        "The region's EBS volumes (deleted ones only with state = \"deleted\"); state = \"available\" finds detached volumes still billed.",
        |lua, r, opts: Value| {
            let a = VolumeFilter::read(lua, opts, "volumes")?;
            let state = match a.state.as_deref() {
                None => None,
                Some(s) => Some(VOLUME_STATES.into_iter().find(|v| v.as_str() == s).ok_or_else(|| {
                    lua_err(AwsError::new(
                        "InvalidParameterValue",
                        format!("Invalid volume state '{s}': use in-use, available or deleted"),
                    ))
                })?),
            };
            let keys = read(lua, |w| {
                Ok(w.volumes()
                    .iter()
                    .filter(|(_, v)| v.region == r)
                    .filter(|(_, v)| state.map_or(v.state != VolumeState::Deleted, |s| v.state == s))
                    .map(|(k, _)| k)
                    .collect::<Vec<_>>())
            })?;
            handles::<Volume>(lua, keys)
        },
    );
}
