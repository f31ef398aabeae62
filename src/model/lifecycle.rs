//! The instance lifecycle on the simulated clock (AWS_FACTS.md §8): stop, hibernate,
//! start, reboot, terminate, OS shutdown, resize, Spot interruption, waiters, and the
//! timed transitions that finish them.

use super::catalog::RootDevice;
use super::*;
use crate::aws_err;

impl World {
    /// Enters `state`, recording it and starting or stopping the bills it affects.
    pub(crate) fn set_state(&mut self, inst: InstanceKey, state: InstanceState) -> Result<()> {
        let now = self.now_ms;
        let i = self.get_mut(inst)?;
        let was = i.state;
        i.state = state;
        i.state_history.push((state, now));
        if state != InstanceState::Running {
            i.rebooting_until = None;
            i.spot_interruption_at = None;
            i.spot_notice_at = None;
        }
        self.meter_state(inst, was, state);
        self.count_vcpus(inst, Some(was), state);
        self.asg_member_changed(inst);
        Ok(())
    }

    fn release_public_ip(&mut self, inst: InstanceKey) -> Result<()> {
        let eni = self.instance(inst)?.primary_eni;
        if self.stores.enis.get(eni).is_some() {
            self.set_auto_public_ip(eni, None);
        }
        Ok(())
    }

    fn after(&self, seconds: f64) -> u64 {
        self.now_ms + self.ms(seconds)
    }

    /// `StopInstances` (with `hibernate`). Stopping a stopped instance is a no-op.
    pub fn stop_instance(&mut self, inst: InstanceKey, hibernate: bool) -> Result<()> {
        let i = self.instance(inst)?;
        if i.root_device_type == RootDevice::InstanceStore {
            return Err(aws_err!(
                "UnsupportedOperation",
                "The instance {} is instance store-backed: you can't stop an instance that's instance store-backed, only terminate it",
                self.quoted_label(&i.id)
            ));
        }
        if hibernate && !i.hibernation {
            return Err(aws_err!(
                "UnsupportedOperation",
                "The instance {} was not launched with hibernation enabled, so it cannot hibernate",
                self.label_id(&i.id)
            ));
        }
        match i.state {
            InstanceState::Running => {}
            InstanceState::Stopping | InstanceState::Stopped => return Ok(()),
            s => {
                return Err(aws_err!(
                    "IncorrectInstanceState",
                    "The instance {} is not in a state from which it can be stopped: it is {}",
                    self.quoted_label(&i.id),
                    s.as_str()
                ));
            }
        }
        self.begin_stop(inst, hibernate)
    }

    fn begin_stop(&mut self, inst: InstanceKey, hibernate: bool) -> Result<()> {
        self.get_mut(inst)?.hibernated = hibernate;
        self.set_state(inst, InstanceState::Stopping)?;
        self.release_public_ip(inst)?;
        let due = self.after(self.config.timings.ec2_stopping);
        self.schedule_instance(inst, due);
        Ok(())
    }

    /// `StartInstances`: stopped → pending → running, with a new public address; from
    /// hibernation the wait is `ec2_resume` (no boot sequence) instead of `ec2_pending`.
    pub fn start_instance(&mut self, inst: InstanceKey) -> Result<()> {
        let i = self.instance(inst)?;
        match i.state {
            InstanceState::Stopped => {}
            InstanceState::Pending | InstanceState::Running => return Ok(()),
            s => {
                return Err(aws_err!(
                    "IncorrectInstanceState",
                    "The instance {} is not in a state from which it can be started: it is {}",
                    self.quoted_label(&i.id),
                    s.as_str()
                ));
            }
        }
        let (eni, resume) = (i.primary_eni, i.hibernated);
        if self.eni(eni)?.auto_public_ip && self.eni(eni)?.eip.is_none() {
            let ip = self.allocate_public_ip();
            self.set_auto_public_ip(eni, Some(ip));
        }
        self.set_state(inst, InstanceState::Pending)?;
        let t = &self.config.timings;
        let due = self.after(if resume { t.ec2_resume } else { t.ec2_pending });
        self.schedule_instance(inst, due);
        Ok(())
    }

    /// `RebootInstances`: stays `running` (same IPs, same billing period) and is
    /// `rebooting` for `ec2_reboot` seconds; ignored for terminated instances.
    pub fn reboot_instance(&mut self, inst: InstanceKey) -> Result<()> {
        let i = self.instance(inst)?;
        match i.state {
            InstanceState::Running => {
                let until = self.after(self.config.timings.ec2_reboot);
                self.get_mut(inst)?.rebooting_until = Some(until);
                self.schedule_running(inst);
                Ok(())
            }
            InstanceState::Terminated => Ok(()),
            s => Err(aws_err!(
                "IncorrectInstanceState",
                "The instance {} is {}: only running instances can be rebooted",
                self.quoted_label(&i.id),
                s.as_str()
            )),
        }
    }

    /// `TerminateInstances`: idempotent; refused under termination protection.
    pub fn terminate_instance(&mut self, inst: InstanceKey) -> Result<()> {
        let i = self.instance(inst)?;
        if matches!(i.state, InstanceState::ShuttingDown | InstanceState::Terminated) {
            return Ok(());
        }
        if i.disable_api_termination {
            return Err(aws_err!(
                "OperationNotPermitted",
                "The instance {} may not be terminated. Modify its 'disableApiTermination' instance attribute and try again.",
                self.quoted_label(&i.id)
            ));
        }
        self.begin_terminate(inst)
    }

