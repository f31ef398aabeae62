//! A JSON-ready summary of the world (`vpclab run --json`).

use super::*;
use serde::Serialize;

/// Counts and ids of what the world holds.
#[derive(Debug, Serialize)]
pub struct Summary {
    /// Simulated seconds since the world began.
    pub now: f64,
    /// One entry per region in use.
    pub regions: Vec<RegionSummary>,
}

/// What one region holds.
#[derive(Debug, Serialize)]
pub struct RegionSummary {
    /// Region name.
    pub name: String,
    /// VPCs with their subnets and instances.
    pub vpcs: Vec<VpcSummary>,
}

/// One VPC.
#[derive(Debug, Serialize)]
pub struct VpcSummary {
    /// Id.
    pub id: String,
    /// Name tag.
    pub name: Option<String>,
    /// Blocks.
    pub cidr_blocks: Vec<String>,
    /// Default VPC?
    pub is_default: bool,
    /// Subnet ids.
    pub subnets: Vec<String>,
    /// Instance ids with their states.
    pub instances: Vec<(String, String)>,
}

impl World {
    /// A summary of what the world holds.
    pub fn summary(&self) -> Summary {
        let regions = self
            .regions()
            .map(|(rk, r)| RegionSummary {
                name: r.name.to_string(),
                vpcs: self
                    .stores
                    .vpcs
                    .iter()
                    .filter(|(_, v)| v.region == rk)
                    .map(|(vk, v)| VpcSummary {
                        id: v.id.clone(),
                        name: v.tags.get("Name").cloned(),
                        cidr_blocks: v.cidrs.iter().map(|c| c.to_string()).collect(),
                        is_default: v.is_default,
                        subnets: self
                            .stores
                            .subnets
                            .iter()
                            .filter(|(_, s)| s.vpc == vk)
                            .map(|(_, s)| s.id.clone())
                            .collect(),
                        instances: self
                            .stores
                            .instances
                            .iter()
                            .filter(|(_, i)| i.vpc == vk)
                            .map(|(_, i)| (i.id.clone(), i.state.as_str().to_string()))
                            .collect(),
                    })
                    .collect(),
            })
            .collect();
        Summary { now: self.now_ms as f64 / 1000.0, regions }
    }
}
