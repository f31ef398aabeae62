//! Pure networking math: canonical IPv4 CIDRs, AWS reserved addresses, address sets,
//! ports.

mod addrset;
mod cidr;
mod error;
mod first_match;
mod ports;
mod reserved;
mod split;

pub use addrset::AddrSet;
pub use cidr::{Cidr, CidrError, is_rfc1918, parse_addr};
pub use error::{MAX_BLOCKS, NetError};
pub use first_match::{RuleSet, first_match};
pub use ports::{PortRange, PortSet};