    fn begin_terminate(&mut self, inst: InstanceKey) -> Result<()> {
        let eni = self.instance(inst)?.primary_eni;
        self.set_state(inst, InstanceState::ShuttingDown)?;
        self.release_public_ip(inst)?;
        if let Some(eip) = self.eni(eni)?.eip {
            self.disassociate_address(eip)?;
        }
        let due = self.after(self.config.timings.ec2_shutting_down);
        self.schedule_instance(inst, due);
        Ok(())
    }

    /// A shutdown from inside the OS (`shutdown -h now`): stops or terminates per the
    /// instance's `instance_initiated_shutdown_behavior`; termination protection does not apply.
    pub fn shutdown_from_os(&mut self, inst: InstanceKey) -> Result<()> {
        let i = self.instance(inst)?;
        if i.state != InstanceState::Running {
            return Err(aws_err!(
                "IncorrectInstanceState",
                "The instance {} is {}: only a running OS can shut down",
                self.quoted_label(&i.id),
                i.state.as_str()
            ));
        }
        match i.shutdown_behavior {
            Afterwards::Stop => self.begin_stop(inst, false),
            Afterwards::Terminate => self.begin_terminate(inst),
        }
    }

    /// `ModifyInstanceAttribute instanceShutdownBehavior`.
    pub fn set_shutdown_behavior(&mut self, inst: InstanceKey, behavior: Afterwards) -> Result<()> {
        let i = self.instance(inst)?;
        if behavior == Afterwards::Stop && i.root_device_type == RootDevice::InstanceStore {
            return Err(aws_err!(
                "UnsupportedOperation",
                "The instance {} is instance store-backed and always terminates on shutdown",
                self.quoted_label(&i.id)
            ));
        }
        self.get_mut(inst)?.shutdown_behavior = behavior;
        Ok(())
    }

    /// `ModifyInstanceAttribute instanceType`: only when stopped, same architecture, not
    /// with hibernation, not for Spot.
    pub fn modify_instance_type(&mut self, inst: InstanceKey, type_name: &str) -> Result<()> {
        let i = self.instance(inst)?;
        let t = catalog::instance_type(type_name).ok_or_else(|| {
            aws_err!("InvalidInstanceAttributeValue", "Value ({type_name}) for parameter instanceType is invalid.")
        })?;
        if i.hibernation {
            return Err(aws_err!(
                "UnsupportedOperation",
                "The instance {} has hibernation enabled, so its type cannot be changed",
                self.label_id(&i.id)
            ));
        }
        if i.market == Market::Spot {
            return Err(aws_err!(
                "UnsupportedOperation",
                "The instance {} is a Spot Instance: its type cannot be changed",
                self.label_id(&i.id)
            ));
        }
        if i.state != InstanceState::Stopped {
            return Err(aws_err!(
                "IncorrectInstanceState",
                "The instance {} is {}: stop it before changing its type",
                self.quoted_label(&i.id),
                i.state.as_str()
            ));
        }
        let arch = catalog::instance_type(&i.instance_type).map(|t| t.architecture);
        if arch != Some(t.architecture) {
            return Err(aws_err!(
                "InvalidParameterValue",
                "{} ({}) does not match the architecture of instance {}",
                t.name,
                t.architecture,
                self.label_id(&i.id)
            ));
        }
        let now = self.now_ms;
        let i = self.get_mut(inst)?;
        i.instance_type = t.name.to_string();
        i.vcpus = t.vcpus;
        i.quota_class = quota_class(t.family());
        i.type_history.push((t.name.to_string(), now));
        Ok(())
    }

    /// `ModifyInstanceAttribute disableApiTermination`.
    pub fn set_termination_protection(&mut self, inst: InstanceKey, on: bool) -> Result<()> {
        self.get_mut(inst)?.disable_api_termination = on;
        Ok(())
    }

    /// Sends a running Spot Instance its two-minute interruption notice; after
    /// `spot_warning` seconds it stops or terminates per its interruption behaviour.
    pub fn interrupt_spot(&mut self, inst: InstanceKey) -> Result<()> {
        self.check_spot_running(inst)?;
        if self.instance(inst)?.spot_interruption_at.is_some() {
            return Ok(());
        }
        let at = self.after(self.config.timings.spot_warning);
        let id = self.instance(inst)?.id.clone();
        self.get_mut(inst)?.spot_interruption_at = Some(at);
        self.emit(Event::SpotInterruptionWarning { instance: id, at_ms: at });
        self.schedule_running(inst);
        Ok(())
    }

    /// A scripted interruption: the notice comes `seconds` from now if the Spot Instance is
    /// still running then (a stop or termination before cancels it).
    pub fn schedule_spot_interruption(&mut self, inst: InstanceKey, seconds: f64) -> Result<()> {
        if !(seconds.is_finite() && seconds >= 0.0) {
            return Err(aws_err!(
                "InvalidParameterValue",
                "the notice must come 0 or more seconds from now, got {seconds}"
            ));
        }
        self.check_spot_running(inst)?;
        let at = self.after(seconds);
        self.get_mut(inst)?.spot_notice_at = Some(at);
        self.schedule_running(inst);
        Ok(())
    }

