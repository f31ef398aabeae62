//! Explains an instance type name: `c5n.xlarge` = family `c`, generation 5, capability
//! `n` (network optimized), size `xlarge` (AWS_FACTS.md §8, "Instance type naming").

/// A decoded instance type name.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DecodedName {
    /// The family letters (`c`, `inf`, `trn` …).
    pub family: String,
    /// What the family letters stand for.
    pub family_meaning: &'static str,
    /// The generation number.
    pub generation: u32,
    /// Capability letters after the generation, each with its meaning.
    pub attributes: Vec<(char, &'static str)>,
    /// The size (`nano` … `metal`).
    pub size: String,
}

/// Family letters and their meanings, longest first so `inf` wins over `i`.
const FAMILIES: &[(&str, &str)] = &[
    ("hpc", "high performance computing"),
    ("inf", "Inferentia (machine-learning inference)"),
    ("trn", "Trainium (machine-learning training)"),
    ("vt", "video transcoding"),
    ("c", "compute optimized"),
    ("d", "dense storage"),
    ("f", "FPGA"),
    ("g", "graphics (GPU)"),
    ("i", "I/O (storage optimized)"),
    ("m", "general purpose (most scenarios)"),
    ("p", "GPU (parallel processing)"),
    ("r", "memory optimized (random access memory)"),
    ("t", "burstable (turbo)"),
    ("u", "ultra-high memory"),
    ("x", "extra-large memory"),
    ("z", "high frequency"),
];

/// Capability letters after the generation.
const ATTRIBUTES: &[(char, &str)] = &[
    ('a', "AMD processors"),
    ('g', "AWS Graviton processors (Arm)"),
    ('i', "Intel processors"),
    ('d', "local NVMe instance store"),
    ('n', "network optimized"),
    ('b', "block storage optimized"),
    ('e', "extra storage or memory"),
    ('z', "high frequency"),
];

/// Decodes `name`, or `None` when it is not shaped like an instance type.
pub fn decode(name: &str) -> Option<DecodedName> {
    let (family_part, size) = name.split_once('.')?;
    let digits_at = family_part.find(|c: char| c.is_ascii_digit())?;
    let (letters, rest) = family_part.split_at(digits_at);
    let (family, family_meaning) = FAMILIES.iter().find(|(f, _)| *f == letters)?;
    let gen_len = rest.find(|c: char| !c.is_ascii_digit()).unwrap_or(rest.len());
    let generation = rest[..gen_len].parse().ok()?;
    let attributes = rest[gen_len..]
        .chars()
        .map(|c| ATTRIBUTES.iter().find(|(l, _)| *l == c).copied())
        .collect::<Option<Vec<_>>>()?;
    if size.is_empty() {
        return None;
    }
    Some(DecodedName { family: family.to_string(), family_meaning, generation, attributes, size: size.to_string() })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decodes_the_aws_example_and_multi_letter_families() {
        let d = decode("c5n.xlarge").unwrap();
        assert_eq!((d.family.as_str(), d.generation, d.size.as_str()), ("c", 5, "xlarge"));
        assert_eq!(d.attributes, [('n', "network optimized")]);
        let d = decode("x2idn.16xlarge").unwrap();
        assert_eq!(d.attributes.iter().map(|a| a.0).collect::<String>(), "idn");
        assert_eq!(decode("inf1.xlarge").unwrap().family, "inf");
        assert_eq!(decode("t4g.micro").unwrap().attributes[0].0, 'g');
        assert_eq!(decode("d3.xlarge").unwrap().family_meaning, "dense storage");
        for bad in ["m5", "m5.", "q5.large", "m.large", "m5q.large"] {
            assert_eq!(decode(bad), None, "{bad}");
        }
    }
}
