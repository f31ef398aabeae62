//! Billing as pure functions over recorded usage (SEMANTICS.md, "Billing").
//!
//! The world records a [`Ledger`]: for each resource and kind of usage, the periods it was
//! billed at an hourly rate, and metered quantities (GB processed). The ledger outlives the
//! resources, so a terminated instance still shows on the bill after it leaves listings.
//! [`bill`] prices a window of it: per second, each period carrying its own minimum
//! (60 s for instances, owed on entry into `running`), and applies Savings Plans hour by hour.

use super::{ResKey, Tags};
use std::collections::HashMap;

/// Prices that are not per instance type (us-east-1, teaching values): the defaults of
/// `sim.config().prices` ([`super::Prices`]).
pub mod prices {
    /// EBS gp3 storage, USD per GB-month.
    pub const EBS_GP3_GB_MONTH: f64 = 0.08;
    /// Hours in a billing month.
    pub const HOURS_PER_MONTH: f64 = 730.0;
    /// Each public IPv4 address (auto-assigned or Elastic), USD per hour.
    pub const PUBLIC_IPV4_HOUR: f64 = 0.005;
    /// NAT gateway, USD per hour.
    pub const NAT_HOUR: f64 = 0.045;
    /// NAT gateway data processed, USD per GB.
    pub const NAT_GB: f64 = 0.045;
    /// Site-to-Site VPN connection, USD per hour (approximate).
    pub const VPN_HOUR: f64 = 0.05;
    /// Direct Connect dedicated port, USD per hour by bandwidth.
    pub const DX_PORT_HOUR: &[(&str, f64)] =
        &[("1Gbps", 0.30), ("10Gbps", 2.25), ("100Gbps", 22.50), ("400Gbps", 85.0)];
    /// The minimum billed for each period an instance spends running, ms.
    pub const INSTANCE_MINIMUM_MS: u64 = 60_000;
}

/// The service a charge belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Service {
    /// EC2 instances (compute, software fees).
    Ec2,
    /// EBS volumes.
    Ebs,
    /// VPC (public IPv4, NAT gateways).
    Vpc,
    /// Site-to-Site VPN.
    Vpn,
    /// Direct Connect.
    Dx,
    /// Savings Plans commitments.
    SavingsPlans,
}

impl Service {
    /// `ec2`, `ebs`, `vpc`, `vpn`, `dx`, `savings-plans`.
    pub fn as_str(self) -> &'static str {
        match self {
            Service::Ec2 => "ec2",
            Service::Ebs => "ebs",
            Service::Vpc => "vpc",
            Service::Vpn => "vpn",
            Service::Dx => "dx",
            Service::SavingsPlans => "savings-plans",
        }
    }
}

/// What is billed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Usage {
    /// Instance hours.
    Compute,
    /// AWS Marketplace software hours.
    Software,
    /// Volume GB-months.
    Storage,
    /// Public IPv4 address hours.
    PublicIp,
    /// NAT gateway hours.
    NatHours,
    /// NAT gateway GB processed.
    NatData,
    /// VPN connection hours.
    VpnHours,
    /// Direct Connect port hours.
    DxPortHours,
    /// A Savings Plan's hourly commitment.
    SavingsPlan,
}

impl Usage {
    /// The `kind` of a bill item.
    pub fn as_str(self) -> &'static str {
        match self {
            Usage::Compute => "compute",
            Usage::Software => "software",
            Usage::Storage => "storage",
            Usage::PublicIp => "public-ip",
            Usage::NatHours => "nat-hours",
            Usage::NatData => "nat-data",
            Usage::VpnHours => "vpn-hours",
            Usage::DxPortHours => "dx-port-hours",
            Usage::SavingsPlan => "savings-plan",
        }
    }
}

/// What a Savings Plan may cover in a compute period.
#[derive(Debug, Clone, PartialEq)]
pub struct Eligibility {
    /// The instance family (`m5`).
    pub family: &'static str,
    /// The region's name.
    pub region: &'static str,
}