    fn check_spot_running(&self, inst: InstanceKey) -> Result<()> {
        let i = self.instance(inst)?;
        if i.market != Market::Spot {
            return Err(aws_err!(
                "UnsupportedOperation",
                "The instance {} is not a Spot Instance",
                self.label_id(&i.id)
            ));
        }
        if i.state != InstanceState::Running {
            return Err(aws_err!(
                "IncorrectInstanceState",
                "The Spot Instance {} is {}: only running Spot Instances are interrupted",
                self.quoted_label(&i.id),
                i.state.as_str()
            ));
        }
        Ok(())
    }

    /// Schedules the earliest pending change of a running instance (reboot end, Spot action).
    fn schedule_running(&mut self, inst: InstanceKey) {
        let Some(i) = self.stores.instances.get(inst) else { return };
        if let Some(due) = [i.rebooting_until, i.spot_interruption_at, i.spot_notice_at].into_iter().flatten().min() {
            self.schedule_instance(inst, due);
        }
    }

    fn timed_state(&mut self, key: InstanceKey, state: InstanceState) {
        let _ = self.set_state(key, state);
        self.events.push(Event::Instance { instance: key, state, at_ms: self.now_ms });
    }

    /// Runs the timed transition of an instance that fell due.
    pub(crate) fn fire_instance(&mut self, key: InstanceKey, token: u64) {
        let Some(i) = self.stores.instances.get_mut(key) else { return };
        if i.token != token {
            return;
        }
        i.due = None;
        let now = self.now_ms;
        match i.state {
            InstanceState::Pending => self.timed_state(key, InstanceState::Running),
            InstanceState::Stopping => self.timed_state(key, InstanceState::Stopped),
            InstanceState::ShuttingDown => {
                self.timed_state(key, InstanceState::Terminated);
                for e in self.instance_enis(key) {
                    let primary =
                        self.stores.enis.get(e).and_then(|x| x.attachment).is_some_and(|a| a.device_index == 0);
                    if primary {
                        self.remove_eni(e);
                    } else if let Some(x) = self.stores.enis.get_mut(e) {
                        x.attachment = None;
                    }
                }
                let due = self.after(self.config.timings.terminated_visible);
                self.schedule_instance(key, due);
            }
            InstanceState::Terminated => {
                // Out of listings; its record stays in the history and its bills in the ledger.
                self.label_meter(ResKey::Instance(key));
                if let Some(i) = self.stores.instances.remove(key) {
                    self.unregister(&i.id);
                    self.events.push(Event::InstanceRetired { id: i.id.clone(), at_ms: self.now_ms });
                    self.retired.push(i);
                }
            }
            InstanceState::Running => {
                if i.rebooting_until.is_some_and(|t| t <= now) {
                    i.rebooting_until = None;
                }
                if i.spot_notice_at.is_some_and(|t| t <= now) {
                    i.spot_notice_at = None;
                    let _ = self.interrupt_spot(key);
                    return;
                }
                let Some(i) = self.stores.instances.get(key) else { return };
                if i.spot_interruption_at.is_some_and(|t| t <= now) {
                    let (id, behavior) = (i.id.clone(), i.spot_interruption_behavior);
                    self.emit(Event::SpotInterrupted { instance: id, action: behavior.as_str() });
                    let _ = match behavior {
                        Afterwards::Stop => self.begin_stop(key, false),
                        Afterwards::Terminate => self.begin_terminate(key),
                    };
                } else {
                    self.schedule_running(key);
                }
            }
            InstanceState::Stopped => {}
        }
    }

    /// Interfaces attached to an instance, primary first.
    pub fn instance_enis(&self, inst: InstanceKey) -> Vec<EniKey> {
        let mut v: Vec<(u32, EniKey)> = self
            .stores
            .enis
            .iter()
            .filter_map(|(k, e)| e.attachment.filter(|a| a.instance == inst).map(|a| (a.device_index, k)))
            .collect();
        v.sort();
        v.into_iter().map(|(_, k)| k).collect()
    }

    /// A boto3-style waiter: advances the clock just enough for the instance to reach
    /// the state, or fails (`WaiterError`) when it can no longer get there.
    pub fn wait_instance(&mut self, inst: InstanceKey, waiter: Waiter) -> Result<()> {
        loop {
            let i = self.instance(inst)?;
            let s = i.state;
            let reached = match waiter {
                Waiter::Running => s == InstanceState::Running,
                Waiter::Stopped => s == InstanceState::Stopped,
                Waiter::Terminated => s == InstanceState::Terminated,
            };
            if reached {
                return Ok(());
            }
            let hopeless = match waiter {
                Waiter::Running => matches!(
                    s,
                    InstanceState::Stopping
                        | InstanceState::Stopped
                        | InstanceState::ShuttingDown
                        | InstanceState::Terminated
                ),
                Waiter::Stopped => {
                    matches!(s, InstanceState::Pending | InstanceState::ShuttingDown | InstanceState::Terminated)
                        || (s == InstanceState::Running
                            && i.spot_interruption_at.is_none()
                            && i.spot_notice_at.is_none())
                }
                Waiter::Terminated => s == InstanceState::Stopped,
            };
            if hopeless {
                return Err(aws_err!(
                    "WaiterError",
                    "Waiter Instance{waiter:?} failed: the instance {} is {} and will not get there by itself",
                    self.label_id(&i.id),
                    s.as_str()
                ));
            }
            match i.due {
                Some(due) => self.advance_to(due),
                None => {
                    return Err(aws_err!(
                        "WaiterError",
                        "Waiter Instance{waiter:?} failed: the instance {} is {} with nothing pending",
                        self.label_id(&i.id),
                        s.as_str()
                    ));
                }
            }
        }
    }
}
#[cfg(test)]
mod tests {
    use super::super::testlab::lab;
    use super::*;

