//! What the world records in its billing ledger as resources change, and the bill,
//! forecast, data-transfer and Savings Plan calls over it (pure pricing in `billing.rs`).

use super::billing::{self, Eligibility, GroupBy, Period, PlanScope, Quantity, SavingsPlan, Service, Usage, prices};
use super::*;
use crate::aws_err;
use std::net::Ipv4Addr;

fn hourly(start: u64, rate: f64) -> Period {
    Period { start, end: None, rate, units: 1.0, minimum: 0, eligible: None }
}

impl World {
    /// Copies a leaving resource's name and tags into the ledger.
    pub(crate) fn label_meter(&mut self, res: ResKey) {
        let tags = self.tags_of(res).cloned().unwrap_or_default();
        self.ledger.label(res, tags.get("Name").map(String::as_str), &tags);
    }

    fn live_labels(&self, id: &str) -> Option<(Option<String>, Tags)> {
        let tags = self.tags_of(self.lookup_id(id)?)?;
        Some((tags.get("Name").cloned(), tags.clone()))
    }

    /// Sets an interface's auto-assigned public IPv4 and bills it while held (to the
    /// interface's instance, else to the interface).
    pub(crate) fn set_auto_public_ip(&mut self, eni: EniKey, ip: Option<Ipv4Addr>) {
        let Some(e) = self.stores.enis.get_mut(eni) else { return };
        let had = e.public_ip.is_some();
        e.public_ip = ip;
        let owner = match e.attachment {
            Some(a) => self.stores.instances.get(a.instance).map(|i| (i.id.clone(), ResKey::Instance(a.instance))),
            None => Some((e.id.clone(), ResKey::Eni(eni))),
        };
        let Some((id, res)) = owner else { return };
        let now = self.now_ms;
        match (had, ip.is_some()) {
            (false, true) => {
                let rate = self.config.prices.public_ipv4_hour;
                self.ledger.open(res, &id, Service::Vpc, Usage::PublicIp, hourly(now, rate));
            }
            (true, false) => self.ledger.close(res, Usage::PublicIp, now),
            _ => {}
        }
    }

    /// Starts billing `gib` of gp3 storage to `res` (id `id`): a volume's own bill, or its
    /// instance's while attached.
    pub(crate) fn open_storage(&mut self, res: ResKey, id: &str, gib: u32) {
        let gb = f64::from(gib);
        let rate = gb * self.config.prices.ebs_gp3_gb_month / prices::HOURS_PER_MONTH;
        let p = Period { units: gb, ..hourly(self.now_ms, rate) };
        self.ledger.open(res, id, Service::Ebs, Usage::Storage, p);
    }

    /// Bills follow the state: compute (and Marketplace software) from entry into `running`
    /// with a 60-second minimum until `stopping` (plain stop), `stopped` (hibernation) or
    /// `shutting-down`; the attached root volume until `terminated` (see `volume.rs`).
    pub(crate) fn meter_state(&mut self, inst: InstanceKey, was: InstanceState, now_in: InstanceState) {
        let Some(i) = self.stores.instances.get(inst) else { return };
        let (now, res) = (self.now_ms, ResKey::Instance(inst));
        match now_in {
            InstanceState::Running if was != InstanceState::Running => {
                let id = i.id.clone();
                let Some(t) = catalog::instance_type(&i.instance_type) else { return };
                let region = self.region_info(i.region).name;
                let (rate, eligible) = match i.market {
                    Market::OnDemand => (t.price_per_hour, Some(Eligibility { family: t.family(), region })),
                    Market::Spot => (t.spot_price_per_hour(), None),
                };
                let software = i.software_price_per_hour;
                let minimum = prices::INSTANCE_MINIMUM_MS;
                let p = Period { minimum, eligible, ..hourly(now, rate) };
                self.ledger.open(res, &id, Service::Ec2, Usage::Compute, p);
                if software > 0.0 {
                    let p = Period { minimum, ..hourly(now, software) };
                    self.ledger.open(res, &id, Service::Ec2, Usage::Software, p);
                }
            }
            InstanceState::Stopping if i.hibernated => {}
            InstanceState::Stopping | InstanceState::Stopped | InstanceState::ShuttingDown => {
                self.ledger.close(res, Usage::Compute, now);
                self.ledger.close(res, Usage::Software, now);
            }
            InstanceState::Terminated => self.release_root_volume(inst),
            _ => {}
        }
    }

