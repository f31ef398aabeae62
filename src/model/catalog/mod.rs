//! Catalogs: instance types (specs, teaching prices), the five categories of the seed,
//! instance type names explained, workload suggestions, and AMIs. Static data only.

mod categories;
mod images;
mod instance_types;
mod naming;
mod select;
mod suggest;

pub use categories::Category;
pub use images::{Image, ImageState, Os, Owner, RootDevice, images};
pub use instance_types::{ARCHITECTURES, Accelerator, InstanceType, PRICES_AS_OF, instance_type, instance_types};
pub use naming::{DecodedName, decode};
pub use select::{TypeFilter, architecture, family, select};
pub use suggest::{Need, Suggestion, WORKLOADS, suggest};
