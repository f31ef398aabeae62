//! EBS volumes: the root volume an EBS-backed instance gets at launch, what survives what
//! (AWS_FACTS.md §8: kept across stop, hibernate and reboot; deleted at termination when
//! `DeleteOnTermination`, the root volume's default, else left `available`), `DeleteVolume`.

use super::*;
use crate::aws_err;

/// The device name of the root volume (Amazon Linux's block device mapping).
pub const ROOT_DEVICE: &str = "/dev/xvda";

/// A volume state (`VolumeState`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum VolumeState {
    /// Attached to an instance.
    InUse,
    /// Detached: still billed until deleted.
    Available,
    /// Deleted (kept so handles can read it; not listed, not billed).
    Deleted,
}

impl VolumeState {
    /// AWS's name.
    pub fn as_str(self) -> &'static str {
        match self {
            VolumeState::InUse => "in-use",
            VolumeState::Available => "available",
            VolumeState::Deleted => "deleted",
        }
    }
}

/// An EBS volume.
#[derive(Debug, Clone)]
pub struct Volume {
    /// `vol-…`.
    pub id: String,
    /// Its region.
    pub region: RegionKey,
    /// Its availability zone (the instance's).
    pub az: &'static str,
    /// Size in GiB.
    pub size_gib: u32,
    /// Volume type (`gp3`).
    pub volume_type: &'static str,
    /// State.
    pub state: VolumeState,
    /// The instance it is attached to.
    pub instance: Option<InstanceKey>,
    /// The device name on that instance.
    pub device: &'static str,
    /// Deleted when its instance terminates.
    pub delete_on_termination: bool,
    /// Creation time (ms).
    pub create_time: u64,
    /// Tags.
    pub tags: Tags,
}

impl World {
    /// Creates the root volume of a just-launched EBS-backed instance, attached and
    /// billed with the instance (its storage shows under the instance while attached).
    pub(crate) fn create_root_volume(&mut self, inst: InstanceKey, volume_type: &'static str, delete: bool) {
        let Some(i) = self.stores.instances.get(inst) else { return };
        let (region, az, gib, inst_id) = (i.region, i.az, i.root_volume_gib, i.id.clone());
        let id = self.ids.next_side(Kind::Volume.prefix());
        let key = self.stores.volumes.insert(Volume {
            id: id.clone(),
            region,
            az,
            size_gib: gib,
            volume_type,
            state: VolumeState::InUse,
            instance: Some(inst),
            device: ROOT_DEVICE,
            delete_on_termination: delete,
            create_time: self.now_ms,
            tags: Tags::new(),
        });
        self.register(&id, ResKey::Vol(key));
        if let Some(i) = self.stores.instances.get_mut(inst) {
            i.root_volume = Some(key);
        }
        self.open_storage(ResKey::Instance(inst), &inst_id, gib);
    }

    /// The root volume still attached to `inst`, if any.
    pub fn attached_root_volume(&self, inst: InstanceKey) -> Option<VolumeKey> {
        let v = self.stores.instances.get(inst)?.root_volume?;
        self.stores.volumes.get(v).filter(|x| x.instance == Some(inst)).map(|_| v)
    }

    /// At termination: the instance's storage bill ends; its root volume is deleted
    /// (`delete_on_termination`) or detached, `available` and billed under its own id.
    pub(crate) fn release_root_volume(&mut self, inst: InstanceKey) {
        let now = self.now_ms;
        self.ledger.close(ResKey::Instance(inst), billing::Usage::Storage, now);
        let Some(v) = self.attached_root_volume(inst) else { return };
        let Some(vol) = self.stores.volumes.get_mut(v) else { return };
        vol.instance = None;
        if vol.delete_on_termination {
            vol.state = VolumeState::Deleted;
            return;
        }
        vol.state = VolumeState::Available;
        let (id, gib) = (vol.id.clone(), vol.size_gib);
        self.open_storage(ResKey::Vol(v), &id, gib);
    }

