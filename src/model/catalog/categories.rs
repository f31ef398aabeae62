//! The five instance categories of the seed notes, with their descriptions and use cases.

/// An instance category (the seed's "instance family" table).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Category {
    /// General purpose.
    General,
    /// Compute optimized.
    Compute,
    /// Memory optimized.
    Memory,
    /// Accelerated computing.
    Accelerated,
    /// Storage optimized.
    Storage,
}

impl Category {
    /// Every category, in the seed's order.
    pub const ALL: [Category; 5] =
        [Category::General, Category::Compute, Category::Memory, Category::Accelerated, Category::Storage];

    /// `general`, `compute`, `memory`, `accelerated`, `storage`.
    pub fn as_str(self) -> &'static str {
        match self {
            Category::General => "general",
            Category::Compute => "compute",
            Category::Memory => "memory",
            Category::Accelerated => "accelerated",
            Category::Storage => "storage",
        }
    }

    /// The category named `name`: its API name (`compute`) or the seed's title in any case
    /// (`Compute optimized`, `general purpose`).
    pub fn from_name(name: &str) -> Option<Category> {
        let name = name.trim();
        Category::ALL.into_iter().find(|c| c.as_str() == name || c.title().eq_ignore_ascii_case(name))
    }

    /// The seed's title (`General purpose` …).
    pub fn title(self) -> &'static str {
        match self {
            Category::General => "General purpose",
            Category::Compute => "Compute optimized",
            Category::Memory => "Memory optimized",
            Category::Accelerated => "Accelerated computing",
            Category::Storage => "Storage optimized",
        }
    }

    /// The seed's description.
    pub fn description(self) -> &'static str {
        match self {
            Category::General => {
                "Provides a balance of compute, memory, and networking resources, and can be used for a variety of workloads."
            }
            Category::Compute => "Ideal for compute-bound applications that benefit from high-performance processors.",
            Category::Memory => {
                "Designed to deliver fast performance for workloads that process large data sets in memory."
            }
            Category::Accelerated => {
                "Use hardware accelerators or co-processors to perform functions such as floating-point number calculations, graphics processing, or data pattern matching more efficiently than is possible with conventional CPUs."
            }
            Category::Storage => {
                "Designed for workloads that require high, sequential read and write access to large data sets on local storage. They are optimized to deliver tens of thousands of low-latency random I/O operations per second (IOPS) to applications that replicate their data across different instances."
            }
        }
    }

    /// The seed's use cases.
    pub fn use_cases(self) -> &'static [&'static str] {
        match self {
            Category::General => &[
                "web servers",
                "containerized microservices",
                "caching fleets",
                "distributed data stores",
                "development environments",
            ],
            Category::Compute => &[
                "high-performance web servers",
                "scientific modeling",
                "batch processing",
                "distributed analytics",
                "high-performance computing (HPC)",
                "machine/deep learning",
                "ad serving",
                "highly scalable multiplayer gaming",
            ],
            Category::Memory => &[
                "high-performance databases",
                "distributed web-scale in-memory caches",
                "mid-size in-memory databases",
                "real-time big-data analytics",
                "other enterprise applications",
            ],
            Category::Accelerated => &[
                "3D visualizations",
                "graphics-intensive remote workstations",
                "3D rendering",
                "application streaming",
                "video encoding",
                "other server-side graphics workloads",
            ],
            Category::Storage => &[
                "NoSQL databases (Cassandra, MongoDB, Redis)",
                "in-memory databases",
                "scale-out transactional databases",
                "data warehousing",
                "Elasticsearch",
                "analytics",
            ],
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn categories_by_name_or_the_seeds_title() {
        assert_eq!(Category::from_name("compute"), Some(Category::Compute));
        assert_eq!(Category::from_name("General purpose"), Some(Category::General));
        assert_eq!(Category::from_name("memory optimized"), Some(Category::Memory));
        assert_eq!(Category::from_name("Accelerated computing"), Some(Category::Accelerated));
        assert_eq!(Category::from_name("optimized"), None);
    }
}
