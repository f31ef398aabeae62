//! On-premises sites and their hosts: creating them, connecting a site over a VPN
//! connection or a Direct Connect VIF, and which site owns an address.

use super::*;
use crate::aws_err;
use std::net::Ipv4Addr;

impl World {
    /// Creates a customer data center with an address block.
    pub fn create_onprem_site(&mut self, region: RegionKey, cidr_block: &str, tags: Tags) -> Result<SiteKey> {
        super::tags::check(&tags)?;
        if !tags.contains_key("Name") {
            return Err(aws_err!("MissingParameter", "An on-premises site needs a name (name = …)"));
        }
        let cidr = vpc::parse_cidr(cidr_block, "cidrBlock")?;
        let id = self.new_id(Kind::OnPremSite);
        let key = self.stores.sites.insert(OnPremSite { id: id.clone(), region, cidr, links: Vec::new(), tags });
        self.register(&id, ResKey::Site(key));
        Ok(key)
    }

    /// Adds a host with an address inside the site's block.
    pub fn add_host(&mut self, site: SiteKey, ip: &str, tags: Tags) -> Result<HostKey> {
        super::tags::check(&tags)?;
        let s = self.site(site)?;
        let addr = crate::net::parse_addr(ip)
            .map_err(|_| aws_err!("InvalidParameterValue", "'{ip}' is not an IPv4 address"))?;
        if !s.cidr.contains_addr(addr) {
            return Err(aws_err!("InvalidParameterValue", "Address {addr} is outside the site's block {}", s.cidr));
        }
        if self.stores.hosts.iter().any(|(_, h)| h.home == HostHome::Site(site) && h.ip == addr) {
            return Err(aws_err!("InvalidIPAddress.InUse", "Address {addr} is already used by a host of this site"));
        }
        Ok(self.insert_host(HostHome::Site(site), addr, tags))
    }

    pub(crate) fn insert_host(&mut self, home: HostHome, ip: Ipv4Addr, tags: Tags) -> HostKey {
        let id = self.new_id(Kind::Host);
        let key = self.stores.hosts.insert(Host { id: id.clone(), home, ip, tags });
        self.register(&id, ResKey::Host(key));
        key
    }

    /// The site routes its traffic to AWS over a VPN connection (whose tunnels come up)
    /// or a Direct Connect private VIF.
    pub fn connect_site(&mut self, site: SiteKey, link: SiteLink) -> Result<()> {
        self.site(site)?;
        match link {
            SiteLink::Vpn(v) => {
                self.live_vpn(v)?;
                let c = self.get_mut(v)?;
                c.tunnels.iter_mut().for_each(|t| t.up = true);
            }
            SiteLink::Vif(v) => {
                self.live_vif(v)?;
            }
        }
        let s = self.get_mut(site)?;
        if !s.links.contains(&link) {
            s.links.push(link);
        }
        Ok(())
    }

    /// The site whose block holds `addr` (the most specific one).
    pub fn site_for(&self, addr: Ipv4Addr) -> Option<SiteKey> {
        self.stores
            .sites
            .iter()
            .filter(|(_, s)| s.cidr.contains_addr(addr))
            .max_by_key(|(_, s)| s.cidr.prefix())
            .map(|(k, _)| k)
    }
}
