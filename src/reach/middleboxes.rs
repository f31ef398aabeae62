//! Route targets inside a VPC that forward the packet on: a NAT gateway (source translation
//! to its own address, ports 1024–65535) and an appliance (an instance or interface route
//! target: no translation, its source/destination check and its groups).

use super::engine::{Engine, LegKind, Sink, Step, Stop, eni_component, expl, with_fixes};
use super::ephemeral;
use super::explain::{self as x, id};
use super::fix::Fix;
use super::trace::HopAction;
use crate::model::{EniKey, EniOwner, InstanceState, NatKey, NatState, ResKey};

impl<S: Sink> Engine<'_, S> {
    /// Through a NAT gateway: its subnet's ACL inbound, source translation, then its route table.
    pub(super) fn via_nat(&mut self, from: EniKey, n: NatKey) -> Step {
        let w = self.w;
        let Some(nat) = w.nats().get(n) else { return Err(Stop) };
        let Some(ne) = nat.eni.and_then(|k| w.enis().get(k).map(|e| (k, e))) else {
            let state = nat.state.as_str();
            let why = match &nat.failure {
                Some((code, message)) => format!(" ({code}: {message})"),
                None => String::new(),
            };
            return self.fail(|w| {
                let c = id(w, ResKey::Nat(n));
                expl(x::BAD_STATE, c.clone(), "nat-gateway", None, None,
                    format!("NAT gateway {c} is {state}{why} and has no network interface, so it forwards nothing. Fix the cause and create a new one."))
            });
        };
        let (nk, nat_eni) = ne;
        let crossing = w.enis().get(from).map(|e| e.subnet) != Some(nat_eni.subnet);
        let before = self.pkt;
        self.push_leg(LegKind::Eni { from, to: nk, crossing, pcx: None }, before, before.src);
        if crossing {
            self.acl_step(nat_eni.subnet, false)?;
        }
        let in_vpc = w.vpcs().get(nat_eni.vpc).is_some_and(|v| v.contains(before.src));
        self.pkt.src = nat_eni.private_ip;
        self.pkt.src_port = ephemeral::WIDE.from;
        self.nat_side = true;
        self.used_nat = true;
        self.sender = Some(nk);
        let private = nat_eni.private_ip;
        self.hop(|w| {
            (
                id(w, ResKey::Nat(n)),
                "nat-gateway",
                HopAction::Forward,
                None,
                format!("translates {} to {private} (ports 1024-65535)", before.src),
            )
        });
        if nat.state != NatState::Available {
            let state = nat.state.as_str();
            self.block(|w| {
                let c = id(w, ResKey::Nat(n));
                expl(x::BAD_STATE, c.clone(), "nat-gateway", None, None,
                    format!("NAT gateway {c} is {state}, not available: it forwards nothing until it is. Wait for it (sim.advance) or create a new one."))
            })?;
        }
        self.az_check_nat(n, nk)?;
        if !in_vpc {
            let src = before.src;
            self.block(|w| {
                let c = id(w, ResKey::Nat(n));
                expl(x::NGW_REQUIRES_SOURCE_IN_VPC, c.clone(), "nat-gateway", None, None,
                    format!("NAT gateway {c} only translates traffic from its own VPC, and {src} is outside it. Give that network its own NAT gateway."))
            })?;
        }
        self.leave(nk, false)
    }

    /// Through an appliance (instance or interface route target): no translation.
    pub(super) fn via_appliance(&mut self, from: EniKey, a: EniKey) -> Step {
        let w = self.w;
        let Some(ae) = w.enis().get(a) else { return Err(Stop) };
        let crossing = w.enis().get(from).map(|e| e.subnet) != Some(ae.subnet);
        let before = self.pkt;
        self.push_leg(LegKind::Eni { from, to: a, crossing, pcx: None }, before, before.src);
        if crossing {
            self.acl_step(ae.subnet, false)?;
        }
        let (c, kind) = if S::FULL { eni_component(w, a) } else { (String::new(), "") };
        let c2 = c.clone();
        let check = ae.source_dest_check;
        self.hop(move |_| {
            if check {
                (
                    c2,
                    kind,
                    HopAction::Deny,
                    None,
                    "appliance: its source/destination check is on, so it drops traffic not addressed to itself"
                        .to_string(),
                )
            } else {
                (c2, kind, HopAction::Forward, None, "appliance: forwards without translation".to_string())
            }
        });
        let inst_key = ae.attachment.map(|x| x.instance);
        let inst = inst_key.and_then(|k| w.instances().get(k));
        if let Some(state) = inst.filter(|i| i.state != InstanceState::Running).map(|i| i.state.as_str()) {
            let c2 = c.clone();
            self.block(move |w| {
                let (advice, fixes) = x::state_advice(w, inst_key.map(ResKey::Instance), state);
                let e = expl(
                    x::BAD_STATE,
                    c2.clone(),
                    kind,
                    None,
                    None,
                    format!("Appliance {c2} is {state}: it forwards nothing until it is running; {advice}."),
                );
                with_fixes(e, w, fixes)
            })?;
        }
        if inst.is_none() && ae.owner == EniOwner::User {
            let c2 = c.clone();
            self.block(move |_| {
                expl(
                    x::BAD_STATE,
                    c2.clone(),
                    kind,
                    None,
                    None,
                    format!(
                        "Interface {c2} is not attached to an instance, so nothing forwards the traffic routed to it."
                    ),
                )
            })?;
        }
        if ae.source_dest_check {
            let dst = self.pkt.dst;
            self.block(move |w| {
                let e = expl(x::ENI_SOURCE_DEST_CHECK_RESTRICTION, id(w, ResKey::Eni(a)), "network-interface", None, None,
                    format!("Routes send the packet for {dst} to {kind} {c}, but its source/destination check is on, so it drops traffic not addressed to itself."));
                with_fixes(e, w, vec![Fix::DisableSourceDestCheck(a)])
            })?;
        }
        // The appliance's own groups see the forwarded packet: inbound from the sender,
        // outbound towards the destination (checked by `leave`).
        if !ae.security_groups.is_empty() {
            self.sg_step(a, false)?;
        }
        // Past a middlebox, group references no longer match the client (AWS): only its
        // address, which the appliance keeps, does.
        self.sender = None;
        self.via_appliance = Some(a);
        self.leave(a, true)
    }
}