    /// Opens or closes the hourly bill of a non-instance resource (Elastic IP, NAT
    /// gateway, VPN connection, Direct Connect port).
    pub(crate) fn meter_resource(&mut self, res: ResKey, open: bool) {
        let Some(id) = self.id_of(res).map(str::to_string) else { return };
        let p = &self.config.prices;
        let (service, usage, rate) = match res {
            ResKey::Eip(_) => (Service::Vpc, Usage::PublicIp, p.public_ipv4_hour),
            ResKey::Nat(_) => (Service::Vpc, Usage::NatHours, p.nat_gateway_hour),
            ResKey::Vpn(_) => (Service::Vpn, Usage::VpnHours, p.vpn_connection_hour),
            ResKey::Dx(k) => {
                let bw = self.stores.dxs.get(k).map(|d| d.bandwidth.as_str()).unwrap_or_default();
                (Service::Dx, Usage::DxPortHours, p.dx_port(bw))
            }
            _ => return,
        };
        let now = self.now_ms;
        if open {
            self.ledger.open(res, &id, service, usage, hourly(now, rate));
        } else {
            self.ledger.close(res, usage, now);
            self.label_meter(res);
        }
    }

    /// Records `gb` of data processed by a NAT gateway (`sim.transfer`).
    pub fn transfer_through_nat(&mut self, nat: NatKey, gb: f64) -> Result<()> {
        if !(gb.is_finite() && gb >= 0.0) {
            return Err(aws_err!("InvalidParameterValue", "gb must be 0 or more, got {gb}"));
        }
        let n = self.nat(nat)?;
        if n.state != NatState::Available {
            return Err(aws_err!(
                "InvalidParameterValue",
                "The NAT gateway {} is {}: only an available gateway processes data",
                self.label_id(&n.id),
                n.state.as_str()
            ));
        }
        let id = n.id.clone();
        let q = Quantity { at: self.now_ms, amount: gb, rate: self.config.prices.nat_gateway_gb };
        self.ledger.add(ResKey::Nat(nat), &id, Service::Vpc, Usage::NatData, q);
        Ok(())
    }

    /// `sim.transfer`: `gb` sent from a subnet (an instance's or interface's) to `to`;
    /// when the subnet's route to `to` is a NAT gateway, the gateway bills the data.
    /// Returns the NAT gateway that processed it, if any.
    pub fn transfer(&mut self, from: SubnetKey, to: Ipv4Addr, gb: f64) -> Result<Option<NatKey>> {
        let rtb = self.effective_route_table(from)?;
        match self.lookup_route(rtb, to).map(|r| r.target) {
            Some(Target::Nat(nat)) => {
                self.transfer_through_nat(nat, gb)?;
                Ok(Some(nat))
            }
            _ if !(gb.is_finite() && gb >= 0.0) => {
                Err(aws_err!("InvalidParameterValue", "gb must be 0 or more, got {gb}"))
            }
            _ => Ok(None),
        }
    }

    /// Buys a Savings Plan (No Upfront) starting now.
    pub fn purchase_savings_plan(
        &mut self,
        ec2_instance: Option<(RegionKey, &str)>,
        commitment_per_hour: f64,
        three_years: bool,
    ) -> Result<String> {
        if !(commitment_per_hour.is_finite() && commitment_per_hour >= 0.001) {
            return Err(aws_err!(
                "ValidationException",
                "commitment_per_hour must be at least 0.001 USD, got {commitment_per_hour}"
            ));
        }
        let scope = match ec2_instance {
            None => PlanScope::Compute,
            Some((region, family)) => {
                let Some(t) = catalog::instance_types().iter().find(|t| t.family() == family) else {
                    return Err(aws_err!("ValidationException", "Unknown instance family '{family}'"));
                };
                PlanScope::Ec2Instance(Eligibility { family: t.family(), region: self.region_info(region).name })
            }
        };
        let discount = self.config.prices.plan_discount(ec2_instance.is_some(), three_years);
        let years: u64 = if three_years { 3 } else { 1 };
        let id = self.ids.next("sp");
        let start = self.now_ms;
        let end = start + years * 365 * 24 * 3_600_000;
        self.savings_plans.push(SavingsPlan { id: id.clone(), scope, commitment_per_hour, discount, start, end });
        Ok(id)
    }

