//! Many flows at once: every source against every destination on one protocol and port,
//! evaluated once per pair of endpoint classes (`classes.rs`).

use super::classes::{classify, infos};
use super::endpoint::{self, Dest, EndInfo, Endpoint, Home};
use super::{Flow, engine};
use crate::model::{AwsError, Protocol, RouteState, RtbKey, SubnetKey, Target, VpcKey, World};
use crate::net::is_rfc1918;

/// Endpoints that behave alike, as indices into the union of sources and destinations.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Class {
    /// The members' positions in [`Summary::endpoints`].
    pub members: Vec<usize>,
}

/// A pair of classes whose every source reaches every destination.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ClassPair {
    /// The source class (index into [`Summary::classes`]).
    pub from: u32,
    /// The destination class.
    pub to: u32,
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
    /// The reachable pairs of a source class and a destination class, in class order; every
    /// other pair is not reachable (listing only these keeps the summary small).
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
    /// Per source class: where it leaves from, as an index into `exits`.
    exit_of: Vec<Option<usize>>,
    /// The distinct (route table, VPC, subnet) sources leave from.
    exits: Vec<(RtbKey, VpcKey)>,
    /// Per class: the subnet of its interface (traffic inside a subnet is not routed).
    subnet_of: Vec<Option<SubnetKey>>,
    /// Per destination class: the subnet of the interface its address is delivered to.
    dest_subnet: Vec<Option<SubnetKey>>,
    /// `dead[exit * classes + b]`: the first route towards class `b` from that exit goes nowhere.
    dead: Vec<Option<bool>>,
}

/// Whether the first route from a table towards an interface's address surely fails (no
/// route, a blackhole, a local route of another VPC, an internet gateway for a private
/// address): the walk stops there, whatever came before.
fn dead_end(w: &World, rtb: RtbKey, vpc: VpcKey, d: &Dest) -> bool {
    let Some(de) = d.eni.and_then(|e| w.enis().get(e)) else { return false };
    if de.private_ip != d.addr {
        return false;
    }
    match w.lookup_route(rtb, d.addr) {
        None => true,
        Some(r) if w.route_state(rtb, &r) == RouteState::Blackhole => true,
        Some(r) => match r.target {
            Target::Local => de.vpc != vpc,
            Target::Igw(_) => is_rfc1918(d.addr),
            _ => false,
        },
    }
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
        let dests: Vec<Option<Dest>> = reps
            .iter()
            .map(|&r| match eps[r] {
                Endpoint::Internet(_) => Ok(None),
                ep => endpoint::dest(w, ep, &infos[r]).map(Some),
            })
            .collect::<Result<_, _>>()?;
        let memo = vec![None; classes * classes];
        let mut exits: Vec<(RtbKey, VpcKey)> = Vec::new();
        let mut exit_of = Vec::with_capacity(classes);
        let mut subnet_of = Vec::with_capacity(classes);
        for &r in &reps {
            let info = &infos[r];
            let e = info.eni.filter(|_| info.home == Home::Vpc).and_then(|k| w.enis().get(k));
            let exit = e.and_then(|e| w.effective_route_table(e.subnet).ok().map(|t| (t, e.vpc)));
            exit_of.push(exit.map(|x| match exits.iter().position(|y| *y == x) {
                Some(i) => i,
                None => {
                    exits.push(x);
                    exits.len() - 1
                }
            }));
            subnet_of.push(e.map(|e| e.subnet));
        }
        let dead = vec![None; exits.len() * classes];
        let dest_subnet = dests
            .iter()
            .map(|d| d.as_ref().and_then(|d| d.eni).and_then(|e| w.enis().get(e)).map(|e| e.subnet))
            .collect();
        Ok(Grid {
            w,
            protocol,
            port,
            eps,
            infos,
            class,
            classes,
            reps,
            dests,
            memo,
            exit_of,
            exits,
            subnet_of,
            dest_subnet,
            dead,
        })
    }

    /// Whether the walk from class `a` to class `b` surely stops at the first route.
    fn dead(&mut self, a: usize, b: usize) -> bool {
        let Some(x) = self.exit_of[a] else { return false };
        if self.dest_subnet[b].is_none() || self.dest_subnet[b] == self.subnet_of[a] {
            return false;
        }
        let slot = x * self.classes + b;
        if let Some(v) = self.dead[slot] {
            return v;
        }
        let (rtb, vpc) = self.exits[x];
        let v = self.dests[b].as_ref().is_some_and(|d| dead_end(self.w, rtb, vpc, d));
        self.dead[slot] = Some(v);
        v
    }

    /// The verdict from class `a` to class `b`.
    fn verdict(&mut self, a: usize, b: usize) -> Result<bool, AwsError> {
        if let Some(v) = self.memo[a * self.classes + b] {
            return Ok(v);
        }
        if self.dead(a, b) {
            self.memo[a * self.classes + b] = Some(false);
            return Ok(false);
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
        let v = engine::run_resolved(self.w, &flow, origin, dest, engine::Fast).reachable;
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
            if g.verdict(a, b)? {
                let count = sources * dests;
                reachable_count += count;
                pairs.push(ClassPair { from: a as u32, to: b as u32, count });
            }
        }
    }
    let total = s.len() as u64 * d.len() as u64;
    Ok(Summary { endpoints: g.eps, classes, pairs, reachable_count, total })
}
