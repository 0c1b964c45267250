//! A dong's bylaws for its assemblies: the quorum, the majority, who may vote, what is shown, and the
//! budgeting rule.

use crate::budgeting::PbRule;
use crate::{Field, InputRule, Unit, ValidationError};
use serde::{Deserialize, Serialize};

/// How many residents must take part for a decision to count.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Quorum {
    /// This many residents.
    Absolute(u32),
    /// This percentage (1–100) of the dong's verified residents at announcement, rounded up.
    Percent(u8),
}

impl Quorum {
    /// The number of participants needed, given the dong's verified residents at announcement.
    pub fn required(self, verified_residents: u32) -> u32 {
        match self {
            Quorum::Absolute(n) => n,
            Quorum::Percent(p) => (u64::from(verified_residents) * u64::from(p)).div_ceil(100) as u32,
        }
    }

    /// From a form: `kind` is `absolute` or `percent`.
    pub fn parse(kind: &str, value: &str) -> Result<Self, ValidationError> {
        let n: u32 = value.trim().parse().map_err(|_| {
            ValidationError::new(Field::Quorum, InputRule::Number { min: 1, max: 100_000, unit: Unit::Plain })
        })?;
        match kind.trim() {
            "absolute" if (1..=100_000).contains(&n) => Ok(Quorum::Absolute(n)),
            "absolute" => {
                Err(ValidationError::new(Field::Quorum, InputRule::Number { min: 1, max: 100_000, unit: Unit::People }))
            }
            "percent" if (1..=100).contains(&n) => Ok(Quorum::Percent(n as u8)),
            "percent" => {
                Err(ValidationError::new(Field::Quorum, InputRule::Number { min: 1, max: 100, unit: Unit::Percent }))
            }
            _ => Err(ValidationError::new(Field::QuorumKind, InputRule::NotChosen)),
        }
    }

    /// The stored form: (kind, value).
    pub fn stored(self) -> (QuorumKind, i32) {
        match self {
            Quorum::Absolute(n) => (QuorumKind::Absolute, i32::try_from(n).unwrap_or(i32::MAX)),
            Quorum::Percent(p) => (QuorumKind::Percent, i32::from(p)),
        }
    }

    pub fn from_stored(kind: QuorumKind, value: i32) -> Self {
        let v = u32::try_from(value).unwrap_or(0);
        match kind {
            QuorumKind::Percent => Quorum::Percent(v.clamp(1, 100) as u8),
            QuorumKind::Absolute => Quorum::Absolute(v.max(1)),
        }
    }
}

crate::term_enum! {
    /// How a quorum is stated: a number of residents, or a share of those eligible.
    pub enum QuorumKind {
        Absolute = "absolute",
        Percent = "percent",
    }
}

/// The share of valid votes a decision needs.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Majority {
    /// More than half.
    Simple,
    /// At least two thirds.
    TwoThirds,
}

impl Majority {
    pub const ALL: [Majority; 2] = [Majority::Simple, Majority::TwoThirds];

    pub fn as_str(self) -> &'static str {
        match self {
            Majority::Simple => "simple",
            Majority::TwoThirds => "two_thirds",
        }
    }

    pub fn parse(s: &str) -> Result<Self, ValidationError> {
        match s.trim() {
            "simple" => Ok(Majority::Simple),
            "two_thirds" => Ok(Majority::TwoThirds),
            _ => Err(ValidationError::new(Field::Majority, InputRule::NotChosen)),
        }
    }

    /// Whether `votes` out of `valid` valid votes are enough. Nothing passes on no valid votes.
    pub fn reached(self, votes: u64, valid: u64) -> bool {
        valid > 0
            && match self {
                Majority::Simple => 2 * votes > valid,
                Majority::TwoThirds => 3 * votes >= 2 * valid,
            }
    }
}

/// A dong's rules for its assemblies (defaults where the dong has set none).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Bylaws {
    pub quorum: Quorum,
    pub majority: Majority,
    pub abstentions_count_toward_quorum: bool,
    /// Residents younger than this (by birth year, in the assembly's year) cannot vote.
    pub minimum_age: u8,
    /// Running counts are shown before the close.
    pub running_results_visible: bool,
    pub secret_ballot: bool,
    /// How participatory budgets choose their projects.
    pub pb_rule: PbRule,
}

