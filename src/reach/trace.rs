//! The report of one trace: hops, explanations, ephemeral coverage, and a readable `Display`.

use super::Fix;
use crate::model::Protocol;
use crate::net::PortRange;
use std::fmt;
use std::net::Ipv4Addr;

/// A packet's headers as they leave a hop.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Packet {
    /// Source address.
    pub src: Ipv4Addr,
    /// Destination address.
    pub dst: Ipv4Addr,
    /// Source port (the first port of the range being evaluated when it is a range).
    pub src_port: u16,
    /// Destination port.
    pub dst_port: u16,
    /// Protocol.
    pub protocol: Protocol,
}

impl fmt::Display for Packet {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.protocol {
            Protocol::Tcp | Protocol::Udp => {
                write!(f, "{}:{} -> {}:{} {}", self.src, self.src_port, self.dst, self.dst_port, self.protocol)
            }
            Protocol::Icmp => write!(f, "{} -> {} {}", self.src, self.dst, icmp_text(self.dst_port)),
            p => write!(f, "{} -> {} {p}", self.src, self.dst),
        }
    }
}

/// `icmp type 8 code 0` for a packed ICMP type and code ([`crate::model::IcmpMatch::packet`]).
pub(crate) fn icmp_text(packed: u16) -> String {
    format!("icmp type {} code {}", packed >> 8, packed & 0xff)
}

/// What a hop did with the packet.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum HopAction {
    /// A filter (security group, network ACL) or the destination accepted it.
    Allow,
    /// A filter dropped it (or, on the return path, part of the ephemeral range).
    Deny,
    /// A router, gateway or endpoint passed it on.
    Forward,
}

impl HopAction {
    /// `allow`, `deny` or `forward`.
    pub fn as_str(self) -> &'static str {
        match self {
            HopAction::Allow => "allow",
            HopAction::Deny => "deny",
            HopAction::Forward => "forward",
        }
    }
}

impl fmt::Display for HopAction {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Which way a filter looked at the packet.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Direction {
    /// Inbound.
    Ingress,
    /// Outbound.
    Egress,
}

impl Direction {
    /// `ingress` or `egress`.
    pub fn as_str(self) -> &'static str {
        match self {
            Direction::Ingress => "ingress",
            Direction::Egress => "egress",
        }
    }

    /// The direction of a rule list (`egress = true` → `Egress`).
    pub fn of(egress: bool) -> Direction {
        if egress { Direction::Egress } else { Direction::Ingress }
    }
}

impl fmt::Display for Direction {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// One component on the path.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Hop {
    /// The component's id (`sg-…`, `rtb-…`, `internet`).
    pub component: String,
    /// The component as the reader sees it: `id "name"` (a group's group name), or the id.
    pub label: String,
    /// Its kind (`instance`, `security-group`, `network-acl`, `route-table`, …).
    pub kind: &'static str,
    /// What it did.
    pub action: HopAction,
    /// The rule or route that decided, e.g. `100 allow tcp 443 0.0.0.0/0`.
    pub rule: Option<String>,
    /// The packet as it leaves this hop.
    pub packet: Packet,
    /// A short plain-language note.
    pub detail: String,
    /// Why this hop chose as it did, when that is not plain from the rule (an address both in
    /// the VPC and in a connected on-premises site); shown under the hop in every report.
    pub note: Option<String>,
}

/// Why a path is blocked, with one of VPC Reachability Analyzer's explanation codes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Explanation {
    /// The code (`SUBNET_ACL_RESTRICTION`, …).
    pub code: &'static str,
    /// The blocking component's id.
    pub component: String,
    /// The component as the reader sees it: `id "name"` (a group's group name), or the id.
    pub label: String,
    /// Its kind.
    pub kind: &'static str,
    /// For filters: which direction blocked.
    pub direction: Option<Direction>,
    /// The rule that decided, when one did.
    pub rule: Option<String>,
    /// What blocks and what to change, naming ids, ports and addresses.
    pub message: String,
    /// The changes that remove this blocker (their text ends the message).
    pub fixes: Vec<Fix>,
}

/// The client's ephemeral port range and the parts of it the return path allows.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Ephemeral {
    /// The client's source ports (a single port when the flow names one).
    pub range: PortRange,
    /// The sub-ranges the return path lets through: empty when the forward path is blocked
    /// or the return cannot be routed, the whole range exactly when the trace is reachable.
    pub allowed: Vec<PortRange>,
    /// What the return hops let through whatever the forward path did; `None` when the
    /// return path was not walked to the end (the forward path stops, or the response cannot
    /// be routed back).
    pub return_allows: Option<Vec<PortRange>>,
}

