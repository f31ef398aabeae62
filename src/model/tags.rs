//! AWS's tag restrictions, checked wherever tags are set: at most 50 user tags per
//! resource, keys of 1–128 characters not starting with `aws:`, values of 0–256 characters.

use super::error::Result;
use super::world::Tags;
use crate::aws_err;

/// User tags one resource may carry.
pub const MAX_TAGS: usize = 50;
/// Longest tag key, in characters.
pub const MAX_KEY_CHARS: usize = 128;
/// Longest tag value, in characters.
pub const MAX_VALUE_CHARS: usize = 256;
/// Characters of a bad key or value quoted in an error message.
const QUOTE_CHARS: usize = 40;

/// Checks a resource's tags on creation.
pub fn check(tags: &Tags) -> Result<()> {
    check_merge(&Tags::new(), tags)
}

/// Checks adding `new` to a resource that has `existing` (`CreateTags` overwrites keys
/// it repeats, so only new keys count towards the limit).
pub fn check_merge(existing: &Tags, new: &Tags) -> Result<()> {
    for (k, v) in new {
        if k.is_empty() || k.len() > MAX_KEY_CHARS && k.chars().nth(MAX_KEY_CHARS).is_some() {
            return Err(aws_err!(
                "InvalidParameterValue",
                "Tag key '{}' is invalid: keys are 1-{MAX_KEY_CHARS} characters (this one has {})",
                quote(k),
                length(k)
            ));
        }
        if k.get(..4).is_some_and(|p| p.eq_ignore_ascii_case("aws:")) {
            return Err(aws_err!(
                "InvalidParameterValue",
                "Tag key '{}' is invalid: the 'aws:' prefix is reserved for AWS use",
                quote(k)
            ));
        }
        if v.len() > MAX_VALUE_CHARS && v.chars().nth(MAX_VALUE_CHARS).is_some() {
            return Err(aws_err!(
                "InvalidParameterValue",
                "Tag value '{}' of key '{}' is invalid: values are at most {MAX_VALUE_CHARS} characters (this one has {})",
                quote(v),
                quote(k),
                length(v)
            ));
        }
    }
    let total = existing.len() + new.keys().filter(|k| !existing.contains_key(*k)).count();
    if total > MAX_TAGS {
        return Err(aws_err!(
            "TagLimitExceeded",
            "The maximum number of tags for a resource has been reached: {total} tags, the limit is {MAX_TAGS} per resource"
        ));
    }
    Ok(())
}

/// `N characters`, or `N bytes` for text too long to be worth counting.
fn length(s: &str) -> String {
    if s.len() > 4 * MAX_VALUE_CHARS {
        format!("{} bytes", s.len())
    } else {
        format!("{} characters", s.chars().count())
    }
}

fn quote(s: &str) -> String {
    match s.char_indices().nth(QUOTE_CHARS) {
        Some((i, _)) => format!("{}…", &s[..i]),
        None => s.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tags(pairs: &[(&str, &str)]) -> Tags {
        pairs.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect()
    }

    #[test]
    fn limits_of_aws() {
        assert!(check(&tags(&[("Name", "web"), ("env", "")])).is_ok());
        let code = |t: &Tags| check(t).unwrap_err().code;
        assert_eq!(code(&tags(&[("", "x")])), "InvalidParameterValue");
        assert_eq!(code(&tags(&[("AWS:x", "x")])), "InvalidParameterValue");
        let k129 = "k".repeat(129);
        assert_eq!(code(&tags(&[(k129.as_str(), "x")])), "InvalidParameterValue");
        let k128 = "é".repeat(128);
        assert!(check(&tags(&[(k128.as_str(), "x")])).is_ok());
        let v257 = "v".repeat(257);
        let err = check(&tags(&[("k", v257.as_str())])).unwrap_err();
        assert_eq!(err.code, "InvalidParameterValue");
        assert!(err.message.len() < 200, "{}", err.message);
        let many: Tags = (0..51).map(|i| (format!("k{i}"), String::new())).collect();
        assert_eq!(code(&many), "TagLimitExceeded");
        let fifty: Tags = (0..50).map(|i| (format!("k{i}"), String::new())).collect();
        assert!(check(&fifty).is_ok());
        assert!(check_merge(&fifty, &tags(&[("k1", "again")])).is_ok());
        assert_eq!(check_merge(&fifty, &tags(&[("new", "")])).unwrap_err().code, "TagLimitExceeded");
    }
}
