//! vpclab: a scriptable sandbox of AWS compute and networking.
//!
//! Layers (see ARCHITECTURE.md): [`net`] is pure address math, [`model`] is the
//! validated world, [`reach`] answers read-only reachability queries over it, and
//! [`lua`] / [`repl`] are the thin scripting edge; [`grade`] runs exercises over them.

pub mod grade;
pub mod lua;
pub mod model;
pub mod net;
pub mod reach;
pub mod repl;