/// The result of a trace.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Trace {
    /// Whether a connection works: forward path, return path and the whole ephemeral range.
    pub reachable: bool,
    /// Hops from source to destination.
    pub forward: Vec<Hop>,
    /// Hops of the response, destination back to source.
    pub return_path: Vec<Hop>,
    /// Every blocker found: forward path first, then return path, each in path order.
    pub explanations: Vec<Explanation>,
    /// Ephemeral-port coverage of the return path (for ICMP: the reply's type and code,
    /// packed as type × 256 + code).
    pub ephemeral: Ephemeral,
    /// The flow's protocol.
    pub protocol: Protocol,
    /// An ICMP message that gets no reply (no return path).
    pub one_way: bool,
    /// Where a routing loop was cut: the label of the component the forward path (`[0]`) or
    /// the return path (`[1]`) came back to; each path then ends before its first repetition.
    pub loops_to: [Option<String>; 2],
}

impl Trace {
    /// The first explanation, if the path is blocked.
    pub fn explanation(&self) -> Option<&Explanation> {
        self.explanations.first()
    }
}

/// The width every line of the compact report fits.
pub const WIDTH: usize = 100;

/// The detailed hop line: packet headers and the plain-language note.
fn write_hop_details(f: &mut fmt::Formatter<'_>, n: usize, h: &Hop) -> fmt::Result {
    write!(f, "  {n:>2}. {:<22} {:<24} {:<7} {}", h.kind, h.label, h.action.as_str(), h.packet)?;
    if let Some(r) = &h.rule {
        write!(f, "  [{r}]")?;
    }
    if !h.detail.is_empty() {
        write!(f, "  {}", h.detail)?;
    }
    writeln!(f)
}

/// The compact hop line: number, verdict, kind, component and the deciding rule (on a line
/// of its own when the first would pass [`WIDTH`]).
fn write_hop(f: &mut fmt::Formatter<'_>, n: usize, h: &Hop) -> fmt::Result {
    let head = format!("  {n:>2}. {:<7} {:<16} {}", h.action.as_str(), h.kind, h.label);
    match &h.rule {
        Some(r) if head.chars().count() + r.chars().count() + 3 <= WIDTH => writeln!(f, "{head}  [{r}]"),
        Some(r) => {
            writeln!(f, "{head}")?;
            f.write_str(&wrap(&format!("[{r}]"), "        ", "        "))
        }
        None => writeln!(f, "{head}"),
    }
}

/// `text` wrapped at word boundaries to [`WIDTH`] columns, the first line after `first`,
/// the others after `rest`; every line ends with a newline.
pub(crate) fn wrap(text: &str, first: &str, rest: &str) -> String {
    let mut out = String::new();
    let mut line = first.to_string();
    let mut empty = first.trim().is_empty();
    for word in text.split_whitespace() {
        if !empty && line.chars().count() + 1 + word.chars().count() > WIDTH {
            out.push_str(&line);
            out.push('\n');
            line = rest.to_string();
            empty = rest.trim().is_empty();
        }
        if !empty {
            line.push(' ');
        }
        line.push_str(word);
        empty = false;
    }
    out.push_str(&line);
    out.push('\n');
    out
}

/// Whether a hop is where a blocker stands (a filter denied, or an explanation names a
/// component that passed the packet on).
fn blocks(h: &Hop, explanations: &[Explanation]) -> bool {
    match h.action {
        HopAction::Deny => true,
        HopAction::Allow => false,
        HopAction::Forward => explanations.iter().any(|e| e.component == h.component && e.kind == h.kind),
    }
}

fn ranges_text(r: &[PortRange]) -> String {
    if r.is_empty() {
        return "none".to_string();
    }
    r.iter().map(|r| r.to_string()).collect::<Vec<_>>().join(", ")
}

/// The parts of `range` outside `allowed` (sorted, disjoint).
fn gaps(range: PortRange, allowed: &[PortRange]) -> Vec<PortRange> {
    let mut out = Vec::new();
    let mut next = u32::from(range.from);
    for a in allowed {
        if u32::from(a.from) > next {
            out.push(PortRange { from: next as u16, to: a.from - 1 });
        }
        next = next.max(u32::from(a.to) + 1);
    }
    if next <= u32::from(range.to) {
        out.push(PortRange { from: next as u16, to: range.to });
    }
    out
}

