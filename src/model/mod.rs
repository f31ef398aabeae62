//! The world: regions, VPCs, subnets, gateways, routing, filtering, endpoints.
//! Pure Rust: no Lua types, no I/O, no wall clock. Every mutating method validates
//! like AWS, returns AWS's error code, and changes nothing when it fails.

pub mod catalog;
mod client_vpn;
pub mod clock;
mod config;
mod eip;
mod eni;
mod error;
mod gateway;
mod hybrid;
mod ids;
mod instance;
mod nacl;
mod nat;
mod peering;
mod protocol;
pub mod region;
mod route_table;
mod security_group;
mod store;
mod subnet;
mod summary;
mod vpc;
mod world;

pub use catalog::Os;
pub use client_vpn::ClientVpnEndpoint;
pub use config::{Config, Quotas, Timings};
pub use eip::{EipAssociation, ElasticIp};
pub use eni::{Attachment, EniOwner, NetworkInterface};
pub use error::{AwsError, Result};
pub use gateway::{InternetGateway, VpnGateway};
pub use hybrid::{CustomerGateway, DxConnection, DxVif, Host, HostHome, OnPremSite, SiteLink, Tunnel, VpnConnection};
pub use ids::*;
pub use instance::{Instance, InstanceState, LaunchSpec, Waiter};
pub use nacl::{AclEntry, AclEntrySpec, AclVerdict, IcmpMatch, NetworkAcl, RuleAction, Traffic};
pub use nat::{Connectivity, NatGateway, NatState};
pub use peering::{PeeringConnection, PeeringStatus};
pub use protocol::Protocol;
pub use region::Region;
pub use route_table::{Route, RouteOrigin, RouteState, RouteTable, Target};
pub use security_group::{Peer, RevokeOutcome, SecurityGroup, SgRule, SgRuleSpec};
pub use store::Store;
pub use subnet::Subnet;
pub use summary::Summary;
pub use vpc::Vpc;
pub use world::{Tags, World, suggest};
