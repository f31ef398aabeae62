//! Client VPN endpoints: client CIDR, target subnets, authorization rules, connected clients.

use super::*;
use crate::aws_err;
use crate::net::Cidr;
use std::net::Ipv4Addr;

/// A Client VPN endpoint.
#[derive(Debug, Clone)]
pub struct ClientVpnEndpoint {
    /// `cvpn-endpoint-…`.
    pub id: String,
    /// Its region.
    pub region: RegionKey,
    /// The VPC of its target networks.
    pub vpc: VpcKey,
    /// Addresses handed to clients (/12–/22).
    pub client_cidr: Cidr,
    /// Target subnets (one per AZ).
    pub subnets: Vec<SubnetKey>,
    /// The endpoint's interface in each target subnet (clients are SNATed to these).
    pub enis: Vec<EniKey>,
    /// Destination blocks clients are authorized to reach.
    pub authorized: Vec<Cidr>,
    /// Tags.
    pub tags: Tags,
}

impl World {
    /// `CreateClientVpnEndpoint` with its target network associations.
    pub fn create_client_vpn_endpoint(
        &mut self,
        region: RegionKey,
        client_cidr: &str,
        vpc: VpcKey,
        subnets: &[SubnetKey],
        tags: Tags,
    ) -> Result<CvpnKey> {
        super::tags::check(&tags)?;
        let cidr = vpc::parse_cidr(client_cidr, "clientCidrBlock")?;
        if !(12..=22).contains(&cidr.prefix()) {
            return Err(aws_err!(
                "InvalidParameterValue",
                "The client CIDR {cidr} is invalid: it must be between /12 and /22"
            ));
        }
        let v = self.vpc(vpc)?;
        if let Some(c) = v.cidrs.iter().find(|c| c.overlaps(&cidr)) {
            return Err(aws_err!(
                "InvalidParameterValue",
                "The client CIDR {cidr} overlaps the VPC block {c} of {}",
                self.label_id(&v.id)
            ));
        }
        if subnets.is_empty() {
            return Err(aws_err!("MissingParameter", "A Client VPN endpoint needs at least one target subnet"));
        }
        let mut azs = Vec::new();
        for s in subnets {
            let sn = self.subnet(*s)?;
            if sn.vpc != vpc {
                return Err(aws_err!("InvalidParameterValue", "The subnet {} is not in {}", self.label_id(&sn.id), self.label_id(&v.id)));
            }
            if azs.contains(&sn.az) {
                return Err(aws_err!(
                    "InvalidClientVpnSubnetId.DuplicateAz",
                    "Two target subnets are in {}: use one subnet per availability zone",
                    sn.az
                ));
            }
            if sn.lowest_free().is_none() {
                return Err(aws_err!(
                    "InsufficientFreeAddressesInSubnet",
                    "The subnet {} has no free address for the endpoint's interface",
                    self.label_id(&sn.id)
                ));
            }
            azs.push(sn.az);
        }
        let key = self.stores.cvpns.next_key();
        let group = v.default_security_group;
        let mut enis = Vec::new();
        for s in subnets {
            enis.push(self.insert_eni(
                *s,
                None,
                vec![group],
                EniOwner::ClientVpn(key),
                "ClientVPN Endpoint interface",
            )?);
        }
        let id = self.new_id(Kind::ClientVpnEndpoint);
        self.stores.cvpns.insert(ClientVpnEndpoint {
            id: id.clone(),
            region,
            vpc,
            client_cidr: cidr,
            subnets: subnets.to_vec(),
            enis,
            authorized: Vec::new(),
            tags,
        });
        self.register(&id, ResKey::Cvpn(key));
        Ok(key)
    }

    /// `AuthorizeClientVpnIngress` for a destination block.
    pub fn authorize_client_vpn(&mut self, cvpn: CvpnKey, cidr: &str) -> Result<()> {
        let c = vpc::parse_cidr(cidr, "targetNetworkCidr")?;
        let e = self.cvpn(cvpn)?;
        if e.authorized.contains(&c) {
            return Err(aws_err!("InvalidParameterValue", "An authorization rule for {c} already exists on {}", self.label_id(&e.id)));
        }
        self.get_mut(cvpn)?.authorized.push(c);
        Ok(())
    }

    /// Connects a client: it gets the next address of the client CIDR.
    pub fn connect_client(&mut self, cvpn: CvpnKey, tags: Tags) -> Result<HostKey> {
        super::tags::check(&tags)?;
        let e = self.cvpn(cvpn)?;
        let taken = self.stores.hosts.iter().filter(|(_, h)| h.home == HostHome::ClientVpn(cvpn)).count() as u64;
        let offset = 2 + taken;
        if offset >= e.client_cidr.size() - 1 {
            return Err(aws_err!(
                "ClientVpnConnectionLimitExceeded",
                "The client CIDR {} of {} has no free address",
                e.client_cidr,
                self.label_id(&e.id)
            ));
        }
        let ip = Ipv4Addr::from(e.client_cidr.first_u32() + offset as u32);
        Ok(self.insert_host(HostHome::ClientVpn(cvpn), ip, tags))
    }
}