/// One stretch of time billed at one hourly rate.
#[derive(Debug, Clone, PartialEq)]
pub struct Period {
    /// Start (ms).
    pub start: u64,
    /// End (ms), `None` while it runs.
    pub end: Option<u64>,
    /// USD per hour.
    pub rate: f64,
    /// Units per hour (a volume's GB for storage; 1 otherwise), for the bill's quantity.
    pub units: f64,
    /// The minimum billed for the period, ms.
    pub minimum: u64,
    /// Savings Plan eligibility (on-demand EC2 compute only).
    pub eligible: Option<Eligibility>,
}

/// A metered quantity (GB processed).
#[derive(Debug, Clone, PartialEq)]
pub struct Quantity {
    /// When (ms).
    pub at: u64,
    /// How much.
    pub amount: f64,
    /// USD per unit.
    pub rate: f64,
}

/// Everything billed for one resource and one kind of usage.
#[derive(Debug, Clone, PartialEq)]
pub struct Meter {
    /// The resource id (kept after the resource is gone).
    pub resource: String,
    /// Its Name tag when it left (live resources are labelled from the world).
    pub name: Option<String>,
    /// Its tags when it left.
    pub tags: Tags,
    /// Service.
    pub service: Service,
    /// Usage kind.
    pub usage: Usage,
    /// Billed periods, in time order.
    pub periods: Vec<Period>,
    /// Metered quantities.
    pub quantities: Vec<Quantity>,
}

/// Everything ever billed in a world.
#[derive(Debug, Clone, Default)]
pub struct Ledger {
    meters: Vec<Meter>,
    by_resource: HashMap<ResKey, Vec<usize>>,
}

impl Ledger {
    fn find(&self, key: ResKey, usage: Usage) -> Option<usize> {
        self.by_resource.get(&key)?.iter().copied().find(|&i| self.meters[i].usage == usage)
    }

    fn meter(&mut self, key: ResKey, resource: &str, service: Service, usage: Usage) -> &mut Meter {
        let i = match self.find(key, usage) {
            Some(i) => i,
            None => {
                let n = self.meters.len();
                self.by_resource.entry(key).or_default().push(n);
                self.meters.push(Meter {
                    resource: resource.to_string(),
                    name: None,
                    tags: Tags::new(),
                    service,
                    usage,
                    periods: Vec::with_capacity(1),
                    quantities: Vec::new(),
                });
                n
            }
        };
        &mut self.meters[i]
    }

    /// Starts billing `period` for resource `key` (id `resource`), closing an open period of
    /// the same meter at its start. Keys are never reused within a world.
    pub fn open(&mut self, key: ResKey, resource: &str, service: Service, usage: Usage, period: Period) {
        let m = self.meter(key, resource, service, usage);
        if let Some(p) = m.periods.last_mut().filter(|p| p.end.is_none()) {
            p.end = Some(period.start);
        }
        m.periods.push(period);
    }

    /// Stops billing the open period of a meter, if any.
    pub fn close(&mut self, key: ResKey, usage: Usage, at: u64) {
        if let Some(i) = self.find(key, usage)
            && let Some(p) = self.meters[i].periods.last_mut().filter(|p| p.end.is_none())
        {
            p.end = Some(at.max(p.start));
        }
    }

    /// Records a metered quantity.
    pub fn add(&mut self, key: ResKey, resource: &str, service: Service, usage: Usage, q: Quantity) {
        self.meter(key, resource, service, usage).quantities.push(q);
    }

    /// Remembers a resource's name and tags as it leaves (for bills after it is gone).
    pub fn label(&mut self, key: ResKey, name: Option<&str>, tags: &Tags) {
        for &i in self.by_resource.get(&key).into_iter().flatten() {
            let m = &mut self.meters[i];
            m.name = name.map(str::to_string);
            m.tags = tags.clone();
        }
    }

    /// An estimate of the bytes the ledger holds (it grows with every billed change).
    pub fn heap_bytes(&self) -> usize {
        self.meters
            .iter()
            .map(|m| {
                std::mem::size_of::<Meter>()
                    + 64
                    + m.resource.len()
                    + std::mem::size_of_val(m.periods.as_slice())
                    + std::mem::size_of_val(m.quantities.as_slice())
            })
            .sum()
    }
}