impl Trace {
    /// The verdict line: what the return path was found to allow, only where it was evaluated.
    fn verdict_text(&self) -> String {
        let e = &self.ephemeral;
        let icmp = self.protocol == Protocol::Icmp;
        let reply = if icmp { super::explain::range_text(self.protocol, e.range) } else { String::new() };
        if self.one_way {
            let how = if self.reachable { "REACHABLE" } else { "NOT REACHABLE" };
            return format!("{how} (an ICMP message that gets no reply: no return path)");
        }
        if self.reachable {
            return if icmp {
                format!("REACHABLE (the reply, {reply}, gets back)")
            } else {
                format!("REACHABLE (response ports {} all allowed)", e.range)
            };
        }
        let Some(back) = &e.return_allows else {
            return "NOT REACHABLE (the return path was not evaluated: the forward path stops, or the response cannot be routed back)".to_string();
        };
        let whole = back.as_slice() == [e.range];
        if whole {
            return if icmp {
                format!("NOT REACHABLE (forward path blocked; the return path would let the reply, {reply}, back)")
            } else {
                format!("NOT REACHABLE (forward path blocked; the return path allows response ports {})", e.range)
            };
        }
        if icmp || back.is_empty() {
            let what = if icmp { format!("the reply, {reply},") } else { format!("response ports {}", e.range) };
            return format!("NOT REACHABLE ({what} blocked on the return path)");
        }
        format!(
            "NOT REACHABLE (response ports {}: the return path allows {} and blocks {}, so connections fail intermittently, whenever the client picks a blocked port)",
            e.range,
            ranges_text(back),
            ranges_text(&gaps(e.range, back))
        )
    }
}

/// A path cut at the first hop that repeats an earlier one exactly (same component, packet,
/// rule and note: a routing loop), with the repeated hop's label.
pub(crate) fn cut_loop(mut path: Vec<Hop>) -> (Vec<Hop>, Option<String>) {
    let repeat = (0..path.len()).find(|&i| path[..i].contains(&path[i]));
    match repeat {
        Some(i) => {
            let label = path[i].label.clone();
            path.truncate(i);
            (path, Some(label))
        }
        None => (path, None),
    }
}

/// The explanations without repeats (a loop meets the same blocker again and again).
pub(crate) fn distinct(all: Vec<Explanation>) -> Vec<Explanation> {
    let mut out: Vec<Explanation> = Vec::new();
    for x in all {
        if !out.iter().any(|o| o.code == x.code && o.component == x.component && o.message == x.message) {
            out.push(x);
        }
    }
    out
}

impl Trace {
    fn write_report(&self, f: &mut fmt::Formatter<'_>, detailed: bool) -> fmt::Result {
        let mut past_blocker = false;
        let paths = [("forward path:", &self.forward), ("return path:", &self.return_path)];
        for ((title, path), looped) in paths.into_iter().zip(&self.loops_to) {
            writeln!(f, "{title}")?;
            if path.is_empty() {
                writeln!(f, "  (not evaluated: the forward path does not reach the destination)")?;
            }
            for (i, h) in path.iter().enumerate() {
                if detailed {
                    write_hop_details(f, i + 1, h)?;
                } else {
                    write_hop(f, i + 1, h)?;
                }
                if let Some(n) = &h.note {
                    f.write_str(&wrap(n, "      ", "      "))?;
                }
                if !past_blocker && !self.reachable && blocks(h, &self.explanations) {
                    past_blocker = true;
                    let more = i + 1 < path.len() || (title == "forward path:" && !self.return_path.is_empty());
                    if more {
                        writeln!(f, "      (the hops after this blocker were walked to find every blocker)")?;
                    }
                }
            }
            if let Some(l) = looped {
                f.write_str(&wrap(
                    &format!("(the path loops: it comes back to {l} here, so it stops)"),
                    "      ",
                    "      ",
                ))?;
            }
        }
        f.write_str(&wrap(&self.verdict_text(), "verdict:", "  "))?;
        if self.reachable {
            return Ok(());
        }
        for x in &self.explanations {
            let mut head = format!("{} at {} {}", x.code, x.kind, x.label);
            if let Some(d) = x.direction {
                head.push_str(&format!(" ({d})"));
            }
            if let Some(r) = &x.rule {
                head.push_str(&format!(" [{r}]"));
            }
            f.write_str(&wrap(&format!("{head}: {}", x.message), "  -", "    "))?;
        }
        Ok(())
    }

    /// The full report: every hop with its packet headers and note.
    pub fn details(&self) -> String {
        struct Details<'a>(&'a Trace);
        impl fmt::Display for Details<'_> {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                self.0.write_report(f, true)
            }
        }
        Details(self).to_string()
    }
}

/// The compact report: a line per hop (verdict, component, rule) within [`WIDTH`] columns.
impl fmt::Display for Trace {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.write_report(f, false)
    }
}
