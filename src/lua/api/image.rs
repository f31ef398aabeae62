//! The Image (AMI) object (`aws.images{…}` and `region:create_image{…}` make them).

use super::handle::{At, HandleApi, HandleMembers, Image};
use super::members::Members;
use super::value::{array, write};
use crate::model;

impl HandleApi for Image {
    const VAR: &'static str = "image";
    const SUMMARY: &'static str = "An AMI: OS, apps, root volume and launch permissions, the blueprint of identical instances.";
    const NAME_IS_TAG: bool = false;

    fn members<M: Members<Self>>(m: &mut M) {
        m.get("image_id", "string", "ami-… (region-specific).", |_, at| Ok(at.res.id.clone()));
        m.get("name", "string", "The AMI name (DescribeImages' Name; unique per owner and region).", |_, at| {
            Ok(at.res.name.clone())
        });
        m.get("region", "string", "Its region's name.", |_, at| Ok(at.res.region));
        m.get("owner", "string", "amazon, community, marketplace or self.", |_, at| Ok(at.res.owner.as_str()));
        m.get("public", "boolean", "Launchable by every account.", |_, at| Ok(at.res.public));
        m.get("launch_permissions", "{string}", "Accounts it is shared with.", |lua, at| {
            array(lua, at.res.launch_permissions.clone())
        });
        m.get("state", "string", "pending, available or deregistered.", |_, at| Ok(at.res.state.as_str()));
        m.get("os", "string", "linux / windows.", |_, at| Ok(at.res.os.as_str()));
        m.get("distribution", "string", "e.g. Amazon Linux 2023.", |_, at| Ok(at.res.distribution.clone()));
        m.get("architecture", "string", "x86_64 / arm64.", |_, at| Ok(at.res.architecture));
        m.get("root_device_type", "string", "ebs / instance-store.", |_, at| Ok(at.res.root_device_type.as_str()));
        m.get("root_volume_gb", "integer", "Root volume size (block device mapping).", |_, at| {
            Ok(at.res.root_volume_gib)
        });
        m.get("root_volume_type", "string", "Root volume type (gp3).", |_, at| Ok(at.res.root_volume_type));
        m.get("apps", "{string}", "Preinstalled applications.", |lua, at| array(lua, at.res.apps.clone()));
        m.get("software_price_per_hour", "number", "AWS Marketplace software fee, USD per hour.", |_, at| {
            Ok(at.res.software_price_per_hour)
        });
        m.get("source_instance", "string | nil", "The instance a golden image was made from.", |_, at| {
            Ok(at.res.source_instance.clone())
        });
        m.call("share", "(account_id) -> nil", "Adds an explicit launch permission.", |lua, k, account: String| {
            write(lua, |w| w.share_image(k, &account))
        });
        m.call("make_public", "() -> nil", "Lets every account launch it.", |lua, k, ()| {
            write(lua, |w| w.make_image_public(k))
        });
        m.call("deregister", "() -> nil", "Later launches fail (InvalidAMIID.Unavailable).", |lua, k, ()| {
            write(lua, |w| w.deregister_image(k))
        });
    }

    fn summary(at: At<'_, Self>) -> model::Result<String> {
        let i = at.res;
        Ok(format!(
            "{} \"{}\" {} {} {} {} ({})",
            i.id,
            i.name,
            i.owner.as_str(),
            i.architecture,
            i.root_device_type.as_str(),
            i.state.as_str(),
            i.distribution
        ))
    }
}