/// A Savings Plan (No Upfront).
#[derive(Debug, Clone, PartialEq)]
pub struct SavingsPlan {
    /// `sp-…`.
    pub id: String,
    /// Compute, or EC2 Instance for one family in one region.
    pub scope: PlanScope,
    /// USD per hour committed (at Savings Plan rates).
    pub commitment_per_hour: f64,
    /// Discount off on-demand (0.28 = 28 %).
    pub discount: f64,
    /// Start (ms).
    pub start: u64,
    /// End (ms): start + term.
    pub end: u64,
}

/// What a Savings Plan covers.
#[derive(Debug, Clone, PartialEq)]
pub enum PlanScope {
    /// Any EC2 (and, later, Fargate and Lambda) usage.
    Compute,
    /// One instance family in one region.
    Ec2Instance(Eligibility),
}

/// How a bill groups its items.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum GroupBy {
    /// One item per resource and kind.
    Resource,
    /// One item per service and kind.
    Service,
    /// One item per value of tag KEY and kind (`(untagged)` without it).
    Tag(String),
}

/// One line of a bill.
#[derive(Debug, Clone, PartialEq)]
pub struct Item {
    /// Resource id, tag value, or empty when grouped by service.
    pub resource: String,
    /// Name tag (per-resource bills).
    pub name: Option<String>,
    /// Service.
    pub service: Service,
    /// Usage kind.
    pub usage: Usage,
    /// Quantity in `unit`.
    pub quantity: f64,
    /// `hours`, `GB-month` or `GB`.
    pub unit: &'static str,
    /// USD owed (after Savings Plan coverage).
    pub usd: f64,
    /// On-demand USD a Savings Plan covered.
    pub covered_usd: f64,
}

/// A bill for a window of time.
#[derive(Debug, Clone, PartialEq)]
pub struct Bill {
    /// Window start (ms).
    pub since: u64,
    /// Window end (ms).
    pub until: u64,
    /// Total USD.
    pub total: f64,
    /// Lines, in ledger order.
    pub items: Vec<Item>,
}

const HOUR_MS: f64 = 3_600_000.0;

fn unit_of(u: Usage) -> &'static str {
    match u {
        Usage::Storage => "GB-month",
        Usage::NatData => "GB",
        _ => "hours",
    }
}

/// The billed milliseconds of `p` inside `[a, b)`, given the clock `now`: the overlap, plus
/// the shortfall to the minimum when the period starts inside the window.
fn billed_ms(p: &Period, a: u64, b: u64, now: u64) -> u64 {
    let end = p.end.unwrap_or(now).max(p.start);
    let overlap = end.min(b).saturating_sub(p.start.max(a));
    let shortfall = if (a..b.max(a + 1)).contains(&p.start) { p.minimum.saturating_sub(end - p.start) } else { 0 };
    overlap + shortfall
}

/// The Name tag and tags of a resource that still exists (`None`: use the ledger's).
pub type Labels<'a> = &'a dyn Fn(&str) -> Option<(Option<String>, Tags)>;

