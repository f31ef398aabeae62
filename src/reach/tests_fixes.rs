//! Applying advised fixes through the model's public methods: a hint never advises a change
//! the model itself would refuse, and the change removes the blocker it was advised for.

use super::*;
use crate::model::*;

/// Applies one fix to the world like a student following the advice would.
pub(crate) fn apply(w: &mut World, f: &Fix) -> crate::model::Result<()> {
    match f {
        Fix::Authorize { group, egress, traffic, cidr } => {
            let spec = SgRuleSpec { traffic: *traffic, cidrs: vec![cidr.to_string()], group: None, description: None };
            w.authorize(*group, *egress, &spec).map(|_| ())
        }
        Fix::AllowAclEntry { acl, egress, rule_number, traffic, cidr } => {
            let spec = AclEntrySpec {
                rule_number: i64::from(*rule_number),
                egress: *egress,
                traffic: *traffic,
                cidr_block: cidr.to_string(),
                rule_action: "allow".into(),
            };
            w.add_acl_entry(*acl, &spec)
        }
        Fix::CreateRoute { rtb, destination, target } => w.create_route(*rtb, &destination.to_string(), *target),
        Fix::ReplaceRoute { rtb, destination, target } => w.replace_route(*rtb, &destination.to_string(), *target),
        Fix::AssociateRouteTable { rtb, subnet } => w.associate_route_table(*rtb, *subnet),
        Fix::AttachNewInternetGateway(v) => {
            let region = w.vpc(*v)?.region;
            let g = w.create_internet_gateway(region, Tags::new())?;
            w.attach_internet_gateway(g, *v)
        }
        Fix::AttachInternetGateway(g, v) => w.attach_internet_gateway(*g, *v),
        Fix::AcceptPeering(p) => w.accept_peering(*p),
        Fix::StartInstance(i) => w.start_instance(*i),
        Fix::AssociateElasticIp(e) => {
            let region = w.vpc(w.eni(*e)?.vpc)?.region;
            let eip = w.allocate_address(region, None, Tags::new())?;
            w.associate_address(eip, *e, false)
        }
        Fix::DisableSourceDestCheck(e) => w.set_source_dest_check(*e, false),
        Fix::TunnelUp(v) => w.set_tunnel_state(*v, 1, true),
    }
}

/// What tells blockers apart: code, component, direction, and the cause as the message
/// states it (the addresses and ports it names), without the advice.
fn identity(e: &Explanation) -> (&'static str, String, Option<Direction>, String) {
    let cause = e.message.split(" Fix: ").next().unwrap_or_default().to_string();
    (e.code, e.component.clone(), e.direction, cause)
}

/// Applies every fix of every blocker of `t` to a copy of `w` (each must be accepted), lets
/// the clock run, and checks that no blocker that had fixes is found again.
pub(crate) fn check_fixes(w: &World, flow: &Flow, t: &Trace) -> std::result::Result<(), String> {
    let mut copy = w.clone();
    let mut fixed = Vec::new();
    for e in &t.explanations {
        for f in &e.fixes {
            // Each fix on its own must be accepted; together, a later one may find its rule
            // number taken by an earlier one (both chose the same free number).
            apply(&mut w.clone(), f).map_err(|err| format!("advised fix {f:?} refused: {err}\n{t}"))?;
            if apply(&mut copy, f).is_err() {
                return Ok(());
            }
        }
        if !e.fixes.is_empty() {
            fixed.push(identity(e));
        }
    }
    if fixed.is_empty() {
        return Ok(());
    }
    copy.advance(300.0).map_err(|e| e.to_string())?;
    let after = trace(&copy, flow).map_err(|e| e.to_string())?;
    for e in &after.explanations {
        if fixed.contains(&identity(e)) {
            return Err(format!(
                "{} at {} is still there after its fixes:\nbefore:\n{t}\nafter:\n{after}",
                e.code, e.component
            ));
        }
    }
    Ok(())
}
