//! Published figures: a count too small to publish is shown only as fewer than the threshold.

use serde::{Deserialize, Serialize};

/// A count below this is not published: a small dong's "1 referral for an older person alone"
/// can point at one household.
pub const PUBLISH_AT_LEAST: u64 = 5;

/// A count as the public and the expert see it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", content = "value", rename_all = "snake_case")]
pub enum Figure {
    Count(u64),
    /// Fewer than [`PUBLISH_AT_LEAST`] (zero included: "none" would tell as much).
    FewerThan(u64),
}

impl Figure {
    pub fn of(n: u64) -> Figure {
        if n >= PUBLISH_AT_LEAST { Figure::Count(n) } else { Figure::FewerThan(PUBLISH_AT_LEAST) }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn small_counts_are_not_published() {
        assert_eq!(Figure::of(0), Figure::FewerThan(5));
        assert_eq!(Figure::of(4), Figure::FewerThan(5));
        assert_eq!(Figure::of(5), Figure::Count(5));
    }
}