/// Prices the ledger over `[since, until)` at clock `now`, applying `plans`; `live` labels
/// resources that still exist.
pub fn bill(ledger: &Ledger, plans: &[SavingsPlan], window: (u64, u64), now: u64, by: &GroupBy, live: Labels) -> Bill {
    let (since, until) = window;
    // Raw lines: (meter index, quantity, usd, covered on-demand usd).
    let mut lines: Vec<(usize, f64, f64, f64)> = Vec::with_capacity(ledger.meters.len());
    for (i, m) in ledger.meters.iter().enumerate() {
        let (mut qty, mut usd) = (0.0, 0.0);
        for p in &m.periods {
            let hours = billed_ms(p, since, until, now) as f64 / HOUR_MS;
            usd += hours * p.rate;
            qty += match m.usage {
                Usage::Storage => hours * p.units / prices::HOURS_PER_MONTH,
                _ => hours,
            };
        }
        // Half-open windows, except that a window ending now includes what happened now.
        let inside = |at: u64| at >= since && (at < until || (at == until && until == now));
        for q in m.quantities.iter().filter(|q| inside(q.at)) {
            qty += q.amount;
            usd += q.amount * q.rate;
        }
        if qty > 0.0 || usd > 0.0 {
            lines.push((i, qty, usd, 0.0));
        }
    }
    let covered = coverage(ledger, plans, since, until, now);
    for line in &mut lines {
        if let Some(c) = covered.get(&line.0) {
            line.3 = c.min(line.2);
            line.2 -= line.3;
        }
    }
    let mut items: Vec<Item> = Vec::new();
    let mut index: HashMap<(String, Service, Usage), usize> = HashMap::new();
    for (i, qty, usd, cov) in lines {
        let m = &ledger.meters[i];
        let labels = || live(&m.resource).unwrap_or_else(|| (m.name.clone(), m.tags.clone()));
        let (resource, name) = match by {
            GroupBy::Resource => (m.resource.clone(), labels().0),
            GroupBy::Service => (String::new(), None),
            GroupBy::Tag(k) => (labels().1.get(k).cloned().unwrap_or_else(|| "(untagged)".into()), None),
        };
        let key = (resource.clone(), m.service, m.usage);
        match index.get(&key) {
            Some(&j) => {
                let it = &mut items[j];
                it.quantity += qty;
                it.usd += usd;
                it.covered_usd += cov;
            }
            None => {
                index.insert(key, items.len());
                items.push(Item {
                    resource,
                    name,
                    service: m.service,
                    usage: m.usage,
                    quantity: qty,
                    unit: unit_of(m.usage),
                    usd,
                    covered_usd: cov,
                });
            }
        }
    }
    for p in plans {
        let hours = p.end.min(until).saturating_sub(p.start.max(since)) as f64 / HOUR_MS;
        if hours > 0.0 {
            items.push(Item {
                resource: match by {
                    GroupBy::Resource => p.id.clone(),
                    _ => String::new(),
                },
                name: None,
                service: Service::SavingsPlans,
                usage: Usage::SavingsPlan,
                quantity: hours,
                unit: "hours",
                usd: hours * p.commitment_per_hour,
                covered_usd: 0.0,
            });
        }
    }
    let total = items.iter().map(|i| i.usd).sum();
    Bill { since, until, total, items }
}

/// On-demand USD covered per meter: hour by hour, EC2 Instance plans first, then Compute
/// plans, each covering up to its commitment (at its discount) of the eligible usage left,
/// shared in proportion to each period's usage in that hour.
fn coverage(ledger: &Ledger, plans: &[SavingsPlan], since: u64, until: u64, now: u64) -> HashMap<usize, f64> {
    let mut out: HashMap<usize, f64> = HashMap::new();
    if plans.is_empty() || until <= since {
        return out;
    }
    let mut ordered: Vec<&SavingsPlan> = plans.iter().collect();
    ordered.sort_by_key(|p| matches!(p.scope, PlanScope::Compute));
    let eligible: Vec<(usize, &Period)> = ledger
        .meters
        .iter()
        .enumerate()
        .filter(|(_, m)| m.usage == Usage::Compute)
        .flat_map(|(i, m)| m.periods.iter().filter(|p| p.eligible.is_some()).map(move |p| (i, p)))
        .collect();
    if eligible.is_empty() {
        return out;
    }
    let first = since - since % HOUR_MS as u64;
    let mut h = first;
    while h < until {
        let (a, b) = (h.max(since), (h + HOUR_MS as u64).min(until));
        let mut left: Vec<f64> =
            eligible.iter().map(|(_, p)| billed_ms(p, a, b, now) as f64 / HOUR_MS * p.rate).collect();
        for plan in &ordered {
            let live = plan.end.min(b).saturating_sub(plan.start.max(a)) as f64 / HOUR_MS;
            if live <= 0.0 {
                continue;
            }
            let fits = |p: &Period| match &plan.scope {
                PlanScope::Compute => true,
                PlanScope::Ec2Instance(e) => p.eligible.as_ref() == Some(e),
            };
            let pool: f64 = eligible.iter().zip(&left).filter(|((_, p), _)| fits(p)).map(|(_, l)| *l).sum();
            if pool <= 0.0 {
                continue;
            }
            let cap = plan.commitment_per_hour * live / (1.0 - plan.discount);
            let share = (cap / pool).min(1.0);
            for ((m, p), l) in eligible.iter().zip(left.iter_mut()) {
                if fits(p) && *l > 0.0 {
                    *out.entry(*m).or_default() += *l * share;
                    *l -= *l * share;
                }
            }
        }
        h += HOUR_MS as u64;
    }
    out
}

