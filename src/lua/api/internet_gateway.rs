//! The InternetGateway object.

use super::gateway::{GatewayOps, attached_to, attachment_members};
use super::handle::{At, HandleApi, HandleMembers, InternetGateway, Vpc};
use super::members::Members;
use super::value::opt;
use crate::model::{self, World};

impl HandleApi for InternetGateway {
    const VAR: &'static str = "igw";
    const SUMMARY: &'static str = "Connects a VPC to the internet.";

    fn members<M: Members<Self>>(m: &mut M) {
        m.get("vpc", "Vpc | nil", "The attached VPC.", |lua, at| opt(lua, at.res.vpc.map(|v| at.handle::<Vpc>(v))));
        m.get("state", "string", "available while attached, detached otherwise.", |_, at| {
            Ok(if at.res.vpc.is_some() { "available" } else { "detached" })
        });
        m.get("attachment_state", "string", "attached / detached.", |_, at| {
            Ok(if at.res.vpc.is_some() { "attached" } else { "detached" })
        });
        attachment_members(
            m,
            GatewayOps {
                attach: World::attach_internet_gateway,
                detach: World::detach_internet_gateway,
                delete: World::delete_internet_gateway,
            },
        );
    }

    fn summary(at: At<'_, Self>) -> model::Result<String> {
        Ok(format!("{}{} {}", at.res.id, at.quoted_name(), attached_to(at.w, at.res.vpc)))
    }
}
