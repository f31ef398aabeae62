//! The simulated clock: timed transitions (instance boots, NAT gateway creation, …)
//! fire in time order when the clock advances. Nothing here reads the wall clock.

use super::*;
use std::cmp::Reverse;
use std::collections::BinaryHeap;

/// Pending timed events, earliest first. An event carries the token its resource had
/// when it was scheduled; a resource that moved on has a new token, so stale events are skipped.
#[derive(Debug, Clone, Default)]
pub(crate) struct Scheduler {
    heap: BinaryHeap<Reverse<(u64, u64, EventKey)>>,
    seq: u64,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum EventKey {
    Instance(u32, u64),
    Nat(u32, u64),
}

impl Scheduler {
    fn push(&mut self, due: u64, key: EventKey) {
        self.seq += 1;
        self.heap.push(Reverse((due, self.seq, key)));
    }
}

impl World {
    /// Schedules the next transition of an instance (replacing any pending one).
    pub(crate) fn schedule_instance(&mut self, inst: InstanceKey, due: u64) {
        if let Some(i) = self.instances.get_mut(inst) {
            i.token += 1;
            i.due = Some(due);
            let token = i.token;
            self.scheduler.push(due, EventKey::Instance(inst.0, token));
        }
    }

    /// Schedules the next transition of a NAT gateway.
    pub(crate) fn schedule_nat(&mut self, nat: NatKey, due: u64) {
        if let Some(n) = self.nats.get_mut(nat) {
            n.token += 1;
            let token = n.token;
            self.scheduler.push(due, EventKey::Nat(nat.0, token));
        }
    }

    /// Moves the clock forward by `seconds` (negative or non-finite values are refused).
    pub fn advance(&mut self, seconds: f64) -> Result<()> {
        if !seconds.is_finite() || seconds < 0.0 {
            return Err(crate::aws_err!(
                "InvalidParameterValue",
                "cannot advance the clock by {seconds} seconds: use a duration of 0 or more"
            ));
        }
        let to = self.now_ms.saturating_add((seconds * 1000.0).round() as u64);
        self.advance_to(to);
        Ok(())
    }

    /// Moves the clock to `to` (ms), firing every due event in time order.
    pub(crate) fn advance_to(&mut self, to: u64) {
        while let Some(Reverse((due, _, key))) = self.scheduler.heap.peek().copied() {
            if due > to {
                break;
            }
            self.scheduler.heap.pop();
            self.now_ms = self.now_ms.max(due);
            match key {
                EventKey::Instance(k, token) => self.fire_instance(InstanceKey(k), token),
                EventKey::Nat(k, token) => self.fire_nat(NatKey(k), token),
            }
        }
        self.now_ms = self.now_ms.max(to);
    }

    fn fire_instance(&mut self, key: InstanceKey, token: u64) {
        let Some(i) = self.instances.get_mut(key) else { return };
        if i.token != token {
            return;
        }
        i.due = None;
        let state = i.state;
        let t = self.config.timings.clone();
        let next = match state {
            InstanceState::Pending => Some(InstanceState::Running),
            InstanceState::Stopping => Some(InstanceState::Stopped),
            InstanceState::ShuttingDown => Some(InstanceState::Terminated),
            InstanceState::Terminated => None,
            _ => return,
        };
        match next {
            Some(s) => {
                let _ = self.set_state(key, s);
                if s == InstanceState::Terminated {
                    let enis = self.instance_enis(key);
                    for e in enis {
                        let primary = self.enis.get(e).and_then(|x| x.attachment).is_some_and(|a| a.device_index == 0);
                        if primary {
                            self.remove_eni(e);
                        } else if let Some(x) = self.enis.get_mut(e) {
                            x.attachment = None;
                        }
                    }
                    let due = self.now_ms + (t.terminated_visible * 1000.0).round() as u64;
                    self.schedule_instance(key, due);
                }
            }
            None => {
                // Out of listings: the instance is gone for good.
                if let Some(i) = self.instances.remove(key) {
                    self.unregister(&i.id);
                }
            }
        }
    }
}
