//! VPC peering connections: request, accept, reject, delete.

use super::*;
use crate::aws_err;

/// A peering connection status.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[allow(missing_docs)]
pub enum PeeringStatus {
    PendingAcceptance,
    Active,
    Rejected,
    Deleted,
    Failed,
}

impl PeeringStatus {
    /// AWS's name.
    pub fn as_str(self) -> &'static str {
        match self {
            PeeringStatus::PendingAcceptance => "pending-acceptance",
            PeeringStatus::Active => "active",
            PeeringStatus::Rejected => "rejected",
            PeeringStatus::Deleted => "deleted",
            PeeringStatus::Failed => "failed",
        }
    }

    /// Pending or active.
    pub fn is_live(self) -> bool {
        matches!(self, PeeringStatus::PendingAcceptance | PeeringStatus::Active)
    }
}

/// A VPC peering connection.
#[derive(Debug, Clone)]
pub struct PeeringConnection {
    /// `pcx-…`.
    pub id: String,
    /// The requester VPC.
    pub requester: VpcKey,
    /// The accepter VPC.
    pub accepter: VpcKey,
    /// Status.
    pub status: PeeringStatus,
    /// Why it is in that status.
    pub status_message: String,
    /// Tags.
    pub tags: Tags,
}

impl World {
    /// `CreateVpcPeeringConnection`: overlapping blocks make it `failed`.
    pub fn request_peering(&mut self, vpc: VpcKey, peer: VpcKey, tags: Tags) -> Result<PcxKey> {
        super::tags::check(&tags)?;
        let a = self.vpc(vpc)?;
        let b = self.vpc(peer)?;
        if vpc == peer {
            return Err(aws_err!("InvalidParameterValue", "A VPC cannot be peered with itself ({})", self.label_id(&a.id)));
        }
        if let Some((_, p)) = self.stores.pcxs.iter().find(|(_, p)| {
            p.status.is_live()
                && ((p.requester == vpc && p.accepter == peer) || (p.requester == peer && p.accepter == vpc))
        }) {
            return Err(aws_err!(
                "VpcPeeringConnectionAlreadyExists",
                "A peering connection between {} and {} already exists: {}",
                self.label_id(&a.id),
                self.label_id(&b.id),
                self.label_id(&p.id)
            ));
        }
        let overlap = a.cidrs.iter().find_map(|x| b.cidrs.iter().find(|y| x.overlaps(y)).map(|y| (*x, *y)));
        let (status, message) = match overlap {
            Some((x, y)) => (PeeringStatus::Failed, format!("Overlapping CIDRs: {x} of {} and {y} of {}", a.id, b.id)),
            None => (PeeringStatus::PendingAcceptance, "Pending Acceptance".to_string()),
        };
        let id = self.new_id(Kind::VpcPeeringConnection);
        let key = self.stores.pcxs.insert(PeeringConnection {
            id: id.clone(),
            requester: vpc,
            accepter: peer,
            status,
            status_message: message,
            tags,
        });
        self.register(&id, ResKey::Pcx(key));
        Ok(key)
    }

    fn transition(&mut self, pcx: PcxKey, from: &[PeeringStatus], to: PeeringStatus, message: &str) -> Result<()> {
        let p = self.pcx(pcx)?;
        if !from.contains(&p.status) {
            return Err(aws_err!(
                "InvalidStateTransition",
                "VpcPeeringConnectionID {} is not in the correct state for the request: it is {}",
                self.label_id(&p.id),
                p.status.as_str()
            ));
        }
        let p = self.get_mut(pcx)?;
        p.status = to;
        p.status_message = message.to_string();
        Ok(())
    }

    /// `AcceptVpcPeeringConnection`.
    pub fn accept_peering(&mut self, pcx: PcxKey) -> Result<()> {
        self.transition(pcx, &[PeeringStatus::PendingAcceptance], PeeringStatus::Active, "Active")
    }

    /// `RejectVpcPeeringConnection`.
    pub fn reject_peering(&mut self, pcx: PcxKey) -> Result<()> {
        self.transition(pcx, &[PeeringStatus::PendingAcceptance], PeeringStatus::Rejected, "Rejected")
    }

    /// `DeleteVpcPeeringConnection`: routes through it turn `blackhole`.
    pub fn delete_peering(&mut self, pcx: PcxKey) -> Result<()> {
        self.transition(
            pcx,
            &[PeeringStatus::PendingAcceptance, PeeringStatus::Active],
            PeeringStatus::Deleted,
            "Deleted",
        )
    }

    /// The active peering joining two VPCs, if any.
    pub fn active_peering(&self, a: VpcKey, b: VpcKey) -> Option<PcxKey> {
        self.stores.pcxs
            .iter()
            .find(|(_, p)| {
                p.status == PeeringStatus::Active
                    && ((p.requester == a && p.accepter == b) || (p.requester == b && p.accepter == a))
            })
            .map(|(k, _)| k)
    }
}
