//! Many flows at once: every source against every destination on one protocol and port.

use super::endpoint::{self, Dest, EndInfo, Endpoint};
use super::{Flow, forward};
use crate::model::{AwsError, Protocol, World};

/// `result[i][j]` = whether `sources[i]` reaches `destinations[j]` on `protocol`/`port`
/// (the verdict of [`super::reachable`]). Endpoints are resolved once per call.
pub fn matrix(
    world: &World,
    sources: &[Endpoint],
    destinations: &[Endpoint],
    protocol: Protocol,
    port: u16,
) -> Result<Vec<Vec<bool>>, AwsError> {
    let origins: Vec<EndInfo> = sources.iter().map(|s| endpoint::info(world, *s)).collect::<Result<_, _>>()?;
    let dests: Vec<Dest> = destinations.iter().map(|d| endpoint::dest(world, *d)).collect::<Result<_, _>>()?;
    let mut out = Vec::with_capacity(sources.len());
    for (s, o) in sources.iter().zip(&origins) {
        let mut row = Vec::with_capacity(destinations.len());
        for (d, t) in destinations.iter().zip(&dests) {
            let flow = Flow { source: *s, destination: *d, protocol, port, source_port: None };
            row.push(forward::run_resolved(world, &flow, *o, *t, forward::Fast).reachable);
        }
        out.push(row);
    }
    Ok(out)
}
