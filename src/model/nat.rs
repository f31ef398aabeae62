//! NAT gateways: created `pending`, then `available` or `failed` on the clock; deleted via `deleting`.

use super::*;
use crate::aws_err;
use std::net::Ipv4Addr;

/// `public` or `private`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Connectivity {
    /// Reaches the internet through the VPC's internet gateway, with an Elastic IP.
    Public,
    /// Reaches other networks only.
    Private,
}

impl Connectivity {
    /// Parses `"public"` / `"private"`.
    pub fn parse(text: &str) -> Result<Connectivity> {
        match text {
            "public" => Ok(Connectivity::Public),
            "private" => Ok(Connectivity::Private),
            _ => Err(aws_err!(
                "InvalidParameterValue",
                "Invalid value '{text}' for connectivity_type: use 'public' or 'private'"
            )),
        }
    }

    /// AWS's name.
    pub fn as_str(self) -> &'static str {
        match self {
            Connectivity::Public => "public",
            Connectivity::Private => "private",
        }
    }
}

/// A NAT gateway state.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[allow(missing_docs)]
pub enum NatState {
    Pending,
    Available,
    Failed,
    Deleting,
    Deleted,
}

impl NatState {
    /// AWS's name.
    pub fn as_str(self) -> &'static str {
        match self {
            NatState::Pending => "pending",
            NatState::Available => "available",
            NatState::Failed => "failed",
            NatState::Deleting => "deleting",
            NatState::Deleted => "deleted",
        }
    }
}

/// A NAT gateway.
#[derive(Debug, Clone)]
pub struct NatGateway {
    /// `nat-…`.
    pub id: String,
    /// Its subnet.
    pub subnet: SubnetKey,
    /// Public or private.
    pub connectivity: Connectivity,
    /// Its Elastic IP (public NAT).
    pub eip: Option<EipKey>,
    /// Its interface in the subnet (absent when it failed).
    pub eni: Option<EniKey>,
    /// State.
    pub state: NatState,
    /// Why it failed.
    pub failure: Option<(String, String)>,
    pub(crate) token: u64,
    /// When its next timed transition is due, in ms.
    pub(crate) due: Option<u64>,
    /// Tags.
    pub tags: Tags,
}

impl World {
    /// `CreateNatGateway`. A public gateway needs an Elastic IP; when its VPC has no
    /// internet gateway it ends `failed` (`Gateway.NotAttached`), as AWS does.
    pub fn create_nat_gateway(
        &mut self,
        subnet: SubnetKey,
        eip: Option<EipKey>,
        connectivity: Connectivity,
        tags: Tags,
    ) -> Result<NatKey> {
        super::tags::check(&tags)?;
        let s = self.subnet(subnet)?;
        let vpc = s.vpc;
        let az = s.az;
        match (connectivity, eip) {
            (Connectivity::Public, None) => {
                return Err(aws_err!(
                    "MissingParameter",
                    "The request must contain the parameter allocationId: a public NAT gateway needs an Elastic IP (elastic_ip = …)"
                ));
            }
            (Connectivity::Private, Some(_)) => {
                return Err(aws_err!("InvalidParameterCombination", "A private NAT gateway cannot have an Elastic IP"));
            }
            _ => {}
        }
        let live = self
            .stores.nats
            .iter()
            .filter(|(_, n)| matches!(n.state, NatState::Pending | NatState::Available | NatState::Deleting))
            .filter(|(_, n)| self.stores.subnets.get(n.subnet).is_some_and(|x| x.az == az))
            .count() as u32;
        if live >= self.config.quotas.nat_gateways_per_az {
            return Err(aws_err!(
                "NatGatewayLimitExceeded",
                "The maximum number of NAT gateways ({}) has been reached in {az}",
                self.config.quotas.nat_gateways_per_az
            ));
        }
        let failure = self.nat_failure(subnet, vpc, connectivity, eip)?;
        let key = self.stores.nats.next_key();
        let (eni, eip) = if failure.is_none() {
            let eni =
                self.insert_eni(subnet, None, Vec::new(), EniOwner::NatGateway(key), "Interface for NAT Gateway")?;
            if let Some(e) = eip {
                self.get_mut(e)?.association = Some(EipAssociation::Nat(key));
            }
            (Some(eni), eip)
        } else {
            (None, None)
        };
        let id = self.new_id(Kind::NatGateway);
        self.stores.nats.insert(NatGateway {
            id: id.clone(),
            subnet,
            connectivity,
            eip,
            eni,
            state: NatState::Pending,
            failure,
            token: 0,
            due: None,
            tags,
        });
        self.register(&id, ResKey::Nat(key));
        let due = self.now_ms + (self.config.timings.nat_pending * 1000.0).round() as u64;
        self.schedule_nat(key, due);
        Ok(key)
    }

