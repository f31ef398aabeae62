//! The AutoScalingGroup object (`region:create_auto_scaling_group{…}` makes one).

use super::args::arg_table;
use super::handle::{At, AutoScalingGroup, HandleApi, HandleMembers, Instance, LaunchTemplate, Subnet, handles};
use super::members::Members;
use super::value::{array, lua_err, read, write};
use crate::model::{self, AwsError, Metric};
use mlua::Value;

arg_table! {
    /// `asg:set_target_tracking{…}`.
    struct TargetTracking { metric: Option<String>, target: Option<f64> }
}

pub(super) fn size(v: Option<i64>, key: &str) -> mlua::Result<Option<u32>> {
    v.map(|v| {
        u32::try_from(v)
            .map_err(|_| lua_err(AwsError::new("ValidationError", format!("{key} must be 0 or more, got {v}"))))
    })
    .transpose()
}

pub(super) fn missing(key: &str) -> mlua::Error {
    lua_err(AwsError::new("MissingParameter", format!("The request must contain the parameter {key}")))
}

impl HandleApi for AutoScalingGroup {
    const VAR: &'static str = "asg";
    const SUMMARY: &'static str =
        "An Auto Scaling group: keeps its desired capacity balanced across its subnets' AZs, replacing lost instances.";

    fn members<M: Members<Self>>(m: &mut M) {
        m.get("auto_scaling_group_name", "string", "Its name.", |_, at| Ok(at.res.id.clone()));
        m.get("min_size", "integer", "Minimum size.", |_, at| Ok(at.res.min_size));
        m.get("max_size", "integer", "Maximum size.", |_, at| Ok(at.res.max_size));
        m.get("desired_capacity", "integer", "Desired capacity.", |_, at| Ok(at.res.desired_capacity));
        m.get("launch_template", "LaunchTemplate", "What it launches.", |_, at| {
            Ok(at.handle::<LaunchTemplate>(at.res.launch_template))
        });
        m.get("subnets", "{Subnet}", "Its subnets.", |lua, at| {
            array(lua, at.res.subnets.iter().map(|s| at.handle::<Subnet>(*s)))
        });
        m.get("availability_zones", "{string}", "The AZs of its subnets.", |lua, at| {
            let mut azs: Vec<&str> = Vec::new();
            for s in at.res.subnets.iter().filter_map(|s| at.w.subnet(*s).ok()) {
                if !azs.contains(&s.az) {
                    azs.push(s.az);
                }
            }
            array(lua, azs)
        });
        m.get("activities", "{{at, time, description}}", "What it did, oldest first.", |lua, at| {
            let rows = at
                .res
                .activities
                .iter()
                .map(|(t, d)| {
                    let row = lua.create_table()?;
                    row.set("at", *t as f64 / 1000.0)?;
                    row.set("time", model::clock::iso8601(*t))?;
                    row.set("description", d.as_str())?;
                    Ok(row)
                })
                .collect::<mlua::Result<Vec<_>>>()?;
            array(lua, rows)
        });
        m.call("instances", "() -> {Instance}", "Its in-service instances (pending or running, AZ healthy).", |lua, k, ()| {
            let keys = read(lua, |w| Ok(w.in_service(k)))?;
            handles::<Instance>(lua, keys)
        });
        m.call("set_desired_capacity", "(n) -> nil", "Launches or terminates at once (min..max).", |lua, k, n: i64| {
            let n = size(Some(n), "desired_capacity")?.unwrap_or(0);
            write(lua, |w| w.set_desired_capacity(k, n))
        });
        m.call(
            "set_target_tracking",
            "{metric = \"cpu\"|\"requests\", target} -> nil",
            "A target-tracking policy: put_metric then resizes the group.",
            |lua, k, opts: Value| {
                let a = TargetTracking::read(lua, opts, "set_target_tracking")?;
                let metric = Metric::parse(a.metric.as_deref().unwrap_or("cpu")).map_err(lua_err)?;
                let target = a.target.ok_or_else(|| missing("target"))?;
                write(lua, |w| w.set_target_tracking(k, metric, target))
            },
        );
        m.call(
            "put_metric",
            "(value) -> integer",
            "Reports the group's average metric (a scripted load); returns the desired capacity.",
            |lua, k, value: f64| write(lua, |w| w.put_group_metric(k, value)),
        );
        m.call("delete", "() -> nil", "Deletes the group and terminates its instances.", |lua, k, ()| {
            write(lua, |w| w.delete_auto_scaling_group(k))
        });
    }

    fn summary(at: At<'_, Self>) -> model::Result<String> {
        let g = at.res;
        Ok(format!(
            "{} min {} max {} desired {} in service {}",
            g.id,
            g.min_size,
            g.max_size,
            g.desired_capacity,
            at.w.in_service(at.key).len()
        ))
    }
}
