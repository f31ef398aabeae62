//! Deterministic resource ids and typed keys.

use std::fmt;

/// Generates AWS-looking ids (`vpc-` + 17 hex digits) from a per-world counter
/// passed through a fixed bijective mix, so they look random but repeat run to run.
#[derive(Debug, Clone, Default)]
pub struct IdGen {
    counter: u64,
    seed: u64,
}

impl IdGen {
    /// A generator whose ids depend on `seed` (0 is the default world).
    pub fn with_seed(seed: u64) -> IdGen {
        IdGen { counter: 0, seed }
    }

    /// The next id with this prefix.
    pub fn next(&mut self, prefix: &str) -> String {
        self.counter += 1;
        format!("{prefix}-{:017x}", mix(self.counter ^ self.seed.rotate_left(17)))
    }

    /// The next raw number from the same sequence (used for public addresses).
    pub fn next_number(&mut self) -> u64 {
        self.counter += 1;
        mix(self.counter ^ self.seed)
    }
}

/// The splitmix64 finaliser: a bijection on u64.
pub(crate) fn mix(mut x: u64) -> u64 {
    x ^= x >> 30;
    x = x.wrapping_mul(0xbf58_476d_1ce4_e5b9);
    x ^= x >> 27;
    x = x.wrapping_mul(0x94d0_49bb_1331_11eb);
    x ^ (x >> 31)
}

