//! Addresses both in a VPC and in a connected on-premises site (AWS allows the overlap): which
//! side the route table picks and why, following AWS's route priority ("How route priority
//! works"; Site-to-Site VPN "route priority"): the local route is preferred for the VPC's own
//! blocks even over a more specific propagated route; otherwise the longest prefix wins.

use crate::model::{ResKey, Route, RtbKey, SiteKey, SiteLink, Target, VpcKey, World};
use std::net::Ipv4Addr;

/// The note for the route-table hop that routed `dst` with `route` in `rtb` of `vpc`, when
/// `dst` lies in one of the VPC's blocks and in the block of an on-premises site linked to the
/// VPC's virtual private gateway; `response`: the packet is the reply.
pub(crate) fn note(
    w: &World,
    rtb: RtbKey,
    vpc: VpcKey,
    dst: Ipv4Addr,
    route: &Route,
    response: bool,
) -> Option<String> {
    let v = w.vpcs().get(vpc)?;
    let block = v.cidrs.iter().find(|c| c.contains_addr(dst))?;
    let g = v.vpn_gateway?;
    let linked = |l: &SiteLink| match *l {
        SiteLink::Vpn(k) => w.vpns().get(k).is_some_and(|c| c.vpn_gateway == g),
        SiteLink::Vif(k) => w.vifs().get(k).is_some_and(|x| x.vpn_gateway == g),
    };
    let (site, s) = w
        .sites()
        .iter()
        .filter(|(_, s)| s.cidr.contains_addr(dst) && s.links.iter().any(linked))
        .max_by_key(|(_, s)| s.cidr.prefix())?;
    let what = if response { "the response" } else { "the flow" };
    let both = format!(
        "{dst} is in both {} {block} (local route) and on-prem site {} {}",
        w.label(ResKey::Vpc(vpc)),
        w.label(ResKey::Site(site)),
        s.cidr
    );
    if route.target == Target::Local {
        let propagated = w.propagated_routes(rtb).into_iter().filter(|r| r.destination.contains_addr(dst));
        let over = match propagated.max_by_key(|r| r.destination.prefix()) {
            Some(p) => {
                format!(" over the propagated route {} -> {}", p.destination, super::explain::target_label(w, p.target))
            }
            None => String::new(),
        };
        return Some(format!(
            "{both}: the local route wins{over} (AWS always prefers a VPC's local route for its own blocks, even over a more specific propagated route), so {what} stays in the VPC."
        ));
    }
    let target = super::explain::target_label(w, route.target);
    Some(format!(
        "{both}: route {} -> {target} is more specific than the local route {block}, so it wins (longest prefix match) and {what} goes to {target}.",
        route.destination
    ))
}

/// The note for a flow a site sends to `dst` in `vpc` when `dst` is also in the site's own
/// block: which side vpclab sends it to, and that on-premises routing is not modelled.
pub(crate) fn from_site(w: &World, site: SiteKey, vpc: VpcKey, dst: Ipv4Addr) -> Option<String> {
    let s = w.sites().get(site).filter(|s| s.cidr.contains_addr(dst))?;
    let block = w.vpcs().get(vpc)?.cidrs.iter().find(|c| c.contains_addr(dst))?;
    Some(format!(
        "{dst} is in both on-prem site {} {} and {} {block}: vpclab sends it from the site over its link into the VPC (routing inside the site is not modelled; a site router that keeps its own block local would never send it).",
        w.label(ResKey::Site(site)),
        s.cidr,
        w.label(ResKey::Vpc(vpc))
    ))
}