    #[test]
    fn pending_becomes_running_after_30_seconds() {
        let mut l = lab();
        let i = l.launch(|_| {}).unwrap();
        assert_eq!(l.state(i), InstanceState::Pending);
        l.w.advance(29.999).unwrap();
        assert_eq!(l.state(i), InstanceState::Pending);
        l.w.advance(0.001).unwrap();
        assert_eq!(l.state(i), InstanceState::Running);
        assert_eq!(
            l.w.instance(i).unwrap().state_history,
            [(InstanceState::Pending, 0), (InstanceState::Running, 30_000)]
        );
    }

    #[test]
    fn waiters_advance_the_clock_just_enough() {
        let mut l = lab();
        let i = l.launch(|_| {}).unwrap();
        l.w.wait_instance(i, Waiter::Running).unwrap();
        assert_eq!(l.w.now_ms(), 30_000);
        l.w.stop_instance(i, false).unwrap();
        l.w.wait_instance(i, Waiter::Stopped).unwrap();
        assert_eq!(l.w.now_ms(), 45_000);
        assert_eq!(l.w.wait_instance(i, Waiter::Running).unwrap_err().code, "WaiterError");
        assert_eq!(l.w.now_ms(), 45_000, "a hopeless waiter does not move the clock");
        l.w.terminate_instance(i).unwrap();
        l.w.wait_instance(i, Waiter::Terminated).unwrap();
        assert_eq!(l.w.now_ms(), 60_000);
    }

    #[test]
    fn stop_and_start_renew_the_public_ip_and_keep_the_private_one() {
        let mut l = lab();
        let i = l.launch(|_| {}).unwrap();
        l.w.wait_instance(i, Waiter::Running).unwrap();
        let (private, first) = (l.private_ip(i), l.public_ip(i).expect("mapped at launch"));
        l.w.reboot_instance(i).unwrap();
        assert_eq!((l.state(i), l.public_ip(i)), (InstanceState::Running, Some(first)), "reboot keeps it");
        l.w.stop_instance(i, false).unwrap();
        assert_eq!((l.state(i), l.public_ip(i)), (InstanceState::Stopping, None), "released at stop");
        l.w.advance(15.0).unwrap();
        assert_eq!(l.state(i), InstanceState::Stopped);
        l.w.start_instance(i).unwrap();
        let second = l.public_ip(i).expect("a new one on start");
        assert_ne!(second, first);
        assert_eq!(l.private_ip(i), private);
        l.w.advance(30.0).unwrap();
        assert_eq!(l.state(i), InstanceState::Running);
        let states: Vec<&str> = l.w.instance(i).unwrap().state_history.iter().map(|(s, _)| s.as_str()).collect();
        assert_eq!(states, ["pending", "running", "stopping", "stopped", "pending", "running"]);
    }

    #[test]
    fn an_elastic_ip_survives_stop_and_start() {
        let mut l = lab();
        let i = l.launch(|_| {}).unwrap();
        l.w.wait_instance(i, Waiter::Running).unwrap();
        let eip = l.w.allocate_address(l.r, None, Tags::new()).unwrap();
        let eni = l.w.instance(i).unwrap().primary_eni;
        l.w.associate_address(eip, eni, false).unwrap();
        let addr = l.w.eip(eip).unwrap().public_ip;
        assert_eq!(l.public_ip(i), Some(addr));
        l.w.stop_instance(i, false).unwrap();
        l.w.wait_instance(i, Waiter::Stopped).unwrap();
        l.w.start_instance(i).unwrap();
        l.w.wait_instance(i, Waiter::Running).unwrap();
        assert_eq!(l.public_ip(i), Some(addr));
        assert_eq!(l.w.eni(eni).unwrap().public_ip, None, "no auto-assigned address beside the EIP");
        l.w.terminate_instance(i).unwrap();
        assert_eq!(l.w.eip(eip).unwrap().association, None, "disassociated on terminate");
    }

    #[test]
    fn terminated_instances_leave_listings_after_an_hour() {
        let mut l = lab();
        let i = l.launch(|_| {}).unwrap();
        let id = l.w.instance(i).unwrap().id.clone();
        l.w.terminate_instance(i).unwrap();
        assert_eq!(l.state(i), InstanceState::ShuttingDown);
        assert_eq!(l.public_ip(i), None);
        l.w.advance(15.0).unwrap();
        assert_eq!(l.state(i), InstanceState::Terminated);
        assert!(l.w.eni(l.w.instance(i).unwrap().primary_eni).is_err(), "the primary interface is deleted");
        l.w.advance(3599.999).unwrap();
        assert!(l.w.instance(i).is_ok(), "visible for an hour");
        assert_eq!(l.w.resolve(&id, Some(Kind::Instance)).unwrap(), ResKey::Instance(i));
        l.w.advance(0.001).unwrap();
        assert_eq!(l.w.instance(i).unwrap_err().code, "InvalidInstanceID.NotFound");
        assert_eq!(l.w.resolve(&id, Some(Kind::Instance)).unwrap_err().code, "InvalidInstanceID.NotFound");
        assert_eq!(l.w.instances().len(), 0);
    }