    /// Savings Plans bought so far.
    pub fn savings_plans(&self) -> &[SavingsPlan] {
        &self.savings_plans
    }

    /// The bill for `[since, until)` (ms; `until` defaults to now).
    pub fn bill(&self, since: u64, until: Option<u64>, by: &GroupBy) -> Result<billing::Bill> {
        let until = until.unwrap_or(self.now_ms);
        if since > until {
            return Err(aws_err!("InvalidParameterValue", "since ({since} ms) is after until ({until} ms)"));
        }
        Ok(billing::bill(&self.ledger, &self.savings_plans, (since, until), self.now_ms, by, &|id| {
            self.live_labels(id)
        }))
    }

    /// What what is billed now would cost over `days` more days.
    pub fn forecast(&self, days: f64) -> Result<billing::Bill> {
        if !(days.is_finite() && days > 0.0) {
            return Err(aws_err!("InvalidParameterValue", "days must be more than 0, got {days}"));
        }
        Ok(billing::forecast(&self.ledger, days * 24.0))
    }

    /// USD an instance has cost so far (compute, software, root volume, public IPv4).
    pub fn instance_cost(&self, inst: InstanceKey) -> Result<f64> {
        let id = &self.instance(inst)?.id;
        let b = billing::bill(
            &self.ledger,
            &self.savings_plans,
            (0, self.now_ms),
            self.now_ms,
            &GroupBy::Resource,
            &|_| None,
        );
        Ok(b.items.iter().filter(|i| &i.resource == id).map(|i| i.usd).sum())
    }
}

#[cfg(test)]
mod tests {
    use super::super::testlab::{Lab, lab};
    use super::*;

    /// One step of a scripted timeline.
    #[derive(Clone, Copy)]
    enum Step {
        Wait(Waiter),
        Advance(f64),
        Stop,
        Hibernate,
        Start,
        Reboot,
        Terminate,
        Modify(&'static str),
    }
    use Step::*;

    fn compute_usd(l: &Lab, id: &str, usage: Usage) -> f64 {
        let b = l.w.bill(0, None, &GroupBy::Resource).unwrap();
        b.items.iter().filter(|i| i.resource == id && i.usage == usage).map(|i| i.usd).sum()
    }

    /// Scripted timelines of one instance against hand-computed compute bills.
    #[test]
    fn instance_timelines_against_hand_computed_bills() {
        let running = Wait(Waiter::Running);
        let stopped = Wait(Waiter::Stopped);
        type Case<'a> = (&'a str, &'a str, Market, bool, &'a [Step], f64);
        let cases: &[Case] = &[
            ("one hour", "m5.large", Market::OnDemand, false, &[running, Advance(3600.0), Stop, stopped], 0.096),
            ("10 s billed as 60 s", "m5.large", Market::OnDemand, false, &[running, Advance(10.0), Terminate], 0.0016),
            (
                "each start is a new period with its minimum",
                "m5.large",
                Market::OnDemand,
                false,
                &[running, Advance(10.0), Stop, stopped, Start, running, Advance(10.0), Stop, stopped],
                0.0032,
            ),
            (
                "a reboot starts no new minimum",
                "m5.large",
                Market::OnDemand,
                false,
                &[running, Advance(10.0), Reboot, Advance(20.0), Stop, stopped],
                0.0016,
            ),
            (
                "pending and a plain stopping phase are not billed",
                "m5.large",
                Market::OnDemand,
                false,
                &[running, Advance(120.0), Stop, stopped, Advance(3600.0)],
                0.0032,
            ),
            (
                "hibernation bills its 15 s stopping phase",
                "m5.large",
                Market::OnDemand,
                true,
                &[running, Advance(3600.0), Hibernate, stopped],
                0.096 * 3615.0 / 3600.0,
            ),
            (
                "the type in force in each period",
                "m5.large",
                Market::OnDemand,
                false,
                &[running, Advance(3600.0), Stop, stopped, Modify("m5.xlarge"), Start, running, Advance(3600.0), Stop],
                0.096 + 0.192,
            ),
            ("Spot at the Spot price", "m5.large", Market::Spot, false, &[running, Advance(3600.0), Stop], 0.03648),
            (
                "terminated: billed to shutting-down, and still billed after leaving listings",
                "c5.large",
                Market::OnDemand,
                false,
                &[running, Advance(36.0), Terminate, Wait(Waiter::Terminated), Advance(7200.0)],
                0.085 * 60.0 / 3600.0,
            ),
        ];
        for (name, itype, market, hibernation, steps, want) in cases {
            let mut l = lab();
            let i = l
                .launch(|s| {
                    (s.instance_type, s.market, s.hibernation) = (Some(itype.to_string()), *market, *hibernation)
                })
                .unwrap();
            let id = l.w.instance(i).unwrap().id.clone();
            for step in *steps {
                match *step {
                    Wait(w) => l.w.wait_instance(i, w).unwrap(),
                    Advance(s) => drop(l.w.advance(s).unwrap()),
                    Stop => l.w.stop_instance(i, false).unwrap(),
                    Hibernate => l.w.stop_instance(i, true).unwrap(),
                    Start => l.w.start_instance(i).unwrap(),
                    Reboot => l.w.reboot_instance(i).unwrap(),
                    Terminate => l.w.terminate_instance(i).unwrap(),
                    Modify(t) => l.w.modify_instance_type(i, t).unwrap(),
                }
            }
            let got = compute_usd(&l, &id, Usage::Compute);
            assert!((got - want).abs() < 1e-9, "{name}: got {got}, want {want}");
        }
    }

