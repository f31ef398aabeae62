//! `aws.suggest_instance_type`: the cheapest fitting type of the category the seed
//! recommends for a workload.

use super::categories::Category;
use super::instance_types::{InstanceType, instance_types};
use crate::aws_err;
use crate::model::Result;

/// Workload names and the category the seed's use-case table puts them in.
/// Some workloads narrow the category to the families built for them.
pub const WORKLOADS: &[(&str, Category, &[&str])] = &[
    ("web", Category::General, &[]),
    ("microservices", Category::General, &[]),
    ("containers", Category::General, &[]),
    ("caching-fleet", Category::General, &[]),
    ("distributed-data-store", Category::General, &[]),
    ("development", Category::General, &[]),
    ("hpc", Category::Compute, &[]),
    ("batch", Category::Compute, &[]),
    ("scientific-modeling", Category::Compute, &[]),
    ("distributed-analytics", Category::Compute, &[]),
    ("ad-serving", Category::Compute, &[]),
    ("gaming", Category::Compute, &[]),
    ("high-performance-web", Category::Compute, &[]),
    ("in-memory-db", Category::Memory, &[]),
    ("in-memory-cache", Category::Memory, &[]),
    ("database", Category::Memory, &[]),
    ("real-time-analytics", Category::Memory, &[]),
    ("enterprise", Category::Memory, &[]),
    ("ml-training", Category::Accelerated, &["p3", "p4d", "trn1"]),
    ("ml-inference", Category::Accelerated, &["inf1", "g4dn", "g5"]),
    ("graphics", Category::Accelerated, &["g4dn", "g5"]),
    ("rendering", Category::Accelerated, &["g4dn", "g5"]),
    ("video-encoding", Category::Accelerated, &["g4dn", "g5"]),
    ("nosql", Category::Storage, &[]),
    ("data-warehouse", Category::Storage, &[]),
    ("elasticsearch", Category::Storage, &[]),
    ("transactional-db", Category::Storage, &[]),
];

/// What a workload needs.
#[derive(Debug, Clone, Default)]
pub struct Need<'a> {
    /// The workload name (one of [`WORKLOADS`]).
    pub workload: &'a str,
    /// At least this many vCPUs.
    pub vcpus: Option<u32>,
    /// At least this much memory.
    pub memory_gib: Option<f64>,
    /// `x86_64` (the default, like the default AMI) or `arm64`.
    pub architecture: Option<&'a str>,
}

/// A suggestion and why.
#[derive(Debug, Clone)]
pub struct Suggestion {
    /// The type.
    pub instance_type: &'static InstanceType,
    /// Its category.
    pub category: Category,
    /// A sentence explaining the pick.
    pub reason: String,
}

/// The cheapest type of the workload's category that fits `need`.
pub fn suggest(need: &Need) -> Result<Suggestion> {
    let Some((_, category, families)) = WORKLOADS.iter().find(|(w, _, _)| *w == need.workload) else {
        let names: Vec<&str> = WORKLOADS.iter().map(|w| w.0).collect();
        let hint =
            crate::model::suggest(need.workload, &names).map(|s| format!(" Did you mean '{s}'?")).unwrap_or_default();
        return Err(aws_err!(
            "InvalidParameterValue",
            "Unknown workload '{}'. Known workloads: {}.{hint}",
            need.workload,
            names.join(", ")
        ));
    };
    let arch = super::architecture(need.architecture.unwrap_or("x86_64"))?;
    let fits = |t: &&InstanceType| {
        t.category == *category
            && (families.is_empty() || families.contains(&t.family()))
            && t.architecture == arch
            && need.vcpus.is_none_or(|v| t.vcpus >= v)
            && need.memory_gib.is_none_or(|m| t.memory_gib >= m)
    };
    let best =
        instance_types().iter().filter(fits).min_by(|a, b| a.price_per_hour.total_cmp(&b.price_per_hour)).ok_or_else(
            || {
                aws_err!(
                    "InvalidParameterValue",
                    "No {arch} {} type has {} vCPUs and {} GiB",
                    category.title().to_lowercase(),
                    need.vcpus.map_or("any".into(), |v| format!("at least {v}")),
                    need.memory_gib.map_or("any".into(), |m| format!("at least {m}"))
                )
            },
        )?;
    let reason = format!(
        "'{}' is a {} workload ({}); {} is the cheapest {arch} type of that category with {} vCPUs and {} GiB at ${}/h",
        need.workload,
        category.title().to_lowercase(),
        category.use_cases().join(", "),
        best.name,
        best.vcpus,
        best.memory_gib,
        best.price_per_hour
    );
    Ok(Suggestion { instance_type: best, category: *category, reason })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pick(workload: &str, vcpus: Option<u32>, memory_gib: Option<f64>, arch: Option<&str>) -> &'static str {
        suggest(&Need { workload, vcpus, memory_gib, architecture: arch }).unwrap().instance_type.name
    }

    #[test]
    fn the_cheapest_fitting_type_of_the_recommended_category() {
        assert_eq!(pick("web", None, None, None), "t3.nano");
        assert_eq!(pick("web", None, None, Some("arm64")), "t4g.nano");
        assert_eq!(pick("hpc", Some(4), None, None), "c5.xlarge");
        assert_eq!(pick("in-memory-db", None, Some(32.0), None), "r5.xlarge");
        assert_eq!(pick("ml-training", None, None, None), "trn1.2xlarge");
        assert_eq!(pick("ml-inference", None, None, None), "inf1.xlarge");
        assert_eq!(pick("nosql", None, None, None), "i3.large");
        for (w, c, _) in WORKLOADS {
            assert_eq!(suggest(&Need { workload: w, ..Need::default() }).unwrap().category, *c);
        }
    }

    #[test]
    fn unknown_workloads_and_impossible_needs_are_refused() {
        let e = suggest(&Need { workload: "nosq", ..Need::default() }).unwrap_err();
        assert_eq!(e.code, "InvalidParameterValue");
        assert!(e.message.contains("'nosql'"), "{e}");
        let e = suggest(&Need { workload: "web", vcpus: Some(512), ..Need::default() }).unwrap_err();
        assert!(e.message.contains("512"), "{e}");
    }
}