/// A month-style projection: what every open period would cost over `hours` more.
pub fn forecast(ledger: &Ledger, hours: f64) -> Bill {
    let mut items = Vec::new();
    for m in &ledger.meters {
        let rate: f64 = m.periods.iter().filter(|p| p.end.is_none()).map(|p| p.rate).sum();
        let units: f64 = m.periods.iter().filter(|p| p.end.is_none()).map(|p| p.units).sum();
        if rate > 0.0 {
            items.push(Item {
                resource: m.resource.clone(),
                name: m.name.clone(),
                service: m.service,
                usage: m.usage,
                quantity: match m.usage {
                    Usage::Storage => units * hours / prices::HOURS_PER_MONTH,
                    _ => hours,
                },
                unit: unit_of(m.usage),
                usd: rate * hours,
                covered_usd: 0.0,
            });
        }
    }
    let total = items.iter().map(|i| i.usd).sum();
    Bill { since: 0, until: (hours * HOUR_MS) as u64, total, items }
}

#[cfg(test)]
mod tests {
    use super::*;

    const S: u64 = 1000;
    const H: u64 = 3600 * S;

    fn k(n: u32) -> ResKey {
        ResKey::Instance(crate::model::InstanceKey(n))
    }

    fn period(start: u64, end: Option<u64>, rate: f64, minimum: u64) -> Period {
        Period { start, end, rate, units: 1.0, minimum, eligible: None }
    }

    fn usd(l: &Ledger, plans: &[SavingsPlan], since: u64, until: u64, now: u64) -> f64 {
        bill(l, plans, (since, until), now, &GroupBy::Resource, &|_| None).total
    }