    #[test]
    fn volumes_public_addresses_and_software_fees() {
        let mut l = lab();
        let wordpress = l.image("bitnami-wordpress-6-x86_64");
        let i = l.launch(|s| s.image_id = Some(wordpress)).unwrap();
        let id = l.w.instance(i).unwrap().id.clone();
        l.w.wait_instance(i, Waiter::Running).unwrap();
        l.w.advance(3570.0).unwrap();
        l.w.stop_instance(i, false).unwrap();
        l.w.wait_instance(i, Waiter::Stopped).unwrap();
        l.w.advance(3585.0).unwrap(); // t = 2 h: stopped instances keep their volume
        assert!(
            (compute_usd(&l, &id, Usage::Software) - 0.05 * 3570.0 / 3600.0).abs() < 1e-9,
            "Marketplace fee while running"
        );
        assert!((compute_usd(&l, &id, Usage::PublicIp) - 0.005).abs() < 1e-9, "launch to stop: one hour");
        let storage = 10.0 * 0.08 / 730.0 * 2.0;
        assert!((compute_usd(&l, &id, Usage::Storage) - storage).abs() < 1e-9, "10 GiB for 2 h");
        let total = l.w.instance_cost(i).unwrap();
        let sum: f64 = [Usage::Compute, Usage::Software, Usage::PublicIp, Usage::Storage]
            .iter()
            .map(|u| compute_usd(&l, &id, *u))
            .sum();
        assert!((total - sum).abs() < 1e-12);
    }

    #[test]
    fn network_charges() {
        let mut l = lab();
        let idle = l.w.allocate_address(l.r, None, Tags::new()).unwrap();
        let for_nat = l.w.allocate_address(l.r, None, Tags::new()).unwrap();
        let nat = l.w.create_nat_gateway(l.s, Some(for_nat), Connectivity::Public, Tags::new()).unwrap();
        let vgw = l.w.create_vpn_gateway(l.r, None, Tags::new()).unwrap();
        let cgw = l.w.create_customer_gateway(l.r, "198.51.100.7", None, None, Tags::new()).unwrap();
        l.w.create_vpn_connection(l.r, vgw, cgw, &[], None, Tags::new()).unwrap();
        l.w.create_dx_connection(l.r, "EqDC2", "10Gbps", Tags::new()).unwrap();
        assert_eq!(l.w.transfer_through_nat(nat, 1.0).unwrap_err().code, "InvalidParameterValue", "pending");
        l.w.advance(60.0).unwrap();
        l.w.transfer_through_nat(nat, 10.0).unwrap();
        l.w.advance(3540.0).unwrap(); // t = 1 h
        let b = l.w.bill(0, None, &GroupBy::Service).unwrap();
        let usd = |u: Usage| b.items.iter().filter(|i| i.usage == u).map(|i| i.usd).sum::<f64>();
        assert!((usd(Usage::PublicIp) - 0.010).abs() < 1e-9, "two Elastic IPs, attached or idle");
        assert!((usd(Usage::NatHours) - 0.045 * 3540.0 / 3600.0).abs() < 1e-9, "from available");
        assert!((usd(Usage::NatData) - 0.45).abs() < 1e-9);
        assert!((usd(Usage::VpnHours) - 0.05).abs() < 1e-9);
        assert!((usd(Usage::DxPortHours) - 2.25).abs() < 1e-9);
        l.w.delete_nat_gateway(nat).unwrap();
        l.w.advance(3600.0).unwrap();
        let nat_hours: f64 =
            l.w.bill(0, None, &GroupBy::Resource)
                .unwrap()
                .items
                .iter()
                .filter(|i| i.usage == Usage::NatHours)
                .map(|i| i.usd)
                .sum();
        assert!((nat_hours - 0.045 * 3540.0 / 3600.0).abs() < 1e-9, "not billed once deleting");
        l.w.release_address(idle).unwrap();
        let before = l.w.bill(0, None, &GroupBy::Service).unwrap().total;
        l.w.advance(3600.0).unwrap();
        let after = l.w.bill(0, None, &GroupBy::Service).unwrap().total;
        assert!(
            (after - before - (0.005 + 0.05 + 2.25)).abs() < 1e-9,
            "the NAT's EIP, the VPN and the port stay billed"
        );
    }

