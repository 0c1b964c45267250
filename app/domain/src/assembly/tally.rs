//! The tally of one item: its ballots counted, online and on paper together.

use super::ballot::Choice;
use serde::{Deserialize, Serialize};

/// The counts of one item, online and paper together.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct Tally {
    /// Residents who took part in the item (one ballot each), abstentions included.
    pub ballots: u64,
    pub abstentions: u64,
    /// Approve/reject items.
    pub approve: u64,
    pub reject: u64,
    /// Votes per option (other kinds), in the item's option order.
    pub options: Vec<(i64, u64)>,
    /// The ballots that chose something, grouped by the set of options chosen (sorted ids): what
    /// the Method of Equal Shares needs beyond the counts.
    #[serde(default)]
    pub sets: Vec<(Vec<i64>, u64)>,
}

impl Tally {
    /// Ballots that chose something.
    pub fn valid(&self) -> u64 {
        self.ballots - self.abstentions.min(self.ballots)
    }

    /// Adds one ballot.
    pub fn add(&mut self, choice: &Choice) {
        self.ballots += 1;
        match choice {
            Choice::Approve => self.approve += 1,
            Choice::Reject => self.reject += 1,
            c if c.is_abstention() => self.abstentions += 1,
            Choice::Options(ids) => {
                for id in ids {
                    if let Some(o) = self.options.iter_mut().find(|o| o.0 == *id) {
                        o.1 += 1;
                    }
                }
                self.add_set(ids, 1);
            }
            Choice::Abstain => {}
        }
    }

    /// Counts `n` ballots that chose the set `ids` (sets only; the counts are kept by the caller).
    pub fn add_set(&mut self, ids: &[i64], n: u64) {
        let mut set = ids.to_vec();
        set.sort_unstable();
        set.dedup();
        match self.sets.iter_mut().find(|s| s.0 == set) {
            Some(s) => s.1 += n,
            None => self.sets.push((set, n)),
        }
    }

    /// Adds another tally of the same item (paper to online).
    pub fn merge(&mut self, other: &Tally) {
        self.ballots += other.ballots;
        self.abstentions += other.abstentions;
        self.approve += other.approve;
        self.reject += other.reject;
        for (id, n) in &other.options {
            match self.options.iter_mut().find(|o| o.0 == *id) {
                Some(o) => o.1 += n,
                None => self.options.push((*id, *n)),
            }
        }
        for (set, n) in &other.sets {
            self.add_set(set, *n);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tallies_add_and_merge() {
        let mut online = Tally { options: vec![(1, 0), (2, 0)], ..Tally::default() };
        online.add(&Choice::Options(vec![1]));
        online.add(&Choice::Options(vec![1, 2]));
        online.add(&Choice::Options(vec![]));
        let paper = Tally { ballots: 2, abstentions: 0, options: vec![(2, 2)], ..Tally::default() };
        online.merge(&paper);
        assert_eq!(online.ballots, 5);
        assert_eq!(online.abstentions, 1);
        assert_eq!(online.valid(), 4);
        assert_eq!(online.options, [(1, 2), (2, 3)]);
        let mut ar = Tally::default();
        for c in [Choice::Approve, Choice::Reject, Choice::Abstain, Choice::Approve] {
            ar.add(&c);
        }
        assert_eq!((ar.ballots, ar.approve, ar.reject, ar.abstentions), (4, 2, 1, 1));
    }
}
