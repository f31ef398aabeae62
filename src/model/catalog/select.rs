//! Choosing from the catalog: the enumerated names a filter may use, checked, and the
//! `aws.instance_types{…}` filter.

use super::{ARCHITECTURES, Category, InstanceType, instance_types};
use crate::aws_err;
use crate::model::Result;

/// An architecture name: `x86_64` or `arm64`.
pub fn architecture(name: &str) -> Result<&'static str> {
    ARCHITECTURES
        .iter()
        .copied()
        .find(|a| *a == name)
        .ok_or_else(|| aws_err!("InvalidParameterValue", "Unknown architecture '{name}': use x86_64 or arm64"))
}

/// The families of the catalog, in table order.
pub fn families() -> Vec<&'static str> {
    let mut out: Vec<&'static str> = Vec::new();
    for t in instance_types() {
        if !out.contains(&t.family()) {
            out.push(t.family());
        }
    }
    out
}

/// A family of the catalog (`c5n`, `m7g`, …).
pub fn family(name: &str) -> Result<&'static str> {
    let all = families();
    all.iter().copied().find(|f| *f == name).ok_or_else(|| {
        let hint = crate::model::suggest(name, &all).map(|s| format!(" Did you mean '{s}'?")).unwrap_or_default();
        aws_err!("InvalidParameterValue", "Unknown instance family '{name}': the catalog has {}.{hint}", all.join(", "))
    })
}

/// A category by its name or the seed's title.
pub fn category(name: &str) -> Result<Category> {
    Category::from_name(name).ok_or_else(|| {
        aws_err!(
            "InvalidParameterValue",
            "Unknown category '{name}': use general, compute, memory, accelerated or storage (or the titles: General purpose, Compute optimized, …)"
        )
    })
}

/// What `aws.instance_types{…}` lists (every field optional).
#[derive(Debug, Clone, Copy, Default)]
pub struct TypeFilter<'a> {
    /// A category name or title.
    pub category: Option<&'a str>,
    /// A family (`c5n`).
    pub family: Option<&'a str>,
    /// `x86_64` / `arm64`.
    pub architecture: Option<&'a str>,
    /// At least this many vCPUs.
    pub min_vcpus: Option<f64>,
    /// At least this much memory.
    pub min_memory_gib: Option<f64>,
    /// At most this on-demand price per hour.
    pub max_price: Option<f64>,
}

/// The instance types matching `f`, in table order; an unknown category, family or
/// architecture is refused with the valid values.
pub fn select(f: &TypeFilter) -> Result<Vec<&'static InstanceType>> {
    let cat = f.category.map(category).transpose()?;
    let fam = f.family.map(family).transpose()?;
    let arch = f.architecture.map(architecture).transpose()?;
    Ok(instance_types()
        .iter()
        .filter(|t| {
            cat.is_none_or(|c| t.category == c)
                && fam.is_none_or(|x| t.family() == x)
                && arch.is_none_or(|x| t.architecture == x)
                && f.min_vcpus.is_none_or(|v| f64::from(t.vcpus) >= v)
                && f.min_memory_gib.is_none_or(|m| t.memory_gib >= m)
                && f.max_price.is_none_or(|p| t.price_per_hour <= p)
        })
        .collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn filters_check_their_enumerated_values() {
        let gp = select(&TypeFilter { category: Some("General purpose"), ..TypeFilter::default() }).unwrap();
        assert!(!gp.is_empty() && gp.iter().all(|t| t.category == Category::General));
        let arm = select(&TypeFilter { architecture: Some("arm64"), ..TypeFilter::default() }).unwrap();
        assert!(!arm.is_empty() && arm.iter().all(|t| t.architecture == "arm64"));
        let c5n = select(&TypeFilter { family: Some("c5n"), ..TypeFilter::default() }).unwrap();
        assert!(!c5n.is_empty() && c5n.iter().all(|t| t.family() == "c5n"));
        for (f, bad) in [
            (TypeFilter { architecture: Some("amd64"), ..TypeFilter::default() }, "amd64"),
            (TypeFilter { family: Some("c5x"), ..TypeFilter::default() }, "c5x"),
            (TypeFilter { category: Some("gpu"), ..TypeFilter::default() }, "gpu"),
        ] {
            let e = select(&f).unwrap_err();
            assert_eq!(e.code, "InvalidParameterValue");
            assert!(e.message.contains(bad), "{}", e.message);
        }
        assert!(family("c5x").unwrap_err().message.contains("Did you mean"), "a near family is suggested");
        let big = select(&TypeFilter { min_vcpus: Some(64.0), min_memory_gib: Some(512.0), ..TypeFilter::default() });
        let big = big.unwrap();
        assert!(!big.is_empty() && big.len() < instance_types().len());
        assert!(big.iter().all(|t| t.vcpus >= 64 && t.memory_gib >= 512.0));
        let cheap = select(&TypeFilter { max_price: Some(0.02), ..TypeFilter::default() }).unwrap();
        assert!(!cheap.is_empty() && cheap.iter().all(|t| t.price_per_hour <= 0.02));
        let edge = &instance_types()[0];
        let exact = TypeFilter {
            min_vcpus: Some(f64::from(edge.vcpus)),
            min_memory_gib: Some(edge.memory_gib),
            max_price: Some(edge.price_per_hour),
            ..TypeFilter::default()
        };
        assert!(select(&exact).unwrap().iter().any(|t| t.name == edge.name), "the bounds are inclusive");
    }
}
