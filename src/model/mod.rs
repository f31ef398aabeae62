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