    #[test]
    fn wrong_states_are_refused_and_change_nothing() {
        let mut l = lab();
        let i = l.launch(|_| {}).unwrap();
        assert_eq!(l.w.stop_instance(i, false).unwrap_err().code, "IncorrectInstanceState", "pending");
        assert_eq!(l.w.reboot_instance(i).unwrap_err().code, "IncorrectInstanceState", "pending");
        assert_eq!(l.w.modify_instance_type(i, "t3.small").unwrap_err().code, "IncorrectInstanceState");
        l.w.wait_instance(i, Waiter::Running).unwrap();
        l.w.stop_instance(i, false).unwrap();
        assert_eq!(l.w.start_instance(i).unwrap_err().code, "IncorrectInstanceState", "stopping");
        l.w.terminate_instance(i).unwrap();
        l.w.wait_instance(i, Waiter::Terminated).unwrap();
        let history = l.w.instance(i).unwrap().state_history.len();
        assert_eq!(l.w.start_instance(i).unwrap_err().code, "IncorrectInstanceState");
        assert_eq!(l.w.stop_instance(i, false).unwrap_err().code, "IncorrectInstanceState");
        l.w.terminate_instance(i).unwrap();
        l.w.reboot_instance(i).unwrap();
        assert_eq!(l.state(i), InstanceState::Terminated);
        assert_eq!(l.w.instance(i).unwrap().state_history.len(), history);
    }

    #[test]
    fn termination_protection() {
        let mut l = lab();
        let i = l.launch(|s| s.disable_api_termination = true).unwrap();
        let e = l.w.terminate_instance(i).unwrap_err();
        assert_eq!(e.code, "OperationNotPermitted");
        assert!(e.message.contains(&l.w.instance(i).unwrap().id));
        assert_eq!(l.state(i), InstanceState::Pending);
        l.w.set_termination_protection(i, false).unwrap();
        l.w.terminate_instance(i).unwrap();
        assert_eq!(l.state(i), InstanceState::ShuttingDown);
    }

    #[test]
    fn hibernation_errors() {
        let mut l = lab();
        // A type that cannot hibernate, and RAM larger than the 8 GiB root volume.
        for t in ["g4dn.xlarge", "t3.xlarge"] {
            let e = l.launch(|s| (s.hibernation, s.instance_type) = (true, Some(t.into()))).unwrap_err();
            assert_eq!(e.code, "UnsupportedHibernationConfiguration", "{t}");
            assert!(e.message.contains(t), "{e}");
        }
        assert_eq!(l.w.instances().len(), 0);
        let plain = l.launch(|_| {}).unwrap();
        let hib = l.launch(|s| s.hibernation = true).unwrap();
        l.w.wait_instance(hib, Waiter::Running).unwrap();
        assert_eq!(l.w.stop_instance(plain, true).unwrap_err().code, "UnsupportedOperation");
        assert_eq!(l.state(plain), InstanceState::Running);
        l.w.stop_instance(hib, true).unwrap();
        assert_eq!(l.public_ip(hib), None, "released on hibernate");
        l.w.wait_instance(hib, Waiter::Stopped).unwrap();
        assert_eq!(l.w.modify_instance_type(hib, "t3.small").unwrap_err().code, "UnsupportedOperation");
        assert_eq!(l.w.instance(hib).unwrap().instance_type, "t3.micro");
        l.w.stop_instance(plain, false).unwrap();
        l.w.wait_instance(plain, Waiter::Stopped).unwrap();
        l.w.modify_instance_type(plain, "t3.small").unwrap();
        assert_eq!(l.w.modify_instance_type(plain, "t4g.micro").unwrap_err().code, "InvalidParameterValue");
        assert_eq!(l.w.modify_instance_type(plain, "t9.huge").unwrap_err().code, "InvalidInstanceAttributeValue");
    }

    #[test]
    fn launch_validation() {
        let mut l = lab();
        let e = l.launch(|s| (s.min_count, s.max_count) = (3, 2)).unwrap_err();
        assert_eq!(e.code, "InvalidParameterValue");
        let e = l.launch(|s| s.instance_type = Some("t2.nope".into())).unwrap_err();
        assert_eq!(e.code, "InvalidParameterValue");
        assert!(e.message.contains("t2.nope"));
        let e = l.launch(|s| s.associate_public_ip_address = Some(false)).unwrap();
        assert_eq!(l.public_ip(e), None, "the launch overrides the subnet");
        assert_eq!(l.w.instances().len(), 1);
    }