    /// `DeleteVolume`: only a detached volume (`VolumeInUse` otherwise); a deleted one no
    /// longer exists for AWS (`InvalidVolume.NotFound`). Its bill stops now.
    pub fn delete_volume(&mut self, v: VolumeKey) -> Result<()> {
        let vol = self.volume(v)?;
        match vol.state {
            VolumeState::Deleted => {
                Err(aws_err!("InvalidVolume.NotFound", "The volume '{}' does not exist: it was deleted", vol.id))
            }
            VolumeState::InUse => {
                let by = vol.instance.and_then(|i| self.stores.instances.get(i)).map(|i| i.id.as_str()).unwrap_or("?");
                Err(aws_err!(
                    "VolumeInUse",
                    "Volume {} is currently attached to {} ({}): terminate the instance first (vpclab does not model detaching volumes)",
                    self.label_id(&vol.id),
                    self.label_id(by),
                    vol.device
                ))
            }
            VolumeState::Available => {
                self.get_mut(v)?.state = VolumeState::Deleted;
                self.ledger.close(ResKey::Vol(v), billing::Usage::Storage, self.now_ms);
                self.label_meter(ResKey::Vol(v));
                Ok(())
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::billing::{GroupBy, Usage};
    use super::super::testlab::{Lab, lab};
    use super::*;

    fn root(l: &Lab, i: InstanceKey) -> VolumeKey {
        l.w.instance(i).unwrap().root_volume.unwrap()
    }

    fn storage_usd(l: &Lab, id: &str) -> f64 {
        let b = l.w.bill(0, None, &GroupBy::Resource).unwrap();
        b.items.iter().filter(|i| i.resource == id && i.usage == Usage::Storage).map(|i| i.usd).sum()
    }

    #[test]
    fn the_root_volume_survives_stop_start_hibernate_and_reboot() {
        let mut l = lab();
        let i = l.launch(|s| (s.instance_type, s.hibernation) = (Some("m5.large".into()), true)).unwrap();
        let v = root(&l, i);
        let vol = l.w.volume(v).unwrap();
        assert_eq!((vol.state, vol.instance, vol.size_gib, vol.az), (VolumeState::InUse, Some(i), 8, "us-east-1a"));
        assert_eq!((vol.volume_type, vol.device, vol.delete_on_termination), ("gp3", "/dev/xvda", true));
        l.w.wait_instance(i, Waiter::Running).unwrap();
        l.w.reboot_instance(i).unwrap();
        l.w.stop_instance(i, false).unwrap();
        l.w.wait_instance(i, Waiter::Stopped).unwrap();
        l.w.start_instance(i).unwrap();
        l.w.wait_instance(i, Waiter::Running).unwrap();
        l.w.stop_instance(i, true).unwrap();
        l.w.wait_instance(i, Waiter::Stopped).unwrap();
        assert_eq!(l.w.attached_root_volume(i), Some(v), "same volume after every kind of stop");
        assert_eq!(l.w.volume(v).unwrap().state, VolumeState::InUse);
    }

    #[test]
    fn termination_deletes_the_root_volume_by_default() {
        let mut l = lab();
        let i = l.launch(|_| {}).unwrap();
        let v = root(&l, i);
        l.w.terminate_instance(i).unwrap();
        assert_eq!(l.w.volume(v).unwrap().state, VolumeState::InUse, "until terminated");
        l.w.wait_instance(i, Waiter::Terminated).unwrap();
        let vol = l.w.volume(v).unwrap().clone();
        assert_eq!((vol.state, vol.instance), (VolumeState::Deleted, None));
        let e = l.w.delete_volume(v).unwrap_err();
        assert_eq!(e.code, "InvalidVolume.NotFound");
        assert!(e.message.contains(&vol.id), "{}", e.message);
    }

    #[test]
    fn a_store_root_has_no_volume() {
        let mut l = lab();
        let s3 = l.image("amzn-ami-hvm-2018.03-x86_64-s3");
        let kept = l.launch(|s| {
            (s.image_id, s.instance_type, s.delete_on_termination) = (Some(s3.clone()), Some("i3.large".into()), Some(false))
        });
        let e = kept.unwrap_err();
        assert_eq!(e.code, "InvalidBlockDeviceMapping");
        assert!(e.message.contains("delete_on_termination = false") && e.message.contains(&s3), "{}", e.message);
        assert!(l.w.instances().is_empty(), "nothing launched");
        let i = l.launch(|s| (s.image_id, s.instance_type) = (Some(s3), Some("i3.large".into()))).unwrap();
        assert_eq!(l.w.instance(i).unwrap().root_volume, None);
        assert!(l.w.volumes().is_empty());
    }

    #[test]
    fn delete_is_refused_while_in_use_and_changes_nothing() {
        let mut l = lab();
        let i = l.launch(|s| s.delete_on_termination = Some(false)).unwrap();
        let v = root(&l, i);
        let e = l.w.delete_volume(v).unwrap_err();
        assert_eq!(e.code, "VolumeInUse");
        let inst_id = l.w.instance(i).unwrap().id.clone();
        assert!(e.message.contains(&inst_id), "{}", e.message);
        assert_eq!(l.w.volume(v).unwrap().state, VolumeState::InUse);
    }

    /// Launch at 0, terminate at 1 h (terminated at 1 h + 15 s), keep the volume until
    /// 3 h, then delete it; 10 GiB of gp3 at $0.08 per GB-month of 730 h.
    #[test]
    fn a_retained_volume_is_billed_under_its_own_id_until_deleted() {
        let mut l = lab();
        let i = l.launch(|s| (s.delete_on_termination, s.root_volume_gib) = (Some(false), Some(10))).unwrap();
        let v = root(&l, i);
        let (inst_id, vol_id) = (l.w.instance(i).unwrap().id.clone(), l.w.volume(v).unwrap().id.clone());
        l.w.advance(3600.0).unwrap();
        l.w.terminate_instance(i).unwrap();
        l.w.wait_instance(i, Waiter::Terminated).unwrap();
        let vol = l.w.volume(v).unwrap();
        assert_eq!((vol.state, vol.instance), (VolumeState::Available, None));
        assert_eq!(l.w.attached_root_volume(i), None);
        l.w.advance(3600.0 * 2.0 - 15.0).unwrap(); // t = 3 h
        l.w.delete_volume(v).unwrap();
        l.w.advance(3600.0).unwrap(); // t = 4 h: nothing more accrues
        let per_hour = 10.0 * 0.08 / 730.0;
        assert!((storage_usd(&l, &inst_id) - per_hour * 3615.0 / 3600.0).abs() < 1e-12, "while attached");
        assert!((storage_usd(&l, &vol_id) - per_hour * (3.0 * 3600.0 - 3615.0) / 3600.0).abs() < 1e-12);
        assert!((storage_usd(&l, &inst_id) + storage_usd(&l, &vol_id) - per_hour * 3.0).abs() < 1e-12);
        let b = l.w.bill(0, None, &GroupBy::Resource).unwrap();
        let item = b.items.iter().find(|x| x.resource == vol_id).unwrap();
        assert_eq!((item.service.as_str(), item.usage.as_str(), item.unit), ("ebs", "storage", "GB-month"));
        assert_eq!(l.w.delete_volume(v).unwrap_err().code, "InvalidVolume.NotFound");
    }
}
