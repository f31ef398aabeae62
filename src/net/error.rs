//! Errors of the address and port operations that can fail.

use super::Cidr;

/// The most blocks that [`Cidr::split`] and [`Cidr::equal_split`] will produce,
/// so that a script cannot make the sandbox allocate millions of blocks.
pub const MAX_BLOCKS: u64 = 65_536;

/// Why an address or port operation failed; every message names the bad value.
///
/// ```
/// use vpclab::net::Cidr;
/// let err = Cidr::parse("10.0.0.0/24").unwrap().split(16).unwrap_err();
/// assert_eq!(
///     err.to_string(),
///     "cannot split 10.0.0.0/24 into /16 blocks: the new prefix must be between 24 and 32"
/// );
/// ```
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum NetError {
    /// [`Cidr::split`] was asked for a prefix shorter than the block's or longer than 32.
    #[error(
        "cannot split {cidr} into /{new_prefix} blocks: the new prefix must be between {} and 32",
        cidr.prefix()
    )]
    SplitPrefix {
        /// The block being split.
        cidr: Cidr,
        /// The requested prefix length.
        new_prefix: u8,
    },
    /// [`Cidr::split`] would produce more than [`MAX_BLOCKS`] blocks.
    #[error(
        "cannot split {cidr} into /{new_prefix} blocks: that would make {blocks} blocks, \
         more than the limit of {MAX_BLOCKS}"
    )]
    TooManyBlocks {
        /// The block being split.
        cidr: Cidr,
        /// The requested prefix length.
        new_prefix: u8,
        /// How many blocks the split would have produced.
        blocks: u64,
    },
    /// [`Cidr::equal_split`] was asked for 0 blocks or more than [`MAX_BLOCKS`].
    #[error("cannot split {cidr} into {count} equal blocks: the count must be between 1 and {MAX_BLOCKS}")]
    SplitCount {
        /// The block being split.
        cidr: Cidr,
        /// The requested number of blocks.
        count: u32,
    },
    /// [`Cidr::equal_split`] would need blocks smaller than one address.
    #[error(
        "cannot split {cidr} into {count} equal blocks: they would need a /{new_prefix} prefix, \
         longer than /32"
    )]
    BlockTooSmall {
        /// The block being split.
        cidr: Cidr,
        /// The requested number of blocks.
        count: u32,
        /// The prefix length the blocks would need.
        new_prefix: u32,
    },
    /// A text is not a port (`443`) or port range (`1024-65535`).
    #[error("'{text}' is not a valid port range: {reason}")]
    PortRange {
        /// The text that failed to parse.
        text: String,
        /// What is wrong with it.
        reason: &'static str,
    },
}