    #[test]
    fn a_savings_plan_covers_up_to_its_commitment() {
        let mut l = lab();
        l.w.purchase_savings_plan(None, 0.05, false).unwrap();
        for _ in 0..2 {
            l.launch(|s| s.instance_type = Some("m5.large".into())).unwrap();
        }
        l.w.advance(3630.0).unwrap();
        let b = l.w.bill(0, None, &GroupBy::Service).unwrap();
        let compute = b.items.iter().find(|i| i.usage == Usage::Compute).unwrap();
        let fee = 0.05 * 3630.0 / 3600.0;
        let covered = fee / (1.0 - 0.28);
        assert!((compute.covered_usd - covered).abs() < 1e-9, "{}", compute.covered_usd);
        assert!((compute.usd - (2.0 * 0.096 - covered)).abs() < 1e-9);
        let plan = b.items.iter().find(|i| i.usage == Usage::SavingsPlan).unwrap();
        assert!((plan.usd - fee).abs() < 1e-9);
        let spot = l.launch(|s| s.market = Market::Spot).unwrap();
        l.w.advance(3600.0).unwrap();
        let id = l.w.instance(spot).unwrap().id.clone();
        let b = l.w.bill(0, None, &GroupBy::Resource).unwrap();
        assert!(b.items.iter().filter(|i| i.resource == id).all(|i| i.covered_usd == 0.0), "Spot is not eligible");
        assert_eq!(l.w.purchase_savings_plan(None, 0.0, false).unwrap_err().code, "ValidationException");
        assert_eq!(l.w.purchase_savings_plan(Some((l.r, "q9")), 1.0, false).unwrap_err().code, "ValidationException");
    }

    #[test]
    fn transfers_bill_the_nat_gateway_on_the_route() {
        let mut l = lab();
        let eip = l.w.allocate_address(l.r, None, Tags::new()).unwrap();
        let nat = l.w.create_nat_gateway(l.s, Some(eip), Connectivity::Public, Tags::new()).unwrap();
        let private = l.w.create_subnet(l.v, "10.0.3.0/24", Some("us-east-1b"), Tags::new()).unwrap();
        let rt = l.w.create_route_table(l.v, Tags::new()).unwrap();
        l.w.create_route(rt, "0.0.0.0/0", Target::Nat(nat)).unwrap();
        l.w.associate_route_table(rt, private).unwrap();
        l.w.advance(60.0).unwrap();
        let internet = Ipv4Addr::new(93, 184, 216, 34);
        assert_eq!(l.w.transfer(private, internet, 2.0).unwrap(), Some(nat));
        assert_eq!(l.w.transfer(l.s, internet, 2.0).unwrap(), None, "a public subnet goes straight to the IGW");
        assert_eq!(l.w.transfer(l.s, internet, -1.0).unwrap_err().code, "InvalidParameterValue");
        let b = l.w.bill(0, None, &GroupBy::Resource).unwrap();
        let data: f64 = b.items.iter().filter(|i| i.usage == Usage::NatData).map(|i| i.quantity).sum();
        assert_eq!(data, 2.0);
    }
}
