//! The world: regions, VPCs, subnets, gateways, routing, filtering, endpoints.
//! Pure Rust, no Lua types, no I/O, no wall clock.

mod error;

pub use error::{AwsError, Result};

/// The whole simulated world.
#[derive(Debug, Default)]
pub struct World {
    now_ms: u64,
}

impl World {
    /// A fresh world at time zero with the default configuration.
    pub fn new() -> World {
        World::default()
    }

    /// Milliseconds since the world began.
    pub fn now_ms(&self) -> u64 {
        self.now_ms
    }
}

/// A JSON-ready summary of the world (`vpclab run --json`).
#[derive(Debug, serde::Serialize)]
pub struct Summary {
    /// Simulated seconds since the world began.
    pub now: f64,
}

impl World {
    /// A summary of what the world holds.
    pub fn summary(&self) -> Summary {
        Summary {
            now: self.now_ms as f64 / 1000.0,
        }
    }
}
