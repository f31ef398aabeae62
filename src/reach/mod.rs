//! Reachability: read-only evaluation of flows over the model, like VPC Reachability
//! Analyzer (SEMANTICS.md, "Reachability").
//!
//! API boundary: [`trace`], [`reachable`], [`matrix`], [`exposure`] and [`resolve_address`]
//! are what the Lua layer calls. Architecture invariant: one walk (`engine.rs`; the request by
//! `forward.rs` and the edges in `internet.rs`, `middleboxes.rs`, `peering_vpn.rs`, the
//! response by `back.rs`) serves both `trace` (records every hop and blocker) and `reachable`
//! (stops at the first blocker and builds no strings), so their verdicts cannot drift apart.

mod az;
mod back;
mod classes;
mod endpoint;
mod engine;
pub mod ephemeral;
pub mod explain;
mod exposure;
mod filters;
mod fix;
mod forward;
mod internet;
mod links;
mod matrix;
mod middleboxes;
mod overlap;
mod peering_vpn;
mod trace;

#[cfg(test)]
mod reference;
#[cfg(test)]
mod tests_fixes;
#[cfg(test)]
mod tests_hints;
#[cfg(test)]
mod tests_messages;
#[cfg(test)]
mod tests_overlap;
#[cfg(test)]
mod tests_props;
#[cfg(test)]
mod tests_scenarios;

pub use endpoint::{Endpoint, INTERNET_HOST, resolve_address};
pub use exposure::{Exposure, exposure};
pub use fix::Fix;
pub use matrix::{Class, ClassPair, Summary, matrix, summary};
pub use trace::{Direction, Ephemeral, Explanation, Hop, HopAction, Packet, Trace};

use crate::model::{AwsError, Protocol, World};

/// One flow to evaluate: a connection from `source` to `destination` on `protocol`/`port`,
/// from `source_port` when given, else from the source's ephemeral range.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Flow {
    /// Who opens the connection.
    pub source: Endpoint,
    /// Who accepts it.
    pub destination: Endpoint,
    /// The protocol.
    pub protocol: Protocol,
    /// The destination port.
    pub port: u16,
    /// A fixed source port; `None`: the source's whole ephemeral range.
    pub source_port: Option<u16>,
}

/// Traces a flow hop by hop, forward and back, listing every blocker. Errors only when an
/// endpoint does not exist (its kind's NotFound code).
pub fn trace(world: &World, flow: &Flow) -> Result<Trace, AwsError> {
    let out = engine::run(world, flow, engine::Full::default())?;
    let sink = out.sink;
    // A loop is cut at its first repetition and a blocker met again is listed once, in
    // every view (the verdict and the set of codes stay as the walk found them); what is
    // left gets its names.
    let (mut forward, loop_forward) = trace::cut_loop(sink.forward);
    let (mut return_path, loop_return) = trace::cut_loop(sink.ret);
    let mut explanations = trace::distinct(sink.explanations);
    for h in forward.iter_mut().chain(return_path.iter_mut()) {
        h.label = explain::label_of(world, &h.component);
        h.detail = explain::with_names(world, &h.detail);
        h.rule = h.rule.as_deref().map(|r| explain::with_names(world, r));
    }
    for e in &mut explanations {
        e.label = explain::label_of(world, &e.component);
        e.message = explain::with_names(world, &e.message);
        e.rule = e.rule.as_deref().map(|r| explain::with_names(world, r));
    }
    Ok(Trace {
        reachable: out.reachable,
        forward,
        return_path,
        explanations,
        ephemeral: Ephemeral {
            range: out.range,
            allowed: out.allowed.ranges().to_vec(),
            return_allows: out.return_allows.map(|r| r.ranges().to_vec()),
        },
        protocol: flow.protocol,
        one_way: out.one_way,
        // The hops' labels are their components until named.
        loops_to: [loop_forward, loop_return].map(|l| l.map(|c| explain::label_of(world, &c))),
    })
}

/// The verdict of [`trace`] without building the report: stops at the first blocker.
pub fn reachable(world: &World, flow: &Flow) -> Result<bool, AwsError> {
    Ok(engine::run(world, flow, engine::Fast)?.reachable)
}
