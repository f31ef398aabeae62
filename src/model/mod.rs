//! The world: regions, VPCs, subnets, gateways, routing, filtering, endpoints.
//! Pure Rust: no Lua types, no I/O, no wall clock. Every mutating method validates
//! like AWS, returns AWS's error code, and changes nothing when it fails.

mod az_failure;
pub mod billing;
pub mod catalog;
pub mod clock;
mod config;
mod error;
mod event;
mod footprint;
mod hybrid_delete;
mod ids;
mod kinds;
mod lifecycle;
mod metering;
mod prices;
mod protocol;
pub mod region;
mod resource;
mod sites;
mod store;
mod summary;
mod tags;
#[cfg(test)]
pub(crate) mod testlab;
#[cfg(test)]
mod tests_names;
mod world;

use kinds::declare_model_modules;
pub(crate) use kinds::for_each_kind;
for_each_kind!(declare_model_modules);

pub use autoscaling::{GroupSpec, Metric};
pub use catalog::Os;
pub use config::{Config, Prices, Quotas, Timings};
pub use eip::EipAssociation;
pub use eni::{Attachment, EniOwner};
pub use error::{AwsError, Result};
pub use event::Event;
pub use hybrid::{HostHome, SiteLink, Tunnel};
pub use ids::*;
pub use image::ImageFilter;
pub use instance::{Afterwards, InstanceState, LaunchSpec, Market, Waiter, quota_class};
pub use nacl::{AclEntry, AclEntrySpec, AclVerdict, IcmpMatch, RuleAction, Traffic};
pub use nat::{Connectivity, NatState};
pub use peering::PeeringStatus;
pub use protocol::Protocol;
pub use region::Region;
pub use resource::{Key, Resource, Stores};
pub use route_table::{Route, RouteOrigin, RouteState, Target};
pub use security_group::{Peer, RevokeOutcome, SgRule, SgRuleSpec};
pub use store::{Store, StoreKey};
pub use summary::Summary;
pub use volume::VolumeState;
pub use world::{Tags, World, suggest};
