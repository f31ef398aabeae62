//! Network interfaces: addresses, security groups, attachment, source/dest check.

use super::*;
use crate::aws_err;
use std::net::Ipv4Addr;

/// What an interface belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EniOwner {
    /// Created by the user (standalone or an instance's).
    User,
    /// A NAT gateway's interface.
    NatGateway(NatKey),
    /// A Client VPN endpoint's interface in one target subnet.
    ClientVpn(CvpnKey),
}

/// An interface's attachment to an instance.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Attachment {
    /// The instance.
    pub instance: InstanceKey,
    /// Device index (0 = primary).
    pub device_index: u32,
}

/// A network interface.
#[derive(Debug, Clone)]
pub struct NetworkInterface {
    /// `eni-…`.
    pub id: String,
    /// Its subnet.
    pub subnet: SubnetKey,
    /// Its VPC.
    pub vpc: VpcKey,
    /// Primary private address.
    pub private_ip: Ipv4Addr,
    /// Auto-assigned public address (not an Elastic IP).
    pub public_ip: Option<Ipv4Addr>,
    /// Whether it gets a new public address whenever its instance starts.
    pub auto_public_ip: bool,
    /// The associated Elastic IP.
    pub eip: Option<EipKey>,
    /// Security groups.
    pub security_groups: Vec<SgKey>,
    /// Source/destination check (on by default).
    pub source_dest_check: bool,
    /// Attachment to an instance.
    pub attachment: Option<Attachment>,
    /// Description.
    pub description: String,
    /// Who owns it.
    pub owner: EniOwner,
    /// Tags.
    pub tags: Tags,
}

impl World {
    /// The public address an interface answers on: its Elastic IP, else its auto-assigned one.
    pub fn public_ip_of(&self, eni: &NetworkInterface) -> Option<Ipv4Addr> {
        eni.eip.and_then(|e| self.stores.eips.get(e)).map(|e| e.public_ip).or(eni.public_ip)
    }

    pub(crate) fn insert_eni(
        &mut self,
        subnet: SubnetKey,
        addr: Option<Ipv4Addr>,
        groups: Vec<SgKey>,
        owner: EniOwner,
        description: &str,
    ) -> Result<EniKey> {
        let vpc = self.subnet(subnet)?.vpc;
        let private_ip = self.take_address(subnet, addr)?;
        let id = self.new_id(Kind::NetworkInterface);
        let key = self.stores.enis.insert(NetworkInterface {
            id: id.clone(),
            subnet,
            vpc,
            private_ip,
            public_ip: None,
            auto_public_ip: false,
            eip: None,
            security_groups: groups,
            source_dest_check: true,
            attachment: None,
            description: description.to_string(),
            owner,
            tags: Tags::new(),
        });
        self.register(&id, ResKey::Eni(key));
        Ok(key)
    }

    pub(crate) fn remove_eni(&mut self, eni: EniKey) {
        if let Some(e) = self.stores.enis.remove(eni) {
            self.free_address(e.subnet, e.private_ip);
            if let Some(eip) = e.eip.and_then(|k| self.stores.eips.get_mut(k)) {
                eip.association = None;
            }
            self.unregister(&e.id);
        }
    }

    /// `CreateNetworkInterface`: groups default to the VPC's default group.
    pub fn create_network_interface(
        &mut self,
        subnet: SubnetKey,
        private_ip: Option<Ipv4Addr>,
        groups: Option<Vec<SgKey>>,
        description: &str,
        tags: Tags,
    ) -> Result<EniKey> {
        super::tags::check(&tags)?;
        let s = self.subnet(subnet)?;
        let groups = match groups {
            Some(g) => g,
            None => vec![self.vpc(s.vpc)?.default_security_group],
        };
        self.check_interface_groups(s.vpc, &s.id, &groups)?;
        let key = self.insert_eni(subnet, private_ip, groups, EniOwner::User, description)?;
        self.get_mut(key)?.tags = tags;
        Ok(key)
    }

