//! Reading Lua source from disk or stdin, bounded: regular files only, at most
//! [`MAX_SOURCE_BYTES`], read before any limit or watchdog could start.

use std::fs::File;
use std::io::Read;
use std::path::Path;

/// The largest script or module accepted (16 MiB).
pub const MAX_SOURCE_BYTES: u64 = 16 << 20;

/// Why a source could not be read.
#[derive(Debug, thiserror::Error)]
pub enum SourceError {
    /// Opening or reading failed.
    #[error("{0}")]
    Io(#[from] std::io::Error),
    /// A directory, device, FIFO or socket.
    #[error("not a regular file (scripts and modules must be files; use '-' to read stdin)")]
    NotAFile,
    /// Longer than [`MAX_SOURCE_BYTES`].
    #[error("larger than the source-size limit of {MAX_SOURCE_BYTES} bytes")]
    TooLarge,
}

/// Reads the regular file at `path` (following symlinks), refusing anything else.
pub fn read_file(path: &Path) -> Result<Vec<u8>, SourceError> {
    let file = File::open(path)?;
    if !file.metadata()?.is_file() {
        return Err(SourceError::NotAFile);
    }
    read_bounded(file)
}

/// Reads everything from `input`, refusing more than [`MAX_SOURCE_BYTES`].
pub fn read_bounded(input: impl Read) -> Result<Vec<u8>, SourceError> {
    let mut buf = Vec::new();
    input.take(MAX_SOURCE_BYTES + 1).read_to_end(&mut buf)?;
    if buf.len() as u64 > MAX_SOURCE_BYTES {
        return Err(SourceError::TooLarge);
    }
    Ok(buf)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bounded_reads() {
        assert_eq!(read_bounded(&b"print(1)"[..]).unwrap(), b"print(1)");
        let endless = std::io::repeat(b'x');
        assert!(matches!(read_bounded(endless), Err(SourceError::TooLarge)));
        assert!(matches!(read_file(Path::new("/")), Err(SourceError::NotAFile)));
        assert!(matches!(read_file(Path::new("/dev/zero")), Err(SourceError::NotAFile)));
    }
}
