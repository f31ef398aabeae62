//! AWS-style errors: a code from AWS's error reference and a message naming the bad value.

use std::fmt;

/// An error as AWS would return it: `code` is AWS's (`InvalidSubnet.Range`),
/// `message` says what was wrong and names the offending value.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AwsError {
    /// AWS's error code, e.g. `InvalidVpc.Range`.
    pub code: String,
    /// A message naming the bad value.
    pub message: String,
}

impl AwsError {
    /// An error with this code and message.
    pub fn new(code: impl Into<String>, message: impl Into<String>) -> AwsError {
        AwsError {
            code: code.into(),
            message: message.into(),
        }
    }
}

impl fmt::Display for AwsError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.code, self.message)
    }
}

impl std::error::Error for AwsError {}

/// Result of a model operation.
pub type Result<T> = std::result::Result<T, AwsError>;

/// Builds an [`AwsError`] with a formatted message: `err!("Code", "fmt {}", x)`.
#[macro_export]
macro_rules! aws_err {
    ($code:expr, $($arg:tt)*) => {
        $crate::model::AwsError::new($code, format!($($arg)*))
    };
}