impl Default for Bylaws {
    fn default() -> Self {
        Bylaws {
            quorum: Quorum::Absolute(30),
            majority: Majority::Simple,
            abstentions_count_toward_quorum: true,
            minimum_age: 14,
            running_results_visible: false,
            secret_ballot: true,
            pb_rule: PbRule::Greedy,
        }
    }
}

impl Bylaws {
    pub const MIN_AGE_LIMIT: u8 = 100;

    pub fn parse_minimum_age(s: &str) -> Result<u8, ValidationError> {
        s.trim().parse::<u8>().ok().filter(|a| *a <= Self::MIN_AGE_LIMIT).ok_or_else(|| {
            ValidationError::new(Field::MinimumAge, InputRule::Number { min: 0, max: 100, unit: Unit::Years })
        })
    }

    /// Counts are shown before the close: only where the bylaws ask for it and the ballot is not
    /// secret (secret ballots stay sealed until the close, and a running count that moves with
    /// each vote would tell, beside the time of each participation, who voted how).
    pub fn shows_running_counts(&self) -> bool {
        self.running_results_visible && !self.secret_ballot
    }

    /// Old enough to vote in an assembly held in `year`: the age reached during that year counts.
    pub fn old_enough(&self, birth_year: Option<i32>, year: i32) -> bool {
        match birth_year {
            Some(b) => year - b >= i32::from(self.minimum_age),
            // no birth year on record: only where there is no minimum
            None => self.minimum_age == 0,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn running_counts_are_never_shown_for_a_secret_ballot() {
        for (running, secret, shown) in
            [(false, false, false), (true, false, true), (false, true, false), (true, true, false)]
        {
            let b = Bylaws { running_results_visible: running, secret_ballot: secret, ..Bylaws::default() };
            assert_eq!(b.shows_running_counts(), shown, "running {running}, secret {secret}");
        }
    }

    #[test]
    fn quorum_rounds_up_and_parses_with_limits() {
        assert_eq!(Quorum::Percent(5).required(1000), 50);
        assert_eq!(Quorum::Percent(5).required(1001), 51);
        assert_eq!(Quorum::Percent(10).required(0), 0);
        assert_eq!(Quorum::Percent(100).required(7), 7);
        assert_eq!(Quorum::Absolute(30).required(5), 30);
        assert_eq!(Quorum::parse("percent", "5"), Ok(Quorum::Percent(5)));
        assert_eq!(Quorum::parse("absolute", " 40 "), Ok(Quorum::Absolute(40)));
        assert!(Quorum::parse("percent", "0").is_err());
        assert!(Quorum::parse("percent", "101").is_err());
        assert!(Quorum::parse("absolute", "0").is_err());
        assert!(Quorum::parse("absolute", "-3").is_err());
        assert!(Quorum::parse("most", "3").is_err());
        for q in [Quorum::Percent(7), Quorum::Absolute(120)] {
            let (k, v) = q.stored();
            assert_eq!(Quorum::from_stored(k, v), q);
        }
    }

    #[test]
    fn majorities_and_two_thirds_rounding() {
        assert!(Majority::Simple.reached(6, 11));
        assert!(!Majority::Simple.reached(5, 10), "a tie is not a majority");
        assert!(Majority::Simple.reached(6, 10));
        assert!(!Majority::Simple.reached(0, 0));
        // two thirds of 10 is 6.67: 7 is enough, 6 is not
        assert!(Majority::TwoThirds.reached(7, 10));
        assert!(!Majority::TwoThirds.reached(6, 10));
        // exactly two thirds is enough
        assert!(Majority::TwoThirds.reached(2, 3));
        assert!(Majority::TwoThirds.reached(20, 30));
        assert!(!Majority::TwoThirds.reached(19, 30));
        assert!(!Majority::TwoThirds.reached(0, 0));
    }

    #[test]
    fn age_is_reached_within_the_assembly_year() {
        let b = Bylaws { minimum_age: 14, ..Bylaws::default() };
        assert!(b.old_enough(Some(2012), 2026));
        assert!(!b.old_enough(Some(2013), 2026));
        assert!(!b.old_enough(None, 2026));
        assert!(Bylaws { minimum_age: 0, ..b }.old_enough(None, 2026));
        assert_eq!(Bylaws::parse_minimum_age("19"), Ok(19));
        assert!(Bylaws::parse_minimum_age("101").is_err());
        assert!(Bylaws::parse_minimum_age("x").is_err());
    }
}
