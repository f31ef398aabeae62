//! Hybrid links: customer gateways, Site-to-Site VPN, Direct Connect, and the on-premises
//! site and host types (their methods in `sites.rs`; deleting links in `hybrid_delete.rs`).

use super::prices::DX_SPEEDS;
use super::*;
use crate::aws_err;
use crate::net::Cidr;
use std::net::Ipv4Addr;

/// A customer gateway (the on-premises VPN device).
#[derive(Debug, Clone)]
pub struct CustomerGateway {
    /// `cgw-…`.
    pub id: String,
    /// Its region.
    pub region: RegionKey,
    /// The device's public address.
    pub ip_address: Ipv4Addr,
    /// The device's BGP ASN.
    pub bgp_asn: u32,
    /// Deleted (`DeleteCustomerGateway`).
    pub deleted: bool,
    /// Tags.
    pub tags: Tags,
}

/// One of a VPN connection's two tunnels.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Tunnel {
    /// AWS's endpoint address.
    pub outside_ip: Ipv4Addr,
    /// Whether the tunnel is up.
    pub up: bool,
}

/// A Site-to-Site VPN connection.
#[derive(Debug, Clone)]
pub struct VpnConnection {
    /// `vpn-…`.
    pub id: String,
    /// Its region.
    pub region: RegionKey,
    /// The AWS side.
    pub vpn_gateway: VgwKey,
    /// The customer side.
    pub customer_gateway: CgwKey,
    /// Static routing (`StaticRoutesOnly`): the site's blocks are the static routes.
    /// Otherwise BGP: the blocks of the sites connected over it are advertised while a
    /// tunnel is up.
    pub static_routes_only: bool,
    /// Static routes (on-premises blocks).
    pub static_routes: Vec<Cidr>,
    /// The two tunnels (down until the site connects).
    pub tunnels: [Tunnel; 2],
    /// Once deleted: when `deleting` becomes `deleted` (ms).
    pub deleting_until: Option<u64>,
    /// Tags.
    pub tags: Tags,
}

impl VpnConnection {
    /// Whether any tunnel is up.
    pub fn is_up(&self) -> bool {
        self.tunnels.iter().any(|t| t.up)
    }

    /// Whether `DeleteVpnConnection` was called (`deleting` or `deleted`).
    pub fn is_deleted(&self) -> bool {
        self.deleting_until.is_some()
    }

    /// `available`, `deleting` or `deleted` at clock `now_ms`.
    pub fn state(&self, now_ms: u64) -> &'static str {
        match self.deleting_until {
            None => "available",
            Some(t) if now_ms < t => "deleting",
            Some(_) => "deleted",
        }
    }
}

/// A Direct Connect dedicated connection.
#[derive(Debug, Clone)]
pub struct DxConnection {
    /// `dxcon-…`.
    pub id: String,
    /// Its region.
    pub region: RegionKey,
    /// The DX location code.
    pub location: String,
    /// Port speed: `1Gbps`, `10Gbps`, `100Gbps` or `400Gbps`.
    pub bandwidth: String,
    /// Deleted (`DeleteConnection`).
    pub deleted: bool,
    /// Tags.
    pub tags: Tags,
}

/// A private virtual interface from a DX connection to a VGW.
#[derive(Debug, Clone)]
pub struct DxVif {
    /// `dxvif-…`.
    pub id: String,
    /// The connection.
    pub connection: DxKey,
    /// The VGW it reaches.
    pub vpn_gateway: VgwKey,
    /// 802.1Q VLAN.
    pub vlan: u16,
    /// Customer BGP ASN.
    pub bgp_asn: u32,
    /// Deleted (`DeleteVirtualInterface`).
    pub deleted: bool,
    /// Tags.
    pub tags: Tags,
}

/// A link an on-premises site uses to reach AWS.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SiteLink {
    /// A Site-to-Site VPN connection.
    Vpn(VpnKey),
    /// A Direct Connect private VIF.
    Vif(VifKey),
}