    /// Every operation in every state: what AWS does (Ok) or refuses (its code).
    #[test]
    fn every_operation_in_every_state() {
        type Op = fn(&mut World, InstanceKey) -> Result<()>;
        let ops: [(&str, Op); 5] = [
            ("stop", |w, i| w.stop_instance(i, false)),
            ("start", |w, i| w.start_instance(i)),
            ("reboot", |w, i| w.reboot_instance(i)),
            ("terminate", |w, i| w.terminate_instance(i)),
            ("modify", |w, i| w.modify_instance_type(i, "t3.small")),
        ];
        let ok = "ok";
        let bad = "IncorrectInstanceState";
        // state, then the outcome of stop, start, reboot, terminate, modify
        let table: [(InstanceState, [&str; 5]); 6] = [
            (InstanceState::Pending, [bad, ok, bad, ok, bad]),
            (InstanceState::Running, [ok, ok, ok, ok, bad]),
            (InstanceState::Stopping, [ok, bad, bad, ok, bad]),
            (InstanceState::Stopped, [ok, ok, bad, ok, ok]),
            (InstanceState::ShuttingDown, [bad, bad, bad, ok, bad]),
            (InstanceState::Terminated, [bad, bad, ok, ok, bad]),
        ];
        for (state, want) in table {
            for (j, (name, op)) in ops.iter().enumerate() {
                let mut l = lab();
                let i = l.launch(|_| {}).unwrap();
                let steps: &[fn(&mut World, InstanceKey)] = match state {
                    InstanceState::Pending => &[],
                    InstanceState::Running => &[|w, i| w.wait_instance(i, Waiter::Running).unwrap()],
                    InstanceState::Stopping => &[
                        |w, i| w.wait_instance(i, Waiter::Running).unwrap(),
                        |w, i| w.stop_instance(i, false).unwrap(),
                    ],
                    InstanceState::Stopped => &[
                        |w, i| w.wait_instance(i, Waiter::Running).unwrap(),
                        |w, i| w.stop_instance(i, false).unwrap(),
                        |w, i| w.wait_instance(i, Waiter::Stopped).unwrap(),
                    ],
                    InstanceState::ShuttingDown => &[|w, i| w.terminate_instance(i).unwrap()],
                    InstanceState::Terminated => &[
                        |w, i| w.terminate_instance(i).unwrap(),
                        |w, i| w.wait_instance(i, Waiter::Terminated).unwrap(),
                    ],
                };
                for step in steps {
                    step(&mut l.w, i);
                }
                assert_eq!(l.state(i), state);
                let history = l.w.instance(i).unwrap().state_history.len();
                let got = op(&mut l.w, i).map(|_| "ok").unwrap_or_else(|e| if e.code == bad { bad } else { "other" });
                assert_eq!(got, want[j], "{name} when {}", state.as_str());
                if got != "ok" {
                    assert_eq!(
                        (l.state(i), l.w.instance(i).unwrap().state_history.len()),
                        (state, history),
                        "a refusal changes nothing"
                    );
                }
            }
        }
    }

    #[test]
    fn reboot_keeps_running_for_the_configured_time_and_keeps_addresses() {
        let mut l = lab();
        l.w.config_mut().timings.set("ec2_reboot", 4.0).unwrap();
        let i = l.launch(|_| {}).unwrap();
        l.w.wait_instance(i, Waiter::Running).unwrap();
        let ip = l.public_ip(i);
        l.w.reboot_instance(i).unwrap();
        assert!(l.w.instance(i).unwrap().rebooting_until.is_some());
        l.w.advance(3.999).unwrap();
        assert!(l.w.instance(i).unwrap().rebooting_until.is_some(), "still rebooting");
        l.w.advance(0.001).unwrap();
        assert_eq!(l.w.instance(i).unwrap().rebooting_until, None, "ec2_reboot is read");
        assert_eq!((l.state(i), l.public_ip(i)), (InstanceState::Running, ip));
        assert_eq!(l.w.instance(i).unwrap().state_history.len(), 2, "a reboot is no state change");
    }

    #[test]
    fn hibernation_resumes_faster_than_a_cold_boot() {
        let mut l = lab();
        let i = l.launch(|s| s.hibernation = true).unwrap();
        l.w.wait_instance(i, Waiter::Running).unwrap();
        l.w.stop_instance(i, true).unwrap();
        l.w.wait_instance(i, Waiter::Stopped).unwrap();
        assert!(l.w.instance(i).unwrap().hibernated);
        let t = l.w.now_ms();
        l.w.start_instance(i).unwrap();
        l.w.wait_instance(i, Waiter::Running).unwrap();
        assert_eq!(l.w.now_ms() - t, 10_000, "ec2_resume, not ec2_pending");
        l.w.stop_instance(i, false).unwrap();
        l.w.wait_instance(i, Waiter::Stopped).unwrap();
        let t = l.w.now_ms();
        l.w.start_instance(i).unwrap();
        l.w.wait_instance(i, Waiter::Running).unwrap();
        assert_eq!(l.w.now_ms() - t, 30_000, "a plain stop boots cold");
        let e = l.launch(|s| (s.hibernation, s.market) = (true, Market::Spot)).unwrap_err();
        assert_eq!(e.code, "UnsupportedHibernationConfiguration");
    }