    /// `ModifyNetworkInterfaceAttribute groupSet`.
    pub fn set_interface_groups(&mut self, eni: EniKey, groups: Vec<SgKey>) -> Result<()> {
        let e = self.eni(eni)?;
        let subnet_id = self.subnet(e.subnet)?.id.clone();
        self.check_interface_groups(e.vpc, &subnet_id, &groups)?;
        self.get_mut(eni)?.security_groups = groups;
        Ok(())
    }

    /// `ModifyNetworkInterfaceAttribute sourceDestCheck`.
    pub fn set_source_dest_check(&mut self, eni: EniKey, on: bool) -> Result<()> {
        self.get_mut(eni)?.source_dest_check = on;
        Ok(())
    }

    /// `AttachNetworkInterface`: same AZ, a free device index, within the type's limit.
    pub fn attach_network_interface(&mut self, eni: EniKey, instance: InstanceKey, device_index: u32) -> Result<()> {
        let e = self.eni(eni)?;
        let inst = self.instance(instance)?;
        if e.attachment.is_some() || e.owner != EniOwner::User {
            return Err(aws_err!(
                "InvalidNetworkInterface.InUse",
                "The network interface {} is currently in use.",
                self.quoted_label(&e.id)
            ));
        }
        if !matches!(inst.state, InstanceState::Running | InstanceState::Stopped) {
            return Err(aws_err!(
                "IncorrectInstanceState",
                "The instance {} is {}: attach interfaces to running or stopped instances",
                self.quoted_label(&inst.id),
                inst.state.as_str()
            ));
        }
        if self.subnet(e.subnet)?.az != self.subnet(inst.subnet)?.az {
            return Err(aws_err!(
                "InvalidParameterCombination",
                "The network interface {} and instance {} are in different availability zones",
                self.label_id(&e.id),
                self.label_id(&inst.id)
            ));
        }
        if e.vpc != inst.vpc {
            return Err(aws_err!(
                "InvalidParameterValue",
                "The network interface {} and instance {} belong to different networks",
                self.label_id(&e.id),
                self.label_id(&inst.id)
            ));
        }
        let attached: Vec<u32> = self
            .stores.enis
            .iter()
            .filter_map(|(_, x)| x.attachment.filter(|a| a.instance == instance).map(|a| a.device_index))
            .collect();
        if attached.contains(&device_index) {
            return Err(aws_err!(
                "InvalidParameterValue",
                "Instance {} already has an interface attached at device index '{device_index}'",
                self.quoted_label(&inst.id)
            ));
        }
        let max = catalog::instance_type(&inst.instance_type).map(|t| t.max_enis).unwrap_or(2);
        if attached.len() as u32 >= max {
            return Err(aws_err!(
                "AttachmentLimitExceeded",
                "Interface count {} exceeds the limit of {max} for {}",
                attached.len() + 1,
                inst.instance_type
            ));
        }
        self.get_mut(eni)?.attachment = Some(Attachment { instance, device_index });
        Ok(())
    }

    /// `DetachNetworkInterface`: never the primary interface.
    pub fn detach_network_interface(&mut self, eni: EniKey) -> Result<()> {
        let e = self.eni(eni)?;
        match e.attachment {
            None => Err(aws_err!("IncorrectState", "The network interface {} is not attached", self.quoted_label(&e.id))),
            Some(a) if a.device_index == 0 => Err(aws_err!(
                "OperationNotPermitted",
                "The network interface at device index 0 and networkCard index 0 cannot be detached."
            )),
            Some(_) => {
                self.get_mut(eni)?.attachment = None;
                Ok(())
            }
        }
    }

    /// `DeleteNetworkInterface`: only unattached user interfaces.
    pub fn delete_network_interface(&mut self, eni: EniKey) -> Result<()> {
        let e = self.eni(eni)?;
        if e.attachment.is_some() || e.owner != EniOwner::User {
            return Err(aws_err!(
                "InvalidNetworkInterface.InUse",
                "The network interface {} is currently in use.",
                self.quoted_label(&e.id)
            ));
        }
        self.remove_eni(eni);
        Ok(())
    }
}