/// A customer data center.
#[derive(Debug, Clone)]
pub struct OnPremSite {
    /// `site-…` (vpclab's own id).
    pub id: String,
    /// Its region (where its links terminate).
    pub region: RegionKey,
    /// Its address block.
    pub cidr: Cidr,
    /// Links, in connection order.
    pub links: Vec<SiteLink>,
    /// Tags (`Name` is its name).
    pub tags: Tags,
}

/// Where a host lives.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum HostHome {
    /// In an on-premises site.
    Site(SiteKey),
    /// A Client VPN client.
    ClientVpn(CvpnKey),
}

/// An on-premises host or a connected Client VPN client.
#[derive(Debug, Clone)]
pub struct Host {
    /// `host-…` (vpclab's own id).
    pub id: String,
    /// Where it lives.
    pub home: HostHome,
    /// Its address.
    pub ip: Ipv4Addr,
    /// Tags (`Name` is its name).
    pub tags: Tags,
}

impl World {
    /// `CreateCustomerGateway` (type `ipsec.1`).
    pub fn create_customer_gateway(
        &mut self,
        region: RegionKey,
        ip_address: &str,
        bgp_asn: Option<i64>,
        gateway_type: Option<&str>,
        tags: Tags,
    ) -> Result<CgwKey> {
        super::tags::check(&tags)?;
        if let Some(t) = gateway_type.filter(|t| *t != "ipsec.1") {
            return Err(aws_err!("InvalidParameterValue", "Invalid type '{t}': only 'ipsec.1' exists"));
        }
        let ip = crate::net::parse_addr(ip_address).map_err(|_| {
            aws_err!(
                "InvalidParameterValue",
                "Value ({ip_address}) for parameter ipAddress is invalid: not an IPv4 address"
            )
        })?;
        let asn = bgp_asn.unwrap_or(65000);
        if !(1..=4_294_967_294).contains(&asn) {
            return Err(aws_err!("InvalidParameterValue", "Invalid BGP ASN {asn}: use 1-4294967294"));
        }
        let id = self.new_id(Kind::CustomerGateway);
        let key =
            self.stores.cgws.insert(CustomerGateway {
            id: id.clone(),
            region,
            ip_address: ip,
            bgp_asn: asn as u32,
            deleted: false,
            tags,
        });
        self.register(&id, ResKey::Cgw(key));
        Ok(key)
    }

    /// `CreateVpnConnection`: two tunnels, both down until the site connects.
    pub fn create_vpn_connection(
        &mut self,
        region: RegionKey,
        vgw: VgwKey,
        cgw: CgwKey,
        static_routes: &[String],
        static_routes_only: Option<bool>,
        tags: Tags,
    ) -> Result<VpnKey> {
        super::tags::check(&tags)?;
        let static_routes_only = static_routes_only.unwrap_or(!static_routes.is_empty());
        if !static_routes_only && !static_routes.is_empty() {
            return Err(aws_err!(
                "InvalidParameterCombination",
                "static_routes need static routing: a dynamic (BGP) VPN learns the site's blocks from BGP (static_routes_only = true for static routes)"
            ));
        }
        let g = self.vgw(vgw)?;
        let c = self.live_cgw(cgw)?;
        if g.amazon_side_asn == c.bgp_asn {
            return Err(aws_err!(
                "AsnConflict",
                "The customer gateway {} and virtual private gateway {} share the ASN {}",
                self.label_id(&c.id),
                self.label_id(&g.id),
                c.bgp_asn
            ));
        }
        let mut routes = Vec::new();
        for r in static_routes {
            routes.push(vpc::parse_cidr(r, "destinationCidrBlock")?);
        }
        let id = self.new_id(Kind::VpnConnection);
        let tunnels = [
            Tunnel { outside_ip: self.allocate_public_ip(), up: false },
            Tunnel { outside_ip: self.allocate_public_ip(), up: false },
        ];
        let key = self.stores.vpns.insert(VpnConnection {
            id: id.clone(),
            region,
            vpn_gateway: vgw,
            customer_gateway: cgw,
            static_routes_only,
            static_routes: routes,
            tunnels,
            deleting_until: None,
            tags,
        });
        self.register(&id, ResKey::Vpn(key));
        self.meter_resource(ResKey::Vpn(key), true);
        Ok(key)
    }