    /// Scripted timelines against hand-computed bills.
    #[test]
    fn timelines() {
        // (periods of one meter as (start s, end s or None), rate, now s, expected USD)
        type Case<'a> = (&'a [(u64, Option<u64>)], f64, u64, f64);
        let cases: &[Case] = &[
            (&[(30, Some(3630))], 0.096, 4000, 0.096),                 // one hour
            (&[(30, Some(40))], 0.096, 100, 0.096 / 60.0),             // 10 s billed as 60 s
            (&[(30, Some(40)), (100, Some(110))], 0.096, 200, 0.0032), // each period has its minimum
            (&[(0, None)], 0.0104, 30, 0.0104 / 60.0),                 // running 30 s: the minimum is owed
            (&[(0, None)], 0.0104, 7200, 0.0208),                      // still running after 2 h
            (&[(0, Some(90))], 0.36, 1000, 0.009),                     // 90 s, per second
        ];
        for (periods, rate, now, want) in cases {
            let mut l = Ledger::default();
            for (a, b) in *periods {
                l.open(k(1), "i-1", Service::Ec2, Usage::Compute, period(a * S, b.map(|b| b * S), *rate, 60 * S));
            }
            let got = usd(&l, &[], 0, now * S, now * S);
            assert!((got - want).abs() < 1e-9, "{periods:?}: got {got}, want {want}");
        }
    }

    #[test]
    fn windows_clip_periods_and_the_minimum_belongs_to_the_start() {
        let mut l = Ledger::default();
        l.open(k(1), "i-1", Service::Ec2, Usage::Compute, period(0, Some(2 * H), 1.0, 60 * S));
        assert!((usd(&l, &[], H, 2 * H, 3 * H) - 1.0).abs() < 1e-9);
        l.open(k(2), "i-2", Service::Ec2, Usage::Compute, period(10 * H, Some(10 * H + 10 * S), 3.6, 60 * S));
        assert!((usd(&l, &[], 10 * H, 11 * H, 11 * H) - 0.06).abs() < 1e-9);
        assert!((usd(&l, &[], 10 * H + S, 11 * H, 11 * H) - 0.009).abs() < 1e-9, "minimum outside the window");
    }

    #[test]
    fn storage_quantities_and_grouping() {
        let mut l = Ledger::default();
        let gb = 8.0;
        let rate = gb * prices::EBS_GP3_GB_MONTH / prices::HOURS_PER_MONTH;
        l.open(k(1), "i-1", Service::Ebs, Usage::Storage, Period { units: gb, ..period(0, None, rate, 0) });
        l.add(k(9), "nat-1", Service::Vpc, Usage::NatData, Quantity { at: 5 * S, amount: 10.0, rate: prices::NAT_GB });
        let b = bill(&l, &[], (0, 730 * H), 730 * H, &GroupBy::Resource, &|_| None);
        let storage = b.items.iter().find(|i| i.usage == Usage::Storage).unwrap();
        assert!((storage.usd - 0.64).abs() < 1e-9 && (storage.quantity - 8.0).abs() < 1e-9, "{storage:?}");
        let data = b.items.iter().find(|i| i.usage == Usage::NatData).unwrap();
        assert!((data.usd - 0.45).abs() < 1e-9 && data.unit == "GB");
        l.label(k(1), Some("web"), &Tags::from([("team".to_string(), "a".to_string())]));
        let by_tag = bill(&l, &[], (0, H), H, &GroupBy::Tag("team".into()), &|_| None);
        let names: Vec<&str> = by_tag.items.iter().map(|i| i.resource.as_str()).collect();
        assert_eq!(names, ["a", "(untagged)"]);
        let f = forecast(&l, 720.0);
        assert!((f.total - rate * 720.0).abs() < 1e-9);
    }

    #[test]
    fn savings_plans_cover_up_to_the_commitment() {
        let m5 = Eligibility { family: "m5", region: "us-east-1" };
        let mut l = Ledger::default();
        let od = Period { eligible: Some(m5.clone()), ..period(0, Some(2 * H), 0.096, 60 * S) };
        l.open(k(1), "i-1", Service::Ec2, Usage::Compute, od.clone());
        l.open(k(2), "i-2", Service::Ec2, Usage::Compute, od);
        // Commitment 0.036/h at 25% off covers 0.048/h of on-demand: half of one instance.
        let plan = SavingsPlan {
            id: "sp-1".into(),
            scope: PlanScope::Compute,
            commitment_per_hour: 0.036,
            discount: 0.25,
            start: 0,
            end: 365 * 24 * H,
        };
        let b = bill(&l, std::slice::from_ref(&plan), (0, 2 * H), 2 * H, &GroupBy::Resource, &|_| None);
        let covered: f64 = b.items.iter().map(|i| i.covered_usd).sum();
        assert!((covered - 0.096).abs() < 1e-9, "0.048 per hour for 2 hours: {covered}");
        let fee = b.items.iter().find(|i| i.usage == Usage::SavingsPlan).unwrap();
        assert!((fee.usd - 0.072).abs() < 1e-9);
        assert!((b.total - (0.384 - 0.096 + 0.072)).abs() < 1e-9, "{}", b.total);
        // An EC2 Instance plan for another family covers nothing, but is still owed.
        let c5 = SavingsPlan {
            scope: PlanScope::Ec2Instance(Eligibility { family: "c5", region: "us-east-1" }),
            ..plan.clone()
        };
        let b = bill(&l, &[c5], (0, 2 * H), 2 * H, &GroupBy::Resource, &|_| None);
        assert_eq!(b.items.iter().map(|i| i.covered_usd).sum::<f64>(), 0.0);
        assert!((b.total - (0.384 + 0.072)).abs() < 1e-9);
        // A commitment larger than usage covers all of it and the rest is wasted.
        let big = SavingsPlan { commitment_per_hour: 1.0, ..plan };
        let b = bill(&l, &[big], (0, 2 * H), 2 * H, &GroupBy::Resource, &|_| None);
        assert!((b.total - 2.0).abs() < 1e-9, "{}", b.total);
    }
}
