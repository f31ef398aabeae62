//! AMIs in the world: each region's catalog, golden images made with `CreateImage`,
//! launch permissions and deregistration.

pub use super::catalog::Image;
use super::catalog::{ImageState, Owner, RootDevice};
use super::*;
use crate::aws_err;

/// A filter for [`World::describe_images`] (every field optional).
#[derive(Debug, Clone, Default)]
pub struct ImageFilter {
    /// `amazon`, `community`, `marketplace`, `self`.
    pub owner: Option<Owner>,
    /// `linux` / `windows`.
    pub os: Option<Os>,
    /// `x86_64` / `arm64`.
    pub architecture: Option<String>,
    /// A substring of the name.
    pub name: Option<String>,
}

impl World {
    /// Adds a region's AMI catalog (on the region's first use).
    pub(crate) fn add_catalog_images(&mut self, region: &'static str) {
        for image in catalog::images(region) {
            let id = image.id.clone();
            let key = self.stores.images.insert(image);
            self.register(&id, ResKey::Image(key));
        }
    }

    /// An image by id.
    pub fn image_by_id(&self, id: &str) -> Option<(ImageKey, &Image)> {
        self.stores.images.iter().find(|(_, i)| i.id == id)
    }

    /// The region's default image (Amazon Linux 2023, x86_64).
    pub fn default_image(&self, region: RegionKey) -> Result<&Image> {
        let name = self.region_info(region).name;
        self.stores.images
            .iter()
            .map(|(_, i)| i)
            .find(|i| i.region == name && i.owner == Owner::Amazon)
            .ok_or_else(|| aws_err!("InvalidAMIID.NotFound", "No default image in {name}"))
    }

    /// `DescribeImages` in a region: available and pending images matching `filter` (an
    /// unknown architecture is refused).
    pub fn describe_images(&self, region: RegionKey, filter: &ImageFilter) -> Result<Vec<ImageKey>> {
        if let Some(a) = &filter.architecture {
            catalog::architecture(a)?;
        }
        let name = self.region_info(region).name;
        Ok(self.stores.images
            .iter()
            .filter(|(_, i)| i.region == name && i.state != ImageState::Deregistered)
            .filter(|(_, i)| filter.owner.is_none_or(|o| i.owner == o))
            .filter(|(_, i)| filter.os.is_none_or(|o| i.os == o))
            .filter(|(_, i)| filter.architecture.as_deref().is_none_or(|a| i.architecture == a))
            .filter(|(_, i)| filter.name.as_deref().is_none_or(|n| i.name.contains(n)))
            .map(|(k, _)| k)
            .collect())
    }

    /// `CreateImage`: a golden image of an EBS-backed instance (running or stopped) with
    /// its OS, apps and root volume; `pending` for `image_pending` seconds. The instance
    /// reboots first unless `no_reboot`.
    pub fn create_image(&mut self, inst: InstanceKey, name: &str, no_reboot: bool) -> Result<ImageKey> {
        let valid = (3..=128).contains(&name.len())
            && name.chars().all(|c| c.is_ascii_alphanumeric() || "()[] ./-'@_".contains(c));
        if !valid {
            return Err(aws_err!(
                "InvalidParameterValue",
                "Invalid AMI name '{name}': 3-128 characters of letters, numbers and ()[] ./-'@_"
            ));
        }
        let i = self.instance(inst)?;
        if !matches!(i.state, InstanceState::Running | InstanceState::Stopped) {
            return Err(aws_err!(
                "IncorrectInstanceState",
                "The instance {} is {}: images are made from running or stopped instances",
                self.quoted_label(&i.id),
                i.state.as_str()
            ));
        }
        if i.root_device_type != RootDevice::Ebs {
            return Err(aws_err!(
                "UnsupportedOperation",
                "The instance {} is instance store-backed: CreateImage needs an EBS-backed instance",
                self.quoted_label(&i.id)
            ));
        }
        let region = self.region_info(i.region).name;
        let taken = self.stores.images.iter().any(|(_, m)| {
            m.region == region && m.owner == Owner::SelfOwned && m.name == name && m.state != ImageState::Deregistered
        });
        if taken {
            return Err(aws_err!(
                "InvalidAMIName.Duplicate",
                "AMI name {name} is already in use by an AMI in {region}"
            ));
        }
        let distribution = self.image_by_id(&i.image_id).map(|(_, m)| m.distribution.clone()).unwrap_or_default();
        let architecture = catalog::instance_type(&i.instance_type).map(|t| t.architecture).unwrap_or("x86_64");
        let (platform, root_volume_gib, apps, software, source_id, state) =
            (i.platform, i.root_volume_gib, i.apps.clone(), i.software_price_per_hour, i.id.clone(), i.state);
        let id = self.new_id(Kind::Image);
        let id_copy = id.clone();
        let image = Image {
            id,
            region,
            name: name.to_string(),
            owner: Owner::SelfOwned,
            public: false,
            launch_permissions: Vec::new(),
            state: ImageState::Pending,
            os: platform,
            distribution,
            architecture,
            root_device_type: RootDevice::Ebs,
            root_volume_gib,
            root_volume_type: "gp3",
            apps,
            software_price_per_hour: software,
            source_instance: Some(source_id),
            tags: Tags::new(),
        };
        let running = state == InstanceState::Running;
        let key = self.stores.images.insert(image);
        self.register(&id_copy, ResKey::Image(key));
        let due = self.now_ms + self.ms(self.config.timings.image_pending);
        self.schedule_image(key, due);
        if running && !no_reboot {
            self.reboot_instance(inst)?;
        }
        Ok(key)
    }

