//! Canonical IPv4 CIDR blocks.

use ipnet::Ipv4Net;
use std::fmt;
use std::net::Ipv4Addr;
use std::str::FromStr;

/// Why a text is not a CIDR block or an address.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("'{text}' is not a valid {what}")]
pub struct CidrError {
    /// The text that failed to parse.
    pub text: String,
    /// What was expected ("CIDR block", "IPv4 address").
    pub what: &'static str,
}

/// An IPv4 CIDR block whose host bits are always zero (AWS canonicalises
/// `10.0.0.7/16` to `10.0.0.0/16`).
///
/// ```
/// use vpclab::net::Cidr;
/// let c: Cidr = "10.0.0.7/16".parse().unwrap();
/// assert_eq!(c.to_string(), "10.0.0.0/16");
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Cidr {
    base: u32,
    prefix: u8,
}

impl Cidr {
    /// Builds a block from any address inside it and a prefix length (0–32).
    ///
    /// ```
    /// use vpclab::net::Cidr;
    /// let c = Cidr::new("10.1.2.3".parse().unwrap(), 8).unwrap();
    /// assert_eq!(c.to_string(), "10.0.0.0/8");
    /// ```
    pub fn new(addr: Ipv4Addr, prefix: u8) -> Option<Cidr> {
        (prefix <= 32).then(|| Cidr {
            base: u32::from(addr) & mask(prefix),
            prefix,
        })
    }

    /// Parses `a.b.c.d/n`, truncating host bits.
    ///
    /// ```
    /// use vpclab::net::Cidr;
    /// assert!(Cidr::parse("10.0.0.0/33").is_err());
    /// assert_eq!(Cidr::parse("10.0.0.0/16").unwrap().prefix(), 16);
    /// ```
    pub fn parse(text: &str) -> Result<Cidr, CidrError> {
        let err = || CidrError {
            text: text.to_string(),
            what: "CIDR block",
        };
        let (addr, len) = text.trim().split_once('/').ok_or_else(err)?;
        let addr = parse_addr(addr).map_err(|_| err())?;
        if len.is_empty() || len.len() > 2 || !len.bytes().all(|b| b.is_ascii_digit()) {
            return Err(err());
        }
        let prefix: u8 = len.parse().map_err(|_| err())?;
        Cidr::new(addr, prefix).ok_or_else(err)
    }

    /// The block holding exactly one address (`/32`).
    ///
    /// ```
    /// use vpclab::net::Cidr;
    /// assert_eq!(Cidr::host("10.0.0.9".parse().unwrap()).to_string(), "10.0.0.9/32");
    /// ```
    pub fn host(addr: Ipv4Addr) -> Cidr {
        Cidr {
            base: u32::from(addr),
            prefix: 32,
        }
    }

    /// The network (first) address.
    ///
    /// ```
    /// use vpclab::net::Cidr;
    /// assert_eq!(Cidr::parse("10.0.1.0/24").unwrap().network().to_string(), "10.0.1.0");
    /// ```
    pub fn network(&self) -> Ipv4Addr {
        Ipv4Addr::from(self.base)
    }

    /// The prefix length.
    ///
    /// ```
    /// use vpclab::net::Cidr;
    /// assert_eq!(Cidr::parse("10.0.1.0/24").unwrap().prefix(), 24);
    /// ```
    pub fn prefix(&self) -> u8 {
        self.prefix
    }

    /// The first address as an integer.
    ///
    /// ```
    /// use vpclab::net::Cidr;
    /// assert_eq!(Cidr::parse("0.0.1.0/24").unwrap().first_u32(), 256);
    /// ```
    pub fn first_u32(&self) -> u32 {
        self.base
    }

    /// The last address as an integer.
    ///
    /// ```
    /// use vpclab::net::Cidr;
    /// assert_eq!(Cidr::parse("0.0.1.0/24").unwrap().last_u32(), 511);
    /// ```
    pub fn last_u32(&self) -> u32 {
        self.base | !mask(self.prefix)
    }

    /// The last (broadcast) address.
    ///
    /// ```
    /// use vpclab::net::Cidr;
    /// assert_eq!(Cidr::parse("10.0.1.0/24").unwrap().last().to_string(), "10.0.1.255");
    /// ```
    pub fn last(&self) -> Ipv4Addr {
        Ipv4Addr::from(self.last_u32())
    }

