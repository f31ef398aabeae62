//! Internet gateways and virtual private gateways: create, attach, detach, delete.

use super::*;
use crate::aws_err;

/// An internet gateway.
#[derive(Debug, Clone)]
pub struct InternetGateway {
    /// `igw-…`.
    pub id: String,
    /// Its region.
    pub region: RegionKey,
    /// The VPC it is attached to.
    pub vpc: Option<VpcKey>,
    /// Tags.
    pub tags: Tags,
}

/// A virtual private gateway (the AWS side of VPN and Direct Connect).
#[derive(Debug, Clone)]
pub struct VpnGateway {
    /// `vgw-…`.
    pub id: String,
    /// Its region.
    pub region: RegionKey,
    /// The VPC it is attached to.
    pub vpc: Option<VpcKey>,
    /// The Amazon-side BGP ASN (64512 by default).
    pub amazon_side_asn: u32,
    /// Tags.
    pub tags: Tags,
}

/// Whether an ASN is in a private range AWS accepts for the Amazon side.
fn valid_amazon_asn(asn: u32) -> bool {
    (64512..=65534).contains(&asn) || (4_200_000_000..=4_294_967_294).contains(&asn)
}

impl World {
    /// `CreateInternetGateway`.
    pub fn create_internet_gateway(&mut self, region: RegionKey, tags: Tags) -> Result<IgwKey> {
        super::tags::check(&tags)?;
        let count = self.stores.igws.iter().filter(|(_, g)| g.region == region).count() as u32;
        let quota = self.config.quotas.internet_gateways();
        if count >= quota {
            return Err(aws_err!(
                "InternetGatewayLimitExceeded",
                "The maximum number of internet gateways ({quota}) has been reached in {}",
                self.region_info(region).name
            ));
        }
        Ok(self.insert_igw(region, tags))
    }

    pub(crate) fn insert_igw(&mut self, region: RegionKey, tags: Tags) -> IgwKey {
        let id = self.new_id(Kind::InternetGateway);
        let key = self.stores.igws.insert(InternetGateway { id: id.clone(), region, vpc: None, tags });
        self.register(&id, ResKey::Igw(key));
        key
    }

    /// `AttachInternetGateway`: one gateway per VPC, one VPC per gateway.
    pub fn attach_internet_gateway(&mut self, igw: IgwKey, vpc: VpcKey) -> Result<()> {
        let g = self.igw(igw)?;
        self.check_attachable(&g.id, g.vpc, g.region, vpc)?;
        let v = self.vpc(vpc)?;
        if let Some(other) = v.internet_gateway {
            return Err(aws_err!(
                "Resource.AlreadyAssociated",
                "network {} already has internet gateway {} attached",
                self.label_id(&v.id),
                self.label_id(&self.igw(other)?.id)
            ));
        }
        self.get_mut(igw)?.vpc = Some(vpc);
        self.get_mut(vpc)?.internet_gateway = Some(igw);
        Ok(())
    }

    /// `DetachInternetGateway`: refused while public addresses are mapped in the VPC.
    pub fn detach_internet_gateway(&mut self, igw: IgwKey, vpc: Option<VpcKey>) -> Result<()> {
        let g = self.igw(igw)?;
        let attached = self.attached_vpc(&g.id, g.vpc, vpc)?;
        let nat_mapped = self.stores.nats.iter().any(|(_, n)| {
            n.eip.is_some()
                && matches!(n.state, NatState::Pending | NatState::Available | NatState::Deleting)
                && self.stores.subnets.get(n.subnet).is_some_and(|s| s.vpc == attached)
        });
        if nat_mapped || self.stores.enis.iter().any(|(_, e)| e.vpc == attached && self.public_ip_of(e).is_some()) {
            return Err(aws_err!(
                "DependencyViolation",
                "Network {} has some mapped public address(es). Please unmap those public address(es) before detaching the gateway.",
                self.label_id(&self.vpc(attached)?.id)
            ));
        }
        self.get_mut(igw)?.vpc = None;
        self.get_mut(attached)?.internet_gateway = None;
        Ok(())
    }

    /// `DeleteInternetGateway`: only when detached.
    pub fn delete_internet_gateway(&mut self, igw: IgwKey) -> Result<()> {
        let g = self.igw(igw)?;
        if let Some(v) = g.vpc {
            return Err(aws_err!("DependencyViolation", "{} is being utilized by {}", self.label_id(&g.id), self.label_id(&self.vpc(v)?.id)));
        }
        let id = g.id.clone();
        self.stores.igws.remove(igw);
        self.unregister(&id);
        Ok(())
    }