    /// `CreateVpnConnectionRoute`.
    pub fn add_vpn_static_route(&mut self, vpn: VpnKey, cidr: &str) -> Result<()> {
        let c = vpc::parse_cidr(cidr, "destinationCidrBlock")?;
        let v = self.live_vpn(vpn)?;
        if !v.static_routes_only {
            return Err(aws_err!(
                "InvalidParameterValue",
                "The VPN connection {} uses dynamic (BGP) routing: it learns the site's blocks from BGP, static routes apply to static VPNs only",
                self.label_id(&v.id)
            ));
        }
        let v = self.get_mut(vpn)?;
        if !v.static_routes.contains(&c) {
            v.static_routes.push(c);
        }
        Ok(())
    }

    /// Sets tunnel 1 or 2 up or down.
    pub fn set_tunnel_state(&mut self, vpn: VpnKey, tunnel: i64, up: bool) -> Result<()> {
        if !(1..=2).contains(&tunnel) {
            return Err(aws_err!("InvalidParameterValue", "A VPN connection has tunnels 1 and 2, not {tunnel}"));
        }
        self.live_vpn(vpn)?;
        self.get_mut(vpn)?.tunnels[(tunnel - 1) as usize].up = up;
        Ok(())
    }

    /// `CreateConnection` (Direct Connect, dedicated).
    pub fn create_dx_connection(
        &mut self,
        region: RegionKey,
        location: &str,
        bandwidth: &str,
        tags: Tags,
    ) -> Result<DxKey> {
        super::tags::check(&tags)?;
        if !DX_SPEEDS.contains(&bandwidth) {
            return Err(aws_err!(
                "DirectConnectClientException",
                "Invalid bandwidth '{bandwidth}': dedicated connections are {}",
                DX_SPEEDS.join(", ")
            ));
        }
        if location.trim().is_empty() {
            return Err(aws_err!("DirectConnectClientException", "A Direct Connect connection needs a location"));
        }
        let id = self.new_id(Kind::DxConnection);
        let key = self.stores.dxs.insert(DxConnection {
            id: id.clone(),
            region,
            location: location.to_string(),
            bandwidth: bandwidth.to_string(),
            deleted: false,
            tags,
        });
        self.register(&id, ResKey::Dx(key));
        self.meter_resource(ResKey::Dx(key), true);
        Ok(key)
    }

    /// `CreatePrivateVirtualInterface` to a VGW.
    pub fn create_private_vif(
        &mut self,
        dx: DxKey,
        vgw: VgwKey,
        vlan: Option<i64>,
        bgp_asn: Option<i64>,
        tags: Tags,
    ) -> Result<VifKey> {
        super::tags::check(&tags)?;
        let d = self.live_dx(dx)?;
        self.vgw(vgw)?;
        let used: Vec<u16> =
            self.stores.vifs.iter().filter(|(_, v)| v.connection == dx && !v.deleted).map(|(_, v)| v.vlan).collect();
        let vlan = match vlan {
            Some(v) if (1..=4094).contains(&v) => v as u16,
            Some(v) => return Err(aws_err!("DirectConnectClientException", "Invalid VLAN {v}: use 1-4094")),
            None => (100..=4094).find(|v| !used.contains(v)).unwrap_or(4094),
        };
        if used.contains(&vlan) {
            return Err(aws_err!("DirectConnectClientException", "VLAN {vlan} is already used on {}", self.label_id(&d.id)));
        }
        if used.len() >= 50 {
            return Err(aws_err!("DirectConnectClientException", "{} already has 50 virtual interfaces", self.label_id(&d.id)));
        }
        let asn = bgp_asn.unwrap_or(65000);
        if !(1..=4_294_967_294).contains(&asn) {
            return Err(aws_err!("DirectConnectClientException", "Invalid BGP ASN {asn}"));
        }
        let id = self.new_id(Kind::DxVif);
        let key = self.stores.vifs.insert(DxVif {
            id: id.clone(),
            connection: dx,
            vpn_gateway: vgw,
            vlan,
            bgp_asn: asn as u32,
            deleted: false,
            tags,
        });
        self.register(&id, ResKey::Vif(key));
        Ok(key)
    }
}