    /// Number of addresses in the block.
    ///
    /// ```
    /// use vpclab::net::Cidr;
    /// assert_eq!(Cidr::parse("10.0.0.0/22").unwrap().size(), 1024);
    /// ```
    pub fn size(&self) -> u64 {
        1u64 << (32 - self.prefix)
    }

    /// Whether the address lies inside the block.
    ///
    /// ```
    /// use vpclab::net::Cidr;
    /// let c = Cidr::parse("10.0.0.0/16").unwrap();
    /// assert!(c.contains_addr("10.0.200.1".parse().unwrap()));
    /// assert!(!c.contains_addr("10.1.0.0".parse().unwrap()));
    /// ```
    pub fn contains_addr(&self, addr: Ipv4Addr) -> bool {
        self.contains_u32(u32::from(addr))
    }

    /// Whether the integer address lies inside the block.
    ///
    /// ```
    /// use vpclab::net::Cidr;
    /// assert!(Cidr::parse("0.0.0.0/0").unwrap().contains_u32(u32::MAX));
    /// ```
    pub fn contains_u32(&self, addr: u32) -> bool {
        addr & mask(self.prefix) == self.base
    }

    /// Whether `other` lies entirely inside this block (a block contains itself).
    ///
    /// ```
    /// use vpclab::net::Cidr;
    /// let big = Cidr::parse("10.0.0.0/16").unwrap();
    /// assert!(big.contains(&Cidr::parse("10.0.3.0/24").unwrap()));
    /// assert!(!Cidr::parse("10.0.3.0/24").unwrap().contains(&big));
    /// ```
    pub fn contains(&self, other: &Cidr) -> bool {
        other.prefix >= self.prefix && self.contains_u32(other.base)
    }

    /// Whether the two blocks share any address.
    ///
    /// ```
    /// use vpclab::net::Cidr;
    /// let a = Cidr::parse("10.0.0.0/16").unwrap();
    /// assert!(a.overlaps(&Cidr::parse("10.0.128.0/17").unwrap()));
    /// assert!(!a.overlaps(&Cidr::parse("10.1.0.0/16").unwrap()));
    /// ```
    pub fn overlaps(&self, other: &Cidr) -> bool {
        self.contains(other) || other.contains(self)
    }

    /// The same block as an [`ipnet::Ipv4Net`].
    ///
    /// ```
    /// use vpclab::net::Cidr;
    /// assert_eq!(Cidr::parse("10.0.0.0/8").unwrap().to_ipnet().prefix_len(), 8);
    /// ```
    pub fn to_ipnet(&self) -> Ipv4Net {
        Ipv4Net::new_assert(self.network(), self.prefix)
    }
}

/// The netmask of a prefix length as an integer.
pub(crate) fn mask(prefix: u8) -> u32 {
    if prefix == 0 {
        0
    } else {
        u32::MAX << (32 - u32::from(prefix))
    }
}

impl fmt::Display for Cidr {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}/{}", self.network(), self.prefix)
    }
}

impl FromStr for Cidr {
    type Err = CidrError;
    fn from_str(s: &str) -> Result<Cidr, CidrError> {
        Cidr::parse(s)
    }
}

/// Parses a dotted-quad IPv4 address (no leading zeros beyond `0`).
///
/// ```
/// use vpclab::net::parse_addr;
/// assert!(parse_addr("10.0.0.1").is_ok());
/// assert!(parse_addr("300.0.0.1").is_err());
/// ```
pub fn parse_addr(text: &str) -> Result<Ipv4Addr, CidrError> {
    text.trim().parse().map_err(|_| CidrError {
        text: text.to_string(),
        what: "IPv4 address",
    })
}

/// Whether an address is private in the RFC 1918 sense (10/8, 172.16/12, 192.168/16).
///
/// ```
/// use vpclab::net::is_rfc1918;
/// assert!(is_rfc1918("172.31.0.5".parse().unwrap()));
/// assert!(!is_rfc1918("93.184.216.34".parse().unwrap()));
/// ```
pub fn is_rfc1918(addr: Ipv4Addr) -> bool {
    addr.is_private()
}