    /// The image becomes `available`.
    pub(crate) fn fire_image(&mut self, key: ImageKey) {
        if let Some(i) = self.stores.images.get_mut(key)
            && i.state == ImageState::Pending
        {
            i.state = ImageState::Available;
            let id = i.id.clone();
            self.emit(Event::ImageAvailable { image: id });
        }
    }

    fn own_image(&mut self, key: ImageKey, action: &str) -> Result<&mut Image> {
        let i =
            self.stores.images.get_mut(key).ok_or_else(|| aws_err!("InvalidAMIID.NotFound", "The image does not exist"))?;
        if i.owner != Owner::SelfOwned {
            return Err(aws_err!(
                "AuthFailure",
                "Not authorized to {action} image {}: it belongs to {}, not to this account",
                i.id,
                i.owner.as_str()
            ));
        }
        if i.state == ImageState::Deregistered {
            return Err(aws_err!("InvalidAMIID.Unavailable", "The image id '[{}]' is no longer available", i.id));
        }
        Ok(i)
    }

    /// `ModifyImageAttribute launchPermission add UserId`.
    pub fn share_image(&mut self, key: ImageKey, account: &str) -> Result<()> {
        if account.len() != 12 || !account.bytes().all(|b| b.is_ascii_digit()) {
            return Err(aws_err!(
                "InvalidAMIAttributeItemValue",
                "Invalid attribute item value '{account}' for userId: an account id is 12 digits"
            ));
        }
        let i = self.own_image(key, "share")?;
        if !i.launch_permissions.iter().any(|a| a == account) {
            i.launch_permissions.push(account.to_string());
        }
        Ok(())
    }

    /// `ModifyImageAttribute launchPermission add Group=all`.
    pub fn make_image_public(&mut self, key: ImageKey) -> Result<()> {
        self.own_image(key, "make public")?.public = true;
        Ok(())
    }

    /// `DeregisterImage`: later launches fail with `InvalidAMIID.Unavailable`; running
    /// instances launched from it are unaffected.
    pub fn deregister_image(&mut self, key: ImageKey) -> Result<()> {
        self.own_image(key, "deregister")?.state = ImageState::Deregistered;
        Ok(())
    }

