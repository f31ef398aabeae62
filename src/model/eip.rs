//! Elastic IP addresses: allocate, associate, disassociate, release.

use super::*;
use crate::aws_err;
use std::net::Ipv4Addr;

/// What an Elastic IP is associated with.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EipAssociation {
    /// A network interface (an instance's primary interface when associated by instance).
    Eni(EniKey),
    /// A NAT gateway.
    Nat(NatKey),
}

/// An Elastic IP allocation.
#[derive(Debug, Clone)]
pub struct ElasticIp {
    /// `eipalloc-…` (the allocation id).
    pub id: String,
    /// Its region.
    pub region: RegionKey,
    /// The address.
    pub public_ip: Ipv4Addr,
    /// What it is associated with.
    pub association: Option<EipAssociation>,
    /// Tags.
    pub tags: Tags,
}

impl World {
    /// `AllocateAddress` (domain `vpc`).
    pub fn allocate_address(&mut self, region: RegionKey, domain: Option<&str>, tags: Tags) -> Result<EipKey> {
        super::tags::check(&tags)?;
        if let Some(d) = domain.filter(|d| *d != "vpc") {
            return Err(aws_err!("InvalidParameterValue", "Invalid domain '{d}': only 'vpc' exists"));
        }
        let count = self.stores.eips.iter().filter(|(_, e)| e.region == region).count() as u32;
        let quota = self.config.quotas.elastic_ips_per_region;
        if count >= quota {
            return Err(aws_err!(
                "AddressLimitExceeded",
                "The maximum number of addresses has been reached: {count} of {quota} Elastic IPs in {}",
                self.region_info(region).name
            ));
        }
        let id = self.new_id(Kind::ElasticIp);
        let public_ip = self.allocate_public_ip();
        let key = self.stores.eips.insert(ElasticIp { id: id.clone(), region, public_ip, association: None, tags });
        self.register(&id, ResKey::Eip(key));
        self.meter_resource(ResKey::Eip(key), true);
        Ok(key)
    }

    /// `AssociateAddress` with an instance (its primary interface) or a network interface.
    pub fn associate_address_with(&mut self, eip: EipKey, target: ResKey, allow_reassociation: bool) -> Result<()> {
        let eni = match target {
            ResKey::Instance(i) => self.instance(i)?.primary_eni,
            ResKey::Eni(e) => e,
            other => {
                return Err(aws_err!(
                    "InvalidParameterValue",
                    "an Elastic IP associates with an instance or a network interface, not a {}",
                    other.kind().name()
                ));
            }
        };
        self.associate_address(eip, eni, allow_reassociation)
    }

    /// `AssociateAddress` with a network interface.
    pub fn associate_address(&mut self, eip: EipKey, eni: EniKey, allow_reassociation: bool) -> Result<()> {
        let a = self.eip(eip)?;
        let e = self.eni(eni)?;
        if let Some(inst) = e.attachment.map(|x| x.instance) {
            let i = self.instance(inst)?;
            if !matches!(i.state, InstanceState::Running | InstanceState::Stopped | InstanceState::Stopping) {
                return Err(aws_err!(
                    "IncorrectInstanceState",
                    "The instance {} is {}: an address can be associated once it is running or stopped",
                    self.quoted_label(&i.id),
                    i.state.as_str()
                ));
            }
        }
        if self.vpc(e.vpc)?.internet_gateway.is_none() {
            return Err(aws_err!(
                "Gateway.NotAttached",
                "Network {} is not attached to any internet gateway: attach one before associating {}",
                self.label_id(&self.vpc(e.vpc)?.id),
                a.public_ip
            ));
        }
        match a.association {
            Some(EipAssociation::Eni(x)) if x == eni => return Ok(()),
            Some(_) if !allow_reassociation => {
                return Err(aws_err!(
                    "Resource.AlreadyAssociated",
                    "resource {} ({}) is already associated; pass allow_reassociation = true to move it",
                    self.label_id(&a.id),
                    a.public_ip
                ));
            }
            Some(EipAssociation::Nat(n)) => {
                return Err(aws_err!(
                    "Resource.AlreadyAssociated",
                    "resource {} is used by NAT gateway {}",
                    self.label_id(&a.id),
                    self.label_id(&self.nat(n)?.id)
                ));
            }
            _ => {}
        }
        self.disassociate_address(eip)?;
        if let Some(old) = self.eni(eni)?.eip {
            self.disassociate_address(old)?;
        }
        self.set_auto_public_ip(eni, None);
        let e = self.get_mut(eni)?;
        e.eip = Some(eip);
        self.get_mut(eip)?.association = Some(EipAssociation::Eni(eni));
        Ok(())
    }

    /// `DisassociateAddress`: an interface that had an auto-assigned address gets a new one.
    pub fn disassociate_address(&mut self, eip: EipKey) -> Result<()> {
        let Some(EipAssociation::Eni(eni)) = self.eip(eip)?.association else {
            return Ok(());
        };
        self.get_mut(eip)?.association = None;
        let Ok(e) = self.eni(eni) else { return Ok(()) };
        let running = e
            .attachment
            .and_then(|a| self.stores.instances.get(a.instance))
            .is_some_and(|i| matches!(i.state, InstanceState::Running | InstanceState::Pending));
        let renew = e.auto_public_ip && running;
        let ip = renew.then(|| self.allocate_public_ip());
        self.get_mut(eni)?.eip = None;
        self.set_auto_public_ip(eni, ip);
        Ok(())
    }

    /// `ReleaseAddress`: only when not associated.
    pub fn release_address(&mut self, eip: EipKey) -> Result<()> {
        let a = self.eip(eip)?;
        if a.association.is_some() {
            return Err(aws_err!(
                "InvalidIPAddress.InUse",
                "Address {} ({}) is in use: disassociate it first",
                a.public_ip,
                self.label_id(&a.id)
            ));
        }
        let id = a.id.clone();
        self.meter_resource(ResKey::Eip(eip), false);
        self.stores.eips.remove(eip);
        self.unregister(&id);
        Ok(())
    }
}