    #[test]
    fn instance_store_roots_cannot_stop_and_always_terminate_on_shutdown() {
        let mut l = lab();
        let image = l.image("amzn-ami-hvm-2018.03-x86_64-s3");
        let e = l.launch(|s| s.image_id = Some(image.clone())).unwrap_err();
        assert_eq!(e.code, "InvalidParameterCombination", "t3.micro has no instance store");
        let e = l
            .launch(|s| {
                (s.image_id, s.instance_type) = (Some(image.clone()), Some("i3.large".into()));
                s.instance_initiated_shutdown_behavior = Some(Afterwards::Stop);
            })
            .unwrap_err();
        assert_eq!(e.code, "UnsupportedOperation");
        let e = l
            .launch(|s| {
                (s.image_id, s.instance_type, s.hibernation) = (Some(image.clone()), Some("i3.large".into()), true)
            })
            .unwrap_err();
        assert_eq!(e.code, "UnsupportedHibernationConfiguration");
        let i = l.launch(|s| (s.image_id, s.instance_type) = (Some(image.clone()), Some("i3.large".into()))).unwrap();
        l.w.wait_instance(i, Waiter::Running).unwrap();
        let e = l.w.stop_instance(i, false).unwrap_err();
        assert_eq!(e.code, "UnsupportedOperation");
        assert!(e.message.contains("instance store"), "{e}");
        assert_eq!(l.w.set_shutdown_behavior(i, Afterwards::Stop).unwrap_err().code, "UnsupportedOperation");
        l.w.shutdown_from_os(i).unwrap();
        assert_eq!(l.state(i), InstanceState::ShuttingDown);
    }

    #[test]
    fn os_shutdown_follows_the_shutdown_behaviour_even_under_protection() {
        let mut l = lab();
        let a = l.launch(|s| s.disable_api_termination = true).unwrap();
        let b = l.launch(|s| s.instance_initiated_shutdown_behavior = Some(Afterwards::Terminate)).unwrap();
        assert_eq!(l.w.shutdown_from_os(a).unwrap_err().code, "IncorrectInstanceState", "pending");
        l.w.wait_instance(a, Waiter::Running).unwrap();
        l.w.shutdown_from_os(a).unwrap();
        l.w.shutdown_from_os(b).unwrap();
        assert_eq!((l.state(a), l.state(b)), (InstanceState::Stopping, InstanceState::ShuttingDown));
    }

    #[test]
    fn spot_interruption_warns_then_stops_or_terminates() {
        let mut l = lab();
        let od = l.launch(|_| {}).unwrap();
        let term = l.launch(|s| s.market = Market::Spot).unwrap();
        let stop =
            l.launch(|s| (s.market, s.spot_interruption_behavior) = (Market::Spot, Some(Afterwards::Stop))).unwrap();
        let e = l.launch(|s| s.spot_interruption_behavior = Some(Afterwards::Stop)).unwrap_err();
        assert_eq!(e.code, "InvalidParameterCombination", "on-demand has no interruption behaviour");
        assert_eq!(l.w.interrupt_spot(term).unwrap_err().code, "IncorrectInstanceState", "pending");
        l.w.advance(30.0).unwrap();
        assert_eq!(l.w.interrupt_spot(od).unwrap_err().code, "UnsupportedOperation");
        l.w.take_events();
        l.w.interrupt_spot(term).unwrap();
        l.w.interrupt_spot(stop).unwrap();
        let warned = l.w.take_events();
        assert!(matches!(&warned[0], Event::SpotInterruptionWarning { at_ms: 150_000, .. }), "{warned:?}");
        l.w.advance(119.999).unwrap();
        assert_eq!(
            (l.state(term), l.state(stop)),
            (InstanceState::Running, InstanceState::Running),
            "two minutes of warning"
        );
        let events = l.w.advance(0.001).unwrap();
        assert_eq!((l.state(term), l.state(stop)), (InstanceState::ShuttingDown, InstanceState::Stopping));
        assert!(events.iter().any(|e| matches!(e, Event::SpotInterrupted { action: "terminate", .. })));
        l.w.wait_instance(stop, Waiter::Stopped).unwrap();
        assert_eq!(
            l.w.modify_instance_type(stop, "t3.small").unwrap_err().code,
            "UnsupportedOperation",
            "Spot cannot resize"
        );
    }

    #[test]
    fn the_on_demand_vcpu_quota_counts_live_instances() {
        let mut l = lab();
        l.w.config_mut().quotas.set("vcpus_on_demand_standard", 6.0).unwrap();
        let e = l.launch(|s| (s.min_count, s.max_count) = (4, 4)).unwrap_err();
        assert_eq!(e.code, "VcpuLimitExceeded");
        let got = l.launch(|s| (s.min_count, s.max_count) = (1, 5)).unwrap();
        assert_eq!(l.w.instances().len(), 3, "max_count is cut to what the quota allows");
        assert_eq!(l.w.on_demand_vcpus(l.r, "standard"), 6);
        assert_eq!(l.launch(|_| {}).unwrap_err().code, "VcpuLimitExceeded");
        l.launch(|s| s.market = Market::Spot).unwrap();
        l.w.wait_instance(got, Waiter::Running).unwrap();
        l.w.stop_instance(got, false).unwrap();
        assert_eq!(l.w.on_demand_vcpus(l.r, "standard"), 6, "stopping still counts");
        l.w.wait_instance(got, Waiter::Stopped).unwrap();
        assert_eq!(l.w.on_demand_vcpus(l.r, "standard"), 4);
        let last = l.launch(|_| {}).unwrap();
        l.w.terminate_instance(last).unwrap();
        l.w.wait_instance(last, Waiter::Terminated).unwrap();
        assert_eq!(l.w.on_demand_vcpus(l.r, "standard"), 4, "terminated instances leave the count");
        l.w.start_instance(got).unwrap();
        assert_eq!(l.w.on_demand_vcpus(l.r, "standard"), 6, "a start counts again");
        l.w.terminate_instance(got).unwrap();
        l.w.wait_instance(got, Waiter::Terminated).unwrap();
        l.launch(|_| {}).unwrap();
        assert_eq!(l.launch(|s| s.instance_type = Some("g4dn.xlarge".into())).map(|_| ()), Ok(()), "another bucket");
    }

