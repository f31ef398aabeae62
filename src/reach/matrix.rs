//! Many flows at once: every source against every destination on one protocol and port,
//! evaluated once per pair of endpoint classes (`classes.rs`).

use super::classes::{classify, infos};
use super::endpoint::{self, Dest, EndInfo, Endpoint};
use super::{Flow, forward};
use crate::model::{AwsError, Protocol, World};

/// Endpoints that behave alike, as indices into the union of sources and destinations.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Class {
    /// The members' positions in [`Summary::endpoints`].
    pub members: Vec<usize>,
}

/// The verdict for one pair of classes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ClassPair {
    /// The source class (index into [`Summary::classes`]).
    pub from: usize,
    /// The destination class.
    pub to: usize,
    /// Whether every source of `from` reaches every destination of `to`.
    pub reachable: bool,
    /// Source–destination pairs it stands for.
    pub count: u64,
}

/// All pairs, counted per class pair instead of listed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Summary {
    /// The distinct endpoints of sources and destinations, in order of first appearance.
    pub endpoints: Vec<Endpoint>,
    /// The classes, in order of first appearance.
    pub classes: Vec<Class>,
    /// Every pair of a source class and a destination class, sources in class order.
    pub pairs: Vec<ClassPair>,
    /// Source–destination pairs that are reachable.
    pub reachable_count: u64,
    /// All source–destination pairs.
    pub total: u64,
}

/// The evaluator shared by `matrix` and `summary`: one verdict per class pair.
struct Grid<'w> {
    w: &'w World,
    protocol: Protocol,
    port: u16,
    eps: Vec<Endpoint>,
    infos: Vec<EndInfo>,
    class: Vec<usize>,
    classes: usize,
    reps: Vec<usize>,
    dests: Vec<Option<Dest>>,
    memo: Vec<Option<bool>>,
}

impl<'w> Grid<'w> {
    fn new(w: &'w World, eps: Vec<Endpoint>, protocol: Protocol, port: u16) -> Result<Grid<'w>, AwsError> {
        let infos = infos(w, &eps)?;
        let (class, classes) = classify(w, &eps, &infos);
        let mut reps = vec![usize::MAX; classes];
        for (i, c) in class.iter().enumerate() {
            if reps[*c] == usize::MAX {
                reps[*c] = i;
            }
        }
        // Destinations given as addresses resolve along each source's routes: per pair.
        let dests = reps
            .iter()
            .map(|&r| match eps[r] {
                Endpoint::Internet(_) => Ok(None),
                ep => endpoint::dest(w, ep, &infos[r]).map(Some),
            })
            .collect::<Result<_, _>>()?;
        let memo = vec![None; classes * classes];
        Ok(Grid { w, protocol, port, eps, infos, class, classes, reps, dests, memo })
    }

    /// The verdict from class `a` to class `b`.
    fn verdict(&mut self, a: usize, b: usize) -> Result<bool, AwsError> {
        if let Some(v) = self.memo[a * self.classes + b] {
            return Ok(v);
        }
        let (s, d) = (self.reps[a], self.reps[b]);
        let origin = self.infos[s];
        let dest = match self.dests[b] {
            Some(t) => t,
            None => endpoint::dest(self.w, self.eps[d], &origin)?,
        };
        let flow = Flow {
            source: self.eps[s],
            destination: self.eps[d],
            protocol: self.protocol,
            port: self.port,
            source_port: None,
        };
        let v = forward::run_resolved(self.w, &flow, origin, dest, forward::Fast).reachable;
        self.memo[a * self.classes + b] = Some(v);
        Ok(v)
    }
}

/// The distinct endpoints of both lists, and each list as positions in them.
fn index(sources: &[Endpoint], destinations: &[Endpoint]) -> (Vec<Endpoint>, Vec<usize>, Vec<usize>) {
    let mut at: std::collections::HashMap<Endpoint, usize> = std::collections::HashMap::new();
    let mut union = Vec::new();
    let mut place = |e: &Endpoint| {
        *at.entry(*e).or_insert_with(|| {
            union.push(*e);
            union.len() - 1
        })
    };
    let s: Vec<usize> = sources.iter().map(&mut place).collect();
    let d: Vec<usize> = destinations.iter().map(&mut place).collect();
    (union, s, d)
}

/// `result[i][j]` = whether `sources[i]` reaches `destinations[j]` on `protocol`/`port`
/// (the verdict of [`super::reachable`]), evaluated once per pair of endpoint classes.
pub fn matrix(
    world: &World,
    sources: &[Endpoint],
    destinations: &[Endpoint],
    protocol: Protocol,
    port: u16,
) -> Result<Vec<Vec<bool>>, AwsError> {
    let (union, s, d) = index(sources, destinations);
    let mut g = Grid::new(world, union, protocol, port)?;
    let mut out = Vec::with_capacity(s.len());
    for &i in &s {
        let mut row = Vec::with_capacity(d.len());
        for &j in &d {
            let (a, b) = (g.class[i], g.class[j]);
            row.push(g.verdict(a, b)?);
        }
        out.push(row);
    }
    Ok(out)
}

/// All pairs of `sources` × `destinations` counted per class pair: no per-pair table.
pub fn summary(
    world: &World,
    sources: &[Endpoint],
    destinations: &[Endpoint],
    protocol: Protocol,
    port: u16,
) -> Result<Summary, AwsError> {
    let (union, s, d) = index(sources, destinations);
    let mut g = Grid::new(world, union, protocol, port)?;
    let mut src_count = vec![0u64; g.classes];
    let mut dst_count = vec![0u64; g.classes];
    for &i in &s {
        src_count[g.class[i]] += 1;
    }
    for &j in &d {
        dst_count[g.class[j]] += 1;
    }
    let mut classes = vec![Class { members: Vec::new() }; g.classes];
    for (i, c) in g.class.iter().enumerate() {
        classes[*c].members.push(i);
    }
    let mut pairs = Vec::new();
    let mut reachable_count = 0;
    for (a, &sources) in src_count.iter().enumerate().filter(|(_, n)| **n > 0) {
        for (b, &dests) in dst_count.iter().enumerate().filter(|(_, n)| **n > 0) {
            let reachable = g.verdict(a, b)?;
            let count = sources * dests;
            if reachable {
                reachable_count += count;
            }
            pairs.push(ClassPair { from: a, to: b, reachable, count });
        }
    }
    let total = s.len() as u64 * d.len() as u64;
    Ok(Summary { endpoints: g.eps, classes, pairs, reachable_count, total })
}
