//! IP protocols as security-group and network-ACL rules name them.

use super::error::Result;
use crate::aws_err;
use std::fmt;

/// A rule's protocol: `all` (-1), tcp (6), udp (17), icmp (1) or another IANA number.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Protocol {
    /// Every protocol, every port.
    All,
    /// TCP.
    Tcp,
    /// UDP.
    Udp,
    /// ICMP.
    Icmp,
    /// Another protocol number (matches all ports).
    Number(u8),
}

impl Protocol {
    /// Parses `"tcp"`, `"udp"`, `"icmp"`, `"all"`, `"-1"` or a number 0–255.
    pub fn parse(text: &str) -> Result<Protocol> {
        let t = text.trim().to_ascii_lowercase();
        Ok(match t.as_str() {
            "all" | "-1" => Protocol::All,
            "tcp" | "6" => Protocol::Tcp,
            "udp" | "17" => Protocol::Udp,
            "icmp" | "1" => Protocol::Icmp,
            _ => match t.parse::<u8>() {
                Ok(n) => Protocol::Number(n),
                Err(_) => {
                    return Err(aws_err!(
                        "InvalidParameterValue",
                        "Invalid value '{text}' for IP protocol. Unknown protocol."
                    ));
                }
            },
        })
    }

    /// The protocol number (`-1` for all).
    pub fn number(self) -> i16 {
        match self {
            Protocol::All => -1,
            Protocol::Tcp => 6,
            Protocol::Udp => 17,
            Protocol::Icmp => 1,
            Protocol::Number(n) => i16::from(n),
        }
    }

    /// Whether rules of this protocol carry a port range.
    pub fn has_ports(self) -> bool {
        matches!(self, Protocol::Tcp | Protocol::Udp)
    }

    /// Whether a rule of this protocol matches a packet of `packet`'s protocol.
    pub fn matches(self, packet: Protocol) -> bool {
        self == Protocol::All || self.number() == packet.number()
    }
}

impl fmt::Display for Protocol {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Protocol::All => f.write_str("all"),
            Protocol::Tcp => f.write_str("tcp"),
            Protocol::Udp => f.write_str("udp"),
            Protocol::Icmp => f.write_str("icmp"),
            Protocol::Number(n) => write!(f, "{n}"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_and_numbers() {
        assert_eq!(Protocol::parse("6").unwrap(), Protocol::Tcp);
        assert_eq!(Protocol::parse("-1").unwrap(), Protocol::All);
        assert_eq!(Protocol::parse("47").unwrap().to_string(), "47");
        assert_eq!(Protocol::parse("foo").unwrap_err().code, "InvalidParameterValue");
        assert!(Protocol::All.matches(Protocol::Udp));
        assert!(!Protocol::Tcp.matches(Protocol::Udp));
    }
}
