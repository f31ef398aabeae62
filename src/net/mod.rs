//! Pure networking math: canonical IPv4 CIDRs, AWS reserved addresses, ports.

mod cidr;
mod ports;

pub use cidr::{Cidr, CidrError, is_rfc1918, parse_addr};
pub use ports::{PortRange, PortSet};
