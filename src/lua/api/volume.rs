//! The Volume object: an EBS volume (today, an instance's root volume).

use super::handle::{At, HandleApi, HandleMembers, Instance, Volume};
use super::members::Members;
use super::value::{opt, write};
use crate::model;

impl HandleApi for Volume {
    const VAR: &'static str = "vol";
    const SUMMARY: &'static str = "An EBS volume: an instance's root volume, billed while it exists.";

    fn members<M: Members<Self>>(m: &mut M) {
        m.get("volume_id", "string", "vol-… id.", |_, at| Ok(at.res.id.clone()));
        m.get("size_gb", "integer", "Size in GiB.", |_, at| Ok(at.res.size_gib));
        m.get("volume_type", "string", "gp3.", |_, at| Ok(at.res.volume_type));
        m.get("state", "string", "in-use (attached), available (detached, still billed) or deleted.", |_, at| {
            Ok(at.res.state.as_str())
        });
        m.get("availability_zone", "string", "Its AZ (its instance's).", |_, at| Ok(at.res.az));
        m.get("instance", "Instance | nil", "The instance it is attached to.", |lua, at| {
            let i = at.res.instance.filter(|i| at.w.instances().get(*i).is_some());
            opt(lua, i.map(|i| at.handle::<Instance>(i)))
        });
        m.get("device", "string", "Its device name on the instance (/dev/xvda for a root volume).", |_, at| {
            Ok(at.res.device)
        });
        m.get("delete_on_termination", "boolean", "Whether its instance's termination deletes it.", |_, at| {
            Ok(at.res.delete_on_termination)
        });
        m.get("create_time", "string", "Simulated creation time (ISO 8601).", |_, at| {
            Ok(model::clock::iso8601(at.res.create_time))
        });
        m.call("delete", "() -> nil", "Deletes a detached volume (VolumeInUse while attached); its bill stops.", |lua, k, ()| {
            write(lua, |w| w.delete_volume(k))
        });
    }

    fn summary(at: At<'_, Self>) -> model::Result<String> {
        let v = at.res;
        let on = v.instance.and_then(|i| at.w.instances().get(i)).map(|i| format!(" on {}", i.id)).unwrap_or_default();
        Ok(format!("{}{} {} GiB {} {} {}{on}", v.id, at.quoted_name(), v.size_gib, v.volume_type, v.state.as_str(), v.az))
    }
}