    fn nat_failure(
        &self,
        subnet: SubnetKey,
        vpc: VpcKey,
        c: Connectivity,
        eip: Option<EipKey>,
    ) -> Result<Option<(String, String)>> {
        if let Some(e) = eip {
            let a = self.eip(e)?;
            if a.association.is_some() {
                return Ok(Some((
                    "Resource.AlreadyAssociated".into(),
                    format!("Elastic IP address [{}] is already associated", a.id),
                )));
            }
        }
        if c == Connectivity::Public && self.vpc(vpc)?.internet_gateway.is_none() {
            return Ok(Some((
                "Gateway.NotAttached".into(),
                format!("Network {} has no Internet gateway attached", self.vpc(vpc)?.id),
            )));
        }
        if self.subnet(subnet)?.lowest_free().is_none() {
            return Ok(Some((
                "InsufficientFreeAddressesInSubnet".into(),
                format!("Subnet {} has no free addresses", self.subnet(subnet)?.id),
            )));
        }
        Ok(None)
    }

    /// `DeleteNatGateway`: `deleting` now (its routes turn `blackhole`), `deleted` later.
    pub fn delete_nat_gateway(&mut self, nat: NatKey) -> Result<()> {
        let n = self.nat(nat)?;
        if matches!(n.state, NatState::Deleting | NatState::Deleted) {
            return Ok(());
        }
        let failed = n.state == NatState::Failed;
        self.get_mut(nat)?.state = if failed { NatState::Deleted } else { NatState::Deleting };
        self.meter_resource(ResKey::Nat(nat), false);
        if !failed {
            let due = self.now_ms + (self.config.timings.nat_deleting * 1000.0).round() as u64;
            self.schedule_nat(nat, due);
        }
        Ok(())
    }

    /// The NAT gateway's private address.
    pub fn nat_private_ip(&self, nat: NatKey) -> Option<Ipv4Addr> {
        self.stores.nats.get(nat)?.eni.and_then(|e| self.stores.enis.get(e)).map(|e| e.private_ip)
    }

    /// The NAT gateway's public address.
    pub fn nat_public_ip(&self, nat: NatKey) -> Option<Ipv4Addr> {
        self.stores.nats.get(nat)?.eip.and_then(|e| self.stores.eips.get(e)).map(|e| e.public_ip)
    }

    pub(crate) fn fire_nat(&mut self, key: NatKey, token: u64) {
        let Some(n) = self.stores.nats.get(key) else { return };
        if n.token != token {
            return;
        }
        if let Some(n) = self.stores.nats.get_mut(key) {
            n.due = None;
        }
        let Some(n) = self.stores.nats.get(key) else { return };
        match n.state {
            NatState::Pending => {
                let failed = n.failure.is_some();
                let state = if failed { NatState::Failed } else { NatState::Available };
                if let Some(n) = self.stores.nats.get_mut(key) {
                    n.state = state;
                }
                self.events.push(Event::Nat { nat: key, state, at_ms: self.now_ms });
                if !failed {
                    self.meter_resource(ResKey::Nat(key), true);
                }
            }
            NatState::Deleting => {
                let (eni, eip) = (n.eni, n.eip);
                if let Some(e) = eni {
                    self.remove_eni(e);
                }
                if let Some(a) = eip.and_then(|e| self.stores.eips.get_mut(e)) {
                    a.association = None;
                }
                if let Some(n) = self.stores.nats.get_mut(key) {
                    n.state = NatState::Deleted;
                    n.eni = None;
                }
                self.events.push(Event::Nat { nat: key, state: NatState::Deleted, at_ms: self.now_ms });
            }
            _ => {}
        }
    }

    /// boto3's `nat_gateway_available` / `nat_gateway_deleted` waiters: advance the clock
    /// until the NAT gateway reaches `target`; a state it cannot leave is `WaiterError`.
    pub fn wait_nat_gateway(&mut self, nat: NatKey, target: NatState) -> Result<()> {
        loop {
            let n = self.nat(nat)?;
            if n.state == target {
                return Ok(());
            }
            let terminal = matches!(n.state, NatState::Failed | NatState::Deleted)
                || (target == NatState::Available && n.state == NatState::Deleting);
            match n.due.filter(|_| !terminal) {
                Some(due) => self.advance_to(due),
                None => {
                    return Err(aws_err!(
                        "WaiterError",
                        "Waiter NatGateway{} failed: the NAT gateway {} is {} and will not become {}",
                        if target == NatState::Available { "Available" } else { "Deleted" },
                        self.label_id(&n.id),
                        n.state.as_str(),
                        target.as_str()
                    ));
                }
            }
        }
    }
}
