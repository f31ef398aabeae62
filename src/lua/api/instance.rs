//! The Instance object.

use super::args::arg_table;
use super::handle::{
    At, AutoScalingGroup, ElasticIp, HandleApi, HandleMembers, Image, Instance, NetworkInterface, SecurityGroup, Subnet,
    Volume, Vpc,
};
use super::members::Members;
use super::network_interface::group_list;
use super::region::region_value;
use super::value::{array, lua_err, opt, read, write};
use crate::model::{self, Afterwards, Market, Waiter};
use mlua::Value;

arg_table! {
    /// `inst:stop{hibernate?}`.
    struct Stop { hibernate: Option<bool> }
}
arg_table! {
    /// `inst:modify{instance_type}`.
    struct Modify { instance_type: String }
}

impl HandleApi for Instance {
    const VAR: &'static str = "inst";
    const SUMMARY: &'static str = "An EC2 instance.";

    fn members<M: Members<Self>>(m: &mut M) {
        m.get("state", "string", "pending, running, stopping, stopped, shutting-down, terminated.", |_, at| {
            Ok(at.res.state.as_str())
        });
        m.get("state_code", "integer", "AWS's state code (0 pending, 16 running, 32, 48, 64, 80).", |_, at| {
            Ok(at.res.state.code())
        });
        m.get("instance_type", "string", "e.g. t3.micro.", |_, at| Ok(at.res.instance_type.clone()));
        m.get("image_id", "string", "Its AMI.", |_, at| Ok(at.res.image_id.clone()));
        m.get("platform", "string", "linux / windows.", |_, at| Ok(at.res.platform.as_str()));
        m.get("subnet", "Subnet", "Its subnet.", |_, at| Ok(at.handle::<Subnet>(at.res.subnet)));
        m.get("vpc", "Vpc", "Its VPC.", |_, at| Ok(at.handle::<Vpc>(at.res.vpc)));
        m.get("region", "Region", "Its region.", |lua, at| region_value(lua, at.res.region));
        m.get("availability_zone", "string", "Its AZ.", |_, at| Ok(at.res.az));
        m.get("private_ip", "string", "Primary private address.", |_, at| {
            Ok(at.w.eni(at.res.primary_eni).ok().map(|e| e.private_ip.to_string()))
        });
        m.get("public_ip", "string | nil", "Public address.", |_, at| {
            Ok(at.w.eni(at.res.primary_eni).ok().and_then(|e| at.w.public_ip_of(e)).map(|a| a.to_string()))
        });
        m.get("elastic_ip", "ElasticIp | nil", "The Elastic IP of its primary interface.", |lua, at| {
            opt(lua, at.w.eni(at.res.primary_eni).ok().and_then(|e| e.eip).map(|e| at.handle::<ElasticIp>(e)))
        });
        m.get("security_groups", "{SecurityGroup}", "Its groups.", |lua, at| {
            let groups = at.w.eni(at.res.primary_eni).map(|e| e.security_groups.clone()).unwrap_or_default();
            array(lua, groups.into_iter().map(|g| at.handle::<SecurityGroup>(g)))
        });
        m.get("network_interfaces", "{NetworkInterface}", "Attached interfaces, primary first.", |lua, at| {
            array(lua, at.w.instance_enis(at.key).into_iter().map(|e| at.handle::<NetworkInterface>(e)))
        });
        m.get("primary_network_interface", "NetworkInterface | nil", "Its primary interface.", |lua, at| {
            let eni = at.res.primary_eni;
            opt(lua, at.w.enis().get(eni).map(|_| at.handle::<NetworkInterface>(eni)))
        });
        m.get("source_dest_check", "boolean", "Source/destination check of its primary interface.", |_, at| {
            Ok(at.w.eni(at.res.primary_eni).map(|e| e.source_dest_check).unwrap_or(true))
        });
        m.get("launch_time", "string", "Simulated launch time (ISO 8601).", |_, at| {
            Ok(model::clock::iso8601(at.res.launch_time))
        });
        m.get("key_name", "string | nil", "Its key pair.", |_, at| Ok(at.res.key_name.clone()));
        m.get("hibernation", "boolean", "Whether hibernation was enabled at launch.", |_, at| Ok(at.res.hibernation));
        m.get("hibernated", "boolean", "Whether its last stop saved RAM (it resumes in timings.ec2_resume).", |_, at| {
            Ok(at.res.hibernated)
        });
        m.get("market", "string", "on-demand / spot.", |_, at| Ok(at.res.market.as_str()));
        m.get("spot_interruption_behavior", "string | nil", "stop / terminate (Spot only).", |_, at| {
            Ok((at.res.market == Market::Spot).then(|| at.res.spot_interruption_behavior.as_str()))
        });
        m.get("spot_interruption_time", "number | nil", "When a pending Spot interruption notice runs out (sim seconds).", |_, at| {
            Ok(at.res.spot_interruption_at.map(|t| t as f64 / 1000.0))
        });
        m.get("instance_initiated_shutdown_behavior", "string", "What an OS shutdown does: stop / terminate.", |_, at| {
            Ok(at.res.shutdown_behavior.as_str())
        });
        m.get("root_device_type", "string", "ebs / instance-store (instance-store cannot stop).", |_, at| {
            Ok(at.res.root_device_type.as_str())
        });
        m.get("root_volume_gb", "integer", "Root volume size at launch (GiB; the volume itself: root_volume).", |_, at| {
            Ok(at.res.root_volume_gib)
        });
        m.get("root_volume", "Volume | nil", "Its attached root EBS volume (nil for instance store, or once terminated).", |lua, at| {
            opt(lua, at.w.attached_root_volume(at.key).map(|v| at.handle::<Volume>(v)))
        });
        m.get("apps", "{string}", "Applications from its AMI and install().", |lua, at| array(lua, at.res.apps.clone()));
        m.get("image", "Image | nil", "Its AMI.", |lua, at| {
            opt(lua, at.w.image_by_id(&at.res.image_id).map(|(k, _)| at.handle::<Image>(k)))
        });
        m.get("impaired", "boolean", "True while its AZ is failed (sim.fail_az).", |_, at| {
            Ok(at.w.az_failed(at.res.az))
        });
        m.get("rebooting", "boolean", "True for timings.ec2_reboot after reboot() (it stays running).", |_, at| {
            Ok(at.res.rebooting_until.is_some())
        });
        m.get("auto_scaling_group", "AutoScalingGroup | nil", "The group that launched it.", |lua, at| {
            let g = at.res.asg.filter(|g| at.w.auto_scaling_group(*g).is_ok());
            opt(lua, g.map(|g| at.handle::<AutoScalingGroup>(g)))
        });
        m.get("disable_api_termination", "boolean", "Termination protection.", |_, at| {
            Ok(at.res.disable_api_termination)
        });
        m.get("user_data", "string | nil", "Its user data.", |_, at| Ok(at.res.user_data.clone()));
        m.get("state_history", "{{state, at, time}}", "State changes.", |lua, at| {
            let rows: Vec<mlua::Table> = at
                .res
                .state_history
                .iter()
                .map(|(s, t)| {
                    let row = lua.create_table()?;
                    row.set("state", s.as_str())?;
                    row.set("at", *t as f64 / 1000.0)?;
                    row.set("time", model::clock::iso8601(*t))?;
                    Ok(row)
                })
                .collect::<mlua::Result<_>>()?;
            array(lua, rows)
        });
        m.call("stop", "{hibernate = false} -> nil", "Stops the instance.", |lua, k, opts: Value| {
            let a = Stop::read(lua, opts, "stop")?;
            write(lua, |w| w.stop_instance(k, a.hibernate.unwrap_or(false)))
        });
        m.call("start", "() -> nil", "Starts a stopped instance.", |lua, k, ()| write(lua, |w| w.start_instance(k)));
        m.call("reboot", "() -> nil", "Reboots.", |lua, k, ()| write(lua, |w| w.reboot_instance(k)));
        m.call("terminate", "() -> nil", "Terminates.", |lua, k, ()| write(lua, |w| w.terminate_instance(k)));
        m.call("modify", "{instance_type} -> nil", "Changes the type (only when stopped).", |lua, k, opts: Value| {
            let a = Modify::read(lua, opts, "modify")?;
            write(lua, |w| w.modify_instance_type(k, &a.instance_type))
        });
        m.call("set_security_groups", "{SecurityGroup, …} -> nil", "Replaces its groups.", |lua, k, groups: Value| {
            let groups = group_list(lua, groups)?;
            write(lua, |w| {
                let eni = w.instance(k)?.primary_eni;
                w.set_interface_groups(eni, groups)
            })
        });
        m.call("set_source_dest_check", "(boolean) -> nil", "Sets the source/destination check.", |lua, k, on: bool| {
            write(lua, |w| {
                let eni = w.instance(k)?.primary_eni;
                w.set_source_dest_check(eni, on)
            })
        });
        m.call("cost", "() -> number", "USD it has cost so far: compute, software, root volume, public IPv4.", |lua, k, ()| {
            read(lua, |w| w.instance_cost(k))
        });
        m.call("shutdown", "() -> nil", "Shuts down from inside the OS: stops or terminates per instance_initiated_shutdown_behavior.", |lua, k, ()| {
            write(lua, |w| w.shutdown_from_os(k))
        });
        m.call("install", "(app) -> nil", "Installs an application (a golden image captures it).", |lua, k, app: String| {
            write(lua, |w| w.install_app(k, &app))
        });
        m.call("set_shutdown_behavior", "(\"stop\"|\"terminate\") -> nil", "Sets instance_initiated_shutdown_behavior.", |lua, k, b: String| {
            let b = Afterwards::parse(&b, "instance_initiated_shutdown_behavior").map_err(lua_err)?;
            write(lua, |w| w.set_shutdown_behavior(k, b))
        });
        m.call("set_termination_protection", "(boolean) -> nil", "Sets termination protection.", |lua, k, on: bool| {
            write(lua, |w| w.set_termination_protection(k, on))
        });
        m.call("wait_until_running", "() -> nil", "Advances the clock until running.", |lua, k, ()| {
            write(lua, |w| w.wait_instance(k, Waiter::Running))
        });
        m.call("wait_until_stopped", "() -> nil", "Advances the clock until stopped.", |lua, k, ()| {
            write(lua, |w| w.wait_instance(k, Waiter::Stopped))
        });
        m.call("wait_until_terminated", "() -> nil", "Advances the clock until terminated.", |lua, k, ()| {
            write(lua, |w| w.wait_instance(k, Waiter::Terminated))
        });
    }

    fn summary(at: At<'_, Self>) -> model::Result<String> {
        let i = at.res;
        let addr = match at.w.eni(i.primary_eni) {
            Ok(e) => match at.w.public_ip_of(e) {
                Some(p) => format!(" {} ({p})", e.private_ip),
                None => format!(" {}", e.private_ip),
            },
            Err(_) => String::new(),
        };
        Ok(format!(
            "{}{} {} {}{addr} {}",
            i.id,
            at.quoted_name(),
            i.instance_type,
            i.state.as_str(),
            at.w.subnet(i.subnet).map(|s| s.id.as_str()).unwrap_or("")
        ))
    }
}