macro_rules! keys {
    ($($(#[$doc:meta])* $name:ident),* $(,)?) => {$(
        $(#[$doc])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub struct $name(pub u32);
        impl $name {
            /// The slot index.
            pub fn index(self) -> usize { self.0 as usize }
        }
        impl super::store::StoreKey for $name {
            fn from_index(index: u32) -> Self { $name(index) }
            fn slot(self) -> usize { self.0 as usize }
        }
        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result { write!(f, "{}#{}", stringify!($name), self.0) }
        }
    )*};
}

keys!(
    /// A region in use.
    RegionKey,
    /// A VPC.
    VpcKey,
    /// A subnet.
    SubnetKey,
    /// An internet gateway.
    IgwKey,
    /// A virtual private gateway.
    VgwKey,
    /// A route table.
    RtbKey,
    /// A network ACL.
    AclKey,
    /// A security group.
    SgKey,
    /// A network interface.
    EniKey,
    /// An EC2 instance.
    InstanceKey,
    /// An Elastic IP allocation.
    EipKey,
    /// A NAT gateway.
    NatKey,
    /// A VPC peering connection.
    PcxKey,
    /// A customer gateway.
    CgwKey,
    /// A Site-to-Site VPN connection.
    VpnKey,
    /// A Direct Connect connection.
    DxKey,
    /// A Direct Connect private virtual interface.
    VifKey,
    /// An on-premises site.
    SiteKey,
    /// A host in an on-premises site or a Client VPN client.
    HostKey,
    /// A Client VPN endpoint.
    CvpnKey,
);

/// Any resource, by kind and key.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[allow(missing_docs)]
pub enum ResKey {
    Vpc(VpcKey),
    Subnet(SubnetKey),
    Igw(IgwKey),
    Vgw(VgwKey),
    Rtb(RtbKey),
    Acl(AclKey),
    Sg(SgKey),
    Eni(EniKey),
    Instance(InstanceKey),
    Eip(EipKey),
    Nat(NatKey),
    Pcx(PcxKey),
    Cgw(CgwKey),
    Vpn(VpnKey),
    Dx(DxKey),
    Vif(VifKey),
    Site(SiteKey),
    Host(HostKey),
    Cvpn(CvpnKey),
}

impl ResKey {
    /// The kind name used by `aws.get(id, kind)` and in messages.
    pub fn kind(&self) -> Kind {
        match self {
            ResKey::Vpc(_) => Kind::Vpc,
            ResKey::Subnet(_) => Kind::Subnet,
            ResKey::Igw(_) => Kind::InternetGateway,
            ResKey::Vgw(_) => Kind::VpnGateway,
            ResKey::Rtb(_) => Kind::RouteTable,
            ResKey::Acl(_) => Kind::NetworkAcl,
            ResKey::Sg(_) => Kind::SecurityGroup,
            ResKey::Eni(_) => Kind::NetworkInterface,
            ResKey::Instance(_) => Kind::Instance,
            ResKey::Eip(_) => Kind::ElasticIp,
            ResKey::Nat(_) => Kind::NatGateway,
            ResKey::Pcx(_) => Kind::VpcPeeringConnection,
            ResKey::Cgw(_) => Kind::CustomerGateway,
            ResKey::Vpn(_) => Kind::VpnConnection,
            ResKey::Dx(_) => Kind::DxConnection,
            ResKey::Vif(_) => Kind::DxVif,
            ResKey::Site(_) => Kind::OnPremSite,
            ResKey::Host(_) => Kind::Host,
            ResKey::Cvpn(_) => Kind::ClientVpnEndpoint,
        }
    }
}

/// Resource kinds: id prefix, kind name, NotFound and Malformed codes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[allow(missing_docs)]
pub enum Kind {
    Vpc,
    Subnet,
    InternetGateway,
    VpnGateway,
    RouteTable,
    NetworkAcl,
    SecurityGroup,
    NetworkInterface,
    Instance,
    ElasticIp,
    NatGateway,
    VpcPeeringConnection,
    CustomerGateway,
    VpnConnection,
    DxConnection,
    DxVif,
    OnPremSite,
    Host,
    ClientVpnEndpoint,
}

impl Kind {
    /// Every kind, in a fixed order.
    pub const ALL: [Kind; 19] = [
        Kind::Vpc,
        Kind::Subnet,
        Kind::InternetGateway,
        Kind::VpnGateway,
        Kind::RouteTable,
        Kind::NetworkAcl,
        Kind::SecurityGroup,
        Kind::NetworkInterface,
        Kind::Instance,
        Kind::ElasticIp,
        Kind::NatGateway,
        Kind::VpcPeeringConnection,
        Kind::CustomerGateway,
        Kind::VpnConnection,
        Kind::DxConnection,
        Kind::DxVif,
        Kind::OnPremSite,
        Kind::Host,
        Kind::ClientVpnEndpoint,
    ];

    /// The id prefix (`vpc`, `subnet`, …).
    pub fn prefix(self) -> &'static str {
        match self {
            Kind::Vpc => "vpc",
            Kind::Subnet => "subnet",
            Kind::InternetGateway => "igw",
            Kind::VpnGateway => "vgw",
            Kind::RouteTable => "rtb",
            Kind::NetworkAcl => "acl",
            Kind::SecurityGroup => "sg",
            Kind::NetworkInterface => "eni",
            Kind::Instance => "i",
            Kind::ElasticIp => "eipalloc",
            Kind::NatGateway => "nat",
            Kind::VpcPeeringConnection => "pcx",
            Kind::CustomerGateway => "cgw",
            Kind::VpnConnection => "vpn",
            Kind::DxConnection => "dxcon",
            Kind::DxVif => "dxvif",
            Kind::OnPremSite => "site",
            Kind::Host => "host",
            Kind::ClientVpnEndpoint => "cvpn-endpoint",
        }
    }

    /// The kind name of LUA_API.md (`vpc`, `security-group`, …).
    pub fn name(self) -> &'static str {
        match self {
            Kind::Vpc => "vpc",
            Kind::Subnet => "subnet",
            Kind::InternetGateway => "internet-gateway",
            Kind::VpnGateway => "vpn-gateway",
            Kind::RouteTable => "route-table",
            Kind::NetworkAcl => "network-acl",
            Kind::SecurityGroup => "security-group",
            Kind::NetworkInterface => "network-interface",
            Kind::Instance => "instance",
            Kind::ElasticIp => "elastic-ip",
            Kind::NatGateway => "nat-gateway",
            Kind::VpcPeeringConnection => "vpc-peering-connection",
            Kind::CustomerGateway => "customer-gateway",
            Kind::VpnConnection => "vpn-connection",
            Kind::DxConnection => "dx-connection",
            Kind::DxVif => "dx-vif",
            Kind::OnPremSite => "onprem-site",
            Kind::Host => "host",
            Kind::ClientVpnEndpoint => "client-vpn-endpoint",
        }
    }

    /// The kind for a kind name.
    pub fn from_name(name: &str) -> Option<Kind> {
        Kind::ALL.into_iter().find(|k| k.name() == name)
    }

    /// The kind whose id prefix starts `id` (`vpc-…`), if any.
    pub fn of_id(id: &str) -> Option<Kind> {
        let (prefix, _) = id.rsplit_once('-')?;
        Kind::ALL.into_iter().find(|k| k.prefix() == prefix)
    }

    /// AWS's NotFound code for this kind.
    pub fn not_found_code(self) -> &'static str {
        match self {
            Kind::Vpc => "InvalidVpcID.NotFound",
            Kind::Subnet => "InvalidSubnetID.NotFound",
            Kind::InternetGateway => "InvalidInternetGatewayID.NotFound",
            Kind::VpnGateway => "InvalidVpnGatewayID.NotFound",
            Kind::RouteTable => "InvalidRouteTableID.NotFound",
            Kind::NetworkAcl => "InvalidNetworkAclID.NotFound",
            Kind::SecurityGroup => "InvalidGroup.NotFound",
            Kind::NetworkInterface => "InvalidNetworkInterfaceID.NotFound",
            Kind::Instance => "InvalidInstanceID.NotFound",
            Kind::ElasticIp => "InvalidAllocationID.NotFound",
            Kind::NatGateway => "NatGatewayNotFound",
            Kind::VpcPeeringConnection => "InvalidVpcPeeringConnectionID.NotFound",
            Kind::CustomerGateway => "InvalidCustomerGatewayID.NotFound",
            Kind::VpnConnection => "InvalidVpnConnectionID.NotFound",
            Kind::DxConnection => "DirectConnectClientException",
            Kind::DxVif => "DirectConnectClientException",
            Kind::OnPremSite => "InvalidParameterValue",
            Kind::Host => "InvalidParameterValue",
            Kind::ClientVpnEndpoint => "InvalidClientVpnEndpointId.NotFound",
        }
    }

    /// AWS's Malformed code for this kind.
    pub fn malformed_code(self) -> &'static str {
        match self {
            Kind::Vpc => "InvalidVpcID.Malformed",
            Kind::Subnet => "InvalidSubnetID.Malformed",
            Kind::InternetGateway => "InvalidInternetGatewayID.Malformed",
            Kind::VpnGateway => "InvalidVpnGatewayID.Malformed",
            Kind::RouteTable => "InvalidRouteTableID.Malformed",
            Kind::NetworkAcl => "InvalidNetworkAclID.Malformed",
            Kind::SecurityGroup => "InvalidGroupId.Malformed",
            Kind::NetworkInterface => "InvalidNetworkInterfaceID.Malformed",
            Kind::Instance => "InvalidInstanceID.Malformed",
            Kind::ElasticIp => "InvalidAllocationID.Malformed",
            Kind::NatGateway => "InvalidNatGatewayID.Malformed",
            Kind::VpcPeeringConnection => "InvalidVpcPeeringConnectionId.Malformed",
            Kind::CustomerGateway => "InvalidCustomerGatewayID.Malformed",
            Kind::VpnConnection => "InvalidVpnConnectionID.Malformed",
            Kind::ClientVpnEndpoint => "InvalidClientVpnEndpointId.Malformed",
            _ => "InvalidParameterValue",
        }
    }

    /// Whether `id` is well formed for this kind: prefix, `-`, 8 or 17 lowercase hex digits.
    pub fn is_well_formed(self, id: &str) -> bool {
        id.strip_prefix(self.prefix()).and_then(|r| r.strip_prefix('-')).is_some_and(|hex| {
            (hex.len() == 17 || hex.len() == 8) && hex.bytes().all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b))
        })
    }
}

impl fmt::Display for Kind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_are_deterministic_and_well_formed() {
        let mut a = IdGen::default();
        let mut b = IdGen::default();
        let x = a.next("vpc");
        assert_eq!(x, b.next("vpc"));
        assert!(Kind::Vpc.is_well_formed(&x), "{x}");
        assert_ne!(a.next("vpc"), x);
        assert_ne!(IdGen::with_seed(7).next("vpc"), x);
    }

    #[test]
    fn kinds_by_id_and_name() {
        assert_eq!(Kind::of_id("vpc-0123"), Some(Kind::Vpc));
        assert_eq!(Kind::of_id("cvpn-endpoint-0123"), Some(Kind::ClientVpnEndpoint));
        assert_eq!(Kind::of_id("web"), None);
        assert_eq!(Kind::from_name("security-group"), Some(Kind::SecurityGroup));
        assert!(!Kind::Vpc.is_well_formed("vpc-xyz"));
    }
}
