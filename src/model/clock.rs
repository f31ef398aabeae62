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
    Image(u32),
    Asg(u32, u64),
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
        if let Some(i) = self.stores.instances.get_mut(inst) {
            i.token += 1;
            i.due = Some(due);
            let token = i.token;
            self.scheduler.push(due, EventKey::Instance(inst.0, token));
        }
    }

    /// Schedules the next transition of a NAT gateway.
    pub(crate) fn schedule_nat(&mut self, nat: NatKey, due: u64) {
        if let Some(n) = self.stores.nats.get_mut(nat) {
            n.token += 1;
            n.due = Some(due);
            let token = n.token;
            self.scheduler.push(due, EventKey::Nat(nat.0, token));
        }
    }

    /// Schedules an image becoming available.
    pub(crate) fn schedule_image(&mut self, image: ImageKey, due: u64) {
        self.scheduler.push(due, EventKey::Image(image.0));
    }

    /// Schedules an Auto Scaling group's health check (the due time is its token).
    pub(crate) fn schedule_asg(&mut self, g: AsgKey, due: u64) {
        self.scheduler.push(due, EventKey::Asg(g.0, due));
    }

    /// Moves the clock forward by `seconds` (negative or non-finite values are refused)
    /// and hands back every event that fell due since the last drain, in time order.
    pub fn advance(&mut self, seconds: f64) -> Result<Vec<Event>> {
        if !seconds.is_finite() || seconds < 0.0 {
            return Err(crate::aws_err!(
                "InvalidParameterValue",
                "cannot advance the clock by {seconds} seconds: use a duration of 0 or more"
            ));
        }
        let to = self.now_ms.saturating_add((seconds * 1000.0).round() as u64);
        self.advance_to(to);
        Ok(self.take_events())
    }

    /// The events that fell due since the last drain (a waiter moves the clock too).
    pub fn take_events(&mut self) -> Vec<Event> {
        std::mem::take(&mut self.events)
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
                EventKey::Image(k) => self.fire_image(ImageKey(k)),
                EventKey::Asg(k, due) => self.fire_asg(AsgKey(k), due),
            }
        }
        self.now_ms = self.now_ms.max(to);
    }
}

/// Unix time of the world's start, 2026-01-01T00:00:00Z.
pub const EPOCH_UNIX: i64 = 1_767_225_600;

/// The simulated time `ms` as an ISO 8601 UTC timestamp.
pub fn iso8601(ms: u64) -> String {
    let secs = EPOCH_UNIX + (ms / 1000) as i64;
    let (days, rem) = (secs.div_euclid(86_400), secs.rem_euclid(86_400));
    let (y, m, d) = civil_from_days(days);
    format!("{y:04}-{m:02}-{d:02}T{:02}:{:02}:{:02}Z", rem / 3600, rem % 3600 / 60, rem % 60)
}

/// Year, month, day of a day count since 1970-01-01 (Howard Hinnant's algorithm).
pub fn civil_from_days(z: i64) -> (i64, u32, u32) {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    (yoe + era * 400 + i64::from(m <= 2), m, d)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn iso_times() {
        assert_eq!(iso8601(0), "2026-01-01T00:00:00Z");
        assert_eq!(iso8601(90_000), "2026-01-01T00:01:30Z");
        assert_eq!(iso8601(86_400_000 * 59), "2026-03-01T00:00:00Z");
    }
}