    #[test]
    fn resize_is_recorded_and_keeps_the_architecture() {
        let mut l = lab();
        let i = l.launch(|_| {}).unwrap();
        l.w.wait_instance(i, Waiter::Running).unwrap();
        l.w.stop_instance(i, false).unwrap();
        l.w.wait_instance(i, Waiter::Stopped).unwrap();
        assert_eq!(l.w.modify_instance_type(i, "m7g.large").unwrap_err().code, "InvalidParameterValue");
        l.w.modify_instance_type(i, "m5.large").unwrap();
        let types: Vec<&str> = l.w.instance(i).unwrap().type_history.iter().map(|(t, _)| t.as_str()).collect();
        assert_eq!(types, ["t3.micro", "m5.large"]);
        let arm = l.image("al2023-ami-2023.6-arm64");
        assert_eq!(
            l.launch(|s| s.image_id = Some(arm.clone())).unwrap_err().code,
            "InvalidParameterValue",
            "arm64 image on x86_64"
        );
        l.launch(|s| (s.image_id, s.instance_type) = (Some(arm), Some("t4g.micro".into()))).unwrap();
    }

    #[test]
    fn the_clock_hands_back_events_and_keeps_retired_history() {
        let mut l = lab();
        let i = l.launch(|_| {}).unwrap();
        let id = l.w.instance(i).unwrap().id.clone();
        let events = l.w.advance(60.0).unwrap();
        assert_eq!(events, vec![Event::Instance { instance: i, state: InstanceState::Running, at_ms: 30_000 }]);
        assert!(l.w.advance(1.0).unwrap().is_empty(), "events are handed back once");
        l.w.terminate_instance(i).unwrap();
        let events = l.w.advance(2.0 * 3600.0).unwrap();
        assert!(events.contains(&Event::Instance { instance: i, state: InstanceState::Terminated, at_ms: 76_000 }));
        assert!(events.iter().any(|e| matches!(e, Event::InstanceRetired { id: x, .. } if *x == id)));
        assert!(l.w.instance(i).is_err(), "gone from listings");
        let retired = &l.w.retired_instances()[0];
        assert_eq!(retired.id, id);
        let states: Vec<&str> = retired.state_history.iter().map(|(s, _)| s.as_str()).collect();
        assert_eq!(states, ["pending", "running", "shutting-down", "terminated"]);
        assert_eq!(retired.type_history, vec![("t3.micro".to_string(), 0)]);
    }

    #[test]
    fn waiters_leave_their_events_to_drain() {
        let mut l = lab();
        let i = l.launch(|_| {}).unwrap();
        l.w.wait_instance(i, Waiter::Running).unwrap();
        assert_eq!(l.w.take_events().len(), 1);
        assert!(l.w.take_events().is_empty());
    }

    #[test]
    fn a_scripted_spot_interruption_warns_on_schedule() {
        let mut l = lab();
        let s = l.launch(|s| s.market = Market::Spot).unwrap();
        assert_eq!(l.w.schedule_spot_interruption(s, 60.0).unwrap_err().code, "IncorrectInstanceState", "pending");
        l.w.wait_instance(s, Waiter::Running).unwrap();
        l.w.reboot_instance(s).unwrap();
        l.w.schedule_spot_interruption(s, 3600.0).unwrap();
        l.w.take_events();
        l.w.advance(3599.0).unwrap();
        assert_eq!(l.w.instance(s).unwrap().spot_interruption_at, None, "not yet");
        assert_eq!(l.w.instance(s).unwrap().rebooting_until, None, "the reboot still finished");
        let events = l.w.advance(1.0).unwrap();
        assert!(events.iter().any(|e| matches!(e, Event::SpotInterruptionWarning { .. })), "{events:?}");
        l.w.advance(120.0).unwrap();
        assert_eq!(l.state(s), InstanceState::ShuttingDown);
        let t = l.launch(|s| s.market = Market::Spot).unwrap();
        l.w.wait_instance(t, Waiter::Running).unwrap();
        l.w.schedule_spot_interruption(t, 600.0).unwrap();
        l.w.terminate_instance(t).unwrap();
        l.w.advance(700.0).unwrap();
        assert!(l.w.instance(t).unwrap().spot_interruption_at.is_none(), "termination cancels the schedule");
        // A scheduled interruption that stops the instance is something to wait for.
        let u =
            l.launch(|s| (s.market, s.spot_interruption_behavior) = (Market::Spot, Some(Afterwards::Stop))).unwrap();
        l.w.wait_instance(u, Waiter::Running).unwrap();
        l.w.schedule_spot_interruption(u, 600.0).unwrap();
        l.w.wait_instance(u, Waiter::Stopped).unwrap();
        assert_eq!(l.state(u), InstanceState::Stopped);
    }
}