    /// `CreateVpnGateway`.
    pub fn create_vpn_gateway(
        &mut self,
        region: RegionKey,
        amazon_side_asn: Option<u32>,
        tags: Tags,
    ) -> Result<VgwKey> {
        super::tags::check(&tags)?;
        let asn = amazon_side_asn.unwrap_or(64512);
        if !valid_amazon_asn(asn) {
            return Err(aws_err!(
                "InvalidParameterValue",
                "The ASN {asn} is invalid: use a private ASN in 64512-65534 or 4200000000-4294967294"
            ));
        }
        let id = self.new_id(Kind::VpnGateway);
        let key = self.stores.vgws.insert(VpnGateway { id: id.clone(), region, vpc: None, amazon_side_asn: asn, tags });
        self.register(&id, ResKey::Vgw(key));
        Ok(key)
    }

    /// `AttachVpnGateway`: one VGW per VPC at a time.
    pub fn attach_vpn_gateway(&mut self, vgw: VgwKey, vpc: VpcKey) -> Result<()> {
        let g = self.vgw(vgw)?;
        self.check_attachable(&g.id, g.vpc, g.region, vpc)?;
        let v = self.vpc(vpc)?;
        if let Some(other) = v.vpn_gateway {
            return Err(aws_err!(
                "InvalidVpcState",
                "The VPC {} already has virtual private gateway {} attached",
                self.label_id(&v.id),
                self.label_id(&self.vgw(other)?.id)
            ));
        }
        self.get_mut(vgw)?.vpc = Some(vpc);
        self.get_mut(vpc)?.vpn_gateway = Some(vgw);
        Ok(())
    }

    /// `DetachVpnGateway`.
    pub fn detach_vpn_gateway(&mut self, vgw: VgwKey, vpc: Option<VpcKey>) -> Result<()> {
        let g = self.vgw(vgw)?;
        let attached = self.attached_vpc(&g.id, g.vpc, vpc)?;
        self.get_mut(vgw)?.vpc = None;
        self.get_mut(attached)?.vpn_gateway = None;
        Ok(())
    }

    /// `DeleteVpnGateway`: only when detached.
    pub fn delete_vpn_gateway(&mut self, vgw: VgwKey) -> Result<()> {
        let g = self.vgw(vgw)?;
        if let Some(v) = g.vpc {
            return Err(aws_err!(
                "IncorrectState",
                "The virtual private gateway {} is attached to {}: detach it first",
                self.label_id(&g.id),
                self.label_id(&self.vpc(v)?.id)
            ));
        }
        if let Some((_, c)) = self.stores.vpns.iter().find(|(_, c)| c.vpn_gateway == vgw && !c.is_deleted()) {
            return Err(aws_err!(
                "IncorrectState",
                "The virtual private gateway {} is used by VPN connection {}",
                self.label_id(&g.id),
                self.label_id(&c.id)
            ));
        }
        let id = g.id.clone();
        self.stores.vgws.remove(vgw);
        self.unregister(&id);
        Ok(())
    }

    /// Checks a gateway (`id`, attached to `current`, in `region`) may attach to `vpc`.
    fn check_attachable(&self, id: &str, current: Option<VpcKey>, region: RegionKey, vpc: VpcKey) -> Result<()> {
        let v = self.vpc(vpc)?;
        if let Some(other) = current {
            return Err(aws_err!(
                "Resource.AlreadyAssociated",
                "resource {} is already attached to network {}",
                self.label_id(id),
                self.label_id(&self.vpc(other)?.id)
            ));
        }
        if v.region != region {
            return Err(aws_err!(
                "InvalidVpcID.NotFound",
                "The vpc ID '{}' does not exist in the region of {}",
                v.id,
                self.label_id(id)
            ));
        }
        Ok(())
    }

    /// The VPC a gateway detaches from: the one it is attached to, which must be `vpc` when given.
    fn attached_vpc(&self, id: &str, current: Option<VpcKey>, vpc: Option<VpcKey>) -> Result<VpcKey> {
        match (current, vpc) {
            (Some(a), None) => Ok(a),
            (Some(a), Some(b)) if a == b => Ok(a),
            (_, Some(b)) => {
                Err(aws_err!(
                "Gateway.NotAttached",
                "resource {} is not attached to network {}",
                self.label_id(id),
                self.label_id(&self.vpc(b)?.id)
            ))
            }
            (None, None) => {
                Err(aws_err!("Gateway.NotAttached", "resource {} is not attached to any network", self.label_id(id)))
            }
        }
    }
}
