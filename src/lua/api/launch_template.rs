//! The LaunchTemplate object (`region:create_launch_template{…}` makes one).

use super::handle::{At, HandleApi, HandleMembers, LaunchTemplate, SecurityGroup};
use super::members::Members;
use super::value::array;
use crate::model;

impl HandleApi for LaunchTemplate {
    const VAR: &'static str = "lt";
    const SUMMARY: &'static str = "A launch template: what an Auto Scaling group launches (image, type, groups, user data).";

    fn members<M: Members<Self>>(m: &mut M) {
        m.get("launch_template_name", "string", "Its name.", |_, at| Ok(at.res.name.clone()));
        m.get("image_id", "string | nil", "Its AMI (nil: the region's default).", |_, at| Ok(at.res.image_id.clone()));
        m.get("instance_type", "string", "Its instance type.", |_, at| Ok(at.res.instance_type.clone()));
        m.get("market", "string", "on-demand / spot.", |_, at| Ok(at.res.market.as_str()));
        m.get("user_data", "string | nil", "Its user data.", |_, at| Ok(at.res.user_data.clone()));
        m.get(
            "delete_on_termination",
            "boolean",
            "Whether its instances' root volumes are deleted at termination (default true).",
            |_, at| Ok(at.res.delete_on_termination.unwrap_or(true)),
        );
        m.get("security_groups", "{SecurityGroup}", "Its groups (empty: the VPC's default).", |lua, at| {
            let g = at.res.security_groups.clone().unwrap_or_default();
            array(lua, g.into_iter().map(|g| at.handle::<SecurityGroup>(g)))
        });
    }

    fn summary(at: At<'_, Self>) -> model::Result<String> {
        let t = at.res;
        Ok(format!("{} \"{}\" {} {}", t.id, t.name, t.instance_type, t.market.as_str()))
    }
}