    /// Installs an application on a running instance (what a golden image captures).
    pub fn install_app(&mut self, inst: InstanceKey, app: &str) -> Result<()> {
        let i = self.instance(inst)?;
        if i.state != InstanceState::Running {
            return Err(aws_err!(
                "IncorrectInstanceState",
                "The instance {} is {}: software is installed on a running instance",
                self.quoted_label(&i.id),
                i.state.as_str()
            ));
        }
        if app.is_empty() {
            return Err(aws_err!("InvalidParameterValue", "An application name may not be empty"));
        }
        let i = self.get_mut(inst)?;
        if !i.apps.iter().any(|a| a == app) {
            i.apps.push(app.to_string());
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::super::testlab::lab;
    use super::*;

    #[test]
    fn a_golden_image_captures_apps_and_root_volume_and_becomes_available() {
        let mut l = lab();
        let i = l.launch(|s| s.root_volume_gib = Some(20)).unwrap();
        assert_eq!(l.w.install_app(i, "nginx").unwrap_err().code, "IncorrectInstanceState", "pending");
        l.w.wait_instance(i, Waiter::Running).unwrap();
        l.w.install_app(i, "nginx").unwrap();
        let img = l.w.create_image(i, "web-golden", false).unwrap();
        assert!(l.w.instance(i).unwrap().rebooting_until.is_some(), "reboots unless no_reboot");
        let id = l.w.image(img).unwrap().id.clone();
        assert_eq!(l.w.image(img).unwrap().state, ImageState::Pending);
        let e = l.launch(|s| s.image_id = Some(id.clone())).unwrap_err();
        assert_eq!(e.code, "IncorrectState");
        l.w.advance(60.0).unwrap();
        assert_eq!(l.w.image(img).unwrap().state, ImageState::Available);
        let copy = l.launch(|s| (s.image_id, s.instance_type) = (Some(id.clone()), Some("m5.large".into()))).unwrap();
        let c = l.w.instance(copy).unwrap();
        assert_eq!((c.apps.clone(), c.root_volume_gib, c.platform), (vec!["nginx".to_string()], 20, Os::Linux));
        assert_eq!(l.w.create_image(i, "web-golden", true).unwrap_err().code, "InvalidAMIName.Duplicate");
        assert_eq!(l.w.create_image(i, "x", true).unwrap_err().code, "InvalidParameterValue");
        let found = l.w.describe_images(l.r, &ImageFilter { owner: Some(Owner::SelfOwned), ..ImageFilter::default() }).unwrap();
        assert_eq!(found, [img]);
        let amd64 = ImageFilter { architecture: Some("amd64".into()), ..ImageFilter::default() };
        assert_eq!(l.w.describe_images(l.r, &amd64).unwrap_err().code, "InvalidParameterValue");
        assert_eq!(l.w.resolve(&id, Some(Kind::Image)).unwrap(), ResKey::Image(img));
    }

    #[test]
    fn launch_permissions_and_deregistration() {
        let mut l = lab();
        let i = l.launch(|_| {}).unwrap();
        l.w.wait_instance(i, Waiter::Running).unwrap();
        let img = l.w.create_image(i, "base", true).unwrap();
        assert_eq!(l.w.instance(i).unwrap().rebooting_until, None, "no_reboot");
        assert_eq!(l.w.share_image(img, "12345").unwrap_err().code, "InvalidAMIAttributeItemValue");
        l.w.share_image(img, "123456789012").unwrap();
        l.w.share_image(img, "123456789012").unwrap();
        l.w.make_image_public(img).unwrap();
        let m = l.w.image(img).unwrap();
        assert_eq!((m.public, m.launch_permissions.len()), (true, 1));
        let amazon = l.w.image_by_id(&l.image("al2023-ami-2023.6-x86_64")).unwrap().0;
        assert_eq!(l.w.deregister_image(amazon).unwrap_err().code, "AuthFailure");
        l.w.advance(60.0).unwrap();
        let id = l.w.image(img).unwrap().id.clone();
        l.w.deregister_image(img).unwrap();
        assert_eq!(l.launch(|s| s.image_id = Some(id.clone())).unwrap_err().code, "InvalidAMIID.Unavailable");
        assert_eq!(l.w.make_image_public(img).unwrap_err().code, "InvalidAMIID.Unavailable");
        assert_eq!(l.launch(|s| s.image_id = Some("ami-12".into())).unwrap_err().code, "InvalidAMIID.Malformed");
        let e = l.launch(|s| s.image_id = Some("ami-0123456789abcdef0".into())).unwrap_err();
        assert_eq!(e.code, "InvalidAMIID.NotFound");
        let eu = l.w.region("eu-west-1").unwrap();
        let eu_image = l.w.default_image(eu).unwrap().id.clone();
        assert_eq!(l.launch(|s| s.image_id = Some(eu_image)).unwrap_err().code, "InvalidAMIID.NotFound", "AMIs are regional");
    }
}
