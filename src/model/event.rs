//! What fell due when the clock moved: handed back to the caller, which decides what to
//! run (a Lua handler on a schedule, a replacement instance), so the model never calls out.

use super::{InstanceKey, InstanceState, NatKey, NatState};

/// Something that happened on the simulated clock.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Event {
    /// An instance finished a timed transition (booted, stopped, terminated).
    Instance {
        /// The instance.
        instance: InstanceKey,
        /// The state it entered.
        state: InstanceState,
        /// When, in ms since the world began.
        at_ms: u64,
    },
    /// A terminated instance left the listings; its record is in [`super::World::retired_instances`].
    InstanceRetired {
        /// Its id.
        id: String,
        /// When, in ms.
        at_ms: u64,
    },
    /// A NAT gateway finished a timed transition (available, failed, deleted).
    Nat {
        /// The NAT gateway.
        nat: NatKey,
        /// The state it entered.
        state: NatState,
        /// When, in ms.
        at_ms: u64,
    },
    /// A Spot Instance got its two-minute interruption notice; it is interrupted at `at_ms`.
    SpotInterruptionWarning {
        /// The instance id.
        instance: String,
        /// When it will be interrupted, in ms.
        at_ms: u64,
    },
    /// A Spot Instance was interrupted: `stop` or `terminate`.
    SpotInterrupted {
        /// The instance id.
        instance: String,
        /// What happened to it.
        action: &'static str,
    },
    /// A golden image became available.
    ImageAvailable {
        /// The image id.
        image: String,
    },
    /// An Auto Scaling activity (a launch, a termination, a failure).
    AutoScaling {
        /// The group name.
        group: String,
        /// What it did.
        description: String,
    },
    /// An Availability Zone failed.
    AzFailed {
        /// Its name.
        az: &'static str,
    },
    /// An Availability Zone recovered.
    AzRecovered {
        /// Its name.
        az: &'static str,
    },
}

impl super::World {
    /// Records an event for the next drain.
    pub(crate) fn emit(&mut self, e: Event) {
        self.events.push(e);
    }
}
